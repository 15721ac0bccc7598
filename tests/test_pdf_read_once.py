"""The PDF's final bytes are parsed once after WeasyPrint (issue 23): the structure pass's read-back and the
guard share one pikepdf parse (privacy/parsed.py); the guard still reads those final bytes, finds what a fresh
read finds, and the file is the same bytes as before."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from pipeline.build import build
from pipeline.errors import CoproduceError
from pipeline.privacy import parsed
from pipeline.privacy.readers import read_output
from pipeline.settings import make_settings
from tests.factory import Bench, make_bench

pytestmark = pytest.mark.slow


class Opens:
    """Counts the PDFs pikepdf opens, and which of them the guard's reader took from the writer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = 0
        self.taken = 0
        real_open, real_take = pikepdf.open, parsed.take

        def counting_open(*args: Any, **kwargs: Any) -> Any:
            self.opened += 1
            return real_open(*args, **kwargs)

        def counting_take(data: bytes) -> Any:
            got = real_take(data)
            self.taken += got is not None
            return got

        monkeypatch.setattr(pikepdf, "open", counting_open)
        monkeypatch.setattr(parsed, "take", counting_take)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Bench, bytes, int, int]]:
    """The invented workbench built as a PDF once, counting the parses."""
    bench = make_bench(tmp_path_factory.mktemp("once") / "wb")
    with pytest.MonkeyPatch.context() as mp:
        opens = Opens(mp)
        build(bench.response, make_settings(formats=("pdf",), out_dir=bench.root / "out-shared"))
    yield bench, (bench.root / "out-shared" / "crisis-house.pdf").read_bytes(), opens.opened, opens.taken


def test_the_final_pdf_is_parsed_once_for_the_structure_check_and_the_guard(
    shared: tuple[Bench, bytes, int, int],
) -> None:
    _, data, opened, taken = shared
    assert taken == 1  # the guard read the final bytes through the writer's parse...
    assert opened == 2  # ...so pikepdf opened WeasyPrint's file and the final one, not the final one twice
    assert pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"]  # still a tagged PDF


def test_sharing_the_parse_changes_no_byte(
    shared: tuple[Bench, bytes, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    bench, data, _, _ = shared
    monkeypatch.setattr(parsed, "keep", lambda data, pdf: pdf.close())  # nothing shared: the guard parses afresh
    opens = Opens(monkeypatch)
    build(bench.response, make_settings(formats=("pdf",), out_dir=bench.root / "out-fresh"))
    assert opens.taken == 0 and opens.opened == 3
    assert (bench.root / "out-fresh" / "crisis-house.pdf").read_bytes() == data


def test_the_guard_reads_through_the_kept_parse_what_a_fresh_parse_reads(shared: tuple[Bench, bytes, int, int]) -> None:
    _, data, _, _ = shared
    fresh = list(read_output("r.pdf", data, "pdf"))
    parsed.keep(data, pikepdf.open(io.BytesIO(data)))
    kept = list(read_output("r.pdf", data, "pdf"))
    assert parsed.take(data) is None  # handed over once, then gone
    assert kept == fresh and any(p.where.endswith("strings") for p in kept)


def test_a_parse_is_handed_over_only_for_the_very_bytes_it_was_made_from(shared: tuple[Bench, bytes, int, int]) -> None:
    _, data, _, _ = shared
    other = pikepdf.new()
    other.docinfo["/Title"] = "Elias Thorne"  # a parse of some other file, kept against these bytes' twin
    equal_copy = bytes(bytearray(data))
    parsed.keep(equal_copy, other)
    assert parsed.take(data) is None  # equal bytes are not the same object: read afresh
    assert parsed.take(equal_copy) is other
    other.close()


def test_a_name_in_the_final_pdf_is_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private name that reaches only the PDF's metadata (past the source check: the page is changed on its
    way to WeasyPrint) is found by the guard's object walk through the shared parse, and nothing is written."""
    from pipeline.render import pdf

    page = pdf.render_page

    def leaky(*args: Any, **kwargs: Any) -> str:
        return page(*args, **kwargs).replace("<head>", '<head><meta name="keywords" content="Elias Thorne">', 1)

    monkeypatch.setattr(pdf, "render_page", leaky)
    bench = make_bench(tmp_path / "wb")
    opens = Opens(monkeypatch)
    with pytest.raises(CoproduceError) as raised:
        build(bench.response, make_settings(formats=("pdf",), out_dir=tmp_path / "out"))
    assert [p.code for p in raised.value.problems] == ["name.in-output"]
    assert "crisis-house.pdf metadata /Keywords" in raised.value.problems[0].message
    assert opens.taken == 1
    assert not (tmp_path / "out").exists()
