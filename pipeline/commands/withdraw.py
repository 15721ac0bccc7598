"""`coproduce withdraw <id>`: record a withdrawal and list everything it takes out of the builds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pipeline import vocabulary
from pipeline.commands._common import DATE, workbench_here
from pipeline.workflow.consent import Use


@click.command()
@click.argument("pid", metavar="ID")
@click.option("--on", "on", type=DATE, help="The date they withdrew, like 16/12/2026 (default: today).")
@click.option("--dry-run", is_flag=True, help="Show what it affects without writing anything.")
def command(pid: str, on: dt.date | None, dry_run: bool) -> None:
    """Record that ID withdrew consent. Nothing is deleted: every build from that date leaves their work out."""
    from pipeline.workflow.consent import withdraw

    asked = on if on else vocabulary.today()
    result = withdraw(workbench_here().root, pid, asked, dry_run=dry_run)
    if result.already:
        note = "" if asked == result.on else f"; {asked} is not recorded"
        click.echo(f"{pid} already withdrew on {result.on}; keeping that first date{note}.")
    elif result.written:
        click.echo(f"Recorded in {result.shown}: {pid} withdrew on {result.on}.")
    else:
        click.echo(f"Dry run: would record in {result.shown} that {pid} withdrew on {result.on}. Nothing was written.")
    if result.on > vocabulary.today():
        when = f"Every build from {result.on}"
    else:
        when = "Every build since then" if result.already else "The next build"
    if result.uses:
        click.echo(f"{when} leaves out, across all responses:")
        for slug, uses in _by_response(result.uses).items():
            click.echo(f"  {slug}:")
            for use in uses:
                where = f"{Path(use.shown).name}:{use.line}" if use.line else Path(use.shown).name
                click.echo(f"    {where:<40} {_consequence(use)}")
    else:
        click.echo(f"{pid} appears in no response; nothing else changes.")
    if result.flagged:
        click.echo("Contributions left out whole (the text is theirs); if the answer is still needed,")
        click.echo("have someone write fresh text in a new contribution:")
        for f in result.flagged:
            where = f"--answers {f.contribution.meta.answers}" if f.contribution.meta.answers else "--section ..."
            click.echo(f"  {f.contribution.shown}  ->  coproduce add {f.slug} {where} --by <id>")
    click.echo("Nothing has been deleted: the files stay as they are, so the record is kept.")
    for shown in result.unreadable:
        click.echo(f"  could not read {shown}; run  coproduce check  to see why", err=True)


def _by_response(uses: list[Use]) -> dict[str, list[Use]]:
    out: dict[str, list[Use]] = {}
    for use in sorted(uses, key=lambda u: (u.slug, u.shown, u.line or 0)):
        out.setdefault(use.slug, []).append(use)
    return out


def _consequence(use: Use) -> str:
    """What the build leaves out because of this use, in the words assemble.py acts on."""
    return {
        "wrote": "the whole contribution (they wrote it)",
        "began": "the whole contribution (they began it: it holds their words)",
        "reviewed": "their name, from the reviewers' credit",
        "quoted": "their quote",
        "session": f"their time in {use.what}",
        "lead": "their credit as coordinator",
    }[use.kind]
