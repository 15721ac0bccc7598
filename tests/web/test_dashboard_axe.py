"""axe-core in Chromium over the workbench's own pages (who is acting, next steps, preview, build, not found):
no WCAG 2.0/2.1/2.2 A or AA violation at 320 and 1280 px, and no sideways scrolling at 320 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.factory import make_bench
from tests.test_html_accessibility import AXE, AXE_TAGS
from tests.web.conftest import chromium, live_server

WIDTHS = (320, 1280)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    """One signed-in browser tab (CSP bypassed so axe can be injected) on a running workbench, nobody acting yet."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci in tests/axe)")
    bench = make_bench(tmp_path_factory.mktemp("axe") / "wb")
    with live_server(bench.root) as address, chromium(bypass_csp=True) as browser:
        page = browser.new_page()
        page.goto(address)
        yield page, address.split("?")[0]


def _violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return list(result["violations"])


def _check(page: Any, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        found = _violations(page)
        said = "\n".join(f"{v['id']}: {[n['target'] for n in v['nodes']]}: {v['help']}" for v in found)
        assert not found, f"{name} at {width} px:\n{said}"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (name, width)


def test_every_page_of_the_workbench_core_passes_axe(served: tuple[Any, str]) -> None:
    page, base = served
    page.goto(base + "acting")
    _check(page, "who is acting")
    page.get_by_role("button", name="Continue").click()  # nothing chosen: the error summary and the field's error
    page.get_by_role("alert").wait_for()
    _check(page, "who is acting, with an error")
    page.get_by_label(re.compile(r"^hal")).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/$"))
    _check(page, "next steps, with a flash message")
    page.goto(base + "r/crisis-house/preview")
    page.frame_locator("#page").locator("text=calm room").first.wait_for()
    _check(page, "preview")
    page.goto(base + "r/crisis-house/build")
    _check(page, "build, nothing built yet")
    page.get_by_role("button", name="Make the final submission").click()
    page.wait_for_load_state()
    _check(page, "build, the final refused" if "was not made" in page.content() else "build, the final made")
    page.get_by_role("button", name="Make a draft").click()
    page.get_by_text("Made a draft").wait_for()
    _check(page, "build, a draft made")
    page.goto(base + "no/such/page")
    _check(page, "not found")


def test_the_refusal_page_passes_axe(served: tuple[Any, str]) -> None:
    page, base = served
    stranger = page.context.browser.new_context(bypass_csp=True).new_page()  # no session: refused
    answer = stranger.goto(base)
    assert answer.status == 403
    _check(stranger, "refused without the token")
    stranger.context.close()


def test_axe_finds_a_fault_planted_in_a_workbench_page(served: tuple[Any, str]) -> None:
    page, base = served
    page.goto(base + "r/crisis-house/build")
    page.evaluate("document.querySelector('button').textContent = ''")  # a button with no name
    assert "button-name" in [v["id"] for v in _violations(page)]
