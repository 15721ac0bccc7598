"""The HTML of the document's body: `HtmlBody`, a Visitor that turns model nodes into escaped HTML.

Every piece of text is escaped with markupsafe; a link is written only for the schemes
vocabulary.is_link allows; headings are re-levelled so levels never skip; images are embedded
from their cleaned bytes. render/html.py puts the body into the page (templates/response.html.j2).
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Callable

from markupsafe import Markup, escape

from pipeline import model as m
from pipeline.assemble.plaintext import PlainText
from pipeline.load.labels import labels
from pipeline.model import Visitor
from pipeline.render.context import Outline, RenderContext
from pipeline.vocabulary import IMAGE_MIME, is_link


def image_data_uri(image: m.Image) -> str:
    """Embed an image's cleaned bytes; the file is never read here (it was read and cleaned at parse time)."""
    if image.mime not in IMAGE_MIME.values() or not image.data:
        raise ValueError(f"the image {image.path} was not cleaned")  # a bug: every Image comes from clean_image
    return f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}"


# `<!--src file:line:end-->` before each block, in the live preview only; never in a build's outputs.
# `file` is an index into RenderContext.source_files: a file name never goes into the page.
SOURCE_MARK = re.compile(r"<!--src (?P<file>\d+):(?P<line>\d+):(?P<end>\d+)-->")


def source_mark(node: m.Block, files: list[str]) -> Markup:
    source = getattr(node, "source", m.NO_SOURCE)
    if not source.line or not source.path:
        return Markup("")
    # a file's blocks come one after another: the list is searched only when another file's begin
    if (not files or files[-1] != source.path) and source.path not in files:
        files.append(source.path)
    n = len(files) - 1 if files[-1] == source.path else files.index(source.path)
    return Markup("<!--src %d:%d:%d-->") % (n, source.line, source.end_line or source.line)


_FIRST_TAG = re.compile(r"^<[a-z][a-z0-9]*")  # a block's own element, where its lang goes

# the preview's HTML of each block, by the block itself and what around it changes its HTML (HtmlBody._kept)
_FRAGMENTS: dict[tuple[object, ...], tuple[m.Block, Markup]] = {}
FRAGMENTS_KEPT = 50_000
_fragments_lock = threading.Lock()


def join(parts: list[Markup]) -> Markup:
    return Markup("").join(parts)


