"""Characters no installed font can draw: the PDF would print an empty box ("tofu") in their place.

WeasyPrint draws text with the fonts fontconfig knows, falling back from the look's fonts to any
installed font that has the character; a character no installed font has is drawn as an empty box,
a different text in every reader and a PDF/UA failure. Which characters the installed fonts cover is
read once from fontconfig (`fc-list`, each font's charset). A character none has is a warning at its
line and column, and stops a final build that makes a PDF (`text.no-glyph`): install a font that has
it (the Makefile's `make fonts` installs Debian's Noto fonts), or write it another way.

Characters that are never drawn on their own (spaces, controls, joiners, variation selectors, the tag
characters of a flag like Wales's) are not asked about. Where fontconfig is missing, nothing is said.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

from pipeline.assemble.printed import SourceLines, printed_texts
from pipeline.checks import CheckContext
from pipeline.errors import Problem, Severity
from pipeline.profiles import profile_of

NOT_DRAWN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}  # controls, format characters, spaces
VARIATION = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


@cache
def installed_coverage() -> tuple[tuple[int, int], ...] | None:
    """Every installed font's characters, as sorted, merged (first, last) ranges; None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{charset}\\n"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges: list[tuple[int, int]] = []
    for word in out.split():
        first, _, last = word.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


@lru_cache(maxsize=64)
def one_font_has(chars: frozenset[str]) -> bool | None:
    """Whether one installed font has every one of `chars` (then none is an empty box); None without fontconfig.

    Asked of fontconfig with a pattern (`fc-list :charset=...`), which lists the fonts that have them all:
    cheaper than reading every font's characters (`installed_coverage`), which is read only when no font has
    them all, and a response's characters seldom change between two saves (issue 23: `check` at 40)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    codes = sorted(ord(c) for c in chars)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    charset = " ".join(f"{a:x}" if a == b else f"{a:x}-{b:x}" for a, b in ranges)
    try:
        out = subprocess.run(
            [fc_list, f":charset={charset}", "family"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(out.strip())


def never_drawn(char: str) -> bool:
    """Spaces, controls, joiners, variation selectors: never drawn on their own, so never asked about."""
    code = ord(char)
    return unicodedata.category(char) in NOT_DRAWN or any(code in r for r in VARIATION)


def drawable(char: str, coverage: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    if never_drawn(char):
        return True  # never drawn on its own
    lo, hi = 0, len(coverage)
    while lo < hi:  # the last range starting at or before `code`
        mid = (lo + hi) // 2
        if coverage[mid][0] <= code:
            lo = mid + 1
        else:
            hi = mid
    return lo > 0 and coverage[lo - 1][0] <= code <= coverage[lo - 1][1]


def _makes_pdf(ctx: CheckContext) -> bool:
    """Whether the build makes a PDF: the formats asked for, else the profile's (none named: the defaults, a PDF)."""
    formats = ctx.settings.formats or profile_of(ctx.response.data.submit_to).formats
    return not formats or "pdf" in formats


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    texts = [p.text for p in printed_texts(a.document, ctx.response, a.annex) if p.kind != "link"]
    chars = frozenset(c for c in set("".join(texts)) if not never_drawn(c))
    if not chars:
        return
    if one_font_has(chars):
        return  # one font draws them all (every font's characters are read only when one does not)
    coverage = installed_coverage()
    if coverage is None:
        return
    lines = SourceLines(ctx.response, a.included)
    severity: Severity = "final" if _makes_pdf(ctx) else "warning"
    seen: dict[tuple[str, int, str], int] = {}  # each character's uses so far in a block: the next is after them
    known: dict[str, bool] = {}  # each distinct character asked once (issue 23: a long response has millions)
    for printed in printed_texts(a.document, ctx.response, a.annex):
        if printed.kind == "link":
            continue  # a link's address is not printed as text
        for char in dict.fromkeys(printed.text):  # each character once, in the order it first appears
            drawn = known.get(char)
            if drawn is None:
                drawn = known[char] = drawable(char, coverage)
            if drawn:
                continue
            first, raw = lines.lines(printed.source)
            key = (printed.source.path, printed.source.line, char)
            line, column = _find(first, raw, char, seen.get(key, 0))
            seen[key] = seen.get(key, 0) + printed.text.count(char)
            name = unicodedata.name(char, f"U+{ord(char):04X}").lower()
            yield Problem(
                printed.source.path,
                line or printed.source.line,
                f"no installed font has the character '{char}' (U+{ord(char):04X}, {name}): the PDF would print an"
                " empty box in its place",
                "install a font that has it (make fonts installs Debian's Noto fonts), or write it another way",
                severity,
                column=column,
                code="text.no-glyph",
                subject=f"U+{ord(char):04X}",
            )


def _find(first: int, raw: list[str], char: str, nth: int) -> tuple[int | None, int | None]:
    """The line and column (1-based) of the `nth` use of `char` in the block's lines, or of the first use."""
    found: list[tuple[int, int]] = []
    for k, text in enumerate(raw):
        found += [(first + k, i + 1) for i, c in enumerate(text) if c == char]
    if not found:
        return None, None
    return found[min(nth, len(found) - 1)]
