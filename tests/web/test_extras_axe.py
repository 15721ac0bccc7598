"""axe-core in Chromium over the pages and sections added for issues 21, 24 and 25: a person's record with their
sheet and letters, the dashboard with the outcome reminder and the consultations ahead, and Review in Word with
open suggestions, notes and people to ask. No WCAG A or AA violation at 320 and 1280 px, no sideways scrolling."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import run
from tests.factory import make_bench
from tests.test_html_accessibility import AXE
from tests.web.conftest import chromium, live_server
from tests.web.test_dashboard_axe import _check
from tests.web.test_extras_dashboard import WATCH
from tests.web.test_extras_review import make_copies, suggestions


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    """A running workbench with a watch list, two reviewed copies read and hal's change to a quote accepted."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci in tests/axe)")
    where = tmp_path_factory.mktemp("extras-axe")
    copies = make_copies(where)
    bench = make_bench(where / "wb")
    (bench.root / "watch.yaml").write_text(textwrap.dedent(WATCH), encoding="utf-8")
    (where / "quote.docx").write_bytes(copies["quote"])
    assert run(["review", str(where / "quote.docx"), "crisis-house"], cwd=bench.root).exit_code == 0
    ((_, sid),) = suggestions(bench.root).items()
    assert run(["review", "accept", "crisis-house", sid], cwd=bench.root).exit_code == 0
    (where / "many.docx").write_bytes(copies["many"])
    assert run(["review", str(where / "many.docx"), "crisis-house"], cwd=bench.root).exit_code == 0
    with live_server(bench.root, "--as", "hal") as address, chromium(bypass_csp=True) as browser:
        page = browser.new_page()
        page.goto(address)
        yield page, address.split("?")[0]


def test_the_new_pages_pass_axe(served: tuple[Any, str]) -> None:
    page, base = served
    page.goto(base)
    page.get_by_text("Consultations ahead").wait_for()
    assert "The body's reply to record" in page.content().replace("&#39;", "'")
    _check(page, "next steps, with the outcome reminder and consultations ahead")
    page.goto(base + "people/cy")
    page.get_by_role("button", name="Download the letter as PDF").wait_for()
    _check(page, "cy's record, with the sheet and letter")
    page.goto(base + "people/ivy")  # took part in nothing: no letter to offer
    _check(page, "ivy's record, no letter")
    page.goto(base + "r/crisis-house/review")
    page.get_by_role("button", name="Record confirmation from cy for 31-q2-referral.md").wait_for()
    assert page.get_by_role("button", name="Accept").count() > 1
    _check(page, "review in Word, with suggestions and people to ask")
    page.get_by_role("button", name="Read it").click()  # no file chosen: the error summary and the field's error
    page.get_by_role("alert").wait_for()
    _check(page, "review in Word, with an error")
