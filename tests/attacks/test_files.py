"""Files: what a contribution, a contributor file or an image may be. Links and FIFOs,
folders and huge files, YAML bombs and control characters are refused with the file
named; images are re-encoded without any of their metadata, and their real format
must match their name. Contributed content reads no local file and reaches no network.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from tests.attacks.kit import (
    R,
    build,
    built_clean,
    check,
    cli_process,
    contribute,
    nothing_written,
    own_templates,
    problem_lines,
    refused,
    write_file,
)
from tests.attacks.readers import image_metadata
from tests.factory import Bench
from tests.sample_doc import tiny_png

FRONT = "---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n"


def _refused_by_process(bench: Bench, rel: str, *, timeout: float = 20, also_any: tuple[str, ...] = ()) -> str:
    """`coproduce check` in its own process (it might hang): exit 1, the file named, no traceback."""
    done = cli_process(["check", "--draft", "responses/crisis-house"], bench.root, timeout=timeout)
    out = done.stdout + done.stderr
    assert done.returncode == 1, f"exit status {done.returncode}:\n{out}"
    assert "Traceback" not in out and "internal error" not in out, out
    named = [p for p in problem_lines(out) if p[0] == rel]
    assert named, f"no message names {rel}:\n{out}"
    if also_any:
        assert any(any(w in p[3] for w in also_any) for p in named), f"the message should say one of {also_any}:\n{out}"
    return out


# ------------------------------------------------------------------ what a contribution may be


def test_a_contribution_that_links_outside_the_workbench_is_refused_unread(bench: Bench, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "diary.md"
    outside.parent.mkdir()
    outside.write_text(FRONT + "Private diary: the orchard gate code is 4471.\n", encoding="utf-8")
    (bench.response / "71-link.md").symlink_to(outside)
    out = refused(bench, f"{R}/71-link.md", None)
    assert "orchard gate code" not in out and "4471" not in out


def test_a_contribution_that_links_to_a_system_file_is_refused(bench: Bench) -> None:
    (bench.response / "71-passwd.md").symlink_to("/etc/passwd")
    out = refused(bench, f"{R}/71-passwd.md", None)
    assert "root:" not in out


def test_a_contribution_that_links_to_a_contributor_file_is_refused_unprinted(bench: Bench) -> None:
    (bench.response / "71-link.md").symlink_to(bench.root / "contributors" / "eli.yaml")
    out = refused(bench, f"{R}/71-link.md", None)
    assert "Elias" not in out and "elias@" not in out


def test_a_fifo_named_like_a_contribution_is_refused_without_hanging(bench: Bench) -> None:
    os.mkfifo(bench.response / "71-pipe.md")
    _refused_by_process(bench, f"{R}/71-pipe.md")


def test_a_folder_named_like_a_contribution_is_refused(bench: Bench) -> None:
    (bench.response / "71-folder.md").mkdir()
    (bench.response / "71-folder.md" / "note.txt").write_text("x", encoding="utf-8")
    refused(bench, f"{R}/71-folder.md", None)


def test_a_huge_contribution_is_refused_by_size(bench: Bench) -> None:
    with (bench.response / "71-huge.md").open("w", encoding="utf-8") as f:
        f.write(FRONT)
        chunk = "a word " * 150_000
        for _ in range(64):  # about 64 MB on one line
            f.write(chunk)
        f.write("\n")
    _refused_by_process(bench, f"{R}/71-huge.md", timeout=25, also_any=("large", "big", "MB", "size", "bytes"))


def test_two_files_for_one_contributor_are_refused(bench: Bench) -> None:
    write_file(bench, "contributors/ada.yml", "name: Ada Fenwick-Other\ncredit: anonymous\n")
    result = build(bench)
    out = result.output
    assert result.exit_code == 1 and "Traceback" not in out, out
    named = [p for p in problem_lines(out) if p[0] in ("contributors/ada.yaml", "contributors/ada.yml")]
    assert any("ada.yml" in p[0] + p[3] and "ada.yaml" in p[0] + p[3] for p in named), (
        f"both files should be named:\n{out}"
    )
    nothing_written(bench)
    assert check(bench).exit_code == 1


LAUGHS = "".join(
    f"  - &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)
)  # each level ten times the one before: 10^9 strings


def test_a_yaml_bomb_in_a_contributor_file_is_refused(bench: Bench) -> None:
    write_file(
        bench,
        "contributors/lola.yaml",
        "name: Lola Laughton\ncredit: anonymous\nemails:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + LAUGHS,
    )
    _refused_by_process(bench, "contributors/lola.yaml")


def test_a_yaml_bomb_in_front_matter_is_refused(bench: Bench) -> None:
    text = (
        "---\nanswers: q3\nstatus: approved\nby:\n  - &a [hal, hal, hal, hal, hal, hal, hal, hal, hal, hal]\n"
        + LAUGHS
        + "---\nText.\n"
    )
    (bench.response / "71-bomb.md").write_text(text, encoding="utf-8")
    _refused_by_process(bench, f"{R}/71-bomb.md")


def test_deeply_nested_yaml_is_refused(bench: Bench) -> None:
    write_file(bench, "contributors/deep.yaml", "name: Deep Nesting\nemails: " + "[" * 5000 + "]" * 5000 + "\n")
    refused(bench, "contributors/deep.yaml", None)


CONTROLS = [
    ("nul", "\x00"),
    ("bell", "\x07"),
    ("backspace", "\x08"),
    ("escape-sequence", "\x1b[2J\x1b[31m"),
    ("delete", "\x7f"),
    ("c1-next-line", "\x85"),
    ("c1-csi", "\x9b31m"),
]


@pytest.mark.parametrize("char", [c[1] for c in CONTROLS], ids=[c[0] for c in CONTROLS])
def test_a_control_character_in_a_contribution_is_refused(bench: Bench, char: str) -> None:
    w = contribute(bench, "71-control.md", f"First line.\nA line with a{char}control character.\n")
    out = refused(bench, w.rel, 7, None)
    assert char not in out, "the message echoes the control character to the terminal"


@pytest.mark.parametrize("char", ["\x0b", "\x0c"], ids=["vertical-tab", "form-feed"])
def test_a_control_character_word_leaves_is_made_a_space_with_a_notice(bench: Bench, char: str) -> None:
    # Word leaves vertical tabs (line breaks) and form feeds (page breaks) in pasted text: the issue asks for
    # them to be normalised at load with a notice, not refused
    w = contribute(bench, "71-control.md", f"First line.\nA line with a{char}control character.\n")
    result, outputs = built_clean(bench, present=("a control character",))
    assert f"{w.rel}:7:14:" in result.output and "(warning)" in result.output, result.output
    assert not any(char in text for text in outputs.raw.values()), "the control character reached an output"
    # and it cannot hide a name: the name around it is still read whole
    shutil.rmtree(bench.root / "build")
    contribute(bench, "71-control.md", f"Thanks to Elias{char}Thorne.\n")
    refused(bench, w.rel, 6, "eli")


def test_an_escape_sequence_in_a_contributor_name_is_refused(bench: Bench) -> None:
    w = write_file(bench, "contributors/esc.yaml", 'credit: anonymous\nname: "Esc\\e[2J Person"\n')
    out = refused(bench, w.rel, 2, None)
    assert "\x1b" not in out


def test_a_control_character_in_response_yaml_is_refused(bench: Bench) -> None:
    path = bench.response / "response.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Riverside Peer", "Riverside\x07Peer"), encoding="utf-8")
    refused(bench, f"{R}/response.yaml", 2, None)


# ------------------------------------------------------------------ images: metadata

NAME = "Elias Thorne"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Elias Thorne</dc:creator>'
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _exif() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    exif[0x8298] = "Wilfred Ashcombe"  # Copyright: not even a contributor
    return exif.tobytes()


def _icc() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def make_image(kind: str) -> tuple[str, bytes]:
    """An 8x8 picture carrying one kind of metadata; returns (file name, bytes)."""
    from PIL import Image, PngImagePlugin

    img = Image.new("RGB", (8, 8), (31, 78, 121))
    buf = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    if kind == "png-text":
        info.add_text("Author", NAME)
        img.save(buf, "PNG", pnginfo=info)
    elif kind == "png-itxt":
        info.add_itxt("Description", f"Drawn by {NAME}", lang="en", tkey="Description")
        img.save(buf, "PNG", pnginfo=info)
    elif kind == "png-ztxt":
        info.add_text("Comment", f"Drawn by {NAME}", zip=True)
        img.save(buf, "PNG", pnginfo=info)
    elif kind == "png-exif":
        img.save(buf, "PNG", exif=_exif())
    elif kind == "png-xmp":
        info.add_itxt("XML:com.adobe.xmp", XMP)
        img.save(buf, "PNG", pnginfo=info)
    elif kind == "png-icc":
        img.save(buf, "PNG", icc_profile=_icc())
    elif kind == "png-everything":
        info.add_text("Author", NAME)
        info.add_text("Comment", NAME, zip=True)
        info.add_itxt("XML:com.adobe.xmp", XMP)
        img.save(buf, "PNG", pnginfo=info, exif=_exif(), icc_profile=_icc())
    elif kind == "jpeg-exif":
        img.save(buf, "JPEG", exif=_exif())
    elif kind == "jpeg-comment":
        img.save(buf, "JPEG", comment=NAME.encode())
    elif kind == "jpeg-xmp":
        img.save(buf, "JPEG", xmp=XMP.encode())
    elif kind == "jpeg-icc":
        img.save(buf, "JPEG", icc_profile=_icc())
    elif kind == "jpeg-iptc":
        img.save(buf, "JPEG")
        iptc = b"\x1c\x02\x50" + struct.pack(">H", len(NAME)) + NAME.encode()  # 2:80 By-line
        irb = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
        payload = b"Photoshop 3.0\x00" + irb
        app13 = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
        data = buf.getvalue()
        buf = io.BytesIO(data[:2] + app13 + data[2:])
    elif kind == "png-private-chunk":
        img.save(buf, "PNG")
        data = buf.getvalue()
        body = b"by " + NAME.encode()
        chunk = struct.pack(">I", len(body)) + b"prIv" + body + struct.pack(">I", zlib.crc32(b"prIv" + body))
        end = data.rindex(b"IEND") - 4
        buf = io.BytesIO(data[:end] + chunk + data[end:])
    elif kind == "gif-comment":
        img.save(buf, "GIF", comment=NAME.encode())
    else:
        raise ValueError(kind)
    suffix = {"png": ".png", "jpe": ".jpg", "gif": ".gif"}[kind[:3]]
    return f"chart{suffix}", buf.getvalue()


KINDS = [
    "png-private-chunk",
    "jpeg-iptc",
    "png-text",
    "png-itxt",
    "png-ztxt",
    "png-exif",
    "png-xmp",
    "png-icc",
    "jpeg-exif",
    "jpeg-comment",
    "jpeg-xmp",
    "jpeg-icc",
    "gif-comment",
]


@pytest.mark.parametrize("kind", KINDS)
def test_image_metadata_of_each_kind_is_dropped(bench: Bench, kind: str) -> None:
    name, data = make_image(kind)
    assert image_metadata(data) or b"Elias Thorne" in data, f"the test image should carry {kind}"
    (bench.response / name).write_bytes(data)
    contribute(bench, "71-image.md", f"![A bar chart of beds]({name})\n")
    _, out = built_clean(bench, extra_secrets=("Wilfred Ashcombe",))
    assert out.images, "no image was found in the outputs"  # built_clean checked each one's metadata


def test_image_metadata_is_dropped_from_the_pdf_too(bench: Bench) -> None:
    name, data = make_image("png-everything")
    (bench.response / name).write_bytes(data)
    contribute(bench, "71-image.md", f"![A bar chart of beds]({name})\n", signed_off=True)
    _, out = built_clean(bench, formats="pdf,html,docx,txt", draft=False, extra_secrets=("Wilfred Ashcombe",))
    assert any(where.startswith("pdf") for where in out.images), "the PDF's images were not read"


def test_the_logo_is_re_encoded_without_metadata(bench: Bench) -> None:
    own_templates(bench)
    _, data = make_image("png-everything")
    (bench.root / "templates" / "logo.png").write_bytes(data)
    (bench.root / "templates" / "brand.yaml").write_text("logo: logo.png\n")  # the organisation's own logo
    _, out = built_clean(bench, extra_secrets=("Wilfred Ashcombe",))
    assert any(where.startswith("html data: URI") for where in out.images)


# ------------------------------------------------------------------ images: what they really are

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd" width="9" height="9"/></svg>'


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("chart.png", SVG),
        ("chart.jpg", None),  # a PNG named .jpg
        ("chart.gif", b"GIF? no, just some text\n"),
        ("chart.png", b"<html><img src='http://example.org/track.png'></html>"),
    ],
    ids=["svg-saved-as-png", "png-saved-as-jpg", "text-saved-as-gif", "html-saved-as-png"],
)
def test_an_image_whose_content_is_not_what_its_name_says_is_refused(
    bench: Bench, name: str, data: bytes | None
) -> None:
    path = bench.response / name
    if data is None:
        tiny_png(path)
    else:
        path.write_bytes(data)
    w = contribute(bench, "71-image.md", f"Text.\n\n![A bar chart of beds]({name})\n")
    refused(bench, w.rel, 8, None, also=(name,))


def _huge_png(path: Path, side: int) -> None:
    """A PNG header claiming side x side pixels, with only a little data: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (side + 1) * 4)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def test_an_image_over_the_pixel_limit_is_refused(bench: Bench) -> None:
    _huge_png(bench.response / "chart.png", 30000)
    w = contribute(bench, "71-image.md", "Text.\n\n![A bar chart of beds](chart.png)\n")
    refused(bench, w.rel, 8, None, also=("chart.png",))


