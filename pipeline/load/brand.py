"""The organisation's look: colours, fonts and logo from templates/brand.yaml.

Read and validated like every other file the user writes (`yamlsource` for
lines, `schema.validate` for messages; `files` to open it). Values end up inside a `<style>`
element and an `<img>`, so they are strict: a colour must be #rrggbb and a font
name plain letters, digits, spaces and hyphens, which leaves nothing that could
break out of the CSS. The logo is cleaned like every image (`images.clean_image`),
so a designer's name in its metadata goes no further.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from pipeline import model
from pipeline.errors import CoproduceError, Problem
from pipeline.load.files import read_text
from pipeline.load.images import clean_image
from pipeline.load.schema import Strict, validate
from pipeline.load.yamlsource import load_yaml

BRAND_FILE = "brand.yaml"
SHOWN_PATH = "templates/brand.yaml"  # as the user would type it
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


def _logo(templates: Path, name: str, alt: str, line: int) -> tuple[model.Image | None, list[Problem]]:
    folder = templates.resolve()
    candidate = templates / name
    if not candidate.resolve().is_relative_to(folder):
        fix = "copy the logo into templates/ and give just its file name"
        return None, [Problem(SHOWN_PATH, line, f"the logo '{name}' lies outside templates/", fix)]
    if not candidate.exists():
        fix = "put the image in templates/ or correct the name"
        return None, [Problem(SHOWN_PATH, line, f"the logo file templates/{name} does not exist", fix)]
    cleaned, problems = clean_image(candidate, name, root=folder, where=SHOWN_PATH, line=line)
    return (model.Image(candidate, alt, data=cleaned.data, mime=cleaned.mime) if cleaned else None), problems


def load_brand(templates: Path) -> model.Brand:
    """Read templates/brand.yaml; anything not given keeps the default look. No file: all defaults."""
    brand, problems = read_brand(templates)
    if any(p.severity == "error" for p in problems):
        raise CoproduceError(problems)
    return brand


def read_brand(templates: Path) -> tuple[model.Brand, list[Problem]]:
    """The brand and every problem with it, warnings too; the default look when any is an error."""
    path = templates / BRAND_FILE
    if not os.path.lexists(path):
        return model.Brand(), []
    text, problems = read_text(path, SHOWN_PATH, root=templates.parent)  # the workbench (or the shipped package)
    if text is None:
        return model.Brand(), problems
    located, found = load_yaml(text, SHOWN_PATH)
    problems += found
    if located is None:
        return model.Brand(), problems
    data, found = validate(BrandFile, located, SHOWN_PATH)
    problems += found
    # the logo is checked even when other settings are wrong, so every problem shows at once
    raw_logo = located.data.get("logo") if isinstance(located.data, dict) else None
    raw_alt = located.data.get("logo_alt") if isinstance(located.data, dict) else None
    logo = None
    if isinstance(raw_logo, str) and raw_logo.strip():
        alt = raw_alt if isinstance(raw_alt, str) else ""
        logo, found = _logo(templates, raw_logo.strip(), alt, located.line(("logo",)))
        problems += found
    if data is None or any(p.severity == "error" for p in problems):
        return model.Brand(), problems
    return (
        model.Brand(
            primary=data.colours.primary,
            accent=data.colours.accent,
            text=data.colours.text,
            body_font=data.fonts.body,
            heading_font=data.fonts.headings,
            logo=logo,
            logo_alt=data.logo_alt,
        ),
        problems,
    )
