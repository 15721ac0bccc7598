"""The workbench as an attacker meets it: no token, a forged form, another site, another name, a climbing path.

Every refusal is checked for its status and for what did not happen (no file changed, no session made).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.web.app import make_app
from pipeline.web.security import MAX_BODY
from tests.factory import Bench, make_bench
from tests.web.conftest import ORIGIN, PORT, TOKEN, Web, client_for, csrf_of, post

CHOOSE = {"person": "hal"}


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def stranger(bench: Bench) -> TestClient:
    """A browser that never saw the start address."""
    return client_for(bench.root, [bench.response], sign_in=False)


def _pages() -> list[str]:
    return ["/", "/acting", "/r/crisis-house/preview", "/r/crisis-house/preview/page", "/r/crisis-house/build",
            "/events", "/static/serve.css", "/people", "/nowhere"]  # fmt: skip


@pytest.mark.parametrize("path", _pages())
def test_nothing_is_served_without_the_token(stranger: TestClient, path: str) -> None:
    answer = stranger.get(path)
    assert answer.status_code == 403, (path, answer.status_code)
    assert "coproduce serve printed" in answer.text and "crisis" not in answer.text.lower()


@pytest.mark.parametrize("token", ["", "wrong", TOKEN[:-1], TOKEN + "x", TOKEN.upper(), f"{TOKEN} ", "%00"])
def test_a_wrong_token_opens_nothing(stranger: TestClient, token: str) -> None:
    answer = stranger.get("/", params={"token": token})
    assert answer.status_code == 403
    assert not stranger.cookies, "no session for a wrong token"


def test_the_token_is_dropped_from_the_address_and_the_cookie_is_strict(stranger: TestClient) -> None:
    answer = stranger.get(f"/r/crisis-house/preview?token={TOKEN}")
    assert answer.status_code == 303 and answer.headers["location"] == "/r/crisis-house/preview"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert TOKEN not in cookie  # the session is not the token: the token is never stored in the browser
    page = stranger.get("/r/crisis-house/preview")
    assert page.status_code == 200 and TOKEN not in page.text


def test_a_post_with_the_token_instead_of_a_session_is_refused(stranger: TestClient, bench: Bench) -> None:
    answer = stranger.post(f"/acting?token={TOKEN}", data=CHOOSE, headers={"origin": ORIGIN})
    assert answer.status_code == 403 and not stranger.cookies


def test_no_page_carries_the_token_and_every_page_sends_no_referrer(web: Web) -> None:
    for path in ["/", "/acting", "/r/crisis-house/preview", "/r/crisis-house/build"]:
        answer = web.client.get(path)
        assert answer.status_code == 200, path
        assert TOKEN not in answer.text, path
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["x-content-type-options"] == "nosniff"
        csp = answer.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "unsafe-inline" not in csp
        assert "<script>" not in answer.text and " style=" not in answer.text  # nothing inline for the CSP to block
        assert answer.headers["x-frame-options"] == "SAMEORIGIN"


# ------------------------------------------------------------------ forged changes


def test_a_post_without_the_csrf_field_changes_nothing(web_as: object) -> None:
    web = web_as(None)  # type: ignore[operator]
    before = _files(web.root)
    answer = web.client.post("/acting", data=CHOOSE, headers={"origin": ORIGIN})
    assert answer.status_code == 403 and "nothing was changed" in answer.text
    assert "Acting as" not in web.client.get("/acting").text
    assert _files(web.root) == before


@pytest.mark.parametrize("given", ["", "0" * 64, "x", None])
def test_a_post_with_a_wrong_csrf_field_changes_nothing(web_as: object, given: str | None) -> None:
    web = web_as(None)  # type: ignore[operator]
    fields = dict(CHOOSE)
    if given is not None:
        fields["_xsrf"] = given
    answer = web.client.post("/acting", data=fields, headers={"origin": ORIGIN})
    assert answer.status_code == 403
    assert "Acting as" not in web.client.get("/acting").text


def test_another_sessions_csrf_field_does_not_open_this_one(bench: Bench) -> None:
    app = make_app(bench.root, [bench.response], PORT, token=TOKEN, acting=None, watch=False, tidy=False)
    one, two = (TestClient(app, base_url=ORIGIN, follow_redirects=False) for _ in range(2))
    for c in (one, two):
        assert c.get(f"/?token={TOKEN}").status_code == 303
    answer = two.post("/acting", data={**CHOOSE, "_xsrf": csrf_of(one)}, headers={"origin": ORIGIN})
    assert answer.status_code == 403


ORIGINS = [
    "https://evil.example",
    "http://127.0.0.1:9999",  # same site, another port: another origin
    f"http://127.0.0.1:{PORT}.evil.example",
    f"https://127.0.0.1:{PORT}",
    "null",  # a sandboxed frame or a file:// page
    "",
]


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_valid_csrf_field_from_another_origin_changes_nothing(web_as: object, origin: str) -> None:
    web = web_as(None)  # type: ignore[operator]
    answer = post(web.client, "/acting", CHOOSE, origin=origin)
    assert answer.status_code == 403, origin
    assert "Acting as" not in web.client.get("/acting").text


@pytest.mark.parametrize("referer", [None, "https://evil.example/page", "http://127.0.0.1:9999/", "not a url"])
def test_without_origin_a_foreign_or_missing_referer_is_refused(web_as: object, referer: str | None) -> None:
    web = web_as(None)  # type: ignore[operator]
    headers = {"referer": referer} if referer else {}
    answer = post(web.client, "/acting", CHOOSE, origin=None, headers=headers)
    assert answer.status_code == 403, referer


def test_without_origin_our_own_referer_is_accepted(web_as: object) -> None:
    web = web_as(None)  # type: ignore[operator]
    answer = post(web.client, "/acting", CHOOSE, origin=None, headers={"referer": f"{ORIGIN}/acting"})
    assert answer.status_code == 303  # the rule refuses others, not us: without this the tests above prove nothing


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_need_the_same_proofs(web: Web, method: str) -> None:
    answer = web.client.request(method, "/acting", headers={"origin": "https://evil.example"})
    assert answer.status_code == 403


def test_a_build_cannot_be_started_from_another_site(web: Web) -> None:
    before = _files(web.root)
    answer = post(web.client, "/r/crisis-house/build", {"kind": "final"}, origin="http://localhost:1234")
    assert answer.status_code == 403 and _files(web.root) == before


# ------------------------------------------------------------------ names and paths


@pytest.mark.parametrize(
    "host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:9999", "127.0.0.1", f"127.0.0.1.evil.example:{PORT}"]
)
def test_a_foreign_host_is_refused_as_a_rebinding_page_would_reach_it(web: Web, host: str) -> None:
    answer = web.client.get("/", headers={"host": host})
    assert answer.status_code == 400, host
    assert "crisis" not in answer.text.lower()


@pytest.mark.parametrize(
    "path",
    [
        "/r/../contributors/eli.yaml",
        "/r/crisis-house/..%2F..%2Fcontributors%2Feli.yaml",
        "/r/%2e%2e/preview",
        "/r/crisis-house/download/draft/..%2f..%2fcontributors%2feli.yaml",
        "/r/crisis-house/download/draft/%2E%2E/%2E%2E/contributors/eli.yaml",
        "/r/crisis-house/download/draft/..\\..\\contributors\\eli.yaml",
        "/r/crisis-house%5c..%5ccontributors/preview",
        "/static/..%2fserve.css",
        "/static/%2e%2e%2fbase.html.j2",
        "/contributors/eli.yaml",
        "/responses/crisis-house/20-q1-offer.md",
        "/r/contributors/preview",
        "/r/crisis-house/download/draft/crisis-house.pdf",  # nothing built yet in this run
        "//etc/passwd",
    ],
)
def test_no_path_from_the_request_reaches_a_file(web: Web, path: str) -> None:
    answer = web.client.get(path)
    assert answer.status_code in (400, 404), (path, answer.status_code)
    assert "Elias" not in answer.text and "name:" not in answer.text and "{%" not in answer.text


def test_a_body_over_the_limit_is_refused_before_it_is_read(web: Web) -> None:
    big = b"a=" + b"x" * (MAX_BODY + 1)
    answer = web.client.post(
        "/acting", content=big, headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 413


def test_a_body_that_claims_to_be_small_is_still_cut_off(web: Web) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(MAX_BODY // (1 << 20) + 2):
            yield b"x" * (1 << 20)

    answer = web.client.post(
        "/acting", content=chunks(), headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 413


def test_the_session_cookie_of_another_workbench_opens_nothing(bench: Bench, tmp_path: Path) -> None:
    """Cookies do not keep ports apart: another workbench's cookie on 127.0.0.1 must not open this one."""
    other = make_bench(tmp_path / "other")
    first = client_for(other.root, [other.response])
    cookie = first.cookies.get(f"coproduce_{PORT}")
    second = client_for(bench.root, [bench.response], sign_in=False)
    second.cookies.set(f"coproduce_{PORT}", cookie or "")
    assert second.get("/").status_code == 403


