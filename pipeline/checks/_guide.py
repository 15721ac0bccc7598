"""The language guide as data: loaded, layered and compiled into one matcher.

The shipped `templates/language.yaml` comes first; a workbench's own
`templates/language.yaml` is laid over it entry by entry (`id`): a new id adds
an entry, a known id changes the fields it gives, `off: true` switches it off.
An entry without an id (the old format: only `avoid:` and `prefer:`) is a new entry.

Matching runs on folded text (`privacy.normalise.fold_with_map`), so case,
hyphens, dashes, apostrophes and line breaks do not matter; each listed phrase
also matches with its words run together ("noncompliant", "hardtoreach"). The
whole guide is one Aho-Corasick automaton (pyahocorasick, longest phrase first),
and a match maps back to its entry by its folded text. Names of laws, of bodies
and of the organisation, and preferred terms that contain a listed word, shield
the words inside them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import product
from pathlib import Path

from pipeline.errors import CoproduceError, Problem, Severity
from pipeline.load.files import read_text
from pipeline.load.yamlsource import PathKey, load_yaml
from pipeline.privacy.normalise import fold, fold_with_map

GUIDE = "language.yaml"
FIELDS = ("id", "avoid", "prefer", "reason", "source", "severity", "off")
SEVERITIES = ("warning", "final")
CODE = "\0"  # inline code, masked (checks/_wording.py): nothing matches across it

# The name of a law or a bill: capitalised words (and the small words between them) ending in Act or Bill,
# with an optional year: "Mental Health Act 1983", "Misuse of Drugs Act", "Rehabilitation of Offenders Act 1974"
_SMALL = r"(?:of|and|for|the|on|in|to|&)"
STATUTE = re.compile(rf"\b(?:[A-Z][\w'’-]*\s+(?:{_SMALL}\s+)*)+(?:Act|Bill)\b(?:\s+\(?\d{{4}}\)?)?")
QUOTED = re.compile(r'"[^"]*"|“[^“”]*”')


@dataclass(frozen=True)
class Entry:
    id: str
    avoid: tuple[str, ...]
    prefer: tuple[str, ...]
    reason: str = ""
    source: str = ""
    severity: Severity = "warning"


@dataclass(frozen=True)
class Found:
    start: int  # in the text searched
    end: int
    entry: Entry
    quoted: bool  # inside quotation marks: reported speech, advice only


def variants(phrase: str) -> set[str]:
    """The folded forms of `phrase`: its words parted by a space or run together."""
    words = fold(phrase).split()
    if not words:
        return set()
    if len(words) > 5:  # long phrases: as written only
        return {" ".join(words)}
    return {
        words[0] + "".join(gap + word for gap, word in zip(joins, words[1:], strict=True))
        for joins in product((" ", ""), repeat=len(words) - 1)
    }


class Matcher:
    """Whole folded phrases in folded text, with one Aho-Corasick automaton: the longest
    phrase at the leftmost place, then on after it (as a regular expression alternation would)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for phrase in set(phrases):
            if phrase:
                self._automaton.add_word(f" {phrase} ", phrase)  # spaces round: whole words only
        self.empty = len(self._automaton) == 0
        if not self.empty:
            self._automaton.make_automaton()

    def spans(self, folded: str) -> list[tuple[int, int, str]]:
        """(start, end, phrase): where each phrase is in `folded` (which has a space at each end),
        without the spaces round it, in order, not overlapping."""
        if self.empty:
            return []
        hits = sorted(((end - len(p), end, p) for end, p in self._automaton.iter(folded)), key=lambda h: (h[0], -h[1]))
        found: list[tuple[int, int, str]] = []
        for start, end, phrase in hits:
            if not found or start >= found[-1][1]:
                found.append((start, end, phrase))
        return found


_kept_lock = threading.Lock()


