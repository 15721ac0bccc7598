"""The organisation's look: colours, fonts and logo from templates/brand.yaml.

Values end up inside a `<style>` element and an `<img>`, so they are checked
strictly here: a colour must be #rrggbb and a font name plain letters, digits,
spaces and hyphens, which leaves nothing that could break out of the CSS.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from pipeline import model
from pipeline.errors import Problems

BRAND_FILE = "brand.yaml"
SHOWN_PATH = "templates/brand.yaml"  # as the user would type it

COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
FONT_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,63}")

COLOUR_KEYS = {"primary": "primary", "accent": "accent", "text": "text"}
FONT_KEYS = {"body": "body_font", "headings": "heading_font"}
TOP_KEYS = ("colours", "fonts", "logo", "logo_alt")

_DEFAULTS = {f.name: f.default for f in fields(model.Brand)}


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.Node, what: str, problems: Problems) -> list[tuple[yaml.Node, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        return node.value
    problems.add(
        SHOWN_PATH, _line(node), f"{what} should be a list of `key: value` lines", "see the shipped brand.yaml"
    )
    return []


def _scalar(node: yaml.Node, key: str, problems: Problems) -> str | None:
    """The node's text, or None (after reporting) when it is a list or mapping."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value).strip()
    problems.add(SHOWN_PATH, _line(node), f"`{key}` should be a single value", f"write `{key}: ...` on one line")
    return None


def load_brand(templates: Path) -> model.Brand:
    """Read templates/brand.yaml; anything not given keeps the default look. No file: all defaults."""
    path = templates / BRAND_FILE
    if not path.is_file():
        return model.Brand()
    problems = Problems()
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.add(
            SHOWN_PATH,
            mark.line + 1 if mark else None,
            f"this is not valid YAML ({exc.problem})",
            "check indentation and that each line is `key: value`",
        )
        problems.raise_if_errors()
        raise AssertionError("unreachable") from exc
    except UnicodeDecodeError:
        problems.add(SHOWN_PATH, None, "the file is not UTF-8 text", "save it as UTF-8")
        problems.raise_if_errors()
        raise AssertionError("unreachable") from None
    if root is None:  # empty file
        return model.Brand()

    values: dict[str, Any] = {}
    for key_node, value_node in _mapping(root, "brand.yaml", problems):
        key = str(key_node.value)
        if key == "colours":
            for ck, cv in _mapping(value_node, "`colours`", problems):
                _colour(str(ck.value), cv, values, problems)
        elif key == "fonts":
            for fk, fv in _mapping(value_node, "`fonts`", problems):
                _font(str(fk.value), fv, values, problems)
        elif key == "logo":
            _logo(templates, value_node, values, problems)
        elif key == "logo_alt":
            text = _scalar(value_node, key, problems)
            if text is not None:
                values["logo_alt"] = text
        else:
            problems.add(
                SHOWN_PATH,
                _line(key_node),
                f"unknown setting `{key}`",
                f"use only {', '.join(TOP_KEYS)} (check the spelling: it is `colours`)",
            )
    problems.raise_if_errors()
    return model.Brand(**{**_DEFAULTS, **values})


def _colour(key: str, node: yaml.Node, values: dict[str, Any], problems: Problems) -> None:
    if key not in COLOUR_KEYS:
        problems.add(SHOWN_PATH, _line(node), f"unknown colour `{key}`", f"use only {', '.join(COLOUR_KEYS)}")
        return
    text = _scalar(node, key, problems)
    if text is None:
        return
    if not COLOUR_RE.fullmatch(text):
        problems.add(
            SHOWN_PATH,
            _line(node),
            f"colour `{key}` is {text!r}, which is not a #rrggbb colour",
            f'write it as six hex digits in quotes, for example `{key}: "#1f4e79"`',
        )
        return
    values[COLOUR_KEYS[key]] = text.lower()


def _font(key: str, node: yaml.Node, values: dict[str, Any], problems: Problems) -> None:
    if key not in FONT_KEYS:
        problems.add(SHOWN_PATH, _line(node), f"unknown font setting `{key}`", f"use only {', '.join(FONT_KEYS)}")
        return
    text = _scalar(node, key, problems)
    if text is None:
        return
    if not FONT_RE.fullmatch(text):
        problems.add(
            SHOWN_PATH,
            _line(node),
            f"font `{key}` is {text!r}; a font name may hold only letters, digits, spaces and hyphens",
            f"give one installed font family, for example `{key}: DejaVu Sans`",
        )
        return
    values[FONT_KEYS[key]] = text


def _logo(templates: Path, node: yaml.Node, values: dict[str, Any], problems: Problems) -> None:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        values["logo"] = None  # `logo:` left empty: no logo
        return
    text = _scalar(node, "logo", problems)
    if text is None:
        return
    folder = templates.resolve()
    candidate = (templates / text).resolve()
    if not candidate.is_relative_to(folder):
        problems.add(
            SHOWN_PATH,
            _line(node),
            f"the logo {text!r} lies outside templates/",
            "copy the logo into templates/ and give just its file name",
        )
    elif not candidate.is_file():
        problems.add(
            SHOWN_PATH,
            _line(node),
            f"the logo file templates/{text} does not exist",
            "put the image in templates/ or correct the file name (or remove the `logo:` line)",
        )
    elif candidate.suffix.lower() not in {".png", ".jpg", ".jpeg", ".gif", ".svg"}:
        problems.add(SHOWN_PATH, _line(node), f"the logo {text!r} is not a PNG, JPEG, GIF or SVG image", "")
    else:
        values["logo"] = candidate
