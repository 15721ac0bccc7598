"""A one-line progress display for builds that take more than a second (issue 13).

It is drawn on standard error, only when that is a terminal, and only once the build has
run for `DELAY` seconds: a quick build prints nothing extra, and logs, pipes and CI see
no progress at all. The line says which step is running and for how long, and is wiped
when the build ends, so what the build prints after it reads as before.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

DELAY = 1.0  # seconds before anything is drawn
TICK = 0.25  # seconds between redraws
SPINNER = "|/-\\"


class Progress:
    """`with Progress() as step: ...; step("Making the PDF")`: the current step, redrawn in place."""

    def __init__(self, stream: TextIO | None = None, *, delay: float = DELAY) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.live = _is_terminal(self.stream)
        self.label = "Starting"
        self.started = time.monotonic()
        self.drawn = False
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def __call__(self, label: str) -> None:
        self.label = label
        if self.live and time.monotonic() - self.started >= self.delay:
            self._draw()

    def __enter__(self) -> Progress:
        if self.live:
            self._thread = threading.Thread(target=self._run, name="coproduce-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self.drawn:
                self.stream.write("\r\033[K")  # wipe the line: what follows prints as if it was never there
                self.stream.flush()

    def _run(self) -> None:
        if self._done.wait(self.delay):
            return
        while not self._done.is_set():
            self._draw()
            self._done.wait(TICK)

    def _draw(self) -> None:
        with self._lock:
            if self._done.is_set():
                return
            seconds = time.monotonic() - self.started
            spin = SPINNER[int(seconds / TICK) % len(SPINNER)]
            self.stream.write(f"\r\033[K{spin} {self.label} ({seconds:.0f} s)")
            self.stream.flush()
            self.drawn = True


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream: no display
        return False
