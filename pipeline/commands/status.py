"""`coproduce status`: where each response stands, as a table or as JSON for other tools."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline.commands._common import response_dir, response_dirs
from pipeline.vocabulary import hours_text

if TYPE_CHECKING:  # imported when the command runs: `--help` stays quick
    from pipeline.workflow.status import GitStatus, Hours, PersonGone, ResponseStatus

WIDTH = 100  # the terminal output never runs wider
LABEL = 15  # width of the label column in the summary lines
SOON = 7  # days: from here on (and once past) the deadline is shown loudly


@click.command()
@click.argument("responses", nargs=-1, metavar="[SLUG_OR_FOLDER]...")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for other tools (contributor ids, never names).")
def command(responses: tuple[str, ...], as_json: bool) -> None:
    """Show where each response stands: deadline, answers, approvals, consent, hours, git.

    Give a response's slug or folder, or nothing for every response in the
    workbench. Set COPRODUCE_TODAY=YYYY-MM-DD to see it as on another day.
    """
    from pipeline.settings import make_settings
    from pipeline.workflow.status import response_status, statuses_as_json

    on = make_settings().today
    folders = [response_dir(r) for r in responses] if responses else response_dirs(())
    statuses = [response_status(folder, on) for folder in folders]
    if as_json:
        from pipeline.load.workbench import find_root
        from pipeline.workflow.review.record import open_items
        from pipeline.workflow.watch import as_json as watch_json
        from pipeline.workflow.watch import read_watch

        data = statuses_as_json(statuses, on)
        for entry, folder in zip(data["responses"], folders, strict=True):
            entry["review"] = open_items(folder)  # open suggestions and notes from reviewed Word files, per file
        if folders:  # the consultations ahead, for the dashboard (watch.yaml)
            data["watch"] = watch_json(read_watch(find_root(folders[0]))[0], on)
        click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        # click drops colour when not writing to a terminal, but does not read NO_COLOR (no-color.org)
        color = False if os.environ.get("NO_COLOR") else None
        from pipeline.load.workbench import find_root
        from pipeline.workflow.support import status_lines

        for n, (folder, status) in enumerate(zip(folders, statuses, strict=True)):
            people = status_lines(find_root(folder), folder, on) if status.loaded else []
            click.echo("\n".join(([""] if n else []) + render(status) + _review(folder) + people), color=color)
    if not as_json and folders:
        _watch(on, folders[0])
    if not any(s.loaded for s in statuses):
        sys.exit(1)


def _watch(on: Any, folder: Any) -> None:
    """The consultations ahead in watch.yaml and watch/, soonest first, beside the responses."""
    from pipeline.load.workbench import find_root
    from pipeline.workflow.watch import ahead, line, read_watch

    entries, problems = read_watch(find_root(folder))
    if problems:
        click.echo(f"\nthe watch list has problems: {problems[0]}", err=True)
    if coming := ahead(entries, on):
        click.echo("\n" + click.style("Consultations ahead", bold=True))
        for e in coming:
            click.echo("\n".join(textwrap.wrap(line(e, on), WIDTH, initial_indent="  ", subsequent_indent="    ")))


def render(s: ResponseStatus) -> list[str]:
    lines = [click.style(s.slug, bold=True) + "  " + _cut(s.title or "", WIDTH - len(s.slug) - 2)]
    if not s.loaded:
        return lines + _field("Problems", _problems(s)) + _field("", "response.yaml could not be read")
    lines += _field("Consultation", s.consultation or "")
    lines += _field("Deadline", _deadline(s))
    lines += _field("Problems", _problems(s))
    if s.outcome:
        told = _field("Outcome", s.outcome)
        lines += [click.style(line, fg="yellow", bold=True) for line in told] if s.outcome_reminder else told
    lines += ["", *_questions(s), *_reading(s), "", *_contributions(s), ""]
    return lines + _summary(s)


# ------------------------------------------------------------------ the parts


def _review(folder: Path) -> list[str]:
    """What reviewers sent back in Word and nobody has decided yet (coproduce review), per contribution."""
    from pipeline.workflow.review.record import open_items

    items = open_items(folder)
    if not items:
        return []
    lines = [
        "",
        click.style("From reviewed Word files", bold=True) + f"  (coproduce review accept|reject {folder.name} ID)",
    ]
    for file, said in sorted(items.items()):
        lines.append(f"  {file}")
        lines += [f"    {_cut(line, WIDTH - 4)}" for line in said]
    return lines


def _deadline(s: ResponseStatus) -> str:
    if s.days_left is None or s.closes is None:
        return "no closing date given"
    days, when = s.days_left, f"{s.closes.day} {s.closes:%B %Y}"
    if days > 1:
        text = f"closes in {days} days ({when})"
    elif days >= 0:
        text = f"closes {'today' if days == 0 else 'tomorrow'} ({when})"
    else:
        text = f"closed {'yesterday' if days == -1 else f'{-days} days ago'} ({when})"
    return click.style(text, fg="red", bold=True) if days <= SOON else text


def _problems(s: ResponseStatus) -> str:
    p = s.problems
    parts = [f"{p.errors} to fix"] if p.errors else []
    parts += [f"{p.final} before the final build"] if p.final else []
    parts += [f"{p.warnings} to consider"] if p.warnings else []
    if not parts:
        return "none"
    text = ", ".join(parts) + f" (coproduce check {s.folder})"
    return click.style(text, fg="red") if p.errors else text


def _questions(s: ResponseStatus) -> list[str]:
    if not s.questions:
        return ["  No questions are listed in response.yaml."]
    rows = [("Question", "Answered", "Words", "Asked")]
    styles: list[dict[str, Any]] = [{}]
    for q in s.questions:
        words = ("?" if q.words is None else str(q.words)) + (f" / {q.limit}" if q.limit else "")
        words += f" ({q.over_by} over)" if q.over_by else ""
        if q.chars_limit:
            words += f"; {'?' if q.chars is None else q.chars} / {q.chars_limit} characters"
            words += f" ({q.chars_over_by} over)" if q.chars_over_by else ""
        rows.append((q.id, "yes" if q.answered else "not yet", words, q.text))
        over = q.over_by or q.chars_over_by
        styles.append({"fg": "red", "bold": True} if over else {"fg": "yellow"} if not q.answered else {})
    return _table(rows, styles)


def _reading(s: ResponseStatus) -> list[str]:
    """Plain-English advice per answer: never blocking, so plain text, never red."""
    from pipeline.checks._readability import LONG

    rows = []
    for q in s.questions:
        r = q.reading
        if r is None:
            continue
        ease = "" if r.ease is None else f", reading ease {r.ease:g}"
        long = f", {r.long} over {LONG} words" if r.long else ""
        rows.append(f"  {q.id}: {r.average:g} words a sentence{long}{ease}")
    return ["", "  Plain English (advice; reading ease 60 or more is plain):", *rows] if rows else []


def _contributions(s: ResponseStatus) -> list[str]:
    if not s.contributions:
        return ["  No contributions yet."]
    rows = [("Contribution", "For", "Status", "By")]
    styles: list[dict[str, Any]] = [{}]
    for c in s.contributions:
        rows.append((c.file, c.place, c.status, ", ".join(c.by)))
        styles.append({"fg": "red"} if c.left_out else {"fg": "yellow"} if c.needs_approval else {})
    lines = _table(rows, styles)
    # notes go under their row: a notes column would leave them too little room
    for row, c in reversed(list(enumerate(s.contributions, start=1))):
        asked = f" at {', '.join(c.asked_left_out)}'s request (declined an edit)" if c.asked_left_out else ""
        notes = ([f"left out{asked}"] if c.left_out else []) + list(c.flags)
        notes += [c.approval_note] if c.approval_note else []
        notes += ["confidential: in the annex only"] if c.confidential and not c.left_out else []
        notes += [f"edited by {', '.join(c.edited_by)} (git)"] if c.edited_by else []
        if notes:
            wrapped = textwrap.wrap("; ".join(notes), WIDTH, initial_indent="      - ", subsequent_indent=" " * 8)
            lines[row + 1 : row + 1] = [click.style(text, **styles[row]) for text in wrapped]
    return lines


def _summary(s: ResponseStatus) -> list[str]:
    n = {k: len(v) for k, v in s.by_status.items()}
    lines = _field("Contributions", f"{n['approved']} approved, {n['review']} in review, {n['draft']} draft")
    missing = [
        f"{c.file} ({'changed since approval' if c.approval == 'changed' else c.status})"
        for c in s.contributions
        if c.needs_approval
    ]
    lines += _field("Not approved", ", ".join(missing) or "none")
    quotes = [f"{q.file}:{q.line} quotes {q.contributor}" for q in s.quotes_without_consent]
    said = ["; ".join(quotes) + "; left out until they consent"] if quotes else []
    said += [f"{p.contributor} ({', '.join(p.did)}) has none recorded, so is not named" for p in s.consent_missing]
    everyone = {q.contributor for q in s.quotes_without_consent} | {p.contributor for p in s.consent_missing}
    total = f"; {len(everyone)} people in all" if len(everyone) > 1 else ""
    lines += _field("No consent", "; ".join(said) + total if said else "none")
    if annexed := [c.file for c in s.contributions if c.confidential and not c.left_out]:
        count = len(annexed)
        lines += _field(
            "Confidential",
            f"{count} contribution{'' if count == 1 else 's'} in the confidential annex only, never the submission:"
            f" {', '.join(annexed)}",
        )
    if s.unsorted:
        waiting = [f"{u.file} (needs {' and '.join(u.needs)})" for u in s.unsorted]
        lines += _field("Unsorted", "; ".join(waiting) + "; in no build until  coproduce assign  files them")
    lines += _gone("Withdrawn", s.withdrawn, "withdrew")
    lines += _gone("Left", s.left, "left")
    lines += _hours(s.hours)
    return lines + (_git(s.git) if s.git else [])


def _gone(label: str, people: Sequence[PersonGone], verb: str) -> list[str]:
    lines: list[str] = []
    for p in people:
        lines += _field(
            "" if lines else label, f"{p.id} {verb} on {p.on}: {', '.join(p.files) or 'wrote nothing here'}"
        )
        for item in p.left_out:
            lines += _field("", item, indent=2)
    return lines or _field(label, "none")


def _hours(h: Hours | None) -> list[str]:
    if h is None or not (h.sessions or h.planned):
        return _field("Hours", "no sessions recorded")
    text = (
        f"{_num(h.person_hours)} person-hours in {h.sessions} {'session' if h.sessions == 1 else 'sessions'}, "
        f"{_num(h.lived_experience_hours)} of them by people with lived experience"
    )
    return _field("Hours", text + (f"; {h.planned} more planned" if h.planned else ""))


def _git(g: GitStatus) -> list[str]:
    if g.note:
        return _field("Git", g.note)
    lines = _field("Git", f"{g.commits} {'commit' if g.commits == 1 else 'commits'} changed this response")
    if g.unknown_authors:
        # private addresses, shown to the coordinator here and never put in JSON or a submission
        lines += _field("", f"{g.unknown_commits} by addresses in no contributor's emails:", indent=2)
        for u in g.unknown_authors:
            lines += _field("", f"{u.name} <{u.email}>: {_some(u.files)}", indent=4)
        lines += _field("", "add each to the emails: of the contributor it belongs to", indent=2)
    return lines


# -------------------------------------------------------------------- layout


def _num(x: float) -> str:
    return hours_text(x)  # as given: 1.75 stays 1.75


def _field(label: str, value: str, indent: int = 0) -> list[str]:
    """A `Label   value` line, the value wrapped under itself within WIDTH."""
    lead = "  " + label.ljust(LABEL) + " " * indent
    if "\x1b[" in value:  # styled values are short, and wrapping would split their escape codes
        return [lead + value]
    return textwrap.wrap(value, WIDTH, initial_indent=lead, subsequent_indent=" " * len(lead), break_on_hyphens=False)


def _table(rows: Sequence[Sequence[str]], styles: Sequence[dict[str, Any]], wrap_last: bool = False) -> list[str]:
    """Plain columns within WIDTH, the last one cut (or wrapped under itself) to fit.

    `styles[i]` colours row i after padding, so the escape codes never shift a column.
    """
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    start = 2 + sum(w + 2 for w in widths)
    room = max(WIDTH - start, 12)
    out: list[str] = []
    for row, style in zip(rows, styles, strict=True):
        last = textwrap.wrap(row[-1], room) if wrap_last else [_cut(row[-1], room)]
        cells = "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), last[0] if last else ""])
        for text in ["  " + cells, *(" " * start + more for more in last[1:])]:
            out.append(click.style(text.rstrip(), **(style if out else {"bold": True})))
    return out


def _some(files: Sequence[str], most: int = 3) -> str:
    if len(files) <= most:
        return ", ".join(files) or "no files"
    return f"{', '.join(files[:most])} and {len(files) - most} more"


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"
