"""Next steps: for each response, the days left and what to do now, as links; its problems in plain words."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.web import kit
from pipeline.web.next_steps import next_steps
from pipeline.web.watching import consultations_ahead


async def home(request: Request) -> Response:
    st = kit.state(request)
    if st.acting is None:
        return kit.see_other("/acting")
    shown = []
    for slug, folder in st.folders.items():
        steps = await asyncio.to_thread(next_steps, folder, st.settings_today)
        problems = await asyncio.to_thread(kit.plain_all, steps.problems, st.root, [folder], on=st.settings_today)
        shown.append({"slug": slug, "steps": steps, "problems": problems})
    coming, watch_problems = await asyncio.to_thread(
        consultations_ahead, st.root, st.folders.values(), st.settings_today
    )
    return kit.render(
        request, "dashboard.html.j2", title="Next steps", responses=shown, ahead=coming, watch_problems=watch_problems
    )


routes: list[BaseRoute] = [Route("/", home)]
