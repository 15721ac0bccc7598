"""A long PDF laid out in parts and joined (issue 23, 1-2), read with pikepdf and PyMuPDF, not our code.

A generated 40-contribution response is forced into parts (pdf_split.SPLIT made small) and compared with
the same response laid out whole, which is the oracle: the structure tree as a sequence, the text, the
outline, where each link lands; then the footers, the contents' numbers, the structure rules every PDF
keeps, and the cache between builds (same bytes warm or cold, one edit lays out one part, a change of
credit or a withdrawal leaves no old part, a damaged or planted cache file changes nothing the guard
would let through; one core lays out without a pool), then written evidence (no title page) and the
large-print edition. Cache files are read only through the build.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pikepdf
import pymupdf
import pytest

from pipeline.build import build
from pipeline.errors import CoproduceError
from pipeline.render import pdf_footer, pdf_join, pdf_parts, pdf_split
from pipeline.settings import make_settings
from tests.bench.generate import make_response, names
from tests.test_pdf_structure import assert_clean_structure, footer_text, read_tree

pytestmark = pytest.mark.slow

FORCED = pdf_split.Split(above=10_000, part=20_000)  # 40 contributions: three groups of answers, the notes
MARGIN = 2.2 * 72 / 2.54  # the page margin, where the footers and the draft mark are


def _build(folder: Path, out: Path, split: pdf_split.Split = FORCED, cores: int = 2) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_split, "SPLIT", split)
        patch.setattr(pdf_parts, "usable_cores", lambda: cores)
        pdf_parts.LAYOUTS.clear()
        build(folder, make_settings(draft=True, formats=("pdf",), out_dir=out))
    return out / f"{folder.name}.pdf"


def _cache(folder: Path) -> Path:
    return folder.parents[1] / "build" / ".cache" / "pdf"


@pytest.fixture(scope="module")
def long(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("parts")
    folder = make_response(root / "wb", 40)
    whole = _build(folder, root / "whole", split=pdf_split.Split())  # the default does not cut 40
    whole_layouts, cache_after_whole = list(pdf_parts.LAYOUTS), _cache(folder).exists()
    parts = _build(folder, root / "parts")
    return {
        "root": root,
        "folder": folder,
        "whole": whole,
        "parts": parts,
        "whole_layouts": whole_layouts,
        "cache_after_whole": cache_after_whole,
        "layouts": list(pdf_parts.LAYOUTS),
    }


def _copy(long: dict[str, Any], tmp_path: Path, *, cache: bool = True) -> Path:
    """The workbench copied, with its cache (warm) or without (cold)."""
    shutil.copytree(
        long["folder"].parents[1], tmp_path / "wb", ignore=None if cache else shutil.ignore_patterns(".cache")
    )
    return tmp_path / "wb" / "responses" / long["folder"].name


# ----------------------------------------------------------------------------- the oracle: laid out whole


def _sequence(path: Path) -> list[tuple[str, int, str, str]]:
    with pikepdf.open(path) as pdf:
        return [(str(e.S), len(a), str(e.get("/Alt", "")), str(e.get("/Lang", ""))) for e, a in read_tree(pdf).elements]


def test_a_short_response_is_laid_out_whole_and_nothing_is_kept(long: dict[str, Any]) -> None:
    assert long["whole_layouts"] == [] and not long["cache_after_whole"]
    assert long["layouts"].count("part") == 4  # three groups of answers, then the notes and credits
    with pikepdf.open(long["whole"]) as whole, pikepdf.open(long["parts"]) as parts:
        assert len(parts.pages) > len(whole.pages)  # each part begins a page


def test_the_joined_structure_is_the_whole_ones(long: dict[str, Any]) -> None:
    whole, parts = _sequence(long["whole"]), _sequence(long["parts"])
    assert len(whole) > 1000
    assert parts == whole
    tree = assert_clean_structure(long["parts"])  # every rule a PDF keeps, on the joined file
    assert len(tree.of_type("/Reference")) == 40 and len(tree.of_type("/Note")) == 40
    assert tree.of_type("/LBody") and tree.of_type("/Lbl")
    for item in tree.of_type("/LI"):  # L > LI > Lbl + LBody
        kinds = [str(k.S) for k in item.get("/K", []) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        assert "/LBody" in kinds and set(kinds) <= {"/Lbl", "/LBody"}, kinds
    for element, ancestors in tree.elements:
        if element.S == "/LI":
            assert ancestors[-1] == "/L"
    with pikepdf.open(long["parts"]) as pdf:
        assert str(pdf.Root.Lang) == "en-GB" and pdf.Root.MarkInfo.Marked
        assert "Benchmark" not in str(pdf.Root.Names.Dests)  # ids only
        fonts = [font for page in pdf.pages for font in _fonts(page.obj.Resources)]
        assert len(fonts) > 40  # each part's, and each footer's
        for font in fonts:
            descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).FontDescriptor
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font.get("/BaseFont")


def _fonts(resources: Any) -> list[Any]:
    """Every font a page uses, in its own resources and its forms' (the footers are forms)."""
    found = list(resources.get("/Font", {}).values())
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found += _fonts(xobject.Resources)
    return found


