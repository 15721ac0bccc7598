"""A private letter to one contributor about one response (`coproduce tell ID RESPONSE`).

In plain words: what of theirs went into the response (their words and quotes, exactly as printed:
taken from the document model, which holds only what may be printed), how they were credited, what
of theirs was left out and why, their hours and payment (`workflow.hours`, the same sums), and what
the body did once it is recorded, including what it did not do.

It is addressed as they chose to be credited (`assemble/people.py`: their name, initials, pseudonym
or role; "Hello" when they chose not to be named). A withdrawn person's letter says their words were
left out, as they asked, and holds none of them. No other person is named in it, by construction
(co-authors are not listed; the credits are not copied) and by the same guard a build passes: every
letter is read back as a reader reads it (`privacy/readers`) and refused if any private name is in it.
Letters are private (they say what a person is paid), so they are never written into build/.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline import model as m
from pipeline.assemble.assembly import Assembly
from pipeline.assemble.document import assemble
from pipeline.assemble.plaintext import PlainText
from pipeline.checks.outcome import numbered_recommendations
from pipeline.errors import CoproduceError, UsageError
from pipeline.load.tell_labels import tell_count, tell_labels, tell_language
from pipeline.load.workbench import ResponseFolder, Workbench
from pipeline.vocabulary import hours_text, language_of, long_date
from pipeline.workflow.hours import PersonHours, hours_report, money
from pipeline.workflow.outcome import result_counts
from pipeline.workflow.plain_docx import Bullets, Heading, Para, Part


@dataclass(frozen=True)
class Letter:
    pid: str
    slug: str
    title: str
    parts: tuple[Part, ...]
    withdrawn: bool
    language: str = "en-GB"  # the tag its own words are in (load/tell_labels.py); a person's own are marked


def language_for(wb: Workbench, response: ResponseFolder, pid: str) -> str:
    """The letter's language: the one the person asked for (`language:` in their file), else the response's;
    English where load/tell_labels.py has no table for it."""
    person = wb.contributors.get(pid)
    asked = person.data.language if person is not None and person.data.language else response.data.language
    return tell_language(asked)


def _other(tag: str | None, letter: str) -> str | None:
    """`tag` when it is another language than the letter's: words to mark with it."""
    return tag if tag and language_of(tag) != language_of(letter) else None


def involved(response: ResponseFolder, pid: str) -> bool:
    """Whether `pid` wrote, began, reviewed or took part in a session of this response, or is quoted in it."""
    if any(pid in s.people for s in response.data.involvement):
        return True
    quoted = re.compile(rf"@{re.escape(pid)}\b")
    return any(
        pid in (*c.meta.by, *c.meta.handed_over_from, *c.meta.reviewed_by) or quoted.search(c.body)
        for c in response.contributions
    )


@dataclass(frozen=True)
class Where:
    """Where printed blocks are: a section's title, or a question's number (in the letter's words) and text."""

    title: str  # the section's title, or "Question 3" / "Cwestiwn 3"
    question: str | None = None  # the question as the response prints it, in the response's language

    def said(self) -> str:
        return f"{self.title}: {self.question}" if self.question is not None else self.title


def _blocks_of(doc: m.Document, shown: str, language: str = "en-GB") -> list[tuple[Where, list[m.Block]]]:
    """The printed blocks that came from the file `shown`, under the heading they are printed under."""
    said = tell_labels(language)
    found: list[tuple[Where, list[m.Block]]] = []
    for section in doc.sections:
        mine = [b for b in section.blocks if getattr(b, "source", m.NO_SOURCE).path == shown]
        if mine:
            found.append((Where(section.title), mine))
        for a in section.answers:
            theirs = [b for b in a.blocks if getattr(b, "source", m.NO_SOURCE).path == shown]
            if theirs:
                found.append((Where(said["question_where"].format(n=a.shown_number), a.question), theirs))
    return found


def _heading_of(where: Where, said: dict[str, str], printed: str | None) -> list[Part]:
    """The heading over their words: "In Question 3: ..." in the letter's language; where the response prints
    in another (`printed`), its title or question is given on its own, marked with that language."""
    if printed is None:
        return [Heading(said["in_where"].format(where=where.said()), 2)]
    if where.question is None:
        return [Heading(where.title, 2, lang=printed)]
    return [Heading(said["in_where"].format(where=where.title), 2), Para(where.question, lang=printed)]


