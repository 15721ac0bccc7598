"""What every page of the workbench uses: who and what a request is about, pages, forms, redirects, problems.

Page modules (pipeline/web/pages/*.py) use only these names, so the security layer, the templates and the
way a problem is told stay decided here once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from pipeline.errors import Problem
from pipeline.load.cache import memo, workbench_of
from pipeline.load.workbench import SHIPPED_TEMPLATES
from pipeline.settings import make_settings
from pipeline.web.addresses import contribution_url
from pipeline.web.fixes import in_page_words
from pipeline.web.security import CSRF_FIELD, Security, Session, current_session


@dataclasses.dataclass(frozen=True)
class WebState:
    root: Path
    folders: dict[str, Path]  # slug -> response folder: the only folders a request can name
    acting: str | None  # the contributor id of the person using the page
    settings_today: dt.date  # make_settings().today (the one reader of the clock), read once for this request


@dataclasses.dataclass(frozen=True)
class Config:
    """What make_app was given, kept on app.state.web."""

    root: Path
    folders: dict[str, Path]
    port: int
    acting: str | None  # from --as: then nobody is asked
    watch: bool
    security: Security


@dataclasses.dataclass(frozen=True)
class PlainProblem:
    what: str  # the message
    fix: str
    where: str  # the contribution's title and question, "response settings", "Ada's record", ...
    link: str | None  # where to open it in the workbench
    details: str  # file:line:col, for those who want it
    severity: str = "error"
    also: tuple[str, str] | None = None  # a second way to fix it: (what to do, where), like listing an ordinary word


def config(request: Request) -> Config:
    found: Config = request.app.state.web
    return found


def session(request: Request) -> Session | None:
    return current_session()


def state(request: Request) -> WebState:
    cfg = config(request)
    chosen = current_session()
    acting = cfg.acting or (chosen.acting if chosen else None)
    today = getattr(request.state, "coproduce_today", None)
    if today is None:  # the clock is read once a request, through the one reader of it
        today = request.state.coproduce_today = make_settings().today
    return WebState(cfg.root, cfg.folders, acting, today)


def folder_or_404(request: Request) -> Path:
    """The served response named by the `slug` in the address; a 404 for anything else."""
    slug = request.path_params.get("slug")
    folder = config(request).folders.get(slug) if isinstance(slug, str) else None
    if folder is None:
        raise HTTPException(404, "There is no such response in this workbench.")
    return folder


@cache
def _pages() -> jinja2.Environment:
    """The tool's own screens (templates/serve/): always the shipped ones, whatever the workbench's look."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SHIPPED_TEMPLATES / "serve")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["csrf_field"] = CSRF_FIELD
    return env


def nav(request: Request) -> list[dict[str, Any]]:
    """The header's links: every response, the people and sessions pages, and who is acting."""
    here = request.url.path
    links = [("/", "Next steps")]
    links += [(f"/r/{slug}/preview", f"Preview {slug}") for slug in config(request).folders]
    links += [("/people", "People"), ("/acting", "Who is acting")]
    return [{"href": href, "label": label, "current": href == here} for href, label in links]


def csrf(request: Request) -> str:
    chosen = current_session()
    return config(request).security.csrf(chosen.id) if chosen else ""


def render(request: Request, template: str, *, status: int = 200, **values: Any) -> HTMLResponse:
    """A page from templates/serve/, autoescaped, with `csrf`, `acting`, `nav` and `flash` added."""
    chosen = current_session()
    flash = list(chosen.flash) if chosen else []
    if chosen:
        chosen.flash.clear()
    values = {
        "csrf": csrf(request),
        "acting": state(request).acting,
        "nav": nav(request),
        "flash": flash,
        "errors": [],
        **values,
    }
    return HTMLResponse(_pages().get_template(template).render(**values), status_code=status)


async def form(request: Request) -> dict[str, str]:
    """The posted form's text fields, every CRLF made LF; the security layer has checked its CSRF token."""
    async with request.form() as data:
        return {
            key: value.replace("\r\n", "\n").replace("\r", "\n")
            for key, value in data.multi_items()
            if isinstance(value, str) and key != CSRF_FIELD
        }


