"""One contribution's parse kept between views in `coproduce serve` (pipeline/load/cache.py), used again only when
everything it read is as it was.

`parse_contribution` reads its arguments and nothing else but a picture's file. The text, the file's name as shown,
its first line and the response folder are the key. What it asks of the rest is recorded as it is asked and
asked again before a kept parse is used: the decision (`Person`) for each id it looked up, who each hand-written
signature names among the withdrawn, and the number of each footnote, in the order it asked, so the document's
footnote numbers are given out exactly as a fresh parse gives them. A text with a picture is never kept (its file
is read). Outside `caching()` (the command line) a parse is kept on disk instead, inside `kept_files.keeping()`
(which `build.build` enters to keep parses and `build.check` to read them), by the same rules; anywhere else every
parse is fresh.

`number_footnote` must give the same number when asked again for the same label, as assemble's does: when a kept
parse's numbers no longer match, it is parsed afresh, which asks for the same labels in the same order again.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from pipeline.load import cache
from pipeline.model import Person
from pipeline.parse import blocks, kept_files
from pipeline.parse.blocks import Parsed
from pipeline.parse.markdown import note_again, note_of, parse

SIZE = 2_500  # parses kept (a few responses of 1,000), the least recently used (old versions) dropped first
_KEPT = cache.store()


@dataclasses.dataclass(frozen=True)
class _Kept:
    people: tuple[tuple[str, Person | None], ...]  # each id looked up, with what it was
    signed: tuple[tuple[str, tuple[str, ...]], ...]  # each signature asked about, with the answer
    numbers: tuple[tuple[str, int], ...]  # each footnote label asked for, in order, with its number
    parsed: Parsed
    noted: tuple[Any, ...] | None = None  # what the parse noted for later stages (markdown.note_of), noted again


class _People:
    """The people mapping, noting each id looked up (the converter uses only [] and get)."""

    def __init__(self, people: dict[str, Person]) -> None:
        self.people = people
        self.seen: dict[str, Person | None] = {}

    def __getitem__(self, pid: str) -> Person:
        self.seen[pid] = self.people[pid]
        return self.people[pid]

    def get(self, pid: str, default: Person | None = None) -> Person | None:
        self.seen[pid] = self.people.get(pid)
        return self.people.get(pid, default)


def _has_picture(body: str) -> bool:
    if "![" not in body:  # every picture in Markdown begins so: most texts need no second parse to tell
        return False

    def walk(tokens: list) -> Iterator[str]:  # type: ignore[type-arg]
        for t in tokens:
            yield t.type
            yield from walk(t.children or [])

    return "image" in walk(parse(body))


def _copy(parsed: Parsed) -> Parsed:
    """Each caller its own lists: the kept parse is never changed through them."""
    return dataclasses.replace(
        parsed,
        footnotes=dict(parsed.footnotes),
        quoted=list(parsed.quoted),
        left_out=list(parsed.left_out),
        problems=list(parsed.problems),
        withdrawn_text=list(parsed.withdrawn_text),
        ignores=list(parsed.ignores),
    )


def parse_contribution(
    body: str,
    shown: str,
    body_line: int,
    response_dir: Path,
    people: dict[str, Person],
    number_footnote: Callable[[str], int],
    signed_by_withdrawn: Callable[[str], tuple[str, ...]] = lambda _: (),
) -> Parsed:
    """`parse.blocks.parse_contribution`, kept in `serve` (in memory) or between runs of a command (on disk,
    parse/kept_files.py) while what it read is unchanged."""
    on_disk = None if cache.active() else kept_files.active()
    if not cache.active() and on_disk is None:
        return blocks.parse_contribution(
            body, shown, body_line, response_dir, people, number_footnote, signed_by_withdrawn
        )
    key = (body, shown, body_line, str(response_dir))  # resolved by assemble
    disk_key = kept_files.key_of(key) if on_disk is not None else ""
    held: _Kept | None = on_disk.get(disk_key) if on_disk is not None else _KEPT.get(key)
    if (
        held is not None
        and all(people.get(pid) == was for pid, was in held.people)
        and all(signed_by_withdrawn(text) == was for text, was in held.signed)
        and all(number_footnote(label) == n for label, n in held.numbers)  # asked in the order a parse asks
    ):
        if on_disk is not None:
            on_disk.keep(disk_key, held)
        else:
            with contextlib.suppress(KeyError):  # dropped meanwhile by another request: it is still the right answer
                _KEPT.move_to_end(key)
        if held.noted is not None:
            note_again(body, held.noted)
        return _copy(held.parsed)
    seen = _People(people)
    numbers: list[tuple[str, int]] = []
    signed: dict[str, tuple[str, ...]] = {}

    def number(label: str) -> int:
        numbers.append((label, n := number_footnote(label)))
        return n

    def signer(text: str) -> tuple[str, ...]:
        signed[text] = answer = signed_by_withdrawn(text)
        return answer

    parsed = blocks.parse_contribution(
        body, shown, body_line, response_dir, cast(dict[str, Person], seen), number, signer
    )
    if _has_picture(body):
        return parsed
    made = _Kept(tuple(seen.seen.items()), tuple(signed.items()), tuple(numbers), _copy(parsed), note_of(body))
    if on_disk is not None:
        on_disk.put(disk_key, made)
        return parsed
    _KEPT[key] = made
    while len(_KEPT) > SIZE:
        try:
            _KEPT.popitem(last=False)
        except KeyError:
            break
    return parsed
