"""The organisation's own details and co-signed responses (issue 22), read from the outputs by other readers.

An organisation's contact details (a contact person by id, e-mail, phone, address, charity and company
numbers) are checked as a UK charity types them and printed where the profile expects them: the title
page of a report, the letterhead of a letter, the last lines of written evidence. Several organisations
sign one response with `organisations:`; each must sign it off (tests/test_signoff.py). The PDF is read with PyMuPDF, the
Word file with python-docx and its raw XML (and pandoc, where it is installed), the page with lxml.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from tests.conftest import assert_user_error, findings, run
from tests.factory import RESPONSE, WITHHELD, Bench, signed

ROOT = Path(__file__).resolve().parent.parent
ONE_LINE = "    organisation: Riverside Peer Network\n"

DETAILS = """
organisation:
  name: Riverside Peer Network
  contact: ada
  contact_role: Peer Lead
  email: hello@riverside.example.org.uk
  phone: "020 7946 0018"
  address: [2 Quay Street, Eastmoor, EM1 2AB]
  charity_number: ["1190001", SC099001]
  company_number: "19900001"
"""

EXPECTED = (
    "Contact: Ada Fenwick, Peer Lead",
    "Email: hello@riverside.example.org.uk",
    "Phone: 020 7946 0018",
    "Address: 2 Quay Street, Eastmoor, EM1 2AB",
    "Registered charity number: 1190001 (England and Wales)",
    "Registered charity number: SC099001 (Scotland)",
    "Company number: 19900001",
)


def with_organisation(bench: Bench, block: str, response: str = RESPONSE) -> None:
    """The factory's response.yaml with its one-line organisation: replaced by `block` (YAML at the margin)."""
    assert ONE_LINE in response
    indented = textwrap.indent(textwrap.dedent(block).strip("\n") + "\n", "    ")
    bench.write("responses/crisis-house/response.yaml", response.replace(ONE_LINE, indented))


