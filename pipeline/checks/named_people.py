"""Printed text must not name a contributor who has not chosen to be named.

The credits can only print what `people.py` decided, but a name can also be
typed into the text itself ("as Jordan told us", "Ms Reeve agreed", "@jordan").
Every printed string (text, headings, table cells, notes, alt text, link text
and addresses, section titles, content notes, the response's own fields) is
read through the one private-name matcher (privacy/), and a match is reported
at the line and column of the file to fix. It stops every build, drafts included.

A single word (a first name, a surname, an id) may be an ordinary word: the
person's file can say so (`ordinary_words: [Hope]`), or one use can be silenced
with `<!-- coproduce-ignore: Hope -->` on the line before. Both are shown as
notices, so a reviewer sees every one. A whole name or an address never can be.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator

from pipeline.assemble.printed import (
    NOT_PRINTED,
    TEMPLATE_SUFFIXES,
    SourceLines,
    printed_texts,
    shown_in_template,
)
from pipeline.checks import CheckContext
from pipeline.errors import Problem
from pipeline.parse.markdown import AT_MENTION
from pipeline.privacy.identity import label_words
from pipeline.privacy.matcher import Hit
from pipeline.privacy.normalise import fold, fold_with_map


def _who(hit: Hit) -> str:
    ids = [p for p in hit.people if p]
    if not ids:
        return "a git author"
    names = " and ".join(f"'{p}'" for p in ids)
    return f"contributor{'s' if len(ids) > 1 else ''} {names}"


def _message(hit: Hit, word: str) -> tuple[str, str, str]:
    """(message, fix, code) for a match."""
    v = hit.variants[0]
    ids = [p for p in hit.people if p]
    files = ", ".join(f"contributors/{p}.yaml" for p in ids)
    if not ids:  # an identity from git that belongs to no contributor
        return (
            f"the text gives {v.what} ('{word}') from the repository's history; git identities are never printed",
            "remove it",
            "name.withheld" if hit.whole else "name.word",
        )
    if hit.whole:
        fix = f"remove it, or use how they chose to be credited (see {files})" if ids else "remove it"
        return f"the text gives {v.what} of {_who(hit)}, who has not chosen to be named", fix, "name.withheld"
    fix = f"remove it, or use how they chose to be credited (see {files})" if ids else "remove it"
    fix += (
        f"; if '{word}' is an ordinary word here, add  ordinary_words: [{word.capitalize()}]  to "
        f"{files or 'their file'}, or put  <!-- coproduce-ignore: {word} -->  on the line before"
    )
    return f"the text gives {v.what} of {_who(hit)} ('{word}'), who has not chosen to be named", fix, "name.word"


def check(ctx: CheckContext) -> Iterator[Problem]:
    a = ctx.assembly
    matcher = a.matcher
    lines = SourceLines(ctx.response, a.included)
    ordinary_uses: dict[str, list[str]] = defaultdict(list)
    known = set(a.people)
    for printed in printed_texts(a.document, ctx.response, a.annex):
        mentioned: set[str] = set()
        if printed.kind not in ("link", "code"):
            for found in AT_MENTION.finditer(printed.text):
                pid = found.group(1).lower()
                line, col = lines.locate(printed.source, fold(found.group(1)))
                if pid in known:
                    mentioned.add(pid)
                    yield Problem(
                        printed.source.path,
                        line,
                        f"'@{found.group(1)}' in the text names contributor '{pid}'; @id is only for quote"
                        " attributions",
                        "to quote them, end a block quote with a line  — @id ; otherwise write how they chose to be"
                        f" credited (see contributors/{pid}.yaml)",
                        column=col,
                        code="name.at-mention",
                    )
                else:
                    yield Problem(
                        printed.source.path,
                        line,
                        f"'@{found.group(1)}' looks like a quote attribution, but it is in the text",
                        "to quote someone, end a block quote with a line  — @id ; to name an account or a person,"
                        " write it without the @",
                        "warning",  # not a contributor: nobody's name is at stake
                        column=col,
                        code="quote.stray-at",
                    )
        hits = matcher.find(printed.text)  # a text read before is not folded again
        folded = fold(printed.text) if hits else ""
        where = fold_with_map(printed.text)[1] if hits else []
        for hit in hits:
            word = folded[hit.start : hit.end]
            typed = printed.text[where[hit.start] : where[hit.end - 1] + 1]  # as written, for the message
            if not hit.whole and all(v.what == "the contributor id" and v.person in mentioned for v in hit.variants):
                continue  # already reported as an @mention
            line, col = lines.locate(printed.source, f" {word} ", folded.count(f" {word} ", 0, hit.start))
            if not hit.whole:
                if all(word in a.identities.ordinary.get(p, ()) for p in hit.people):
                    for p in hit.people:
                        ordinary_uses[p].append(f"{printed.source.path}:{line}")
                    continue
                if a.silenced(printed.source.path, line, word):
                    yield Problem(
                        printed.source.path,
                        line,
                        f"'{word}' is silenced here by coproduce-ignore (it is also a word of {_who(hit)}'s name)",
                        "check that it does not name them",
                        "warning",
                        column=col,
                        code="name.silenced",
                    )
                    continue
            message, fix, code = _message(hit, typed if hit.whole else word)
            ids = sorted({p for p in hit.people if p})
            subject = ids[0] if code == "name.word" and len(ids) == 1 else ""  # whose file may list it as ordinary
            yield Problem(printed.source.path, line or None, message, fix, column=col, code=code, subject=subject)
    yield from _templates(ctx)
    yield from _organisation(ctx)
    yield from _file_names(ctx)
    for pid, uses in ordinary_uses.items():
        cf = ctx.workbench.contributors[pid]
        shown = ", ".join(uses[:5]) + (f" and {len(uses) - 5} more" if len(uses) > 5 else "")
        yield Problem(
            cf.shown,
            cf.located.line(("ordinary_words",)),
            f"words of {pid}'s name are read as ordinary words {len(uses)} time{'s' if len(uses) > 1 else ''}"
            f" ({shown})",
            "check that none of them names them",
            "warning",
            code="name.ordinary-word",
        )


def _templates(ctx: CheckContext) -> Iterator[Problem]:
    """The look is printed too: a name typed into a template is found where it was typed.

    A single word of a name counts only where the page shows it (`shown_in_template`: text,
    comments, shown attributes, CSS strings), so `@page` or `color: white` never stands for a
    Mr Page or a Ms White; a whole name counts anywhere in the file, as the guard reads it."""
    fixed = label_words(ctx.response.data.language)
    for path, shown in ctx.workbench.template_files():  # its own files and the shipped ones it falls back to
        if path.suffix not in TEMPLATE_SUFFIXES or path.name in NOT_PRINTED or not path.is_file():
            continue
        source = path.read_text("utf-8", "replace")
        starts = [0] + [k + 1 for k, c in enumerate(source) if c == "\n"]  # the offset where each line starts
        seen: set[int] = set()
        shown_text, where = shown_in_template(source, path.suffix)
        for text, offsets, parts in ((shown_text, where, True), (source, range(len(source)), False)):
            for hit, start, end in ctx.assembly.matcher.find_mapped(text):
                word = fold(text[start:end]).strip()
                if not hit.whole and (not parts or _is_label(text, start, end, word, fixed)):
                    continue
                at = offsets[start] if start < len(offsets) else len(source)
                if at in seen:
                    continue
                seen.add(at)
                line = bisect_right(starts, at)
                message, fix, code = _message(hit, word)
                yield Problem(shown, line, message, fix, column=at - starts[line - 1] + 1, code=code)


def _is_label(text: str, start: int, end: int, word: str, fixed: frozenset[str]) -> bool:
    """Whether the word is a one-word label standing alone in its piece of the look: the footer's
    `content: "Page "` is the tool's word; "Logo drawn by Page" is somebody's name."""
    if word not in fixed:
        return False
    before, after = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    return fold(text[before : after if after >= 0 else len(text)]).strip() == word


def _organisation(ctx: CheckContext) -> Iterator[Problem]:
    """A word of someone's name inside the organisation's name ("The Page Trust") is common text,
    printed on every page; a whole name there is refused like anywhere else. Said once, so the
    coordinator can see it is the organisation's word and not the person."""
    organisation = ctx.response.data.organisation
    words = set(fold(organisation).split())
    said: set[tuple[str, str]] = set()
    for v in ctx.assembly.identities.private:
        word = v.folded.strip()
        if v.kind != "part" or not v.person or word not in words or (word, v.person) in said:
            continue
        said.add((word, v.person))
        line = ctx.response.located.line(("organisation",))
        source = ctx.response.located.source_line(line) if line else ""
        folded, where = fold_with_map(source)
        at = folded.find(f" {word} ")
        column = where[at + 1] + 1 if at >= 0 else None
        yield Problem(
            ctx.response.shown,
            line,
            f"the organisation's name holds '{word}', {v.what} of contributor '{v.person}', and is printed on"
            " every page",
            f"if it is the organisation's own word, nothing to do; if it names {v.person}, take it out",
            "warning",
            column=column,
            code="name.in-organisation",
            subject=v.person,
        )


