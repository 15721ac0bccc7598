"""Who is acting: the person whose name every change made from these pages is recorded under.

`coproduce serve --as ID` decides it for the whole run; without it, this page lists the people who
coordinate (each response's lead and sign-off people, and workbench people without lived experience)
and the choice is kept in the browser's session.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.web import kit


@dataclass(frozen=True)
class Candidate:
    id: str
    roles: str  # in words: "lead of crisis-house", "sign-off for crisis-house", "staff"


def candidates(root: Path, folders: dict[str, Path]) -> list[Candidate]:
    """The people who may act: leads and sign-off people first, then staff (no lived experience).

    Staff are found among the workbench's people even before there is any response, so a fresh workbench's
    coordinator can choose themself as soon as they have added themself."""
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, load_contributors, load_partial

    roles: dict[str, list[str]] = {}
    wb = Workbench(root)
    load_contributors(wb, Problems())  # a file that does not load is not offered; the people page says why
    staff = {
        pid
        for pid, person in wb.contributors.items()
        if not person.data.lived_experience and person.data.consent.withdrawn is None
    }
    for slug, folder in folders.items():
        _, response, _ = load_partial(folder)
        if response is None:
            continue
        if response.data.lead:
            roles.setdefault(response.data.lead, []).append(f"lead of {slug}")
        for pid in response.data.signoff:
            roles.setdefault(pid, []).append(f"signs off {slug}")
    out = [Candidate(pid, ", ".join(said)) for pid, said in sorted(roles.items())]
    out += [Candidate(pid, "staff") for pid in sorted(staff - set(roles))]
    return out


async def choose(request: Request) -> Response:
    st = kit.state(request)
    people = await asyncio.to_thread(candidates, st.root, st.folders)
    fixed = kit.config(request).acting is not None
    return kit.render(request, "acting.html.j2", title="Who is acting", people=people, fixed=fixed)


async def chosen(request: Request) -> Response:
    data = await kit.form(request)
    st = kit.state(request)
    people = await asyncio.to_thread(candidates, st.root, st.folders)
    pick = data.get("person", "")
    session = kit.session(request)
    if kit.config(request).acting is not None or session is None:
        return kit.see_other("/acting")
    if pick not in {p.id for p in people}:
        errors = [{"field": "person-0" if people else None, "text": "Choose who you are from the list"}]
        return kit.render(
            request, "acting.html.j2", status=400, title="Who is acting", people=people, fixed=False, errors=errors
        )
    session.acting = pick
    return kit.see_other("/", flash=f"You are acting as {pick}. Changes you make are recorded as theirs.")


routes: list[BaseRoute] = [Route("/acting", choose), Route("/acting", chosen, methods=["POST"])]
