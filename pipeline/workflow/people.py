"""A new person, and how they are credited: the questions, and every check of the answers, decided once.

`coproduce contributor add` and the workbench's "Add a person" page ask the same questions in the
same plain words and pass the answers through the same checks here, so a file the page writes is
the file the command writes for the same answers, byte for byte (`scaffold.contributor_yaml`).
Each problem names the question it is about (`Asked.field`), so a form can put the message beside
its field and a command can name its option.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import CoproduceError, Problem
from pipeline.load.files import CONTROL
from pipeline.load.typed_dates import ACCEPTED, NotADate, read_date
from pipeline.vocabulary import ID
from pipeline.workflow.scaffold import NewContributor, suggest_id, write_contributor
from pipeline.workflow.yamllist import EDITS

# the questions are read out to the person, so they speak to them and use no field names
CREDIT_OPTIONS: dict[str, str] = {
    "name": "your name",
    "initials": "your initials",
    "pseudonym": "a name you choose",
    "role": "your role only",
    "anonymous": "not at all",
}
QUOTES_OPTIONS: dict[str, str] = {
    "no": "no",
    "anonymous": "yes, without your name",
    "attributed": "yes, credited as you chose",
}
QUESTIONS: dict[str, str] = {
    "name": "Your name (kept private unless you choose to be credited by name)",
    "pid": "A short id for the files",
    "credit": "How would you like to be credited?",
    "pseudonym": "The name you choose",
    "role": "Your role, as it should be printed (like Peer Volunteer)",
    "organisation": "The organisation you take part for",
    "quotes": "May we use your words as a quote?",
    "lived_experience": "Do you have lived experience of the issues in this response?",
    "emails": "An e-mail address to reach you",
    "consent_date": "The day they agreed to take part on these terms",
}
CONSENT_QUESTION = (
    "Do you agree to take part on these terms, knowing you can withdraw at any time?\n"
    "(If not, nothing is recorded: you will not be named or quoted.)"
)
# an address as people write one: something, @, a domain with a dot; no spaces
EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")


@dataclass(frozen=True)
class Asked:
    """A problem with one answer: `field` is the question (a form field; an option on the command line)."""

    field: str
    problem: Problem


def _asked(field: str, message: str, fix: str, code: str) -> Asked:
    return Asked(field, Problem("coproduce", None, message, fix, code=code))


def raise_asked(found: list[Asked]) -> None:
    """Stop with every problem at once, as a command's usage error."""
    if found:
        error = CoproduceError([a.problem for a in found])
        error.exit_code = 2  # a wrong option or answer, as UsageError
        raise error


# ================================================================ one answer each


def one_line(field: str, value: str, what: str) -> list[Asked]:
    """Names, pseudonyms, roles and addresses are one line of visible characters."""
    if "\n" in value or "\r" in value or "\u2028" in value or "\u2029" in value:
        return [_asked(field, f"{what} has a line break in it", f"write {what} on one line", "usage.not-one-line")]
    if CONTROL.search(value):
        fix = "retype it: an invisible character was copied in with it"
        return [_asked(field, f"{what} has an invisible control character in it", fix, "usage.not-one-line")]
    return []


def id_problems(root: Path, pid: str) -> list[Asked]:
    """A new person's id: well formed and not taken."""
    if not pid:
        fix = "give a short id of lowercase letters and digits, like jordan"
        return [_asked("pid", "there is no id for the files", fix, "usage.missing-answer")]
    if not ID.fullmatch(pid):
        fix = "use lowercase letters, digits, - and _, like jordan or jordan-r"
        return [_asked("pid", f"'{pid}' cannot be a contributor id", fix, "usage.bad-id")]
    if any((root / "contributors").glob(f"{pid}.y*ml")):
        fix = "choose another id, or edit that file"
        return [_asked("pid", f"contributors/{pid}.yaml already exists", fix, "usage.contributor-exists")]
    return []


def consent_problems(recorded: dt.date | None, today: dt.date, field: str = "consent_date") -> list[Asked]:
    if recorded and recorded > today:
        fix = "record consent on or after the day it was given"
        return [_asked(field, f"{recorded} has not come yet", fix, "usage.future-date")]
    return []


