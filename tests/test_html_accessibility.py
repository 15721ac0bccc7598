"""The HTML page read by axe-core in a real browser (issue 12): no WCAG 2.0/2.1/2.2 A or AA faults.

axe-core comes from npm, pinned in tests/axe/package.json and its lock; `make test`
installs it (`npm ci`) when it is missing. It is injected into the built page by
Playwright for the test only: the page itself loads nothing (promise 3). Checked at
1280 px, at 320 px (a phone; WCAG reflow) and at 640 px (1280 px at 200% zoom), on
both shipped examples and on a response with a wide 60-row table.
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline import model as m
from pipeline.render import html
from pipeline.render.context import RenderContext
from tests.browser import browser_page
from tests.conftest import run
from tests.factory import make_bench, signed
from tests.sample_doc import sample_document

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EXAMPLES = [
    "mental-health-act-review",
    "womens-health-strategy",
    "homelessness-inquiry-evidence",
    "young-carers-joint-evidence",  # co-signed (issue 22)
    "bus-route-joint-letter",
]
WIDTHS = [1280, 320, 640]  # 640: what 1280 px looks like at 200% zoom

ROWS = 60
WIDE_TABLE = "\n".join(
    [
        "| Week | Contact | Where people heard about the crisis house | Waiting time | Followed up |",
        "|--:|:--|:--|--:|:--|",
    ]
    + [
        f"| {n} | self-referral-by-telephone-{n} | a-leaflet-in-the-community-pharmacy-window | {n % 7} days | yes |"
        for n in range(1, ROWS + 1)
    ]
)

TABLE_CONTRIBUTION = textwrap.dedent("""
    ---
    section: weekly-contacts
    title: Contacts week by week
    by: [dee]
    status: approved
    ---
    The peer team kept a tally of every first contact for sixty weeks.[^tally]

    ### How the tally was kept

    Each contact was written on a card and counted on Fridays.

    #### Cards that were lost

    Two cards went missing in the move and are not counted.

    {table}

    [^tally]: The tally sheets are kept at the peer team's office.
""").format(table=WIDE_TABLE)


@pytest.fixture(scope="module")
def axe() -> Path:
    if not AXE.is_file():
        pytest.skip(
            f"axe-core is not installed ({AXE.relative_to(ROOT)} is missing): "
            "run make test, or npm ci in tests/axe, to check the HTML for accessibility faults"
        )
    return AXE


def build_html(response: Path, out: Path, *flags: str) -> Path:
    result = run(["build", str(response), "--out", str(out), "--format", "html", *flags])
    assert result.exit_code == 0, result.output
    (page,) = out.glob("*.html")
    return page


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each page to check, built once: the two examples and the bench with a 60-row table.

    The examples are built as drafts: a draft page is the final page with the draft banner and word counts added."""
    built = {slug: build_html(ROOT / "responses" / slug, tmp_path_factory.mktemp(slug), "--draft") for slug in EXAMPLES}
    bench = make_bench(tmp_path_factory.mktemp("table") / "wb")
    bench.contribution("50-weekly-contacts.md", signed(TABLE_CONTRIBUTION))
    built["sixty-rows"] = build_html(bench.response, tmp_path_factory.mktemp("table-out"))
    return built


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with browser_page() as page:
        yield page


def _open(page: Any, path: Path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path.as_uri())


def _violations(page: Any, axe: Path) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return list(result["violations"])


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'])}: {v['help']}" for v in violations
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [*EXAMPLES, "sixty-rows"])
def test_no_axe_violations(axe: Path, pages: dict[str, Path], browser: Any, name: str, width: int) -> None:
    _open(browser, pages[name], width)
    violations = _violations(browser, axe)
    assert not violations, f"{name} at {width} px:\n{_describe(violations)}"
    # and no horizontal scrolling of the page itself (WCAG 1.4.10 reflow; 200% zoom at 640 px)
    assert browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (name, width)


def test_axe_finds_a_planted_fault(axe: Path, pages: dict[str, Path], browser: Any, tmp_path: Path) -> None:
    """The check can fail: the same page with an image without alt text is reported."""
    broken = tmp_path / "broken.html"
    html = pages["sixty-rows"].read_text(encoding="utf-8")
    html = html.replace(
        '<main id="_main">', '<main id="_main"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', 1
    )
    broken.write_text(html, encoding="utf-8")
    _open(browser, broken, 1280)
    assert "image-alt" in [v["id"] for v in _violations(browser, axe)]


def test_the_wide_table_scrolls_in_its_own_box(pages: dict[str, Path], browser: Any) -> None:
    _open(browser, pages["sixty-rows"], 320)
    box = browser.locator(".table-wrap", has=browser.locator("table tbody tr:nth-child(60)"))
    assert box.count() == 1
    assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
    assert "Week" in (box.get_attribute("aria-label") or "")
    # the table is wider than the box, so the box scrolls; the page does not
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert box.locator("tbody tr").count() == ROWS


def test_skip_link_comes_first_and_shows_on_focus(pages: dict[str, Path], browser: Any) -> None:
    _open(browser, pages["mental-health-act-review"], 1280)
    link = browser.locator("a.skip-link")
    assert link.inner_text() == "Skip to content"
    hidden = link.bounding_box()
    assert hidden is None or hidden["y"] + hidden["height"] <= 0 or hidden["width"] <= 1
    browser.keyboard.press("Tab")
    assert browser.evaluate("document.activeElement.className") == "skip-link"
    shown = link.bounding_box()
    assert shown is not None and shown["width"] > 20 and shown["height"] > 10 and shown["y"] >= 0
    browser.keyboard.press("Enter")
    assert browser.evaluate("location.hash") == "#_main"
    assert browser.evaluate("document.getElementById('_main').tagName") == "MAIN"


