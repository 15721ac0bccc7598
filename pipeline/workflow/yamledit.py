"""Change one YAML field in place, keeping everything else in the file byte-for-byte.

Consent files and contributions are records people wrote by hand, with their own
comments and layout. An edit here replaces or inserts one value at the position
PyYAML's node marks give (block and one-line {...} mappings, CRLF, a byte-order
mark, no final newline), instead of loading and dumping the whole file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.errors import CoproduceError, Problem
from pipeline.render.write import write_atomic, write_atomic_many
from pipeline.vocabulary import front_matter_end

# libyaml's composer gives the same nodes and marks (character offsets, CRLF, astral characters) about ten
# times faster: approving thousands of files composes each one's front matter (issue 23). Its emitter writes
# the same one line as PyYAML's for ASCII text under plain keys (tests/test_yamledit_libyaml.py compares
# them over thousands of values) but escapes characters beyond the BMP and writes other keys as `? key`, so
# anything else is written by PyYAML's own emitter.
_COMPOSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FAST_DUMPER: type[yaml.SafeDumper] | None = getattr(yaml, "CSafeDumper", None)


class EditError(Exception):
    """The file's layout is one the editor will not guess at; the user edits it by hand."""


def yaml_value(value: object) -> str:
    """A value as YAML writes it on one line, quoted only where it must be."""
    if type(value) in _SCALARS:  # not floats: 0.0 and -0.0 are equal keys
        return _scalar(type(value).__name__, value)  # `status: approved` thousands of times: written once
    return _yaml_value(value)


_SCALARS = (str, bool, int, dt.date, type(None))


@lru_cache(maxsize=4096)
def _scalar(kind: str, value: object) -> str:  # the type too: True and 1 are equal keys, not equal YAML
    return _yaml_value(value)


def _yaml_value(value: object) -> str:
    dumper = _FAST_DUMPER if _FAST_DUMPER is not None and _ascii(value) else yaml.SafeDumper
    text = yaml.dump(value, Dumper=dumper, default_flow_style=True, allow_unicode=True, width=10**6)
    return text.removesuffix("\n...\n").rstrip("\n")


def _ascii(value: object) -> bool:
    """Only ASCII text, in plain values, lists and mappings keyed by plain names (anything else goes to PyYAML's
    own emitter)."""
    if isinstance(value, str):
        return value.isascii()
    if isinstance(value, list):
        return all(_ascii(v) for v in value)
    if isinstance(value, dict):
        # a key libyaml would have to quote it writes as an explicit `? key`, PyYAML not: plain names only
        return all(isinstance(k, str) and k.isidentifier() and k.isascii() and _ascii(v) for k, v in value.items())
    return value is None or isinstance(value, bool | int | float | dt.date)


