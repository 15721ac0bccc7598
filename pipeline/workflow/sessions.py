"""Sessions people gave their time to (response.yaml `involvement:`), and what they are paid for them.

A session is recorded as a hand edit would write it: one more item at the end of `involvement:`,
the rest of response.yaml byte for byte as it was (`yamllist`). Who was paid, who declined
payment (some must, for their benefits; staff are paid already) and their expenses are the
`{id: sam, paid: true, declined: true, expenses: 12.40}` form of a person in a session's `people:`,
which `coproduce hours` reads (`workflow/hours.py`). Every answer is checked here, for the page
and any command alike, and the edited file must load before it is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pipeline.errors import CoproduceError, Problem
from pipeline.load.schema import Response, Session, validate
from pipeline.load.workbench import ResponseFolder
from pipeline.load.yamlsource import load_yaml
from pipeline.vocabulary import hours_text, in_force
from pipeline.workflow.consent import load_all
from pipeline.workflow.people import Asked, _asked, one_line, raise_asked, read_day
from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, write_raw, yaml_value
from pipeline.workflow.yamllist import EDITS, append_item, replace_item

# one edit at a time: two sessions recorded at once would each read the file before the other wrote it
EDITING = EDITS


@dataclass(frozen=True)
class NewSession:
    date: dt.date
    activity: str
    hours: Decimal
    rate: Decimal | None
    people: tuple[str, ...]


@dataclass(frozen=True)
class Payment:
    """What is recorded of one person at one session, beyond their id."""

    paid: bool = False
    declined: bool = False
    expenses: Decimal | None = None


def _number(field: str, text: str, what: str, *, money: bool) -> tuple[Decimal | None, list[Asked]]:
    said = text.strip().removeprefix("£").strip()
    if money:
        said = said.replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", said):
        example = "like 15 or 12.50" if money else "like 2.5"
        return None, [
            _asked(field, f"'{text.strip()}' is not {what}", f"write a number, {example}", "usage.bad-number")
        ]
    try:
        return Decimal(said), []
    except InvalidOperation:  # pragma: no cover - the pattern lets only decimals through
        return None, [_asked(field, f"'{text.strip()}' is not {what}", "write a number", "usage.bad-number")]


def money_text(amount: Decimal) -> str:
    """An amount as YAML holds it: as given, without a pound sign (12.40 stays 12.40)."""
    return f"{amount:f}"


def read_session(
    response: ResponseFolder,
    people: dict[str, dt.date | None],
    typed: dict[str, str],
    ticked: list[str],
    today: dt.date,
) -> tuple[NewSession | None, list[Asked]]:
    """A session from typed answers (date, activity, hours, rate) and the ids ticked, with every problem.

    `people` maps every contributor id to the day they withdrew, if they did."""
    day, found = read_day("date", typed.get("date", ""))
    if not typed.get("date", "").strip():
        found.append(
            _asked("date", "the session's date is missing", "write it like 16/12/2026", "usage.missing-answer")
        )
    activity = typed.get("activity", "").strip()
    if not activity:
        fix = "say what it was, like Workshop on what helps in a crisis"
        found.append(_asked("activity", "what the session was is missing", fix, "usage.missing-answer"))
    found += one_line("activity", activity, "what the session was")
    if activity and names_someone(response, activity, today):
        fix = "describe the session without naming anyone: the credits name people as they chose"
        found.append(_asked("activity", "what the session was names someone who has not chosen to be named", fix,
                            "name.withheld"))  # fmt: skip
    hours: Decimal | None = None
    if typed.get("hours", "").strip():
        hours, wrong = _number("hours", typed["hours"], "a number of hours", money=False)
        found += wrong
        if hours is not None and not (0 < hours <= 24):
            found.append(
                _asked(
                    "hours",
                    f"{hours_text(hours)} hours is not a session's length",
                    "write between 0 and 24",
                    "usage.bad-number",
                )
            )
    else:
        found.append(
            _asked("hours", "how long it lasted is missing", "write the hours, like 2.5", "usage.missing-answer")
        )
    rate: Decimal | None = None
    if typed.get("rate", "").strip():
        rate, wrong = _number("rate", typed["rate"], "an amount per hour", money=True)
        found += wrong
    ticked = list(dict.fromkeys(ticked))
    if not ticked:
        found.append(_asked("people", "nobody is ticked as having come", "tick who came", "usage.missing-answer"))
    for pid in ticked:
        if pid not in people:
            found.append(
                _asked("people", f"'{pid}' is not a contributor", "tick people from the list", "usage.unknown-person")
            )
        elif day is not None and in_force(people[pid], day):
            fix = "leave them out: their time after withdrawing is not recorded"
            found.append(
                _asked("people", f"{pid} withdrew on {people[pid]}, before this session", fix, "usage.person-withdrawn")
            )
    if found or day is None or hours is None:
        return None, found
    return NewSession(day, activity, hours, rate, tuple(ticked)), []


def names_someone(response: ResponseFolder, text: str, today: dt.date) -> bool:
    """Whether `text` holds a private name, address or id, as `check` reads the activity it will print
    (the one matcher, privacy/; a word the person listed as ordinary is not a name)."""
    from pipeline.assemble.people import decide_all
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, find_root, load_contributors
    from pipeline.privacy.identity import identities
    from pipeline.privacy.matcher import NameMatcher

    wb = Workbench(find_root(response.dir))
    load_contributors(wb, Problems())
    everyone = {pid: c.data for pid, c in wb.contributors.items()}
    found = identities(everyone, decide_all(everyone, today))
    hits = NameMatcher(found).find(text)
    return any(h.whole or not all(v.folded.strip() in found.ordinary.get(v.person, ()) for v in h.variants)
               for h in hits)  # fmt: skip


def _lines(s: NewSession) -> tuple[list[str], str]:
    fields = [
        ("date", s.date.isoformat()),
        ("activity", yaml_value(s.activity)),
        ("hours", hours_text(s.hours)),
    ]
    if s.rate is not None:
        fields.append(("rate", money_text(s.rate)))
    fields.append(("people", yaml_value(list(s.people))))
    block = [f"{'- ' if k == 0 else '  '}{key}: {value}" for k, (key, value) in enumerate(fields)]
    flow = "{" + ", ".join(f"{key}: {value}" for key, value in fields) + "}"
    return block, flow


def _write_checked(path: Path, shown: str, text: str, bom: str) -> None:
    located, problems = load_yaml(text, shown)
    if located is not None:
        problems += validate(Response, located, shown)[1]
    if problems:
        first = problems[0]
        message = f"this would leave a file that does not load: {first.message}"
        raise CoproduceError([Problem(shown, None, message, first.fix, code="usage.would-not-load")])
    write_raw(path, text, bom)


def record_session(root: Path, slug: str, new: NewSession) -> str:
    """Add the session at the end of the response's `involvement:`; returns response.yaml as shown."""
    response = response_of(root, slug)
    path = response.dir / "response.yaml"
    block, flow = _lines(new)
    with EDITING:
        text, bom = read_raw(path)
        try:
            edited = append_item(text, "involvement", block, flow)
        except EditError as exc:
            raise cannot_edit(response.shown, "involvement:", str(exc)) from None
        _write_checked(path, response.shown, edited, bom)
    return response.shown


