"""The last line of defence: no output may contain a withheld name or address.

`people.py` keeps private strings out of the document model, so this should
never fire. It reads every rendered output the way a person or a tool could
(every part of a DOCX, the HTML the PDF was made from, the text) and refuses
to write anything if a withheld string is found.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable

from .errors import Problem


def _texts(name: str, data: bytes) -> Iterable[tuple[str, str]]:
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                raw = z.read(info).decode("utf-8", "replace")
                # XML escapes and run boundaries could hide a name: also test the text with tags removed
                yield f"{name}/{info.filename}", html.unescape(raw)
                yield f"{name}/{info.filename}", html.unescape(re.sub(r"<[^>]+>", "", raw))
    else:
        text = data.decode("utf-8", "replace")
        yield name, text
        yield name, html.unescape(re.sub(r"<[^>]+>", " ", text))


def whole_words(strings: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all `strings` as whole words, longest first, so a text
    is scanned once however many people there are. None when there is nothing to look for."""
    ordered = sorted({s for s in strings if s.strip()}, key=lambda s: (-len(s), s))
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(s) for s in ordered) + r")(?!\w)", re.IGNORECASE)


def find_leaks(outputs: dict[str, bytes], withheld: list[str]) -> list[Problem]:
    pattern = whole_words(withheld)
    if pattern is None:
        return []
    by_lower = {s.lower(): s for s in withheld}
    found: dict[tuple[str, str], Problem] = {}
    for name, data in outputs.items():
        for where, text in _texts(name, data):
            squashed = re.sub(r"\s+", " ", text)
            for match in pattern.finditer(squashed):
                s = by_lower.get(match.group(1).lower(), match.group(1))
                if (name, s) not in found:
                    kind = "an e-mail address" if "@" in s else "a name"
                    found[(name, s)] = Problem(
                        where,
                        None,
                        f"refusing to write: the output contains {kind} that its owner has not chosen to have printed",
                        "find where it comes from in the contributions or templates and remove it",
                    )
    return list(found.values())
