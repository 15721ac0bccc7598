"""A small invented workbench that exercises every credit choice, for end-to-end tests.

Nobody here is real. `WITHHELD` lists every string that must appear in no output;
`CREDITED` what must appear; `WITHDRAWN_WORDS` a phrase only the withdrawn person wrote.
Its approved contributions carry the record `coproduce approve --by hal` writes
(`signed`); `Bench.contribution` writes a file as given, so one that only says
`status: approved` is not approved until `signed` (or `approve`) records it.
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass
from pathlib import Path

CONTRIBUTORS = {
    "ada": """
        name: Ada Fenwick
        credit: name
        lived_experience: true
        emails: [ada.fenwick@example.org]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
    "bo": """
        name: Bo Lindqvist
        credit: initials
        lived_experience: true
        emails: [bo@example.org]
        consent: {recorded: 2025-01-10, quotes: anonymous}
    """,
    "cy": """
        name: Cyrus Marlow
        credit: pseudonym
        pseudonym: Cygnet
        lived_experience: true
        emails: [cyrus.marlow@example.com]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
    "dee": """
        name: Delphine Oduya
        credit: role
        role: Peer Researcher
        lived_experience: true
        emails: [delphine@example.org]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
    "eli": """
        name: Elias Thorne
        credit: anonymous
        lived_experience: true
        emails: [elias@example.net]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
    "fay": """
        name: Faye Grindle
        credit: name
        lived_experience: true
        emails: [faye@example.net]
        consent: {quotes: attributed}
    """,
    "gus": """
        name: Gustav Pell
        credit: name
        lived_experience: true
        emails: [gus@example.net]
        consent: {recorded: 2025-01-10, quotes: attributed, withdrawn: 2025-06-01}
    """,
    "hal": """
        name: Hal Brennan
        credit: name
        lived_experience: false
        emails: [hal@example.org]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
    "ivy": """
        name: Ivy Castell
        credit: pseudonym
        pseudonym: Wren
        lived_experience: true
        emails: [ivy@example.org]
        consent: {recorded: 2025-01-10, quotes: "no"}
    """,
}

RESPONSE = """
    title: Response to the Eastmoor crisis-house survey
    organisation: Riverside Peer Network
    responding_as: organisation
    consultation:
      title: Crisis houses in Eastmoor
      by: Eastmoor Integrated Care Board
      closes: 2026-03-01
      url: https://example.org/crisis-houses
    date: 2026-02-20
    language: en-GB
    lead: hal
    confidentiality: none
    questions:
      - id: q1
        text: What should a crisis house offer?
        limit: 120
      - id: q2
        text: How should people be referred?
        limit: 100
      - id: q3
        text: Anything else?
    involvement:
      - date: 2026-01-12
        activity: Workshop on what helps in a crisis
        hours: 2.5
        people: [ada, bo, cy, gus, hal]
      - date: 2026-01-26
        activity: Reading group on the draft
        hours: 2
        people: [ada, dee, eli, fay]
"""

CONTRIBUTIONS = {
    "10-summary.md": """
        ---
        section: summary
        by: [hal]
        status: approved
        ---
        We ask for a second crisis house and for peer workers on every shift.
    """,
    "20-q1-offer.md": """
        ---
        answers: q1
        by: [ada, fay]
        reviewed_by: [bo]
        status: approved
        content_note: mentions self-harm
        ---
        A crisis house should offer a **calm room**, a *kind welcome* and a
        [peer worker](https://example.org/peer) at any hour.[^beds]

        > Someone sat with me until morning.
        > — @dee

        > I slept for the first time in a week.
        > — @eli

        [^beds]: Eastmoor has six crisis beds for the whole county.
    """,
    "30-q2-withdrawn.md": """
        ---
        answers: q2
        by: [gus]
        status: approved
        ---
        The kettle in the quiet room was always broken, and nobody fixed it.
    """,
    "31-q2-referral.md": """
        ---
        answers: q2
        by: [cy]
        status: approved
        ---
        People should be able to refer themselves, by phone or in person.

        1. Ring the house.
        2. Talk to a peer worker.

        > Being able to ring them myself made all the difference.
        > — @bo
    """,
    "40-voices.md": """
        ---
        section: local-voices
        title: In our own words
        by: [dee]
        status: approved
        ---
        Peer researchers gathered these views across Eastmoor.

        > The kettle in the quiet room was always broken, and nobody fixed it.
        > — @gus

        | Place | Beds |
        |:--|--:|
        | Eastmoor | 6 |
    """,
}

