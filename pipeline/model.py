"""The document model: one tree that every renderer walks.

Everything here is already safe to publish. People appear only as the
strings `people.py` decided the public may see; withdrawn contributions and
quotes never reach this tree. A renderer cannot leak what it never received.

Nodes are small frozen dataclasses. Block nodes carry `source` (file and line)
so later checks and messages can point back to what the user wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union


@dataclass(frozen=True)
class Source:
    """Where a node came from: a path relative to the workbench, and a 1-based line."""

    path: str
    line: int = 0
    end_line: int = 0  # the last line of a block that spans several (0: the same as `line`)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


NO_SOURCE = Source("<generated>")


# ---------------------------------------------------------------- inline nodes


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    """A hyperlink. `href` is http(s) or mailto only; anything else is refused at parse time."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Image:
    """An image from the response folder, already cleaned by `images.clean_image`.

    `data` is the re-encoded picture with no metadata (`mime` image/png or image/jpeg);
    renderers embed it and never read `path`, which is kept for messages only.
    """

    path: Path
    alt: str
    title: str = ""
    data: bytes = field(kw_only=True, repr=False)
    mime: str = field(kw_only=True)


@dataclass(frozen=True)
class FootnoteRef:
    """A reference to `Document.footnotes[number - 1]`; numbers run through the whole document."""

    number: int


Inline = Union[Text, Strong, Emphasis, Code, Link, LineBreak, Image, FootnoteRef]


# ----------------------------------------------------------------- block nodes


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class Heading:
    """A heading inside contributed text; `level` is relative (1 = first level below the section)."""

    level: int
    children: tuple[Inline, ...]
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class OrderedList:
    items: tuple[ListItem, ...]
    start: int = 1
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class Quote:
    """An ordinary block quote (from a report, a law), not a person's lived experience.

    `signed` is the text after a dash on its last line ("— Kerry"), kept so a check can
    tell a quote signed with a contributor's name (which must use `— @id`) from a citation."""

    blocks: tuple[Block, ...]
    source: Source = NO_SOURCE
    signed: str | None = None


@dataclass(frozen=True)
class LivedQuote:
    """A lived-experience quote. `attribution` is the decided public credit, or None to print it unattributed."""

    blocks: tuple[Block, ...]
    attribution: str | None
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class TableCell:
    children: tuple[Inline, ...]
    align: Literal["left", "center", "right", ""] = ""


@dataclass(frozen=True)
class Table:
    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class CodeBlock:
    text: str
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class ThematicBreak:
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class ContentNote:
    """Shown before a contribution that discusses something readers may find hard."""

    text: str
    source: Source = NO_SOURCE


Block = Union[
    Paragraph,
    Heading,
    BulletList,
    OrderedList,
    Quote,
    LivedQuote,
    Table,
    CodeBlock,
    ThematicBreak,
    ContentNote,
]


# ------------------------------------------------------------- document shape


@dataclass(frozen=True)
class Footnote:
    number: int
    blocks: tuple[Block, ...]
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class Answer:
    """The merged answer to one consultation question, in the consultation's order."""

    question_id: str
    number: int  # 1-based position in the consultation's list
    question: str
    blocks: tuple[Block, ...]
    words: int  # of `plaintext.answer_text`: exactly what is pasted into a form
    limit: int | None = None
    chars: int = 0  # characters of that same text as a web form counts them (plaintext.count_chars)
    chars_limit: int | None = None
    label: str = ""  # its number in print, "3" or "3(a)" (vocabulary.question_labels); the place when not given

    @property
    def shown_number(self) -> str:
        return self.label or str(self.number)


@dataclass(frozen=True)
class Section:
    """A top-level part of the submission. `kind` is summary, about, method,
    answers, recommendations or other; answers sections hold `answers`."""

    kind: str
    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    answers: tuple[Answer, ...] = ()
    source: Source = NO_SOURCE  # where the title was written, when a contribution gave it
    id_source: Source = NO_SOURCE  # where its own slug was written (section: my-slug)


@dataclass(frozen=True)
class CreditEntry:
    """One credited person: `name` is exactly what they chose to have printed."""

    name: str
    did: str  # e.g. "wrote and reviewed; took part in 3 sessions"


@dataclass(frozen=True)
class Credits:
    title: str
    totals: str  # the sentence of totals
    entries: tuple[CreditEntry, ...]  # everyone credited, in the order printed (the groups' order, when grouped)
    unnamed: str | None  # e.g. "Two more people took part and chose not to be named."
    groups: tuple[tuple[str, tuple[CreditEntry, ...]], ...] = ()  # co-signed: (organisation, its people), in order


QuoteUse = Literal["no", "anonymous", "attributed"]


class LeftOut(str):
    """A note, for the build's report, of something left out. It reads as its text; `people` holds whose
    withdrawal it is (so `status` need not parse the words), `asked_by` who declined an edit and asked for it."""

    people: tuple[str, ...]
    asked_by: tuple[str, ...]  # they did not withdraw: `people` is empty then

    def __new__(cls, text: str, people: tuple[str, ...], asked_by: tuple[str, ...] = ()) -> LeftOut:
        made = super().__new__(cls, text)
        made.people, made.asked_by = people, asked_by
        return made


