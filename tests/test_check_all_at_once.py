"""Promise 4, all at once: a file that does not load stops only what depends on it; a stylesheet
problem names style.css, in check and build alike.

One run of `check` lists a broken contributor file, a broken front matter, a quote used without
consent and an unapproved contribution together; `build` lists the same, and so does the serve
preview. Before, a load error hid every quote-consent and approval problem until the next run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.load.workbench import SHIPPED_TEMPLATES
from tests.conftest import assert_user_error, run
from tests.factory import Bench
from tests.web.conftest import client_for

R = "responses/crisis-house"
QUOTE = "61-q3-quiet.md"  # by ada, quotes fay, who has not recorded consent: quote.no-consent
DRAFTED = "62-q3-draft.md"  # by hal, still in review: approval.not-approved
BROKEN = "63-q3-broken.md"  # its front matter does not load


@pytest.fixture
def broken(bench: Bench) -> Bench:
    # cy's file: a tab where YAML allows none, the kind of thing a paste from Word leaves
    bench.write("contributors/cy.yaml", "name: Cyrus Marlow\ncredit: pseudonym\n\tpseudonym: Cygnet\n")
    bench.contribution(
        QUOTE,
        "---\nanswers: q3\nby: [ada]\nstatus: review\n---\nA quiet room.\n\n> Nobody rushed me.\n> \u2014 @fay\n",
    )
    bench.contribution(DRAFTED, "---\nanswers: q3\nby: [hal]\nstatus: review\n---\nA garden, too.\n")
    bench.contribution(BROKEN, "---\nanswers: q3\nby [ada]\nstatus: review\n---\nLonger visiting hours.\n")
    return bench


def places(output: str) -> set[tuple[str, int]]:
    """(file, line) of every problem line a command printed."""
    return {(m[1], int(m[2])) for m in re.finditer(r"(responses/\S+?|contributors/\S+?):(\d+)", output)}


def expected(bench: Bench) -> dict[str, tuple[str, int]]:
    return {
        "the broken contributor file": ("contributors/cy.yaml", 3),
        "the broken front matter": (f"{R}/{BROKEN}", 4),  # YAML finds it on the line after
        "the quote without consent": (f"{R}/{QUOTE}", 9),
        "the unapproved contribution": (f"{R}/{DRAFTED}", 4),
    }


def test_one_check_lists_all_four(broken: Bench) -> None:
    result = run(["check", "--format", "json", R], cwd=broken.root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    found = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    at = {(f["file"], f["line"]): f for f in found}
    for what, place in expected(broken).items():
        assert place in at, f"{what} is not reported: {sorted(at)}"
    assert at[(f"{R}/{QUOTE}", 9)]["code"] == "quote.no-consent"
    assert at[(f"{R}/{DRAFTED}", 4)]["code"] == "approval.not-approved"
    assert all(f["severity"] == "error" for f in (at[p] for p in expected(broken).values()))
    # a quote by cy, whose file is broken, is not also called "not a contributor"
    assert not [f for f in found if f["code"] in ("quote.unknown-person", "ref.unknown-person")], found


def test_check_build_and_the_preview_agree(broken: Bench) -> None:
    checked = assert_user_error(run(["check", R], cwd=broken.root))
    built = assert_user_error(run(["build", str(broken.response), "--format", "txt"]))
    assert set(expected(broken).values()) <= places(checked)
    assert places(built) == places(checked), (built, checked)
    assert not (broken.root / "build").exists()
    # a draft: the same problems, the unapproved one now a warning
    checked_draft = assert_user_error(run(["check", "--draft", R], cwd=broken.root))
    built_draft = assert_user_error(run(["build", str(broken.response), "--format", "txt", "--draft"]))
    assert places(checked_draft) == places(built_draft)
    assert set(expected(broken).values()) <= places(checked_draft)
    from pipeline.settings import make_settings
    from pipeline.web.preview import preview

    shown = preview(broken.response, make_settings().today)  # the workbench's preview (pipeline/web/)
    assert shown.ok is False
    assert places("\n".join(str(p) for p in shown.problems)) == places(checked_draft)
    # and the dashboard, which lists each response's problems as `status` finds them
    dashboard = client_for(broken.root, [broken.response]).get("/").text
    for path, line in expected(broken).values():
        assert f"{path}:{line}" in dashboard, (path, line)


def test_a_broken_contributor_stops_only_what_depends_on_it(broken: Bench) -> None:
    """cy wrote 31-q2-referral.md: it is not checked (nothing of cy's is known), everything else is."""
    result = run(["check", "--format", "json", R], cwd=broken.root)
    files = {json.loads(line)["file"] for line in result.output.splitlines() if line.startswith("{")}
    assert f"{R}/31-q2-referral.md" not in files
    assert f"{R}/{QUOTE}" in files and f"{R}/{DRAFTED}" in files


def test_a_contributor_file_that_reads_but_is_invalid_is_not_also_unknown(bench: Bench) -> None:
    bench.write("contributors/hal.yaml", "name: Hal Brennan\ncredit: nmae\n")  # hal is the lead
    output = assert_user_error(run(["check", R], cwd=bench.root))
    assert "contributors/hal.yaml:2" in output
    assert "is not a contributor" not in output, output


def test_when_everything_loads_nothing_changes(bench: Bench) -> None:
    result = run(["check", R], cwd=bench.root)
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------ the stylesheet names itself

SHIPPED_CSS = (SHIPPED_TEMPLATES / "style.css").read_text(encoding="utf-8")


def _css(bench: Bench) -> Path:
    (bench.root / "templates").mkdir(exist_ok=True)
    return bench.root / "templates" / "style.css"


@pytest.mark.parametrize(
    ("name", "make", "line", "column", "said"),
    [
        ("import-from-the-web", lambda p: p.write_text('@import url("https://example.org/x.css");\n'), 1, 9, "web"),
        ("import-as-a-string", lambda p: p.write_text('@import "//example.org/x.css";\n'), 1, 1, "web"),
        (
            "a-local-file",
            lambda p: p.write_text("p {\n  color: black;\n  background: url(file:///etc/hostname);\n}\n"),
            3,
            15,
            "outside",
        ),
        (
            "a-path-out-of-the-workbench",
            lambda p: p.write_text("@media print {\n  p { background: url('" + "../" * 30 + "etc/hostname') }\n}\n"),
            2,
            19,
            "outside",
        ),
        ("a-missing-picture", lambda p: p.write_text("h1 { background: url(logo.png) }\n"), 1, 18, "not there"),
        ("upper-case", lambda p: p.write_text("h1 { background: URL(HTTPS://EXAMPLE.ORG/a.png) }\n"), 1, 18, "web"),
        ("escaped-url", lambda p: p.write_text("h1 { background: u\\72l(https://example.org/a.png) }\n"), 1, 18, "web"),
        (
            "image-set",
            lambda p: p.write_text('h1 {\n  background: image-set("a.png" 1x, "https://example.org/b.png" 2x);\n}\n'),
            2,
            15,
            "web",
        ),
        (
            "saved-in-latin-1",
            lambda p: p.write_bytes("p { color: black }\n/* caf\xe9 */\n".encode("latin-1")),
            2,
            None,
            "UTF-8",
        ),
        ("a-link-to-a-file-elsewhere", lambda p: p.symlink_to("/etc/hostname"), None, None, "link"),
    ],
)
def test_a_stylesheet_problem_names_style_css_in_check_and_build(
    bench: Bench, name: str, make: object, line: int | None, column: int | None, said: str
) -> None:
    make(_css(bench))  # type: ignore[operator]
    where = "templates/style.css" + (f":{line}" if line else "") + (f":{column}" if column else "")
    checked = assert_user_error(run(["check", "--draft", R], cwd=bench.root))
    built = assert_user_error(run(["build", str(bench.response), "--format", "html,pdf", "--draft"]))
    for out in (checked, built):
        found = [line for line in out.splitlines() if line.strip().startswith(where + ":")]
        assert found and said in found[0], out
    assert "Traceback" not in built and not (bench.root / "build").exists()
    host = Path("/etc/hostname")
    secret = host.read_text(encoding="utf-8", errors="replace").strip() if host.is_file() else ""
    assert len(secret) < 4 or secret not in built.replace("/etc/hostname", "")  # nothing of the file was read


def test_a_rule_the_parser_cannot_read_is_a_warning_with_its_place(bench: Bench) -> None:
    _css(bench).write_text(SHIPPED_CSS + "\np.note {\n  color red;\n}\n", encoding="utf-8")
    line = SHIPPED_CSS.count("\n") + 3
    checked = run(["check", "--draft", R], cwd=bench.root)
    built = run(["build", str(bench.response), "--format", "html", "--draft"])
    assert checked.exit_code == 0 and built.exit_code == 0, (checked.output, built.output)
    for out in (checked.output, built.output):
        assert f"templates/style.css:{line}:" in out and "cannot be read" in out


def test_the_look_may_use_its_own_files_and_data(bench: Bench) -> None:
    css = _css(bench)
    (css.parent / "paper.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    css.write_text(
        SHIPPED_CSS + "\nbody { background: url('../../templates/paper.png') }\n"
        "hr { background: url(data:image/gif;base64,R0lGODlhAQABAAAAACw=) }\n",
        encoding="utf-8",
    )
    result = run(["check", "--draft", R], cwd=bench.root)
    assert result.exit_code == 0 and "style.css" not in result.output, result.output
