"""The PDF's structure, read back with pikepdf (the tree and the content streams) and PyMuPDF.

What a screen reader meets: every piece of marked content on a page is claimed by one
structure element or is an artifact; a table or list that crosses pages is one element with
its header row read once; header cells have a scope; links are one element each, described
by their text; the language is set. Slow: each build is a few seconds, so each is made once.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pymupdf
import pytest

from tests.conftest import run
from tests.factory import make_bench, signed

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("mental-health-act-review", "womens-health-strategy")
SHOWING = {"Tj", "TJ", "'", '"', "Do", "BI", "sh"}  # operators that put something on the page


# ----------------------------------------------------------------------------- readers


@dataclasses.dataclass
class Content:
    """One page's marked content, from its content stream."""

    mcids: list[int]  # every MCID, in stream order
    loose: int  # things drawn neither inside an MCID nor inside an artifact


def read_page(page: pikepdf.Page) -> Content:
    mcids: list[int] = []
    loose = 0
    stack: list[str] = []  # "mcid", "artifact" or "other" for each open BMC/BDC
    for inst in pikepdf.parse_content_stream(page):
        op = str(inst.operator) if isinstance(inst, pikepdf.ContentStreamInstruction) else "BI"
        if op in ("BMC", "BDC"):
            tag = str(inst.operands[0])
            props = inst.operands[1] if op == "BDC" else None
            if tag == "/Artifact":
                stack.append("artifact")
            elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                mcids.append(int(props.MCID))
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == "EMC":
            stack.pop()
        elif op in SHOWING and not ({"mcid", "artifact"} & set(stack)):
            loose += 1
    assert not stack, "marked content left open"
    return Content(mcids, loose)


@dataclasses.dataclass
class Tree:
    pdf: pikepdf.Pdf
    elements: list[tuple[pikepdf.Dictionary, list[str]]]  # each element with its ancestors' types
    claims: Counter[tuple[int, int]]  # (page, MCID) -> how many elements claim it

    def of_type(self, kind: str) -> list[pikepdf.Dictionary]:
        return [e for e, _ in self.elements if str(e.S) == kind]


def read_tree(pdf: pikepdf.Pdf) -> Tree:
    page_of = {p.objgen: i for i, p in enumerate(pdf.pages)}
    elements: list[tuple[pikepdf.Dictionary, list[str]]] = []
    claims: Counter[tuple[int, int]] = Counter()

    def kids(e: Any) -> list[Any]:
        k = e.get("/K")
        return [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]

    def visit(e: pikepdf.Dictionary, ancestors: list[str], page: int | None) -> None:
        if "/Pg" in e:
            page = page_of[e.Pg.objgen]
        elements.append((e, ancestors))
        for kid in kids(e):
            if isinstance(kid, int):
                assert page is not None
                claims[(page, int(kid))] += 1
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                claims[(page_of[kid.Pg.objgen] if "/Pg" in kid else page, int(kid.MCID))] += 1  # type: ignore[index]
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid, [*ancestors, str(e.S)], page)

    for top in kids(pdf.Root.StructTreeRoot):
        visit(top, [], None)
    return Tree(pdf, elements, claims)


def link_texts(pdf: pikepdf.Pdf) -> list[str]:
    return [
        str(a.get("/Contents", ""))
        for page in pdf.pages
        for a in page.get("/Annots", [])
        if a.get("/Subtype") == "/Link"
    ]


def assert_clean_structure(path: Path) -> Tree:
    """Everything the structure must be, on any built PDF."""
    pdf = pikepdf.open(path)
    tree = read_tree(pdf)
    drawn: set[tuple[int, int]] = set()
    for i, page in enumerate(pdf.pages):
        content = read_page(page)
        assert content.loose == 0, f"page {i + 1}: {content.loose} things drawn outside tagged or artifact content"
        assert len(content.mcids) == len(set(content.mcids)), f"page {i + 1}: an MCID used twice"
        drawn |= {(i, m) for m in content.mcids}
    # every MCID drawn is claimed by exactly one element, and the tree claims nothing that is not drawn
    unclaimed = sorted(drawn - set(tree.claims))
    assert not unclaimed, f"marked content no element claims (page, MCID): {unclaimed[:10]}"
    assert set(tree.claims) <= drawn, sorted(set(tree.claims) - drawn)[:10]
    assert max(tree.claims.values()) == 1
    # the ParentTree agrees with the tree: each page's MCIDs point back at their element
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for element, _ in tree.elements:
        for kid in element.get("/K", []) if isinstance(element.get("/K"), pikepdf.Array) else [element.get("/K")]:
            if isinstance(kid, int) and "/Pg" in element:
                row = parent_tree[int(pdf.pages[_page(pdf, element.Pg)].obj.StructParents)]
                assert row[int(kid)].objgen == element.objgen
    # no link within a link; each annotation described by text, not an id
    for element, ancestors in tree.elements:
        if element.S == "/Link":
            assert "/Link" not in ancestors
    for page in pdf.pages:  # every link annotation belongs to a Link element
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") == "/Link":
                assert parent_tree[int(annot.StructParent)].S == "/Link"
    for text in link_texts(pdf):
        assert text.strip(), "a link with no description"
        assert not re.fullmatch(r"(fn|fnref)-\d+", text), text
    # header cells say what they head; figures say what they show
    for th in tree.of_type("/TH"):
        assert th.A.Scope in ("/Column", "/Row", "/Both"), th
    for figure in tree.of_type("/Figure"):
        assert str(figure.get("/Alt", "")).strip()
    assert str(pdf.Root.get("/Lang", "")).strip()
    ids = [bytes(e.ID) for e, _ in tree.elements if "/ID" in e]
    if ids:
        named = list(pdf.Root.StructTreeRoot.IDTree.Names)[::2]
        assert sorted(bytes(n) for n in named) == sorted(ids)
    return tree


