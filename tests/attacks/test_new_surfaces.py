"""Attacks on this session's new surfaces: the confidential annex, letters and committee
profiles, one-word labels and the look's structure, intake pictures, the serve preview's
source marks and the PDF structure pass. Each case is refused by check and build alike, or
built with nothing private in any output, read back with the tests' own readers.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.attacks.kit import (
    ANY,
    FAST,
    OPTIONAL,
    R,
    _user_error,
    assert_problem,
    build,
    built_clean,
    check,
    contribute,
    edit,
    nothing_written,
    own_templates,
    problem_lines,
    refused,
    write_file,
)
from tests.attacks.readers import fold, read_outputs
from tests.factory import Bench
from tests.sample_doc import tiny_png

RY = f"{R}/response.yaml"

# ------------------------------------------------------------------ the confidential annex

# what a confidential contribution says: written fresh, eleven words
SECRET = "the night porter lets residents smoke behind the laundry after midnight"
SECRET_WORDS = SECRET.split()


def confide(bench: Bench, *, extra: str = "confidential: true", by: str = "hal", name: str = "60-q3-secret.md"):
    return contribute(bench, name, f"We were told that {SECRET}.\n", answers="q3", by=by, extra=extra)


def not_in_submission(bench: Bench) -> None:
    """Built; the annex holds the confidential words and no other output does."""
    import docx

    built_clean(bench, formats=f"{FAST},confidential")
    annex = bench.draft_out / "crisis-house-confidential.docx"
    assert annex.exists(), f"no confidential annex among {sorted(p.name for p in bench.draft_out.iterdir())}"
    assert fold(SECRET) in fold(" ".join(p.text for p in docx.Document(str(annex)).paragraphs))
    annex.unlink()  # the rest read with the tests' own readers
    outputs = read_outputs(bench.draft_out)
    assert outputs.contains("Hal Brennan"), "the readers see the submission"
    others = [w for w, t in outputs.texts.items() if fold(SECRET) in t]
    assert not others, f"the confidential words are in {others}"


COPIES = [
    ("plain", "They said {s}.\n", "They"),
    ("curly-quotes", "They said \u201c{s}\u201d.\n", "They"),
    ("line-breaks", "They said {b}.\n", "They"),
    ("word-punctuation", "They said \u2018{w}\u2019\u2026\n", "They"),
    ("zero-width", "They said {z}.\n", "They"),
    ("soft-hyphens", "They said {h}.\n", "They"),
    ("capitals", "THEY SAID {u}.\n", "THEY"),
    ("footnote", "Night staff matter.[^n]\n\n[^n]: They said {s}.\n", "[^n]:"),
    ("block-quote", "> They said {s}.\n", "They"),
    ("list-item", "- They said {s}.\n", "They"),
    ("table-cell", "| Heard |\n|--|\n| {s} |\n", "| {s0}"),
    ("image-alt-text", "![{s}](chart.png)\n", "!["),
    ("link-text", "[{s}](https://example.org/x)\n", "[{s0}"),
    ("emphasis-split", "They said *{s}*.\n", "They"),
]


def _copy(form: str) -> str:
    return form.format(
        s=SECRET,
        s0=SECRET_WORDS[0],
        b="\n".join(" ".join(SECRET_WORDS[k : k + 3]) for k in range(0, len(SECRET_WORDS), 3)),
        w=SECRET.replace(" lets ", " \u2014 lets ").replace("after", "after\u2011"),
        z="\u200b".join(SECRET).replace("\u200b \u200b", " "),
        h=SECRET.replace("porter", "por\u00adter").replace("laundry", "laun\u00addry"),
        u=SECRET.upper(),
    )


@pytest.mark.parametrize(("form", "start"), [c[1:] for c in COPIES], ids=[c[0] for c in COPIES])
def test_a_copy_of_confidential_words_in_another_contribution_is_refused(bench: Bench, form: str, start: str) -> None:
    tiny_png(bench.response / "chart.png")
    confide(bench)
    w = contribute(bench, "70-copy.md", _copy(form), answers="q1")
    refused(bench, w.rel, {w.line_of(start.format(s0=SECRET_WORDS[0])) + k for k in range(4)}, OPTIONAL)


@pytest.mark.parametrize("field", ["title", "content_note"])
def test_confidential_words_in_a_title_or_content_note_of_another_contribution_are_refused(
    bench: Bench, field: str
) -> None:
    confide(bench)
    extra = f"title: {SECRET}" if field == "title" else f"title: Nights\ncontent_note: {SECRET}"
    w = contribute(bench, "70-copy.md", "Some words about nights.\n", section="nights", extra=extra)
    refused(bench, w.rel, w.line_of(f"{field}: "), OPTIONAL)


def test_confidential_words_split_across_two_contributions_are_treated_alike_by_check_and_build(
    bench: Bench,
) -> None:
    """Half the passage ends one answer, the other half begins the next: either nothing is said, or
    check and build both refuse; never a build refused for what check let through."""
    confide(bench)
    contribute(bench, "70-a.md", " ".join(SECRET_WORDS[:5]) + "\n", answers="q1")
    contribute(bench, "71-b.md", " ".join(SECRET_WORDS[5:]) + "\n", answers="q1")
    built, checked = build(bench), check(bench)
    assert "Traceback" not in built.output + checked.output
    assert (built.exit_code == 0) == (checked.exit_code == 0), (
        f"check and build disagree:\nbuild ({built.exit_code}):\n{built.output}\ncheck ({checked.exit_code}):\n"
        f"{checked.output}"
    )


def test_the_confidential_text_itself_goes_only_into_the_annex(bench: Bench) -> None:
    confide(bench)
    not_in_submission(bench)


def test_the_answers_folder_for_an_online_form_holds_no_confidential_words(bench: Bench) -> None:
    confide(bench)
    built_clean(bench, formats="answers,txt,confidential")
    folder = bench.draft_out / "crisis-house-answers"
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    assert texts, "the answers folder is written"
    assert not [n for n, t in texts.items() if fold(SECRET) in fold(t)]


@pytest.mark.parametrize(
    ("where", "confidential"),
    [
        ("its-footnote", "Night staff.[^n]\n\n[^n]: We were told that {s}.\n"),
        ("its-lived-quote", "> We were told that {s}.\n> \u2014 @dee\n"),
        ("its-table", "| Heard |\n|--|\n| {s} |\n"),
        ("its-list", "- We were told that {s}.\n"),
    ],
)
def test_confidential_words_from_any_part_of_the_confidential_contribution_are_refused_when_copied(
    bench: Bench, where: str, confidential: str
) -> None:
    contribute(bench, "60-q3-secret.md", confidential.format(s=SECRET), extra="confidential: true")
    w = contribute(bench, "70-copy.md", f"They said {SECRET}.\n", answers="q1")
    refused(bench, w.rel, w.line_of("They"), OPTIONAL)


def test_a_private_name_in_a_confidential_contribution_is_refused_too(bench: Bench) -> None:
    w = contribute(bench, "60-q3-secret.md", f"Elias Thorne said {SECRET}.\n", extra="confidential: true")
    line, col = w.at("Elias")
    refused(bench, w.rel, line, col, "eli", secret=(SECRET,))


def test_a_withdrawn_persons_quote_in_a_confidential_contribution_is_in_no_output(bench: Bench) -> None:
    contribute(
        bench,
        "60-q3-secret.md",
        f"We were told that {SECRET}.\n\n> The kettle in the quiet room was always broken, and nobody fixed it.\n"
        "> \u2014 @gus\n",
        extra="confidential: true",
    )
    result, _ = built_clean(bench, formats=f"{FAST},confidential", phrases=("kettle in the quiet room",))
    assert "60-q3-secret.md" in result.output and "gus" in result.output  # said what it left out
    assert (bench.draft_out / "crisis-house-confidential.docx").exists()


def test_a_copy_of_a_confidential_sections_title_is_refused(bench: Bench) -> None:
    contribute(bench, "60-secret.md", "Short words.\n", section="nights", extra=f"title: {SECRET}\nconfidential: true")
    w = contribute(bench, "70-copy.md", f"They said {SECRET}.\n", answers="q1")
    refused(bench, w.rel, w.line_of("They"), OPTIONAL)


def test_a_short_confidential_contribution_copied_whole_is_refused(bench: Bench) -> None:
    short = "Ward seven staff locked the garden."
    contribute(bench, "60-q3-secret.md", f"{short}\n", extra="confidential: true")
    w = contribute(bench, "70-copy.md", f"{short}\n", answers="q1")
    refused(bench, w.rel, w.line_of(short), OPTIONAL)


@pytest.mark.parametrize("value", ["true", '"true"', "True", "TRUE", "yes", '"yes"', "on", "1", "y"])
def test_confidential_typed_in_other_ways_is_kept_out_or_refused(bench: Bench, value: str) -> None:
    w = confide(bench, extra=f"confidential: {value}")
    result = build(bench)
    if result.exit_code == 0:
        not_in_submission(bench)
    else:
        refused(bench, w.rel, w.line_of("confidential:"), ANY)


@pytest.mark.parametrize("value", ["maybe", "ja", '"oui"', "[true]", "{x: 1}", "2"])
def test_a_confidential_value_that_is_not_yes_or_no_is_refused_at_its_line(bench: Bench, value: str) -> None:
    w = confide(bench, extra=f"confidential: {value}")
    refused(bench, w.rel, w.line_of("confidential:"), OPTIONAL, secret=(SECRET,))


def test_a_confidential_contribution_by_someone_who_withdrew_is_in_no_output_not_even_the_annex(
    bench: Bench,
) -> None:
    confide(bench, by="gus")
    result, _ = built_clean(bench, formats=f"{FAST},confidential", phrases=(SECRET,), present=("Hal Brennan",))
    assert "60-q3-secret.md" in result.output, "the build should say what it left out"
    assert not (bench.draft_out / "crisis-house-confidential.docx").exists(), "an annex of nothing but withdrawn words"


def test_taking_confidential_off_an_approved_contribution_needs_a_new_approval(bench: Bench) -> None:
    """The approval covers `confidential: true`: once the line is taken out, a final build does not
    print the words into the submission on the strength of the old approval."""
    w = contribute(
        bench, "60-q3-secret.md", f"We were told that {SECRET}.\n", extra="confidential: true", signed_off=True
    )
    assert build(bench, draft=False).exit_code == 0  # the approval holds as signed
    edit(bench, w.rel, "confidential: true\n", "")
    result = build(bench, draft=False)
    out = _user_error(result)
    assert_problem(out, w.rel, OPTIONAL)
    # the last good set is kept, and it has the words in its annex only
    for name in ("crisis-house.html", "crisis-house-answers.txt"):
        assert fold(SECRET) not in fold((bench.out / name).read_text(encoding="utf-8")), name


def test_putting_confidential_on_an_approved_contribution_keeps_it_out_at_once(bench: Bench) -> None:
    w = contribute(bench, "60-q3-secret.md", f"We were told that {SECRET}.\n", signed_off=True)
    edit(bench, w.rel, "status: approved\n", "status: approved\nconfidential: true\n")
    result = build(bench, draft=False)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        for name in ("crisis-house.html", "crisis-house-answers.txt"):
            assert fold(SECRET) not in fold((bench.out / name).read_text(encoding="utf-8")), name


# ------------------------------------------------------------------ letters and committees

LETTER = """
submit_to: letter
to:
  - The Minister for Care
  - Department of Health and Social Care
