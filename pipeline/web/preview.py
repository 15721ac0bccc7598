"""The draft page of a response as a draft build would make its HTML, with each problem beside its paragraph.

The page is rendered with source marks (`<!--src N:line:end-->`, N an index into a table kept here, so no
file name goes into the page), read by the same guard as a build, and only then are the problems put
before the blocks they are about and the marks removed. A preview the guard refuses shows problems,
never the page. A build never has marks (render/html.py adds them only when asked).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from markupsafe import Markup

from pipeline.errors import CoproduceError, Problem
from pipeline.render.context import RenderContext
from pipeline.render.guard import guard
from pipeline.render.html_body import SOURCE_MARK
from pipeline.web import runs
from pipeline.web.hiding import NOTHING_HIDDEN, Hider, hider_from

IGNORED = ("build", ".git", ".venv", "__pycache__", "node_modules")  # folders whose changes are not the user's work


@dataclasses.dataclass(frozen=True)
class Preview:
    ok: bool
    html: str  # the page, with problems beside their paragraphs; "" when it cannot be shown
    problems: list[Problem]  # every problem: those that stop it, or those that do not


def preview(folder: Path, today: dt.date) -> Preview:
    """The response as a draft build would make its HTML, or the problems that stop it."""
    try:
        checked = runs.checked_draft(folder, today)
        checked.problems.raise_if_errors(draft=True)
        doc = checked.assembly.document  # marked a draft here only: `checked` may be kept for other views
        doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, draft=True))
        from pipeline.render.html import render_page

        look = checked.workbench.template_dirs
        files: list[str] = []
        ctx = RenderContext(
            templates=look[0],
            response_dir=checked.response.dir,
            fallback=look[1:],
            source_marks=True,
            source_files=files,
        )
        marked = render_page(doc, ctx, for_pdf=False)
        slug = doc.meta.slug
        leaks = guard(checked, {f"{slug}.html": marked.encode("utf-8")})
        if leaks:
            return Preview(False, "", sorted(leaks, key=Problem.sort_key))
        notices = sorted(checked.problems.notices(draft=True), key=Problem.sort_key)
        hide = hider_from(checked.assembly.identities)  # a note may quote the private word it found
        return Preview(True, beside_their_paragraphs(marked, notices, files, hide), notices)
    except CoproduceError as exc:
        said = exc.summary or "the preview could not be made"
        problems = exc.problems or [Problem("", None, said, code="serve.stopped")]
        return Preview(False, "", list(problems))


NOTE_STYLE = (
    "<style>.coproduce-problem{border-left:5px solid #b00020;background:#fff4f4;color:#1a1a1a;"
    "margin:.5rem 0;padding:.25rem .75rem;font:0.9rem/1.4 sans-serif}"
    ".coproduce-problem ul{margin:0;padding-left:1.2rem}.coproduce-problem small{color:#505a5f}</style>"
)


def _note(problem: Problem, hide: Hider) -> Markup:
    from pipeline.web.kit import details

    where = hide(details(problem))
    fix = Markup(" %s") % hide(problem.fix) if problem.fix else Markup("")
    return Markup("<li>%s.%s <small>(%s)</small></li>") % (hide(problem.message).rstrip("."), fix, where)


def beside_their_paragraphs(text: str, problems: list[Problem], files: list[str], hide: Hider = NOTHING_HIDDEN) -> str:
    """Put each problem just before the block it is about, using the marks; then remove the marks.

    A problem goes to the innermost block whose lines hold its line; one about no block (response.yaml,
    a person's file) is in the list beside the page only."""
    marks = [(match, int(match["file"]), int(match["line"]), int(match["end"])) for match in SOURCE_MARK.finditer(text)]
    of_file: dict[str, list[tuple[int, int, int]]] = {}  # each file's marks, so a problem looks at its own only
    for n, (_, file, line, end) in enumerate(marks):
        if file < len(files):
            of_file.setdefault(files[file], []).append((n, line, end))
    at: dict[int, list[Problem]] = {}
    for problem in problems:
        holding = [
            (end - line, n)
            for n, line, end in of_file.get(problem.path, ())
            if problem.line and line <= problem.line <= end
        ]
        if holding:
            at.setdefault(min(holding)[1], []).append(problem)
    out, last = [], 0
    for n, (match, *_) in enumerate(marks):
        out.append(text[last : match.start()])
        if n in at:
            items = Markup("").join(_note(p, hide) for p in at[n])
            out.append(Markup('<aside class="coproduce-problem" role="note"><ul>%s</ul></aside>') % items)
        last = match.end()
    out.append(text[last:])
    page = "".join(str(part) for part in out)
    return page.replace("</head>", NOTE_STYLE + "</head>", 1)  # plain strings: a Markup here would escape the tag


def stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """What the user's files look like now (name, size, time): a cached preview is good while this holds."""
    seen = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED and not d.startswith("."))
        for name in sorted(names):
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            seen.append((os.path.join(folder, name), info.st_size, info.st_mtime_ns))
    return tuple(seen)


def user_file(change: object, path: str) -> bool:
    """Saves to contributions, people, response.yaml and templates wake the preview; outputs, git, caches do not."""
    parts = Path(path).parts
    return not any(p in IGNORED or p.startswith(".") for p in parts[-6:-1]) and not path.endswith((".lock", ".part"))
