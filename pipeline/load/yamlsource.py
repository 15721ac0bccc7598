"""Read YAML keeping the line of every value, so any later message can point at it.

PyYAML's composed node tree carries marks; we walk it once and record, for each
path of keys and indexes, the line it starts on. A duplicate key (which PyYAML
silently lets win) and a syntax error both become Problems, never tracebacks.

Before composing, the events are scanned and a document with many aliases or
deep nesting is refused: PyYAML shares an aliased node, but `_walk` (and any
code that walks the data) expands it, so ten aliases of ten aliases of ... is
a "billion laughs" that never finishes.

The parsing is libyaml's (PyYAML's C loader) where PyYAML was built with it,
with the same resolvers and so the same data and line marks; any file it
refuses is read again with the pure-Python loader, so the message is the one
PyYAML has always given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import CoproduceError, Problem
from pipeline.load.files import CONTROL, read_text

PathKey = tuple[str | int, ...]
MAX_ALIASES = 20  # a contributor or response file needs none; a few are allowed for those who like them
MAX_DEPTH = 20  # the deepest real file is about four levels


class _PureLoader(yaml.SafeLoader):
    """SafeLoader with two YAML 1.1 surprises removed.

    Dates stay text: the schema parses them, so a bad date such as 2024-13-01 is
    reported with its line instead of crashing the parser. Only true/false are
    booleans (as in YAML 1.2), so  quotes: no  means the word "no", not false.
    """


_BOOL = "tag:yaml.org,2002:bool"


def _without_surprises(loader: type[Any]) -> type[Any]:
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, "tag:yaml.org,2002:timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    return loader


_without_surprises(_PureLoader)
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        """The same loader on libyaml's parser: about seven times faster on a large response."""

    _Loader: type[Any] = _without_surprises(_CLoader)
else:  # PyYAML built without libyaml
    _Loader = _PureLoader


