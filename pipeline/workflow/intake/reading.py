"""What reading a file gives: Markdown text, and what the coordinator should hear about it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Reading:
    text: str  # Markdown, header lines still at the top
    notes: list[str] = field(default_factory=list)


def plural(n: int, one: str, many: str | None = None) -> str:
    if not n:
        return ""
    return f"1 {one}" if n == 1 else f"{n} {many or one + 's'}"
