"""Changes to one person's record: how they are credited, consent asked again, an ordinary word, a withdrawal.

Each action is a plain form POST calling the function the command line calls (`contributor credit`,
`reconsent --confirm`, `contributor ordinary-word`, `withdraw`), so the file changes exactly as the
command changes it, through the careful editor that keeps comments. A withdrawal is shown first
(the report `coproduce withdraw --dry-run` gives) and recorded only on a second, confirming press.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError
from pipeline.vocabulary import long_date
from pipeline.web import kit
from pipeline.web.pages.people import errors_of, one, record_values
from pipeline.workflow.people import Asked, read_day

TYPED = ("credit", "pseudonym", "role", "reconsent_on", "word")


def _asked(field: str, exc: CoproduceError) -> list[Asked]:
    return [Asked(field, p) for p in exc.problems]


def _again(request: Request, pid: str, found: list[Asked], typed: dict[str, str]) -> Response:
    """The record page again, with the problems in its error summary and beside their fields."""
    st = kit.state(request)
    values = record_values(st.root, pid, st.settings_today)
    kept = {k: v for k, v in typed.items() if k in TYPED}  # the fields keep what was typed
    for a in found:  # but never another person's private name, typed where a credit goes
        if a.problem.code == "config.credit-is-private":
            kept[a.field] = ""
    values.update(kept)
    values["credit_choice"] = kept.get("credit", values["credit_choice"])
    values.pop("credit", None)
    summary, by_field = errors_of(found)
    values |= {"errors": summary, "field_errors": by_field, "pid": pid, "title": f"{pid}'s record"}
    from pipeline.web.pages.person_files import letter_choices

    values["letters"] = letter_choices(st.folders, pid)
    return kit.render(request, "people_record.html.j2", status=400, **values)


async def _change(
    request: Request, action: Callable[[Path, str, dict[str, str], dt.date], tuple[str, list[Asked]]]
) -> Response:
    st = kit.state(request)
    pid = request.path_params["pid"]
    await asyncio.to_thread(one, st.root, pid)  # a 404 for an id that is nobody's
    if st.acting is None:
        return kit.see_other("/acting", flash="Choose who you are first: changes are recorded as yours.")
    data = await kit.form(request)
    said, found = await asyncio.to_thread(_locked, action, st.root, pid, data, st.settings_today)
    if found:
        return await asyncio.to_thread(_again, request, pid, found, data)
    return kit.see_other(f"/people/{pid}", flash=said)


def _locked(
    action: Callable[[Path, str, dict[str, str], dt.date], tuple[str, list[Asked]]],
    root: Path,
    pid: str,
    data: dict[str, str],
    today: dt.date,
) -> tuple[str, list[Asked]]:
    """One change at a time: each reads a person's file, checks and writes it whole."""
    from pipeline.workflow.yamllist import EDITS

    with EDITS:
        return action(root, pid, data, today)


def _credit(root: Path, pid: str, data: dict[str, str], today: dt.date) -> tuple[str, list[Asked]]:
    from pipeline.workflow.credit import change_credit
    from pipeline.workflow.people import credit_checked

    credit = data.get("credit", "").strip()
    pseudonym, role = data.get("pseudonym", "").strip() or None, data.get("role", "").strip() or None
    found = credit_checked(root, pid, credit, pseudonym, role, today)  # change_credit's checks, at their fields
    if found:
        return "", found
    try:
        shown = change_credit(root, pid, credit, pseudonym, role, today)
    except CoproduceError as exc:
        return "", _asked("credit", exc)
    return f"Saved in {shown}: how {pid} is credited.", []


def _reconsent(root: Path, pid: str, data: dict[str, str], today: dt.date) -> tuple[str, list[Asked]]:
    from pipeline.workflow.consent_reconsent import confirm_consent

    on, found = read_day("reconsent_on", data.get("reconsent_on", ""))
    if found:
        return "", found
    day = on or today
    try:
        shown, before, version = confirm_consent(root, pid, day, today)
    except CoproduceError as exc:
        return "", _asked("reconsent_on", exc)
    was = f" (was {long_date(before)})" if before else " (none was recorded before)"
    return f"Recorded in {shown}: {pid} confirmed consent on {long_date(day)}{was}, on sheet wording {version}.", []


