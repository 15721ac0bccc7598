"""Checks of wording read the assembled document, not raw lines (issue 7, item 5).

The language guide and the plain-English check read what is printed, with where
it was written: a phrase split by a line break is whole, quoted words, code and
addresses are left alone, a title or a content note in the front matter is read
like the text, and a list item is never run into the next one.
"""

from __future__ import annotations

import pytest

from pipeline.build import check
from pipeline.errors import Problem
from pipeline.settings import make_settings
from tests.attacks.kit import Written, contribute
from tests.conftest import run
from tests.factory import Bench
from tests.sample_doc import tiny_png

LONG = " ".join(["word"] * 40)  # one sentence of 40 words


def _found(bench: Bench, code: str) -> list[Problem]:
    checked = check(bench.response, make_settings(draft=True))
    return [p for p in checked.problems.items if p.code == code]


def _places(bench: Bench, code: str) -> list[tuple[str, int | None, int | None]]:
    return [(p.path, p.line, p.column) for p in _found(bench, code)]


def test_a_phrase_split_by_a_line_break_is_found_where_it_starts(bench: Bench) -> None:
    w = contribute(bench, "70-words.md", "Many people who are suffering\nfrom distress wait too long.\n")
    assert _places(bench, "language.guide") == [(w.rel, *w.at("suffering"))]
    (problem,) = _found(bench, "language.guide")
    assert problem.message == "'suffering from'"
    assert problem.fix.startswith("the language guide suggests: lives with, has experience of (")
    assert problem.severity == "warning"


def test_the_message_gives_line_and_column(bench: Bench) -> None:
    w = contribute(bench, "70-words.md", "Text first.\n\nWe will, going forward, listen.\n")
    line, col = w.at("going forward")
    result = run(["check", "--draft", str(bench.response)])
    assert f"{w.rel}:{line}:{col}: 'going forward'; the language guide suggests: from now on" in result.output


def test_each_use_is_placed_at_its_own_column(bench: Bench) -> None:
    w = contribute(bench, "70-words.md", "In order to help, and in order to listen.\n")
    assert _places(bench, "language.guide") == [(w.rel, *w.at("In order")), (w.rel, *w.at("in order"))]


def test_each_table_cell_is_placed_in_its_own_row(bench: Bench) -> None:
    body = "| Who | Note |\n|--|--|\n| a | going forward |\n| b | going forward |\n"
    w = contribute(bench, "70-words.md", body)
    assert _places(bench, "language.guide") == [(w.rel, *w.at("going forward")), (w.rel, *w.at("going forward", 1))]


@pytest.mark.parametrize(
    "body",
    [
        "> Someone suffering from pain sat with me.\n> \u2014 @dee\n",  # a person's own words
        "> The report spoke of people suffering from neglect.\n",  # an ordinary quote: not ours to reword
        "We never write `suffering from` now.\n",
        "Before the list.\n\n```\nsuffering from\n```\n",
        "    suffering from\n",
        "See [our page](https://example.org/suffering%20from) for more.\n",
        "<!-- suffering from -->\n\nText.\n",
        "Text <!-- suffering from --> and more.\n",
    ],
    ids=[
        "lived-quote",
        "plain-quote",
        "inline-code",
        "fenced-code",
        "indented-code",
        "link-address",
        "comment",
        "inline-comment",
    ],
)
def test_words_that_are_not_ours_to_change_are_left_alone(bench: Bench, body: str) -> None:
    contribute(bench, "70-words.md", body)
    assert _found(bench, "language.guide") == []


def test_inline_code_hides_only_its_own_words(bench: Bench) -> None:
    w = contribute(bench, "70-words.md", "Not `suffering from` here, but suffering from there.\n")
    assert _places(bench, "language.guide") == [(w.rel, *w.at("suffering from", 1))]


def test_alt_text_is_read(bench: Bench) -> None:
    tiny_png(bench.response / "chart.png")
    w = contribute(bench, "70-words.md", "![People suffering from loneliness](chart.png)\n")
    assert _places(bench, "language.guide") == [(w.rel, *w.at("suffering"))]


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Going forward together"), ("content_note", "people suffering from abuse")],
)
def test_a_printed_front_matter_field_is_read_at_its_line(bench: Bench, field: str, value: str) -> None:
    extra = f"{field}: {value}" if field == "title" else f"title: Our view\n{field}: {value}"
    w = contribute(bench, "70-words.md", "Text.\n", section="our-view", extra=extra)
    found = _places(bench, "language.guide")
    words = "Going forward" if field == "title" else "suffering from"
    assert found == [(w.rel, *w.at(words))]
    assert found[0][1] == w.line_of(f"{field}:")


