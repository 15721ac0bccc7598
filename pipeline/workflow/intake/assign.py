"""File a draft intake left in `unsorted/`: give it its place and its authors, and number it as `add` does.

Only the draft and the pictures intake saved beside it are moved; the
volunteer's original in `intake/` and the shared folder are never touched. The
new file must load as a contribution, or nothing changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pipeline.errors import CoproduceError, Problems, UsageError
from pipeline.load.unsorted import UNSORTED_DIR, read_draft
from pipeline.load.workbench import Workbench, load_contribution, load_contributors, load_response
from pipeline.render.write import write_atomic
from pipeline.workflow.intake import contribution, match, pictures
from pipeline.workflow.intake.record import load_record
from pipeline.workflow.intake.refusal import Refused

FILED_FIELDS = {"answers", "section", "title", "by", "status"}
_SOURCE = re.compile(r"^# taken in from (.*) by coproduce intake;", re.MULTILINE)


def assign(wb: Workbench, path: Path, question: str | None, section: str | None, by: tuple[str, ...]) -> Path:
    """File the unsorted draft at `path`; returns where it now is."""
    response_dir = path.parent.parent
    shown = wb.shown(path)
    if (
        path.is_symlink()
        or not path.is_file()
        or path.suffix != ".md"
        or path.parent.name != UNSORTED_DIR
        or not (response_dir / "response.yaml").is_file()
        or not path.resolve().is_relative_to(wb.root.resolve())
    ):
        raise UsageError(
            f"{shown} is not a draft waiting in a response's {UNSORTED_DIR}/ folder",
            f"give a file like  responses/<slug>/{UNSORTED_DIR}/<name>.md  (coproduce status lists them)",
            code="usage.not-a-contribution",
        )
    if question and section:
        raise UsageError("say where it goes: a question or --section NAME, not both", "like  q3", code="usage.where")
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, response_dir, problems)
    if response is None or any(p.path.startswith("contributors") for p in problems.blocking()):
        raise CoproduceError(problems.blocking(), "fix these first: the draft is filed against them")
    front, body = read_draft(path)
    try:
        if question:
            place = match.question(question, response)
        elif section:
            place = match.section(section, response)
        elif isinstance(front.get("answers"), str):
            place = match.question(str(front["answers"]), response)
        elif isinstance(front.get("section"), str):
            place = match.section(str(front["section"]), response)
        else:
            raise UsageError(
                "say where it goes: give a question, or --section NAME",
                f"like  coproduce assign {shown} q3",
                code="usage.where",
            )
    except Refused as exc:
        code = "usage.unknown-question" if question or not section else "usage.bad-section"
        raise UsageError(exc.message, exc.fix, code=code) from None
    contributors = {pid: c.data for pid, c in wb.contributors.items()}
    known = front.get("by")
    written = list(by) or ([str(p) for p in known] if isinstance(known, list) else [])
    if not written:
        raise UsageError(
            "say who wrote it with --by ID: nothing in the file says, and intake never guesses",
            f"like  coproduce assign {shown} {question or place.key} --by jordan  (repeat --by for more)",
            code="usage.no-author",
        )
    people = []
    for name in written:
        if name not in contributors:
            raise UsageError(
                f"'{name}' is not a contributor",
                "give a contributor id (the name of their file in contributors/), or add them first",
                code="usage.unknown-person",
            )
        people.append(name)
    people = list(dict.fromkeys(people))
    existing = {c.name: c.meta.answers or c.meta.section or "" for c in response.contributions}
    taken = [p.name for p in response_dir.iterdir()]
    name = contribution.file_name(place, people, existing, taken, [q.id for q in response.data.questions])
    text = path.read_text(encoding="utf-8")
    source = found.group(1) if (found := _SOURCE.search(text)) else path.name
    extra = {k: v for k, v in front.items() if k not in FILED_FIELDS}
    head = contribution.front_matter(place, people, source, contribution.original_sha(text))
    if extra:  # what the coordinator added by hand is kept
        dumped = yaml.safe_dump(extra, sort_keys=False, allow_unicode=True, default_flow_style=None, width=1000)
        head = head.removesuffix("---\n") + dumped + "---\n"
    new = response_dir / name
    body, moves = pictures.follow(body, path, new, response_dir)
    for source, target in moves:  # copied first: the new draft must load with its pictures
        if not target.exists():
            write_atomic(target, source.read_bytes())
    contribution.write_contribution(new, head + body.strip("\n") + "\n")
    loaded = Problems()
    if load_contribution(wb, new, loaded) is None or loaded.blocking():
        new.unlink()
        for _, target in moves:
            target.unlink(missing_ok=True)
        raise CoproduceError(loaded.blocking(), f"fix {shown} by hand, then file it again")
    path.unlink()
    for source, _ in moves:
        source.unlink()
    load_record(response_dir, wb.shown(response_dir / "intake" / "record.yaml")).moved(
        f"{UNSORTED_DIR}/{path.name}", name
    )
    return new