salutation: Dear Minister
signatories: [hal, ada]
"""


def respond(bench: Bench, extra: str) -> str:
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + textwrap.dedent(extra).strip("\n") + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - The Minister for Care", "  - Elias Thorne, Ward Manager"),
        ("  - Department of Health and Social Care", "  - c/o Thorne, Elias"),
        ("salutation: Dear Minister", "salutation: Dear Elias"),
        ("salutation: Dear Minister", "salutation: Dear Mr Thorne"),
        ("salutation: Dear Minister", "salutation: Dear \u0415lias\u00a0Thorne"),
    ],
)
def test_a_private_name_in_a_letters_addressee_or_salutation_is_refused(bench: Bench, old: str, new: str) -> None:
    text = respond(bench, LETTER.replace(old, new))
    refused(bench, RY, _line(text, new), ANY, "eli")


def test_a_private_name_on_a_later_line_of_a_block_addressee_is_refused(bench: Bench) -> None:
    text = respond(
        bench,
        LETTER.replace(
            "to:\n  - The Minister for Care\n  - Department of Health and Social Care",
            "to: |\n  The Minister for Care\n  care of Elias Thorne",
        ),
    )
    refused(bench, RY, {_line(text, "to: |"), _line(text, "care of Elias")}, OPTIONAL, "eli")


def test_a_private_surname_that_is_a_label_word_in_a_salutation_is_refused(bench: Bench) -> None:
    _person(bench, "tam", "Tamsin Page")
    text = respond(bench, LETTER.replace("salutation: Dear Minister", "salutation: Dear Page"))
    refused(bench, RY, _line(text, "salutation:"), ANY, "tam")


def test_a_private_name_in_a_committee_reference_is_refused(bench: Bench) -> None:
    text = respond(bench, "submit_to: commons-committee\nreference: MHA0042 Elias Thorne")
    refused(bench, RY, _line(text, "reference:"), ANY, "eli")


def test_a_private_name_as_the_organisation_of_a_letter_is_refused(bench: Bench) -> None:
    respond(bench, LETTER)
    w = edit(bench, RY, "organisation: Riverside Peer Network", "organisation: Elias Thorne Trust")
    refused(bench, RY, w.line_of("organisation:"), ANY, "eli")


@pytest.mark.parametrize("who", ["dee", "eli", "ivy"])
def test_a_signatory_credited_by_role_anonymously_or_by_pseudonym_stops_a_final_letter_and_is_not_printed(
    bench: Bench, who: str
) -> None:
    text = respond(bench, LETTER.replace("[hal, ada]", f"[hal, {who}]"))
    out = _user_error(build(bench, draft=False))
    line = _line(text, "signatories:")
    assert_problem(out, RY, line, text.split("\n")[line - 1].index(who) + 1, who)
    checked = _user_error(check(bench, draft=False))
    assert {p[:3] for p in problem_lines(out)} == {p[:3] for p in problem_lines(checked)}
    nothing_written(bench)
    built_clean(bench, formats="docx,txt", present=("Hal Brennan",))


def test_a_signatory_named_twice_signs_once(bench: Bench) -> None:
    respond(bench, LETTER.replace("[hal, ada]", "[hal, ada, hal]"))
    result = build(bench, formats="docx")
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        import docx

        texts = [p.text for p in docx.Document(str(bench.draft_out / "crisis-house.docx")).paragraphs]
        closing = texts[texts.index("Yours sincerely,") :]
        assert closing.count("Hal Brennan") == 1, closing
    else:
        _user_error(result)
    # and the check says so, at the second hal
    text = (bench.response / "response.yaml").read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "[hal, ada, hal]" in t)
    column = text.splitlines()[line - 1].rindex("hal") + 1
    checked = check(bench)
    assert f"response.yaml:{line}:{column}:" in checked.output and "more than once" in checked.output


def test_a_signatory_who_is_not_a_contributor_is_refused_at_its_line(bench: Bench) -> None:
    text = respond(bench, LETTER.replace("[hal, ada]", "[hal, zed]"))
    refused(bench, RY, _line(text, "signatories:"), OPTIONAL)


def _measured(bench: Bench) -> int:
    import json

    from tests.conftest import run

    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "word_limit: 1\n", encoding="utf-8")
    try:
        result = run(["check", str(bench.response), "--format", "json"])
    finally:
        path.write_text(text, encoding="utf-8")
    found = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    (over,) = [f for f in found if f["code"] == "evidence.over-word-limit"]
    return int(re.search(r"has ([\d,]+) words", str(over["message"])).group(1).replace(",", ""))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "printed"),
    [
        ("Beds.[^n]\n\n[^n]: one two three four five six seven\n", 8),
        ("| a b | c |\n|--|--|\n| d e f | g |\n", 7),
        ("> one two three four\n> \u2014 @ada\n", None),  # the credit line and the credits add theirs
        ("Beds.\n\n<!-- one two three four five six -->\n", 1),
        ("Beds.\n\n[^x]: one two three four five six\n", 1),
        ("Beds.\n\n<b>one two</b>\n", 3),  # raw HTML is printed as text: "<b>one two</b>" is two runs
    ],
    ids=["footnote", "table", "quote", "comment", "unprinted-footnote", "raw-html"],
)
def test_a_committee_word_limit_counts_what_the_word_file_prints(bench: Bench, body: str, printed: int | None) -> None:
    from tests.test_profiles import docx_word_count

    respond(bench, "submit_to: commons-committee")
    before = _measured(bench)
    assert build(bench, formats="docx").exit_code == 0
    in_word = docx_word_count(bench.draft_out / "crisis-house.docx")
    contribute(bench, "70-more.md", body, answers="q1")
    after = _measured(bench)
    assert build(bench, formats="docx").exit_code == 0
    assert after - before == docx_word_count(bench.draft_out / "crisis-house.docx") - in_word, (before, after)
    if printed is not None:
        assert after - before == printed, (before, after)


# ------------------------------------------------------------------ label words and the look's structure


def _person(bench: Bench, pid: str, name: str, credit: str = "anonymous") -> None:
    write_file(
        bench,
        f"contributors/{pid}.yaml",
        f"name: {name}\ncredit: {credit}\nlived_experience: true\nconsent: {{recorded: 2025-01-10, quotes: attributed}}\n",
    )


@pytest.mark.parametrize("surname", ["Page", "Notes", "Date", "Hours", "People", "Table", "Question"])
def test_a_private_surname_that_is_a_label_word_is_refused_where_a_person_typed_it(bench: Bench, surname: str) -> None:
    _person(bench, "tam", f"Tamsin {surname}")
    w = contribute(bench, "70-label.md", f"Thanks to {surname} for the tea.\n", answers="q1")
    line, col = w.at(surname)
    refused(bench, w.rel, line, col, "tam")


LABEL_PLACES = [
    ("heading", "## With thanks to Page\n", "Page"),
    ("footnote", "Beds.[^n]\n\n[^n]: Page told us.\n", "Page"),
    ("image-alt", "![Drawn by Page](chart.png)\n", "Page"),
    ("table-cell", "| Who |\n|--|\n| Page |\n", "Page"),
    ("lower-case", "thanks to page for the tea.\n", "page"),
    ("possessive", "It was Page\u2019s idea.\n", "Page"),
]


@pytest.mark.parametrize(("body", "start"), [c[1:] for c in LABEL_PLACES], ids=[c[0] for c in LABEL_PLACES])
def test_a_private_surname_page_is_refused_in_every_printed_part_of_a_contribution(
    bench: Bench, body: str, start: str
) -> None:
    tiny_png(bench.response / "chart.png")
    _person(bench, "tam", "Tamsin Page")
    w = contribute(bench, "70-label.md", body, answers="q1")
    line, col = w.at(start)
    refused(bench, w.rel, line, {col, w.text.split("\n")[line - 1].index("[") + 1 if "[" in body else col}, "tam")


def test_a_private_surname_page_typed_in_response_yaml_is_refused(bench: Bench) -> None:
    _person(bench, "tam", "Tamsin Page")
    new = "activity: Reading group run by Page"
    w = edit(bench, RY, "activity: Reading group on the draft", new)
    refused(bench, RY, w.line_of(new), ANY, "tam")


@pytest.mark.parametrize("surname", ["Page", "Thorne"])
def test_a_word_of_a_name_in_the_organisations_name_is_said_and_a_whole_name_refused(
    bench: Bench, surname: str
) -> None:
    """The organisation's name is common text (an organisation may carry a founder's surname):
    a single word of someone's name there is printed, and the check says so at its column;
    their whole name there is refused."""
    _person(bench, "tam", f"Tamsin {surname}")
    new = f"organisation: Riverside Peer Network with {surname}"
    w = edit(bench, RY, "organisation: Riverside Peer Network", new)
    line = w.line_of(new)
    checked = check(bench)
    assert checked.exit_code == 0, checked.output
    column = new.index(surname) + 1 + (w.text.split("\n")[line - 1].index("organisation"))
    assert f"response.yaml:{line}:{column}:" in checked.output and "name.in-organisation" not in checked.output
    assert f"the organisation's name holds '{surname.lower()}'" in checked.output
    whole = edit(bench, RY, new, f"organisation: Riverside Peer Network with Tamsin {surname}")
    refused(bench, RY, whole.line_of("organisation:"), ANY, "tam")


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("brand.yaml", "# logo_alt: Our organisation's logo", "logo_alt: Logo drawn by Page"),
        ("style.css", ".skip-link {", '.skip-link::after { content: "drawn by Page" }\n.skip-link {'),
        ("response.html.j2", '<a class="skip-link"', '<p>Drawn by Page</p><a class="skip-link"'),
    ],
    ids=["brand-logo-alt", "css-content", "html-text"],
)
def test_a_private_surname_page_typed_in_the_look_is_refused(bench: Bench, file: str, old: str, new: str) -> None:
    """A person typed the word: the label exemption is for the labels coproduce prints, not for this."""
    _person(bench, "tam", "Tamsin Page")
    own_templates(bench)
    w = edit(bench, f"templates/{file}", old, new)
    refused(bench, f"templates/{file}", w.line_of("by Page"), OPTIONAL, "tam")


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("brand.yaml", "# logo_alt: Our organisation's logo", "logo_alt: Logo drawn by Thorne"),
        ("style.css", ".skip-link {", '.skip-link::after { content: "drawn by Thorne" }\n.skip-link {'),
        ("response.html.j2", '<a class="skip-link"', '<p>Drawn by Thorne</p><a class="skip-link"'),
    ],
    ids=["brand-logo-alt", "css-content", "html-text"],
)
def test_a_private_surname_typed_in_the_look_is_refused(bench: Bench, file: str, old: str, new: str) -> None:
    own_templates(bench)
    w = edit(bench, f"templates/{file}", old, new)
    refused(bench, f"templates/{file}", w.line_of("by Thorne"), OPTIONAL, "eli")


@pytest.mark.parametrize("surname", ["Page", "Notes", "Date"])
def test_a_private_surname_that_is_a_label_word_still_lets_the_labels_be_printed(bench: Bench, surname: str) -> None:
    _person(bench, "tam", f"Tamsin {surname}")
    built_clean(bench, formats="html,docx,txt", allow=(surname,))
    # and the whole name stays private in every output
    outputs = read_outputs(bench.draft_out)
    assert not [k for k, t in outputs.texts.items() if fold(f"Tamsin {surname}") in t]


TEMPLATE_PLACES = [
    ("css-comment", "style.css", "/* The default look", "/* Elias Thorne made the default look"),
    ("css-comment-reversed", "style.css", "/* The default look", "/* Thorne, Elias: the default look"),
    ("css-class", "style.css", ".skip-link {", ".elias-thorne, .skip-link {"),
    ("css-string", "style.css", ".skip-link {", '.skip-link::after { content: "Elias Thorne" }\n.skip-link {'),
    ("html-class", "response.html.j2", 'class="skip-link"', 'class="skip-link elias-thorne"'),
    ("html-id", "response.html.j2", 'class="skip-link"', 'id="elias-thorne" class="skip-link"'),
    ("html-title", "response.html.j2", 'class="skip-link"', 'title="Elias Thorne" class="skip-link"'),
    ("html-comment", "response.html.j2", '<a class="skip-link"', '<!-- Elias Thorne --><a class="skip-link"'),
    ("jinja-comment", "response.html.j2", '<a class="skip-link"', '{# Elias Thorne #}<a class="skip-link"'),
    ("jinja-string", "response.html.j2", '<a class="skip-link"', '{{ "Elias Thorne" }}<a class="skip-link"'),
    ("brand-logo-alt", "brand.yaml", "# logo_alt: Our organisation's logo", "logo_alt: Logo by Elias Thorne"),
    ("html-two-classes", "response.html.j2", 'class="skip-link"', 'class="skip-link elias thorne"'),
    ("html-data-attribute", "response.html.j2", 'class="skip-link"', 'data-who="Elias Thorne" class="skip-link"'),
    ("css-two-selectors", "style.css", ".skip-link {", ".elias .thorne, .skip-link {"),
    ("css-url", "style.css", ".skip-link {", ".x { background: url(elias-thorne.png) }\n.skip-link {"),
    ("css-custom-property", "style.css", ".skip-link {", ":root { --elias-thorne: 1px }\n.skip-link {"),
    ("jinja-split", "response.html.j2", '<a class="skip-link"', 'Elias {{ "" }}Thorne<a class="skip-link"'),
    ("brand-comment", "brand.yaml", "# logo_alt: Our organisation's logo", "# drawn by Elias Thorne"),
]


@pytest.mark.parametrize(("file", "old", "new"), [c[1:] for c in TEMPLATE_PLACES], ids=[c[0] for c in TEMPLATE_PLACES])
def test_a_private_name_in_the_look_is_refused_by_both_or_reaches_no_output(
    bench: Bench, file: str, old: str, new: str
) -> None:
    own_templates(bench)
    rel = f"templates/{file}"
    w = edit(bench, rel, old, new)
    result = build(bench, formats="html,docx,txt")
    assert "Traceback" not in result.output, result.output
    checked = check(bench)
    assert (result.exit_code == 0) == (checked.exit_code == 0), (
        f"check and build disagree:\nbuild ({result.exit_code}):\n{result.output}\ncheck ({checked.exit_code}):\n"
        f"{checked.output}"
    )
    if result.exit_code == 0:
        built_clean(bench, formats="html,docx,txt")
        raw = fold("\n".join(read_outputs(bench.draft_out).raw.values()))
        assert " elias thorne " not in raw and " thorne elias " not in raw
    else:
        refused(bench, rel, w.line_of("Elias") if "Elias" in new else w.line_of("elias"), OPTIONAL)


# ------------------------------------------------------------------ the serve preview's source marks

LONG = "This sentence goes on " + " ".join(["and on"] * 14) + " until it ends."  # over 25 words: advice


def _preview(bench: Bench) -> dict[str, object]:
    """The workbench's preview of the response (pipeline/web/preview.py), as its page serves it."""
    from tests.web.conftest import client_for

    with client_for(bench.root, [bench.response]) as client:
        page = client.get("/r/crisis-house/preview/page")
        assert page.status_code == 200, page.text
    from pipeline.settings import make_settings
    from pipeline.web.preview import preview

    made = preview(bench.response, make_settings().today)
    assert (made.html or None) == (page.text if made.ok else None)
    return {"ok": made.ok, "html": made.html, "problems": [str(p) for p in made.problems]}


