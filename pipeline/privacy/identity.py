"""Every form a person's private identity can take in text, and what is public.

A person is more than one string. From each contributor's file this derives the
full name, the name without middle names, "Surname, First", the joined and
hyphen/space forms, title + surname, the first name and the surname alone, the
contributor id, e-mail addresses, and the git names and addresses their commits
were made under. Each form is folded (see normalise.py) and marked:

- whole: a full name, an e-mail, title + surname, a git identity of two or more
  words. Printing one is always an error.
- part: a single first name, surname or id. An error too, unless the person's file
  lists it under `ordinary_words` (Hope, Rose, Mark) or one use is silenced inline.

What a person chose to have printed (their credit) is public: a private form
that lies inside one where it is printed is not a leak ("Jordan" inside the
credit "Jordan Smith" of someone else). The organisation's name, the
consultation's own wording and the dates the tool prints are common words: a
single word of a private name inside them is not a leak ("April" in "19 April
2021"), but a whole private name still is. A person credited by name is public under that
name, and their git names too; their e-mail addresses stay private.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.load.labels import labels
from pipeline.load.schema import Contributor
from pipeline.model import Person
from pipeline.privacy.normalise import fold

TITLES = ("mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "dame", "rev", "lady", "lord")

Kind = Literal["whole", "part"]


@dataclass(frozen=True)
class Variant:
    folded: str  # " jordan reeve ": what the matcher looks for
    person: str  # contributor id; "" for a git identity that is nobody's
    kind: Kind
    what: str  # for messages: "the full name", "the first name", "an e-mail address", ...


def _split_name(name: str) -> list[str]:
    """The name's space-separated parts, folded, without leading titles ("Dr Jordan Reeve")."""
    parts = [fold(p).strip() for p in name.split()]
    parts = [p for p in parts if p]
    while len(parts) > 1 and parts[0].replace(" ", "") in TITLES:
        parts = parts[1:]
    return parts


def name_variants(name: str, pid: str) -> list[Variant]:
    """The forms of a name that identify its owner (see the module docstring)."""
    parts = _split_name(name)
    if not parts:
        return []
    out: list[Variant] = []

    def add(words: str, kind: Kind, what: str) -> None:
        words = " ".join(words.split())
        if words:
            out.append(Variant(f" {words} ", pid, kind, what))

    first, last = parts[0], parts[-1]
    if len(parts) == 1:
        # a one-word name is all there is of it, but it is one word: it may be an ordinary one
        add(first, "part", "the name")
        add(first.replace(" ", ""), "part", "the name")
        return out
    full = " ".join(parts)
    add(full, "whole", "the full name")
    add(full.replace(" ", ""), "whole", "the full name")  # typed or pasted without spaces
    add(f"{first} {last}", "whole", "the name")
    add(f"{first.replace(' ', '')} {last.replace(' ', '')}", "whole", "the name")  # Mary Jane / Mary-Jane / MaryJane
    add(f"{first}{last}".replace(" ", ""), "whole", "the name")
    add(f"{last} {first}", "whole", "the name")  # "Reeve, Jordan"
    add(f"{last} {' '.join(parts[:-1])}", "whole", "the name")
    for title in TITLES:
        add(f"{title} {last}", "whole", "the title and surname")
    for word, what in ((first, "the first name"), (last, "the surname")):
        add(word, "part", what)
        add(word.replace(" ", ""), "part", what)
        # each half of a double-barrelled name is a name people go by
        for piece in word.split():
            if len(piece) > 1:
                add(piece, "part", what)
    return out


def contact_variants(address: str, pid: str, what: str = "an e-mail address") -> list[Variant]:
    folded = fold(address)
    return [Variant(folded, pid, "whole", what)] if folded.strip() else []


_PHONE = re.compile(r"\+?\d[\d ()-]{5,}\d")
_EMAIL = re.compile(r"[^\s<>(),;]+@[^\s<>(),;]+\.[^\s<>(),;]+")
_NAME_RUN = re.compile(r"\b(?:[A-Z][\w'’-]*\s+)+[A-Z][\w'’-]*")


def support_variants(c: Contributor, pid: str) -> list[Variant]:
    """The support a person asked for, private whatever their credit: who supports them (the whole line,
    each name of two or more words in it, each phone number with or without its spaces, each address),
    and how they want a check-in (the whole line). Topics they avoid are ordinary words ("detention"),
    never printed with them because nothing after load receives them (workflow/support.py reads them)."""
    out: list[Variant] = []
    what = "the support contact"
    if c.support_contact:
        text = c.support_contact
        out += contact_variants(text, pid, what)
        for phone in _PHONE.findall(text):
            out += contact_variants(phone.strip(), pid, what)
            out += contact_variants(re.sub(r"\D", "", phone), pid, what)
        out += [v for m in _EMAIL.findall(text) for v in contact_variants(m, pid, what)]
        for run in _NAME_RUN.findall(text):  # "Call Ottoline Quarry": the run, and each two words in it
            words = run.split()
            for part in [run, *(" ".join(words[i : i + 2]) for i in range(len(words) - 1))]:
                out += [Variant(v.folded, pid, "whole", what) for v in name_variants(part, pid) if v.kind == "whole"]
    if c.check_in:
        out += contact_variants(c.check_in, pid, "the check-ins asked for")
    return out


