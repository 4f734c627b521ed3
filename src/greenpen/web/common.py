"""What the page and action modules share: the store, rendering, errors and flash messages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..errors import StoreError
from ..store.db import Store
from ..store.records import VERDICTS, RunInfo, StoredSubmission
from .highlight import highlight, located, tone

HERE = Path(__file__).parent
FLASH_COOKIE = "greenpen_flash"
STALE = (
    "Someone saved this before you: another tab, another reviewer or a re-grade changed it after "
    "you opened the page, so your change was not saved. Copy your text if you need it, reload the "
    "page to see the current version, then make your change again."
)


class WebError(Exception):
    """An error page: `status`, a title and a message that says what to do next."""

    status = 400
    title = "That did not work"

    def __init__(self, message: str, *, title: str | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        if title is not None:
            self.title = title


class NotFound(WebError):
    status = 404
    title = "Not found"


class BadInput(WebError):
    status = 400
    title = "That value cannot be saved"


def pct(value: float | None) -> str:
    """A 0–1 score as the percent the forms show and read back ("72.5", "100")."""
    if value is None:
        return ""
    return f"{value * 100:.1f}".rstrip("0").rstrip(".")


def short_time(stamp: str | None) -> str:
    return (stamp or "")[:16].replace("T", " ")


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=pct, highlight=highlight, tone=tone, located=located, time=short_time)
    env.globals.update(VERDICTS=VERDICTS)
    return env


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The template rendered with `context`, plus the flash message left by the last action."""
    env: Environment = request.app.state.env
    flash = unquote(request.cookies.get(FLASH_COOKIE, ""))
    page = env.get_template(template).render(request=request, flash=flash, path=request.url.path, **context)
    response = HTMLResponse(page, status_code=status)
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def done(request: Request, back: str, message: str, data: dict[str, Any] | None = None) -> Response:
    """After an action: JSON for the page's script, else a redirect back with a flash message."""
    if wants_json(request):
        return JSONResponse({"ok": True, "message": message, **(data or {})})
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(FLASH_COOKIE, quote(message), path="/", httponly=True, samesite="strict")
    return response


def safe_back(request: Request, form_value: object, default: str) -> str:
    """The page to go back to: a local path from the form (never another site), else `default`."""
    if isinstance(form_value, str) and form_value.startswith("/") and not form_value.startswith("//"):
        return form_value
    return default


def find_run(store: Store, run: str) -> RunInfo:
    try:
        return store.run(run)
    except StoreError as exc:
        known = [r.name for r in store.runs()]
        hint = (
            f"The runs in this database are: {', '.join(known)}."
            if known
            else ("This database has no runs yet: grade a class with `greenpen grade FILES`.")
        )
        raise NotFound(f'There is no run called "{run}". {hint}', title="No such run") from exc


def find_submission(store: Store, submission_id: int) -> StoredSubmission:
    try:
        return store.submission(submission_id)
    except StoreError as exc:
        raise NotFound(
            f"There is no submission {submission_id} in this database. It may have been removed "
            "by a re-grade: open its run from the list of runs and pick the student again.",
            title="No such submission",
        ) from exc


ID = re.compile(r"[0-9]{1,18}")
"""A row id in a URL or a form: ASCII digits that fit SQLite's 64-bit integer (else a 404, not a 500)."""


def int_id(raw: str, what: str) -> int:
    if not ID.fullmatch(raw):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        article = "an" if what[:1] in "aeiou" else "a"
        raise NotFound(f'"{shown}" is not {article} {what} number — open the {what} from its run\'s page.')
    return int(raw)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