def _content_end(node: yaml.Node) -> int:
    """Where a value's own text ends: a block collection's mark runs on into the next line."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1])
    return int(node.end_mark.index)


def _colon_after(text: str, key: yaml.Node) -> int:
    at = text.find(":", key.end_mark.index)
    if at < 0:
        raise EditError("a key without a colon")
    return at


def _block(keys: tuple[str, ...], value: object, indent: int, newline: str) -> str:
    """`a: {b: v}` written as indented block lines, without a final newline."""
    lines = [f"{' ' * (indent + 2 * i)}{k}:" for i, k in enumerate(keys[:-1])]
    lines.append(f"{' ' * (indent + 2 * (len(keys) - 1))}{keys[-1]}: {yaml_value(value)}")
    return newline.join(lines)


def _flow(keys: tuple[str, ...], value: object) -> str:
    inner = yaml_value(value)
    for k in reversed(keys[1:]):
        inner = f"{{{k}: {inner}}}"
    return f"{keys[0]}: {inner}"


def _insert(text: str, mapping: yaml.MappingNode, keys: tuple[str, ...], value: object, newline: str) -> str:
    if mapping.flow_style:
        close = text.rfind("}", mapping.start_mark.index, mapping.end_mark.index)
        sep = ", " if mapping.value else ""
        return text[:close] + sep + _flow(keys, value) + text[close:]
    indent = int(mapping.value[0][0].start_mark.column)
    end = _content_end(mapping)
    if end > 0 and text[end - 1] == "\n":  # a block scalar (`|`) ends after its own line break
        end -= 1
    eol = text.find("\n", end)
    if eol < 0:
        return text + newline + _block(keys, value, indent, newline)
    if eol > 0 and text[eol - 1] == "\r":
        eol -= 1
    return text[:eol] + newline + _block(keys, value, indent, newline) + text[eol:]


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_COMPOSER)
    except yaml.YAMLError as exc:
        raise EditError(str(exc)) from None


def _entries(
    node: yaml.Node, key: str, path: tuple[str | int, ...], depth: int
) -> tuple[yaml.MappingNode, list[tuple[yaml.Node, yaml.Node]]]:
    """`node` as the mapping it must be, and its (key, value) entries whose key is `key`."""
    if not isinstance(node, yaml.MappingNode):
        raise EditError(f"'{'.'.join(map(str, path[:depth])) or 'the file'}' is not a set of  key: value  lines")
    return node, [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]


def _item(node: yaml.Node, index: int, path: tuple[str | int, ...], depth: int) -> yaml.Node:
    """The `index`th item of a list (questions: [...] is reached as ("questions", 2))."""
    if not isinstance(node, yaml.SequenceNode) or not 0 <= index < len(node.value):
        raise EditError(f"'{'.'.join(map(str, path[:depth])) or 'the file'}' has no item {index + 1}")
    item: yaml.Node = node.value[index]
    return item


def set_yaml_field(text: str, path: tuple[str | int, ...], value: object) -> str:
    """Set `path` (like ("consent", "withdrawn"), or ("questions", 0, "limit")) to `value` in YAML `text`,
    changing nothing else. A number in the path is an item of a list, which must exist."""
    newline = "\r\n" if "\r\n" in text else "\n"
    root = _compose(text)
    if root is None:
        if any(isinstance(k, int) for k in path):
            raise EditError("the file is empty")
        keys = tuple(str(k) for k in path)
        return text + ("" if not text or text.endswith("\n") else newline) + _block(keys, value, 0, newline) + newline
    node: yaml.Node = root
    for depth, key in enumerate(path):
        if isinstance(key, int):
            node = _item(node, key, path, depth)
            continue
        node, found = _entries(node, key, path, depth)
        rest = path[depth:]
        if not found:
            if any(isinstance(k, int) for k in rest):
                raise EditError(f"'{key}' is not there")
            return _insert(text, node, tuple(str(k) for k in rest), value, newline)
        key_node, child = found[-1]
        if depth == len(path) - 1:
            return _replace(text, key_node, child, value)
        if isinstance(child, yaml.ScalarNode) and child.style is None and child.value in ("", "~", "null"):
            # `consent:` with nothing after it: the rest of the path goes under it as a block
            if any(isinstance(k, int) for k in rest):
                raise EditError(f"'{key}' is empty")
            colon = _colon_after(text, key_node)
            nested = _block(tuple(str(k) for k in rest[1:]), value, int(key_node.start_mark.column) + 2, newline)
            after = child.end_mark.index if child.value else colon + 1
            return text[: colon + 1] + newline + nested + text[after:]
        node = child
    raise EditError("nothing to set")


def _replace(text: str, key_node: yaml.Node, value_node: yaml.Node, value: object) -> str:
    new = yaml_value(value)
    colon = _colon_after(text, key_node)
    if isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and value_node.style is None:
        return text[: colon + 1] + " " + new + text[colon + 1 :]
    flow = isinstance(value_node, yaml.ScalarNode) or getattr(value_node, "flow_style", False)
    if flow:
        return text[: value_node.start_mark.index] + new + text[value_node.end_mark.index :]
    # a block list or mapping becomes one flow line: `by: [sam]`
    return text[: colon + 1] + " " + new + text[_content_end(value_node) :]


def remove_yaml_field(text: str, path: tuple[str | int, ...]) -> str:
    """Take out the last key of `path` and its value, lines and all, changing nothing else; a key that is
    not there leaves the text as it is. Only a key on a line of its own in a block mapping is taken out."""
    root = _compose(text)
    node: yaml.Node | None = root
    for depth, key in enumerate(path):
        if node is None:
            return text
        if isinstance(key, int):
            node = _item(node, key, path, depth)
            continue
        node, found = _entries(node, key, path, depth)
        if not found:
            return text
        key_node, child = found[-1]
        if depth < len(path) - 1:
            node = child
            continue
        if node.flow_style:
            raise EditError("a one-line {...} mapping")
        start = text.rfind("\n", 0, key_node.start_mark.index) + 1
        if text[start : key_node.start_mark.index].strip():
            raise EditError(f"'{key}' does not start its line")  # like `- id: q1`: the item's first key
        end = _content_end(child)
        if end > 0 and text[end - 1] == "\n":
            end -= 1
        eol = text.find("\n", end)
        return text[:start] + ("" if eol < 0 else text[eol + 1 :])
    return text


@dataclass(frozen=True)
class FrontMatterSpan:
    start: int  # index of the front matter's first character (after the opening ---)
    end: int  # index of the closing --- line


def front_matter_span(text: str) -> FrontMatterSpan | None:
    lines = text.splitlines(keepends=True)
    end = front_matter_end(lines)
    if end is None:
        return None
    return FrontMatterSpan(len(lines[0]), sum(len(line) for line in lines[:end]))


def set_front_matter(text: str, changes: dict[str, object]) -> str:
    """Set front-matter fields of a contribution; the body after the closing --- is untouched."""
    span = front_matter_span(text)
    if span is None:
        raise EditError("no front matter")
    head = text[span.start : span.end]
    for key, value in changes.items():
        head = set_yaml_field(head, (key,), value)
    return text[: span.start] + head + text[span.end :]


def read_raw(path: Path) -> tuple[str, str]:
    """The file's text exactly (no newline conversion), and its byte-order mark if any."""
    text = path.read_bytes().decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return text[len(bom) :], bom


def write_raw(path: Path, text: str, bom: str) -> None:
    write_atomic(path, (bom + text).encode("utf-8"))


def write_raw_many(files: list[tuple[Path, str, str]]) -> None:
    """`write_raw` for each (path, text, byte-order mark): each file replaced whole, flushed a batch at a time."""
    write_atomic_many([(path, (bom + text).encode("utf-8")) for path, text, bom in files])


def cannot_edit(shown: str, field_name: str, why: str) -> CoproduceError:
    return CoproduceError(
        [
            Problem(
                shown,
                None,
                f"could not set {field_name} here ({why})",
                f"set  {field_name}  by hand in {shown}",
                code="edit.cannot-set",
            )
        ]
    )
