"""Sessions, time and payment through TestClient, and the careful list edits under them.

A recorded session must be exactly the lines a person would type at the end of `involvement:`, the
rest of response.yaml unchanged byte for byte (comments, CRLF, a one-line list); a payment mark is the
`{id: ada, paid: true}` form `coproduce hours` reads; the hours file is `coproduce hours --csv`'s.
"""

from __future__ import annotations

import csv as csv_module
import html
import io
import re
from pathlib import Path

import pytest
import yaml

from pipeline.workflow.sessions import session_key
from pipeline.workflow.yamledit import EditError
from pipeline.workflow.yamllist import append_item, replace_item
from tests.conftest import run
from tests.factory import WITHHELD
from tests.web.conftest import Web, follow, post
from tests.web.test_people import summary_links

URL = "/r/crisis-house/sessions"
SESSION = {"date": "18/11/2026", "activity": "Workshop: on referral", "hours": "1.75", "rate": "£15.50"}
ADDED = (
    "  - date: 2026-11-18\n"
    "    activity: 'Workshop: on referral'\n"
    "    hours: 1.75\n"
    "    rate: 15.50\n"
    "    people: [ada, hal]\n"
)


def key(date: str, activity: str) -> str:
    """The session's key as its payment page carries it."""
    from pipeline.load.schema import Session

    return session_key(Session.model_validate({"date": date, "activity": activity, "hours": 1, "people": []}))


def response_yaml(web: Web) -> Path:
    return web.bench.response / "response.yaml"


def test_recording_a_session_adds_exactly_its_lines(web: Web) -> None:
    before = response_yaml(web).read_text(encoding="utf-8")
    answer = post(web.client, URL, {**SESSION, "came-ada": "yes", "came-hal": "yes"})
    assert answer.status_code == 303 and answer.headers["location"] == URL
    assert "Recorded the session" in follow(web.client, answer).text
    after = response_yaml(web).read_text(encoding="utf-8")
    assert after == before + ADDED
    listed = yaml.safe_load(after)["involvement"][-1]
    assert listed["people"] == ["ada", "hal"] and str(listed["date"]) == "2026-11-18"
    assert "Workshop: on referral" in web.client.get(URL).text


def test_the_session_counts_in_the_hours_the_command_reports(web: Web) -> None:
    post(web.client, URL, {**SESSION, "came-ada": "yes", "came-hal": "yes"})
    page = web.client.get(f"{URL}/2")
    assert page.status_code == 200 and "Workshop: on referral" in page.text
    this = key("2026-11-18", "Workshop: on referral")
    assert post(web.client, f"{URL}/2/ada", {"session": this, "paid": "yes", "expenses": "12.40"}).status_code == 303
    assert post(web.client, f"{URL}/2/hal", {"session": this, "declined": "yes"}).status_code == 303
    people = yaml.safe_load(response_yaml(web).read_text(encoding="utf-8"))["involvement"][-1]["people"]
    assert people == [{"id": "ada", "paid": True, "expenses": 12.4}, {"id": "hal", "declined": True}]
    assert (
        "people: [{id: ada, paid: true, expenses: 12.40}, {id: hal, declined: true}]" in response_yaml(web).read_text()
    )
    csv = web.client.get("/r/crisis-house/hours.csv")
    assert csv.status_code == 200 and csv.headers["content-disposition"].startswith("attachment")
    assert csv.headers["content-type"].startswith("text/csv")
    command = run(["hours", "crisis-house", "--csv"], cwd=web.root)
    assert command.exit_code == 0, command.output
    # the same function and the same figures; served, each person by id and credit as printed, never a name
    served, written = (
        list(csv_module.reader(io.StringIO(csv.text))),
        list(csv_module.reader(io.StringIO(command.output))),
    )
    figures = [(row[0], *row[2:]) for row in served if not row[0].startswith("#")]
    assert sorted(figures) == sorted((row[0], *row[2:]) for row in written if not row[0].startswith("#"))
    assert next(row for row in served if row[0] == "id")[:2] == ["id", "credited as"]
    for secret in WITHHELD:
        assert secret.lower() not in csv.text.lower(), secret
    assert any(secret.lower() in command.output.lower() for secret in WITHHELD)  # the command's file names them
    ada = next(line for line in csv.text.splitlines() if line.startswith("ada,"))
    assert ada.split(",")[4:8] == ["27.13", "12.40", "39.53", "0.00"]  # 1.75 x 15.50 = 27.125, to the penny
    assert "declined payment for 1 session" in csv.text