@dataclass(frozen=True)
class Guide:
    entries: tuple[Entry, ...]
    names: tuple[str, ...] = ()  # never flagged inside: bodies, preferred terms
    _lookup: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)
    _phrases: Matcher = field(default_factory=lambda: Matcher(()), compare=False, repr=False)
    _shield: Matcher = field(default_factory=lambda: Matcher(()), compare=False, repr=False)
    _kept: dict[tuple[str, tuple[str, ...]], tuple[Found, ...]] = field(default_factory=dict, compare=False, repr=False)
    _shields: dict[tuple[str, ...], Matcher] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, entries: Sequence[Entry], names: Sequence[str] = ()) -> Guide:
        lookup: dict[str, Entry] = {}
        for entry in entries:
            for phrase in entry.avoid:
                for form in variants(phrase):
                    lookup.setdefault(form, entry)  # the first entry to list a form keeps it
        shield = {form for name in names for form in variants(name)}
        return cls(tuple(entries), tuple(names), lookup, Matcher(lookup), Matcher(shield))

    def shield(self, names: Sequence[str]) -> Matcher:
        """A matcher for more names never flagged inside (the organisation's), to pass to `find`."""
        return Matcher(form for name in names for form in variants(name))

    def find_shielding(self, text: str, names: tuple[str, ...]) -> list[Found]:
        """`find(text, self.shield(names))`, kept for each text and names (the guide is kept while its files are
        unchanged, so a save in `serve` looks again only at the texts it changed)."""
        key = (text, names)
        found = self._kept.get(key)
        if found is None:
            shield = self._shields.get(names)
            if shield is None:
                shield = self._shields[names] = self.shield(list(names)) if names else Matcher(())
            found = tuple(self.find(text, shield if names else None))
            with _kept_lock:
                self._kept[key] = found
                while len(self._kept) > 50_000:
                    self._kept.pop(next(iter(self._kept)))
        return list(found)

    def find(self, text: str, extra: Matcher | None = None) -> list[Found]:
        """Every use of a guide phrase in `text`, in order, with its span in `text`."""
        found: list[Found] = []
        for start, part in _segments(text):
            if not self._phrases.spans(fold(part)):  # the common case: nothing here, no map needed
                continue
            folded, where = fold_with_map(part)
            shielded = [(m.start(), m.end()) for m in STATUTE.finditer(part)]
            for matcher in (self._shield, extra):
                if matcher is not None:
                    shielded += [(where[a], where[b - 1] + 1) for a, b, _ in matcher.spans(folded)]
            quoted = [(m.start(), m.end()) for m in QUOTED.finditer(part)]
            for a, b, phrase in self._phrases.spans(folded):
                s, e = where[a], where[b - 1] + 1
                if any(s < y and x < e for x, y in shielded):
                    continue
                inside = any(x < s and e < y for x, y in quoted)
                found.append(Found(start + s, start + e, self._lookup[phrase], inside))
        return found


def _segments(text: str) -> Iterator[tuple[int, str]]:
    """The stretches of `text` between masked inline code, with where each starts."""
    at = 0
    for piece in text.split(CODE):
        if piece:
            yield at, piece
        at += len(piece) + 1


# ------------------------------------------------------------------ loading


def _phrases(value: object) -> tuple[str, ...] | None:
    """A list of phrases, or text with phrases parted by |; None if neither."""
    if isinstance(value, str):
        items = value.split("|")
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    else:
        return None
    phrases = tuple(p.strip() for p in items if p.strip())
    return phrases or None


def _default_id(avoid: tuple[str, ...]) -> str:
    return "-".join(fold(avoid[0]).split())


