"""The information and consent sheet a person keeps: what they agreed to, in words they can keep.

The wording is data (`templates/sheets/sheet.yaml`, shipped; a workbench's own file of that name
is laid over it key by key) and is versioned: a version string and a fingerprint of the wording.
`make_sheet` fills it in for one person from the same decisions the build prints from
(`assemble/people.decide`: the credit exactly as it will print, the quotes they allowed) and from
the responses they take part in (what the response is, the payment a session lists), and
`sheet_render.py` writes it as tagged PDF and as DOCX, plain or Easy Read. `record_sheet` keeps in
the person's file which version they were given; `older_sheet` says whose consent was given on
older wording, for `reconsent` and `status`.

The sheet holds the person's own name (it is theirs), so it is written only to a folder the user
names, never into the build folder the submissions go to. Their support fields (avoided topics,
support contact, check-ins) are never on it: the sheet may be shown to others by the person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.assemble.people import decide
from pipeline.errors import CoproduceError, Problem, UsageError
from pipeline.load.schema import Contributor, Response
from pipeline.load.workbench import SHIPPED_TEMPLATES, Workbench
from pipeline.load.yamlsource import read_yaml_file
from pipeline.render.write import write_atomic
from pipeline.vocabulary import in_force, language_of, long_date

WORDING = "sheets/sheet.yaml"
KINDS = ("plain", "easy_read")
CHOICES = (
    "credit_named",
    "credit_none",
    "quotes_no",
    "quotes_anonymous",
    "quotes_attributed",
    "paid",
    "unpaid",
    "closes",
    "none_yet",
    "not_agreed",
)


@dataclass(frozen=True)
class Wording:
    version: str
    fingerprint: str  # sha256: of the wording as loaded: any change of a word changes it, comments do not
    contact: str
    kinds: dict[str, dict[str, Any]]  # "plain" / "easy_read" -> title, for, sections, choices, footer
    shown: tuple[str, ...]  # the files it came from, for messages
    language: str = "en-GB"  # the wording's own language (the sheet's /Lang), not the response's


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    """One person's sheet, filled in: every string as it will be printed."""

    pid: str
    easy_read: bool
    title: str
    for_line: str
    sections: tuple[Section, ...]
    footer: str
    language: str
    credit: str | None  # exactly what the submission prints for them (None: not named)
    version: str
    fingerprint: str

    def text(self) -> str:
        parts = [self.title, self.for_line]
        for s in self.sections:
            parts += [s.heading, *s.lines]
        return "\n".join([*parts, self.footer])


def _wording_problem(shown: str, what: str, line: int | None = None) -> CoproduceError:
    return CoproduceError(
        [
            Problem(
                shown,
                line,
                what,
                "give version:, contact:, and plain: and easy_read: each with title, for, sections (heading and "
                "lines), choices and footer, as in the shipped templates/sheets/sheet.yaml",
                code="sheet.wording",
            )
        ]
    )


def _read(path: Path, shown: str, root: Path) -> dict[str, Any]:
    located = read_yaml_file(path, shown, root, "sheet.wording")
    if not isinstance(located.data, dict):
        raise _wording_problem(shown, "the sheet's wording is not a set of  key: value  lines", located.start)
    return dict(located.data)


def wording_file(language: str) -> str:
    """The wording's file for a language: sheets/sheet.yaml (English), or sheets/sheet.cy.yaml where one is
    shipped for it (Welsh); a language with none of its own gets the English sheet."""
    base = language_of(language)
    named = f"sheets/sheet.{base}.yaml"
    return named if base != "en" and (SHIPPED_TEMPLATES / named).is_file() else WORDING


def sheet_language(c: Contributor) -> str:
    """The language a person's sheet is in: the one their file asks for (`language:`), else English."""
    return c.language or "en-GB"


def load_wording(wb: Workbench | None, language: str = "en-GB") -> Wording:
    """The shipped wording in `language`, with the workbench's own file of that name laid over it key by key
    (a key given replaces it whole)."""
    name = wording_file(language)
    shipped = SHIPPED_TEMPLATES / name
    data = _read(shipped, "templates/" + name, SHIPPED_TEMPLATES)
    shown = ["templates/" + name + " (shipped)"]
    own = wb.root / "templates" / name if wb else None
    if own is not None and wb is not None and own.exists():
        shown.insert(0, wb.shown(own))
        data |= _read(own, wb.shown(own), wb.root)
    where = shown[0]
    for key in ("version", "contact", *KINDS):
        if key not in data:
            raise _wording_problem(where, f"'{key}' is missing from the sheet's wording")
    kinds: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        part = data[kind]
        if not isinstance(part, dict) or not all(k in part for k in ("title", "for", "sections", "choices", "footer")):
            raise _wording_problem(where, f"'{kind}' needs title, for, sections, choices and footer")
        missing = [c for c in CHOICES if c not in (part["choices"] or {})]
        if missing:
            raise _wording_problem(where, f"'{kind}.choices' lacks {', '.join(missing)}")
        for s in part["sections"] or []:
            if not isinstance(s, dict) or "heading" not in s or not isinstance(s.get("lines"), list):
                raise _wording_problem(where, f"each of '{kind}.sections' needs a heading and a list of lines")
        kinds[kind] = part
    canonical = {"version": str(data["version"]), "contact": str(data["contact"]), **kinds}
    if "language" in data:
        canonical["language"] = str(data["language"])
    blob = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    fingerprint = "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()
    language = str(data.get("language") or "en-GB")
    return Wording(str(data["version"]), fingerprint, str(data["contact"]), kinds, tuple(shown), language)


