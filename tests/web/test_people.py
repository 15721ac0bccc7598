"""The people pages through TestClient: each action writes what the command writes, and bad input is told in full.

Files are compared byte for byte with what `coproduce contributor add`, `contributor credit`,
`reconsent --confirm`, `contributor ordinary-word` and `withdraw` write on a twin workbench.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import run
from tests.factory import make_bench
from tests.web.conftest import Web, follow, post, text_of

SUMMARY = re.compile(r'<div class="error-summary" role="alert".*?</div>', re.S)


def summary_links(page: str) -> dict[str, str]:
    """The error summary's entries: field id -> message, as the reader meets them."""
    found = SUMMARY.search(page)
    assert found, "no error summary on the page"
    return {f: text_of(t) for f, t in re.findall(r'<a href="#([^"]+)">(.*?)</a>', found.group(0), re.S)}


def twin(tmp_path: Path) -> Path:
    return make_bench(tmp_path / "twin").root


ROSA = {
    "name": "Rosa Quinn",
    "pid": "rosa",
    "credit": "pseudonym",
    "pseudonym": "Robin",
    "quotes": "anonymous",
    "lived_experience": "yes",
    "emails": "rosa@example.org",
    "consent_date": "12/01/2026",
}
ROSA_ARGS = ["contributor", "add", "rosa", "--name", "Rosa Quinn", "--credit", "pseudonym", "--pseudonym", "Robin"]
ROSA_ARGS += ["--quotes", "anonymous", "--lived-experience", "--email", "rosa@example.org"]
ROSA_ARGS += ["--consent-date", "2026-01-12"]


# ------------------------------------------------------------------ add a person


def test_adding_a_person_writes_the_file_the_command_writes(web: Web, tmp_path: Path) -> None:
    answer = post(web.client, "/people/new", ROSA)
    assert answer.status_code == 303 and answer.headers["location"] == "/people/rosa"
    page = follow(web.client, answer).text
    assert "Added rosa" in page and "Consent is recorded" in page
    other = twin(tmp_path)
    assert run(ROSA_ARGS, cwd=other).exit_code == 0
    written = (web.root / "contributors" / "rosa.yaml").read_bytes()
    assert written == (other / "contributors" / "rosa.yaml").read_bytes()
    assert yaml.safe_load(written)["consent"]["recorded"].isoformat() == "2026-01-12"


def test_no_consent_date_means_not_recorded_as_the_command_writes(web: Web, tmp_path: Path) -> None:
    answers = {"name": "Tam Orrin", "pid": "", "credit": "name", "quotes": "no", "lived_experience": "no"}
    answer = post(web.client, "/people/new", answers)
    assert answer.status_code == 303 and answer.headers["location"] == "/people/tam"  # the id suggested from the name
    assert "not recorded yet" in follow(web.client, answer).text
    other = twin(tmp_path)
    args = ["contributor", "add", "tam", "--name", "Tam Orrin", "--credit", "name", "--quotes", "no"]
    assert run([*args, "--no-lived-experience"], cwd=other).exit_code == 0
    assert (web.root / "contributors/tam.yaml").read_bytes() == (other / "contributors/tam.yaml").read_bytes()


@pytest.mark.parametrize("typed", ["16 December 2025", "2025-12-16", "16/12/25", "16th Dec 2025"])
def test_a_consent_date_is_read_the_uk_way(web: Web, typed: str) -> None:
    answer = post(web.client, "/people/new", {**ROSA, "consent_date": typed})
    assert answer.status_code == 303, summary_links(answer.text)
    assert yaml.safe_load((web.root / "contributors/rosa.yaml").read_text())["consent"]["recorded"].isoformat() == (
        "2025-12-16"
    )


