"""The Word file as other programs read it (issue 22): pandoc and LibreOffice Writer, not python-docx.

- Eight lived-experience quotes side by side are eight quotes, each with its own credit inside it:
  pandoc finds eight BlockQuotes, LibreOffice eight boxes (tables), none holding another's credit.
- A contribution that starts with `##` under a question's Heading 2 is Heading 3, and deeper ones
  follow without a skipped level.
- The contents are Word's TOC field, updated on opening, with the list as its cached result, which
  LibreOffice shows as a real table of contents.
- In numbered written evidence, a numbered list inside the paragraphs is lettered (a), (b).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import run
from tests.factory import RESPONSE, Bench, make_bench, signed

PANDOC = shutil.which("pandoc")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed (apt-get install -y pandoc)")
needs_writer = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install -y libreoffice-writer)"
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}

# written fresh: eight people's words, side by side, some credited and some not (bo and eli are not named)
QUOTES = [
    ("The door was never locked on me.", "ada", "— Ada Fenwick"),
    ("Nobody hurried me out.", "bo", None),
    ("I could bring my dog along.", "cy", "— Cygnet"),
    ("The soup was hot at midnight.", "dee", "— Peer Researcher"),
    ("They let me sleep till noon.", "eli", None),
    ("A peer worker rang the day after.", "ada", "— Ada Fenwick"),
    ("I learnt the night staff's names.", "cy", "— Cygnet"),
    ("I went home with a plan.", "dee", "— Peer Researcher"),
]
OUTLINE = """
## Beds at night

Most nights every bed was taken.

#### Who waits longest

Young carers wait longest.

## Beds by day

