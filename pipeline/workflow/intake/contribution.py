"""Name and write the contribution a file becomes, and keep its original beside the record."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import yaml

from pipeline.render.write import write_atomic
from pipeline.vocabulary import numbered
from pipeline.workflow.intake.match import Place
from pipeline.workflow.intake.record import INTAKE_DIR

FIRST_NUMBER = 90  # a question or section with no files yet: its intake files come late in its group


def file_name(place: Place, by: list[str], existing: dict[str, str], taken: Iterable[str]) -> str:
    """`NN-<place>-<who>-intake.md`, sorting after every file already in its place, overwriting none.

    `existing` maps each contribution file name to its place key; `taken` are all names in use.
    The build orders a place's files by name, so the new name must sort after them as text.
    """
    used = set(taken)
    mine = sorted(name for name, key in existing.items() if key == place.key)
    last = mine[-1] if mine else ""
    lead = re.match(r"\d+", last)
    start = int(lead.group()) + 1 if lead else FIRST_NUMBER
    stem = f"{place.key}-{'-'.join(by)}-intake"
    candidates = [numbered(n, stem) for n in range(min(start, 99), 100)]
    candidates += [f"99-{stem}-{n}" for n in range(2, 1000)]
    return next(c + ".md" for c in candidates if c + ".md" > last and c + ".md" not in used)


def front_matter(place: Place, by: list[str], source: str) -> str:
    fields: dict[str, object] = {"answers": place.answers} if place.answers else {"section": place.section}
    if place.title:
        fields["title"] = place.title
    fields.update({"by": by, "status": "draft"})
    body = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, default_flow_style=None, width=1000)
    comment = f"# taken in from {source} by coproduce intake; see {INTAKE_DIR}/record.yaml"
    return f"---\n{comment}\n{body}---\n"


def copy_path(response_dir: Path, source: str, data: bytes) -> Path:
    """Where the original goes: its shared-folder path under intake/, renamed only if that holds other bytes."""
    relative = PurePosixPath(source)
    folder = response_dir / INTAKE_DIR / relative.parent
    candidate = folder / relative.name
    n = 2
    while candidate.exists() and candidate.read_bytes() != data:
        candidate = folder / f"{relative.stem}-{n}{relative.suffix}"
        n += 1
    return candidate


def write_contribution(path: Path, text: str) -> None:
    if path.exists():  # file_name never picks one; a file may still appear between then and now
        raise FileExistsError(17, "File exists", str(path))
    write_atomic(path, text.encode("utf-8"))


def write_original(path: Path, data: bytes) -> None:
    if not path.exists():
        write_atomic(path, data)
