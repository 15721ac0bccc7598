"""What reading a file gives: Markdown text, and what the coordinator should hear about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.workflow.intake.pictures import Picture


@dataclass
class Reading:
    text: str  # Markdown, header lines still at the top
    notes: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)  # their marks in `text` are placed when written


def plural(n: int, one: str, many: str | None = None) -> str:
    if not n:
        return ""
    return f"1 {one}" if n == 1 else f"{n} {many or one + 's'}"
