"""Intake of the rest of what Word writes: raised and lowered characters, strikethrough, numbered lists
that go on after a paragraph, quote styles, drop caps, equations, tables in tables, page headers and
footers; and Strict Open XML, which is refused by name.

The .docx files are built here (python-docx's own file with hand-written parts). The words a
contribution should hold are checked against a small reading of the XML made here, independent of
the intake code. The people named are invented.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from pipeline.parse.markdown import parser
from pipeline.workflow.intake.docx_reader import read_docx
from pipeline.workflow.intake.refusal import Refused
from tests.factory import Bench
from tests.test_intake import intake, new_contributions, rezip
from tests.test_intake_hidden import CT, REL, XMLNS, p, r, word_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
M = f"{{{M_NS}}}"
HEADER_NAME = "Wilhelmina Thistlewood"  # invented; in a page header, never taken in


# ------------------------------------------------------------------ an independent reading


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def expected_words(data: bytes) -> Counter[str]:
    """The words of the body as Word shows them, a drop cap joined to the word after it; no headers."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    words: Counter[str] = Counter()
    carried = ""
    for para in root.iter(W + "p"):
        if next(para.iterancestors(W + "p"), None) is not None:
            continue
        texts = [t.text or "" for t in para.iter(W + "t", M + "t")]
        # a paragraph in a table cell inside another table is read with its own cell: the words are the same
        text = carried + "".join(texts)
        frame = para.find(f"{W}pPr/{W}framePr")
        if frame is not None and frame.get(W + "dropCap", "none") != "none":
            carried = text
            continue
        carried = ""
        if not text.startswith(("Question:", "Written by:")):
            words.update(_fold(text).split())
    return words


def kept_words(text: str) -> Counter[str]:
    """The words of a contribution's body (or a reading's text), Markdown marks taken off."""
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    body = re.sub(r"(?m)^\s*(?:>|#+|\d+[.)]|-)\s", "", body)
    body = re.sub(r"(?m)^\|?-+\|.*$", "", body)
    body = re.sub(r"[()/√^_]", "", body)
    return Counter(_fold(body.replace("|", " ").replace("**", "").replace("\\", "")).split())


def _equation_free(counter: Counter[str]) -> Counter[str]:
    return Counter({re.sub(r"[()/√^_]", "", w): n for w, n in counter.items() if re.sub(r"[()/√^_]", "", w)})


# ------------------------------------------------------------------ building Word files


def vert(text: str, where: str) -> str:
    return r(text, f'<w:vertAlign w:val="{where}"/>')


NUMBERING = (
    f'<w:numbering {XMLNS}><w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
    '</w:abstractNum><w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    # 3 goes on counting with 1, as Word counts lists made from one abstract list; 4 starts again
    '<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>'
)


def item(text: str, num_id: int, level: int = 0) -> str:
    return f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>{r(text)}</w:p>'


