"""The year's report in the browser: the files `coproduce report --from --to` writes, offered as downloads.

The page asks for the first and last day (typed the UK way, `load/typed_dates.read_date`) and sends the one
file asked for, made in memory by the command's own `workflow.report.report_files`, so it is the same bytes
the command writes. The file is picked from what that function returned by its format; nothing from the
request is a path. The report is the organisation's own until it chooses to publish it: sent as an
attachment no cache keeps.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError, Problem
from pipeline.web import kit
from pipeline.web.pages.people import errors_of
from pipeline.workflow.people import Asked, read_day

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
}


def _download(name: str, data: bytes) -> Response:
    return Response(
        data,
        media_type=FORMATS[name.rsplit(".", 1)[-1]],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def read_period(typed: dict[str, str]) -> tuple[dt.date | None, dt.date | None, list[Asked]]:
    """The first and last day typed, both needed, the last not before the first: the command's rules."""
    start, found = read_day("from", typed.get("from", ""))
    end, more = read_day("to", typed.get("to", ""))
    found += more
    for key, day, what in (("from", start, "first"), ("to", end, "last")):
        if day is None and not typed.get(key, "").strip():
            found.append(Asked(key, Problem("coproduce", None, f"the {what} day is not given",
                                            "write it like 1/4/2025", code="usage.missing-answer")))  # fmt: skip
    if start and end and end < start:
        found.append(Asked("to", Problem("coproduce", None, "the last day is before the first",
                                         "give the first day, then the last", code="usage.report-period")))  # fmt: skip
    return start, end, found


def make(root: Path, start: dt.date, end: dt.date, today: dt.date, fmt: str) -> tuple[str, bytes]:
    from pipeline.workflow.report import report_files

    files = report_files(root, start, end, today)
    name = next(n for n in files if n.endswith("." + fmt))
    return name, files[name]


def _page(request: Request, status: int = 200, **values: Any) -> Response:
    values = {"typed": {}, "errors": [], "field_errors": {}, "title": "The year's report"} | values
    return kit.render(request, "report.html.j2", status=status, **values)


async def report_form(request: Request) -> Response:
    return _page(request)


async def report_download(request: Request) -> Response:
    st = kit.state(request)
    data = await kit.form(request)
    fmt = data.get("format", "")
    if fmt not in FORMATS:
        raise HTTPException(400, "Choose PDF, Word or CSV.")
    start, end, found = read_period(data)
    if found or start is None or end is None:
        summary, by_field = errors_of(found)
        return _page(request, 400, typed=data, errors=summary, field_errors=by_field)
    try:
        name, made = await asyncio.to_thread(make, st.root, start, end, st.settings_today, fmt)
    except CoproduceError as exc:
        told = kit.plain_all(exc.problems, st.root, st.folders.values(), on=st.settings_today)
        errors = [{"field": None, "text": f"{p.what}: {p.fix} ({p.details})"} for p in told]
        return _page(request, 400, typed=data, errors=errors)
    return _download(name, made)


routes: list[BaseRoute] = [
    Route("/report", report_form),
    Route("/report", report_download, methods=["POST"]),
]
