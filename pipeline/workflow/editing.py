"""Careful edits of a response's questions and of a contribution's words, for the workbench and any tool.

Every edit changes only what it is about: the question's own lines in response.yaml, the text below a
contribution's front matter, one picture's alt text, the `by:` line. The rest of the file (comments,
layout, a byte-order mark) is kept byte for byte by `yamledit`, and every write is atomic (a temporary
file in the same folder, then os.replace), so a reader never sees half a file. What would not load
afterwards is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import CoproduceError, Problem, Problems
from pipeline.load.files import TEXT_LIMIT
from pipeline.load.schema import FrontMatter, Response, validate
from pipeline.load.workbench import Contribution, ResponseFolder, Workbench, load_contributors, load_response
from pipeline.load.yamlsource import load_yaml
from pipeline.workflow.starting import AnswersRefused, check_writers, keep_withdrawn
from pipeline.workflow.yamledit import (
    EditError,
    cannot_edit,
    front_matter_span,
    read_raw,
    remove_yaml_field,
    set_front_matter,
    set_yaml_field,
    write_raw,
)


def loaded(wb: Workbench, folder: Path) -> ResponseFolder:
    """The response as the edit finds it; one that does not load is fixed first (check says how)."""
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, folder, problems)
    if response is None:
        raise CoproduceError(problems.blocking(draft=True), "fix these first")
    return response


# ================================================================ questions


@dataclass(frozen=True)
class QuestionEdit:
    """A question's text and limits as typed in a form; blank limits mean none."""

    text: str
    limit: str = ""
    chars: str = ""
    unanswered: bool = False
    reason: str = ""  # why it is left unanswered, if given


def _whole(value: str, subject: str, what: str, where: str) -> int | None:
    said = value.strip().replace(",", "")
    if not said:
        return None
    if said.isdigit() and int(said) > 0:
        return int(said)
    raise AnswersRefused(
        [
            Problem(
                where,
                None,
                f"the {what} '{value.strip()}' is not a whole number above 0",
                f"write the {what} as a number, like 250, or leave it empty for none",
                code="usage.bad-limit",
                subject=subject,
            )
        ]
    )


def edit_question(wb: Workbench, folder: Path, qid: str, edit: QuestionEdit) -> Path:
    """Change question `qid`'s text, limits and `unanswered:` mark in response.yaml, keeping the rest."""
    response = loaded(wb, folder)
    shown = response.shown
    index = next((i for i, q in enumerate(response.data.questions) if q.id == qid), None)
    if index is None:
        raise AnswersRefused(
            [
                Problem(
                    shown,
                    None,
                    f"there is no question '{qid}'",
                    "choose a question listed",
                    code="usage.unknown-question",
                )
            ]
        )
    problems: list[Problem] = []
    text = " ".join(edit.text.split())
    if not text:
        problems.append(
            Problem(
                shown,
                None,
                "the question has no text",
                "write the question",
                code="usage.question-empty",
                subject="text",
            )
        )
    numbers: dict[str, int | None] = {}
    for key, what in (("limit", "word limit"), ("chars", "character limit")):
        try:
            numbers[key] = _whole(getattr(edit, key), key, what, shown)
        except AnswersRefused as exc:
            problems += exc.problems
    if problems:
        raise AnswersRefused(problems, "nothing was changed")
    path = folder / "response.yaml"
    raw, bom = read_raw(path)
    mark: object = (" ".join(edit.reason.split()) or True) if edit.unanswered else None
    try:
        raw = set_yaml_field(raw, ("questions", index, "text"), text)
        for key, value in (("limit", numbers["limit"]), ("chars", numbers["chars"]), ("unanswered", mark)):
            if value is None:
                raw = remove_yaml_field(raw, ("questions", index, key))
            else:
                raw = set_yaml_field(raw, ("questions", index, key), value)
    except EditError as exc:
        raise cannot_edit(shown, f"questions: {qid}", str(exc)) from None
    must_load(raw, shown, Response)
    write_raw(path, raw, bom)
    return path


