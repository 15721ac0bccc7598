"""Where printed text copies protected words (a withdrawn person's, a confidential passage), shared by
checks/withdrawn_copies.py and checks/confidential_copies.py: every printed string joined in order, as
a reader reads on and as the guard reads an output, so a copy split over two strings is found; each
copy placed at the line and column of the string it starts in (one report a string)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline.assemble.printed import Printed, SourceLines
from pipeline.privacy.normalise import fold
from pipeline.privacy.passages import Copy, Passages


def copies_in(
    texts: Iterable[Printed], passages: Passages, lines: SourceLines
) -> Iterator[tuple[Printed, int | None, int | None, Copy]]:
    """(the printed string, line, column, the copy) of the first copy that starts in each printed string."""
    texts = list(texts)
    owner: list[int] = []
    for i, printed in enumerate(texts):
        owner.extend([i] * len(fold(printed.text).split()))
    joined = "\n".join(p.text for p in texts)
    words = fold(joined).split()
    reported: set[int] = set()
    for found in passages.find(joined):
        i = owner[found.start]
        if i in reported:
            continue
        reported.add(i)
        here = [words[j] for j in range(found.start, found.start + found.count) if owner[j] == i][:8]
        line, col = lines.locate(texts[i].source, f" {' '.join(here)} ")
        yield texts[i], line or None, col, found
