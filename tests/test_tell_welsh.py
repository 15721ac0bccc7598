"""Letters in Welsh (issue 25): `coproduce tell` writes in Welsh when the person asked for it (`language: cy-GB`
in their file) or the response is in Welsh, its wording from load/tell_labels.py; the person's own words,
in English, are marked as English. Read back with python-docx and the raw XML (w:lang), pikepdf (the PDF's
/Lang and its structure's) and pypdf (the text and the footer), none of them the code that wrote it."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run

ROOT = Path(__file__).resolve().parent.parent
SLUG = "mental-health-act-review"
WELSH = ("Diolch am gymryd rhan", "Sut y cawsoch eich cydnabod", "Eich amser", "Beth ddigwyddodd nesaf")
ENGLISH = ("Thank you for taking part", "How you were credited", "Your time", "What happened next", "With thanks")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _workbench(root: Path) -> Path:
    for folder in ("contributors", "responses", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


@pytest.fixture(scope="module")
def asked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples, where bev asked for her letters in Welsh; the response is in English."""
    root = _workbench(tmp_path_factory.mktemp("cy") / "wb")
    path = root / "contributors" / "bev.yaml"
    path.write_text(path.read_text("utf-8") + "language: cy-GB\n", "utf-8")
    for extra in ([], ["--easy-read"]):
        result = run(["tell", "bev", SLUG, "--out", "letters", *extra], cwd=root)
        assert result.exit_code == 0, result.output
    return root / "letters"


def _docx_text(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def _paragraph_langs(path: Path) -> dict[str, set[str]]:
    """Each paragraph's text -> the w:lang its runs carry (raw XML, as Word reads it)."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = z.read("word/styles.xml").decode("utf-8")
    found: dict[str, set[str]] = {}
    for p in body.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        langs = {el.get(f"{W}val") for el in p.iter(f"{W}lang")}
        found[text] = {x for x in langs if x}
    found["<styles>"] = set(re.findall(r'w:lang w:val="([^"]+)"', styles))
    return found


def test_the_letter_is_in_welsh_and_her_english_words_are_marked(asked: Path) -> None:
    path = asked / f"{SLUG}-letter-bev.docx"
    lines = _docx_text(path)
    said = "\n".join(lines)
    for welsh in WELSH:
        assert welsh in said, welsh
    for english in ENGLISH:
        assert english not in said, english
    assert lines[1] == "Annwyl Beverley Hollins,"  # addressed as she chose to be credited
    assert re.search(r"Rhoesoch [\d.]+ awr dros \d+ sesiwn\.", said)  # Welsh counts: the noun in the singular
    assert re.search(r"Anfonon ni'r ymateb ar \d+ \w+ \d{4}\.", said)
    langs = _paragraph_langs(path)
    assert "cy-GB" in langs["<styles>"]  # the document's own language
    hers = "Nobody on the ward ever asked me what I wanted."
    marked = [langs[t] for t in langs if hers in t]
    assert marked and all(m == {"en-GB"} for m in marked), marked  # her words, in English, marked English
    assert "Yn Cwestiwn 1" in lines  # the heading in Welsh; the question, as the response prints it, after it
    question = next(t for t in langs if t.startswith("Do you agree that the four guiding principles"))
    assert langs[question] == {"en-GB"}
    assert not any(ln.startswith("Yn Cwestiwn 1: Do you") for ln in lines)  # no heading half in each language
    thanks = next(t for t in langs if t.startswith("Diolch am gymryd rhan"))
    assert langs[thanks] == set()  # the letter's own words take the document's language
    with zipfile.ZipFile(path) as z:
        assert "<dc:language>cy-GB</dc:language>" in z.read("docProps/core.xml").decode("utf-8")


def test_the_pdf_is_tagged_welsh_with_her_words_tagged_english(asked: Path) -> None:
    import pikepdf
    import pypdf

    path = asked / f"{SLUG}-letter-bev.pdf"
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "cy-GB"
        langs: set[str] = set()

        def walk(node: object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if "/Lang" in node:
                    langs.add(str(node.Lang))
                if "/K" in node:
                    walk(node.K)
            elif isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert "en-GB" in langs
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert "Diolch am gymryd rhan" in " ".join(text.split())
    assert re.search(r"Tudalen 1 o \d", text) and "Page 1 of" not in text


def test_the_easy_read_letter_is_in_welsh(asked: Path) -> None:
    lines = _docx_text(asked / f"{SLUG}-letter-bev-easy-read.docx")
    assert lines[0] == "Beth ddigwyddodd i'ch geiriau"
    assert "Diolch." in lines and any(ln.startswith("Gan bawb yn ") for ln in lines)
    assert any(re.fullmatch(r"Daethoch i (un cyfarfod|\d+ cyfarfod)\.", ln) for ln in lines)
    assert not any(ln in ("Thank you.", "Your words") or ln.startswith("You came to") for ln in lines)


def test_a_welsh_response_writes_welsh_letters_without_marks(tmp_path: Path) -> None:
    root = _workbench(tmp_path / "wb")
    path = root / "responses" / SLUG / "response.yaml"
    text = path.read_text("utf-8")
    assert "language: en-GB" in text
    path.write_text(text.replace("language: en-GB", "language: cy-GB"), "utf-8")
    result = run(["tell", "tom", SLUG, "--out", "letters", "--no-pdf"], cwd=root)
    assert result.exit_code == 0, result.output
    letter = root / "letters" / f"{SLUG}-letter-tom.docx"
    said = "\n".join(_docx_text(letter))
    assert "Diolch am gymryd rhan" in said and "Thank you for taking part" not in said
    langs = _paragraph_langs(letter)
    assert not any(v for k, v in langs.items() if k != "<styles>")  # all of it in the response's language


def test_english_letters_are_unchanged_by_the_tables(tmp_path: Path) -> None:
    root = _workbench(tmp_path / "wb")
    result = run(["tell", "bev", SLUG, "--out", "letters", "--no-pdf"], cwd=root)
    assert result.exit_code == 0, result.output
    said = "\n".join(_docx_text(root / "letters" / f"{SLUG}-letter-bev.docx"))
    for english in ENGLISH:
        assert english in said, english
    assert not any(welsh in said for welsh in WELSH)
    assert "cy-GB" not in _paragraph_langs(root / "letters" / f"{SLUG}-letter-bev.docx")["<styles>"]


def test_a_language_that_is_not_a_tag_is_said_plainly(tmp_path: Path) -> None:
    root = _workbench(tmp_path / "wb")
    path = root / "contributors" / "bev.yaml"
    path.write_text(path.read_text("utf-8") + "language: Welsh\n", "utf-8")
    result = run(["tell", "bev", SLUG, "--out", "letters"], cwd=root)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "contributors/bev.yaml:" in result.output and "cy-GB" in result.output
