"""The Word file is accessible (issue 12): read back from the built file, never through the renderer.

Each build is opened as a zip and its XML read with lxml (python-docx only where it is the
plainer reader): colours against what they are printed on, computed here with WCAG's own
formula; the named style for lived-experience quotes; the contents and the bookmarks they
link to; the labelled title page, its link, the size of its logo and its empty footer; table
widths and repeated header rows; alt text; the language. On both shipped examples, on the
invented workbench with a 60-row table, in Welsh, and with a brand too pale to read.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from lxml import etree
from PIL import Image

from pipeline import model as m
from pipeline.render import docx as render_docx
from pipeline.render.context import RenderContext
from tests.conftest import run
from tests.factory import RESPONSE, WITHHELD, Bench, make_bench, signed
from tests.sample_doc import sample_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["mental-health-act-review", "womens-health-strategy"]

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
EMU_PER_CM = 360000
LOGO_MAX_CX, LOGO_MAX_CY = 5 * EMU_PER_CM, round(2.5 * EMU_PER_CM)
TEXT_WIDTH_TWIPS = round(16 / 2.54 * 1440)  # A4 less two 2.5 cm margins
ENGLISH_LABELS = (
    "Consultation",  # "Response to" when the title does not already say it (issue 22)
    "Consultation by",
    "Consultation page",
    "Closing date",
    "Date of response",
    "Responding as",
)
WELSH_LABELS = ("Ymateb i", "Ymgynghoriad gan", "Tudalen yr ymgynghoriad", "Dyddiad cau", "Dyddiad yr ymateb")


def w(name: str) -> str:
    return f"{{{NS['w']}}}{name}"


# ------------------------------------------------------------- WCAG contrast, written out here


def _luminance(hex6: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex6[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_formula_here_is_wcags() -> None:
    assert round(ratio("000000", "FFFFFF"), 1) == 21.0
    assert round(ratio("C55A11", "FFFFFF"), 2) == 4.33  # the orange quotes were printed in (issue 12)
    assert ratio("767676", "FFFFFF") >= 4.5 > ratio("777777", "FFFFFF")  # the well-known boundary grey


# ----------------------------------------------------------------- reading a package


@dataclass
class Package:
    parts: dict[str, bytes]

    @classmethod
    def open(cls, path: Path) -> Package:
        with zipfile.ZipFile(path) as z:
            return cls({name: z.read(name) for name in z.namelist()})

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name])

    def rels(self, part: str) -> dict[str, etree._Element]:
        folder, _, file = part.rpartition("/")
        root = self.xml(f"{folder}/_rels/{file}.rels")
        return {rel.get("Id"): rel for rel in root.iterfind("rel:Relationship", NS)}

    def stories(self) -> Iterator[str]:
        """Every part holding text a reader sees: the body, notes, headers and footers."""
        for name in sorted(self.parts):
            if re.fullmatch(r"word/(document|footnotes|header\d+|footer\d+)\.xml", name):
                yield name


class Styles:
    """styles.xml as Word resolves colour and shading: own value, else the style it is based on."""

    def __init__(self, root: etree._Element) -> None:
        self.by_id = {s.get(w("styleId")): s for s in root.iterfind("w:style", NS)}
        self.default_paragraph = next(
            s.get(w("styleId")) for s in self.by_id.values() if s.get(w("type")) == "paragraph" and s.get(w("default"))
        )
        self.default_colour = _colour(root.find("w:docDefaults/w:rPrDefault/w:rPr", NS))

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen = set()
        while style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None

    def colour(self, style_id: str | None) -> str | None:
        return next((c for s in self.chain(style_id) if (c := _colour(s.find("w:rPr", NS)))), None)

    def fill(self, style_id: str | None) -> str | None:
        return next((f for s in self.chain(style_id) if (f := _fill(s))), None)


def _colour(rPr: etree._Element | None) -> str | None:
    el = rPr.find("w:color", NS) if rPr is not None else None
    value = el.get(w("val")) if el is not None else None
    return None if value in (None, "auto") else value


def _fill(scope: etree._Element) -> str | None:
    for path in ("w:rPr/w:shd", "w:pPr/w:shd", "w:tcPr/w:shd"):
        el = scope.find(path, NS)
        if el is not None and el.get(w("fill"), "auto") != "auto":
            return str(el.get(w("fill")))
    return None


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def style_colour_failures(pkg: Package) -> list[str]:
    """Every text colour styles.xml sets, against the shading of the same style (or part of a table style)."""
    styles = Styles(pkg.xml("word/styles.xml"))
    failures = []
    for style_id, style in styles.by_id.items():
        outer = styles.fill(style_id) or "FFFFFF"
        for scope in (style, *style.iterfind("w:tblStylePr", NS)):
            colour = _colour(scope.find("w:rPr", NS))
            background = _fill(scope) or outer
            if colour and ratio(colour, background) < 4.5:
                failures.append(f"{style_id} {scope.get(w('type'), '')}: {colour} on {background}")
    return failures


def run_colour_failures(pkg: Package) -> list[str]:
    """Every run with words, in the colour Word shows it, against the shading it is printed on."""
    styles = Styles(pkg.xml("word/styles.xml"))
    failures = []
    for part in pkg.stories():
        root = pkg.xml(part)
        for p in root.iter(w("p")):
            para_style = p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) or styles.default_paragraph
            cell = next(p.iterancestors(w("tc")), None)
            p_fill = _fill(p) or styles.fill(para_style) or (_fill(cell) if cell is not None else None) or "FFFFFF"
            for r in p.iter(w("r")):
                if not _text(r).strip():
                    continue
                r_style = r.xpath("string(w:rPr/w:rStyle/@w:val)", namespaces=NS) or None
                colour = (
                    _colour(r.find("w:rPr", NS))
                    or styles.colour(r_style)
                    or styles.colour(para_style)
                    or styles.default_colour
                )
                if colour is None:
                    continue  # "auto": Word picks black or white against the background
                background = _fill(r) or p_fill
                if ratio(colour, background) < 4.5:
                    failures.append(f"{part}: {_text(r)[:30]!r} {colour} on {background}")
    return failures


def body_paragraphs(pkg: Package) -> list[etree._Element]:
    return list(pkg.xml("word/document.xml").find("w:body", NS).iterchildren(w("p")))


def style_ids(pkg: Package) -> dict[str, str]:
    """Style name -> id."""
    root = pkg.xml("word/styles.xml")
    return {s.find("w:name", NS).get(w("val")): s.get(w("styleId")) for s in root.iterfind("w:style", NS)}


def p_style(p: etree._Element) -> str:
    return str(p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS))


def title_page(pkg: Package) -> list[etree._Element]:
    """The body's paragraphs up to the first page break."""
    out = []
    for p in body_paragraphs(pkg):
        out.append(p)
        if p.xpath(".//w:br[@w:type='page']", namespaces=NS):
            return out
    raise AssertionError("no page break after the title page")


