"""Promise 4, all at once: a file that does not load stops only what depends on it.

One run of `check` lists a broken contributor file, a broken front matter, a quote used without
consent and an unapproved contribution together; `build` lists the same, and so does the serve
preview. Before, a load error hid every quote-consent and approval problem until the next run.
"""

from __future__ import annotations

import json
import re

import pytest
from starlette.testclient import TestClient

from pipeline.commands._serve_app import make_app
from tests.conftest import assert_user_error, run
from tests.factory import Bench

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
    client = TestClient(make_app(broken.root, [broken.response], 8765, watch=False), base_url="http://127.0.0.1:8765")
    shown = client.get("/api/preview/crisis-house").json()
    assert shown["ok"] is False
    assert places("\n".join(shown["problems"])) == places(checked_draft)


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
