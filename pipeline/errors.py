"""The user-facing error family. Only the command line prints these.

A `Problem` names the file and line, says what is wrong and how to fix it.
Library code gathers problems and raises them together, so a user sees every
problem at once rather than one per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

# "final" blocks a final build and is only a warning in a --draft build.
Severity = Literal["error", "final", "warning"]


@dataclass(frozen=True)
class Problem:
    path: str  # as the user would type it, relative to the workbench where possible
    line: int | None
    message: str
    fix: str = ""
    severity: Severity = "error"
    column: int | None = None  # 1-based, where known
    code: str = ""  # a stable kind, like "name.withheld": tools and tests use it, never the message (docs/CODES.md)
    subject: str = ""  # the id it is about, for tools: the person quoted without consent, an unknown id, ...
    end_column: int | None = None  # just after the last character (exclusive, as in SARIF), where known

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}" + (f":{self.column}" if self.column else "")
        text = f"{where}: {self.message}"
        if self.fix:
            text += f"; {self.fix}"
        return f"{text} (warning)" if self.severity == "warning" else text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.column or 0, self.message)


class CoproduceError(Exception):
    """Problems in the workbench content (exit status 1)."""

    exit_code = 1

    def __init__(self, problems: Iterable[Problem], summary: str = "") -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        self.summary = summary
        super().__init__("\n".join(str(p) for p in self.problems) or summary)


class UsageError(CoproduceError):
    """The command was called wrongly: a missing folder, a bad option (exit status 2)."""

    exit_code = 2

    def __init__(self, message: str, fix: str = "", path: str = "coproduce", *, code: str) -> None:
        super().__init__([Problem(path, None, message, fix, code=code)])


class Problems:
    """Collects problems across many files; `raise_if_errors` stops once, with all of them."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(
        self,
        path: str | Path,
        line: int | None,
        message: str,
        fix: str = "",
        severity: Severity = "error",
        *,
        column: int | None = None,
        code: str,
        subject: str = "",
    ) -> None:
        self.items.append(Problem(str(path), line, message, fix, severity, column, code, subject))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def blocking(self, draft: bool = False) -> list[Problem]:
        """Problems that stop this build: errors always, "final" ones unless it is a draft."""
        stops = {"error"} if draft else {"error", "final"}
        return [p for p in self.items if p.severity in stops]

    def notices(self, draft: bool = False) -> list[Problem]:
        """Problems worth showing that do not stop this build, as warnings."""
        stops = {"error"} if draft else {"error", "final"}
        return [replace(p, severity="warning") for p in self.items if p.severity not in stops]

    def raise_if_errors(self, draft: bool = False, summary: str = "") -> None:
        if stopping := self.blocking(draft):
            raise CoproduceError(stopping, summary)