# ----------------------------------------------------------------- what every build must meet


def assert_accessible(
    path: Path,
    consultation_url: str | None,
    language: str,
    labels: tuple[str, ...],
    contents: bool = True,
    logo: bool = False,
) -> None:
    pkg = Package.open(path)
    ids = style_ids(pkg)
    paragraphs = body_paragraphs(pkg)

    # Colours: every style and every run at least 4.5:1 on what it is printed on.
    assert style_colour_failures(pkg) == []
    assert run_colour_failures(pkg) == []

    # Title page: each detail under its label, in bold; the consultation link a real link.
    cover = title_page(pkg)
    starts = {_text(p).split(":")[0]: p for p in cover if ":" in _text(p)}
    for label in labels:
        assert label in starts, (label, [_text(p) for p in cover])
        first = starts[label].find(".//w:r", NS)
        assert first.find("w:rPr/w:b", NS) is not None, label
    if consultation_url is not None:
        links = [h for p in cover for h in p.iterfind("w:hyperlink", NS)]
        targets = [pkg.rels("word/document.xml")[h.get(f"{{{NS['r']}}}id")] for h in links]
        assert [(t.get("Target"), t.get("TargetMode")) for t in targets] == [(consultation_url, "External")]

    # Title page: no footer (a first page of its own, whose footer is empty), the page number after it.
    sect = pkg.xml("word/document.xml").find("w:body/w:sectPr", NS)
    title_pg = sect.find("w:titlePg", NS)
    assert title_pg is not None and title_pg.get(w("val"), "1") in ("1", "true", "on")
    footers = {ref.get(w("type")): ref.get(f"{{{NS['r']}}}id") for ref in sect.iterfind("w:footerReference", NS)}
    rels = pkg.rels("word/document.xml")
    first_footer = pkg.xml("word/" + rels[footers["first"]].get("Target"))
    assert _text(first_footer).strip() == "" and not first_footer.xpath(
        ".//w:fldSimple | .//w:instrText", namespaces=NS
    )
    default_footer = pkg.xml("word/" + rels[footers["default"]].get("Target"))
    assert default_footer.xpath(".//w:fldSimple/@w:instr", namespaces=NS) == [" PAGE "]

    # Logo: only the organisation's own (never the tool's); on the title page, described, at most 5 cm
    # by 2.5 cm, its shape kept.
    logos = [d for p in cover for d in p.iter(f"{{{NS['wp']}}}inline")]
    assert len(logos) == (1 if logo else 0)
    for shown in logos:
        extent = shown.find("wp:extent", NS)
        cx, cy = int(extent.get("cx")), int(extent.get("cy"))
        assert 0 < cx <= LOGO_MAX_CX and 0 < cy <= LOGO_MAX_CY
        blip = shown.find(".//a:blip", NS).get(f"{{{NS['r']}}}embed")
        with Image.open(io.BytesIO(pkg.parts["word/" + rels[blip].get("Target")])) as picture:
            assert abs(cx / cy - picture.width / picture.height) < 0.02 * picture.width / picture.height
        assert shown.find("wp:docPr", NS).get("descr", "").strip()

    # Alt text on every picture, in every part.
    for part in pkg.stories():
        for doc_pr in pkg.xml(part).iter(f"{{{NS['wp']}}}docPr"):
            assert doc_pr.get("descr", "").strip(), (part, doc_pr.get("name"))

    # Contents: after the title page, one link per section and question, each to a bookmark on its heading;
    # a short response has none (issue 22: a contents list only past the length its profile sets).
    headings = [p for p in paragraphs if p_style(p) in (ids["heading 1"], ids["heading 2"])]
    bookmarks = {b.get(w("name")): p for p in headings for b in p.iterfind("w:bookmarkStart", NS)}
    start = len(cover)
    if not contents:
        assert not [p for p in paragraphs if p_style(p) in (ids.get("TOC Heading"), ids.get("toc 1"))]
    else:
        assert p_style(paragraphs[start]) == ids["TOC Heading"]
        entries = [p for p in paragraphs[start + 1 :] if p_style(p) in (ids["toc 1"], ids["toc 2"])]
        assert paragraphs[start + 1 : start + 1 + len(entries)] == entries  # one list, straight after its heading
        assert len(entries) == len(headings) >= 3
        for entry, heading in zip(entries, headings, strict=True):
            (link,) = entry.iterfind("w:hyperlink", NS)
            assert bookmarks[link.get(w("anchor"))] is heading
            assert _text(entry) == _text(heading)
        assert paragraphs.index(headings[0]) > start + len(entries)  # the contents come before the body

    # Lived-experience quotes: the named style, based on Quote, used and nothing else for them.
    quote = pkg.xml("word/styles.xml").find(f"w:style[@w:styleId='{ids['Lived Experience Quote']}']", NS)
    assert quote.find("w:basedOn", NS).get(w("val")) == ids["Quote"]
    every_paragraph = list(pkg.xml("word/document.xml").iter(w("p")))  # a lived quote is in its own one-cell table
    assert any(p_style(p) == ids["Lived Experience Quote"] for p in every_paragraph)
    assert not any(p_style(p) == ids["Intense Quote"] for p in every_paragraph)

    # Every table: a repeated header row (a lived quote's box has none: it is one cell, the quote and its
    # credit); widths fixed from the content, filling the text width.
    tables = pkg.xml("word/document.xml").iter(w("tbl"))
    for tbl in tables:
        rows = tbl.findall("w:tr", NS)
        if [p_style(p) for p in tbl.iterfind("w:tr/w:tc/w:p", NS)][0] == ids["Lived Experience Quote"]:
            assert len(rows) == 1 and len(rows[0].findall("w:tc", NS)) == 1
            assert rows[0].find("w:trPr/w:tblHeader", NS) is None
        else:
            assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
        grid = [int(c.get(w("w"))) for c in tbl.iterfind("w:tblGrid/w:gridCol", NS)]
        assert abs(sum(grid) - TEXT_WIDTH_TWIPS) <= len(grid)
        assert tbl.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
        for r in rows:
            assert [int(tc.get(w("w"))) for tc in r.iterfind("w:tc/w:tcPr/w:tcW", NS)] == grid[: len(r)]

    # Language: the document default, the Normal style and the core properties.
    styles = pkg.xml("word/styles.xml")
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(w("val")) == language
    assert pkg.xml("docProps/core.xml").findtext("dc:language", namespaces=NS) == language

    # Nothing names the tool that wrote it.
    for name, body in pkg.parts.items():
        assert b"python-docx" not in body and b"python_docx" not in body, name

    # python-docx, a reader other than raw XML, opens it and sees the same title page.
    word = docx.Document(str(path))
    assert word.sections[0].different_first_page_header_footer
    assert word.core_properties.language == language


