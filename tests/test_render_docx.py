"""The DOCX renderer, read back through python-docx and zipfile."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu, Length, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from pipeline import model as m
from pipeline.model import UnknownNode
from pipeline.render import docx as render_docx
from pipeline.render.context import RenderContext
from tests.sample_doc import WITHHELD, sample_document, tiny_image

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(doc: m.Document, tmp_path: Path) -> bytes:
    return render_docx.render(doc, RenderContext(templates=tmp_path, response_dir=tmp_path))


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def read(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def style_of(p: DocxParagraph) -> str:
    return p.style.name if p.style is not None else ""


def texts(word: DocxDocument) -> list[tuple[str, str]]:
    return [(style_of(p), p.text) for p in word.paragraphs]


def with_blocks(tmp_path: Path, *blocks: m.Block) -> m.Document:
    """The sample's metadata around one plain section holding `blocks`."""
    base = sample_document(tmp_path)
    return dataclasses.replace(base, sections=(m.Section("other", "s", "Section", blocks=blocks),), footnotes=())


def item(*texts_: str) -> m.ListItem:
    return m.ListItem(tuple(m.Paragraph((m.Text(t),)) for t in texts_))


@pytest.fixture
def sample(tmp_path: Path) -> bytes:
    return render(sample_document(tmp_path), tmp_path)


# ------------------------------------------------------------------ title page


def test_title_is_first_paragraph_in_title_style(sample: bytes) -> None:
    first = read(sample).paragraphs[0]
    assert (style_of(first), first.text) == ("Title", "Response to the crisis-house survey")


def test_title_page_lists_the_consultation_then_breaks_the_page(sample: bytes) -> None:
    word = read(sample)
    body = [t for _, t in texts(word)]
    cover = body[: body.index("Summary of key recommendations")]
    assert cover[1:8] == [  # every detail under its label (issue 12), as on the HTML title page
        "Riverside Peer Network",
        "Consultation: Crisis houses in Eastmoor",  # the title says "Response to" (issue 22)
        "Consultation by: Eastmoor Integrated Care Board",
        "Consultation page: https://example.org/consultation",
        "Closing date: 1 March 2026",
        "Date of response: 20 February 2026",
        "Responding as: An organisation",
    ]
    assert not any("Confidential" in t for t in cover)
    breaks = [p for p in word.paragraphs if p._p.xpath(".//w:br[@w:type='page']")]
    assert len(breaks) == 2 and {b.text for b in breaks} == {""}  # after the title page, after the contents


def test_confidentiality_notice_when_set(tmp_path: Path) -> None:
    doc = sample_document(tmp_path)
    doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, confidentiality="Do not publish our name."))
    assert any(t == "Confidentiality: Do not publish our name." for _, t in texts(read(render(doc, tmp_path))))


def test_logo_at_top_with_alt_text(tmp_path: Path) -> None:
    logo = tiny_image(tmp_path / "logo.png", "")
    doc = sample_document(tmp_path)
    doc = dataclasses.replace(doc, brand=m.Brand(logo=logo, logo_alt="Riverside Peer Network logo"))
    first = read(render(doc, tmp_path)).paragraphs[0]
    assert first._p.xpath(".//wp:docPr/@descr") == ["Riverside Peer Network logo"]


# ------------------------------------------------------------------ structure


def test_headings_use_builtin_styles_in_order(sample: bytes) -> None:
    headings = [(s, t) for s, t in texts(read(sample)) if s.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Summary of key recommendations"),
        ("Heading 1", "Answers to the consultation questions"),
        ("Heading 2", "Question 1: What should a crisis house offer?"),
        ("Heading 3", "What works"),  # contributed level 1 inside an answer
        ("Heading 1", "Local context"),
        ("Heading 1", "Credits"),
    ]


def test_contributed_heading_levels_shift_and_cap(tmp_path: Path) -> None:
    # a deeper heading goes one level down, never skipping (issue 22); Word stops at Heading 9
    deep = [m.Heading(n, (m.Text(f"Level {n}"),)) for n in (1, 12, 13, 14, 15, 16, 17, 18, 19, 20)]
    doc = with_blocks(tmp_path, *deep)
    headings = [(s, t) for s, t in texts(read(render(doc, tmp_path))) if s.startswith("Heading")]
    assert headings[:4] == [("Heading 1", "Section"), ("Heading 2", "Level 1"), ("Heading 3", "Level 12")] + [
        ("Heading 4", "Level 13")
    ]
    assert headings[9:11] == [("Heading 9", "Level 19"), ("Heading 9", "Level 20")]