@dataclass(frozen=True)
class Person:
    """What may be printed of one person and done with their words, as decided by
    assemble/people.py. Holds no private string: `credit` is what they chose to show."""

    id: str
    credit: str | None  # exactly what may be printed; None = not named
    lived_experience: bool
    quotes: QuoteUse  # what may be done with their words in a quote
    withdrawn_on: dt.date | None  # set when a withdrawal is in force: nothing of theirs is used
    named: bool = False  # `credit` is their own name (credit: name, consented): may sign a letter

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def quote_attribution(self) -> str | None:
        """The attribution for a quote of theirs, or None for unattributed. Call only when quotes != "no"."""
        return self.credit if self.quotes == "attributed" else None


@dataclass(frozen=True)
class Meta:
    slug: str
    title: str
    organisation: str
    consultation_title: str
    consultation_by: str
    consultation_url: str | None
    closes: dt.date | None
    date: dt.date  # the date printed: response.yaml `date:`, SOURCE_DATE_EPOCH, then the clock
    language: str
    responding_as: str
    confidentiality: str | None  # None when the whole response may be published
    draft: bool = False
    publish: str | None = None  # the answer to an online form's publishing question: full, anonymous, none


@dataclass(frozen=True)
class Brand:
    """The organisation's look, from templates/brand.yaml. Colours are #rrggbb."""

    primary: str = "#1f4e79"
    accent: str = "#c55a11"
    text: str = "#1a1a1a"
    body_font: str = "DejaVu Sans"
    heading_font: str = "DejaVu Sans"
    logo: Image | None = None  # cleaned like every image; its alt is `logo_alt`
    logo_alt: str = ""


@dataclass(frozen=True)
class Signer:
    """An organisation a response is from, as the submission prints it (profiles/shape.py decides it).

    `details` are (label, value) lines already in the response's language: the contact (a person credited
    by their own name, as people.py decided, and their role), e-mail, phone, address, charity and company
    numbers. `signatories` are the credits of who signs a letter for it, kept apart from the others'."""

    name: str
    details: tuple[tuple[str, str], ...] = ()
    signatories: tuple[str, ...] = ()
    logo: Image | None = None  # its own logo (organisation_schema.Organisation.logo), cleaned like every image
    logo_alt: str = ""


@dataclass(frozen=True)
class Layout:
    """How the submission profile (profiles/) shapes the document: renderers read this, never response.yaml.

    `kind` is report (a title page, then the sections), evidence (written evidence to a committee)
    or letter. Every string here is already decided and safe to print: `signatories` are the
    credits people chose in assemble/people.py."""

    kind: Literal["report", "evidence", "letter"] = "report"
    title_page: bool = True
    contents: bool = True  # a contents list after the title page: only past the length the profile sets
    heading: str = ""  # the first line, e.g. "Written evidence submitted by ..."
    numbered: bool = False  # body paragraphs after the summary numbered 1, 2, 3... through the whole document
    to: tuple[str, ...] = ()  # a letter's addressee lines
    salutation: str = ""
    closing: str = ""  # "Yours sincerely,"
    signatories: tuple[str, ...] = ()
    publication_note: str = ""  # written beside the outputs when the destination publishes first
    organisations: tuple[Signer, ...] = ()  # who the response is from: one, or each co-signer
    # a letter's signatures: (names, the line under them), the organisation's name; co-signed, one group each
    signed: tuple[tuple[tuple[str, ...], str], ...] = ()


@dataclass(frozen=True)
class Document:
    meta: Meta
    sections: tuple[Section, ...]
    credits: Credits
    footnotes: tuple[Footnote, ...] = ()
    brand: Brand = field(default_factory=Brand)
    layout: Layout = field(default_factory=Layout)
    # each organisation's own logo in response.yaml's order (None: it gave none); shape.py puts them in Layout
    organisation_logos: tuple[Image | None, ...] = ()
    # (a contribution's file, as its blocks' Source.path has it; its language) for each contribution written
    # in another language than the response: renderers mark its blocks (lang, w:lang, the PDF's /Lang)
    written_in: tuple[tuple[str, str], ...] = ()


# ------------------------------------------------------------ walking the model


class UnknownNode(TypeError):
    pass


class Visitor:
    """Dispatch on node type by name, in the manner of docutils' NodeVisitor.

    A renderer subclasses `Visitor` and defines `visit_<NodeClass>` for every node
    type. A node type with no method is a programming error and raises: a new node
    must never be silently dropped from one output format.
    """

    def visit(self, node: Any) -> Any:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise UnknownNode(f"{type(self).__name__} has no visit_{type(node).__name__}")
        return method(node)

    def visit_all(self, nodes: Any) -> list[Any]:
        return [self.visit(n) for n in nodes]