def _body_words(path: Path, skip: int) -> list[str]:
    """Every word between the margins, from page `skip` on (the contents' numbers differ)."""
    with pymupdf.open(path) as doc:
        return [
            w[4]
            for page in list(doc)[skip:]
            for w in page.get_text("words", sort=True)
            if w[1] > MARGIN - 2 and w[3] < page.rect.height - MARGIN + 2
        ]


def test_the_text_reads_as_the_whole_ones(long: dict[str, Any]) -> None:
    assert _body_words(long["parts"], 2) == _body_words(long["whole"], 2)


def test_every_page_but_the_first_says_page_n_of_m_as_pagination(long: dict[str, Any]) -> None:
    organisation = footer_text(long["whole"])[0].rsplit(" Page ", 1)[0]
    with pikepdf.open(long["parts"]) as pdf:
        count = len(pdf.pages)
        for i, page in enumerate(pdf.pages):
            stack: list[bool] = []  # for each open BMC/BDC: is it a pagination artifact
            drawn_as_pagination = 0
            for inst in pikepdf.parse_content_stream(page):
                op = str(inst.operator)
                if op in ("BMC", "BDC"):
                    props = inst.operands[1] if op == "BDC" else None
                    stack.append(
                        str(inst.operands[0]) == "/Artifact"
                        and isinstance(props, pikepdf.Dictionary)
                        and props.get("/Type") == "/Pagination"
                    )
                elif op == "EMC":
                    stack.pop()
                elif op == "Do" and any(stack):
                    drawn_as_pagination += 1
            assert drawn_as_pagination == (1 if i else 0), i  # the footer, a form drawn as pagination
    assert footer_text(long["parts"]) == [f"{organisation} Page {n} of {count}" for n in range(2, count + 1)]
    with pymupdf.open(long["parts"]) as doc:
        first = doc[0]
        assert not [w for w in first.get_text("words") if w[1] > first.rect.height - MARGIN]


