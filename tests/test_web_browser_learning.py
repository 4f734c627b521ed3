"""Learning from the teacher end to end in headless Chromium: the teacher marks one answer
correct, greenpen regrades the answer that says the same thing, the queue says why, one click
undoes it; then the teacher adds a misconception from a student's answer on the question page,
the class is graded again with it, and the updated pack downloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_learning import _answer, _store_with_pack
from .test_web_browser import browser, live_app, shot  # noqa: F401 - the Chromium fixture

pytestmark = pytest.mark.browser


@pytest.fixture
def learning_server(tmp_path: Path) -> Iterator[tuple[str, Path, int, dict[str, int]]]:
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    db = tmp_path / "class.db"
    store, run, ids = _store_with_pack(db)
    store.close()
    with live_app(db) as base:
        yield base, db, run, ids


def test_teacher_teaches_greenpen_in_the_browser(learning_server: tuple[str, Path, int, dict[str, int]],
                                                 browser: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    from greenpen.store.db import Store

    base, db, run, ids = learning_server
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # Ana's answer is marked correct (saved when the verdict changes)
    page.goto(f"{base}/submissions/{ids['ana_sub']}")
    card = page.locator(f"#a{ids['ana']}")
    card.locator("select[name=verdict]").select_option("correct")
    expect(card.locator("[data-status]")).to_have_text("Saved ✓")

    # Bo wrote the same: the queue shows him moved, and why
    page.goto(f"{base}/runs/{run}/queue")
    bo = page.locator(f"#a{ids['bo']}")
    expect(bo.locator(".tag.reason")).to_contain_text("like Ana's answer, which you marked correct")
    expect(bo.locator("[data-verdict]")).to_have_text("correct")
    shot(page, "07-learned-queue")

    # one click undoes it; the teacher's own verdict stays
    page.locator(f"[data-undo-learned='{ids['bo']}'] button").click()
    expect(page.locator(".flash")).to_contain_text("Put the answer back to partial")
    expect(page.locator(f"[data-undo-learned='{ids['bo']}']")).to_have_count(0)

    # a misconception in plain words, from Cy's answer, on the question page
    page.goto(f"{base}/runs/{run}/questions/broadcasting")
    teach = page.locator("#teach")
    teach.locator("summary").click()
    teach.locator("select[name=kind]").select_option("misconception")
    teach.locator("select[name=example]").select_option(label="Cy")
    teach.locator("input[name=text]").fill("Broadcasting adds the numbers")
    teach.locator("input[name=correction]").fill("Broadcasting matches the shapes; it does not add anything.")
    teach.get_by_role("button", name="Add and grade the class again").click()
    expect(page.locator(".flash")).to_contain_text('Added the misconception "Broadcasting adds the numbers"')
    expect(page.locator("#teach .changes li")).to_have_count(1)
    shot(page, "08-question-pack-change")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the updated pack").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Broadcasting adds the numbers" in exported and "Numbers get added." in exported

    store = Store.open(db)
    try:
        ana, bo, cy = (_answer(store, ids[k]) for k in ("ana", "bo", "cy"))
        assert (ana.verdict, ana.manual_verdict) == ("correct", "correct")
        assert bo.manual_verdict is None  # graded afresh with the new pack; never edited
        from greenpen.learning import service

        assert ids["bo"] not in service.active_propagations(store, run)
        assert any(f.kind == "misconception" for f in cy.findings)
    finally:
        store.close()
    assert not errors, errors
