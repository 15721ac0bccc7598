"""A response's questions with their contributions, and one contribution: read as it prints, and its problems.

The contribution page is `/r/{slug}/c/{cid}`: the id (web/addresses.py, a hash of the file name, so no file
name, which may be a person's, is in an address) is looked up among the response's loaded contributions only,
never used as a path. Its forms (contribution_edit.py) call the workflow functions
the command line calls; every page shows that contribution's problems as `coproduce check` finds them.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError
from pipeline.web import kit
from pipeline.web.pages import _work


async def response_page(request: Request) -> Response:
    st = kit.state(request)
    folder = kit.folder_or_404(request)
    values = await asyncio.to_thread(_work.overview, folder, st.settings_today)
    problems: list[kit.PlainProblem] = []
    if not values["loaded"]:
        from pipeline.workflow.status import load_for_status

        loaded = await asyncio.to_thread(load_for_status, folder, st.settings_today)
        problems = kit.plain_all(loaded.problems, st.root, [folder], on=st.settings_today)
    values["response_title"] = values.pop("title", None) or folder.name
    return kit.render(
        request,
        "contributions.html.j2",
        title=f"{values['response_title']}: questions and answers",
        problems=problems,
        **values,
    )


def contribution_page(
    request: Request,
    *,
    status: int = 200,
    errors: list[dict[str, Any]] | None = None,
    field_errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    """The contribution page; after a refused save, with what was typed kept and the errors beside their fields."""
    st = kit.state(request)
    folder = kit.folder_or_404(request)
    cid = request.path_params["cid"]
    try:
        values = _work.contribution_values(st.root, folder, cid, st.settings_today, st.acting)
    except CoproduceError as exc:
        if any(p.code == "usage.unknown-file" for p in exc.problems):
            raise HTTPException(404, "There is no such contribution in this response.") from None
        problems = kit.plain_all(exc.problems, st.root, [folder], on=st.settings_today)
        return kit.render(
            request,
            "contribution_broken.html.j2",
            status=409,
            title="Cannot be opened",
            slug=folder.name,
            problems=problems,
        )
    read = _work.read_as_printed(folder, values.pop("contribution"), st.settings_today)
    return kit.render(
        request,
        "contribution.html.j2",
        status=status,
        title=f"{values['name']}",
        printed=read.printed,
        not_printed=read.why,
        problems=read.problems,
        errors=errors or [],
        field_errors=field_errors or {},
        typed=typed or {},
        **values,
    )


async def contribution(request: Request) -> Response:
    return await asyncio.to_thread(contribution_page, request)


routes: list[BaseRoute] = [
    Route("/r/{slug}", response_page),
    Route("/r/{slug}/c/{cid}", contribution),
]
