"""`greenpen serve`: the review app in the browser (extra: `greenpen[web]`).

Bound to 127.0.0.1 by default. Any other address needs an access token: one is generated
and printed (or give your own with --token / GREENPEN_TOKEN), and every request without it
gets 401. `--get PATH` prints one page and exits, without opening a socket (smoke tests).
"""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path

import click

from . import cli
from .cmd_grade import db_option
from .common import UsageProblem


def is_loopback(host: str) -> bool:
    """True for 127.0.0.1, ::1, localhost: addresses other machines cannot reach."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@cli.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on."
)
@click.option(
    "--token",
    envvar="GREENPEN_TOKEN",
    metavar="TEXT",
    help="Access token every request must carry (default: generated when --host is not loopback).",
)
@click.option("--no-token", is_flag=True, help="Serve without a token (refused unless --host is loopback).")
@click.option(
    "--get", "get_path", metavar="PATH", help="Print the page at PATH (e.g. /) and exit, without serving."
)
def serve_command(
    db_path: Path, host: str, port: int, token: str | None, no_token: bool, get_path: str | None
) -> None:
    """Open the review app: check, edit and release feedback in the browser."""
    try:
        from ..web.app import create_app
    except ImportError as exc:
        from ..errors import MissingDependency

        raise MissingDependency("greenpen serve", "web") from exc

    if get_path is not None:
        from starlette.testclient import TestClient

        with TestClient(create_app(db_path), base_url="http://127.0.0.1") as client:
            response = client.get(get_path)
        click.echo(response.text, nl=False)
        if response.status_code >= 400:
            raise click.exceptions.Exit(1)
        return

    loopback = is_loopback(host)
    if no_token and token:
        raise UsageProblem("--token and --no-token contradict each other — drop one")
    if no_token and not loopback:
        raise UsageProblem(
            f"refusing to serve on {host} without a token: anyone on the network could read and change "
            "the grades — drop --no-token (a token is generated and printed), or use --host 127.0.0.1"
        )
    if not loopback and not no_token and not token:
        token = secrets.token_urlsafe(24)
    hosts = None if token else [host, "127.0.0.1", "localhost", "[::1]", "::1"]  # no DNS rebinding
    app = create_app(db_path, token=token, allowed_hosts=hosts)

    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"greenpen review app for {db_path}: {url}")
    if token:
        click.echo("Every request needs this token: share the address only with the people who grade.")
    click.echo("Press Ctrl+C to stop.")
    uvicorn.run(app, host=host, port=port, log_level="warning")
