"""Places: a private name is refused wherever it is typed in anything that is printed,
and the message names the file the user wrote it in, never an output part.
"""

from __future__ import annotations

import pytest

from tests.attacks.kit import (
    ANY,
    R,
    add_people,
    build,
    built_clean,
    contribute,
    edit,
    nothing_written,
    own_templates,
    problem_lines,
    refused,
    refused_or_clean,
    write_file,
)
from tests.factory import Bench
from tests.sample_doc import tiny_png

# (case, body, where the name starts, other acceptable columns)
BODY_PLACES = [
    ("heading", "## Thanks to Elias Thorne\n\nText.\n", "Elias", ()),
    ("setext-heading", "Text.\n\nElias Thorne\n============\n", "Elias", ()),
    ("emphasis-in-heading", "### *Elias* Thorne\n", "Elias", ()),
    ("entity-in-heading", "## &#69;lias Thorne\n", "&#69;", ()),
    ("table-cell", "| Who | Hours |\n|--|--|\n| Elias Thorne | 2 |\n", "Elias", ()),
    ("table-header", "| Elias Thorne | Hours |\n|--|--|\n| beds | 2 |\n", "Elias", ()),
    ("table-cell-split-by-emphasis", "| Who | Hours |\n|--|--|\n| **Eli**as Thorne | 2 |\n", "**Eli", ("Eli",)),
    ("footnote", "Beds matter.[^n]\n\n[^n]: As Elias Thorne told us.\n", "Elias", ()),
    ("footnote-with-no-break-space", "Beds matter.[^n]\n\n[^n]: As Elias\u00a0Thorne told us.\n", "Elias", ()),
    ("image-alt-text", "![Drawing by Elias Thorne](chart.png)\n", "Elias", ("!",)),
    (
        "image-alt-text-fullwidth",
        "![\uff25\uff4c\uff49\uff41\uff53 \uff34\uff48\uff4f\uff52\uff4e\uff45](chart.png)\n",
        "\uff25",
        ("!",),
    ),
    ("image-title", '![A chart](chart.png "Elias Thorne")\n', "Elias", ("!",)),
    ("link-text-with-emphasis", "[**Elias** Thorne](https://example.org/team)\n", "Elias", ("[", "**")),
    ("link-target-path", "[our notes](https://example.org/people/elias-thorne)\n", "elias", ("[", "https")),
    ("e-mail-autolink", "Write to <elias@example.net>.\n", "elias", ("<",)),
    ("bullet-list", "- beds\n- Elias Thorne\n", "Elias", ()),
    ("ordered-list", "1. beds\n2. Elias Thorne\n", "Elias", ()),
    ("plain-block-quote", "> Elias Thorne said so.\n", "Elias", ()),
    ("inside-a-lived-quote", "> Elias Thorne sat with me.\n> \u2014 @dee\n", "Elias", ()),
    ("list-inside-a-quote", "> - Elias Thorne\n", "Elias", ()),
    ("code-span", "Signed `Elias Thorne`.\n", "Elias", ("`",)),
    ("fenced-code", "```\nElias Thorne\n```\n", "Elias", ()),
    ("indented-code", "Text.\n\n    Elias Thorne\n", "Elias", ()),
]


@pytest.mark.parametrize(("body", "start", "others"), [c[1:] for c in BODY_PLACES], ids=[c[0] for c in BODY_PLACES])
def test_a_name_in_any_printed_part_of_a_contribution_is_refused(
    bench: Bench, body: str, start: str, others: tuple[str, ...]
) -> None:
    tiny_png(bench.response / "chart.png")
    w = contribute(bench, "70-place.md", body)
    line, col = w.at(start)
    refused(bench, w.rel, line, {col} | w.cols(line, *others), "eli")


def test_a_name_in_a_reference_link_definition_is_refused(bench: Bench) -> None:
    w = contribute(bench, "70-place.md", "See [our notes][n].\n\n[n]: https://example.org/Elias%20Thorne\n")
    refused(bench, w.rel, {w.line_of("[n]:"), w.line_of("[our")}, ANY, "eli")


# ------------------------------------------------------------------ front matter


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Elias Thorne remembers"), ("content_note", "as told by Elias Thorne")],
)
def test_a_name_in_front_matter_that_is_printed_is_refused(bench: Bench, field: str, value: str) -> None:
    extra = f"{field}: {value}" if field == "title" else f"title: Our story\n{field}: {value}"
    w = contribute(bench, "70-place.md", "Some words.\n", section="story", extra=extra)
    line, col = w.at(f"{field}: {value}")
    refused(bench, w.rel, line, {col + len(field) + 2, w.at("Elias")[1]}, "eli")


def test_a_name_with_a_curly_apostrophe_in_a_content_note_is_refused(bench: Bench) -> None:
    add_people(bench, "orla")
    w = contribute(
        bench, "70-place.md", "Words.\n", extra="content_note: Orla O\u2019Farrell\u2019s account of restraint"
    )
    line, col = w.at("Orla")
    refused(bench, w.rel, line, {col, len("content_note: ") + 1}, "orla")


# ------------------------------------------------------------------ response.yaml and brand.yaml

RY = f"{R}/response.yaml"

