"""The organisation's look is checked: brand colours readable, brand fonts installed.

Colours (WCAG 2.2 AA): `text` (body text) and `primary` (headings and links) are
text colours and need a contrast of at least 4.5:1 against every background
they are printed on; `accent` draws the edges of lived-experience quotes and
content notes and the keyboard focus outline, so it needs the 3:1 of non-text
parts (1.4.11). The backgrounds are those of the shipped templates/style.css
and the Word file (render/docx.py): white, and the pale boxes below. A colour
that fails stops a final build (severity "final", code `brand.contrast`), with a
darker colour of the same hue that passes as the fix.

Fonts: a brand font that fontconfig does not know is a warning naming the font
the PDF falls back to (`brand.font-missing`); without fontconfig there is
nothing to ask, and nothing is said.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Iterator

from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.load.brand import where_given

TEXT_CONTRAST, NON_TEXT_CONTRAST = 4.5, 3.0

# Where text sits: every background in style.css and render/docx.py that text is printed on.
BACKGROUNDS = {
    "#ffffff": "the white page",
    "#eef2f6": "the question box and table headers",
    "#f7f5f2": "lived-experience quotes",
    "#fffaf4": "content notes",
    "#f2f2f2": "content notes in the Word file",
    "#f4f5f7": "code blocks",
}

# brand colour -> (what it is used for, the contrast it needs, the backgrounds it meets)
USES = {
    "text": ("body text", TEXT_CONTRAST, tuple(BACKGROUNDS)),
    "primary": ("headings and links", TEXT_CONTRAST, tuple(BACKGROUNDS)),
    "accent": ("the edges of quotes and content notes and the focus outline", NON_TEXT_CONTRAST, ("#ffffff",)),
}


def _luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2.x)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darker(colour: str, backgrounds: tuple[str, ...], needed: float) -> str:
    """The same hue, darkened step by step until it reaches `needed` on every background."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(100, -1, -1):
        f = step / 100
        candidate = f"#{round(r * f):02x}{round(g * f):02x}{round(b * f):02x}"
        if all(contrast(candidate, bg) >= needed for bg in backgrounds):
            return candidate
    return "#000000"


def _ratio(value: float) -> str:
    """A ratio as people write it, rounded down so 4.48 never reads as a passing 4.5."""
    return f"{int(value * 10) / 10:.1f}:1"


def check(ctx: CheckContext) -> Iterator[Problem]:
    brand = ctx.assembly.document.brand
    folders = ctx.workbench.template_dirs
    for key, (use, needed, backgrounds) in USES.items():
        colour: str = getattr(brand, key)
        worst = min(backgrounds, key=lambda bg: contrast(colour, bg))
        ratio = contrast(colour, worst)
        if ratio >= needed:
            continue
        shown, line = where_given(folders, "colours", key)
        yield Problem(
            shown,
            line,
            f"the {key} colour {colour} ({use}) has a contrast of {_ratio(ratio)} on {BACKGROUNDS[worst]} "
            f"({worst}); it needs at least {needed:g}:1 to be read",
            f"use a darker colour, such as {darker(colour, backgrounds, needed)}, in {shown}",
            "final",
            code="brand.contrast",
            subject=key,
        )
    for key, font in (("body", brand.body_font), ("headings", brand.heading_font)):
        families = _installed_families()
        if families is None or font.casefold() in families:
            continue
        shown, line = where_given(folders, "fonts", key)
        fallback = _fallback(font)
        yield Problem(
            shown,
            line,
            f"the {key} font '{font}' is not installed on this machine, so the PDF uses "
            f"{fallback or 'another font'} instead",
            f"install '{font}' (then run fc-cache), or name an installed font in {shown}",
            "warning",
            code="brand.font-missing",
            subject=font,
        )


@functools.cache
def _installed_families() -> frozenset[str] | None:
    """Every font family fontconfig knows, folded; None when fontconfig cannot be asked."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(name.strip().casefold() for line in out.splitlines() for name in line.split(",") if name.strip())


@functools.cache
def _fallback(font: str) -> str:
    """The family fontconfig (and so WeasyPrint) uses for `font`; "" when it cannot say."""
    if shutil.which("fc-match") is None:
        return ""
    try:
        out = subprocess.run(
            ["fc-match", "--format", "%{family}", font], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.split(",")[0].strip()
