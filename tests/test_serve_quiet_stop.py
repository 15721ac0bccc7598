"""Ctrl-C on `serve` while a page is still working: uvicorn's log of the cancelled request is one plain line,
not Python's traceback (commands/serve.QuietStop), and every other error is logged as it was."""

from __future__ import annotations

import asyncio
import io
import logging
import sys

from pipeline.commands.serve import QuietStop


def _logged(exc: BaseException | None, message: str = "Exception in ASGI application\n") -> str:
    out = io.StringIO()
    logger = logging.getLogger("test-quiet-stop")
    handler = logging.StreamHandler(out)
    logger.addHandler(handler)
    logger.addFilter(QuietStop())
    logger.propagate = False
    try:
        try:
            if exc is not None:
                raise exc
            logger.error(message, 1)
        except BaseException:
            logger.error(message, exc_info=sys.exc_info())
    finally:
        logger.removeHandler(handler)
        logger.filters.clear()
    return out.getvalue()


def test_a_request_cancelled_as_serve_stops_is_one_plain_line() -> None:
    said = _logged(asyncio.CancelledError("Task cancelled, timeout graceful shutdown exceeded"))
    assert said == "Stopped while a page was still working; nothing half-written is kept.\n"


def test_any_other_error_keeps_its_traceback() -> None:
    said = _logged(ValueError("something unforeseen"))
    assert "Traceback" in said and "ValueError: something unforeseen" in said


def test_uvicorns_count_of_cancelled_requests_is_left_to_that_line() -> None:
    assert _logged(None, "Cancel %s running task(s), timeout graceful shutdown exceeded") == ""
    assert _logged(None, "Cancel this: %s") == "Cancel this: 1\n"  # only uvicorn's own line
