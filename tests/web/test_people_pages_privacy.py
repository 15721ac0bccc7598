"""No people page shows a withheld name, however it is written, except a person's own record page showing theirs.

Every page of people and sessions is read whole (text, attributes, links) with the attack kit's readers
(tests/attacks/readers.py: its own folding and every whole-name form), not the project's matcher.
Ids are shown by design ("Pages show ids and credits as printed"), so an id alone is not a leak;
every other word of a withheld name is, and whole names and addresses always are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.attacks.readers import Outputs, Secret, fold, leaks, name_variants, name_words, people_of
from tests.factory import CONTRIBUTORS, make_bench
from tests.web.conftest import Web, client_for, post

PAGES = [
    "/people",
    "/people/new",
    "/r/crisis-house/sessions",
    "/r/crisis-house/sessions/0",
    "/r/crisis-house/sessions/1",
]


def secrets_for(root: Path, page_owner: str | None = None) -> list[Secret]:
    """What must not be on a page: every withheld form, but ids (shown by design) and the owner's own name."""
    found = people_of(root).secrets
    ids = {fold(p.stem) for p in (root / "contributors").glob("*.yaml")}
    out = [s for s in found if s.whole_name or fold(s.text) not in ids]
    if page_owner is None:
        return out
    own = {fold(v) for v in name_variants(_name(root, page_owner))} | name_words(_name(root, page_owner))
    return [s for s in out if not (s.owner == page_owner and fold(s.text) in own)]


def _name(root: Path, pid: str) -> str:
    import yaml

    return str(yaml.safe_load((root / "contributors" / f"{pid}.yaml").read_text(encoding="utf-8"))["name"])


def read(pages: dict[str, str]) -> Outputs:
    out = Outputs()
    for where, html in pages.items():
        out.add(where, html)
    return out


def test_no_list_or_session_page_shows_a_withheld_name(web: Web) -> None:
    pages = {url: web.client.get(url).text for url in PAGES}
    assert not leaks(read(pages), secrets_for(web.root))


@pytest.mark.parametrize("pid", sorted(CONTRIBUTORS))
def test_a_record_page_shows_only_its_own_persons_name(web: Web, pid: str) -> None:
    pages = {f"/people/{pid}": web.client.get(f"/people/{pid}").text}
    pages[f"/people/{pid}/withdraw"] = web.client.get(f"/people/{pid}/withdraw").text
    assert not leaks(read(pages), secrets_for(web.root, page_owner=pid))
    # and their own page does say whose record it is, and never their address
    assert _name(web.root, pid) in pages[f"/people/{pid}"]
    assert "@example" not in pages[f"/people/{pid}"]


def test_the_withdraw_page_names_nobody_but_by_id(web: Web) -> None:
    page = web.client.get("/people/ada/withdraw").text
    assert not leaks(read({"withdraw": page}), secrets_for(web.root))


def test_pages_after_bad_answers_and_changes_show_no_withheld_name(web: Web) -> None:
    """Error pages and flashes too: a change, a refusal, and the list afterwards."""
    pages = {}
    pages["credit refused"] = post(web.client, "/people/ada/credit", {"credit": "famous"}).text
    pages["session refused"] = post(web.client, "/r/crisis-house/sessions", {"date": "x", "came-zed": "yes"}).text
    answer = post(web.client, "/people/cy/reconsent", {"reconsent_on": ""})
    pages["after reconsent"] = web.client.get(answer.headers["location"]).text.replace(_name(web.root, "cy"), "")
    answer = post(web.client, "/people/new", {"name": "Rosa Quinn", "credit": "initials", "quotes": "no",
                                               "lived_experience": "no"})  # fmt: skip
    pages["after adding"] = web.client.get("/people").text
    assert not leaks(read(pages), secrets_for(web.root))


@pytest.mark.parametrize(
    "name",
    [
        "Saoirse O\u2019Donnell-Byrne",  # Word's apostrophe, a hyphenated surname
        "Ma\u00efa Z\u00e9phyrin",  # accents
        "Tobiah\u00a0Quell",  # a no-break space from a pasted name
    ],
)
def test_a_hurried_volunteers_name_stays_off_every_page(tmp_path: Path, name: str) -> None:
    bench = make_bench(tmp_path / "wb")
    with client_for(bench.root, [bench.response]) as client:
        answer = post(client, "/people/new", {"name": name, "pid": "newp", "credit": "initials", "quotes": "no",
                                               "lived_experience": "yes", "consent_date": "1/11/2026"})  # fmt: skip
        assert answer.status_code == 303, answer.text[:3000]
        post(client, "/r/crisis-house/sessions", {"date": "2/11/2026", "activity": "Walk and talk", "hours": "1",
                                                  "came-newp": "yes"})  # fmt: skip
        pages = {url: client.get(url).text for url in PAGES}
        pages["others' records"] = client.get("/people/ada").text
        found = leaks(read(pages), [s for s in secrets_for(bench.root) if s.owner == "newp"])
        assert not found
        assert any(s.owner == "newp" for s in secrets_for(bench.root))  # the scan did look for them
