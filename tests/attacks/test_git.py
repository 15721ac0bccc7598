"""Git identities: the names and addresses in a workbench's history are private. Typed
into a contribution, a printed field or a template, they are refused with the source
named; and they never reach an output on their own.
"""

from __future__ import annotations

import pytest

from tests.attacks.kit import (
    ANY,
    R,
    build,
    built_clean,
    commit_as,
    contribute,
    edit,
    nothing_written,
    own_templates,
    problem_lines,
    refused,
)
from tests.factory import Bench

STRANGER = ("Rhiannon Vale", "rhiannon.vale@example.com")


def _history(bench: Bench) -> None:
    """Hal commits the workbench; an unknown author then changes a contribution."""
    commit_as(bench, "Hal Brennan", "hal@example.org", "start")
    path = bench.response / "31-q2-referral.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA small fix.\n", encoding="utf-8")
    commit_as(bench, *STRANGER, "edit")


@pytest.mark.parametrize(
    ("typed", "start"),
    [
        ("Rhiannon Vale", "Rhiannon"),
        ("RHIANNON VALE", "RHIANNON"),
        ("Vale, Rhiannon", "Vale"),
        ("Rhiannon\u00a0Vale", "Rhiannon"),
        ("Rhi\u00adannon Vale", "Rhi"),
        ("rhiannon.vale@example.com", "rhiannon"),
        ("[write](mailto:rhiannon.vale%40example.com)", "rhiannon"),
    ],
    ids=["as-committed", "capitals", "surname-first", "no-break-space", "soft-hyphen", "address", "address-in-mailto"],
)
def test_an_unknown_git_authors_identity_typed_into_text_is_refused(bench: Bench, typed: str, start: str) -> None:
    _history(bench)
    w = contribute(bench, "70-thanks.md", f"Our thanks to {typed} for the edits.\n")
    line, col = w.at(start)
    refused(bench, w.rel, line, {col, w.at("Our")[1] + len("Our thanks to ")}, None)


def test_a_committers_name_is_as_private_as_an_authors(bench: Bench) -> None:
    commit_as(bench, "Hal Brennan", "hal@example.org", "start", committer=("Tobias Kettering", "tk@example.com"))
    w = contribute(bench, "70-thanks.md", "Thanks to Tobias Kettering for merging.\n")
    refused(bench, w.rel, 6, w.at("Tobias")[1], None)


def test_a_mapped_persons_git_name_that_differs_from_their_file_is_private(bench: Bench) -> None:
    # dee (credited by role) commits under another display name with her own address
    commit_as(bench, "Hal Brennan", "hal@example.org", "start")
    path = bench.response / "31-q2-referral.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA fix.\n", encoding="utf-8")
    commit_as(bench, "Dell Okonkwo-Smith", "delphine@example.org", "edit")
    w = contribute(bench, "70-thanks.md", "Thanks to Dell Okonkwo-Smith for the fix.\n")
    refused(bench, w.rel, 6, w.at("Dell")[1], None)


def test_a_git_name_in_the_response_title_is_refused(bench: Bench) -> None:
    _history(bench)
    w = edit(
        bench,
        f"{R}/response.yaml",
        "title: Response to the Eastmoor",
        "title: Rhiannon Vale's response to the Eastmoor",
    )
    refused(bench, w.rel, 1, ANY, None)


def test_a_git_name_typed_into_the_template_is_found_and_its_line_named(bench: Bench) -> None:
    own_templates(bench)
    _history(bench)
    w = edit(bench, "templates/response.html.j2", "</main>\n", "<p>Typeset by Rhiannon Vale</p>\n</main>\n")
    result = build(bench)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    line = w.line_of("Typeset by")
    assert any(p[0] == "templates/response.html.j2" and p[1] == line for p in problem_lines(result.output)), (
        result.output
    )
    nothing_written(bench)


def test_git_identities_never_reach_an_output_on_their_own(bench: Bench) -> None:
    _history(bench)
    commit_as(bench, "Hal Brennan", "hal@example.org", "more")
    built_clean(bench, extra_secrets=STRANGER, present=("refer themselves",))


def test_a_public_persons_git_name_is_not_refused(bench: Bench) -> None:
    commit_as(bench, "Hal Brennan", "hal@example.org", "start")
    contribute(bench, "70-thanks.md", "Hal Brennan coordinated this response.\n")
    built_clean(bench, present=("Hal Brennan coordinated this response.",))
