"""Submission profiles: where a response is going, and what that destination needs (issue 10).

`submit_to:` in response.yaml names one (`report` when not given). A profile is one module here,
declaring as plain constants at its top:

    PROFILE = "online-form"        # its name in response.yaml
    TITLE = "an online form ..."   # what it is, for messages and the README
    FORMATS = "txt,answers"        # the formats built when no --format is given ("" = every default format)

Profiles are discovered from those constants, read from the source without importing anything,
as the output formats are (render/__init__.py), so a new destination is one new module. The checks
a final build enforces, and layout choices for the renderers, are still to come (see issue 10).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_FIELDS = ("PROFILE", "TITLE", "FORMATS")
DEFAULT = "report"


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    formats: tuple[str, ...]  # empty: the default formats of the render registry
    module: str


def _declared(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in _FIELDS and isinstance(node.value, ast.Constant):
                found[name] = str(node.value.value)
    return found


@cache
def profiles() -> dict[str, Profile]:
    """Every submission profile, by name."""
    found: dict[str, Profile] = {}
    for path in sorted(Path(__file__).parent.glob("*.py")):
        d = _declared(path)
        if "PROFILE" in d:
            wanted = tuple(f.strip() for f in d.get("FORMATS", "").split(",") if f.strip())
            found[d["PROFILE"]] = Profile(d["PROFILE"], d.get("TITLE", ""), wanted, path.stem)
    return found
