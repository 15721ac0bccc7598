"""Sign-off stands on approvals (issue 22): `coproduce signoff` and the build page's "Sign off for <org>" refuse,
writing nothing, while a final build would refuse the submission for anything but the sign-offs themselves.

The file is read back as bytes, the page as its visible text, the command's output as a person reads it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import assert_user_error, run
from tests.factory import Bench, make_bench
from tests.test_signoff import co_signed, organisation_findings, records, signoff
from tests.web.conftest import client_for, post, text_of


def _edit_summary(bench: Bench) -> None:
    path = bench.response / "10-summary.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence nobody approved.\n", encoding="utf-8")


def test_signoff_is_refused_while_a_contribution_is_not_approved_as_it_reads(bench: Bench) -> None:
    co_signed(bench)
    _edit_summary(bench)
    before = (bench.response / "response.yaml").read_bytes()
    out = assert_user_error(run(["signoff", str(bench.response), "--by", "hal"], cwd=bench.root))
    assert "crisis-house cannot be signed off yet: a final build would refuse it" in out
    assert "10-summary.md" in out and "coproduce approve FILE --by ID" in out
    assert "Nothing was signed off" in out
    assert (bench.response / "response.yaml").read_bytes() == before  # nothing written
    # approved again as it now reads, the same sign-off goes through
    approved = run(["approve", str(bench.response / "10-summary.md"), "--by", "hal"], cwd=bench.root)
    assert approved.exit_code == 0, approved.output
    assert "Recorded: hal signed off for Riverside Peer Network" in signoff(bench, "hal")
    first, second = records(bench)
    assert isinstance(first, dict) and first["by"] == "hal" and second is None


def test_a_refused_signoff_does_not_count_the_signoffs_still_missing(bench: Bench) -> None:
    """The other organisation not having signed yet is what signing off is for: it never refuses one."""
    co_signed(bench)
    assert [c for c, _, _ in organisation_findings(bench)] == ["organisation.not-signed-off"] * 2
    signoff(bench, "hal")
    signoff(bench, "ada")
    assert organisation_findings(bench) == []


def test_a_contributor_file_with_an_error_refuses_the_signoff_too(bench: Bench) -> None:
    co_signed(bench)
    path = bench.response / "10-summary.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("by: [", "by: [nobody-here, ", 1), encoding="utf-8")
    before = (bench.response / "response.yaml").read_bytes()
    out = assert_user_error(run(["signoff", str(bench.response), "--by", "ada"], cwd=bench.root))
    assert "by 'nobody-here' is not a contributor" in out  # what the final build says, at its line
    assert (bench.response / "response.yaml").read_bytes() == before


def test_the_button_refuses_the_same_with_a_message_and_writes_nothing(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "one")
    co_signed(bench)
    _edit_summary(bench)
    before = (bench.response / "response.yaml").read_bytes()
    client = client_for(bench.root, [bench.response], acting="hal")
    refused = post(client, "/r/crisis-house/signoff")
    page = text_of(refused.text)
    assert refused.status_code == 422
    assert "crisis-house cannot be signed off yet" in page and "10-summary.md" in page
    assert (bench.response / "response.yaml").read_bytes() == before
    data = yaml.safe_load(before.decode("utf-8"))
    assert all("signed_off" not in org for org in data["organisations"])