def test_footers_laid_out_in_runs_read_the_same(
    long: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The footers are laid out a run of pages per core; three runs say what one does, page by page."""
    monkeypatch.setattr(pdf_parts, "runs", lambda total, cores: pdf_footer.runs(total, 3, least=5))
    assert len(pdf_footer.runs(42, 3, least=5)) == 3
    out = _build(_copy(long, tmp_path), tmp_path / "runs")
    assert pdf_parts.LAYOUTS.count("footers") == 3 and "part" not in pdf_parts.LAYOUTS
    assert footer_text(out) == footer_text(long["parts"])
    assert _body_words(out, 0) == _body_words(long["parts"], 0)


def test_the_contents_give_the_pages_the_headings_are_on(long: dict[str, Any]) -> None:
    with pymupdf.open(long["parts"]) as doc:
        contents = doc[1]
        links = [link for link in contents.get_links() if link.get("nameddest")]
        assert len(links) >= 4
        words = contents.get_text("words")
        for link in links:
            box = link["from"]
            line = [w[4] for w in words if box.y0 - 1 <= (w[1] + w[3]) / 2 <= box.y1 + 1]
            number = next(w for w in reversed(line) if w.isdigit())
            title = " ".join(w for w in line if w != "." and not re.fullmatch(r"\d+\.?", w))[:30]
            assert int(number) == link["page"] + 1, (title, number)
            assert doc[link["page"]].search_for(title), title


def _landing(path: Path) -> dict[str, tuple[str, ...]]:
    """For each named destination, the first words at or below where it points."""
    with pymupdf.open(path) as doc:
        out = {}
        for name, where in doc.resolve_names().items():
            page = doc[where["page"]]
            top = page.rect.height - where["to"][1] - 2
            below = [w for w in page.get_text("words", sort=True) if w[1] >= top and w[1] > MARGIN - 2]
            out[name] = tuple(w[4] for w in below[:4])
        return out


def test_every_link_lands_where_it_does_in_the_whole(long: dict[str, Any]) -> None:
    whole, parts = _landing(long["whole"]), _landing(long["parts"])
    assert set(parts) == set(whole) and any(n.startswith("fnref-") for n in parts)
    assert parts == whole
    with pymupdf.open(long["parts"]) as doc:
        links = [link for page in doc for link in page.get_links()]
        internal = [link for link in links if link["kind"] in (pymupdf.LINK_GOTO, pymupdf.LINK_NAMED)]
        assert len(internal) > 80
        assert all(link["page"] >= 0 for link in internal)
        assert not [link for link in links if "coproduce-part" in str(link.get("uri", ""))]
    assert b"coproduce-part" not in long["parts"].read_bytes()


def test_the_outline_has_every_heading_at_its_level(long: dict[str, Any]) -> None:
    with pymupdf.open(long["whole"]) as whole, pymupdf.open(long["parts"]) as parts:
        assert [t[:2] for t in parts.get_toc()] == [t[:2] for t in whole.get_toc()]
        assert any(level == 3 for level, _, _ in parts.get_toc())
        for _, title, page in parts.get_toc():
            assert parts[page - 1].search_for(title[:30]), title


# ----------------------------------------------------------------------------- the cache


def test_a_warm_build_lays_out_nothing_and_gives_the_same_bytes(long: dict[str, Any], tmp_path: Path) -> None:
    again = _build(long["folder"], tmp_path / "again")
    assert pdf_parts.LAYOUTS == []
    assert again.read_bytes() == long["parts"].read_bytes()
    cold = _build(_copy(long, tmp_path, cache=False), tmp_path / "cold")
    assert len(pdf_parts.LAYOUTS) == 7  # the probe, four parts, the contents, the footers
    assert cold.read_bytes() == long["parts"].read_bytes()
    kept = [p.relative_to(_cache(long["folder"])) for p in _cache(long["folder"]).rglob("*")]
    assert kept and all(re.fullmatch(r"[0-9a-f]{32}(/[0-9a-f]{64}\.(pdf|json))?", str(p)) for p in kept)


def test_each_part_gives_its_own_ids_as_the_join_would(
    long: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint numbers the IDs of table cells and our notes afresh in each part; each part prefixes its
    own ("<n>.") as it is laid out. The oracle is the join's own renaming, used when a part's layout gave
    none (as when its tidying kept WeasyPrint's file): the joined bytes are the same either way."""
    with pikepdf.open(long["parts"]) as pdf:
        tree = read_tree(pdf)
        ids = [bytes(e.ID) for e, _ in tree.elements if "/ID" in e]
        tables = tree.of_type("/Table")
        assert tables and len(tree.of_type("/Note")) == 40  # something to number in every part
        parts = {i.split(b".")[0] for i in ids}
        assert len(ids) == len(set(ids)) and parts <= {b"1", b"2", b"3", b"4"} and len(parts) >= 3
        for table in tables:  # each body cell's headers are in its own table
            cells = _within(table)
            own = {bytes(c.ID) for c in cells if "/ID" in c}
            used = {bytes(h) for c in cells if c.S == "/TD" for h in c.A.get("/Headers", [])}
            assert used and used <= own
    walked: list[int] = []  # the join walks a part's elements only to give IDs the part did not
    walk = pdf_join._elements
    monkeypatch.setattr(pdf_join, "_elements", lambda elem: walked.append(1) or walk(elem))
    cold = _build(_copy(long, tmp_path / "cold", cache=False), tmp_path / "cold-out")
    assert cold.read_bytes() == long["parts"].read_bytes() and not walked
    laid = pdf_parts.lay_out  # on one core, in this process, where it can be replaced
    monkeypatch.setattr(pdf_parts, "lay_out", lambda job: laid(dataclasses.replace(job, ids="")))
    joined = _build(_copy(long, tmp_path, cache=False), tmp_path / "joined", cores=1)
    assert pdf_parts.LAYOUTS.count("part") == 4 and joined.read_bytes() == long["parts"].read_bytes() and walked


def _within(elem: Any) -> list[Any]:
    kids = elem.get("/K", [])
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    inner = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
    return inner + [d for k in inner for d in _within(k)]


def test_one_edit_lays_out_its_part_again_and_equals_a_cold_build(long: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy(long, tmp_path)
    changed = sorted(folder.glob("*.md"))[20]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence, added today.\n", encoding="utf-8")
    before = {p.name for p in _cache(folder).rglob("*")}
    warm = _build(folder, tmp_path / "warm")
    assert pdf_parts.LAYOUTS.count("part") == 1
    after = {p.name for p in _cache(folder).rglob("*")}
    assert len(after) == len(before) and len(after - before) >= 2  # the old part's files are not kept
    shutil.rmtree(_cache(folder))
    cold = _build(folder, tmp_path / "cold")
    assert warm.read_bytes() == cold.read_bytes() != long["parts"].read_bytes()
    with pymupdf.open(warm) as doc:
        assert "One more sentence, added today." in " ".join(page.get_text() for page in doc)


def _text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return " ".join(" ".join(page.get_text().split()) for page in doc)


def test_a_change_of_credit_or_a_withdrawal_leaves_no_old_part(long: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy(long, tmp_path)
    person = folder.parents[1] / "contributors" / "p0.yaml"  # p0 is credited by name and writes the first files
    name = names(16)[0]
    assert name in _text(long["parts"])
    person.write_text(person.read_text(encoding="utf-8").replace("credit: name", "credit: anonymous"), "utf-8")
    renamed = _build(folder, tmp_path / "renamed")
    assert pdf_parts.LAYOUTS.count("part") >= 1
    assert name not in _text(renamed)
    withdrawn = folder.parents[1] / "contributors" / "p5.yaml"
    theirs = [f for f in sorted(folder.glob("*.md")) if "by: [p5]" in f.read_text("utf-8")]
    assert theirs
    for i, file in enumerate(theirs):  # words of their own, which no one else copied
        front = file.read_text("utf-8").split("---\n")[1]
        file.write_text(f"---\n{front}---\nThe ferry timetable changed {i} times without notice.\n", "utf-8")
    said = _build(folder, tmp_path / "said")
    assert "ferry timetable" in _text(said)
    text = withdrawn.read_text("utf-8")
    assert "consent: {recorded:" in text
    withdrawn.write_text(text.replace("consent: {recorded:", "consent: {withdrawn: 2026-01-01, recorded:"), "utf-8")
    out = _build(folder, tmp_path / "withdrawn")
    assert 1 <= pdf_parts.LAYOUTS.count("part") < 4  # the parts with their words, not every one
    assert "ferry" not in _text(out)
    shutil.rmtree(_cache(folder))
    cold = _build(folder, tmp_path / "cold")
    assert out.read_bytes() == cold.read_bytes()


def _part_files(folder: Path) -> list[Path]:
    """The cached answer parts (the ones that report a question's anchor)."""
    found = []
    for record in sorted(_cache(folder).rglob("*.json")):
        info = json.loads(record.read_text("utf-8"))
        if any(name.startswith("question-") for name in info["anchors"]):
            found.append(record.with_suffix(".pdf"))
    return found


def test_a_truncated_or_garbled_cache_file_is_laid_out_again(long: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy(long, tmp_path)
    first, second = _part_files(folder)[:2]
    first.write_bytes(first.read_bytes()[: len(first.read_bytes()) // 2])
    second.with_suffix(".json").write_text("{not json", "utf-8")
    out = _build(folder, tmp_path / "out")
    assert pdf_parts.LAYOUTS == ["part", "part"]
    assert out.read_bytes() == long["parts"].read_bytes()


def test_the_guard_reads_what_came_from_the_cache(long: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy(long, tmp_path)
    hidden = names(16)[4]  # p4 is credited anonymously: the name may never be printed
    target = _part_files(folder)[0]
    with pikepdf.open(target) as pdf:
        for element, _ in read_tree(pdf).elements:
            if element.S == "/P":
                element.Alt = pikepdf.String(f"Said by {hidden}")
                break
        pdf.save(tmp_path / "planted.pdf")
    planted = (tmp_path / "planted.pdf").read_bytes()
    target.write_bytes(planted)
    record = json.loads(target.with_suffix(".json").read_text("utf-8"))
    import hashlib

    record["sha256"] = hashlib.sha256(planted).hexdigest()
    target.with_suffix(".json").write_text(json.dumps(record), "utf-8")
    with pytest.raises(CoproduceError) as refused:
        _build(folder, tmp_path / "out")
    assert "refusing to write" in str(refused.value.problems[0].message)
    assert not (tmp_path / "out" / f"{folder.name}.pdf").exists()
    assert not _cache(folder).exists()  # nothing of a refused build is kept


def test_one_usable_core_lays_out_without_a_pool(
    long: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a pool with one core")

    monkeypatch.setattr(pdf_parts, "ProcessPoolExecutor", no_pool)
    out = _build(_copy(long, tmp_path, cache=False), tmp_path / "one", cores=1)
    assert pdf_parts.LAYOUTS.count("part") == 4
    assert out.read_bytes() == long["parts"].read_bytes()


# ----------------------------------------------------------------------------- other shapes of page


def _pair(folder: Path, out: Path, *, large_print: bool = False) -> tuple[Path, Path]:
    """The response laid out whole and in parts (`large_print`: the 18pt edition, which a build makes too)."""
    made = []
    for split, name in ((pdf_split.Split(), "whole"), (FORCED, "parts")):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pdf_split, "SPLIT", split)
            pdf_parts.LAYOUTS.clear()
            build(folder, make_settings(draft=True, formats=("pdf",), out_dir=out / name, large_print=large_print))
        if name == "parts":
            assert pdf_parts.LAYOUTS.count("part") == (8 if large_print else 4)
        made.append(out / name / f"{folder.name}{'-large-print' if large_print else ''}.pdf")
    return made[0], made[1]


def _footers_say_page_n_of_m(whole: Path, parts: Path) -> None:
    with pikepdf.open(parts) as pdf:
        count = len(pdf.pages)
    said = [re.sub(r"Page \d+ of \d+", "", line) for line in footer_text(whole)]
    assert footer_text(parts) == [f"{said[0]}Page {n} of {count}".strip() for n in range(2, count + 1)]


def test_written_evidence_without_a_title_page_joins_the_same(long: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy(long, tmp_path, cache=False)
    response = folder / "response.yaml"
    response.write_text(response.read_text("utf-8") + "submit_to: commons-committee\n", "utf-8")
    whole, parts = _pair(folder, tmp_path / "out")
    assert _sequence(parts) == _sequence(whole)
    assert_clean_structure(parts)
    _footers_say_page_n_of_m(whole, parts)
    assert _body_words(parts, 0) == _body_words(whole, 0)  # no contents page: every word, in order


def test_the_large_print_edition_joins_the_same(long: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy(long, tmp_path, cache=False)
    whole, parts = _pair(folder, tmp_path / "out", large_print=True)
    assert _sequence(parts) == _sequence(whole)
    _footers_say_page_n_of_m(whole, parts)
    with pymupdf.open(parts) as doc:
        sizes = {
            round(s["size"])
            for b in doc[3].get_text("dict")["blocks"]
            for li in b.get("lines", [])
            for s in li["spans"]
        }
    assert 18 in sizes  # the 18pt body


# ----------------------------------------------------------------------------- where a page is cut


def _page(folder: Path) -> str:
    from pipeline.build import check
    from pipeline.render.context import RenderContext
    from pipeline.render.html import render_page

    checked = check(folder, make_settings(draft=True))
    look = checked.workbench.template_dirs
    ctx = RenderContext(templates=look[0], response_dir=checked.response.dir, fallback=look[1:])
    return render_page(checked.assembly.document, ctx, for_pdf=True)


def test_a_page_is_cut_between_questions_only_when_it_is_long_and_counts_pages_only_in_footers(
    long: dict[str, Any],
) -> None:
    page = _page(long["folder"])
    assert pdf_split.split(page) is None  # 40 contributions: laid out whole
    cut = pdf_split.split(page, FORCED)
    assert cut is not None and len(cut.parts) == 4
    assert [p.continues for p in cut.parts] == [0, 2, 2, 1]  # <main> and the answers' section carried on; the notes
    for part in cut.parts[1:-1]:
        assert re.match(r'<main>\n<section class="kind-answers">\n<section class="answer" id="question-', part.body)
    assert "".join(p.body for p in cut.parts).count('<section class="answer"') == page.count('<section class="answer"')
    assert cut.parts[-1].body.startswith('<main>\n<section id="notes"')
    # a link into another part is written so WeasyPrint keeps it, and made a link again by the join
    first = cut.parts[0].body
    crossed = pdf_split.link_across(first, pdf_split.ids(first))
    assert 'href="#fn-' not in crossed and f'href="{pdf_split.PART_LINK}fn-' in crossed
    # not cut: a page count anywhere but the footers, a page not shaped as ours, contents counted by the page
    counted = page.replace("</style>", ".answer::before { content: counter(page); }</style>", 1)
    assert pdf_split.split(counted, FORCED) is None
    assert pdf_split.split(page.replace('<main id="_main">', "<main>"), FORCED) is None
    assert pdf_split.split(page.replace("</nav>", '<a href="#x" class="t">x</a></nav>', 1), FORCED) is not None
    assert pdf_split.split(page.replace("</body>", "<p>target-counter</p></body>"), FORCED) is None


def test_a_build_into_the_build_folder_itself_keeps_nothing_there(long: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy(long, tmp_path, cache=False)
    shutil.rmtree(folder.parents[1] / "build", ignore_errors=True)
    out = _build(folder, folder.parents[1] / "build")  # --out build: the output folder is replaced whole
    assert out.exists() and pdf_parts.LAYOUTS.count("part") == 4
    assert not (folder.parents[1] / "build" / ".cache").exists()
    assert sorted(p.name for p in out.parent.iterdir() if not p.name.startswith(".")) == [out.name]
