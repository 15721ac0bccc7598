"""Reading a module's declared constants without importing it: how formats and profiles are found.

A format (render/) or a profile (profiles/) declares what it is as plain constants at its top
(`FORMAT = "pdf"`, `PROFILE = "letter"`). They are read from the source, so `--format`, `--help`
and the README's tables need no import of WeasyPrint or python-docx. Only the top of the file,
before its first function, class or decorator, is parsed: a whole module costs five times more,
on every command.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection
from pathlib import Path

_FIRST_CODE = re.compile(r"^(?:@|def |async def |class )", re.MULTILINE)


def declared(path: Path, names: Collection[str]) -> dict[str, str]:
    """The constants among `names` assigned at the top of the module at `path`, as text."""
    source = path.read_text(encoding="utf-8")
    first = _FIRST_CODE.search(source)
    try:
        tree = ast.parse(source[: first.start()] if first else source)
    except SyntaxError:  # the cut fell inside a string that holds such a line: read it all
        tree = ast.parse(source)
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in names and isinstance(node.value, ast.Constant):
                found[name] = str(node.value.value)
    return found
