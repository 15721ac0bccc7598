"""Each co-signing organisation signs the whole submission off (issue 22 item 7): `coproduce signoff` and the
build page's "Sign off for <organisation>" button, the same record, and the final check that asks for it.

The record is read back from response.yaml with PyYAML (not the editor that wrote it), the final build's Word
file with python-docx, the page as its visible text.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import yaml
from pytest import MonkeyPatch

from tests.conftest import assert_user_error, findings, run
from tests.factory import RESPONSE, WITHHELD, Bench, make_bench
from tests.test_organisations import CO_SIGNED, line_of, with_organisation
from tests.web.conftest import client_for, follow, post, text_of

EVIDENCE = RESPONSE.replace("    lead: hal\n", "    submit_to: commons-committee\n")  # hal leads Riverside only


def co_signed(bench: Bench) -> None:
    with_organisation(bench, CO_SIGNED, EVIDENCE)


def organisation_findings(bench: Bench, *args: str) -> list[tuple[object, object, object]]:
    """`check --format json`'s organisation findings; a clock set by hand adds a line of its own, not JSON."""
    result = run(["check", "--format", "json", *args, str(bench.response)], cwd=bench.root)
    found = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    return [(f["code"], f["line"], f["column"]) for f in found if str(f["code"]).startswith("organisation.")]


def records(bench: Bench) -> list[object]:
    """Each organisation's signed_off:, as another YAML reader reads the file."""
    data = yaml.safe_load((bench.response / "response.yaml").read_text(encoding="utf-8"))
    return [org.get("signed_off") for org in data["organisations"]]


