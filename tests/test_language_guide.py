"""The language guide (issue 11): a sourced guide as data, one matcher that sees
inflections and variants, the context that is never flagged, an organisation's own
guide laid over the shipped one, and the export as a Vale style.

Every sentence here is written fresh for these tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipeline.build import check
from pipeline.checks._guide import Guide, load_guide, variants
from pipeline.errors import CoproduceError, Problem
from pipeline.load.workbench import SHIPPED_TEMPLATES
from pipeline.privacy.normalise import fold
from pipeline.settings import make_settings
from tests.attacks.kit import contribute
from tests.conftest import run
from tests.factory import Bench

SHIPPED = load_guide([SHIPPED_TEMPLATES])
PHRASES = [(e.id, p) for e in SHIPPED.entries for p in e.avoid]


def _found(bench: Bench, code: str = "language.guide") -> list[Problem]:
    checked = check(bench.response, make_settings(draft=True))
    return [p for p in checked.problems.items if p.code == code]


def _places(bench: Bench) -> list[tuple[str, int | None, int | None]]:
    return [(p.path, p.line, p.column) for p in _found(bench)]


def _hits(text: str, guide: Guide = SHIPPED) -> list[str]:
    return [text[f.start : f.end] for f in guide.find(text)]


# ------------------------------------------------------------------ the guide as data


def test_the_shipped_guide_is_sourced_and_covers_the_field() -> None:
    entries = SHIPPED.entries
    assert len(entries) >= 80
    assert len({e.id for e in entries}) == len(entries)
    for e in entries:
        assert e.avoid and e.prefer and e.reason and e.source, e.id
        assert "\n" not in e.reason and "http" not in e.source, e.id
        assert e.severity in ("warning", "final")
    prefixes = {e.id.split("-")[0] for e in entries}
    assert {"suicide", "mh", "su", "hl", "cj", "dis", "re", "gs", "plain"} <= prefixes
    listed = {fold(p).strip() for _, p in PHRASES}
    for phrase in (
        "frequent flyer",
        "attention seeking",
        "failed to engage",
        "bame",
        "service resistant",
        "hard to reach",
        "committed suicide",
        "suffering from",
        "addict",
        "the homeless",
    ):
        assert phrase in listed, phrase


@pytest.mark.parametrize(("ident", "phrase"), PHRASES, ids=[f"{i}:{p}" for i, p in PHRASES])
def test_every_listed_phrase_is_found_in_every_form(ident: str, phrase: str) -> None:
    words = phrase.split()
    forms = {
        phrase,
        phrase.upper(),
        phrase.title(),
        "-".join(words),  # hyphenated
        "\n".join(words),  # across a line break
        " ".join(re.split(r"-", phrase)),  # a hyphen written as a space
    }
    for form in forms:
        text = f"Last year we saw {form} today."
        found = SHIPPED.find(text)
        assert [(f.start, f.end) for f in found] == [(17, 17 + len(form))], (form, _hits(text))
        assert fold(phrase).strip() in {v for p in found[0].entry.avoid for v in variants(p)}


@pytest.mark.parametrize(
    "text",
    [
        "He commits suicide",
        "she committed suicide",
        "they are committing suicide",
        "to commit suicide",
        "she suffers from it",
        "he suffered from it",
        "suffering from it",
        "we suffer from it",
        "hard-to-reach groups",
        "hard to reach groups",
        "hardtoreach groups",
        "non compliant",
        "non-compliant",
        "noncompliant",
        "Non-Compliance",
        "a substance abuser",
        "BAME staff",
        "frequent-flyer",
        "FREQUENT FLYERS",
    ],
)
def test_inflections_and_variants(text: str) -> None:
    assert len(SHIPPED.find(text)) == 1, text


@pytest.mark.parametrize(
    "text",
    [
        "We met Alcoholics Anonymous and Narcotics Anonymous.",
        "Detention under the Mental Health Act 1983 is rising.",
        "The Mental Health Act is being reformed.",
        "The Misuse of Drugs Act 1971 applies.",
        "The Rehabilitation of Offenders Act 1974 protects people.",
        "The Substance Abuse and Mental Health Services Administration publishes data.",
        "Disabled people and people with learning disabilities were there.",
        "Children with special educational needs need support.",
        "We served alcoholic drinks and non-alcoholic drinks.",
        "The addiction service stayed open.",  # addiction is not addict
        "She was addicted to her phone.",
        "The homelessness strategy is late.",  # homelessness is not homeless
        "The form was hard to read.",  # reach, not read
        "The service is compliant with the law.",
        "Suicide prevention matters to us.",
        "They suffer no fools.",
        "Handicraft sessions ran on Fridays.",
        "The people who used the service said so.",
    ],
)
def test_near_misses_statutes_bodies_and_preferred_terms_are_not_flagged(text: str) -> None:
    assert _hits(text) == []


def test_quotation_marks_lower_a_finding_to_advice() -> None:
    (found,) = SHIPPED.find('The officer wrote "committed suicide" in the notes.')
    assert found.quoted and found.entry.severity == "final"
    (plain,) = SHIPPED.find("The officer said he committed suicide.")
    assert not plain.quoted
    (curly,) = SHIPPED.find("The notes said \u201cthe homeless\u201d throughout.")
    assert curly.quoted


# ------------------------------------------------------------------ in a response


def test_each_use_is_found_at_its_line_and_column(bench: Bench) -> None:
    body = (
        "Staff called her a frequent-flyer and said she\n"
        "was Service Resistant. Her brother committed\n"
        "suicide in 2019; he suffered from depression.\n\n"
        "| Group | Note |\n|--|--|\n| BAME staff | hardtoreach |\n"
    )
    w = contribute(bench, "70-words.md", body)
    expected = [
        w.at("frequent-flyer"),
        w.at("Service Resistant"),
        w.at("committed"),
        w.at("suffered from"),
        w.at("BAME"),
        w.at("hardtoreach"),
    ]
    assert _places(bench) == [(w.rel, *at) for at in expected]
    severities = [p.severity for p in _found(bench)]
    assert severities[0] == "final" and severities[2] == "final"
    problem = _found(bench)[2]
    assert problem.message == "'committed suicide'"
    assert "died by suicide" in problem.fix and "Samaritans" in problem.fix


@pytest.mark.parametrize(
    "body",
    [
        "> Staff called me a frequent flyer and a junkie.\n> \u2014 @ada\n",
        "> Staff called me a frequent flyer\n> and a junkie, and I was.\n> \u2014 @ada\n",
        "The field is named `service_resistant` in the form.\n",
        "See [the report](https://example.org/the-homeless/committed-suicide) for more.\n",
        "The Mental Health Act 1983 and the Misuse of Drugs Act 1971 both apply.\n",
        "We work with Alcoholics Anonymous and Narcotics Anonymous.\n",
        "Disabled people, people with learning disabilities and special educational needs.\n",
        "We work with Hard to Reach Voices on this.\n",  # the organisation's own name
    ],
    ids=["lived-quote", "quote-continuation", "code", "link", "statutes", "bodies", "preferred", "organisation"],
)
def test_exempt_uses_are_not_flagged(bench: Bench, body: str) -> None:
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Riverside Peer Network", "Hard to Reach Voices"), encoding="utf-8")
    contribute(bench, "70-words.md", body)
    assert _found(bench) == []


def test_reported_speech_is_advice_only(bench: Bench) -> None:
    w = contribute(bench, "70-words.md", 'The discharge letter said "committed suicide" twice.\n')
    (problem,) = _found(bench)
    assert (problem.line, problem.column) == w.at("committed")
    assert problem.severity == "warning" and "advice only" in problem.message


def test_the_examples_are_clean() -> None:
    root = Path(__file__).resolve().parents[1] / "responses"
    for response in sorted(p for p in root.iterdir() if (p / "response.yaml").is_file()):
        found = [p for p in check(response, make_settings(draft=True)).problems.items if p.code == "language.guide"]
        assert found == [], response.name


# ------------------------------------------------------------------ an organisation's own guide


OWN = """\
- id: plain-going-forward      # change: now blocks a final build
  severity: final
