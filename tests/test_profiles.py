"""Submission profiles (issue 10, items 1, 2, 4 and 7): written evidence to a committee, a letter, the example.

Everything is read back from the outputs with readers that are not the renderers: python-docx and the
raw WordprocessingML for the Word file, pypdf for the PDF. Each refusal of a final build is tested on
both sides of its limit, with totals measured from the build's own refusal and then checked against
the words a reader counts in the Word file.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
import zipfile
from itertools import cycle, islice
from pathlib import Path

import docx
import pytest
from lxml import etree

from pipeline.profiles import LAYOUTS, RULES, profiles
from tests.conftest import assert_user_error, docx_parts, findings, pdf_text, run
from tests.factory import RESPONSE, Bench, signed

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "responses" / "homelessness-inquiry-evidence"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
ORGANISATION = "Riverside Peer Network"
DOCX = "crisis-house.docx"
NOTE = "crisis-house-publication-note.txt"
SUMMARY_TEXT = "We ask for a second crisis house and for peer workers on every shift."
PLAIN = ("people", "need", "a", "calm", "place", "to", "rest", "at", "night", "today.")
LETTER = """
    submit_to: letter
    to:
      - The Minister for Care
      - Department of Health and Social Care
      - 39 Victoria Street, London
    salutation: Dear Minister
    signatories: [hal, ada]
"""


# ------------------------------------------------------------------ helpers


def respond(bench: Bench, extra: str) -> None:
    """The factory's response.yaml with more fields (`extra` is YAML as written, top-level keys at the margin)."""
    indented = "\n".join(f"    {line}" for line in textwrap.dedent(extra).strip("\n").split("\n"))
    bench.write("responses/crisis-house/response.yaml", RESPONSE.rstrip() + "\n" + indented + "\n")


def words(n: int) -> str:
    """`n` plain words, as short sentences (no long-sentence advice), each a run of non-space characters."""
    return " ".join(islice(cycle(PLAIN), n))


def write_summary(bench: Bench, *paragraphs: str) -> None:
    body = "\n\n".join(paragraphs)
    bench.contribution("10-summary.md", signed(f"---\nsection: summary\nby: [hal]\nstatus: approved\n---\n{body}\n"))


def pad_answer(bench: Bench, n: int) -> None:
    """An answer to q3 by hal of exactly `n` words (its paragraphs split every 100 words)."""
    chunks = [words(min(100, n - k)) for k in range(0, n, 100)]
    body = "\n\n".join(chunks)
    bench.contribution("35-q3-more.md", signed(f"---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n{body}\n"))


def coded(bench: Bench, code: str) -> list[dict[str, object]]:
    return [f for f in findings(bench) if f["code"] == code]


def measured(bench: Bench) -> int:
    """The submission's words as the build counts them, read from its refusal under a limit of one word."""
    text = (bench.response / "response.yaml").read_text(encoding="utf-8")
    (bench.response / "response.yaml").write_text(text + "word_limit: 1\n", encoding="utf-8")
    try:
        found = coded(bench, "evidence.over-word-limit")
    finally:
        (bench.response / "response.yaml").write_text(text, encoding="utf-8")
    assert len(found) == 1, found
    match = re.search(r"has ([\d,]+) words", str(found[0]["message"]))
    assert match, found
    return int(match.group(1).replace(",", ""))


