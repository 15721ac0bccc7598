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
from pipeline.assemble.document import Assembly, assemble
from pipeline.assemble.plaintext import PlainText
from pipeline.checks.outcome import numbered_recommendations
from pipeline.errors import CoproduceError, UsageError
from pipeline.load.workbench import ResponseFolder, Workbench
from pipeline.vocabulary import hours_text, long_date
from pipeline.workflow.hours import PersonHours, hours_report, money
from pipeline.workflow.outcome import result_counts
from pipeline.workflow.plain_docx import Bullets, Heading, Para, Part

HAPPENED = {
    "adopted": "This was taken up.",
    "partly": "This was partly taken up.",
    "not": "This was not taken up.",
    "unknown": "We do not know yet what became of this.",
}


@dataclass(frozen=True)
class Letter:
    pid: str
    slug: str
    title: str
    parts: tuple[Part, ...]
    withdrawn: bool


def involved(response: ResponseFolder, pid: str) -> bool:
    """Whether `pid` wrote, began, reviewed or took part in a session of this response, or is quoted in it."""
    if any(pid in s.people for s in response.data.involvement):
        return True
    quoted = re.compile(rf"@{re.escape(pid)}\b")
    return any(
        pid in (*c.meta.by, *c.meta.handed_over_from, *c.meta.reviewed_by) or quoted.search(c.body)
        for c in response.contributions
    )


def _blocks_of(doc: m.Document, shown: str) -> list[tuple[str, list[m.Block]]]:
    """The printed blocks that came from the file `shown`, under the heading they are printed under."""
    found: list[tuple[str, list[m.Block]]] = []
    for section in doc.sections:
        mine = [b for b in section.blocks if getattr(b, "source", m.NO_SOURCE).path == shown]
        if mine:
            found.append((section.title, mine))
        for a in section.answers:
            theirs = [b for b in a.blocks if getattr(b, "source", m.NO_SOURCE).path == shown]
            if theirs:
                found.append((f"Question {a.shown_number}: {a.question}", theirs))
    return found


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


def _greeting(person: m.Person) -> str:
    return f"Dear {person.credit}," if person.credit else "Hello,"


def _credit_sentence(person: m.Person, chose: str, doc: m.Document) -> str:
    if person.credit is None and chose != "anonymous":
        return (
            "You asked to be credited, but we have no record of your consent to it, so you are not named"
            " in the response. Tell us if you would like to be, and we will record your consent."
        )
    if person.credit is None:
        return "You chose not to be named, so you are not named anywhere in the response."
    entry = next((e for e in doc.credits.entries if e.name == person.credit), None)
    did = f" for what you did: {entry.did}" if entry and entry.did else ""
    return f"You are credited as {person.credit}, as you chose{did}."


def _time(p: PersonHours | None, rated: bool) -> list[Part]:
    if p is None:
        return [Para("No sessions of yours are recorded for this response.")]
    lines = [f"You gave {hours_text(p.hours)} hours over {p.sessions} session{'s' if p.sessions != 1 else ''}."]
    if rated:
        lines.append(f"For your time we owe {money(p.due)}, and {money(p.expenses)} in expenses.")
        lines.append(f"We have paid {money(p.paid)}; {money(p.to_pay)} is still to pay.")
    if p.declined:
        lines.append(f"You chose not to be paid for {p.declined} session{'s' if p.declined != 1 else ''}.")
    return [Para(" ".join(lines))]


def _outcome(response: ResponseFolder, doc: m.Document) -> list[Part]:
    data = response.data
    outcome, body = data.outcome, data.consultation.by
    sent = outcome.submitted if outcome and outcome.submitted else None
    parts: list[Part] = []
    if sent:
        parts.append(Para(f"We sent the response on {long_date(sent, 'en-GB')}."))
    if outcome is None or outcome.reply is None:
        parts.append(Para(f"{body} has not replied yet. We will write to you again when it does."))
        return parts
    reply = outcome.reply
    said = f" It said: {reply.summary}" if reply.summary else ""
    parts.append(Para(f"{body} replied on {long_date(reply.date, 'en-GB')}.{said}"))
    if reply.link:
        parts.append(Para(f"You can read its reply at {reply.link}"))
    recs = numbered_recommendations(doc)
    lines = []
    for r in outcome.recommendations:
        what = recs.get(r.id, "")
        why = f" Where it says so: {r.evidence}." if r.evidence else ""
        lines.append(f"We asked: {what} {HAPPENED[r.result]}{why}")
    if lines:
        parts.append(Para("What became of what we asked for:"))
        parts.append(Bullets(tuple(lines)))
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
    assembly = assemble(wb, response, draft=True, today=on)
    doc, person = assembly.document, assembly.people[pid]
    data = response.data
    title = f"What happened to your part in our response to {data.consultation.title}"
    parts: list[Part] = [
        Para(_greeting(person)),
        Para(
            f"Thank you for taking part in our response to {data.consultation.title}, run by {data.consultation.by}."
            " This letter is for you alone: it says what became of your part."
        ),  # fmt: skip
    ]
    hours = hours_report(wb, response, on)
    mine = next((p for p in hours.people if p.id == pid), None)
    if person.withdrawn and person.withdrawn_on:
        parts += [
            Heading("Your words were left out, as you asked"),
            Para(
                f"You asked on {long_date(person.withdrawn_on, 'en-GB')} for your words to be left out. Nothing you"
                " wrote or said is in the response, and nothing of yours will be in any version we make from now on."
                " You are not named in it."
            ),  # fmt: skip
            Heading("Your time"),
            *_time(mine, hours.rated),
            Para("Leaving the response does not change what you are owed for your time."),
        ]
        return Letter(pid, response.slug, title, tuple(parts), True)
    parts.append(Heading("What of yours went in"))
    wrote = [c for c in assembly.included if pid in c.meta.by and not c.meta.confidential]
    went_in = False
    for c in wrote:
        for where, blocks in _blocks_of(doc, c.shown):
            went_in = True
            parts.append(Heading(f"In {where}", 2))
            parts += [Para(t) for t in _text(blocks)]
    quotes = _quotes_of(doc, wb, response, pid)
    if quotes:
        went_in = True
        parts.append(Heading("Your words quoted", 2))
        for q in quotes:
            shown = " ".join(_text(q.blocks))
            who = f" (printed as said by {q.attribution})" if q.attribution else " (printed without your name)"
            parts.append(Para(f"“{shown}”{who}"))
    if not went_in:
        parts.append(Para("None of your own words are printed in the response; what you said shaped it."))
    parts += _left_out(assembly, pid)
    parts += [Heading("How you were credited"), Para(_credit_sentence(person, wb.contributors[pid].data.credit, doc))]
    parts += [Heading("Your time"), *_time(mine, hours.rated)]
    parts += [Heading("What happened next"), *_outcome(response, doc)]
    parts.append(Para(f"With thanks from everyone at {data.organisation}."))
    return Letter(pid, response.slug, title, tuple(parts), False)


