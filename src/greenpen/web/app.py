"""The review app: `create_app(db_path, token=...)` returns a Starlette application.

    app = create_app("greenpen.db")                   # loopback: no token needed
    app = create_app("greenpen.db", token="s3cret")   # every request must carry the token

With a token, a request passes when it carries it as `?token=` (the address `greenpen serve`
prints; the app then sets a cookie and redirects to the same page without it) or as the
`greenpen_token` cookie; anything else gets 401. Every POST from another site is refused
(the `Origin` check), and every page is sent with a Content-Security-Policy that allows no
inline script, so a student's text can never run in the teacher's browser.
"""

from __future__ import annotations

import hmac
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from sqlite_utils import Database
from starlette.applications import Starlette
from starlette.datastructures import URL, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import StoreError
from ..store.db import StaleEdit, Store
from . import actions, learning, pages, upload
from .common import HERE, STALE, WebError, make_env, render, wants_json

TOKEN_COOKIE = "greenpen_token"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def create_app(
    db_path: str | Path, *, token: str | None = None, allowed_hosts: Sequence[str] | None = None
) -> Starlette:
    """The review app over the greenpen database at `db_path` (which must exist).

    `allowed_hosts` limits the `Host` header the app answers to (`greenpen serve` passes the
    loopback names), so a web page that rebinds its own domain to 127.0.0.1 gets nothing.
    """
    path = Path(db_path)
    if not path.is_file():
        raise StoreError(
            f"no greenpen database at {path} — grade a class first with `greenpen grade FILES`, "
            "or give the file with --db"
        )
    # One connection for the app; every endpoint is async and calls the store without awaiting
    # in between, so requests never interleave on it (the event loop runs them one at a time).
    conn = sqlite3.connect(str(path), check_same_thread=False)
    store = Store(Database(conn))
    app = Starlette(
        routes=[
            *pages.routes,
            *actions.routes,
            *upload.routes,
            *learning.routes,
            Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            *(
                [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))]
                if allowed_hosts
                else []
            ),
            *([Middleware(TokenGate, token=token)] if token else []),
            Middleware(SameOriginPosts),
        ],
        exception_handlers={
            WebError: _web_error,
            StaleEdit: _stale,
            StoreError: _store_error,
            HTTPException: _http_error,
        },
    )
    app.state.store = store
    app.state.env = make_env()
    app.state.overview_cache = {}
    app.state.db_path = str(path)
    app.state.jobs = {}
    return app


# ─── error pages ────────────────────────────────────────────────────────────


def _error(request: Request, status: int, title: str, message: str, detail: str = "") -> Response:
    if wants_json(request):
        return JSONResponse({"ok": False, "error": title, "message": message}, status_code=status)
    return render(request, "error.html", status=status, title=title, message=message, detail=detail)


async def _web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    return _error(request, exc.status, exc.title, exc.message, exc.detail)


async def _stale(request: Request, exc: Exception) -> Response:
    return _error(request, 409, "This changed since you opened it", STALE)


async def _store_error(request: Request, exc: Exception) -> Response:
    return _error(request, 400, "That cannot be saved", str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _error(
            request,
            404,
            "Not found",
            f"There is no page at {request.url.path}. Start again from the list of runs.",
        )
    if exc.status_code == 405:
        return _error(request, 405, "Not allowed", "That address only accepts the page's own forms.")
    return _error(request, exc.status_code, "Error", str(exc.detail))


# ─── middleware (plain ASGI) ────────────────────────────────────────────────


class TokenGate:
    """Lets through only requests that carry the access token (query parameter or cookie)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    def _ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given).encode(), self.token.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        from_query = request.query_params.get("token")
        if self._ok(from_query):
            if request.method == "GET":  # set the cookie, and drop the token from the address bar
                url = URL(scope=scope).remove_query_params("token")
                response: Response = RedirectResponse(
                    url.path + (f"?{url.query}" if url.query else ""), status_code=303
                )
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
                await response(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        if self._ok(request.cookies.get(TOKEN_COOKIE)):
            await self.app(scope, receive, send)
            return
        response = Response(
            "<!doctype html><meta charset=utf-8><title>Token needed</title>"
            "<h1>This greenpen server needs its access token</h1>"
            "<p>Open the address that <code>greenpen serve</code> printed when it started "
            "(it ends in <code>?token=…</code>). Ask the teacher who runs it if you do not have it.</p>",
            status_code=401,
            media_type="text/html",
        )
        await response(scope, receive, send)


class SameOriginPosts:
    """Refuses a POST sent from another site's page (a forged form aimed at this server)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD"):
            request = Request(scope)
            origin = request.headers.get("origin")
            site = request.headers.get("sec-fetch-site", "")
            own = f"{request.url.scheme}://{request.url.netloc}"
            if site == "cross-site" or (origin is not None and origin != own):
                response = Response(
                    "This form came from another site and was refused. Use greenpen's own pages.",
                    status_code=403,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")  # "no-referrer" makes Origin "null"
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