def credit_problems(credit: str, pseudonym: str | None, role: str | None) -> list[Asked]:
    """How they chose to be credited, and the name or role it needs."""
    if credit not in CREDIT_OPTIONS:
        fix = "choose one of: " + ", ".join(CREDIT_OPTIONS)
        if not credit:
            return [_asked("credit", "how they would like to be credited is not chosen", fix, "usage.missing-answer")]
        return [_asked("credit", f"'{credit}' is not a way to be credited", fix, "usage.bad-choice")]
    found: list[Asked] = []
    if pseudonym:
        found += one_line("pseudonym", pseudonym, "the name they chose")
    if role:
        found += one_line("role", role, "the role")
    if credit == "pseudonym" and not pseudonym:
        found.append(
            _asked("pseudonym", "credit by a chosen name needs the name they chose", "add it", "usage.needs-pseudonym")
        )
    if credit == "role" and not role:
        fix = "add the role to print, like Peer Volunteer"
        found.append(_asked("role", "credit by role needs the role to print", fix, "usage.needs-role"))
    return found


def email_problems(emails: tuple[str, ...]) -> list[Asked]:
    found: list[Asked] = []
    for e in emails:
        lines = one_line("emails", e, "an e-mail address")
        if lines:
            found += lines
        elif not EMAIL.fullmatch(e):
            fix = "write it like name@example.org, or leave it out"
            found.append(_asked("emails", f"'{e}' is not an e-mail address", fix, "usage.bad-email"))
    return found


def clash_problems(root: Path, pid: str, credit: str, shown: str | None, today: dt.date) -> list[Asked]:
    """A pseudonym or role that is another person's private name would print it (`config.credit-is-private`,
    decided by privacy.identity.credit_clashes, which a build applies): refused before it is written."""
    if not shown or credit not in ("pseudonym", "role"):
        return []
    from pipeline.assemble.people import decide_all
    from pipeline.errors import Problems
    from pipeline.load.schema import Contributor
    from pipeline.load.workbench import Workbench, load_contributors
    from pipeline.privacy.identity import credit_clashes, identities

    wb = Workbench(root)
    load_contributors(wb, Problems())
    everyone = {p: c.data for p, c in wb.contributors.items()}
    placeholder = "Unnamed Newcomer" if pid not in everyone else everyone[pid].name
    everyone[pid] = Contributor.model_validate(
        {"name": placeholder, "credit": credit, credit: shown, "consent": {"recorded": today}}
    )
    decided = decide_all(everyone, today)
    for who, _, clash in credit_clashes(everyone, decided, identities(everyone, decided)):
        if who == pid:
            field = "pseudonym" if credit == "pseudonym" else "role"
            fix = f"choose another {field}: a build would refuse to print it"
            # the message does not repeat it: it is someone's private name
            message = f"that {field} is {clash.what} of contributor '{clash.person}', who has not chosen to be named"
            return [_asked(field, message, fix, "config.credit-is-private")]
    return []


def real_name_problems(root: Path, pid: str, name: str, pseudonym: str | None) -> list[Asked]:
    """A pseudonym that is a real name of anyone in the workbench, their own included, folded the one way
    (privacy.identity.pseudonym_clash, which `check` applies too: `config.pseudonym-is-a-name`)."""
    if not pseudonym:
        return []
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, load_contributors
    from pipeline.privacy.identity import pseudonym_clash

    wb = Workbench(root)
    load_contributors(wb, Problems())  # a file that does not load is left out here; check reports it
    real = pseudonym_clash(pseudonym, pid, name, {p: c.data for p, c in wb.contributors.items()})
    if real is None:
        return []
    whose = "their own name" if real.person == pid else f"{real.what} of contributor '{real.person}'"
    fix = "choose a pseudonym that is nobody's name" + (
        "; to be credited by their own name, choose their name as the credit" if real.person == pid else ""
    )
    return [_asked("pseudonym", f"the pseudonym is a real name: {whose}", fix, "usage.pseudonym-is-a-name")]


def credit_checked(
    root: Path, pid: str, credit: str, pseudonym: str | None, role: str | None, today: dt.date
) -> list[Asked]:
    """Every check of a credit: the choice, the name or role it needs, and that it is nobody else's name."""
    found = credit_problems(credit, pseudonym, role)
    return found or clash_problems(root, pid, credit, pseudonym if credit == "pseudonym" else role, today)


def known_organisations(root: Path) -> tuple[str, ...]:
    from pipeline.load.affiliation import workbench_organisations
    from pipeline.load.workbench import Workbench

    return workbench_organisations(root, Workbench(root).response_dirs())


