"""`coproduce session add|pay RESPONSE`: record a session people gave their time to, and what they were paid."""

from __future__ import annotations

import click

from pipeline.commands._common import response_dir, workbench_here


@click.group()
def command() -> None:
    """Record sessions and payments in a response's involvement: list."""


@command.command("add")
@click.argument("response")
@click.option("--date", "day", required=True, help="The day it was held, like 16/12/2026.")
@click.option("--activity", required=True, help="What it was, like Workshop on what helps in a crisis.")
@click.option("--hours", required=True, help="How long it lasted, like 2.5.")
@click.option("--rate", default="", help="Payment per hour, like 15 or 12.50 (leave out if not paid).")
@click.option("--person", "people", multiple=True, metavar="ID", help="Someone who came (repeat for each).")
def add(response: str, day: str, activity: str, hours: str, rate: str, people: tuple[str, ...]) -> None:
    """Add a session at the end of RESPONSE's involvement:, as the workbench's sessions page does."""
    from pipeline.settings import make_settings
    from pipeline.workflow.consent import load_all
    from pipeline.workflow.people import raise_asked
    from pipeline.workflow.sessions import read_session, record_session, response_of

    root = workbench_here().root
    slug = response_dir(response).name
    found = response_of(root, slug)
    known = {pid: p.data.consent.withdrawn for pid, p in load_all(root).wb.contributors.items()}
    typed = {"date": day, "activity": activity, "hours": hours, "rate": rate}
    new, problems = read_session(found, known, typed, list(people), make_settings().today)
    raise_asked(problems)
    assert new is not None  # no problems: a session
    shown = record_session(root, slug, new)
    click.echo(f"Recorded in {shown}: {new.activity} on {new.date}, {len(new.people)} people.")


@command.command("pay")
@click.argument("response")
@click.argument("number", type=click.IntRange(min=1))
@click.argument("pid", metavar="ID")
@click.option("--paid/--not-paid", default=False, help="They have been paid for this session.")
@click.option("--declined/--not-declined", default=False, help="They chose not to be paid for this session.")
@click.option("--expenses", default="", help="What they spent to take part, like 12.40.")
def pay(response: str, number: int, pid: str, paid: bool, declined: bool, expenses: str) -> None:
    """Record what ID was paid at session NUMBER (1 is the first in involvement:), as the payments page does."""
    from pipeline.workflow.people import raise_asked
    from pipeline.workflow.sessions import Payment, payment_problems, set_payment

    amount, problems = payment_problems(expenses)
    raise_asked(problems)
    slug = response_dir(response).name
    shown = set_payment(workbench_here().root, slug, number - 1, pid, Payment(paid, declined, amount))
    click.echo(f"Recorded in {shown}: {pid} at session {number}.")