def build(bench: Bench, *extra: str) -> str:
    result = run(["build", str(bench.response), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def body_xml(path: Path) -> etree._Element:
    return etree.fromstring(docx_parts(path)["word/document.xml"].encode("utf-8"))


def numbering_of(path: Path) -> etree._Element:
    return etree.fromstring(docx_parts(path)["word/numbering.xml"].encode("utf-8"))


def num_id(paragraph: docx.text.paragraph.Paragraph) -> str | None:
    found = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    return str(found[0]) if found else None


def docx_word_count(path: Path) -> int:
    """The words a reader counts in the Word file: the body, its tables and the footnotes (runs of non-space)."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        if "word/footnotes.xml" in z.namelist():
            notes = etree.fromstring(z.read("word/footnotes.xml"))
            texts += ["".join(p.itertext()) for p in notes.iter(f"{{{W}}}p")]
    return sum(len(t.split()) for t in texts)


# ------------------------------------------------------------------ the declarations


def test_every_destination_is_one_module_declaring_its_formats_layout_and_rules() -> None:
    found = profiles()
    assert set(found) >= {"report", "online-form", "commons-committee", "lords-committee", "letter"}
    assert found["commons-committee"].formats == ("docx",)
    assert found["lords-committee"].formats == ("docx",)
    assert found["letter"].formats == ("pdf", "docx")
    assert found["commons-committee"].word_limit == 3000
    assert found["lords-committee"].word_limit is None  # Lords committees set none; word_limit: may
    assert "summary-page" in found["lords-committee"].enforces
    assert "signatories" in found["letter"].enforces
    for profile in found.values():
        assert profile.layout in LAYOUTS, profile
        assert set(profile.enforces) <= set(RULES), profile
    assert found["report"].layout == "report" and not found["report"].enforces


def test_a_word_limit_that_is_not_a_whole_number_is_refused_with_its_line(bench: Bench) -> None:
    respond(bench, "submit_to: commons-committee\nword_limit: 0")
    output = assert_user_error(run(["check", str(bench.response)]))
    assert re.search(r"response\.yaml:\d+", output) and "word_limit" in output


# ------------------------------------------------------------------ commons committee


def test_commons_builds_only_the_word_file_and_the_publication_note(bench: Bench) -> None:
    respond(bench, "submit_to: commons-committee\nreference: RPN0042")
    build(bench)
    assert {p.name for p in bench.out.iterdir()} == {DOCX, NOTE}  # no HTML, no PDF unless asked
    note = (bench.out / NOTE).read_text(encoding="utf-8")
    assert "Do not publish this evidence" in note and "before the committee publishes it" in note
    assert "Eastmoor Integrated Care Board" in note


def test_commons_opens_with_the_heading_line_and_the_date_and_has_no_title_page(bench: Bench) -> None:
    respond(bench, "submit_to: commons-committee\nreference: RPN0042")
    build(bench)
    document = docx.Document(str(bench.out / DOCX))
    first, second = document.paragraphs[0], document.paragraphs[1]
    assert first.text == f"Written evidence submitted by {ORGANISATION} (RPN0042)"
    assert second.text == "20 February 2026"
    # raw XML: the very first paragraph of the body is the heading line; no page break anywhere
    body = body_xml(bench.out / DOCX)
    paragraphs = body.findall(".//w:body/w:p", NS)
    assert "".join(paragraphs[0].itertext()) == first.text
    assert not body.xpath("//w:br[@w:type='page']", namespaces=NS)
    assert not body.xpath("//w:sectPr/w:titlePg", namespaces=NS)
    texts = [p.text for p in document.paragraphs]
    assert "Response to the Eastmoor crisis-house survey" not in texts  # the report's title page
    assert not any(t.startswith("Response to:") for t in texts)


def test_without_a_reference_the_heading_line_is_the_organisation_alone(bench: Bench) -> None:
    respond(bench, "submit_to: commons-committee")
    build(bench)
    assert docx.Document(str(bench.out / DOCX)).paragraphs[0].text == f"Written evidence submitted by {ORGANISATION}"


def test_the_summary_comes_first_as_bullet_points_and_every_later_paragraph_is_numbered_by_word(
    bench: Bench,
) -> None:
    write_summary(bench, SUMMARY_TEXT, "Peer workers should be on every shift, day and night.")
    respond(bench, "submit_to: commons-committee")
    build(bench)
    path = bench.out / DOCX
    paragraphs = docx.Document(str(path)).paragraphs
    headings = [p for p in paragraphs if p.style.name.startswith("Heading")]
    first_heading = paragraphs.index(headings[0])
    assert first_heading == 2  # after the heading line and the date: the summary is first
    summary = paragraphs[first_heading + 1 : paragraphs.index(headings[1])]
    assert [p.text for p in summary] == [SUMMARY_TEXT, "Peer workers should be on every shift, day and night."]
    assert all(p.style.name == "List Bullet" for p in summary)

    # Word's own numbering: one definition in numbering.xml, decimal "%1.", and a w:numPr on each paragraph
    numbered = [p for p in paragraphs if p.style.name == "Normal" and num_id(p)]
    ids = {num_id(p) for p in numbered}
    assert len(ids) == 1, ids
    numbering = numbering_of(path)
    (num,) = numbering.xpath(f"w:num[@w:numId='{ids.pop()}']", namespaces=NS)
    abstract_id = num.xpath("w:abstractNumId/@w:val", namespaces=NS)[0]
    (abstract,) = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", namespaces=NS)
    assert abstract.xpath("w:lvl[@w:ilvl='0']/w:numFmt/@w:val", namespaces=NS) == ["decimal"]
    assert abstract.xpath("w:lvl[@w:ilvl='0']/w:lvlText/@w:val", namespaces=NS) == ["%1."]
    assert abstract.xpath("w:lvl[@w:ilvl='0']/w:start/@w:val", namespaces=NS) == ["1"]
    # Word refuses a numbering part whose definitions do not all come before the instances
    tags = [
        etree.QName(child).localname for child in numbering if etree.QName(child).localname in ("abstractNum", "num")
    ]
    assert tags == sorted(tags, key=lambda t: t != "abstractNum"), tags
    # the numbers are Word's, not typed into the text
    assert not any(re.match(r"\d+\.", p.text) for p in numbered)
    texts = [p.text for p in numbered]
    assert any(t.startswith("A crisis house should offer a calm room") for t in texts)
    assert any(t.startswith("People should be able to refer themselves") for t in texts)
    assert any(t.startswith("Peer researchers gathered these views") for t in texts)
    # consecutive through the whole document: every plain paragraph after the summary, in order, on one counter
    after = paragraphs[paragraphs.index(headings[1]) :]
    plain = [p for p in after if p.style.name == "Normal" and p.text and not p.text.startswith(("—", "Content note"))]
    assert plain == numbered
    # headings, the heading line and the summary's points are not numbered
    for p in paragraphs:
        if p.style.name.startswith(("Heading", "Title")) or p in summary:
            assert num_id(p) is None or p.style.name.startswith("List"), p.text


def test_html_and_pdf_are_made_when_asked_with_the_same_layout(bench: Bench) -> None:
    import pymupdf

    respond(bench, "submit_to: commons-committee")
    build(bench, "--format", "html,pdf,docx")
    assert {p.name for p in bench.out.iterdir()} == {"crisis-house.html", "crisis-house.pdf", DOCX, NOTE}
    html = (bench.out / "crisis-house.html").read_text(encoding="utf-8")
    assert 'class="title-page"' not in html
    assert f"<h1>Written evidence submitted by {ORGANISATION}</h1>" in html
    assert pdf_text(bench.out / "crisis-house.pdf").lstrip().startswith("Written evidence submitted by")
    # the PDF's paragraph n (the number printed at the start of its first line) is the Word file's n-th
    numbered = [
        p.text for p in docx.Document(str(bench.out / DOCX)).paragraphs if num_id(p) and p.style.name == "Normal"
    ]
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    with pymupdf.open(bench.out / "crisis-house.pdf") as pdf:
        for page_no, page in enumerate(pdf):
            for x0, y0, _x1, _y1, word, *_ in page.get_text("words"):
                lines.setdefault((page_no, round(y0)), []).append((x0, word))
    starts = [(first, " ".join(rest)) for first, *rest in ([w for _, w in sorted(line)] for line in lines.values())]
    for n, text in enumerate(numbered, start=1):
        assert any(first == f"{n}." and rest and text.startswith(rest) for first, rest in starts), (n, text)


def test_the_count_a_refusal_gives_is_the_count_of_the_word_file(bench: Bench) -> None:
    respond(bench, "submit_to: commons-committee")
    total = measured(bench)
    build(bench, "--draft")
    assert total == docx_word_count(bench.draft_out / DOCX)


@pytest.mark.parametrize(("over", "refused"), [(0, False), (1, True)])
def test_commons_refuses_a_final_build_over_3000_words(bench: Bench, over: int, refused: bool) -> None:
    respond(bench, "submit_to: commons-committee")
    base = measured(bench)
    write_summary(bench, SUMMARY_TEXT, words(3000 - base + over))
    result = run(["build", str(bench.response)])
    if refused:
        output = assert_user_error(result)
        assert "the submission has 3,001 words, over its limit of 3,000" in output
        assert "evidence.over-word-limit" in json.dumps(findings(bench))  # check says what build says
        assert build(bench, "--draft")  # a draft warns and is built
    else:
        assert result.exit_code == 0, result.output
        assert not coded(bench, "evidence.over-word-limit")
        assert docx_word_count(bench.out / DOCX) == 3000


@pytest.mark.parametrize(("limit_offset", "refused"), [(0, False), (-1, True)])
def test_word_limit_in_response_yaml_sets_the_limit(bench: Bench, limit_offset: int, refused: bool) -> None:
    respond(bench, "submit_to: commons-committee")
    base = measured(bench)
    respond(bench, f"submit_to: commons-committee\nword_limit: {base + limit_offset}")
    found = coded(bench, "evidence.over-word-limit")
    assert bool(found) == refused
    if refused:
        assert f"has {base:,} words, over its limit of {base - 1:,}" in str(found[0]["message"])
        lines = (bench.response / "response.yaml").read_text().splitlines()
        assert lines[int(str(found[0]["line"])) - 1].startswith("word_limit:")


def test_commons_refuses_evidence_without_a_summary(bench: Bench) -> None:
    respond(bench, "submit_to: commons-committee")
    (bench.response / "10-summary.md").unlink()
    found = coded(bench, "evidence.no-summary")
    assert found and found[0]["severity"] == "error"


# ------------------------------------------------------------------ lords committee


def test_lords_has_no_word_limit_of_its_own(bench: Bench) -> None:
    respond(bench, "submit_to: lords-committee")
    pad_answer(bench, 3500)
    build(bench)
    assert not coded(bench, "evidence.over-word-limit")
    assert docx.Document(str(bench.out / DOCX)).paragraphs[0].text.startswith("Written evidence submitted by")


@pytest.mark.parametrize(("summary", "refused"), [(500, False), (501, True)])
def test_lords_past_six_pages_needs_a_summary_of_at_most_one_page(bench: Bench, summary: int, refused: bool) -> None:
    respond(bench, "submit_to: lords-committee")
    pad_answer(bench, 3200)  # well past six pages
    write_summary(bench, words(summary))
    result = run(["build", str(bench.response)])
    if refused:
        output = assert_user_error(result)
        assert "the summary has 501 words, more than one page" in output
        assert "10-summary.md" in output
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("over", "refused"), [(0, False), (1, True)])
def test_lords_one_page_summary_is_asked_for_only_past_six_pages(bench: Bench, over: int, refused: bool) -> None:
    respond(bench, "submit_to: lords-committee")
    write_summary(bench, words(600))  # more than a page
    pad_answer(bench, 100)
    base = measured(bench)  # six pages is 3,000 words: exactly at it, then one word past it
    pad_answer(bench, 100 + 3000 - base + over)
    assert measured(bench) == 3000 + over
    found = coded(bench, "evidence.summary-too-long")
    assert bool(found) == refused
    if refused:
        assert "about 7 pages" in str(found[0]["message"])


@pytest.mark.parametrize(("extra", "refused"), [(0, False), (3200, True)])
def test_lords_without_a_summary_is_refused_only_past_six_pages(bench: Bench, extra: int, refused: bool) -> None:
    respond(bench, "submit_to: lords-committee")
    (bench.response / "10-summary.md").unlink()
    if extra:
        pad_answer(bench, extra)
    assert bool(coded(bench, "evidence.no-summary")) == refused


# ------------------------------------------------------------------ letter


def test_a_letter_has_its_addressee_date_salutation_and_signatories_in_word_and_pdf(bench: Bench) -> None:
    respond(bench, LETTER)
    build(bench)
    assert {p.name for p in bench.out.iterdir()} == {"crisis-house.docx", "crisis-house.pdf"}
    document = docx.Document(str(bench.out / DOCX))
    texts = [p.text for p in document.paragraphs]
    expected = [
        "The Minister for Care",
        "Department of Health and Social Care",
        "39 Victoria Street, London",
        "20 February 2026",
        "Dear Minister",
        "Yours sincerely,",
        "Hal Brennan",
        "Ada Fenwick",
        ORGANISATION,
    ]
    places = [texts.index(t, texts.index("Yours sincerely,") if t == ORGANISATION else 0) for t in expected]
    assert places == sorted(places), list(zip(expected, places, strict=True))
    assert texts.index("Dear Minister") < texts.index(SUMMARY_TEXT) < texts.index("Yours sincerely,")
    assert not any(p.style.name in ("Title", "Subtitle") for p in document.paragraphs)  # no title page
    assert not body_xml(bench.out / DOCX).xpath("//w:br[@w:type='page']", namespaces=NS)

    pdf = pdf_text(bench.out / "crisis-house.pdf")
    order = [pdf.index(t) for t in ("The Minister for Care", "Dear Minister", SUMMARY_TEXT[:30], "Yours sincerely,")]
    assert order == sorted(order)
    closing = pdf[pdf.index("Yours sincerely,") :]
    assert closing.index("Hal Brennan") < closing.index("Ada Fenwick") < closing.index(ORGANISATION)
    assert "Contents" not in pdf[: pdf.index("Dear Minister")]


def test_a_letter_without_a_salutation_opens_dear_sir_or_madam(bench: Bench) -> None:
    respond(bench, LETTER.replace("    salutation: Dear Minister\n", ""))
    build(bench, "--format", "docx")
    assert "Dear Sir or Madam" in [p.text for p in docx.Document(str(bench.out / DOCX)).paragraphs]


@pytest.mark.parametrize(
    ("who", "code", "said"),
    [
        ("bo", "letter.signatory-not-named", "credited by initials, not by name"),
        ("cy", "letter.signatory-not-named", "credited by pseudonym, not by name"),
        ("fay", "letter.signatory-no-consent", "has no consent recorded"),
        ("gus", "letter.signatory-no-consent", "withdrew on 2025-06-01"),
    ],
)
def test_a_signatory_not_credited_by_name_or_without_consent_stops_a_final_build(
    bench: Bench, who: str, code: str, said: str
) -> None:
    respond(bench, LETTER.replace("[hal, ada]", f"[hal, {who}]"))
    output = assert_user_error(run(["build", str(bench.response)]))
    assert said in output
    (found,) = coded(bench, code)
    lines = (bench.response / "response.yaml").read_text().splitlines()
    line, column = int(str(found["line"])), int(str(found["column"]))
    assert lines[line - 1][column - 1 :].startswith(who)  # response.yaml, line and column of the id
    assert f"response.yaml:{line}:{column}" in output
    # a draft is built, signed only by who may sign: the other is not printed in any form
    build(bench, "--draft")
    document = docx_parts(bench.draft_out / DOCX)["word/document.xml"]
    closing = document[document.index("Yours sincerely,") :]
    assert "Hal Brennan" in closing
    for hidden in ("Bo Lindqvist", "Cyrus Marlow", "Faye Grindle", "Gustav Pell"):
        assert hidden not in document


def test_a_signatory_who_is_not_named_still_keeps_the_credit_they_chose_elsewhere(bench: Bench) -> None:
    respond(bench, LETTER.replace("[hal, ada]", "[hal, bo]"))
    build(bench, "--draft", "--format", "docx")
    document = docx.Document(str(bench.draft_out / DOCX))
    texts = [p.text for p in document.paragraphs]
    signed_off = texts[texts.index("Yours sincerely,") + 1 : texts.index(ORGANISATION, texts.index("Yours sincerely,"))]
    assert signed_off == ["Hal Brennan"]  # B.L. is in the credits, as chosen, but does not sign


def test_a_letter_needs_signatories_and_an_addressee(bench: Bench) -> None:
    respond(bench, "submit_to: letter")
    codes = {f["code"] for f in findings(bench)}
    assert {"letter.no-signatories", "letter.no-addressee"} <= codes
    respond(bench, LETTER)
    codes = {f["code"] for f in findings(bench)}
    assert not {"letter.no-signatories", "letter.no-addressee"} & codes


def test_a_signatory_who_is_not_a_contributor_is_named_as_such(bench: Bench) -> None:
    respond(bench, LETTER.replace("[hal, ada]", "[hal, zed]"))
    output = assert_user_error(run(["check", str(bench.response)]))
    assert "signatory 'zed' is not a contributor" in output


def test_signatories_are_not_checked_for_other_destinations(bench: Bench) -> None:
    respond(bench, "signatories: [bo]")
    assert not [f for f in findings(bench) if str(f["code"]).startswith("letter.")]


# ------------------------------------------------------------------ the example


def test_the_committee_example_builds_as_written_evidence(tmp_path: Path) -> None:
    result = run(["build", str(EXAMPLE), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {"homelessness-inquiry-evidence-publication-note.txt", "homelessness-inquiry-evidence.docx"}
    document = docx.Document(str(tmp_path / "homelessness-inquiry-evidence.docx"))
    assert document.paragraphs[0].text == "Written evidence submitted by Wayfarer Peer Network"
    assert any(num_id(p) for p in document.paragraphs if p.style.name == "Normal")
    assert "Declaration of interests" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    xml = docx_parts(tmp_path / "homelessness-inquiry-evidence.docx")["word/document.xml"]
    for private in ("Rowan Achterberg", "Ifeoma Castellanos", "Halima Brightwater"):
        assert private not in xml
    for chosen in ("Gethin Marwood", "Linnet", "I.C.", "Volunteer Peer Researcher"):
        assert chosen in xml


def test_a_private_name_written_into_the_addressee_is_refused_where_it_was_written(bench: Bench) -> None:
    respond(bench, LETTER.replace("- The Minister for Care", "- Bo Lindqvist"))
    output = assert_user_error(run(["build", str(bench.response), "--draft"]))
    lines = (bench.response / "response.yaml").read_text().splitlines()
    line = next(k for k, text in enumerate(lines, start=1) if "Bo Lindqvist" in text)
    assert f"response.yaml:{line}:" in output
    assert not (bench.draft_out / DOCX).exists()


def test_the_readme_lists_exactly_the_profiles() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)`(?: \(default\))? \| ", readme, re.MULTILINE)
    assert sorted(rows) == sorted(profiles())


def test_a_letter_in_html_has_its_parts_in_order_and_no_title_page(bench: Bench) -> None:
    respond(bench, LETTER)
    build(bench, "--format", "html")
    html = (bench.out / "crisis-house.html").read_text(encoding="utf-8")
    assert 'class="title-page"' not in html and 'class="contents"' not in html
    order = [html.index(t) for t in ("The Minister for Care", "Dear Minister", SUMMARY_TEXT, "Yours sincerely,")]
    assert order == sorted(order)
    closing = html[html.index('class="letter-close"') : html.index('id="credits"')]
    assert closing.index("Hal Brennan") < closing.index("Ada Fenwick") < closing.index(ORGANISATION)


def test_an_addressee_of_one_line_is_written_and_checked_as_one(bench: Bench) -> None:
    one_line = "submit_to: letter\nto: The Minister for Care\nsignatories: [hal]"
    respond(bench, one_line)
    build(bench, "--format", "docx")
    assert "The Minister for Care" in [p.text for p in docx.Document(str(bench.out / DOCX)).paragraphs]
    respond(bench, one_line.replace("The Minister for Care", "Cyrus Marlow"))
    output = assert_user_error(run(["check", str(bench.response)]))
    lines = (bench.response / "response.yaml").read_text().splitlines()
    assert f"response.yaml:{lines.index('to: Cyrus Marlow') + 1}:" in output
