"""Sessions, time and payment: record a session by ticking who came, mark payments, download the hours.

A session is written into response.yaml's `involvement:` as a hand edit would (`workflow/sessions.py`,
through the careful editor); what a person was paid, declined or spent goes into their entry in the
session's `people:`. The hours file is `coproduce hours --csv`, made by the same function. People are
shown by id only: the hours file names them, so it is a download for the finance team, never a page.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError
from pipeline.load.schema import Session
from pipeline.vocabulary import hours_text, in_force, long_date
from pipeline.web import kit
from pipeline.web.hiding import hider_of  # the one masking of names on a page
from pipeline.web.pages.people import errors_of
from pipeline.workflow.people import Asked
from pipeline.workflow.sessions import Payment, money_text, payment_problems, read_session, response_of, session_key

FIELDS = ("date", "activity", "hours", "rate")
CAME = "came-"  # a ticked person is the field  came-<id>: every field of a form is one value


@dataclass(frozen=True)
class Shown:
    """A session as the page lists it: ids only."""

    n: int
    date: str
    activity: str
    hours: str
    rate: str
    people: list[dict[str, Any]]
    key: str  # date and activity: the payment form says which session it meant


def shown_sessions(sessions: list[Session], hide: Callable[[str], str]) -> list[Shown]:
    """`hide` masks a private name typed into an activity by hand (the check refuses it; the page never shows it)."""
    out = []
    for n, s in enumerate(sessions):
        people = [
            {
                "id": a.id,
                "paid": a.paid,
                "declined": a.declined,
                "expenses": money_text(a.expenses) if a.expenses is not None else "",
            }
            for a in s.attendance
        ]
        rate = f"£{money_text(s.rate)} an hour" if s.rate is not None else "no rate"
        said = hide(s.activity)
        out.append(Shown(n, long_date(s.date), said, hours_text(s.hours), rate, people, session_key(s)))
    return out


def page_values(root: Path, slug: str, today: dt.date) -> dict[str, Any]:
    response = response_of(root, slug)
    from pipeline.workflow.consent import load_all

    people = load_all(root).wb.contributors
    can_come = [
        {"id": pid, "staff": not p.data.lived_experience}
        for pid, p in sorted(people.items())
        if not in_force(p.data.consent.withdrawn, today)
    ]
    hide = hider_of(root, [root / "responses" / slug], today)
    return {"slug": slug, "sessions": shown_sessions(response.data.involvement, hide), "can_come": can_come}


def _page(request: Request, slug: str, status: int = 200, **values: Any) -> Response:
    st = kit.state(request)
    try:
        found = page_values(st.root, slug, st.settings_today)
    except CoproduceError as exc:
        problems = kit.plain_all(exc.problems, st.root, on=st.settings_today)
        return kit.render(request, "sessions_unreadable.html.j2", status=409, title="Sessions", slug=slug,
                          problems=problems)  # fmt: skip
    values = {"typed": {}, "ticked": [], "field_errors": {}, **values}
    return kit.render(request, "sessions.html.j2", status=status, title=f"Sessions: {slug}", **found, **values)


async def sessions(request: Request) -> Response:
    folder = kit.folder_or_404(request)
    return await asyncio.to_thread(_page, request, folder.name)


def record(root: Path, slug: str, data: dict[str, str], today: dt.date) -> list[Asked]:
    from pipeline.workflow.consent import load_all
    from pipeline.workflow.sessions import record_session

    response = response_of(root, slug)
    people = {pid: p.data.consent.withdrawn for pid, p in load_all(root).wb.contributors.items()}
    ticked = [k.removeprefix(CAME) for k, v in data.items() if k.startswith(CAME) and v]
    typed = {k: data.get(k, "") for k in FIELDS}
    new, found = read_session(response, people, typed, ticked, today)
    if new is None:
        return found
    record_session(root, slug, new)
    return []


async def recorded(request: Request) -> Response:
    folder = kit.folder_or_404(request)
    st = kit.state(request)
    if st.acting is None:
        return kit.see_other("/acting", flash="Choose who you are first: changes are recorded as yours.")
    data = await kit.form(request)
    try:
        found = await asyncio.to_thread(record, st.root, folder.name, data, st.settings_today)
    except CoproduceError as exc:
        found = [Asked("date", p) for p in exc.problems]
    if found:
        summary, by_field = errors_of([Asked("people-0" if a.field == "people" else a.field, a.problem) for a in found])
        ticked = [k.removeprefix(CAME) for k, v in data.items() if k.startswith(CAME) and v]
        typed = {k: data.get(k, "") for k in FIELDS}
        return await asyncio.to_thread(_page, request, folder.name, 400, typed=typed, ticked=ticked, errors=summary,
                                       field_errors=by_field)  # fmt: skip
    return kit.see_other(
        f"/r/{folder.name}/sessions", flash=f"Recorded the session in responses/{folder.name}/response.yaml."
    )


# ================================================================= payment


def _session(root: Path, slug: str, n: int) -> Session:
    found = response_of(root, slug).data.involvement
    if not 0 <= n < len(found):
        raise HTTPException(404, "There is no such session in this response.")
    return found[n]


def payment_values(root: Path, slug: str, n: int, today: dt.date) -> dict[str, Any]:
    s = _session(root, slug, n)
    shown = shown_sessions([s], hider_of(root, [root / "responses" / slug], today))[0]
    return {"slug": slug, "session": dataclasses.replace(shown, n=n), "n": n}


def _number(request: Request) -> int:
    text = request.path_params["n"]
    if not text.isdigit() or len(text) > 4:
        raise HTTPException(404, "There is no such session in this response.")
    return int(text)


async def payment(request: Request) -> Response:
    folder = kit.folder_or_404(request)
    st = kit.state(request)
    values = await asyncio.to_thread(payment_values, st.root, folder.name, _number(request), st.settings_today)
    return kit.render(request, "sessions_payment.html.j2", title="Payments", field_errors={}, typed={}, **values)


def pay(root: Path, slug: str, n: int, pid: str, data: dict[str, str]) -> list[Asked]:
    from pipeline.workflow.sessions import set_payment

    expenses, found = payment_problems(data.get("expenses", ""))
    if found:
        return found
    payment = Payment(bool(data.get("paid")), bool(data.get("declined")), expenses)
    set_payment(root, slug, n, pid, payment, expected=data.get("session", ""))
    return []


async def paid(request: Request) -> Response:
    folder = kit.folder_or_404(request)
    st = kit.state(request)
    n = _number(request)
    pid = request.path_params["pid"]
    if st.acting is None:
        return kit.see_other("/acting", flash="Choose who you are first: changes are recorded as yours.")
    data = await kit.form(request)
    try:
        found = await asyncio.to_thread(pay, st.root, folder.name, n, pid, data)
    except CoproduceError as exc:
        found = [Asked("expenses", p) for p in exc.problems]
    if found:
        values = await asyncio.to_thread(payment_values, st.root, folder.name, n, st.settings_today)
        summary, _ = errors_of([Asked(f"expenses-{pid}", a.problem) for a in found])
        by_field = {f"expenses-{pid}": summary[0]["text"]}
        return kit.render(request, "sessions_payment.html.j2", status=400, title="Payments", errors=summary,
                          field_errors=by_field, typed={pid: data}, **values)  # fmt: skip
    return kit.see_other(f"/r/{folder.name}/sessions/{n}", flash=f"Saved what {pid} was paid for this session.")


async def hours_csv(request: Request) -> Response:
    """`coproduce hours RESPONSE --csv`, as a download, made by the same function: the same sessions, hours and
    money, with each person by id and their credit as printed instead of their name (promise 1 holds for every
    answer the workbench serves; the command writes names to a file the coordinator names)."""
    folder = kit.folder_or_404(request)

    def made() -> str:
        from pipeline.load.workbench import load
        from pipeline.workflow.hours import hours_report, render

        wb, response = load(folder)
        # served: by id and credit as printed, never a name (promise 1); `coproduce hours --csv` names them
        return render(hours_report(wb, response, kit.state(request).settings_today, names=False), True)

    try:
        text = await asyncio.to_thread(made)
    except CoproduceError as exc:
        st = kit.state(request)
        problems = kit.plain_all(exc.problems, st.root, [folder], on=st.settings_today)
        return kit.render(request, "sessions_unreadable.html.j2", status=409, title="Hours", slug=folder.name,
                          problems=problems)  # fmt: skip
    name = f"{folder.name}-hours.csv"
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)


routes: list[BaseRoute] = [
    Route("/r/{slug}/sessions", sessions),
    Route("/r/{slug}/sessions", recorded, methods=["POST"]),
    Route("/r/{slug}/sessions/{n}", payment),
    Route("/r/{slug}/sessions/{n}/{pid}", paid, methods=["POST"]),
    Route("/r/{slug}/hours.csv", hours_csv),
]
