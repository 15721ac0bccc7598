"""The shipped examples: they build as final submissions with the credits their people chose."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import docx_parts, run

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("slug", ["mental-health-act-review", "womens-health-strategy"])
def test_example_checks_clean(slug: str) -> None:
    result = run(["check", str(ROOT / "responses" / slug)])
    assert result.exit_code == 0, result.output
    assert "ready to submit" in result.output


def test_mental_health_example_credits(tmp_path: Path) -> None:
    result = run(
        ["build", str(ROOT / "responses" / "mental-health-act-review"), "--out", str(tmp_path), "--format", "html,docx"]
    )
    assert result.exit_code == 0, result.output
    assert "81-q5-living-on-a-cto.md: left out, written by kerry" in result.output
    html = (tmp_path / "mental-health-act-review.html").read_text()
    credits = html[html.index('id="credits"') :]
    # one of each credit choice, as chosen in contributors/
    for shown in ("Sam Whitlock", "A.D.", "Service User Involvement Volunteer", "Kestrel", "Beverley Hollins"):
        assert shown in credits, shown
    # tom chose his name but no consent date is recorded; dean chose anonymous; kerry withdrew
    for hidden in ("Tom Lacey", "Dean Ashworth", "Kerry Pollard", "Alex Dunmore", "Jordan Reeve", "Marcus Fell"):
        assert hidden not in html
    assert "more people took part and are not named here" in credits
    document = docx_parts(tmp_path / "mental-health-act-review.docx")["word/document.xml"]
    assert "Kestrel" in document and "Kerry Pollard" not in document


def test_every_python_package_is_installed() -> None:
    """pyproject.toml lists packages by hand (the look is mapped in): a new subpackage must be listed."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "pipeline").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert on_disk <= listed, on_disk - listed
    assert "pipeline.look" in listed