def payment_problems(typed_expenses: str) -> tuple[Decimal | None, list[Asked]]:
    if not typed_expenses.strip():
        return None, []
    return _number("expenses", typed_expenses, "an amount", money=True)


def session_key(s: Session) -> str:
    """What a page says the session is (a digest of its date and activity, which may hold words no page may
    show), so a change goes to the session it showed."""
    return hashlib.sha256(f"{s.date.isoformat()} {s.activity}".encode()).hexdigest()[:20]


def set_payment(root: Path, slug: str, index: int, pid: str, payment: Payment, expected: str | None = None) -> str:
    """Record what `pid` was paid at session `index` (0 first), declined or spent, in its `people:` list.

    `expected` is the session's key as the page showed it: if the sessions moved since, nothing changes."""
    with EDITING:  # read, check and write as one: the session looked at is the one changed
        response = response_of(root, slug)
        sessions = response.data.involvement
        if expected is not None and (not 0 <= index < len(sessions) or session_key(sessions[index]) != expected):
            fix = "look at the session again and make the change there"
            said = "the sessions changed since this page was opened"
            raise_asked([_asked("session", said, fix, "usage.session-changed")])
        if not 0 <= index < len(sessions) or pid not in sessions[index].people:
            fix = "choose someone who came"
            raise_asked([_asked("people", f"{pid} is not in that session", fix, "usage.unknown-person")])
        at = sessions[index].people.index(pid)
        values = [f"id: {pid}"]
        if payment.paid:
            values.append("paid: true")
        if payment.declined:
            values.append("declined: true")
        if payment.expenses is not None:
            values.append(f"expenses: {money_text(payment.expenses)}")
        flow = "{" + ", ".join(values) + "}" if len(values) > 1 else pid
        path = response.dir / "response.yaml"
        text, bom = read_raw(path)
        try:
            edited = replace_item(text, ("involvement", index, "people", at), flow)
        except EditError as exc:
            raise cannot_edit(response.shown, f"people: [{flow}]", str(exc)) from None
        _write_checked(path, response.shown, edited, bom)
    return response.shown


def response_of(root: Path, slug: str) -> ResponseFolder:
    loaded = load_all(root)
    for r in loaded.responses:
        if r.slug == slug:
            return r
    shown = f"responses/{slug}/response.yaml"
    problems = [p for p in loaded.problems.items if p.path == shown] or [
        Problem(shown, None, "could not be read", "run  coproduce check  and fix it first", code="consent.unreadable")
    ]
    raise CoproduceError(problems, "nothing was recorded")
