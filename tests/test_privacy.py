"""Promise 1 and 2: withheld names and addresses appear in no output; withdrawn words are left out."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_user_error, docx_parts, pdf_metadata, pdf_text, run
from tests.factory import CREDITED, WITHDRAWN_WORDS, WITHHELD, Bench, signed


def outputs(b: Bench) -> dict[str, str]:
    """Every output as a person or a tool could read it: PDF text and metadata, each DOCX part, HTML, text."""
    out = b.out
    texts = {
        "pdf text": pdf_text(out / "crisis-house.pdf"),
        "pdf metadata": pdf_metadata(out / "crisis-house.pdf"),
        "pdf bytes": (out / "crisis-house.pdf").read_bytes().decode("latin-1"),
        "html": (out / "crisis-house.html").read_text(encoding="utf-8"),
        "txt": (out / "crisis-house-answers.txt").read_text(encoding="utf-8"),
    }
    for part, text in docx_parts(out / "crisis-house.docx").items():
        texts[f"docx {part}"] = text
        texts[f"docx {part} (text only)"] = re.sub(r"<[^>]+>", "", text)
    return texts


@pytest.mark.parametrize("secret", WITHHELD)
def test_withheld_strings_appear_in_no_output(built: Bench, secret: str) -> None:
    for where, text in outputs(built).items():
        assert secret.lower() not in text.lower(), f"{secret!r} leaked into {where}"


@pytest.mark.parametrize("credit", CREDITED)
def test_each_person_is_credited_as_they_chose(built: Bench, credit: str) -> None:
    texts = outputs(built)
    for where in ("pdf text", "html", "docx word/document.xml (text only)"):
        assert credit in texts[where], f"{credit!r} missing from {where}"


def test_the_withheld_check_can_see_a_leak(built: Bench) -> None:
    # the test above reads real text: a credited name must be found by the same reading
    assert any("Ada Fenwick" in t for t in outputs(built).values())


def test_withdrawn_words_are_left_out_and_the_build_says_so(bench: Bench) -> None:
    result = run(["build", str(bench.response), "--format", "html,txt,docx"])
    assert result.exit_code == 0, result.output
    assert "30-q2-withdrawn.md: left out, written by gus" in result.output
    assert "a quote by gus, who withdrew on 2025-06-01" in result.output
    html = (bench.out / "crisis-house.html").read_text()
    assert WITHDRAWN_WORDS not in html
    assert WITHDRAWN_WORDS not in (bench.out / "crisis-house-answers.txt").read_text()
    assert WITHDRAWN_WORDS not in docx_parts(bench.out / "crisis-house.docx")["word/document.xml"]
    # the rest of a contribution that quoted them is kept, and nothing is deleted
    assert "Peer researchers gathered these views" in html
    assert (bench.response / "30-q2-withdrawn.md").is_file()
    assert (bench.root / "contributors" / "gus.yaml").is_file()


def test_a_withdrawal_recorded_later_takes_effect_on_the_next_build(bench: Bench) -> None:
    run(["build", str(bench.response), "--format", "txt"])
    assert "refer themselves" in (bench.out / "crisis-house-answers.txt").read_text()
    bench.write(
        "contributors/cy.yaml",
        """
        name: Cyrus Marlow
        credit: pseudonym
        pseudonym: Cygnet
        lived_experience: true
        consent: {recorded: 2025-01-10, quotes: attributed, withdrawn: 2025-09-01}
        """,
    )
    result = run(["build", str(bench.response), "--format", "txt,html"])
    assert result.exit_code == 1 and "question q2 has no answer now" in result.output  # a decision to make
    yaml = bench.response / "response.yaml"
    yaml.write_text(yaml.read_text().replace("limit: 100", "limit: 100\n    unanswered: true"))
    result = run(["build", str(bench.response), "--format", "txt,html"])
    assert result.exit_code == 0, result.output
    assert "31-q2-referral.md: left out, written by cy" in result.output
    assert "refer themselves" not in (bench.out / "crisis-house-answers.txt").read_text()
    assert "Cygnet" not in (bench.out / "crisis-house.html").read_text()


def test_credits_count_people_who_are_not_named(built: Bench) -> None:
    html = outputs(built)["html"]
    # bo is credited by initials; eli (anonymous) and fay (no consent date) are not named
    assert "Two more people took part and are not named here." in html
    # 6 people with lived experience took part (gus withdrew); hours: 2.5*3 (ada, bo, cy) + 2*4 (ada, dee, eli, fay)
    assert "co-produced with 6 people with lived experience, who gave 15.5 hours across 2 sessions" in html


def test_quotes_are_attributed_as_chosen(built: Bench) -> None:
    html = outputs(built)["html"]
    assert "— Peer Researcher" in html  # dee: role
    # eli chose anonymous credit, bo chose anonymous quotes: their quotes carry no attribution
    assert "I slept for the first time in a week." in html
    assert "— B.L." not in html
    assert "Being able to ring them myself" in html


def test_text_that_names_a_withheld_person_stops_the_build(bench: Bench) -> None:
    bench.contribution(
        "50-about.md",
        """
        ---
        section: about
        by: [hal]
        status: approved
        ---
        Our thanks go to Elias Thorne for the idea.
        """,
    )
    out = assert_user_error(run(["build", str(bench.response), "--format", "txt"]))
    assert "50-about.md:6:18: the text gives the full name of contributor 'eli'" in out
    assert not (bench.out / "crisis-house-answers.txt").exists()


def test_a_quote_without_consent_is_refused(bench: Bench) -> None:
    bench.contribution(
        "60-more.md",
        """
        ---
        answers: q3
        by: [hal]
        status: approved
        ---
        More to say.

        > I never said you could print this.
        > — @ivy
        """,
    )
    out = assert_user_error(run(["check", str(bench.response)]))
    assert "60-more.md:9: this quote is by 'ivy', who has not consented to being quoted" in out


def test_a_quote_by_someone_without_a_consent_date_is_refused(bench: Bench) -> None:
    bench.contribution(
        "60-more.md",
        """
        ---
        answers: q3
        by: [hal]
        status: approved
        ---
        > Fay's words.
        > -- @fay
        """,
    )
    out = assert_user_error(run(["check", str(bench.response)]))
    assert "this quote is by 'fay', who has not consented to being quoted" in out


def test_a_name_typed_into_a_template_is_found_where_it_was_typed(bench: Bench) -> None:
    import shutil

    from pipeline.load.workbench import SHIPPED_TEMPLATES

    shutil.copytree(SHIPPED_TEMPLATES, bench.root / "templates")
    page = bench.root / "templates" / "response.html.j2"
    page.write_text(
        page.read_text().replace('<main id="_main">', '<main id="_main">\n<p>Designed with <b>Elias</b> Thorne</p>')
    )
    for args in (["check"], ["build", "--format", "html"]):
        out = assert_user_error(run([*args, str(bench.response)]))
        assert re.search(r"templates/response\.html\.j2:\d+:\d+: .*full name of contributor 'eli'", out), out
    assert not (bench.out / "crisis-house.html").exists()


def test_leak_guard_reads_outputs_and_traces_a_leak_back(bench: Bench) -> None:
    from pipeline.build import check
    from pipeline.render.guard import guard
    from pipeline.settings import make_settings

    checked = check(bench.response, make_settings())
    found = guard(checked, {"x.html": b"<p>Thanks to <b>Eli</b>as Tho&#114;ne</p>", "y.txt": b"Thanks to Ada"})
    assert ("name.in-output", "x.html text") in [(p.code, p.path) for p in found]
    assert {p.path for p in found} <= {"x.html text", "x.html source"}  # nothing from the text export
    assert all("contributor 'eli'" in p.message for p in found)
    assert not guard(checked, {"y.txt": b"Thanks to Ada Fenwick, Cygnet and B.L."})


def _commit_as(bench: Bench, name: str, email: str, message: str) -> None:
    import git

    repo = git.Repo(bench.root) if (bench.root / ".git").exists() else git.Repo.init(bench.root)
    repo.git.add(A=True)
    actor = git.Actor(name, email)
    repo.index.commit(message, author=actor, committer=actor)


def test_git_identities_never_reach_an_output(bench: Bench) -> None:
    _commit_as(bench, "Hal Brennan", "hal@example.org", "start")
    # an unknown committer, whose name is then typed into a contribution
    path = bench.response / "10-summary.md"
    path.write_text(path.read_text() + "\nThanks to Quentin Unmapped.\n")
    _commit_as(bench, "Quentin Unmapped", "quentin@example.com", "edit")
    out = assert_user_error(run(["build", str(bench.response), "--format", "html,txt"]))
    assert (
        "10-summary.md:9:11: the text gives a git author name ('Quentin Unmapped') from the repository's history" in out
    )
    assert not (bench.out / "crisis-house.html").exists()


def test_git_edits_credit_the_mapped_person_as_they_chose(bench: Bench) -> None:
    _commit_as(bench, "Hal Brennan", "hal@example.org", "start")
    path = bench.response / "31-q2-referral.md"
    path.write_text(path.read_text() + "\nA small fix.\n")
    _commit_as(bench, "Delphine O.", "DELPHINE@example.org", "edit")  # dee, credited by role
    # the text changed after it was approved: the lead approves it again before the final build
    assert run(["approve", str(path), "--by", "hal"], cwd=bench.root).exit_code == 0
    # dee changed cy's words: cy confirms them before a final build (issue 21)
    confirmed = run(["confirmations", "record", str(bench.response), path.name, "--by", "cy"], cwd=bench.root)
    assert confirmed.exit_code == 0, confirmed.output
    result = run(["build", str(bench.response), "--format", "html"])
    assert result.exit_code == 0, result.output
    html = (bench.out / "crisis-house.html").read_text()
    credits = html[html.index('id="credits"') :]
    assert "Peer Researcher" in credits and "edited" in credits
    assert "Delphine O." not in html and "delphine@example.org" not in html.lower()


def test_a_one_word_name_that_is_also_a_word_gets_a_way_out(bench: Bench) -> None:
    bench.write("contributors/hope.yaml", "name: Hope\ncredit: anonymous\n")
    bench.contribution(
        "70-x.md", signed("---\nanswers: q3\nby: [hope]\nstatus: approved\n---\nWe hope for more beds.\n")
    )
    out = assert_user_error(run(["check", str(bench.response)]))
    assert "70-x.md:7:4: the text gives the name of contributor 'hope' ('hope')" in out
    assert "if 'hope' is an ordinary word here, add  ordinary_words: [Hope]  to contributors/hope.yaml" in out
    # the person's file may say so; check then lists the uses for a reviewer
    bench.write("contributors/hope.yaml", "name: Hope\ncredit: anonymous\nordinary_words: [Hope]\n")
    result = run(["check", str(bench.response)])
    assert result.exit_code == 0, result.output
    assert "contributors/hope.yaml:3: words of hope's name are read as ordinary words 1 time" in result.output
