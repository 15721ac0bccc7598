"""Assemble one document model from a loaded response.

People are decided first (`people.py`); contributions by a withdrawn author, and those someone asked
to be left out when they declined an edit (`confirmation.py`), are left out before they are parsed; each
remaining contribution is parsed once; sections and answers are put in the fixed order of a submission:
summary, about, method, answers (in the consultation's order), recommendations,
the response's own sections (in file-name order), then the credits.

A contribution marked `confidential: true` is assembled the same way into a second
document, the confidential annex (`Assembly.annex`), with its own footnote numbers,
section titles and credits; nothing of it reaches `Assembly.document`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline import model as m
from pipeline import vocabulary
from pipeline.assemble.approval import approval_of
from pipeline.assemble.assembly import Assembly
from pipeline.assemble.confirmation import asked_left_out
from pipeline.assemble.credits import Signing, build_credits
from pipeline.assemble.git_edits import edited_by_withdrawn
from pipeline.assemble.history import touched_by
from pipeline.assemble.people import credit_problems, decide_all, signer
from pipeline.assemble.plaintext import answer_text, count_chars, count_words
from pipeline.assemble.time_given import TimeGiven, time_given
from pipeline.errors import Problems
from pipeline.load.brand import organisation_logos, read_brand
from pipeline.load.labels import labels
from pipeline.load.schema import STANDARD_SECTIONS, Session
from pipeline.load.workbench import Contribution, ResponseFolder, Workbench
from pipeline.model import Person
from pipeline.parse.kept import parse_contribution  # kept between views in serve, else parse.blocks
from pipeline.privacy.identity import identities, label_phrases
from pipeline.privacy.normalise import fold
from pipeline.vocabulary import hours_text, language_of, long_date


@dataclass
class _Gathered:
    """What the contributions bound for one document (the submission, or the annex) gave."""

    contributions: list[Contribution] = field(default_factory=list)
    parts: dict[str, list[m.Block]] = field(default_factory=lambda: defaultdict(list))  # kind or question id
    titles: dict[str, tuple[str, m.Source]] = field(default_factory=dict)
    footnotes: dict[int, tuple[m.Block, ...]] = field(default_factory=dict)
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)  # footnotes are numbered per document
    wrote: list[str] = field(default_factory=list)
    began: list[str] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    approved: list[str] = field(default_factory=list)
    quoted: list[str] = field(default_factory=list)


def print_date(response: ResponseFolder, today: dt.date) -> dt.date:
    """response.yaml `date:`, then SOURCE_DATE_EPOCH, then the clock: reproducible when either is set."""
    if response.data.date:
        return response.data.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return today


def _credits(
    g: _Gathered,
    people: dict[str, Person],
    lead: str | None,
    time: TimeGiven | None,
    language: str,
    stand_in: bool = False,
    signing: Signing | None = None,
) -> m.Credits:
    """The credits of what `g` gathered (the submission, or the annex: no lead, no sessions), in `language`."""
    return build_credits(
        people, lead, g.wrote, g.reviewed, g.quoted, time,
        began=g.began, edited=g.edited, approved=g.approved, language=language, stand_in=stand_in, signing=signing,
    )  # fmt: skip


def held(response: ResponseFolder, people: dict[str, Person], today: dt.date) -> TimeGiven:
    """The sessions held by the response's date: one dated later has not happened yet (or is a typo,
    which checks/dates.py reports), so it is neither printed nor credited."""
    return time_given(response.data.involvement, people, print_date(response, today))


def _involvement_table(
    response: ResponseFolder, people: dict[str, Person], sessions: tuple[Session, ...]
) -> tuple[m.Block, ...]:
    language = response.data.language
    say = labels(language)
    if not sessions:
        return ()
    cell = m.TableCell
    rows = []
    for s in sorted(sessions, key=lambda s: s.date):
        present = sum(1 for pid in dict.fromkeys(s.people) if pid in people and not people[pid].withdrawn)
        hours = hours_text(s.hours)  # as given: 1.75 stays 1.75
        rows.append(
            (
                cell((m.Text(long_date(s.date, language)),)),
                cell((m.Text(s.activity),)),
                cell((m.Text(str(present)),), "right"),
                cell((m.Text(hours),), "right"),
            )
        )
    header = (
        cell((m.Text(say["date"]),)),
        cell((m.Text(say["session"]),)),
        cell((m.Text(say["people"]),), "right"),
        cell((m.Text(say["hours"]),), "right"),
    )
    intro = m.Paragraph((m.Text(say["sessions_intro"]),))
    return intro, m.Table(header, tuple(rows))


def _about_us(response: ResponseFolder) -> tuple[m.Block, ...]:
    """Each organisation's own "about us" (organisation_schema.Organisation.about), its name first, in bold."""
    data = response.data
    return tuple(
        m.Paragraph(
            (m.Strong((m.Text(org.name),)), m.Text(f" {org.about}")),
            m.Source(response.shown, response.located.line((*data.organisation_path(i), "about"))),
        )
        for i, org in enumerate(data.signers)
        if org.about
    )


