"""Whose words a contribution prints, and whose must confirm a change someone else made to them (issue 21).

The one rule, asked by `checks/edit_confirmation.py`, `coproduce confirmations` and `review accept`:
each author (`by:`) has the whole contribution as their words, and each person quoted (`> ... — @id`)
their quotes. What a person last saw is their latest `confirmed:` record (`confirmed`, `declined`, or
`as-written`, which `review accept` writes before it changes their words); when the fingerprint of their
words now differs from it, their confirmation is needed before a final build. A latest record `left-out`
(they declined and asked for the contribution to be left out, `asked_left_out`) takes the whole contribution
out of every build, as a withdrawal would, until that record is removed or a confirmation is recorded after
it. A response with `confirm_edits: false` lets the lead's approval stand in for it. A person with no record
has seen no other hand change their words: what they wrote, or what intake took in from them, is theirs as it
stands.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline import model as m
from pipeline.errors import Problem
from pipeline.load.schema import Confirmation, FrontMatter, Response
from pipeline.load.workbench import Contribution
from pipeline.model import Person
from pipeline.parse.markdown import block_tokens, lived_quotes, parse, quotes_read
from pipeline.vocabulary import fingerprint

if TYPE_CHECKING:
    from markdown_it.token import Token


def quotes_by(body: str) -> dict[str, list[str]]:
    """Each quoted person's id -> the text of each of their lived-experience quotes, as the parser reads them."""
    if "@" not in body:  # an attribution is written  — @id: without an @ there is no quote to find
        return {}
    read = quotes_read(body)  # the assembly's whole parse of it, in this run
    return read if read is not None else lived_quotes(_quote_tokens(body))


def _quote_tokens(body: str) -> list[Token]:
    """The tokens quotes_by reads: the blocks alone (each quote's attribution is found, and its inline text is
    the inline token's content, before inline parsing), unless a quote is in a footnote's text, which counts
    only when the footnote is referred to and moves to the end: only the whole parse knows that."""
    blocks = block_tokens(body)
    in_footnote = 0
    for token in blocks:
        if token.type == "footnote_reference_open":
            in_footnote += 1
        elif token.type == "footnote_reference_close":
            in_footnote -= 1
        elif in_footnote and token.type == "blockquote_open":
            return parse(body)
    return blocks


def quotes_fingerprint(quotes: list[str]) -> str:
    data = json.dumps(quotes, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


def words_of(meta: FrontMatter, body: str) -> dict[str, str]:
    """Each person whose words this contribution prints -> the fingerprint of those words."""
    words = {pid: quotes_fingerprint(quotes) for pid, quotes in quotes_by(body).items()}
    whole = fingerprint(meta, body)
    words.update({pid: whole for pid in meta.by})
    return words


def last_seen(meta: FrontMatter, pid: str) -> Confirmation | None:
    """The person's latest record: the words they last saw (the list is in the order it was written)."""
    return next((c for c in reversed(meta.confirmed) if c.by == pid), None)


def left_out_by(meta: FrontMatter) -> list[str]:
    """Who declined an edit and asked for this contribution to be left out: each person whose latest
    `confirmed:` record says `left-out` (a later record, a confirmation, brings it back)."""
    ids = dict.fromkeys(c.by for c in meta.confirmed)
    return [pid for pid in ids if (seen := last_seen(meta, pid)) is not None and seen.decision == "left-out"]


def asked_left_out(c: Contribution, slug: str) -> tuple[m.LeftOut, Problem] | None:
    """The build's note (ids only) and the warning with how to undo it, when someone asked for `c` to be left out.

    The note's `people` is empty, as nobody withdrew (status counts withdrawals from it); `asked_by` says who asked."""
    asked = left_out_by(c.meta)
    if not asked:
        return None
    who = ", ".join(asked)
    said = f"{c.shown}: left out, because {who} declined an edit and asked for it to be left out"
    note = m.LeftOut(said, (), asked_by=tuple(asked))
    problem = Problem(
        c.shown,
        c.located.line(("confirmed",)),
        f"this contribution is left out of every build because {who} declined an edit to their words and asked"
        " for it to be left out",
        f"to bring it back, remove {who}'s  decision: left-out  record from  confirmed:, or record their"
        f" confirmation:  coproduce confirmations record {slug} {c.name} --by {asked[0]}",
        "warning",
        code="edits.left-out",
        subject=asked[0],
    )
    return note, problem


@dataclass(frozen=True)
class Unconfirmed:
    pid: str
    seen: Confirmation  # what they last saw
    now: str  # the fingerprint of their words now
    author: bool  # their words are the whole contribution (else: their quotes in it)


def unconfirmed(meta: FrontMatter, body: str, response: Response, people: Mapping[str, Person]) -> list[Unconfirmed]:
    """Whose words changed since they last saw them, in the order they are named; nobody is asked about words
    that are not printed (`people`, as assemble/people.py decided them: withdrawn, or quotes not to be used)."""
    if not response.confirm_edits:
        return []
    found = []
    for pid, now in words_of(meta, body).items():
        seen = last_seen(meta, pid)
        if seen is None or seen.text == now or seen.decision == "left-out":
            continue  # unchanged, or they asked for it to be left out: it is not printed, nothing to confirm
        author = pid in meta.by
        person = people.get(pid)
        if person is not None and (person.withdrawn or (not author and person.quotes == "no")):
            continue
        found.append(Unconfirmed(pid, seen, now, author))
    return found


def seen_before_edit(
    meta: FrontMatter, now: str, approver: str, editors: frozenset[str] | None, response: Response
) -> list[dict[str, object]]:
    """When an approval is made again because the text changed since it was approved, and git says someone
    other than its authors edited it (`editors`, from assemble/history.py): the approved text, as each author
    last saw it, for each author who has no record yet, so the change waits for their confirmation. Not for
    the approver's own words. Outside git nobody can say who changed it, so nobody is asked here (an edit
    accepted with  coproduce review accept  records it itself)."""
    old = meta.approved
    if not response.confirm_edits or old is None or old.text == now:
        return []
    if editors is None or editors <= set(meta.by):
        return []
    return [
        {"by": pid, "on": old.on, "text": old.text, "decision": "as-written"}
        for pid in meta.by
        if pid != approver and last_seen(meta, pid) is None
    ]
