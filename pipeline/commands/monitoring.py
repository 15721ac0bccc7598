"""`coproduce monitoring [SLUG]...`: who took part, by equality-monitoring answer, safe for small numbers;
`--record ID --answer QUESTION=ANSWER`: keep one person's answers, each with the day they agreed to give it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pipeline.commands._common import DATE, workbench_here


@click.command()
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option("--from", "start", type=DATE, help="Count people at sessions on or after this date, like 1/4/2026.")
@click.option("--to", "end", type=DATE, help="Count up to this date (default: today).")
@click.option("--record", "pid", metavar="ID", help="Record ID's answers (with --answer) instead of counting.")
@click.option(
    "--answer",
    "answers",
    multiple=True,
    metavar="QUESTION=ANSWER",
    help="With --record: an answer they agreed to give, like ethnicity=White (repeatable); QUESTION= takes it out.",
)
@click.option("--agreed-on", "agreed_on", type=DATE, help="With --record: the day they agreed (default: today).")
def command(
    slugs: tuple[str, ...],
    start: dt.date | None,
    end: dt.date | None,
    pid: str | None,
    answers: tuple[str, ...],
    agreed_on: dt.date | None,
) -> None:
    """Count who took part in SLUG (default: every response) by their equality-monitoring answers.

    Answers are kept apart in monitoring/<id>.yaml, each with the date the person agreed to give it.
    The report counts one question at a time, shows every count under 5 as "fewer than 5", and never
    names anyone or prints an id.
    """
    from pipeline.settings import make_settings
    from pipeline.workflow.monitoring import report

    root = workbench_here().root
    if pid is not None or answers or agreed_on is not None:
        _record(root, pid, answers, agreed_on, slugs)
        return
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


def _record(
    root: Path, pid: str | None, answers: tuple[str, ...], agreed_on: dt.date | None, slugs: tuple[str, ...]
) -> None:
    """Each --answer is one they agreed to give: the same function the browser's form calls."""
    from pipeline.errors import UsageError
    from pipeline.settings import make_settings
    from pipeline.workflow.monitoring import record

    example = "like  coproduce monitoring --record jordan --answer ethnicity=White --agreed-on 2/3/2026"
    if pid is None or not answers or slugs:
        raise UsageError("--record ID goes with --answer QUESTION=ANSWER, and no response", example,
                         code="usage.monitoring-record")  # fmt: skip
    chosen: dict[str, str] = {}
    for given in answers:
        qid, sep, answer = given.partition("=")
        if not sep:
            raise UsageError(f"--answer '{given}' has no =", example, code="usage.monitoring-record")
        chosen[qid.strip()] = answer.strip()
    today = make_settings().today
    shown, kept = record(root, pid, chosen, {q for q, a in chosen.items() if a}, agreed_on or today, today)
    click.echo(f"Recorded in {shown}: {kept} {'answer' if kept == 1 else 'answers'}, kept apart from {pid}'s record.")