- id: plain-in-order-to        # switched off
  off: true
- id: our-client-group         # a new entry
  avoid: [client group, client groups]
  prefer: [people we work with]
  reason: we work with people, not groups of clients
  source: our own co-produced guide
- avoid: service user|service users   # the old format: no id, avoid and prefer as text
  prefer: person who uses services
"""


def test_an_own_guide_adds_changes_and_switches_off(bench: Bench) -> None:
    bench.write("templates/language.yaml", OWN)
    w = contribute(
        bench,
        "70-words.md",
        "Going forward, in order to help our client groups, every service user\nwas asked.\n",
    )
    found = _found(bench)
    assert [(p.line, p.column) for p in found] == [
        w.at("Going forward"),
        w.at("client groups"),
        w.at("service user"),
    ]
    assert found[0].severity == "final"
    assert "people we work with" in found[1].fix and "our own co-produced guide" in found[1].fix
    assert "person who uses services" in found[2].fix
    # the shipped entries are still there
    contribute(bench, "71-more.md", "She was suffering from grief.\n")
    assert any(p.message == "'suffering from'" for p in _found(bench))


def test_no_own_guide_means_the_shipped_guide(bench: Bench) -> None:
    assert not (bench.root / "templates" / "language.yaml").exists()
    contribute(bench, "70-words.md", "In order to help.\n")
    assert len(_found(bench)) == 1


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("- id: no-such-entry\n  off: true\n", "language.guide-unknown-id", 1),
        (
            "- id: plain-going-forward\n  severity: final\n- id: x\n  avoid: [a b]\n  prefer: [c]\n  severity: loud\n",
            "language.guide-bad-severity",
            3,
        ),
        (
            "- id: mine\n  avoid: [a b]\n  prefer: [c]\n- id: mine\n  avoid: [d e]\n  prefer: [f]\n",
            "language.guide-duplicate-id",
            4,
        ),
        ("- id: mine\n  avoid: [a b]\n  prefer: [c]\n  colour: red\n", "language.guide-bad-entry", 1),
        ("- id: mine\n  avoid: [a b]\n", "language.guide-bad-entry", 1),
        ("names: Alcoholics Anonymous\n", "language.guide-bad-entry", 1),
        ("just: text\n", "language.guide-bad-entry", 1),
        ("- avoid: [a\n", "yaml.syntax", None),
    ],
)
def test_an_invalid_own_guide_is_a_clear_error(bench: Bench, text: str, code: str, line: int | None) -> None:
    bench.write("templates/language.yaml", text)
    with pytest.raises(CoproduceError) as caught:
        load_guide([bench.root / "templates", SHIPPED_TEMPLATES])
    (problem,) = [p for p in caught.value.problems if p.code == code]
    assert problem.path == "templates/language.yaml"
    if line is not None:
        assert problem.line == line
    # and check reports it with the file and line, and does not crash
    checked = check(bench.response, make_settings(draft=True))
    assert any(p.code == code and p.path == "templates/language.yaml" for p in checked.problems.items)


def test_own_names_are_never_flagged(bench: Bench) -> None:
    bench.write("templates/language.yaml", "names: [Frequent Flyer Club]\nentries: []\n")
    contribute(bench, "70-words.md", "The Frequent Flyer Club met twice, but a frequent flyer did not.\n")
    (problem,) = _found(bench)
    assert problem.message == "'frequent flyer'"


# ------------------------------------------------------------------ Vale


def test_the_guide_exports_as_a_vale_style(bench: Bench, tmp_path: Path) -> None:
    bench.write("templates/language.yaml", OWN)
    out = tmp_path / "styles"
    result = run(["language", "--vale", str(out)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    files = sorted((out / "Coproduce").glob("*.yml"))
    assert len(files) == len(SHIPPED.entries) + 1  # one switched off, two added
    names = {f.name for f in files}
    assert "OurClientGroup.yml" in names and "PlainInOrderTo.yml" not in names
    for path in files:
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert rule["extends"] == "substitution"
        assert set(rule) == {"extends", "message", "level", "ignorecase", "swap", "exceptions"}
        assert rule["level"] in ("warning", "error") and rule["ignorecase"] is True
        assert rule["message"].count("%s") == 2
        assert rule["swap"] and all(isinstance(k, str) and isinstance(v, str) for k, v in rule["swap"].items())
        for key in rule["swap"]:
            re.compile(key)  # the Go syntax used is also Python's
    final = yaml.safe_load((out / "Coproduce" / "SuicideCommitted.yml").read_text(encoding="utf-8"))
    assert final["level"] == "error"
    assert any(re.fullmatch(k, "committed suicide", re.I) for k in final["swap"])
    reach = yaml.safe_load((out / "Coproduce" / "GsHardToReach.yml").read_text(encoding="utf-8"))
    for form in ("hard to reach", "hard-to-reach", "hardtoreach"):
        assert any(re.fullmatch(k, form, re.I) for k in reach["swap"]), form


# ------------------------------------------------------------------ plain English


def test_abbreviations_do_not_end_sentences_and_addresses_are_not_words() -> None:
    from pipeline.checks._readability import Figures, sentences, words

    text = "We met at St. Anne's with Dr. Okafor, e.g. on Fridays. Then we went home."
    assert [s for _, s in sentences(text)] == [
        "We met at St. Anne's with Dr. Okafor, e.g. on Fridays.",
        "Then we went home.",
    ]
    assert words("See https://example.org/a/b/c and www.example.org now") == ["See", "and", "now"]
    figures = Figures()
    assert figures.add("One short sentence. Then " + " ".join(["word"] * 25) + ".")
    assert (figures.sentences, figures.words, len(figures.long)) == (2, 29, 1)
    assert figures.flesch is not None


def test_acronyms_used_before_they_are_spelled_out(bench: Bench) -> None:
    w = contribute(
        bench,
        "70-words.md",
        "The CTO rules are unfair. A Community Treatment Order (CTO) lasts months.\n\n"
        "The MHRT never sat. The NHS and GPs knew. A Care Programme Approach (CPA) helps; the CPA works.\n",
    )
    found = {p.message: (p.line, p.column) for p in _found(bench, "plain.acronym")}
    assert found == {
        "'CTO' is used before it is spelled out": w.at("CTO"),
        "'MHRT' is never spelled out": w.at("MHRT"),
    }


def test_readability_per_answer(bench: Bench) -> None:
    long = " ".join(["word"] * 30)
    w = contribute(bench, "70-words.md", f"A short first sentence.\n\nThen {long}.\n")
    result = run(["language", "--readability", str(bench.response)])
    assert result.exit_code == 0, result.output
    (q3,) = [line for line in result.output.splitlines() if line.startswith("Q3 (q3):")]
    assert "1 over 25 words" in q3 and "Flesch reading ease" in q3
    assert f"{w.rel}:{w.line_of('Then')}: a sentence of 31 words" in result.output


def test_json_gives_each_language_finding_with_its_span(bench: Bench) -> None:
    import json

    w = contribute(bench, "70-words.md", "Staff called them hard-to-reach and service\nresistant.\n")
    result = run(["check", "--draft", "--format", "json", str(bench.response)])
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    found = [r for r in rows if r["code"] == "language.guide"]
    line, column = w.at("hard-to-reach")
    assert found[0]["file"] == w.rel
    assert (found[0]["line"], found[0]["column"], found[0]["end_column"]) == (line, column, column + 13)
    assert found[0]["severity"] == "warning" and "seldom heard" in found[0]["fix"]
    assert (found[1]["line"], found[1]["column"], found[1]["end_column"]) == (*w.at("service"), None)


def test_the_guide_in_use_is_listed_inside_and_outside_a_workbench(bench: Bench, tmp_path: Path) -> None:
    bench.write("templates/language.yaml", OWN)
    inside = run(["language", "--list"], cwd=bench.root).output
    assert "our-client-group (warning): client group" in inside and "plain-in-order-to" not in inside
    outside = run(["language", "--list"], cwd=tmp_path).output
    assert "plain-in-order-to (warning): in order to -> to" in outside and "our-client-group" not in outside
