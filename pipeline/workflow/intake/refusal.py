"""Why a file is not taken in: a message for the volunteer's coordinator, and how to fix it."""

from __future__ import annotations


class Refused(Exception):
    """A file that must not be taken in; `message` says what is wrong, `fix` what to do, `code` its stable kind."""

    def __init__(self, message: str, fix: str = "", line: int | None = None, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.line = line
        self.code = code