def _quotes_of(doc: m.Document, wb: Workbench, response: ResponseFolder, pid: str) -> list[m.LivedQuote]:
    """The lived-experience quotes of `pid` as printed: a quote whose written lines end `— @pid`."""
    bodies = {c.shown: c for c in response.contributions}
    mark = re.compile(rf"@{re.escape(pid)}\b")
    found: list[m.LivedQuote] = []

    def walk(blocks: tuple[m.Block, ...] | list[m.Block]) -> None:
        for b in blocks:
            if isinstance(b, m.LivedQuote):
                c = bodies.get(b.source.path)
                if c is not None:
                    lines = c.body.splitlines()[b.source.line - c.body_line : (b.source.end_line or b.source.line)
                                                - c.body_line + 1]  # fmt: skip
                    if mark.search("\n".join(lines)):
                        found.append(b)
            elif isinstance(b, m.Quote):
                walk(b.blocks)

    for section in doc.sections:
        walk(section.blocks)
        for a in section.answers:
            walk(a.blocks)
    return found


def _text(blocks: list[m.Block] | tuple[m.Block, ...]) -> list[str]:
    return [p for p in PlainText().blocks(blocks).split("\n\n") if p.strip()]


def _greeting(person: m.Person, said: dict[str, str]) -> str:
    return said["dear"].format(credit=person.credit) if person.credit else said["hello"]


def _credit_sentence(person: m.Person, chose: str, doc: m.Document, language: str) -> str:
    said = tell_labels(language)
    if person.credit is None and chose != "anonymous":
        return said["no_consent"]
    if person.credit is None:
        return said["unnamed"]
    entry = next((e for e in doc.credits.entries if e.name == person.credit), None)
    # what they did is worded in the response's language: said only where the letter is in it too
    same = language_of(doc.meta.language) == language_of(language)
    did = said["credited_did"].format(did=entry.did) if entry and entry.did and same else ""
    return said["credited"].format(credit=person.credit, did=did)


def _time(p: PersonHours | None, rated: bool, language: str) -> list[Part]:
    said = tell_labels(language)
    if p is None:
        return [Para(said["no_sessions"])]
    hours = tell_count(language, "hours", p.hours, hours_text(p.hours))
    sessions = tell_count(language, "sessions", p.sessions)
    lines = [said["gave"].format(hours_n=hours_text(p.hours), hours=hours, sessions=sessions)]
    if rated:
        lines.append(said["owe"].format(due=money(p.due), expenses=money(p.expenses)))
        lines.append(said["paid"].format(paid=money(p.paid), to_pay=money(p.to_pay)))
    if p.declined:
        lines.append(said["declined"].format(sessions=tell_count(language, "sessions", p.declined)))
    return [Para(" ".join(lines))]


def _outcome(response: ResponseFolder, doc: m.Document, language: str) -> list[Part]:
    said = tell_labels(language)
    typed = _other(response.data.language, language)  # what the coordinator typed is in the response's language
    data = response.data
    outcome, body = data.outcome, data.consultation.by
    sent = outcome.submitted if outcome and outcome.submitted else None
    parts: list[Part] = []
    if sent:
        parts.append(Para(said["sent"].format(date=long_date(sent, language))))
    if outcome is None or outcome.reply is None:
        parts.append(Para(said["no_reply"].format(body=body)))
        return parts
    reply = outcome.reply
    replied = said["replied"].format(body=body, date=long_date(reply.date, language))
    if reply.summary and typed:  # its own paragraph, marked with the language it was written in
        parts += [Para(replied + said["it_said"].format(summary="").rstrip()), Para(reply.summary, lang=typed)]
    else:
        parts.append(Para(replied + (said["it_said"].format(summary=reply.summary) if reply.summary else "")))
    if reply.link:
        parts.append(Para(said["read_reply"].format(link=reply.link)))
    recs = numbered_recommendations(doc)
    lines = []
    for r in outcome.recommendations:
        why = said["where_says"].format(evidence=r.evidence) if r.evidence else ""
        lines.append(said["we_asked"].format(what=recs.get(r.id, ""), happened=said[r.result], why=why))
    if lines:
        parts.append(Para(said["what_became"]))
        parts.append(Bullets(tuple(lines), lang=typed))  # the recommendations are quoted as the response prints them
    return parts


