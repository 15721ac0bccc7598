"""The command line. It only parses arguments, calls the library and prints.

User errors arrive as `CoproduceError` and become a message and an exit status
(1 for problems in the content, 2 for usage); no traceback is ever shown for
them. Heavy modules are imported inside the command that needs them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import CoproduceError, Problem

F = TypeVar("F", bound=Callable[..., Any])


def say_problems(problems: Iterable[Problem], err: bool = True) -> None:
    for p in problems:
        click.echo(f"  {p}", err=err)


def user_errors(fn: F) -> F:
    """Turn a CoproduceError into its message and exit status."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CoproduceError as exc:
            if exc.problems:
                n = len(exc.problems)
                click.echo(f"{n} {'problem' if n == 1 else 'problems'} to fix:", err=True)
                say_problems(exc.problems)
            if exc.summary:
                click.echo(exc.summary[0].upper() + exc.summary[1:] + ".", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            click.echo(f"could not read or write {exc.filename or 'a file'}: {exc.strerror}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coproduce")
def cli() -> None:
    """Co-produce consultation responses with people with lived experience.

    A workbench is a folder holding contributors/ (one YAML file per person) and
    responses/ (one folder per response). Run commands anywhere inside it.
    """


def _response_dirs(responses: tuple[Path, ...]) -> list[Path]:
    from .workbench import Workbench, find_root

    if responses:
        return list(responses)
    wb = Workbench(find_root(Path.cwd()))
    found = wb.response_dirs()
    if not found:
        from .errors import UsageError

        raise UsageError("this workbench has no responses yet", "create one with a folder responses/<slug>/ holding response.yaml")
    return found


@cli.command()
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("--draft", is_flag=True, help="Check as for a draft: unapproved work and word limits only warn.")
@user_errors
def check(responses: tuple[Path, ...], draft: bool) -> None:
    """List every problem in RESPONSES (default: every response in the workbench)."""
    from .build import check_response

    failed = False
    for folder in _response_dirs(responses):
        try:
            checked = check_response(folder, draft=draft)
        except CoproduceError as exc:
            click.echo(f"{folder}: {len(exc.problems)} to fix", err=True)
            say_problems(exc.problems)
            failed = True
            continue
        stopping = checked.problems.blocking(draft=draft)
        notices = checked.problems.notices(draft=draft)
        failed = failed or bool(stopping)
        if stopping:
            click.echo(f"{folder}: {len(stopping)} to fix", err=True)
            say_problems(stopping)
        if notices:
            click.echo(f"{folder}: {len(notices)} to consider", err=True)
            say_problems(notices)
        if not stopping:
            click.echo(f"{folder}: ready{' as a draft' if draft else ' to submit'}")
        for item in checked.assembly.left_out:
            click.echo(f"  left out: {item}")
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("response", type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), help="Folder for the outputs (default build/<slug>).")
@click.option("--format", "formats", default="pdf,docx,html,txt", show_default=True, help="Which outputs, comma-separated.")
@click.option("--draft", is_flag=True, help="Build even with unapproved work or failed final checks; marks every page DRAFT.")
@user_errors
def build(response: Path, out: Path | None, formats: str, draft: bool) -> None:
    """Build the submission of RESPONSE: PDF, DOCX, HTML and answers as text."""
    from .build import build as run_build
    from .build import parse_formats

    result = run_build(response, out, parse_formats(formats), draft=draft)
    if result.left_out:
        click.echo("Left out of this build:")
        for item in result.left_out:
            click.echo(f"  {item}")
    if result.warnings:
        click.echo(f"{len(result.warnings)} to consider:", err=True)
        say_problems(result.warnings)
    click.echo("Built:" if not draft else "Built a DRAFT:")
    for path in result.written:
        click.echo(f"  {path}")


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