@dataclass(frozen=True)
class GitAuthor:
    """One identity seen in the git history, and the contributors its address belongs to."""

    name: str
    email: str
    people: frozenset[str]


@dataclass(frozen=True)
class Identities:
    """Every private form of every person, and the public strings they may sit inside."""

    private: tuple[Variant, ...]
    public: tuple[str, ...]  # folded credits: nothing inside them is a leak
    ordinary: Mapping[str, frozenset[str]]  # person -> folded words they listed as ordinary
    common: tuple[str, ...] = ()  # folded organisation, consultation and dates: single words inside are not


def identities(
    contributors: Mapping[str, Contributor],
    people: Mapping[str, Person],
    git_authors: Iterable[GitAuthor] = (),
    common: Iterable[str] = (),
) -> Identities:
    """Decide what is private and what is public, for the checks and the guard alike.

    `people` holds the decisions of people.py (credit, withdrawal); `common` is what
    the response prints of its own (the organisation, the consultation's wording, dates).
    """
    common = tuple(common)
    private: list[Variant] = []
    shown: list[str] = []
    named = {pid for pid, p in people.items() if p.named}  # who is named: assemble/people.py decided it
    for pid, c in contributors.items():
        person = people.get(pid)
        if person is not None and person.credit:
            shown.append(fold(person.credit))
        for email in c.emails:
            private.extend(contact_variants(email, pid))
        private.extend(support_variants(c, pid))
        if pid in named:
            continue  # credited by name: the name is public, only the addresses stay private
        private.extend(name_variants(c.name, pid))
        for other in c.known_as:  # a nickname is as private as the name
            private.extend(Variant(v.folded, pid, v.kind, "a name they go by") for v in name_variants(other, pid))
        private.append(Variant(fold(pid), pid, "part", "the contributor id"))
    for author in git_authors:
        owners = sorted(author.people) or [""]
        for owner in owners:
            private.extend(contact_variants(author.email, owner, "a git address"))
            if owner in named:
                continue
            forms = name_variants(author.name, owner)
            # a one-word git name is a part, as a one-word name is; of a longer one, every whole form
            # ("Surname, First", "Mr Surname"): its single words alone would be too common to refuse
            one_word = all(v.kind == "part" for v in forms)
            private.extend(
                Variant(v.folded, owner, v.kind, "a git author name") for v in forms if one_word or v.kind == "whole"
            )
    ordinary = {
        pid: frozenset(fold(w).strip() for w in c.ordinary_words if fold(w).strip()) for pid, c in contributors.items()
    }
    common_forms = {fold(c) for c in common}
    unique: dict[tuple[str, str, str], Variant] = {}
    for v in private:  # the first, most telling description of a form wins
        if v.person == "" and v.folded in common_forms:
            continue  # a shared git account named after the organisation: its name is on the cover
        if v.folded.strip():
            unique.setdefault((v.folded, v.person, v.kind), v)
    return Identities(
        tuple(unique.values()),
        tuple(dict.fromkeys(s for s in shown if s.strip())),
        ordinary,
        tuple(dict.fromkeys(f for f in map(fold, common) if f.strip())),
    )


def credit_clashes(
    contributors: Mapping[str, Contributor], people: Mapping[str, Person], ids: Identities
) -> list[tuple[str, str, Variant]]:
    """(person, credit, variant): a credit someone chose that is another person's private name.

    Printing it would print the other person's name: a configuration error to fix in
    the first person's file (choose another pseudonym or role). Worked out once for the same people, forms and
    ordinary words (a save of a contribution in `serve` changes none of them)."""
    key = (
        tuple((pid, p.credit, p.named) for pid, p in people.items()),
        tuple((v.folded, v.person, v.kind, v.what) for v in ids.private),
        tuple(sorted((pid, tuple(sorted(words))) for pid, words in ids.ordinary.items())),
    )
    with _clashes_lock:
        found = _CLASHES.get(key)
    if found is None:
        found = _credit_clashes(people, ids)
        with _clashes_lock:
            _CLASHES[key] = found
            while len(_CLASHES) > 4:
                _CLASHES.pop(next(iter(_CLASHES)))
    return list(found)


_CLASHES: dict[tuple[object, ...], list[tuple[str, str, Variant]]] = {}
_clashes_lock = threading.Lock()