def test_an_image_that_links_outside_the_response_is_refused(bench: Bench, tmp_path: Path) -> None:
    tiny_png(tmp_path / "elsewhere.png")
    (bench.response / "chart.png").symlink_to(tmp_path / "elsewhere.png")
    w = contribute(bench, "71-image.md", "Text.\n\n![A bar chart of beds](chart.png)\n")
    refused(bench, w.rel, 8, None)


# ------------------------------------------------------------------ promise 3: no local files, no network


@pytest.mark.parametrize(
    "src",
    ["//example.org/beacon.png", "%2e%2e/%2e%2e/contributors/ada.yaml", "..%2f..%2ftemplates%2flogo.png", "/etc/hosts"],
    ids=["protocol-relative", "percent-encoded-dot-dot", "percent-encoded-slashes", "absolute-path"],
)
def test_an_image_from_anywhere_but_the_response_folder_is_refused(bench: Bench, src: str) -> None:
    w = contribute(bench, "71-image.md", f"Text.\n\n![A picture]({src})\n")
    refused(bench, w.rel, 8, None)


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(document.cookie))",
        "[open](file:///etc/passwd)",
        "[see](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](file:///etc/passwd)",
    ],
    ids=["javascript-link", "file-link", "data-link", "file-image"],
)
def test_a_link_that_could_run_or_read_something_never_becomes_one(bench: Bench, link: str) -> None:
    w = contribute(bench, "71-link.md", f"Text.\n\n{link}\n")
    result = build(bench)
    if result.exit_code == 1:  # refused, naming the line: good
        assert "Traceback" not in result.output
        assert any(p[0] == w.rel and p[1] == 8 for p in problem_lines(result.output)), result.output
        nothing_written(bench)
        return
    assert result.exit_code == 0, result.output
    import zipfile

    page = (bench.draft_out / "crisis-house.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(bench.draft_out / "crisis-house.docx") as z:
        rels = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".rels"))
    for bad in ('href="javascript', 'href="file', 'href="data', 'src="file'):
        assert bad not in page.lower(), f"{bad} in the HTML"
    for bad in ('target="javascript', 'target="file', 'target="data'):
        assert bad not in rels.lower(), f"{bad} in the DOCX relationships"
