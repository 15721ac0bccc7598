"""The information and consent sheet in Welsh (issues 24 and 25): someone whose file says  language: cy-GB  gets
the shipped Welsh wording (templates/sheets/sheet.cy.yaml), versioned on its own; the credit is printed exactly
as the submission prints it; asking again records the Welsh version; a change to the Welsh wording flags only
those who agreed to it. Read back with python-docx, pikepdf and pypdf, not the code that wrote it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def welsh(tmp_path: Path) -> Path:
    root = tmp_path / "wb"
    root.mkdir()
    for folder in ("contributors", "responses"):
        shutil.copytree(ROOT / folder, root / folder)
    path = root / "contributors" / "bev.yaml"
    path.write_text(path.read_text("utf-8") + "language: cy-GB\n", "utf-8")
    return root


def _lines(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def _consent(root: Path, pid: str) -> dict[str, object]:
    return dict(yaml.safe_load((root / "contributors" / f"{pid}.yaml").read_text("utf-8"))["consent"])


def test_the_sheet_is_in_welsh_with_the_credit_as_printed(welsh: Path) -> None:
    import pikepdf
    import pypdf

    for extra in ([], ["--easy-read"]):
        result = run(["contributor", "sheet", "bev", "--out", "sheets", *extra], cwd=welsh)
        assert result.exit_code == 0, result.output
    plain = _lines(welsh / "sheets" / "bev-sheet.docx")
    assert plain[0] == "Cymryd rhan: eich taflen wybodaeth a chaniatâd"
    assert "Caiff eich cydnabyddiaeth ei hargraffu yn union fel hyn: Beverley Hollins" in plain
    assert any(ln.startswith("Dywedwch wrth ") for ln in plain)  # how to withdraw, and whom to tell
    assert not any("Taking part" in ln or "How you will be credited" in ln for ln in plain)
    easy = _lines(welsh / "sheets" / "bev-sheet-easy-read.docx")
    assert easy[0] == "Cymryd rhan" and "Gallwch stopio ar unrhyw adeg." in easy
    with pikepdf.open(welsh / "sheets" / "bev-sheet.pdf") as pdf:
        assert str(pdf.Root.Lang) == "cy-GB"
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(welsh / "sheets" / "bev-sheet.pdf").pages).split()
    )
    assert "Gallwch hefyd dynnu'n ôl ar unrhyw adeg." in text.replace("’", "'")
    consent = _consent(welsh, "bev")
    assert consent["sheet_version"] == "2026.1-cy"
    # someone with no language of their own keeps the English sheet
    assert run(["contributor", "sheet", "alex", "--out", "sheets"], cwd=welsh).exit_code == 0
    assert _lines(welsh / "sheets" / "alex-sheet.docx")[0].startswith("Taking part")
    assert _consent(welsh, "alex")["sheet_version"] != "2026.1-cy"


def test_a_change_to_the_welsh_wording_flags_only_those_who_agreed_to_it(
    welsh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.load.workbench import SHIPPED_TEMPLATES

    for pid in ("bev", "alex"):
        assert run(["contributor", "sheet", pid, "--out", "sheets"], cwd=welsh).exit_code == 0
    assert "older sheet wording" not in run(["reconsent"], cwd=welsh).output
    changed = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, changed)
    wording = changed / "sheets" / "sheet.cy.yaml"
    wording.write_text(
        wording.read_text("utf-8").replace("Cadwch hi, os gwelwch yn dda.", "Cadwch hi'n saff."), "utf-8"
    )
    monkeypatch.setattr("pipeline.workflow.sheet.SHIPPED_TEMPLATES", changed)
    out = run(["reconsent"], cwd=welsh).output
    older = out.split("older sheet wording", 1)[1].split("\n\n", 1)[0]
    assert "[ ] bev " in older and "[ ] alex " not in older
    # asked again, on the Welsh wording in force now: no longer listed
    done = run(["reconsent", "--confirm", "bev", "--on", "2026-11-19"], cwd=welsh)
    assert done.exit_code == 0, done.output
    assert "older sheet wording" not in run(["reconsent"], cwd=welsh).output
    assert _consent(welsh, "bev")["sheet_version"] == "2026.1-cy"
