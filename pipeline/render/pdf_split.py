"""A long page's HTML cut into parts that WeasyPrint can lay out one by one (pdf_parts.py runs them).

The page (html.render_page, for_pdf) is `<head>` then `<body>`: the front matter (title page, contents),
then `<main>` with the answers, then the notes and credits. A long one is cut:

- the front matter alone (it is laid out last, when the page numbers of the headings are known: the
  contents list then prints them as text, `data-page`, where the single page uses target-counter);
- the answers in groups of questions, each cut between two questions (`<section class="answer">`), so a
  part starts on a new page, as a long response may;
- the notes and credits, which begin a new page anyway.

Each part is the same `<head>` with a slice of `<body>`: the elements open where the slice begins are
opened again (without their id, which the first part keeps) and closed where it ends; `continues` says
how many of them the part carries on, so pdf_join.py makes them one element again. A link to an id in
another part becomes `coproduce-part:<id>` (WeasyPrint drops a link to an anchor it cannot find) and
pdf_join.py makes it a link to the named destination again. None of this changes a short page: it is not
cut (`Split.above`), and a page not shaped as expected (a workbench's own template) is not cut either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

PART_LINK = "coproduce-part:"
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_ID = re.compile(r'\sid="([^"]*)"')
_HREF = re.compile(r'href="#([^"]+)"')
_MAIN = '<main id="_main">'
# the page numbers in margin boxes: only the footers may count pages (pdf_footer.py stamps them after the join)
_BOX = re.compile(r"@([a-z-]+)\s*\{([^{}]*)\}")
FOOTERS = ("bottom-left", "bottom-right")
NO_FOOTERS = "<style>@page { @bottom-left { content: none; } @bottom-right { content: none; } }</style>\n"
NUMBERED_CONTENTS = '<style>@media print { .contents a::after { content: leader(". ") attr(data-page); } }</style>\n'


@dataclass(frozen=True)
class Split:
    """When a page is laid out in parts, and how big each is (bytes of HTML): the one place it is decided."""

    above: int = 350_000  # a page whose <main> is longer than this is cut (about 150 contributions)
    # each group of answers is about this long, or longer (a question is never cut): WeasyPrint lays out two
    # parts of 60 KB in less time than one of 120 KB (measured at 200 contributions: 9.7 s against 12.2 s for
    # all the answers), and a rebuild after one edit lays out one of them
    part: int = 60_000

    def likely(self, markdown_bytes: int) -> bool:
        """Whether contributions of this many bytes of Markdown will make a page long enough to cut: their
        HTML is about 1.3 times as long (measured on generated responses), and a tenth short still counts,
        since only a build's check is spent before the page is known."""
        return markdown_bytes * 1.3 >= self.above * 0.9


SPLIT = Split()


@dataclass(frozen=True)
class Part:
    body: str  # what goes inside <body>
    continues: int = 0  # how many elements open at its start the part before opened


@dataclass(frozen=True)
class Page:
    head: str  # from the start of the page to <body> (and its newline)
    front: str  # the front matter: everything in <body> before <main>
    parts: tuple[Part, ...]  # the answers in groups, then the notes and credits
    end: str  # </body></html>

    def html(self, body: str, *, extra: str = "") -> str:
        return self.head.replace("</head>", extra + "</head>", 1) + body + self.end


class _Scan(HTMLParser):
    """The elements open at each cut where a part may begin: children of <main> and answers."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = [0]
        for match in re.finditer("\n", text):
            self.lines.append(match.end())
        self.stack: list[tuple[str, str]] = []  # (tag, raw start tag)
        self.cuts: list[tuple[int, tuple[tuple[str, str], ...], str]] = []  # (offset, open elements, kind)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        found = dict(attrs)
        classes = str(found.get("class") or "").split()
        depth = len(self.stack)
        if tag == "section" and depth == 2 and "answer" in classes:
            self.cuts.append((self._offset(), tuple(self.stack), "answer"))
        elif depth == 1 and found.get("id") in ("notes", "credits"):
            self.cuts.append((self._offset(), tuple(self.stack), "end"))
        self.stack.append((tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        return

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            raise ValueError(f"</{tag}> does not close the element open")
        self.stack.pop()


def counts_pages_only_in_footers(head: str) -> bool:
    """The page's CSS counts pages only in the bottom margin boxes, which are stamped after the join."""
    in_footers: int = sum(str(rules).count("counter(page") for box, rules in _BOX.findall(head) if box in FOOTERS)
    return head.count("counter(page") == in_footers


def split(page: str, at: Split = SPLIT) -> Page | None:
    """The page in parts, or None when it is short or not shaped as html.render_page makes it."""
    body_at, end_at, main_at = page.find("<body>\n"), page.rfind("</body>"), page.find(_MAIN)
    if min(body_at, end_at, main_at) < 0 or not body_at < main_at < end_at:
        return None
    head, body, end = page[: body_at + 7], page[body_at + 7 : end_at], page[end_at:]
    if "target-counter" in body or not counts_pages_only_in_footers(head):
        return None
    main_from = main_at - body_at - 7
    front, rest = body[:main_from], body[main_from:]
    if len(rest) <= at.above or "<" not in front:  # no front matter: a part of it would be an empty page
        return None
    scan = _Scan(rest)
    try:
        scan.feed(rest)
        scan.close()
    except ValueError:
        return None
    if scan.stack:
        return None
    ends = [c for c in scan.cuts if c[2] == "end"][:1]
    answers = [c for c in scan.cuts if c[2] == "answer" and (not ends or c[0] < ends[0][0])]
    chosen: list[tuple[int, tuple[tuple[str, str], ...]]] = []
    last = 0
    for offset, stack, _ in answers:
        if offset - last >= at.part:
            chosen.append((offset, stack))
            last = offset
    chosen += [(offset, stack) for offset, stack, _ in ends]
    if not chosen:
        return None
    parts = []
    starts = [(0, ()), *chosen]
    for i, (start, stack) in enumerate(starts):
        stop, closing = (chosen[i][0], chosen[i][1]) if i < len(chosen) else (len(rest), ())
        opened = "".join(_ID.sub("", raw, count=1) + "\n" for _, raw in stack)
        closed = "".join(f"</{tag}>\n" for tag, _ in reversed(closing))
        parts.append(Part(opened + rest[start:stop] + closed, len(stack)))
    return Page(head, front, tuple(parts), end)


def ids(body: str) -> set[str]:
    return set(_ID.findall(body))


def link_across(body: str, here: set[str]) -> str:
    """Every link to an id that is not in this part made a `coproduce-part:` link (pdf_join.py turns it back)."""
    return _HREF.sub(lambda m: m.group(0) if m.group(1) in here else f'href="{PART_LINK}{m.group(1)}"', body)


def numbered_contents(front: str, pages: dict[str, int] | None, width: int) -> str:
    """The contents list with each entry's page number as text (`data-page`): `pages` gives them; None, a
    placeholder of `width` digits, to learn how many pages the front matter takes."""
    start, stop = front.find('<nav class="contents"'), front.find("</nav>")
    if start < 0 or stop < 0:
        return front

    def entry(match: re.Match[str]) -> str:
        number = "8" * width if pages is None else str(pages.get(match.group(1), ""))
        return f'href="#{match.group(1)}" data-page="{number}"'

    return front[:start] + _HREF.sub(entry, front[start:stop]) + front[stop:]
