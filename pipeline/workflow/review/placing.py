"""Which contribution each paragraph of a reviewed copy came from, and what the reviewer changed.

A paragraph inside a provenance mark whose hash the current workbench still gives (`render/docx_marks`)
belongs to that contribution, and its text is compared with the same paragraph built from the current
Markdown: a difference Track Changes did not record is an untracked edit. A paragraph with no mark (a copy
not from this workbench) or a mark from an older build is placed by text similarity with the paragraphs
the current build makes; its tracked changes and comments are kept, but an untracked edit cannot be told
from a change made in the workbench since, so none is guessed. A changed or commented paragraph that
cannot be placed is offered as unsorted, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from pipeline.build import Loaded, assemble_stage, load_stage, shape_stage
from pipeline.render.context import RenderContext
from pipeline.render.docx_marks import MARK, mark_groups
from pipeline.settings import Settings
from pipeline.workflow.review.reading import CONTEXT, Change, Para, Reviewed, read_bytes

SIMILAR = 0.6  # how alike a paragraph must be to one of the current build to be placed there
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Placed:
    path: str | None  # the contribution, relative to the workbench; None: unsorted
    para: Para
    built: str | None = None  # the same paragraph as the current Markdown builds it, when known by its mark
    reason: str = ""


@dataclass
class Current:
    """The current build of the response, as a reviewer's copy is compared with it."""

    loaded: Loaded
    paths: dict[str, str]  # mark hash -> contribution path
    built: dict[str, list[str]]  # mark hash -> its paragraphs' text as the current Markdown builds them


def current(response_dir: Path, settings: Settings) -> Current:
    from pipeline.render import docx

    loaded = load_stage(response_dir)
    paths: dict[str, str] = {}
    built: dict[str, list[str]] = {}
    for draft in (True, False):  # the copy may come from a draft or a final build
        doc = shape_stage(loaded, assemble_stage(loaded, _with_draft(settings, draft))).document
        fresh = [(h, p) for p, h, _ in mark_groups(doc) if h not in paths]
        if not fresh:
            continue
        paths.update({h: p for h, p in fresh})
        look = loaded.workbench.template_dirs
        ctx = RenderContext(templates=look[0], response_dir=loaded.response.dir, fallback=tuple(look[1:]))
        for para in read_bytes(docx.render(doc, ctx)).paragraphs:
            found = MARK.match(para.mark or "")
            if found and found.group(2) in dict(fresh):
                built.setdefault(found.group(2), []).append(para.original)
    return Current(loaded, paths, built)


def _with_draft(settings: Settings, draft: bool) -> Settings:
    from dataclasses import replace

    return replace(settings, draft=draft)


def place(reviewed: Reviewed, now: Current) -> list[Placed]:
    placed: list[Placed] = []
    i = 0
    paras = reviewed.paragraphs
    while i < len(paras):
        mark = _hash(paras[i].mark)
        j = i
        while j < len(paras) and _hash(paras[j].mark) == mark:
            j += 1
        found = MARK.match(paras[i].mark or "")
        if found and found.group(2) in now.paths:
            h = found.group(2)
            placed.extend(_pair(paras[i:j], now.paths[h], now.built.get(h, [])))
        else:
            for p in paras[i:j]:
                why = "it has no mark from this workbench" if not found else "it comes from an older build"
                placed.append(_added(p, placed) or _by_similarity(p, now, why))
        i = j
    return placed


def _added(para: Para, placed: list[Placed]) -> Placed | None:
    """A paragraph the reviewer added with Track Changes just after a contribution's paragraph (Word leaves the
    bookmark on the paragraph before): it belongs to that contribution, after that paragraph."""
    if para.original.strip() or not para.revised.strip() or not placed or placed[-1].path is None:
        return None
    return Placed(placed[-1].path, para)


def new_paragraphs(placed: list[Placed]) -> None:
    """A whole paragraph added with Track Changes goes in after the contribution's paragraph before it."""
    for n, item in enumerate(placed):
        if item.path is None or item.para.original.strip():
            continue
        previous = next((p for p in reversed(placed[:n]) if p.path == item.path and p.para.original.strip()), None)
        for change in item.para.changes:
            if previous is not None and not change.before and not change.old and change.new.strip():
                change.before = previous.para.original[-CONTEXT:]
                change.new = "\n\n" + change.new.strip()


def _hash(mark: str | None) -> str | None:
    found = MARK.match(mark or "")
    return found.group(2) if found else mark


def _pair(group: list[Para], path: str, built: list[str]) -> Iterator[Placed]:
    """The reviewed paragraphs of one mark beside the current build's, in order; an added or removed paragraph
    is an untracked edit of the whole paragraph."""
    ops = SequenceMatcher(None, [p.original for p in group], built, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        for k in range(i1, i2):
            paired = j1 + (k - i1) if tag in ("equal", "replace") and j1 + (k - i1) < j2 else None
            yield Placed(path, group[k], built[paired] if paired is not None else "")


def _by_similarity(para: Para, now: Current, why: str) -> Placed:
    if not para.changes and para.original == para.revised and not para.original.strip():
        return Placed(None, para, None, "empty")
    best, where = 0.0, None
    for h, texts in now.built.items():
        for text in texts:
            ratio = SequenceMatcher(None, para.original, text, autojunk=False).ratio()
            if ratio > best:
                best, where = ratio, now.paths[h]
    if where is not None and best >= SIMILAR:
        return Placed(where, para)
    return Placed(None, para, None, f"{why}, and no contribution has a paragraph like it")


def untracked(built: str, original: str) -> list[Change]:
    """What differs between the paragraph as built and as it came back, word by word, each with its context."""
    a, b = _TOKEN.findall(built), _TOKEN.findall(original)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = "".join(a[:i1])[-CONTEXT:]
        after = "".join(a[i2:])[:CONTEXT]
        changes.append(Change("".join(a[i1:i2]), "".join(b[j1:j2]), [], before, after))
    return changes
