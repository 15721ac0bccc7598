"""The preview in `coproduce serve` after a save is what a cold check and render of the same files gives, byte
for byte (issue 23): whatever was kept between saves (each file's load and parse, the name matcher's automaton
and the matches it found in each text) gives way to exactly what changed.

A long-lived `caching()` block stands for the running server; after each edit its preview is compared with one
made cold (everything kept dropped first, nothing kept while it is made), as a new process makes it. The edits:
a contribution's words (a private name typed in), a withdrawal in contributors/, a change of credit, a new file,
a deleted file, a renamed file, a footnote put before the others, and an edit to response.yaml.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.load import cache
from pipeline.privacy import matcher
from pipeline.privacy.normalise import fold
from pipeline.settings import make_settings
from pipeline.web.preview import Preview, preview
from tests.bench.generate import make_response

TODAY = dt.date(2026, 11, 20)


def _seen(p: Preview) -> tuple[bool, str, list[tuple[object, ...]]]:
    return p.ok, p.html, [(x.path, x.line, x.column, x.code, x.severity, x.message, x.fix) for x in p.problems]


def _cold(folder: Path) -> Preview:
    """The preview as a new process makes it: nothing kept, nothing kept while it is made; what the running server
    kept is put back afterwards, so the next save is still answered from it."""
    stores = [(store, store.copy()) for store in cache._stores]
    automata = dict(matcher._AUTOMATA)
    cache.clear()
    matcher.forget()
    try:
        assert not contextvars.Context().run(cache.active)
        return contextvars.Context().run(preview, folder, TODAY)  # outside caching()
    finally:
        for store, kept in stores:
            store.clear()
            store.update(kept)
        matcher.forget()
        matcher._AUTOMATA.update(automata)


def _quote_of(folder: Path, pid: str) -> str:
    """The words of a lived quote signed by `pid`, as written."""
    for path in sorted(folder.glob("*.md")):
        if m := re.search(rf"^> (.+)\n> — @{pid}$", path.read_text(encoding="utf-8"), re.MULTILINE):
            return m.group(1)
    raise AssertionError(f"no quote by {pid}")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edits(root: Path, folder: Path) -> list[tuple[str, Callable[[], None]]]:
    files = sorted(folder.glob("*.md"))
    people = root / "contributors"
    return [
        ("a change of credit", lambda: _replace(people / "p3.yaml", "credit: role", "credit: pseudonym")),
        ("a private name typed in", lambda: _replace(files[3], "\n\n", "\n\nWe spoke with Ada Lovegood.\n\n")),
        ("the name taken out again", lambda: _replace(files[3], "\n\nWe spoke with Ada Lovegood.\n\n", "\n\n")),
        (
            "a new file",
            lambda: (folder / "0015-new.md").write_text(
                "---\nanswers: q2\nby: [p4]\nstatus: draft\n---\nA new part, written today.[^n]\n\n[^n]: Its note.\n",
                encoding="utf-8",
            ),
        ),
        ("a deleted file", lambda: files[7].unlink()),
        ("a renamed file", lambda: files[9].rename(folder / "0099-moved.md")),
        ("a footnote before the others", lambda: _replace(files[0], "\n\n", "\n\nFirst.[^z]\n\n[^z]: Before.\n\n")),
        ("response.yaml", lambda: _replace(folder / "response.yaml", "need number 1?", "need number one, now?")),
        # last: the generated sentences are shared, so p1's words are copied elsewhere and the page stops
        ("a withdrawal", lambda: _replace(people / "p1.yaml", "consent: {", "consent: {withdrawn: 2026-06-01, ")),
    ]


@pytest.fixture
def workbench(tmp_path: Path) -> tuple[Path, Path]:
    folder = make_response(tmp_path / "wb", 24)
    (tmp_path / "wb" / "contributors" / "p20.yaml").write_text(
        "name: Ada Lovegood\ncredit: role\nrole: Volunteer\nconsent: {recorded: 2026-01-01, quotes: no}\n",
        encoding="utf-8",
    )
    long = " ".join(["We said that the waiting list was far too long for anyone to bear"] * 4) + "."
    for path in sorted(folder.glob("*.md"))[5:]:  # a note inside a list in each later file: placed by its mark
        path.write_text(path.read_text(encoding="utf-8") + f"\n- A point.\n\n  {long}\n", encoding="utf-8")
    return tmp_path / "wb", folder


def test_after_each_save_the_kept_preview_is_the_cold_one(workbench: tuple[Path, Path]) -> None:
    root, folder = workbench
    quote = _quote_of(folder, "p1")
    cache.clear()
    matcher.forget()
    with cache.caching():  # the running server
        first = preview(folder, TODAY)
        assert first.ok and quote in first.html
        made = cache.counts["made"]
        again = preview(folder, TODAY)
        assert cache.counts["made"] == made, "a second view is served from what was kept"
    assert _seen(again) == _seen(first) == _seen(_cold(folder))
    for what, edit in _edits(root, folder):
        edit()
        kept = cache.counts["kept"]
        with cache.caching():
            warm = preview(folder, TODAY)
        assert cache.counts["kept"] > kept, "files the save did not touch are used again"
        cold = _cold(folder)
        assert _seen(warm) == _seen(cold), f"after {what} the kept preview differs from a cold one"
        if warm.ok:
            assert 'class="coproduce-problem"' in warm.html  # notes placed beside their paragraphs
        if what == "a private name typed in":
            assert any(p.code == "name.withheld" for p in warm.problems)
        elif what != "a withdrawal":
            assert warm.ok, what
        if what == "a withdrawal":
            assert quote not in warm.html, "a withdrawn person's words are gone from the next preview"
            assert any(p.code == "withdrawn.copied" for p in warm.problems)
        if what == "a change of credit":  # p3's quotes are signed with the pseudonym they now chose
            assert "VNo" in warm.html
    cache.clear()


def test_the_kept_matches_are_the_matches(workbench: tuple[Path, Path]) -> None:
    """The name matcher's kept matches: a text asked again, by an equal matcher made afresh, is found the same."""
    from pipeline.build import check

    root, folder = workbench
    checked = check(folder, make_settings(draft=True, today=TODAY))
    ids = checked.assembly.identities
    texts = [
        "We spoke with Ada Lovegood.",
        "We spoke with nobody at all.",
        "We spoke with Ada.",
        "ada",
        "Nobody.",
        "A.  LOVEGOOD, later",
        "ada@example.org",
        "We spoke with  Ada Lovegood.",
    ]
    first = [matcher.NameMatcher(ids).find(t) for t in texts]
    again = [matcher.NameMatcher(ids).find(t) for t in reversed(texts)][::-1]  # from what was kept
    matcher.forget()
    fresh = [matcher.NameMatcher(ids)._find(fold(t)) for t in texts]  # the automaton itself, nothing kept
    assert first == again == fresh
    assert first[0] and not first[1] and first[2]


