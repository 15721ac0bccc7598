"""The text of each PDF page the guard has read, kept between builds under a key of the page's exact bytes.

The guard reads the final bytes of every output on every build (promise 1). Most of reading a long PDF is
pdfium loading each page and extracting its text, and a rebuild after one edit changes a few pages of
hundreds (issue 23, item 2: the guard "may skip a part whose exact bytes it has already passed"). Each
page's key is a SHA-256 of everything pdfium reads to extract it, taken from the final file itself: the
page's dictionary, its content streams, its resources (fonts with their ToUnicode maps, pictures, forms)
and its annotations, followed through every reference; a reference to a page stands as that page's
number (a link's target), and the back-references /Parent and /P are left out (they lead to the whole
file, not to what is drawn). A page whose key was read before has the text read then; any other page is
read by pdfium. Every other part of the file (metadata, outline, links, every string) is read whole, as
before.

The store is one JSON file per response and kind of build (`build/.cache/pages/<hash>.json`), written
only after the guard has passed a build and holding only the pages of that build's outputs; a build the
guard refuses removes build/.cache/ whole (build.guard_stage). A file that cannot be read, or was written
by another version of the readers, is ignored. Only JSON is read back, never a pickle (promise 3).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_REF = re.compile(rb'"(\d+) (\d+) R"')
# back-references that lead from a page (or an annotation) to the page tree or the page: not what is drawn
_BACK = re.compile(rb'"/(?:Parent|P)":\s*"\d+ \d+ R",?')
_READER = "1"  # raise when what read_pdf takes from a page changes: every kept text is read again


def _version() -> str:
    import pikepdf
    import pypdfium2

    return f"{_READER}/{pypdfium2.PYPDFIUM_INFO}/{pypdfium2.PDFIUM_INFO}/{pikepdf.__libqpdf_version__}"


def page_keys(pdf: Any) -> list[str]:
    """The key of each page of `pdf` (an open pikepdf.Pdf): a SHA-256 of all it holds (the module docstring)."""
    import pikepdf

    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    digests: dict[tuple[int, int], bytes] = {}

    def digest(obj: Any) -> bytes:
        objgen = obj.objgen
        if objgen in digests:
            return digests[objgen]
        digests[objgen] = b"cycle"  # a loop that does not go through a page: stands as itself
        found = hashlib.sha256(_resolved(obj))
        if isinstance(obj, pikepdf.Stream):
            found.update(obj.read_raw_bytes())
        digests[objgen] = found.hexdigest().encode()
        return digests[objgen]

    def reference(match: re.Match[bytes]) -> bytes:
        objgen = (int(match.group(1)), int(match.group(2)))
        if objgen in pages:
            return b'"page %d"' % pages[objgen]
        return b'"' + digest(pdf.get_object(objgen)) + b'"'

    def _resolved(obj: Any) -> bytes:
        return _REF.sub(reference, _BACK.sub(b"", obj.to_json(dereference=True)))

    def key(page: Any) -> str:
        found = hashlib.sha256(_resolved(page))
        for name, value in _inherited(page):  # what the page takes from the page tree above it
            found.update(b"\0" + name.encode() + b"\0" + _resolved(value))
        return found.hexdigest()

    return [key(page.obj) for page in pdf.pages]


_INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def _inherited(page: Any) -> list[tuple[str, Any]]:
    """The attributes a page without its own takes from its ancestors in the page tree (PDF 32000, 7.7.3.4):
    its fonts may be there, so they are part of what it draws, though /Parent is left out of its key."""
    taken: dict[str, Any] = {}
    node = page.get("/Parent")
    for _ in range(64):  # a page tree deeper than this, or a loop, is not followed further
        if node is None or not hasattr(node, "get"):
            break
        for name in _INHERITABLE:
            if name not in page and name not in taken and name in node:
                taken[name] = node[name]
        node = node.get("/Parent")
    return sorted(taken.items())


class PageTexts:
    """Page texts by key: those kept from the last build the guard passed, and those read in this one."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.kept: dict[str, str] = {}
        self.used: dict[str, str] = {}
        self.read = 0  # pages read by pdfium in this build (the tests count them)
        if path is None:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == _version() and isinstance(data.get("pages"), dict):
            self.kept = {k: v for k, v in data["pages"].items() if isinstance(k, str) and isinstance(v, str)}

    def get(self, key: str) -> str | None:
        text = self.used.get(key, self.kept.get(key))
        if text is not None:
            self.used[key] = text
        return text

    def put(self, key: str, text: str) -> None:
        self.read += 1
        self.used[key] = text

    def save(self, write: Callable[[Path, bytes], None]) -> None:
        """Keep this build's pages, and only them, for the next, written by `write` (render/write.write_atomic:
        whole, then renamed; a killed build's half-written copy, words since withdrawn perhaps, is removed by
        the next save, not left beside the store for ever)."""
        if self.path is None:
            return
        if not self.used:  # no PDF in this build: nothing of an earlier one is kept
            with contextlib.suppress(OSError):
                self.path.unlink()
            return
        data = json.dumps({"version": _version(), "pages": dict(sorted(self.used.items()))}, ensure_ascii=False)
        with contextlib.suppress(OSError):
            write(self.path, data.encode("utf-8"))


_CURRENT: contextvars.ContextVar[PageTexts | None] = contextvars.ContextVar("page_texts", default=None)


@contextlib.contextmanager
def kept(store: PageTexts) -> Iterator[PageTexts]:
    """While in this block, read_pdf looks each page up in `store` and notes what it reads there."""
    token = _CURRENT.set(store)
    try:
        yield store
    finally:
        _CURRENT.reset(token)


def current() -> PageTexts | None:
    return _CURRENT.get()


def store_path(cache: Path, response: str, draft: bool) -> Path:
    """This response's and kind of build's file of page texts, named by a hash (a slug may be anything)."""
    name = hashlib.sha256(f"{response}\0{'draft' if draft else 'final'}".encode()).hexdigest()[:32]
    return cache / "pages" / f"{name}.json"
