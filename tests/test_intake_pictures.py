"""Pictures in Word and OpenDocument files: cleaned, saved beside the draft, linked with their alt text;
linked pictures are never fetched; .rtf files are refused with a message saying what to send instead.

The files are built here; the corpus in tests/fixtures/intake/ covers the rest (see test_intake_corpus.py).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image

from pipeline.workflow.intake.docx_reader import read_docx
from pipeline.workflow.intake.odt_reader import read_odt
from pipeline.workflow.intake.pictures import place
from tests.factory import Bench
from tests.test_intake import fingerprint, intake, new_contributions, no_network, rezip  # noqa: F401

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (5, 4), 3).save(out, "GIF", comment=b"made by Ivo Quenby")  # invented
    return out.getvalue()


def word_with_picture(data: bytes, alt: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("Question: 1")
    document.add_paragraph("Written by: ada")
    p = document.add_paragraph("Before the picture ")
    shape = p.add_run().add_picture(io.BytesIO(data))
    shape._inline.docPr.set("descr", alt)
    p.add_run(" and after it.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_gif_comes_in_as_a_png_with_its_alt_text_escaped(bench: Bench, shared: Path) -> None:
    (shared / "chart.docx").write_bytes(word_with_picture(gif(), "Chart [draft] *final* | two"))
    code, output = intake(bench, shared)
    assert code == 0, output
    text = new_contributions(bench)["21-q1-ada-intake.md"]
    assert (
        "Before the picture ![Chart \\[draft\\] \\*final\\* \\| two](21-q1-ada-intake-picture-1.png) and after it."
        in text
    )
    saved = (bench.response / "21-q1-ada-intake-picture-1.png").read_bytes()
    assert b"Quenby" not in saved
    with Image.open(io.BytesIO(saved)) as img:
        assert img.format == "PNG" and img.size == (5, 4)


def test_place_never_overwrites_another_picture(tmp_path: Path) -> None:
    reading = read_docx(word_with_picture(gif(), "A chart"))
    (tmp_path / "d-picture-1.png").write_bytes(b"someone else's file")
    text = place(reading.text, reading.pictures, tmp_path, "d", tmp_path)
    assert "![A chart](d-picture-1-2.png)" in text
    assert (tmp_path / "d-picture-1.png").read_bytes() == b"someone else's file"


@pytest.mark.usefixtures("no_network")
def test_a_linked_word_picture_is_reported_never_fetched(bench: Bench, shared: Path) -> None:
    data = word_with_picture(gif(), "unused")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    document = re.sub(r'r:embed="[^"]+"', 'r:link="rIdFar"', document)
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdFar" Type="{REL}/image" Target="http://198.51.100.7/C:/Users/someone/far.png" '
        'TargetMode="External"/></Relationships>',
    )
    (shared / "far.docx").write_bytes(
        rezip(data, {"word/document.xml": document, "word/_rels/document.xml.rels": rels})
    )
    code, output = intake(bench, shared)
    assert code == 0, output
    assert "a picture was left out: far.png is linked, not in the file" in output
    assert "Users/someone" not in output
    text = new_contributions(bench)["21-q1-ada-intake.md"]
    assert "Before the picture and after it." in text and "![" not in text


ODT_CONTENT = (
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:text>'
    "<text:p>Question: 1</text:p><text:p>Written by: ada</text:p>"
    '<text:p>Far away <draw:frame draw:name="a"><draw:image xlink:href="https://198.51.100.7/far.png"/>'
    "<svg:title>Far</svg:title></draw:frame> and near "
    '<draw:frame draw:name="b"><draw:image xlink:href="Pictures/near.gif"/><svg:title>Title words</svg:title>'
    "<svg:desc>The near picture</svg:desc></draw:frame> here.</text:p>"
    "</office:text></office:body></office:document-content>"
)


def odt(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.usefixtures("no_network")
def test_odt_pictures_taken_from_the_package_and_linked_ones_never_fetched() -> None:
    reading = read_odt(odt({"content.xml": ODT_CONTENT.encode(), "Pictures/near.gif": gif()}))
    assert [p.alt for p in reading.pictures] == ["The near picture"]  # svg:desc first, then svg:title
    assert "a picture was left out: far.png is linked, not in the file" in " ".join(reading.notes)
    assert reading.text.endswith("Far away and near \x00p0\x00 here.")


def test_rtf_is_refused_and_asked_for_as_word(bench: Bench, shared: Path) -> None:
    (shared / "notes.rtf").write_bytes(b"{\\rtf1\\ansi Some words{\\footnote A note.}\\par}")
    before = fingerprint(shared)
    code, output = intake(bench, shared)
    assert code == 1
    assert "notes.rtf: it is a Rich Text file (.rtf), which intake cannot read without losing footnotes" in output
    assert "save it as Word Document (.docx)" in output
    assert fingerprint(shared) == before and not new_contributions(bench)


def test_a_drawing_format_is_reported_and_the_words_kept() -> None:
    data = word_with_picture(gif(), "A drawing")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        [media] = [n for n in z.namelist() if n.startswith("word/media/")]
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        picture = z.read(media)
    old = media.removeprefix("word/")
    emf = old.rsplit(".", 1)[0] + ".emf"
    types = types.replace("</Types>", '<Default Extension="emf" ContentType="image/x-emf"/></Types>')
    changed = rezip(
        data,
        {
            media: None,
            "word/" + emf: picture,
            "word/_rels/document.xml.rels": rels.replace(old, emf),
            "[Content_Types].xml": types,
        },
    )
    reading = read_docx(changed)
    assert reading.pictures == []
    assert "a picture was left out: image1.emf is in EMF format" in " ".join(reading.notes)
    assert "Before the picture and after it." in reading.text