def test_a_matcher_of_other_public_or_common_strings_is_another_matcher() -> None:
    from pipeline.privacy.identity import Identities, Variant

    ada = Variant(" ada ", "p1", "part", "the first name")
    text = "Thanks to Ada Helper for the tea."
    alone = Identities((ada,), (), {})
    inside_a_credit = Identities((ada,), (" ada helper ",), {})  # someone's chosen credit holds the word
    inside_common = Identities((ada,), (), {}, (" ada helper ",))
    assert matcher.NameMatcher(alone).find(text)
    assert not matcher.NameMatcher(inside_a_credit).find(text)
    assert not matcher.NameMatcher(inside_common).find(text)
    assert matcher.NameMatcher(alone).find(text)


def test_credit_clashes_worked_out_once_follow_every_change() -> None:
    """credit_clashes keeps its answer for the same people, forms and ordinary words: a change to any is new."""
    from pipeline.model import Person
    from pipeline.privacy.identity import Identities, Variant, credit_clashes

    def person(credit: str, named: bool = False) -> Person:
        return Person("p2", credit, True, "attributed", None, named)

    hope = Variant(" hope ", "p1", "part", "the first name")
    ids = Identities((hope,), (), {})
    assert credit_clashes({}, {"p2": person("Hope Volunteer")}, ids)
    assert credit_clashes({}, {"p2": person("Hope Volunteer")}, ids)  # kept
    assert not credit_clashes(
        {}, {"p2": person("Hope Volunteer")}, Identities((hope,), (), {"p1": frozenset({"hope"})})
    )
    assert not credit_clashes({}, {"p2": person("Peer Volunteer")}, ids)
    assert not credit_clashes({}, {"p2": person("Hope Volunteer", named=True)}, ids)
    assert not credit_clashes({}, {"p2": person("Hope Volunteer")}, Identities((), (), {}))
    assert credit_clashes({}, {"p2": person("Hope Volunteer")}, ids)
