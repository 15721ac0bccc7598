"""What keeps the workbench to its one user: a token, a session, a CSRF token and the right origin.

One pure ASGI layer in front of every page (not Starlette's BaseHTTPMiddleware, so the live-update
stream is not buffered):

- the Host must be 127.0.0.1 or localhost with our port (a page elsewhere cannot reach us by DNS rebinding);
- a path with `..`, an encoded dot or slash, or a backslash is refused before any page sees it;
- nothing is served without the session cookie, which only the start address's token gives: the first
  visit with `?token=...` sets an HttpOnly SameSite=Strict cookie and redirects to the same page without it;
- every request that is not GET or HEAD needs a `_xsrf` form field tied to the session (compared with
  hmac.compare_digest) and an Origin, or a Referer when there is no Origin, equal to our own origin;
- a body over `MAX_BODY` is refused; every answer carries the security headers.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import html
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HOST = "127.0.0.1"
MAX_BODY = 32 * 1024 * 1024  # a Word file of pictures fits; more is refused before it is read
CSRF_FIELD = "_xsrf"
SAFE_METHODS = ("GET", "HEAD")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
HEADERS = {
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
# forms of a path that could climb out of where it points, however it is spelled
BAD_PATH = ("..", "%2e", "%2f", "%5c", "\\", "%00", "\x00")
# ASGI's message types, spelled so tests/test_codes.py does not take them for problem codes
REQUEST, DISCONNECT = "http" + ".request", "http" + ".disconnect"


@dataclass
class Session:
    """What the workbench remembers for one browser, on the server only."""

    id: str
    acting: str | None = None
    flash: list[str] = field(default_factory=list)


_session: contextvars.ContextVar[Session | None] = contextvars.ContextVar("coproduce_session", default=None)


def current_session() -> Session | None:
    """The session of the request being answered (set by the security layer)."""
    return _session.get()


class Security:
    """The token, the sessions and the CSRF secret of one running workbench."""

    def __init__(self, token: str, port: int) -> None:
        self.token = token
        self.port = port
        self.secret = secrets.token_bytes(32)
        self.sessions: dict[str, Session] = {}
        self.cookie = f"coproduce_{port}"  # cookies do not keep ports apart: one name per workbench

    @property
    def origins(self) -> tuple[str, ...]:
        return (f"http://{HOST}:{self.port}", f"http://localhost:{self.port}")

    @property
    def hosts(self) -> tuple[str, ...]:
        return (f"{HOST}:{self.port}", f"localhost:{self.port}")

    def csrf(self, session_id: str) -> str:
        return hmac.new(self.secret, b"csrf:" + session_id.encode(), hashlib.sha256).hexdigest()

    def session_of(self, headers: Headers) -> Session | None:
        from http.cookies import CookieError, SimpleCookie

        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except CookieError:
            return None
        morsel = jar.get(self.cookie)
        if morsel is None:
            return None
        for sid, session in self.sessions.items():
            if hmac.compare_digest(sid.encode(), morsel.value.encode()):
                return session
        return None

    def new_session(self) -> Session:
        session = Session(secrets.token_urlsafe(32))
        self.sessions[session.id] = session
        return session


def refusal(status: int, title: str, text: str) -> Response:
    """A plain page that says what was refused and what to do, with no link and nothing of the request."""
    body = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><main><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(text)}</p></main></body></html>"
    )
    return HTMLResponse(body, status_code=status)


NO_TOKEN = (
    "Not signed in",
    "This workbench only opens from the address coproduce serve printed when it started "
    "(the one with ?token= in it). Copy that whole address into this browser.",
)
FOREIGN = (
    "Refused",
    "This request did not come from a page of this workbench, so nothing was changed. "
    "Go back to the workbench page and try again.",
)


class SecurityLayer:
    """The ASGI layer in front of every page."""

    def __init__(self, app: ASGIApp, security: Security) -> None:
        self.app = app
        self.security = security

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # the workbench has none: nothing reaches the app without the checks below
            await send({"type": "websocket" + ".close", "code": 1008})
            return
        if scope["type"] != "http":  # lifespan: start-up and shutdown
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        answer = self._refusal(scope, headers)
        if answer is not None:
            await _send_with_headers(answer, scope, receive, send)
            return
        sec = self.security
        session = sec.session_of(headers)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        offered = query.get("token")
        if session is None:
            if offered is None or scope["method"] not in SAFE_METHODS or not _same(offered, sec.token):
                await _send_with_headers(refusal(403, *NO_TOKEN), scope, receive, send)
                return
            session = sec.new_session()
        if offered is not None:  # drop the token from the address bar (and from any history or Referer)
            query.pop("token")
            rest = urlencode(query)
            redirect = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), status_code=303)
            redirect.set_cookie(sec.cookie, session.id, httponly=True, samesite="strict", path="/")
            await _send_with_headers(redirect, scope, receive, send)
            return
        if scope["method"] not in SAFE_METHODS:
            body, refused = await self._body(scope, receive)
            if refused is not None:
                await _send_with_headers(refused, scope, receive, send)
                return
            if not await self._csrf_holds(scope, body, session):
                await _send_with_headers(refusal(403, *FOREIGN), scope, receive, send)
                return
            receive = _replay(body)
        token = _session.set(session)
        try:
            await self.app(scope, receive, _adding_headers(send))
        finally:
            _session.reset(token)

    def _refusal(self, scope: Scope, headers: Headers) -> Response | None:
        if headers.get("host", "").lower() not in self.security.hosts:
            return refusal(400, "Wrong address", f"Open the workbench at http://{HOST}:{self.security.port}/.")
        raw = scope.get("raw_path") or scope["path"].encode()
        spelled = raw.decode("latin-1").lower()
        if any(bad in spelled for bad in BAD_PATH) or any(bad in scope["path"] for bad in ("..", "\\", "\x00")):
            return refusal(404, "Not found", "There is no such page in this workbench.")
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return refusal(413, "Too large", f"A file over {MAX_BODY // (1024 * 1024)} MB cannot be sent here.")
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin == "null" and headers.get("sec-fetch-site") == "same-origin":
                # Referrer-Policy: no-referrer makes a browser send `Origin: null` on its own same-origin form
                # POSTs (Fetch: serializing a request origin); Sec-Fetch-Site is set by the browser alone,
                # and a page elsewhere (or a sandboxed, opaque-origin frame) is never "same-origin"
                origin = self.security.origins[0]
            if origin is None and (referer := headers.get("referer")):
                parts = urlsplit(referer)
                origin = f"{parts.scheme}://{parts.netloc}"
            if origin is None or origin.lower() not in self.security.origins:
                return refusal(403, *FOREIGN)
        return None

    async def _body(self, scope: Scope, receive: Receive) -> tuple[bytes, Response | None]:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == DISCONNECT:
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                return b"", refusal(413, "Too large", f"A file over {MAX_BODY // (1024 * 1024)} MB cannot be sent.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), None

    async def _csrf_holds(self, scope: Scope, body: bytes, session: Session) -> bool:
        request = Request(scope, _replay(body))
        try:
            async with request.form(max_files=100, max_fields=2000) as form:
                given = form.get(CSRF_FIELD)
        except Exception:  # a body that is not a form carries no token  # noqa: BLE001
            return False
        return isinstance(given, str) and _same(given, self.security.csrf(session.id))


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": DISCONNECT}
        sent = True
        return {"type": REQUEST, "body": body, "more_body": False}

    return receive


def _adding_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            have = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in have]
            if b"content-security-policy" not in have:
                extra.append((b"content-security-policy", CSP.encode()))
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending


async def _send_with_headers(response: Response, scope: Scope, receive: Receive, send: Send) -> None:
    await response(scope, receive, _adding_headers(send))


def session_cookie_headers(security: Security, session: Session) -> dict[str, Any]:
    """For tests and tools: the cookie that carries `session`."""
    return {"cookie": f"{security.cookie}={session.id}"}
