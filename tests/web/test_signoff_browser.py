"""The build page's "Sign off for <organisation>" in real Chromium: the acting person presses it, the page
says their organisation has signed off and the other is waiting, and response.yaml holds the command's record;
axe-core finds no WCAG A or AA violation on the page before and after, where tests/axe is installed."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.factory import make_bench
from tests.test_html_accessibility import AXE
from tests.test_signoff import co_signed
from tests.web.conftest import chromium, live_server
from tests.web.test_dashboard_axe import _check


def test_pressing_sign_off_in_a_browser_records_it_and_the_page_says_who_is_waiting(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    co_signed(bench)
    with live_server(bench.root, "--as", "ada") as address, chromium(bypass_csp=True) as browser:
        page = browser.new_page()
        page.goto(address)
        page.goto(address.split("?")[0] + "r/crisis-house/build")
        if AXE.is_file():  # axe-core, where tests/axe is installed: no WCAG A or AA violation, 320 and 1280 px
            _check(page, "build, waiting for both organisations to sign off")
        assert page.get_by_role("button", name="Sign off for Riverside Peer Network").count() == 0  # not ada's
        page.get_by_role("button", name="Sign off for Quayside Mind").click()
        page.get_by_text("Signed off for Quayside Mind by ada").wait_for()
        items = [" ".join(t.split()) for t in page.locator("main li").all_inner_texts()]
        assert "Quayside Mind: signed off by ada on 2026-11-20" in items
        assert "Riverside Peer Network: waiting for hal to sign it off" in items
        assert page.get_by_role("button", name="Sign off for Quayside Mind").count() == 0
        if AXE.is_file():
            _check(page, "build, one organisation signed off")
        page.screenshot(path=str(tmp_path / "build-signed-off.png"), full_page=True)  # to look at by hand
    data = yaml.safe_load((bench.response / "response.yaml").read_text(encoding="utf-8"))
    record = data["organisations"][1]["signed_off"]
    assert record["by"] == "ada" and str(record["on"]) == "2026-11-20"
    assert data["organisations"][0].get("signed_off") is None