def _markup(page: str) -> list[str]:
    """Every tag and comment of the page, as a browser would meet them (lower-cased)."""
    return [t.lower() for t in re.findall(r"<!--.*?-->|<[a-zA-Z/!][^>]*>", page, re.S)]


def _notes_before(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<aside class="coproduce-problem" role="note"><ul>(.*?)</ul></aside>\s*<p>(.*?)</p>', page, re.S)


FAKE_MARKS = [
    ("paragraph", "{m}\n"),
    ("inline", "Beds {m} matter.\n"),
    ("code-span", "`{m}`\n"),
    ("fenced-code", "```\n{m}\n```\n"),
    ("footnote", "Beds.[^n]\n\n[^n]: {m}\n"),
    ("image-alt", "![{m}](chart.png)\n"),
    ("link-title", '[x](https://example.org "{m}")\n'),
    ("heading", "## {m}\n"),
    ("table-cell", "| a |\n|--|\n| {m} |\n"),
]


@pytest.mark.parametrize("form", [c[1] for c in FAKE_MARKS], ids=[c[0] for c in FAKE_MARKS])
def test_a_source_mark_typed_in_a_contribution_stays_text_and_moves_no_problem(bench: Bench, form: str) -> None:
    tiny_png(bench.response / "chart.png")
    # the long sentence is line 8 of 60-q3-long.md: a fake mark claims that line for the typed text
    fake = "<!--src responses/crisis-house/60-q3-long.md:8:8-->"
    contribute(bench, "60-q3-long.md", f"A short start.\n\n{LONG}\n", status="draft")
    contribute(bench, "61-q3-fake.md", form.format(m=fake) + "\n<script>alert(1)</script>\n", status="draft")
    answer = _preview(bench)
    assert answer["ok"], answer["problems"]
    page = str(answer["html"])
    assert "<!--src" not in page and "<script>alert" not in page.lower()
    made = [t for t in _markup(page) if t.startswith(("<script", "<!--src")) or "alert" in t]
    assert not made, f"typed markup became markup: {made}"
    placed = [(note, para) for note, para in _notes_before(page) if "60-q3-long.md:8" in note]
    assert len(placed) == 1 and placed[0][1].startswith("This sentence goes on"), page
    asides = re.findall(r'<aside class="coproduce-problem".*?</aside>', page, re.S)
    assert len([a for a in asides if "60-q3-long.md:8" in a]) == 1, "the problem is placed once, by its paragraph"


@pytest.mark.parametrize(
    "name",
    ["60-q3-<i>x.md", "60-q3-a--!>b.md", "60-q3-&lt;b&gt;.md", '60-q3-a"b.md', "60-q3-a'><script>x.md"],
)
def test_a_file_name_with_markup_injects_nothing_into_the_preview(bench: Bench, name: str) -> None:
    try:
        (bench.response / name).write_text(
            f"---\nanswers: q3\nby: [hal]\nstatus: draft\n---\nA short start.\n\n{LONG}\n", encoding="utf-8"
        )
    except OSError:
        pytest.skip("the file system refuses this name")
    answer = _preview(bench)
    page = str(answer["html"])
    tags = _markup(page)
    assert not [t for t in tags if t == "<i>" or "<script" in t or t == "<b>"], tags
    assert not [t for t in tags if t.startswith("<!--") and "60-q3" in t], "a source mark is left in the page"
    if answer["ok"]:
        placed = [para for note, para in _notes_before(page) if ":8:" in note and "60-q3" in note]
        assert placed and placed[0].startswith("This sentence goes on"), page


def test_a_file_name_with_markup_stays_text_on_the_dashboard(bench: Bench) -> None:
    from tests.web.conftest import client_for

    (bench.response / "60-q3-<script>x.md").write_text(
        f"---\nanswers: q3\nby: [hal]\nstatus: draft\n---\n{LONG}\n", encoding="utf-8"
    )
    client = client_for(bench.root, [bench.response])
    page = client.get("/")
    assert page.status_code == 200
    assert "60-q3-&lt;script&gt;x.md" in page.text  # the file is listed, as text
    assert not [t for t in _markup(page.text) if "x.md" in t or t.startswith("<script>x")], page.text


# ------------------------------------------------------------------ the PDF's structure after pdf_structure.py


def _structure_strings(pdf: object) -> tuple[list[object], list[str]]:
    """(every structure element, every /Alt, /ActualText, /E, /T and annotation /Contents as text)."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    elements: list[object] = []
    strings: list[str] = []
    seen: set[tuple[int, int]] = set()

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for k in node:
                walk(k)
            return
        if not isinstance(node, pikepdf.Dictionary):
            return
        if node.is_indirect:
            if node.objgen in seen:
                return
            seen.add(node.objgen)
        if "/S" in node and "/P" in node:
            elements.append(node)
        for key in ("/Alt", "/ActualText", "/E", "/T"):
            if key in node and isinstance(node[key], pikepdf.String):
                strings.append(str(node[key]))
        if "/Obj" in node and isinstance(node.Obj, pikepdf.Dictionary) and "/Contents" in node.Obj:
            strings.append(str(node.Obj.Contents))
        if "/K" in node:
            walk(node.K)
        if "/Obj" in node:
            walk(node.Obj)

    walk(pdf.Root.StructTreeRoot)
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if "/Contents" in annot:
                strings.append(str(annot.Contents))
    return elements, strings


def test_the_pdf_keeps_alt_lang_and_title_and_its_structure_names_nobody(bench: Bench) -> None:
    import pikepdf

    from tests.attacks.readers import people_of

    tiny_png(bench.response / "chart.png")
    contribute(
        bench,
        "70-pictures.md",
        "![A chart of beds in Eastmoor](chart.png)\n\n"
        "[![The chart again, as a link](chart.png)](https://example.org/beds)\n\n"
        "See [the survey](https://example.org/survey) and <https://example.org/plain>.\n\n"
        "| Place | Beds |\n|--|--|\n| Eastmoor | 6 |\n\n"
        "> We waited all night.\n> \u2014 @eli\n",
        answers="q3",
    )
    built_clean(bench, formats="pdf", phrases=("kettle in the quiet room",))
    with pikepdf.open(bench.draft_out / "crisis-house.pdf") as pdf:
        assert str(pdf.Root.get("/Lang", "")).lower() == "en-gb"
        title = str(pdf.docinfo.get("/Title", ""))
        with pdf.open_metadata() as xmp:
            xmp_title = str(xmp.get("dc:title", ""))
        assert "Eastmoor crisis-house survey" in title or "Eastmoor crisis-house survey" in xmp_title
        assert pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True
        elements, strings = _structure_strings(pdf)
        figures = [e for e in elements if e.S == "/Figure"]
        assert len(figures) >= 2, "both pictures are figures"
        assert all(str(e.get("/Alt", "")).strip() for e in figures), [e.get("/Alt") for e in figures]
        alts = {str(e.Alt) for e in figures}
        assert {"A chart of beds in Eastmoor", "The chart again, as a link"} <= alts, alts
        links = [e for e in elements if e.S == "/Link"]
        assert links, "links are tagged"
    folded = fold("\n".join(strings))
    private = [s.text for s in people_of(bench.root).secrets if s.whole_name and fold(s.text) in folded]
    assert not private, private
    assert fold("kettle in the quiet room") not in folded


# ------------------------------------------------------------------ pictures taken in from a Word file

VOLUNTEER = "Elias Thorne"  # eli: anonymous
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>'
    f"{VOLUNTEER}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _signed_png() -> bytes:
    import io

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", VOLUNTEER)
    info.add_text("Comment", f"photo by {VOLUNTEER}", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP)
    out = io.BytesIO()
    Image.new("RGB", (6, 5), (200, 30, 30)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _signed_jpeg() -> bytes:
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = VOLUNTEER  # Artist
    exif[0x8298] = f"(c) {VOLUNTEER}"  # Copyright
    out = io.BytesIO()
    Image.new("RGB", (6, 5), (30, 30, 200)).save(
        out, "JPEG", exif=exif.tobytes(), comment=VOLUNTEER.encode(), xmp=XMP.encode()
    )
    return out.getvalue()


def _word(picture: bytes, alt: str, *, rename: tuple[str, str] | None = None, who: str = "ada") -> bytes:
    import io
    import zipfile

    import docx

    from tests.test_intake import rezip

    document = docx.Document()
    document.add_paragraph("Question: 1")
    document.add_paragraph(f"Written by: {who}")
    p = document.add_paragraph("Before the picture ")
    shape = p.add_run().add_picture(io.BytesIO(picture))
    shape._inline.docPr.set("descr", alt)
    p.add_run(" and after it.")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if rename is None:
        return data
    old, new = rename  # the picture is stored under another kind's name
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        body = z.read(f"word/media/{old}")
        types = z.read("[Content_Types].xml").decode()
    suffix = new.rsplit(".", 1)[1]
    if f'Extension="{suffix}"' not in types:  # as Word would declare it
        types = types.replace("</Types>", f'<Default Extension="{suffix}" ContentType="image/{suffix}"/></Types>')
    return rezip(
        data,
        {
            f"word/media/{old}": None,
            f"word/media/{new}": body,
            "word/_rels/document.xml.rels": rels.replace(old, new),
            "[Content_Types].xml": types,
        },
    )


def _intake(bench: Bench, data: bytes) -> str:
    from tests.conftest import run

    shared = bench.root.parent / "shared"
    shared.mkdir(exist_ok=True)
    (shared / "answer.docx").write_bytes(data)
    result = run(["intake", str(shared)], cwd=bench.root)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1), (result.output, result.exception)
    return result.output


def _taken(bench: Bench) -> tuple[Path, str]:
    (md,) = sorted(bench.response.glob("*-intake.md"))
    return md, md.read_text(encoding="utf-8")


@pytest.mark.parametrize("make", [_signed_png, _signed_jpeg], ids=["png-text-and-xmp", "jpeg-exif-com-xmp"])
def test_a_picture_taken_in_keeps_no_name_from_its_metadata(bench: Bench, make: object) -> None:
    from tests.attacks.readers import image_metadata

    data = make()  # type: ignore[operator]
    assert VOLUNTEER.encode() in data  # the attack is really in the file
    _intake(bench, _word(data, "A red square"))
    _, text = _taken(bench)
    pictures = sorted(bench.response.glob("*-intake-picture-*"))
    assert len(pictures) == 1 and f"![A red square]({pictures[0].name})" in text
    saved = pictures[0].read_bytes()
    assert not image_metadata(saved), image_metadata(saved)
    for form in (VOLUNTEER, "Thorne", "Elias", "T\x00h\x00o\x00r\x00n\x00e"):
        assert form.encode() not in saved, form
    built_clean(bench, present=("A red square",))


def test_a_private_name_in_a_pictures_alt_text_is_taken_in_and_then_refused_at_its_line(bench: Bench) -> None:
    _intake(bench, _word(_signed_png(), f"Drawing by {VOLUNTEER}"))
    md, text = _taken(bench)
    rel = md.relative_to(bench.root).as_posix()
    line = text[: text.index("![")].count("\n") + 1
    col = text.split("\n")[line - 1].index("Elias") + 1
    refused(bench, rel, line, {col, text.split("\n")[line - 1].index("![") + 1}, "eli")


def test_a_picture_that_is_not_what_its_name_says_is_left_out_and_the_words_kept(bench: Bench) -> None:
    out = _intake(bench, _word(_signed_jpeg(), "A blue square", rename=("image1.jpg", "image1.png")))
    assert "not what its name says" in out, out
    _, text = _taken(bench)
    assert "Before the picture" in text and "and after it." in text and "![" not in text
    assert not list(bench.response.glob("*-intake-picture-*"))


def _bomb() -> bytes:
    """A PNG that says it is 60000 by 60000 pixels: a few bytes that would take gigabytes to open."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = zlib.compress(b"\x00" * (1 + 60000 // 8) * 8)  # a start of rows, never the whole picture
    header = struct.pack(">IIBBBBB", 60000, 60000, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_left_out_and_the_words_kept(bench: Bench) -> None:
    import io
    import zipfile

    from tests.test_intake import rezip

    data = _word(_signed_png(), "A huge picture")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        (name,) = [n for n in z.namelist() if n.startswith("word/media/")]
    out = _intake(bench, rezip(data, {name: _bomb()}))
    assert "too many pixels" in out, out
    _, text = _taken(bench)
    assert "Before the picture" in text and "![" not in text
