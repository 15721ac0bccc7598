"""A look that layers: a workbench's templates/ overrides the shipped look file by file,
and its brand.yaml overrides the shipped brand.yaml key by key."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest

from pipeline import model as m
from pipeline.load import workbench
from pipeline.load.brand import load_brand, read_brand
from pipeline.load.workbench import SHIPPED_TEMPLATES, Workbench
from tests.conftest import assert_user_error, run
from tests.factory import Bench

SHIPPED_BRAND = load_brand(SHIPPED_TEMPLATES)


def build_html(bench: Bench) -> str:
    result = run(["build", str(bench.response), "--draft", "--format", "html"])
    assert result.exit_code == 0, result.output
    return (bench.draft_out / "crisis-house.html").read_text(encoding="utf-8")


def logo_uri(brand: m.Brand) -> str:
    assert brand.logo is not None
    return f"data:{brand.logo.mime};base64,{base64.b64encode(brand.logo.data).decode('ascii')}"


# ------------------------------------------------------------ file by file


def test_only_a_brand_file_changes_one_colour_and_keeps_the_shipped_page_and_style(bench: Bench) -> None:
    bench.write("templates/brand.yaml", 'colours:\n  primary: "#123456"\n')
    page = build_html(bench)
    assert "--primary: #123456;" in page
    assert f"--accent: {SHIPPED_BRAND.accent};" in page and f"--text: {SHIPPED_BRAND.text};" in page
    assert f'--body-font: "{SHIPPED_BRAND.body_font}"' in page
    assert "<img" not in page  # no logo: the organisation gave none, and the shipped look has none
    shipped_css = (SHIPPED_TEMPLATES / "style.css").read_text(encoding="utf-8")
    assert shipped_css.split("*/", 1)[1].strip()[:200] in page  # the shipped stylesheet
    assert '<header class="title-page">' in page  # the shipped page


def test_an_own_stylesheet_alone_is_used_with_the_shipped_page_and_brand(bench: Bench) -> None:
    bench.write("templates/style.css", "/* our own look */\n.our-own-look { color: #010203; }\n")
    page = build_html(bench)
    assert ".our-own-look { color: #010203; }" in page
    assert "max-width: 42rem" not in page  # the shipped stylesheet is replaced, not added to
    assert '<header class="title-page">' in page
    assert f"--primary: {SHIPPED_BRAND.primary};" in page and "<img" not in page


def test_an_own_page_alone_is_used_with_the_shipped_stylesheet(bench: Bench) -> None:
    bench.write(
        "templates/response.html.j2",
        '<!DOCTYPE html>\n<html lang="{{ meta.language }}"><head><title>{{ meta.title }}</title>'
        '<style>{{ css }}</style></head><body><h1 class="ours">{{ meta.title }}</h1>{{ body }}</body></html>\n',
    )
    page = build_html(bench)
    assert '<h1 class="ours">' in page and '<header class="title-page">' not in page
    assert "max-width: 42rem" in page  # the shipped style.css


def test_a_logo_is_printed_only_when_the_organisations_brand_file_names_it(bench: Bench) -> None:
    from PIL import Image

    assert SHIPPED_BRAND.logo is None
    (bench.root / "templates").mkdir()
    Image.new("RGB", (3, 2), (200, 10, 10)).save(bench.root / "templates" / "logo.png")
    assert "<img" not in build_html(bench)  # a picture named logo.png is not a logo until brand.yaml names it
    bench.write("templates/brand.yaml", "logo: logo.png\n")
    page = build_html(bench)
    brand = load_brand(Workbench(bench.root).template_dirs)
    assert brand.logo is not None and brand.logo.path == bench.root / "templates" / "logo.png"
    assert page.count("<img") == 1 and f'<img class="logo" src="{logo_uri(brand)}"' in page


def test_template_lookup_is_own_then_shipped(bench: Bench) -> None:
    wb = Workbench(bench.root)
    assert wb.template_dirs == (SHIPPED_TEMPLATES,)  # no templates/ of its own
    assert wb.template("style.css") == SHIPPED_TEMPLATES / "style.css"
    bench.write("templates/style.css", "p {}\n")
    assert wb.template_dirs == (bench.root / "templates", SHIPPED_TEMPLATES)
    assert wb.template("style.css") == bench.root / "templates" / "style.css"
    assert wb.template("language.yaml") == SHIPPED_TEMPLATES / "language.yaml"
    files = dict((path.name, shown) for path, shown in wb.template_files())
    assert files["style.css"] == "templates/style.css"
    assert Path(files["response.html.j2"]) == SHIPPED_TEMPLATES / "response.html.j2"
    assert [p for p, _ in wb.template_files()].count(SHIPPED_TEMPLATES / "style.css") == 0  # replaced: not in use
    bench.write("templates/brand.yaml", 'colours:\n  primary: "#123456"\n')
    brands = [shown for path, shown in wb.template_files() if path.name == "brand.yaml"]
    assert brands == ["templates/brand.yaml", wb.shown(SHIPPED_TEMPLATES / "brand.yaml")]  # both are in use


# ------------------------------------------------------------- key by key


def test_brand_layers_key_by_key_over_the_shipped_file_not_over_defaults(tmp_path: Path) -> None:
    """The shipped brand.yaml here differs from the built-in defaults, so a default cannot hide the merge."""
    shipped, own = tmp_path / "shipped", tmp_path / "wb" / "templates"
    shipped.mkdir()
    own.mkdir(parents=True)
    from PIL import Image

    Image.new("RGB", (4, 2), (10, 200, 10)).save(shipped / "logo.png")
    (shipped / "brand.yaml").write_text(
        'colours:\n  primary: "#111111"\n  accent: "#222222"\nfonts:\n  body: DejaVu Serif\n'
        "logo: logo.png\nlogo_alt: Shipped logo\n"
    )
    (own / "brand.yaml").write_text('colours:\n  primary: "#123456"\n')
    brand = load_brand([own, shipped])
    assert (brand.primary, brand.accent, brand.text) == ("#123456", "#222222", m.Brand().text)
    assert (brand.body_font, brand.heading_font) == ("DejaVu Serif", m.Brand().heading_font)
    assert brand.logo is not None and brand.logo.path == shipped / "logo.png"
    assert brand.logo_alt == "Shipped logo"
    (own / "brand.yaml").write_text("fonts:\n  headings: DejaVu Sans Mono\nlogo:\n")  # an empty logo: takes it away
    brand = load_brand([own, shipped])
    assert (brand.primary, brand.body_font, brand.heading_font) == ("#111111", "DejaVu Serif", "DejaVu Sans Mono")
    assert brand.logo is None


def test_a_mistake_in_the_own_brand_file_is_reported_there_and_the_build_refuses(bench: Bench) -> None:
    bench.write("templates/brand.yaml", "colours:\n  primary: blue\n")
    brand, problems = read_brand(Workbench(bench.root).template_dirs)
    assert brand == m.Brand()
    [problem] = problems
    assert (problem.path, problem.line) == ("templates/brand.yaml", 2) and "blue" in problem.message
    out = assert_user_error(run(["build", str(bench.response), "--draft", "--format", "html"]))
    assert "templates/brand.yaml:2" in out


# ------------------------------------------ the privacy scan reads the look in use


def test_a_name_in_an_own_stylesheet_is_found_there(bench: Bench) -> None:
    bench.write("templates/brand.yaml", 'colours:\n  primary: "#123456"\n')
    bench.write("templates/style.css", "/* made for Elias Thorne */\np { color: black; }\n")
    for args in (["check", "--draft"], ["build", "--draft", "--format", "html"]):
        out = assert_user_error(run([*args, str(bench.response)]))
        assert re.search(r"templates/style\.css:1:\d+: .*contributor 'eli'", out), out


def test_a_name_in_a_shipped_file_the_workbench_falls_back_to_is_found(
    bench: Bench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbench has only brand.yaml; the page it uses is the shipped one, so that is scanned too."""
    shipped = tmp_path / "look"
    shutil.copytree(SHIPPED_TEMPLATES, shipped, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    page = shipped / "response.html.j2"
    page.write_text(
        page.read_text().replace('<main id="_main">', '<main id="_main">\n<p>Designed with Elias Thorne</p>')
    )
    monkeypatch.setattr(workbench, "SHIPPED_TEMPLATES", shipped)
    bench.write("templates/brand.yaml", 'colours:\n  primary: "#123456"\n')
    out = assert_user_error(run(["check", "--draft", str(bench.response)]))
    assert re.search(re.escape(str(page)) + r":\d+:\d+: .*contributor 'eli'", out), out
    bench.write("templates/response.html.j2", (SHIPPED_TEMPLATES / "response.html.j2").read_text())
    result = run(["check", "--draft", str(bench.response)])  # its own page replaces the shipped one
    assert str(page) not in result.output, result.output


@pytest.mark.slow
def test_a_pdf_builds_from_a_layered_look(bench: Bench) -> None:
    """The PDF reads the page and style from the shipped look and the brand from the workbench."""
    import pypdf
    from PIL import Image

    bench.write("templates/brand.yaml", 'colours:\n  primary: "#123456"\nlogo: ours.png\n')
    Image.new("RGB", (40, 10), (20, 60, 110)).save(bench.root / "templates" / "ours.png")
    result = run(["build", str(bench.response), "--draft", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(bench.draft_out / "crisis-house.pdf")
    assert "Eastmoor" in reader.pages[0].extract_text()
    assert [len(page.images) for page in reader.pages][0] == 1  # the organisation's own logo, on the title page
