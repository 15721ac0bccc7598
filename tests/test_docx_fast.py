"""The DOCX fast paths (render/docx_fast.py) write exactly what python-docx's own calls write (issue 13)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Emu
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from pipeline import model as m
from pipeline.build import check
from pipeline.render import docx as render_docx
from pipeline.render import docx_fast as fast
from pipeline.render import docx_marks as marks
from pipeline.render import docx_xml
from pipeline.render.context import RenderContext
from pipeline.settings import make_settings
from tests.bench.generate import make_response
from tests.sample_doc import sample_document


class _PlainFootnote:
    """The footnote container as it was before the fast paths, with python-docx's own setters."""

    def __init__(self, element: Any, part: Any, ids: Any, width: Any) -> None:
        self._element, self.part, self._width = element, part, width

    def add_paragraph(self, text: str = "", style: Any = None) -> Paragraph:
        p = OxmlElement("w:p")
        self._element.append(p)
        paragraph = Paragraph(p, self)  # type: ignore[arg-type]
        if text:
            paragraph.add_run(text)
        paragraph.style = style
        return paragraph

    def add_table(self, rows: int, cols: int, style: Any = None) -> Table:
        tbl = CT_Tbl.new_tbl(rows, cols, self._width)
        self._element.append(tbl)
        table = Table(tbl, self)  # type: ignore[arg-type]
        table.style = style
        return table


def _cells(table: Table) -> Iterator[list[Paragraph]]:
    for r in range(len(table.rows)):
        yield [table.cell(r, c).paragraphs[0] for c in range(len(table.columns))]


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Route every fast path back to the python-docx call it replaces."""
    monkeypatch.setattr(fast, "BodyStory", lambda word, ids: word)
    monkeypatch.setattr(fast, "FootnoteStory", _PlainFootnote)
    monkeypatch.setattr(fast, "first_paragraphs", _cells)
    monkeypatch.setattr(fast, "add_run", lambda paragraph, text="": paragraph.add_run(text))
    monkeypatch.setattr(fast.StyleIds, "set_run", lambda self, run, style: setattr(run, "style", style))
    monkeypatch.setattr(fast.StyleIds, "set_paragraph", lambda self, p, style: setattr(p, "style", style))
    monkeypatch.setattr(fast, "set_alignment", lambda p, value: setattr(p, "alignment", value))
    monkeypatch.setattr(fast, "set_on", lambda run, tag: setattr(run, {"w:b": "bold", "w:i": "italic"}[tag], True))
    monkeypatch.setattr(docx_xml, "set_style", _plain_style)
    monkeypatch.setattr(docx_xml, "set_column_widths", _plain_widths)
    monkeypatch.setattr(fast, "set_spacing", _plain_spacing)


def _plain_spacing(paragraph: Paragraph, after: Any, line: Any) -> None:
    paragraph.paragraph_format.space_after, paragraph.paragraph_format.line_spacing = after, line


def _plain_widths(tbl: Any, widths: list[int]) -> None:
    """docx_xml.set_column_widths as it was, through python-docx's setters."""
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=False):
        col.w = Emu(width)
    for tr in tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=False):
            tc.width = Emu(width)
    tbl.tblPr.autofit = False


def _plain_style(owner: Any, props_tag: str, style_tag: str, style_id: str | None) -> None:
    """python-docx's own: `w:p`'s and `w:r`'s properties, then their style."""
    props = owner.get_or_add_pPr() if props_tag == "w:pPr" else owner.get_or_add_rPr()
    props.style = style_id


def _both(doc: m.Document, ctx: RenderContext, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    quick = render_docx.render(doc, ctx)
    with monkeypatch.context() as patch:
        _plain(patch)
        plain = render_docx.render(doc, ctx)
    return quick, plain


def test_every_node_type_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = sample_document(tmp_path)
    ragged = m.Table(
        header=(m.TableCell((m.Text("a"),)), m.TableCell((m.Text("b\tc"),), align="right")),
        rows=((m.TableCell((m.Text(" spaced "),)),), (m.TableCell(()), m.TableCell((m.Text("x"),), align="center"))),
    )
    code = m.CodeBlock("one\ttab\nline two\r\n  indented\n")
    extra = m.Section("other", "s2", "More", blocks=(ragged, code))
    doc = dataclasses.replace(doc, sections=(*doc.sections, extra))
    quick, plain = _both(doc, RenderContext(templates=tmp_path, response_dir=tmp_path), monkeypatch)
    assert quick == plain


@pytest.mark.parametrize("large_print", [False, True])
def test_a_generated_response_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large_print: bool
) -> None:
    checked = check(make_response(tmp_path, 40), make_settings(draft=True))
    look = checked.workbench.template_dirs
    ctx = RenderContext(
        templates=look[0], response_dir=checked.response.dir, fallback=look[1:], large_print=large_print
    )
    quick, plain = _both(checked.assembly.document, ctx, monkeypatch)
    assert quick == plain


def _canonical_as_it_was(value: object) -> object:
    """docx_marks._canonical before each class's fields were looked up once: the marks must not change."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__name__,
            *(_canonical_as_it_was(getattr(value, f.name)) for f in dataclasses.fields(value)),
        ]
    if isinstance(value, PurePath):
        return value.name
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, list | tuple):
        return [_canonical_as_it_was(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)


def test_provenance_marks_read_the_model_as_before(tmp_path: Path) -> None:
    """The hash in each Word bookmark (`coproduce review` recomputes it) comes from the same plain data."""
    doc = sample_document(tmp_path)
    checked = check(make_response(tmp_path / "w", 40), make_settings(draft=True))
    odd = (m.Text("x"), PurePath("/somewhere/picture.png"), b"\x89PNG", 1.5, True, None, 7, (m.Text("y"),), [], m)
    for value in (doc, checked.assembly.document, odd, m.Text, type):
        assert marks._canonical(value) == _canonical_as_it_was(value)


def test_an_element_is_the_one_python_docx_makes() -> None:
    for tag, attrs in (("w:p", None), ("w:r", None), ("w:t", None), ("w:pStyle", {qn("w:val"): "Quote"})):
        ours, theirs = fast.element(tag, attrs), OxmlElement(tag, attrs)
        assert type(ours) is type(theirs)
        assert etree.tostring(ours) == etree.tostring(theirs)
