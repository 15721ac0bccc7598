"""A Welsh response prints no English fixed text (issue 19, item 5).

Each shipped example is copied into a workbench with `language: cy-GB` (and a Welsh title, as a
Welsh response would have), plus a letter with a confidential contribution, and built in every
format, draft and large print. Every output is read back with a reader that is not the renderer
(pypdf, the DOCX's XML, the HTML's text and attributes, the text files), and no English fixed text
of more than one word may appear in it, except where the contributions themselves hold it (the
examples' contributions are in English). The counts in the credits follow Babel's CLDR plural
rules for the language, and the Welsh table says everything the English one says.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import string
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.assemble.credits import build_credits
from pipeline.assemble.time_given import TimeGiven, time_given
from pipeline.load.labels import LABELS, PLURALS, and_list, labels, plural
from pipeline.load.schema import Session
from pipeline.model import Person
from tests.conftest import pdf_text, run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.name for p in (ROOT / "responses").iterdir() if (p / "response.yaml").is_file())
WELSH_TITLE = "Ymateb gan y prosiect i'r ymgynghoriad"
LETTER_TO = '["Y Gweinidog Iechyd", "Parc Cathays", "Caerdydd CF10 3NQ"]'
FORMATS = "pdf,docx,html,txt,answers,confidential"
ENGLISH_FILE = "40-q1-womens-voices.md"
ENGLISH_SENTENCE = "Start by believing women."  # in ENGLISH_FILE
OTHER_SENTENCE = "Health information is often written for people with a stable home"  # in 50-q2, not marked


def _welsh_copy(source: Path, into: Path, *, letter: bool = False) -> Path:
    folder = into / "responses" / (source.name + ("-llythyr" if letter else ""))
    shutil.copytree(source, folder)
    yaml = folder / "response.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^language: .*$", "language: cy-GB", text)
    text = re.sub(r"(?m)^title: .*$", f'title: "{WELSH_TITLE}"', text)
    if letter:
        # a letter, with no salutation of its own: the default one is printed
        text = re.sub(r"(?m)^submit_to: .*\n", "", text)
        lead = re.search(r"(?m)^lead: (\S+)", text)
        assert lead is not None
        text += f"submit_to: letter\nto: {LETTER_TO}\nsignatories: [{lead.group(1)}]\n"
        first = sorted(folder.glob("[0-9]*-q*.md"))[0]  # one contribution confidential: the annex is built
        first.write_text(first.read_text(encoding="utf-8").replace("---\n", "---\nconfidential: true\n", 1))
    yaml.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """{name: (response folder, output folder)} of every Welsh build."""
    bench = tmp_path_factory.mktemp("cy") / "wb"
    shutil.copytree(ROOT / "contributors", bench / "contributors")
    folders = [_welsh_copy(ROOT / "responses" / slug, bench) for slug in EXAMPLES]
    english = bench / "responses" / "womens-health-strategy" / ENGLISH_FILE  # written in English, and says so
    english.write_text(english.read_text(encoding="utf-8").replace("---\n", "---\nlanguage: en-GB\n", 1))
    folders.append(_welsh_copy(ROOT / "responses" / "womens-health-strategy", bench, letter=True))
    built = {}
    for folder in folders:
        out = bench.parent / "out" / folder.name
        result = run(["build", str(folder), "--draft", "--large-print", "--format", FORMATS, "--out", str(out)])
        assert result.exit_code == 0, result.output
        built[folder.name] = (folder, out)
    return built


def _text(path: Path) -> str:
    """What a reader meets in the file: the words, and what a screen reader says for pictures and links."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".docx":
        words = []
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    xml = z.read(name).decode("utf-8")
                    words += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
                    words += re.findall(r'\bdescr="([^"]*)"', xml)
        return html.unescape(" ".join(words))
    if path.suffix == ".html":
        page = re.sub(r"<style>.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S)
        said = re.findall(r'\b(?:alt|aria-label|content|title)="([^"]*)"', page)
        return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(said))
    return path.read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def english_phrases() -> list[str]:
    """Every English fixed text of more than one word: the table's values and counts, cut at their blanks."""
    values = [*LABELS["en"].values(), *(form for forms in PLURALS["en"].values() for form in forms.values())]
    phrases = set()
    for value in values:
        for part in re.split(r"\{[^}]*\}|\n", value):
            part = part.strip(" .,:;'()")
            if len(part.split()) > 1:
                phrases.add(_flat(part))
    return sorted(phrases)


def _contributed(folder: Path) -> str:
    """The text people wrote, in English here: the contributions, response.yaml and the people's own roles."""
    files = [*folder.glob("*.md"), folder / "response.yaml", *(folder.parent.parent / "contributors").glob("*.yaml")]
    return _flat(" ".join(f.read_text(encoding="utf-8") for f in files))


