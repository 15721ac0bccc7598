"""Characters no installed font has (issue 22): a warning at their line and column, a final PDF refused.

Whether the check's rule is right is read from the PDF WeasyPrint makes, with PyMuPDF: a character the
check says no font has is drawn as glyph 0 (.notdef, the empty box), and one it lets through is drawn
as a real glyph. Which characters are covered depends on the fonts installed (make fonts installs the
Noto fonts), so the test picks its characters by asking fontconfig, not by assuming.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.checks.glyphs import drawable, installed_coverage
from tests.conftest import assert_user_error, findings, run
from tests.factory import Bench, signed

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list is not installed")

# candidates, most likely missing first: a regional-indicator pair (a flag), a rare CJK ideograph outside
# the BMP, Devanagari, a CJK ideograph, Ethiopic, Tibetan; and a letter of Toto (Unicode 14, 2021), which
# Debian 12's Noto fonts do not have either, so the test runs, not skips, where make fonts installed them
CANDIDATES = ["\U0001f1ec", "\U00020bb7", "\u0915", "\u6f22", "\u1210", "\u0f40", "\U0001e290"]
COVERED = ["é", "ŵ", "Ж", "—", "’"]  # Welsh, Cyrillic, Word's dash and apostrophe: every machine's fonts have these


@pytest.fixture(scope="module")
def missing() -> str:
    coverage = installed_coverage()
    assert coverage is not None
    found = [c for c in CANDIDATES if not drawable(c, coverage)]
    if not found:
        pytest.skip("every candidate character has an installed font here (the Noto fonts are installed)")
    return found[0]


def write(bench: Bench, char: str) -> str:
    body = f"Our peer group meets on Tuesdays.\n\nWe wrote the word {char} on the board, then {char} again.\n"
    bench.contribution("35-q3-glyph.md", signed(f"---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n{body}"))
    return body


def test_covered_characters_are_not_reported(bench: Bench) -> None:
    coverage = installed_coverage()
    assert coverage is not None and all(drawable(c, coverage) for c in COVERED)
    write(bench, "".join(COVERED))
    assert not [f for f in findings(bench) if f["code"] == "text.no-glyph"]


def test_a_missing_glyph_is_placed_and_stops_a_final_pdf(bench: Bench, missing: str) -> None:
    write(bench, missing)
    found = [f for f in findings(bench) if f["code"] == "text.no-glyph"]
    assert len(found) == 1  # the character once, at its first use
    [f] = found
    assert f["file"] == "responses/crisis-house/35-q3-glyph.md"
    lines = (bench.response / "35-q3-glyph.md").read_text(encoding="utf-8").splitlines()
    assert f["line"] == next(k for k, t in enumerate(lines, 1) if missing in t)
    assert lines[int(f["line"]) - 1][int(f["column"]) - 1] == missing  # type: ignore[call-overload]
    assert f"U+{ord(missing):04X}" in str(f["message"])
    final = run(["build", str(bench.response), "--format", "pdf"])
    assert "empty box" in assert_user_error(final)
    assert not bench.out.exists() or not list(bench.out.glob("*.pdf"))
    docx_only = run(["build", str(bench.response), "--format", "docx"])  # no PDF, no empty box: a warning
    assert docx_only.exit_code == 0, docx_only.output
    assert "empty box" in docx_only.output


def test_the_check_agrees_with_the_pdf(bench: Bench, tmp_path: Path) -> None:
    """Every candidate and every covered character, each written twice: the PDF draws as many empty boxes
    (glyph 0) as the check says are missing, and every character it lets through as a real glyph."""
    import pymupdf

    coverage = installed_coverage()
    assert coverage is not None
    every = [c for c in CANDIDATES if not drawable(c, coverage)]
    write(bench, " ".join(CANDIDATES + COVERED))
    draft = run(["build", str(bench.response), "--format", "pdf", "--draft", "--out", str(tmp_path / "out")])
    assert draft.exit_code == 0, draft.output
    assert ("empty box" in draft.output) == bool(every)  # a draft is made, with the warning
    boxes = 0
    glyphs: dict[str, set[int]] = {}
    with pymupdf.open(tmp_path / "out" / "crisis-house.pdf") as pdf:
        for page in pdf:
            for span in page.get_texttrace():
                for code, gid, *_ in span["chars"]:
                    boxes += gid == 0
                    glyphs.setdefault(chr(code), set()).add(gid)
    assert boxes == 2 * len(every)  # several missing characters may share one (wrong) text for glyph 0
    for char in CANDIDATES + COVERED:
        if char not in every:
            assert 0 not in glyphs[char], char


def test_a_missing_glyph_in_response_yaml_is_placed_there(bench: Bench, missing: str) -> None:
    from tests.factory import RESPONSE

    title = "title: Response to the Eastmoor crisis-house survey"
    bench.write("responses/crisis-house/response.yaml", RESPONSE.replace(title, f"{title} {missing}"))
    [f] = [f for f in findings(bench) if f["code"] == "text.no-glyph"]
    assert (f["file"], f["line"], f["column"]) == ("responses/crisis-house/response.yaml", 1, len(title) + 2)


# what people type here (issue 22): Welsh, Greek, Cyrillic, Arabic, Hebrew, Devanagari, CJK and an emoji
TYPED_HERE = ["ŵ", "λ", "Ж", "ع", "ש", "क", "漢", "\U0001f60a"]


def test_the_noto_fonts_draw_what_people_type_here(bench: Bench, tmp_path: Path) -> None:
    """Where make fonts installed Debian's Noto fonts (as make test does when it can), every script the issue
    names is drawn as a real glyph in the PDF, read with PyMuPDF, and the check says nothing about them."""
    import subprocess

    import pymupdf

    family = subprocess.run(["fc-list", ":family=Noto Sans CJK SC", "family"], capture_output=True, text=True)
    if not family.stdout.strip():
        pytest.skip("the Noto fonts are not installed here (make fonts installs them)")
    write(bench, " ".join(TYPED_HERE))
    assert not [f for f in findings(bench) if f["code"] == "text.no-glyph"]
    draft = run(["build", str(bench.response), "--format", "pdf", "--draft", "--out", str(tmp_path / "out")])
    assert draft.exit_code == 0, draft.output
    glyphs: dict[str, set[int]] = {}
    with pymupdf.open(tmp_path / "out" / "crisis-house.pdf") as pdf:
        for page in pdf:
            for span in page.get_texttrace():
                for code, gid, *_ in span["chars"]:
                    glyphs.setdefault(chr(code), set()).add(gid)
    for char in TYPED_HERE:
        assert char in glyphs and 0 not in glyphs[char], (char, glyphs.get(char))


def test_one_font_with_every_character_is_asked_first_and_agrees_with_every_fonts_characters(missing: str) -> None:
    """`check` asks fontconfig for one font with all of a response's characters before it reads every font's
    characters (issue 23: a small response's check): that answer must agree with the characters read."""
    from pipeline.checks.glyphs import one_font_has

    coverage = installed_coverage()
    assert coverage is not None
    latin = frozenset("Our peer group meets on Tuesdays, 3–4pm: ‘tea’ — café, ŵ, Ж.")
    assert one_font_has(latin) is True and all(drawable(c, coverage) for c in latin)
    assert one_font_has(latin | {missing}) is False
    assert one_font_has(frozenset({missing})) is False


def test_the_check_finds_the_same_with_and_without_asking_for_one_font(
    bench: Bench, missing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.build import check
    from pipeline.checks import glyphs
    from pipeline.settings import make_settings

    for text in ("".join(COVERED), missing):
        write(bench, text)
        found = [
            p for p in check(bench.response, make_settings(draft=True)).problems.items if p.code == "text.no-glyph"
        ]
        with monkeypatch.context() as m:
            m.setattr(glyphs, "one_font_has", lambda chars: False)  # every font's characters read, as before
            again = check(bench.response, make_settings(draft=True)).problems.items
        assert found == [p for p in again if p.code == "text.no-glyph"]
        assert bool(found) == (text == missing)
