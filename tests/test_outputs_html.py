"""The web page as a browser shows and prints it (issue 22), read by Chromium and axe-core, not by our code.

- A draft page's DRAFT banner sits inside a landmark: axe's `region` rule (a best practice, outside the
  WCAG tags the accessibility tests run) finds nothing on the three examples' drafts.
- Printed from the browser, a link keeps its address after its text; a link whose text is its address
  is not printed twice. Read from the PDF Chromium prints, with pypdf.
- Inside numbered written evidence, a numbered list is lettered, as in Word.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import browser_page
from tests.conftest import run
from tests.factory import RESPONSE, make_bench, signed

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
EXAMPLES = [
    "mental-health-act-review",
    "womens-health-strategy",
    "homelessness-inquiry-evidence",
    "young-carers-joint-evidence",  # co-signed (issue 22)
    "bus-route-joint-letter",
]


def build_html(response: Path, out: Path, *flags: str) -> Path:
    result = run(["build", str(response), "--out", str(out), "--format", "html", *flags])
    assert result.exit_code == 0, result.output
    (page,) = out.glob("*.html")
    return page


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with browser_page() as page:
        yield page


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {slug: build_html(ROOT / "responses" / slug, tmp_path_factory.mktemp(slug), "--draft") for slug in EXAMPLES}


def region_violations(page: Any) -> list[str]:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (run make test, or npm ci in tests/axe)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['region']}})")
    return [str(node["target"]) for v in result["violations"] for node in v["nodes"]]


@pytest.mark.parametrize("slug", EXAMPLES)
def test_a_draft_page_has_nothing_outside_a_landmark(drafts: dict[str, Path], browser: Any, slug: str) -> None:
    browser.goto(drafts[slug].as_uri())
    assert browser.locator("text=DRAFT").first.is_visible()
    assert region_violations(browser) == []


def test_the_region_rule_can_fail(drafts: dict[str, Path], browser: Any, tmp_path: Path) -> None:
    page = drafts["mental-health-act-review"].read_text(encoding="utf-8")
    planted = tmp_path / "planted.html"
    planted.write_text(page.replace("<body>", "<body>\n<p>Loose words outside any landmark.</p>", 1), encoding="utf-8")
    browser.goto(planted.as_uri())
    assert region_violations(browser)


# ------------------------------------------------------------------ printing the page

LINKS = """---
answers: q3
by: [hal]
status: approved
---
Read the [county's bed survey](https://example.org/bed-survey) or write to <beds@example.org>.
The survey is also at <https://example.org/bed-survey-2026>.
"""


def printed_text(browser: Any, page: Path) -> str:
    from pypdf import PdfReader

    browser.goto(page.as_uri())
    browser.emulate_media(media="print")
    try:
        pdf = browser.pdf()
    finally:
        browser.emulate_media(media="screen")
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_a_printed_page_keeps_its_link_addresses(tmp_path: Path, browser: Any) -> None:
    bench = make_bench(tmp_path / "wb")
    bench.contribution("50-q3-links.md", signed(LINKS))
    text = printed_text(browser, build_html(bench.response, tmp_path / "out"))
    assert "county's bed survey (https://example.org/bed-survey)" in text
    assert "peer worker (https://example.org/peer)" in text
    # an address shown as the link's own text is printed once (counted without spaces: a line may break in it)
    squashed = text.replace(" ", "")
    assert squashed.count("https://example.org/bed-survey-2026") == 1
    assert squashed.count("beds@example.org") == 1
    assert squashed.count("https://example.org/crisis-houses") == 1  # the consultation's page, on the title page


# ------------------------------------------------------------------ lettered lists in numbered evidence


def test_a_list_inside_numbered_evidence_is_lettered(tmp_path: Path, browser: Any) -> None:
    bench = make_bench(tmp_path / "wb")
    bench.write(
        "responses/crisis-house/response.yaml",
        RESPONSE.replace("confidentiality: none", "submit_to: commons-committee"),
    )
    steps = "Referral should be simple.\n\n1. Ring the house.\n2. Talk to a peer.\n\nThat is all.\n"
    bench.contribution("35-q3-steps.md", signed("---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n" + steps))
    browser.goto(build_html(bench.response, tmp_path / "out").as_uri())
    styles = browser.eval_on_selector_all(
        "li", "items => items.map(li => [li.textContent.trim(), getComputedStyle(li).listStyleType])"
    )
    assert ["Ring the house.", "paren-lower-alpha"] in styles and ["Talk to a peer.", "paren-lower-alpha"] in styles
