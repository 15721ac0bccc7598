"""Whether a contribution is approved: a record that matches what it prints, by someone who may approve.

`status: approved` on its own is a claim anyone can type. The evidence is the record
`coproduce approve` writes beside it, `approved: {by, on, text, covers}`:

- `text` is `vocabulary.fingerprint` of the contribution's own words and printed fields;
- `covers` is `vocabulary.covers_fingerprint` of what it prints beside them (`printed_beside`):
  the bytes of every picture it shows, the question it answers, and how each person it
  names or quotes is credited and may be quoted, as assemble/people.py decided. A picture
  swapped under the same file name, the question reworded in response.yaml, or a change to
  someone's credit or quote consent undoes the approval as surely as an edit to the text.

A record written before coproduce recorded `covers` still holds for its text (the text is what
was read and approved, and undoing every approval at once on an upgrade would have people
approve again in bulk, unread); the check says it does not cover pictures, the question or
credits and asks for it to be approved again (`Approval.covered`).

Who recorded it: in git, the commit that left the record is compared with the approver's
own addresses (`committed_by`); without git, the record names who ran the command (`ran_as`).
The approval check, the credits and `status` all ask `approval_of`, so they always agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlparse

from pipeline.assemble.history import History, address_key
from pipeline.load.files import IMAGE_LIMIT, Refused, read_bytes
from pipeline.load.schema import Contributor, Question
from pipeline.load.workbench import Contribution, ResponseFolder
from pipeline.model import Person
from pipeline.parse.markdown import block_tokens, parse, references_in, references_read
from pipeline.vocabulary import covers_fingerprint, fingerprint

# approved      status: approved, with a record that matches what it prints, by the lead or someone in signoff:
# changed       the text (or a printed field) changed after it was approved: back in review
# beside        a picture, the question or someone's credit or quote consent changed after it was approved
# no-record     status: approved written by hand, with no record of who approved it
# not-approver  the record names someone who may not approve this response's work
# not-approved  status is draft or review
State = Literal["approved", "changed", "beside", "no-record", "not-approver", "not-approved"]


@dataclass(frozen=True)
class Approval:
    state: State
    by: str | None = None  # from the record, when there is one
    on: dt.date | None = None
    covered: bool = True  # False: a record from before `covers:`, which holds for its text alone
    ran_as: str | None = None  # who ran  coproduce approve, recorded when the workbench is not in git

    @property
    def current(self) -> bool:
        return self.state == "approved"

    @property
    def back_in_review(self) -> bool:
        """Marked approved, but the approval does not hold: it needs signing off again."""
        return self.state in ("changed", "beside", "no-record", "not-approver")

    def describe(self) -> str:
        """In words, for `check` and `status` alike."""
        if self.state == "changed":
            return f"changed since {self.by} approved it on {self.on}"
        if self.state == "beside":
            return (
                f"what it prints beside its text changed since {self.by} approved it on {self.on}: a picture it"
                " shows, the question it answers, or how someone it names or quotes is credited or may be quoted"
            )
        if self.state == "no-record":
            return "status: approved  is written by hand, with no record of who approved it, so it is not yet approved"
        if self.state == "not-approver":
            return f"approved by {self.by}, who is not the lead or in signoff:, so it is not yet approved"
        if self.state == "approved":
            return f"approved by {self.by} on {self.on}"
        return "not approved"


@lru_cache(maxsize=1024)
def _references(body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(ids quoted with  — @id, picture sources) in a contribution's body, as the parser reads them.

    The whole parse only when it can find more than the blocks do (issue 23: `approve` of thousands of files):
    a picture is written `![`; an attribution needs an `@` and is found before inline parsing; a quote inside a
    footnote's text counts only when the footnote is referred to, which only the whole parse knows. After the
    assembly's whole parse of it (a check, a build), what that parse found."""
    if (read := references_read(body)) is not None:
        return read
    if "![" not in body:
        if "@" not in body:
            return (), ()
        quoted = _block_references(body)
        if quoted is not None:
            return quoted, ()
    return _parsed_references(body)


def _block_references(body: str) -> tuple[str, ...] | None:
    """The ids quoted, from the blocks alone; None when a quote is inside a footnote's text."""
    quoted: list[str] = []
    in_footnote = 0
    for tok in block_tokens(body):
        if tok.type == "footnote_reference_open":
            in_footnote += 1
        elif tok.type == "footnote_reference_close":
            in_footnote -= 1
        elif tok.type == "blockquote_open":
            if in_footnote:
                return None
            if tok.meta.get("lived_by"):
                quoted.append(str(tok.meta["lived_by"]))
    return tuple(dict.fromkeys(quoted))


