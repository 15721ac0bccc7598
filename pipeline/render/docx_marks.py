"""Invisible provenance marks: which contribution each paragraph of a built Word file came from.

Each run of consecutive blocks from one contribution is wrapped in bookmarks named
`_cp_<n>_<hash8>` (Word keeps bookmarks whose names start with "_" out of its list, LibreOffice
keeps them through .docx and .odt). `hash8` is the first 8 hex digits of a SHA-256 over the
contribution's path and its blocks as the model holds them, so `coproduce review` can recompute
the same mark from the workbench (`mark_groups`) and tell which contribution, and which version
of it, a paragraph came from. No name and no file name is written: only the hash. The reader
sees and hears nothing of it; the same input gives the same bookmarks.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import PurePath
from typing import Any, cast

from pipeline import model as m
from pipeline.render.docx_fast import append, clark, element

PREFIX = "_cp_"
MARK = re.compile(r"^_cp_(\d+)_([0-9a-f]{8})$")
FIRST_ID = 100_000  # above the contents' _Toc bookmarks (1, 2, ...)


def _path(block: m.Block) -> str:
    return getattr(block, "source", m.NO_SOURCE).path


def contribution_runs(blocks: tuple[m.Block, ...]) -> Iterator[tuple[str, tuple[m.Block, ...]]]:
    """Consecutive blocks from one contribution, with its path (blocks with no file: "<generated>")."""
    for path, group in groupby(blocks, key=_path):
        yield path, tuple(group)


def mark_hash(path: str, blocks: tuple[m.Block, ...]) -> str:
    """8 hex digits naming this contribution's path and this version of its blocks (wherever the workbench is)."""
    data = json.dumps([path, _canonical(blocks)], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:8]


_FIELDS: dict[type, tuple[str, ...] | None] = {}  # each model class's field names (None: not a dataclass)


def _canonical(value: object) -> object:
    """The model as plain data: a picture by its bytes' hash and its file's name, never the folder it is in.

    Every block of a long response goes through here once per build: each class's fields are looked up once."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is tuple or kind is list:
        return [_canonical(v) for v in value]  # type: ignore[attr-defined]
    if kind not in _FIELDS:
        is_model = dataclasses.is_dataclass(kind)
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(cast(Any, kind))) if is_model else None
    if (names := _FIELDS[kind]) is not None:
        return [kind.__name__, *(_canonical(getattr(value, name)) for name in names)]
    if isinstance(value, PurePath):
        return value.name
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)


def mark_groups(doc: m.Document) -> Iterator[tuple[str, str, tuple[m.Block, ...]]]:
    """(path, hash8, blocks) for every contribution run the Word file marks, in document order."""
    for section in doc.sections:
        parts: Iterable[tuple[m.Block, ...]] = (section.blocks, *(a.blocks for a in section.answers))
        for blocks in parts:
            for path, run in contribution_runs(blocks):
                if path != m.NO_SOURCE.path:
                    yield path, mark_hash(path, run), run


def mark(body: Any, after: Any | None, number: int, path: str, blocks: tuple[m.Block, ...]) -> int:
    """Mark the paragraphs added to `body` after the element `after` (`end(body)` before they were added; None:
    from the body's first) as this contribution run's; the next number.

    One bookmark over each stretch of paragraphs, and one inside each table cell: a bookmark that runs
    from a paragraph into a table is lost on the way through LibreOffice's .odt."""
    if path == m.NO_SOURCE.path:
        return number
    name = f"{PREFIX}{{}}_{mark_hash(path, blocks)}"
    stretches: list[list[Any]] = []
    last_was_paragraph = False
    el = after.getnext() if after is not None else next(body.iterchildren(), None)
    while el is not None:
        if el.tag == clark("w:p"):
            if not last_was_paragraph:
                stretches.append([])
            stretches[-1].append(el)
            last_was_paragraph = True
        elif el.tag == clark("w:tbl"):
            stretches.extend(list(tc.iterchildren(clark("w:p"))) for tc in el.iter(clark("w:tc")))
            last_was_paragraph = False
        el = el.getnext()
    for stretch in stretches:
        if stretch:
            _wrap(stretch[0], stretch[-1], FIRST_ID + number, name.format(number))
            number += 1
    return number


def _wrap(head: Any, tail: Any, bookmark_id: int, name: str) -> None:
    start = element("w:bookmarkStart", {clark("w:id"): str(bookmark_id), clark("w:name"): name})
    head.insert(1 if head.find(clark("w:pPr")) is not None else 0, start)
    append(tail, "w:bookmarkEnd", {clark("w:id"): str(bookmark_id)})


def end(body: Any) -> Any | None:
    """The last block the body holds now, its closing section properties not counted (None: it has none): what
    is added next goes after it. Found from the end: lxml counts and indexes children by walking them from the
    first, so counting them for each contribution made a long response's Word file quadratic (issue 23: 5,000
    contributions took 21 times as long as 1,000)."""
    last = next(body.iterchildren(reversed=True), None)
    if last is not None and last.tag == clark("w:sectPr"):
        return last.getprevious()
    return last