Day beds were often empty.
"""


# long enough for a contents list (three pages and more, profiles/shape.CONTENTS_FROM)
LONG = "\n\n".join(["Each night the house took in people the wards had no room for, and kept them safe."] * 90)


def build_docx(bench: Bench, name: str) -> Path:
    out = bench.root / name
    result = run(["build", str(bench.response), "--format", "docx", "--draft", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "crisis-house.docx"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bench = make_bench(tmp_path_factory.mktemp("word") / "wb")
    body = "\n\n".join(f"> {words}\n> — @{who}" for words, who, _ in QUOTES)
    front = "---\nsection: local-voices\ntitle: Eight voices\nby: [dee]\nstatus: approved\n---\n"
    bench.contribution("45-voices.md", signed(front + body + "\n"))
    bench.contribution("35-q3-outline.md", signed("---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n" + OUTLINE))
    bench.contribution("36-q3-long.md", signed("---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n" + LONG))
    return build_docx(bench, "report")


@pytest.fixture(scope="module")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bench = make_bench(tmp_path_factory.mktemp("evidence") / "wb")
    bench.write(
        "responses/crisis-house/response.yaml",
        RESPONSE.replace("confidentiality: none", "submit_to: commons-committee"),
    )
    steps = "Referral should be simple.\n\n1. Ring the house.\n2. Talk to a peer.\n3. Arrive the same day.\n\nThat is all.\n"
    bench.contribution("35-q3-steps.md", signed("---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n" + steps))
    return build_docx(bench, "evidence")


def pandoc_json(docx: Path) -> dict[str, Any]:
    assert PANDOC is not None
    done = subprocess.run([PANDOC, "-f", "docx", "-t", "json", str(docx)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def walk(node: Any, kind: str) -> list[Any]:
    """Every pandoc element of type `kind`, outermost first."""
    found = []
    if isinstance(node, dict):
        if node.get("t") == kind:
            found.append(node)
        for value in node.values():
            found += walk(value, kind)
    elif isinstance(node, list):
        for value in node:
            found += walk(value, kind)
    return found


def plain(node: Any) -> str:
    """The words of a pandoc element."""
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return str(node["c"])
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return plain(node.get("c", []))
    if isinstance(node, list):
        return " ".join(plain(v) for v in node)
    return ""


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def writer_xml(report: Path, tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    """The report as LibreOffice Writer opens it, saved as ODF."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (apt-get install -y libreoffice-writer)")
    out = tmp_path_factory.mktemp("odt")
    profile = (out / "profile").as_uri()
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "odt", "--outdir", str(out)]
        + [str(report)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    odt = out / "crisis-house.odt"
    assert odt.is_file(), done.stdout + done.stderr
    with zipfile.ZipFile(odt) as z:
        return ET.fromstring(z.read("content.xml"))


def odf_text(el: ET.Element) -> str:
    """The words of an element, its paragraphs (and headings) apart."""
    parts = [p for p in el.iter() if p.tag in (f"{{{ODF['text']}}}p", f"{{{ODF['text']}}}h")] or [el]
    return words(" ".join("".join(p.itertext()) for p in parts))


# ------------------------------------------------------------------ quotes


@needs_pandoc
def test_pandoc_keeps_eight_adjacent_quotes_apart_each_with_its_own_credit(report: Path) -> None:
    quotes = [words(plain(q)) for q in walk(pandoc_json(report), "BlockQuote")]
    for text, _, credit in QUOTES:
        [mine] = [q for q in quotes if text in q]  # its own quote, and only one
        others = [t for t, _, _ in QUOTES if t != text]
        assert not any(o in mine for o in others)
        if credit is None:
            assert "—" not in mine
        else:
            assert mine == f"{text} {credit}"  # the credit inside the quote, after its words


@needs_writer
def test_libreoffice_draws_each_quote_in_a_box_of_its_own(writer_xml: ET.Element) -> None:
    boxes = [odf_text(t) for t in writer_xml.iter(f"{{{ODF['table']}}}table")]
    for text, _, credit in QUOTES:
        [box] = [b for b in boxes if text in b]
        assert box == (f"{text} {credit}" if credit else text)


# ------------------------------------------------------------------ headings and contents


@needs_pandoc
def test_headings_never_skip_a_level(report: Path) -> None:
    headers = [(h["c"][0], words(plain(h["c"][2]))) for h in walk(pandoc_json(report), "Header")]
    at = headers.index((2, "Question 3: Anything else?"))
    assert headers[at + 1 : at + 4] == [(3, "Beds at night"), (4, "Who waits longest"), (3, "Beds by day")]
    levels = [level for level, _ in headers]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


@needs_writer
def test_libreoffice_sees_the_same_outline(writer_xml: ET.Element) -> None:
    heads = [
        (int(h.get(f"{{{ODF['text']}}}outline-level", "0")), odf_text(h))
        for h in writer_xml.iter(f"{{{ODF['text']}}}h")
    ]
    at = heads.index((2, "Question 3: Anything else?"))
    assert heads[at + 1 : at + 4] == [(3, "Beds at night"), (4, "Who waits longest"), (3, "Beds by day")]


def test_the_contents_are_a_toc_field_updated_on_opening(report: Path) -> None:
    with zipfile.ZipFile(report) as z:
        settings = ET.fromstring(z.read("word/settings.xml"))
        body = ET.fromstring(z.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    update = settings.find(f"{W}updateFields")
    assert update is not None and update.get(f"{W}val") == "true"
    # the field's instruction, then its cached result: the list of entries, then the field's end
    runs = [r for r in body.iter(f"{W}r")]
    instr = [r for r in runs if (t := r.find(f"{W}instrText")) is not None and (t.text or "").strip().startswith("TOC")]
    [toc] = instr
    assert '\\o "1-2"' in (toc.find(f"{W}instrText").text or "")  # type: ignore[union-attr]
    kinds = [c.get(f"{W}fldCharType") for c in body.iter(f"{W}fldChar")]
    assert kinds[:3] == ["begin", "separate", "end"]


@needs_writer
def test_libreoffice_shows_the_cached_contents_as_a_table_of_contents(writer_xml: ET.Element) -> None:
    [toc] = list(writer_xml.iter(f"{{{ODF['text']}}}table-of-content"))
    body = toc.find(f"{{{ODF['text']}}}index-body")
    assert body is not None
    entries = [odf_text(p) for p in body.iter(f"{{{ODF['text']}}}p")]
    assert "Question 3: Anything else?" in entries and "In our own words" in entries


# ------------------------------------------------------------------ lettered lists in numbered evidence


@needs_pandoc
def test_a_list_inside_numbered_evidence_is_lettered(evidence: Path) -> None:
    lists = walk(pandoc_json(evidence), "OrderedList")
    steps = [lst for lst in lists if "Arrive the same day." in words(plain(lst))]
    [(start, style, delim)] = [lst["c"][0] for lst in steps]
    assert (start, style["t"], delim["t"]) == (1, "LowerAlpha", "TwoParens")
