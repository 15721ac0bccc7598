"""`coproduce contributor add [ID]`: a person's file, with their consent asked in plain words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pipeline.commands._common import DATE, shown, workbench_here
from pipeline.errors import UsageError
from pipeline.workflow.people import (
    CONSENT_QUESTION,
    CREDIT_OPTIONS,
    QUESTIONS,
    QUOTES_OPTIONS,
    consent_problems,
    id_problems,
    raise_asked,
)

CREDIT_CHOICES = {str(n): key for n, key in enumerate(CREDIT_OPTIONS, 1)}
QUOTES_CHOICES = {str(n): key for n, key in enumerate(QUOTES_OPTIONS, 1)}
# the questions are read out to the person, so they speak to them and use no field names
CREDIT_QUESTION = (
    f"{QUESTIONS['credit']}\n" + "".join(f"  {n}) {CREDIT_OPTIONS[k]}\n" for n, k in CREDIT_CHOICES.items()) + "Choose"
)
QUOTES_QUESTION = (
    f"{QUESTIONS['quotes']}\n" + "".join(f"  {n}) {QUOTES_OPTIONS[k]}\n" for n, k in QUOTES_CHOICES.items()) + "Choose"
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
@click.option(
    "--organisation",
    help="The organisation they take part for, as a response names it (optional): it keeps each"
    " organisation's people apart in the credits of a response several organisations sign.",
)
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
    organisation: str | None,
    agreed: bool,
    consent_date: dt.date | None,
) -> None:
    """Write contributors/ID.yaml for a new person, asking how they want to be credited and quoted."""
    from pipeline.settings import make_settings
    from pipeline.workflow import scaffold
    from pipeline.workflow.people import add_contributor

    wb = workbench_here()
    today = make_settings().today
    if pid is not None:
        raise_asked(id_problems(wb.root, pid))  # before any question is asked
    recorded = consent_date if consent_date else (today if agreed else None)
    raise_asked(consent_problems(recorded, today))
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
        name = click.prompt(QUESTIONS["name"]).strip()
    if pid is None:
        suggested = scaffold.suggest_id(name)
        pid = click.prompt(QUESTIONS["pid"], default=suggested or None) if asking else suggested
        raise_asked(id_problems(wb.root, pid))
    if not credit:
        credit = CREDIT_CHOICES[click.prompt(CREDIT_QUESTION, type=click.Choice(list(CREDIT_CHOICES)))]
    if credit == "pseudonym" and not pseudonym:
        if not asking:
            raise UsageError(
                "--credit pseudonym needs the name they chose", "add  --pseudonym NAME", code="usage.needs-pseudonym"
            )
        pseudonym = click.prompt(QUESTIONS["pseudonym"]).strip()
    if credit == "role" and not role:
        if not asking:
            raise UsageError(
                "--credit role needs the role to print", 'add  --role "Peer Volunteer"', code="usage.needs-role"
            )
        role = click.prompt(QUESTIONS["role"]).strip()
    if not quotes:
        quotes = QUOTES_CHOICES[click.prompt(QUOTES_QUESTION, type=click.Choice(list(QUOTES_CHOICES)))]
    if lived_experience is None:
        lived_experience = click.confirm(QUESTIONS["lived_experience"])
    if asking and not emails:
        email = click.prompt(f"{QUESTIONS['emails']} (Enter to skip)", default="", show_default=False)
        emails = (email.strip(),) if email.strip() else ()
    if asking and recorded is None and click.confirm(CONSENT_QUESTION):
        recorded = today
    new = scaffold.NewContributor(
        name, credit, quotes, lived_experience, pseudonym, role, emails, recorded, (organisation or "").strip() or None
    )
    path = add_contributor(wb.root, pid, new, today)  # every answer checked as the workbench's page checks it
    click.echo(f"Wrote {shown(path)}")
    if recorded:
        click.echo(f"Consent recorded on {recorded}.")
    else:
        click.echo(
            "Consent is not recorded: they will not be named or quoted. "
            f"When they agree, run  coproduce reconsent --confirm {pid}"
        )
    click.echo(f"Make the sheet they keep (plain or --easy-read):  coproduce contributor sheet {pid} --out DIR")


@command.command("credit")
@click.argument("pid", metavar="ID")
@click.option(
    "--credit", type=click.Choice(list(CREDIT_OPTIONS)), required=True, help="How they now choose to be credited."
)
@click.option("--pseudonym", help="The name they chose (with --credit pseudonym).")
@click.option("--role", help="The role to credit, like Peer Volunteer (with --credit role).")
def credit(pid: str, credit: str, pseudonym: str | None, role: str | None) -> None:
    """Record how ID now chooses to be credited; the rest of their file, comments included, stays as it is."""
    from pipeline.settings import make_settings
    from pipeline.workflow.credit import change_credit

    file = change_credit(workbench_here().root, pid, credit, pseudonym, role, make_settings().today)
    click.echo(f"Recorded in {file}: {pid} is credited by {CREDIT_OPTIONS[credit].removeprefix('your ')}.")


@command.command("ordinary-word")
@click.argument("pid", metavar="ID")
@click.argument("word")
def ordinary_word(pid: str, word: str) -> None:
    """List WORD, a word of ID's name, as an ordinary word in the text (what  name.word  asks for)."""
    from pipeline.workflow.credit import add_ordinary_word

    file, added = add_ordinary_word(workbench_here().root, pid, word)
    said = "listed" if added else "was already listed"
    click.echo(f"{file}: '{word}' {said} as an ordinary word; check shows each use for review.")


@command.command("sheet")
@click.argument("pid", metavar="ID")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write the sheet into (never build/: the sheet holds the person's own name).",
)
@click.option("--easy-read", is_flag=True, help="The Easy Read version: one idea a line, short sentences, large text.")
@click.option(
    "--no-record", is_flag=True, help="Do not record in their file which wording they were given (a spare copy)."
)
def sheet(pid: str, out: Path, easy_read: bool, no_record: bool) -> None:
    """Make ID's information and consent sheet to keep, as PDF and Word, and record which wording it was."""
    from pipeline.settings import make_settings
    from pipeline.workflow.sheet import make_sheet

    wb = workbench_here()
    today = make_settings().today
    made = make_sheet(wb.root, pid, out, today, easy_read=easy_read, record=not no_record)
    for path in made.written:
        click.echo(f"Wrote {shown(path)}")
    kept = made.sheets[0]
    credit = f'"{kept.credit}"' if kept.credit else "not named"
    click.echo(f"Credited as: {credit}")
    if not no_record:
        click.echo(f"Recorded in {made.recorded_in}: sheet wording version {made.wording.version}.")
    click.echo("Give the sheet to them; it holds their own name, so keep it out of shared folders.")
