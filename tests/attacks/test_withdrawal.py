"""Withdrawal takes everything: contributions, quotes in any form anywhere, footnotes
only they needed, hours, and their words pasted elsewhere. The build says what it
left out, and nothing in the workbench is deleted or changed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.attacks.kit import (
    FAST,
    FORM_BODIES,
    FORM_IDS,
    R,
    build,
    built_clean,
    check,
    contribute,
    edit,
    problem_lines,
    refused,
    write_file,
)
from tests.factory import WITHDRAWN_WORDS, Bench

GUS_WORDS = "The night staff never once knocked before they came in."
ORIGINAL = "30-q2-withdrawn.md"


def said(output: str, rel: str, line: int, who: str = "gus") -> bool:
    """The build's report names rel:line (a column may follow) in a line that names `who`."""
    pattern = re.compile(rf"{re.escape(rel)}:{line}(:\d+)?:")
    return any(pattern.search(x) and who in x for x in output.splitlines())


@pytest.mark.parametrize("form", FORM_BODIES, ids=FORM_IDS)
def test_a_withdrawn_persons_quote_is_left_out_in_every_form(bench: Bench, form: str) -> None:
    w = contribute(bench, "70-quote.md", "Intro sentence.\n\n" + form.format(w=GUS_WORDS, p="gus"), by="dee")
    result, _ = built_clean(bench, phrases=(GUS_WORDS, "night staff never once knocked"), present=("Intro sentence.",))
    assert said(result.output, w.rel, w.line_of("@gus")), result.output


def test_a_left_out_quote_takes_its_footnote_with_it(bench: Bench) -> None:
    contribute(
        bench,
        "70-quote.md",
        "We asked about nights.[^kept]\n\n"
        f"> {GUS_WORDS}[^gone]\n> \u2014 @gus\n\n"
        "[^kept]: Asked at the January workshop.\n"
        "[^gone]: He said this about the Eastmoor house in 2024.\n",
        by="dee",
    )
    built_clean(
        bench,
        phrases=(GUS_WORDS, "about the Eastmoor house in 2024"),
        present=("We asked about nights.", "Asked at the January workshop."),
    )


def test_a_footnote_also_cited_from_kept_text_is_kept(bench: Bench) -> None:
    contribute(
        bench,
        "70-quote.md",
        f"We asked about nights.[^both]\n\n> {GUS_WORDS}[^both]\n> \u2014 @gus\n\n[^both]: Asked at the January workshop.\n",
        by="dee",
    )
    built_clean(bench, phrases=(GUS_WORDS,), present=("Asked at the January workshop.",))


def test_a_left_out_quote_in_a_footnote_is_left_out(bench: Bench) -> None:
    contribute(bench, "70-quote.md", f"Nights.[^n]\n\n[^n]: Heard:\n\n    > {GUS_WORDS}\n    > \u2014 @gus\n", by="dee")
    built_clean(bench, phrases=(GUS_WORDS,), present=("Nights.",))


def test_a_withdrawn_persons_quote_in_a_co_authored_file(bench: Bench) -> None:
    w = contribute(bench, "70-quote.md", f"Ada and Hal wrote this.\n\n> {GUS_WORDS}\n> \u2013 @gus\n", by="ada, hal")
    result, _ = built_clean(bench, phrases=(GUS_WORDS,), present=("Ada and Hal wrote this.",))
    assert said(result.output, w.rel, w.line_of("@gus")), result.output


def test_a_withdrawn_persons_quote_in_a_list_item_is_left_out(bench: Bench) -> None:
    contribute(bench, "70-quote.md", f"- A point we kept.\n\n  > {GUS_WORDS}\n  > \u2014 @gus\n", by="dee")
    built_clean(bench, phrases=(GUS_WORDS,), present=("A point we kept.",))


# ------------------------------------------------------------------ their contributions


