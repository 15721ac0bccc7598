"""Intake of OpenDocument text (.odt from LibreOffice, and its flat .fodt form).

The .odt files are built here from hand-written XML, as LibreOffice writes it; the .fodt fixture was
written for LibreOffice (tests/fixtures/intake/). The words a contribution should hold are checked
against a small reading of the XML made here, independent of the intake code. The people named are
invented.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from pipeline.workflow.intake.docx_reader import read_docx
from pipeline.workflow.intake.odt_reader import read_odt
from pipeline.workflow.intake.refusal import Refused
from tests.factory import Bench
from tests.test_intake import FIXTURES, fingerprint, intake, new_contributions

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}
XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
HIDDEN_NAME = "Quenell Marchbanks"  # invented; hidden in the document, never taken in
NEVER_SHOWN = ("Quenell", "Marchbanks", "Ottoline", "Brackenbury", "Isidore", "Fenwright", "removed words", "aside")

AUTOMATIC_STYLES = """
<office:automatic-styles>
 <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
 <style:style style:name="T3" style:family="text"><style:text-properties text:display="none"/></style:style>
 <style:style style:name="T4" style:family="text">
  <style:text-properties style:text-line-through-style="solid"/></style:style>
 <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Quotations"/>
 <text:list-style style:name="L1">
  <text:list-level-style-number text:level="1" style:num-format="1"/>
  <text:list-level-style-bullet text:level="2" text:bullet-char="-"/>
 </text:list-style>
 <text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="-"/></text:list-style>
</office:automatic-styles>
"""

BODY = """
<text:tracked-changes>
 <text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>Isidore Fenwright</dc:creator>
 <dc:date>2026-01-20T10:00:00</dc:date></office:change-info><text:p>removed words</text:p></text:deletion>
 </text:changed-region>
</text:tracked-changes>
<text:p text:style-name="Standard">Question: 1</text:p>
<text:p text:style-name="Standard">Written by: ada</text:p>
<text:h text:style-name="Heading_20_1" text:outline-level="1">Beds near home</text:h>
<text:p text:style-name="Standard">We <text:span text:style-name="T1">need</text:span> beds <text:span
 text:style-name="T2">close by</text:span>.<text:change text:change-id="c1"/> See <text:a xlink:type="simple"
 xlink:href="https://example.org/beds">the bed count</text:a>.<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Counted in <text:a
 xlink:href="https://example.org/winter">the winter</text:a>.</text:p></text:note-body></text:note> Nights<text:note
 text:id="n2" text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>An endnote
 here.</text:p></text:note-body></text:note> matter.</text:p>
<text:p text:style-name="Standard">Ask <text:span text:style-name="T3">Quenell Marchbanks who </text:span>knows.<office:annotation><dc:creator>Ottoline Brackenbury</dc:creator><text:p>an aside</text:p></office:annotation></text:p>
<text:p text:style-name="Standard"><text:hidden-paragraph text:condition="ooow:1" text:is-hidden="true"/>A whole hidden paragraph.</text:p>
<text:p text:style-name="Standard">Shown <text:hidden-text text:condition="ooow:1" text:string-value="hidden field words" text:is-hidden="true">hidden field words</text:hidden-text>around.</text:p>
<text:section text:name="S1" text:display="none"><text:p>Section out of sight.</text:p></text:section>
<text:p text:style-name="Standard">Once <text:span text:style-name="T4">struck words</text:span> kept.</text:p>
<text:list text:style-name="L1" xml:id="list1">
 <text:list-item><text:p>First step.</text:p></text:list-item>
 <text:list-item><text:p>Second step.</text:p>
  <text:list><text:list-item><text:p>a sub point</text:p></text:list-item></text:list></text:list-item>
</text:list>
<text:p text:style-name="Standard">Between the steps.</text:p>
<text:list text:style-name="L1" text:continue-numbering="true">
 <text:list-item><text:p>Third step.</text:p></text:list-item>
</text:list>
<text:p text:style-name="P1">Said as a quotation.</text:p>
<text:p text:style-name="Standard">Anchor words.<draw:frame draw:name="Box1" svg:width="4cm"><draw:text-box><text:p>Boxed
 words.</text:p></draw:text-box></draw:frame></text:p>
<table:table table:name="T">
 <table:table-column table:number-columns-repeated="2"/>
 <table:table-header-rows><table:table-row><table:table-cell><text:p>Place</text:p></table:table-cell>
 <table:table-cell><text:p>Beds</text:p></table:table-cell></table:table-row></table:table-header-rows>
 <table:table-row><table:table-cell><text:p>Eastmoor | north</text:p></table:table-cell>
 <table:table-cell><text:p>6</text:p><table:table><table:table-row><table:table-cell><text:p>Inner cell</text:p>
 </table:table-cell></table:table-row></table:table></table:table-cell></table:table-row>
