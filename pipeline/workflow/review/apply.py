"""`coproduce review accept|reject RESPONSE ID...`: a suggestion written into the Markdown, or dropped.

The change is found again in the contribution's body by its words and the words around it, read the way
a reader sees them: Markdown's emphasis, link brackets and targets between words do not count. It must be
found exactly once; else nothing is written and the message says to make the change by hand. The body is
edited in place (front matter, layout and line ends kept). An accepted change alters what the
contribution prints, so its fingerprint no longer matches its approval: the approval no longer holds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import CoproduceError, Problem
from pipeline.load.workbench import split_front_matter
from pipeline.workflow.review.record import records, save
from pipeline.workflow.yamledit import read_raw, write_raw

_MARKUP = r"(?:[*_`\[]|\]\([^)\s]*\))*"  # what Markdown may put between words that a reader does not see
_SPACE = r"(?:\s|[*_`\[]|\]\([^)\s]*\))+"
_QUOTES = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


@dataclass
class Applied:
    sid: str
    file: str
    state: str
    already: bool = False


def _pattern(text: str) -> str:
    out = []
    for part in re.split(r"(\s+)", text):
        if not part:
            continue
        if part.isspace():
            out.append(_SPACE)
        else:
            out.append("".join(_QUOTES.get(ch, re.escape(ch)) for ch in part))
    return "".join(out)


def locate(body: str, s: dict[str, Any]) -> tuple[int, int] | None:
    """Where the suggestion's old words are in `body`, found once with their context (or, failing that, alone)."""
    for before, after in ((s.get("before", ""), s.get("after", "")), ("", "")):
        if not (before or after or s.get("old")):
            continue
        regex = f"{_pattern(before)}{_MARKUP}({_pattern(s.get('old', ''))}){_MARKUP}{_pattern(after)}"
        found = list(re.finditer(regex, body))
        if len(found) == 1:
            return found[0].span(1)
    return None


def decide(response_dir: Path, ids: list[str], accept: bool, shown: str, today: dt.date) -> list[Applied]:
    """Accept or reject each suggestion named; every one is checked before anything is written. Before an
    accepted change alters someone's words, what they last saw is recorded (`confirm.note_before_edit`)."""
    from pipeline.workflow.review.confirm import note_before_edit, response_data

    data_of_response = response_data(response_dir)
    wanted = {sid: None for sid in ids}
    held: dict[str, tuple[Path, dict[str, Any], dict[str, Any]]] = {}
    for path, data in records(response_dir):
        for s in data.get("suggestions", []):
            if s.get("id") in wanted:
                held[s["id"]] = (path, data, s)
    missing = [sid for sid in wanted if sid not in held]
    if missing:
        raise CoproduceError(
            [
                Problem(
                    shown,
                    None,
                    f"there is no suggestion {sid} for this response",
                    "run  coproduce status  to see the open suggestions and their ids",
                    code="review.unknown-suggestion",
                )
                for sid in missing
            ]
        )
    edits: dict[Path, str] = {}
    problems: list[Problem] = []
    done: list[Applied] = []
    for sid in wanted:
        path, data, s = held[sid]
        state = "accepted" if accept else "rejected"
        if s.get("state") != "open":
            done.append(Applied(sid, s["file"], s["state"], already=True))
            continue
        if accept:
            target = response_dir / s["file"]
            text = edits.get(target) or read_raw(target)[0]
            _, body, body_line, _ = split_front_matter(text, s["file"])
            start = len(text) - len(body)
            span = locate(body, s)
            if span is None:
                problems.append(
                    Problem(
                        f"{response_dir.name}/{s['file']}",
                        None,
                        f"suggestion {sid} (\u201c{s.get('old', '')}\u201d \u2192 \u201c{s.get('new', '')}\u201d) "
                        "no longer matches the text once, so it was not applied",
                        f"make the change by hand, then run  coproduce review reject {response_dir.name} {sid}",
                        code="review.cannot-place",
                    )
                )
                continue
            after = text[: start + span[0]] + s.get("new", "") + text[start + span[1] :]
            who = str(s.get("by", ""))
            edits[target] = note_before_edit(response_dir, s["file"], text, after, who, today, data_of_response)
        s["state"] = state
        done.append(Applied(sid, s["file"], state))
    if problems:
        raise CoproduceError(problems, "nothing was changed")
    for target, text in edits.items():
        write_raw(target, text, read_raw(target)[1])
    for path, data in {id(d): (p, d) for p, d, _ in held.values()}.values():
        save(path, data)
    return done
