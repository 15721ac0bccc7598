"""One matcher for every private form of every person, over folded text.

An Aho-Corasick automaton (pyahocorasick) holds every variant and every public
string at once, so a text is read once however many people there are: the cost
grows with the text, not with text x people. A private match that lies inside a
public one where it is found (a shared first name inside someone's credit) is
not a leak, nor is a single word inside a common one (the organisation's name,
the consultation's words, a date); of overlapping private matches the longest
is kept.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from pipeline.privacy.identity import Identities, Variant
from pipeline.privacy.normalise import fold, fold_with_map

_PUBLIC = "public"
_COMMON = "common"


@dataclass(frozen=True)
class Hit:
    start: int  # in the folded text, at the word's first letter
    end: int  # one past its last letter
    variants: tuple[Variant, ...]  # every private form that is exactly this text

    @property
    def whole(self) -> bool:
        return any(v.kind == "whole" for v in self.variants)

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.person for v in self.variants))


class _Cover:
    """Whether a span lies inside any of `spans`, in log time (a page of credits holds hundreds)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end so far

    def __call__(self, hit: Hit) -> bool:
        k = bisect.bisect_right(self.starts, hit.start)
        return k > 0 and self.reach[k - 1] >= hit.end


class _Automaton:
    """The automaton of one set of forms, and the matches found in each folded text so far (a text is matched
    the same way every time): a save in `coproduce serve` matches again only the texts it changed."""

    KEPT = 50_000  # texts whose matches are kept, the oldest dropped first
    LONGEST = 20_000  # characters: a longer text (a page, a whole output) is matched afresh, never kept

    def __init__(self, entries: dict[str, list[Variant | str]]) -> None:
        self.automaton = ahocorasick.Automaton()
        for key, values in entries.items():
            self.automaton.add_word(key, (len(key), tuple(values)))
        self.empty = not entries
        if not self.empty:
            self.automaton.make_automaton()
        self.found: dict[str, tuple[Hit, ...]] = {}  # by folded text
        self.by_text: dict[str, tuple[Hit, ...]] = {}  # by text as written
        self.lock = threading.Lock()


_AUTOMATA: dict[tuple[object, ...], _Automaton] = {}  # by every form and public string: a few workbenches' people
_AUTOMATA_KEPT = 4
_automata_lock = threading.Lock()


def forget() -> None:
    """Drop every automaton and the matches kept with it (a test's cold run, as a new process starts)."""
    with _automata_lock:
        _AUTOMATA.clear()


def _automaton_of(ids: Identities) -> _Automaton:
    key = (tuple((v.folded, v.person, v.kind, v.what) for v in ids.private), ids.public, ids.common)
    with _automata_lock:
        found = _AUTOMATA.get(key)
    if found is not None:
        return found
    entries: dict[str, list[Variant | str]] = {}
    for v in ids.private:
        entries.setdefault(v.folded, []).append(v)
    for s in ids.public:
        entries.setdefault(s, []).append(_PUBLIC)
    for s in ids.common:
        entries.setdefault(s, []).append(_COMMON)
    made = _Automaton(entries)
    with _automata_lock:
        _AUTOMATA[key] = made
        while len(_AUTOMATA) > _AUTOMATA_KEPT:
            _AUTOMATA.pop(next(iter(_AUTOMATA)))
    return made


class NameMatcher:
    def __init__(self, ids: Identities) -> None:
        self.ids = ids
        self._made = _automaton_of(ids)  # the same forms, the same automaton: made once
        self.empty = self._made.empty

    def find_folded(self, folded: str) -> list[Hit]:
        """Private matches in text already folded with `fold()`."""
        if self.empty:
            return []
        made = self._made
        if len(folded) > made.LONGEST:  # a whole page read by the guard: not kept (it changes with every save)
            return self._find(folded)
        with made.lock:
            kept = made.found.get(folded)
        if kept is None:
            kept = tuple(self._find(folded))
            with made.lock:
                made.found[folded] = kept
                while len(made.found) > made.KEPT:
                    made.found.pop(next(iter(made.found)))
        return list(kept)

    def _find(self, folded: str) -> list[Hit]:
        public: list[tuple[int, int]] = []
        common: list[tuple[int, int]] = []
        private: list[Hit] = []
        for last, (length, values) in self._made.automaton.iter(folded):
            start, end = last - length + 2, last  # without the spaces round the match
            if _PUBLIC in values:
                public.append((start, end))
            if _COMMON in values:
                common.append((start, end))
            found = tuple(v for v in values if v not in (_PUBLIC, _COMMON))
            if found:
                private.append(Hit(start, end, found))
        in_public, in_common = _Cover(public), _Cover(common)
        kept = [h for h in private if not in_public(h) and (h.whole or not in_common(h))]
        # of overlapping private matches keep the longest ("jordan reeve", not "jordan" inside it)
        kept = [h for h in kept if not any(o is not h and o.start <= h.start and h.end <= o.end for o in kept)]
        return kept

    def find(self, text: str) -> list[Hit]:
        """Private matches in `text` (positions in `fold(text)`); a text asked before is not folded again."""
        if self.empty:
            return []
        made = self._made
        if len(text) > made.LONGEST:
            return self.find_folded(fold(text))
        with made.lock:
            kept = made.by_text.get(text)
        if kept is None:
            kept = tuple(self.find_folded(fold(text)))
            with made.lock:
                made.by_text[text] = kept
                while len(made.by_text) > made.KEPT:
                    made.by_text.pop(next(iter(made.by_text)))
        return list(kept)

    def find_mapped(self, text: str) -> Iterator[tuple[Hit, int, int]]:
        """Matches with the span of `text` each came from: (hit, start, end) in the original."""
        folded, where = fold_with_map(text)
        for hit in self.find_folded(folded):
            yield hit, where[hit.start], where[hit.end - 1] + 1


def any_private(matcher: NameMatcher, texts: Iterable[str]) -> bool:
    return any(matcher.find(t) for t in texts)
