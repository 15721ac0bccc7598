"""The layout a profile gives the document (`model.Layout`), put into the model so renderers never read response.yaml.

evidence: no title page; the first line "Written evidence submitted by <organisation>" (and the
committee's reference), the date, the summary first as bullet points, every body paragraph after it
numbered through the whole document (the renderers number them: Word's own numbering in the DOCX),
and a note, written beside the outputs, that the evidence must not be published before the committee
publishes it.

letter: no title page; the addressee's lines, the date, the salutation, the sections as the body, the
closing and the signatories. A signatory is printed only as the credit assemble/people.py decided,
and only when that credit is their own name: the model never holds a name nobody chose to print.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from pipeline import model as m
from pipeline.load.labels import labels
from pipeline.load.organisation_schema import Organisation, register_of
from pipeline.load.schema import Response
from pipeline.profiles import Profile
from pipeline.profiles.length import document_words

# How many pages a submission runs to, estimated from its words: about 500 words a page of 12pt
# text with headings and numbered paragraphs. The one place the estimate is made.
WORDS_PER_PAGE = 500
PAGE_RULE = f"pages are estimated at {WORDS_PER_PAGE} words a page of 12pt text"

# A contents list earns its page only in a longer response: from this many pages (estimated as above),
# unless the profile sets its own CONTENTS_FROM. An 800-word response has none.
CONTENTS_FROM = 3

# The fixed lines (the heading line, a letter's salutation and closing, the note) are in the
# response's language, from pipeline/load/labels.py.
PUBLICATION_NOTE = "-publication-note.txt"  # the note's file name after the slug, beside the outputs


def pages(words: int) -> int:
    """The pages `words` words fill, rounded up (PAGE_RULE)."""
    return -(-words // WORDS_PER_PAGE)


def evidence_heading(data: Response) -> str:
    reference = f" ({data.reference})" if data.reference else ""
    return f"{labels(data.language)['evidence_heading']} {data.organisation}{reference}"


def publication_note(meta: m.Meta, heading: str) -> str:
    say = labels(meta.language)
    to = say["publication_to"].format(by=meta.consultation_by, title=meta.consultation_title)
    return "\n".join((f"{heading}: {meta.title}", to, "", say["publication_rule"], ""))


def named(ids: Sequence[str], people: Mapping[str, m.Person]) -> tuple[str, ...]:
    """The names of `ids` that may be printed: credited by their own name, with consent in force; each once."""
    return tuple(p.credit for pid in dict.fromkeys(ids) if (p := people.get(pid)) and p.named and p.credit)


def signatories(data: Response, people: Mapping[str, m.Person]) -> tuple[str, ...]:
    """The names of the signatories who may be printed: the response's own, then each organisation's."""
    return tuple(dict.fromkeys(named([*data.signatories, *(p for o in data.signers for p in o.signatories)], people)))


def details(org: Organisation, language: str, people: Mapping[str, m.Person]) -> tuple[tuple[str, str], ...]:
    """An organisation's contact details as (label, value) lines. The contact person only as people.py
    decided them, and only when that is their own name (checks/organisations.py says when it is not)."""
    say = labels(language)
    lines: list[tuple[str, str]] = []
    contact = people.get(org.contact) if org.contact else None
    if contact is not None and contact.named and contact.credit:
        lines.append((say["contact"], ", ".join(x for x in (contact.credit, org.contact_role) if x)))
    lines += [(say[key], value) for key in ("email", "phone") if (value := getattr(org, key))]
    if org.address:
        lines.append((say["address"], ", ".join(org.address)))
    lines += [(say["charity_number"], f"{n} ({say[register_of(n)]})") for n in org.charity_number]
    if org.company_number:
        lines.append((say["company_number"], org.company_number))
    return tuple(lines)


def signers(
    data: Response, people: Mapping[str, m.Person], logos: tuple[m.Image | None, ...] = ()
) -> tuple[m.Signer, ...]:
    """Every organisation the response is from, each with its own details, signatories and logo."""
    return tuple(
        m.Signer(
            org.name,
            details(org, data.language, people),
            named(org.signatories, people),
            logos[i] if i < len(logos) else None,
            org.logo_alt or labels(data.language)["logo"].format(organisation=org.name),
        )
        for i, org in enumerate(data.signers)
    )


def signed(
    data: Response, people: Mapping[str, m.Person], organisations: tuple[m.Signer, ...]
) -> tuple[tuple[tuple[str, ...], str], ...]:
    """A letter's signatures: the signatories, then who they sign for. Co-signed, each organisation's own
    signatories above "for <its name>", kept apart; anyone in the response's own signatories: first, above
    every organisation's name."""
    everyone = signatories(data, people)
    if len(organisations) <= 1:
        return ((everyone, data.organisation),)
    say = labels(data.language)
    apart = {name for org in organisations for name in org.signatories}
    own = tuple(name for name in everyone if name not in apart)
    groups = [(own, data.organisation)] if own else []
    return (*groups, *((o.signatories, say["signed_for"].format(organisation=o.name)) for o in organisations))


def layout(
    profile: Profile,
    data: Response,
    meta: m.Meta,
    people: Mapping[str, m.Person],
    logos: tuple[m.Image | None, ...] = (),
) -> m.Layout:
    organisations = signers(data, people, logos)
    if profile.layout == "evidence":
        heading = evidence_heading(data)
        return m.Layout(
            "evidence",
            title_page=False,
            heading=heading,
            numbered=True,
            publication_note=publication_note(meta, heading),
            organisations=organisations,
        )
    if profile.layout == "letter":
        return m.Layout(
            "letter",
            title_page=False,
            to=tuple(data.to),
            salutation=data.salutation or labels(data.language)["salutation"],
            closing=labels(data.language)["closing"],
            signatories=signatories(data, people),
            organisations=organisations,
            signed=signed(data, people, organisations),
        )
    return m.Layout(organisations=organisations)


def as_bullets(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    """A summary as bullet points: each paragraph one point; lists joined into one; anything else kept as it is."""
    out: list[m.Block] = []
    for block in blocks:
        items: tuple[m.ListItem, ...] | None = None
        if isinstance(block, m.Paragraph):
            items = (m.ListItem((block,)),)
        elif isinstance(block, m.BulletList):
            items = block.items
        if items is None:
            out.append(block)
        elif out and isinstance(out[-1], m.BulletList):
            out[-1] = dataclasses.replace(out[-1], items=(*out[-1].items, *items))
        else:
            out.append(m.BulletList(items, getattr(block, "source", m.NO_SOURCE)))
    return tuple(out)


def shape(doc: m.Document, profile: Profile, data: Response, people: Mapping[str, m.Person]) -> m.Document:
    """The document as the profile lays it out."""
    chosen = layout(profile, data, doc.meta, people, doc.organisation_logos)
    if chosen.title_page:
        least = profile.contents_from if profile.contents_from is not None else CONTENTS_FROM
        long_enough = pages(document_words(dataclasses.replace(doc, layout=chosen))) >= least
        chosen = dataclasses.replace(chosen, contents=long_enough)
    sections = doc.sections
    if chosen.kind == "evidence":
        sections = tuple(
            dataclasses.replace(s, blocks=as_bullets(s.blocks)) if s.kind == "summary" else s for s in sections
        )
    return dataclasses.replace(doc, sections=sections, layout=chosen)