def letter(wb: Workbench, response: ResponseFolder, pid: str, on: dt.date) -> Letter:
    if pid not in wb.contributors:
        raise UsageError(f"'{pid}' is not a contributor", "give the id of a file in contributors/", code="usage.tell")
    if not involved(response, pid):
        raise UsageError(
            f"{pid} took no part in {response.slug}",
            "give a response they wrote for, were quoted in or came to a session of",
            code="usage.tell",
        )
    language = language_for(wb, response, pid)
    said = tell_labels(language)
    assembly = assemble(wb, response, draft=True, today=on)
    doc, person = assembly.document, assembly.people[pid]
    data = response.data
    title = said["title"].format(title=data.consultation.title)
    parts: list[Part] = [
        Para(_greeting(person, said)),
        Para(said["thanks"].format(title=data.consultation.title, by=data.consultation.by)),
    ]
    hours = hours_report(wb, response, on)
    mine = next((p for p in hours.people if p.id == pid), None)
    if person.withdrawn and person.withdrawn_on:
        parts += [
            Heading(said["withdrawn_heading"]),
            Para(said["withdrawn"].format(date=long_date(person.withdrawn_on, language))),
            Heading(said["time_heading"]),
            *_time(mine, hours.rated, language),
            Para(said["still_owed"]),
        ]
        return Letter(pid, response.slug, title, tuple(parts), True, language)
    parts.append(Heading(said["went_in_heading"]))
    wrote = [c for c in assembly.included if pid in c.meta.by and not c.meta.confidential]
    went_in = False
    for c in wrote:
        theirs = _other(c.meta.language or data.language, language)  # their words, in the language they wrote
        for where, blocks in _blocks_of(doc, c.shown, language):
            went_in = True
            parts += _heading_of(where, said, _other(doc.meta.language, language))
            parts += [Para(t, lang=theirs) for t in _text(blocks)]
    quotes = _quotes_of(doc, wb, response, pid)
    if quotes:
        went_in = True
        parts.append(Heading(said["quoted_heading"], 2))
        for q in quotes:
            shown = " ".join(_text(q.blocks))
            who = said["printed_as"].format(who=q.attribution) if q.attribution else said["printed_unnamed"]
            quoted = _other(data.language, language)
            if quoted:  # the quote in its own language, the note about it in the letter's
                parts += [Para(f"“{shown}”", lang=quoted), Para(who.strip())]
            else:
                parts.append(Para(f"“{shown}”{who}"))
    if not went_in:
        parts.append(Para(said["shaped_it"]))
    parts += _left_out(assembly, pid, language)
    chose = wb.contributors[pid].data.credit
    parts += [Heading(said["credit_heading"]), Para(_credit_sentence(person, chose, doc, language))]
    parts += [Heading(said["time_heading"]), *_time(mine, hours.rated, language)]
    parts += [Heading(said["next_heading"]), *_outcome(response, doc, language)]
    parts.append(Para(said["with_thanks"].format(organisation=data.organisation)))
    return Letter(pid, response.slug, title, tuple(parts), False, language)


def _left_out(assembly: Assembly, pid: str, language: str) -> list[Part]:
    said = tell_labels(language)
    lines = []
    for c in assembly.included:
        if pid in c.meta.by and c.meta.confidential:
            lines.append(said["confidential"])
        elif pid in c.meta.by and not c.body.strip():
            lines.append(said["empty"])
    if not lines:
        return [Heading(said["left_out_heading"]), Para(said["nothing_left_out"])]
    return [Heading(said["left_out_heading"]), Bullets(tuple(dict.fromkeys(lines)))]


def as_text(letter: Letter) -> str:
    out = [letter.title, "=" * len(letter.title), ""]
    for part in letter.parts:
        if isinstance(part, Heading):
            out += [part.text, ("-" if part.level == 1 else "~") * len(part.text), ""]
        elif isinstance(part, Para):
            out += [part.text, ""]
        elif isinstance(part, Bullets):
            out += [*(f"- {item}" for item in part.items), ""]
    return "\n".join(out)


