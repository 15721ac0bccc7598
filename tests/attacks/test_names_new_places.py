"""Names in new places (issue 18, promise 1): a response folder, a contribution's or an intake
draft's file name, and a pseudonym that is somebody's real name.

Output file names are made from the response's slug; contribution and draft file names are shown
by status and the served pages. Each is checked with the one matcher (privacy/), so a folder or a
file named after a person is refused with a fix, and intake never makes such a name itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.attacks.kit import built_clean, contribute, refused, write_file
from tests.attacks.readers import fold
from tests.conftest import run
from tests.factory import Bench


def _renamed(bench: Bench, slug: str) -> Bench:
    target = bench.root / "responses" / slug
    shutil.move(bench.response, target)
    return Bench(bench.root, target)


@pytest.mark.parametrize(
    "slug", ["elias-thorne", "thorne-elias", "eli-story", "delphine-oduya-views", "mr-thorne", "gustav-pell"]
)
def test_a_response_folder_named_after_a_person_is_refused(bench: Bench, slug: str) -> None:
    moved = _renamed(bench, slug)
    out = refused(moved, f"responses/{slug}/response.yaml", None, also=("folder",))
    assert "rename the folder" in out, out


def test_a_folder_named_after_someone_credited_by_name_builds(bench: Bench) -> None:
    moved = _renamed(bench, "ada-fenwick-and-friends")  # Ada chose to be named
    result = run(["build", str(moved.response), "--format", "html", "--draft"])
    assert result.exit_code == 0, result.output
    assert (moved.root / "build" / "ada-fenwick-and-friends.draft" / "ada-fenwick-and-friends.html").is_file()


@pytest.mark.parametrize(
    "name", ["70-thorne-story.md", "70-q3-Elias_Thorne.md", "70-q3-delphine.oduya.md", "70-q3-marlow.md"]
)
def test_a_contribution_file_named_after_a_person_is_refused(bench: Bench, name: str) -> None:
    # listed by status and the served pages, never in an output: it stops the final build
    w = contribute(bench, name, "Ordinary words about waiting rooms.\n", signed_off=True)
    refused(bench, w.rel, None, also=("file's name",), draft=False)


def test_a_file_named_with_contributor_ids_builds(bench: Bench) -> None:
    # ids are how coproduce add and intake name files: 70-q3-eli-intake.md is not a name in a new place
    contribute(bench, "70-q3-eli-intake.md", "Ordinary words about waiting rooms.\n", by="eli")
    built_clean(bench, present=("Ordinary words about waiting rooms.",))


def test_intake_never_names_a_draft_after_a_person(bench: Bench, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "Elias Thorne visiting notes.txt").write_text("Visiting hours should be longer.\n", encoding="utf-8")
    (shared / "Notes from Mr THORNE.txt").write_text("Parking is too dear.\n", encoding="utf-8")
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    drafts = sorted(p.name for p in (bench.response / "unsorted").glob("*.md"))
    assert drafts, result.output
    for name in drafts:
        assert "thorne" not in name and "elias" not in name, drafts
    status = json.loads(run(["status", "--json"], cwd=bench.root).stdout)
    shown = fold(json.dumps(status))
    assert " thorne " not in shown and " elias " not in shown, status["responses"][0]["unsorted"]


# ------------------------------------------------------------------ a pseudonym that is a real name


@pytest.mark.parametrize(
    ("pseudonym", "whose"),
    [
        ("Elias Thorne", "eli"),  # someone else's name, anonymous
        ("ELIAS\u00a0THORNE", "eli"),  # Word's no-break space, capitals
        ("Thorne", "eli"),  # a surname alone
        ("Ada Fenwick", "ada"),  # someone credited by name: their words would be taken for hers
        ("Hal-Brennan", "hal"),
        ("Mira Quell", "mira"),  # their own name
    ],
)
def test_a_pseudonym_that_is_a_real_name_is_refused_in_check(bench: Bench, pseudonym: str, whose: str) -> None:
    w = write_file(
        bench,
        "contributors/mira.yaml",
        f"name: Mira Quell\ncredit: pseudonym\npseudonym: {pseudonym}\nlived_experience: true\n"
        "consent: {recorded: 2025-01-10, quotes: attributed}\n",
    )
    refused(bench, w.rel, w.line_of("pseudonym:"), also=(f"'{whose}'",) if whose != "mira" else ("own name",))


@pytest.mark.parametrize("pseudonym", ["Elias Thorne", "thorne", "Mira Quell", "ada fenwick"])
def test_contributor_add_refuses_a_pseudonym_that_is_a_real_name(bench: Bench, pseudonym: str) -> None:
    result = run(
        [
            "contributor",
            "add",
            "mira",
            "--name",
            "Mira Quell",
            "--credit",
            "pseudonym",
            "--pseudonym",
            pseudonym,
            "--quotes",
            "anonymous",
            "--lived-experience",
            "--agreed",
        ],
        cwd=bench.root,
    )
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "real name" in result.output or "has not chosen to be named" in result.output, result.output
    assert not (bench.root / "contributors" / "mira.yaml").exists()


def test_contributor_add_takes_a_pseudonym_that_is_nobodys_name(bench: Bench) -> None:
    args = ["contributor", "add", "mira", "--name", "Mira Quell", "--credit", "pseudonym", "--pseudonym", "Heron"]
    result = run([*args, "--quotes", "anonymous", "--lived-experience", "--agreed"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "pseudonym: Heron" in (bench.root / "contributors" / "mira.yaml").read_text(encoding="utf-8")


# ------------------------------------------------------------------ a git author named after a person


@pytest.mark.parametrize("author", [("Oona Rask", "oona.rask@example.net"), ("Elias Thorne", "elias@example.net")])
def test_a_git_authors_name_is_in_no_served_page_preview_or_output(bench: Bench, author: tuple[str, str]) -> None:
    from tests.attacks.kit import commit_as, edit
    from tests.web.conftest import client_for

    commit_as(bench, "Hal Brennan", "hal@example.org", "start")
    edit(bench, "responses/crisis-house/31-q2-referral.md", "by phone or in person", "by phone, text or in person")
    commit_as(bench, *author, "a change")
    with client_for(bench.root, [bench.response]) as client:
        pages = [client.get(path).text for path in ("/", "/r/crisis-house/preview/page", "/r/crisis-house")]
    assert "by phone, text or in person" in pages[1], pages[1][:500]
    pages.append(run(["status", "--json"], cwd=bench.root).stdout)
    first, last = (fold(w) for w in author[0].split())
    for page in pages:
        assert first not in fold(page) and last not in fold(page) and fold(author[1]) not in fold(page)
    _, out = built_clean(bench, extra_secrets=(author[0], author[1]), present=("by phone, text or in person",))
    assert not any(last.strip() in fold(name) for name in out.part_names), out.part_names