# =================================================================== the facts


@dataclass(frozen=True)
class Taking:
    """One response the person takes part in."""

    slug: str
    data: Response


def _money(rate: Decimal) -> str:
    return f"£{rate:,.2f}".removesuffix(".00")


def _rates(pid: str, responses: list[Taking]) -> list[Decimal]:
    """The payments an hour the sessions they attend list, lowest first."""
    found = {
        s.rate
        for r in responses
        for s in r.data.involvement
        if s.rate is not None and any(a.id == pid and not a.declined for a in s.attendance)
    }
    return sorted(found)


def _fill(text: str, values: dict[str, str]) -> str:
    """`{key}` replaced by its value; any other brace is left as written (the wording is the organisation's)."""
    out = str(text)
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out


def compose(
    pid: str, c: Contributor, responses: list[Taking], wording: Wording, today: dt.date, *, easy_read: bool
) -> Sheet:
    """The sheet for `pid`: the wording filled in with what the build will do for them."""
    if in_force(c.consent.withdrawn, today):
        raise UsageError(
            f"{pid} withdrew on {c.consent.withdrawn}",
            "a sheet is for someone taking part; their work is left out of every build",
            code="usage.person-withdrawn",
        )
    # before they agree, the sheet shows what their choices will print once they do
    agreed = c
    if not c.consent.recorded:
        agreed = c.model_copy(update={"consent": c.consent.model_copy(update={"recorded": today})})
    person = decide(pid, agreed, today)
    part = wording.kinds["easy_read" if easy_read else "plain"]
    choices = {k: str(v) for k, v in part["choices"].items()}
    first = responses[0].data if responses else None
    rates = _rates(pid, responses)
    base = {
        "name": c.name,
        "credit": person.credit or "",
        "contact": wording.contact,
        "rate": " or ".join(_money(r) for r in rates),
        "version": wording.version,
        "fingerprint": wording.fingerprint,
        "organisation": first.organisation if first else "",
    }
    credit_line = _fill(choices["credit_named" if person.credit else "credit_none"], base)
    quotes = person.quotes
    if quotes == "attributed" and not person.credit:
        quotes = "anonymous"  # attributed to no credit prints no name: say so
    quotes_line = _fill(choices[f"quotes_{quotes}"], base)
    payment_line = _fill(choices["paid" if rates else "unpaid"], base)
    agreed_line = "" if c.consent.recorded else choices["not_agreed"]
    base |= {"credit_line": credit_line, "quotes_line": quotes_line, "payment_line": payment_line}
    base |= {"agreed_line": agreed_line}
    sections: list[Section] = []
    for s in part["sections"]:
        lines: list[str] = []
        for raw in s["lines"]:
            raw = str(raw)
            needs_response = any(f"{{{k}}}" in raw for k in ("title", "consultation", "by", "closes"))
            if not needs_response:
                if filled := _fill(raw, base).strip():  # a choice that does not apply leaves no empty line
                    lines.append(filled)
                continue
            if not responses:
                if choices["none_yet"] not in lines:
                    lines.append(choices["none_yet"])
                continue
            for r in responses:  # one line for each response they take part in
                closes = r.data.consultation.closes
                values = base | {
                    "title": r.data.title,
                    "consultation": r.data.consultation.title,
                    "by": r.data.consultation.by,
                    "organisation": r.data.organisation,
                    "closes": _fill(choices["closes"], {"date": long_date(closes, wording.language)}) if closes else "",
                }
                line = _fill(raw, values)
                if line not in lines:
                    lines.append(line)
        sections.append(Section(_fill(str(s["heading"]), base), tuple(lines)))
    return Sheet(
        pid,
        easy_read,
        _fill(str(part["title"]), base),
        _fill(str(part["for"]), base),
        tuple(sections),
        _fill(str(part["footer"]), base),
        wording.language,
        person.credit,
        wording.version,
        wording.fingerprint,
    )


# ============================================================ making and keeping


