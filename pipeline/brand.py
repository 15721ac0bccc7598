"""The organisation's look: colours, fonts and logo from templates/brand.yaml.

Read and validated like every other file the user writes (`yamlsource` for
lines, `schema.validate` for messages). Values end up inside a `<style>`
element and an `<img>`, so they are strict: a colour must be #rrggbb and a font
name plain letters, digits, spaces and hyphens, which leaves nothing that could
break out of the CSS.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from pipeline import model
from pipeline.errors import CoproduceError, Problem
from pipeline.schema import Strict, validate
from pipeline.yamlsource import load_yaml, read_text

BRAND_FILE = "brand.yaml"
SHOWN_PATH = "templates/brand.yaml"  # as the user would type it
LOGO_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg"}
# also used by the HTML renderer, which refuses a Brand built around these checks
COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
FONT_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,63}")


def _colour(value: str) -> str:
    if not COLOUR_RE.fullmatch(value):
        raise ValueError(f"'{value}' is not a #rrggbb colour")
    return value.lower()


def _font(value: str) -> str:
    if not FONT_RE.fullmatch(value):
        raise ValueError("a font name may hold only letters, digits, spaces and hyphens")
    return value


Colour = Annotated[str, AfterValidator(_colour)]
Font = Annotated[str, AfterValidator(_font)]
D = model.Brand()


class Colours(Strict):
    primary: Colour = Field(D.primary, description='write six hex digits in quotes, like "#1f4e79"')
    accent: Colour = Field(D.accent, description='write six hex digits in quotes, like "#c55a11"')
    text: Colour = Field(D.text, description='write six hex digits in quotes, like "#1a1a1a"')


class Fonts(Strict):
    body: Font = Field(D.body_font, description="give one installed font family, like DejaVu Sans")
    headings: Font = Field(D.heading_font, description="give one installed font family, like DejaVu Sans")


class BrandFile(Strict):
    colours: Colours = Field(Colours(), description="give primary, accent and text colours")
    fonts: Fonts = Field(Fonts(), description="give body and headings fonts")
    logo: str | None = Field(None, description="give the file name of an image inside templates/")
    logo_alt: str = Field("", description="write what a screen reader should say for the logo")


def _logo(templates: Path, name: str, line: int) -> tuple[Path | None, list[Problem]]:
    folder = templates.resolve()
    candidate = (templates / name).resolve()
    if not candidate.is_relative_to(folder):
        why, fix = (
            f"the logo '{name}' lies outside templates/",
            "copy the logo into templates/ and give just its file name",
        )
    elif not candidate.is_file():
        why, fix = f"the logo file templates/{name} does not exist", "put the image in templates/ or correct the name"
    elif candidate.suffix.lower() not in LOGO_SUFFIXES:
        why, fix = f"the logo '{name}' is not a PNG, JPEG, GIF or SVG image", "save it as PNG"
    else:
        return candidate, []
    return None, [Problem(SHOWN_PATH, line, why, fix)]


def load_brand(templates: Path) -> model.Brand:
    """Read templates/brand.yaml; anything not given keeps the default look. No file: all defaults."""
    path = templates / BRAND_FILE
    if not path.is_file():
        return model.Brand()
    text, bad = read_text(path, SHOWN_PATH)
    if bad:
        raise CoproduceError([bad])
    located, problems = load_yaml(text or "", SHOWN_PATH)
    if located is None:
        raise CoproduceError(problems)
    data, found = validate(BrandFile, located, SHOWN_PATH)
    problems += found
    # the logo is checked even when other settings are wrong, so every problem shows at once
    raw_logo = located.data.get("logo") if isinstance(located.data, dict) else None
    logo = None
    if isinstance(raw_logo, str) and raw_logo.strip():
        logo, found = _logo(templates, raw_logo.strip(), located.line(("logo",)))
        problems += found
    if problems or data is None:
        raise CoproduceError(problems)
    return model.Brand(
        primary=data.colours.primary,
        accent=data.colours.accent,
        text=data.colours.text,
        body_font=data.fonts.body,
        heading_font=data.fonts.headings,
        logo=logo,
        logo_alt=data.logo_alt,
    )
