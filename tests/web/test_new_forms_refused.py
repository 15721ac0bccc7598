"""Every form the last two stops added or changed (sign-off, leaving a contribution out, intake's decision, monitoring, the year's
report, the template, a person with their organisation) refuses a request without the session, without or with a stale CSRF token, from another
site or another local port, and at an address with .. or an encoded slash; nothing in the workbench changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.web.addresses import contribution_id
from tests.web.conftest import ORIGIN, PORT, Web, client_for, csrf_of

FORMS = [
    ("/r/crisis-house/signoff", {}),
    (
        "/r/crisis-house/review/confirm",
        {"file": contribution_id("31-q2-referral.md"), "pid": "cy", "answer": "leave-out"},
    ),
    ("/r/crisis-house/intake/change", {"key": "x", "make": "separate"}),
    ("/r/crisis-house/intake/template", {}),
    ("/people/bo/monitoring", {"q-ethnicity": "White", "agreed-ethnicity": "yes"}),
    ("/report", {"from": "1/4/2025", "to": "31/3/2026", "format": "csv"}),
    # a person added with the organisation they take part for (the field is new)
    (
        "/people/new",
        {
            "name": "Tam Orrin",
            "pid": "tam",
            "credit": "name",
            "quotes": "no",
            "lived_experience": "no",
            "organisation": "Riverside Peer Network",
        },
    ),
]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("url", "data"), FORMS, ids=[u for u, _ in FORMS])
def test_a_form_is_refused_from_anywhere_but_the_workbenchs_own_page(web: Web, url: str, data: dict[str, str]) -> None:
    before = _files(web.root)
    other = client_for(web.root, [web.bench.response])  # another session: its token is stale for this one
    attempts = {
        "no session": client_for(web.root, [web.bench.response], sign_in=False).post(
            url, data=data, headers={"origin": ORIGIN}
        ),
        "no CSRF token": web.client.post(url, data=data, headers={"origin": ORIGIN}),
        "another session's token": web.client.post(
            url, data={"_xsrf": csrf_of(other), **data}, headers={"origin": ORIGIN}
        ),
        "another site": web.client.post(
            url, data={"_xsrf": csrf_of(web.client), **data}, headers={"origin": "http://evil.example"}
        ),
        "another local port": web.client.post(
            url, data={"_xsrf": csrf_of(web.client), **data}, headers={"origin": f"http://127.0.0.1:{PORT + 1}"}
        ),
        "a referer from another port": web.client.post(
            url, data={"_xsrf": csrf_of(web.client), **data}, headers={"referer": f"http://127.0.0.1:{PORT + 1}/"}
        ),
    }
    for what, answer in attempts.items():
        assert answer.status_code == 403, (what, answer.status_code)
        assert "text/csv" not in answer.headers.get("content-type", ""), what  # no report was sent
    assert _files(web.root) == before


@pytest.mark.parametrize("url", [u for u, _ in FORMS])
@pytest.mark.parametrize("twist", ["dots", "encoded slash"])  # plain ../ is folded away by clients (httpx, browsers)
def test_a_twisted_address_reaches_no_form(web: Web, url: str, twist: str) -> None:
    before = _files(web.root)
    head, _, last = url.rpartition("/")
    bent = f"{head}/%2e%2e/{head.rsplit('/', 1)[-1]}/{last}" if twist == "dots" else f"{head}%2f{last}"
    answer = web.client.post(bent, data={"_xsrf": csrf_of(web.client)}, headers={"origin": ORIGIN})
    assert answer.status_code in (400, 403, 404), (bent, answer.status_code)
    assert _files(web.root) == before