def refuse_private(wb: Workbench, response: ResponseFolder, outputs: dict[str, bytes], on: dt.date) -> None:
    """The build's last line of defence, over the letters: no private name of anyone, read as a reader reads."""
    from pipeline.privacy.identity import label_words
    from pipeline.privacy.readers import read_output
    from pipeline.render.guard import find_leaks

    a = assemble(wb, response, draft=True, today=on)
    allowed = frozenset().union(*a.identities.ordinary.values(), label_words(a.document.meta.language))
    read = {name: list(read_output(name, data)) for name, data in outputs.items()}
    problems = find_leaks(read, a.matcher, allowed_words=allowed, trace=lambda folded: _typed_in(response, folded))
    if problems:
        raise CoproduceError(problems, "the letter was not written")


def _typed_in(response: ResponseFolder, folded: str) -> tuple[str, int | None, int | None] | None:
    """Where in response.yaml's outcome a word the guard found was typed (the letter's only text not from the
    model): so the message points at the line to fix. None when it is not there."""
    from pipeline.privacy.normalise import fold

    outcome = response.data.outcome
    if outcome is None:
        return None
    typed: list[tuple[tuple[str | int, ...], str | None]] = []
    if outcome.reply:
        typed.append((("outcome", "reply", "summary"), outcome.reply.summary))
    typed += [
        (("outcome", "recommendations", k, "evidence"), r.evidence) for k, r in enumerate(outcome.recommendations)
    ]
    for path, text in typed:
        if text and folded.strip() in fold(text):
            return response.shown, response.located.line(path), response.located.column(path)
    return None


# ------------------------------------------------------------------ Easy Read


def easy_read(wb: Workbench, response: ResponseFolder, pid: str, on: dt.date) -> Letter:
    """The same letter in Easy Read: short sentences, one idea a line, room beside each for a picture.

    Their own words are given as printed (they are theirs to recognise); everything else is short."""
    letter(wb, response, pid, on)  # the same checks: a contributor, who took part
    language = language_for(wb, response, pid)
    said = tell_labels(language)
    assembly = assemble(wb, response, draft=True, today=on)
    person, data = assembly.people[pid], response.data
    say: list[Part] = []

    def line(text: str) -> None:
        say.append(Para(text, room=True))

    line(_greeting(person, said).rstrip(",") + ".")
    line(said["easy_thanks"].format(by=data.consultation.by))
    line(said["easy_asked"].format(title=data.consultation.title))
    hours = hours_report(wb, response, on)
    mine = next((p for p in hours.people if p.id == pid), None)
    if person.withdrawn:
        for key in ("easy_took_out", "easy_we_did", "easy_words_not_in", "easy_name_not_in"):
            line(said[key])
    else:
        doc = assembly.document
        wrote = [c for c in assembly.included if pid in c.meta.by and not c.meta.confidential]
        words = [
            (t, _other(c.meta.language or data.language, language))
            for c in wrote
            for _, blocks in _blocks_of(doc, c.shown, language)
            for t in _text(blocks)
        ]
        quoted = _other(data.language, language)
        words += [(" ".join(_text(q.blocks)), quoted) for q in _quotes_of(doc, wb, response, pid)]
        if words:
            line(said["easy_words_in"])
            say.append(Heading(said["easy_words_heading"]))
            say.extend(Para(w, room=True, lang=lang) for w, lang in words)
        else:
            line(said["easy_ideas"])
        if person.credit:
            line(said["easy_thanks_as"].format(credit=person.credit))
        else:
            line(said["easy_name_not_in"])
    if mine is not None:
        line(said["easy_came"].format(meetings=tell_count(language, "meetings", mine.sessions)))
        hours_said = tell_count(language, "hours", mine.hours, hours_text(mine.hours))
        line(said["easy_gave"].format(hours_n=hours_text(mine.hours), hours=hours_said))
    if not person.withdrawn:
        outcome = data.outcome
        if outcome and outcome.submitted:
            line(said["easy_sent"].format(date=long_date(outcome.submitted, language)))
        if outcome and outcome.reply:
            line(said["easy_wrote_back"].format(by=data.consultation.by, date=long_date(outcome.reply.date, language)))
            for result, n in result_counts(outcome).items():
                if n:
                    line(said[f"easy_{result}"].format(n=n))
        else:
            line(said["easy_not_yet"].format(by=data.consultation.by))
            line(said["easy_will_tell"])
    line(said["easy_thank_you"])
    line(said["easy_from"].format(organisation=data.organisation))
    return Letter(pid, response.slug, said["easy_title"], tuple(say), person.withdrawn, language)
