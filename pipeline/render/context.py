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

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """The folders of the look, first wins."""
        return tuple(dict.fromkeys((self.templates, *self.fallback)))

    def template(self, name: str) -> Path:
        """The file `name` of the look, from the first folder that has it."""
        return find_template(self.template_dirs, name)
