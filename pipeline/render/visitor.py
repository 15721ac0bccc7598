"""Dispatch on node type by name, in the manner of docutils' NodeVisitor.

A renderer subclasses `Visitor` and defines `visit_<NodeClass>` for every node
type. A node type with no method is a programming error and raises: a new node
must never be silently dropped from one output format.
"""

from __future__ import annotations

from typing import Any


class UnknownNode(TypeError):
    pass


class Visitor:
    def visit(self, node: Any) -> Any:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise UnknownNode(f"{type(self).__name__} has no visit_{type(node).__name__}")
        return method(node)

    def visit_all(self, nodes: Any) -> list[Any]:
        return [self.visit(n) for n in nodes]
