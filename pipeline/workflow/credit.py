"""Changes to a person's own file after it is written: how they are credited, and words of their name
that are ordinary words in the text (`ordinary_words`, what the problem `name.word` asks for).

Each change goes through the careful editor (`yamledit`), so the person's file keeps its comments
and layout, and the edited text must load before it is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.errors import CoproduceError, Problem, Problems
from pipeline.load.schema import Contributor, validate
from pipeline.load.workbench import ContributorFile, Workbench, load_contributors
from pipeline.load.yamlsource import load_yaml
from pipeline.privacy.identity import name_variants
from pipeline.privacy.normalise import fold
from pipeline.workflow.consent import known_person
from pipeline.workflow.people import Asked, _asked, credit_checked, one_line, raise_asked, real_name_problems
from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, set_yaml_field, write_raw
from pipeline.workflow.yamllist import EDITS


def person(root: Path, pid: str) -> ContributorFile:
    """The contributor `pid` as it loads now, or the usage error `check` would give."""
    wb = Workbench(root)
    load_contributors(wb, Problems())
    return known_person(wb, pid)


def _write(root: Path, who: ContributorFile, changes: dict[tuple[str, ...], object], said: str) -> str:
    with EDITS:
        return _write_now(root, who, changes, said)


def _write_now(root: Path, who: ContributorFile, changes: dict[tuple[str, ...], object], said: str) -> str:
    path = root / who.shown
    text, bom = read_raw(path)
    try:
        for key, value in changes.items():
            text = set_yaml_field(text, key, value)
    except EditError as exc:
        raise cannot_edit(who.shown, said, str(exc)) from None
    located, problems = load_yaml(text, who.shown)
    if located is not None:
        problems += validate(Contributor, located, who.shown)[1]
    if problems:  # what we would write must load: anything wrong was in the answers
        first = problems[0]
        message = f"this would leave a file that does not load: {first.message}"
        raise CoproduceError([Problem(who.shown, None, message, first.fix, code="usage.would-not-load")])
    write_raw(path, text, bom)
    return who.shown


def change_credit(
    root: Path,
    pid: str,
    credit: str,
    pseudonym: str | None,
    role: str | None,
    today: dt.date,
) -> str:
    """Record how `pid` now chooses to be credited; returns their file as shown. Nothing else in it changes."""
    who = person(root, pid)
    pseudonym = (pseudonym or "").strip() or None
    role = (role or "").strip() or None
    found = credit_checked(root, pid, credit, pseudonym, role, today)
    raise_asked(found or (real_name_problems(root, pid, who.data.name, pseudonym) if credit == "pseudonym" else []))
    changes: dict[tuple[str, ...], object] = {("credit",): credit}
    if credit == "pseudonym":
        changes[("pseudonym",)] = pseudonym
    if credit == "role":
        changes[("role",)] = role
    return _write(root, who, changes, f"credit: {credit}")


def ordinary_word_problems(who: ContributorFile, word: str) -> list[Asked]:
    """A word may be listed when it is one word of the person's name (the only thing the list silences)."""
    found = one_line("word", word, "the word")
    if found:
        return found
    if not word.strip():
        return [_asked("word", "there is no word", "write the word of their name, like Hope", "usage.missing-answer")]
    if len(word.split()) > 1:
        fix = "give one word: a whole name is never an ordinary word"
        return [_asked("word", f"'{word}' is more than one word", fix, "usage.not-a-name-word")]
    parts = {v.folded for v in name_variants(who.data.name, "") if v.kind == "part"}
    if f" {fold(word).strip()} " not in parts:
        fix = "give a word of their name that the text uses as an ordinary word"
        return [_asked("word", f"'{word}' is not a word of {who.id}'s name", fix, "usage.not-a-name-word")]
    return []


def add_ordinary_word(root: Path, pid: str, word: str) -> tuple[str, bool]:
    """List `word` under `ordinary_words` in `pid`'s file. Returns the file and whether it was added (not there yet)."""
    who = person(root, pid)
    word = word.strip()
    raise_asked(ordinary_word_problems(who, word))
    listed = list(who.data.ordinary_words)
    if fold(word) in {fold(w) for w in listed}:
        return who.shown, False
    return _write(root, who, {("ordinary_words",): [*listed, word]}, f"ordinary_words: [{word}]"), True