def signoff(bench: Bench, by: str) -> str:
    result = run(["signoff", str(bench.response), "--by", by], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return result.output


def final_docx(bench: Bench) -> list[str]:
    result = run(["build", str(bench.response), "--format", "docx"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return [p.text for p in docx.Document(str(bench.out / "crisis-house.docx")).paragraphs]


def test_a_co_signed_final_build_is_refused_until_each_organisation_has_signed_off(bench: Bench) -> None:
    co_signed(bench)
    riverside, quayside = line_of(bench, "name: Riverside"), line_of(bench, "name: Quayside")
    assert organisation_findings(bench) == [
        ("organisation.not-signed-off", riverside, 11),
        ("organisation.not-signed-off", quayside, 11),
    ]
    draft = [f["severity"] for f in findings(bench, "--draft") if str(f["code"]).startswith("organisation.")]
    assert draft == ["warning", "warning"]  # a draft needs none: it says so, and is made
    assert run(["build", str(bench.response), "--format", "docx", "--draft"], cwd=bench.root).exit_code == 0
    out = assert_user_error(run(["build", str(bench.response), "--format", "docx"], cwd=bench.root))
    assert "Quayside Mind co-signs this response, but has not signed it off yet" in out
    assert "coproduce signoff" in out and not (bench.out / "crisis-house.docx").exists()

    assert "Recorded: hal signed off for Riverside Peer Network on 2026-11-20." in signoff(bench, "hal")
    first, second = records(bench)
    assert second is None and isinstance(first, dict)
    assert first["by"] == "hal" and str(first["on"]) == "2026-11-20"
    assert str(first["submission"]).startswith("sha256:") and len(str(first["submission"])) == 71
    quayside = line_of(bench, "name: Quayside")  # one line further down: the record went in above it
    assert organisation_findings(bench) == [("organisation.not-signed-off", quayside, 11)]
    assert_user_error(run(["build", str(bench.response), "--format", "docx"], cwd=bench.root))

    signoff(bench, "ada")  # the second sign-off is no change to what prints: the first one holds
    assert organisation_findings(bench) == []
    texts = final_docx(bench)
    assert texts[0] == "Written evidence submitted by Riverside Peer Network and Quayside Mind"
    again = run(["signoff", str(bench.response), "--by", "ada"], cwd=bench.root)
    assert "already signed off by ada on 2026-11-20; nothing to change" in again.output


def test_an_edit_after_the_signoff_undoes_it_and_says_ask_again(bench: Bench) -> None:
    co_signed(bench)
    signoff(bench, "hal")
    signoff(bench, "ada")
    before = (bench.response / "response.yaml").read_bytes()
    path = bench.response / "10-summary.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne sentence more.\n", encoding="utf-8")
    found = [f for f in findings(bench) if f["code"] == "organisation.signoff-changed"]
    assert [f["line"] for f in found] == [line_of(bench, "signed_off: {by: hal"), line_of(bench, "by: ada")]
    assert all(f["column"] == 5 for f in found)
    assert "before what the submission prints changed" in str(found[0]["message"])
    assert "coproduce signoff crisis-house --by ID" in str(found[0]["fix"])
    assert_user_error(run(["build", str(bench.response), "--format", "docx"], cwd=bench.root))
    # the response's own printed fields count too; what became of it (outcome:) is no part of the submission
    path.write_text(path.read_text(encoding="utf-8").replace("\nOne sentence more.\n", ""), encoding="utf-8")
    assert organisation_findings(bench) == []
    text = before.decode("utf-8")
    (bench.response / "response.yaml").write_text(text.replace("Quayside Mind", "Quayside Mind CIO"), "utf-8")
    assert [c for c, _, _ in organisation_findings(bench)] == ["organisation.signoff-changed"] * 2
    (bench.response / "response.yaml").write_text(text + "outcome_due_weeks: 20\n", encoding="utf-8")
    assert organisation_findings(bench) == []


def test_a_withdrawal_that_changes_what_prints_undoes_the_signoff(bench: Bench) -> None:
    co_signed(bench)
    signoff(bench, "hal")
    signoff(bench, "ada")
    assert organisation_findings(bench) == []
    result = run(["withdraw", "cy"], cwd=bench.root)  # Cygnet wrote and is quoted in the submission
    assert result.exit_code == 0, result.output
    assert [c for c, _, _ in organisation_findings(bench)] == ["organisation.signoff-changed"] * 2
    # q2 lost its answer with the withdrawal: a final build would refuse that, so signing off is refused too
    assert "question q2 has no answer now" in assert_user_error(
        run(["signoff", str(bench.response), "--by", "hal"], cwd=bench.root)
    )
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("limit: 100\n", "limit: 100\n    unanswered: true\n", 1), encoding="utf-8")
    # signing off again is for the submission as it now prints, without the withdrawn person's words
    signoff(bench, "hal")
    signoff(bench, "ada")
    assert organisation_findings(bench) == []


def test_a_withdrawal_that_prints_nothing_here_leaves_the_signoff_standing(bench: Bench) -> None:
    co_signed(bench)
    signoff(bench, "hal")
    signoff(bench, "ada")
    assert run(["withdraw", "ivy"], cwd=bench.root).exit_code == 0  # took part in nothing this response prints
    assert organisation_findings(bench) == []


def test_no_clock_setting_brings_a_signoff_back_over_a_withdrawal(bench: Bench, monkeypatch: MonkeyPatch) -> None:
    from pipeline import vocabulary

    co_signed(bench)
    signoff(bench, "hal")
    signoff(bench, "ada")
    monkeypatch.setattr(vocabulary, "system_today", lambda: dt.date(2026, 11, 20))  # the computer's own date
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-11-10")
    assert organisation_findings(bench) == []  # a day set back changes nothing else that prints here
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-11-20")
    assert run(["withdraw", "cy"], cwd=bench.root).exit_code == 0
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-11-10")  # before the withdrawal: it is in force all the same
    assert [c for c, _, _ in organisation_findings(bench)] == ["organisation.signoff-changed"] * 2


def test_a_person_of_one_organisation_cannot_sign_off_for_another(bench: Bench) -> None:
    co_signed(bench)
    before = (bench.response / "response.yaml").read_bytes()
    refused = assert_user_error(run(["signoff", str(bench.response), "--by", "bo"], cwd=bench.root))
    assert "bo may not sign off crisis-house for any of its organisations" in refused
    assert "Nothing was signed off" in refused
    assert (bench.response / "response.yaml").read_bytes() == before  # a refusal writes nothing
    signoff(bench, "ada")  # Quayside's lead signs for Quayside alone
    first, second = records(bench)
    assert first is None and isinstance(second, dict) and second["by"] == "ada"
    # ada's record typed by hand under Riverside does not sign it off for Riverside
    text = (bench.response / "response.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    record = next(line for line in lines if "signed_off:" in line)
    at = lines.index("    email: hello@riverside.example.org.uk\n") + 1
    (bench.response / "response.yaml").write_text("".join([*lines[:at], record, *lines[at:]]), encoding="utf-8")
    found = [f for f in findings(bench) if f["code"] == "organisation.signoff-not-theirs"]
    assert [f["line"] for f in found] == [at + 1]
    assert "names ada, who may not sign off for Riverside Peer Network" in str(found[0]["message"])


def test_a_response_from_one_organisation_needs_no_signoff(bench: Bench) -> None:
    assert organisation_findings(bench) == []  # its approvals stand, as before
    refused = assert_user_error(run(["signoff", str(bench.response), "--by", "hal"], cwd=bench.root))
    assert "needs no sign-off as a whole" in refused


def test_the_button_writes_the_commands_bytes_and_the_page_says_who_is_waiting(tmp_path: Path) -> None:
    by_command, by_page = make_bench(tmp_path / "one"), make_bench(tmp_path / "two")
    for bench in (by_command, by_page):
        co_signed(bench)
    signoff(by_command, "hal")
    client = client_for(by_page.root, [by_page.response], acting="hal")
    page = text_of(client.get("/r/crisis-house/build").text)
    assert "Riverside Peer Network : waiting for hal to sign it off" in page
    assert "Quayside Mind : waiting for ada to sign it off" in page
    assert "Sign off for Riverside Peer Network" in page and "Sign off for Quayside Mind" not in page
    preview = text_of(client.get("/r/crisis-house/preview").text)  # the check's fix, in the page's own words
    assert "open Build and download and press Sign off for their organisation" in preview
    done = text_of(follow(client, post(client, "/r/crisis-house/signoff")).text)
    assert "Signed off for Riverside Peer Network by hal" in done
    assert "Riverside Peer Network : signed off by hal on 2026-11-20" in done
    assert "Sign off for" not in done  # nothing left for hal to sign
    written = (by_page.response / "response.yaml").read_bytes()
    assert written == (by_command.response / "response.yaml").read_bytes()
    # ada may not sign for Riverside from the page either; bo, of neither, gets no button and a refusal
    other = client_for(by_page.root, [by_page.response], acting="bo")
    assert "Sign off for" not in text_of(other.get("/r/crisis-house/build").text)
    refused = post(other, "/r/crisis-house/signoff")
    assert refused.status_code == 422 and "bo may not sign off" in text_of(refused.text)
    assert (by_page.response / "response.yaml").read_bytes() == written


def test_the_record_holds_no_name_only_an_id_a_date_and_a_fingerprint(bench: Bench) -> None:
    co_signed(bench)
    before = (bench.response / "response.yaml").read_text(encoding="utf-8")
    signoff(bench, "hal")
    signoff(bench, "ada")
    after = (bench.response / "response.yaml").read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(added) == 2
    for line in added:
        for private in (*WITHHELD, "Ada Fenwick", "Hal Brennan", "Fenwick", "Brennan"):
            assert private.lower() not in line.lower(), (private, line)
    for record in records(bench):
        assert isinstance(record, dict) and set(record) <= {"by", "on", "submission", "ran_as"}


def commit(bench: Bench, name: str, email: str, message: str) -> None:
    import git

    repo = git.Repo(bench.root) if (bench.root / ".git").exists() else git.Repo.init(bench.root)
    with repo:
        who = git.Actor(name, email)
        repo.index.add([str(p) for p in bench.root.rglob("*") if p.is_file() and ".git" not in p.parts])
        repo.index.commit(message, author=who, committer=who)


def test_in_git_a_signoff_committed_from_another_address_is_not_theirs(bench: Bench) -> None:
    co_signed(bench)
    commit(bench, "Hal Brennan", "hal@example.org", "start")
    signoff(bench, "ada")
    commit(bench, "Hal Brennan", "hal@example.org", "ada's sign-off, committed by hal")  # not ada's own address
    found = [f for f in findings(bench) if f["code"] == "organisation.signoff-committed-by-another"]
    assert [f["line"] for f in found] == [line_of(bench, "by: ada")]
    text = f"{found[0]['message']} {found[0]['fix']}"
    assert "Hal" not in text and "hal@example.org" not in text  # the commit is named, never who made it
    signoff(bench, "hal")  # hal's own, from hal's own address, and ada's kept as it was
    commit(bench, "Hal Brennan", "hal@example.org", "hal's sign-off")
    assert [f["code"] for f in findings(bench) if str(f["code"]).startswith("organisation.")] == [
        "organisation.signoff-committed-by-another"
    ]
    # ada signs off again herself: the record now also says who ran it (as approve does), for her to commit
    assert "Recorded: ada signed off for Quayside Mind" in signoff(bench, "ada")
    assert isinstance(second := records(bench)[1], dict) and second.get("ran_as")
    commit(bench, "Ada Fenwick", "ada.fenwick@example.org", "ada confirms")
    assert [f["code"] for f in findings(bench) if str(f["code"]).startswith("organisation.")] == []


def test_the_co_signed_examples_are_signed_off_by_each_organisation_from_their_own_address() -> None:
    from pipeline.assemble.history import in_repository
    from pipeline.assemble.signoff import committed_by
    from pipeline.load.workbench import load
    from pipeline.workflow.signoff import standing

    root = Path(__file__).resolve().parent.parent
    for slug in ("young-carers-joint-evidence", "bus-route-joint-letter"):
        st = standing(root / "responses" / slug, dt.date(2026, 11, 20))
        assert [s.state for s in st.each] == ["signed", "signed"], slug
        if in_repository(root):  # a copy without its history cannot say who committed them
            wb, response = load(root / "responses" / slug)
            people = {pid: cf.data for pid, cf in wb.contributors.items()}
            assert [committed_by(response, s.index, people).state for s in st.each] == ["theirs", "theirs"], slug


def test_signing_off_keeps_the_rest_of_a_hand_written_file_byte_for_byte(bench: Bench) -> None:
    co_signed(bench)
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8").replace("    lead: ada\n", "    lead: ada   # Quayside's chair\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))  # Windows line ends, a BOM
    before = path.read_bytes()
    signoff(bench, "ada")
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    added = [line for line in after.split(b"\r\n") if line not in before.split(b"\r\n")]
    assert len(added) == 1 and added[0].lstrip().startswith(b"signed_off: {by: ada")
    assert after.replace(added[0] + b"\r\n", b"") == before
    assert organisation_findings(bench) == [("organisation.not-signed-off", line_of(bench, "name: Riverside"), 11)]
