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


# ------------------------------------------------------------------ the title page says each thing once


def test_the_title_page_says_response_to_once(short: Path) -> None:
    import docx

    first = page_texts(short)[0]
    assert first.count("Response to") == 1  # the title says it; the consultation's line is "Consultation:"
    assert "Consultation: Crisis houses in Eastmoor" in first
    word = docx.Document(str(short / "crisis-house.docx"))
    cover = " ".join(
        p.text for p in word.paragraphs[: [p.text for p in word.paragraphs].index("Summary of key recommendations")]
    )
    assert cover.count("Response to") == 1 and "Consultation: Crisis houses in Eastmoor" in cover
    page = (short / "crisis-house.html").read_text(encoding="utf-8")
    header = page.split('<header class="title-page">')[1].split("</header>")[0]
    assert header.count("Response to") == 1


def test_a_title_that_does_not_say_it_keeps_response_to(tmp_path: Path) -> None:
    from tests.factory import RESPONSE

    bench = make_bench(tmp_path / "wb")
    bench.write(
        "responses/crisis-house/response.yaml",
        RESPONSE.replace("title: Response to the Eastmoor crisis-house survey", "title: Calm rooms for Eastmoor"),
    )
    result = run(["build", str(bench.response), "--out", str(tmp_path / "out"), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    first = page_texts(tmp_path / "out")[0]
    assert "Response to Crisis houses in Eastmoor" in first and "Consultation:" not in first
