"""The last guard's readers: every string a reader could see, from real PDF, DOCX and HTML files.

Every person here is invented. Each test hides a name where a reader (a person, a
screen reader, a file browser, `exiftool`) could find it, and checks the readers
hand it over; a control checks ordinary text comes through too.
"""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image, PngImagePlugin

from pipeline.privacy.readers import Piece, image_metadata, read_output


def pieces(name: str, data: bytes) -> list[Piece]:
    return list(read_output(name, data))


def found(name: str, data: bytes, kind: str | None = None) -> str:
    """All the text the readers hand over, of one kind or of every kind."""
    return "\n".join(p.text for p in read_output(name, data) if kind is None or p.kind == kind)


def where(all_pieces: list[Piece], text: str) -> list[str]:
    return [p.where for p in all_pieces if text in p.text]


def jpeg(**extra: object) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "JPEG", **extra)
    return buf.getvalue()


def exif_artist(artist: str, xp_author: str = "") -> bytes:
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    if xp_author:
        exif[0x9C9D] = xp_author.encode("utf-16-le")  # XPAuthor, as Windows writes it
    return exif.tobytes()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def icc_profile(description: str, copyright_: str) -> bytes:
    """A minimal ICC v2 profile with a description ('desc') and a copyright ('text') tag."""
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(description) + 1) + description.encode("latin-1") + b"\0"
    desc += b"\0" * 4 + struct.pack(">I", 0) + b"\0" * 70  # no Unicode or ScriptCode forms
    text = b"text\0\0\0\0" + copyright_.encode("latin-1") + b"\0"
    tags = [(b"desc", desc), (b"cprt", text)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = struct.pack(">I", size) + b"\0" * 32 + b"acsp" + b"\0" * 88
    return header + struct.pack(">I", len(tags)) + table + body


# ------------------------------------------------------------------ PDF


@pytest.fixture(scope="module")
def weasy_pdf() -> bytes:
    import weasyprint

    photo = base64.b64encode(jpeg(comment=b"Cam Ostrander")).decode()
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Readers test</title>
<meta name="author" content="Orla Quist"><meta name="description" content="Notes by Nell Tarrant">
<meta name="keywords" content="Bex Ollander"></head>
<body><h1>Heading about Cass Whitlow</h1><p>Ordinary words about crisis houses.</p>
<p><a href="mailto:pim.rowe%40example.org">write to us</a></p>
<img src="data:image/jpeg;base64,{photo}" alt="Photo of Rafe Kettering">
<p style="break-before: page">Second page words.</p></body></html>"""
    pdf: bytes = weasyprint.HTML(string=page).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


@pytest.mark.slow
def test_pdf_page_text_is_read_page_by_page(weasy_pdf: bytes) -> None:
    all_pieces = pieces("r.pdf", weasy_pdf)
    assert where(all_pieces, "Ordinary words about crisis houses.")[0] == "r.pdf page 1 text"  # the control
    assert "r.pdf page 2 text" in where(all_pieces, "Second page words.")
    # a name wrapping onto the next page is read across the break
    across = next(p for p in all_pieces if p.where == "r.pdf pages 1-2 text")
    assert "write to us" in across.text and "Second page" in across.text


@pytest.mark.slow
def test_pdf_metadata_links_outline_and_alt_text_are_read(weasy_pdf: bytes) -> None:
    all_pieces = pieces("r.pdf", weasy_pdf)
    metadata = {p.where: p.text for p in all_pieces if p.kind == "metadata"}
    assert metadata["r.pdf metadata /Author"] == "Orla Quist"
    assert "Nell Tarrant" in metadata["r.pdf metadata /Subject"]
    assert "Bex Ollander" in metadata["r.pdf metadata /Keywords"]
    assert "mailto:pim.rowe@example.org" in found("r.pdf", weasy_pdf, "link")  # percent-decoded
    assert "r.pdf outline" in where(all_pieces, "Cass Whitlow")
    assert "r.pdf strings" in where(all_pieces, "Photo of Rafe Kettering")  # alt text in the structure tree


@pytest.mark.slow
def test_pdf_jpeg_passed_through_keeps_metadata_that_is_read(weasy_pdf: bytes) -> None:
    # WeasyPrint drops a JPEG's EXIF but keeps its comment: the reader must see it
    images = [p for p in pieces("r.pdf", weasy_pdf) if p.kind == "image"]
    assert any(p.text == "Cam Ostrander" and p.where.endswith("metadata") for p in images)


def test_pdf_every_string_is_read_however_encoded() -> None:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Creator"] = pikepdf.String("Zoë Prentiss")  # written as UTF-16
    pdf.Root["/Extra"] = pikepdf.Dictionary(Note=pikepdf.String(b"Tova Lindgren"), Tag=pikepdf.Name("/Ilse#20Varga"))
    pdf.pages[0].Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Text,
                    Rect=[0, 0, 10, 10],
                    Contents=pikepdf.String("A note"),
                    T=pikepdf.String("Mags Fairweather"),  # the note's author
                )
            ]
        )
    )
    pdf.attachments["notes-hugo-brandt.txt"] = pikepdf.AttachedFileSpec(
        pdf,
        b"Written by Saoirse Quill",
        description="Notes",
        filename="notes-hugo-brandt.txt",
        mime_type="text/plain",
        creation_date="",
        mod_date="",
    )
    out = io.BytesIO()
    pdf.save(out)
    all_pieces = pieces("r.pdf", out.getvalue())
    text = "\n".join(p.text for p in all_pieces)
    for hidden in ("Zoë Prentiss", "Tova Lindgren", "Ilse Varga", "Mags Fairweather", "hugo-brandt", "Saoirse Quill"):
        assert hidden in text, hidden
    assert "r.pdf annotation" in where(all_pieces, "Mags Fairweather")
    assert any(w.startswith("r.pdf embedded file") for w in where(all_pieces, "Saoirse Quill"))


def test_a_pdf_is_read_as_a_pdf_whatever_its_name() -> None:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = "Orla Quist"
    out = io.BytesIO()
    pdf.save(out)
    assert "r.txt metadata /Author" in [p.where for p in pieces("r.txt", out.getvalue())]


# ------------------------------------------------------------------ DOCX


def make_docx() -> bytes:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.core_properties.author = "Orla Quist"
    document.core_properties.last_modified_by = "Nell Tarrant"
    paragraph = document.add_paragraph("Ordinary words about crisis houses. Thanks to ")
    paragraph.add_run("Tam")
    paragraph.add_run("sin").bold = True  # one word split across two runs
    linked = document.add_paragraph()
    rid = linked.part.relate_to("mailto:pim.rowe%40example.org", RT.HYPERLINK, is_external=True)
    link, run, text = OxmlElement("w:hyperlink"), OxmlElement("w:r"), OxmlElement("w:t")
    link.set(qn("r:id"), rid)
    text.text = "write to us"
    run.append(text)
    link.append(run)
    linked._p.append(link)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Bex Ollander")
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(picture, "PNG", pnginfo=info)
    document.add_picture(io.BytesIO(picture.getvalue()))
    document.inline_shapes[0]._inline.docPr.set("descr", "Photo of Rafe Kettering")
    out = io.BytesIO()
    document.save(out)
    # a custom property, which python-docx cannot write
    with zipfile.ZipFile(out, "a") as z:
        z.writestr(
            "docProps/custom.xml",
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property name="Reviewer" fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2">'
            "<vt:lpwstr>Cass Whitlow</vt:lpwstr></property></Properties>",
        )
    return out.getvalue()


def test_docx_text_joins_runs_and_keeps_the_control() -> None:
    all_pieces = pieces("r.docx", make_docx())
    body = next(p for p in all_pieces if p.where == "r.docx word/document.xml")
    assert "Ordinary words about crisis houses. Thanks to Tamsin" in body.text
    assert body.kind == "text"


def test_docx_properties_links_alt_text_and_image_metadata_are_read() -> None:
    all_pieces = pieces("r.docx", make_docx())
    assert "r.docx docProps/core.xml" in where(all_pieces, "Orla Quist")
    assert "r.docx docProps/core.xml" in where(all_pieces, "Nell Tarrant")
    assert "r.docx docProps/custom.xml" in where(all_pieces, "Cass Whitlow")
    assert "r.docx word/_rels/document.xml.rels target" in where(all_pieces, "mailto:pim.rowe@example.org")
    assert "r.docx word/document.xml attributes" in where(all_pieces, "Photo of Rafe Kettering")
    image = [p for p in all_pieces if p.kind == "image" and p.text == "Bex Ollander"]
    assert [p.where for p in image] == ["r.docx word/media/image1.png metadata"]


def test_damaged_xml_in_a_zip_is_read_as_text() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:t>Ilse Varga</w:t")  # never closed
    assert "Ilse Varga" in found("r.docx", out.getvalue())


# ------------------------------------------------------------------ HTML


def make_html() -> bytes:
    photo = base64.b64encode(jpeg(exif=exif_artist("Wynn Halloran"))).decode()
    svg = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Ctitle%3EIsla Brack%3C/title%3E%3C/svg%3E"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Response</title>
<meta name="author" content="Orla Quist">
<style>.credit::after {{ content: "\\4E ell Tarrant"; }} .logo {{ background: url("{svg}"); }}</style></head>
<body><p>Ordinary words about crisis houses.</p>
<p>Thanks to <b>Tam</b>sin and &#77;ae Colt.</p>
<img src="data:image/jpeg;base64,{photo}" alt="Photo of Rafe Kettering" title="Bex Ollander">
<a href="mailto:pim%2Erowe%40example.org">write to us</a>
<!-- drafted by Fen Oakes -->
</body></html>""".encode()


def test_html_text_is_joined_across_tags_and_entities_decoded() -> None:
    text = next(p for p in pieces("r.html", make_html()) if p.where == "r.html text")
    assert "Ordinary words about crisis houses." in text.text  # the control
    assert "Thanks to Tamsin and Mae Colt." in text.text


def test_html_attributes_style_comments_and_data_uris_are_read() -> None:
    all_pieces = pieces("r.html", make_html())
    assert "r.html attribute alt" in where(all_pieces, "Photo of Rafe Kettering")
    assert "r.html attribute title" in where(all_pieces, "Bex Ollander")
    assert "r.html attribute content" in where(all_pieces, "Orla Quist")
    assert "r.html attribute href" in where(all_pieces, "mailto:pim.rowe@example.org")
    assert "r.html style" in where(all_pieces, "Nell Tarrant")  # a CSS escape undone
    assert "r.html comments" in where(all_pieces, "Fen Oakes")
    assert any("data: image/svg+xml" in w for w in where(all_pieces, "Isla Brack"))
    artist = [p for p in all_pieces if p.text == "Wynn Halloran"]
    assert [(p.where, p.kind) for p in artist] == [("r.html data: image metadata", "image")]


def test_html_source_leaves_out_data_payloads() -> None:
    source = next(p for p in pieces("r.html", make_html()) if p.where == "r.html source")
    assert "data:image/jpeg;base64," in source.text and "/9j/" not in source.text  # the JPEG's base64 is gone


def test_text_is_read_as_it_is() -> None:
    assert pieces("r-answers.txt", b"Question 1\nOrdinary answer.\n") == [
        Piece("r-answers.txt", "Question 1\nOrdinary answer.\n", "text")
    ]


# ------------------------------------------------------------------ images


def test_image_metadata_reads_exif_xp_tags_comments_and_xmp() -> None:
    data = jpeg(
        exif=exif_artist("Wynn Halloran", xp_author="Zoë Prentiss"),
        comment=b"Cam Ostrander",
        xmp=b"<x:xmpmeta><dc:creator>F&#101;n Oakes</dc:creator></x:xmpmeta>",
    )
    texts = list(image_metadata(data))
    assert {"Wynn Halloran", "Zoë Prentiss", "Cam Ostrander"} <= set(texts)
    assert any("Fen Oakes" in t for t in texts)  # XML character references undone


def test_image_metadata_reads_every_png_text_chunk_even_after_the_pixels() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Bex Ollander")
    info.add_text("Comment", "Ilse Varga", zip=True)  # zTXt
    info.add_itxt("Title", "Zoë Prentiss", zip=True)  # compressed iTXt
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(
        buf, "PNG", pnginfo=info, icc_profile=icc_profile("Tova Lindgren", "Mags Fairweather")
    )
    data = buf.getvalue()
    late = png_chunk(b"tEXt", b"Software\0Hugo Brandt") + png_chunk(b"prVt", b"Saoirse Quill")
    data = data[:-12] + late + data[-12:]  # after IDAT, before IEND
    texts = set(image_metadata(data))
    assert {"Bex Ollander", "Ilse Varga", "Zoë Prentiss", "Hugo Brandt", "Saoirse Quill"} <= texts
    assert {"Tova Lindgren", "Mags Fairweather"} <= texts  # the ICC profile's description and copyright


def test_image_metadata_reads_gif_comments_and_tiff_tags() -> None:
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, "GIF", comment=b"Cam Ostrander")
    assert "Cam Ostrander" in set(image_metadata(gif.getvalue()))
    tiff = io.BytesIO()
    Image.new("RGB", (4, 4)).save(tiff, "TIFF", exif=exif_artist("Wynn Halloran"))
    assert "Wynn Halloran" in set(image_metadata(tiff.getvalue()))


def test_image_metadata_of_a_damaged_image_does_not_fail() -> None:
    data = jpeg(comment=b"Cam Ostrander")
    assert "Cam Ostrander" in set(image_metadata(data[:60]))  # cut off just after its comment
    assert list(image_metadata(b"\x89PNG\r\n\x1a\n\0\0")) == []