@dataclass
class Located:
    """YAML data plus the line (1-based, in the original file) of each value and key."""

    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    start: int = 1  # the first line of this YAML inside its file
    text: str = ""  # the YAML as written, so a value can be found on its line (for a column)
    # 1-based columns of each path: (its key, its value); an item of a list has no key, so both are the item's
    columns: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def source_line(self, line: int) -> str:
        """The text of file line `line`, or "" when it is not part of this YAML."""
        lines = self.text.split("\n")
        k = line - self.start
        return lines[k] if 0 <= k < len(lines) else ""

    def column(self, path: PathKey, *, value: bool = True) -> int | None:
        """The column of `path`'s value (or, with value=False, its key); None when it is not known exactly."""
        found = self.columns.get(path)
        return None if found is None else found[1 if value else 0]

    def line(self, path: PathKey) -> int:
        """The line of `path`, or of the nearest enclosing value that has one."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return self.start


def _walk(
    node: yaml.Node,
    path: PathKey,
    offset: int,
    out: dict[PathKey, int],
    problems: list[Problem],
    shown: str,
    columns: dict[PathKey, tuple[int, int]] | None = None,
) -> None:
    columns = {} if columns is None else columns
    out[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.ScalarNode):
        _escaped_control(node, offset, problems, shown)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            _escaped_control(key_node, offset, problems, shown)
            key = key_node.value
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"'{key}' is given twice (first on line {seen[key]})",
                        "keep only one of them",
                        code="yaml.duplicate-key",
                    )
                )
            seen[key] = line
            _walk(value_node, (*path, key), offset, out, problems, shown, columns)
            out[(*path, key)] = line  # point at the key, where a person would look
            if value_node.start_mark.line == key_node.start_mark.line:  # a value on its key's line
                columns[(*path, key)] = (key_node.start_mark.column + 1, value_node.start_mark.column + 1)
            else:
                columns[(*path, key)] = (key_node.start_mark.column + 1, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), offset, out, problems, shown, columns)
            if item.start_mark.line + 1 + offset == out[(*path, i)]:
                columns.setdefault((*path, i), (item.start_mark.column + 1, item.start_mark.column + 1))


def _escaped_control(node: yaml.Node, offset: int, problems: list[Problem], shown: str) -> None:
    """A control character the file itself does not hold, made by an escape in quotes ("\\e", "\\x07", "\\0")."""
    if not isinstance(node, yaml.ScalarNode) or not (found := CONTROL.search(node.value)):
        return
    problem = Problem(
        shown,
        node.start_mark.line + 1 + offset,
        f"this value makes an invisible control character (U+{ord(found.group()):04X}) from an escape with \\",
        "remove the escape and write the text plainly",
        column=node.start_mark.column + 1,
        code="text.control-character",
    )
    if problem not in problems:  # an alias repeats the node
        problems.append(problem)


def load_yaml(text: str, shown: str, offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Parse `text`; `shown` is the file name for messages; `offset` is added to every line.

    Returns the located data (None when it could not be parsed) and the problems found.
    """
    problems: list[Problem] = []
    if _Loader is not _PureLoader:
        try:
            parsed = _parse(text, shown, offset, _Loader)
        except (yaml.YAMLError, ValueError, TypeError):
            parsed = None  # read again below, for the message PyYAML's own loader gives
        if parsed is not None:
            return _located(*parsed, text, shown, offset, problems)
    try:
        refused, node, data = _parse(text, shown, offset, _PureLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        what = exc.problem or exc.context or "this is not valid YAML"
        return None, [Problem(shown, line, f"YAML could not be read: {what}", _yaml_fix(what), code="yaml.syntax")]
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        fix = "check the indentation and quoting"
        return None, [Problem(shown, offset + 1, f"YAML could not be read: {exc}", fix, code="yaml.syntax")]
    return _located(refused, node, data, text, shown, offset, problems)


def read_data(text: str) -> Any:
    """Just the data of `text`, read by `load_yaml`'s own loader, without lines or the scan for aliases and depth:
    for reading back what this program has just written. Raises yaml.YAMLError (or ValueError) as the loader does."""
    loaders: dict[type[Any], None] = dict.fromkeys((_Loader, _PureLoader))  # libyaml's, then PyYAML's
    for loader_class in loaders:  # PyYAML's only where libyaml refuses
        loader = loader_class(text)
        try:
            return loader.get_single_data()
        except (yaml.YAMLError, ValueError, TypeError):
            if loader_class is _PureLoader:
                raise
        finally:
            loader.dispose()
    return None


def _parse(text: str, shown: str, offset: int, loader_class: type[Any]) -> tuple[Problem | None, Any, Any]:
    """The refusal (aliases, depth), else the composed node and the data; raises what the loader raises."""
    if (refused := _refuse_bombs(text, shown, offset, loader_class)) is not None:
        return refused, None, None
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return None, node, data


def _located(
    refused: Problem | None, node: Any, data: Any, text: str, shown: str, offset: int, problems: list[Problem]
) -> tuple[Located | None, list[Problem]]:
    if refused is not None:
        return None, [refused]
    located = Located(data, start=offset + 1, text=text)
    if node is not None:
        _walk(node, (), offset, located.lines, problems, shown, located.columns)
    return located, problems


def could_be_a_bomb(text: str) -> bool:
    """Whether `text` could hold an alias or nest deeper than MAX_DEPTH. An alias needs a `*`; each mapping or
    sequence begins at a `:`, `?`, `-`, `[` or `{` of its own, so a text with at most MAX_DEPTH of them cannot nest
    deeper. A short front matter or person's file needs no scan (issue 23: thousands of them in one run)."""
    if "*" in text:
        return True
    return sum(text.count(c) for c in ":?-[{") > MAX_DEPTH


def _refuse_bombs(text: str, shown: str, offset: int, loader_class: type[Any]) -> Problem | None:
    """A problem when the document has too many aliases or is nested too deep; scanned lazily, so it stops early."""
    if not could_be_a_bomb(text):
        return None
    aliases = depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        line = (event.start_mark.line if event.start_mark else 0) + 1 + offset
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                return Problem(
                    shown,
                    line,
                    f"this YAML uses more than {MAX_ALIASES} aliases (*name)",
                    "write each value out in full instead of using & and *",
                    code="yaml.too-many-aliases",
                )
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    shown,
                    line,
                    f"this YAML is nested more than {MAX_DEPTH} levels deep",
                    "flatten it: these files need only a few levels of indentation or brackets",
                    code="yaml.too-deep",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _yaml_fix(what: str) -> str:
    if "mapping values are not allowed" in what:
        return "a value that contains ': ' must be put in quotes, for example  title: \"Part 2: detention\""
    if "found character '\\t'" in what or "tab" in what:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in what:
        return "each line should look like  key: value"
    return "check the indentation and quoting on this line and the one before"


def read_yaml_file(path: Path, shown: str, root: Path, code: str) -> Located:
    """A YAML file of the workbench read safely (`files.read_text`) and parsed, or a CoproduceError with every
    problem: for the files a command needs whole (the sheet's wording, monitoring answers). `code` names a file
    that could not be read at all."""
    text, problems = read_text(path, shown, root=root)
    if text is None or any(p.severity == "error" for p in problems):
        raise CoproduceError(problems or [Problem(shown, None, "could not be read", "", code=code)])
    located, problems = load_yaml(text, shown)
    if located is None or problems:
        raise CoproduceError(problems)
    return located