def see_other(url: str, flash: str | None = None) -> RedirectResponse:
    """The answer to every successful POST: go to `url` (a path of ours) and show `flash` there once."""
    if not url.startswith("/") or url.startswith("//"):
        url = "/"
    chosen = current_session()
    if flash and chosen is not None:
        chosen.flash.append(flash)
    return RedirectResponse(url, status_code=303)


def flash(message: str) -> None:
    """Show `message` once more on the next page this session sees, after the one `see_other` gave."""
    chosen = current_session()
    if message and chosen is not None:
        chosen.flash.append(message)


def details(problem: Problem) -> str:
    where = problem.path
    if problem.line:
        where += f":{problem.line}" + (f":{problem.column}" if problem.column else "")
    return where


def plain(
    problem: Problem, root: Path, *, titles: dict[str, str] | None = None, hide: Callable[[str], str] | None = None
) -> PlainProblem:
    """A problem told for a coordinator: what, how to fix it, where in words, and a link to open it.

    `titles` maps a file as problems name it to its title and question in words; `plain_all` makes it once.
    """
    parts = PurePosixPath(problem.path.replace("\\", "/")).parts
    where, link = problem.path, None
    slug = parts[1] if len(parts) >= 2 and parts[0] == "responses" else None
    if len(parts) >= 3 and parts[0] == "responses":
        if parts[-1] == "response.yaml":
            where, link = f"response settings ({slug})", f"/r/{slug}"
        elif parts[-1].endswith(".md") and len(parts) == 3:
            where = (titles or {}).get(problem.path) or f"contribution {parts[-1]}"
            link = contribution_url(parts[1], parts[-1])
        elif len(parts) >= 4 and parts[2] == "unsorted":
            where, link = f"unsorted draft {parts[-1]}", f"/r/{slug}/intake"
    elif len(parts) == 2 and parts[0] == "contributors" and parts[1].endswith((".yaml", ".yml")):
        pid = PurePosixPath(parts[1]).stem
        where, link = f"{pid}'s record", f"/people/{pid}"
    also = None
    if problem.code == "name.word" and problem.subject:  # the fix may be the person's ordinary_words
        also = (
            f"If it is an ordinary word here, list it in {problem.subject}'s record",
            f"/people/{problem.subject}#ordinary",
        )
    fix, said = problem.fix, details(problem)
    if (paged := in_page_words(problem.code, slug)) is not None:  # the pages' buttons, not a command to type
        fix, link = paged.fix, paged.page or link
        said = f"{said} · by command: {problem.fix}"
    shown = hide or (lambda text: text)  # a message may quote the private word it found: pages show none
    return PlainProblem(shown(problem.message), shown(fix), shown(where), link, shown(said), problem.severity, also)


@memo(lambda folder: workbench_of(folder))  # kept while no file of the workbench changes (pipeline/load/cache.py)
def titles_of(folder: Path) -> dict[str, str]:
    """Each contribution of a response, as problems name it, to its title and question in words."""
    from pipeline.load.workbench import load_partial

    wb, response, _ = load_partial(folder)
    if response is None:
        return {}
    questions = {q.id: q.text for q in response.data.questions}
    out = {}
    for c in response.contributions:
        meta = c.meta
        if meta.answers:
            text = questions.get(meta.answers, "")
            said = f"answer to {meta.answers}" + (f" ({text})" if text else "")
        else:
            said = f"section {meta.title or meta.section}"
        out[c.shown] = f"{c.name}, {said}"
    return out


def plain_all(
    problems: Iterable[Problem], root: Path, folders: Iterable[Path] = (), *, on: dt.date
) -> list[PlainProblem]:
    """`plain` for many problems, each response read once for the titles, and no private name shown."""
    from pipeline.web.hiding import hider_of

    folders = list(folders)
    titles: dict[str, str] = {}
    for folder in folders:
        titles.update(titles_of(folder))
    hide = hider_of(root, folders, on)  # the request's day (state(request).settings_today)
    return [plain(p, root, titles=titles, hide=hide) for p in sorted(problems, key=Problem.sort_key)]