def _sections(
    g: _Gathered,
    response: ResponseFolder,
    people: dict[str, Person],
    *,
    annex: bool = False,
    sessions: tuple[Session, ...] = (),
) -> tuple[m.Section, ...]:
    """The sections of one document, in a submission's order, from what its contributions gave.

    The annex has no sessions table (they are the submission's) and no limits (nothing of it is pasted)."""
    data = response.data
    sections: list[m.Section] = []
    say = labels(data.language)

    def standard(kind: str, extra: tuple[m.Block, ...] = ()) -> None:
        blocks = (*g.parts.get(kind, ()), *extra)
        if blocks:
            title, where = g.titles.get(kind, (say[kind], m.NO_SOURCE))
            sections.append(m.Section(kind, kind, title, tuple(blocks), source=where))

    standard("summary")
    standard("about", () if annex else _about_us(response))
    standard("method", () if annex else _involvement_table(response, people, sessions))
    parts: dict[str, list[m.Block]] = {q.id: list(g.parts.get(q.id, ())) for q in data.questions}
    for q in data.questions:  # left unanswered on purpose, and nothing answers it: the submission says so
        if q.left_unanswered and not parts[q.id] and not annex:
            parts[q.id] = [m.Paragraph((m.Text(say["no_response"]),))]
    numbers = vocabulary.question_labels([q.id for q in data.questions])
    pasted = {q.id: answer_text(parts[q.id], g.footnotes) for q in data.questions if parts[q.id]}
    answers = tuple(
        m.Answer(
            q.id,
            n,
            q.text,
            tuple(parts[q.id]),
            count_words(pasted[q.id]),
            None if annex else q.limit,
            chars=count_chars(pasted[q.id]),
            chars_limit=None if annex else q.chars,
            label=numbers[q.id],
        )
        for n, q in enumerate(data.questions, start=1)
        if parts[q.id]
    )
    if answers:
        sections.append(m.Section("answers", "answers", say["answers"], answers=answers))
    standard("recommendations")
    own = [c.meta.section for c in g.contributions if c.meta.section and c.meta.section not in STANDARD_SECTIONS]
    for slug in dict.fromkeys(own):
        assert slug is not None
        if not g.parts.get(slug):
            continue  # only empty contributions so far: nothing to print under its title
        title, where = g.titles[slug]
        first = next(c for c in g.contributions if c.meta.section == slug)
        slug_at = m.Source(first.shown, first.located.line(("section",)))
        sections.append(m.Section("other", slug, title, tuple(g.parts[slug]), source=where, id_source=slug_at))
    return tuple(sections)