def must_load(text: str, shown: str, model: type[Response] | type[FrontMatter], offset: int = 0) -> None:
    """What is about to be written must load and validate, or nothing is written."""
    located, problems = load_yaml(text, shown, offset)
    if located is not None:
        _, found = validate(model, located, shown)
        problems.extend(found)
    if problems:
        raise CoproduceError(problems, "nothing was changed: it would not load")


# ============================================================ contributions


def contribution_of(wb: Workbench, folder: Path, stem: str) -> tuple[ResponseFolder, Contribution]:
    """The response's loaded contribution whose file is `<stem>.md`; never a path from outside."""
    response = loaded(wb, folder)
    found = next((c for c in response.contributions if c.path.stem == stem), None)
    if found is None:
        raise AnswersRefused(
            [Problem(response.shown, None, f"there is no contribution {stem}", "", code="usage.unknown-file")]
        )
    return response, found


def split_raw(path: Path) -> tuple[str, str, str]:
    """(front matter with its --- lines, the text below it, the byte-order mark), exactly as in the file."""
    raw, bom = read_raw(path)
    span = front_matter_span(raw)
    if span is None:
        return "", raw, bom
    closing = raw.find("\n", span.end)
    cut = len(raw) if closing < 0 else closing + 1
    return raw[:cut], raw[cut:], bom


def save_text(c: Contribution, body: str) -> None:
    """Replace the words below the front matter; the front matter stays byte for byte."""
    head, _, bom = split_raw(c.path)
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if body and not body.endswith("\n"):
        body += "\n"
    if len((bom + head + body).encode("utf-8")) > TEXT_LIMIT:  # a file no command would read again: not written
        limit = TEXT_LIMIT // (1024 * 1024)
        fix = "split a long text into several contributions"
        raise CoproduceError([Problem(c.shown, None, f"the text would be over {limit} MB", fix, code="file.too-large")])
    write_raw(c.path, head + body, bom)


# a picture in Markdown: ![alt](target "title"); the alt may hold escaped brackets
PICTURE = re.compile(r"!\[(?P<alt>(?:\\.|[^\]\\\n])*)\]\((?P<src><[^>\n]*>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Picture:
    number: int  # 1, 2, ... in the order they appear
    alt: str
    src: str
    start: int  # where the alt text starts in the body
    end: int


def pictures_in(body: str) -> list[Picture]:
    """The pictures of a contribution's text, outside code blocks and code spans."""
    found: list[Picture] = []
    at, fence = 0, ""
    for line in body.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        else:
            spans = [(m.start(), m.end()) for m in re.finditer(r"(`+)(?:.+?)\1", line)]
            for m in PICTURE.finditer(line):
                if any(s <= m.start() < e for s, e in spans):
                    continue
                alt = re.sub(r"\\(.)", r"\1", m.group("alt"))
                found.append(
                    Picture(len(found) + 1, alt, m.group("src").strip("<>"), at + m.start("alt"), at + m.end("alt"))
                )
        at += len(line)
    return found


def with_alt_texts(body: str, alts: dict[int, str]) -> str:
    """The text with picture number n's alt text set to alts[n]: one line, square brackets made round."""
    out, last = [], 0
    for p in pictures_in(body):
        if p.number not in alts:
            continue
        said = " ".join(alts[p.number].split())
        # square brackets would end the alt text early, and an escape shows as a backslash in some readers
        said = said.replace("[", "(").replace("]", ")").replace("\\", "/")
        out += [body[last : p.start], said]
        last = p.end
    return "".join(out) + body[last:]


def set_writers(wb: Workbench, c: Contribution, by: list[str], today: dt.date) -> None:
    """Who wrote it, by the same rules as `coproduce add --by`: contributors taking part today."""
    withdrawn = [pid for pid in (*c.meta.by, *c.meta.handed_over_from) if pid not in by]
    keep_withdrawn(wb, withdrawn, [], today)  # before anything else: their words never pass to another name
    people = check_writers(wb, by, today)
    raw, bom = read_raw(c.path)
    try:
        edited = set_front_matter(raw, {"by": people})
    except EditError as exc:
        raise cannot_edit(c.shown, f"by: {people}", str(exc)) from None
    span = front_matter_span(edited)
    if span is not None:
        must_load(edited[span.start : span.end], c.shown, FrontMatter)
    write_raw(c.path, edited, bom)