def test_word_limit_is_left_out(sample: bytes) -> None:
    body = " ".join(t for _, t in texts(read(sample)))
    assert "Word limit" not in body and "250" not in body


# -------------------------------------------------------------------- inline


def test_bold_italic_and_code_runs(sample: bytes) -> None:
    runs = {r.text: r for p in read(sample).paragraphs for r in p.runs}
    assert runs["more crisis beds"].bold is True
    assert runs["peer support"].italic is True
    assert runs["We ask for "].bold is None and runs["We ask for "].italic is None
    assert runs["code"].font.name == render_docx.MONO_FONT


def test_hyperlink_is_external_relationship(sample: bytes) -> None:
    word = read(sample)
    links = [h for p in word.paragraphs for h in p.hyperlinks if h.address]  # not the contents' own
    assert [(h.text, h.address) for h in links] == [
        ("https://example.org/consultation", "https://example.org/consultation"),  # on the title page
        ("evidence report", "https://example.org/report"),
    ]
    for link in links:
        rel = word.part.rels[link._hyperlink.rId]
        assert rel.is_external and rel.reltype == RT.HYPERLINK
        assert link.runs[0].style.name == "Hyperlink"


def test_line_break_inside_paragraph(sample: bytes) -> None:
    assert any(t == "See the evidence report and code.\nA second line." for _, t in texts(read(sample)))


def test_footnote_part_and_reference(sample: bytes) -> None:
    zp = parts(sample)
    notes = zp["word/footnotes.xml"]
    assert b"Eastmoor ICB board papers, 2025." in notes
    for marker in (b'w:type="separator" w:id="-1"', b'w:type="continuationSeparator" w:id="0"', b"<w:footnoteRef/>"):
        assert marker in notes
    assert re.search(
        rb'<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/>', zp["word/document.xml"]
    )
    assert b'PartName="/word/footnotes.xml"' in zp["[Content_Types].xml"]
    assert RT.FOOTNOTES.encode() in zp["word/_rels/document.xml.rels"]
    assert b'<w:pStyle w:val="FootnoteText"/>' in notes


def test_link_in_footnote_relates_from_footnotes_part(tmp_path: Path) -> None:
    note = m.Footnote(1, (m.Paragraph((m.Link("https://example.org/fn", (m.Text("source"),)),)),))
    doc = dataclasses.replace(
        with_blocks(tmp_path, m.Paragraph((m.Text("Claim"), m.FootnoteRef(1)))), footnotes=(note,)
    )
    zp = parts(render(doc, tmp_path))
    assert b'Target="https://example.org/fn" TargetMode="External"' in zp["word/_rels/footnotes.xml.rels"]
    assert b"https://example.org/fn" not in zp["word/_rels/document.xml.rels"]


def test_bad_footnote_number_raises(tmp_path: Path) -> None:
    doc = with_blocks(tmp_path, m.Paragraph((m.FootnoteRef(3),)))
    with pytest.raises(ValueError, match="footnote 3"):
        render(doc, tmp_path)


def test_image_inline_with_alt_text(sample: bytes) -> None:
    word = read(sample)
    assert len(word.inline_shapes) == 1
    shape = word.inline_shapes[0]
    assert shape._inline.docPr.get("descr") == "A bar chart of crisis beds by year"
    assert 0 < shape.width <= render_docx.TEXT_WIDTH
    assert "word/media/image1.png" in parts(sample)


def test_wide_image_is_capped_to_text_width(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The sample picture is 2 px wide, so narrow the text width below it to exercise the cap.
    monkeypatch.setattr(render_docx, "TEXT_WIDTH", Emu(10000))
    doc = with_blocks(tmp_path, m.Paragraph((tiny_image(tmp_path / "wide.png", "wide"),)))
    assert read(render(doc, tmp_path)).inline_shapes[0].width == 10000


# -------------------------------------------------------------------- blocks


def test_bullet_and_number_styles(sample: bytes) -> None:
    styled = dict((t, s) for s, t in texts(read(sample)))
    assert styled["Open a second crisis house."] == "List Bullet"
    assert styled["Nested point."] == "List Bullet 2"
    assert styled["First step"] == styled["Second step"] == "List Number"


def num_ids_and_starts(word: DocxDocument) -> list[tuple[str, int, int]]:
    numbering = word.part.numbering_part.element
    out = []
    for p in word.paragraphs:
        if style_of(p).startswith("List Number"):
            num_id = int(p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0])
            start = numbering.num_having_numId(num_id).lvlOverride_lst[0].startOverride.val
            out.append((p.text, num_id, start))
    return out