def test_every_bad_answer_is_told_at_once_beside_its_field_and_the_answers_stay(web: Web) -> None:
    typed = {
        "name": "Rosa\r\nQuinn",  # a line break pasted into the name, as a browser sends it
        "pid": "Rosa Q",
        "credit": "pseudonym",
        "pseudonym": "",
        "quotes": "sometimes",
        "lived_experience": "",
        "emails": "rosa at example",
        "consent_date": "31/02/2026",
    }
    answer = post(web.client, "/people/new", typed)
    assert answer.status_code == 400
    links = summary_links(answer.text)
    assert set(links) == {"name", "pid", "pseudonym", "quotes", "lived_experience", "emails", "consent_date"}
    assert "line break" in links["name"] and "cannot be a contributor id" in links["pid"]
    assert "not a day of the calendar" in links["consent_date"] and "16/12/2026" in links["consent_date"]
    for field in links:  # each link leads to its own field, and the message is there too
        assert f'id="{field}"' in answer.text and f'id="{field}-error"' in answer.text
    assert 'value="Rosa Q"' in answer.text and 'value="31/02/2026"' in answer.text
    assert not (web.root / "contributors" / "rosa.yaml").exists() and not list(
        (web.root / "contributors").glob("rosa*")
    )


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"pid": "ada"}, "pid", "contributors/ada.yaml already exists"),
        ({"consent_date": "1/1/2030"}, "consent_date", "has not come yet"),
        ({"name": ""}, "name", "their name is missing"),
        ({"credit": ""}, "credit", "not chosen"),
        ({"credit": "role", "role": ""}, "role", "needs the role"),
        ({"name": "Rosa\u0007Quinn"}, "name", "control character"),
        ({"emails": "rosa@example.org, nobody"}, "emails", "'nobody' is not an e-mail address"),
        ({"consent_date": "next Tuesday"}, "consent_date", "is not a date"),
    ],
)
def test_one_bad_answer(web: Web, change: dict[str, str], field: str, words: str) -> None:
    answer = post(web.client, "/people/new", {**ROSA, **change})
    assert answer.status_code == 400
    links = summary_links(answer.text)
    assert field in links and words in links[field].replace("&#39;", "'"), links


def test_the_command_refuses_what_the_page_refuses(bench_root: Path) -> None:
    """The checks are one function: a line break or a bad address on the command line is refused too."""
    args = ["contributor", "add", "rosa", "--name", "Rosa\nQuinn", "--credit", "name", "--quotes", "no"]
    result = run([*args, "--no-lived-experience", "--email", "nobody"], cwd=bench_root)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "line break" in result.output and "'nobody' is not an e-mail address" in result.output
    assert not (bench_root / "contributors/rosa.yaml").exists()


@pytest.fixture
def bench_root(tmp_path: Path) -> Path:
    return make_bench(tmp_path / "wb").root


# ------------------------------------------------------------------ changes


COMMENTED = "# Bo asked on 3 March to be credited by initials\nname: Bo Lindqvist\ncredit: initials  # their choice\n"
COMMENTED += "lived_experience: true\nemails: [bo@example.org]\nconsent: {recorded: 2025-01-10, quotes: anonymous}\n"


def test_changing_credit_keeps_the_file_and_equals_the_command(web: Web, tmp_path: Path) -> None:
    other = twin(tmp_path)
    for root in (web.root, other):
        (root / "contributors/bo.yaml").write_bytes(COMMENTED.replace("\n", "\r\n").encode())
    answer = post(web.client, "/people/bo/credit", {"credit": "role", "role": "Peer Volunteer", "pseudonym": ""})
    assert answer.status_code == 303 and "how bo is credited" in follow(web.client, answer).text
    result = run(["contributor", "credit", "bo", "--credit", "role", "--role", "Peer Volunteer"], cwd=other)
    assert result.exit_code == 0, result.output
    written = (web.root / "contributors/bo.yaml").read_bytes()
    assert written == (other / "contributors/bo.yaml").read_bytes()
    assert b"# Bo asked on 3 March" in written and b"# their choice" in written and b"\r\n" in written
    data = yaml.safe_load(written)
    assert (data["credit"], data["role"]) == ("role", "Peer Volunteer")
    people = web.client.get("/people").text
    assert "Peer Volunteer" in people  # the list shows the credit as a build now prints it


