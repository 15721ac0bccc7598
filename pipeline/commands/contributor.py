"""`coproduce contributor add [ID]`: a person's file, with their consent asked in plain words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline import vocabulary
from pipeline.commands._common import DATE, shown, workbench_here
from pipeline.errors import UsageError

if TYPE_CHECKING:
    from pipeline.load.workbench import Workbench

# the questions are read out to the person, so they speak to them and use no field names
CREDIT_QUESTION = (
    "How would you like to be credited?\n"
    "  1) your name\n  2) your initials\n  3) a name you choose\n  4) your role only\n  5) not at all\n"
    "Choose"
)
CREDIT_CHOICES = {"1": "name", "2": "initials", "3": "pseudonym", "4": "role", "5": "anonymous"}
QUOTES_QUESTION = (
    "May we use your words as a quote?\n  1) no\n  2) yes, without your name\n  3) yes, credited as you chose\nChoose"
)
QUOTES_CHOICES = {"1": "no", "2": "anonymous", "3": "attributed"}
CONSENT_QUESTION = (
    "Do you agree to take part on these terms, knowing you can withdraw at any time?\n"
    "(If not, nothing is recorded: you will not be named or quoted.)"
)


@click.group()
def command() -> None:
    """Add people to the workbench."""


@command.command("add")
@click.argument("pid", metavar="[ID]", required=False)
@click.option("--name", help="Their name (private unless they choose to be credited by name).")
@click.option("--credit", type=click.Choice(list(CREDIT_CHOICES.values())), help="How they chose to be credited.")
@click.option("--pseudonym", help="The name they chose (with --credit pseudonym).")
@click.option("--role", help="The role to credit, like Peer Volunteer (with --credit role).")
@click.option(
    "--quotes",
    type=click.Choice(list(QUOTES_CHOICES.values())),
    help="May their words be quoted: no, anonymous (without a name) or attributed (credited as they chose).",
)
@click.option("--lived-experience/--no-lived-experience", default=None, help="Whether they have lived experience.")
@click.option("--email", "emails", multiple=True, help="An e-mail address (repeat for more). Kept private.")
@click.option("--agreed", is_flag=True, help="They agreed today: record today as the consent date.")
@click.option("--consent-date", type=DATE, help="They agreed on this date, like 12/01/2026 or 12 January 2026.")
def add(
    pid: str | None,
    name: str | None,
    credit: str | None,
    pseudonym: str | None,
    role: str | None,
    quotes: str | None,
    lived_experience: bool | None,
    emails: tuple[str, ...],
    agreed: bool,
    consent_date: dt.date | None,
) -> None:
    """Write contributors/ID.yaml for a new person, asking how they want to be credited and quoted."""
    from pipeline.workflow import scaffold

    wb = workbench_here()
    if pid is not None:
        _new_id(wb.root, pid)
    recorded = consent_date if consent_date else (vocabulary.today() if agreed else None)
    if recorded and recorded > vocabulary.today():
        raise UsageError(
            f"{recorded} has not come yet", "record consent on or after the day it was given", code="usage.future-date"
        )
    missing = [opt for opt, value in (("--name", name), ("--credit", credit), ("--quotes", quotes)) if not value]
    if lived_experience is None:
        missing.append("--lived-experience or --no-lived-experience")
    asking = bool(missing)
    if asking and not scaffold.can_ask():
        raise UsageError(
            f"missing {', '.join(missing)}",
            "give them as options, or run this in a terminal to be asked",
            code="usage.missing-options",
        )
    if not name:
        name = click.prompt("Your name (kept private unless you choose to be credited by name)").strip()
    if pid is None:
        suggested = scaffold.suggest_id(name)
        pid = click.prompt("A short id for the files", default=suggested or None) if asking else suggested
        _new_id(wb.root, pid)
    if not credit:
        credit = CREDIT_CHOICES[click.prompt(CREDIT_QUESTION, type=click.Choice(list(CREDIT_CHOICES)))]
    if credit == "pseudonym" and not pseudonym:
        if not asking:
            raise UsageError(
                "--credit pseudonym needs the name they chose", "add  --pseudonym NAME", code="usage.needs-pseudonym"
            )
        pseudonym = click.prompt("The name you choose").strip()
    if credit == "role" and not role:
        if not asking:
            raise UsageError(
                "--credit role needs the role to print", 'add  --role "Peer Volunteer"', code="usage.needs-role"
            )
        role = click.prompt("Your role, as it should be printed (like Peer Volunteer)").strip()
    if pseudonym:
        _not_a_real_name(wb, pid, name, pseudonym)
    if not quotes:
        quotes = QUOTES_CHOICES[click.prompt(QUOTES_QUESTION, type=click.Choice(list(QUOTES_CHOICES)))]
    if lived_experience is None:
        lived_experience = click.confirm("Do you have lived experience of the issues in this response?")
    if asking and not emails:
        email = click.prompt("An e-mail address to reach you (Enter to skip)", default="", show_default=False)
        emails = (email.strip(),) if email.strip() else ()
    if asking and recorded is None and click.confirm(CONSENT_QUESTION):
        recorded = vocabulary.today()
    path = scaffold.write_contributor(
        wb.root,
        pid,
        scaffold.NewContributor(name, credit, quotes, lived_experience, pseudonym, role, emails, recorded),
    )
    click.echo(f"Wrote {shown(path)}")
    if recorded:
        click.echo(f"Consent recorded on {recorded}.")
    else:
        click.echo(
            "Consent is not recorded: they will not be named or quoted. "
            f"When they agree, run  coproduce reconsent --confirm {pid}"
        )


def _new_id(root: Path, pid: str) -> None:
    """Refuse a bad or taken id before any question is asked."""
    from pipeline.workflow import scaffold

    scaffold.check_person_id(pid)
    if any((root / "contributors").glob(f"{pid}.y*ml")):
        raise UsageError(
            f"contributors/{pid}.yaml already exists",
            "choose another id, or edit that file",
            code="usage.contributor-exists",
        )


def _not_a_real_name(wb: Workbench, pid: str, name: str, pseudonym: str) -> None:
    """Refuse a pseudonym that is a real name of anyone in the workbench, theirs included (as `check` does)."""
    from pipeline.errors import Problems
    from pipeline.load.workbench import load_contributors
    from pipeline.privacy.identity import pseudonym_clash

    load_contributors(wb, Problems())  # a file that does not load is left out here; check reports it
    real = pseudonym_clash(pseudonym, pid, name, {p: c.data for p, c in wb.contributors.items()})
    if real is not None:
        whose = "their own name" if real.person == pid else f"{real.what} of contributor '{real.person}'"
        raise UsageError(
            f"the pseudonym is a real name: {whose}",
            "choose a pseudonym that is nobody's name"
            + ("; to be credited by their own name, give  --credit name" if real.person == pid else ""),
            code="usage.pseudonym-is-a-name",
        )
