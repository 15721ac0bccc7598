"""A PDF's final bytes parsed once, shared by the step that wrote them and the guard that reads them (issue 23).

`render/pdf_structure.restructure` opens the file it saved with pikepdf to check that it reads back
whole; the guard (`read_pdf.pdf_objects`) must then read those same final bytes. Rather than parse
them twice, the writer hands its open `pikepdf.Pdf` here with the exact `bytes` object it was opened
on, and the guard takes it back only for that very object (identity, not a hash: a bytes object
cannot change, and the entry holds it, so its id cannot be reused while it waits). Anything else,
including a file the guard is given some other way, is parsed afresh. The guard still reads the final
bytes of every output (promise 1): this only spares a second parse of them.
"""

from __future__ import annotations

import threading
from typing import Any

_KEEP = 4  # the PDFs of one build (the submission, large print, an annex); older ones are closed
_LOCK = threading.Lock()
_WAITING: dict[int, tuple[bytes, Any]] = {}


def keep(data: bytes, pdf: Any) -> None:
    """`pdf` (a pikepdf.Pdf opened on exactly `data`, not changed since) waits for the guard's reading."""
    with _LOCK:
        while len(_WAITING) >= _KEEP:  # a build that stopped before its guard ran: close the oldest
            _WAITING.pop(next(iter(_WAITING)))[1].close()
        _WAITING[id(data)] = (data, pdf)


def take(data: bytes) -> Any | None:
    """The pikepdf.Pdf kept for this very bytes object, handed over once (the taker closes it); else None."""
    with _LOCK:
        entry = _WAITING.pop(id(data), None)
    if entry is None:
        return None
    if entry[0] is not data:  # cannot happen while the entry holds its bytes; never trust a near miss
        entry[1].close()
        return None
    return entry[1]