def organisation_problems(root: Path, typed: str | None) -> list[Asked]:
    """An organisation (optional) is one a response of the workbench names, the one rule of load/affiliation.py
    that `check` applies too (`organisation.unknown`)."""
    from pipeline.load.affiliation import affiliation_of, nearest

    if not typed:
        return []
    found = one_line("organisation", typed, "the organisation")
    known = known_organisations(root)
    if found or affiliation_of(typed, known) is not None:
        return found
    close = nearest(typed, known)
    fix = (f"did you mean '{close}'? " if close else "") + (
        f"write it as a response names it ({'; '.join(known)}), or leave it blank"
        if known
        else "leave it blank: no response of the workbench names an organisation yet"
    )
    return [
        _asked(
            "organisation", f"'{typed}' is not an organisation any response names", fix, "usage.unknown-organisation"
        )
    ]


def check_new(root: Path, pid: str, new: NewContributor, today: dt.date) -> list[Asked]:
    """Every problem with a new person's answers, all at once."""
    found = id_problems(root, pid)
    if not new.name.strip():
        fix = "write their name: it is private unless they choose to be credited by name"
        found.append(_asked("name", "their name is missing", fix, "usage.missing-answer"))
    found += one_line("name", new.name, "the name")
    found += credit_checked(root, pid, new.credit, new.pseudonym, new.role, today)
    if new.credit == "pseudonym" and not any(f.field == "pseudonym" for f in found):
        found += real_name_problems(root, pid, new.name, new.pseudonym)
    if new.quotes not in QUOTES_OPTIONS:
        fix = "choose one of: " + ", ".join(QUOTES_OPTIONS)
        message = f"'{new.quotes}' is not an answer to whether they may be quoted" if new.quotes else ""
        if message:
            found.append(_asked("quotes", message, fix, "usage.bad-choice"))
        else:
            found.append(_asked("quotes", "whether they may be quoted is not chosen", fix, "usage.missing-answer"))
    found += email_problems(new.emails)
    found += consent_problems(new.recorded, today)
    found += organisation_problems(root, new.organisation)
    return found


def add_contributor(root: Path, pid: str, new: NewContributor, today: dt.date) -> Path:
    """Write contributors/PID.yaml for a new person, after every check; all problems at once, or the file."""
    with EDITS:  # the id is free when it is written: two people added at once cannot share a file
        raise_asked(check_new(root, pid, new, today))
        if new.organisation:  # written as the response spells it, however it was typed
            from pipeline.load.affiliation import affiliation_of

            new = replace(new, organisation=affiliation_of(new.organisation, known_organisations(root)))
        return write_contributor(root, pid, new)


# ================================================================ answers as typed


@dataclass(frozen=True)
class Typed:
    """The answers as a person typed them into a form: text, nothing read yet."""

    pid: str = ""
    name: str = ""
    credit: str = ""
    pseudonym: str = ""
    role: str = ""
    quotes: str = ""
    lived_experience: str = ""  # "yes" or "no"
    emails: str = ""  # one or more, separated by commas, semicolons, spaces or lines
    consent_date: str = ""  # blank: they have not agreed yet
    organisation: str = ""  # optional: as a response names it


def read_day(field: str, text: str) -> tuple[dt.date | None, list[Asked]]:
    """A date as people in the UK type it (pipeline.load.typed_dates), or the problem with it."""
    if not text.strip():
        return None, []
    try:
        return read_date(text), []
    except NotADate as exc:
        said = str(exc).split(": write it like")[0]  # the fix says how, once
        return None, [_asked(field, said, f"write it like {ACCEPTED}", "usage.bad-date")]


def split_emails(text: str) -> tuple[str, ...]:
    return tuple(e for e in re.split(r"[\s,;]+", text) if e)


def read_typed(root: Path, typed: Typed, today: dt.date) -> tuple[str, NewContributor, list[Asked]]:
    """The id and the new person from typed answers, with every problem in them (the same checks as the command)."""
    name = typed.name.strip()
    pid = typed.pid.strip() or suggest_id(name)
    recorded, found = read_day("consent_date", typed.consent_date)
    lived = typed.lived_experience.strip().lower()
    if lived not in ("yes", "no"):
        fix = "choose yes or no"
        found.append(
            _asked("lived_experience", "whether they have lived experience is not chosen", fix, "usage.missing-answer")
        )
    credit = typed.credit.strip()
    new = NewContributor(
        name,
        credit,
        typed.quotes.strip(),
        lived == "yes",
        typed.pseudonym.strip() if credit == "pseudonym" else None,
        typed.role.strip() if credit == "role" else None,
        split_emails(typed.emails),
        recorded,
        typed.organisation.strip() or None,
    )
    # the id is checked once there is one; a blank id with no name to suggest one from says so once
    found = check_new(root, pid, new, today) + found
    order = list(QUESTIONS)
    found.sort(key=lambda a: order.index(a.field) if a.field in order else len(order))
    return pid, new, found
