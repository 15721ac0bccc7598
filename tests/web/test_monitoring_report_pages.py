"""Equality monitoring and the year's report in the browser (issues 24 and 25), through TestClient.

A person's answers recorded on their page are the file `coproduce monitoring --record` writes, byte for byte;
an answer without their agreement is refused with the error beside its question. The monitoring report page
is the command's report (1, 4 and 5 people in three groups: "fewer than 5" for the first two) with no name or
id on it. The year's report downloads are the bytes `coproduce report` writes, sent with no-store; UK dates
are read as the forms read them. Everyone is invented.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import yaml

from tests.conftest import run
from tests.factory import WITHHELD, make_bench
from tests.test_support_monitoring import ASIAN, BLACK, WHITE, _answer, _people
from tests.web.conftest import Web, follow, post, text_of
from tests.web.test_people import summary_links


def _said(page: str) -> str:
    return html.unescape(text_of(page))


# ------------------------------------------------------------------ a person's answers


def test_answers_recorded_on_the_page_are_the_file_the_command_writes(web: Web, tmp_path: Path) -> None:
    page = web.client.get("/people/bo/monitoring")
    assert page.status_code == 200 and "Their answer" in page.text
    form = {"q-ethnicity": WHITE, "agreed-ethnicity": "yes", "q-age": "25 to 34", "agreed-age": "yes"}
    answer = post(web.client, "/people/bo/monitoring", {**form, "agreed_on": "3/2/2026"})
    assert answer.status_code == 303
    assert "2 answers, kept apart from bo's record" in _said(follow(web.client, answer).text)
    twin = make_bench(tmp_path / "twin").root
    args = ["monitoring", "--record", "bo", "--answer", f"ethnicity={WHITE}", "--answer", "age=25 to 34"]
    result = run([*args, "--agreed-on", "2026-02-03"], cwd=twin)
    assert result.exit_code == 0, result.output
    mine = (web.root / "monitoring" / "bo.yaml").read_bytes()
    assert mine == (twin / "monitoring" / "bo.yaml").read_bytes()
    data = yaml.safe_load(mine)
    assert data["ethnicity"] == {"answer": WHITE, "consent": __import__("datetime").date(2026, 2, 3)}
    # the person's record holds none of it
    assert "ethnicity" not in (web.root / "contributors" / "bo.yaml").read_text("utf-8")
    # shown again on their page, with the day they agreed; taken out with "Not given"
    again = _said(web.client.get("/people/bo/monitoring").text)
    assert "They agreed to give this answer (on 3 February 2026)" in again
    answer = post(web.client, "/people/bo/monitoring", {"q-age": "", "q-ethnicity": WHITE, "agreed-ethnicity": "yes"})
    assert answer.status_code == 303
    data = yaml.safe_load((web.root / "monitoring" / "bo.yaml").read_text("utf-8"))
    assert set(data) == {"ethnicity"} and str(data["ethnicity"]["consent"]) == "2026-02-03"  # its own day kept


def test_an_answer_they_did_not_agree_to_give_is_refused_beside_its_question(web: Web) -> None:
    answer = post(web.client, "/people/bo/monitoring", {"q-ethnicity": WHITE, "q-sex": "Female", "agreed-sex": "yes"})
    assert answer.status_code == 400
    links = summary_links(answer.text)
    assert list(links) == ["q-ethnicity"] and "not that they agreed" in links["q-ethnicity"]
    assert 'id="q-ethnicity-error"' in answer.text
    assert f'<option value="{WHITE}" selected>' in answer.text  # what was typed stays
    assert not (web.root / "monitoring" / "bo.yaml").exists()  # nothing recorded, not even the agreed one


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"q-ethnicity": "Purple", "agreed-ethnicity": "yes"}, "q-ethnicity"),
        ({"q-ethnicity": WHITE, "agreed-ethnicity": "yes", "agreed_on": "31/02/2026"}, "agreed_on"),
        ({"q-ethnicity": WHITE, "agreed-ethnicity": "yes", "agreed_on": "1/1/2027"}, "agreed_on"),  # to come
    ],
)
def test_bad_answers_and_days_are_told_at_their_field(web: Web, form: dict[str, str], field: str) -> None:
    answer = post(web.client, "/people/bo/monitoring", form)
    assert answer.status_code == 400 and field in summary_links(answer.text)
    assert not (web.root / "monitoring" / "bo.yaml").exists()


def test_the_command_refuses_the_same_way(web: Web) -> None:
    result = run(["monitoring", "--record", "bo", "--answer", "ethnicity=Purple"], cwd=web.root)
    assert result.exit_code == 1 and "'Purple' is not an answer to 'ethnicity'" in result.output
    assert run(["monitoring", "--record", "zed", "--answer", f"ethnicity={WHITE}"], cwd=web.root).exit_code == 2
    assert run(["monitoring", "--record", "bo"], cwd=web.root).exit_code == 2


def test_nobody_else_and_no_page_outside_the_address(web: Web) -> None:
    assert web.client.get("/people/zed/monitoring").status_code == 404
    assert web.client.get("/people/..%2Fcontributors/monitoring").status_code in (400, 404)


# ------------------------------------------------------------------ the report across responses


def test_the_report_page_is_the_commands_report_and_names_nobody(web: Web) -> None:
    bench = web.bench
    ids = _people(bench, 10)
    for pid in ids[:5]:
        _answer(bench, pid, WHITE)
    for pid in ids[5:9]:
        _answer(bench, pid, ASIAN)
    _answer(bench, ids[9], BLACK)
    page = web.client.get("/monitoring", params={"from": "1 February 2026", "to": "20/11/2026"})
    assert page.status_code == 200
    said = _said(page.text)
    command = run(["monitoring", "--from", "2026-02-01", "--to", "2026-11-20"], cwd=bench.root).output
    assert "People who took part: 10" in said and "People who took part: 10" in command
    ethnic = said.split("Ethnic group", 1)[1].split("Do you consider", 1)[0]
    assert f"{WHITE} 5" in ethnic and f"{ASIAN} fewer than 5" in ethnic and f"{BLACK} fewer than 5" in ethnic
    for line in command.split("Ethnic group", 1)[1].split("\n\n", 1)[0].strip().splitlines():
        answer, shown = line.strip().split(": ", 1)
        assert f"{answer} {shown}" in ethnic  # the same rows as the command
    for pid in ids:
        assert pid not in said
    for secret in (*WITHHELD, "Invented", "Person0"):
        assert secret not in said


def test_the_report_page_reads_uk_dates_and_says_what_is_wrong(web: Web) -> None:
    page = web.client.get("/monitoring", params={"from": "31/02/2026"})
    assert page.status_code == 400 and "from" in summary_links(page.text)
    page = web.client.get("/monitoring", params={"from": "1/3/2026", "to": "1/2/2026"})
    assert page.status_code == 400 and "to" in summary_links(page.text)


# ------------------------------------------------------------------ the year's report


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("report-page") / "wb"
    root.mkdir()
    repo = Path(__file__).resolve().parents[2]
    for folder in ("contributors", "responses"):
        shutil.copytree(repo / folder, root / folder)
    result = run(["report", "--from", "2025-04-01", "--to", "2026-11-20", "--out", "reports"], cwd=root)
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("fmt", ["pdf", "docx", "csv"])
def test_the_downloads_are_the_bytes_the_command_writes(examples: Path, fmt: str) -> None:
    from tests.web.conftest import client_for

    folders = sorted((examples / "responses").iterdir())
    with client_for(examples, folders) as client:
        assert "Download the report as PDF" in client.get("/report").text
        got = post(client, "/report", {"from": "1 April 2025", "to": "20/11/2026", "format": fmt})
    assert got.status_code == 200, got.text[:2000]
    name = f"impact-2025-04-01-to-2026-11-20.{fmt}"
    assert got.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert got.headers["cache-control"] == "no-store"
    assert got.content == (examples / "reports" / name).read_bytes()


def test_a_missing_or_backwards_period_is_told_at_its_field(web: Web) -> None:
    answer = post(web.client, "/report", {"from": "", "to": "31/3/2026", "format": "pdf"})
    assert answer.status_code == 400 and "from" in summary_links(answer.text)
    answer = post(web.client, "/report", {"from": "1/4/2026", "to": "31/3/2026", "format": "csv"})
    assert answer.status_code == 400 and "to" in summary_links(answer.text)
    assert 'value="1/4/2026"' in answer.text  # what was typed stays
    assert post(web.client, "/report", {"from": "1/4/2025", "to": "31/3/2026", "format": "exe"}).status_code == 400


# ------------------------------------------------------------------ as every page: token, CSRF, Origin


def test_neither_page_opens_or_changes_anything_without_the_token_and_the_csrf_field(web: Web) -> None:
    from tests.web.conftest import ORIGIN, client_for

    with client_for(web.root, [web.bench.response], sign_in=False) as stranger:
        for path in ("/monitoring", "/report", "/people/bo/monitoring"):
            assert stranger.get(path).status_code == 403, path
    form = {"q-ethnicity": WHITE, "agreed-ethnicity": "yes"}
    refused = web.client.post("/people/bo/monitoring", data=form, headers={"origin": ORIGIN})  # no _xsrf
    assert refused.status_code == 403 and not (web.root / "monitoring" / "bo.yaml").exists()
    other_site = post(web.client, "/people/bo/monitoring", form, origin="http://evil.example")
    assert other_site.status_code == 403 and not (web.root / "monitoring" / "bo.yaml").exists()
    report = web.client.post("/report", data={"from": "1/4/2025", "to": "31/3/2026", "format": "csv"},
                             headers={"origin": ORIGIN})  # fmt: skip
    assert report.status_code == 403 and "text/csv" not in report.headers.get("content-type", "")
