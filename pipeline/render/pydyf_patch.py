"""A local patch for pydyf: a cached page index while WeasyPrint writes a tagged PDF (issue 13).

pydyf 0.13's `PDF.page_references` is a property that builds a new tuple of every page's
reference each time it is read, and WeasyPrint's `pdf/tags.py` reads it for every structure
element it makes, so PDF/UA tagging costs pages x elements: the only superlinear part of the
PDF build. `cached_page_references()` swaps in a property that rebuilds the tuple only when the
page list has changed, and puts pydyf's own back afterwards. The bytes written are the same.

This belongs upstream in pydyf (cache the tuple in `add_page`, or make the references a list
kept by `add_page`); drop this module once a pydyf release does that.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_CACHE = "_coproduce_page_references"


@contextmanager
def cached_page_references() -> Iterator[None]:
    """Within the block, `pydyf.PDF.page_references` is computed once per page count.

    Not thread-safe on its own (it patches the class): hold `pdf_structure.LOCK` around it."""
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or original.fget is None:
        yield  # pydyf changed: nothing to patch
        return
    compute = original.fget

    def page_references(self: Any) -> Any:
        kids = self.pages["Kids"]
        cached = self.__dict__.get(_CACHE)
        if cached is None or cached[0] is not kids or cached[1] != len(kids):
            cached = (kids, len(kids), compute(self))
            self.__dict__[_CACHE] = cached
        return cached[2]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original
