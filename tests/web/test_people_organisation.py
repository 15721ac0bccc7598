"""Add a person with the organisation they take part for (issue 22): the page and `coproduce contributor add
--organisation` write the same bytes, as the response spells the name however it was typed, and refuse a name no
response of the workbench gives, beside the field, with the nearest one. Files read back with PyYAML."""

from __future__ import annotations

import html
from pathlib import Path

import yaml

from tests.conftest import run
from tests.factory import make_bench
from tests.web.conftest import Web, post, text_of
from tests.web.test_people import summary_links

ANSWERS = {"name": "Tam Orrin", "pid": "tam", "credit": "name", "quotes": "no", "lived_experience": "no"}
ARGS = ["contributor", "add", "tam", "--name", "Tam Orrin", "--credit", "name", "--quotes", "no"]
ARGS += ["--no-lived-experience"]


def test_the_form_and_the_command_write_the_organisation_as_the_response_spells_it(web: Web, tmp_path: Path) -> None:
    page = web.client.get("/people/new").text
    assert 'name="organisation"' in page and "The organisation you take part for" in page
    answer = post(web.client, "/people/new", {**ANSWERS, "organisation": "riverside  PEER network"})
    assert answer.status_code == 303, text_of(answer.text)
    other = make_bench(tmp_path / "twin").root
    result = run([*ARGS, "--organisation", "Riverside Peer Network"], cwd=other)
    assert result.exit_code == 0, result.output
    written = (web.root / "contributors" / "tam.yaml").read_bytes()
    assert written == (other / "contributors" / "tam.yaml").read_bytes()
    assert yaml.safe_load(written)["organisation"] == "Riverside Peer Network"


def test_no_organisation_writes_the_file_as_before(web: Web, tmp_path: Path) -> None:
    assert post(web.client, "/people/new", {**ANSWERS, "organisation": "  "}).status_code == 303
    assert "organisation" not in yaml.safe_load((web.root / "contributors" / "tam.yaml").read_text("utf-8"))


def test_an_organisation_no_response_names_is_refused_by_both_with_the_nearest(web: Web, tmp_path: Path) -> None:
    refused = post(web.client, "/people/new", {**ANSWERS, "organisation": "Riverside Peer Netwrok"})
    assert refused.status_code == 400
    said = summary_links(refused.text)
    assert "'Riverside Peer Netwrok' is not an organisation any response names" in html.unescape(said["organisation"])
    assert "did you mean 'Riverside Peer Network'?" in html.unescape(said["organisation"])
    assert 'value="Riverside Peer Netwrok"' in refused.text  # the answer stays to correct
    assert not (web.root / "contributors" / "tam.yaml").exists()
    other = make_bench(tmp_path / "twin").root
    result = run([*ARGS, "--organisation", "Riverside Peer Netwrok"], cwd=other)
    assert result.exit_code == 2
    assert "did you mean 'Riverside Peer Network'?" in result.output
    assert not (other / "contributors" / "tam.yaml").exists()


def test_their_record_says_which_organisation_they_take_part_for(web: Web) -> None:
    assert "Takes part for" not in text_of(web.client.get("/people/ada").text)
    path = web.root / "contributors" / "ada.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "organisation: Riverside Peer Network\n", encoding="utf-8")
    assert "Takes part for Riverside Peer Network" in text_of(web.client.get("/people/ada").text)