def _named_in(ctx: CheckContext, text: str, *, ids_allowed: bool) -> Hit | None:
    """The first private form in a file or folder name that the rule for text would refuse; a contributor
    id passes in a contribution's file name (`40-q1-ada.md`: ids are how files are named)."""
    a = ctx.assembly
    folded = fold(text)
    for hit in a.matcher.find_folded(folded):
        word = folded[hit.start : hit.end]
        if not hit.whole and all(word in a.identities.ordinary.get(p, ()) for p in hit.people):
            continue
        if not hit.whole and ids_allowed and word in ctx.workbench.contributors:
            continue
        return hit
    return None


def _file_names(ctx: CheckContext) -> Iterator[Problem]:
    """A name in a new place: the response's folder (every output file is named after it, `<slug>.pdf`:
    refused in every build), a contribution's file name and an unsorted draft's (listed by status and the
    served pages, never in an output: refused before the final build)."""
    from pipeline.load.unsorted import unsorted_files

    folder = ctx.workbench.shown(ctx.response.dir)
    if (hit := _named_in(ctx, ctx.response.slug, ids_allowed=False)) is not None:
        yield Problem(
            ctx.response.shown,
            None,
            f"the response's folder name gives {hit.variants[0].what} of {_who(hit)}, who has not chosen to be"
            " named: every output file is named after it",
            f"rename the folder {folder} to a slug that names no one, like the consultation's subject",
            code="name.in-file-name",
        )
    drafts = [(ctx.workbench.shown(p), p.name) for p in unsorted_files(ctx.response.dir)]
    for shown, name in [*((c.shown, c.path.name) for c in ctx.response.contributions), *drafts]:
        if (hit := _named_in(ctx, name.removesuffix(".md"), ids_allowed=True)) is not None:
            yield Problem(
                shown,
                None,
                f"this file's name gives {hit.variants[0].what} of {_who(hit)}, who has not chosen to be named:"
                " file names are shown by status and the preview",
                "rename the file with a number, the question or section and contributor ids, like 40-q1-ada.md",
                "final",  # no output carries it (the preview marks blocks by index): it stops the final build
                code="name.in-file-name",
            )
