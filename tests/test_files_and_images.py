"""Files that are not what they seem: links out of the workbench, pipes and folders named
like files, huge files, two files for one person, YAML bombs, invisible control
characters, and images whose metadata names someone (promises 1, 3, 4 and 6).

Everyone here is invented.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import signal
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from pipeline.load.images import clean_image
from pipeline.load.workbench import SHIPPED_TEMPLATES
from tests.conftest import assert_user_error, docx_parts, run
from tests.factory import Bench, signed

R = "responses/crisis-house"
SECRET = "Bo Lindqvist"  # withheld: bo chose initials
SECRET_TOO = "Ottoline Fairweather"  # invented, in no contributor file: metadata alone must not carry her either
NAMES = (SECRET, SECRET_TOO)
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{SECRET}</dc:creator>'
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
)


# ------------------------------------------------------------------ helpers


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A test that would wait forever on a pipe fails instead."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("coproduce waited on a file: it must refuse it without opening it")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def check_and_build(bench: Bench) -> tuple[str, str]:
    """`check` and `build` both refuse, with no traceback; their outputs, to be asserted alike."""
    checked = assert_user_error(run(["check", str(bench.response)]))
    built = assert_user_error(run(["build", str(bench.response), "--format", "html,txt"]))
    assert not bench.out.exists()
    return checked, built


def assert_in_both(expected: str, outputs: tuple[str, str]) -> None:
    for out in outputs:
        assert expected in out, out


def approved(body: str, key: str = "section: about") -> str:
    """A contribution whose text starts on line 6."""
    return f"---\n{key}\nby: [hal]\nstatus: approved\n---\n{body}\n"


def icc_profile() -> bytes:
    """A real sRGB profile with a description naming someone, as a design tool might leave it."""
    real = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return real + f"desc: profile made by {SECRET}".encode()


def exif(orientation: int = 1) -> Image.Exif:
    data = Image.Exif()
    data[0x013B] = SECRET  # Artist
    data[0x8298] = f"Copyright {SECRET_TOO}"  # Copyright
    data[0x0112] = orientation
    return data


def png_with_metadata(size: tuple[int, int] = (6, 4)) -> bytes:
    img = Image.new("RGB", size, (31, 78, 121))
    img.putpixel((0, 0), (200, 10, 10))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)  # tEXt
    info.add_text("Comment", f"drawn by {SECRET_TOO}", zip=True)  # zTXt
    info.add_itxt("Description", f"chart by {SECRET}")  # iTXt
    info.add_itxt("XML:com.adobe.xmp", XMP)  # XMP
    out = io.BytesIO()
    img.save(out, "PNG", pnginfo=info, exif=exif(), icc_profile=icc_profile())
    return out.getvalue()


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def jpeg_with_metadata(size: tuple[int, int] = (8, 4), orientation: int = 6) -> bytes:
    """A JPEG with EXIF (Artist, orientation), an ICC profile, then XMP, IPTC and a comment added by hand."""
    img = Image.new("RGB", size, (200, 200, 30))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95, exif=exif(orientation), icc_profile=icc_profile())
    data = out.getvalue()
    extra = (
        _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP.encode())  # APP1 XMP
        + _segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + f"\x1c\x02\x50{SECRET}".encode())  # APP13 IPTC
        + _segment(0xFE, f"taken by {SECRET_TOO}".encode())  # COM
    )
    return data[:2] + extra + data[2:]


def gif_with_metadata() -> bytes:
    frames = [Image.new("P", (5, 5), i) for i in (1, 2)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], comment=f"by {SECRET}".encode())
    return out.getvalue()


def assert_clean(data: bytes, where: str) -> None:
    """No name in the bytes, and nothing but pixels when Pillow reads it back."""
    for name in NAMES:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert name.encode(encoding) not in data, f"{name!r} in {where}"
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        assert img.format in ("PNG", "JPEG"), where
        assert not img.getexif(), f"EXIF left in {where}"
        assert set(img.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}, f"{img.info} in {where}"
        if img.format == "PNG":
            assert not img.text, f"text chunks left in {where}"  # type: ignore[attr-defined]
        else:
            assert [marker for marker, _ in img.applist] == ["APP0"], f"{img.applist} in {where}"  # type: ignore[attr-defined]


def html_images(html: str) -> list[bytes]:
    return [base64.b64decode(b) for b in re.findall(r'src="data:image/[a-z]+;base64,([A-Za-z0-9+/=]+)"', html)]


def docx_images(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("word/media/")]


def with_pictures(bench: Bench) -> None:
    bench.response.joinpath("photo.jpg").write_bytes(jpeg_with_metadata())
    bench.response.joinpath("chart.png").write_bytes(png_with_metadata())
    bench.response.joinpath("drawing.gif").write_bytes(gif_with_metadata())
    bench.contribution(
        "50-pictures.md",
        signed(
            approved(
                "Our sessions, in pictures.\n\n![The workshop room](photo.jpg)\n\n"
                "![A chart of crisis beds](chart.png)\n\n![A drawing of a house](drawing.gif)"
            )
        ),
    )


def own_templates(bench: Bench) -> Path:
    templates = bench.root / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, templates, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return templates


# ------------------------------------------------------- files that are not files


def test_contribution_linked_outside_the_workbench_is_refused_unread(bench: Bench, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(approved("The door code is 4417 and the key is under the mat."))
    (bench.response / "25-q1-link.md").symlink_to(outside)
    outputs = check_and_build(bench)
    assert_in_both(f"{R}/25-q1-link.md: this is a link to a file outside the workbench; copy the file", outputs)
    for out in outputs:
        assert "door code" not in out and "4417" not in out and str(outside) not in out


def test_contributor_linked_outside_the_workbench_is_refused(bench: Bench, tmp_path: Path) -> None:
    outside = tmp_path / "zed.yaml"
    outside.write_text("name: Zebedee Quarry\ncredit: name\n")
    (bench.root / "contributors" / "zed.yaml").symlink_to(outside)
    outputs = check_and_build(bench)
    assert_in_both("contributors/zed.yaml: this is a link to a file outside the workbench", outputs)
    assert all("Zebedee" not in out for out in outputs)


def test_response_yaml_linked_outside_is_refused(bench: Bench, tmp_path: Path) -> None:
    outside = tmp_path / "response.yaml"
    shutil.move(bench.response / "response.yaml", outside)
    (bench.response / "response.yaml").symlink_to(outside)
    assert_in_both(f"{R}/response.yaml: this is a link to a file outside the workbench", check_and_build(bench))


def test_brand_yaml_linked_outside_is_refused(bench: Bench, tmp_path: Path) -> None:
    templates = own_templates(bench)
    outside = tmp_path / "brand.yaml"
    outside.write_text("logo_alt: Designed by Zebedee Quarry\n")
    (templates / "brand.yaml").unlink()
    (templates / "brand.yaml").symlink_to(outside)
    outputs = check_and_build(bench)
    assert_in_both("templates/brand.yaml: this is a link to a file outside the workbench", outputs)
    assert all("Zebedee" not in out for out in outputs)


def test_a_link_inside_the_workbench_is_fine(bench: Bench) -> None:
    shared = bench.write("shared/about.md", signed(approved("We are a peer network in Eastmoor.", "answers: q3")))
    (bench.response / "15-about.md").symlink_to(shared)
    result = run(["build", str(bench.response), "--format", "txt"])
    assert result.exit_code == 0, result.output
    assert "peer network in Eastmoor" in (bench.out / "crisis-house-answers.txt").read_text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_like_a_contribution_does_not_hang(bench: Bench) -> None:
    os.mkfifo(bench.response / "25-q1.md")
    os.mkfifo(bench.root / "contributors" / "zed.yaml")
    started = time.monotonic()
    outputs = check_and_build(bench)
    assert time.monotonic() - started < 30
    assert_in_both(f"{R}/25-q1.md: this is a named pipe, not a file; remove it", outputs)
    assert_in_both("contributors/zed.yaml: this is a named pipe, not a file", outputs)
    for command in (
        ["status"],
        ["withdraw", "ada", "--dry-run"],
        ["add", "crisis-house", "--answers", "q3", "--by", "hal"],
    ):
        result = run(command, cwd=bench.root)
        assert "Traceback" not in result.output and not isinstance(result.exception, TimeoutError), command


def test_a_folder_named_like_a_file_is_reported(bench: Bench) -> None:
    (bench.response / "25-q1.md").mkdir()
    (bench.root / "contributors" / "zed.yaml").mkdir()
    outputs = check_and_build(bench)
    assert_in_both(
        f"{R}/25-q1.md: this is a folder, not a file; rename the folder so its name does not end in .md", outputs
    )
    assert_in_both("contributors/zed.yaml: this is a folder, not a file", outputs)


def test_a_response_yaml_that_is_a_folder_is_reported_not_skipped(bench: Bench) -> None:
    (bench.response / "response.yaml").unlink()
    (bench.response / "response.yaml").mkdir()
    out = assert_user_error(run(["check"], cwd=bench.root))
    assert f"{R}/response.yaml: this is a folder, not a file" in out


def test_a_huge_contribution_is_refused_before_it_is_read(bench: Bench) -> None:
    bench.contribution("25-q1-huge.md", approved("word " * (5 * 1024 * 1024 // 5 + 10), "answers: q3"))
    outputs = check_and_build(bench)
    assert_in_both(f"{R}/25-q1-huge.md: this is 5.0 MB; files over 5.0 MB are not read; make it smaller", outputs)


def test_two_files_for_one_person_are_an_error_and_neither_is_used(bench: Bench) -> None:
    # gus withdrew in gus.yaml; an old copy as gus.yml must not bring his words back
    bench.write("contributors/gus.yml", "name: Gustav Pell\ncredit: name\nconsent: {recorded: 2025-01-10}\n")
    outputs = check_and_build(bench)
    assert_in_both(
        "contributors/gus.yaml: 'gus' has two files, contributors/gus.yaml and contributors/gus.yml, "
        "so neither is used; delete the out-of-date one",
        outputs,
    )
    for out in outputs:
        assert "'gus' is not a contributor" not in out  # reported once, on its own
    (bench.root / "contributors" / "gus.yml").unlink()
    result = run(["build", str(bench.response), "--format", "txt"])
    assert result.exit_code == 0 and "left out, written by gus" in result.output


# ---------------------------------------------------------------------- YAML bombs


def test_billion_laughs_is_refused_quickly(bench: Bench) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    bench.write("contributors/zed.yaml", "\n".join(lines) + "\nname: Zed\n")
    started = time.monotonic()
    outputs = check_and_build(bench)
    assert time.monotonic() - started < 10
    # 9 aliases on line 2, 9 on line 3: the 21st is on line 4
    assert_in_both("contributors/zed.yaml:4: this YAML uses more than 20 aliases (*name); write each value", outputs)


def test_deep_yaml_is_refused_quickly(bench: Bench) -> None:
    deep = "".join(f"{'  ' * i}a:\n" for i in range(50)) + f"{'  ' * 50}b: 1\n"
    bench.write("contributors/zed.yaml", deep)
    bench.contribution(
        "25-deep.md", "---\nsection: about\nby: [hal]\nstatus: approved\nx: " + "[" * 50 + "]" * 50 + "\n---\nHi\n"
    )
    started = time.monotonic()
    outputs = check_and_build(bench)
    assert time.monotonic() - started < 10
    # the 21st level starts on line 21 of the file, and on line 5 of the contribution (after its ---)
    assert_in_both("contributors/zed.yaml:21: this YAML is nested more than 20 levels deep", outputs)
    assert_in_both(f"{R}/25-deep.md:5: this YAML is nested more than 20 levels deep", outputs)


def test_a_few_aliases_are_still_allowed(bench: Bench) -> None:
    bench.write(
        "contributors/zed.yaml",
        "base: &who {recorded: 2025-01-10, quotes: attributed}\nname: Zed Quarry\ncredit: role\nrole: Volunteer\n"
        "consent: *who\n",
    )
    # an unknown field, not a refusal of the alias: the file was read
    out = assert_user_error(run(["check", str(bench.response)]))
    assert "more than 20 aliases" not in out and "contributors/zed.yaml:1:1: unknown field 'base'" in out


# -------------------------------------------------------------- control characters


def test_word_vertical_tab_and_form_feed_become_spaces_with_a_warning(bench: Bench) -> None:
    bench.contribution("25-q1-word.md", signed(approved("A calm\x0broom, and\r\nkind\x0cstaff.", "answers: q3")))
    checked = run(["check", str(bench.response)])
    built = run(["build", str(bench.response), "--format", "html,txt"])
    for result in (checked, built):
        assert result.exit_code == 0, result.output
        # line 7 is the first line of text (line 5 is the approval record); columns count characters from 1
        assert f"{R}/25-q1-word.md:7:7: a vertical tab (U+000B), as Word leaves, was read as a space" in result.output
        assert f"{R}/25-q1-word.md:8:5: a form feed (U+000C)" in result.output
    text = (bench.out / "crisis-house-answers.txt").read_text()
    assert "A calm room, and kind staff." in " ".join(text.split()) and "\x0b" not in text and "\x0c" not in text


def test_other_control_characters_are_errors_with_line_and_column(bench: Bench) -> None:
    bench.contribution("25-q1-ctl.md", approved("Line one.\r\nSecond\x00line\x1b and\x7f\x85.", "answers: q3"))
    bench.write("contributors/zed.yaml", "name: Zed\x07 Quarry\ncredit: role\nrole: Volunteer\n")
    outputs = check_and_build(bench)
    fix = "delete it; it is invisible in most editors, so retype the word around it"
    assert_in_both(f"{R}/25-q1-ctl.md:7:7: an invisible control character (U+0000); {fix}", outputs)
    assert_in_both(f"{R}/25-q1-ctl.md:7:12: an invisible control character (U+001B)", outputs)
    assert_in_both(f"{R}/25-q1-ctl.md:7:17: an invisible control character (U+007F)", outputs)
    assert_in_both(f"{R}/25-q1-ctl.md:7:18: an invisible control character (U+0085)", outputs)
    assert_in_both("contributors/zed.yaml:1:10: an invisible control character (U+0007)", outputs)


def test_a_control_character_made_by_a_yaml_escape_is_an_error(bench: Bench) -> None:
    bench.write("contributors/zed.yaml", 'credit: role\nrole: Volunteer\nname: "Zed\\e[2J Quarry"\n')
    outputs = check_and_build(bench)
    assert_in_both("contributors/zed.yaml:3:7: this value makes an invisible control character (U+001B)", outputs)
    assert all("\x1b" not in out for out in outputs)


def test_a_control_character_cannot_hide_a_withheld_name(bench: Bench) -> None:
    # the vertical tab becomes a space, so the name is seen and the build refused
    bench.contribution("25-q1-hidden.md", approved("Thanks to Bo\x0bLindqvist for the idea.", "answers: q3"))
    assert_user_error(run(["build", str(bench.response), "--format", "txt"]))
    assert not (bench.out / "crisis-house-answers.txt").exists()


# ------------------------------------------------------------------------- images


def test_the_metadata_check_can_see_a_name() -> None:
    # every original carries the names, in its bytes or where Pillow reads metadata
    for original in (png_with_metadata(), jpeg_with_metadata(), gif_with_metadata()):
        with pytest.raises(AssertionError):
            assert_clean(original, "the original")


def test_image_metadata_never_reaches_html_or_docx(bench: Bench) -> None:
    with_pictures(bench)
    result = run(["build", str(bench.response), "--format", "html,docx,txt"])
    assert result.exit_code == 0, result.output
    html = (bench.out / "crisis-house.html").read_text()
    embedded = html_images(html)
    media = docx_images(bench.out / "crisis-house.docx")
    assert len(embedded) == 3 and len(media) == 3  # three pictures, and no logo: the organisation gave none
    for i, data in enumerate(embedded):
        assert_clean(data, f"HTML image {i + 1}")
    for i, data in enumerate(media):
        assert_clean(data, f"DOCX image {i + 1}")
    for path in bench.out.iterdir():
        raw = path.read_bytes()
        for name in NAMES:
            assert name.encode() not in raw, f"{name} in {path.name}"
    for part, text in docx_parts(bench.out / "crisis-house.docx").items():
        assert all(name not in text for name in NAMES), part
        assert "photo.jpg" not in text and "chart.png" not in text  # file names are not kept either


def test_images_keep_their_pixels_upright_and_their_first_frame(bench: Bench, tmp_path: Path) -> None:
    with_pictures(bench)
    response = bench.response.resolve()

    def cleaned(name: str) -> Image.Image:
        result, problems = clean_image(response / name, name, root=response, where="x.md", line=1)
        assert result is not None and not problems
        return Image.open(io.BytesIO(result.data))

    photo, chart, drawing = cleaned("photo.jpg"), cleaned("chart.png"), cleaned("drawing.gif")
    assert (photo.format, photo.size) == ("JPEG", (4, 8))  # EXIF orientation 6 applied: turned a quarter
    assert (chart.format, chart.size) == ("PNG", (6, 4))
    assert chart.convert("RGB").getpixel((0, 0)) == (200, 10, 10)
    assert drawing.format == "PNG" and getattr(drawing, "n_frames", 1) == 1


def test_image_metadata_never_reaches_the_pdf(bench: Bench) -> None:
    import pikepdf

    with_pictures(bench)
    result = run(["build", str(bench.response), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(bench.out / "crisis-house.pdf") as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                for data in (obj.read_raw_bytes(), _decoded(obj)):
                    assert all(name.encode() not in data for name in NAMES)


def _decoded(stream: object) -> bytes:
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    try:
        return stream.read_bytes()
    except pikepdf.PdfError:  # a JPEG stays DCT-encoded; its raw bytes were checked
        return b""


def test_the_logo_is_cleaned_too(bench: Bench) -> None:
    templates = own_templates(bench)
    (templates / "logo.png").write_bytes(png_with_metadata((12, 4)))
    (templates / "brand.yaml").write_text("logo: logo.png\n")  # the organisation's own logo
    result = run(["build", str(bench.response), "--format", "html,docx"])
    assert result.exit_code == 0, result.output
    [logo] = html_images((bench.out / "crisis-house.html").read_text())
    assert_clean(logo, "the HTML logo")
    [media] = docx_images(bench.out / "crisis-house.docx")
    assert_clean(media, "the DOCX logo")


def test_an_svg_saved_as_png_is_refused(bench: Bench) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text y="20">{SECRET}</text></svg>'
    bench.response.joinpath("chart.png").write_text(svg)
    bench.response.joinpath("map.svg").write_text(svg)
    bench.contribution("50-pictures.md", approved("A chart.\n\n![A chart](chart.png)\n\nA map.\n\n![A map](map.svg)"))
    outputs = check_and_build(bench)
    assert_in_both(f"{R}/50-pictures.md:8: the image 'chart.png' is not really a PNG image", outputs)
    assert_in_both(f"{R}/50-pictures.md:12: the image 'map.svg' is an SVG drawing", outputs)
    assert_in_both("save it as PNG", outputs)
    assert all(SECRET not in out for out in outputs)


def test_an_svg_logo_is_refused(bench: Bench) -> None:
    templates = own_templates(bench)
    (templates / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (templates / "brand.yaml").write_text("logo: logo.svg\n")
    assert_in_both("templates/brand.yaml:1: the image 'logo.svg' is an SVG drawing", check_and_build(bench))


def test_an_image_of_the_wrong_kind_says_what_it_is(bench: Bench) -> None:
    bench.response.joinpath("photo.png").write_bytes(jpeg_with_metadata())
    bench.contribution("50-pictures.md", approved("![A photo](photo.png)"))
    outputs = check_and_build(bench)
    assert_in_both(
        f"{R}/50-pictures.md:6: the image 'photo.png' is really a JPEG image, not a PNG; rename it to end in .jpg",
        outputs,
    )


def test_a_decompression_bomb_is_refused(bench: Bench) -> None:
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")  # 50 million pixels in a few kilobytes
    bench.response.joinpath("bomb.png").write_bytes(out.getvalue())
    bench.contribution("50-pictures.md", approved("![A blank](bomb.png)"))
    started = time.monotonic()
    outputs = check_and_build(bench)
    assert time.monotonic() - started < 20
    assert_in_both(f"{R}/50-pictures.md:6: the image 'bomb.png' has more than 40 million pixels", outputs)


def test_a_damaged_or_huge_image_file_is_refused(bench: Bench) -> None:
    bench.response.joinpath("broken.png").write_bytes(png_with_metadata()[:60])
    with open(bench.response / "huge.jpg", "wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: takes no room on disk
    bench.contribution("50-pictures.md", approved("![A chart](broken.png)\n\n![A photo](huge.jpg)"))
    outputs = check_and_build(bench)
    assert_in_both(f"{R}/50-pictures.md:6: the image 'broken.png' could not be read", outputs)
    assert_in_both(f"{R}/50-pictures.md:8: the image 'huge.jpg' is 21.0 MB; files over 20.0 MB are not read", outputs)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_image_that_is_a_pipe_does_not_hang(bench: Bench) -> None:
    os.mkfifo(bench.response / "chart.png")
    bench.contribution("50-pictures.md", approved("![A chart](chart.png)"))
    assert_in_both(f"{R}/50-pictures.md:6: the image 'chart.png' is a named pipe, not a file", check_and_build(bench))


def test_an_image_linked_outside_the_response_is_refused(bench: Bench, tmp_path: Path) -> None:
    outside = tmp_path / "private.png"
    outside.write_bytes(png_with_metadata())
    (bench.response / "chart.png").symlink_to(outside)
    bench.contribution("50-pictures.md", approved("![A chart](chart.png)"))
    assert_in_both(
        f"{R}/50-pictures.md:6: the image 'chart.png' is outside the response folder", check_and_build(bench)
    )


# -------------------------------------------------------------------- determinism


def test_same_input_same_bytes(bench: Bench, tmp_path: Path) -> None:
    with_pictures(bench)
    built = []
    for n in range(2):
        out = tmp_path / f"out{n}"
        result = run(["build", str(bench.response), "--format", "html,docx,txt", "--out", str(out)])
        assert result.exit_code == 0, result.output
        built.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert built[0] == built[1] and len(built[0]) == 3
    response = bench.response.resolve()
    once, _ = clean_image(response / "photo.jpg", "photo.jpg", root=response, where="x.md")
    again, _ = clean_image(response / "photo.jpg", "photo.jpg", root=response, where="x.md")
    assert once is not None and once == again
