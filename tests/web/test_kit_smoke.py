"""The kit works end to end: signed in, a page, a POST with CSRF and Origin, a flash shown once."""

from __future__ import annotations

from collections.abc import Callable

from tests.web.conftest import Web, follow, post, text_of


def test_signed_in_client_sees_pages_and_a_post_is_kept_once(web_as: Callable[[str | None], Web]) -> None:
    web = web_as(None)
    first = web.client.get("/")
    assert first.status_code == 303 and first.headers["location"] == "/acting"
    page = web.client.get("/acting")
    assert page.status_code == 200 and "hal" in page.text
    answer = post(web.client, "/acting", {"person": "hal"})
    shown = follow(web.client, answer)
    assert "You are acting as hal" in text_of(shown.text)
    assert "You are acting as hal" not in text_of(web.client.get("/").text)
    assert "Acting as hal" in text_of(web.client.get("/").text)


def test_a_choice_not_on_the_list_is_refused_in_plain_words(web_as: Callable[[str | None], Web]) -> None:
    web = web_as(None)
    answer = post(web.client, "/acting", {"person": "nobody-here"})
    assert answer.status_code == 400
    assert "Choose who you are from the list" in text_of(answer.text)


def test_form_gives_lf_line_endings_and_drops_the_csrf_field() -> None:
    """A textarea posts CRLF (the HTML standard): every page gets LF, as the files are written."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from pipeline.web import kit

    async def echo(request: Request) -> JSONResponse:
        return JSONResponse(await kit.form(request))

    client = TestClient(Starlette(routes=[Route("/", echo, methods=["POST"])]))
    answer = client.post("/", data={"text": "one\r\ntwo\rthree\n", "_xsrf": "x"})
    assert answer.json() == {"text": "one\ntwo\nthree\n"}
