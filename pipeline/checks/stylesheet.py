"""The stylesheet in use (the workbench's own templates/style.css, else the shipped one) is read and
checked the way the build will use it, so `check` and `build` agree and a problem names style.css.

- It is read as every file is read (load/files.py): a link out of templates/, a file that is not
  UTF-8, a pipe or a huge file is refused with the file and line, where the build used to stop
  with a traceback or, for a link, quietly read a file from elsewhere on the computer.
- Every address it asks for (`url(...)`, `@import`) must be a file the PDF renderer may read
  (render/fetcher.py: inside templates/ or the response folder, relative addresses being read
  from the response folder) or a `data:` address. Anything else would stop the PDF, and in the
  HTML it would have the reader's browser reach the network (`style.outside-file`, an error).
- A rule the CSS parser cannot read is ignored by the renderer, so the look silently changes:
  a warning with its line and column (`style.unreadable-rule`).
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import tinycss2

from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.load.files import read_text

STYLESHEET = "style.css"  # render/html.py's STYLESHEET: render is a later stage, so it is named again here
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")  # C:\Users\...: a path on Windows, not a scheme


def check(ctx: CheckContext) -> Iterator[Problem]:
    path = ctx.workbench.template(STYLESHEET)
    shown = ctx.workbench.shown(path)
    text, problems = read_text(path, shown, root=path.parent)
    yield from problems
    if text is None:
        return
    roots = tuple(p.resolve() for p in (*ctx.workbench.template_dirs, ctx.response.dir))
    for node in _walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)):
        if node.type == "error":
            yield Problem(
                shown,
                node.source_line,
                f"this part of the stylesheet cannot be read ({node.message}), so it is ignored and the look"
                " may not be what you expect",
                "correct it: look for a missing } ; or quote mark just before this point",
                "warning",
                column=node.source_column,
                code="style.unreadable-rule",
            )
            continue
        for address in _addresses(node):
            why = _refused(address, ctx.response.dir, roots)
            if not why:
                continue
            yield Problem(
                shown,
                node.source_line,
                f"the stylesheet asks for '{address}', {why}; only files inside templates/ or the response"
                " folder may be used, so nothing is read from elsewhere on this computer or from the web",
                "remove it, or copy the file into templates/ and refer to it by its name, like url(logo.png)",
                column=node.source_column,
                code="style.outside-file",
                subject=address,
            )


_HOLD_RULES = ("media", "supports", "layer", "container", "document")  # at-rules whose block holds rules


def _walk(nodes: Iterable[Any]) -> Iterator[Any]:
    """Every node of the parsed stylesheet: rules, their declarations (parsed as the renderer parses
    them, so a declaration it cannot read is found), blocks and functions opened."""
    for node in nodes:
        yield node
        kind = getattr(node, "type", "")
        content = getattr(node, "content", None)
        if kind in ("qualified-rule", "at-rule") and isinstance(content, list):
            holds_rules = kind == "at-rule" and getattr(node, "lower_at_keyword", "") in _HOLD_RULES
            parse = tinycss2.parse_rule_list if holds_rules else tinycss2.parse_blocks_contents
            yield from _walk(getattr(node, "prelude", None) or [])
            yield from _walk(parse(content, skip_comments=True, skip_whitespace=True))
            continue
        for attr in ("prelude", "value", "content", "arguments"):
            inner = getattr(node, attr, None)
            if isinstance(inner, list):
                yield from _walk(inner)


def _addresses(node: Any) -> list[str]:
    """The addresses a node asks for: url(x), url("x"), src("x"), image-set("x" 1x, ...), @import "x".
    Names are read unescaped (tinycss2), so u\\72l(...) is url(...) here as it is to the renderer."""
    kind = getattr(node, "type", "")
    strings = [str(a.value) for a in getattr(node, "arguments", None) or [] if getattr(a, "type", "") == "string"]
    if kind == "url":
        return [str(node.value)]
    if kind == "function" and node.lower_name in ("url", "src"):
        return strings[:1]
    if kind == "function" and node.lower_name.endswith("image-set"):  # image-set, -webkit-image-set
        return strings
    if kind == "at-rule" and node.lower_at_keyword == "import":
        return [str(t.value) for t in node.prelude if getattr(t, "type", "") == "string"][:1]
    return []


def _refused(address: str, response_dir: Path, roots: tuple[Path, ...]) -> str:
    """Why the PDF renderer's fetcher (render/fetcher.py) would refuse `address`; "" if it may read it."""
    address = address.strip()
    if not address or address.startswith("#"):
        return ""  # a reference within the page, not a file
    scheme = "" if _DRIVE.match(address) else urlsplit(address).scheme.lower()
    if scheme == "data":
        return ""
    parts = urlsplit(address)
    if scheme not in ("", "file") or parts.netloc not in ("", "localhost"):
        return "which is on the web or another computer"
    if scheme == "file":
        from urllib.request import url2pathname  # urllib.request brings http.client: only when a url is met

        target = Path(url2pathname(parts.path))
    elif _DRIVE.match(address) or address.startswith(("/", "\\")):
        target = Path(address)
    else:
        target = response_dir / unquote(parts.path)  # the page is read from the response folder
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return "which is not there"
    if not any(real.is_relative_to(root) for root in roots):
        return "which is outside the workbench's folders"
    if not stat.S_ISREG(real.stat().st_mode):
        return "which is not an ordinary file"
    return ""