def test_a_credit_without_its_name_is_refused_beside_the_field(web: Web) -> None:
    before = (web.root / "contributors/bo.yaml").read_bytes()
    answer = post(web.client, "/people/bo/credit", {"credit": "pseudonym", "pseudonym": "Line\nbreak"})
    assert answer.status_code == 400
    assert "pseudonym" in summary_links(answer.text)
    answer = post(web.client, "/people/bo/credit", {"credit": "famous"})
    assert answer.status_code == 400 and "credit" in summary_links(answer.text)
    assert (web.root / "contributors/bo.yaml").read_bytes() == before


def test_consent_asked_again_is_recorded_as_the_command_records_it(web: Web, tmp_path: Path) -> None:
    other = twin(tmp_path)
    answer = post(web.client, "/people/eli/reconsent", {"reconsent_on": "19 November 2026"})
    assert answer.status_code == 303
    assert "confirmed consent on 19 November 2026" in follow(web.client, answer).text
    assert run(["reconsent", "--confirm", "eli", "--on", "2026-11-19"], cwd=other).exit_code == 0
    assert (web.root / "contributors/eli.yaml").read_bytes() == (other / "contributors/eli.yaml").read_bytes()


@pytest.mark.parametrize(
    "typed, words", [("1/1/2031", "has not come yet"), ("the 40th", "is not a date"), ("", "withdrew on")]
)
def test_consent_again_refused(web: Web, typed: str, words: str) -> None:
    pid = "gus" if not typed else "eli"  # gus withdrew: re-confirming does not undo it
    before = (web.root / f"contributors/{pid}.yaml").read_bytes()
    answer = post(web.client, f"/people/{pid}/reconsent", {"reconsent_on": typed})
    assert answer.status_code == 400
    links = summary_links(answer.text)
    assert words in links["reconsent_on"], links
    assert (web.root / f"contributors/{pid}.yaml").read_bytes() == before


def test_an_ordinary_word_is_listed_as_the_command_lists_it(web: Web, tmp_path: Path) -> None:
    other = twin(tmp_path)
    answer = post(web.client, "/people/ivy/ordinary-word", {"word": "Ivy"})
    assert answer.status_code == 303
    assert run(["contributor", "ordinary-word", "ivy", "Ivy"], cwd=other).exit_code == 0
    assert (web.root / "contributors/ivy.yaml").read_bytes() == (other / "contributors/ivy.yaml").read_bytes()
    assert yaml.safe_load((web.root / "contributors/ivy.yaml").read_text())["ordinary_words"] == ["Ivy"]
    again = post(web.client, "/people/ivy/ordinary-word", {"word": "ivy"})  # listed once, however typed
    assert "already listed" in follow(web.client, again).text
    assert yaml.safe_load((web.root / "contributors/ivy.yaml").read_text())["ordinary_words"] == ["Ivy"]


@pytest.mark.parametrize("word", ["Ivy Castell", "Hope", "", "Ivy\nCastell"])
def test_only_one_word_of_their_own_name_can_be_ordinary(web: Web, word: str) -> None:
    before = (web.root / "contributors/ivy.yaml").read_bytes()
    answer = post(web.client, "/people/ivy/ordinary-word", {"word": word})
    assert answer.status_code == 400 and "word" in summary_links(answer.text)
    assert (web.root / "contributors/ivy.yaml").read_bytes() == before


def test_the_problem_that_asks_for_an_ordinary_word_leads_to_the_form_that_lists_it(web: Web) -> None:
    """`name.word` (a word of a withheld name in the text) offers the person's record, where the word is listed."""
    path = web.bench.response / "31-q2-referral.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThe ivy on the wall made the garden feel safe.\n")
    checked = run(["check", str(web.bench.response), "--format", "json"], cwd=web.root)
    assert '"name.word"' in checked.output  # the check stops it: Ivy is ivy's withheld first name
    home = web.client.get("/").text
    assert 'href="/people/ivy#ordinary"' in home and "list it in ivy&#39;s record" in home
    record = web.client.get("/people/ivy").text
    assert 'id="ordinary"' in record and 'action="/people/ivy/ordinary-word"' in record
    assert post(web.client, "/people/ivy/ordinary-word", {"word": "Ivy"}).status_code == 303
    checked = run(["check", str(web.bench.response), "--format", "json"], cwd=web.root)
    assert '"name.word"' not in checked.output and '"name.ordinary-word"' in checked.output  # still shown for review
    assert 'href="/people/ivy#ordinary"' not in web.client.get("/").text


