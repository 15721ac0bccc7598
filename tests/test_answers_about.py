"""The answers export (`-answers.txt`) opens with who is responding, as a form's "About you" asks (issue 22):
each organisation's name and contact details, in the response's language; the contact person only when they
are credited by their own name (the title page's rule); no answer's count or pasted text changes.

Read as plain text, the way a coordinator copies from it.
"""

from __future__ import annotations

from tests.conftest import run
from tests.factory import RESPONSE, Bench
from tests.test_organisations import CO_SIGNED, DETAILS, EXPECTED, with_organisation


def export(bench: Bench, *args: str) -> str:
    result = run(["build", str(bench.response), "--format", "txt", "--draft", *args], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return (bench.draft_out / "crisis-house-answers.txt").read_text(encoding="utf-8")


def answers_part(text: str) -> str:
    return text[text.index("=" * 72) :]


def test_the_export_opens_with_the_organisations_details_and_leaves_every_answer_as_it_was(bench: Bench) -> None:
    plain = export(bench)
    assert "About you" not in plain  # no details given: the export is as it was
    with_organisation(bench, DETAILS)
    text = export(bench)
    lines = text.splitlines()
    at = lines.index("About you (the form's questions about who is responding)")
    assert lines[at + 1] == "Riverside Peer Network"
    assert lines[at + 2 : at + 2 + len(EXPECTED)] == [f"  {line}" for line in EXPECTED]
    assert at < lines.index(next(line for line in lines if line.startswith("How the counts are made")))
    # every question, its counts and the text to paste: the same bytes as without the details
    assert answers_part(text) == answers_part(plain)
    # the one-file-a-question answers too
    run(["build", str(bench.response), "--format", "answers", "--draft"], cwd=bench.root)
    assert "Riverside" not in (bench.draft_out / "crisis-house-answers" / "q1.txt").read_text(encoding="utf-8")


def test_a_contact_credited_otherwise_than_by_name_is_not_in_the_export(bench: Bench) -> None:
    with_organisation(bench, DETAILS.replace("contact: ada", "contact: bo"))  # bo is credited by initials
    text = export(bench)
    assert "Contact:" not in text and "Peer Lead" not in text and "Bo Lindqvist" not in text
    assert "  Email: hello@riverside.example.org.uk" in text.splitlines()


def test_the_export_says_it_in_welsh_for_a_welsh_response(bench: Bench) -> None:
    with_organisation(bench, DETAILS, RESPONSE.replace("language: en-GB", "language: cy-GB"))
    lines = export(bench).splitlines()
    assert "Amdanoch chi (cwestiynau'r ffurflen am bwy sy'n ymateb)" in lines
    assert "  Cyswllt: Ada Fenwick, Peer Lead" in lines
    assert "  Rhif elusen gofrestredig: SC099001 (Yr Alban)" in lines


def test_a_co_signed_export_gives_each_organisations_details_under_its_name(bench: Bench) -> None:
    with_organisation(bench, CO_SIGNED, RESPONSE.replace("    lead: hal\n", ""))
    lines = export(bench).splitlines()
    at = lines.index("About you (the form's questions about who is responding)")
    assert lines[at + 1 : at + 6] == [
        "Riverside Peer Network",
        "  Email: hello@riverside.example.org.uk",
        "Quayside Mind",
        "  Phone: 0117 496 0123",
        "",
    ]
