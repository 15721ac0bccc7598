"""Asking again records the sheet wording the person agreed on (issue 24): `reconsent --confirm` and the
browser's reconsent button keep its version and fingerprint beside the date, so `status`, `reconsent` and
the dashboard stop listing someone who agreed on an older shipped wording once they are asked again.

The older wording is a copy of the shipped one with a sentence changed and an older version string; the
person's file is read back with PyYAML, the command's output and the dashboard's page as a reader meets them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import run
from tests.web.conftest import client_for, follow, post, text_of

REPO = Path(__file__).resolve().parent.parent


def _consent(root: Path, pid: str) -> dict[str, object]:
    return dict(yaml.safe_load((root / "contributors" / f"{pid}.yaml").read_text("utf-8"))["consent"])


@pytest.fixture
def agreed_on_older(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The examples, where jordan and alex were given their sheet when an older wording was shipped."""
    from pipeline.load.workbench import SHIPPED_TEMPLATES

    root = tmp_path / "wb"
    root.mkdir()
    for folder in ("contributors", "responses"):
        shutil.copytree(REPO / folder, root / folder)
    older = tmp_path / "older-templates"
    shutil.copytree(SHIPPED_TEMPLATES, older)
    wording = older / "sheets" / "sheet.yaml"
    text = wording.read_text("utf-8")
    assert "Please keep it." in text and 'version: "2026.1"' in text
    wording.write_text(text.replace("Please keep it.", "Keep it safe.").replace('"2026.1"', '"2025.4"'), "utf-8")
    with monkeypatch.context() as m:
        m.setattr("pipeline.workflow.sheet.SHIPPED_TEMPLATES", older)
        for pid in ("jordan", "alex"):
            made = run(["contributor", "sheet", pid, "--out", "sheets"], cwd=root)
            assert made.exit_code == 0, made.output
    for pid in ("jordan", "alex"):
        assert _consent(root, pid)["sheet_version"] == "2025.4"
    return root


def _slug_with(root: Path, *pids: str) -> str:
    for folder in sorted((root / "responses").iterdir()):
        text = "".join(p.read_text("utf-8") for p in folder.glob("*.*") if p.suffix in (".md", ".yaml"))
        if all(pid in text for pid in pids):
            return folder.name
    raise AssertionError(f"no example response has {pids}")


def test_reconsent_confirm_records_the_wording_and_status_stops_flagging(agreed_on_older: Path) -> None:
    root = agreed_on_older
    slug = _slug_with(root, "jordan", "alex")
    status = run(["status", slug], cwd=root)
    assert "Older sheet    jordan agreed on sheet version 2025.4" in status.output, status.output
    assert "Older sheet    alex" in status.output
    listed = run(["reconsent"], cwd=root).output
    assert "[ ] jordan  (saw version 2025.4" in listed

    done = run(["reconsent", "--confirm", "jordan", "--on", "2026-11-18"], cwd=root)
    assert done.exit_code == 0, done.output
    assert "on sheet wording 2026.1" in done.output
    consent = _consent(root, "jordan")
    assert str(consent["recorded"]) == "2026-11-18" and consent["sheet_version"] == "2026.1"
    # the fingerprint `contributor sheet` records for the wording in force now
    sheet = run(["contributor", "sheet", "bev", "--out", "sheets"], cwd=root)
    assert sheet.exit_code == 0, sheet.output
    assert consent["sheet_fingerprint"] == _consent(root, "bev")["sheet_fingerprint"]

    status = run(["status", slug], cwd=root)
    assert "Older sheet    jordan" not in status.output, status.output
    assert "Older sheet    alex" in status.output  # not asked yet: still listed
    assert "[ ] jordan  (saw version" not in run(["reconsent"], cwd=root).output


def test_a_refused_reconsent_records_no_wording(agreed_on_older: Path) -> None:
    before = (agreed_on_older / "contributors" / "jordan.yaml").read_bytes()
    refused = run(["reconsent", "--confirm", "jordan", "--on", "2027-01-01"], cwd=agreed_on_older)
    assert refused.exit_code != 0 and "has not come yet" in refused.output
    assert (agreed_on_older / "contributors" / "jordan.yaml").read_bytes() == before


def test_the_browser_reconsent_button_records_it_and_the_dashboard_stops_flagging(agreed_on_older: Path) -> None:
    root = agreed_on_older
    slug = _slug_with(root, "jordan", "alex")
    with client_for(root, [root / "responses" / slug]) as client:
        page = text_of(client.get("/").text)
        assert "jordan : agreed on sheet version 2025.4" in page, page
        answer = post(client, "/people/jordan/reconsent", {"reconsent_on": "18/11/2026"})
        assert "on sheet wording 2026.1" in follow(client, answer).text
        page = text_of(client.get("/").text)
        assert "jordan : agreed on sheet version" not in page
        assert "alex : agreed on sheet version 2025.4" in page
    consent = _consent(root, "jordan")
    assert consent["sheet_version"] == "2026.1" and str(consent["recorded"]) == "2026-11-18"