def test_headings_never_skip_a_level_and_name_the_question(pages: dict[str, Path], browser: Any) -> None:
    for name in (*EXAMPLES, "sixty-rows"):
        _open(browser, pages[name], 1280)
        headings = browser.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => [+h.tagName[1], h.innerText])"
        )
        levels = [level for level, _ in headings]
        assert levels[0] == 1 and levels.count(1) == 1, name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (name, headings)
        questions = [text for _, text in headings if re.match(r"Question \d+", text)]
        assert questions or name.endswith("-letter"), name  # a letter answers no questions
        for text in questions:
            assert re.fullmatch(r"Question \d+: \S.*", text, re.S), text
    # the contributor's ### and #### sit under the section's h2, one level apart
    texts = dict((text, level) for level, text in headings)
    assert texts["How the tally was kept"] == 3 and texts["Cards that were lost"] == 4


def test_links_are_underlined_and_back_links_named(pages: dict[str, Path], browser: Any) -> None:
    _open(browser, pages["sixty-rows"], 1280)
    styles = browser.evaluate(
        "[...document.querySelectorAll('main a, nav a')].map(a => getComputedStyle(a).textDecorationLine)"
    )
    assert styles and all("underline" in s for s in styles), styles
    back = browser.locator("a.back").first
    assert re.fullmatch(r"Back to reference \d+", back.get_attribute("aria-label") or "")
    assert browser.evaluate(f"document.getElementById({(back.get_attribute('href') or '')[1:]!r}) !== null")


# ------------------------------------------------------------------ the markup, read as text (no browser)


def _page(doc: m.Document, tmp_path: Path, *, for_pdf: bool = False) -> str:
    return html.render_page(doc, RenderContext(templates=ROOT / "templates", response_dir=tmp_path), for_pdf=for_pdf)


def _with_answer_blocks(doc: m.Document, *blocks: m.Block) -> m.Document:
    answers = doc.sections[1]
    answer = dataclasses.replace(answers.answers[0], blocks=blocks)
    sections = (doc.sections[0], dataclasses.replace(answers, answers=(answer,)), *doc.sections[2:])
    return dataclasses.replace(doc, sections=sections)


def test_each_contribution_outline_starts_below_its_answer(tmp_path: Path) -> None:
    first, second = m.Source("responses/r/20-q1-a.md", 8), m.Source("responses/r/21-q1-b.md", 7)
    doc = _with_answer_blocks(
        sample_document(tmp_path),
        m.Heading(3, (m.Text("Staffing"),), first),  # ### straight under the answer's h3
        m.Heading(5, (m.Text("Nights"),), first),
        m.Heading(4, (m.Text("Weekends"),), first),
        m.Heading(3, (m.Text("Rooms"),), second),  # another file: its own outline, not under "Weekends"
        m.Heading(1, (m.Text("Gardens"),), second),
    )
    out = _page(doc, tmp_path)
    found = re.findall(
        r"<h(\d)[^>]*>([^<]+)</h\d>", out[out.index('id="question-q1"') : out.index('id="local-context"')]
    )
    assert found == [
        ("3", "Question 1: What should a crisis house offer?"),
        ("4", "Staffing"),
        ("5", "Nights"),
        ("5", "Weekends"),
        ("4", "Rooms"),
        ("4", "Gardens"),
    ]


def test_footnote_headings_sit_under_the_notes_heading(tmp_path: Path) -> None:
    doc = sample_document(tmp_path)
    note = m.Footnote(1, (m.Heading(2, (m.Text("Method"),)), m.Paragraph((m.Text("Counted by hand."),))))
    out = _page(dataclasses.replace(doc, footnotes=(note,)), tmp_path)
    assert "<h3>Method</h3>" in out[out.index('<section id="notes"') :]


def test_page_markup_in_english_and_welsh(tmp_path: Path) -> None:
    doc = sample_document(tmp_path)
    for language, skip, question, back, table in (
        ("en-GB", "Skip to content", "Question 1: ", "Back to reference 1", "Table: Service, Beds"),
        ("cy", "Neidio i&#39;r cynnwys", "Cwestiwn 1: ", "Yn ôl i gyfeirnod 1", "Tabl: Service, Beds"),
    ):
        out = _page(dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, language=language)), tmp_path)
        body = out[out.index("<body>") + len("<body>") :].lstrip()
        assert body.startswith(f'<a class="skip-link" href="#_main">{skip}</a>'), body[:120]
        assert out.count('id="_main"') == 1 and '<main id="_main">' in out
        assert f'<h3 class="question">{question}What should a crisis house offer?</h3>' in out
        assert f'<a href="#fnref-1" class="back" aria-label="{back}">↩</a>' in out
        assert f'<div class="table-wrap" role="region" aria-label="{table}" tabindex="0">\n<table>' in out
        # promise 3: the page asks for nothing (axe is injected by the tests alone)
        assert "<script" not in out and "<link" not in out and "axe" not in out


def test_the_pdf_page_has_no_skip_link(tmp_path: Path) -> None:
    out = _page(sample_document(tmp_path), tmp_path, for_pdf=True)
    assert "skip-link" not in out.split("<body>", 1)[1] and '<main id="_main">' in out


def test_a_table_name_is_escaped(tmp_path: Path) -> None:
    table = m.Table(header=(m.TableCell((m.Text('Beds "now" <b>'),)),), rows=((m.TableCell((m.Text("6"),)),),))
    out = _page(_with_answer_blocks(sample_document(tmp_path), table), tmp_path)
    assert 'aria-label="Table: Beds &#34;now&#34; &lt;b&gt;"' in out
