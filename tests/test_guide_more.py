"""A language guide that misses nothing it names (issue 24): the phrases the field's guides name,
each in several forms (inflections, hyphen and joined forms, plural nouns for people, a diagnosis
used as the person's identity), and the ordinary uses of the same words left alone. The Vale export
keeps the guide's exemptions, read back rule by rule as Vale would apply them.

Every sentence here is written fresh for these tests; the people in them are invented.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipeline.checks._guide import load_guide
from pipeline.load.workbench import SHIPPED_TEMPLATES
from tests.conftest import run

SHIPPED = load_guide([SHIPPED_TEMPLATES])

# (sentence, the entry that must find it): one finding each
HARMFUL = [
    ("She has been suffering with low mood for years.", "mh-suffering-from"),
    ("He suffers with anxiety at work.", "mh-suffering-from"),
    ("They suffered with voices as teenagers.", "mh-suffering-from"),
    ("Many people suffer with panic attacks.", "mh-suffering-from"),
    ("She is a sufferer of OCD.", "mh-suffering-from"),
    ("The ward treated him like a prostitute.", "sw-prostitute"),
    ("Police moved the prostitutes on.", "sw-prostitute"),
    ("Officers cautioned her as a common prostitute.", "sw-prostitute"),
    ("Neighbours called them HOOKERS.", "sw-prostitute"),
    ("A rent-boy was refused a bed.", "sw-prostitute"),
    ("Self-harmers are often turned away.", "sh-self-harmer"),
    ("The nurse called her a self harmer.", "sh-self-harmer"),
    ("A note on file said selfharmers waste beds.", "sh-self-harmer"),
    ("She was labelled a habitual self-harmer.", "sh-self-harmer"),
    ("He was treated as a schizophrenic rather than a man.", "mh-schizophrenic"),
    ("Schizophrenics were housed on the top floor.", "mh-schizophrenic"),
    ("A paranoid schizophrenic was moved to the unit.", "mh-schizophrenic"),
    ("The schizophrenic patients had no garden.", "mh-schizophrenic"),
    ("He is an addict, the report said.", "su-addict"),
    ("Addicts queued at the chemist.", "su-addict"),
    ("The alcohol-addict label stuck.", "su-addict"),
    ("Alcoholics were banned from the hostel.", "su-alcoholic"),
    ("Her father was an alcoholic.", "su-alcoholic"),
    ("The depressives met on Tuesdays.", "mh-depressives"),
    ("He was written off as a depressive.", "mh-depressives"),
    ("Staff said she was a bipolar.", "mh-bipolar-label"),
    ("The bipolar patients were moved.", "mh-bipolar-label"),
    ("Anorexics need specialist beds.", "mh-eating-labels"),
    ("She was seen as an anorexic first.", "mh-eating-labels"),
    ("Bulimics were not offered therapy.", "mh-eating-labels"),
    ("The ward refused personality-disordered patients.", "mh-borderlines"),
    ("He has been clean for two years, clean time he is proud of.", "su-clean"),
    ("She has stayed clean since June.", "su-clean"),
    ("He is staying clean with help.", "su-clean"),
    ("She got clean in prison.", "su-clean"),
    ("A dirty sample meant a lost place.", "su-clean"),
    ("Two dirty screens and he was out.", "su-clean"),
    ("Dirty users were told to leave.", "su-clean"),
    ("He was clean from drugs by then.", "su-clean"),
    ("The report called him a troublemaker.", "mh-difficult-patient"),
    ("Problem patients were sent elsewhere.", "mh-difficult-patient"),
    ("Demanding patients got less time.", "mh-difficult-patient"),
    ("She was a repeat attender at A&E.", "gs-frequent-flyer"),
    ("High-intensity users were flagged.", "gs-frequent-flyer"),
    ("He was called a nut job at school.", "mh-slurs"),
    ("The kids shouted 'mentalist' at him.", "mh-slurs"),
    ("The cokeheads were moved on.", "su-junkie"),
    ("Services for the blind closed.", "dis-the-blind"),
    ("Services for the deaf closed too.", "dis-the-blind"),
    ("The school was for educationally subnormal children.", "dis-cripple"),
    ("Suicide victims deserve better reporting.", "suicide-victim"),
    ("She was a victim of suicide, the paper said.", "suicide-victim"),
]

# ordinary uses of the same words, and the exempt names: never flagged
EXEMPT = [
    "We met Alcoholics Anonymous on Monday.",
    "The ALCOHOLICS ANONYMOUS group meets weekly.",
    "Alcoholic drinks were not served; non-alcoholic drinks were.",
    "Alcoholic liver disease and alcoholic hepatitis are rising.",
    "The suffering of families is real.",
    "He was suffering, and nobody asked.",
    "Prostitution law is under review.",
    "The English Collective of Prostitutes gave evidence.",
    "The Street Offences Act 1959 still uses old words.",
    "Self-harm services were cut.",
    "People who self-harm need kindness.",
    "She had a diagnosis of schizophrenia.",
    "During a psychotic episode he was frightened.",
    "Psychotic experiences are common.",
    "A depressive episode can last months.",
    "She lives with bipolar disorder.",
    "Bipolar UK ran the group.",
    "Anorexic behaviour was not the whole story.",
    "The addiction service stayed open.",
    "She was addicted to her phone.",
    "The kitchen was clean and the beds were clean.",
    "Clean needles save lives.",
    "They kept the rooms clean.",
    "The sheets were dirty and the floor was dirty.",
    "Dirty laundry piled up.",
    "A clean sheet of paper helps.",
    "Wire cutters were kept locked away.",
    "Patients with problems at home were supported.",
    "The deaf community was consulted.",
    "The Royal National Institute of Blind People helped.",
    "The plan has a blind spot about carers.",
    "Blind people and deaf people were there.",
    "Victims of crime need support.",
    "He had a diabetic review.",
    "Sufferance is an old word.",
    "She said she was cleaning the ward.",
    "The meeting kicked off at ten.",
]


@pytest.mark.parametrize(("text", "ident"), HARMFUL, ids=[t for t, _ in HARMFUL])
def test_each_named_phrase_is_found_in_its_forms(text: str, ident: str) -> None:
    found = SHIPPED.find(text)
    assert [f.entry.id for f in found][:1] == [ident], [(text[f.start : f.end], f.entry.id) for f in found]


@pytest.mark.parametrize("text", EXEMPT)
def test_ordinary_uses_and_exempt_names_are_not_flagged(text: str) -> None:
    found = SHIPPED.find(text)
    assert found == [], [(text[f.start : f.end], f.entry.id) for f in found]


def test_the_new_entries_are_sourced() -> None:
    entries = {e.id: e for e in SHIPPED.entries}
    for ident in {i for _, i in HARMFUL}:
        e = entries[ident]
        assert e.source and e.reason and e.prefer, ident


# ------------------------------------------------------------------ Vale keeps the exemptions


def _vale_rules(tmp_path: Path) -> dict[str, dict[str, object]]:
    out = tmp_path / "styles"
    result = run(["language", "--vale", str(out)])
    assert result.exit_code == 0, result.output
    return {p.name: yaml.safe_load(p.read_text("utf-8")) for p in (out / "Coproduce").glob("*.yml")}


def vale_alerts(rules: dict[str, dict[str, object]], text: str) -> list[tuple[str, str]]:
    """What Vale's substitution check reports on `text`, read from the rule files as Vale applies them:
    one pattern per rule, `\\b(?:(key1)|(key2)...)\\b`, case-insensitive when ignorecase is set; a match is
    dropped when the exceptions, as `\\b(?:e1|e2)\\b` (longest first, case as written), are found in it."""
    alerts = []
    for name, rule in sorted(rules.items()):
        swap = rule["swap"]
        assert isinstance(swap, dict)
        keys = list(swap)
        flags = "(?i)" if rule.get("ignorecase") else ""
        pattern = re.compile(flags + r"(?m)\b(?:" + "|".join(f"({k})" for k in keys) + r")\b")
        exceptions = sorted(rule.get("exceptions") or [], key=len, reverse=True)  # type: ignore[arg-type]
        except_re = re.compile(r"(?m)\b(?:" + "|".join(exceptions) + r")\b") if exceptions else None
        for m in pattern.finditer(text):
            observed = m.group(0).strip()
            if except_re is not None and except_re.search(observed):
                continue
            alerts.append((name, observed))
    return alerts


@pytest.fixture(scope="module")
def vale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    return _vale_rules(tmp_path_factory.mktemp("vale"))


@pytest.mark.parametrize("text", EXEMPT)
def test_vale_keeps_every_exemption(vale: dict[str, dict[str, object]], text: str) -> None:
    assert vale_alerts(vale, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The Rehabilitation of Offenders Act 1974 protects people.",
        "The Misuse of Drugs Act 1971 applies.",
        "The National Institute on Drug Abuse publishes data.",
        "Children with special educational needs need support.",
    ],
)
def test_vale_keeps_statutes_and_bodies(vale: dict[str, dict[str, object]], text: str) -> None:
    assert SHIPPED.find(text) == []
    assert vale_alerts(vale, text) == []


@pytest.mark.parametrize(("text", "ident"), HARMFUL, ids=[t for t, _ in HARMFUL])
def test_vale_still_finds_what_the_guide_finds(vale: dict[str, dict[str, object]], text: str, ident: str) -> None:
    assert vale_alerts(vale, text), text


def test_vale_finds_the_phrase_beside_an_exempt_name(vale: dict[str, dict[str, object]]) -> None:
    text = "Alcoholics Anonymous helped, but the alcoholics on the ward were ignored."
    assert [o for _, o in vale_alerts(vale, text)] == ["alcoholics"]
    text = "The Rehabilitation of Offenders Act covers offenders too."
    assert [o for _, o in vale_alerts(vale, text)] == ["offenders"]


def test_the_export_says_what_vale_cannot_express(tmp_path: Path) -> None:
    out = tmp_path / "styles"
    assert run(["language", "--vale", str(out)]).exit_code == 0
    note = (out / "Coproduce" / "README.txt").read_text("utf-8")
    assert "quotation marks" in note and "lived-experience quotes" in note


def test_vale_keys_are_in_the_syntax_vale_accepts(vale: dict[str, dict[str, object]]) -> None:
    # Vale refuses capture groups in a swap key, and RE2 has no lookaround or backreference
    for name, rule in vale.items():
        assert isinstance(rule["swap"], dict) and isinstance(rule["exceptions"], list)
        for key in [*rule["swap"], *rule["exceptions"]]:
            assert key.count("(") == key.count("(?") + key.count("\\("), (name, key)
            assert not re.search(r"\(\?(?:=|!|<=|<!)|\\[1-9]", key), (name, key)
