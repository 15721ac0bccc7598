"""`coproduce withdraw <id>`: record a withdrawal and list everything it takes out of the builds."""

from __future__ import annotations

import datetime as dt

import click

from pipeline.commands._common import DATE, workbench_here


@click.command()
@click.argument("pid", metavar="ID")
@click.option("--on", "on", type=DATE, help="The date they withdrew, like 16/12/2026 (default: today).")
@click.option("--dry-run", is_flag=True, help="Show what it affects without writing anything.")
def command(pid: str, on: dt.date | None, dry_run: bool) -> None:
    """Record that ID withdrew consent. Nothing is deleted: every build from that date leaves their work out."""
    from pipeline.settings import make_settings
    from pipeline.workflow import withdrawal
    from pipeline.workflow.consent_withdraw import withdraw

    today = make_settings().today
    asked = on if on else today
    result = withdraw(workbench_here().root, pid, asked, dry_run=dry_run)
    if result.already:
        note = "" if asked == result.on else f"; {asked} is not recorded"
        click.echo(f"{pid} already withdrew on {result.on}; keeping that first date{note}.")
    elif result.written:
        click.echo(f"Recorded in {result.shown}: {pid} withdrew on {result.on}.")
    else:
        click.echo(f"Dry run: would record in {result.shown} that {pid} withdrew on {result.on}. Nothing was written.")
    when = withdrawal.when(result, today)
    if result.uses:
        click.echo(f"{when} leaves out, across all responses:")
        for slug, lines in withdrawal.by_response(result.uses).items():
            click.echo(f"  {slug}:")
            for line in lines:
                click.echo(f"    {line.where:<40} {line.what}")
    else:
        click.echo(f"{pid} appears in no response; nothing else changes.")
    if result.flagged:
        click.echo("Contributions left out whole (the text is theirs); if the answer is still needed,")
        click.echo("have someone write fresh text in a new contribution:")
        for f in result.flagged:
            click.echo(f"  {f.contribution.shown}  ->  {withdrawal.fresh_text_command(f)}")
    click.echo("Nothing has been deleted: the files stay as they are, so the record is kept.")
    for shown in result.unreadable:
        click.echo(f"  could not read {shown}; run  coproduce check  to see why", err=True)