def _credit_clashes(people: Mapping[str, Person], ids: Identities) -> list[tuple[str, str, Variant]]:
    # Every private form is folded words with a space at each end (" jordan reeve "), as a folded credit is, so a
    # form is inside a credit exactly when it is one of the credit's runs of words: each credit looks up its runs
    # (no longer than the longest form) instead of scanning every form, which was people x forms (issue 23: 5 s
    # at 1,920 people). The first form in `ids.private`'s order that clashes is the one reported, as before.
    by_form: dict[str, list[int]] = {}
    for k, v in enumerate(ids.private):
        by_form.setdefault(v.folded, []).append(k)
    longest = max((len(form.split()) for form in by_form), default=0)
    clashes = []
    for pid, person in people.items():
        if person.credit is None or person.named:
            continue  # not printed, or printed as their own name (people.py's decision)
        words = fold(person.credit).split()  # " robin bo lindqvist ": a form inside it, word for word, is printed too
        runs = (" " + " ".join(words[i:j]) + " " for i in range(len(words)) for j in range(i + 1, i + longest + 1))
        for k in sorted({k for run in runs for k in by_form.get(run, ())}):
            v = ids.private[k]
            if not v.person or v.person == pid:
                continue
            if v.kind == "part" and v.folded.strip() in ids.ordinary.get(v.person, frozenset()):
                continue  # a word the other person listed as ordinary (Hope, Rose)
            clashes.append((pid, person.credit, v))
            break
    return clashes


def label_words(language: str) -> frozenset[str]:
    """The labels of one word that coproduce prints ("Page" in "Page 3 of 10", "Question", "Notes"), folded.

    A surname Page is no leak where the tool itself says "Page": the guard and the check of the
    look's files let these words through alone. A whole name never is, and the source check still
    finds the word wherever a person typed it. Labels of several words are `label_phrases`."""
    return frozenset(fold(text).strip() for text in labels(language).values() if len(fold(text).split()) == 1)


def label_phrases(language: str) -> tuple[str, ...]:
    """The labels of several words ("the response may be published in full"): common text, so a word
    inside one (may) is not a name there, and the same word anywhere else still is."""
    return tuple(text for text in labels(language).values() if len(fold(text).split()) > 1)


def pseudonym_clash(
    pseudonym: str,
    pid: str,
    name: str,
    contributors: Mapping[str, Contributor],
    forms: Mapping[str, Variant] | None = None,
) -> Variant | None:
    """The real name a pseudonym is, if it is one: any form of the name of anyone in the workbench
    (their own `name` included, as `pid` is being recorded), folded the one way. A pseudonym that is
    a real name would print that name under a choice not to be named, or credit someone's words to
    another person; None when it is no one's name. `forms`: `names_forms(contributors)`, made once by a
    caller that asks of every person (indexing every name for each pseudonym was people x people)."""
    wanted = fold(pseudonym)
    if not wanted.strip():
        return None
    known = contributors.get(pid)
    if forms is None or known is None or known.name != name:
        forms = _forms_index(tuple(sorted({**{p: c.name for p, c in contributors.items()}, pid: name}.items())))
    # the first form, in owner order, equal to it with spaces ignored (equal forms are equal so too)
    return forms.get(wanted.replace(" ", ""))


def names_forms(contributors: Mapping[str, Contributor]) -> Mapping[str, Variant]:
    """Every form of every contributor's name, for `pseudonym_clash`."""
    return _forms_index(tuple(sorted((p, c.name) for p, c in contributors.items())))


@lru_cache(maxsize=16)
def _forms_index(people: tuple[tuple[str, str], ...]) -> dict[str, Variant]:
    """Every form of every name, spaces removed, to the first variant (in owner order) that has it: made once for
    a workbench's people, where `credit_problems` asks once per pseudonym."""
    index: dict[str, Variant] = {}
    for owner, real in people:
        for v in _variants_of(real, owner):
            index.setdefault(v.folded.replace(" ", ""), v)
    return index


@lru_cache(maxsize=8192)
def _variants_of(name: str, pid: str) -> tuple[Variant, ...]:
    """`name_variants`, worked out once per name: `credit_problems` asks it for everyone, once per pseudonym."""
    return tuple(name_variants(name, pid))


def every_name(contributors: Mapping[str, Contributor]) -> Identities:
    """Every form of every contributor's name, id and address, all private whatever their credit: for a
    name the tool makes (an unsorted draft's file name, from a volunteer's file), where nobody chose to be
    printed."""
    private = [Variant(fold(pid), pid, "part", "the contributor id") for pid in contributors]
    for pid, c in contributors.items():
        private += [*name_variants(c.name, pid), *(v for e in c.emails for v in contact_variants(e, pid))]
    return Identities(tuple(v for v in private if v.folded.strip()), (), {})
