"""Parsing contributions: fixture cases (input -> plain text), then the rules that can refuse."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from pipeline.assemble.people import decide_all
from pipeline.assemble.plaintext import PlainText, count_words
from pipeline.load.schema import Contributor
from pipeline.load.yamlsource import load_yaml
from pipeline.parse.blocks import parse_contribution
from tests.factory import CONTRIBUTORS

FIXTURES = Path(__file__).parent / "fixtures" / "markdown" / "blocks.txt"


def people():
    data = {}
    for pid, text in CONTRIBUTORS.items():
        located, _ = load_yaml(textwrap.dedent(text), pid)
        data[pid] = Contributor.model_validate(located.data)
    return decide_all(data, dt.date(2026, 1, 1))


def cases() -> list[tuple[str, str]]:
    text = "\n".join(line for line in FIXTURES.read_text().split("\n") if not line.startswith("# "))
    out = []
    for case in text.split("\n===\n"):
        source, _, expected = case.partition("\n->\n")
        out.append((source.strip("\n") + "\n", expected.strip("\n")))
    return out


def convert(source: str, tmp_path: Path):
    numbers: dict[str, int] = {}
    return parse_contribution(
        source, "x.md", 5, tmp_path, people(), lambda label: numbers.setdefault(label, len(numbers) + 1)
    )


@pytest.mark.parametrize("source, expected", cases(), ids=lambda s: s.split("\n")[0][:30])
def test_fixture(source: str, expected: str, tmp_path: Path) -> None:
    parsed = convert(source, tmp_path)
    # raw HTML is printed as text with a warning; nothing else in the fixtures is a problem
    assert [p.code for p in parsed.problems] == (["markdown.raw-html"] if "<b>" in source else []), parsed.problems
    assert PlainText().blocks(parsed.blocks) == expected


def test_footnotes_are_numbered_and_kept(tmp_path: Path) -> None:
    parsed = convert("One.[^a] Two.[^b]\n\n[^a]: First.\n[^b]: Second.\n", tmp_path)
    assert {n: PlainText().blocks(b) for n, b in parsed.footnotes.items()} == {1: "First.", 2: "Second."}


def test_lines_point_into_the_file(tmp_path: Path) -> None:
    # body starts on file line 5: the quote's attribution is on body line 4 -> file line 8
    parsed = convert("Intro.\n\n> Words.\n> — @ivy\n", tmp_path)
    assert [(p.line, p.message[:26]) for p in parsed.problems] == [(8, "this quote is by 'ivy', wh")]
    assert parsed.blocks[0].source.line == 5


def test_withdrawn_quote_is_left_out_and_reported(tmp_path: Path) -> None:
    parsed = convert("> Mine.\n> — @gus\n", tmp_path)
    assert parsed.blocks == ()
    assert parsed.left_out == ["x.md:6: a quote by gus, who withdrew on 2025-06-01"]


def test_unknown_quoted_person(tmp_path: Path) -> None:
    parsed = convert("> Mine.\n> — @zed\n", tmp_path)
    assert "'@zed', who is not a contributor" in parsed.problems[0].message


@pytest.mark.parametrize(
    "text, words",
    [("", 0), ("One two three.", 3), ("It's a well-known fact.", 4), ("Costs £3.50 each, 2021–22.", 4), ("— dash", 2)],
)
def test_word_count(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(
    "note",
    ["- one\n    - two", "> quoted", "    code here", "| a | b |\n    |---|---|\n    | 1 | 2 |"],
    ids=["list", "quote", "code", "table"],
)
def test_a_footnote_may_end_in_any_block(note: str, tmp_path: Path) -> None:
    parsed = convert(f"Text.[^a]\n\n[^a]: Note:\n\n    {note}\n", tmp_path)
    assert not parsed.problems
    assert 1 in parsed.footnotes and len(parsed.footnotes[1]) == 2


def test_a_withdrawn_quote_takes_its_footnote_with_it(tmp_path: Path) -> None:
    parsed = convert("Kept.[^k]\n\n> Mine.[^g]\n> — @gus\n\n[^k]: Kept note.\n[^g]: Gus's note.\n", tmp_path)
    assert [PlainText().blocks(b) for b in parsed.footnotes.values()] == ["Kept note."]
    assert "Gus's note" not in str(parsed.blocks)


@pytest.mark.parametrize(
    "source",
    [
        "> Nobody listened.\n> — @ivy",
        "> Nobody listened.\n> – @ivy",
        "> Nobody listened.\n> ― @ivy",
        "> Nobody listened.\n> - @ivy",
        "> Nobody listened.\n> -- @ivy",
        "> Nobody listened.\n> — @ivy.",
        "> Nobody listened. — @ivy",
        "> Nobody listened.\n>\n> — @IVY",
        "> Nobody listened.\n> * @ivy",
    ],
)
def test_every_form_of_attribution_goes_through_consent(source: str, tmp_path: Path) -> None:
    parsed = convert(source + "\n", tmp_path)
    assert [p.code for p in parsed.problems] == ["quote.no-consent"]
    assert parsed.blocks == ()


def test_text_after_an_attribution_is_an_error(tmp_path: Path) -> None:
    parsed = convert("> Nobody listened.\n> — @ada\nAnd then more.\n", tmp_path)
    [problem] = parsed.problems
    assert (problem.code, problem.line) == ("quote.text-after-attribution", 7)


def test_comments_are_never_printed_and_carry_directives(tmp_path: Path) -> None:
    parsed = convert("<!-- notes to self: ask Gus -->\n<!-- coproduce-ignore: Hope -->\nWe hope.\n", tmp_path)
    assert PlainText().blocks(parsed.blocks) == "We hope."
    assert parsed.ignores == [(7, "Hope")]
