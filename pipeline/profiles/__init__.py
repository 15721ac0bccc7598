"""Submission profiles: where a response is going, and what that destination needs (issue 10).

`submit_to:` in response.yaml names one (`report` when not given). A profile is one module here,
declaring as plain constants at its top:

    PROFILE = "online-form"        # its name in response.yaml
    TITLE = "an online form ..."   # what it is, for messages and the README
    FORMATS = "txt,answers"        # the formats built when no --format is given ("" = every default format)
    LAYOUT = "report"              # how the document is shaped: report, evidence or letter (profiles/shape.py)
    ENFORCES = "word-limit"        # the rules a final build enforces for it (RULES), comma-separated
    WORD_LIMIT = 3000              # the whole submission's word limit (response.yaml `word_limit:` overrides)
    BOX_CHARS = 32_000             # the most one answer box holds, whatever the question's own limit
    CONTENTS_FROM = 3              # a contents list only from this many pages (estimated; shape.CONTENTS_FROM)

Profiles are discovered from those constants, read from the source (discover.py) without importing anything,
as the output formats are (render/__init__.py), so a new destination is one new module. The layout
is put into the model (`model.Layout`, by profiles/shape.py), so renderers read the model, never
response.yaml; each rule in ENFORCES is one check module that asks `enforces(...)` before it looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.discover import declared

_FIELDS = ("PROFILE", "TITLE", "FORMATS", "LAYOUT", "ENFORCES", "WORD_LIMIT", "BOX_CHARS", "CONTENTS_FROM")
DEFAULT = "report"
LAYOUTS = ("report", "evidence", "letter")
# the rules a profile may enforce in a final build, and the check module that keeps each
RULES = {
    "word-limit": "checks/evidence_length.py: the whole submission within its word limit",
    "summary-page": "checks/evidence_length.py: a summary of at most one page when the body runs past six",
    "summary-first": "checks/evidence_length.py: the submission opens with a summary",
    "signatories": "checks/signatories.py: a letter signed by people credited by name who have consented",
}


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    formats: tuple[str, ...]  # empty: the default formats of the render registry
    module: str
    layout: str = "report"
    enforces: tuple[str, ...] = ()  # names from RULES
    word_limit: int | None = None
    box_chars: int | None = None  # an online form's hard cap on every answer box
    contents_from: int | None = None  # the pages from which a report has a contents list (None: shape's default)


def _declared(path: Path) -> dict[str, str]:
    return declared(path, _FIELDS)


@cache
def profiles() -> dict[str, Profile]:
    """Every submission profile, by name."""
    found: dict[str, Profile] = {}
    for path in sorted(Path(__file__).parent.glob("*.py")):
        d = _declared(path)
        if "PROFILE" in d:
            wanted = tuple(f.strip() for f in d.get("FORMATS", "").split(",") if f.strip())
            rules = tuple(r.strip() for r in d.get("ENFORCES", "").split(",") if r.strip())
            limit = d.get("WORD_LIMIT", "")
            box = d.get("BOX_CHARS", "").replace("_", "")
            contents = d.get("CONTENTS_FROM", "")
            found[d["PROFILE"]] = Profile(
                d["PROFILE"],
                d.get("TITLE", ""),
                wanted,
                path.stem,
                d.get("LAYOUT", "report"),
                rules,
                int(limit) if limit.isdigit() else None,
                int(box) if box.isdigit() else None,
                int(contents) if contents.isdigit() else None,
            )
    return found


def profile_of(submit_to: str) -> Profile:
    """The profile `submit_to:` names; the report when it names none (checks/submit_to.py refuses that)."""
    return profiles().get(submit_to) or profiles()[DEFAULT]


def enforces(submit_to: str, rule: str) -> bool:
    """Whether a final build of a response going to `submit_to` keeps `rule` (one of RULES)."""
    return rule in profile_of(submit_to).enforces
