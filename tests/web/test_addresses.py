"""A contribution's address carries an opaque id, never its file name (promise 1: no private name in any served
page, links included).

A workbench whose contribution file is named after a person credited by initials: every page the dashboard
leads to, followed link by link, is read whole (links, ids, titles, form actions, text) and holds no word of
her name in any case. Her own record page is the one page that shows her name, by design (it says whose record
it is), so it is the only page left out of the search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

from pipeline.web.addresses import contribution_id, contribution_url
from tests.factory import make_bench
from tests.web.conftest import Web, client_for, follow, post

R = "/r/crisis-house"
PERSON = "vol7"  # her id: ids are shown by design, so it is not made from her name
FILE = "40-q3-priya-shah-story.md"
SECRETS = ("priya", "shah")


@pytest.fixture
def priya(tmp_path) -> Iterator[Web]:  # type: ignore[no-untyped-def]
    bench = make_bench(tmp_path / "wb")
    bench.write(
        f"contributors/{PERSON}.yaml",
        "name: Priya Shah\ncredit: initials\nlived_experience: true\n"
        "consent: {recorded: 2026-09-01, quotes: anonymous}\n",
    )
    bench.contribution(FILE, f"---\nanswers: q3\nby: [{PERSON}]\nstatus: draft\n---\nThe night staff listened.\n")
    # and a draft intake could not file, named after her too: it waits on the intake page and the dashboard
    bench.write("responses/crisis-house/unsorted/priya-shah-notes.md", "---\nstatus: draft\n---\nSome notes.\n")
    with client_for(bench.root, [bench.response]) as client:
        yield Web(bench, client)


def _addresses(html: str, here: str) -> set[str]:
    found = set()
    for value in re.findall(r'(?:href|src|action)="([^"]*)"', html):
        url = urljoin(here, unescape(value))
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.netloc != "127.0.0.1:8765":  # data:, mailto:, another site
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(web: Web) -> dict[str, str]:
    """Every page reached from the dashboard by following links (GET only), each page's HTML by its address."""
    pages: dict[str, str] = {}
    waiting, forms = ["/"], set()
    while waiting:
        url = waiting.pop()
        if url in pages:
            continue
        answer = web.client.get(url)
        pages[url] = answer.text
        assert answer.status_code in (200, 409), (url, answer.status_code)
        for found in _addresses(answer.text, "http://127.0.0.1:8765" + url):
            if found.startswith("/static/") or found in pages:
                continue
            if re.search(rf'action="{re.escape(found)}"', answer.text):
                forms.add(found)  # a form's address: its words were read on this page; it is POSTed, not walked
                continue
            if found.rstrip("/").startswith(f"/people/{PERSON}"):
                continue  # her own record: the one page that names her, to say whose record it is
            waiting.append(found)
    return pages


def test_no_page_the_dashboard_leads_to_holds_a_word_of_a_private_name_in_a_file_name(priya: Web) -> None:
    pages = crawl(priya)
    mine = contribution_url("crisis-house", FILE)
    assert mine in pages, sorted(pages)  # the crawl reached her contribution's own page, by its opaque address
    assert f"{R}/intake" in pages and "/people" in pages and f"{R}/preview" in pages, sorted(pages)
    assert len(pages) > 10, sorted(pages)
    assert "Draft 1" in pages[f"{R}/intake"]  # the unsorted draft named after her is listed, under no name of hers
    for url, html in pages.items():
        for secret in SECRETS:
            assert secret not in url.lower(), url
            # the Markdown in a text area is the contribution's own words (none here name her)
            assert secret not in html.lower(), (url, secret, html[max(0, html.lower().find(secret) - 200) :][:400])


def test_the_old_address_by_file_name_is_refused_and_the_new_one_is_stable(priya: Web, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stem = FILE.removesuffix(".md")
    assert priya.client.get(f"{R}/c/{stem}").status_code == 404
    assert post(priya.client, f"{R}/c/{stem}/text", {"body": "x"}).status_code in (404, 409)
    assert FILE in {p.name for p in priya.bench.response.glob("*.md")}  # nothing was written through it
    cid = contribution_id(FILE)
    assert re.fullmatch(r"c[0-9a-f]{12}", cid)
    # the same id from a second server on the same files (a restart): nothing random, nothing stored
    with client_for(priya.root, [priya.bench.response]) as again:
        assert again.get(f"{R}/c/{cid}").status_code == 200
    # a save goes back to the same address, and its message shows no private name
    answer = post(priya.client, f"{R}/c/{cid}/text", {"body": "The night staff listened to us.\n"})
    assert answer.headers["location"] == f"{R}/c/{cid}"
    assert "priya" not in follow(priya.client, answer).text.lower()
    # a move renames the file: the page goes to the new file's id
    answer = post(priya.client, f"{R}/c/{cid}/move", {"question": "q2"})
    moved = next(p.name for p in priya.bench.response.glob("*-q2-*priya*.md"))
    assert answer.headers["location"] == contribution_url("crisis-house", moved) != f"{R}/c/{cid}"
