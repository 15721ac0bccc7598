"""Controls: the readers here can see a leak (a credited name is found; planted private
strings in every disguise are found), ordinary words and chosen credits are not refused,
builds are byte-for-byte reproducible, and every problem is listed at once.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.attacks.kit import add_people, build, built_clean, check, contribute, problem_lines, refused
from tests.attacks.readers import fold, leaks, people_of, read_outputs
from tests.conftest import run
from tests.factory import CREDITED, Bench, make_bench

# ------------------------------------------------------------------ one full build, PDF included


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Bench:
    bench = make_bench(tmp_path_factory.mktemp("attacks-full") / "wb")
    add_people(bench)
    result = run(["build", str(bench.response)])
    assert result.exit_code == 0, result.output
    return bench


def test_a_full_build_leaks_nothing_anywhere(full: Bench) -> None:
    out = read_outputs(full.out)
    found = leaks(out, people_of(full.root).secrets, phrases=("kettle in the quiet room",))
    assert not found, "\n".join(found)


@pytest.mark.parametrize("where", ["pdf page", "html text", "docx word/document.xml (text"])
def test_the_readers_find_a_credited_name_in_each_output(full: Bench, where: str) -> None:
    out = read_outputs(full.out)
    hits = out.find("Ada Fenwick")
    assert any(h.startswith(where) for h in hits), f"'Ada Fenwick' not seen in {where}: {hits}"


def test_the_readers_find_every_chosen_credit(full: Bench) -> None:
    out = read_outputs(full.out)
    for credit in CREDITED:
        assert out.contains(credit), credit


# ------------------------------------------------------------------ the readers see every disguise

PLANTED = [
    ("cyrillic", "<p>\u0415lias \u0422horne</p>"),
    ("soft-hyphen", "<p>Eli\u00adas Thorne</p>"),
    ("split-by-tags", "<p><b>Eli</b>as Thorne</p>"),
    ("entity", "<p>&#69;lias&nbsp;Thorne</p>"),
    ("percent-in-href", '<a href="https://example.org/Elias%20Thorne">x</a>'),
    ("fullwidth", "<p>\uff25\uff4c\uff49\uff41\uff53 \uff34\uff48\uff4f\uff52\uff4e\uff45</p>"),
    ("nfd-accent", "<p>E\u0301lias Thorne</p>"),
    ("comment", "<!-- Elias Thorne -->"),
    ("hyphen-as-space", '<p id="elias-thorne">x</p>'),
]


@pytest.mark.parametrize("html", [p[1] for p in PLANTED], ids=[p[0] for p in PLANTED])
def test_the_html_reader_sees_a_planted_name_in_disguise(full: Bench, tmp_path: Path, html: str) -> None:
    page = (full.out / "crisis-house.html").read_text(encoding="utf-8").replace("</main>", html + "</main>")
    (tmp_path / "crisis-house.html").write_text(page, encoding="utf-8")
    found = leaks(read_outputs(tmp_path), people_of(full.root).secrets)
    assert any("elias thorne" in f for f in found), found


def test_the_docx_reader_sees_a_name_split_across_runs(full: Bench, tmp_path: Path) -> None:
    target = tmp_path / "crisis-house.docx"
    with zipfile.ZipFile(full.out / "crisis-house.docx") as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                run_split = b"<w:p><w:r><w:t>Eli</w:t></w:r><w:r><w:t>as Tho</w:t></w:r><w:r><w:t>rne</w:t></w:r></w:p>"
                data = data.replace(b"</w:body>", run_split + b"</w:body>")
            dst.writestr(item, data)
    found = leaks(read_outputs(tmp_path), people_of(full.root).secrets)
    assert any("elias thorne" in f and "document.xml" in f for f in found), found


def test_the_image_reader_sees_metadata_in_a_data_uri(full: Bench, tmp_path: Path) -> None:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Elias Thorne")
    buf = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buf, "PNG", pnginfo=info)
    uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    page = (
        (full.out / "crisis-house.html")
        .read_text(encoding="utf-8")
        .replace("</main>", f'<img src="{uri}" alt="x"></main>')
    )
    (tmp_path / "crisis-house.html").write_text(page, encoding="utf-8")
    found = leaks(read_outputs(tmp_path), people_of(full.root).secrets)
    assert any("image metadata" in f for f in found), found


def test_folding_brings_every_disguise_to_one_form() -> None:
    same = {
        fold(s)
        for s in (
            "Elias Thorne",
            "\u0415lias\u00a0\u0422horne",
            "ELI\u00adAS\u200b THORNE",
            "\uff25\uff4c\uff49\uff41\uff53 \uff34\uff48\uff4f\uff52\uff4e\uff45",
            "E\u0301lias\nThorne",
            "&#69;lias%20Thorne",
            "Elias-Thorne",
        )
    }
    assert same == {"elias thorne"}
    assert fold("O\u2019Farrell") == fold("O'Farrell") == fold("O\u02bcFarrell")


# ------------------------------------------------------------------ ordinary words are not names


@pytest.mark.parametrize(
    "text",
    [
        "We hope for more beds.",  # nobody is named Hope
        "Wren wrote the first draft of this answer.",  # ivy's public pseudonym
        "Cygnet and the Peer Researcher agreed.",  # chosen credits
        "Ada Fenwick, Ms Fenwick and Ada all helped.",  # credited by name
        "Hal Brennan and HAL agreed.",  # credited by name
        "B.L. reviewed it.",  # credited by initials
        "The Bolton team went deeper: an elite of pellets, gusty days, ivory, Cyprus and castellated walls.",
        "Write to info@example.org for a copy.",  # nobody's address
        "Kestrel, the Volunteer Reader and the Carer Representative agreed.",  # chosen credits of the invented people
    ],
    ids=[
        "hope",
        "pseudonym",
        "credits",
        "public-name",
        "public-name-capitals",
        "initials",
        "words-containing-names",
        "other-address",
        "invented-credits",
    ],
)
def test_ordinary_words_and_chosen_credits_are_not_refused(bench: Bench, text: str) -> None:
    add_people(bench)
    contribute(bench, "70-plain.md", text + "\n")
    built_clean(bench, present=(text,))


def test_a_quote_by_a_person_credited_by_name_is_attributed_by_name(bench: Bench) -> None:
    contribute(bench, "70-quote.md", "> The staff learned my name.\n> \u2014 @ada\n")
    _, out = built_clean(bench, present=("The staff learned my name.",))
    assert "\u2014 Ada Fenwick" in out.raw["html text (tags as spaces)"]


# ------------------------------------------------------------------ promise 6: same input, same bytes


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_same_input_gives_the_same_bytes(bench: Bench, tmp_path: Path) -> None:
    assert build(bench, out=tmp_path / "one", draft=False).exit_code == 0
    assert build(bench, out=tmp_path / "two", draft=False).exit_code == 0
    one, two = _digests(tmp_path / "one"), _digests(tmp_path / "two")
    assert len(one) == 3 and one == two


def test_the_same_input_in_another_folder_gives_the_same_bytes_pdf_included(full: Bench, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "wb"
    shutil.copytree(full.root, copy, ignore=shutil.ignore_patterns("build"))
    result = run(["build", str(copy / "responses" / "crisis-house")])
    assert result.exit_code == 0, result.output
    assert _digests(copy / "build" / "crisis-house") == _digests(full.out)


# ------------------------------------------------------------------ promise 4: every problem at once


def test_every_problem_in_every_file_is_listed_at_once(bench: Bench) -> None:
    a = contribute(bench, "70-a.md", "Thanks to Elias Thorne.\n\nAnd to Quayle.\n\n> Words.\n> \u2014 @ivy\n")
    b = contribute(bench, "71-b.md", "As @eli said.\n")
    add_people(bench, "ros")
    out = refused(bench, a.rel, 6, a.at("Elias")[1], "eli")
    places = {(p[0], p[1]) for p in problem_lines(out)}
    assert (a.rel, 8) in places, out  # Quayle: a name word
    assert (a.rel, a.line_of("@ivy")) in places, out  # a quote without consent
    assert (b.rel, 6) in places, out  # an at-mention
    checked = check(bench)
    assert {(p[0], p[1]) for p in problem_lines(checked.output)} == places