@pytest.mark.parametrize("pid", ["nobody", "ADA", "..%2fcontributors", "ada.yaml"])
def test_an_id_that_is_nobodys_is_not_found(web: Web, pid: str) -> None:
    assert web.client.get(f"/people/{pid}").status_code in (400, 404)
    assert post(web.client, f"/people/{pid}/credit", {"credit": "name"}).status_code in (400, 404)


# ------------------------------------------------------------------ withdrawal


def test_withdrawal_is_shown_first_then_recorded_and_nothing_is_deleted(web: Web, tmp_path: Path) -> None:
    files = {p: p.read_bytes() for p in web.root.rglob("*") if p.is_file()}
    shown = web.client.get("/people/ada/withdraw?on=1/12/2026")
    assert shown.status_code == 200
    assert {p: p.read_bytes() for p in web.root.rglob("*") if p.is_file()} == files  # looking writes nothing
    other = twin(tmp_path)
    dry = run(["withdraw", "ada", "--on", "2026-12-01", "--dry-run"], cwd=other)
    assert dry.exit_code == 0
    page = text_of(shown.text).replace(" :", ":")
    # the same report as the command: every line it gives, in the same words
    lines = re.findall(r"^    (\S+)\s+(.+)$", dry.output, re.M)
    assert lines
    for where, what in lines:
        assert f"{where}: {what}" in page, (where, what)
    assert "Every build from 2026-12-01 leaves out" in page
    answer = post(web.client, "/people/ada/withdraw", {"on": "2026-12-01"})
    assert answer.status_code == 303 and "Nothing has been deleted" in follow(web.client, answer).text
    assert run(["withdraw", "ada", "--on", "2026-12-01"], cwd=other).exit_code == 0
    assert (web.root / "contributors/ada.yaml").read_bytes() == (other / "contributors/ada.yaml").read_bytes()
    now = {p for p in web.root.rglob("*") if p.is_file()}
    assert set(files) <= now  # every file is still there


def test_a_bad_withdrawal_date_is_told_and_nothing_is_recorded(web: Web) -> None:
    before = (web.root / "contributors/ada.yaml").read_bytes()
    shown = web.client.get("/people/ada/withdraw?on=32/13/2026")
    assert shown.status_code == 400 and "on" in summary_links(shown.text)
    answer = post(web.client, "/people/ada/withdraw", {"on": "not a day"})
    assert answer.status_code == 303
    assert (web.root / "contributors/ada.yaml").read_bytes() == before


def test_an_earlier_withdrawal_keeps_its_first_date(web: Web) -> None:
    before = (web.root / "contributors/gus.yaml").read_bytes()
    page = web.client.get("/people/gus/withdraw").text
    assert "already withdrew on 2025-06-01" in page and 'action="/people/gus/withdraw"' not in page
    post(web.client, "/people/gus/withdraw", {"on": "2026-11-20"})
    assert (web.root / "contributors/gus.yaml").read_bytes() == before


# ------------------------------------------------------------------ the list


def test_the_list_shows_credits_as_a_build_decides_them(web: Web) -> None:
    page = text_of(web.client.get("/people").text)
    for credit in ("Ada Fenwick", "B.L.", "Cygnet", "Peer Researcher", "Hal Brennan", "Wren"):
        assert credit in page
    assert "nothing yet: consent not recorded" in page  # fay
    assert "nothing: withdrew on 1 June 2025" in page  # gus: credited by name, but withdrawn
    assert "not credited: chose not to be" in page  # eli
    assert "recorded 10 January 2025 (22 months ago) ask again before submitting" in page


