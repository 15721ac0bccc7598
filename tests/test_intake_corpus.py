"""Intake on a corpus of Word and OpenDocument files made by different programs (tests/fixtures/intake/).

python-docx wrote some (with the parts it cannot write added as Word writes them), LibreOffice
converted them to .odt and back to .docx, and converted a web page to both. See make_corpus.py.

Each file's words are checked against an independent reading written here: a plain walk of its
XML (zipfile and xml.etree, no intake code), which keeps every w:t of the body, footnotes and
endnotes but no deleted text, hidden run or comment, or, for OpenDocument, the text: content of
the body. At least 99.5% of those words (counted as a multiset) must come through, per file.
Run with -s to see the share for each file. Every structure the corpus holds is checked too.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from PIL import Image

from tests.conftest import run
from tests.factory import Bench, make_bench

CORPUS = Path(__file__).parent / "fixtures" / "intake"
FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".docx", ".odt", ".fodt"))
SECRET_WORDS = ("Ottoline", "Brackenbury")  # the invented name only ever in the pictures' metadata
HEADER_LINE = re.compile(r"^(Question|Section|Written by|Response):", re.IGNORECASE)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"


# ------------------------------------------------------------------ the independent reading


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower())


def _parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _ancestors(el: ET.Element, parents: dict[ET.Element, ET.Element]) -> list[ET.Element]:
    found = []
    while el in parents:
        el = parents[el]
        found.append(el)
    return found


def word_reading(data: bytes) -> list[str]:
    """Every w:t of the body, footnotes and endnotes, a paragraph at a time; a drop cap joined to the next.

    Left out: deleted text (w:delText), runs marked w:vanish, mc:Fallback (the same text again, for
    old readers), comments (their own part), and paragraphs that are header lines.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [
            z.read(n) for n in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml") if n in z.namelist()
        ]
    words: list[str] = []
    for part in parts:
        root = ET.fromstring(part)
        parents = _parents(root)
        carried = ""
        for p in root.iter(W + "p"):
            if any(a.tag == MC_FALLBACK for a in _ancestors(p, parents)):
                continue
            text = ""
            for t in p.iter(W + "t"):
                up = _ancestors(t, parents)
                if next(a for a in up if a.tag == W + "p") is not p:
                    continue  # a text box's paragraph, read on its own
                run_ = next((a for a in up if a.tag == W + "r"), None)
                if run_ is not None and run_.find(f"{W}rPr/{W}vanish") is not None:
                    continue
                text += t.text or ""
            frame = p.find(f"{W}pPr/{W}framePr")
            if frame is not None and frame.get(W + "dropCap", "none") != "none":
                carried += text
                continue
            text, carried = carried + text, ""
            if not HEADER_LINE.match(text.strip()):
                words += _words(text)
    return words


def odf_reading(data: bytes) -> list[str]:
    """The text: content of the body, a paragraph at a time: no tracked deletions, comments, note numbers
    or text set not to display."""
    if data.lstrip().startswith(b"<"):
        root = ET.fromstring(data)
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = ET.fromstring(z.read("content.xml"))
    hidden = {
        s.get(STYLE + "name")
        for s in root.iter(STYLE + "style")
        if any(p.get(TEXT + "display") == "none" for p in s.iter(STYLE + "text-properties"))
    }
    skipped = {TEXT + "tracked-changes", OFFICE + "annotation", TEXT + "note-citation"}
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    assert body is not None
    # a deletion may be marked in the text, its words left between change-start and change-end
    deletions = {
        r.get(TEXT + "id") for r in root.iter(TEXT + "changed-region") if r.find(TEXT + "deletion") is not None
    }
    open_deletions: set[str | None] = set()

    def tail(el: ET.Element) -> str:
        return "" if open_deletions else el.tail or ""

    def text_of(el: ET.Element, top: ET.Element) -> str:
        if el.tag in (TEXT + "change-start", TEXT + "change-end") and el.get(TEXT + "change-id") in deletions:
            (open_deletions.add if el.tag.endswith("start") else open_deletions.discard)(el.get(TEXT + "change-id"))
            return tail(el)
        if el.tag in skipped or el.get(TEXT + "style-name") in hidden and el.tag == TEXT + "span":
            return tail(el) if el is not top else ""
        if el is not top and el.tag in (TEXT + "p", TEXT + "h"):
            return tail(el)  # a paragraph inside this one (a note, a text box): read on its own
        if el.tag.startswith(DRAW):
            return tail(el)  # a frame, picture or formula: not text: content (a text box's paragraphs are)
        inner = ("" if open_deletions else el.text or "") + "".join(text_of(child, top) for child in el)
        if el.tag == TEXT + "s":
            inner = " "
        return inner + (tail(el) if el is not top else "")

    words: list[str] = []
    parents = _parents(body)
    for p in body.iter():
        if p.tag not in (TEXT + "p", TEXT + "h"):
            continue
        if any(a.tag in skipped for a in _ancestors(p, parents)):
            continue
        text = text_of(p, p)
        if not HEADER_LINE.match(text.strip()):
            words += _words(text)
    return words


