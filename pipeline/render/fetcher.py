"""The only way WeasyPrint may read anything: `data:` URLs and files inside known folders.

A template or stylesheet is user content. Left to WeasyPrint's default fetcher,
`<link rel="attachment" href="file:///etc/passwd">` or `@import url(http://...)`
would quietly embed a local file in the PDF or call out to the network. This
fetcher serves `data:` URLs and regular files whose real path (symlinks
resolved) lies inside one of `roots`; everything else is refused *before any
I/O* with `RefusedURL`, a `FatalURLFetchingError`, so WeasyPrint stops instead
of logging a warning and carrying on. Every refusal is also recorded in
`refused`, because a few WeasyPrint code paths (drawing SVG images) swallow
even fatal errors; pdf.py checks the list after rendering.

Importing this module imports WeasyPrint (slow), so only pdf.py imports it, and
only inside `render()`.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Fixed, not read from the system's mime.types, so output does not depend on the machine.
MIME_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".html": "text/html",
    ".txt": "text/plain",
}


class RefusedURL(FatalURLFetchingError):  # type: ignore[misc]  # WeasyPrint ships no types
    """WeasyPrint asked for something outside the allowed folders; rendering must stop."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"refused {url}: {reason}")
        self.url = url
        self.reason = reason


def guess_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return MIME_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class LockedFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, roots: Iterable[Path]) -> None:
        # allowed_protocols is belt and braces: fetch() below never reaches urllib's openers.
        super().__init__(allowed_protocols=("data", "file"))
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[RefusedURL] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._file(url)
        raise self._refuse(url, "only files inside the allowed folders may be used")

    def _refuse(self, url: str, reason: str) -> RefusedURL:
        error = RefusedURL(url, reason)
        self.refused.append(error)
        return error

    def _data(self, url: str) -> URLFetcherResponse:
        header, sep, payload = url[len("data:") :].partition(",")
        if not sep:
            raise self._refuse(url, "malformed data: URL")
        params = header.split(";")
        is_base64 = params[-1].strip().lower() == "base64"
        if is_base64:
            params = params[:-1]
        mime = params[0].strip() or "text/plain"
        try:
            body = (
                base64.b64decode(unquote(payload).encode("ascii"), validate=False)
                if is_base64
                else unquote_to_bytes(payload)
            )
        except (binascii.Error, UnicodeEncodeError):
            raise self._refuse(url, "malformed base64 in data: URL") from None
        headers = {"Content-Type": ";".join([mime, *params[1:]])}
        return URLFetcherResponse(url, body=body, headers=headers)

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, "files on other machines may not be used")
        try:
            real = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError):
            raise self._refuse(url, "no such file") from None
        if not any(real.is_relative_to(root) for root in self.roots):
            raise self._refuse(url, "only files inside the allowed folders may be used")
        if not stat.S_ISREG(real.stat().st_mode):
            raise self._refuse(url, "not a regular file")
        body = real.read_bytes()
        return URLFetcherResponse(real.as_uri(), body=body, headers={"Content-Type": guess_type(real)})


def make_fetcher(roots: Iterable[Path]) -> LockedFetcher:
    """A fetcher serving `data:` URLs and regular files inside `roots` (the templates and response folders)."""
    return LockedFetcher(roots)
