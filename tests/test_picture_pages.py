"""No page left half empty by a picture (issue 22), measured in the PDF with PyMuPDF.

A picture too tall for what is left of a page moves on to the next one; were it any height, the page
before it could be left nearly empty. So pictures are at most 9 cm high (templates/style.css; the Word
file's the same, render/docx_style.PICTURE_MAX_HEIGHT), scaled down with their shape kept, and the page
before a picture that moved on is always more than half full. Measured on a short fixture (one picture)
and a long one (pictures after text of every length), with the page counts they come to.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import run
from tests.factory import Bench, signed

pytestmark = pytest.mark.slow

SENTENCE = "Peer workers sat with people through the night, and nobody was sent away without a plan. "
TALL = (600, 1100)  # a portrait photograph: at the text's full width it would be 30 cm high
MARGIN = 2.2 / 2.54 * 72  # the page margin of templates/style.css, in points


def picture(bench: Bench, name: str, size: tuple[int, int] = TALL) -> None:
    Image.new("RGB", size, (90, 140, 90)).save(bench.response / name)


def contribution(bench: Bench, name: str, answers: str, body: str) -> None:
    bench.contribution(name, signed(f"---\nanswers: {answers}\nby: [hal]\nstatus: approved\n---\n{body}\n"))


def text(lines: int) -> str:
    """About `lines` lines of text, as paragraphs of four sentences."""
    sentences = [SENTENCE] * max(1, round(lines * 0.9))
    return "\n\n".join("".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4))


def pages_and_pictures(pdf_path: Path) -> tuple[int, list[tuple[int, float, float]], list[float]]:
    """(pages, each picture's (page, top, height) in points, each page's fill: how far down its text and
    pictures reach, as a share of the page's text area)."""
    import pymupdf

    pictures: list[tuple[int, float, float]] = []
    fills: list[float] = []
    with pymupdf.open(pdf_path) as pdf:
        for k, page in enumerate(pdf):
            top, bottom = MARGIN, page.rect.height - MARGIN  # the footer lies below the text area
            reach = top
            for block in page.get_text("dict")["blocks"]:
                y0, y1 = block["bbox"][1], block["bbox"][3]
                if y0 < bottom - 1:
                    reach = max(reach, y1)
            for info in page.get_image_info():
                x0, y0, x1, y1 = info["bbox"]
                pictures.append((k, y0, y1 - y0))
                reach = max(reach, y1)
            fills.append((reach - top) / (bottom - top))
    return len(fills), pictures, fills


def build(bench: Bench) -> Path:
    result = run(["build", str(bench.response), "--format", "pdf,docx"])
    assert result.exit_code == 0, result.output
    return bench.out / "crisis-house.pdf"


def assert_no_half_empty_page(pictures: list[tuple[int, float, float]], fills: list[float]) -> None:
    for page, top, _ in pictures:
        if top <= MARGIN + 60 and page > 0:  # it starts a page (a heading at most above it): it moved on
            assert fills[page - 1] > 0.5, f"page {page} is {fills[page - 1]:.0%} full before a picture"
    for _, _, height in pictures:
        assert height <= 9 / 2.54 * 72 + 1, "a picture is more than 9 cm high"


def pages_without_pictures(bench: Bench) -> int:
    """The page count of the same response with its pictures taken out."""
    for path in bench.response.glob("3*-q3-*.md"):
        kept = [line for line in path.read_text(encoding="utf-8").split("\n") if not line.startswith("![")]
        contribution(bench, path.name, "q3", "\n".join(kept).split("---\n", 2)[2])
    pages, pictures, _ = pages_and_pictures(build(bench))
    assert not pictures
    return pages


def assert_in_proportion(bench: Bench, pages: int, pictures: list[tuple[int, float, float]]) -> None:
    """The pictures add no more pages than their own height fills (each page's text area is 25.3 cm)."""
    text_area = 29.7 / 2.54 * 72 - 2 * MARGIN
    extra = -(-sum(height for _, _, height in pictures) // text_area)
    assert pages <= pages_without_pictures(bench) + extra


def test_a_short_response_with_one_tall_picture(bench: Bench) -> None:
    picture(bench, "tall.png")
    contribution(bench, "35-q3-picture.md", "q3", f"{text(34)}\n\n![A photograph of the garden](tall.png)\n\nThe end.")
    pages, pictures, fills = pages_and_pictures(build(bench))
    assert len(pictures) == 1
    assert_no_half_empty_page(pictures, fills)
    assert_in_proportion(bench, pages, pictures)


def test_a_long_response_with_pictures_after_text_of_every_length(bench: Bench) -> None:
    for n, lines in enumerate((8, 20, 31, 38, 44, 52)):
        picture(bench, f"p{n}.png", TALL if n % 2 else (800, 900))
        body = f"{text(lines)}\n\n![Picture {n + 1}, a photograph of the garden](p{n}.png)\n\n{text(6)}"
        contribution(bench, f"3{n}-q3-part-{n}.md", "q3", body)
    pages, pictures, fills = pages_and_pictures(build(bench))
    assert len(pictures) == 6
    assert_no_half_empty_page(pictures, fills)
    assert_in_proportion(bench, pages, pictures)


def test_the_word_files_pictures_have_the_same_limit(bench: Bench) -> None:
    """Read with python-docx: each picture's extent at most 9 cm high, its shape kept."""
    import docx
    from docx.shared import Cm

    picture(bench, "tall.png")
    picture(bench, "wide.png", (1600, 300))
    contribution(
        bench, "35-q3-pictures.md", "q3", "A tall one.\n\n![Tall](tall.png)\n\nA wide one.\n\n![Wide](wide.png)"
    )
    build(bench)
    shapes = docx.Document(str(bench.out / "crisis-house.docx")).inline_shapes
    sizes = {round(s.width / s.height, 2): (s.width, s.height) for s in shapes}
    assert set(sizes) == {round(600 / 1100, 2), round(1600 / 300, 2)}
    for width, height in sizes.values():
        assert height <= Cm(9) and width <= Cm(16)
