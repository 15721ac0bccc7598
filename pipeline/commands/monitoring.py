"""`coproduce monitoring [SLUG]...`: who took part, by equality-monitoring answer, safe for small numbers."""

from __future__ import annotations

import datetime as dt

import click

from pipeline.commands._common import DATE, workbench_here


@click.command()
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option("--from", "start", type=DATE, help="Count people at sessions on or after this date, like 1/4/2026.")
@click.option("--to", "end", type=DATE, help="Count up to this date (default: today).")
def command(slugs: tuple[str, ...], start: dt.date | None, end: dt.date | None) -> None:
    """Count who took part in SLUG (default: every response) by their equality-monitoring answers.

    Answers are kept apart in monitoring/<id>.yaml, each with the date the person agreed to give it.
    The report counts one question at a time, shows every count under 5 as "fewer than 5", and never
    names anyone or prints an id.
    """
    from pipeline.settings import make_settings
    from pipeline.workflow.monitoring import report

    root = workbench_here().root
    end = end or make_settings().today
    made = report(root, list(slugs), start, end)
    scope = ", ".join(slugs) if slugs else "every response"
    when = f"from {start} " if start else ""
    click.echo(f"Equality monitoring for {scope}, {when}up to {end}")
    if made.too_few:
        click.echo("Fewer than 5 people took part: nothing is reported, so that no one can be picked out.")
        return
    click.echo(f"People who took part: {made.people}")
    for question, rows in made.questions:
        click.echo("")
        click.echo(question.text)
        for row in rows:
            click.echo(f"  {row.answer}: {row.shown}")