def test_a_co_authored_contribution_is_left_out_whole(bench: Bench) -> None:
    w = contribute(bench, "70-joint.md", "Hal's half of a joint answer about waiting rooms.\n", by="gus, hal")
    result, _ = built_clean(bench, phrases=("joint answer about waiting rooms",))
    assert f"{w.rel}: left out" in result.output, result.output


def test_work_handed_over_from_a_withdrawn_person_is_left_out(bench: Bench) -> None:
    contribute(bench, "70-handed.md", "Finished by Hal from a first draft.\n", extra="handed_over_from: [gus]")
    result, _ = built_clean(bench, phrases=("finished by hal from a first draft",))
    assert "70-handed.md" in result.output and "left out" in result.output, result.output


def test_a_withdrawn_reviewer_is_not_credited(bench: Bench) -> None:
    contribute(bench, "70-reviewed.md", "Reviewed text stays in.\n", extra="reviewed_by: [gus]")
    built_clean(bench, present=("Reviewed text stays in.",))


def test_a_withdrawn_persons_own_title_and_content_note_are_left_out(bench: Bench) -> None:
    contribute(
        bench,
        "70-own.md",
        "Body of a withdrawn section.\n",
        section="gus-story",
        by="gus",
        extra="title: Corridor nights remembered\ncontent_note: mentions a long wait in a corridor",
    )
    built_clean(bench, phrases=("corridor nights remembered", "long wait in a corridor", "body of a withdrawn section"))


def test_their_hours_are_not_counted(bench: Bench) -> None:
    edit(
        bench,
        f"{R}/response.yaml",
        "    people: [ada, dee, eli, fay]\n",
        "    people: [ada, dee, eli, fay]\n  - date: 2026-02-02\n    activity: Phone interview\n"
        "    hours: 3\n    people: [gus]\n",
    )
    result, out = built_clean(bench)
    # 2.5 h for ada, bo, cy (hal has no lived experience) + 2 h for ada, dee, eli, fay; nothing of gus's 5.5 h
    assert out.contains("co-produced with 6 people with lived experience, who gave 15.5 hours"), out.raw[
        "html text (tags as spaces)"
    ][-1500:]
    assert "2026-02-02" in result.output and "gus" in result.output, result.output


def test_a_withdrawal_dated_in_the_future_is_not_yet_in_force(bench: Bench) -> None:
    write_file(
        bench,
        "contributors/cy.yaml",
        "name: Cyrus Marlow\ncredit: pseudonym\npseudonym: Cygnet\nlived_experience: true\n"
        "emails: [cyrus.marlow@example.com]\nconsent: {recorded: 2025-01-10, quotes: attributed, withdrawn: 2999-01-01}\n",
    )
    built_clean(bench, present=("refer themselves", "Cygnet"))


def test_check_reports_what_build_leaves_out(bench: Bench) -> None:
    contribute(bench, "70-quote.md", f"Kept.\n\n> {GUS_WORDS}\n> \u2014 @gus\n", by="dee")
    built = build(bench)
    checked = check(bench)
    assert built.exit_code == 0 and checked.exit_code == 0, built.output + checked.output
    for where in (f"{R}/{ORIGINAL}", f"{R}/40-voices.md", f"{R}/70-quote.md"):
        assert where in built.output and where in checked.output, (built.output, checked.output)


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "build" not in p.relative_to(root).parts
    }


def test_nothing_in_the_workbench_is_deleted_or_changed(bench: Bench) -> None:
    contribute(bench, "70-quote.md", f"Kept.\n\n> {GUS_WORDS}\n> \u2014 @gus\n", by="dee", signed_off=True)
    before = _snapshot(bench.root)
    result = build(bench, formats=FAST, draft=False)
    assert result.exit_code == 0, result.output
    assert _snapshot(bench.root) == before


# ------------------------------------------------------------------ their words copied elsewhere


