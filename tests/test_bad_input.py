"""Promise 4: bad input gets file, line and a fix, a non-zero exit, no traceback, all problems at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_user_error, run
from tests.factory import Bench

R = "responses/crisis-house"


def check(bench: Bench) -> str:
    return assert_user_error(run(["check", str(bench.response)]))


def test_unparsable_yaml_names_file_line_and_fix(bench: Bench) -> None:
    bench.write("contributors/ada.yaml", "name: Ada Fenwick\ncredit: name\nrole: Part 2: detention\n")
    out = check(bench)
    assert "contributors/ada.yaml:3: YAML could not be read: mapping values are not allowed here" in out
    assert "must be put in quotes" in out


def test_bad_front_matter_yaml(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q1\nby: [ada\n---\nText\n")
    out = check(bench)
    assert f"{R}/70-x.md:" in out and "YAML could not be read" in out


def test_unknown_contributor_id(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q1\nby: [ada, zed]\nstatus: approved\n---\nText\n")
    out = check(bench)
    assert f"{R}/70-x.md:3: by 'zed' is not a contributor; add contributors/zed.yaml or correct the id" in out


def test_unknown_question_id(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q9\nby: [ada]\nstatus: approved\n---\nText\n")
    out = check(bench)
    assert f"{R}/70-x.md:2: question 'q9' is not in {R}/response.yaml; use one of: q1, q2, q3" in out


def test_missing_required_field(bench: Bench) -> None:
    text = (bench.response / "response.yaml").read_text().replace("organisation: Riverside Peer Network\n", "")
    (bench.response / "response.yaml").write_text(text)
    out = check(bench)
    assert f"{R}/response.yaml:1: 'organisation' is missing; write the organisation's name" in out


def test_bad_date(bench: Bench) -> None:
    bench.write("contributors/ada.yaml", "name: Ada Fenwick\nconsent:\n  recorded: 2025-13-40\n")
    out = check(bench)
    assert "contributors/ada.yaml:3:13: 'consent.recorded' ('2025-13-40') is not valid" in out
    assert "like 2024-02-01" in out


def test_unknown_status(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [ada]\nstatus: finished\n---\nText\n")
    out = check(bench)
    assert f"{R}/70-x.md:4:9: 'status' ('finished') is not valid" in out
    assert "write one of: draft, review, approved" in out


def test_misspelt_field_gets_a_suggestion(bench: Bench) -> None:
    bench.write("contributors/ada.yaml", "name: Ada Fenwick\ncredt: name\n")
    out = check(bench)
    assert "contributors/ada.yaml:2:1: unknown field 'credt'; did you mean 'credit'?" in out


def test_image_without_alt_text(bench: Bench) -> None:
    from tests.sample_doc import tiny_png

    tiny_png(bench.response / "chart.png")
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [ada]\nstatus: approved\n---\nSee below.\n\n![](chart.png)\n")
    out = check(bench)
    assert f"{R}/70-x.md:8: the image 'chart.png' has no alt text; describe the image" in out


@pytest.mark.parametrize(
    "src, message",
    [
        ("/etc/passwd", "is not a file in the response folder"),
        ("../../contributors/ada.yaml", "is outside the response folder"),
        ("https://example.org/a.png", "is not a file in the response folder"),
        ("missing.png", "does not exist"),
        ("response.yaml", "is not a PNG, JPEG or GIF"),
    ],
)
def test_images_only_from_the_response_folder(bench: Bench, src: str, message: str) -> None:
    bench.contribution("70-x.md", f"---\nanswers: q3\nby: [ada]\nstatus: approved\n---\n![A chart]({src})\n")
    out = check(bench)
    assert f"{R}/70-x.md:6: the image '{src}' {message}" in out


@pytest.mark.parametrize(
    "href, fix",
    [
        ("notes.pdf", "a link to a file or a page on this computer will not work"),
        ("../../contributors/ada.yaml", "a link to a file or a page on this computer will not work"),
        ("ftp://example.org/x", "link to a web page (https://...)"),
        ("www.example.org", "write the whole address: https://www.example.org"),
        ("#question-q1", "a link to a place in the document"),
    ],
)
def test_a_link_that_is_not_web_mail_or_phone_blocks_only_a_final_build(bench: Bench, href: str, fix: str) -> None:
    bench.contribution(
        "70-x.md", f"---\nanswers: q3\nby: [ada]\nstatus: approved\n---\nFirst line,\nthen see [this]({href}).\n"
    )
    out = check(bench)
    # the line that holds the link, not the paragraph's first line
    assert f"{R}/70-x.md:7: the link to '{href}' is not a web, e-mail or phone address" in out
    assert fix in out
    draft = run(["build", str(bench.response), "--draft", "--format", "html"])
    assert draft.exit_code == 0, draft.output
    assert "(warning)" in draft.output
    html = (bench.draft_out / "crisis-house.html").read_text(encoding="utf-8")
    assert "then see this." in html and f'href="{href}"' not in html


def test_a_phone_link_is_a_link(bench: Bench) -> None:
    bench.contribution(
        "70-x.md", "---\nanswers: q3\nby: [ada]\nstatus: approved\n---\nRing [the line](tel:+441234567890).\n"
    )
    assert run(["build", str(bench.response), "--draft", "--format", "html"]).exit_code == 0
    assert 'href="tel:+441234567890"' in (bench.draft_out / "crisis-house.html").read_text(encoding="utf-8")


def test_file_not_utf8(bench: Bench) -> None:
    (bench.response / "70-x.md").write_bytes("---\nanswers: q3\nby: [ada]\n---\ncaf\xe9 au lait\n".encode("latin-1"))
    out = check(bench)
    assert f"{R}/70-x.md:5: this file is not UTF-8 text; save it again as UTF-8" in out


def test_no_front_matter(bench: Bench) -> None:
    bench.contribution("70-x.md", "Just some text\n")
    out = check(bench)
    assert f"{R}/70-x.md:1: this contribution has no front matter" in out


def test_duplicate_key(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [ada]\nby: [bo]\nstatus: approved\n---\nText\n")
    out = check(bench)
    assert f"{R}/70-x.md:4: 'by' is given twice (first on line 3)" in out


def test_pseudonym_credit_needs_a_pseudonym(bench: Bench) -> None:
    bench.write("contributors/cy.yaml", "name: Cyrus Marlow\ncredit: pseudonym\n")
    out = check(bench)
    assert "contributors/cy.yaml:1: credit is pseudonym but no pseudonym is given; add  pseudonym: ..." in out


def test_every_problem_is_listed_at_once(bench: Bench) -> None:
    bench.write("contributors/ada.yaml", "name: Ada Fenwick\ncredit: famous\n")
    bench.contribution("70-x.md", "---\nanswers: q9\nby: [ada]\nstatus: approved\n---\nText\n")
    bench.contribution("71-y.md", "---\nanswers: q3\nby: [ada]\nstatus: done\n---\nText\n")
    (bench.response / "72-z.md").write_bytes(b"---\nanswers: q3\n---\n\xff\xfe")
    out = check(bench)
    assert "contributors/ada.yaml:2:9: 'credit'" in out
    assert "72-z.md:4: this file is not UTF-8" in out
    assert "71-y.md:4:9: 'status' ('done')" in out
    assert "problems to fix" in out or "to fix" in out


def test_final_build_refuses_unapproved_work_with_a_list(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [ada]\nstatus: draft\n---\nText\n")
    bench.contribution("71-y.md", "---\nanswers: q3\nby: [bo]\nstatus: review\n---\nText\n")
    out = assert_user_error(run(["build", str(bench.response), "--format", "txt"]))
    assert "70-x.md:4: this contribution is 'draft', not approved" in out
    assert "71-y.md:4: this contribution is 'review', not approved" in out
    assert "The final submission was not built." in out


def test_word_limit_over_blocks_a_final_build(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [ada]\nstatus: approved\n---\n" + "word " * 10 + "\n")
    text = (
        (bench.response / "response.yaml")
        .read_text()
        .replace("text: Anything else?", "text: Anything else?\n    limit: 5")
    )
    (bench.response / "response.yaml").write_text(text)
    out = assert_user_error(run(["build", str(bench.response), "--format", "txt"]))
    assert "the answer to q3 has 10 words, over its limit of 5; cut 5 words from responses/crisis-house/70-x.md" in out


def test_usage_errors_exit_2(bench: Bench, tmp_path: Path) -> None:
    assert "unknown format 'odt'" in assert_user_error(run(["build", str(bench.response), "--format", "odt"]), 2)
    empty = tmp_path / "nowhere"
    empty.mkdir()
    out = assert_user_error(run(["build", str(empty)]), 2)
    assert "no workbench found" in out
    out = assert_user_error(run(["build", str(bench.root / "responses")]), 2)
    assert "has no response.yaml" in out
    assert assert_user_error(run(["build"]), 2)


def test_check_finds_the_workbench_from_any_folder_below_it(bench: Bench) -> None:
    result = run(["check"], cwd=bench.response)
    assert result.exit_code == 0, result.output
    # found and checked; q3 of the invented response has no answer, so it is not called ready to submit
    assert ": q3 still has no answer" in result.output


def test_check_takes_changed_files_as_a_pre_commit_hook_passes_them(bench: Bench) -> None:
    bench.write("responses/other/response.yaml", "title: T\norganisation: O\nconsultation:\n  title: C\n  by: B\n")
    changed = bench.contribution("70-x.md", "---\nanswers: q9\nby: [ada]\n---\nText\n")
    out = assert_user_error(run(["check", "--draft", str(changed)]))
    assert "crisis-house: 1 to fix" in out and "other" not in out
    # a changed contributor touches every response
    result = run(["check", "--draft", str(bench.root / "contributors" / "ada.yaml")])
    assert "crisis-house" in result.output and "responses/other: ready as a draft" in result.output
    # a hook configuration that passes these files exists and names the command
    hooks = (Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text()
    assert "entry: coproduce check --draft" in hooks


def test_a_response_may_be_named_by_its_slug(bench: Bench) -> None:
    result = run(["check", "--draft", "crisis-house"], cwd=bench.root / "contributors")
    assert result.exit_code == 0, result.output
    assert "ready as a draft" in result.output
    result = run(["build", "crisis-house", "--format", "txt"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert (bench.out / "crisis-house-answers.txt").is_file()
    out = assert_user_error(run(["build", "no-such-response"], cwd=bench.root), 2)
    assert "no response 'no-such-response'; give a response folder or one of: crisis-house" in out


def test_no_templates_anywhere_is_a_clear_usage_error(
    bench: Bench, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pipeline.load.workbench as workbench

    monkeypatch.setattr(workbench, "SHIPPED_TEMPLATES", tmp_path / "not-installed")
    out = assert_user_error(run(["build", str(bench.response), "--format", "html"]), 2)
    assert "templates/ has no response.html.j2, and no default look was installed" in out
