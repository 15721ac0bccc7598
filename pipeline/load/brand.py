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
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from pipeline import model
from pipeline.errors import CoproduceError, Problem
from pipeline.load.files import read_text
from pipeline.load.images import clean_image
from pipeline.load.organisation_schema import OrganisationFields
from pipeline.load.schema import Strict, validate
from pipeline.load.yamlsource import Located, load_yaml

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


# Every key is optional and has no default here: a brand.yaml gives only what it changes, and
# `_layered` lays each file's keys over the one below (model.Brand's defaults, the shipped
# brand.yaml, then the workbench's own), so a file with one colour changes only that colour.
class Colours(Strict):
    primary: Colour | None = Field(None, description='write six hex digits in quotes, like "#1f4e79"')
    accent: Colour | None = Field(None, description='write six hex digits in quotes, like "#c55a11"')
    text: Colour | None = Field(None, description='write six hex digits in quotes, like "#1a1a1a"')


class Fonts(Strict):
    body: Font | None = Field(None, description="give one installed font family, like DejaVu Sans")
    headings: Font | None = Field(None, description="give one installed font family, like DejaVu Sans")


class BrandFile(Strict):
    colours: Colours = Field(Colours(), description="give primary, accent and text colours")
    fonts: Fonts = Field(Fonts(), description="give body and headings fonts")
    logo: str | None = Field(None, description="give the file name of an image inside templates/")
    logo_alt: str | None = Field(None, description="write what a screen reader should say for the logo")


def _layered(layers: Sequence[BrandFile]) -> dict[str, str]:
    """The brand's settings, key by key: the defaults, then each file from the lowest (shipped) up;
    a key a file gives replaces that key only, and a key it leaves out keeps the one below."""
    values = {
        "primary": D.primary,
        "accent": D.accent,
        "text": D.text,
        "body_font": D.body_font,
        "heading_font": D.heading_font,
        "logo_alt": D.logo_alt,
    }
    for layer in layers:
        given = {
            "primary": layer.colours.primary,
            "accent": layer.colours.accent,
            "text": layer.colours.text,
            "body_font": layer.fonts.body,
            "heading_font": layer.fonts.headings,
            "logo_alt": layer.logo_alt,
        }
        values.update({key: value for key, value in given.items() if value is not None})
    return values


def _logo(
    folders: Sequence[Path], name: str, alt: str, line: int, shown: str
) -> tuple[model.Image | None, list[Problem]]:
    """The logo from the first folder of the look that has it (the workbench's own, then the shipped one)."""
    for templates in folders:
        folder = templates.resolve()
        candidate = templates / name
        if not candidate.resolve().is_relative_to(folder):
            fix = "copy the logo into templates/ and give just its file name"
            outside = f"the logo '{name}' lies outside templates/"
            return None, [Problem(shown, line, outside, fix, code="brand.logo-outside")]
        if candidate.exists():
            cleaned, problems = clean_image(candidate, name, root=folder, where=shown, line=line)
            return (model.Image(candidate, alt, data=cleaned.data, mime=cleaned.mime) if cleaned else None), problems
    fix = "put the image in templates/ or correct the name"
    missing = f"the logo file templates/{name} does not exist"
    return None, [Problem(shown, line, missing, fix, code="brand.logo-missing")]


def organisation_logos(
    folders: Sequence[Path], data: OrganisationFields, located: Located, shown: str
) -> tuple[tuple[model.Image | None, ...], list[Problem]]:
    """Each organisation's own logo (response.yaml's `logo:`, None where it gives none), found and cleaned
    as brand.yaml's is: a file in the look's templates/ folders."""
    logos: list[model.Image | None] = []
    problems: list[Problem] = []
    for i, org in enumerate(data.signers):
        line = located.line((*data.organisation_path(i), "logo"))
        logo, found = _logo(folders, org.logo, org.logo_alt or "", line, shown) if org.logo else (None, [])
        logos.append(logo)
        problems += found
    return tuple(logos), problems


def load_brand(templates: Path | Sequence[Path]) -> model.Brand:
    """Read templates/brand.yaml (each folder's, laid over the next); anything not given keeps the
    default look. No file: all defaults."""
    brand, problems = read_brand(templates)
    if any(p.severity == "error" for p in problems):
        raise CoproduceError(problems)
    return brand


def _read_layer(templates: Path, shown: str) -> tuple[Located | None, BrandFile | None, list[Problem]]:
    """One brand.yaml: where it says what, what it says, and its problems. No file: nothing."""
    path = templates / BRAND_FILE
    if not os.path.lexists(path):
        return None, None, []
    text, problems = read_text(path, shown, root=templates.parent)  # the workbench (or the shipped package)
    if text is None:
        return None, None, problems
    located, found = load_yaml(text, shown)
    problems += found
    if located is None:
        return None, None, problems
    data, found = validate(BrandFile, located, shown)
    return located, data, problems + found


def read_brand(templates: Path | Sequence[Path]) -> tuple[model.Brand, list[Problem]]:
    """The brand and every problem with it, warnings too; the default look when any is an error.

    `templates` is the look's folder, or its folders with the first winning (the workbench's own
    templates/, then the shipped look): each brand.yaml is laid over the next one key by key.
    """
    folders = (templates,) if isinstance(templates, Path) else tuple(templates)
    problems: list[Problem] = []
    layers: list[tuple[Located, BrandFile | None, str]] = []  # lowest (shipped) first
    for k in reversed(range(len(folders))):
        shown = SHOWN_PATH if k == 0 else str(folders[k] / BRAND_FILE)
        located, data, found = _read_layer(folders[k], shown)
        problems += found
        if located is not None:
            layers.append((located, data, shown))

    def topmost(key: str) -> tuple[object, int, str] | None:
        """What the highest file that gives `key` says, its line and file."""
        for located, _, shown in reversed(layers):
            if isinstance(located.data, dict) and key in located.data:
                return located.data[key], located.line((key,)), shown
        return None

    # the logo is checked even when other settings are wrong, so every problem shows at once;
    # a file that says  logo:  with nothing after it takes away the logo of the file below
    logo = None
    raw_logo, raw_alt = topmost("logo"), topmost("logo_alt")
    if raw_logo is not None and isinstance(raw_logo[0], str) and raw_logo[0].strip():
        alt = raw_alt[0] if raw_alt is not None and isinstance(raw_alt[0], str) else ""
        logo, found = _logo(folders, raw_logo[0].strip(), alt, raw_logo[1], raw_logo[2])
        problems += found
    if any(data is None for _, data, _ in layers) or any(p.severity == "error" for p in problems):
        return model.Brand(), problems
    return model.Brand(**_layered([data for _, data, _ in layers if data is not None]), logo=logo), problems


def where_given(templates: Sequence[Path], *path: str) -> tuple[str, int]:
    """The file and line of the brand.yaml that decides `path` (like ("colours", "text")): the
    highest one that gives it, as `read_brand` lays them; the workbench's own file, line 1, when none does."""
    folders = tuple(templates)
    for k, folder in enumerate(folders):
        shown = SHOWN_PATH if k == 0 else str(folder / BRAND_FILE)
        located, _, _ = _read_layer(folder, shown)
        node = located.data if located is not None else None
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if located is not None and node is not None:
            return shown, located.line(path)
    return SHOWN_PATH, 1
