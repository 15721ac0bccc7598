"""`coproduce handover`: a contribution passed to new authors, and finding the contributions a command names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import CoproduceError, Problem, UsageError
from pipeline.load.workbench import Contribution
from pipeline.workflow.consent import left_on, load_all, taking_part, withdrawn_on
from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, set_front_matter, write_raw, yaml_value


@dataclass
class Handover:
    shown: str
    slug: str
    by_before: list[str]
    by_after: list[str]
    handed_over_from: list[str]
    status_before: str
    status_after: str
    left: list[str]  # previous authors who have left (the usual reason for a handover)


def find_contribution(root: Path, given: Path) -> Path:
    """The contribution file named: a path, or a file name unique across the responses."""
    return ContributionNames(root).find(given)


class ContributionNames:
    """Finds contributions named on a command line; the responses are listed once, when a bare name needs it,
    so naming many files is linear in their number (issue 23)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._names: dict[str, list[Path]] | None = None

    def find(self, given: Path) -> Path:
        for candidate in (given, self.root / given):
            if candidate.is_file():
                return candidate
        if self._names is None:
            self._names = {}
            for found in sorted((self.root / "responses").glob("*/*")):
                self._names.setdefault(found.name, []).append(found)
        return _one_of(self.root, given, self._names.get(given.name, []))


def _one_of(root: Path, given: Path, matches: list[Path]) -> Path:
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(str(m.relative_to(root)) for m in matches)
        raise UsageError(
            f"'{given}' is in more than one response", f"give the full path: {names}", code="usage.ambiguous-file"
        )
    raise UsageError(
        f"no contribution '{given}'", "give the path of a .md file in a response folder", code="usage.unknown-file"
    )


def handover(root: Path, given: Path, to: list[str], today: dt.date, *, dry_run: bool = False) -> Handover:
    """Pass a contribution to `to`: they become its authors, and the authors before keep the credit for beginning it."""
    loaded = load_all(root)
    path = find_contribution(root, given).resolve()
    found = [(r, c) for r in loaded.responses for c in r.contributions if c.path.resolve() == path]
    if not found:
        shown = loaded.wb.shown(path)
        if path.suffix != ".md" or path.parent.parent != (root / "responses").resolve():
            raise UsageError(
                f"{shown} is not a contribution",
                "give a .md file in a response folder",
                code="usage.not-a-contribution",
            )
        raise CoproduceError(
            [p for p in loaded.problems.items if p.path == shown]
            or [
                Problem(
                    shown,
                    None,
                    "could not be read",
                    "run  coproduce check  and fix it first",
                    code="handover.unreadable",
                )
            ],
            "nothing was handed over",
        )
    response, c = found[0]
    people = loaded.wb.contributors
    to = list(dict.fromkeys(to))
    for pid in to:
        taking_part(loaded.wb, pid, "--to", today, "hand the work to someone who is taking part")
    for pid in (*c.meta.by, *c.meta.handed_over_from):
        if pid in people and (d := withdrawn_on(people[pid].data, today)):
            key = "by" if pid in c.meta.by else "handed_over_from"
            raise CoproduceError(
                [
                    Problem(
                        c.shown,
                        c.located.line((key,)),
                        f"{pid} withdrew on {d}: their words cannot be used, so this work cannot be handed over",
                        f"have {' and '.join(to)} write fresh text in a new contribution, like  coproduce add "
                        f"{response.slug} {_where(c)} --by {' --by '.join(to)}",
                        code="handover.withdrawn",
                    )
                ],
                "nothing was handed over",
            )
    before = list(c.meta.by)
    passed = [pid for pid in before if pid not in to]
    if not passed:
        raise UsageError(
            f"{c.shown} is already by {', '.join(before)}", "name someone new with --to", code="usage.already-by"
        )
    began = list(dict.fromkeys(p for p in (*c.meta.handed_over_from, *passed) if p not in to))
    status = "review" if c.meta.status == "approved" else c.meta.status
    changes: dict[str, object] = {"by": to, "handed_over_from": began}
    if status != c.meta.status:
        changes["status"] = status
    if not dry_run:
        text, bom = read_raw(path)
        try:
            write_raw(path, set_front_matter(text, changes), bom)
        except EditError as exc:
            raise cannot_edit(c.shown, f"by: {yaml_value(to)}", str(exc)) from None
    left = [pid for pid in passed if pid in people and left_on(people[pid].data, today)]
    return Handover(c.shown, response.slug, before, to, began, c.meta.status, status, left)


def _where(c: Contribution) -> str:
    if c.meta.answers:
        return f"--answers {c.meta.answers}"
    title = f' --title "{c.meta.title}"' if c.meta.title else ""
    return f"--section {c.meta.section}{title}"
