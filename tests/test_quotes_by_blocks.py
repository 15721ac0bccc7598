"""Whose quotes a contribution prints, read from its blocks alone, is what the whole parse reads (issue 23).

`assemble/confirmation.quotes_by` decides whose words must confirm an edit and what an approval covers; the
check asks it of every contribution. It used to parse each one whole a second time; it now reads the block
tokens (where each quote's attribution is found) and goes to the whole parse only for a quote inside a
footnote's text, and not at all without an `@`. The oracle is the rule read from the whole parse, as it was,
over every Markdown file in the repository, a generated response, and texts written to catch the difference:
footnotes referred to or not, lists, nesting, lazy lines, HTML, code, Word's dashes and spaces, CRLF.

A whole parse (the assembly's) now also notes each text's quotes, and `quotes_by` reads that note first: the
comparisons below clear it before each reading, so they compare the blocks' reading, and the last tests show
the note is the whole parse's reading, used without a second parse, never shared, and bounded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.assemble import confirmation
from pipeline.parse import markdown
from pipeline.parse.markdown import parse
from tests.bench.generate import make_response

ROOT = Path(__file__).resolve().parents[1]


def _whole(body: str) -> dict[str, list[str]]:
    """The rule as it was: every token of the whole parse."""
    tokens = parse(body)
    found: dict[str, list[str]] = {}
    open_at: list[int] = []
    for k, token in enumerate(tokens):
        if token.type == "blockquote_open":
            open_at.append(k)
        elif token.type == "blockquote_close" and open_at:
            start = open_at.pop()
            who = tokens[start].meta.get("lived_by") if tokens[start].meta else None
            if who:
                text = "\n".join(t.content for t in tokens[start:k] if t.type == "inline").strip()
                found.setdefault(str(who), []).append(text)
    return found


WRITTEN = [
    "> Nobody listened. — @dean\n",
    "> Nobody listened.\n> — @dean\n\n> They did in the end.\n> – @ola\n",
    "> First.\n> — @dean\n> Second, same quote? — @ola\n",
    "Text[^1].\n\n[^1]: A note.\n\n    > Inside a note. — @dean\n",  # referred to
    "Text.\n\n[^1]: A note nobody refers to.\n\n    > Inside a note. — @dean\n",  # not referred to
    "Before[^a] and after[^b].\n\n[^b]: > Second note quote — @ola\n[^a]: > First note quote — @dean\n\n> Body. — @kit\n",
    "- item\n\n  > In a list item. — @dean\n- @ola\n",
    "> Outer\n>\n> > Inner. — @dean\n>\n> — @ola\n",
    "> A lazy line\ncontinues here — @dean\n",
    "<div>\n\n> In HTML. — @dean\n\n</div>\n\n<blockquote>Raw — @ola</blockquote>\n",
    "> ```\n> — @dean\n> ```\n> — @ola\n",
    "> Word\u2019s quotes \u201cand\u201d dashes\u00a0\u2014\u00a0@dean\n",
    "> Crlf line\r\n> \u2014 @dean\r\n\r\nNext para\r\n",
    "> e-mail ola@example.org is not an attribution\n",
    "No quotes at all, no at sign.\n",
    "> Quote with a footnote ref[^1] — @dean\n\n[^1]: Plain note.\n",
    "| a | b |\n|---|---|\n| > not | — @dean |\n\n> After a table. — @ola\n",
    "[^n]: - a list in a note\n\n      > deep — @dean\n\nSee[^n].\n",
    "> — @dean\n",
    "> \n> — @dean\n",
]


@pytest.mark.parametrize("body", WRITTEN, ids=range(len(WRITTEN)))
def test_written_cases(body: str) -> None:
    assert quotes_by(body) == _whole(body)


def quotes_by(body: str) -> dict[str, list[str]]:
    """The blocks' reading: what `quotes_by` reads when no whole parse of `body` has been made in this run."""
    markdown._noted.clear()
    return confirmation.quotes_by(body)


def test_the_written_cases_find_quotes() -> None:
    """The cases above are not all empty: the comparison compares something."""
    found = [quotes_by(body) for body in WRITTEN]
    assert sum(1 for f in found if f) >= 12
    assert any("dean" in f for f in found[3:4])  # a quote in a note referred to counts
    assert not any("dean" in f for f in found[4:5])  # in one nobody refers to, it does not


def test_every_markdown_file_in_the_repository() -> None:
    files = [
        p
        for p in ROOT.rglob("*.md")
        if not ({"node_modules", ".venv", "build", ".git"} & set(p.relative_to(ROOT).parts))
    ]
    assert len(files) > 20
    with_quotes = 0
    for path in files:
        body = path.read_text(encoding="utf-8", errors="replace")
        assert quotes_by(body) == _whole(body), path
        with_quotes += bool(_whole(body))
    assert with_quotes >= 5


def test_a_generated_response(tmp_path: Path) -> None:
    folder = make_response(tmp_path / "wb", 40)
    bodies = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))]
    assert sum(bool(_whole(b)) for b in bodies) >= 10
    for body in bodies:
        assert quotes_by(body) == _whole(body)


def test_after_a_whole_parse_its_reading_is_used_without_parsing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_second_parse(text: str) -> list[object]:
        raise AssertionError("parsed again")

    for body in WRITTEN:
        parse(body)
        monkeypatch.setattr(confirmation, "block_tokens", no_second_parse)
        assert confirmation.quotes_by(body) == _whole(body)
        monkeypatch.undo()


def test_a_text_not_parsed_whole_is_read_from_its_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "> Nobody listened.\n> — @dean\n"
    markdown._noted.clear()
    calls: list[str] = []
    monkeypatch.setattr(confirmation, "block_tokens", lambda text: calls.append(text) or markdown.block_tokens(text))
    assert confirmation.quotes_by(body) == {"dean": ["Nobody listened."]}
    assert calls == [body]


def test_the_note_is_a_copy_for_each_caller() -> None:
    body = "> Nobody listened.\n> — @dean\n"
    parse(body)
    first = confirmation.quotes_by(body)
    first["dean"].append("words nobody wrote")
    first["kerry"] = ["more"]
    assert confirmation.quotes_by(body) == {"dean": ["Nobody listened."]}


def test_the_note_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown, "_KEPT", 3)
    markdown._noted.clear()
    bodies = [f"> Words number {n}.\n> — @dean\n" for n in range(5)]
    for body in bodies:
        parse(body)
    assert list(markdown._noted) == bodies[2:]
    assert markdown.quotes_read(bodies[0]) is None
    assert markdown.quotes_read(bodies[4]) == {"dean": ["Words number 4."]}


def test_a_text_without_an_at_is_not_noted() -> None:
    markdown._noted.clear()
    parse("> Nobody listened.\n> — Dean\n")
    assert not markdown._noted
