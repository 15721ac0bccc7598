"""Text size (issue 12): body at least 12pt, footnotes and footers at least 10pt.

Read back with tools that are not the renderer: PyMuPDF for the PDF's own font
sizes, python-docx and the raw `w:sz` values for the DOCX.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.load.brand import load_brand
from pipeline.render import docx as render_docx
from pipeline.render import pdf
from pipeline.render.context import RenderContext
from tests.conftest import run
from tests.factory import Bench
from tests.sample_doc import sample_document
from tests.test_render_html import TEMPLATES

pymupdf = pytest.importorskip("pymupdf", reason="PyMuPDF reads the PDF's font sizes (pip install -e '.[test]')")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _half_points(el: object) -> int | None:
    sz = el.find(f"{W}rPr/{W}sz") if el is not None else None  # type: ignore[attr-defined]
    return int(sz.get(f"{W}val")) if sz is not None else None


@pytest.fixture(scope="module")
def docx_data(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("docx-size")
    doc = sample_document(folder)
    return render_docx.render(doc, RenderContext(templates=folder, response_dir=folder))


@pytest.mark.slow
def test_pdf_body_is_12pt_and_nothing_is_under_10pt(tmp_path: Path) -> None:
    doc = dataclasses.replace(sample_document(tmp_path), brand=load_brand(TEMPLATES))
    data = pdf.render(doc, RenderContext(templates=TEMPLATES, response_dir=tmp_path))
    chars: Counter[float] = Counter()
    footer_sizes: list[float] = []
    with pymupdf.open(stream=data, filetype="pdf") as pages:
        for page in pages:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        text = span["text"].strip()
                        if not text:
                            continue
                        size = round(span["size"], 1)
                        chars[size] += len(text)
                        assert size >= 10, f"{text!r} is {size}pt"
                        if text.startswith("Page "):
                            footer_sizes.append(size)
    body_size = chars.most_common(1)[0][0]
    assert body_size >= 12
    assert footer_sizes and min(footer_sizes) >= 10


def test_docx_defaults_and_normal_are_12pt(docx_data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_data)) as z:
        styles = z.read("word/styles.xml")
    from lxml import etree

    root = etree.fromstring(styles)
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault")
    assert _half_points(defaults) == 24  # w:sz counts half-points
    by_name = {s.find(f"{W}name").get(f"{W}val"): s for s in root.iter(f"{W}style")}
    assert _half_points(by_name["Normal"]) == 24
    assert _half_points(by_name["footnote text"]) == 20
    assert _half_points(by_name["footer"]) == 20
    # No paragraph style the document can use sets text under 10pt (Caption and the like are unused).
    for name in ["Title", "Subtitle", "Quote", "Intense Quote"] + [f"heading {n}" for n in range(1, 10)]:
        size = _half_points(by_name[name])
        assert size is None or size >= 24, name


def test_docx_body_paragraphs_read_as_12pt_through_python_docx(docx_data: bytes) -> None:
    word = docx.Document(io.BytesIO(docx_data))
    normal = word.styles["Normal"]
    assert normal.font.size is not None and normal.font.size.pt == 12
    body = [p for p in word.paragraphs if p.style is not None and p.style.name == "Normal" and p.text.strip()]
    assert body
    for p in body:
        for r in p.runs:
            assert r.font.size is None or r.font.size.pt >= 12, p.text
    footer = word.sections[0].footer.paragraphs[0]
    assert footer.style is not None and footer.style.font.size is not None and footer.style.font.size.pt == 10
    assert qn("w:fldSimple") in {el.tag for el in footer._p}


# ------------------------------------------------------------ large print


def _pdf_body_size(data: bytes) -> tuple[float, float]:
    """The size most characters are set in, and the smallest size of any text."""
    chars: Counter[float] = Counter()
    with pymupdf.open(stream=data, filetype="pdf") as pages:
        for page in pages:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        if span["text"].strip():
                            chars[round(span["size"], 1)] += len(span["text"].strip())
    return chars.most_common(1)[0][0], min(chars)


@pytest.mark.slow
def test_build_large_print_makes_18pt_pdf_and_docx_beside_the_ordinary_ones(bench: Bench) -> None:
    result = run(["build", str(bench.response), "--draft", "--format", "pdf,docx", "--large-print"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in bench.draft_out.iterdir())
    assert names == [
        "crisis-house-large-print.docx",
        "crisis-house-large-print.pdf",
        "crisis-house.docx",
        "crisis-house.pdf",
    ]

    body, smallest = _pdf_body_size((bench.draft_out / "crisis-house-large-print.pdf").read_bytes())
    assert body == 18 and smallest >= 16  # footers, the draft mark and note marks too
    assert _pdf_body_size((bench.draft_out / "crisis-house.pdf").read_bytes())[0] == 12

    word = docx.Document(str(bench.draft_out / "crisis-house-large-print.docx"))
    normal = word.styles["Normal"]
    assert normal.font.size is not None and normal.font.size.pt == 18
    assert normal.paragraph_format.line_spacing == 1.5
    for style in word.styles:
        size = getattr(style, "font", None) and style.font.size
        if size and style.type == 1 and style.name not in ("footer", "Footer"):  # paragraph styles
            assert size.pt >= 18 or style.name in ("Caption", "Body Text 3", "macro"), style.name  # unused
    with zipfile.ZipFile(bench.draft_out / "crisis-house-large-print.docx") as z:
        assert b'<w:sz w:val="36"/>' in z.read("word/styles.xml")  # 18pt in half-points, as Word reads it
    ordinary = docx.Document(str(bench.draft_out / "crisis-house.docx")).styles["Normal"].font.size
    assert ordinary is not None and ordinary.pt == 12


def test_large_print_is_only_made_when_asked(bench: Bench) -> None:
    result = run(["build", str(bench.response), "--draft", "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in bench.draft_out.iterdir()] == ["crisis-house.docx"]
