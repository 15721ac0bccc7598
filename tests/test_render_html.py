"""The HTML renderer and the brand loader, read back as text."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from pipeline import model as m
from pipeline.errors import CoproduceError
from pipeline.load.brand import load_brand
from pipeline.model import UnknownNode
from pipeline.render import html
from pipeline.render.context import RenderContext
from tests.sample_doc import WITHHELD, sample_document, tiny_png

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture
def response_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "response"
    folder.mkdir()
    return folder


@pytest.fixture
def ctx(response_dir: Path) -> RenderContext:
    return RenderContext(templates=TEMPLATES, response_dir=response_dir)


def render(doc: m.Document, ctx: RenderContext) -> str:
    return html.render(doc, ctx).decode("utf-8")


def small_doc(*blocks: m.Block, draft: bool = False, **meta: object) -> m.Document:
    """A one-section document around `blocks`, for tests that need their own content."""
    fields: dict[str, object] = dict(
        slug="small",
        title="A small response",
        organisation="Test Group",
        consultation_title="A consultation",
        consultation_by="A council",
        consultation_url=None,
        closes=None,
        date=dt.date(2025, 1, 2),
        language="en-GB",
        responding_as="organisation",
        confidentiality=None,
        draft=draft,
    )
    fields.update(meta)
    return m.Document(
        meta=m.Meta(**fields),  # type: ignore[arg-type]
        sections=(m.Section(kind="other", id="main", title="Main", blocks=blocks),),
        credits=m.Credits(title="Credits", totals="Totals.", entries=(), unnamed=None),
    )


# ------------------------------------------------------------------ content


def test_every_node_type_is_rendered(ctx: RenderContext, response_dir: Path) -> None:
    out = render(sample_document(response_dir), ctx)
    expected = [
        "<strong>more crisis beds</strong>",
        "<em>peer support</em>",
        "<code>code</code>",
        '<a href="https://example.org/report">evidence report</a>',
        '<sup><a href="#fn-1" id="fnref-1" aria-label="Note 1">1</a></sup>',
        "<br>",
        '<th scope="col">Service</th>',
        '<th scope="col" class="align-right">Beds</th>',
        '<td class="align-right">6</td>',
        "<li>Nested point.</li>",
        "<li>First step</li>",
        "<ol>",
        "<blockquote>\n<p>An ordinary quotation from a report.</p>\n</blockquote>",
        '<p class="content-note"><strong>Content note:</strong> discusses self-harm</p>',
        "<pre><code>plain preformatted text</code></pre>",
        "<hr>",
        "<h4>What works</h4>",  # contributed level 1 inside an answer: h(1+3)
        '<h3 class="question">Question 1: What should a crisis house offer?</h3>',
        '<li id="fn-1" value="1"><p>Eastmoor ICB board papers, 2025. <a href="#fnref-1"',
        '<section id="credits" class="credits">\n<h2>Credits</h2>',
        "<li><strong>Peer Researcher</strong> — wrote; took part in 2 sessions</li>",
        "<li><strong>T.O.</strong> — reviewed</li>",
        "<p>One more person took part and chose not to be named.</p>",
        "This response was co-produced with 3 people",
    ]
    for snippet in expected:
        assert snippet in out, snippet
    # The image is embedded, and decodes back to the file's bytes.
    match = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="A bar chart of crisis beds by year">', out)
    assert match is not None
    assert base64.b64decode(match.group(1)) == (response_dir / "chart.png").read_bytes()


def test_page_head_and_self_containment(ctx: RenderContext, response_dir: Path) -> None:
    out = render(sample_document(response_dir), ctx)
    assert out.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert "<title>Response to the crisis-house survey</title>" in out
    assert '<meta name="author" content="Riverside Peer Network">' in out
    assert '<meta name="description" content="Response to Crisis houses in Eastmoor' in out
    assert '<meta name="dcterms.created" content="2026-02-20">' in out
    assert '<meta name="dcterms.modified" content="2026-02-20">' in out
    assert '<meta name="generator" content="coproduce">' in out
    assert "<script" not in out.lower()
    assert "<link" not in out.lower()  # CSS inlined, nothing to fetch
    assert re.search(r'src="(?!data:)', out) is None
    assert "--primary: #1f4e79;" in out and "@page" in out


def test_title_page_content(ctx: RenderContext, response_dir: Path) -> None:
    doc = dataclasses.replace(sample_document(response_dir), brand=load_brand(TEMPLATES))
    out = render(doc, ctx)
    title_page = out[out.index('<header class="title-page">') : out.index("</header>")]
    for text in (
        "Response to the crisis-house survey",
        "Riverside Peer Network",
        "Consultation: <cite>Crisis houses in Eastmoor</cite>",  # the title says "Response to" (issue 22)
        "Eastmoor Integrated Care Board",
        "1 March 2026",
        "20 February 2026",
        "organisation",
    ):
        assert text in title_page, text
    assert "<img" not in title_page  # the shipped brand.yaml has no logo: never the tool's own
    assert "Confidentiality" not in out  # None: may be published in full


def test_title_page_prints_the_organisations_own_logo(ctx: RenderContext, response_dir: Path, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 10), (20, 60, 110)).save(tmp_path / "ours.png")
    (tmp_path / "brand.yaml").write_text("logo: ours.png\n")  # a logo and no logo_alt
    doc = dataclasses.replace(sample_document(response_dir), brand=load_brand([tmp_path, TEMPLATES]))
    out = render(doc, ctx)
    title_page = out[out.index('<header class="title-page">') : out.index("</header>")]
    assert 'alt="Riverside Peer Network logo"' in title_page
    assert title_page.index('<img class="logo" src="data:image/png;base64,') < title_page.index("<h1>")
    assert "Confidentiality" not in out  # None: may be published in full


def test_confidentiality_notice_when_set(ctx: RenderContext) -> None:
    out = render(small_doc(confidentiality="Please do not publish our name."), ctx)
    assert "<strong>Confidentiality:</strong> Please do not publish our name.</p>" in out


def test_lived_quote_attribution_present_and_absent(ctx: RenderContext, response_dir: Path) -> None:
    out = render(sample_document(response_dir), ctx)
    figures = re.findall(r'<figure class="lived-quote">.*?</figure>', out, re.S)
    assert len(figures) == 2
    assert "Someone listened to me at 3am." in figures[0]
    assert figures[0].endswith("<figcaption>— Peer Researcher</figcaption></figure>")
    assert "It was the first place I felt safe." in figures[1]
    assert "<figcaption" not in figures[1]


def test_sections_in_order_then_notes_then_credits(ctx: RenderContext, response_dir: Path) -> None:
    out = render(sample_document(response_dir), ctx)
    ids = re.findall(r'<section id="([^"]+)"', out)
    assert ids == ["summary", "answers", "local-context", "notes", "credits"]
    contents = out[out.index('<nav class="contents"') : out.index("</nav>")]
    assert re.findall(r'href="#([^"]+)"', contents) == ids


def test_heading_levels_offset_never_skip_and_capped(ctx: RenderContext) -> None:
    doc = small_doc(m.Heading(1, (m.Text("One"),)), m.Heading(3, (m.Text("Three"),)), m.Heading(6, (m.Text("Six"),)))
    out = render(doc, ctx)
    # below the section's h2, one level at a time (issue 12: levels never skip)
    assert "<h3>One</h3>" in out and "<h4>Three</h4>" in out and "<h5>Six</h5>" in out
    deep = render(small_doc(*(m.Heading(n, (m.Text(f"Level {n}"),)) for n in range(1, 8))), ctx)
    assert re.findall(r"<h(\d)>Level", deep) == ["3", "4", "5", "6", "6", "6", "6"]


def test_withheld_strings_never_appear(ctx: RenderContext, response_dir: Path) -> None:
    for draft in (False, True):
        out = render(sample_document(response_dir, draft=draft), ctx)
        for secret in WITHHELD:
            assert secret not in out


def test_byte_identical_twice(ctx: RenderContext, response_dir: Path) -> None:
    doc = sample_document(response_dir)
    assert html.render(doc, ctx) == html.render(doc, ctx)


def test_draft_banner_only_in_draft(ctx: RenderContext, response_dir: Path) -> None:
    final = render(sample_document(response_dir, draft=False), ctx)
    assert "draft" not in final.lower()
    draft = render(sample_document(response_dir, draft=True), ctx)
    banner = (
        '<section class="draft-banner" aria-labelledby="draft-mark"><p id="draft-mark">DRAFT — not for submission</p>'
    )
    assert banner in draft  # in a landmark of its own (a named section), issue 22
    assert draft.index('draft-banner"') < draft.index('<header class="title-page">')
    assert "42 of 250 words" in draft and "42 of 250 words" not in final


# ----------------------------------------------------------------- escaping


def test_text_is_escaped_everywhere(ctx: RenderContext) -> None:
    evil = "<script>alert(1)</script>"
    doc = small_doc(
        m.Paragraph((m.Text(evil), m.Strong((m.Text(evil),)), m.Code(evil))),
        m.Paragraph((m.Link('https://example.org/"><script>alert(1)</script>', (m.Text("x"),)),)),
        m.LivedQuote((m.Paragraph((m.Text("q"),)),), evil),
        m.ContentNote(evil),
        m.CodeBlock(evil),
        m.Table(header=(m.TableCell((m.Text(evil),)),), rows=((m.TableCell((m.Text(evil),)),),)),
        title=evil,
        organisation=evil,
        consultation_title=evil,
    )
    doc = dataclasses.replace(
        doc,
        credits=m.Credits(title=evil, totals=evil, entries=(m.CreditEntry(evil, evil),), unnamed=evil),
    )
    out = render(doc, ctx)
    assert "<script" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert '<a href="https://example.org/&#34;&gt;&lt;script&gt;' in out


def test_non_web_link_is_not_a_link(ctx: RenderContext) -> None:
    out = render(small_doc(m.Paragraph((m.Link("javascript:alert(1)", (m.Text("click"),)),))), ctx)
    assert "javascript:" not in out
    assert "<p>click</p>" in out


# ------------------------------------------------------------------- images


def test_image_is_embedded_from_its_cleaned_bytes_never_the_file(ctx: RenderContext, tmp_path: Path) -> None:
    # the file was read and cleaned at parse time; it may since have gone, or be a link outside
    data = tiny_png(tmp_path / "chart.png").read_bytes()
    image = m.Image(tmp_path / "gone.png", "alt", "A title", data=data, mime="image/png")
    out = render(small_doc(m.Paragraph((image,))), ctx)
    assert f'src="data:image/png;base64,{base64.b64encode(data).decode()}"' in out and 'title="A title"' in out
    jpeg = m.Image(tmp_path / "photo.jpg", "j", data=b"\xff\xd8\xff", mime="image/jpeg")
    assert 'src="data:image/jpeg;base64,' in render(small_doc(m.Paragraph((jpeg,))), ctx)


def test_image_that_was_not_cleaned_is_a_bug_not_output(ctx: RenderContext, tmp_path: Path) -> None:
    svg = m.Image(tmp_path / "shape.svg", "s", data=b"<svg/>", mime="image/svg+xml")
    with pytest.raises(ValueError, match="was not cleaned"):
        render(small_doc(m.Paragraph((svg,))), ctx)


# ------------------------------------------------------------------ visitor


@dataclasses.dataclass(frozen=True)
class Sparkle:
    text: str


def test_unknown_node_raises(ctx: RenderContext) -> None:
    with pytest.raises(UnknownNode, match="visit_Sparkle"):
        render(small_doc(m.Paragraph((Sparkle("x"),))), ctx)  # type: ignore[arg-type]
    with pytest.raises(UnknownNode):
        render(small_doc(Sparkle("x")), ctx)  # type: ignore[arg-type]


def test_visitor_covers_every_model_node() -> None:
    names = {
        "Text",
        "Strong",
        "Emphasis",
        "Code",
        "Link",
        "LineBreak",
        "Image",
        "FootnoteRef",
        "Paragraph",
        "Heading",
        "ListItem",
        "BulletList",
        "OrderedList",
        "Quote",
        "LivedQuote",
        "TableCell",
        "Table",
        "CodeBlock",
        "ThematicBreak",
        "ContentNote",
        "Answer",
        "Section",
        "Footnote",
    }
    missing = [n for n in names if not hasattr(html.HtmlBody, f"visit_{n}")]
    assert missing == []


def test_long_date() -> None:
    assert html.long_date(dt.date(2021, 4, 21)) == "21 April 2021"


# -------------------------------------------------------------------- brand


def test_brand_defaults_without_file(tmp_path: Path) -> None:
    assert load_brand(tmp_path) == m.Brand()


def test_shipped_brand_loads() -> None:
    brand = load_brand(TEMPLATES)
    assert brand.primary == "#1f4e79"
    assert brand.logo is None  # coproduce ships no logo: only an organisation's own is ever printed
    assert not list(TEMPLATES.glob("*.png"))


def test_brand_values_reach_the_page(tmp_path: Path, response_dir: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("response.html.j2", "style.css"):
        (templates / name).write_text((TEMPLATES / name).read_text())
    (templates / "brand.yaml").write_text('colours:\n  primary: "#AA0033"\nfonts:\n  body: DejaVu Serif\n')
    brand = load_brand(templates)
    assert brand.primary == "#aa0033" and brand.accent == m.Brand().accent and brand.logo is None
    out = render(dataclasses.replace(small_doc(), brand=brand), RenderContext(templates, response_dir))
    assert "--primary: #aa0033;" in out
    assert '--body-font: "DejaVu Serif", serif;' in out
    assert '--heading-font: "DejaVu Sans", sans-serif;' in out
    assert "<img" not in out


def test_brand_bad_colour_reported_with_line(tmp_path: Path) -> None:
    (tmp_path / "brand.yaml").write_text('colours:\n  primary: "#1f4e79"\n  accent: orange\n')
    with pytest.raises(CoproduceError) as info:
        load_brand(tmp_path)
    [problem] = info.value.problems
    assert (problem.path, problem.line) == ("templates/brand.yaml", 3)
    assert "orange" in problem.message and "#rrggbb" in problem.message and problem.fix


def test_brand_missing_logo_reported(tmp_path: Path) -> None:
    (tmp_path / "brand.yaml").write_text("logo_alt: Our logo\nlogo: missing.png\n")
    with pytest.raises(CoproduceError) as info:
        load_brand(tmp_path)
    [problem] = info.value.problems
    assert problem.line == 2 and "missing.png" in problem.message


def test_brand_logo_outside_templates_and_unknown_key(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    tiny_png(tmp_path / "outside.png")
    (templates / "brand.yaml").write_text("logo: ../outside.png\ncolors:\n  primary: '#000000'\n")
    with pytest.raises(CoproduceError) as info:
        load_brand(templates)
    lines = {p.line: p.message for p in info.value.problems}
    assert "outside templates/" in lines[1]
    assert "unknown field 'colors'" in lines[2]
    assert any(p.fix == "did you mean 'colours'?" for p in info.value.problems)


def test_brand_font_that_could_break_css_is_refused(tmp_path: Path) -> None:
    (tmp_path / "brand.yaml").write_text('fonts:\n  body: "x; } body { display: none"\n')
    with pytest.raises(CoproduceError, match="fonts.body.*letters, digits, spaces and hyphens"):
        load_brand(tmp_path)


def test_brand_invalid_yaml_reported_with_line(tmp_path: Path) -> None:
    (tmp_path / "brand.yaml").write_text("colours:\n  primary: '#000000'\n  accent: [\n")
    with pytest.raises(CoproduceError) as info:
        load_brand(tmp_path)
    assert info.value.problems[0].path == "templates/brand.yaml"
    assert info.value.problems[0].line is not None