def test_unmarking_a_payment_goes_back_to_the_plain_id(web: Web) -> None:
    first = key("2026-01-12", "Workshop on what helps in a crisis")
    post(web.client, f"{URL}/0/bo", {"session": first, "paid": "yes"})
    assert "people: [ada, {id: bo, paid: true}, cy, gus, hal]" in response_yaml(web).read_text()
    post(web.client, f"{URL}/0/bo", {"session": first})
    assert "people: [ada, bo, cy, gus, hal]" in response_yaml(web).read_text()


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"date": "31/02/2026"}, "date", "not a day of the calendar"),
        ({"date": ""}, "date", "date is missing"),
        ({"activity": "Line one\nline two"}, "activity", "line break"),
        ({"activity": "  "}, "activity", "is missing"),
        ({"hours": "two"}, "hours", "not a number of hours"),
        ({"hours": "0"}, "hours", "not a session's length"),
        ({"hours": "25"}, "hours", "not a session's length"),
        ({"rate": "-3"}, "rate", "not an amount per hour"),
        ({"came-zed": "yes"}, "people-0", "'zed' is not a contributor"),
        ({"came-ada": "", "came-hal": ""}, "people-0", "nobody is ticked"),
        ({"came-gus": "yes"}, "people-0", "gus withdrew on 2025-06-01"),
    ],
)
def test_a_bad_session_is_told_beside_its_field_and_nothing_is_written(
    web: Web, change: dict[str, str], field: str, words: str
) -> None:
    before = response_yaml(web).read_bytes()
    answer = post(web.client, URL, {**SESSION, "came-ada": "yes", "came-hal": "yes", **change})
    assert answer.status_code == 400
    links = summary_links(answer.text)
    assert field in links and words in links[field].replace("&#39;", "'"), links
    assert f'id="{field}"' in answer.text
    assert response_yaml(web).read_bytes() == before
    kept = html.escape(change.get("date", SESSION["date"]), quote=True)
    assert f'value="{kept}"' in answer.text  # the fields keep what was typed


def test_every_problem_at_once(web: Web) -> None:
    answer = post(web.client, URL, {"date": "soon", "activity": "", "hours": "", "rate": "lots"})
    assert set(summary_links(answer.text)) == {"date", "activity", "hours", "rate", "people-0"}


def test_a_payment_for_a_session_that_moved_is_refused(web: Web) -> None:
    before = response_yaml(web).read_bytes()
    answer = post(
        web.client, f"{URL}/0/ada", {"session": key("2026-01-26", "Reading group on the draft"), "paid": "yes"}
    )
    assert answer.status_code == 400 and "changed since this page was opened" in answer.text
    answer = post(web.client, f"{URL}/0/ada", {"session": key("2026-01-12", "Workshop on what helps in a crisis"),
                                               "expenses": "a tenner"})  # fmt: skip
    assert answer.status_code == 400 and "expenses-ada" in summary_links(answer.text)
    assert (
        post(
            web.client, f"{URL}/0/fay", {"session": key("2026-01-12", "Workshop on what helps in a crisis")}
        ).status_code
        == 400
    )
    assert response_yaml(web).read_bytes() == before


@pytest.mark.parametrize("url", [f"{URL}/9", f"{URL}/-1", f"{URL}/01x", "/r/nowhere/sessions", "/r/nowhere/hours.csv"])
def test_what_is_not_there_is_not_found(web: Web, url: str) -> None:
    assert web.client.get(url).status_code == 404


