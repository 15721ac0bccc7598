"""Who took part in a response with no consent recorded: `status` counts them beside the quotes
used without consent, so the coordinator asks everyone, authors as well as the people quoted.
As people.py decides, none of them is named until they consent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.load.workbench import ResponseFolder, Workbench
from pipeline.model import Person


@dataclass(frozen=True)
class ConsentMissing:
    """Someone who took part with no consent recorded: never named, and their quotes never used, until they consent."""

    contributor: str
    did: tuple[str, ...]  # in words: "wrote 20-q1.md", "reviewed 20-q1.md", "took part on 2026-01-12"


def consent_missing(
    wb: Workbench, response: ResponseFolder, people: Mapping[str, Person]
) -> tuple[ConsentMissing, ...]:
    """Everyone who took part in this response (author, reviewer, at a session, the lead) whose consent
    is not recorded: as people.py decides, they are not named; the coordinator should ask them."""
    did: dict[str, list[str]] = {}
    for c in response.contributions:
        for pids, verb in ((c.meta.by, "wrote"), (c.meta.handed_over_from, "began"), (c.meta.reviewed_by, "reviewed")):
            for pid in pids:
                did.setdefault(pid, []).append(f"{verb} {c.name}")
    for session in response.data.involvement:
        for pid in dict.fromkeys(session.people):
            did.setdefault(pid, []).append(f"took part on {session.date}")
    if response.data.lead:
        did.setdefault(response.data.lead, []).append("leads the response")
    out = []
    for pid, what in sorted(did.items()):
        file, person = wb.contributors.get(pid), people.get(pid)
        if file is None or person is None or person.withdrawn or file.data.consent.recorded is not None:
            continue
        out.append(ConsentMissing(pid, tuple(dict.fromkeys(what))))
    return tuple(out)