def _parsed_references(body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return references_in(parse(body))


def _picture(folder: Path, src: str) -> str:
    """What a picture is, by its bytes: `sha256:<hex>`, or why it cannot be read (then it prints nothing)."""
    parsed = urlparse(src)
    if parsed.scheme or parsed.netloc or src.startswith("/"):
        return "not a local file"
    try:
        raw = read_bytes(folder / unquote(parsed.path), limit=IMAGE_LIMIT, root=folder)
    except (Refused, OSError):
        return "not readable"
    return "sha256:" + hashlib.sha256(raw).hexdigest()


_QUESTIONS: dict[int, tuple[object, dict[str, str]]] = {}  # id(questions) -> (that very list, id -> text)


def _question_text(questions: Sequence[Question], answers: str | None) -> str | None:
    """The text of the question `answers` names (the first, as written): indexed once per list of questions, so
    approving thousands of files is not files x questions (issue 23). The entry holds the list it indexed, so a
    new list at a reused address is indexed afresh."""
    entry = _QUESTIONS.get(id(questions))
    if entry is None or entry[0] is not questions:
        index: dict[str, str] = {}
        for q in questions:
            index.setdefault(q.id, q.text)
        if len(_QUESTIONS) >= 8:  # a few responses at once; older indexes go
            _QUESTIONS.pop(next(iter(_QUESTIONS)))
        entry = _QUESTIONS[id(questions)] = (questions, index)
    return entry[1].get(answers) if answers is not None else None


def printed_beside(c: Contribution, response: ResponseFolder, people: Mapping[str, Person]) -> dict[str, object]:
    """What `c` prints that is not in its own file: what an approval's `covers:` is a fingerprint of."""
    quoted, pictures = _references(c.body)
    question = _question_text(response.data.questions, c.meta.answers)
    # who wrote it and who it quotes; not who reviewed it (reading it after an approval is no change to it)
    named = dict.fromkeys((*c.meta.by, *c.meta.handed_over_from, *quoted))

    def person(pid: str) -> list[object] | None:
        p = people.get(pid)
        return [p.credit, p.quotes, p.named] if p is not None else None

    return {
        "question": " ".join(question.split()) if question else None,  # reflowed is not reworded
        "pictures": {src: _picture(response.dir, src) for src in pictures},
        "people": {pid: person(pid) for pid in named},
    }


def covers(c: Contribution, response: ResponseFolder, people: Mapping[str, Person]) -> str:
    return covers_fingerprint(printed_beside(c, response, people))


def approval_of(c: Contribution, response: ResponseFolder, people: Mapping[str, Person]) -> Approval:
    """The approval of `c` in `response`; `people` as assemble/people.py decided them."""
    record = c.meta.approved
    by, on = (record.by, record.on) if record else (None, None)
    if c.meta.status != "approved":
        return Approval("not-approved", by, on)
    if record is None:
        return Approval("no-record")
    ran_as = record.ran_as
    if record.text != fingerprint(c.meta, c.body):
        return Approval("changed", by, on, ran_as=ran_as)
    if record.covers is not None and record.covers != covers(c, response, people):
        return Approval("beside", by, on, ran_as=ran_as)
    if record.by not in response.approvers:
        return Approval("not-approver", by, on, ran_as=ran_as)
    return Approval("approved", by, on, covered=record.covers is not None, ran_as=ran_as)


# ------------------------------------------------------------------ who recorded it, in git

# unknown      no git history, or the record was never committed: nothing to compare
# theirs       the commit that left this record, or a later one that kept it, is the approver's own
# another      every commit that left this record came from an address that is not the approver's
Committed = Literal["unknown", "theirs", "another"]


@dataclass(frozen=True)
class CommittedBy:
    state: Committed
    commit: str = ""  # the commit that first left this record (its id; never who made it)


def committed_by(
    c: Contribution, response: ResponseFolder, history: History | None, contributors: Mapping[str, Contributor]
) -> CommittedBy:
    """Whether the approval record `c` holds now was committed by its approver, by address.

    The commits that left the file holding this very record (by, on, text, covers) are read from
    the newest back to the one that first wrote it. One of them from an address in the approver's
    `emails` confirms it (they recorded it, or committed it again themselves); none does not.
    """
    record = c.meta.approved
    if history is None or not history.available or record is None:
        return CommittedBy("unknown")
    current = (record.by, str(record.on), record.text, record.covers or "")
    run: list[tuple[str, str]] = []
    for r in history.recorded.get(c.path.relative_to(response.dir).as_posix(), ()):
        if r.record != current:
            break  # the commits before this one held another record, or none
        run.append((r.commit, r.email))
    return whose_commits(run, record.by, contributors)


def whose_commits(run: list[tuple[str, str]], by: str, contributors: Mapping[str, Contributor]) -> CommittedBy:
    """The one rule for a record in git: `run` is the (commit, address) of each commit that left it as it is now,
    newest first; one from an address in `by`'s `emails` makes it theirs. Approvals and sign-offs ask this."""
    if not run:
        return CommittedBy("unknown")  # recorded, not yet committed
    person = contributors.get(by)
    own = {address_key(e) for e in person.emails} if person is not None else set()
    if any(address_key(email) in own for _, email in run):
        return CommittedBy("theirs", run[-1][0])
    return CommittedBy("another", run[-1][0])