def independent(name: str) -> list[str]:
    data = (CORPUS / name).read_bytes()
    return word_reading(data) if name.endswith(".docx") else odf_reading(data)


# ------------------------------------------------------------------ one intake run over the corpus


@pytest.fixture(scope="module")
def taken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bench, dict[str, Path], str]:
    """Every corpus file dropped into one shared folder with no header, folder or name to place it."""
    bench = make_bench(tmp_path_factory.mktemp("corpus") / "wb")
    shared = bench.root.parent / "shared"
    shared.mkdir()
    for name in FILES:
        shutil.copy(CORPUS / name, shared / name)
    result = run(["intake", str(shared)], cwd=bench.root)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1), result.output
    record = yaml.safe_load((bench.response / "intake" / "record.yaml").read_text(encoding="utf-8"))
    became = {e["source"]: bench.response / e["became"] for e in record["taken_in"]}
    return bench, became, result.output


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def unescaped(markdown: str) -> str:
    """The text as Markdown shows it: a backslash before punctuation only keeps it from being markup."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def test_no_file_is_refused_and_every_one_is_taken_in(taken: tuple[Bench, dict[str, Path], str]) -> None:
    _, became, output = taken
    assert "Not taken in (" not in output and "not taken in" not in output.split("\n", 1)[0]
    assert sorted(became) == FILES
    assert all(path.is_file() for path in became.values())


@pytest.mark.parametrize("name", FILES)
def test_words_come_through(taken: tuple[Bench, dict[str, Path], str], name: str) -> None:
    _, became, _ = taken
    expected = Counter(independent(name))
    kept = Counter(_words(unescaped(body(became[name]))))
    found = sum(min(n, kept[w]) for w, n in expected.items())
    share = found / sum(expected.values())
    missing = expected - kept
    print(f"\n{name}: {share:.2%} of {sum(expected.values())} words came through", dict(missing) or "")
    assert sum(expected.values()) > 20  # the reading found the text: a share of nothing proves nothing
    assert share >= 0.995, missing


# ------------------------------------------------------------------ every structure


FEATURE_FILES = ("corpus-python-docx.docx", "corpus-lo.odt", "corpus-lo-from-odt.docx", "corpus-lo.fodt")


@pytest.mark.parametrize("name", FEATURE_FILES)
def test_every_word_feature_is_read(taken: tuple[Bench, dict[str, Path], str], name: str) -> None:
    bench, became, output = taken
    text = body(became[name])
    report = output.split(name, 1)[1].split("\n  corpus-", 1)[0]
    # footnotes and endnotes, with the link in a note read from the note's own relationships
    assert "forty households[^1] and a second round followed in spring[^2], as the method explains.[^3]" in text
    assert "[^1]: Households were found through [the parish newsletter](https://example.org/parish-news)" in text
    assert "[^3]: Figures rounded to the nearest whole household." in text
    assert "2 footnotes and 1 endnote" in report
    # a numbered list going on after a paragraph; a nested list
    assert "call passes on.\n\n3. Wait for the callback" in text
    assert "- A named person to call\n   - someone who knows the area\n   - someone awake after midnight" in text
    # a table, and a table inside it
    assert "| Village | Calls answered |\n|---|---|\n| Hartwell Green | Weekdays nineteen Weekends seven |" in text
    assert "1 table inside a table" in report
    # quote styles
    for quoted in ("Nobody should have to explain", "The worst part was the waiting", "We asked for kindness"):
        assert f"\n> {quoted}" in text
    # raised, lowered and struck text
    assert "40 m² and has no CO₂ alarm; it opened on the 3rd of May" in text
    assert "Funding ends in June Funding is secure" in text and "struck-through text (4 words)" in report
    # a text box, once, after its paragraph; an equation as a line of text
    assert text.count("Boxed reminder: the night bus stops at Orchard Lane.") == 1
    assert "every meeting.\n\nBoxed reminder" in text and "1 text box" in report
    assert "Cover per night works out as (staff)/(calls)x² in the model." in text and "1 equation" in report
    # a drop cap joined to its word
    assert "When the helpline closes at ten" in text
    # comments and tracked changes reported, never copied; hidden text reported, never shown
    assert "The panel met monthly through the winter." in text
    assert "Is this from the spring round" not in text and "Invented" not in text + report
    assert "1 comment and 2 tracked changes by 2 people (not named here)" in report
    assert "Draft note to self" not in text and "rota spreadsheet" not in text
    assert "hidden text (8 words)" in report
    # the picture, with its alt text, beside the contribution
    [(alt, target)] = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", text)
    assert alt == "Hand-drawn map of the valley with the three drop-in rooms marked"
    picture = bench.response / target
    assert picture.parent == became[name].parent and picture.is_file()
    with Image.open(picture) as img:
        assert img.size == (12, 8)


@pytest.mark.parametrize("name", ("corpus-web.docx", "corpus-web.odt"))
def test_libreoffice_from_html(taken: tuple[Bench, dict[str, Path], str], name: str) -> None:
    _, became, output = taken
    text = body(became[name])
    assert "and taxis[^1] cost more" in text and "[^1]: A return taxi from Kestrel Bridge" in text
    assert "25 m² and the boiler vents CO₂ outside; the 2nd room" in text
    assert "Kestrel Bridge.\n\n3. Pay drivers' mileage" in text  # <ol start="3">
    assert "- Lifts we heard about\n   - a neighbour with a van" in text
    assert "\n> I stayed home for a year" in text
    assert "| Route | Last service |" in text and "Weekdays nine Sundays none" in text
    assert "[rural transport study](https://example.org/rural-transport)" in text
    [(alt, _)] = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", text)
    if name.endswith(".odt"):
        assert alt == "Sketch of both bus routes and where they stop"
    else:  # LibreOffice's Word export drops the alt text: it is asked for
        assert alt == "" and "TODO: describe this picture" in text


# ------------------------------------------------------------------ pictures


def test_pictures_lose_their_metadata_and_keep_their_alt_text(taken: tuple[Bench, dict[str, Path], str]) -> None:
    bench, became, output = taken
    original = (CORPUS / "corpus-pictures.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 2 and all(SECRET_WORDS[0].encode() in m for m in media)  # the test can fail
    text = body(became["corpus-pictures.docx"])
    links = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", text)
    assert [alt for alt, _ in links] == ["Volunteers setting out chairs in the village hall", ""]
    assert "TODO: describe this picture" in text
    assert "1 picture has no alt text" in output
    for _, target in links:
        data = (bench.response / target).read_bytes()
        assert not any(word.encode() in data for word in SECRET_WORDS)
        assert b"Exif" not in data and b"tEXt" not in data and b"iTXt" not in data and b"xmpmeta" not in data
        with Image.open(io.BytesIO(data)) as img:
            assert not img.getexif()
            assert not {"exif", "xmp", "comment", "Author", "Description", "XML:com.adobe.xmp"} & set(img.info)
            assert img.size == (12, 8)


def test_a_bad_picture_is_reported_and_skipped_and_the_rest_kept(taken: tuple[Bench, dict[str, Path], str]) -> None:
    bench, became, output = taken
    text = body(became["corpus-bad-picture.docx"])
    assert re.findall(r"!\[([^\]]*)\]", text) == ["Raised vegetable beds, view 1"]
    for n in (1, 2, 3):
        assert f"Picture number {n} of the beds:" in text
    assert "All three beds are tended by the Tuesday group." in text
    assert "image2.png is really a JPEG picture, not what its name says" in output
    assert "image3.png could not be read: it may be damaged" in output


def test_a_picture_without_alt_text_is_caught_by_check(bench: Bench, tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "ada" / "q1"  # placed by its folders: filed, so check reads it
    shared.mkdir(parents=True)
    shutil.copy(CORPUS / "corpus-pictures.docx", shared / "photos.docx")
    result = run(["intake", str(tmp_path / "shared")], cwd=bench.root)
    assert result.exit_code == 0, result.output
    checked = run(["check", "--draft", str(bench.response)], cwd=bench.root)
    assert checked.exit_code == 1, checked.output
    assert "21-q1-ada-intake-picture-2.png' has no alt text" in checked.output, checked.output
    assert checked.output.count("has no alt text") == 1  # the other picture has its alt text