@dataclass
class _Layer:
    changes: list[tuple[dict[str, object], int | None]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def _read(path: Path, shown: str, problems: list[Problem]) -> _Layer:
    layer = _Layer()
    text, found = read_text(path, shown, root=path.parent.parent)  # the folder that holds templates/
    problems += found
    if text is None:
        return layer
    located, found = load_yaml(text, shown)
    problems += found
    if located is None or located.data is None:
        return layer
    data = located.data
    prefix: PathKey = ()
    if isinstance(data, dict):
        for key in data:
            if key not in ("entries", "names", "keep"):
                problems.append(
                    Problem(
                        shown,
                        located.line((key,)),
                        f"'{key}' is not part of a language guide",
                        "the guide holds  entries:,  names:  and  keep:",
                        code="language.guide-bad-entry",
                    )
                )
        for key in ("names", "keep"):
            value = data.get(key)
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(
                    Problem(
                        shown,
                        located.line((key,)),
                        f"{key}: should be a list of names",
                        f"write each on its own line:  {key}:\\n  - ...",
                        code="language.guide-bad-entry",
                    )
                )
                continue
            layer.names += value
        data, prefix = data.get("entries", []), ("entries",)
    if not isinstance(data, list):
        problems.append(
            Problem(
                shown,
                located.line(prefix) if prefix else 1,
                "the language guide should be a list of entries",
                "start each entry with  - id: ...",
                code="language.guide-not-list",
            )
        )
        return layer
    for i, entry in enumerate(data):
        line = located.line((*prefix, i))
        if not isinstance(entry, dict):
            problems.append(
                Problem(
                    shown,
                    line,
                    "each entry needs  avoid:  and  prefer:",
                    "see the comments at the top of the shipped templates/language.yaml",
                    code="language.guide-bad-entry",
                )
            )
            continue
        layer.changes.append((entry, line))
    return layer


def _entry(
    raw: dict[str, object], line: int | None, shown: str, known: dict[str, Entry], problems: list[Problem]
) -> tuple[str, Entry | None] | None:
    """(id, the entry as changed, or None when switched off); None when the entry is not valid."""

    def bad(message: str, fix: str, code: str = "language.guide-bad-entry") -> None:
        problems.append(Problem(shown, line, message, fix, code=code))

    unknown = [k for k in raw if k not in FIELDS]
    if unknown:
        bad(f"'{unknown[0]}' is not a field of a guide entry", f"the fields are: {', '.join(FIELDS)}")
        return None
    avoid = _phrases(raw["avoid"]) if "avoid" in raw else None
    prefer = _phrases(raw["prefer"]) if "prefer" in raw else None
    if ("avoid" in raw and avoid is None) or ("prefer" in raw and prefer is None):
        bad("avoid:  and  prefer:  should be phrases", "write a list:  avoid: [a phrase, another]")
        return None
    ident = raw.get("id")
    if ident is None and avoid is not None:
        ident = _default_id(avoid)
    if not isinstance(ident, str) or not ident.strip():
        bad("each entry needs an  id:  (or  avoid:  and  prefer:)", "give the entry a short id")
        return None
    if raw.get("off") not in (None, True, False):
        bad(f"off: '{raw['off']}' should be true or false", "write  off: true  to switch the entry off")
        return None
    if raw.get("off") is True:
        if ident not in known:
            bad(
                f"there is no entry '{ident}' to switch off",
                "use an id from the shipped guide (coproduce language --list shows them)",
                "language.guide-unknown-id",
            )
            return None
        return ident, None
    severity = raw.get("severity", known[ident].severity if ident in known else "warning")
    if severity not in SEVERITIES:
        bad(f"severity '{severity}' is not known", "write warning or final", "language.guide-bad-severity")
        return None
    for key in ("reason", "source"):
        if key in raw and not isinstance(raw[key], str):
            bad(f"{key}: should be one line of text", f"write  {key}: ...")
            return None
    if ident in known:
        old = known[ident]
        return ident, replace(
            old,
            avoid=avoid or old.avoid,
            prefer=prefer or old.prefer,
            reason=str(raw.get("reason", old.reason)),
            source=str(raw.get("source", old.source)),
            severity=severity,  # type: ignore[arg-type]
        )
    if avoid is None or prefer is None:
        bad("each entry needs  avoid:  and  prefer:", "see the comments in the shipped templates/language.yaml")
        return None
    reason, source = str(raw.get("reason", "")), str(raw.get("source", ""))
    return ident, Entry(ident, avoid, prefer, reason, source, severity)  # type: ignore[arg-type]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def load_guide(folders: Sequence[Path], shown: Sequence[str] | None = None) -> Guide:
    """The guide from the language.yaml in each of `folders` (first wins: the workbench's own,
    then the shipped one), laid over each other. Raises CoproduceError when a file is not valid."""
    paths = [folder / GUIDE for folder in folders]
    names = tuple(shown) if shown else tuple(f"{p.parent.name}/{p.name}" for p in paths)
    present = tuple((p, n, _stamp(p)) for p, n in zip(paths, names, strict=True) if p.exists() or p.is_symlink())
    return _load(present)


@cache
def _load(present: tuple[tuple[Path, str, tuple[int, int]], ...]) -> Guide:
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    names: list[str] = []
    for path, shown, _ in reversed(present):  # the shipped guide first, then what is laid over it
        layer = _read(path, shown, problems)
        names += layer.names
        seen: set[str] = set()
        for raw, line in layer.changes:
            made = _entry(raw, line, shown, entries, problems)
            if made is None:
                continue
            ident, entry = made
            if ident in seen:
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"the id '{ident}' is given twice in this file",
                        "give each entry its own id",
                        code="language.guide-duplicate-id",
                    )
                )
                continue
            seen.add(ident)
            if entry is None:
                entries.pop(ident, None)
            else:
                entries[ident] = entry
    if any(p.severity == "error" for p in problems):  # a vertical tab's warning alone keeps the guide
        raise CoproduceError(problems)
    return Guide.of(list(entries.values()), names)
