"""What a workbench page may show of the words it did not write itself: no private name, e-mail or git identity.

A problem's message can quote the word it found ("the first name of contributor 'eli' ('elias')"), and a file
may be named after a person ("61-q3-elias-thorne.md"). The command line prints those to the coordinator's own
terminal; a page shows ids and credits only (a private name only on that person's own record page). So every
text a page takes from problems, the status or a build's notes passes through `Hider`: each private form of each
person, found by the one privacy matcher (privacy/identity.py, privacy/matcher.py: the guard's own rule), is
replaced by a placeholder. Contributor ids stay: pages name people by id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from pipeline.load.cache import memo
from pipeline.privacy.identity import Identities
from pipeline.privacy.matcher import NameMatcher
from pipeline.privacy.normalise import fold

SHOWN_INSTEAD = "[a private name]"
ID_VARIANT = "the contributor id"  # privacy/identity.py's word for the id as a private form: pages show ids


class Hider:
    """Replaces every private form in a text; built once per page from the response's identities."""

    def __init__(self, ids: Identities) -> None:
        # an id is shown, even where it is also a word of someone's name ("ivy" for Ivy Castell)
        id_forms = {fold(pid) for pid in ids.ordinary} | {v.folded for v in ids.private if v.what == ID_VARIANT}
        kept = tuple(v for v in ids.private if v.folded not in id_forms)
        self.matcher = NameMatcher(dataclasses.replace(ids, private=kept)) if kept else None

    def __call__(self, text: str) -> str:
        if not text or self.matcher is None:
            return text
        spans = sorted({(start, end) for _, start, end in self.matcher.find_mapped(text)}, reverse=True)
        for start, end in spans:
            text = text[:start] + SHOWN_INSTEAD + text[end:]
        return text

    def all(self, texts: Iterable[str]) -> tuple[str, ...]:
        return tuple(self(t) for t in texts)


NOTHING_HIDDEN = Hider(Identities((), (), {}))


# kept (pipeline/load/cache.py) while the people's files and these responses' response.yaml are unchanged: the
# Hider reads only those (a contribution's save keeps it)
@memo(
    lambda root, folders, on: Path(root),
    reads=lambda root, folders, on: [Path(root) / "contributors", *(Path(f) / "response.yaml" for f in folders)],
)
def hider_of(root: Path, folders: Iterable[Path], on: dt.date) -> Hider:
    """The Hider for the people of the workbench at `root`; the responses in `folders` add their own common words
    (organisation, consultation, questions), so a word of those is not taken for a name."""
    from pipeline.assemble.people import decide_all
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, load_contributors, load_partial
    from pipeline.privacy.identity import identities

    wb = Workbench(root)
    load_contributors(wb, Problems())
    contributors = {pid: c.data for pid, c in wb.contributors.items()}
    if not contributors:
        return NOTHING_HIDDEN
    common: list[str] = []
    for folder in folders:
        _, response, _ = load_partial(folder)
        if response is not None:
            data = response.data
            common += [data.organisation or "", data.consultation.title, data.consultation.by]
            common += [q.text for q in data.questions]
    return Hider(identities(contributors, decide_all(contributors, on), common=common))


def hider_from(identities: Identities | None) -> Hider:
    """The Hider of an assembly's own identities (what the checks and the guard use), when there is one."""
    return Hider(identities) if identities is not None else NOTHING_HIDDEN
