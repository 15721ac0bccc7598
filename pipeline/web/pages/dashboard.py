"""Next steps: for each response, what to do now (a first version; see the dashboard template)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.web import kit


async def home(request: Request) -> Response:
    st = kit.state(request)
    if st.acting is None:
        return kit.see_other("/acting")
    return kit.render(request, "dashboard.html.j2", title="Next steps", responses=[])


routes: list[BaseRoute] = [Route("/", home)]