# ------------------------------------------------------------------ the careful list edits


BLOCK = "title: T\n# the sessions so far\ninvolvement:\n  - date: 2026-01-12  # the first\n    people: [ada]\n# end\n"
ITEM = ["- date: 2026-02-01", "  people: [bo]"]
FLOW = "{date: 2026-02-01, people: [bo]}"


@pytest.mark.parametrize(
    "text, expected",
    [
        (BLOCK, BLOCK.replace("[ada]\n", "[ada]\n  - date: 2026-02-01\n    people: [bo]\n")),
        ("title: T\ninvolvement: []\n", "title: T\ninvolvement:\n  - date: 2026-02-01\n    people: [bo]\n"),
        ("title: T\ninvolvement:\n", "title: T\ninvolvement:\n  - date: 2026-02-01\n    people: [bo]\n"),
        ("title: T\n", "title: T\ninvolvement:\n  - date: 2026-02-01\n    people: [bo]\n"),
        ("title: T", "title: T\ninvolvement:\n  - date: 2026-02-01\n    people: [bo]"),
        (
            "involvement: [{date: 2026-01-12, people: [ada]}]\n",
            f"involvement: [{{date: 2026-01-12, people: [ada]}}, {FLOW}]\n",
        ),
        (
            "involvement:\n- date: 2026-01-12\n  people: [ada]\n",
            "involvement:\n- date: 2026-01-12\n  people: [ada]\n- date: 2026-02-01\n  people: [bo]\n",
        ),  # fmt: skip
        (
            BLOCK.replace("\n", "\r\n"),
            BLOCK.replace("[ada]\n", "[ada]\n  - date: 2026-02-01\n    people: [bo]\n").replace("\n", "\r\n"),
        ),
    ],
)
def test_appending_a_session_changes_nothing_else(text: str, expected: str) -> None:
    edited = append_item(text, "involvement", ITEM, FLOW)
    assert edited == expected
    assert yaml.safe_load(edited)["involvement"][-1] == {"date": yaml.safe_load("d: 2026-02-01")["d"], "people": ["bo"]}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("s:\n  - people: [ada, bo]\n", "s:\n  - people: [ada, {id: bo, paid: true}]\n"),
        (
            "s:\n  - people:\n      - ada\n      - bo  # late\n",
            "s:\n  - people:\n      - ada\n      - {id: bo, paid: true}  # late\n",
        ),
        (
            "s:\n  - people:\n      - ada\n      - id: bo\n        declined: true\n",
            "s:\n  - people:\n      - ada\n      - {id: bo, paid: true}\n",
        ),
    ],
)
def test_replacing_one_person_changes_nothing_else(text: str, expected: str) -> None:
    assert replace_item(text, ("s", 0, "people", 1), "{id: bo, paid: true}") == expected


def test_a_list_the_editor_will_not_guess_at_is_refused() -> None:
    with pytest.raises(EditError):
        append_item("involvement: 3\n", "involvement", ITEM, FLOW)
    with pytest.raises(EditError):
        replace_item("s: [ada]\n", ("s", 4), "x")
    with pytest.raises(EditError):
        append_item("- a\n- b\n", "involvement", ITEM, FLOW)


def test_a_response_that_does_not_load_is_told_not_broken(web: Web) -> None:
    path = response_yaml(web)
    path.write_text(path.read_text() + "involvment: []\n")  # a typo: the response no longer loads
    before = path.read_bytes()
    page = web.client.get(URL)
    assert page.status_code == 409 and "involvment" in page.text and "Traceback" not in page.text
    answer = post(web.client, URL, {**SESSION, "came-ada": "yes"})
    assert answer.status_code in (400, 409) and path.read_bytes() == before
    assert web.client.get("/r/crisis-house/hours.csv").status_code == 409
    assert re.search(r"did you mean", web.client.get("/r/crisis-house/hours.csv").text)


