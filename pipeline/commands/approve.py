"""`coproduce approve FILE... --by ID`: record who approved each contribution, when, and what text."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands._common import workbench_here


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False), metavar="FILE...")
@click.option("--by", "by", required=True, metavar="ID", help="Who approves: the lead, or someone in signoff:.")
@click.option("--dry-run", is_flag=True, help="Show what would be recorded without writing it.")
def command(files: tuple[Path, ...], by: str, dry_run: bool) -> None:
    """Record that ID approved each FILE: who, today's date, and a fingerprint of what it prints.

    Sets  status: approved  and  approved: {by, on, text, covers}  in the front matter, keeping
    the rest of the file as it is. If the text changes afterwards, or a picture it shows, the
    question it answers, or how someone it names or quotes is credited, `check` and a final
    build say so until it is approved again. Outside git, the record also says who ran the
    command on this computer (ran_as); in git, commit it from the approver's own address.
    Only the response's lead and the people in its signoff: list may approve; if anyone
    else is named, nothing is written.
    """
    from pipeline.settings import make_settings
    from pipeline.workflow.approval import approve

    done = approve(workbench_here().root, list(files), by, make_settings().today, dry_run=dry_run)
    for a in done:
        if a.already:
            click.echo(f"{a.shown}: already approved by {a.before.by} on {a.before.on}; nothing to change.")
            continue
        was = {
            "no-record": " (before, status: approved had no record of who approved it)",
            "changed": f" (it had changed since {a.before.by} approved it on {a.before.on})",
            "beside": f" (what it prints beside its text had changed since {a.before.by} approved it)",
            "not-approver": f" (before, it was approved by {a.before.by}, who may not approve)",
        }.get(a.before.state, "")
        done_or_not = "Dry run, would record" if dry_run else "Recorded"
        click.echo(f"{done_or_not}: {a.shown} approved by {a.by} on {a.on}{was}.")
        if a.ran_as:
            click.echo(f"  The record also says who ran this on this computer: {a.ran_as}.")
    if dry_run:
        click.echo("Nothing was written.")
