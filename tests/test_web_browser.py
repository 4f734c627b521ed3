"""The review app end to end in a real headless Chromium (Debian's `chromium`, driven by Playwright).

Open a run, open a student, edit a feedback and a score (saved on change), approve with the
keyboard, approve a group, release, export — then check the exported CSV and the stored edits.
Screenshots of the main pages go to tests/artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path(__file__).parent / "artifacts" / "screenshots"


@contextlib.contextmanager
def live_app(db: Path) -> Iterator[str]:
    """The review app on `db`, served by uvicorn on a free local port; yields its address."""
    import uvicorn

    from greenpen.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, dict[str, int]]]:
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    from .web_fixtures import build_class_db

    db = tmp_path / "class.db"
    ids = build_class_db(db)
    with live_app(db) as base:
        yield base, db, ids


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed — run scripts/install-system-deps.sh as root")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    ignore = SHOTS.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_review_a_class_in_the_browser(server: tuple[str, Path, dict[str, int]], browser: Any) -> None:
    from playwright.sync_api import expect

    from greenpen.store.db import Store

    from .web_fixtures import answer_id

    base, db, ids = server
    started = time.monotonic()
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # open the run, then a student
    page.goto(base + "/")
    shot(page, "01-runs")
    page.get_by_role("link", name="week4").click()
    expect(page.locator("h1")).to_have_text("week4")
    expect(page.locator("figure svg")).to_have_count(2)
    shot(page, "02-class-overview")
    page.get_by_role("link", name="Dana K.", exact=True).click()
    expect(page.locator("h1")).to_have_text("Dana K.")

    # edit a feedback and a score: each is saved when the field is left
    broadcasting = answer_id(db, ids["dana"], "broadcasting")
    card = page.locator(f"#a{broadcasting}")
    expect(card.locator("[data-teacher]")).to_be_hidden()
    card.locator("textarea[name=feedback]").fill("Say what happens to the smaller tensor's shape.")
    card.locator("input[name=score]").click()  # leaving the textarea saves it
    expect(card.locator("[data-status]")).to_have_text("Saved ✓")
    card.locator("input[name=score]").fill("100")
    card.locator("input[name=score]").press("Tab")
    expect(card.locator("[data-score]")).to_have_text("100%")
    expect(card.locator("[data-teacher]")).to_be_visible()
    page.locator("body").click(position={"x": 5, "y": 5})

    # keyboard: j selects the first answer, a approves it and moves on
    page.keyboard.press("j")
    rank3 = page.locator(f"#a{answer_id(db, ids['dana'], 'rank-3')}")
    expect(rank3).to_have_class("card answer current")
    expect(rank3.locator("[data-approved]")).to_be_hidden()
    page.keyboard.press("a")
    expect(rank3.locator("[data-approved]")).to_be_visible()
    expect(page.locator(f"#a{broadcasting}")).to_have_class("card answer current")
    shot(page, "03-submission")

    # a second tab still has the old version: its edit is refused with what to do
    other = context.new_page()
    other.goto(f"{base}/submissions/{ids['dana']}")
    page.reload()
    page.locator(f"#a{broadcasting} textarea[name=feedback]").fill("First tab wins.")
    page.locator(f"#a{broadcasting} input[name=score]").click()
    expect(page.locator(f"#a{broadcasting} [data-status]")).to_have_text("Saved ✓")
    stale = other.locator(f"#a{broadcasting}")
    stale.locator("textarea[name=feedback]").fill("Second tab loses.")
    stale.locator("input[name=score]").click()
    expect(stale.locator("[data-status]")).to_contain_text("reload the page")
    other.close()

    # approve a whole group on the question page
    page.goto(f"{base}/runs/{ids['run']}/questions/matmul-operator")
    group = page.locator("#g1")
    expect(group.locator(".members > li")).to_have_count(3)
    shot(page, "04-question-groups")
    group.get_by_role("button", name="Approve all 3").click()
    expect(page.locator(".flash")).to_have_text("Approved 3 answers to Q29.")

    # release Dana, look at the queue, export the released grades
    page.goto(f"{base}/submissions/{ids['dana']}")
    page.get_by_role("button", name="Release to student").click()
    expect(page.locator(".flash")).to_contain_text("Released Dana K.'s feedback")
    page.goto(f"{base}/runs/{ids['run']}/queue?all=1")
    shot(page, "05-review-queue")
    page.goto(f"{base}/runs/{ids['run']}")
    page.get_by_label("released only").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")

    # the tablet layout
    tablet = browser.new_context(viewport={"width": 820, "height": 1180}, has_touch=True).new_page()
    tablet.goto(f"{base}/submissions/{ids['bo']}")
    expect(tablet.locator("h1")).to_have_text("Bo <i>Evil</i>")  # shown as text
    assert tablet.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(tablet, "06-submission-tablet")

    assert list(csv.reader(io.StringIO(exported))) == [
        ["student", "email", "total", "rank-3", "broadcasting", "matmul-operator"],
        ["Dana K.", "", "66.67", "33.33", "33.33", "0"],
    ]
    store = Store.open(db)
    try:
        dana = store.submission(ids["dana"])
        by_id = {a.question_id: a for a in dana.answers}
        assert (by_id["broadcasting"].manual_feedback, by_id["broadcasting"].manual_score) == (
            "First tab wins.",
            1.0,
        )
        assert by_id["rank-3"].reviewed_at and dana.released
        assert [e.field for e in store.edits(ids["dana"])] == [
            "manual_feedback",
            "manual_score",
            "manual_feedback",
        ]
        assert all(
            a.reviewed_at
            for sid in (ids["dana"], ids["ana"], ids["bo"])
            for a in store.submission(sid).answers
            if a.question_id == "matmul-operator"
        )
    finally:
        store.close()
    assert not errors, errors
    print(f"\nbrowser test took {time.monotonic() - started:.1f}s; screenshots in {SHOTS}")


def test_upload_two_files_and_a_class_csv_then_open_a_student(
    server: tuple[str, Path, dict[str, int]], browser: Any
) -> None:
    """A teacher grades from the browser: upload, watch the progress, land on the run, open a student."""
    from playwright.sync_api import expect

    examples = Path(__file__).resolve().parents[1] / "examples"
    base, db, ids = server
    page = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/")
    page.get_by_role("link", name="Grade new submissions").click()
    page.locator("input[type=file]").set_input_files([
        str(examples / "amara-okafor-pytorch-l1.md"),
        str(examples / "joao-silva-pytorch-l1-pt.md"),
        str(examples / "class-forms-pytorch-l1.csv"),
    ])
    page.get_by_label("Course pack").select_option("pytorch-l1")
    page.get_by_label("Run name").fill("week 1 uploads")
    page.get_by_role("button", name="Grade").click()
    expect(page.locator("h1")).to_have_text("week 1 uploads", timeout=180_000)  # the run, when grading is done
    shot(page, "07-uploaded-run")
    page.get_by_role("link", name="Amara Okafor", exact=True).click()
    expect(page.locator("h1")).to_have_text("Amara Okafor")
    expect(page.locator(".card.answer").first).to_be_visible()
    from greenpen.store.db import Store

    store = Store.open(db)
    try:
        run = store.run("week 1 uploads")
        subs = store.submissions(run.id)
        assert len(subs) >= 4  # two files and the class CSV's rows
        assert all(s.status == "graded" for s in subs)
    finally:
        store.close()
    assert not errors, errors
