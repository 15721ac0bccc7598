"""A page served from what `coproduce serve` kept (pipeline/load/cache.py) never shows what a fresh process would not.

Each test views every page once so the workbench's loaded and checked state is kept, checks that a second view
really is served from what was kept (so the comparison below is a comparison with the cache, not with a second
fresh reading), then changes the workbench the way a coordinator or a volunteer would and compares each page
of the warm workbench with the same page from a new app whose cache was emptied (what a new process shows).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.load import cache
from pipeline.web.addresses import contribution_url
from tests.factory import Bench, make_bench
from tests.web.conftest import client_for

PAGES = (
    "/",
    "/r/crisis-house",
    contribution_url("crisis-house", "20-q1-offer.md"),
    contribution_url("crisis-house", "31-q2-referral.md"),
    "/r/crisis-house/preview",
    "/r/crisis-house/preview/page",
    "/people",
    "/people/ada",
    "/people/cy",
    "/r/crisis-house/sessions",
)


def _views(client: object) -> dict[str, str]:
    out = {}
    for url in PAGES:
        answer = client.get(url)  # type: ignore[attr-defined]
        # the forms' CSRF token belongs to the session, and differs between two clients by design
        out[url] = f"{answer.status_code}\n" + re.sub(r'name="_xsrf" value="[^"]*"', "", answer.text)
    return out


@pytest.fixture
def warm(tmp_path: Path) -> Iterator[tuple[Bench, object]]:
    bench = make_bench(tmp_path / "wb")
    cache.clear()
    with client_for(bench.root, [bench.response]) as client:
        _views(client)
        before = cache.counts["kept"]
        _views(client)
        assert cache.counts["kept"] > before, "a second view is served from what was kept"
        yield bench, client
    cache.clear()


def _fresh(bench: Bench) -> dict[str, str]:
    cache.clear()  # as a new process starts: nothing kept
    with client_for(bench.root, [bench.response]) as client:
        return _views(client)


def _same(bench: Bench, client: object) -> None:
    seen = _views(client)
    fresh = _fresh(bench)
    for url in PAGES:
        assert seen[url] == fresh[url], f"{url} shows what a fresh view does not"


def _set(bench: Bench, pid: str, old: str, new: str) -> None:
    path = bench.root / "contributors" / f"{pid}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_withdrawal_is_seen_at_once(warm: tuple[Bench, object]) -> None:
    bench, client = warm
    offer = client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]
    assert "calm room" in offer
    _set(bench, "ada", "quotes: attributed}", "quotes: attributed, withdrawn: 2026-11-01}")
    _same(bench, client)
    assert "calm room" not in client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]


def test_a_change_of_credit_is_seen_at_once(warm: tuple[Bench, object]) -> None:
    bench, client = warm
    assert "Cygnet" in client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]
    _set(bench, "cy", "credit: pseudonym", "credit: role\nrole: Volunteer Adviser")
    _same(bench, client)
    page = client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]
    assert "Volunteer Adviser" in page and "Cygnet" not in page


def test_a_clock_past_a_withdrawal_date_is_seen_at_once(
    warm: tuple[Bench, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    bench, client = warm
    _set(bench, "ada", "quotes: attributed}", "quotes: attributed, withdrawn: 2026-12-01}")
    assert "calm room" in client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-12-02")  # the computer's date follows it in tests (conftest)
    _same(bench, client)
    assert "calm room" not in client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]


def test_a_quick_save_of_the_same_size_is_seen(warm: tuple[Bench, object]) -> None:
    """Two saves in the same tick of the file system's clock: the times alone may not tell them apart."""
    bench, client = warm
    path = bench.response / "20-q1-offer.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("calm room", "warm room"), encoding="utf-8")
    assert "warm room" in client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]
    path.write_text(text.replace("calm room", "dark room"), encoding="utf-8")  # same size, at once
    _same(bench, client)
    assert "dark room" in client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]


def test_the_command_line_keeps_nothing(tmp_path: Path) -> None:
    """Outside a request nothing is kept: `check` and `build` always read afresh."""
    from pipeline.web.runs import checked_draft

    bench = make_bench(tmp_path / "wb")
    cache.clear()
    before = dict(cache.counts)
    checked_draft(bench.response, dt.date(2026, 11, 20))
    checked_draft(bench.response, dt.date(2026, 11, 20))
    assert cache.counts == before


def test_a_broken_file_and_its_mending_are_seen_at_once(warm: tuple[Bench, object]) -> None:
    bench, client = warm
    path = bench.response / "31-q2-referral.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("by: [cy]", "by: [cy"), encoding="utf-8")  # front matter that does not load
    _same(bench, client)
    path.write_text(text, encoding="utf-8")
    _same(bench, client)
    assert "Cygnet" in client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]


def test_a_sync_copy_of_a_persons_file_is_seen_at_once(warm: tuple[Bench, object]) -> None:
    bench, client = warm
    person = bench.root / "contributors" / "cy.yaml"
    copy = bench.root / "contributors" / "cy (conflicted copy 2026-11-19).yaml"
    copy.write_text(person.read_text(encoding="utf-8").replace("Cygnet", "Heron"), encoding="utf-8")
    _same(bench, client)
    copy.unlink()
    _same(bench, client)


def test_a_new_footnote_before_others_renumbers_them_at_once(warm: tuple[Bench, object]) -> None:
    """A kept parse of a later contribution holds footnote numbers: they move when one is added before it."""
    bench, client = warm
    bench.contribution(
        "15-q1-first.md",
        """
        ---
        answers: q1
        by: [bo]
        status: draft
        ---
        A room with a door that locks from the inside.[^door]

        [^door]: Said at the first workshop.
        """,
    )
    _same(bench, client)
    page = client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]
    assert page.index("Said at the first workshop") < page.index("six crisis beds")


def test_a_quote_by_someone_who_withdraws_goes_at_once(warm: tuple[Bench, object]) -> None:
    bench, client = warm
    assert "Someone sat with me until morning" in client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]
    _set(bench, "dee", "quotes: attributed}", "quotes: attributed, withdrawn: 2026-11-02}")
    _same(bench, client)
    assert "Someone sat with me until morning" not in client.get("/r/crisis-house/preview/page").text  # type: ignore[attr-defined]
