"""Which organisation a person is of: `organisation:` in contributors/*.yaml, one rule decided here.

A person's file may name the organisation they take part for, spelled as a response.yaml's
`organisation:` or `organisations:` names it. Names are compared folded the one way the workbench
compares text (privacy/normalise.fold: case, accents, Word's curly apostrophes and dashes, invisible
characters, spaces), so "Quayside MIND" and "St Mary’s Trust" typed in Word name the organisation as
written. The credits of a co-signed response group people by it (assemble/credits.py); the check
(checks/organisations.py) reports a name no response of the workbench has, with the nearest one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.errors import CoproduceError
from pipeline.load.yamlsource import read_yaml_file
from pipeline.privacy.normalise import fold


def organisation_key(name: str) -> str:
    """`name` as compared: folded, its spaces squeezed."""
    return " ".join(fold(name).split())


def affiliation_of(typed: str | None, names: Iterable[str]) -> str | None:
    """The name among `names` that `typed` names, as written there; None when none does."""
    if not typed:
        return None
    key = organisation_key(typed)
    return next((name for name in names if organisation_key(name) == key), None)


def nearest(typed: str, names: Sequence[str]) -> str | None:
    """The known name `typed` most looks like a typing slip of, if any is close."""
    keys = {organisation_key(n): n for n in names}
    found = difflib.get_close_matches(organisation_key(typed), list(keys), n=1, cutoff=0.75)
    return keys[found[0]] if found else None


def _names_in(data: object) -> list[str]:
    if not isinstance(data, dict):
        return []
    given = data.get("organisations") if "organisations" in data else [data.get("organisation")]
    out = []
    for org in given if isinstance(given, list) else []:
        name = org.get("name") if isinstance(org, dict) else org
        if isinstance(name, str) and name.strip():
            out.append(name.strip())
    return out


def workbench_organisations(root: Path, response_dirs: Iterable[Path]) -> tuple[str, ...]:
    """Every organisation the workbench's responses name, as first written, each once (by its key)."""
    found: dict[str, str] = {}
    for folder in response_dirs:
        try:
            located = read_yaml_file(folder / "response.yaml", "response.yaml", root, "file.unreadable")
        except CoproduceError:
            continue  # that response's own check says what is wrong with it
        for name in _names_in(located.data):
            found.setdefault(organisation_key(name), name)
    return tuple(found.values())
