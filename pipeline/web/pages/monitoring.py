"""Equality monitoring in the browser: one person's answers recorded with their separate consent, and the report
across responses, by the functions `coproduce monitoring` calls (`workflow/monitoring.py`).

The person's page is reached from their record and shows only what their own file holds. The report page
counts one question at a time, every count under 5 shown as "fewer than 5", and shows no name and no id:
it is the command's report, nothing joined to it. Dates are read the UK way (`load/typed_dates`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError, Problem
from pipeline.vocabulary import long_date
from pipeline.web import kit
from pipeline.web.pages.people import errors_of, one
from pipeline.workflow.people import Asked, read_day

DATE_HINT = "Like 16/12/2026 or 16 December 2026."


def _field_of(p: Problem) -> str:
    """The form field a problem of `monitoring.record` is about: a question's, the day, or none (the person)."""
    return p.subject if p.subject in ("", "agreed_on") else f"q-{p.subject}"


def person_values(root: Path, pid: str) -> dict[str, Any]:
    from pipeline.load.workbench import Workbench
    from pipeline.workflow.monitoring import current, load_questions

    wb = Workbench(root)
    questions = load_questions(wb)
    now = current(wb, pid, questions)
    rows = [
        {
            "id": q.id,
            "text": q.text,
            "options": [("", "Not given")] + [(a, a) for a in q.answers],
            "answer": now.get(q.id, ("", None))[0],
            "agreed": now.get(q.id, ("", None))[1],
            "agreed_said": long_date(d) if (d := now.get(q.id, ("", None))[1]) else "",
        }
        for q in questions
    ]
    return {"pid": pid, "questions": rows, "title": f"{pid}'s equality monitoring"}


def _person_page(request: Request, pid: str, status: int = 200, **extra: Any) -> Response:
    st = kit.state(request)
    try:
        values = person_values(st.root, pid)
    except CoproduceError as exc:  # their answers file or the questions cannot be read: say so, change nothing
        told = kit.plain_all(exc.problems, st.root, st.folders.values(), on=st.settings_today)
        values = {"pid": pid, "questions": [], "title": f"{pid}'s equality monitoring", "unreadable": told}
    values = {"field_errors": {}, "typed": {}, "unreadable": []} | values | extra
    typed = extra.get("typed")
    if typed:  # what was typed stays on the form
        for row in values["questions"]:
            row["answer"] = typed.get(f"q-{row['id']}", "")
            row["agreed"] = bool(typed.get(f"agreed-{row['id']}"))
    return kit.render(request, "monitoring_person.html.j2", status=status, **values)


async def person_form(request: Request) -> Response:
    st = kit.state(request)
    pid = request.path_params["pid"]
    await asyncio.to_thread(one, st.root, pid)  # a 404 for an id that is nobody's
    return await asyncio.to_thread(_person_page, request, pid)


async def person_save(request: Request) -> Response:
    from pipeline.workflow.monitoring import record
    from pipeline.workflow.yamllist import EDITS

    st = kit.state(request)
    pid = request.path_params["pid"]
    await asyncio.to_thread(one, st.root, pid)
    data = await kit.form(request)
    chosen = {key.removeprefix("q-"): value.strip() for key, value in data.items() if key.startswith("q-")}
    agreed = {key.removeprefix("agreed-") for key, value in data.items() if key.startswith("agreed-") and value}
    on, found = read_day("agreed_on", data.get("agreed_on", ""))

    def save() -> tuple[str, int] | list[Asked]:
        try:
            with EDITS:  # the people pages' one lock on a person's files
                return record(st.root, pid, chosen, agreed, on or st.settings_today, st.settings_today)
        except CoproduceError as exc:
            return [Asked(_field_of(p), p) for p in exc.problems]

    done: tuple[str, int] | list[Asked] = found or await asyncio.to_thread(save)
    if isinstance(done, list):
        summary, by_field = errors_of(done)
        page = await asyncio.to_thread(
            _person_page, request, pid, 400, errors=summary, field_errors=by_field, typed=data
        )
        return page
    shown, kept = done
    said = f"Saved in {shown}: {kept} {'answer' if kept == 1 else 'answers'}, kept apart from {pid}'s record."
    return kit.see_other(f"/people/{pid}/monitoring", flash=said)


def report_values(root: Path, typed: dict[str, str], today: dt.date) -> dict[str, Any]:
    """The command's report over every response, from and to the days typed (to: today when blank)."""
    from pipeline.workflow.monitoring import report

    start, found = read_day("from", typed.get("from", ""))
    end, more = read_day("to", typed.get("to", ""))
    found += more
    values: dict[str, Any] = {
        "typed": typed,
        "title": "Who took part: equality monitoring",
        "hint": DATE_HINT,
        "unreadable": [],
    }
    if start and end and end < start:
        found.append(Asked("to", Problem("coproduce", None, "the last day is before the first", "give the first "
                                         "day, then the last", code="usage.report-period")))  # fmt: skip
    if found:
        summary, by_field = errors_of(found)
        return values | {"errors": summary, "field_errors": by_field, "made": None}
    end = end or today
    try:
        made = report(root, [], start, end)
    except CoproduceError as exc:
        return values | {"made": None, "field_errors": {}, "unreadable": [str(p) for p in exc.problems]}
    period = (f"from {long_date(start)} " if start else "") + f"up to {long_date(end)}"
    return values | {"made": made, "period": period, "field_errors": {}}


async def report_page(request: Request) -> Response:
    st = kit.state(request)
    typed = {k: str(request.query_params.get(k, "")) for k in ("from", "to")}
    values = await asyncio.to_thread(report_values, st.root, typed, st.settings_today)
    return kit.render(request, "monitoring_report.html.j2", status=400 if values.get("errors") else 200, **values)


routes: list[BaseRoute] = [
    Route("/monitoring", report_page),
    Route("/people/{pid}/monitoring", person_form),
    Route("/people/{pid}/monitoring", person_save, methods=["POST"]),
]