</table:table>
<text:p text:style-name="Standard">Last words, with *stars* and [brackets].</text:p>
"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {XMLNS} office:version="1.3"><office:styles>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Quotations" style:family="paragraph"/>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
  style:default-outline-level="1"/>
</office:styles><office:master-styles><style:master-page style:name="Standard">
 <style:header><text:p>Draft by Isidore Fenwright</text:p></style:header>
 <style:footer><text:p>Page footer</text:p></style:footer>
</style:master-page></office:master-styles></office:document-styles>"""

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def odt(body: str = BODY, *, mimetype: str = "application/vnd.oasis.opendocument.text", **more: str) -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {XMLNS} office:version="1.3">'
        f"{AUTOMATIC_STYLES}<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)  # first and unpacked, as ODF asks
        z.writestr("content.xml", content)
        z.writestr("styles.xml", STYLES)
        z.writestr("META-INF/manifest.xml", MANIFEST)
        for name, data in more.items():
            z.writestr(name.replace("__", "/"), data)
    return out.getvalue()


# ------------------------------------------------------------------ an independent reading

T = f"{{{NS['text']}}}"
OFFICE = f"{{{NS['office']}}}"
LEFT_OUT = {T + "tracked-changes", OFFICE + "annotation", T + "note-citation", T + "hidden-text"}


def expected_words(root: etree._Element, hidden_styles: set[str]) -> Counter[str]:
    """Every word the reader sees in LibreOffice, header lines aside; notes included, hidden text not."""
    words: Counter[str] = Counter()
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    assert body is not None

    def visible(el: etree._Element) -> list[str]:
        out = [el.text or ""]
        for child in el:
            hidden = child.tag in LEFT_OUT or child.get(T + "style-name") in hidden_styles
            if not hidden and child.tag not in (T + "p", T + "h"):
                out += visible(child)
            out.append(child.tail or "")
        return out

    for para in body.iter(T + "p", T + "h"):
        if any(a.tag in LEFT_OUT or a.get(T + "display") == "none" for a in para.iterancestors()):
            continue
        if para.find(f".//{T}hidden-paragraph") is not None:
            continue
        text = "".join(visible(para))
        if not text.startswith(("Question:", "Written by:")):
            words.update(text.split())
    return words


def kept_words(text: str) -> Counter[str]:
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    body = re.sub(r"\[\^\d+\](: )?", "", body)
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)
    body = re.sub(r"(?m)^\s*(?:>|#+|\d+[.)]|-)\s", "", body)
    body = re.sub(r"(?m)^\|?(-+\|)+$", "", body)
    body = re.sub(r"(?<!\\)\|", " ", body)
    body = re.sub(r"(?<!\\)\*", "", body)  # emphasis marks, not escaped stars
    return Counter(body.replace("\\", "").split())


def _header_lines_aside(text: str) -> str:
    return text.split("\n\n", 2)[2]


# ------------------------------------------------------------------ the tests


@pytest.fixture(scope="module")
def reading() -> tuple[str, str]:
    result = read_odt(odt())
    return result.text, "\n".join(result.notes)


def test_the_words_kept_are_the_words_libreoffice_shows(reading: tuple[str, str]) -> None:
    text, _ = reading
    with zipfile.ZipFile(io.BytesIO(odt())) as z:
        expected = expected_words(etree.fromstring(z.read("content.xml")), {"T3"})
    assert expected["Boxed"] == 1 and "Quenell" not in expected and "hidden" not in expected
    kept = kept_words(_header_lines_aside(text))
    assert kept == expected, (kept - expected, expected - kept)


def test_structure_is_markdown(reading: tuple[str, str]) -> None:
    text, _ = reading
    assert text.startswith("Question: 1\n\nWritten by: ada\n\n# Beds near home\n\n")
    assert "We **need** beds *close by*. See [the bed count](https://example.org/beds).[^1] Nights[^2] matter." in text
    assert "1. First step.\n1. Second step.\n   - a sub point\n\nBetween the steps.\n\n3. Third step." in text
    assert "> Said as a quotation." in text
    assert "Anchor words.\n\nBoxed words." in text
    assert "| Place | Beds |\n|---|---|\n| Eastmoor \\| north | 6 Inner cell |" in text
    assert "Last words, with \\*stars\\* and \\[brackets\\]." in text
    assert text.endswith("[^1]: Counted in [the winter](https://example.org/winter).\n[^2]: An endnote here.")


def test_hidden_text_is_counted_never_shown(reading: tuple[str, str]) -> None:
    text, notes = reading
    for secret in (*NEVER_SHOWN, "Section out of sight", "whole hidden paragraph", "hidden field"):
        assert secret.lower() not in text.lower() and secret.lower() not in notes.lower(), secret
    assert "Ask knows." in text and "Shown around." in text
    # "Quenell Marchbanks who" 3, the hidden paragraph 4, the hidden field 3, the section 4
    assert "it has hidden text (14 words)" in notes


def test_what_was_left_out_is_reported(reading: tuple[str, str]) -> None:
    _, notes = reading
    assert "it has 1 comment and 1 tracked change by 2 people (not named here): we took the text as if" in notes
    assert "it has 1 footnote and 1 endnote: taken in as footnotes at the end" in notes
    assert "it has 1 text box: its text was taken in after the paragraph it is anchored to" in notes
    assert "it has struck-through text (2 words): kept as ordinary text" in notes
    assert "it has 1 table inside a table" in notes
    assert "its page headers and footers (6 words) were not taken in" in notes


def test_the_flat_fixture_keeps_every_word() -> None:
    data = (FIXTURES / "lo-answer.fodt").read_bytes()
    result = read_odt(data)
    expected = expected_words(etree.fromstring(data), set())
    assert kept_words(_header_lines_aside(result.text)) == expected
    assert "sometimes" not in result.text  # deleted in a tracked change
    assert "# Referral should be simple" in result.text and "## What helps" in result.text
    assert "- A peer worker to talk to\n   - even at night" in result.text


def test_through_intake_the_odt_comes_in_and_the_folder_is_untouched(bench: Bench, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "beds.odt").write_bytes(odt())
    (shared / "answer.fodt").write_bytes((FIXTURES / "lo-answer.fodt").read_bytes())
    before = fingerprint(shared)
    code, output = intake(bench, shared)
    assert code == 0, output
    assert fingerprint(shared) == before
    texts = new_contributions(bench)
    assert len(texts) == 2 and any("Beds near home" in t for t in texts.values())
    for secret in NEVER_SHOWN:
        assert secret.lower() not in output.lower() and all(secret.lower() not in t.lower() for t in texts.values())


@pytest.mark.parametrize(
    ("data", "code", "said"),
    [
        (odt(mimetype="application/vnd.oasis.opendocument.spreadsheet"), "intake.not-odt", "of another kind"),
        (odt(Basic__Standard__Module1_xml="<x/>"), "intake.macros", "macros"),
        (b"not a zip at all", "intake.not-odt", "not a zip file"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', "intake.dtd", "DTD"),
    ],
)
def test_what_is_not_an_odt_text_is_refused_by_name(data: bytes, code: str, said: str) -> None:
    with pytest.raises(Refused) as caught:
        read_odt(data)
    assert caught.value.code == code and said in caught.value.message


def test_a_password_protected_odt_is_refused() -> None:
    manifest = MANIFEST.replace(
        'manifest:media-type="text/xml"/>',
        'manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>',
    )
    data = odt()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, manifest if item.filename == "META-INF/manifest.xml" else src.read(item))
    with pytest.raises(Refused) as caught:
        read_odt(out.getvalue())
    assert caught.value.code == "intake.not-odt" and "password" in caught.value.message


def test_raised_digits_and_hidden_paragraph_styles() -> None:
    styles = (
        '<style:style style:name="Up" style:family="text"><style:text-properties style:text-position="super 58%"/>'
        '</style:style><style:style style:name="Down" style:family="text">'
        '<style:text-properties style:text-position="sub 58%"/></style:style>'
        '<style:style style:name="Secret" style:family="paragraph">'
        '<style:text-properties text:display="none"/></style:style>'
    )
    body = (
        '<text:p>Rooms of 12 m<text:span text:style-name="Up">2</text:span> and H<text:span text:style-name="Down">'
        '2</text:span>O, the 1<text:span text:style-name="Up">st</text:span> time.</text:p>'
        f'<text:p text:style-name="Secret">Ask {HIDDEN_NAME}.</text:p>'
    )
    data = odt(body)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        content = (
            z.read("content.xml").decode().replace("</office:automatic-styles>", styles + "</office:automatic-styles>")
        )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.infolist():
            dst.writestr(entry, content if entry.filename == "content.xml" else src.read(entry))
    result = read_odt(out.getvalue())
    assert result.text == "Rooms of 12 m² and H₂O, the 1st time."
    notes = " ".join(result.notes)
    assert "it has hidden text (3 words)" in notes and "with letters (like 1st)" in notes
    assert "Quenell" not in notes


def test_the_flat_fixture_reads_as_libreoffice_s_own_word_copy_of_it_reads() -> None:
    """lo-answer.docx is LibreOffice's conversion of lo-answer.fodt: the two readers agree on every character."""
    odt_reading = read_odt((FIXTURES / "lo-answer.fodt").read_bytes())
    docx_reading = read_docx((FIXTURES / "lo-answer.docx").read_bytes())
    assert odt_reading.text == docx_reading.text
    assert "by 1 person (not named here)" in odt_reading.notes[0] and "Hal" not in odt_reading.notes[0]


def test_an_empty_macro_library_list_is_not_a_macro() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt())) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.infolist():
            dst.writestr(entry, src.read(entry))
        dst.writestr("Basic/script-lc.xml", "<library/>")
        dst.writestr("Basic/Standard/script-lb.xml", "<library/>")
    assert "Beds near home" in read_odt(out.getvalue()).text