def test_each_ordered_list_restarts(tmp_path: Path) -> None:
    doc = with_blocks(
        tmp_path,
        m.OrderedList((item("a1"), item("a2"))),
        m.Paragraph((m.Text("Between."),)),
        m.OrderedList((item("b1"), item("b2"))),
        m.OrderedList((item("c5"),), start=5),
    )
    rows = num_ids_and_starts(read(render(doc, tmp_path)))
    assert [(t, s) for t, _, s in rows] == [("a1", 1), ("a2", 1), ("b1", 1), ("b2", 1), ("c5", 5)]
    ids = [n for _, n, _ in rows]
    assert ids[0] == ids[1] and ids[2] == ids[3]  # items of one list share an instance
    assert len({ids[0], ids[2], ids[4]}) == 3  # each list has its own, so it restarts


def test_restart_shares_list_number_definition(tmp_path: Path) -> None:
    word = read(render(with_blocks(tmp_path, m.OrderedList((item("x"),), start=3)), tmp_path))
    numbering = word.part.numbering_part.element
    style_num = word.styles["List Number"].element.pPr.numPr.numId.val
    (_, num_id, _) = num_ids_and_starts(word)[0]
    abstract = numbering.num_having_numId(num_id).abstractNumId.val
    assert abstract == numbering.num_having_numId(style_num).abstractNumId.val


def test_multi_block_list_item_continues(tmp_path: Path) -> None:
    doc = with_blocks(tmp_path, m.BulletList((item("first", "more"),)), m.OrderedList((item("one"),)))
    styled = texts(read(render(doc, tmp_path)))
    assert ("List Bullet", "first") in styled and ("List Continue", "more") in styled


def test_lived_quotes_with_and_without_attribution(sample: bytes) -> None:
    word = read(sample)
    # each lived quote is a one-cell table of its own (issue 22), its credit inside it, right-aligned
    boxes = [t.rows[0].cells[0].paragraphs for t in word.tables if len(t.rows) == 1 and len(t.columns) == 1]
    by_text = {ps[0].text: ps for ps in boxes}
    attributed = by_text["Someone listened to me at 3am."]
    assert [style_of(p) for p in attributed] == ["Lived Experience Quote"] * 2
    credit = attributed[1]
    assert credit.text == "— Peer Researcher" and credit.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    unattributed = by_text["It was the first place I felt safe."]
    assert [style_of(p) for p in unattributed] == ["Lived Experience Quote"]
    paras = word.paragraphs
    (report,) = [p for p in paras if p.text == "An ordinary quotation from a report."]
    assert style_of(report) == "Quote"
    assert [p.text for p in paras if p.text.startswith("— ")] == []  # no credit outside its quote


def test_content_note_is_italic_and_marked(sample: bytes) -> None:
    (note,) = [p for p in read(sample).paragraphs if p.text.startswith("Content note:")]
    assert note.text == "Content note: discusses self-harm"
    assert all(r.italic for r in note.runs)
    assert note._p.xpath("./w:pPr/w:shd")


def test_table_has_repeating_bold_header(sample: bytes) -> None:
    (table,) = [t for t in read(sample).tables if len(t.columns) > 1]  # one-cell tables hold lived quotes
    assert table.style is not None and table.style.name == "Table Grid"
    assert [c.text for c in table.rows[0].cells] == ["Service", "Beds"]
    assert [c.text for c in table.rows[1].cells] == ["Crisis house", "6"]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert not table.rows[1]._tr.xpath("./w:trPr/w:tblHeader")
    assert all(r.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs)
    assert table.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_code_block_keeps_lines_in_monospace(tmp_path: Path) -> None:
    doc = with_blocks(tmp_path, m.CodeBlock("line one\n  indented\n"))
    (para,) = [p for p in read(render(doc, tmp_path)).paragraphs if "line one" in p.text]
    assert para.text == "line one\n  indented"
    assert {r.font.name for r in para.runs} == {render_docx.MONO_FONT}