def test_flash_text_and_values_are_escaped(web_as: object) -> None:
    web = web_as(None)  # type: ignore[operator]
    answer = post(web.client, "/acting", {"person": "<script>alert(1)</script>"})
    assert answer.status_code == 400
    assert "<script>alert" not in answer.text
    assert not re.search(r"<script(?![^>]*src=\"/static/)", answer.text)


@pytest.mark.parametrize("path", ["/static/serve%2ecss", "/r/crisis-house/preview%2fpage", "/r/crisis-house%2fpreview"])
def test_an_encoded_dot_or_slash_is_refused_even_where_it_would_name_a_real_page(web: Web, path: str) -> None:
    """Decoded, these are pages that exist: the layer refuses the spelling itself, before any route sees it."""
    assert web.client.get(path.replace("%2e", ".").replace("%2f", "/")).status_code == 200
    assert web.client.get(path).status_code == 404


def test_a_websocket_is_refused_before_anything_sees_it() -> None:
    """No page uses one; an app behind the layer that would accept one never gets the chance."""
    from starlette.applications import Starlette
    from starlette.routing import WebSocketRoute
    from starlette.websockets import WebSocket, WebSocketDisconnect

    from pipeline.web.security import Security, SecurityLayer

    async def accept(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_text("in")

    app = Starlette(routes=[WebSocketRoute("/ws", accept)])
    client = TestClient(SecurityLayer(app, Security(TOKEN, PORT)), base_url=ORIGIN)
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws") as socket:
        socket.receive_text()
