"""Drafts intake took in but could not file: `responses/<slug>/unsorted/*.md`.

A build reads only the Markdown files at the top of a response folder, so what
waits here is never printed. `check` and `status` list each one with why it is
waiting (no question or section, no author), and `coproduce assign` files it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.vocabulary import FRONT_MATTER_START, front_matter_end

UNSORTED_DIR = "unsorted"


def unsorted_files(response_dir: Path) -> list[Path]:
    """The drafts waiting to be filed, in name order; links and folders are not drafts."""
    folder = response_dir / UNSORTED_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.glob("*.md") if p.is_file() and not p.is_symlink())


def read_draft(path: Path) -> tuple[dict[str, object], str]:
    """The draft's front matter (empty when it cannot be read) and its body."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}, ""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_START or (end := front_matter_end(lines)) is None:
        return {}, text
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        data = None
    return (data if isinstance(data, dict) else {}), "\n".join(lines[end + 1 :])


def missing(front: dict[str, object]) -> list[str]:
    """What a draft needs before it can be filed, in words."""
    needs = []
    if not front.get("answers") and not front.get("section"):
        needs.append("which question or section it is for")
    if not front.get("by"):
        needs.append("who wrote it")
    return needs
