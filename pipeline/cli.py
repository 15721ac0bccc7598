"""The command line: a group that finds its commands in `pipeline/commands/`.

Each module there defines one click command named `command` (its name is the
module's, with _ as -). This module wires them up and is the one error boundary:
a user error (bad content, a command used wrongly, a file that cannot be read or
written) becomes its message and exit status here, for every command; tracebacks
are kept for bugs, never for bad input.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import click

from pipeline import __version__, commands
from pipeline.commands._common import say_problems
from pipeline.errors import CoproduceError


class Commands(click.Group):
    """Lists the command modules without importing them; imports one only when it runs.

    `invoke` turns a user error from any command into its message and exit status:
    1 for content, 2 for usage (`CoproduceError.exit_code`).
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except CoproduceError as exc:
            if exc.problems:
                n = len(exc.problems)
                click.echo(f"{n} {'problem' if n == 1 else 'problems'} to fix:", err=True)
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

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.list_commands(ctx):
            return None
        module = importlib.import_module(f"{commands.__name__}.{name.replace('-', '_')}")
        cmd: click.Command = module.command
        cmd.name = name
        return cmd


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coproduce")
def cli() -> None:
    """Co-produce consultation responses with people with lived experience.

    A workbench is a folder holding contributors/ (one YAML file per person) and
    responses/ (one folder per response). Run commands anywhere inside it.
    """


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("stopped; nothing was half-written", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so plainly
        if os.environ.get("COPRODUCE_DEBUG"):
            raise
        click.echo(f"coproduce hit an internal error ({type(exc).__name__}: {exc}).", err=True)
        click.echo("Please report it; run again with COPRODUCE_DEBUG=1 to see the details.", err=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
