"""A co-signed response's credits keep each organisation's people apart (issue 22): `organisation:` in a person's
file groups them under that organisation's name, in response.yaml's order; the rest under "Also taking part".

Only people credited by their own name are grouped: a pseudonym, initials or a role beside an organisation's
name would say more than they chose; who is not named stays one count for the whole response. Read with
python-docx, lxml and PyMuPDF; the check's findings as `check --format json` gives them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import findings, run
from tests.factory import RESPONSE, Bench
from tests.test_organisations import CO_SIGNED, docx_texts, every_part, line_of, pdf_pages, with_organisation

ROOT = Path(__file__).resolve().parent.parent
ALSO = "Also taking part"
NO_LEAD = RESPONSE.replace("    lead: hal\n", "")


def of(bench: Bench, pid: str, organisation: str) -> None:
    """`organisation:` as the last line of their file (in place of one given before)."""
    path = bench.root / "contributors" / f"{pid}.yaml"
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("organisation:")]
    path.write_text("\n".join([*kept, f"organisation: {organisation}", ""]), encoding="utf-8")


def affiliated(bench: Bench, response: str = NO_LEAD) -> None:
    with_organisation(bench, CO_SIGNED, response)
    of(bench, "hal", "Riverside Peer Network")
    of(bench, "ada", "Quayside Mind")
    of(bench, "dee", "Quayside Mind")  # credited by a role: never beside an organisation's name
    of(bench, "eli", "Quayside Mind")  # credited not at all: never printed, never counted by organisation


def credits_of(texts: list[str], title: str = "Credits") -> list[str]:
    return texts[texts.index(title) + 1 :]


def draft(bench: Bench, formats: str = "docx") -> None:
    result = run(["build", str(bench.response), "--format", formats, "--draft"], cwd=bench.root)
    assert result.exit_code == 0, result.output


def test_each_organisations_people_under_its_name_in_every_format(bench: Bench) -> None:
    affiliated(bench)
    draft(bench, "docx,html,pdf")
    texts = credits_of(docx_texts(bench.draft_out / "crisis-house.docx"))
    assert texts[1:] == [
        "Riverside Peer Network",
        "Hal Brennan — wrote, approved and took part in 1 session",
        "Quayside Mind",
        "Ada Fenwick — wrote and took part in 2 sessions",
        ALSO,
        "B.L. — reviewed and took part in 1 session",
        "Cygnet — wrote and took part in 1 session",
        "Peer Researcher — wrote, was quoted and took part in 1 session",
        "Two more people took part and are not named here.",
    ]
    assert texts[0].startswith("Riverside Peer Network and Quayside Mind wrote and signed this response together.")
    page = lxml_html.fromstring((bench.draft_out / "crisis-house.html").read_bytes())
    [section] = page.xpath("//section[@id='credits']")
    assert [" ".join(h.text_content().split()) for h in section.xpath("./h3")] == [
        "Riverside Peer Network",
        "Quayside Mind",
        ALSO,
    ]
    assert [li.text_content() for li in section.xpath("./h3[2]/following-sibling::ul[1]/li")] == [
        "Ada Fenwick — wrote and took part in 2 sessions"
    ]
    pdf = " ".join(pdf_pages(bench.draft_out / "crisis-house.pdf"))
    credits = pdf[pdf.rindex("Credits") :]
    order = [credits.index(s) for s in ("Riverside Peer Network Hal Brennan", "Quayside Mind Ada Fenwick", ALSO)]
    assert order == sorted(order)


def test_who_is_not_named_or_named_otherwise_is_never_put_beside_an_organisation(bench: Bench) -> None:
    affiliated(bench)
    draft(bench, "docx")
    texts = credits_of(docx_texts(bench.draft_out / "crisis-house.docx"))
    quayside = texts[texts.index("Quayside Mind") : texts.index(ALSO)]
    assert quayside == ["Quayside Mind", "Ada Fenwick — wrote and took part in 2 sessions"]
    # the anonymous and the unconsented are one count, for the whole response, as without organisations
    assert texts[-1] == "Two more people took part and are not named here."
    body = every_part(bench.draft_out / "crisis-house.docx")
    assert "Elias" not in body and "Thorne" not in body and "1 person" not in body and "one person" not in body


def test_welsh_labels_the_rest_in_welsh(bench: Bench) -> None:
    affiliated(bench, NO_LEAD.replace("language: en-GB", "language: cy-GB"))
    draft(bench, "docx")
    texts = credits_of(docx_texts(bench.draft_out / "crisis-house.docx"), "Cydnabyddiaethau")
    assert "Hefyd yn cymryd rhan" in texts and ALSO not in texts
    assert texts.index("Riverside Peer Network") < texts.index("Quayside Mind") < texts.index("Hefyd yn cymryd rhan")


def test_one_organisation_prints_the_credits_as_before(bench: Bench) -> None:
    draft(bench, "docx,html")
    before = [(bench.draft_out / n).read_bytes() for n in ("crisis-house.docx", "crisis-house.html")]
    of(bench, "hal", "Riverside Peer Network")
    of(bench, "ada", "Riverside Peer Network")
    draft(bench, "docx,html")
    assert [(bench.draft_out / n).read_bytes() for n in ("crisis-house.docx", "crisis-house.html")] == before
    assert not [f for f in findings(bench, "--draft") if str(f["code"]).startswith("organisation.")]


def test_nobody_of_a_signing_organisation_leaves_one_list(bench: Bench) -> None:
    with_organisation(bench, CO_SIGNED, NO_LEAD)
    draft(bench)
    texts = credits_of(docx_texts(bench.draft_out / "crisis-house.docx"))
    assert ALSO not in texts and "Quayside Mind" not in texts
    assert texts[1:3] == [
        "Ada Fenwick — wrote and took part in 2 sessions",
        "B.L. — reviewed and took part in 1 session",
    ]


# ------------------------------------------------------------------ as a hurried coordinator types it


@pytest.mark.parametrize("typed", ["quayside mind", "QUAYSIDE  MIND", "Quayside\u200b Mind", '"Quayside Mind "'])
def test_the_name_in_another_case_or_spacing_names_the_organisation(bench: Bench, typed: str) -> None:
    affiliated(bench)
    of(bench, "ada", typed)
    assert not [f for f in findings(bench, "--draft") if f["code"] == "organisation.unknown"]
    draft(bench)
    texts = credits_of(docx_texts(bench.draft_out / "crisis-house.docx"))
    assert texts[texts.index("Quayside Mind") + 1].startswith("Ada Fenwick")


def test_words_typed_in_word_name_the_organisation(bench: Bench) -> None:
    block = CO_SIGNED.replace("Quayside Mind", "St Brigid's Peer-Led Trust")
    with_organisation(bench, block, NO_LEAD)
    of(bench, "ada", "St Brigid\u2019s Peer\u2013Led Trust")  # Word's apostrophe and dash
    assert not [f for f in findings(bench, "--draft") if f["code"] == "organisation.unknown"]
    draft(bench)
    texts = credits_of(docx_texts(bench.draft_out / "crisis-house.docx"))
    assert texts[texts.index("St Brigid's Peer-Led Trust") + 1].startswith("Ada Fenwick")


def test_an_unknown_organisation_is_found_at_its_line_and_column_with_the_known_ones(bench: Bench) -> None:
    affiliated(bench)
    of(bench, "ada", "Quayside Mnid")
    [found] = [f for f in findings(bench, "--draft") if f["code"] == "organisation.unknown"]
    lines = (bench.root / "contributors" / "ada.yaml").read_text(encoding="utf-8").splitlines()
    assert found["file"] == "contributors/ada.yaml"
    assert found["line"] == len(lines) and found["column"] == len("organisation: ") + 1
    assert "'Quayside Mnid' is not one any response of the workbench names" in str(found["message"])
    assert "did you mean 'Quayside Mind'?" in str(found["fix"])
    assert "known: Riverside Peer Network; Quayside Mind" in str(found["fix"])
    assert found["severity"] == "warning"  # a draft is made; a final build stops
    assert [f["severity"] for f in findings(bench) if f["code"] == "organisation.unknown"] == ["error"]


def test_a_lead_whose_own_file_says_another_organisation_is_a_problem_at_the_lead(bench: Bench) -> None:
    affiliated(bench)
    of(bench, "hal", "Quayside Mind")  # Riverside's lead, by their own file of Quayside
    found = [f for f in findings(bench) if f["code"] == "organisation.person-of-another"]
    assert [(f["file"], f["line"]) for f in found] == [
        ("responses/crisis-house/response.yaml", line_of(bench, "lead: hal"))
    ]
    assert "hal is listed as Riverside Peer Network's lead, but contributors/hal.yaml says they take part for" in str(
        found[0]["message"]
    )


# ------------------------------------------------------------------ the two co-signed examples


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        (
            "young-carers-joint-evidence",
            [
                "Northgate Young Carers Project",
                "Tamsin Orrell — wrote, reviewed, approved and took part in 2 sessions",
                "Kestrel Family Support",
                "Bryn Castellane — wrote, approved and took part in 1 session",
                ALSO,
                "K.A. — wrote, reviewed and took part in 2 sessions",
                "Wren — wrote and took part in 2 sessions",
                "Young Carer Volunteer — was quoted and took part in 2 sessions",
            ],
        ),
        (
            "bus-route-joint-letter",
            [
                "Ashby Moor Access Group",
                "Delyth Vane — wrote, reviewed, approved and took part in 1 session",
                "Linden Tenants' Association",
                "Ibrahim Coldwell — wrote, approved and took part in 1 session",
                ALSO,
                "Heron — wrote, was quoted and took part in 1 session",
            ],
        ),
    ],
)
def test_the_co_signed_examples_credit_each_organisations_people_apart(
    slug: str, expected: list[str], tmp_path: Path
) -> None:
    """A final build (each organisation signed off what now prints, its credits by organisation included)."""
    result = run(["build", str(ROOT / "responses" / slug), "--format", "docx", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    texts = docx_texts(tmp_path / f"{slug}.docx")
    at = max(i for i, t in enumerate(texts) if t == "Credits")
    assert texts[at + 2 :] == expected


def test_moving_a_person_to_another_organisation_after_the_signoff_undoes_it(bench: Bench) -> None:
    affiliated(bench)
    for who in ("hal", "ada"):
        assert run(["signoff", str(bench.response), "--by", who], cwd=bench.root).exit_code == 0
    assert not [f for f in findings(bench) if str(f["code"]).startswith("organisation.")]
    of(bench, "dee", "Riverside Peer Network")  # credited by role: prints nowhere else, so nothing changes
    assert not [f for f in findings(bench) if str(f["code"]).startswith("organisation.")]
    path = bench.root / "contributors" / "ada.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("organisation: Quayside Mind\n", ""), encoding="utf-8")
    found = [f["code"] for f in findings(bench) if str(f["code"]).startswith("organisation.")]
    assert found == ["organisation.signoff-changed"] * 2  # Ada Fenwick moved from under Quayside Mind
