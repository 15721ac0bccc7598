"""The guard keeps the text of PDF pages it has read, under a key of each page's exact bytes (issue 23, item 2).

The oracle is the guard's reading without a store: with one, every piece must be the same, whatever was
done to the file or to the store since. A page changed in any way (here, a name drawn onto it with a font
of its own, as an attacker editing the file would) is read by pdfium again and the name is found; a store
that is damaged, of another version, or not a store at all is ignored. A rebuild after one edit of a response laid
out in parts reads only the pages that changed, and its outputs are the bytes a build without any kept work makes.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from pipeline.build import build
from pipeline.privacy import page_texts
from pipeline.privacy.page_texts import PageTexts, kept
from pipeline.privacy.readers import read_output
from pipeline.render import pdf_split
from pipeline.render.write import write_atomic
from pipeline.settings import make_settings
from tests.bench.generate import make_response

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("pages")
    folder = make_response(root / "wb", 40)
    build(folder, make_settings(draft=True, formats=("pdf",), out_dir=root / "out"))
    return {"root": root, "folder": folder, "pdf": (root / "out" / f"{folder.name}.pdf").read_bytes()}


def _pieces(data: bytes, store: PageTexts | None = None) -> list[tuple[str, str, str]]:
    if store is None:
        return [(p.where, p.text, p.kind) for p in read_output("r.pdf", data, "pdf")]
    with kept(store):
        return [(p.where, p.text, p.kind) for p in read_output("r.pdf", data, "pdf")]


def _stored(path: Path, data: bytes) -> PageTexts:
    """A store that has read `data` once and been saved at `path`, loaded again as the next build loads it."""
    first = PageTexts(path)
    _pieces(data, first)
    first.save(write_atomic)
    return PageTexts(path)


def _pages(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def test_a_kept_page_reads_as_pdfium_read_it(made: dict[str, Any], tmp_path: Path) -> None:
    data = made["pdf"]
    plain = _pieces(data)
    first = PageTexts(tmp_path / "p.json")
    assert _pieces(data, first) == plain
    assert first.read == _pages(data) > 3  # every page read once, by pdfium
    first.save(write_atomic)
    again = PageTexts(tmp_path / "p.json")
    assert _pieces(data, again) == plain
    assert again.read == 0  # not one page read by pdfium: each was kept


def _draw_on_page(data: bytes, index: int, words: str) -> bytes:
    """`words` drawn on one page with Helvetica (a font of the reader's own, not embedded): the file's own
    fonts and every other page unchanged."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[index]
        font = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        )
        # its own resources (pages may share theirs), with the fonts it had and one more
        shared = page.obj.get("/Resources", pikepdf.Dictionary())
        resources = pikepdf.Dictionary(dict(shared.items()))
        fonts = pikepdf.Dictionary({key: value for key, value in shared.get("/Font", pikepdf.Dictionary()).items()})
        fonts["/Planted"] = font
        resources["/Font"] = fonts
        page.obj["/Resources"] = resources
        page.contents_add(pdf.make_stream(f"BT /Planted 11 Tf 80 80 Td ({words}) Tj ET".encode("latin-1")))
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


@pytest.mark.parametrize("index", [0, 2, -1])
def test_a_page_changed_in_the_file_is_read_again(made: dict[str, Any], tmp_path: Path, index: int) -> None:
    data = made["pdf"]
    store = _stored(tmp_path / "p.json", data)
    planted = _draw_on_page(data, index, "Quillon Marsh-Avery")
    found = _pieces(planted, store)
    assert found == _pieces(planted)
    text = "\n".join(t for where, t, kind in found if " text" in where)
    assert "Quillon Marsh-Avery" in text
    assert store.read == 1  # that page alone: the others' bytes are as they were