def test_the_phrases_are_the_english_tables() -> None:
    phrases = english_phrases()
    for expected in ("Written evidence submitted by", "Dear Sir or Madam", "This response was co-produced with"):
        assert expected in phrases
    assert "more people took part and are not named here" in phrases


def test_a_welsh_build_prints_no_english_fixed_text(welsh: dict[str, tuple[Path, Path]]) -> None:
    phrases = english_phrases()
    seen = 0
    found = []
    for folder, out in welsh.values():
        allowed = _contributed(folder)
        for path in sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")):
            text = _flat(_text(path))
            assert text, path
            seen += 1
            found += [f"{path.relative_to(out.parent)}: {p!r}" for p in phrases if p in text and p not in allowed]
    assert seen >= 4 * 7, seen  # every example in every format, and the large print
    assert not found, "English fixed text in a Welsh build:\n" + "\n".join(found)


def test_the_welsh_is_printed(welsh: dict[str, tuple[Path, Path]]) -> None:
    """The test above is not passed by empty files: each layout's Welsh lines are where a reader meets them."""
    say = labels("cy")
    _, letter = welsh["womens-health-strategy-llythyr"]
    for suffix in (".pdf", ".docx", ".html"):
        text = _flat(_text(letter / f"womens-health-strategy-llythyr{suffix}"))
        for key in ("salutation", "closing", "credits"):
            assert say[key] in text, (suffix, key)
        assert "Cafodd yr ymateb hwn ei gyd-gynhyrchu gyda" in text, suffix
    annex = _flat(_text(letter / "womens-health-strategy-llythyr-confidential.docx"))
    assert f"{say['confidential_annex']} {WELSH_TITLE}" in annex
    evidence_folder, evidence = welsh["homelessness-inquiry-evidence"]
    docx = _flat(_text(evidence / "homelessness-inquiry-evidence.docx"))
    assert f"{say['evidence_heading']} Wayfarer Peer Network" in docx
    note = (evidence / "homelessness-inquiry-evidence-publication-note.txt").read_text(encoding="utf-8")
    assert note.startswith(say["evidence_heading"]) and "Peidiwch â chyhoeddi'r dystiolaeth hon" in note
    _, report = welsh["womens-health-strategy"]
    page = _text(report / "womens-health-strategy.html")
    assert re.search(r"\d+ allan o \d+ gair", page)  # a draft's word count
    assert 'alt="Logo ' in (report / "womens-health-strategy.html").read_text(encoding="utf-8") or "Logo " in page


# ------------------------------------------------------------------ English that stays is marked as English


def test_a_contribution_in_english_is_marked_in_the_page(welsh: dict[str, tuple[Path, Path]]) -> None:
    _, out = welsh["womens-health-strategy"]
    page = (out / "womens-health-strategy.html").read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in page
    assert re.search(r'<p lang="en-GB">' + re.escape(ENGLISH_SENTENCE), page)
    assert re.search(r"<p>" + re.escape(OTHER_SENTENCE), page)  # the rest is Welsh, as the page says
    marked = re.findall(r'<(\w+) lang="en-GB"', page)
    assert marked and set(marked) <= {"p", "ul", "ol", "figure", "blockquote", "h4", "h5", "div", "pre", "li"}


def test_a_contribution_in_english_is_marked_in_the_word_file(welsh: dict[str, tuple[Path, Path]]) -> None:
    _, out = welsh["womens-health-strategy"]
    with zipfile.ZipFile(out / "womens-health-strategy.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:r>(.*?)</w:r>", body, flags=re.S)
    english = [r for r in runs if ENGLISH_SENTENCE in r]
    other = [r for r in runs if OTHER_SENTENCE in r]
    assert english and all('<w:lang w:val="en-GB"/>' in r for r in english)
    assert other and not any("w:lang" in r for r in other)  # the document's language, cy-GB, from its defaults


def test_a_contribution_in_english_is_marked_in_the_pdf(welsh: dict[str, tuple[Path, Path]]) -> None:
    import pikepdf

    _, out = welsh["womens-health-strategy"]
    with pikepdf.open(out / "womens-health-strategy.pdf") as pdf:
        assert str(pdf.Root.Lang) == "cy-GB"
        langs: list[str] = []
        todo = [pdf.Root.StructTreeRoot]
        while todo:
            elem = todo.pop()
            if "/Lang" in elem and "/S" in elem:
                langs.append(str(elem.Lang))
            kids = elem.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    todo.append(kid)
        assert "en-GB" in langs