@dataclass(frozen=True)
class Made:
    sheets: tuple[Sheet, ...]
    written: tuple[Path, ...]
    recorded_in: str  # the person's file, where the version is kept
    wording: Wording


def check_folder(root: Path, out: Path) -> Path:
    """The folder the user named; never the build folder (the submissions' home) nor a folder of people's
    work (responses/, contributors/, templates/, .git), compared as the disk compares names (render/out_folder)."""
    from pipeline.render.out_folder import refuse_private_destination

    out = out.resolve()
    why = "the sheet holds the person's own name"
    refuse_private_destination(out, root, why=why, example="--out sheets/", code="usage.sheet-in-build")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is not a folder", "name a folder to write the sheet into", code="usage.not-a-folder")
    return out


@dataclass(frozen=True)
class Rendered:
    sheet: Sheet
    files: dict[str, bytes]  # file name -> bytes: "<id>-sheet.pdf", "<id>-sheet.docx" (or -easy-read)
    person_file: str  # the person's file, as shown, where `record_sheet` keeps the version
    wording: Wording


def render_sheet(root: Path, pid: str, today: dt.date, *, easy_read: bool) -> Rendered:
    """`pid`'s sheet as bytes, written nowhere: what the command writes, and what a page would offer as a
    download (and then `record_sheet(root, rendered.person_file, rendered.wording)`)."""
    from pipeline.workflow import sheet_render
    from pipeline.workflow.consent import known_person, load_all

    loaded = load_all(root)
    person = known_person(loaded.wb, pid)
    slugs = list(dict.fromkeys(u.slug for u in loaded.uses if u.pid == pid))
    responses = [Taking(r.slug, r.data) for r in loaded.responses if r.slug in slugs]
    wording = load_wording(loaded.wb, sheet_language(person.data))
    sheet = compose(pid, person.data, responses, wording, today, easy_read=easy_read)
    stem = f"{pid}-sheet" + ("-easy-read" if easy_read else "")
    files = {  # both made before either is written: a failure leaves the sheets there were
        stem + ".pdf": sheet_render.pdf(sheet, loaded.wb.template_dirs, today),
        stem + ".docx": sheet_render.docx(sheet, today),
    }
    return Rendered(sheet, files, person.shown, wording)


def make_sheet(root: Path, pid: str, out: Path, today: dt.date, *, easy_read: bool, record: bool = True) -> Made:
    """Write `pid`'s sheet (PDF and DOCX; the Easy Read version with `easy_read`) into `out`, and record
    in their file which wording they were given."""
    out = check_folder(root, out)
    rendered = render_sheet(root, pid, today, easy_read=easy_read)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in rendered.files.items():
        path = out / name
        write_atomic(path, data)  # a sheet half-written is never left under its name, nor its copy for ever
        written.append(path)
    if record:
        record_sheet(root, rendered.person_file, rendered.wording)
    return Made((rendered.sheet,), tuple(written), rendered.person_file, rendered.wording)


def record_sheet(root: Path, shown: str, wording: Wording) -> None:
    """Keep in the person's file which wording they were given: its version and fingerprint."""
    from pipeline.workflow.yamledit import EditError, cannot_edit, read_raw, set_yaml_field, write_raw

    path = root / shown
    text, bom = read_raw(path)
    try:
        text = set_yaml_field(text, ("consent", "sheet_version"), wording.version)
        text = set_yaml_field(text, ("consent", "sheet_fingerprint"), wording.fingerprint)
    except EditError as exc:
        raise cannot_edit(shown, f"consent: sheet_version: {wording.version}", str(exc)) from None
    write_raw(path, text, bom)


def older_sheet(c: Contributor, wording: Wording) -> bool:
    """They agreed on a sheet whose wording has changed since. Someone never given a sheet is not flagged
    here (their consent was taken before sheets were recorded); someone not agreed yet is asked anyway."""
    if c.consent.recorded is None or c.consent.sheet_fingerprint is None:
        return False
    return c.consent.sheet_fingerprint != wording.fingerprint


def agreed_to_older(
    wb: Workbench, pids: list[str] | None = None, today: dt.date | None = None
) -> list[tuple[str, str]]:
    """(id, the version they saw) of each person not withdrawn whose consent was given on older sheet wording."""
    wordings: dict[str, Wording] = {}  # each person is compared with the wording in their own language
    out = []
    for pid, person in sorted(wb.contributors.items()):
        c = person.data
        gone = c.consent.withdrawn is not None and (today is None or in_force(c.consent.withdrawn, today))
        if (pids is not None and pid not in pids) or gone:
            continue
        name = wording_file(sheet_language(c))
        if name not in wordings:
            wordings[name] = load_wording(wb, sheet_language(c))
        if older_sheet(c, wordings[name]):
            out.append((pid, c.consent.sheet_version or "unknown"))
    return out
