"""HTML: one self-contained UTF-8 page (CSS inlined, images as data: URIs).

The body comes from `HtmlBody`, a Visitor that escapes every piece of text with
markupsafe; the page around it comes from templates/response.html.j2 rendered by
Jinja2 with autoescape on. pdf.py renders the same page with `for_pdf=True`.
"""

from __future__ import annotations

import base64
import os
import re

import jinja2
from markupsafe import Markup, escape

from pipeline import model as m
from pipeline.assemble.plaintext import PlainText
from pipeline.errors import CoproduceError, Problem
from pipeline.load.brand import COLOUR_RE, FONT_RE
from pipeline.load.files import read_text
from pipeline.model import Visitor
from pipeline.render.context import RenderContext
from pipeline.vocabulary import IMAGE_MIME, is_link, labels, language_of, long_date

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


def image_data_uri(image: m.Image) -> str:
    """Embed an image's cleaned bytes; the file is never read here (it was read and cleaned at parse time)."""
    if image.mime not in IMAGE_MIME.values() or not image.data:
        raise ValueError(f"the image {image.path} was not cleaned")  # a bug: every Image comes from clean_image
    return f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}"


# `<!--src path:line:end-->` before each block, in the live preview only; never in a build's outputs
SOURCE_MARK = re.compile(r"<!--src (?P<path>[^:<>]+):(?P<line>\d+):(?P<end>\d+)-->")


def source_mark(node: m.Block) -> Markup:
    source = getattr(node, "source", m.NO_SOURCE)
    if not source.line or "-->" in source.path or ":" in source.path:
        return Markup("")
    return Markup("<!--src %s:%d:%d-->") % (source.path, source.line, source.end_line or source.line)


def _join(parts: list[Markup]) -> Markup:
    return Markup("").join(parts)


