"""In proportion (issue 22): a short response has no contents page; a long one has its contents in every format.

The contents list earns its page only from the length the profile sets (profiles/shape.CONTENTS_FROM:
three pages, estimated). Read back with pypdf (the PDF's pages and their text), Python's own HTML parser
(the page's landmarks) and the Word file's XML (test_docx_accessibility's reader).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import run
from tests.factory import Bench, make_bench, signed
from tests.test_docx_accessibility import ENGLISH_LABELS, assert_accessible

LONG = "\n\n".join(["Each night the house took in people the wards had no room for, and kept them safe."] * 90)


class Navs(HTMLParser):
    """The class of every <nav> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self.found.append(dict(attrs).get("class") or "")


def navs(page: Path) -> list[str]:
    parser = Navs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def build(bench: Bench, out: Path) -> Path:
    result = run(["build", str(bench.response), "--out", str(out), "--format", "pdf,docx,html"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def short(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(make_bench(tmp_path_factory.mktemp("short") / "wb"), tmp_path_factory.mktemp("short-out"))


@pytest.fixture(scope="module")
def long(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bench = make_bench(tmp_path_factory.mktemp("long") / "wb")
    bench.contribution("50-q3-long.md", signed(f"---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n{LONG}\n"))
    return build(bench, tmp_path_factory.mktemp("long-out"))


def page_texts(out: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(out / "crisis-house.pdf").pages]


def test_a_short_response_has_no_contents_page(short: Path) -> None:
    pages = page_texts(short)
    assert not any(p.startswith("Contents") for p in pages)
    assert pages[1].startswith("Summary of key recommendations")  # the body straight after the title page
    assert len(pages) <= 5, len(pages)  # 265 words: measured 5 (was 6 with its contents page)
    assert "contents" not in navs(short / "crisis-house.html")
    assert_accessible(short / "crisis-house.docx", "https://example.org/crisis-houses", "en-GB", ENGLISH_LABELS, False)


def test_a_long_response_keeps_its_contents_in_every_format(short: Path, long: Path) -> None:
    pages = page_texts(long)
    assert pages[1].startswith("Contents")
    assert "Answers to the consultation questions" in pages[1]
    assert len(pages) >= len(page_texts(short)) + 2
    assert "contents" in navs(long / "crisis-house.html")
    assert_accessible(long / "crisis-house.docx", "https://example.org/crisis-houses", "en-GB", ENGLISH_LABELS)