def _copied(bench: Bench, body: str, *, name: str = "70-paste.md", by: str = "hal", sources: tuple[str, ...]) -> None:
    w = contribute(bench, name, body, by=by)
    line = next(
        n for n, text in enumerate(w.text.split("\n"), start=1) if "kettle" in text.lower() or "corridor" in text
    )
    out = refused(bench, w.rel, line, None)
    msg = [x for x in out.splitlines() if x.strip().startswith(f"{w.rel}:{line}:")]
    assert any(any(s in x for s in sources) for x in msg), f"the message should also name one of {sources}:\n{out}"


WITHDRAWN_FILES = (f"{R}/{ORIGINAL}", f"{R}/40-voices.md")


def test_a_sentence_pasted_from_a_withdrawn_contribution_is_refused(bench: Bench) -> None:
    _copied(
        bench,
        "We agree. The kettle in the quiet room was always broken, and nobody fixed it.\n",
        sources=WITHDRAWN_FILES,
    )


def test_a_pasted_run_with_other_case_punctuation_and_spaces_is_refused(bench: Bench) -> None:
    _copied(
        bench,
        "THE KETTLE in the quiet\u00a0room was \u2018always\u2019 broken \u2014 nobody fixed it\n",
        sources=WITHDRAWN_FILES,
    )


def test_a_pasted_run_across_a_line_break_is_refused(bench: Bench) -> None:
    _copied(bench, "As we heard, the kettle in the quiet\nroom was always broken.\n", sources=WITHDRAWN_FILES)


def test_words_pasted_from_a_withdrawn_persons_quote_are_refused(bench: Bench) -> None:
    contribute(
        bench,
        "71-voices.md",
        "> We waited four hours in the corridor before anyone spoke to us.\n> \u2014 @gus\n",
        by="dee",
    )
    _copied(
        bench, "People waited four hours in the corridor before anyone spoke to us.\n", sources=(f"{R}/71-voices.md",)
    )


def test_withdrawn_words_pasted_into_someone_elses_quote_are_refused(bench: Bench) -> None:
    _copied(
        bench,
        "> The kettle in the quiet room was always broken, I remember.\n> \u2014 @dee\n",
        by="dee",
        sources=WITHDRAWN_FILES,
    )


def test_withdrawn_words_pasted_into_a_footnote_are_refused(bench: Bench) -> None:
    _copied(
        bench,
        "Text.[^k]\n\n[^k]: The kettle in the quiet room was always broken, they said.\n",
        sources=WITHDRAWN_FILES,
    )


def test_a_run_of_seven_shared_words_is_not_a_copy(bench: Bench) -> None:
    contribute(bench, "70-paste.md", "We heard that what was in the quiet room was always broken too.\n")
    built_clean(bench, phrases=(WITHDRAWN_WORDS,), present=("in the quiet room was always broken too",))


@pytest.mark.parametrize("attribution", ["\u2014 @GUS", "\u2014 \uff20gus"], ids=["capitals", "fullwidth-at-sign"])
def test_a_disguised_attribution_to_a_withdrawn_person_never_prints_their_words(bench: Bench, attribution: str) -> None:
    w = contribute(bench, "70-quote.md", f"Kept words.\n\n> {GUS_WORDS}\n> {attribution}\n", by="dee")
    result = build(bench)
    if result.exit_code == 0:
        built_clean(bench, phrases=(GUS_WORDS,), present=("Kept words.",))
    else:
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert any(p[0] == w.rel and p[1] == w.line_of(attribution) for p in problem_lines(result.output)), (
            result.output
        )


def test_withdrawn_words_pasted_into_a_content_note_are_refused(bench: Bench) -> None:
    w = contribute(
        bench,
        "70-paste.md",
        "Text.\n",
        extra="content_note: the kettle in the quiet room was always broken and it hurt",
    )
    out = refused(bench, w.rel, 5, None)
    assert any(s in out for s in WITHDRAWN_FILES), out
