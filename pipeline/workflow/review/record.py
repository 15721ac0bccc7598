"""`coproduce review FILE.docx RESPONSE`: a reviewed copy turned into suggestions and notes, kept in the workbench.

The record is `responses/<slug>/review/<hash>.yaml` (the hash of the reviewed file's bytes: its name may
hold a name), which no build reads. A reviewer is stored as the contributor id their Word author name
folds to (`workflow/intake/match.person`, the one folding rule), or "a reviewer": the author name itself is
never stored or printed. Reviewing the same file again keeps what was accepted or rejected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.load.schema import Contributor
from pipeline.render.write import write_atomic
from pipeline.settings import Settings
from pipeline.workflow.intake.match import person
from pipeline.workflow.intake.refusal import Refused
from pipeline.workflow.review.placing import Placed, current, new_paragraphs, place, untracked
from pipeline.workflow.review.reading import Change, read_reviewed

FOLDER = "review"
SOMEONE = "a reviewer"
HEADER = "# Written by  coproduce review : suggestions and notes from a reviewed Word file. No build reads it.\n"


@dataclass
class ReviewResult:
    record: Path
    suggestions: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    unsorted: list[dict[str, Any]]


def reviewer(authors: list[str], contributors: Mapping[str, Contributor]) -> str:
    """The contributor id every author name given folds to, else "a reviewer"."""
    ids = set()
    for author in authors:
        try:
            ids.add(person(author, contributors) if author.strip() else SOMEONE)
        except Refused:
            ids.add(SOMEONE)
    return ids.pop() if len(ids) == 1 else SOMEONE


def records(response_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    folder = response_dir / FOLDER
    found = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict):
            found.append((path, data))
    return found


def save(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(exist_ok=True)
    text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    write_atomic(path, text.encode("utf-8"))


def review(docx: Path, shown: str, response_dir: Path, settings: Settings) -> ReviewResult:
    reviewed = read_reviewed(docx, shown)
    now = current(response_dir, settings)
    contributors = {pid: cf.data for pid, cf in now.loaded.workbench.contributors.items()}
    placed = place(reviewed, now)
    new_paragraphs(placed)
    key = hashlib.sha256(docx.read_bytes()).hexdigest()[:12]
    path = response_dir / FOLDER / f"{key}.yaml"
    before = {_key(s): s for _, data in records(response_dir) for s in data.get("suggestions", [])}
    number = 1 + max(
        [
            _number(s["id"])
            for _, d in records(response_dir)
            if _ != path
            for s in (*d.get("suggestions", []), *d.get("notes", []))
        ],
        default=0,
    )

    def next_id(prefix: str) -> str:
        nonlocal number
        number += 1
        return f"{prefix}{number - 1}"

    suggestions: list[dict[str, Any]] = []
    for item in placed:
        if item.path is None:
            continue
        name = Path(item.path).name
        for change in item.para.changes:
            suggestions.append(_suggestion(name, change, reviewer(change.authors, contributors), True))
        if item.built:
            for change in untracked(item.built, item.para.original):
                suggestions.append(_suggestion(name, change, SOMEONE, False))
    for s in suggestions:
        old = before.get(_key(s))
        s["id"] = old["id"] if old else next_id("s")
        s["state"] = old["state"] if old else "open"
    by_index = {i: p for i, p in enumerate(placed)}
    notes: list[dict[str, Any]] = []
    for c in reviewed.comments:
        where = by_index.get(c.paragraph)
        notes.append(
            {
                "id": "",
                "file": Path(where.path).name if where and where.path else None,
                "by": reviewer([c.author], contributors),
                "words": c.words,
                "about": c.anchored.strip(),
            }
        )
    old_notes = {
        (n.get("file"), n.get("words"), n.get("about")): n["id"]
        for _, d in records(response_dir)
        for n in d.get("notes", [])
    }
    for n in notes:
        n["id"] = old_notes.get((n["file"], n["words"], n["about"])) or next_id("n")
    unsorted = [
        {"text": p.para.revised, "reason": p.reason}
        for p in placed
        if p.path is None and p.reason != "empty" and (p.para.changes or _commented(p, placed, reviewed))
    ]
    data = {"reviewed_on": settings.today.isoformat(), "suggestions": suggestions, "notes": notes, "unsorted": unsorted}
    save(path, data)
    return ReviewResult(path, suggestions, notes, unsorted)


def _commented(p: Placed, placed: list[Placed], reviewed: Any) -> bool:
    index = placed.index(p)
    return any(c.paragraph == index for c in reviewed.comments)


def _suggestion(name: str, change: Change, by: str, tracked: bool) -> dict[str, Any]:
    return {
        "id": "",
        "file": name,
        "by": by,
        "tracked": tracked,
        "before": change.before,
        "old": change.old,
        "new": change.new,
        "after": change.after,
        "state": "open",
    }


def _key(s: Mapping[str, Any]) -> tuple[object, ...]:
    return (s.get("file"), s.get("before"), s.get("old"), s.get("new"), s.get("after"), s.get("tracked"))


def _number(sid: object) -> int:
    text = str(sid)[1:]
    return int(text) if text.isdigit() else 0


def open_items(response_dir: Path) -> dict[str, list[str]]:
    """Per contribution file, each open suggestion and each note, in a line: what `status` shows."""
    found: dict[str, list[str]] = {}
    for _, data in records(response_dir):
        for s in data.get("suggestions", []):
            if s.get("state") == "open":
                how = "" if s.get("tracked") else ", untracked edit"
                said = f"\u201c{s.get('old', '')}\u201d \u2192 \u201c{s.get('new', '')}\u201d"
                line = f"{s['id']}: {said} (by {s['by']}{how})"
                found.setdefault(s.get("file") or "unsorted", []).append(line)
        for n in data.get("notes", []):
            line = f"{n['id']}: note by {n['by']}: \u201c{n.get('words', '')}\u201d"
            if n.get("about"):
                line += f" on \u201c{n['about']}\u201d"
            found.setdefault(n.get("file") or "unsorted", []).append(line)
        for u in data.get("unsorted", []):
            found.setdefault("unsorted", []).append(f"\u201c{u.get('text', '')}\u201d ({u.get('reason', '')})")
    return found
