"""The people and sessions pages in a real browser (Debian's Chromium): axe-core finds no WCAG A/AA fault at
320 and 1280 px, the pages do not scroll sideways, and a coordinator adds a person without JavaScript.

The workbench runs for real (uvicorn on a free port, the token address opened first); axe-core is
evaluated in the page by the test (the page's own policy allows no script but ours, rightly).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factory import make_bench
from tests.web.conftest import axe_browser, axe_violations, describe, serving

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = [320, 1280]
TOKEN = "browser-test-token"
PAGES = [
    "/people",
    "/people/new",
    "/people/ada",
    "/people/gus",
    "/people/ada/withdraw",
    "/r/crisis-house/sessions",
    "/r/crisis-house/sessions/0",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    bench = make_bench(tmp_path_factory.mktemp("browser") / "wb")
    with serving(bench.root, [bench.response], token=TOKEN) as address:
        yield address


@pytest.fixture(scope="module")
def browser(served: str) -> Iterator[Any]:
    with axe_browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def page(browser: Any, served: str) -> Any:
    tab = browser.new_page()
    tab.goto(f"{served}/?token={TOKEN}")  # the start address: sets the session, drops the token
    return tab


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url", PAGES)
def test_no_axe_violations(page: Any, served: str, url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    answer = page.goto(served + url)
    assert answer is not None and answer.status == 200, url
    found = axe_violations(page)
    assert not found, f"{url} at {width} px:\n{describe(found)}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (url, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_form_with_its_error_summary_has_no_axe_violations(page: Any, served: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served + "/people/new")
    page.fill("#name", "Noor Haddad")
    page.fill("#consent_date", "31/02/2026")
    with page.expect_navigation() as sent:
        page.click("main button[type=submit]")
    assert sent.value is not None and sent.value.status == 400
    assert page.locator(".error-summary").count() == 1
    found = axe_violations(page)
    assert not found, describe(found)


def test_axe_finds_a_planted_fault(page: Any, served: str) -> None:
    """The check can fail: an input without a label is found."""
    page.goto(served + "/people/new")
    page.evaluate("document.querySelector('label[for=name]').remove()")
    assert "label" in [v["id"] for v in axe_violations(page)]


def test_a_coordinator_adds_a_person_without_javascript(browser: Any, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{served}/?token={TOKEN}")
        tab.goto(f"{served}/people/new")
        tab.fill("#name", "Idris Penhale")
        tab.check("#credit-initials")
        tab.check("#quotes-anonymous")
        tab.check("#lived_experience-yes")
        tab.fill("#consent_date", "3 November 2026")
        with tab.expect_navigation():
            tab.click("main button[type=submit]")
        assert tab.url.endswith("/people/idris")
        assert "Added idris" in tab.content()
        tab.goto(f"{served}/people")
        assert "I.P." in tab.content() and "Idris Penhale" not in tab.content()
    finally:
        context.close()
