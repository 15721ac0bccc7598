"""The response, question, contribution and intake pages in a real browser (Debian's Chromium): axe-core finds
no WCAG A/AA fault at 320 and 1280 px (forms with their error summaries too), nothing scrolls sideways, and a
coordinator changes a contribution's text and approves it with JavaScript off."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.web.addresses import contribution_url
from tests.factory import make_bench
from tests.web.conftest import axe_browser, axe_violations, describe, serving

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = [320, 1280]
TOKEN = "contrib-browser-token"
R = "/r/crisis-house"
PAGES = [
    R,
    contribution_url("crisis-house", "20-q1-offer.md"),
    contribution_url("crisis-house", "30-q2-withdrawn.md"),
    contribution_url("crisis-house", "50-q3-pictured.md"),
    f"{R}/q/q1",
    "/responses/new",
    f"{R}/intake",
]


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    bench = make_bench(tmp_path_factory.mktemp("contrib-browser") / "wb")
    (bench.response / "chart.png").write_bytes(_png())
    bench.contribution(
        "50-q3-pictured.md",
        "---\nanswers: q3\nby: [bo]\nstatus: draft\n---\nThe waiting list:\n\n![A bar chart of waiting times](chart.png)\n",
    )
    unsorted = bench.response / "unsorted"
    unsorted.mkdir()
    (unsorted / "notes-intake.md").write_text("---\nstatus: draft\n---\nA draft waiting.\n", encoding="utf-8")
    with serving(bench.root, [bench.response], token=TOKEN) as address:
        yield address, bench.response


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with axe_browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def page(browser: Any, served: tuple[str, Path]) -> Any:
    tab = browser.new_page(java_script_enabled=True)
    tab.goto(f"{served[0]}/?token={TOKEN}")
    return tab


def _clean(page: Any, where: str, width: int) -> None:
    found = axe_violations(page)
    assert not found, f"{where} at {width} px:\n{describe(found)}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (where, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url", PAGES)
def test_no_axe_violations(page: Any, served: tuple[str, Path], url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    answer = page.goto(served[0] + url)
    assert answer is not None and answer.status == 200, url
    _clean(page, url, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_forms_with_their_error_summaries_have_no_axe_violations(
    page: Any, served: tuple[str, Path], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served[0] + "/responses/new")
    page.fill("#slug", "Not A Slug")
    page.fill("#url", "example.org")
    page.fill("#closes", "31/02/2027")
    page.click("button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    _clean(page, "/responses/new with errors", width)
    page.goto(served[0] + f"{R}/q/q2")
    page.fill("#limit", "lots")
    page.click("button[type=submit]")
    assert page.locator("#limit-error").count() == 1
    _clean(page, "a question with errors", width)


def test_axe_finds_a_planted_fault(page: Any, served: tuple[str, Path]) -> None:
    """The check can fail: a textarea without its label is found."""
    page.goto(served[0] + contribution_url("crisis-house", "20-q1-offer.md"))
    page.evaluate("document.querySelector('label[for=body]').remove()")
    assert "label" in [v["id"] for v in axe_violations(page)]


def test_a_coordinator_edits_and_approves_without_javascript(browser: Any, served: tuple[str, Path]) -> None:
    address, folder = served
    tab = browser.new_page(java_script_enabled=False)
    tab.goto(f"{address}/?token={TOKEN}")
    tab.goto(address + contribution_url("crisis-house", "50-q3-pictured.md"))
    tab.fill("#body", "The waiting list is long.\n\n![A bar chart of waiting times](chart.png)\n")
    tab.click("text=Save the text")
    tab.wait_for_load_state("load")  # under load, content() read while the next page arrives is empty
    assert "Saved the text of 50-q3-pictured.md" in tab.content()
    assert "The waiting list is long." in tab.inner_text(".printed")
    tab.click("text=Approve as hal")
    tab.wait_for_load_state("load")
    assert "approved by hal on 2026-11-20" in tab.content()
    saved = (folder / "50-q3-pictured.md").read_text(encoding="utf-8")
    assert saved.startswith("---\nanswers: q3\nby: [bo]\nstatus: approved\napproved: {by: hal")
    assert saved.endswith("---\nThe waiting list is long.\n\n![A bar chart of waiting times](chart.png)\n")


@pytest.mark.parametrize("width", WIDTHS)
def test_intakes_report_and_a_refused_save_have_no_axe_violations(
    page: Any, served: tuple[str, Path], width: int
) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Calls at night matter.")
    out = io.BytesIO()
    document.save(out)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served[0] + f"{R}/intake")
    page.set_input_files(
        "#file",
        files=[{"name": f"answer-{width}.docx", "mimeType": "application/octet-stream", "buffer": out.getvalue()}],
    )
    page.click("text=Take it in")
    assert page.locator("#report").count() == 1
    _clean(page, "the intake report", width)
    page.goto(served[0] + f"{R}/intake")
    page.set_input_files(
        "#file", files=[{"name": "macro.docm", "mimeType": "application/octet-stream", "buffer": b"PK"}]
    )
    page.click("text=Take it in")
    assert page.locator(".error-summary").count() == 1
    _clean(page, "a refused upload", width)
    page.goto(served[0] + contribution_url("crisis-house", "20-q1-offer.md"))
    page.uncheck("#by-ada")
    page.uncheck("#by-fay")
    page.click("text=Save who wrote it")
    assert page.locator("#by-error").count() == 1
    _clean(page, "a refused save", width)