def test_two_sessions_recorded_at_once_are_both_kept(web: Web) -> None:
    """Two tabs of the workbench, two requests at the same moment: neither session is lost."""
    import datetime as dt
    import threading
    from decimal import Decimal

    from pipeline.workflow.sessions import NewSession, record_session

    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def record(who: str) -> None:
        try:
            start.wait()
            for k in range(6):
                new = NewSession(dt.date(2026, 10, 1 + k), f"Drop-in {who} {k}", Decimal("1"), None, (who,))
                record_session(web.root, "crisis-house", new)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=record, args=(who,)) for who in ("ada", "bo")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    sessions = yaml.safe_load(response_yaml(web).read_text(encoding="utf-8"))["involvement"]
    added = sorted(s["activity"] for s in sessions[2:])
    assert added == sorted(f"Drop-in {who} {k}" for who in ("ada", "bo") for k in range(6))


@pytest.mark.parametrize(
    "typed", ["Walk with Bo Lindqvist", "Chat with LINDQVIST", "Tea with bo", "Call with Mr\u00a0Lindqvist"]
)
def test_an_activity_that_names_someone_is_refused(web: Web, typed: str) -> None:
    before = response_yaml(web).read_bytes()
    answer = post(web.client, URL, {**SESSION, "activity": typed, "came-ada": "yes"})
    assert answer.status_code == 400 and "names someone" in summary_links(answer.text)["activity"]
    assert response_yaml(web).read_bytes() == before


def test_a_name_typed_into_response_yaml_by_hand_is_masked_on_every_page(web: Web) -> None:
    """check refuses it; meanwhile the sessions, payment, record and withdraw pages show "[a private name]" instead."""
    from tests.attacks.readers import fold

    path = response_yaml(web)
    path.write_text(path.read_text().replace("Reading group on the draft", "Reading group at Delphine Oduya's flat"))
    pages = [web.client.get(url).text for url in (URL, f"{URL}/1", "/people/ada", "/people/ada/withdraw")]
    for page in pages:
        assert "oduya" not in fold(page) and "delphine" not in fold(page)
    assert "[a private name]" in pages[0] and "[a private name]" in pages[1] and "[a private name]" in pages[2]


def test_the_command_writes_what_the_page_writes(web: Web, tmp_path: Path) -> None:
    """coproduce session add / pay and the sessions pages call the same functions: the same bytes."""
    from tests.factory import make_bench

    other = make_bench(tmp_path / "twin")
    post(web.client, URL, {**SESSION, "came-ada": "yes", "came-hal": "yes"})
    args = ["session", "add", "crisis-house", "--date", "18 November 2026", "--activity", "Workshop: on referral"]
    result = run([*args, "--hours", "1.75", "--rate", "£15.50", "--person", "ada", "--person", "hal"], cwd=other.root)
    assert result.exit_code == 0, result.output
    this = key("2026-11-18", "Workshop: on referral")
    post(web.client, f"{URL}/2/ada", {"session": this, "paid": "yes", "expenses": "12.40"})
    paid = run(["session", "pay", "crisis-house", "3", "ada", "--paid", "--expenses", "12.40"], cwd=other.root)
    assert paid.exit_code == 0, paid.output
    assert response_yaml(web).read_bytes() == (other.response / "response.yaml").read_bytes()


def test_the_command_refuses_what_the_page_refuses(web: Web) -> None:
    before = response_yaml(web).read_bytes()
    args = ["session", "add", "crisis-house", "--date", "31/02/2026", "--activity", "Tea with bo", "--hours", "30"]
    result = run([*args, "--person", "zed"], cwd=web.root)
    assert result.exit_code == 2 and "Traceback" not in result.output
    for words in ("not a day of the calendar", "names someone", "not a session's length", "'zed' is not a contributor"):
        assert words in result.output
    assert run(["session", "pay", "crisis-house", "1", "ada", "--expenses", "lots"], cwd=web.root).exit_code == 2
    assert run(["session", "pay", "crisis-house", "9", "ada", "--paid"], cwd=web.root).exit_code == 2
    assert response_yaml(web).read_bytes() == before