# ----------------------------------------------------------------- the builds


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("examples")
    for slug in EXAMPLES:
        # a folder each: an output folder holds one response's set
        result = run(["build", str(ROOT / "responses" / slug), "--out", str(out / slug), "--format", "docx", "--draft"])
        assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("slug", EXAMPLES)
def test_examples_are_accessible(examples: Path, slug: str) -> None:
    yaml = (ROOT / "responses" / slug / "response.yaml").read_text(encoding="utf-8")
    url = re.search(r"^\s+url: (\S+)", yaml, re.M)
    assert url is not None
    assert_accessible(examples / slug / f"{slug}.docx", url.group(1), "en-GB", ENGLISH_LABELS)


LONG_TABLE = """
    ---
    answers: q3
    by: [hal]
    status: approved
    ---
    What people told us at each drop-in, week by week.

    | Week | What people told us | Visits |
    |:--|:--|--:|
""" + "".join(
    f"    | {n} | The drop-in on week {n} was calm, and people asked for longer opening hours at weekends. | {n * 3} |\n"
    for n in range(1, 61)
)


@pytest.fixture
def long_table(bench: Bench) -> Bench:
    bench.contribution("35-q3-drop-ins.md", signed(LONG_TABLE))
    return bench


def own_logo(bench: Bench, size: tuple[int, int] = (600, 90)) -> None:
    """The organisation gives its own logo in its workbench's brand.yaml (wide, so it must be scaled down)."""
    (bench.root / "templates").mkdir(exist_ok=True)
    Image.new("RGB", size, (20, 60, 110)).save(bench.root / "templates" / "our-logo.png")
    bench.write("templates/brand.yaml", "logo: our-logo.png\n")


