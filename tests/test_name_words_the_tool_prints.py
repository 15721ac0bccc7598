"""A name that is also a word the look or the tool prints: "Page" in "Page 3 of 10" and in `@page`,
"White" in `color: white`, "May" in the answers' fixed wording. Check and build agree: they pass,
and the same word typed by a person in the text is still found, at its line and column."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import assert_user_error, run
from tests.factory import Bench

FORMATS = "pdf,docx,html,txt,answers"


def _anonymous(bench: Bench, pid: str, name: str) -> None:
    bench.write(
        f"contributors/{pid}.yaml",
        f"name: {name}\ncredit: anonymous\nlived_experience: true\nconsent: {{recorded: 2025-01-10, quotes: attributed}}\n",
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Elias Page", "Elias White", "May Thorne", "Elias Bold"])
def test_a_name_word_the_look_prints_builds(bench: Bench, name: str) -> None:
    _anonymous(bench, "eli", name)
    checked = run(["check", "--draft", str(bench.response)], cwd=bench.root)
    assert checked.exit_code == 0, checked.output
    built = run(["build", "--draft", "--format", FORMATS, str(bench.response)], cwd=bench.root)
    assert built.exit_code == 0, built.output
    # and the whole name is in no output, read back without our own readers
    out = Path(bench.draft_out)
    whole = name.lower()
    for path in out.rglob("*"):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                text = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()).lower()
        elif path.suffix == ".pdf":
            import fitz  # PyMuPDF

            with fitz.open(path) as pdf:
                text = " ".join(page.get_text() for page in pdf).lower()
        elif path.is_file():
            text = path.read_text("utf-8", "replace").lower()
        else:
            continue
        assert whole not in text, path


@pytest.mark.parametrize(("name", "typed"), [("Elias Page", "Page"), ("May Thorne", "May")])
def test_the_same_word_typed_by_a_person_is_still_found(bench: Bench, name: str, typed: str) -> None:
    _anonymous(bench, "eli", name)
    bench.contribution("70-q3-x.md", f"---\nanswers: q3\nby: [hal]\nstatus: draft\n---\nWe thank {typed} for this.\n")
    for command in (["check", "--draft"], ["build", "--draft", "--format", "txt"]):
        out = assert_user_error(run([*command, str(bench.response)], cwd=bench.root))
        assert "70-q3-x.md:6:10" in out and "contributor 'eli'" in out, out


def test_a_word_of_a_longer_label_typed_into_the_look_is_still_a_name(bench: Bench) -> None:
    """ "may" is let through inside the tool's phrase "may be published in full", not on its own."""
    _anonymous(bench, "eli", "May Thorne")
    page = _shipped_page()
    assert "</main>" in page
    bench.write("templates/response.html.j2", page.replace("</main>", "<p>With thanks to May.</p></main>", 1))
    for command in (["check", "--draft"], ["build", "--draft", "--format", "html"]):
        out = assert_user_error(run([*command, str(bench.response)], cwd=bench.root))
        assert "response.html.j2" in out and "contributor 'eli'" in out, out


def _shipped_page() -> str:
    from pipeline.load.workbench import SHIPPED_TEMPLATES

    return (SHIPPED_TEMPLATES / "response.html.j2").read_text("utf-8")
