"""HTML: one self-contained UTF-8 page (CSS inlined, images as data: URIs).

The body comes from `HtmlBody` (html_body.py), a Visitor that escapes every piece of text
with markupsafe; the page around it comes from templates/response.html.j2 rendered by
Jinja2 with autoescape on. pdf.py renders the same page with `for_pdf=True`.
"""

from __future__ import annotations

import os

import jinja2
from markupsafe import Markup, escape

from pipeline import model as m
from pipeline.errors import CoproduceError, Problem
from pipeline.load.brand import COLOUR_RE, FONT_RE
from pipeline.load.files import read_text
from pipeline.load.labels import labels
from pipeline.render.context import RenderContext, consultation_label, logo_alt, logos
from pipeline.render.html_body import HtmlBody, image_data_uri, join
from pipeline.vocabulary import is_link, language_of, long_date

FORMAT = "html"
SUFFIX = ".html"
TITLE = "one self-contained web page"
READER = "html"
ORDER = 3
TEMPLATE = "response.html.j2"
STYLESHEET = "style.css"
# The large-print edition (UKAAF: 16-18pt): laid over the stylesheet for `build --large-print`.
LARGE_PRINT_CSS = """
@media print {
  html { font-size: 18pt; line-height: 1.6; }
  h1 { font-size: 30pt; }
  h2 { font-size: 24pt; }
  h3 { font-size: 21pt; }
  h4, h5, h6 { font-size: 19pt; }
  p, ul, ol, table, figure, blockquote, pre { margin-bottom: 1.25em; }
  li { margin-bottom: .5em; }
  .notes ol, code, pre, .lived-quote blockquote { font-size: 1em; }
  .title-page .organisation { font-size: 20pt; }
  .facts { display: block; }  /* no text in columns */
  .facts dd { margin-bottom: .6em; }
  sup { font-size: .9em; }
  .word-count { font-size: 1em !important; }  /* the draft's own rules come after this */
}
@page {
  margin: 2cm;
  @top-center { font-size: 16pt !important; }
  @bottom-left { font-size: 16pt; }
  @bottom-right { font-size: 16pt; }
}
"""


def _font_stack(name: str) -> str:
    generic = "serif" if "serif" in name.lower() and "sans" not in name.lower() else "sans-serif"
    return f'"{name}", {generic}'


def brand_css(brand: m.Brand) -> str:
    """The brand as CSS custom properties. Values are re-checked: a Brand may be built without load_brand."""
    problems = [
        Problem(
            "templates/brand.yaml",
            None,
            f"{name} {value!r} is not a #rrggbb colour",
            "fix the colour",
            code="brand.bad-colour",
        )
        for name, value in (("primary", brand.primary), ("accent", brand.accent), ("text", brand.text))
        if not COLOUR_RE.fullmatch(value)
    ] + [
        Problem(
            "templates/brand.yaml",
            None,
            f"font {value!r} is not a plain font name",
            "name one font family",
            code="brand.bad-font",
        )
        for value in (brand.body_font, brand.heading_font)
        if not FONT_RE.fullmatch(value)
    ]
    if problems:
        raise CoproduceError(problems)
    return (
        ":root {\n"
        f"  --primary: {brand.primary};\n"
        f"  --accent: {brand.accent};\n"
        f"  --text: {brand.text};\n"
        f"  --body-font: {_font_stack(brand.body_font)};\n"
        f"  --heading-font: {_font_stack(brand.heading_font)};\n"
        "}\n"
    )


def _read_stylesheet(ctx: RenderContext) -> str:
    path = ctx.template(STYLESHEET)  # the workbench's own, else the shipped one
    if not os.path.lexists(path):
        problem = Problem(
            f"templates/{STYLESHEET}", None, "the stylesheet is missing", "copy style.css from the default",
            code="template.missing",
        )  # fmt: skip
        raise CoproduceError([problem])
    # read as checks/stylesheet.py reads it (no link out of its folder, UTF-8), which reports it first
    css, problems = read_text(path, f"templates/{STYLESHEET}", root=path.parent)
    if css is None or any(p.severity == "error" for p in problems):
        raise CoproduceError(problems)
    # Inside <style>, only "</" could end the element early; "<\/" means the same to CSS.
    return css.replace("</", "<\\/")


def organisation_details(doc: m.Document) -> Markup:
    """Each organisation's contact details (profiles/shape.py decided them), a label before each line.
    Co-signed, each organisation's under its own name, so one's contact is never read as the other's."""
    signers = doc.layout.organisations
    blocks = []
    for org in signers:
        if not org.details:
            continue
        name = Markup('<p class="organisation-name"><strong>%s</strong></p>\n') % org.name if len(signers) > 1 else ""
        lines = join([Markup('<p><span class="label">%s:</span> %s</p>\n') % line for line in org.details])
        blocks.append(Markup('<address class="organisation-details">\n%s%s</address>\n') % (name, lines))
    return join(blocks)


