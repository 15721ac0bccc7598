"""The support a person asked for: topics they would rather not work on, read where work is given.

A person's file may hold `avoid_topics`, `support_contact` and `check_in` (load/schema.py). None of
it is printed: nothing after loading receives it but this module and the privacy rules
(privacy/identity.support_variants treats the contact and the check-in as private text). Here
`add`, `assign` and `handover` ask whether a contribution's content note or its question touches
a topic someone it is given to asked to avoid. Text is folded the one way (privacy.normalise.fold:
case, accents, hyphens, dashes, invisible characters), and each word is compared by its Snowball stem,
so every inflection of every word is found ("self-harm" finds "self harming" and "selfharm", "restraint"
finds "restrained", "suicide" finds "suicidal") and ordinary words that merely begin the same do not
("harmony", "career", "policy"). The warning names the
person's id and where the topic was touched, never the topic: terminals get shared on screen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pipeline.load.schema import Contributor, Session
from pipeline.load.workbench import ResponseFolder, Workbench
from pipeline.privacy.normalise import fold
from pipeline.vocabulary import in_force

# Snowball's English stemmer (Porter2) takes off what inflects a word: restraints, restrained and
# restraining are all "restrain"; suicidal and suicides "suicid". It leaves derivations alone, and two of
# them name the same topic: the agent noun ("self-harmers", "gamblers") and the -t noun ("restraint" beside
# "restrain"). They are allowed only on a stem long enough not to be another word's start ("care" is not
# "career", "weigh" is not "weight"), or after the topic's other words ("self" anchors "harmer").
DERIVED: tuple[tuple[str, int], ...] = (("er", 5), ("t", 6))
JOINED_LEAST = 4  # two words typed apart are read as one ("self harm" for "selfharm") when each is this long:
# "a bus" is not "abus(e)"


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def _same(word: str, topic: str, anchored: bool) -> bool:
    """Whether the text's `word` is a form of the topic's word: the same stem, or one derivation apart."""
    a, b = _stem(word), _stem(topic)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    # "use" + "er" is "user": an -e stem takes the ending without its own e
    return any(
        long in (short + end, short + end[1:] if short.endswith("e") else None) and (anchored or len(short) >= least)
        for end, least in DERIVED
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def _mentions(topic: str, words: list[str]) -> bool:
    """Whether the folded `words` hold `topic` in any form: each of its words in turn ("self harm",
    "self-harming", as folding makes hyphens spaces), all of them joined in one ("selfharm"), or a topic
    written joined typed as two words."""
    parts = _words(topic)
    if not parts:
        return False
    n = len(parts)
    for i in range(len(words)):
        run = words[i : i + n]
        if len(run) == n and all(
            _same(w, t, anchored=n > 1 and j > 0) for j, (w, t) in enumerate(zip(run, parts, strict=True))
        ):
            return True
        if n > 1 and _same(words[i], "".join(parts), anchored=False):
            return True
        pair = words[i : i + 2]  # "self harm" typed apart for a topic written "selfharm"
        if n == 1 and len(pair) == 2 and min(map(len, pair)) >= JOINED_LEAST and _same("".join(pair), parts[0], False):
            return True
    return False


def touches(topics: Iterable[str], text: str | None) -> bool:
    """Whether `text` mentions any of `topics`, in any of its forms."""
    if not text:
        return False
    words = _words(text)
    return any(_mentions(topic, words) for topic in topics)


@dataclass(frozen=True)
class Touch:
    pid: str
    where: str  # "the content note", "the question"

    def __str__(self) -> str:
        return (
            f"{where_words(self.where)} touches a topic {self.pid} asked not to work on "
            f"(see their file); talk it through with them before the work is theirs"
        )


def where_words(where: str) -> str:
    return where[:1].upper() + where[1:]


def avoided(
    people: Mapping[str, Contributor], pids: Iterable[str], content_note: str | None, question: str | None
) -> list[Touch]:
    """Each (person, place) where work given to `pids` touches a topic they asked to avoid."""
    found = []
    for pid in dict.fromkeys(pids):
        c = people.get(pid)
        if c is None or not c.avoid_topics:
            continue
        for where, text in (("the content note", content_note), ("the question", question)):
            if touches(c.avoid_topics, text):
                found.append(Touch(pid, where))
    return found


def avoided_in_file(root: Path, path: Path, pids: Iterable[str] | None = None) -> list[Touch]:
    """`avoided` for a contribution file as it is now (after `assign` or `handover` wrote it)."""
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, load_contributors, load_response

    wb = Workbench(root)
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, path.parent, problems)
    if response is None:
        return []
    for c in response.contributions:
        if c.path.resolve() == path.resolve():
            question = next((q.text for q in response.data.questions if q.id == c.meta.answers), None)
            people = {pid: f.data for pid, f in wb.contributors.items()}
            return avoided(people, c.meta.by if pids is None else pids, c.meta.content_note, question)
    return []


def warnings_in_file(root: Path, path: Path, pids: Iterable[str] | None = None) -> list[str]:
    """The warnings `add`, `assign` and `handover` print, in the same words, for a page to show the coordinator
    who just gave the work (pages flash them once, to that session only). Ids only, never a topic."""
    return [f"Warning: {touch}" for touch in avoided_in_file(root, path, pids)]


CHECK_IN_DAYS = 14  # a check-in after a hard session is listed for two weeks after it


def check_ins_due(
    people: Mapping[str, Contributor], sessions: Iterable[Session], today: dt.date, days: int = CHECK_IN_DAYS
) -> list[tuple[str, Session]]:
    """(id, session) for each person who asked for check-ins and took part in a session marked difficult
    in the last `days` days (not one still to come), unless they have withdrawn. How they asked to be
    checked in with stays in their file: only the id is listed."""
    due = []
    for s in sessions:
        if not s.difficult or not (today - dt.timedelta(days=days) <= s.date <= today):
            continue
        for pid in dict.fromkeys(s.people):
            c = people.get(pid)
            if c is not None and c.check_in and not in_force(c.consent.withdrawn, today):
                due.append((pid, s))
    return due


def status_lines(root: Path, response_dir: Path, today: dt.date) -> list[str]:
    """What `status` adds for the people of one response: check-ins due, and who agreed on an older sheet."""
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, load_contributors, load_response

    wb = Workbench(root)
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, response_dir, problems)
    if response is None:
        return []
    people = {pid: f.data for pid, f in wb.contributors.items()}
    lines = [
        f"Check-in due   {pid} after the hard session on {s.date} ({s.activity}); how is in their file"
        for pid, s in check_ins_due(people, response.data.involvement, today)
    ]
    for pid, version in older_sheets(wb, response, today):
        lines.append(f"Older sheet    {pid} agreed on sheet version {version}; give them the new one and ask again")
    return lines


def older_sheets(wb: Workbench, response: ResponseFolder, today: dt.date) -> list[tuple[str, str]]:
    """(id, version seen) of each person in `response` who agreed on older sheet wording: for `status` and the
    dashboard alike."""
    from pipeline.workflow.sheet import agreed_to_older

    involved = {pid for s in response.data.involvement for pid in s.people}
    involved |= {pid for c in response.contributions for pid in (*c.meta.by, *c.meta.reviewed_by)}
    return agreed_to_older(wb, sorted(involved), today)
