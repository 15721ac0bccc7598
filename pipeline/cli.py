"""The command line: a group that finds its commands in `pipeline/commands/`.

Each module there defines one click command named `command` (its name is the
module's, with _ as -). This module wires them up and is the one error boundary:
a user error (bad content, a command used wrongly, a file that cannot be read or
written) becomes its message and exit status here, for every command; tracebacks
are kept for bugs, never for bad input.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import importlib
import os
import pkgutil
import sys
import threading
from pathlib import Path
from typing import NoReturn, cast

import click

from pipeline import __version__, commands
from pipeline.commands._common import say_problems
from pipeline.errors import CoproduceError, UsageError
from pipeline.settings import tune_collector
from pipeline.vocabulary import TODAY_VARIABLE, clock_override


class Commands(click.Group):
    """Lists the command modules without importing them; imports one only when it runs.

    `invoke` turns a user error from any command into its message and exit status:
    1 for content, 2 for usage (`CoproduceError.exit_code`).
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            say_clock()
            return super().invoke(ctx)
        except CoproduceError as exc:
            if exc.problems:
                n = sum(1 for p in exc.problems if p.severity != "warning")
                more = len(exc.problems) - n  # warnings found in the same run, shown with them
                also = f" (and {more} {'warning' if more == 1 else 'warnings'})" if more else ""
                click.echo(f"{n} {'problem' if n == 1 else 'problems'} to fix{also}:", err=True)
                say_problems(exc.problems)
            if exc.summary:
                click.echo(exc.summary[0].upper() + exc.summary[1:] + ".", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)  # the reader (say, `| head`) has all it wanted
        except OSError as exc:
            click.echo(f"could not read or write {exc.filename or 'a file'}: {exc.strerror}", err=True)
            sys.exit(1)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(
            info.name.replace("_", "-")
            for info in pkgutil.iter_modules(commands.__path__)
            if not info.name.startswith("_")
        )

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's listing, with each summary read from its module's source: `--help` imports no command."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            cmd = _listed(name) or self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.list_commands(ctx):
            return None
        module = importlib.import_module(f"{commands.__name__}.{name.replace('-', '_')}")
        cmd: click.Command = module.command
        cmd.name = name
        return cmd


def say_clock() -> None:
    """Every command passes here: a clock set to another day (COPRODUCE_TODAY) is always said, so a
    look back is never mistaken for today. A date that is not one is left for the command to refuse."""
    try:
        override = clock_override()
    except UsageError:
        return
    if override is not None:
        told, real = override
        click.echo(
            f"Using {TODAY_VARIABLE}={told.isoformat()} (the computer's date is {real.isoformat()});"
            " withdrawals dated up to the computer's date are in force all the same.",
            err=True,
        )


_MAKERS = ("command", "group")  # click.command(), click.group()
_NO_HELP = ("argument", "option", "pass_context", "pass_obj")  # click decorators that leave the summary alone


def _called(decorator: ast.expr) -> str:
    """The click function a decorator calls ("option" for @click.option(...)), else ""."""
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    named = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "click"
    return cast(ast.Attribute, func).attr if named else ""


def _listed(name: str) -> click.Command | None:
    """A stand-in carrying the help of command `name`, read from its source without importing it.

    Only for the plain form, `@click.command()` or `@click.group()` over a `def command` with a
    docstring; None for anything else, which is then imported.
    """
    path = Path(next(iter(commands.__path__))) / f"{name.replace('-', '_')}.py"
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "command":
            makers = [d for d in node.decorator_list if _called(d) in _MAKERS]
            others = [d for d in node.decorator_list if _called(d) in _NO_HELP]
            plain = len(makers) == 1 and isinstance(makers[0], ast.Call) and not makers[0].args
            plain = plain and not cast(ast.Call, makers[0]).keywords
            doc = ast.get_docstring(node, clean=False)
            if plain and doc and len(makers) + len(others) == len(node.decorator_list):
                return click.Command(name, help=doc)
    return None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coproduce")
def cli() -> None:
    """Co-produce consultation responses with people with lived experience.

    A workbench is a folder holding contributors/ (one YAML file per person) and
    responses/ (one folder per response). Run commands anywhere inside it.
    """


def main() -> NoReturn:
    tune_collector()  # settings.COLLECTOR says why
    try:
        cli(standalone_mode=True)
    except SystemExit as exc:  # click ends every run so, with the command's status
        leave(exc.code)
    except KeyboardInterrupt:
        click.echo("stopped; nothing was half-written", err=True)
        leave(130)
    except Exception as exc:  # a bug, not bad input: say so plainly
        if os.environ.get("COPRODUCE_DEBUG"):
            raise
        click.echo(f"coproduce hit an internal error ({type(exc).__name__}: {exc}).", err=True)
        click.echo("Please report it; run again with COPRODUCE_DEBUG=1 to see the details.", err=True)
        leave(3)
    leave(0)


def leave(code: object) -> NoReturn:
    """End the process as `sys.exit(code)` does, without taking the interpreter apart afterwards.

    Every exit handler still runs (multiprocessing's, which stops the PDF's processes; tempfile's; logging's)
    and the output is flushed; what is skipped is freeing, one by one, every object of every module, which
    cost 40 to 60 ms of CPU after each command (pydantic's validators are most of it): a sixth of a `check` at
    40 contributions (issue 23). Nothing is lost by it: every file is written whole and closed before its
    command returns (render/write.py). While another thread is still at work, the usual exit, which waits."""
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)  # type: ignore[arg-type]  # (sys.exit takes any object, as SystemExit carries it)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): Python prints it and ends with 1
        click.echo(str(code), err=True)
        status = 1
    atexit._run_exitfuncs()  # noqa: SLF001 - what Python's own exit runs first
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a closed pipe (`| head`), no stream
            stream.flush()
    os._exit(status & 0xFF)  # as the system keeps of any status: -1 is 255


if __name__ == "__main__":
    main()