def test_credits_at_the_end(sample: bytes) -> None:
    tail = texts(read(sample))[-5:]
    assert tail == [
        ("Heading 1", "Credits"),
        (
            "Normal",
            "This response was co-produced with 3 people with lived experience, who gave 12 hours across 2 sessions.",
        ),
        ("List Bullet", "Peer Researcher — wrote; took part in 2 sessions"),
        ("List Bullet", "T.O. — reviewed"),
        ("Normal", "One more person took part and chose not to be named."),
    ]


def test_unknown_node_raises(tmp_path: Path) -> None:
    @dataclass(frozen=True)
    class Marquee:
        text: str

    with pytest.raises(UnknownNode, match="visit_Marquee"):
        render(with_blocks(tmp_path, Marquee("hello")), tmp_path)  # type: ignore[arg-type]


# ------------------------------------------------------------ package & look


def test_core_properties(sample: bytes) -> None:
    props = read(sample).core_properties
    assert props.title == "Response to the crisis-house survey"
    assert props.author == props.last_modified_by == "Riverside Peer Network"
    assert props.subject == "Crisis houses in Eastmoor"
    assert (props.comments, props.keywords, props.category) == ("", "", "")
    assert props.language == "en-GB"
    assert props.revision == 1
    assert props.created == props.modified
    assert props.created.replace(tzinfo=None).isoformat() == "2026-02-20T00:00:00"


def test_no_tool_name_or_withheld_strings_in_any_part(sample: bytes) -> None:
    for name, body in parts(sample).items():
        assert b"python-docx" not in body, name
        assert b"Macintosh" not in body, name
        for secret in WITHHELD:
            assert secret.encode() not in body, (name, secret)


def test_renders_are_byte_identical(tmp_path: Path) -> None:
    doc = sample_document(tmp_path)
    first, second = render(doc, tmp_path), render(doc, tmp_path)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {render_docx.ZIP_DATE}


def test_draft_header_and_title_page(tmp_path: Path) -> None:
    word = read(render(sample_document(tmp_path, draft=True), tmp_path))
    section = word.sections[0]
    assert section.header.paragraphs[0].text == "DRAFT — not for submission"
    assert section.different_first_page_header_footer  # the title page has no page number...
    assert section.first_page_header.paragraphs[0].text == "DRAFT — not for submission"  # ...but the notice
    assert word.paragraphs[0].text == "DRAFT — not for submission"
    assert style_of(word.paragraphs[1]) == "Title"


def test_no_draft_anywhere_when_final(sample: bytes) -> None:
    for name, body in parts(sample).items():
        assert b"DRAFT" not in body.upper(), name


def test_page_is_a4_with_margins_and_page_numbers(sample: bytes) -> None:
    section = read(sample).sections[0]

    # Stored in twentieths of a point, so compare to the nearest millimetre.
    def cm(length: Length | None) -> float:
        return round(length.cm, 1) if length is not None else 0.0

    assert (cm(section.page_width), cm(section.page_height)) == (21.0, 29.7)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert {cm(x) for x in margins} == {2.5}
    assert section.footer.paragraphs[0]._p.xpath(".//w:fldSimple/@w:instr") == [" PAGE "]


def test_brand_fonts_colours_and_language(tmp_path: Path) -> None:
    brand = m.Brand(primary="#112233", accent="#445566", text="#0a0b0c", body_font="Arial", heading_font="Georgia")
    doc = dataclasses.replace(sample_document(tmp_path), brand=brand)
    styles = read(render(doc, tmp_path)).styles
    assert styles["Normal"].font.name == "Arial"
    assert styles["Normal"].font.color.rgb == RGBColor(0x0A, 0x0B, 0x0C)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        assert styles[name].font.name == "Georgia", name
        assert styles[name].font.color.rgb == RGBColor(0x11, 0x22, 0x33), name
        assert styles[name].element.rPr.rFonts.get(qn("w:asciiTheme")) is None, name  # would override Georgia
    # lived quotes: words in the text colour, the accent only on the border (issue 12: contrast)
    assert styles["Lived Experience Quote"].font.color.rgb == RGBColor(0x0A, 0x0B, 0x0C)
    assert styles["Lived Experience Quote"].element.pPr.xpath(".//w:pBdr/*/@w:color") == ["445566"]
    lang = styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