def _page(pdf: pikepdf.Pdf, page: Any) -> int:
    return next(i for i, p in enumerate(pdf.pages) if p.objgen == page.objgen)


def footer_text(path: Path) -> list[str]:
    """The words PyMuPDF finds in the bottom 2.2cm of each page after the first."""
    with pymupdf.open(path) as doc:
        out = []
        for page in list(doc)[1:]:
            bottom = page.rect.height - 2.2 * 72 / 2.54
            out.append(" ".join(w[4] for w in page.get_text("words") if w[1] > bottom))
    return out


# ----------------------------------------------------------------------------- builds


def _build(response: Path, out: Path, *more: str) -> Path:
    result = run(["build", str(response), "--out", str(out), "--format", "pdf", *more])
    assert result.exit_code == 0, result.output
    return out / f"{response.name}.pdf"


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    slug = request.param
    # a draft: its mark is drawn too, and the examples' approvals are not what is tested here
    return _build(ROOT / "responses" / slug, tmp_path_factory.mktemp(slug), "--draft")


ROWS = 60
ITEMS = 70


def _long_answer() -> str:
    rows = [f"| Ward {n:02d} | {n * 3} | Seen within {n % 7 + 1} days |" for n in range(1, ROWS + 1)]
    items = [f"- Point {n} about what the house should offer" for n in range(1, ITEMS + 1)]
    lines = [
        "---",
        "answers: q3",
        "by: [hal]",
        "status: approved",
        "---",
        "The waiting times we gathered, ward by ward:",
        "",
        "| Ward | Beds | Waiting |",
        "|:--|--:|:--|",
        *rows,
        "",
        "And what people asked for:",
        "",
        *items,
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def long_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bench = make_bench(tmp_path_factory.mktemp("long") / "wb")
    bench.contribution("50-q3-waits.md", signed(_long_answer()))
    return _build(bench.response, bench.root / "out")


# ----------------------------------------------------------------------------- tests


def test_examples_have_a_clean_structure(example: Path) -> None:
    tree = assert_clean_structure(example)
    assert tree.of_type("/Table"), "the examples have tables"


def test_written_evidence_has_a_clean_structure_too(tmp_path: Path) -> None:
    """The committee layout (no title page, numbered paragraphs) is tidied the same way."""
    built = _build(ROOT / "responses" / "homelessness-inquiry-evidence", tmp_path, "--draft")
    tree = assert_clean_structure(built)
    with pikepdf.open(built) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
    assert tree.of_type("/L") or tree.of_type("/P"), "the evidence has its paragraphs tagged"


@pytest.mark.parametrize("slug", ["young-carers-joint-evidence", "bus-route-joint-letter"])
def test_co_signed_examples_have_a_clean_structure_too(tmp_path: Path, slug: str) -> None:
    """Each organisation's contact details (an address element) and a letter's signatures per organisation
    are tidied like the rest (issue 22)."""
    built = _build(ROOT / "responses" / slug, tmp_path, "--draft")
    tree = assert_clean_structure(built)
    assert tree.of_type("/P"), "the contact details are paragraphs"


def test_running_footers_are_artifacts_not_content(example: Path) -> None:
    footers = footer_text(example)
    assert any("Page" in f for f in footers), footers  # the footer is there to see
    with pikepdf.open(example) as pdf:
        tree = read_tree(pdf)
        claimed_text = {page for page, _ in tree.claims}
        for i, page in enumerate(pdf.pages):
            if i == 0:
                continue
            artifacts = [
                inst.operands[1]
                for inst in pikepdf.parse_content_stream(page)
                if str(inst.operator) == "BDC" and str(inst.operands[0]) == "/Artifact"
            ]
            assert any(a.get("/Type") == "/Pagination" for a in artifacts), f"page {i + 1}"
        assert claimed_text  # and the body is still tagged


def test_contents_entries_are_one_link_each_without_tagged_dots(example: Path) -> None:
    with pikepdf.open(example) as pdf:
        tree = read_tree(pdf)
        contents_page = 1  # the page after the title page
        links = [e for e, a in tree.elements if e.S == "/Link" and e.Pg.objgen == pdf.pages[contents_page].objgen]
        assert links
        per_link = [sum(1 for k in e.K if isinstance(k, int)) for e in links]
        # the title and the page number; about 35 leader dots each before
        assert max(per_link) <= 4, per_link
        assert not any(e.S == "/Link" for link in links for e in _descendants(link))


def _descendants(e: Any) -> Iterator[Any]:
    k = e.get("/K")
    for kid in [] if k is None else (list(k) if isinstance(k, pikepdf.Array) else [k]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _descendants(kid)


def test_link_descriptions_are_their_text(example: Path) -> None:
    with pikepdf.open(example) as pdf:
        annots = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        internal = [(str(a.Contents), str(a.Dest)) for a in annots if "/Dest" in a]
        assert internal
        assert not [(text, dest) for text, dest in internal if text == dest], "described by its target"
        assert any(text == "Summary of key recommendations" for text, _ in internal)


def test_long_table_and_list_cross_pages_as_one_element(long_table: Path) -> None:
    tree = assert_clean_structure(long_table)
    pdf = tree.pdf
    big = [t for t in tree.of_type("/Table") if _rows(t) >= ROWS]
    assert len(big) == 1, [_rows(t) for t in tree.of_type("/Table")]
    table = big[0]
    pages = {_page(pdf, k.Pg) for k in _descendants(table) if "/Pg" in k}
    assert len(pages) >= 2, "the table should cross a page for this test to mean anything"
    heads = [k for k in _descendants(table) if k.S == "/THead"]
    assert len(heads) == 1  # the header row read once
    assert _rows(table) == ROWS + 1
    # the repeated header row is still printed on the next page, as an artifact
    with pymupdf.open(long_table) as doc:
        later = [i for i in sorted(pages)[1:] if "Waiting" in doc[i].get_text()]
    assert later
    # every body cell's /Headers points at a header that exists
    ids = {bytes(e.ID) for e, _ in tree.elements if "/ID" in e}
    for td in (k for k in _descendants(table) if k.S == "/TD"):
        assert {bytes(h) for h in td.A.get("/Headers", [])} <= ids
    long_lists = [e for e in tree.of_type("/L") if sum(1 for k in _descendants(e) if k.S == "/LI") >= ITEMS]
    assert len(long_lists) == 1
    assert len({_page(pdf, k.Pg) for k in _descendants(long_lists[0]) if "/Pg" in k}) >= 2


def _rows(table: Any) -> int:
    return sum(1 for k in _descendants(table) if k.S == "/TR")


def test_header_cells_head_their_columns(long_table: Path) -> None:
    with pikepdf.open(long_table) as pdf:
        ths = read_tree(pdf).of_type("/TH")
        assert ths and all(th.A.Scope == "/Column" for th in ths)


def test_language_is_set_on_the_document(long_table: Path) -> None:
    with pikepdf.open(long_table) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"


def test_build_twice_same_bytes(long_table: Path, tmp_path: Path) -> None:
    again = _build(long_table.parent.parent / "responses" / "crisis-house", tmp_path / "again")
    assert again.read_bytes() == long_table.read_bytes()


# ----------------------------------------------------------------------------- straight from HTML

PASSAGES = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Passages</title>
<style>@page { @bottom-center { content: "Page " counter(page); } }</style></head><body>
<h1>Passages</h1>
<p>An English paragraph.</p>
<p lang="cy">Paragraff yn Gymraeg.</p>
<table><tr><th>Area</th><th>Count</th></tr><tr><th scope="row">North</th><td>4</td></tr></table>
<p><a href="#far" title="Go to the far section">far</a></p>
<p><a href="#far"><img alt="Map of the far wards" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAFElEQVR4nGM8ISfHAANMDEgANwcANHYBDK9qubUAAAAASUVORK5CYII="></a></p>
<h2 id="far">Far</h2>
</body></html>"""


def _from_html(html: str, tmp_path: Path) -> Path:
    import weasyprint

    from pipeline.render import pdf_structure

    data = pdf_structure.write(weasyprint.HTML(string=html), "en-GB", pdf_variant="pdf/ua-1")
    path = tmp_path / "passages.pdf"
    path.write_bytes(data)
    return path


def test_passage_in_another_language_carries_its_lang(tmp_path: Path) -> None:
    path = _from_html(PASSAGES, tmp_path)
    tree = assert_clean_structure(path)
    langs = {str(e.Lang) for e, _ in tree.elements if "/Lang" in e}
    assert langs == {"cy"}
    assert str(tree.pdf.Root.Lang) == "en-GB"


def test_document_language_is_set_when_the_page_has_none(tmp_path: Path) -> None:
    with pikepdf.open(_from_html(PASSAGES.replace('<html lang="en-GB">', "<html>"), tmp_path)) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"


def test_header_cell_scope_follows_the_html_and_the_row(tmp_path: Path) -> None:
    tree = assert_clean_structure(_from_html(PASSAGES, tmp_path))
    assert sorted(str(th.A.Scope) for th in tree.of_type("/TH")) == ["/Column", "/Column", "/Row"]


def test_link_title_or_picture_describes_it(tmp_path: Path) -> None:
    with pikepdf.open(_from_html(PASSAGES, tmp_path)) as pdf:
        # a linked picture has two annotations (the link's and the picture's): both in the one link
        assert link_texts(pdf) == ["Go to the far section", "Map of the far wards", "Map of the far wards"]


def test_unexpected_structure_keeps_weasyprints_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    from pipeline.render import pdf_structure

    def broken(*args: Any) -> bytes:
        raise ValueError("something new")

    monkeypatch.setattr(pdf_structure, "restructure", broken)
    data = pdf_structure.write(weasyprint.HTML(string=PASSAGES), "en-GB", pdf_variant="pdf/ua-1")
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1 and "/StructTreeRoot" in pdf.Root


def test_content_written_another_way_is_parsed_and_marked(tmp_path: Path) -> None:
    """The fast path rewrites marked content as pydyf writes it; any other layout is parsed instead."""
    import io

    import weasyprint

    from pipeline.render import pdf_structure

    recorder = pdf_structure.Recorder()
    with pdf_structure.recording(recorder):
        raw = weasyprint.HTML(string=PASSAGES).write_pdf(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        for page in pdf.pages:  # pikepdf writes `/Span <</MCID 0>> BDC` on one line
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page)))
        buf = io.BytesIO()
        pdf.save(buf)
    with pikepdf.open(io.BytesIO(buf.getvalue())) as again:
        assert b"\n<</MCID" not in again.pages[0].obj.Contents.read_bytes()
    path = tmp_path / "other.pdf"
    path.write_bytes(pdf_structure.restructure(buf.getvalue(), recorder.sources, "en-GB"))
    tree = assert_clean_structure(path)
    assert {str(e.Lang) for e, _ in tree.elements if "/Lang" in e} == {"cy"}


def test_restructure_refuses_a_tree_it_does_not_know(tmp_path: Path) -> None:
    import io

    import weasyprint

    from pipeline.render import pdf_structure

    raw = weasyprint.HTML(string=PASSAGES).write_pdf(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pdf.Root.StructTreeRoot.K = pikepdf.Array([])
        buf = io.BytesIO()
        pdf.save(buf)
    with pytest.raises(ValueError):
        pdf_structure.restructure(buf.getvalue(), {}, "en-GB")


# ----------------------------------------------------------------------------- the pydyf patch


def test_cached_page_index_writes_the_same_bytes(tmp_path: Path) -> None:
    import weasyprint

    from pipeline.render.pydyf_patch import cached_page_references

    html = PASSAGES.replace("<h2", '<p style="break-before: page">More</p><h2')
    plain = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"0" * 32)
    with cached_page_references():
        patched = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"0" * 32)
    assert patched == plain
    import pydyf

    assert pydyf.PDF.__dict__["page_references"].fget.__module__ == "pydyf"  # put back afterwards


def test_cached_page_index_follows_new_pages() -> None:
    import pydyf

    from pipeline.render.pydyf_patch import cached_page_references

    with cached_page_references():
        pdf = pydyf.PDF()
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        first = pdf.page_references
        assert pdf.page_references is first  # cached
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert len(pdf.page_references) == 2
        assert pdf.page_references[1] == f"{pdf.objects[-1].number} 0 R".encode()


def test_a_note_reference_is_described_as_a_note_in_the_pdf(example: Path) -> None:
    """The HTML names each reference "Note 1"; the PDF's link carries it as the link's description."""
    with pikepdf.open(example) as pdf:
        described = [
            str(annot.get("/Contents", ""))
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if annot.get("/Subtype") == "/Link"
        ]
    has_notes = any("[^" in md.read_text("utf-8") for md in (ROOT / "responses" / example.stem).glob("*.md"))
    assert ("Note 1" in described) == has_notes, described