def test_a_response_with_a_60_row_table(long_table: Bench) -> None:
    own_logo(long_table)
    result = run(["build", str(long_table.response), "--format", "docx"])
    assert result.exit_code == 0, result.output
    path = long_table.out / "crisis-house.docx"
    assert_accessible(path, "https://example.org/crisis-houses", "en-GB", ENGLISH_LABELS, logo=True)

    pkg = Package.open(path)
    (table,) = [t for t in pkg.xml("word/document.xml").iter(w("tbl")) if len(t.findall("w:tr", NS)) == 61]
    week, told, visits = (int(c.get(w("w"))) for c in table.iterfind("w:tblGrid/w:gridCol", NS))
    assert told > 2 * max(week, visits)  # the column of sentences gets the room, not a third of it
    assert min(week, visits) >= round(2 / 2.54 * 1440) - 1  # and no column is squeezed under 2 cm

    # No one's private name or address anywhere in the package, the properties included.
    for name, body in pkg.parts.items():
        for secret in WITHHELD:
            assert secret.encode() not in body, (name, secret)

    # Same input, same bytes.
    first = path.read_bytes()
    again = run(["build", str(long_table.response), "--format", "docx"])
    assert again.exit_code == 0, again.output
    assert path.read_bytes() == first


def test_a_welsh_response_labels_its_title_page_in_welsh(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    bench.write("responses/crisis-house/response.yaml", RESPONSE.replace("language: en-GB", "language: cy-GB"))
    long = "\n\n".join(["Roedd y tŷ yn dawel bob nos, ac roedd rhywun yno i wrando bob amser."] * 90)
    bench.contribution("50-hir.md", signed(f"---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n{long}\n"))
    own_logo(bench, (80, 200))  # a tall one: 2.5 cm high at most
    result = run(["build", str(bench.response), "--format", "docx", "--draft"])
    assert result.exit_code == 0, result.output
    path = bench.draft_out / "crisis-house.docx"
    # long enough for a contents list (issue 22: a short response has none)
    assert_accessible(path, "https://example.org/crisis-houses", "cy-GB", WELSH_LABELS, logo=True)
    pkg = Package.open(path)
    ids = style_ids(pkg)
    (heading,) = [p for p in body_paragraphs(pkg) if p_style(p) == ids["TOC Heading"]]
    assert _text(heading) == "Cynnwys"
    assert "Dyddiad cau: 1 Mawrth 2026" in [_text(p) for p in title_page(pkg)]


def test_a_brand_too_pale_to_read_still_builds_readable_words(bench: Bench) -> None:
    # The check stops a final build with this brand; a draft is still made, and must be readable.
    bench.write(
        "templates/brand.yaml",
        """
        colours:
          primary: "#9fc5e8"
          accent: "#f6b26b"
          text: "#aaaaaa"
        """,
    )
    result = run(["build", str(bench.response), "--format", "docx", "--draft"])
    assert result.exit_code == 0, result.output
    pkg = Package.open(bench.draft_out / "crisis-house.docx")
    assert style_colour_failures(pkg) == []
    assert run_colour_failures(pkg) == []
    # The accent still draws the quotes' edge, where only 3:1 is needed (checks/brand_contrast.py).
    ids = style_ids(pkg)
    quote = pkg.xml("word/styles.xml").find(f"w:style[@w:styleId='{ids['Lived Experience Quote']}']", NS)
    assert quote.xpath("w:pPr/w:pBdr/w:left/@w:color", namespaces=NS) == ["F6B26B"]


def test_the_old_orange_quote_colour_would_fail_this_test() -> None:
    """The colour check finds the failure it was written for: a run in the accent at 4.33:1."""
    body = (
        f'<w:document xmlns:w="{NS["w"]}"><w:body><w:p><w:pPr><w:pStyle w:val="Q"/></w:pPr>'
        "<w:r><w:t>I was heard.</w:t></w:r></w:p></w:body></w:document>"
    )
    styles = (
        f'<w:styles xmlns:w="{NS["w"]}"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>'
        '<w:style w:type="paragraph" w:styleId="Q"><w:basedOn w:val="Normal"/>'
        '<w:rPr><w:b/><w:i/><w:color w:val="C55A11"/></w:rPr></w:style></w:styles>'
    )
    pkg = Package({"word/document.xml": body.encode(), "word/styles.xml": styles.encode()})
    assert style_colour_failures(pkg) == ["Q paragraph: C55A11 on FFFFFF"]
    assert run_colour_failures(pkg) == ["word/document.xml: 'I was heard.' C55A11 on FFFFFF"]


def test_a_table_too_wide_for_its_minimums_still_fits_the_page(tmp_path: Path) -> None:
    """Twelve columns of long words: each gets its share of the text width, none nothing, none off the page."""

    def row(word: str) -> tuple[m.TableCell, ...]:
        return tuple(m.TableCell((m.Text(f"{word}{n}"),)) for n in range(12))

    table = m.Table(header=row("Accommodation"), rows=(row("Neighbourhood"), row("x")))
    doc = sample_document(tmp_path)
    doc = dataclasses.replace(doc, sections=(m.Section("other", "s", "Wide", blocks=(table,)),), footnotes=())
    path = tmp_path / "wide.docx"
    path.write_bytes(render_docx.render(doc, RenderContext(templates=tmp_path, response_dir=tmp_path)))
    (tbl,) = Package.open(path).xml("word/document.xml").iter(w("tbl"))
    grid = [int(c.get(w("w"))) for c in tbl.iterfind("w:tblGrid/w:gridCol", NS)]
    assert len(grid) == 12 and min(grid) > 0
    assert abs(sum(grid) - TEXT_WIDTH_TWIPS) <= len(grid)