class HtmlBody(Visitor):
    """Turns model nodes into escaped HTML. `heading_offset` maps contributed heading levels to h-levels."""

    def __init__(self, ctx: RenderContext, *, draft: bool = False, language: str = "en") -> None:
        self.ctx = ctx
        self.draft = draft
        self.say = labels(language)
        self._outline: list[int] = []  # the contributed heading levels open above the current one
        self._outline_path = ""  # the file they came from
        self.heading_offset = 2
        self.source: m.Source = m.NO_SOURCE  # the block being rendered, for error messages

    @property
    def heading_offset(self) -> int:
        """The h-level of the place being rendered (a section's h2, an answer's h3): its headings go below."""
        return self._offset

    @heading_offset.setter
    def heading_offset(self, value: int) -> None:
        self._offset = value
        self._outline, self._outline_path = [], ""  # a new place: its contributions' outlines start again

    def inlines(self, nodes: tuple[m.Inline, ...]) -> Markup:
        return _join(self.visit_all(nodes))

    def blocks(self, nodes: tuple[m.Block, ...]) -> Markup:
        if self.ctx.source_marks:  # the live preview places each problem beside its block (commands/_serve_app.py)
            return _join([source_mark(n) + self.visit(n) + Markup("\n") for n in nodes])
        return _join([self.visit(n) + Markup("\n") for n in nodes])

    # ------------------------------------------------------------ inlines

    def visit_Text(self, node: m.Text) -> Markup:
        return escape(node.text)

    def visit_Strong(self, node: m.Strong) -> Markup:
        return Markup("<strong>%s</strong>") % self.inlines(node.children)

    def visit_Emphasis(self, node: m.Emphasis) -> Markup:
        return Markup("<em>%s</em>") % self.inlines(node.children)

    def visit_Code(self, node: m.Code) -> Markup:
        return Markup("<code>%s</code>") % node.text

    def visit_Link(self, node: m.Link) -> Markup:
        # The model only lets http(s) and mailto through; checked again so a javascript: URL can never become a link.
        if not is_link(node.href):
            return self.inlines(node.children)
        return Markup('<a href="%s">%s</a>') % (node.href, self.inlines(node.children))

    def visit_LineBreak(self, node: m.LineBreak) -> Markup:
        return Markup("<br>")

    def visit_Image(self, node: m.Image) -> Markup:
        uri = image_data_uri(node)
        title = Markup(' title="%s"') % node.title if node.title else Markup("")
        return Markup('<img src="%s" alt="%s"%s>') % (uri, node.alt, title)

    def visit_FootnoteRef(self, node: m.FootnoteRef) -> Markup:
        n = node.number  # named "Note 1", not "1", for a screen reader and in the PDF's link description
        return Markup('<sup><a href="#fn-%d" id="fnref-%d" aria-label="%s %d">%d</a></sup>') % (
            n,
            n,
            self.say["note"],
            n,
            n,
        )

    # ------------------------------------------------------------- blocks

    def visit_Paragraph(self, node: m.Paragraph) -> Markup:
        self.source = node.source
        return Markup("<p>%s</p>") % self.inlines(node.children)

    def visit_Heading(self, node: m.Heading) -> Markup:
        self.source = node.source
        # Re-levelled so levels never skip (WCAG 1.3.1): a contribution's first heading, whatever its `#`s, sits
        # one below its place, each deeper one a level further; each contributed file starts its own outline.
        if node.source.path != self._outline_path:
            self._outline, self._outline_path = [], node.source.path
        while self._outline and self._outline[-1] >= node.level:
            self._outline.pop()
        self._outline.append(node.level)
        level = min(self.heading_offset + len(self._outline), 6)
        return Markup("<h%d>%s</h%d>") % (level, self.inlines(node.children), level)

    def visit_ListItem(self, node: m.ListItem) -> Markup:
        # A one-paragraph item is written tight (no <p>), as Markdown does.
        if len(node.blocks) == 1 and isinstance(node.blocks[0], m.Paragraph):
            return Markup("<li>%s</li>") % self.inlines(node.blocks[0].children)
        return Markup("<li>%s</li>") % self.blocks(node.blocks)

    def visit_BulletList(self, node: m.BulletList) -> Markup:
        self.source = node.source
        return Markup("<ul>\n%s</ul>") % _join([self.visit(i) + Markup("\n") for i in node.items])

    def visit_OrderedList(self, node: m.OrderedList) -> Markup:
        self.source = node.source
        start = Markup(' start="%d"') % node.start if node.start != 1 else Markup("")
        return Markup("<ol%s>\n%s</ol>") % (start, _join([self.visit(i) + Markup("\n") for i in node.items]))

    def visit_Quote(self, node: m.Quote) -> Markup:
        self.source = node.source
        return Markup("<blockquote>\n%s</blockquote>") % self.blocks(node.blocks)

    def visit_LivedQuote(self, node: m.LivedQuote) -> Markup:
        self.source = node.source
        caption = (
            Markup("<figcaption>— %s</figcaption>") % node.attribution if node.attribution is not None else Markup("")
        )
        return Markup('<figure class="lived-quote"><blockquote>\n%s</blockquote>%s</figure>') % (
            self.blocks(node.blocks),
            caption,
        )

    def visit_TableCell(self, node: m.TableCell) -> Markup:
        return Markup("<td%s>%s</td>") % (_align(node), self.inlines(node.children))

    def visit_Table(self, node: m.Table) -> Markup:
        self.source = node.source
        head = _join([Markup('<th scope="col"%s>%s</th>') % (_align(c), self.inlines(c.children)) for c in node.header])
        rows = _join([Markup("<tr>%s</tr>\n") % _join(self.visit_all(row)) for row in node.rows])
        # A wide table scrolls in its own box, not the page (WCAG 1.4.10); the box is named and takes focus so
        # a keyboard can scroll it too.
        plain = PlainText()
        name = f"{self.say['table']}: " + ", ".join(t for t in (plain.visit(c).strip() for c in node.header) if t)
        return Markup(
            '<div class="table-wrap" role="region" aria-label="%s" tabindex="0">\n'
            "<table>\n<thead><tr>%s</tr></thead>\n<tbody>\n%s</tbody>\n</table>\n</div>"
        ) % (name, head, rows)

    def visit_CodeBlock(self, node: m.CodeBlock) -> Markup:
        self.source = node.source
        return Markup("<pre><code>%s</code></pre>") % node.text

    def visit_ThematicBreak(self, node: m.ThematicBreak) -> Markup:
        return Markup("<hr>")

    def visit_ContentNote(self, node: m.ContentNote) -> Markup:
        self.source = node.source
        return Markup('<p class="content-note"><strong>%s:</strong> %s</p>') % (self.say["content_note"], node.text)

    # ------------------------------------------------------ document parts

    def visit_Answer(self, node: m.Answer) -> Markup:
        self.heading_offset = 3
        words = Markup("")
        if self.draft:  # a reviewer's aid only; never printed in the submitted version
            limit = f" of {node.limit}" if node.limit else ""
            words = Markup('<p class="word-count">%s</p>\n') % f"{node.words}{limit} words"
        # The heading names the question (as the DOCX does), so a list of headings says what each answer answers.
        return Markup(
            '<section class="answer" id="question-%s">\n<h3 class="question">%s %s: %s</h3>\n%s%s</section>'
        ) % (
            node.question_id,
            self.say["question"],
            node.shown_number,
            node.question,
            words,
            self.top_blocks(node.blocks),
        )

    def visit_Section(self, node: m.Section) -> Markup:
        self.heading_offset = 2
        self.numbering_on = self.numbered and node.kind != "summary"  # numbered after the summary
        body = self.top_blocks(node.blocks)
        answers = _join([self.visit(a) + Markup("\n") for a in node.answers])
        self.heading_offset = 2
        return Markup('<section id="%s" class="kind-%s">\n<h2>%s</h2>\n%s%s</section>') % (
            node.id,
            node.kind,
            node.title,
            body,
            answers,
        )

    # numbered paragraphs (written evidence): only the plain paragraphs of the body, not headings,
    # lists, quotes, tables or notes; the number is text, so it is in the PDF and a pasted copy too
    numbered = False  # the layout numbers paragraphs
    numbering_on = False  # in a part that is numbered (not the summary)
    para_number = 0  # the last number given

    def top_blocks(self, nodes: tuple[m.Block, ...]) -> Markup:
        """A section's or an answer's own blocks, each plain paragraph numbered when the layout says so."""
        if not self.numbering_on:
            return self.blocks(nodes)
        parts = [self._numbered(n) if isinstance(n, m.Paragraph) else self.visit(n) for n in nodes]
        return _join([part + Markup("\n") for part in parts])

    def _numbered(self, node: m.Paragraph) -> Markup:
        self.source = node.source
        self.para_number += 1
        return Markup('<p class="numbered" id="para-%d"><span class="para-number">%d.</span> %s</p>') % (
            self.para_number,
            self.para_number,
            self.inlines(node.children),
        )

    def visit_Footnote(self, node: m.Footnote) -> Markup:
        self.source = node.source
        self.heading_offset = 2  # the notes' own h2
        # underlined like every link (not told apart by colour alone) and named for a screen reader
        back = Markup(' <a href="#fnref-%d" class="back" aria-label="%s %d">↩</a>') % (
            node.number,
            self.say["back_to_reference"],
            node.number,
        )
        last = node.blocks[-1] if node.blocks else None
        if isinstance(last, m.Paragraph):
            # The back link goes inside the last paragraph so it sits at the end of the text, not on its own line.
            tail = Markup("<p>%s%s</p>") % (self.inlines(last.children), back)
            content = self.blocks(node.blocks[:-1]) + tail
        else:
            content = self.blocks(node.blocks) + back
        return Markup('<li id="fn-%d" value="%d">%s</li>') % (node.number, node.number, content)