def test_the_consultations_own_wording_is_not_ours_to_change(bench: Bench) -> None:
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Anything else?", "Anything else, going forward?"), encoding="utf-8")
    assert _found(bench, "language.guide") == []


def test_the_responses_own_title_is_read(bench: Bench) -> None:
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8").replace("crisis-house survey", "crisis-house survey, going forward")
    path.write_text(text, encoding="utf-8")
    w = Written("responses/crisis-house/response.yaml", text)
    assert _places(bench, "language.guide") == [(w.rel, *w.at("going forward"))]


# ------------------------------------------------------------------ plain English


def test_a_long_sentence_in_a_list_item_is_placed_at_the_item(bench: Bench) -> None:
    w = contribute(bench, "70-words.md", f"Before.\n\n- Short first item\n- {LONG}.\n- Short last item\n")
    (problem,) = _found(bench, "plain.long-sentence")
    assert (problem.path, problem.line, problem.column) == (w.rel, *w.at("word"))
    assert problem.message.startswith("a sentence of 40 words ('word word")
    assert problem.severity == "warning"


def test_list_items_are_not_run_together(bench: Bench) -> None:
    half = " ".join(["word"] * 20)  # two items of 20 words, with no full stop: 40 if glued
    contribute(bench, "70-words.md", f"- {half}\n- {half}\n\n1. {half}\n2. {half}\n")
    assert _found(bench, "plain.long-sentence") == []


def test_a_long_sentence_is_placed_where_it_starts(bench: Bench) -> None:
    w = contribute(bench, "70-words.md", f"A short one.\nThen {LONG}.\n")
    assert _places(bench, "plain.long-sentence") == [(w.rel, *w.at("Then"))]


@pytest.mark.parametrize(
    "body",
    [
        f"> {LONG}.\n> \u2014 @dee\n",
        f"> {LONG}.\n",
        f"```\n{LONG}\n```\n",
        f"<!-- {LONG} -->\n\nText.\n",
        f"Text <!-- {LONG} --> ends.\n",
    ],
    ids=["lived-quote", "plain-quote", "code", "comment", "inline-comment"],
)
def test_quotes_code_and_comments_are_not_counted_as_our_sentences(bench: Bench, body: str) -> None:
    contribute(bench, "70-words.md", body)
    assert _found(bench, "plain.long-sentence") == []


def test_prose_is_not_glued_to_a_table_or_a_quote(bench: Bench) -> None:
    half = " ".join(["word"] * 20)
    contribute(bench, "70-words.md", f"{half}\n\n| a | b |\n|--|--|\n| {half} | x |\n\n{half}\n> {half}\n")
    assert _found(bench, "plain.long-sentence") == []


def test_a_guide_phrase_can_be_silenced_on_the_next_line_only(bench: Bench) -> None:
    bench.contribution(
        "70-x.md",
        "---\nanswers: q3\nby: [ada]\n---\n<!-- coproduce-ignore: suffering from -->\n"
        "The report is titled Suffering From Silence.\n\nShe was suffering from neglect.\n",
    )
    out = run(["check", "--draft", str(bench.response)]).output
    assert "70-x.md:6:22: 'Suffering From' is silenced here by coproduce-ignore" in out
    assert "70-x.md:8:9: 'suffering from'" in out and "the language guide suggests" in out


@pytest.mark.parametrize("n, flagged", [(25, False), (26, True)])
def test_a_sentence_over_25_words_is_advised_against(bench: Bench, n: int, flagged: bool) -> None:
    sentence = " ".join(["word"] * (n - 1)) + " end."
    bench.contribution("70-x.md", f"---\nanswers: q3\nby: [ada]\n---\n{sentence.capitalize()}\n")
    out = run(["check", "--draft", str(bench.response)]).output
    assert (f"70-x.md:5:1: a sentence of {n} words" in out) == flagged, out
