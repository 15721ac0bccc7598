"""The confirmation letters in Welsh when the response is in Welsh, and the credits saying that the lead's
approval stood in for each person's confirmation when `confirm_edits: false` (in English and in Welsh).

The wording is `load/labels.py`'s (LETTERS, and LABELS' credits_stand_in); read back from the files with
python-docx and the raw XML of the Word file, not with the code that wrote them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.load.labels import LABELS, LETTERS
from tests.conftest import run
from tests.factory import Bench, make_bench
from tests.test_confirmations import QUOTE_AFTER, QUOTE_BEFORE, staff_edit


def _language(bench: Bench, tag: str) -> None:
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8")
    assert "language: en-GB\n" in text
    path.write_text(text.replace("language: en-GB\n", f"language: {tag}\n"), encoding="utf-8")


@pytest.fixture
def edited(tmp_path: Path) -> Bench:
    bench = make_bench(tmp_path / "wb")
    staff_edit(bench, tmp_path)
    return bench


def test_the_letters_are_in_welsh_when_the_response_is(edited: Bench, tmp_path: Path) -> None:
    _language(edited, "cy-GB")
    result = run(["confirmations", str(edited.response), "--letters", str(tmp_path / "llythyrau")], cwd=edited.root)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "llythyrau" / "bo.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("Newid i'ch geiriau yn ein hymateb i ")
    assert "Helo," in text and "Cyn:" in text and "Ar ôl:" in text
    assert "Dywedwch un o'r rhain wrthym" in text and "Rwy'n hapus â'r newid." in text
    assert re.search(
        r"\((\d+) (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) 20\d\d\)",
        text,
    )
    before, after = text.index("Cyn:"), text.index("Ar ôl:")
    assert QUOTE_BEFORE in text[before:after] and QUOTE_AFTER in text[after:]
    for english in LETTERS["en"].values():  # no English fixed text, however short
        for part in re.split(r"\{[^}]*\}", english):
            if len(part.strip(" .,:;()")) > 3:
                assert part.strip(" .,:;()") not in text, part
    word = docx.Document(str(tmp_path / "llythyrau" / "bo.docx"))
    paragraphs = [p.text for p in word.paragraphs]
    assert "Helo," in paragraphs and "Ar ôl" in paragraphs
    assert word.core_properties.language == "cy-GB" and word.core_properties.title == "Newid i'ch geiriau"
    styles = zipfile.ZipFile(tmp_path / "llythyrau" / "bo.docx").read("word/styles.xml").decode("utf-8")
    assert re.search(r'<w:rPrDefault><w:rPr>.*<w:lang w:val="cy-GB"', styles, re.DOTALL)


def test_the_letters_stay_in_english_for_an_english_response(edited: Bench, tmp_path: Path) -> None:
    result = run(["confirmations", str(edited.response), "--letters", str(tmp_path / "letters")], cwd=edited.root)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "letters" / "bo.txt").read_text(encoding="utf-8")
    assert "Hello," in text and "Before:" in text and "Helo," not in text


def _credits_text(bench: Bench) -> str:
    result = run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    [built] = bench.draft_out.glob("*.docx")
    return "\n".join(p.text for p in docx.Document(str(built)).paragraphs)


@pytest.mark.parametrize("tag", ["en-GB", "cy-GB"])
def test_the_credits_say_the_leads_approval_stood_in(tmp_path: Path, tag: str) -> None:
    bench = make_bench(tmp_path / "wb")
    _language(bench, tag)
    said = LABELS["cy" if tag == "cy-GB" else "en"]["credits_stand_in"]
    assert said not in _credits_text(bench)  # asked of each person: nothing stood in
    path = bench.response / "response.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "confirm_edits: false\n", encoding="utf-8")
    assert said in _credits_text(bench)
