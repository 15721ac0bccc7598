"""axe-core in Chromium over the equality-monitoring pages and the year's report page (issues 24 and 25): a person's
answers (and the form with an error), the report across responses with its counts, and the year's report form
(and with an error). No WCAG A or AA violation at 320 and 1280 px, no sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.factory import make_bench
from tests.test_html_accessibility import AXE
from tests.test_support_monitoring import ASIAN, BLACK, WHITE, _answer, _people
from tests.web.conftest import chromium, live_server
from tests.web.test_dashboard_axe import _check


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci in tests/axe)")
    bench = make_bench(tmp_path_factory.mktemp("monitoring-axe") / "wb")
    ids = _people(bench, 10)
    for pid, group in zip(ids, [WHITE] * 5 + [ASIAN] * 4 + [BLACK], strict=True):
        _answer(bench, pid, group)
    with live_server(bench.root, "--as", "hal") as address, chromium(bypass_csp=True) as browser:
        page = browser.new_page()
        page.goto(address)
        yield page, address.split("?")[0]


def test_the_monitoring_and_report_pages_pass_axe(served: tuple[Any, str]) -> None:
    page, base = served
    page.goto(base + "people/p00/monitoring")
    page.get_by_role("button", name="Save their answers").wait_for()
    _check(page, "a person's equality-monitoring answers")
    page.get_by_label("Their answer").nth(1).select_option("Female")  # given, but not that they agreed
    page.get_by_role("button", name="Save their answers").click()
    page.get_by_role("alert").wait_for()
    _check(page, "a person's equality-monitoring answers, with an error")
    page.goto(base + "monitoring?from=1%2F2%2F2026")
    page.get_by_text("People who took part: 10").wait_for()
    _check(page, "the equality-monitoring report")
    page.goto(base + "report")
    page.get_by_role("button", name="Download the report as PDF").wait_for()
    _check(page, "the year's report")
    page.get_by_role("button", name="Download the report as PDF").click()  # no dates: the error summary
    page.get_by_role("alert").wait_for()
    _check(page, "the year's report, with an error")
