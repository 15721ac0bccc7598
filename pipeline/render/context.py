"""What a renderer may know besides the document: where the look and the images live."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline import model as m
from pipeline.load.labels import labels
from pipeline.load.workbench import find_template


def logo_alt(doc: m.Document) -> str:
    """What a screen reader says for the logo: brand.yaml's logo_alt, else "<organisation> logo" in the
    response's language. The one rule for the title page, the letterhead and every format."""
    return doc.brand.logo_alt or labels(doc.meta.language)["logo"].format(organisation=doc.meta.organisation)


def logos(doc: m.Document) -> tuple[tuple[m.Image, str], ...]:
    """The logos a title page or letterhead prints, each with what a screen reader says for it: each
    organisation's own where any gave one (co-signed: side by side), else brand.yaml's, else none (never
    coproduce's own). The one rule for every format."""
    own = tuple((o.logo, o.logo_alt) for o in doc.layout.organisations if o.logo is not None)
    if own:
        return own
    return ((doc.brand.logo, logo_alt(doc)),) if doc.brand.logo is not None else ()


def consultation_label(doc: m.Document) -> str:
    """The label of the title page's line naming the consultation: "Response to", unless the title already
    says so ("Response to the Eastmoor survey"), then "Consultation", so the title page says each thing once.
    The one rule for every format (the labels' key in load/labels.py)."""
    said = labels(doc.meta.language)["response_to"].casefold()
    return "consultation" if doc.meta.title.casefold().lstrip().startswith(said) else "response_to"


class Outline:
    """Contributed headings re-levelled so levels never skip (WCAG 1.3.1), the one rule for every format: a
    contribution's first heading, whatever its `#`s, sits one below its place (`offset`, the level of the
    section's or answer's own heading), each deeper one a level further; each contributed file, and each
    place, starts its own outline."""

    def __init__(self) -> None:
        self._open: list[int] = []  # the contributed heading levels open above the current one
        self._where: tuple[str, int] = ("", 0)  # the file they came from, and the place's level

    def reset(self) -> None:
        self._open, self._where = [], ("", 0)

    def level(self, heading: m.Heading, offset: int) -> int:
        """The level `heading` is printed at, under a place whose own heading is at `offset`."""
        if (heading.source.path, offset) != self._where:
            self._open, self._where = [], (heading.source.path, offset)
        while self._open and self._open[-1] >= heading.level:
            self._open.pop()
        self._open.append(heading.level)
        return offset + len(self._open)


@dataclass(frozen=True)
class RenderContext:
    templates: Path  # the look: the workbench's own templates/, or the shipped default
    response_dir: Path  # the response folder; images and attachments may come only from here or templates
    fallback: tuple[Path, ...] = ()  # where a file `templates` lacks comes from: the shipped look
    large_print: bool = False  # the large-print edition (UKAAF): 18pt body, wider spacing, no columns
    source_marks: bool = False  # the live preview only: mark where each block came from (html_body.SOURCE_MARK)
    # with source_marks: the files the marks point into, filled while rendering; a mark holds only an index into
    # it, so no file name (which may hold a volunteer's id) is ever put into the page
    source_files: list[str] | None = field(default=None, compare=False, hash=False)
    cache: Path | None = None  # where a long PDF's laid-out parts are kept between builds (render/pdf_cache.py)

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """The folders of the look, first wins."""
        return tuple(dict.fromkeys((self.templates, *self.fallback)))

    def template(self, name: str) -> Path:
        """The file `name` of the look, from the first folder that has it."""
        return find_template(self.template_dirs, name)
