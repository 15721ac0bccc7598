"""`coproduce intake`: take in what volunteers dropped into a shared folder, or make their template."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.commands._common import response_dir, say_problems, shown, workbench_here
from pipeline.errors import Problem, UsageError

if TYPE_CHECKING:
    from pipeline.workflow.intake.gather import Outcome

DEFAULT_TEMPLATE = "coproduce-template.docx"


@click.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--into", metavar="RESPONSE", help="The response to add to: a slug, or responses/<slug>.")
@click.option(
    "--template",
    is_flag=False,
    flag_value=DEFAULT_TEMPLATE,
    default=None,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="[PATH]",
    help=f"Write a Word template for volunteers (default {DEFAULT_TEMPLATE}) and stop.",
)
def command(folder: Path | None, into: str | None, template: Path | None) -> None:
    """Take in the .docx, .md and .txt files in FOLDER as draft contributions.

    Each file says at its top which question it answers and who wrote it, with
    lines like  Question: 3  and  Written by: Jordan; or it sits in a subfolder
    named after the contributor's id, or in a folder named after the question
    (q3/, or jordan/q3/), or its name says the question (q3 visiting.docx,
    Question 3.docx). A file that says nothing of where it goes or who wrote it
    comes in unsorted, for  coproduce assign  to file. FOLDER itself is never changed: each file
    is copied into responses/<slug>/intake/ and recorded there, so running this
    again takes in only new files.
    """
    if template is not None:
        _write_template(template)
        return
    if folder is None:
        raise UsageError(
            "give the shared folder to take files in from",
            "like  coproduce intake ~/Shared/answers",
            code="usage.no-folder",
        )
    if not folder.is_dir():
        raise UsageError(
            f"{folder} is not a folder",
            "give the shared folder the volunteers put their files in",
            code="usage.not-a-folder",
        )
    from pipeline.load.workbench import Workbench, find_root
    from pipeline.workflow.intake.run import Intake

    target = response_dir(into) if into else None
    wb = Workbench(find_root(target)) if target else workbench_here()
    for response in [target] if target else wb.response_dirs():
        _refuse_overlap(folder, response)
    outcomes = Intake(wb, target, intake_time()).run(folder)
    _report(folder, outcomes)
    if any(o.status == "refused" for o in outcomes):
        sys.exit(1)


def intake_time() -> dt.datetime:
    """When intake ran: the day of this run's settings (`make_settings`, the one caller of the clock;
    COPRODUCE_TODAY sets it), at midnight UTC (`run.started`, which the workbench's intake uses too)."""
    from pipeline.settings import make_settings
    from pipeline.workflow.intake.run import started

    return started(make_settings().today)


def _refuse_overlap(shared: Path, response: Path) -> None:
    from pipeline.workflow.starting import refuse_overlap

    refuse_overlap(shared, response, shown(response))


def _report(folder: Path, outcomes: list[Outcome]) -> None:
    """What came in and where it went, what waits unsorted and why, what was changed or left out, what was refused."""
    taken = [o for o in outcomes if o.status == "taken in"]
    unsorted = [o for o in outcomes if o.status == "unsorted"]
    already = [o for o in outcomes if o.status == "already"]
    refused = [o for o in outcomes if o.status == "refused"]
    if not outcomes:
        click.echo(f"{shown(folder)}: nothing to take in (no .docx, .md or .txt files)")
        return
    counts = [(len(taken), "taken in"), (len(unsorted), "unsorted"), (len(already), "already taken in")]
    counts.append((len(refused), "not taken in"))
    click.echo(f"Intake from {shown(folder)}: " + ", ".join(f"{n} {what}" for n, what in counts if n))
    if taken:
        click.echo(f"Taken in ({len(taken)}):")
        for o in taken:
            click.echo(f"  {o.source} → {o.became} (a draft)")
            if o.placed_by:
                click.echo(f"    {o.placed_by}")
            for note in o.notes:
                click.echo(f"    note: {note}")
    if unsorted:
        click.echo(f"Unsorted ({len(unsorted)}): taken in as drafts that no build prints until you file them:")
        for o in unsorted:
            click.echo(f"  {o.source} → {o.became}")
            click.echo(f"    why: {o.message}")
            if o.placed_by:
                click.echo(f"    known: {o.placed_by}")
            for note in o.notes:
                click.echo(f"    note: {note}")
            click.echo(f"    next: {o.fix}")
    if already:
        click.echo(f"Already taken in ({len(already)}), so left alone:")
        for o in already:
            e = o.earlier
            click.echo(f"  {o.source}: on {e.taken_in[:10]} as {e.became}" if e else f"  {o.source}")
            if o.message:
                click.echo(f"    {o.message}")
    if refused:
        click.echo(
            f"Not taken in ({len(refused)}); the shared folder and the response are unchanged for these:", err=True
        )
        say_problems([Problem(o.shown, o.line, o.message, o.fix, code=o.code) for o in refused])
        for o in refused:
            for note in o.notes:
                click.echo(f"    {o.source}, also: {note}", err=True)
    if taken:
        folders = " ".join(sorted({str(Path(o.became).parent) for o in taken}))
        click.echo(f"Next: read the new drafts, then run  coproduce check --draft {folders}")


def _write_template(path: Path) -> None:
    from pipeline.workflow.intake.template import write_template

    if path.suffix.lower() != ".docx":
        raise UsageError(f"{path} does not end in .docx", f"give a name like {DEFAULT_TEMPLATE}", code="usage.not-docx")
    if path.exists():
        raise UsageError(
            f"{path} already exists, and intake never overwrites a file",
            "give another name or path",
            code="usage.file-exists",
        )
    write_template(path, intake_time())
    click.echo(f"Wrote {shown(path)}: give it to volunteers to fill in; it explains itself.")