WITHHELD = (
    "Bo Lindqvist",
    "Cyrus Marlow",
    "Delphine Oduya",
    "Elias Thorne",
    "Faye Grindle",
    "Gustav Pell",
    "Ivy Castell",
    "ada.fenwick@example.org",
    "bo@example.org",
    "cyrus.marlow@example.com",
    "delphine@example.org",
    "elias@example.net",
    "faye@example.net",
    "gus@example.net",
    "hal@example.org",
    "ivy@example.org",
)
CREDITED = ("Ada Fenwick", "B.L.", "Cygnet", "Peer Researcher", "Hal Brennan")
WITHDRAWN_WORDS = "kettle in the quiet room"


@dataclass
class Bench:
    root: Path
    response: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def contribution(self, name: str, text: str) -> Path:
        return self.write(f"responses/crisis-house/{name}", text)

    @property
    def out(self) -> Path:
        return self.root / "build" / "crisis-house"

    @property
    def draft_out(self) -> Path:
        return self.root / "build" / "crisis-house.draft"  # a draft never replaces the final submission


LEAD = "hal"
APPROVED_ON = "2026-02-20"


def signed(text: str, by: str = LEAD, on: str = APPROVED_ON) -> str:
    """`text` with the record  coproduce approve --by hal  would add, when it says  status: approved  without one.

    Indented text is dedented first, as `Bench.write` does. A file whose front matter does not
    load is returned as it is (tests of bad input need it so).
    """
    from pipeline.load.files import decode_text
    from pipeline.load.schema import FrontMatter, validate
    from pipeline.load.workbench import split_front_matter
    from pipeline.vocabulary import fingerprint
    from pipeline.workflow.yamledit import EditError, set_front_matter

    text = textwrap.dedent(text).lstrip("\n")
    read, _ = decode_text(text.encode("utf-8"), "test")
    located, body, _, _ = split_front_matter(read or "", "test")
    meta, _ = validate(FrontMatter, located, "test") if located is not None else (None, [])
    if meta is None or meta.status != "approved" or meta.approved is not None:
        return text
    record = {"by": by, "on": datetime.date.fromisoformat(on), "text": fingerprint(meta, body)}
    try:
        return set_front_matter(text, {"approved": record})
    except EditError:
        return text


def make_bench(root: Path) -> Bench:
    bench = Bench(root, root / "responses" / "crisis-house")
    for pid, text in CONTRIBUTORS.items():
        bench.write(f"contributors/{pid}.yaml", text)
    bench.write("responses/crisis-house/response.yaml", RESPONSE)
    for name, text in CONTRIBUTIONS.items():
        bench.contribution(name, signed(text))
    cover(bench)
    return bench


def cover(bench: Bench, on: str = APPROVED_ON) -> None:
    """Add to each approval record that lacks one the `covers:` that  coproduce approve  writes today: what
    the contribution prints beside its text (pictures, its question, how the people it names are credited).
    `signed` cannot, knowing only the file; a record without it still holds, with a warning."""
    from pipeline.assemble.approval import covers
    from pipeline.assemble.people import decide_all
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, load_contributors, load_response
    from pipeline.workflow.yamledit import set_front_matter

    wb = Workbench(bench.root)
    load_contributors(wb, Problems())
    response = load_response(wb, bench.response, Problems())
    assert response is not None
    people = decide_all({pid: cf.data for pid, cf in wb.contributors.items()}, datetime.date.fromisoformat(on))
    for c in response.contributions:
        record = c.meta.approved
        if record is None or record.covers is not None:
            continue
        fields = {"by": record.by, "on": record.on, "text": record.text, "covers": covers(c, response, people)}
        c.path.write_text(set_front_matter(c.path.read_text(encoding="utf-8"), {"approved": fields}), encoding="utf-8")