def _ordinary(root: Path, pid: str, data: dict[str, str], today: dt.date) -> tuple[str, list[Asked]]:
    from pipeline.workflow.credit import add_ordinary_word

    word = data.get("word", "").strip()
    try:
        shown, added = add_ordinary_word(root, pid, word)
    except CoproduceError as exc:
        return "", _asked("word", exc)
    said = "listed" if added else "was already listed"
    return f"{shown}: '{word}' {said} as an ordinary word. The checks still show each use for review.", []


async def credit(request: Request) -> Response:
    return await _change(request, _credit)


async def reconsent(request: Request) -> Response:
    return await _change(request, _reconsent)


async def ordinary_word(request: Request) -> Response:
    return await _change(request, _ordinary)


# ================================================================= withdrawal


@dataclass(frozen=True)
class Preview:
    on: dt.date
    already: bool
    groups: dict[str, Any]  # slug -> [LeftOut]
    flagged: list[tuple[str, str]]  # contribution shown, the command that starts fresh text
    when: str
    unreadable: list[str]


def preview(root: Path, pid: str, on: dt.date, today: dt.date, *, record: bool = False) -> Preview:
    """What `coproduce withdraw` reports for `pid` on `on`: with `record`, it is also written."""
    from pipeline.workflow import withdrawal
    from pipeline.workflow.consent_withdraw import withdraw
    from pipeline.workflow.yamllist import EDITS

    with EDITS:
        result = withdraw(root, pid, on, dry_run=not record)
    from pipeline.load.workbench import Workbench
    from pipeline.web.hiding import hider_of  # the one masking of names on a page
    from pipeline.workflow.withdrawal import LeftOut

    hide = hider_of(root, Workbench(root).response_dirs(), today)
    groups = {
        slug: [LeftOut(hide(line.where), hide(line.what)) for line in lines]
        for slug, lines in withdrawal.by_response(result.uses).items()
    }
    return Preview(
        result.on,
        result.already,
        groups,
        [(hide(f.contribution.shown), hide(withdrawal.fresh_text_command(f))) for f in result.flagged],
        withdrawal.when(result, today),
        result.unreadable,
    )


async def withdraw_page(request: Request) -> Response:
    st = kit.state(request)
    pid = request.path_params["pid"]
    await asyncio.to_thread(one, st.root, pid)
    typed = request.query_params.get("on", "")
    on, found = read_day("on", typed)
    day = on or st.settings_today
    shown = await asyncio.to_thread(preview, st.root, pid, day, st.settings_today)
    summary, by_field = errors_of(found)
    return kit.render(
        request, "people_withdraw.html.j2", status=400 if found else 200, title=f"Withdraw {pid}", pid=pid,
        preview=shown, on=typed, day=day.isoformat(), day_said=long_date(day), errors=summary, field_errors=by_field,
    )  # fmt: skip


async def withdraw_confirmed(request: Request) -> Response:
    st = kit.state(request)
    pid = request.path_params["pid"]
    await asyncio.to_thread(one, st.root, pid)
    if st.acting is None:
        return kit.see_other("/acting", flash="Choose who you are first: changes are recorded as yours.")
    data = await kit.form(request)
    on, found = read_day("on", data.get("on", ""))
    if found or on is None:
        return kit.see_other(f"/people/{pid}/withdraw", flash="The date was lost: look at what it leaves out again.")
    done = await asyncio.to_thread(preview, st.root, pid, on, st.settings_today, record=True)
    if done.already:
        said = f"{pid} had already withdrawn on {long_date(done.on)}; that first date is kept."
    else:
        said = f"Recorded: {pid} withdrew on {long_date(done.on)}. {done.when} leaves their work out."
    return kit.see_other(f"/people/{pid}", flash=f"{said} Nothing has been deleted.")


routes: list[BaseRoute] = [
    Route("/people/{pid}/credit", credit, methods=["POST"]),
    Route("/people/{pid}/reconsent", reconsent, methods=["POST"]),
    Route("/people/{pid}/ordinary-word", ordinary_word, methods=["POST"]),
    Route("/people/{pid}/withdraw", withdraw_page),
    Route("/people/{pid}/withdraw", withdraw_confirmed, methods=["POST"]),
]
