"""Plain-English figures for a stretch of prose: sentences, words, long sentences,
Flesch reading ease, and acronyms used before they are spelled out.

Sentences end at . ! or ? followed by a capital, never after an abbreviation
(St., Dr., Mr., e.g., i.e.). Link addresses written in the text are not words.
Syllables for the Flesch figure come from Pyphen's British English hyphenation
dictionary (installed with WeasyPrint), the method textstat long used; textstat
itself now needs a dictionary downloaded at run time, which a build must not do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pipeline.assemble.assembly import Assembly
from pipeline.assemble.printed import SourceLines, block_texts
from pipeline.load.workbench import ResponseFolder

LONG = 25  # words: plain-English guides suggest 15-20 on average; over 25 is hard for many readers (one rule)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z“\"'(])")
# before a full stop, written without their dots ("e.g." is "eg")
ABBREVIATIONS = frozenset({"st", "dr", "mr", "mrs", "ms", "mx", "prof", "cllr", "rev", "no", "vs", "cf", "eg", "ie"})
ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S*$|^\S+@\S+\.\S+$", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
VOWELS = re.compile(r"[aeiouy]+")
ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z](?:s)?\b")
# known to every reader, or not acronyms at all
COMMON = frozenset(
    {
        "UK",
        "NHS",
        "GP",
        "GPs",
        "OK",
        "TV",
        "ID",
        "PDF",
        "BBC",
        "AM",
        "PM",
        "EU",
        "USA",
        "US",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
        "COVID",
        "HIV",
        "AIDS",
        "A&E",
        "BSL",
        "DVD",
        "CV",
        "CVs",
        "FAQ",
    }
)


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(where it starts in `text`, the sentence) for each sentence of a printed text."""
    start = 0
    for end in SENTENCE_END.finditer(text):
        last = text[start : end.start()].split()
        if last and last[-1].replace(".", "").lower() in ABBREVIATIONS and last[-1].endswith("."):
            continue  # "St. Mary's", "e.g. Mind": not the end of a sentence
        yield start, text[start : end.start()]
        start = end.end()
    if text[start:].strip():
        yield start, text[start:]


def words(text: str) -> list[str]:
    """The words of `text`, as forms count them, without link addresses."""
    if "://" not in text and "www." not in text and "@" not in text and "mailto:" not in text:
        return text.split()
    return [w for w in text.split() if not ADDRESS.match(w.strip("()<>[].,;:!?\"'"))]


@cache
def _hyphenator() -> object:
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


@lru_cache(maxsize=65_536)  # a word's count depends on the word alone; a response repeats its words
def syllables(word: str) -> int:
    letters = "".join(WORD.findall(word))
    if not letters:
        return 0
    word = letters.lower()
    # hyphenation never breaks near the ends of a word, so it undercounts; vowel groups (less a silent e) overcount less
    groups = len(VOWELS.findall(word)) - (1 if word.endswith("e") and not word.endswith(("le", "ee")) else 0)
    return max(len(_hyphenator().positions(word)) + 1, groups, 1)  # type: ignore[attr-defined]


@dataclass
class Figures:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    long: list[tuple[int, int]] = field(default_factory=list)  # (where in its text, words) of each long sentence

    @property
    def average(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def flesch(self) -> float | None:
        """Flesch reading ease: 60-70 is plain English; under 30 is very hard."""
        if not self.words or not self.sentences:
            return None
        return 206.835 - 1.015 * self.average - 84.6 * (self.syllables / self.words)

    def add(self, text: str) -> list[tuple[int, str, int]]:
        """Count `text` in; return its long sentences as (start, sentence, words)."""
        found = []
        for start, sentence in sentences(text):
            counted = words(sentence)
            if not counted:
                continue
            self.sentences += 1
            self.words += len(counted)
            self.syllables += sum(syllables(w) for w in counted)
            if len(counted) > LONG:
                self.long.append((start, len(counted)))
                found.append((start, sentence, len(counted)))
        return found


def acronyms(text: str) -> Iterator[tuple[int, str, bool]]:
    """(where, acronym, spelled out here) for each acronym in `text`: spelled out when written
    "Community Treatment Order (CTO)" or "CTO (Community Treatment Order)"."""
    for match in ACRONYM.finditer(text):
        word = match.group()
        if word in COMMON or len(word.rstrip("s")) < 2:
            continue
        before, after = text[: match.start()], text[match.end() :]
        spelled = (before.rstrip().endswith("(") and after.startswith(")")) or after.startswith(" (")
        yield match.start(), word.removesuffix("s") if word.endswith("s") and word[:-1].isupper() else word, spelled


@dataclass
class AnswerFigures:
    question_id: str
    number: str  # as printed: "3", or "3(a)" for a sub-question
    figures: Figures
    long: list[tuple[str, int, int]]  # (file, line, words) of each sentence over LONG words


def answer_figures(assembly: Assembly, response: ResponseFolder) -> list[AnswerFigures]:
    """The plain-English figures of each answer, from what is printed (quotes and code left out)."""
    from pipeline.checks._wording import placed, wording

    leave = wording(assembly.document)
    lines = SourceLines(response, assembly.included)
    report = []
    for section in assembly.document.sections:
        for answer in section.answers:
            figures = Figures()
            long: list[tuple[str, int, int]] = []
            for printed, place in placed(block_texts(answer.blocks), lines):
                if printed.kind != "text" or printed.source in leave.quoted:
                    continue
                for start, sentence, n in figures.add(printed.text):
                    first = WORD.search(sentence)
                    line = place(start + first.start(), start + first.end())[0] if first else printed.source.line
                    long.append((printed.source.path, line or 0, n))
            report.append(AnswerFigures(answer.question_id, answer.shown_number, figures, long))
    return report
