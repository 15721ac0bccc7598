"""Write the files a person starts from: a response folder, a contribution, a contributor.

Every file is written as text a volunteer can read and edit: a short comment
saying what the fields mean, then the fields. Values go through
`yaml.safe_dump`, so a title such as "Part 2: detention" is quoted and loads
back exactly. Each new file is validated against the schema before it is
written, so a scaffold never starts life failing `coproduce check`.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from pipeline.errors import UsageError
from pipeline.load.files import read_text
from pipeline.load.schema import STANDARD_SECTIONS, Contributor, FrontMatter, Response, validate
from pipeline.load.workbench import split_front_matter
from pipeline.load.yamlsource import load_yaml
from pipeline.render.write import write_atomic
from pipeline.vocabulary import ID, NUMBER, numbered, place_files, rank_of
from pipeline.vocabulary import next_number as next_number  # `add` numbers files as intake does
from pipeline.workflow.questions import DraftQuestion as DraftQuestion  # the questions pasted into `new`
from pipeline.workflow.questions import parse_questions as parse_questions
from pipeline.workflow.questions import take_limits as take_limits
from pipeline.workflow.yamledit import yaml_value

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def can_ask() -> bool:
    """Prompt only a person at a terminal: a script or a pipe gets a usage error instead of a hang."""
    return sys.stdin.isatty()


def check_slug(slug: str) -> None:
    if not SLUG.fullmatch(slug):
        raise UsageError(
            f"'{slug}' cannot be a response name",
            "use lowercase letters, digits and hyphens, like mental-health-act-review",
            code="usage.bad-slug",
        )


def check_person_id(pid: str) -> None:
    if not ID.fullmatch(pid):
        raise UsageError(
            f"'{pid}' cannot be a contributor id",
            "use lowercase letters, digits, - and _, like jordan or jordan-r",
            code="usage.bad-id",
        )


def _must_be_valid(model: type[BaseModel], text: str, shown: str, located_offset: int = 0) -> None:
    """A last guard: what we are about to write must load. Anything wrong was in an option."""
    located, problems = load_yaml(text, shown, located_offset)
    if located is not None:
        _, found = validate(model, located, shown)
        problems.extend(found)
    if problems:
        first = problems[0]
        raise UsageError(
            f"this would write a file that does not load: {first.message}",
            first.fix,
            path=shown,
            code="usage.would-not-load",
        )


# ================================================================= response

RESPONSE_HEADER = """\
# The response: what it answers and who it is from. Contributions (the .md
# files in this folder) hold the words; this file holds only the facts.
#   consultation   the consultation being answered: its title, who runs it,
#                  its closing date (closes:) and web address (url:)
#   lead           the contributor id of the worker who coordinates it
#   questions      the consultation's questions, in its order: id, text, limit
#                  (the word limit, if there is one), chars (the character limit)
#                  unanswered (true, or a reason: left unanswered on purpose;
#                  the build prints "No response" for it)
#   publish        for an online form: full, anonymous or none (may it be published?)
#   involvement    the sessions people gave their time to, for the credits:
#                    - date: 2026-01-12
#                      activity: Workshop on what helps in a crisis
#                      hours: 2.5
#                      people: [jordan, alex]
# Add a contribution with  coproduce add <this folder's name> --answers q1 --by <id>
"""


@dataclass(frozen=True)
class NewResponse:
    title: str
    organisation: str
    consultation: str
    by: str
    closes: dt.date | None = None
    url: str | None = None
    lead: str | None = None
    questions: tuple[DraftQuestion, ...] = ()


def response_yaml(r: NewResponse) -> str:
    v = yaml_value
    lines = [
        RESPONSE_HEADER.rstrip("\n"),
        f"title: {v(r.title)}",
        f"organisation: {v(r.organisation)}",
        "responding_as: organisation",
        "consultation:",
        f"  title: {v(r.consultation)}",
        f"  by: {v(r.by)}",
        f"  closes: {r.closes.isoformat()}" if r.closes else "  # closes: 2026-03-01",
        f"  url: {v(r.url)}" if r.url else "  # url: https://www.gov.uk/...",
        "language: en-GB",
        f"lead: {v(r.lead)}" if r.lead else "# lead: <contributor id>",
        "confidentiality: none",
    ]
    if r.questions:
        lines.append("questions:")
        for q in r.questions:
            lines += [f"  - id: {q.id}", f"    text: {v(q.text)}"]
            if q.limit:
                lines.append(f"    limit: {q.limit}")
            if q.chars:
                lines.append(f"    chars: {q.chars}")
    else:
        lines += ["questions: []", "#  - id: q1", "#    text: Do you agree ...?", "#    limit: 250"]
    lines.append("involvement: []")
    return "\n".join(lines) + "\n"


def write_response(root: Path, slug: str, r: NewResponse) -> Path:
    check_slug(slug)
    folder = root / "responses" / slug
    if folder.exists():
        raise UsageError(
            f"responses/{slug} already exists",
            "choose another name, or add to it with  coproduce add " + slug,
            code="usage.response-exists",
        )
    text = response_yaml(r)
    _must_be_valid(Response, text, f"responses/{slug}/response.yaml")
    path = folder / "response.yaml"
    write_atomic(path, text.encode("utf-8"))
    return path


# ============================================================ contributions

# words that say little about a question, left out of its file name
STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        """a about agree an and any are as at be by can could do does for from has have how if in into is it its
        more not of on or other our should so that the their them there these they this to us we what when where
        which who whom why will with would you your""",
    )
)


def short_words(text: str, count: int = 3) -> str:
    """'Do you agree that the nearest relative should be replaced…' -> 'nearest-relative-replaced'."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    kept = [w for w in words if w not in STOP_WORDS and len(w) > 1] or words
    return "-".join(kept[:count]) or "answer"