def test_actions_need_someone_acting(web_as) -> None:  # type: ignore[no-untyped-def]
    nobody = web_as(None)
    before = (nobody.root / "contributors/bo.yaml").read_bytes()
    answer = post(nobody.client, "/people/bo/credit", {"credit": "name"})
    assert answer.status_code == 303 and answer.headers["location"] == "/acting"
    assert (nobody.root / "contributors/bo.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"origin": "null", "sec-fetch-site": "same-origin"}, 303),  # our own page, under Referrer-Policy no-referrer
        ({"origin": "null", "sec-fetch-site": "cross-site"}, 403),  # a page elsewhere, or a sandboxed frame
        ({"origin": "null"}, 403),
        ({"origin": "http://attacker.example", "sec-fetch-site": "same-origin"}, 403),
    ],
)
def test_a_form_from_elsewhere_changes_nobody(web: Web, headers: dict[str, str], status: int) -> None:
    before = (web.root / "contributors/bo.yaml").read_bytes()
    answer = post(web.client, "/people/bo/credit", {"credit": "name"}, origin=None, headers=headers)
    assert answer.status_code == status
    assert ((web.root / "contributors/bo.yaml").read_bytes() == before) == (status == 403)


def test_the_commands_read_dates_the_uk_way_too(bench_root: Path) -> None:
    """contributor add, withdraw and reconsent read dates with the forms' one reader."""
    assert run(["reconsent", "--confirm", "eli", "--on", "19/11/2026"], cwd=bench_root).exit_code == 0
    assert "recorded: 2026-11-19" in (bench_root / "contributors/eli.yaml").read_text()
    refused = run(["withdraw", "ada", "--on", "31/02/2026"], cwd=bench_root)
    assert (
        refused.exit_code == 2 and "not a day of the calendar" in refused.output and "Traceback" not in refused.output
    )
    args = [*ROSA_ARGS[:-1], "12 January 2026"]
    assert run(args, cwd=bench_root).exit_code == 0
    assert "recorded: 2026-01-12" in (bench_root / "contributors/rosa.yaml").read_text()


