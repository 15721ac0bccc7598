"""`coproduce intake`: take in what volunteers dropped into a shared folder, or make their template."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from shlex import quote
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
    metavar="[RESPONSE|PATH]",
    help="Write a Word template for volunteers and stop: give a response (its slug) for one listing its "
    f"questions, written to --out or <slug>-template.docx here; or a .docx name for the general one "
    f"(default {DEFAULT_TEMPLATE}).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Where a response's template goes: a .docx name, or a folder (never build/ or where people's work is).",
)
@click.option(
    "--separate",
    metavar="FILE",
    help="Make a file intake took in as a new version of a contribution a contribution of its own (with --into).",
)
@click.option(
    "--revision",
    metavar="FILE",
    help="Make a file intake took in as a second answer a new version of the earlier answer (with --into).",
)
def command(
    folder: Path | None,
    into: str | None,
    template: str | None,
    out: Path | None,
    separate: str | None,
    revision: str | None,
) -> None:
    """Take in the .docx, .md and .txt files in FOLDER as draft contributions.

    Each file says at its top which question it answers and who wrote it, with
    lines like  Question: 3  and  Written by: Jordan; or it sits in a subfolder
    named after the contributor's id, or in a folder named after the question
    (q3/, or jordan/q3/), or its name says the question (q3 visiting.docx,
    Question 3.docx). A file that says nothing of where it goes or who wrote it
    comes in unsorted, for  coproduce assign  to file. FOLDER itself is never changed: each file
    is copied into responses/<slug>/intake/ and recorded there, so running this
    again takes in only new files.

    A new version of a file taken in before (the same writer and question, and a
    name that says so, like "v2" or "final", or mostly the same words) replaces
    the text of the contribution it came from; the report says which it decided,
    and  --separate  or  --revision  changes that.
    """
    if template is not None:
        if template.lower().endswith((".docx", ".doc", ".odt")) or template == DEFAULT_TEMPLATE:
            _write_template(Path(template))
        else:
            _write_response_template(template, out)
        return
    if separate or revision:
        _change_decision(into, separate, revision)
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
            what = "a new version of it, its text replaced" if o.revision_of else "a draft"
            click.echo(f"  {o.source} → {o.became} ({what})")
            if o.placed_by:
                click.echo(f"    {o.placed_by}")
            if o.decided:
                click.echo(f"    decided: {o.decided}")
            if o.change:
                slug = Path(o.became).parent.name
                other = "a contribution of its own" if o.change == "separate" else "a new version of that one"
                click.echo(
                    f"    to make it {other}, run  coproduce intake --into {slug} --{o.change} {quote(o.source)}"
                )
            for change in o.changes:
                click.echo(f"    changed: {change}")
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


def _change_decision(into: str | None, separate: str | None, revision: str | None) -> None:
    """A new version made a contribution of its own, or a second answer made a new version of the earlier one."""
    from pipeline.load.workbench import Workbench, find_root
    from pipeline.workflow.editing import loaded
    from pipeline.workflow.intake import revising
    from pipeline.workflow.intake.record import load_record

    if into is None or (separate and revision):
        raise UsageError(
            "say which response, and one of --separate or --revision",
            "like  coproduce intake --into <slug> --separate 'ada/q3 answer v2.docx'",
            code="usage.intake-which-response",
        )
    folder = response_dir(into)
    wb = Workbench(find_root(folder))
    record = load_record(folder, wb.shown(folder / "intake" / "record.yaml"))
    if separate:
        questions = [q.id for q in loaded(wb, folder).data.questions]
        was, now = revising.separate(folder, record, separate, wb.shown(folder), questions)
        click.echo(f"{separate} is now a contribution of its own: {wb.shown(folder / now)}")
        click.echo(f"{wb.shown(folder / was)} has its earlier text back.")
    elif revision:
        now = revising.join(folder, record, revision, wb.shown(folder))
        click.echo(f"{revision} is now a new version of {wb.shown(folder / now)}: its text replaced the earlier one.")
        click.echo("The earlier text is kept in intake/revisions/; any approval of it no longer holds.")


def _write_response_template(into: str, out: Path | None) -> None:
    """The template of one response: its questions, each with its limit and a place to write."""
    from pipeline.load.workbench import Workbench, find_root
    from pipeline.render.out_folder import refuse_private_destination
    from pipeline.workflow.editing import loaded
    from pipeline.workflow.intake.template import write_response_template

    folder = response_dir(into)
    wb = Workbench(find_root(folder))
    response = loaded(wb, folder)
    path = out if out is not None else Path(f"{response.slug}-template.docx")
    if path.is_dir():
        path = path / f"{response.slug}-template.docx"
    if path.suffix.lower() != ".docx":
        raise UsageError(
            f"{path} does not end in .docx", f"give a name like {response.slug}-template.docx", code="usage.not-docx"
        )
    refuse_private_destination(
        path,
        wb.root,
        why="a template for volunteers is not part of any response or submission",
        example=f"--out ~/Documents/{response.slug}-template.docx",
        code="usage.template-out",
    )
    if path.exists():
        raise UsageError(
            f"{path} already exists, and intake never overwrites a file",
            "give another name or path with --out",
            code="usage.file-exists",
        )
    write_response_template(path, response, intake_time())
    n = sum(1 for q in response.data.questions if not q.left_unanswered)
    click.echo(f"Wrote {shown(path)}: the {n} questions of {response.slug}, each with its limit and a place to write.")
    click.echo("A volunteer answers as many as they like; intake takes each answer in under its question.")