def layout_head(doc: m.Document) -> Markup:
    """What opens a document without a title page: evidence's heading line and date; a letter's letterhead,
    addressee, date and salutation. Empty for a report (the template's title page)."""
    layout, meta = doc.layout, doc.meta
    date = Markup('<p class="date"><time datetime="%s">%s</time></p>') % (
        meta.date.isoformat(),
        long_date(meta.date, meta.language),
    )
    confidential = (
        Markup('<p class="confidentiality"><strong>%s:</strong> %s</p>')
        % (labels(meta.language)["confidentiality"], meta.confidentiality)
        if meta.confidentiality is not None
        else Markup("")
    )
    if layout.kind == "evidence":
        return Markup('<header class="evidence-head">\n<h1>%s</h1>\n%s\n%s</header>') % (
            layout.heading,
            date,
            confidential,
        )
    if layout.kind == "letter":
        logo = join([Markup('<img class="logo" src="%s" alt="%s">\n') % (image_data_uri(i), a) for i, a in logos(doc)])
        to = join([Markup("%s<br>") % line for line in layout.to[:-1]] + [escape(line) for line in layout.to[-1:]])
        return Markup(
            '<header class="letter-head">\n%s<p class="sender"><strong>%s</strong></p>\n%s'
            '<p class="addressee">%s</p>\n%s\n<p class="salutation">%s</p>\n<h1>%s</h1>\n%s</header>'
        ) % (logo, meta.organisation, organisation_details(doc), to, date, layout.salutation, meta.title, confidential)
    return Markup("")


def layout_close(doc: m.Document) -> Markup:
    """A letter's closing and its signatories, each on a line, then the organisation; co-signed, each
    organisation's signatories above its own name. Written evidence: its contact details, last."""
    layout = doc.layout
    if layout.kind == "evidence":
        details = organisation_details(doc)
        return Markup('<footer class="evidence-close">\n%s</footer>') % details if details else Markup("")
    if layout.kind != "letter":
        return Markup("")
    paragraphs = join(
        [
            Markup('<p class="signatories">%s%s</p>\n')
            % (join([Markup('<span class="signatory">%s</span><br>') % name for name in names]), under)
            for names, under in layout.signed or ((layout.signatories, doc.meta.organisation),)
        ]
    )
    return Markup('<div class="letter-close">\n<p>%s</p>\n%s</div>') % (layout.closing, paragraphs)


def _environment(ctx: RenderContext) -> jinja2.Environment:
    return jinja2.Environment(
        # the workbench's own files first, then the shipped look: a page it does not have comes from there
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)) for folder in ctx.template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(doc: m.Document, ctx: RenderContext, *, for_pdf: bool) -> str:
    """The whole page as a string; `for_pdf` swaps the on-screen draft banner for a mark on every printed page."""
    meta = doc.meta
    body = HtmlBody(ctx, draft=meta.draft, language=meta.language)
    body.numbered = doc.layout.numbered
    body.written_in = dict(doc.written_in)
    say = labels(meta.language)
    # the page numbers in the footer are the stylesheet's: say them in the response's language
    page_label = (
        f'\n@page {{ @bottom-right {{ content: "{say["page"]} " counter(page) " {say["of"]} " counter(pages); }} }}\n'
        if language_of(meta.language) != "en"
        else ""
    )
    sections = join([body.visit(s) + Markup("\n") for s in doc.sections])
    credits_number = body.para_number + 1 if doc.layout.numbered else 0  # the credits' paragraphs go on counting
    notes = join([body.visit(f) + Markup("\n") for f in doc.footnotes])
    logo = image_data_uri(doc.brand.logo) if doc.brand.logo else None
    consultation_url = meta.consultation_url if meta.consultation_url and is_link(meta.consultation_url) else None
    try:
        template = _environment(ctx).get_template(TEMPLATE)
        return template.render(
            meta=meta,
            layout=doc.layout,
            layout_head=layout_head(doc),
            layout_close=layout_close(doc),
            organisation_details=organisation_details(doc) if doc.layout.title_page else Markup(""),
            credits_number=credits_number,
            brand=doc.brand,
            credits=doc.credits,
            sections=doc.sections,
            body=sections,
            notes=notes,
            logo=logo,
            logo_alt=logo_alt(doc),
            logos=[(image_data_uri(image), alt) for image, alt in logos(doc)],  # each organisation's, or brand.yaml's
            consultation_label=say[consultation_label(doc)],  # "Response to" said once on the title page
            consultation_url=consultation_url,
            closes=long_date(meta.closes, meta.language) if meta.closes else None,
            date=long_date(meta.date, meta.language),
            iso_date=meta.date.isoformat(),
            # Brand last: an @import in style.css must stay first to work, and the brand should win.
            css=Markup(
                _read_stylesheet(ctx)
                + "\n"
                + brand_css(doc.brand)
                + page_label
                + (LARGE_PRINT_CSS if ctx.large_print and for_pdf else "")
            ),
            draft=meta.draft,
            draft_mark=say["draft"],
            labels=say,
            for_pdf=for_pdf,
        )
    except jinja2.TemplateNotFound as exc:
        raise CoproduceError(
            [
                Problem(
                    f"templates/{exc.name}",
                    None,
                    "the page template is missing",
                    "copy it from the default templates",
                    code="template.missing",
                )
            ]
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise CoproduceError(
            [
                Problem(
                    f"templates/{exc.name or TEMPLATE}",
                    exc.lineno,
                    f"template error: {exc.message}",
                    "",
                    code="template.syntax",
                )
            ]
        ) from None
    except jinja2.UndefinedError as exc:
        raise CoproduceError(
            [
                Problem(
                    f"templates/{TEMPLATE}",
                    None,
                    f"the template uses something unknown: {exc.message}",
                    "",
                    code="template.undefined",
                )
            ]
        ) from None


def render(doc: m.Document, ctx: RenderContext) -> bytes:
    return render_page(doc, ctx, for_pdf=False).encode("utf-8")
