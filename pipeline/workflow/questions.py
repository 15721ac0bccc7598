"""Questions pasted from a consultation page: numbered, sub-questions kept, and each limit read out of the text.

A consultation page states a limit in many ways: `(250 words)`, `[max 300 words]`, `(max 500 characters)`,
`Maximum 250 words`, `Up to 300 words.`, `No more than 1,000 characters.`, `Word limit: 400`,
`Please keep your answer to 200 words or fewer.`, `(250-word limit)`. The text is read in pieces (each part in
brackets, then each sentence that is not a question): a piece that gives a number of words or characters with a
word that makes it a limit (maximum, up to, no more than, limit, or fewer, within ...), or nothing else, is the
limit, and is taken out of the question.
A question that still mentions words or characters after that is `unsure`, so `new` asks the coordinator to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.errors import UsageError


@dataclass(frozen=True)
class DraftQuestion:
    id: str
    text: str
    limit: int | None  # words
    line: int  # where it starts in the pasted file
    chars: int | None = None  # characters, spaces and line breaks included
    unsure: str = ""  # words of the text that speak of a limit none was read from, for the coordinator to confirm


# `1. Do…`, `1) Do…`, `Q2) What…`, `Question 3: How…`, `3 - How…`, `4a. Which…`; `1.5 million` is not one
QUESTION_START = re.compile(
    r"^\s*(?:(?:q|question)\s*(?P<qn>\d+[a-z]?)\s*[.):\-–—]?|(?P<n>\d+[a-z]?)\s*[.):\-–—])(?!\d)\s*(?P<text>.*)$",
    re.IGNORECASE,
)
# a sub-question on its own line, kept as its own question: `(a) For adults?`, `b) For children?`
SUB_QUESTION = re.compile(r"^\s*(?:\((?P<p>[a-z])\)|(?P<b>[a-z])\))\s+(?P<text>\S.*)$")

_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_UNIT = r"(?P<unit>words?|char(?:acter)?s?)"
# `250 words`, `250-word`, `2,000 characters`; `Word limit: 400`, `character count of 500`
_GIVEN = (
    re.compile(rf"(?<![\d,.])(?P<n>{_NUMBER})\s*[-‐–]?\s*{_UNIT}\b", re.IGNORECASE),
    re.compile(
        rf"\b(?P<unit>word|char(?:acter)?)s?\s+(?:limit|count|maximum|max)\s*(?:of|is)?\s*[:=]?\s*(?P<n>{_NUMBER})\b",
        re.IGNORECASE,
    ),
)
# what makes a number of words a limit rather than a fact ("the 3 words on the form")
_CUE = re.compile(
    r"\b(?:max(?:imum)?|limit(?:ed)?|up\s+to|(?:no|not)\s+(?:more|longer)\s+than|or\s+(?:fewer|less)|fewer\s+than|"
    r"less\s+than|at\s+most|under|within|keep|count)\b",
    re.IGNORECASE,
)
_MENTION = re.compile(r"\b(?:words?|char(?:acter)?s?)\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
# a sentence ends at . ? ! ; (not `Max.`, `approx.`, `e.g.`, `i.e.`) and a space
_SENTENCE_END = re.compile(r"(?<=[.?!;])(?<![Mm]ax\.)(?<!pprox\.)(?<!e\.g\.)(?<!i\.e\.)\s+")


# the words a limit is stated in; a piece with more than two others says something else too ("Under the plan,
# staff may write up to 500 words of notes."), so it is not taken for a limit, only reported
_LIMIT_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        """a about an and answer answers approx approximately at be box can character characters chars comment comments
    count each enter exceed fewer field for give in including incl is it keep less limit limited longer max maximum
    more most must no not of or please question reply response responses should so spaces than the this to type
    under up use we with within word words would write you your""",
    )
)
_MOST_OTHER_WORDS = 2


def _limit_in(piece: str) -> tuple[str, int] | None:
    """('w' or 'c', the number) when `piece` states a limit; a piece that is nothing but `250 words` is one."""
    others = [w for w in re.findall(r"[a-z]+", piece.lower()) if w not in _LIMIT_WORDS]
    if len(others) > _MOST_OTHER_WORDS:
        return None
    for pattern in _GIVEN:
        for match in pattern.finditer(piece):
            if re.match(r"\s+of\b", piece[match.end() :]):  # "500 words of guidance" is an amount, not a limit
                continue
            rest = (piece[: match.start()] + piece[match.end() :]).strip(" ()[].;:-–—")
            if _CUE.search(piece) or not rest:
                number = int(match.group("n").replace(",", ""))
                return ("w" if match.group("unit").lower().startswith("w") else "c"), number
    return None


def take_limits(text: str) -> tuple[str, int | None, int | None]:
    """The question without its limits, its word limit and its character limit (the last one given of each)."""
    text, words, chars, _ = read_limits(text)
    return text, words, chars


def read_limits(text: str) -> tuple[str, int | None, int | None, str]:
    """`take_limits`, and the words left in the question that speak of words or characters, if any."""
    found: dict[str, int] = {}

    def bracketed(match: re.Match[str]) -> str:
        limit = _limit_in(match.group().strip()[1:-1])
        if limit is None:
            return match.group()
        found[limit[0]] = limit[1]
        return ""

    text = _BRACKETS.sub(bracketed, text)
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        # a question is never a limit: "Should up to 500 words of guidance be given?" (it is reported instead)
        limit = None if sentence.rstrip().endswith("?") else _limit_in(sentence)
        if limit is None:
            kept.append(sentence)
        else:
            found[limit[0]] = limit[1]
    tidy = " ".join(" ".join(kept).split())
    tidy = re.sub(r"\s+([.,;:?!])", r"\1", tidy).strip(" -–—")
    if found and not tidy:  # the limit was written into the question itself: keep the question whole
        tidy = " ".join(text.split())
    unsure = ""
    if not found and (mention := _MENTION.search(tidy)):
        unsure = mention.group()
    return tidy, found.get("w") or None, found.get("c") or None, unsure


def parse_questions(text: str) -> tuple[list[DraftQuestion], list[tuple[int, str]]]:
    """Questions from a pasted numbered list, and the lines before the first one (which are skipped).

    A line that does not start with a number continues the question before it,
    so a question wrapped over several lines is joined back into one; a line that
    starts `(a)` or `a)` is a sub-question, kept as its own question (`q3a`).
    Limits are taken out of the text into `limit` (words) and `chars` (characters).
    """
    found: list[tuple[str, int, list[str]]] = []
    skipped: list[tuple[int, str]] = []
    parent = ""
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = QUESTION_START.match(line)
        sub = SUB_QUESTION.match(line) if found and not match else None
        if match:
            number = (match.group("qn") or match.group("n")).lower()
            parent = number
            found.append((number, n, [match.group("text")]))
        elif sub:
            found.append((parent + (sub.group("p") or sub.group("b")), n, [sub.group("text")]))
        elif found:
            found[-1][2].append(line)
        else:
            skipped.append((n, line.strip()))
    questions: list[DraftQuestion] = []
    seen: dict[str, int] = {}
    for number, start, parts in found:
        qid = f"q{number}"
        if qid in seen:
            raise UsageError(
                f"question {number} is numbered twice (lines {seen[qid]} and {start})",
                "give each question its own number in the questions file",
                code="usage.question-twice",
            )
        seen[qid] = start
        joined, limit, chars, unsure = read_limits(" ".join(" ".join(parts).split()))
        if not joined:
            raise UsageError(
                f"question {number} (line {start}) has no text",
                "write the question after its number",
                code="usage.question-empty",
            )
        questions.append(DraftQuestion(qid, joined, limit, start, chars, unsure))
    return questions, skipped
