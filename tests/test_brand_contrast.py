"""The organisation's look is checked (issue 12): brand colours readable, brand fonts installed."""

from __future__ import annotations

import shutil

import pytest

from pipeline.build import check
from pipeline.checks import brand_contrast
from pipeline.errors import Problem
from pipeline.settings import make_settings
from tests.conftest import assert_user_error, run
from tests.factory import Bench


def found(bench: Bench, code: str, draft: bool = False) -> list[Problem]:
    return [p for p in check(bench.response, make_settings(draft=draft)).problems.items if p.code == code]


def test_contrast_ratios_are_wcag_ones() -> None:
    assert brand_contrast.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert brand_contrast.contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert brand_contrast.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known 4.5 grey
    assert brand_contrast.contrast("#c55a11", "#ffffff") == pytest.approx(4.33, abs=0.01)  # as the issue measured


def test_the_shipped_look_passes(bench: Bench) -> None:
    assert found(bench, "brand.contrast") == []


def test_a_pale_text_colour_stops_a_final_build_naming_the_file_line_ratio_and_a_darker_colour(bench: Bench) -> None:
    bench.write("templates/brand.yaml", '# our look\ncolours:\n  primary: "#1f4e79"\n  text: "#aaaaaa"\n')
    [problem] = found(bench, "brand.contrast")
    assert (problem.path, problem.line, problem.severity, problem.subject) == (
        "templates/brand.yaml",
        4,
        "final",
        "text",
    )
    assert "#aaaaaa" in problem.message and "2.0:1" in problem.message and "4.5:1" in problem.message
    suggestion = problem.fix.split("such as ")[1].split(",")[0]
    assert all(brand_contrast.contrast(suggestion, bg) >= 4.5 for bg in brand_contrast.BACKGROUNDS)
    assert "templates/brand.yaml" in problem.fix
    output = assert_user_error(run(["build", str(bench.response), "--format", "html"]))
    assert "templates/brand.yaml:4" in output and "2.0:1" in output


def test_a_pale_colour_only_warns_in_a_draft(bench: Bench) -> None:
    bench.write("templates/brand.yaml", 'colours:\n  primary: "#5b9bd5"\n')
    result = run(["build", str(bench.response), "--draft", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "primary colour #5b9bd5" in result.output


def test_a_dark_brand_passes_and_a_pale_accent_needs_only_3_to_1(bench: Bench) -> None:
    bench.write("templates/brand.yaml", 'colours:\n  primary: "#0b3d2e"\n  text: "#222222"\n  accent: "#c55a11"\n')
    assert found(bench, "brand.contrast") == []  # the accent is 4.33:1: under 4.5 but enough for borders
    bench.write("templates/brand.yaml", 'colours:\n  accent: "#f2c14e"\n')
    [problem] = found(bench, "brand.contrast")
    assert problem.subject == "accent" and "3:1" in problem.message


needs_fontconfig = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig (fc-list) is not installed")


@needs_fontconfig
def test_an_installed_brand_font_says_nothing(bench: Bench) -> None:
    bench.write("templates/brand.yaml", "fonts:\n  body: DejaVu Serif\n  headings: dejavu sans\n")
    assert found(bench, "brand.font-missing") == []


@needs_fontconfig
def test_a_brand_font_not_installed_is_a_warning_naming_the_fallback(bench: Bench) -> None:
    bench.write("templates/brand.yaml", "colours:\n  text: '#111111'\nfonts:\n  headings: Nowhere Grotesk\n")
    [problem] = found(bench, "brand.font-missing")
    assert (problem.path, problem.line, problem.severity) == ("templates/brand.yaml", 4, "warning")
    fallback = brand_contrast._fallback("Nowhere Grotesk")
    assert "Nowhere Grotesk" in problem.message and (fallback or "another font") in problem.message


def test_without_fontconfig_fonts_are_not_reported(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    brand_contrast._installed_families.cache_clear()
    monkeypatch.setattr(brand_contrast.shutil, "which", lambda name: None)
    try:
        bench.write("templates/brand.yaml", "fonts:\n  body: Nowhere Grotesk\n")
        assert found(bench, "brand.font-missing") == []
    finally:
        brand_contrast._installed_families.cache_clear()