# ------------------------------------------------------------------ the table and its rules


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_welsh_table_says_all_the_english_one_says() -> None:
    english, welsh = LABELS["en"], LABELS["cy"]
    assert set(welsh) == set(english), set(english) ^ set(welsh)
    for key, value in english.items():
        assert _placeholders(welsh[key]) == _placeholders(value), key
    assert set(PLURALS["cy"]) == set(PLURALS["en"])
    for key, forms in PLURALS["cy"].items():
        assert "other" in forms, key


def _person(pid: str, credit: str | None) -> Person:
    return Person(pid, credit, True, "attributed", None, named=credit is not None)


def _session(day: int, people: list[str], hours: str) -> Session:
    return Session.model_validate(
        {"date": dt.date(2026, 3, day), "activity": "a workshop", "hours": Decimal(hours), "people": people}
    )


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("en", 1, "1 person"),
        ("en", 2, "2 people"),
        ("cy", 1, "gydag un person"),
        ("cy", 2, "gyda 2 o bobl"),
        ("cy", 3, "gyda 3 o bobl"),
        ("cy", 6, "gyda 6 o bobl"),
    ],
)
def test_the_credits_count_people_by_the_languages_plural_rules(language: str, n: int, expected: str) -> None:
    people = {f"p{i}": _person(f"p{i}", f"Volunteer {i}") for i in range(n)}
    credits = build_credits(people, None, list(people), (), (), None, language=language)
    assert f" {expected} " in credits.totals


def _held(sessions: list[Session], people: dict[str, Person]) -> TimeGiven:
    return time_given(sessions, people, dt.date.max)  # every session held


def test_hours_and_sessions_in_welsh_and_english() -> None:
    people = {"ana": _person("ana", "Ana"), "bryn": _person("bryn", None)}
    one = [_session(2, ["ana"], "1")]
    two = [_session(2, ["ana"], "1.5"), _session(9, ["ana"], "0.25")]
    en = build_credits(people, None, ["ana", "bryn"], (), (), _held(one, people))
    assert en.totals.endswith("who gave 1 hour across 1 session.")
    assert en.unnamed == "One more person took part and is not named here."
    assert build_credits(people, None, ["ana"], (), (), _held(two, people)).totals.endswith(
        "who gave 1.75 hours across 2 sessions."
    )
    cy = build_credits(people, None, ["ana", "bryn"], (), (), _held(one, people), language="cy-GB")
    assert cy.totals.endswith("a roddodd un awr dros un sesiwn.")
    assert cy.unnamed == "Cymerodd un person arall ran, ac nid yw wedi'i enwi yma."
    assert cy.entries[0].did == "ysgrifennu a chymryd rhan mewn un sesiwn"
    cy2 = build_credits(people, "ana", ["ana", "bryn"], ["ana"], (), _held(two, people), language="cy")
    assert cy2.totals.endswith("a roddodd 1.75 awr dros 2 sesiwn.")
    assert cy2.entries[0].did == "cydlynu'r ymateb, ysgrifennu, adolygu a chymryd rhan mewn 2 sesiwn"


def test_every_cldr_category_a_table_gives_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Welsh numbers take six forms (CLDR: 0 zero, 1 one, 2 two, 3 few, 6 many, else other): a table
    that gives them gets each, so a translator can write "dwy sesiwn" or "tair sesiwn" when wanted."""
    forms = {"zero": "z{n}", "one": "o{n}", "two": "t{n}", "few": "f{n}", "many": "m{n}", "other": "x{n}"}
    monkeypatch.setitem(PLURALS["cy"], "sessions", forms)
    assert [plural("cy", "sessions", n) for n in (0, 1, 2, 3, 4, 6, 7)] == ["z0", "o1", "t2", "f3", "x4", "m6", "x7"]
    assert [plural("en", "sessions", n) for n in (0, 1, 2)] == ["0 sessions", "1 session", "2 sessions"]


def test_plural_forms_come_from_cldr() -> None:
    # Welsh has six plural categories; a table that gives only some falls back to its `other`
    assert plural("cy", "sessions", 2) == "2 sesiwn"
    assert plural("en", "hours", Decimal("1")) == "1 hour"
    assert plural("en", "hours", Decimal("1.0")) == "1.0 hours"  # CLDR: 1.0 has a visible decimal, so "other"
    assert plural("de", "people", 1) == "1 person"  # a language without a table: English, by English rules


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["ysgrifennu"], "ysgrifennu"),
        (["ysgrifennu", "golygu", "adolygu"], "ysgrifennu, golygu ac adolygu"),
        (["golygu", "cymeradwyo"], "golygu a chymeradwyo"),
        (["golygu", "trefnu"], "golygu a threfnu"),
        (["golygu", "chwarae"], "golygu a chwarae"),
        (["golygu", "rhannu"], "golygu a rhannu"),
    ],
)
def test_a_welsh_list_joins_with_a_or_ac(parts: list[str], expected: str) -> None:
    assert and_list("cy", parts) == expected
