"""The PDF renderer, read back with pypdf. Slow: each render is about a second."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
from pathlib import Path
from typing import Any

import pypdf
import pytest

from pipeline.load.brand import load_brand
from pipeline.render import pdf
from pipeline.render.context import RenderContext
from pipeline.render.html import render_page
from tests.sample_doc import WITHHELD, sample_document
from tests.test_render_html import TEMPLATES

pytestmark = pytest.mark.slow

HEADINGS = (
    "Summary of key recommendations",
    "Answers to the consultation questions",
    "Local context",
    "Notes",
    "Credits",
)


@dataclasses.dataclass(frozen=True)
class Rendered:
    data: bytes
    reader: pypdf.PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def trailer(self) -> Any:  # pypdf's PdfObject types are too loose to index without casts
        return self.reader.trailer


def _render(folder: Path, draft: bool) -> Rendered:
    folder.mkdir(parents=True, exist_ok=True)
    doc = dataclasses.replace(sample_document(folder, draft=draft), brand=load_brand(TEMPLATES))
    data = pdf.render(doc, RenderContext(templates=TEMPLATES, response_dir=folder))
    reader = pypdf.PdfReader(io.BytesIO(data))
    return Rendered(data, reader, [p.extract_text() for p in reader.pages])


@pytest.fixture(scope="module")
def final(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return _render(tmp_path_factory.mktemp("final"), draft=False)


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return _render(tmp_path_factory.mktemp("draft"), draft=True)


def test_is_a_pdf(final: Rendered) -> None:
    assert final.data.startswith(b"%PDF-1.7")
    assert len(final.pages) >= 3


def test_title_page_text(final: Rendered) -> None:
    first = " ".join(final.pages[0].split())  # long lines wrap
    for text in (
        "Response to the crisis-house survey",
        "Riverside Peer Network",
        "Crisis houses in Eastmoor",
        "Eastmoor Integrated Care Board",
        "1 March 2026",
        "20 February 2026",
    ):
        assert text in first, text
    assert "Page 1 of" not in first  # no footer on the title page


def test_sections_in_order(final: Rendered) -> None:
    body = "\n".join(final.pages[2:])  # after the title page and contents
    positions = [body.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert "Question 1" in body and "What should a crisis house offer?" in body


def test_contents_and_page_numbers(final: Rendered) -> None:
    assert "Contents" in final.pages[1]
    total = len(final.pages)
    for number in range(2, total + 1):
        assert f"Page {number} of {total}" in final.pages[number - 1]


def test_credits(final: Rendered) -> None:
    credits = final.text[final.text.rindex("Credits") :]
    assert "Peer Researcher" in credits and "T.O." in credits
    assert "co-produced with 3 people with lived experience" in " ".join(credits.split())
    assert "chose not to be named" in credits


def test_lived_quotes_and_notes(final: Rendered) -> None:
    assert "Someone listened to me at 3am." in final.text
    assert "Peer Researcher" in final.text
    assert "Eastmoor ICB board papers, 2025." in final.text


def test_metadata(final: Rendered) -> None:
    meta = final.reader.metadata
    assert meta is not None
    assert meta.title == "Response to the crisis-house survey"
    assert meta.author == "Riverside Peer Network"
    assert meta["/CreationDate"] == "D:20260220"
    assert meta["/ModDate"] == "D:20260220"


def test_tagged_with_language(final: Rendered) -> None:
    root = final.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root


def test_draft_mark_on_every_page(draft: Rendered) -> None:
    assert all("DRAFT" in page for page in draft.pages)
    assert "42 of 250 words" in draft.text


def test_no_draft_mark_when_final(final: Rendered) -> None:
    assert not any("DRAFT" in page.upper() for page in final.pages)
    assert b"DRAFT" not in final.data.upper()  # also not in metadata or any uncompressed part


def test_withheld_absent(final: Rendered, draft: Rendered) -> None:
    for rendered in (final, draft):
        meta: dict[str, Any] = dict(rendered.reader.metadata or {})
        xmp = rendered.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        for secret in WITHHELD:
            assert secret not in rendered.text
            assert all(secret not in str(value) for value in meta.values())
            assert secret not in xmp


def test_byte_identical_twice(final: Rendered, tmp_path: Path) -> None:
    # A second render from a different folder: paths must not leak into the output either.
    again = _render(tmp_path / "again", draft=False)
    assert again.data == final.data


def test_pdf_identifier_is_a_hash_of_the_page(final: Rendered, tmp_path: Path) -> None:
    doc = dataclasses.replace(sample_document(tmp_path), brand=load_brand(TEMPLATES))
    page = render_page(doc, RenderContext(templates=TEMPLATES, response_dir=tmp_path), for_pdf=True)
    assert final.trailer["/ID"][0] == hashlib.sha256(page.encode()).hexdigest()[:32]


def test_font_timestamp_does_not_depend_on_the_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fontTools stamps font subsets with the clock; two renders a 'year' apart must still match."""
    import time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _render(tmp_path / "a", draft=False).data
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 365 * 86400)
    assert _render(tmp_path / "b", draft=False).data == first
    assert "SOURCE_DATE_EPOCH" not in os.environ  # restored after rendering
