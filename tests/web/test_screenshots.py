"""The README's pictures of the workbench are the ones the suite takes (tests/web/test_journey.py, saved into docs/
by `make screenshots`), not pictures taken by hand: every docs/workbench-*.png the README shows exists, is one of
the journey's named screenshots, is 1280 px wide and carries the journey test's mark; and every screenshot the
journey takes is shown in the README with a description.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from tests.web.test_journey import SHOTS, SOURCE

ROOT = Path(__file__).resolve().parents[2]
SHOWN = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<path>docs/workbench-[^)\s]*)\)")


def shown_in_readme() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {m["path"]: m["alt"] for m in SHOWN.finditer(readme)}


def test_every_workbench_picture_in_the_readme_was_taken_by_the_journey_test() -> None:
    shown = shown_in_readme()
    assert shown, "the README shows no picture of the workbench"
    for path, alt in shown.items():
        name = re.fullmatch(r"docs/workbench-(?P<name>[a-z-]+)\.png", path)
        assert name and name["name"] in SHOTS, f"{path} is not a screenshot the journey test takes ({sorted(SHOTS)})"
        assert len(alt.split()) >= 5, f"{path} needs a description of what it shows"
        assert (ROOT / path).is_file(), f"{path} is missing: run  make screenshots"
        with Image.open(ROOT / path) as picture:
            assert picture.format == "PNG" and picture.width == 1280, (path, picture.format, picture.size)
            assert picture.text.get("Source") == SOURCE, f"{path} was not taken by {SOURCE}: run  make screenshots"


def test_every_screenshot_the_journey_takes_is_in_the_readme() -> None:
    shown = {Path(p).stem.removeprefix("workbench-") for p in shown_in_readme()}
    assert set(SHOTS) <= shown, sorted(set(SHOTS) - shown)
