"""`coproduce check`: list every problem at once, for one response or all of them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from pipeline.commands._common import response_dirs, say_problems, shown
from pipeline.errors import CoproduceError, Problem, UsageError


@click.command()
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path))
@click.option("--draft", is_flag=True, help="Check as for a draft: unapproved work and word limits only warn.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: for tools, one JSON object per finding, one per line (JSON Lines), on standard output.",
)
def command(responses: tuple[Path, ...], draft: bool, output: str) -> None:
    """List every problem in RESPONSES (default: every response in the workbench).

    RESPONSES may also be files: each response a file belongs to is checked, and a
    changed contributor or template checks them all (as a pre-commit hook passes them).
    """
    from pipeline.build import check
    from pipeline.settings import make_settings

    settings = make_settings(draft=draft)
    as_json = output == "json"
    failed = False
    folders = response_dirs(responses)
    if responses and not folders and not as_json:
        click.echo("nothing to check: no response is touched by those files")
    for folder in folders:
        name = shown(folder)
        try:
            checked = check(folder, settings)
        except UsageError:
            raise  # the command was used wrongly (a bad COPRODUCE_TODAY, say): not a problem of one response
        except CoproduceError as exc:
            failed = True
            if as_json:
                _json_lines(exc.problems, name, draft)
                continue
            stops = sum(1 for p in exc.problems if p.severity != "warning")
            more = len(exc.problems) - stops  # warnings found in the same run
            click.echo(f"{name}: {stops} to fix" + (f", {more} to consider" if more else ""), err=True)
            say_problems(exc.problems)
            continue
        stopping = checked.problems.blocking(draft=draft)
        notices = checked.problems.notices(draft=draft)
        failed = failed or bool(stopping)
        if as_json:
            _json_lines([*stopping, *notices], name, draft)
            continue
        if stopping:
            click.echo(f"{name}: {len(stopping)} to fix", err=True)
            say_problems(stopping)
        if notices:
            click.echo(f"{name}: {len(notices)} to consider", err=True)
            say_problems(notices)
        empty = [p.subject for p in notices if p.code == "answer.missing"]
        if not stopping and empty and not draft:  # never "ready to submit" with a question left empty
            it = "it" if len(empty) == 1 else "them"
            click.echo(
                f"{name}: {', '.join(empty)} still {'has' if len(empty) == 1 else 'have'} no answer; before you"
                f" submit, answer {it} or mark {it}  unanswered: true  in response.yaml"
            )
        elif not stopping:
            click.echo(f"{name}: ready{' as a draft' if draft else ' to submit'}")
        for item in checked.assembly.left_out:
            click.echo(f"  left out: {item}")
    if failed:
        sys.exit(1)


def _json_lines(problems: Iterable[Problem], response: str, draft: bool) -> None:
    for p in problems:
        click.echo(json.dumps(finding(p, response, draft), ensure_ascii=False))


def finding(p: Problem, response: str, draft: bool) -> dict[str, Any]:
    """One finding for tools: a "final" problem is an error in a final check and a warning in a --draft one."""
    stops = p.severity == "error" or (p.severity == "final" and not draft)
    return {
        "file": p.path,
        "line": p.line or None,
        "column": p.column or None,
        "end_column": p.end_column,
        "code": p.code,
        "severity": "error" if stops else "warning",
        "message": p.message,
        "fix": p.fix,
        "response": response,
    }