def test_a_page_moved_elsewhere_reads_as_it_now_is(made: dict[str, Any], tmp_path: Path) -> None:
    """Pages in another order (and one dropped): each is read by what it holds, its neighbours' edges too."""
    data = made["pdf"]
    store = _stored(tmp_path / "p.json", data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.pages.reverse()
        del pdf.pages[1]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    moved = out.getvalue()
    assert _pieces(moved, store) == _pieces(moved)


@pytest.mark.parametrize(
    "content",
    [
        "not json at all {",
        json.dumps(["a list", "not a store"]),
        json.dumps({"version": "another", "pages": {}}),
        json.dumps({"version": None, "pages": "text"}),
        "",
    ],
)
def test_a_damaged_or_foreign_store_is_ignored(made: dict[str, Any], tmp_path: Path, content: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(content, encoding="utf-8")
    store = PageTexts(path)
    assert _pieces(made["pdf"], store) == _pieces(made["pdf"])
    assert store.read == _pages(made["pdf"])


def test_a_store_with_false_text_for_other_keys_changes_nothing(made: dict[str, Any], tmp_path: Path) -> None:
    """Texts kept under keys this file's pages do not have are never used."""
    path = tmp_path / "p.json"
    store = _stored(path, made["pdf"])
    kept_pages = json.loads(path.read_text(encoding="utf-8"))
    kept_pages["pages"] = {("0" * 63 + str(i % 10)): "nothing to see" for i in range(len(store.kept))}
    path.write_text(json.dumps(kept_pages), encoding="utf-8")
    again = PageTexts(path)
    assert _pieces(made["pdf"], again) == _pieces(made["pdf"])
    assert again.read == _pages(made["pdf"])


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(pages read by pdfium, pages in the store) of each build's guard, as it saves its store."""
    seen: list[tuple[int, int]] = []
    save = PageTexts.save

    def noting(self: PageTexts, write: Any) -> None:
        seen.append((self.read, len(self.used)))
        save(self, write)

    monkeypatch.setattr(page_texts.PageTexts, "save", noting)
    return seen


def test_a_rebuild_reads_only_the_pages_that_changed(
    made: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = shutil.copytree(made["root"] / "wb", tmp_path / "wb")
    folder = root / "responses" / made["folder"].name
    shutil.rmtree(root / "build" / ".cache")  # what the fixture's build kept
    # laid out in parts, as a long response is: each part has fonts of its own, so an edit leaves the
    # other parts' pages as they were (a page laid out whole shares its fonts with every page)
    monkeypatch.setattr(pdf_split, "SPLIT", pdf_split.Split(above=10_000, part=20_000))
    seen = _reads(monkeypatch)
    settings = make_settings(draft=True, formats=("pdf",), out_dir=tmp_path / "out")
    build(folder, settings)
    pages = _pages((tmp_path / "out" / f"{folder.name}.pdf").read_bytes())
    assert seen[-1] == (pages, pages)  # nothing kept: every page read
    build(folder, settings)
    assert seen[-1] == (0, pages)  # nothing changed: no page read by pdfium
    changed = sorted(folder.glob("*.md"))[20]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence, added.\n", encoding="utf-8")
    build(folder, settings)
    data = (tmp_path / "out" / f"{folder.name}.pdf").read_bytes()
    read, held = seen[-1]
    assert 0 < read < pages // 2
    assert held == _pages(data)  # the store keeps this build's pages only
    # the same bytes as a build with nothing kept
    shutil.rmtree(root / "build" / ".cache")
    build(folder, make_settings(draft=True, formats=("pdf",), out_dir=tmp_path / "cold"))
    assert (tmp_path / "cold" / f"{folder.name}.pdf").read_bytes() == data
    assert seen[-1][0] == _pages(data)


def test_a_build_without_a_pdf_keeps_no_pages(made: dict[str, Any], tmp_path: Path) -> None:
    root = shutil.copytree(made["root"] / "wb", tmp_path / "wb")
    folder = root / "responses" / made["folder"].name
    build(folder, make_settings(draft=True, formats=("pdf",), out_dir=tmp_path / "out"))
    stores = list((root / "build" / ".cache" / "pages").glob("*.json"))
    assert len(stores) == 1
    build(folder, make_settings(draft=True, formats=("txt",), out_dir=tmp_path / "out"))
    assert not stores[0].exists()


def _one_page(words: str) -> bytes:
    """A PDF of one page drawing `words` in Helvetica, its content stream stored as it is (no filter)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    page = pdf.add_blank_page(page_size=(300, 200))
    page.obj["/Resources"] = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj["/Contents"] = pdf.make_stream(f"BT /F1 12 Tf 20 100 Td ({words}) Tj ET".encode("latin-1"))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=False)
    return out.getvalue()


def test_words_changed_in_place_are_read_again(tmp_path: Path) -> None:
    """The same length, the same dictionary, other bytes in the stream: as an edit in place would leave it."""
    before, after = _one_page("Ordinary words"), _one_page("Quillon Marsha")
    assert len(before) == len(after)
    store = _stored(tmp_path / "p.json", before)
    found = "\n".join(t for _, t, _ in _pieces(after, store))
    assert "Quillon Marsha" in found
    assert store.read == 1


def _inheriting_page(base_font: str) -> bytes:
    """One page with no resources of its own, written by hand: its font is in the page tree above it, as PDF
    allows (32000-1, 7.7.3.4)."""
    content = b"BT /F1 12 Tf 20 100 Td (Abcdef) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 4 0 R >> >> /MediaBox [0 0 300 200] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /" + base_font.encode() + b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_a_font_the_page_takes_from_the_page_tree_is_part_of_its_key(tmp_path: Path) -> None:
    before, after = _inheriting_page("Helvetica"), _inheriting_page("Symbol")
    assert _pieces(before) != _pieces(after)  # the same codes read as other letters in the other font
    store = _stored(tmp_path / "p.json", before)
    assert _pieces(after, store) == _pieces(after)
    assert store.read == 1


def test_inherited_attributes_are_found_up_the_tree_and_a_loop_ends() -> None:
    """What a page lacks is taken from its nearest ancestor that has it (pikepdf also pushes these down to
    the pages when it opens a file; the key does not depend on that)."""
    fonts, box, other = {"/F1": "font"}, [0, 0, 300, 200], {"/F1": "another"}
    top: dict[str, Any] = {"/Resources": other, "/Rotate": 90}
    middle: dict[str, Any] = {"/Resources": fonts, "/MediaBox": box, "/Parent": top}
    page: dict[str, Any] = {"/Parent": middle, "/Rotate": 0}
    assert page_texts._inherited(page) == [("/MediaBox", box), ("/Resources", fonts)]
    looped: dict[str, Any] = {"/Resources": fonts}
    looped["/Parent"] = looped
    assert page_texts._inherited({"/Parent": looped}) == [("/Resources", fonts)]
