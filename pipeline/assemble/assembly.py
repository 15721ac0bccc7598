"""What assembling a response gives a build: the document, and what the checks, renderers and guard must know of
how it was made (who is named, what was left out and why, the words that may not be used, the annex)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pipeline import model as m
from pipeline.assemble.history import History
from pipeline.errors import Problems
from pipeline.load.workbench import Contribution
from pipeline.model import Person
from pipeline.privacy.identity import Identities
from pipeline.privacy.matcher import NameMatcher


@dataclass
class Assembly:
    """The document and what a build must know about how it was made."""

    document: m.Document
    people: dict[str, Person]
    included: list[Contribution]
    left_out: list[m.LeftOut] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    history: History | None = None  # who changed what, from git; its identities are private
    identities: Identities = field(default_factory=lambda: Identities((), (), {}))  # what is private, what public
    # words that may not be used: of withdrawn people, and of contributions left out at their writer's request
    # (text, where it was, whose), for the copy check and the guard
    withdrawn_text: list[tuple[str, m.Source, str]] = field(default_factory=list)
    # `<!-- coproduce-ignore: phrase -->`: file -> line -> folded phrases silenced on that line
    ignores: dict[str, dict[int, set[str]]] = field(default_factory=dict)
    # the confidential annex (`confidential: true`): a document of its own, never part of `document`
    annex: m.Document | None = None
    # what went into the annex, as plain text, and where it was written: the copy check and the guard compare it
    confidential_text: list[tuple[str, m.Source]] = field(default_factory=list)
    # where (`str(Source)`) the words are of contributions left out because their writer declined an edit and
    # asked for that
    asked_out: set[str] = field(default_factory=set)

    def why_not_used(self, where: str) -> str:
        """Why the words found at `where` (`str` of their Source) may not be used, as the copy check and the
        guard both say it: the writer withdrew, or declined an edit and asked for the contribution to be left out."""
        return "who asked for it to be left out" if where in self.asked_out else "who has withdrawn"

    @property
    def annexed(self) -> list[str]:
        """The contributions that went into the confidential annex, as shown to the user."""
        return list(dict.fromkeys(source.path for _, source in self.confidential_text))  # each file once

    def silenced(self, path: str, line: int, folded: str) -> bool:
        """Whether `<!-- coproduce-ignore: phrase -->` on the line before silences `folded` (a folded word or
        phrase) on `line` of `path`: the language guide and the name check ask the same."""
        return folded in self.ignores.get(path, {}).get(line, set())

    @cached_property
    def matcher(self) -> NameMatcher:
        """One matcher for every private form of every person: the checks and the guard share it."""
        return NameMatcher(self.identities)