def _left_out(assembly: Assembly, pid: str) -> list[Part]:
    lines = []
    for c in assembly.included:
        if pid in c.meta.by and c.meta.confidential:
            lines.append("Something you wrote was marked confidential, so it went only to the body, in a separate"
                         " annex that is not published.")  # fmt: skip
        elif pid in c.meta.by and not c.body.strip():
            lines.append("One of your pieces had no text yet, so there was nothing to print.")
    if not lines:
        return [Heading("What was left out"), Para("Nothing of yours was left out.")]
    return [Heading("What was left out"), Bullets(tuple(dict.fromkeys(lines)))]


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

EASY_RESULT = {
    "adopted": "They said yes to {n} of our ideas.",
    "partly": "They said yes to part of {n} of our ideas.",
    "not": "They said no to {n} of our ideas.",
    "unknown": "We do not know yet about {n} of our ideas.",
}


def easy_read(wb: Workbench, response: ResponseFolder, pid: str, on: dt.date) -> Letter:
    """The same letter in Easy Read: short sentences, one idea a line, room beside each for a picture.

    Their own words are given as printed (they are theirs to recognise); everything else is short."""
    letter(wb, response, pid, on)  # the same checks: a contributor, who took part
    assembly = assemble(wb, response, draft=True, today=on)
    person, data = assembly.people[pid], response.data
    say: list[Part] = []

    def line(text: str) -> None:
        say.append(Para(text, room=True))

    line(_greeting(person).rstrip(",") + ".")
    line(f"Thank you for helping with our answer to {data.consultation.by}.")
    line(f"They asked people about {data.consultation.title}.")
    hours = hours_report(wb, response, on)
    mine = next((p for p in hours.people if p.id == pid), None)
    if person.withdrawn:
        for text in ("You asked us to take your words out.", "We did.", "Your words are not in our answer.",
                     "Your name is not in our answer."):  # fmt: skip
            line(text)
    else:
        doc = assembly.document
        wrote = [c for c in assembly.included if pid in c.meta.by and not c.meta.confidential]
        words = [t for c in wrote for _, blocks in _blocks_of(doc, c.shown) for t in _text(blocks)]
        words += [" ".join(_text(q.blocks)) for q in _quotes_of(doc, wb, response, pid)]
        if words:
            line("Some of your words are in our answer.")
            say.append(Heading("Your words"))
            say.extend(Para(w, room=True) for w in words)
        else:
            line("Your ideas helped us write our answer.")
        if person.credit:
            line(f"Our answer thanks you as {person.credit}.")
        else:
            line("Your name is not in our answer.")
    if mine is not None:
        line(f"You came to {mine.sessions} meeting{'s' if mine.sessions != 1 else ''}.")
        line(f"You gave {hours_text(mine.hours)} hours of your time.")
    if not person.withdrawn:
        outcome = data.outcome
        if outcome and outcome.submitted:
            line(f"We sent our answer on {long_date(outcome.submitted, 'en-GB')}.")
        if outcome and outcome.reply:
            line(f"{data.consultation.by} wrote back on {long_date(outcome.reply.date, 'en-GB')}.")
            for result, n in result_counts(outcome).items():
                if n:
                    line(EASY_RESULT[result].format(n=n))
        else:
            line(f"{data.consultation.by} has not written back yet.")
            line("We will tell you when they do.")
    line("Thank you.")
    line(f"From everyone at {data.organisation}.")
    return Letter(pid, response.slug, "What happened to your words", tuple(say), person.withdrawn)
