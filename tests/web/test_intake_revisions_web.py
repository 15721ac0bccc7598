"""The workbench's upload takes a new version in as `coproduce intake` does: the page says "revision of" and shows
what changed, and its button makes it a separate contribution (or a second answer a new version) as
`coproduce intake --separate` / `--revision` do."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import docx
import pytest

from tests.conftest import run
from tests.factory import make_bench
from tests.test_html_accessibility import AXE
from tests.test_intake_revisions import FIRST, OTHER, SECOND, approval_state, word_file
from tests.test_intake_template import fill
from tests.web.conftest import Web, chromium, follow, live_server, post
from tests.web.conftest import text_of as _text_of
from tests.web.test_dashboard_axe import _check

R = "/r/crisis-house"


def text_of(page: str) -> str:
    return html.unescape(_text_of(page))


def send(web: Web, data: bytes, **choices: str) -> object:
    files = {"file": ("answer.docx", data, "application/octet-stream")}
    return post(web.client, f"{R}/intake/upload", choices, files=files)


def drafts(web: Web) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(web.bench.response.glob("*-q1-ada-intake.md"))}


def change(web: Web, page: str, make: str) -> object:
    key = re.search(r'name="key" value="([0-9a-f]+)"', page)
    assert key is not None and f'name="make" value="{make}"' in page
    return post(web.client, f"{R}/intake/change", {"key": key.group(1), "make": make})


def test_an_uploaded_new_version_is_a_revision_and_the_button_separates_it(web: Web) -> None:
    send(web, word_file(FIRST), question="q1", by="ada")
    [name] = drafts(web)
    answer = send(web, word_file(SECOND), question="q1", by="ada")
    said = text_of(answer.text)  # type: ignore[attr-defined]
    assert f"revision of responses/crisis-house/{name}" in said
    assert "What changed: \u201cnight,\u201d \u2192 \u201cany hour,\u201d added: \u201cquiet\u201d" in said
    assert "Make it a separate contribution instead" in said
    assert list(drafts(web)) == [name] and "at any hour" in drafts(web)[name]
    page = follow(web.client, change(web, answer.text, "separate"))  # type: ignore[attr-defined]
    assert "It is now a contribution of its own" in text_of(page.text)
    texts = drafts(web)
    assert len(texts) == 2 and "at night" in texts[name]


def test_an_uploaded_different_answer_is_a_second_one_and_the_button_joins_it(web: Web) -> None:
    send(web, word_file(FIRST), question="q1", by="ada")
    [name] = drafts(web)
    answer = send(web, word_file(OTHER), question="q1", by="ada")
    said = text_of(answer.text)  # type: ignore[attr-defined]
    assert "a second answer by ada to q1" in said and "revision of" not in said
    assert "Make it a new version of the earlier answer instead" in said
    assert len(drafts(web)) == 2
    follow(web.client, change(web, answer.text, "revision"))  # type: ignore[attr-defined]
    assert list(drafts(web)) == [name] and "Referrals from a GP" in drafts(web)[name]
    assert approval_state(web.bench, name) == "not-approved"


def test_the_template_is_a_download_and_comes_back_as_one_contribution_a_question(web: Web) -> None:
    answer = post(web.client, f"{R}/intake/template", {})
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-disposition"] == 'attachment; filename="crisis-house-template.docx"'
    assert answer.headers["cache-control"] == "no-store"
    page = web.client.get(f"{R}/intake")
    assert "Download the template" in text_of(page.text)
    saved = web.bench.root.parent / "downloaded.docx"
    saved.write_bytes(answer.content)
    filled = io.BytesIO()
    fill(saved, {"1": "A kettle and a kind word.", "3": "Thank you for asking us."}).save(filled)
    said = text_of(send(web, filled.getvalue()).text)  # type: ignore[attr-defined]
    assert said.count("Taken in:") == 2
    made = sorted(p.name for p in web.bench.response.glob("*-ada-intake.md"))
    assert [n.split("-")[1] for n in made] == ["q1", "q3"]
    assert docx.Document(io.BytesIO(answer.content)).paragraphs[0].text == "Response: crisis-house"
    assert not list(web.root.glob("build/**/*template*"))


def test_the_intake_page_with_a_new_version_passes_axe_in_chromium(tmp_path: Path) -> None:
    """A real browser: the template's download button, an upload of a new version, "revision of", the changes and
    the button to make it separate; no WCAG A or AA violation at 320 and 1280 px."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci in tests/axe)")
    where = tmp_path
    bench = make_bench(where / "wb")
    (where / "shared" / "ada" / "q1").mkdir(parents=True)
    (where / "shared" / "ada" / "q1" / "crisis house.docx").write_bytes(word_file(FIRST))
    assert run(["intake", str(where / "shared")], cwd=bench.root).exit_code == 0
    (where / "second.docx").write_bytes(word_file(SECOND))
    with live_server(bench.root, "--as", "hal") as address, chromium(bypass_csp=True) as browser:
        page = browser.new_page()
        page.goto(address)
        page.goto(address.split("?")[0] + "r/crisis-house/intake")
        page.get_by_role("button", name="Download the template").wait_for()
        _check(page, "volunteers' files, with the template's download")
        page.set_input_files("input[type=file]", str(where / "second.docx"))
        page.select_option("select[name=question]", "q1")
        page.select_option("select[name=by]", "ada")
        page.get_by_role("button", name="Take it in").click()
        page.get_by_role("button", name="Make it a separate contribution instead").wait_for()
        assert "revision of" in page.content()
        _check(page, "volunteers' files, a new version taken in")


def test_a_page_on_another_site_can_neither_change_a_decision_nor_take_the_template(web: Web) -> None:
    send(web, word_file(FIRST), question="q1", by="ada")
    answer = send(web, word_file(SECOND), question="q1", by="ada")
    key = re.search(r'name="key" value="([0-9a-f]+)"', answer.text)  # type: ignore[attr-defined]
    assert key is not None
    before = drafts(web)
    elsewhere = "https://attacker.example"
    refused = post(web.client, f"{R}/intake/change", {"key": key.group(1), "make": "separate"}, origin=elsewhere)
    assert refused.status_code == 403 and drafts(web) == before
    assert post(web.client, f"{R}/intake/template", {}, origin=elsewhere).status_code == 403
    assert web.client.post(f"{R}/intake/template").status_code == 403  # no token, no download