def test_two_people_added_at_once_with_one_id_do_not_overwrite_each_other(web: Web) -> None:
    """Two tabs adding 'rosa' at the same moment: one file is written, the other is told the id is taken."""
    import threading

    from pipeline.web.pages.people import add
    from pipeline.workflow.people import Typed

    start = threading.Barrier(2)
    results: list[tuple[str, list[object]] | BaseException] = []

    def adding(name: str) -> None:
        start.wait()
        try:
            results.append(add(web.root, Typed(**{**ROSA, "name": name}), _today()))
        except BaseException as exc:  # noqa: BLE001 - what the page would turn into a message
            results.append(exc)

    threads = [threading.Thread(target=adding, args=(name,)) for name in ("Rosa Quinn", "Rosa Quell")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    told = [r for r in results if not isinstance(r, tuple) or r[1]]
    assert len(told) == 1, results  # exactly one was refused, in words, not overwritten
    written = yaml.safe_load((web.root / "contributors/rosa.yaml").read_text())["name"]
    assert written in ("Rosa Quinn", "Rosa Quell")


def _today():  # type: ignore[no-untyped-def]
    from pipeline.vocabulary import today

    return today()


@pytest.mark.parametrize("chosen", ["Bo Lindqvist", "bo  LINDQVIST", "Lindqvist, Bo", "B\u043e Lindqvist"])
def test_a_pseudonym_that_is_someone_elses_private_name_is_refused(web: Web, chosen: str) -> None:
    """On the form and on the command line (one check), and the list never shows it if typed by hand."""
    answer = post(web.client, "/people/new", {**ROSA, "pseudonym": chosen})
    assert answer.status_code == 400
    assert "who has not chosen to be named" in summary_links(answer.text)["pseudonym"]
    assert chosen not in answer.text  # not even shown back in the field or the message
    changed = post(web.client, "/people/cy/credit", {"credit": "pseudonym", "pseudonym": chosen})
    assert changed.status_code == 400 and "pseudonym" in summary_links(changed.text)
    assert chosen not in changed.text
    args = [*ROSA_ARGS[:8], chosen, *ROSA_ARGS[9:]]
    result = run(args, cwd=web.root)
    assert result.exit_code == 2 and "who has not chosen to be named" in result.output
    # written by hand anyway: the list and the record withhold it, as a build refuses to print it
    path = web.root / "contributors/cy.yaml"
    path.write_text(path.read_text().replace("pseudonym: Cygnet", f"pseudonym: {chosen}"))
    for url in ("/people", "/people/cy"):
        page = web.client.get(url).text
        assert "another person&#39;s private name" in page and chosen not in page


@pytest.mark.parametrize("chosen", ["Bo Lindqvist Fan", "Robin (Lindqvist)", "The Marlow-Lindqvist Duo"])
def test_a_credit_holding_someone_elses_name_is_refused_by_check_and_form(web: Web, chosen: str) -> None:
    """Not only the exact name: a pseudonym with another person's name or surname inside it prints it too."""
    answer = post(web.client, "/people/new", {**ROSA, "pseudonym": chosen})
    assert answer.status_code == 400 and "pseudonym" in summary_links(answer.text)
    path = web.root / "contributors/ivy.yaml"  # written by hand: check (and so build) refuses it
    path.write_text(path.read_text().replace("pseudonym: Wren", f"pseudonym: {chosen}"))
    checked = run(["check", str(web.bench.response), "--format", "json"], cwd=web.root)
    assert checked.exit_code == 1 and '"config.credit-is-private"' in checked.output
    assert chosen not in web.client.get("/people").text


@pytest.mark.parametrize(
    "url, data",
    [
        ("/people/new", ROSA),
        ("/people/bo/credit", {"credit": "name"}),
        ("/people/eli/reconsent", {}),
        ("/people/ivy/ordinary-word", {"word": "Ivy"}),
        ("/people/ada/withdraw", {"on": "2026-11-20"}),
        ("/r/crisis-house/sessions", {**{"date": "1/11/2026", "activity": "Walk", "hours": "1"}, "came-ada": "yes"}),
    ],
)
def test_no_action_without_the_pages_token(web: Web, url: str, data: dict[str, str]) -> None:
    files = {p: p.read_bytes() for p in web.root.rglob("*") if p.is_file()}
    answer = web.client.post(url, data=data, headers={"origin": "http://127.0.0.1:8765"})  # no _xsrf field
    assert answer.status_code == 403
    forged = post(web.client, url, data, origin="http://attacker.example")
    assert forged.status_code == 403
    assert {p: p.read_bytes() for p in web.root.rglob("*") if p.is_file()} == files


def test_the_list_follows_the_one_clock(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """A withdrawal dated ahead is in force from its day: the list says so on that day, not before."""
    assert post(web.client, "/people/ada/withdraw", {"on": "2026-12-01"}).status_code == 303
    assert "Ada Fenwick" in web.client.get("/people").text  # 20 November: still credited
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-12-01")
    page = text_of(web.client.get("/people").text)
    assert "Ada Fenwick" not in page and "nothing: withdrew on 1 December 2026" in page


def test_a_persons_file_that_does_not_load_is_told_where_its_problem_leads(web: Web) -> None:
    path = web.root / "contributors/eli.yaml"
    path.write_text(path.read_text().replace("credit: anonymous", "credt: anonymous"))  # a typo
    from pipeline.errors import Problem
    from pipeline.web.kit import plain

    link = plain(Problem("contributors/eli.yaml", 2, "unknown field 'credt'", code="schema.unknown-field"), web.root)
    page = web.client.get(str(link.link))
    assert page.status_code == 409 and "did you mean" in page.text and "credt" in page.text
    assert "Elias" not in page.text and "Traceback" not in page.text
    listed = web.client.get("/people").text
    assert "contributors/eli.yaml" in listed  # the list says a file could not be read
