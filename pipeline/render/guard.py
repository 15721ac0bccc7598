"""The last line of defence: no output may contain a private name or address.

`people.py` keeps private strings out of the document model and the
named-people check reads every printed string at its source, so this should
never fire. It reads every output the way a reader or a tool could (the PDF's
own text, metadata, outline and links; every DOCX part with runs joined and its
links decoded; the HTML's text, attributes and data: URIs; image metadata; the
text export: see privacy/readers.py) through the same matcher as the check, and
refuses to write anything if it finds one. A finding is traced back to the file
and line the user must fix: a printed string of the response, or a template.

It also refuses any output but the confidential annex that holds a passage of a
confidential contribution (checks/confidential_copies.py asks the same of the model).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.assemble.printed import TEMPLATE_SUFFIXES, SourceLines, printed_texts
from pipeline.checks import Checked
from pipeline.checks.confidential_copies import confidential_passages
from pipeline.errors import Problem
from pipeline.privacy.identity import label_words
from pipeline.privacy.matcher import Hit, NameMatcher
from pipeline.privacy.normalise import fold, fold_with_map
from pipeline.privacy.passages import Passages
from pipeline.privacy.readers import Piece, read_output
from pipeline.render import LARGE_PRINT, formats


def find_in_templates(files: Iterable[tuple[Path, str]], word: str) -> tuple[str, int, int] | None:
    """(file, line, column) of `word` (folded, with spaces round it) in a file of the look in use:
    `files` are (path, as shown), the workbench's own and the shipped ones it falls back to."""
    for path, shown in files:
        if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
            continue
        for n, line in enumerate(path.read_text("utf-8", "replace").split("\n"), start=1):
            folded, where = fold_with_map(line)
            at = folded.find(word)
            if at >= 0:
                return shown, n, where[at + 1] + 1
    return None


Origin = tuple[str, int | None, int | None]  # file, line, column


def find_leaks(
    outputs: dict[str, list[Piece]],
    matcher: NameMatcher,
    *,
    allowed_words: frozenset[str] = frozenset(),
    trace: Callable[[str], Origin | None] | None = None,
) -> list[Problem]:
    """Problems for every private form found in `outputs` (name -> its pieces, as read_output reads it).

    `allowed_words`: single words the source check let through (ordinary words, silenced
    uses). `trace` finds where the user wrote a folded form, so the message points there;
    it is called only when something is found."""
    found: dict[tuple[str, str], tuple[Hit, str]] = {}
    for name, pieces in outputs.items():
        for piece in pieces:
            hits = matcher.find(piece.text)  # a piece read before is not folded again
            folded = fold(piece.text) if hits else ""
            for hit in hits:
                word = folded[hit.start : hit.end]
                if not hit.whole and (word in allowed_words or piece.kind == "structure"):
                    continue
                found.setdefault((name, word), (hit, piece.where))
    problems: list[Problem] = []
    for (_, word), (hit, where) in found.items():
        ids = [p for p in hit.people if p]
        whose = f"contributor '{', '.join(ids)}'" if ids else "a git author"
        what = hit.variants[0].what
        origin = trace(f" {word} ") if trace else None
        path, line, col = origin if origin else (where, None, None)
        problems.append(
            Problem(
                path,
                line,
                f"refusing to write: {where} would contain {what} of {whose}, who has not chosen to be named",
                "remove it from here" if origin else "find where it comes from in the templates and remove it",
                column=col,
                code="name.in-output",
            )
        )
    return problems


def guard(checked: Checked, outputs: dict[str, bytes]) -> list[Problem]:
    """The last line of defence over the rendered outputs, read as a reader reads them."""
    a = checked.assembly
    allowed = frozenset().union(
        *a.identities.ordinary.values(),
        *(w for f in a.ignores.values() for w in f.values()),
        label_words(a.document.meta.language),
    )

    def trace(folded: str) -> tuple[str, int | None, int | None] | None:
        """Where the user wrote it: a printed string of the response, else a template."""
        lines = SourceLines(checked.response, a.included)
        for printed in printed_texts(a.document, checked.response, a.annex):
            if folded in fold(printed.text):
                line, column = lines.locate(printed.source, folded)
                return printed.source.path, line or None, column
        return find_in_templates(checked.workbench.template_files(), folded)

    # each format says how it must be read (render/__init__.py); the content is read as what it is too
    readers = {f"{a.document.meta.slug}{f.suffix}": f.reader for f in formats().values()}
    readers |= {f"{a.document.meta.slug}{LARGE_PRINT}{f.suffix}": f.reader for f in formats().values()}
    read = {name: list(read_output(name, data, readers.get(name))) for name, data in outputs.items()}  # once
    found = find_leaks(read, a.matcher, allowed_words=allowed, trace=trace)
    return found + confidential_leaks(checked, read) + withdrawn_leaks(checked, read)


def withdrawn_leaks(checked: Checked, outputs: dict[str, list[Piece]]) -> list[Problem]:
    """A problem for every output, the annex included, that holds a copy of a withdrawn person's words
    (checks/withdrawn_copies.py asks the same of what is printed and of the look's files)."""
    a = checked.assembly
    passages = Passages((text, str(source), pid) for text, source, pid in a.withdrawn_text)
    problems = []
    for name, pieces in outputs.items() if passages else ():
        text = "\n".join(p.text for p in pieces)
        if (found := next(passages.find(text), None)) is not None:
            problems.append(
                Problem(
                    name,
                    None,
                    f"refusing to write: {name} would contain words of {found.where}, by '{found.owner}',"
                    f" {a.why_not_used(found.where)}",
                    "find where these words come from (a contribution, response.yaml, or a template) and take them out",
                    code="withdrawn.in-output",
                )
            )
    return problems


def confidential_leaks(checked: Checked, outputs: dict[str, list[Piece]]) -> list[Problem]:
    """A problem for every output, but the annex, that holds a run of words of a confidential contribution.

    Each output is read whole, as a reader reads it, so a passage split over runs or lines is found."""
    a = checked.assembly
    passages = confidential_passages(a.confidential_text)
    if not passages:
        return []
    slug = a.document.meta.slug
    annexes = {f"{slug}{f.suffix}" for f in formats().values() if f.document == "annex"}
    problems = []
    for name, pieces in outputs.items():
        if name in annexes:
            continue
        text = "\n".join(p.text for p in pieces)
        found = next(passages.find(text), None)
        if found is not None:
            words = " ".join(fold(text).split()[found.start : found.start + min(found.count, 8)])
            problems.append(
                Problem(
                    name,
                    None,
                    f"refusing to write: {name} would contain words of {found.where}, which is confidential"
                    f" ('{words}')",
                    "a confidential contribution goes only into the confidential annex; find where these words"
                    " come from (another contribution, response.yaml, or a template) and take them out",
                    code="confidential.in-output",
                )
            )
    return problems
