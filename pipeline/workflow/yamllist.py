"""Careful edits of YAML lists: add an item at the end, or replace one item, changing nothing else.

The companion of `yamledit` (which sets one `key: value`), on the same principle: the position
comes from PyYAML's node marks, so comments, layout, CRLF and a byte-order mark are kept.
A path is keys and list positions, like ("involvement", 2, "people", 0).
"""

from __future__ import annotations

import threading

import yaml

from pipeline.workflow.yamledit import EditError, _content_end

# One careful edit of the workbench's files at a time in this process: the workbench answers requests in
# threads, and an edit reads, checks and writes a file whole, so two at once could lose one of them.
EDITS = threading.RLock()


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditError(str(exc)) from None


def _find(root: yaml.Node, path: tuple[str | int, ...]) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The key node (None for a list item) and the value node at `path`; (None, None) when it is absent."""
    node: yaml.Node = root
    key_node: yaml.Node | None = None
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, yaml.SequenceNode) or step >= len(node.value):
                raise EditError(f"there is no item {step + 1} there")
            key_node, node = None, node.value[step]
            continue
        if not isinstance(node, yaml.MappingNode):
            raise EditError("not a set of  key: value  lines")
        found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step]
        if not found:
            return None, None
        key_node, node = found[-1]
    return key_node, node


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_end(text: str, at: int) -> int:
    """Where the line holding `at` ends (before its CR LF or LF)."""
    eol = text.find("\n", at)
    if eol < 0:
        return len(text)
    return eol - 1 if eol > 0 and text[eol - 1] == "\r" else eol


def append_item(text: str, key: str, block: list[str], flow: str) -> str:
    """Add an item to the top-level list `key`: as the `block` lines ("- a: 1", "  b: 2") under a block
    list or an empty one, as `flow` ("{a: 1, b: 2}") inside a one-line list; the list is made if absent."""
    nl = _newline(text)
    root = _compose(text)
    if root is None or not isinstance(root, yaml.MappingNode):
        if root is not None:
            raise EditError("the file is not a set of  key: value  lines")
        lead = "" if not text or text.endswith("\n") else nl
        return text + lead + f"{key}:" + nl + nl.join("  " + line for line in block) + nl
    key_node, node = _find(root, (key,))
    if key_node is None or node is None:
        end = _content_end(root)
        at = _line_end(text, end - 1 if end and text[end - 1] == "\n" else end)
        lines = nl.join("  " + line for line in block)
        return text[:at] + nl + f"{key}:" + nl + lines + text[at:]
    indent = int(key_node.start_mark.column)
    empty = (isinstance(node, yaml.SequenceNode) and not node.value) or (
        isinstance(node, yaml.ScalarNode) and node.style is None and node.value in ("", "~", "null")
    )
    if empty:
        colon = text.find(":", key_node.end_mark.index)
        after = node.end_mark.index if not (isinstance(node, yaml.ScalarNode) and node.value == "") else colon + 1
        lines = nl.join(" " * (indent + 2) + line for line in block)
        return text[: colon + 1] + nl + lines + text[after:]
    if not isinstance(node, yaml.SequenceNode):
        raise EditError(f"'{key}' is not a list")
    if node.flow_style:
        close = text.rfind("]", node.start_mark.index, node.end_mark.index)
        return text[:close] + ", " + flow + text[close:]
    first = node.value[0]
    item_indent = int(first.start_mark.column) - 2  # the column of its "- "
    end = _content_end(node)
    at = _line_end(text, end - 1 if end and text[end - 1] == "\n" else end)
    lines = nl.join(" " * item_indent + line for line in block)
    return text[:at] + nl + lines + text[at:]


def replace_item(text: str, path: tuple[str | int, ...], flow: str) -> str:
    """Replace the list item at `path` (its last step a position) with `flow`, written on its own line's place."""
    if not path or not isinstance(path[-1], int):
        raise EditError("not a list item")
    root = _compose(text)
    if root is None:
        raise EditError("the file is empty")
    _, node = _find(root, path)
    if node is None:
        raise EditError("there is no such item")
    return text[: node.start_mark.index] + flow + text[_content_end(node) :]


def count_items(text: str, path: tuple[str | int, ...]) -> int:
    root = _compose(text)
    if root is None:
        return 0
    _, node = _find(root, path)
    return len(node.value) if isinstance(node, yaml.SequenceNode) else 0
