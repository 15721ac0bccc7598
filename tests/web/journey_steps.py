"""The inputs of the workbench's whole journey (tests/web/test_journey.py), and the same steps by command.

One set of inputs, typed into the pages by the browser test and given to `python -m pipeline.cli` here, so
the two workbenches can be compared file by file. Nobody here is real; every text is written for this test.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SLUG = "respite-breaks"


@dataclass(frozen=True)
class NewPerson:
    pid: str
    name: str
    credit: str  # name, initials, pseudonym, role
    quotes: str  # attributed, no, anonymous
    lived: bool
    consent: str  # typed the UK way
    pseudonym: str = ""
    role: str = ""


PEOPLE = (
    # a worker credited by full name, quotes yes: she leads the response and approves
    NewPerson("sam", "Samira Okafor", "name", "attributed", False, "02/11/2026"),
    # a volunteer credited by initials, quotes no
    NewPerson("rb", "Rhiannon Blaise", "initials", "no", True, "3 November 2026"),
    # a volunteer credited by a pseudonym, quotes without a name; later withdraws
    NewPerson("tj", "Tomasz Jurewicz", "pseudonym", "anonymous", True, "04/11/2026", pseudonym="Kestrel"),
)
WITHHELD = ("Rhiannon", "Blaise", "Tomasz", "Jurewicz")  # never printed, never shown outside their record
CREDITS = {"sam": "Samira Okafor", "rb": "R.B.", "tj": "Kestrel"}  # exactly as each chose

RESPONSE = {
    "slug": SLUG,
    "title": "Carers' response on short breaks",
    "organisation": "Northfold Carers Forum",
    "consultation": "Short breaks for unpaid carers",
    "by": "Northfold Borough Council",
    "closes": "16 December 2026",
    "url": "https://example.org/short-breaks",
    "lead": "sam",
}
QUESTIONS = """Short breaks for unpaid carers: consultation questions

1. What would make a short break easier to arrange? (150 words)
2. How should carers hear about the changes that start on 01/04/2027? (120 words)
3. Is there anything else you would like to tell us?
"""

PLACED_WORDS = "Booking a break took four phone calls and a form that asked the same thing twice."
UNSORTED_WORDS = "A letter through the door is the only thing my dad reads."
EDITED_WORDS = "A printed letter is the only thing my dad reads, so send one to every carer on the list.\n"
SAM_WORDS = "Carers asked that the council meet them where they already are: the surgery, the school gate.\n"

SESSION = {"date": "10/11/2026", "activity": "Workshop on short breaks", "hours": "2.5", "rate": "15"}
CAME = ("rb", "sam", "tj")  # who came, in the order the page lists them (by id): the command is given the same order
PAID = "rb"  # marked paid for the session after the withdrawal
WITHDRAWS = "tj"


def word_file(lines: list[str]) -> bytes:
    """A Word file as a volunteer saves it, made with python-docx: one paragraph a line."""
    import docx

    document = docx.Document()
    document.core_properties.author = ""  # python-docx's default author is its own name; a volunteer's is private
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache  # made once: a Word file's zip holds the time it was saved, and both ways must take in the same bytes
def placed_file() -> bytes:
    """Its header says the question and who wrote it, so intake places it."""
    return word_file(["Question: 1", "Written by: Rhiannon Blaise", "", PLACED_WORDS])


@cache
def unsorted_file() -> bytes:
    """It says nothing of where it goes or who wrote it: it waits unsorted."""
    return word_file([UNSORTED_WORDS])


def upload_name(data: bytes) -> str:
    """The name the workbench stores an upload under (no question or author chosen on the form): `upload-` and the
    first 12 hex digits of its SHA-256, never the volunteer's own file name (workflow/intake/upload.py). Worked out
    here, not asked of the code under test."""
    return f"upload-{hashlib.sha256(data).hexdigest()[:12]}.docx"


def cli(root: Path, *args: str) -> str:
    """`python -m pipeline.cli ARGS` in `root`, as a person types it (no input on stdin); its output."""
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=root,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=600,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout + done.stderr


def hand_edit(path: Path, body: str) -> None:
    """Replace the words below a contribution's front matter, as a person does in a text editor."""
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    path.write_text(text[:end] + body, encoding="utf-8")


def by_command(root: Path, tmp: Path) -> None:
    """The journey's steps by command, with the same inputs, into the workbench `coproduce init` made at `root`."""
    for p in PEOPLE:
        args = ["contributor", "add", p.pid, "--name", p.name, "--credit", p.credit, "--quotes", p.quotes]
        args += ["--lived-experience" if p.lived else "--no-lived-experience", "--consent-date", p.consent]
        args += ["--pseudonym", p.pseudonym] if p.pseudonym else []
        args += ["--role", p.role] if p.role else []
        cli(root, *args)
    questions = tmp / "questions.txt"
    questions.write_text(QUESTIONS, encoding="utf-8")
    r = RESPONSE
    cli(root, "new", SLUG, "--title", r["title"], "--organisation", r["organisation"], "--consultation",
        r["consultation"], "--by", r["by"], "--closes", r["closes"], "--url", r["url"], "--lead", r["lead"],
        "--questions", str(questions))  # fmt: skip
    # the volunteers' shared folder holds the two files under the names the page's upload stores them by
    shared = tmp / "shared"
    shared.mkdir()
    for data in (placed_file(), unsorted_file()):
        (shared / upload_name(data)).write_bytes(data)
    cli(root, "intake", str(shared), "--into", SLUG)
    folder = root / "responses" / SLUG
    (draft,) = sorted((folder / "unsorted").glob("*.md"))
    cli(root, "assign", str(draft.relative_to(root)), "q2", "--by", "tj")
    filed = next(p for p in folder.glob("*-q2-*.md"))
    hand_edit(filed, EDITED_WORDS)
    cli(root, "add", SLUG, "--answers", "q3", "--by", "sam")
    hand_edit(next(folder.glob("*-q3-*.md")), SAM_WORDS)
    s = SESSION
    came = [arg for pid in CAME for arg in ("--person", pid)]
    cli(root, "session", "add", SLUG, "--date", s["date"], "--activity", s["activity"], "--hours", s["hours"],
        "--rate", s["rate"], *came)  # fmt: skip
    files = sorted(str(p.relative_to(root)) for p in folder.glob("*.md"))
    cli(root, "approve", "--by", "sam", *files)
    cli(root, "build", SLUG)
    cli(root, "withdraw", WITHDRAWS)
    cli(root, "session", "pay", SLUG, "1", PAID, "--paid")


def workbench_files(root: Path) -> dict[str, bytes]:
    """What the comparison covers: every file under contributors/ and responses/ (people, response.yaml with its
    sessions, contributions with their approval records, drafts, intake's records and the originals)."""
    out = {}
    for top in ("contributors", "responses"):
        for path in sorted((root / top).rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = path.read_bytes()
    return out