def _align(cell: m.TableCell) -> Markup:
    return Markup(' class="align-%s"') % cell.align if cell.align else Markup("")


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
        logo = (
            Markup('<img class="logo" src="%s" alt="%s">\n')
            % (image_data_uri(doc.brand.logo), doc.brand.logo_alt or f"{meta.organisation} logo")
            if doc.brand.logo
            else Markup("")
        )
        to = _join([Markup("%s<br>") % line for line in layout.to[:-1]] + [escape(line) for line in layout.to[-1:]])
        return Markup(
            '<header class="letter-head">\n%s<p class="sender"><strong>%s</strong></p>\n'
            '<p class="addressee">%s</p>\n%s\n<p class="salutation">%s</p>\n<h1>%s</h1>\n%s</header>'
        ) % (logo, meta.organisation, to, date, layout.salutation, meta.title, confidential)
    return Markup("")


def layout_close(doc: m.Document) -> Markup:
    """A letter's closing and signatories, each on a line, then the organisation."""
    layout = doc.layout
    if layout.kind != "letter":
        return Markup("")
    names = _join([Markup('<span class="signatory">%s</span><br>') % name for name in layout.signatories])
    return Markup('<div class="letter-close">\n<p>%s</p>\n<p class="signatories">%s%s</p>\n</div>') % (
        layout.closing,
        names,
        doc.meta.organisation,
    )


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
    say = labels(meta.language)
    # the page numbers in the footer are the stylesheet's: say them in the response's language
    page_label = (
        f'\n@page {{ @bottom-right {{ content: "{say["page"]} " counter(page) " {say["of"]} " counter(pages); }} }}\n'
        if language_of(meta.language) != "en"
        else ""
    )
    sections = _join([body.visit(s) + Markup("\n") for s in doc.sections])
    credits_number = body.para_number + 1 if doc.layout.numbered else 0  # the credits' paragraphs go on counting
    notes = _join([body.visit(f) + Markup("\n") for f in doc.footnotes])
    logo = image_data_uri(doc.brand.logo) if doc.brand.logo else None
    consultation_url = meta.consultation_url if meta.consultation_url and is_link(meta.consultation_url) else None
    try:
        template = _environment(ctx).get_template(TEMPLATE)
        return template.render(
            meta=meta,
            layout=doc.layout,
            layout_head=layout_head(doc),
            layout_close=layout_close(doc),
            credits_number=credits_number,
            brand=doc.brand,
            credits=doc.credits,
            sections=doc.sections,
            body=sections,
            notes=notes,
            logo=logo,
            logo_alt=doc.brand.logo_alt or f"{meta.organisation} logo",
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
