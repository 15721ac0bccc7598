"""Whether printed text holds a copy of words that may not be printed: a withdrawn person's, or a
confidential contribution's. One rule for both checks and the guard.

Text is folded the one way (normalise.py), so case, punctuation, Word's characters and line
breaks hide nothing. A printed passage is a copy when

- it holds a run of RUN words of a protected passage, in order (a sentence pasted whole, or most of it);
- it holds a whole protected sentence of WHOLE to RUN-1 words, in order (a short quote pasted whole);
- it holds a run of SHORT_RUN words in order with SHORT_DISTINCT distinctive words among them
  (a telling part of a sentence: "walked past my door without a word");
- one of its sentences holds, in any order, at least SHARE of the distinctive words of a protected
  sentence, and at least SHARED of them (a sentence reordered, cut or padded).

Distinctive words are those not in STOP (the small words every sentence has), two letters or
more. The thresholds keep ordinary shared phrases ("peer workers on every shift", "the night
shift") from counting: they are measured both ways in tests/attacks/test_withdrawal_paths.py.
Nothing is exempt because it is printed somewhere else too (response.yaml, say): restating a
protected passage never makes it public.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipeline.privacy.normalise import fold

RUN = 8  # words in order: long enough that a shared stock phrase is rare, short enough to catch a sentence
WHOLE = 5  # a whole protected sentence this long (and under RUN) is compared whole
SHORT_RUN = 7  # words in order, ...
SHORT_DISTINCT = 5  # ... with this many distinctive words: "in the quiet room was always broken" has four
WHOLE_DISTINCT = 3  # ... when it has this many distinctive words: "we would like to see that" is no copy
SHARED = 4  # distinctive words, in any order, that a reordered copy must share at the least
SHARE = 0.8  # ... and this part of the protected sentence's distinctive words

# Sentence ends: a copy in any order is looked for one sentence at a time.
_SENTENCE = re.compile(r"[.!?;:\n\u2026\u3002]+")

# The small words every English sentence has (folded): shared, they say nothing about a copy.
_STOP_WORDS = """
    a about above after again against all almost also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each either else even ever every
    few for from further get gets got had has have having he her here hers herself him himself his how i if
    in into is it its itself just let like made make many may me might more most much must my myself neither
    no nor not now of off on once one only or other our ours ourselves out over own per quite rather really
    said same say says see seen she should so some such than that the their theirs them themselves then there
    these they this those though through to too under until up upon us very was we well were what when where
    which while who whom whose why will with would yet you your yours yourself yourselves
"""
STOP = frozenset(_STOP_WORDS.split())


def distinctive(words: Iterable[str]) -> frozenset[str]:
    """The folded words that tell one sentence from another: not STOP, two letters or more."""
    return frozenset(w for w in words if len(w) > 1 and w not in STOP)


def sentences(text: str) -> Iterator[list[str]]:
    """The folded words of each sentence of `text`, in order; together they are `fold(text).split()`."""
    for part in _SENTENCE.split(text):
        words = fold(part).split()
        if words:
            yield words


@dataclass(frozen=True)
class Copy:
    start: int  # the first copied word, counting the folded words of the text searched
    count: int  # how many words from there
    where: str  # the protected passage's file, as shown
    owner: str  # whose it is (a withdrawn person's id), or ""
    how: str  # "in order" or "reordered"


class Passages:
    """The protected passages, indexed once; `find` says where a text copies them."""

    def __init__(self, passages: Iterable[tuple[str, str, str]]) -> None:
        """`passages`: (text, where it was written, whose)."""
        self.runs: dict[tuple[str, ...], tuple[str, str]] = {}
        self.short: dict[tuple[str, ...], tuple[str, str]] = {}
        self.whole: dict[int, dict[tuple[str, ...], tuple[str, str]]] = {}
        self.bags: list[tuple[frozenset[str], int, str, str]] = []  # (words, how many must be shared, where, whose)
        self.by_word: dict[str, list[int]] = {}
        for text, where, owner in passages:
            for words in sentences(text):
                self._add(words, where, owner)
            words = fold(text).split()  # a run may cross a sentence end, as a paste does
            for k in range(len(words) - RUN + 1):
                self.runs.setdefault(tuple(words[k : k + RUN]), (where, owner))

    def _add(self, words: list[str], where: str, owner: str) -> None:
        bag = distinctive(words)
        for k in range(len(words) - SHORT_RUN + 1):
            run = tuple(words[k : k + SHORT_RUN])
            if len(distinctive(run)) >= SHORT_DISTINCT:
                self.short.setdefault(run, (where, owner))
        if WHOLE <= len(words) < RUN and len(bag) >= WHOLE_DISTINCT:
            self.whole.setdefault(len(words), {}).setdefault(tuple(words), (where, owner))
        if len(bag) >= SHARED:
            self.bags.append((bag, max(SHARED, math.ceil(SHARE * len(bag))), where, owner))
            for w in bag:
                self.by_word.setdefault(w, []).append(len(self.bags) - 1)

    def __bool__(self) -> bool:
        return bool(self.runs or self.short or self.whole or self.bags)

    def _index(self) -> None:
        """Every run in order, of every table, in one Aho-Corasick automaton over folded text (as the name
        matcher reads text): a long output is read once, in C, however many passages there are."""
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for n, table in [(RUN, self.runs), (SHORT_RUN, self.short), *sorted(self.whole.items())]:
            for run, hit in table.items():
                key = f" {' '.join(run)} "
                if key not in self.automaton:
                    self.automaton.add_word(key, (len(key), n, hit))
        self.indexed = len(self.automaton) > 0
        if self.indexed:
            self.automaton.make_automaton()

    def find(self, text: str) -> Iterator[Copy]:
        """Each copy in `text`: runs in order where they start (overlapping ones once), then the sentences
        that reorder a protected one."""
        if not hasattr(self, "indexed"):
            self._index()
        folded = fold(text)
        if self.indexed:
            reached, counted, at = -1, 0, 0
            for last, (length, n, (where, owner)) in self.automaton.iter(folded):
                start = last - length + 1  # the space before its first word
                if start < reached:
                    continue  # inside a copy already said
                counted += folded.count(" ", at, start)  # words before this one
                at = start
                reached = last
                yield Copy(counted, n, where, owner, "in order")
        if self.bags and len({w for w in folded.split() if w in self.by_word}) >= SHARED:
            first = 0
            for words in sentences(text):
                if (found := self._reordered(words)) is not None:
                    yield Copy(first, len(words), found[2][0], found[2][1], "reordered")
                first += len(words)

    def _reordered(self, words: list[str]) -> tuple[int, int, tuple[str, str], str] | None:
        mine = {w for w in words if w in self.by_word}
        if len(mine) < SHARED:
            return None
        shared: dict[int, int] = {}
        for w in mine:
            for i in self.by_word[w]:
                shared[i] = shared.get(i, 0) + 1
        for i, n in sorted(shared.items()):
            bag, needed, where, owner = self.bags[i]
            if n >= needed:
                return 0, len(words), (where, owner), "reordered"
        return None
