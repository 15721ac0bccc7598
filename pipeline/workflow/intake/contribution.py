"""Name and write the contribution a file becomes, and keep its original beside the record."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

import yaml

from pipeline.privacy.matcher import NameMatcher
from pipeline.render.write import write_atomic
from pipeline.vocabulary import NUMBER, next_number, numbered, place_files, rank_of
from pipeline.workflow.intake.match import Place
from pipeline.workflow.intake.record import INTAKE_DIR


def file_name(
    place: Place, by: list[str], existing: dict[str, str], taken: Iterable[str], question_ids: Sequence[str]
) -> str:
    """`NN-<place>-<who>-intake.md`, numbered as `coproduce add` numbers files, overwriting none.

    `existing` maps each contribution file name to its place key; `taken` are all names in use.
    The build merges files in name order, so the new name sorts after every file of its place and
    of the places before it (a q1 file before the q3 files), and before the places after it.
    """
    names = {n for n in (*taken, *existing) if n.endswith(".md") and NUMBER.match(n)}
    numbers = [
        (match.group(1), rank_of(existing[n], question_ids) if existing.get(n) else None)
        for n in sorted(names)
        if (match := NUMBER.match(n))
    ]
    number = next_number(place_files(numbers), rank_of(place.key, question_ids), len(question_ids))
    return numbered(number, f"{place.key}-{'-'.join(by)}-intake") + ".md"


def front_matter(place: Place | None, by: list[str], source: str, sha256: str = "") -> str:
    """The front matter of a draft; an unsorted one leaves out the place or the authors nothing said.

    The original's sha256 is kept in a comment, so a run that stopped after writing the draft but before
    recording it finds the draft again (`written_from`) rather than writing a second copy.
    """
    fields: dict[str, object] = {}
    if place is not None:
        fields = {"answers": place.answers} if place.answers else {"section": place.section}
        if place.title:
            fields["title"] = place.title
    if by:
        fields["by"] = by
    fields["status"] = "draft"
    body = "".join(  # one line a field, lists as [a, b]: the way coproduce add writes them
        yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=isinstance(value, list), width=1000)
        .removeprefix("{")
        .removesuffix("}\n")
        .rstrip("\n")
        + "\n"
        for key, value in fields.items()
    )
    comment = f"# taken in from {source} by coproduce intake; see {INTAKE_DIR}/record.yaml"
    if sha256:
        comment += f"\n# {ORIGINAL_SHA}{sha256}"
    return f"---\n{comment}\n{body}---\n"


ORIGINAL_SHA = "sha256 of the original: "
_SHA_LINE = re.compile(rf"^# {ORIGINAL_SHA}([0-9a-f]{{64}})$", re.MULTILINE)
FRONT_MATTER_LINES = 40  # the comment is near the top: no need to read a long draft to the end


def original_sha(text: str) -> str:
    """The original's sha256 a draft's front matter names, or "": only the front matter is looked in, as the
    body holds a volunteer's words, which could say anything."""
    lines = text.split("\n", FRONT_MATTER_LINES)[:FRONT_MATTER_LINES]
    if not lines or lines[0].strip() != "---":
        return ""
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), 0)
    found = _SHA_LINE.search("\n".join(lines[1:end]))
    return found.group(1) if found else ""


def written_from(response_dir: Path, sha256: str, folders: Sequence[str], answers: str = "") -> Path | None:
    """A draft already written from the original with this sha256, in the response or one of `folders`; with
    `answers`, only one answering that question (a file answering several makes a draft for each)."""
    for folder in (response_dir, *(response_dir / f for f in folders)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.md")):
            if path.is_symlink() or not path.is_file():
                continue
            try:
                with path.open(encoding="utf-8") as f:
                    head = "".join(line for _, line in zip(range(FRONT_MATTER_LINES), f, strict=False))
            except (OSError, UnicodeDecodeError):
                continue
            if original_sha(head) == sha256 and (not answers or re.search(rf"(?m)^answers: {answers}$", head)):
                return path
    return None


def unsorted_name(source: str, taken: Iterable[str], names: NameMatcher | None = None) -> str:
    """`<its name>-intake.md` in unsorted/, in safe letters, overwriting none. A name of anyone in the
    workbench (`names`: privacy.identity.every_name) is taken out of it: "Kerry Pym notes.docx" becomes
    notes-intake.md, as file names are shown by status and the preview."""
    stem = PurePosixPath(source).stem
    if names is not None:
        for _, start, end in sorted(names.find_mapped(stem), key=lambda found: -found[1]):
            stem = stem[:start] + " " + stem[end:]
    stem = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60].strip("-") or "file"
    used = set(taken)
    name, n = f"{stem}-intake.md", 2
    while name in used:
        name, n = f"{stem}-{n}-intake.md", n + 1
    return name


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