YAML_PLACES = [
    ("title", "title: Response to the Eastmoor crisis-house survey", "title: Elias Thorne on the Eastmoor survey"),
    (
        "title-with-no-break-space",
        "title: Response to the Eastmoor crisis-house survey",
        "title: A response for Elias\u00a0Thorne",
    ),
    ("organisation", "organisation: Riverside Peer Network", "organisation: Friends of Elias Thorne"),
    ("consultation-title", "title: Crisis houses in Eastmoor", "title: Crisis houses, as Elias Thorne asked"),
    ("consultation-by", "by: Eastmoor Integrated Care Board", "by: Elias Thorne for the Care Board"),
    (
        "question-text",
        "text: What should a crisis house offer?",
        "text: What should Elias Thorne's crisis house offer?",
    ),
    ("question-text-cyrillic", "text: Anything else?", "text: Anything else for \u0415lias Thorne?"),
    ("involvement-activity", "activity: Workshop on what helps in a crisis", "activity: Workshop led by Elias Thorne"),
    ("confidentiality", "confidentiality: none", "confidentiality: Do not share with Elias Thorne"),
    ("consultation-url", "url: https://example.org/crisis-houses", "url: https://example.org/Elias-Thorne"),
]


@pytest.mark.parametrize(("old", "new"), [c[1:] for c in YAML_PLACES], ids=[c[0] for c in YAML_PLACES])
def test_a_name_in_a_printed_field_of_response_yaml_is_refused(bench: Bench, old: str, new: str) -> None:
    w = edit(bench, RY, old, new)
    line, col = w.at(new)
    name_col = w.at("lias")[1] - 1
    value_col = col + new.index(":") + 2
    refused(bench, RY, line, {name_col, value_col}, "eli")


def test_a_name_in_the_logo_alt_text_of_brand_yaml_is_refused(bench: Bench) -> None:
    own_templates(bench)
    path = bench.root / "templates" / "brand.yaml"
    text = path.read_text(encoding="utf-8") + "logo_alt: Drawn for us by Elias Thorne\n"
    w = write_file(bench, "templates/brand.yaml", text)
    line, col = w.at("Elias")
    refused(bench, "templates/brand.yaml", line, {col, len("logo_alt: ") + 1}, "eli")


# ------------------------------------------------------------------ the final guard: the page itself


def test_a_name_typed_into_the_page_template_is_found_and_its_line_named(bench: Bench) -> None:
    own_templates(bench)
    w = edit(bench, "templates/response.html.j2", "<body>\n", "<body>\n<p>Prepared by Elias Thorne</p>\n")
    line = w.line_of("Prepared by")
    result = build(bench)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    places = [p for p in problem_lines(result.output) if p[0] == "templates/response.html.j2" and p[1] == line]
    assert places, f"the message should name templates/response.html.j2:{line}:\n{result.output}"
    assert not any(
        ".html/" in p[0] or ".docx/" in p[0] or p[0].endswith((".html", ".docx")) for p in problem_lines(result.output)
    )
    nothing_written(bench)


def test_a_name_typed_into_the_stylesheet_is_found_and_its_line_named(bench: Bench) -> None:
    own_templates(bench)
    path = bench.root / "templates" / "style.css"
    text = path.read_text(encoding="utf-8") + '.credits::after { content: "Elias Thorne"; }\n'
    w = write_file(bench, "templates/style.css", text)
    result = build(bench)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    line = w.line_of("Elias Thorne")
    assert any(p[0] == "templates/style.css" and p[1] == line for p in problem_lines(result.output)), result.output
    nothing_written(bench)


# ------------------------------------------------------------------ names hidden in identifiers


def test_a_name_used_as_a_section_slug_is_refused_or_never_printed(bench: Bench) -> None:
    w = contribute(bench, "70-place.md", "Some words.\n", section="elias-thorne", extra="title: A story")
    refused_or_clean(bench, w.rel, w.line_of("section:"), "eli")


def test_a_name_in_a_link_title_is_refused_or_never_printed(bench: Bench) -> None:
    w = contribute(bench, "70-place.md", '[our notes](https://example.org/n "Elias Thorne")\n')
    refused_or_clean(bench, w.rel, 6, "eli")


def test_a_name_used_as_an_image_file_name_is_refused_or_never_printed(bench: Bench) -> None:
    tiny_png(bench.response / "elias-thorne.png")
    w = contribute(bench, "70-place.md", "![A bar chart of beds](elias-thorne.png)\n")
    refused_or_clean(bench, w.rel, w.line_of("![A"), "eli")


def test_a_name_used_as_a_question_id_is_refused_or_never_printed(bench: Bench) -> None:
    edit(bench, RY, "  - id: q3\n", "  - id: elias-thorne\n")
    w = contribute(bench, "70-place.md", "An answer.\n", answers="elias-thorne")
    text = (bench.response / "response.yaml").read_text(encoding="utf-8")
    line = text[: text.index("id: elias-thorne")].count("\n") + 1
    result = build(bench)
    if result.exit_code == 0:
        built_clean(bench)
    else:
        assert "Traceback" not in result.output
        assert any(p[0] in (RY, w.rel) and p[1] in (line, 2) for p in problem_lines(result.output)), result.output
        nothing_written(bench)


def test_a_name_in_a_contribution_file_name_is_refused_or_never_printed(bench: Bench) -> None:
    w = contribute(bench, "70-elias-thorne.md", "An answer about beds.\n")
    result = build(bench)
    if result.exit_code == 0:
        built_clean(bench, present=("An answer about beds.",))
    else:
        assert "Traceback" not in result.output
        assert any(p[0] == w.rel for p in problem_lines(result.output)), result.output
        nothing_written(bench)


def test_a_name_in_a_footnote_label_is_refused_or_never_printed(bench: Bench) -> None:
    w = contribute(bench, "70-place.md", "Beds matter.[^elias-thorne]\n\n[^elias-thorne]: A note about beds.\n")
    refused_or_clean(bench, w.rel, {6, 8}, "eli")


def test_an_address_in_image_alt_text_is_refused(bench: Bench) -> None:
    tiny_png(bench.response / "chart.png")
    w = contribute(bench, "70-place.md", "![Sent by elias@example.net](chart.png)\n")
    refused(bench, w.rel, 6, w.cols(6, "elias", "!"), "eli")