def line_of(bench: Bench, text: str) -> int:
    lines = (bench.response / "response.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def pdf_pages(path: Path) -> list[str]:
    import pymupdf

    with pymupdf.open(path) as pdf:
        return [" ".join(page.get_text().split()) for page in pdf]


def docx_texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def every_part(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


# ------------------------------------------------------------------ printed where the profile expects


@pytest.mark.slow
def test_a_reports_title_page_carries_the_organisations_details(bench: Bench) -> None:
    with_organisation(bench, DETAILS)
    result = run(["build", str(bench.response), "--format", "html,docx,pdf"])
    assert result.exit_code == 0, result.output
    page = lxml_html.fromstring((bench.out / "crisis-house.html").read_bytes())
    [header] = page.xpath("//header[@class='title-page']")
    shown = [" ".join(p.text_content().split()) for p in header.xpath(".//address//p")]
    assert shown == list(EXPECTED)
    # Word: on the title page, before its page break, each line with its label in bold
    document = docx.Document(str(bench.out / "crisis-house.docx"))
    title: list[str] = []
    for p in document.paragraphs:
        title.append(p.text)
        if 'w:br w:type="page"' in p._p.xml:
            break
    assert [t for t in title if t in EXPECTED] == list(EXPECTED)
    email = next(p for p in document.paragraphs if p.text.startswith("Email:"))
    assert email.runs[0].bold and email.runs[0].text == "Email: "
    # PDF: the first page
    first = pdf_pages(bench.out / "crisis-house.pdf")[0]
    for line in EXPECTED:
        assert line in first, line


def test_welsh_labels_the_details_in_welsh(bench: Bench) -> None:
    with_organisation(bench, DETAILS, RESPONSE.replace("language: en-GB", "language: cy-GB"))
    result = run(["build", str(bench.response), "--format", "docx", "--draft"])
    assert result.exit_code == 0, result.output
    texts = docx_texts(bench.draft_out / "crisis-house.docx")
    for line in ("Cyswllt: Ada Fenwick, Peer Lead", "E-bost: hello@riverside.example.org.uk", "Ffôn: 020 7946 0018"):
        assert line in texts, line
    assert "Rhif elusen gofrestredig: SC099001 (Yr Alban)" in texts


# ------------------------------------------------------------------ typed as a UK charity types them


@pytest.mark.parametrize(
    ("key", "value", "told"),
    [
        ("email", "hello at riverside", "e-mail address"),
        ("email", "hello@riverside", "e-mail address"),
        ("phone", '"020 7946 001"', "UK phone number"),
        ("phone", '"+1 212 555 0100"', "UK phone number"),
        ("phone", "442079460018", "in quotes"),  # YAML reads it as a number
        ("phone", "0207946001", "UK phone number"),  # a digit short; YAML keeps it as text (9 is no octal digit)
        ("charity_number", '"12345"', "charity number"),
        ("charity_number", "SC12345", "charity number"),
        ("charity_number", "NIC12345", "charity number"),
        ("company_number", '"1234567"', "company number"),
        ("company_number", "1234567", "in quotes"),
        ("company_number", "01234567", "in quotes"),  # YAML reads a leading 0 as octal: 342391
    ],
)
def test_a_mistyped_detail_is_named_at_its_line_and_column_with_a_fix(
    bench: Bench, key: str, value: str, told: str
) -> None:
    with_organisation(bench, f"organisation:\n  name: Riverside Peer Network\n  {key}: {value}\n")
    [found] = [f for f in findings(bench, "--draft") if f["code"] == "schema.invalid"]
    assert (found["file"], found["line"]) == ("responses/crisis-house/response.yaml", line_of(bench, f"{key}:"))
    source = (bench.response / "response.yaml").read_text().splitlines()[int(str(found["line"])) - 1]
    assert source[int(str(found["column"])) - 1 :].startswith(value[:3])
    assert told in str(found["message"])
    assert "like" in str(found["fix"])  # the rule, with an example to copy
    assert_user_error(run(["build", str(bench.response), "--draft", "--format", "html"]))


@pytest.mark.parametrize(
    ("key", "value", "printed"),
    [
        ("phone", '"+44 (0)20 7946 0018"', "Phone: +44 (0)20 7946 0018"),
        ("phone", '"0113 496 0871"', "Phone: 0113 496 0871"),
        ("phone", '"+441614960342"', "Phone: +441614960342"),
        ("charity_number", "sc0 99001", "SC099001 (Scotland)"),
        ("charity_number", "NIC100872", "NIC100872 (Northern Ireland)"),
        ("charity_number", "220949", "220949 (England and Wales)"),
        ("company_number", "sc123456", "Company number: SC123456"),
        ("email", "Hello@Riverside.Example.org.uk", "Email: Hello@riverside.example.org.uk"),
    ],
)
def test_details_typed_the_usual_ways_are_accepted(bench: Bench, key: str, value: str, printed: str) -> None:
    with_organisation(bench, f"organisation:\n  name: Riverside Peer Network\n  {key}: {value}\n")
    result = run(["build", str(bench.response), "--format", "docx", "--draft"])
    assert result.exit_code == 0, result.output
    assert any(printed in t for t in docx_texts(bench.draft_out / "crisis-house.docx")), printed


def test_one_organisation_by_name_alone_stays_valid_and_needs_one_of_the_two_keys(bench: Bench) -> None:
    assert not [f for f in findings(bench, "--draft") if str(f["code"]).startswith(("schema", "organisation"))]
    with_organisation(bench, "organisation: Riverside Peer Network\norganisations:\n  - name: Quayside Mind\n")
    [both] = [f for f in findings(bench, "--draft") if f["code"] == "schema.invalid"]
    assert "not both" in str(both["message"])


# ------------------------------------------------------------------ the contact is a person who chose to be named


def test_a_contact_not_credited_by_name_is_never_printed_and_stops_a_final_build(bench: Bench) -> None:
    with_organisation(bench, DETAILS.replace("contact: ada", "contact: bo"))  # bo is credited by initials
    [found] = [f for f in findings(bench) if f["code"] == "organisation.contact-not-named"]
    assert found["line"] == line_of(bench, "contact: bo")
    assert "to fix" in assert_user_error(run(["build", str(bench.response), "--format", "docx"]))
    draft = run(["build", str(bench.response), "--format", "docx,html", "--draft"])
    assert draft.exit_code == 0, draft.output
    texts = docx_texts(bench.draft_out / "crisis-house.docx")
    assert not [t for t in texts if t.startswith("Contact:")]
    assert "Email: hello@riverside.example.org.uk" in texts  # the organisation's own details still print
    for path in (bench.draft_out / "crisis-house.docx", bench.draft_out / "crisis-house.html"):
        body = every_part(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
        assert "Bo Lindqvist" not in body and "Peer Lead" not in body


@pytest.mark.parametrize("typed", ["bo@example.org", "BO@example.org", "b\u200bo@example.org"])
def test_a_persons_private_address_given_as_the_organisations_is_refused_where_written(
    bench: Bench, typed: str
) -> None:
    with_organisation(bench, DETAILS.replace("hello@riverside.example.org.uk", typed))
    out = assert_user_error(run(["build", str(bench.response), "--draft", "--format", "docx,html"]))
    assert f"response.yaml:{line_of(bench, 'email:')}:" in out
    assert not (bench.draft_out / "crisis-house.docx").exists()
    for secret in WITHHELD:
        assert secret not in out or secret == "bo@example.org" and typed != "bo@example.org"


# ------------------------------------------------------------------ co-signed


CO_SIGNED = """
organisations:
  - name: Riverside Peer Network
    lead: hal
    email: hello@riverside.example.org.uk
  - name: Quayside Mind
    lead: ada
    phone: "0117 496 0123"
"""


def test_co_signed_evidence_is_headed_by_both_and_needs_each_to_sign_off(bench: Bench) -> None:
    with_organisation(bench, CO_SIGNED, RESPONSE.replace("    lead: hal\n", "    submit_to: commons-committee\n"))
    found = [f for f in findings(bench) if str(f["code"]).startswith("organisation.")]
    lines = [line_of(bench, "name: Riverside"), line_of(bench, "name: Quayside")]
    assert [(f["code"], f["line"]) for f in found] == [("organisation.not-signed-off", n) for n in lines]
    assert "Quayside Mind" in str(found[1]["message"])
    # approving a part of it is not signing it off (tests/test_signoff.py has the rest)
    about = "---\nsection: about\nby: [ada]\nstatus: approved\n---\nQuayside Mind runs two peer groups in the city.\n"
    bench.contribution("15-about.md", signed(about, by="ada"))
    assert len([f for f in findings(bench) if str(f["code"]).startswith("organisation.")]) == 2
    for who in ("hal", "ada"):
        assert run(["signoff", str(bench.response), "--by", who], cwd=bench.root).exit_code == 0
    assert not [f for f in findings(bench) if str(f["code"]).startswith("organisation.")]
    result = run(["build", str(bench.response), "--format", "docx"])
    assert result.exit_code == 0, result.output
    texts = docx_texts(bench.out / "crisis-house.docx")
    assert texts[0] == "Written evidence submitted by Riverside Peer Network and Quayside Mind"
    # each organisation's details under its own name, at the end of the evidence
    at = texts.index("Quayside Mind")
    assert texts[at + 1] == "Phone: 0117 496 0123"
    assert texts.index("Riverside Peer Network") < texts.index("Email: hello@riverside.example.org.uk") < at
    assert any(t.startswith("Riverside Peer Network and Quayside Mind wrote and signed") for t in texts)


def test_a_co_signer_with_nobody_to_sign_off_for_it_stops_a_final_build(bench: Bench) -> None:
    with_organisation(bench, CO_SIGNED.replace("    lead: ada\n", ""))
    found = [f for f in findings(bench) if str(f["code"]).startswith("organisation.")]
    assert [(f["code"], f["line"]) for f in found] == [
        ("organisation.not-signed-off", line_of(bench, "name: Riverside Peer Network")),
        ("organisation.no-lead", line_of(bench, "name: Quayside Mind")),
    ]
    assert "to fix" in assert_user_error(run(["build", str(bench.response), "--format", "docx"]))
    draft = run(["build", str(bench.response), "--format", "docx", "--draft"])  # a draft is made, with the warning
    assert draft.exit_code == 0 and "nobody who may sign it off for it" in draft.output


def test_a_co_signers_people_must_be_contributors(bench: Bench) -> None:
    with_organisation(bench, CO_SIGNED.replace("lead: ada", "lead: zed"))
    [found] = [f for f in findings(bench, "--draft") if f["code"] == "ref.unknown-person"]
    assert found["line"] == line_of(bench, "lead: zed") and "Quayside Mind" in str(found["message"])


def test_a_co_signed_letters_signatory_not_named_is_left_off_at_their_line(bench: Bench) -> None:
    letter = CO_SIGNED.replace("    lead: ada\n", "    lead: ada\n    signatories: [ada, bo]\n")
    extra = "    submit_to: letter\n    to: [The Cabinet Member, Eastmoor Borough Council]\n"
    with_organisation(bench, letter, RESPONSE + extra)
    [found] = [f for f in findings(bench) if f["code"] == "letter.signatory-not-named"]
    assert found["line"] == line_of(bench, "signatories: [ada, bo]") and "'bo'" in str(found["message"])


# ------------------------------------------------------------------ the two examples


def build_example(slug: str, out: Path) -> Path:
    result = run(["build", str(ROOT / "responses" / slug), "--out", str(out)])  # as  make submit RESPONSE=...
    assert result.exit_code == 0, result.output
    return out


EVIDENCE_PRIVATE = ("Kit Aldous", "Sunniva Pell", "Osei Marchbank", "kit.aldous@example.net", "tamsin.orrell@example")


def test_the_co_signed_evidence_example(tmp_path: Path) -> None:
    out = build_example("young-carers-joint-evidence", tmp_path / "out")
    assert {p.name for p in out.iterdir()} == {
        "young-carers-joint-evidence.docx",
        "young-carers-joint-evidence-publication-note.txt",
    }
    path = out / "young-carers-joint-evidence.docx"
    texts = docx_texts(path)
    assert texts[0] == "Written evidence submitted by Northgate Young Carers Project and Kestrel Family Support"
    northgate, kestrel = texts.index("Northgate Young Carers Project"), texts.index("Kestrel Family Support")
    assert northgate < texts.index("Contact: Tamsin Orrell, Project Manager") < kestrel
    assert kestrel < texts.index("Contact: Bryn Castellane, Head of Services") < texts.index("Credits")
    assert "Registered charity number: SC099412 (Scotland)" in texts[kestrel:]
    about = [t for t in texts if t.startswith(("Northgate Young Carers Project runs", "Kestrel Family Support supp"))]
    assert len(about) == 2
    body = every_part(path)
    for secret in EVIDENCE_PRIVATE:
        assert secret not in body, secret
    for chosen in ("K.A.", "Wren", "Young Carer Volunteer"):
        assert chosen in body
    if shutil.which("pandoc"):  # another program's reading of the Word file
        plain = subprocess.run(["pandoc", "-t", "plain", "-s", str(path)], capture_output=True, text=True, check=True)
        flat = " ".join(plain.stdout.split())
        assert "Written evidence submitted by Northgate Young Carers Project and Kestrel Family Support" in flat
        assert "Email: info@kestrel-family.example.org.uk" in flat


@pytest.mark.slow
def test_the_co_signed_letter_example(tmp_path: Path) -> None:
    out = build_example("bus-route-joint-letter", tmp_path / "out")
    assert {p.name for p in out.iterdir()} == {"bus-route-joint-letter.pdf", "bus-route-joint-letter.docx"}
    pages = pdf_pages(out / "bus-route-joint-letter.pdf")
    first, last = pages[0], " ".join(pages)
    # the letterhead: both organisations, each with its own details, before the addressee
    assert first.index("Ashby Moor Access Group and Linden Tenants' Association") < first.index("Contact: Delyth")
    assert first.index("Registered charity number: NIC100872 (Northern Ireland)") < first.index("Linden Court, Ashby")
    assert first.index("Linden Court, Ashby") < first.index("The Cabinet Member for Transport")
    # each organisation's signatory above its own name, kept apart
    signed = last[last.index("Yours sincerely,") :]
    assert signed.index("Delyth Vane") < signed.index("for Ashby Moor Access Group") < signed.index("Ibrahim")
    assert signed.index("Ibrahim Coldwell") < signed.index("for Linden Tenants' Association")
    texts = docx_texts(out / "bus-route-joint-letter.docx")
    close = texts[texts.index("Yours sincerely,") :]
    assert close[:5] == [
        "Yours sincerely,",
        "Delyth Vane",
        "for Ashby Moor Access Group",
        "Ibrahim Coldwell",
        "for Linden Tenants' Association",
    ]
    for secret in ("Maren Stroud", "delyth.vane@example.org", "ibrahim.coldwell@example.org"):
        assert secret not in last and secret not in every_part(out / "bus-route-joint-letter.docx")


@pytest.mark.slow
def test_each_co_signer_prints_its_own_logo_described_and_cleaned(bench: Bench) -> None:
    import pymupdf
    from PIL import Image

    (bench.root / "templates").mkdir()
    Image.new("RGB", (300, 100), (20, 60, 110)).save(bench.root / "templates" / "riverside.png")
    Image.new("RGB", (100, 100), (110, 30, 20)).save(bench.root / "templates" / "quayside.png")
    logos = CO_SIGNED.replace("    lead: hal\n", "    lead: hal\n    logo: riverside.png\n").replace(
        "    lead: ada\n", "    lead: ada\n    logo: quayside.png\n    logo_alt: The Quayside Mind wave\n"
    )
    with_organisation(bench, logos)
    result = run(["build", str(bench.response), "--format", "html,docx,pdf", "--draft"])
    assert result.exit_code == 0, result.output
    page = lxml_html.fromstring((bench.draft_out / "crisis-house.html").read_bytes())
    alts = [img.get("alt") for img in page.xpath("//header[@class='title-page']//img")]
    assert alts == ["Riverside Peer Network logo", "The Quayside Mind wave"]
    document = docx.Document(str(bench.draft_out / "crisis-house.docx"))
    described = [d.get("descr") for d in document.element.body.iter() if d.tag.endswith("}docPr")]
    assert described == alts
    with pymupdf.open(bench.draft_out / "crisis-house.pdf") as pdf:
        assert len(pdf[0].get_image_info()) == 2  # both on the title page
    with_organisation(bench, logos.replace("quayside.png", "missing.png"))
    [missing] = [f for f in findings(bench, "--draft") if f["code"] == "brand.logo-missing"]
    assert (missing["file"], missing["line"]) == ("responses/crisis-house/response.yaml", line_of(bench, "missing.png"))
