"""`coproduce check`: list every problem at once, for one response or all of them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.commands._common import response_dirs, say_problems, shown, user_errors
from pipeline.errors import CoproduceError


@click.command()
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path))
@click.option("--draft", is_flag=True, help="Check as for a draft: unapproved work and word limits only warn.")
@user_errors
def command(responses: tuple[Path, ...], draft: bool) -> None:
    """List every problem in RESPONSES (default: every response in the workbench).

    RESPONSES may also be files: each response a file belongs to is checked, and a
    changed contributor or template checks them all (as a pre-commit hook passes them).
    """
    from pipeline.checks import check_response

    failed = False
    folders = response_dirs(responses)
    if responses and not folders:
        click.echo("nothing to check: no response is touched by those files")
    for folder in folders:
        name = shown(folder)
        try:
            checked = check_response(folder, draft=draft)
        except CoproduceError as exc:
            click.echo(f"{name}: {len(exc.problems)} to fix", err=True)
            say_problems(exc.problems)
            failed = True
            continue
        stopping = checked.problems.blocking(draft=draft)
        notices = checked.problems.notices(draft=draft)
        failed = failed or bool(stopping)
        if stopping:
            click.echo(f"{name}: {len(stopping)} to fix", err=True)
            say_problems(stopping)
        if notices:
            click.echo(f"{name}: {len(notices)} to consider", err=True)
            say_problems(notices)
        if not stopping:
            click.echo(f"{name}: ready{' as a draft' if draft else ' to submit'}")
        for item in checked.assembly.left_out:
            click.echo(f"  left out: {item}")
    if failed:
        sys.exit(1)
