"""A quote signed with a contributor's name must use `— @id`, so their consent is checked.

`> We were heard. — Kerry` reads as Kerry's lived experience, but without the
@ it would be printed as an ordinary quote whatever Kerry agreed to. A quote
whose last line is a dash and the name, pseudonym or credit of a contributor is
an error that says which id to use. (The Markdown rule recognises every form of
`— @id`; see markdown.py.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline import model as m
from pipeline.assemble.people import signer
from pipeline.checks import CheckContext
from pipeline.errors import Problem


def _quotes(blocks: Iterable[m.Block]) -> Iterator[m.Quote]:
    for b in blocks:
        if isinstance(b, m.Quote):
            if b.signed:
                yield b
            yield from _quotes(b.blocks)
        elif isinstance(b, m.LivedQuote):
            yield from _quotes(b.blocks)
        elif isinstance(b, m.BulletList | m.OrderedList):
            for item in b.items:
                yield from _quotes(item.blocks)


def check(ctx: CheckContext) -> Iterator[Problem]:
    docs = (ctx.assembly.document, *([ctx.assembly.annex] if ctx.assembly.annex else []))
    # any form of their name, id, initials, pseudonym or role, however spaced (a withdrawn person's
    # signed quote never reaches here: parse/blocks.py leaves it out)
    contributors = {pid: cf.data for pid, cf in ctx.workbench.contributors.items()}
    signed_by = signer(contributors, ctx.assembly.people, withdrawn=False)
    blocks = [b for d in docs for s in d.sections for b in (*s.blocks, *(b for a in s.answers for b in a.blocks))]
    for quote in _quotes(blocks):
        who = set(signed_by(quote.signed or ""))
        if not who:
            continue
        pid = sorted(who)[0]
        yield Problem(
            quote.source.path,
            quote.source.end_line or quote.source.line,
            "this quote is signed with a contributor's name; a lived-experience quote must end with  — @id ,"
            " so that what they agreed to is checked",
            f"write  — @{pid}  as the quote's last line"
            + (f" (or the id of {', '.join(sorted(who))})" if len(who) > 1 else ""),
            code="quote.signed-by-name",
        )