class HtmlBody(Visitor):
    """Turns model nodes into escaped HTML. `heading_offset` maps contributed heading levels to h-levels."""

    def __init__(self, ctx: RenderContext, *, draft: bool = False, language: str = "en") -> None:
        self.ctx = ctx
        self.draft = draft
        self.say = labels(language)
        self._outline = Outline()  # contributed headings re-levelled, as every format does
        self.heading_offset = 2
        self.source: m.Source = m.NO_SOURCE  # the block being rendered, for error messages
        self.written_in: dict[str, str] = {}  # Document.written_in: the files in another language
        self._lang = language  # the language of the block being rendered
        self._language = language  # the response's, for its labels
        self._headings = 0  # headings rendered so far

    @property
    def heading_offset(self) -> int:
        """The h-level of the place being rendered (a section's h2, an answer's h3): its headings go below."""
        return self._offset

    @heading_offset.setter
    def heading_offset(self, value: int) -> None:
        self._offset = value
        self._outline.reset()  # a new place: its contributions' outlines start again

    def inlines(self, nodes: tuple[m.Inline, ...]) -> Markup:
        return join(self.visit_all(nodes))

    def blocks(self, nodes: tuple[m.Block, ...]) -> Markup:
        files = self.ctx.source_files
        if self.ctx.source_marks and files is not None:  # the preview places each problem by its block (web/preview)
            return join([source_mark(n, files) + self.block(n) + Markup("\n") for n in nodes])
        return join([self.block(n) + Markup("\n") for n in nodes])

    def block(self, node: m.Block, render: Callable[[], Markup] | None = None) -> Markup:
        """`render()` (visiting `node` by default), with a `lang` on its first element when the contribution it
        came from is in another language than what is around it, so it is read in its own voice."""
        if render is None and self.ctx.source_marks and self.ctx.source_files is not None:
            return self._kept(node, self.ctx.source_files)
        return self._block(node, render)

    def _kept(self, node: m.Block, files: list[str]) -> Markup:
        """The preview's HTML of a block, kept by the block itself with everything around it that its HTML
        depends on: the index of its file among the marks, the language around it and its own, whether its
        paragraphs are numbered and whether it is inside a list. A block with a heading (re-levelled by what came
        before it) or one that added a file to the marks is not kept. In `serve` a contribution's blocks are the
        same objects from save to save (parse/kept.py), so a save renders again only what it changed."""
        source = getattr(node, "source", m.NO_SOURCE)
        path = source.path
        at = len(files) - 1 if files and files[-1] == path else (files.index(path) if path in files else -1)
        key = (id(node), at, self._lang, self.written_in.get(path), self.numbering_on, self._in_list, self._language)
        found = _FRAGMENTS.get(key)
        if found is not None and found[0] is node:
            self.source = source
            return found[1]
        headings, marked = self._headings, len(files)
        out = self._block(node, None)
        if at >= 0 and self._headings == headings and len(files) == marked:
            with _fragments_lock:
                _FRAGMENTS[key] = (node, out)
                while len(_FRAGMENTS) > FRAGMENTS_KEPT:
                    _FRAGMENTS.pop(next(iter(_FRAGMENTS)))
        return out

    def _block(self, node: m.Block, render: Callable[[], Markup] | None) -> Markup:
        lang = self.written_in.get(getattr(node, "source", m.NO_SOURCE).path)
        if lang is None or lang == self._lang:
            return render() if render else self.visit(node)
        around, self._lang = self._lang, lang
        try:
            out = render() if render else self.visit(node)
        finally:
            self._lang = around
        return Markup(_FIRST_TAG.sub(lambda tag: f'{tag.group(0)} lang="{escape(lang)}"', str(out), count=1))

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
        text = self.inlines(node.children)
        said = PlainText().inlines(node.children)
        if node.href in (said, f"mailto:{said}"):  # the link shows its own address: printed once
            return Markup('<a class="address" href="%s">%s</a>') % (node.href, text)
        return Markup('<a href="%s">%s</a>') % (node.href, text)

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
        self._headings += 1  # a block holding a heading is not kept (its level depends on what came before)
        level = min(self._outline.level(node, self.heading_offset), 6)  # levels never skip (context.Outline)
        return Markup("<h%d>%s</h%d>") % (level, self.inlines(node.children), level)

    def visit_ListItem(self, node: m.ListItem) -> Markup:
        # A one-paragraph item is written tight (no <p>), as Markdown does.
        if len(node.blocks) == 1 and isinstance(node.blocks[0], m.Paragraph):
            return Markup("<li>%s</li>") % self.inlines(node.blocks[0].children)
        return Markup("<li>%s</li>") % self.blocks(node.blocks)

    def visit_BulletList(self, node: m.BulletList) -> Markup:
        self.source = node.source
        was, self._in_list = self._in_list, True
        try:
            return Markup("<ul>\n%s</ul>") % join([self.visit(i) + Markup("\n") for i in node.items])
        finally:
            self._in_list = was

    def visit_OrderedList(self, node: m.OrderedList) -> Markup:
        self.source = node.source
        start = Markup(' start="%d"') % node.start if node.start != 1 else Markup("")
        if self.numbering_on and not self._in_list:  # in numbered paragraphs: (a), (b), as in Word; never "1." twice
            start = Markup(' type="a"') + start
        was, self._in_list = self._in_list, True
        try:
            items = join([self.visit(i) + Markup("\n") for i in node.items])
        finally:
            self._in_list = was
        return Markup("<ol%s>\n%s</ol>") % (start, items)

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
        head = join([Markup('<th scope="col"%s>%s</th>') % (_align(c), self.inlines(c.children)) for c in node.header])
        rows = join([Markup("<tr>%s</tr>\n") % join(self.visit_all(row)) for row in node.rows])
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
            said = self.say["word_count_limit" if node.limit else "word_count"].format(
                words=node.words, limit=node.limit
            )
            words = Markup('<p class="word-count">%s</p>\n') % said
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
        answers = join([self.visit(a) + Markup("\n") for a in node.answers])
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
    _in_list = False  # inside a list: a nested numbered list keeps its numbers
    para_number = 0  # the last number given

    def top_blocks(self, nodes: tuple[m.Block, ...]) -> Markup:
        """A section's or an answer's own blocks, each plain paragraph numbered when the layout says so."""
        if not self.numbering_on:
            return self.blocks(nodes)
        parts = [self._numbered(n) if isinstance(n, m.Paragraph) else self.block(n) for n in nodes]
        return join([part + Markup("\n") for part in parts])

    def _numbered(self, node: m.Paragraph) -> Markup:
        return self.block(node, lambda: self._numbered_paragraph(node))

    def _numbered_paragraph(self, node: m.Paragraph) -> Markup:
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
            tail = self.block(last, lambda: Markup("<p>%s%s</p>") % (self.inlines(last.children), back))
            content = self.blocks(node.blocks[:-1]) + tail
        else:
            content = self.blocks(node.blocks) + back
        return Markup('<li id="fn-%d" value="%d">%s</li>') % (node.number, node.number, content)


def _align(cell: m.TableCell) -> Markup:
    return Markup(' class="align-%s"') % cell.align if cell.align else Markup("")