def styled(text: str, style_id: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{r(text)}</w:p>'


QUOTE_STYLES = "".join(
    f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/></w:style>'
    for sid, name in (("Quote", "Quote"), ("IntenseQuote", "Intense Quote"), ("BlockText", "Block Text"))
)


def drop_cap(letter: str) -> str:
    return (
        '<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3" w:wrap="around" w:vAnchor="text" w:hAnchor="text"/>'
        f"</w:pPr>{r(letter)}</w:p>"
    )


def mr(text: str) -> str:
    return f'<m:r><m:t xml:space="preserve">{text}</m:t></m:r>'


EQUATION = (
    f'<m:oMath xmlns:m="{M_NS}">{mr("E=m")}<m:sSup><m:e>{mr("c")}</m:e><m:sup>{mr("2")}</m:sup></m:sSup>'
    f"{mr(' and ')}<m:f><m:num>{mr('a')}</m:num><m:den>{mr('b')}</m:den></m:f></m:oMath>"
)


def cell(*paragraphs: str) -> str:
    return f"<w:tc><w:tcPr/>{''.join(paragraphs) or p(r(''))}</w:tc>"


def tbl(*rows: list[str]) -> str:
    return "<w:tbl><w:tblPr/>" + "".join("<w:tr>" + "".join(row) + "</w:tr>" for row in rows) + "</w:tbl>"


def with_parts(data: bytes, *, numbering: bool = False, styles: str = "", furniture: bool = False) -> bytes:
    """`data` with a numbering part, more paragraph styles, and a page header and footer, as asked."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels, types, style_xml = (
            z.read(n).decode() for n in ("word/_rels/document.xml.rels", "[Content_Types].xml", "word/styles.xml")
        )
    parts: dict[str, bytes | str | None] = {}
    more: list[tuple[str, str, str, str]] = []
    if numbering:
        more.append(("numbering", "numbering", NUMBERING, "numbering"))
    if furniture:
        header = f"<w:hdr {XMLNS}>{p(r(f'Draft by {HEADER_NAME} for the board'))}</w:hdr>"
        footer = f"<w:ftr {XMLNS}>{p(r('Page footer words'))}</w:ftr>"
        more += [("header1", "header", header, "header"), ("footer1", "footer", footer, "footer")]
    for name, kind, content, ct in more:
        parts[f"word/{name}.xml"] = content
        rels = re.sub(rf'<Relationship [^>]*Type="{REL}/{kind}"[^>]*/>', "", rels)
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rId{name}" Type="{REL}/{kind}" Target="{name}.xml"/></Relationships>',
        )
        types = re.sub(rf'<Override PartName="/word/{name}.xml"[^>]*/>', "", types)
        types = types.replace(
            "</Types>", f'<Override PartName="/word/{name}.xml" ContentType="{CT}.{ct}+xml"/></Types>'
        )
    if styles:
        parts["word/styles.xml"] = style_xml.replace("</w:styles>", styles + "</w:styles>")
    parts["word/_rels/document.xml.rels"] = rels
    parts["[Content_Types].xml"] = types
    return rezip(data, parts)


BODY = (
    p(r("Question: 1"))
    + p(r("Written by: ada"))
    + p(r("Rooms of 12 m"), vert("2", "superscript"), r(" and H"), vert("2", "subscript"), r("O in the taps."))
    + p(r("The 1"), vert("st", "superscript"), r(" visit."))
    + p(r("Beds were "), r("far too", "<w:strike/>"), r(" few."))
    + item("First step.", 1)
    + item("Second step.", 1)
    + item("A sub point.", 1, 1)
    + p(r("A paragraph between the steps."))
    + item("Third step.", 1)
    + item("Fifth from the start.", 2)
    + styled("Said in a quote.", "Quote")
    + styled("Said in an intense quote.", "IntenseQuote")
    + styled("Said in block text.", "BlockText")
    + drop_cap("O")
    + p(r("nce upon a time."))
    + f"<w:p>{r('So ')}{EQUATION}{r(' holds.')}</w:p>"
    + tbl([cell(p(r("Outer one"))), cell(p(r("Outer two")), tbl([cell(p(r("Inner words")))]))])
    + p(r("The end."))
)


def answer() -> bytes:
    return with_parts(word_file(BODY), numbering=True, styles=QUOTE_STYLES, furniture=True)


@pytest.fixture(scope="module")
def reading() -> tuple[str, str]:
    result = read_docx(answer())
    return result.text, "\n".join(result.notes)


# ------------------------------------------------------------------ the tests


def test_the_words_kept_are_the_words_word_shows(reading: tuple[str, str]) -> None:
    text, _ = reading
    expected = _equation_free(expected_words(answer()))
    body = text.split("\n\n", 2)[2]  # the header lines aside
    assert expected["Once"] == 1 and HEADER_NAME.split()[0] not in expected  # the reading here is itself right
    assert kept_words(body) == expected


def test_raised_and_lowered_digits_stay_as_they_read(reading: tuple[str, str]) -> None:
    text, notes = reading
    assert "Rooms of 12 m² and H₂O in the taps." in text
    assert "The 1st visit." in text
    assert "it has 1 superscript or subscript with letters (like 1st): kept as ordinary text" in notes


def test_strikethrough_is_kept_as_words_and_reported(reading: tuple[str, str]) -> None:
    text, notes = reading
    assert "Beds were far too few." in text and "~~" not in text
    assert "it has struck-through text (2 words): kept as ordinary text" in notes
    # the parser here has no strikethrough, which is why the words are kept plain
    assert "strikethrough" not in parser().get_active_rules()["inline"]


def test_a_numbered_list_goes_on_after_a_paragraph(reading: tuple[str, str]) -> None:
    text, _ = reading
    assert "1. First step.\n1. Second step.\n   - A sub point." in text or (
        "1. First step.\n1. Second step.\n   1. A sub point." in text
    )
    # another list straight after needs another delimiter, or Markdown would join the two
    assert "\n\nA paragraph between the steps.\n\n3. Third step.\n\n5) Fifth from the start." in text
    html = _html(text)
    assert '<ol start="3">' in html and '<ol start="5">' in html


def test_quote_styles_are_block_quotes(reading: tuple[str, str]) -> None:
    text, _ = reading
    for words in ("Said in a quote.", "Said in an intense quote.", "Said in block text."):
        assert f"> {words}" in text


def test_a_drop_cap_is_joined_to_its_word(reading: tuple[str, str]) -> None:
    text, _ = reading
    assert "\n\nOnce upon a time.\n\n" in text


def test_an_equation_is_taken_in_as_text_and_reported(reading: tuple[str, str]) -> None:
    text, notes = reading
    assert "So E=mc² and (a)/(b) holds." in text
    assert "it has 1 equation: taken in as a line of text" in notes


def test_a_table_in_a_table_is_flattened_and_reported(reading: tuple[str, str]) -> None:
    text, notes = reading
    assert "| Outer one | Outer two Inner words |" in text
    assert "it has 1 table inside a table: its words were taken into the cell" in notes


def test_page_headers_and_footers_are_counted_not_taken_in(reading: tuple[str, str]) -> None:
    text, notes = reading
    assert "Thistlewood" not in text and "Wilhelmina" not in notes and "footer" not in text
    assert "its page headers and footers (10 words) were not taken in" in notes


def test_a_hidden_part_of_an_equation_stays_hidden() -> None:
    hidden = "<m:r><w:rPr><w:vanish/></w:rPr><m:t>Secretword</m:t></m:r>"
    body = f'<w:p>{r("Sum ")}<m:oMath xmlns:m="{M_NS}">{mr("x+y")}{hidden}</m:oMath></w:p>'
    result = read_docx(word_file(body))
    assert "Secretword" not in result.text and "x+y" in result.text
    assert "it has hidden text (1 word)" in " ".join(result.notes)


def test_through_intake_it_builds(bench: Bench, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "answer.docx").write_bytes(answer())
    code, output = intake(bench, shared)
    assert code == 0, output
    [text] = new_contributions(bench).values()
    assert "Once upon a time." in text and HEADER_NAME.split()[1] not in output


# ------------------------------------------------------------------ Strict Open XML


STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def strict_docx() -> bytes:
    """A Word file as Word writes it when saved as Strict Open XML Document: other namespaces throughout."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{CT}.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{STRICT_REL}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{STRICT_W}"><w:body><w:p><w:r><w:t>Question: 1</w:t></w:r>'
            "</w:p><w:p><w:r><w:t>Strict words.</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def test_strict_open_xml_is_refused_by_name() -> None:
    with pytest.raises(Refused) as caught:
        read_docx(strict_docx())
    assert caught.value.code == "intake.strict-ooxml"
    assert "Strict Open XML" in caught.value.message and "ordinary Word Document" in caught.value.fix


def test_strict_open_xml_through_intake_is_reported_and_skipped(bench: Bench, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "strict.docx").write_bytes(strict_docx())
    code, output = intake(bench, shared)
    assert code == 1 and "Strict Open XML" in output and "KeyError" not in output


def _html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(text)


def test_a_drop_cap_with_nothing_after_it_is_still_kept() -> None:
    result = read_docx(word_file(p(r("Before.")) + drop_cap("Z")))
    assert result.text == "Before.\n\nZ"


def test_a_list_that_starts_at_its_own_number_keeps_it() -> None:
    body = item("Fifth.", 2) + item("Sixth.", 2)
    result = read_docx(with_parts(word_file(body), numbering=True))
    assert result.text == "5. Fifth.\n1. Sixth."
    assert '<ol start="5">' in _html(result.text)


def test_a_style_made_from_a_quote_style_is_a_quote() -> None:
    own = '<w:style w:type="paragraph" w:styleId="Voice"><w:name w:val="Voice"/><w:basedOn w:val="IntenseQuote"/></w:style>'
    result = read_docx(with_parts(word_file(styled("In our own words.", "Voice")), styles=QUOTE_STYLES + own))
    assert result.text == "> In our own words."


def test_lists_made_from_one_abstract_list_count_on_unless_restarted() -> None:
    body = item("One.", 1) + p(r("Words.")) + item("Two.", 3) + p(r("More words.")) + item("One again.", 4)
    result = read_docx(with_parts(word_file(body), numbering=True))
    assert result.text == "1. One.\n\nWords.\n\n2. Two.\n\nMore words.\n\n1. One again."
