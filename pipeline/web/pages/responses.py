"""Start a response from pasted questions, and change a question: the rules of `coproduce new`, on a page.

Both forms hand what was typed to the workflow functions the command line calls (`workflow/starting.py`,
`workflow/editing.py`), which find every problem at once; each is shown beside its field, with what was
typed kept. A new response is served from the moment it is written (it joins the workbench's list).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import CoproduceError, Problem
from pipeline.load.workbench import Workbench
from pipeline.web import kit
from pipeline.web.addresses import contribution_url
from pipeline.web.pages import _work

T = TypeVar("T")


def _locked(action: Callable[..., T], *args: Any) -> T:  # one write at a time (pages/_work.WRITING)
    with _work.WRITING:
        return action(*args)


FIELDS = ("slug", "title", "organisation", "consultation", "by", "closes", "url", "lead", "questions")


@dataclass(frozen=True)
class NewTyped:
    """The new-response form as typed."""

    slug: str = ""
    title: str = ""
    organisation: str = ""
    consultation: str = ""
    by: str = ""
    closes: str = ""
    url: str = ""
    lead: str = ""
    questions: str = ""


def errors_of(problems: list[Problem], default: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The error summary (each linking to its field, in the form's order) and the message beside each field."""
    summary: list[dict[str, Any]] = []
    by_field: dict[str, str] = {}
    order = [*FIELDS, "text", "limit", "chars", "unanswered", "reason"]
    for p in sorted(problems, key=lambda p: order.index(p.subject) if p.subject in order else len(order)):
        where = p.subject or default
        said = p.message + (f": {p.fix}" if p.fix else "")
        summary.append({"field": where, "text": said})
        by_field.setdefault(where, said)
    return summary, by_field


def _new_page(request: Request, typed: NewTyped, problems: list[Problem], status: int = 200) -> Response:
    summary, by_field = errors_of(problems, "slug")
    return kit.render(
        request,
        "response_new.html.j2",
        status=status,
        title="Start a response",
        typed=typed,
        errors=summary,
        field_errors=by_field,
    )


async def new_form(request: Request) -> Response:
    lead = kit.state(request).acting or ""
    return _new_page(request, NewTyped(lead=lead), [])


async def new_posted(request: Request) -> Response:
    from pipeline.workflow.starting import ResponseAnswers, start_response

    st = kit.state(request)
    data = await kit.form(request)
    typed = NewTyped(**{k: data.get(k, "") for k in FIELDS})
    answers = ResponseAnswers(
        slug=typed.slug.strip(),
        title=typed.title,
        organisation=typed.organisation,
        consultation=typed.consultation,
        by=typed.by,
        closes=typed.closes.strip() or None,
        url=typed.url,
        lead=typed.lead,
        questions=typed.questions if typed.questions.strip() else None,
        questions_shown="the questions pasted",
    )
    try:
        path, new, skipped = await asyncio.to_thread(_locked, start_response, Workbench(st.root), answers)
    except CoproduceError as exc:
        return _new_page(request, typed, list(exc.problems), status=400)
    kit.config(request).folders[path.parent.name] = path.parent  # served from now on
    n = len(new.questions)
    said = f"Started {path.parent.name} with {n} question{'s' if n != 1 else ''}."
    if skipped:
        said += f" {len(skipped)} line{'s' if len(skipped) != 1 else ''} before the first question were left out."
    return kit.see_other(f"/r/{path.parent.name}", flash=said)


@dataclass(frozen=True)
class QuestionTyped:
    text: str = ""
    limit: str = ""
    chars: str = ""
    unanswered: str = ""
    reason: str = ""


def _question_now(request: Request) -> tuple[Any, Any]:
    from pipeline.workflow.editing import loaded

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    response = loaded(Workbench(st.root), folder)
    qid = request.path_params["qid"]
    q = next((q for q in response.data.questions if q.id == qid), None)
    if q is None:
        raise HTTPException(404, "There is no such question in this response.")
    return response, q


def _question_page(
    request: Request, typed: QuestionTyped | None, problems: list[Problem], status: int = 200
) -> Response:
    try:
        response, q = _question_now(request)
    except CoproduceError as exc:
        st = kit.state(request)
        plain = kit.plain_all(exc.problems, st.root, [], on=st.settings_today)
        slug = request.path_params["slug"]
        return kit.render(
            request, "contribution_broken.html.j2", status=409, title="Cannot be opened", slug=slug, problems=plain
        )
    if typed is None:
        reason = q.unanswered if isinstance(q.unanswered, str) else ""
        typed = QuestionTyped(
            q.text, str(q.limit or ""), str(q.chars or ""), "yes" if q.left_unanswered else "", reason
        )
    summary, by_field = errors_of(problems, "text")
    return kit.render(
        request,
        "question_edit.html.j2",
        status=status,
        title=f"Question {q.id}",
        slug=response.slug,
        qid=q.id,
        typed=typed,
        errors=summary,
        field_errors=by_field,
    )


async def question_form(request: Request) -> Response:
    return await asyncio.to_thread(_question_page, request, None, [])


async def question_posted(request: Request) -> Response:
    from pipeline.workflow.editing import QuestionEdit, edit_question

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    qid = request.path_params["qid"]
    data = await kit.form(request)
    typed = QuestionTyped(**{k: data.get(k, "") for k in QuestionTyped.__dataclass_fields__})
    edit = QuestionEdit(typed.text, typed.limit, typed.chars, bool(typed.unanswered), typed.reason)
    try:
        await asyncio.to_thread(_locked, edit_question, Workbench(st.root), folder, qid, edit)
    except CoproduceError as exc:
        if any(p.code == "usage.unknown-question" for p in exc.problems):
            raise HTTPException(404, "There is no such question in this response.") from None
        return await asyncio.to_thread(_question_page, request, typed, list(exc.problems), 400)
    return kit.see_other(f"/r/{folder.name}#q-{qid}", flash=f"Saved question {qid}.")


async def add_answer(request: Request) -> Response:
    """Start an answer to a question: `coproduce add <slug> --answers QID --by ID`, the same file."""
    from pipeline.workflow.starting import add_contribution

    st = kit.state(request)
    folder = kit.folder_or_404(request)
    qid = request.path_params["qid"]
    data = await kit.form(request)
    by = data.get("by", "").strip()
    try:
        path = await asyncio.to_thread(
            _locked,
            lambda: add_contribution(
                Workbench(st.root),
                folder,
                answers=qid,
                section=None,
                title=None,
                by=[by] if by else [],
                today=st.settings_today,
            ),
        )
    except CoproduceError as exc:
        if any(p.code == "usage.unknown-question" for p in exc.problems):
            raise HTTPException(404, "There is no such question in this response.") from None
        p = exc.problems[0]
        said = p.message + (f": {p.fix}" if p.fix else "")
        return kit.see_other(f"/r/{folder.name}#add-{qid}", flash=f"Nothing was added: {said}")
    from pipeline.workflow.support import warnings_in_file

    done = kit.see_other(
        contribution_url(folder.name, path.name), flash=f"Started {path.name} (a draft): write its text below."
    )
    for warning in await asyncio.to_thread(warnings_in_file, st.root, path):  # as  coproduce add  warns
        kit.flash(warning)
    return done


routes: list[BaseRoute] = [
    Route("/responses/new", new_form),
    Route("/responses/new", new_posted, methods=["POST"]),
    Route("/r/{slug}/q/{qid}", question_form),
    Route("/r/{slug}/q/{qid}", question_posted, methods=["POST"]),
    Route("/r/{slug}/q/{qid}/add", add_answer, methods=["POST"]),
]