@dataclass(frozen=True)
class NewContribution:
    by: tuple[str, ...]
    answers: str | None = None
    section: str | None = None
    title: str | None = None
    content_note: str | None = None


def existing_numbers(folder: Path, question_ids: list[str]) -> list[tuple[str, int]]:
    """(number, rank) for each numbered contribution, in file-name order; a file without readable
    front matter ranks with the one before it (`place_files`)."""
    out: list[tuple[str, int | None]] = []
    for path in sorted(folder.glob("*.md")):
        match = NUMBER.match(path.name)
        if not match:
            continue
        text, _ = read_text(path, path.name, root=folder)  # a pipe or a folder named *.md counts by number
        located, _, _, _ = split_front_matter(text or "", path.name)
        data = located.data if located is not None and isinstance(located.data, dict) else {}
        key = str(data.get("answers") or data.get("section") or "")
        out.append((match.group(1), rank_of(key, question_ids) if key else None))
    return place_files(out)


def contribution_name(number: int | str, new: NewContribution, question_text: str | None) -> str:
    if new.answers:
        return numbered(number, f"{new.answers}-{short_words(question_text or '')}.md")
    slug = new.section or "section"
    return numbered(number, f"{slug}.md")


def contribution_text(new: NewContribution, question_text: str | None, limit: int | None) -> str:
    v = yaml_value
    if new.answers:
        words = f" in {limit} words or fewer" if limit else ""
        prompt = f"# Write the answer to {new.answers}{words} below the second --- line: {question_text}"
    else:
        prompt = f"# Write the '{new.title or new.section}' section below the second --- line, in plain Markdown."
    lines = ["---", prompt]
    lines.append(f"answers: {new.answers}" if new.answers else f"section: {new.section}")
    if new.title:
        lines.append(f"title: {v(new.title)}")
    lines.append(f"by: {v(list(new.by))}")
    lines.append("status: draft")
    if new.content_note:
        lines.append(f"content_note: {v(new.content_note)}")
    lines += ["---", ""]
    return "\n".join(lines) + "\n"


def write_contribution(
    folder: Path, number: int | str, new: NewContribution, question_text: str | None, limit: int | None
) -> Path:
    if new.section and new.section not in STANDARD_SECTIONS and not new.title:
        raise UsageError(
            f"section '{new.section}' is your own, so it needs a title",
            'add  --title "..."',
            code="usage.section-needs-title",
        )
    text = contribution_text(new, question_text, limit)
    head = text.split("---\n")[1]
    path = folder / contribution_name(number, new, question_text)
    _must_be_valid(FrontMatter, head, path.name)
    if path.exists():  # cannot happen with a free number; never overwrite someone's words
        raise UsageError(f"{path.name} already exists", "run the command again", code="usage.file-exists")
    write_atomic(path, text.encode("utf-8"))
    return path


# ============================================================= contributors

CONTRIBUTOR_HEADER = """\
# One person who takes part. This file is private: it is never published.
#   name             their name: printed only if they chose  credit: name
#   credit           how they chose to be credited: name, initials, pseudonym
#                    (a name they chose), role (their role only) or anonymous
#   lived_experience true if they have lived experience of the issues
#   consent          recorded: the date they agreed; without it they are neither
#                    named nor quoted. quotes: no, anonymous (quoted without a
#                    name) or attributed (quoted, credited as they chose)
# To withdraw:  coproduce withdraw <id>  (nothing is deleted; builds leave their
# work out from that date). To re-confirm:  coproduce reconsent --confirm <id>
"""


@dataclass(frozen=True)
class NewContributor:
    name: str
    credit: str
    quotes: str
    lived_experience: bool
    pseudonym: str | None = None
    role: str | None = None
    emails: tuple[str, ...] = ()
    recorded: dt.date | None = None
    organisation: str | None = None  # as a response names it (load/affiliation.py)


def contributor_yaml(c: NewContributor) -> str:
    v = yaml_value
    lines = [CONTRIBUTOR_HEADER.rstrip("\n"), f"name: {v(c.name)}", f"credit: {c.credit}"]
    if c.pseudonym:
        lines.append(f"pseudonym: {v(c.pseudonym)}")
    if c.role:
        lines.append(f"role: {v(c.role)}")
    if c.organisation:
        lines.append(f"organisation: {v(c.organisation)}")
    lines.append(f"lived_experience: {'true' if c.lived_experience else 'false'}")
    if c.emails:
        lines.append(f"emails: {v(list(c.emails))}")
    lines.append("consent:")
    if c.recorded:
        lines.append(f"  recorded: {c.recorded.isoformat()}")
    else:
        lines.append("  # recorded: not yet: they are not named or quoted until consent is recorded")
    lines.append(f"  quotes: {v(c.quotes)}")
    return "\n".join(lines) + "\n"


def suggest_id(name: str) -> str:
    """'Jordan Reeve' -> 'jordan'; only a suggestion, the person adding them can change it."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return words[0] if words else ""


def write_contributor(root: Path, pid: str, c: NewContributor) -> Path:
    check_person_id(pid)
    folder = root / "contributors"
    if any(folder.glob(f"{pid}.y*ml")):
        raise UsageError(
            f"contributors/{pid}.yaml already exists",
            "choose another id, like " + _free_id(folder, pid),
            code="usage.contributor-exists",
        )
    text = contributor_yaml(c)
    _must_be_valid(Contributor, text, f"contributors/{pid}.yaml")
    path = folder / f"{pid}.yaml"
    write_atomic(path, text.encode("utf-8"))
    return path


def _free_id(folder: Path, pid: str) -> str:
    n = 2
    while any(folder.glob(f"{pid}{n}.y*ml")):
        n += 1
    return f"{pid}{n}"