def assemble(wb: Workbench, response: ResponseFolder, *, draft: bool = False, today: dt.date) -> Assembly:
    people = decide_all({pid: c.data for pid, c in wb.contributors.items()}, today)
    data = response.data
    problems = Problems()
    problems.extend(response.notices)  # warnings from loading, so check and build show them too
    left_out: list[m.LeftOut] = []
    included: list[Contribution] = []
    history = touched_by(wb.root, response.dir, {pid: c.data for pid, c in wb.contributors.items()})
    signed_by_withdrawn = signer({pid: c.data for pid, c in wb.contributors.items()}, people, withdrawn=True)
    main, secret = _Gathered(), _Gathered()  # the submission, and the confidential annex
    confidential_text: list[tuple[str, m.Source]] = []
    withdrawn_text: list[tuple[str, m.Source, str]] = []
    ignores: dict[str, dict[int, set[str]]] = {}
    asked_out: set[str] = set()
    written_in: list[tuple[str, str]] = []  # contributions in another language than the response's

    folder = response.dir.resolve()  # once: each parse confines pictures to it (parse/blocks.py)
    for c in response.contributions:
        # work handed over still holds the first author's words: their withdrawal counts too
        gone = [pid for pid in (*c.meta.by, *c.meta.handed_over_from) if people[pid].withdrawn]
        if gone:
            who = ", ".join(f"{pid} (withdrew on {people[pid].withdrawn_on})" for pid in gone)
            left_out.append(m.LeftOut(f"{c.shown}: left out, written by {who}", tuple(gone)))
            withdrawn_text.extend((c.body, m.Source(c.shown, c.body_line), pid) for pid in gone)
            # their co-authors' work went with it: say so, and how to bring their part back
            others = [pid for pid in dict.fromkeys((*c.meta.by, *c.meta.handed_over_from)) if pid not in gone]
            if others:
                problems.add(
                    c.shown,
                    c.located.line(("by",)),
                    f"this contribution is left out because {', '.join(gone)} withdrew; the work of"
                    f" {', '.join(others)}, who wrote it with them, is left out too",
                    f"{' and '.join(others)} may rewrite their part in a new contribution without the words of"
                    f" {', '.join(gone)}; see  coproduce handover  for work that was only begun by someone",
                    "warning",
                    code="withdrawn.co-authors",
                )
            continue
        if edited_by_withdrawn(c, response, wb, people, history, left_out, withdrawn_text, problems):
            continue
        if asked := asked_left_out(c, response.slug):  # declined an edit and asked for it to be left out
            left_out.append(asked[0])
            problems.extend([asked[1]])
            # their words are theirs to keep out: a copy of them elsewhere is found as a withdrawn person's is
            where = m.Source(c.shown, c.body_line)
            withdrawn_text.extend((c.body, where, pid) for pid in asked[0].asked_by)
            asked_out.add(str(where))
            continue
        included.append(c)
        g = secret if c.meta.confidential else main
        g.contributions.append(c)

        def number(label: str, _c: Contribution = c, _g: _Gathered = g) -> int:
            return _g.numbers.setdefault((_c.shown, label), len(_g.numbers) + 1)

        parsed = parse_contribution(c.body, c.shown, c.body_line, folder, people, number, signed_by_withdrawn)
        problems.extend(parsed.problems)
        left_out.extend(parsed.left_out)
        g.footnotes.update(parsed.footnotes)
        g.quoted.extend(parsed.quoted)
        withdrawn_text.extend(parsed.withdrawn_text)
        for line, phrase in parsed.ignores:
            ignores.setdefault(c.shown, {}).setdefault(line, set()).add(fold(phrase).strip())
        if c.meta.section and c.meta.title:
            g.titles.setdefault(c.meta.section, (c.meta.title, m.Source(c.shown, c.located.line(("title",)))))
        if not parsed.blocks:  # only front matter, blank lines or comments: not an answer, nobody "wrote" it
            problems.add(
                c.shown,
                c.body_line,
                "this contribution has no text yet, so it is not counted as an answer and nobody is credited for it",
                "write the text below the front matter, or remove the file",
                "warning",
                code="answer.empty",
            )
            continue
        if c.meta.confidential:  # what it prints, notes, title and content note included: the copy check and the guard
            confidential_text.append((answer_text(parsed.blocks, parsed.footnotes), m.Source(c.shown, c.body_line)))
            confidential_text.extend(
                (text, m.Source(c.shown, c.located.line((key,))))
                for key, text in (("title", c.meta.title), ("content_note", c.meta.content_note))
                if text
            )
        g.wrote.extend(c.meta.by)
        g.began.extend(c.meta.handed_over_from)
        g.reviewed.extend(pid for pid in c.meta.reviewed_by if not people[pid].withdrawn)
        if (approval := approval_of(c, response, people)).current and approval.by:
            g.approved.append(approval.by)  # an approval that holds for the text as it is
        # changed the file in git without being credited for it otherwise: "edited"
        changers = history.edited.get(c.path.relative_to(response.dir).as_posix(), frozenset())
        g.edited.extend(sorted(changers - {*c.meta.by, *c.meta.handed_over_from, *c.meta.reviewed_by}))
        note = (
            (m.ContentNote(c.meta.content_note, m.Source(c.shown, c.located.line(("content_note",)))),)
            if c.meta.content_note
            else ()
        )
        key = c.meta.answers or c.meta.section or ""
        g.parts[key].extend((*note, *parsed.blocks))
        if c.meta.language and language_of(c.meta.language) != language_of(data.language):
            written_in.append((c.shown, c.meta.language))  # marked in every format, read in its own voice

    time = held(response, people, today)
    for h in time.held:
        gone = sorted(set(h.ids) - set(h.counted))
        if gone:
            said = f"{response.shown}: the time {', '.join(gone)} gave on {h.session.date} is not counted (withdrawn)"
            left_out.append(m.LeftOut(said, tuple(gone)))

    say = labels(data.language)
    signing = Signing.of_people(data.organisation_names, {pid: cf.data for pid, cf in wb.contributors.items()})
    credits = _credits(main, people, data.lead, time, data.language, not data.confirm_edits, signing)
    if len(data.signers) > 1:  # co-signed: the credits name every organisation, then the people
        from_all = say["credits_from"].format(organisations=data.organisation)
        credits = dataclasses.replace(credits, totals=f"{from_all} {credits.totals}")
    meta = m.Meta(
        slug=response.slug,
        title=data.title,
        organisation=data.organisation,
        consultation_title=data.consultation.title,
        consultation_by=data.consultation.by,
        consultation_url=data.consultation.url,
        closes=data.consultation.closes,
        date=print_date(response, today),
        language=data.language,
        responding_as=data.responding_as,
        confidentiality=None if data.confidentiality.strip().lower() == "none" else data.confidentiality,
        draft=draft,
        publish=data.publish,
    )
    # the workbench's brand.yaml laid over the shipped one key by key; the default look when one is wrong
    brand, brand_problems = read_brand(wb.template_dirs)
    problems.extend(brand_problems)
    logos, found = organisation_logos(wb.template_dirs, data, response.located, response.shown)
    problems.extend(found)
    doc = m.Document(
        meta=meta,
        sections=_sections(main, response, people, sessions=time.sessions),
        credits=credits,
        footnotes=tuple(m.Footnote(n, main.footnotes[n]) for n in sorted(main.footnotes)),
        brand=brand,
        written_in=tuple(written_in),
        organisation_logos=logos,
    )
    annex = None
    if annexed := _sections(secret, response, people, annex=True):
        # the same look and facts; its own title, notes and credits (who wrote it), and no sessions
        annex = m.Document(
            meta=dataclasses.replace(meta, title=f"{say['confidential_annex']} {data.title}", publish=None),
            sections=annexed,
            credits=_credits(secret, people, None, None, data.language, signing=signing),
            footnotes=tuple(m.Footnote(n, secret.footnotes[n]) for n in sorted(secret.footnotes)),
            brand=brand,
            written_in=tuple(written_in),
        )
    contributors = {pid: cf.data for pid, cf in wb.contributors.items()}
    ids = identities(
        contributors,
        people,
        history.authors,
        # the consultation's own words, and dates the tool prints ("19 April 2021": April is also a name)
        common=(
            data.organisation,
            data.language,  # "cy-GB" is printed as the document's language, though "cy" may be someone's id
            data.consultation.title,
            data.consultation.by,
            *(q.text for q in data.questions),
            *(long_date(d, data.language) for d in (meta.date, meta.closes, *(s.date for s in data.involvement)) if d),
            *label_phrases(data.language),  # the tool's own wording: "may" in "may be published in full"
        ),
    )
    problems.extend(credit_problems(wb, people, ids))
    return Assembly(
        doc,
        people,
        included,
        left_out,
        problems,
        history,
        ids,
        withdrawn_text,
        ignores,
        annex,
        confidential_text,
        asked_out,
    )
