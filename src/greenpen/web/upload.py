"""Grading started from the browser: `/upload` takes files (answers, a class CSV, an LMS zip),
grades them into a new run with the library's `grade_run` in a background thread, shows the
progress, and opens the run when it is done.

The thread has its own store connection; the page the teacher waits on refreshes itself
(no script needed) and reads the job's progress from `app.state.jobs`.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .common import BadInput, NotFound, render

MAX_FILES = 500


@dataclass
class Job:
    """One upload being graded."""

    id: str
    run_name: str
    files: list[str]
    total: int = 0
    done: int = 0
    state: str = "reading"
    """reading → grading → done, or failed (with `error`)."""
    run_id: int | None = None
    error: str = ""
    failures: list[str] = field(default_factory=list)


async def upload_page(request: Request) -> Response:
    from ..packs import all_packs

    return render(request, "upload.html", packs=[p.id for p in all_packs()])


async def start_upload(request: Request) -> Response:
    form = await request.form(max_files=MAX_FILES)
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not uploads:
        raise BadInput("Choose at least one file: students' answers, a class CSV or an LMS download zip.")
    pack = str(form.get("pack") or "").strip() or None
    folder = Path(tempfile.mkdtemp(prefix="greenpen-upload-"))
    names: list[str] = []
    for upload in uploads:
        name = _safe_name(upload.filename or "file", names)
        with (folder / name).open("wb") as out:
            shutil.copyfileobj(upload.file, out)
        names.append(name)
    run_name = str(form.get("run") or "").strip() or Path(names[0]).stem
    job = Job(uuid.uuid4().hex[:12], run_name, names)
    request.app.state.jobs[job.id] = job
    thread = threading.Thread(target=_grade, args=(job, folder, pack, request.app.state.db_path), daemon=True)
    thread.start()
    return RedirectResponse(f"/uploads/{job.id}", status_code=303)


async def upload_status(request: Request) -> Response:
    job = request.app.state.jobs.get(request.path_params["job"])
    if job is None:
        raise NotFound("No such upload: it may belong to an earlier start of the server. Open the runs page.")
    if job.state == "done" and job.run_id is not None and not job.failures:
        return RedirectResponse(f"/runs/{job.run_id}", status_code=303)
    return render(request, "upload_status.html", job=job)


def _grade(job: Job, folder: Path, pack: str | None, db_path: str) -> None:
    from ..classroom.run import Event, gather, grade_run
    from ..pipeline import Options
    from ..store.db import Store

    def on_event(event: Event) -> None:
        job.total, job.done = event.total, event.done
        if event.outcome is not None and event.outcome.status == "failed":
            job.failures.append(event.outcome.error)

    try:
        items = gather([str(folder / name) for name in job.files], pack=pack)
        options = Options(pack=pack, environ=dict(os.environ))
        store = Store.open(db_path)
        job.run_id = store.ensure_run(job.run_name, pack or "", options.record())
        job.state = "grading"
        grade_run(items, options, store=store, run_id=job.run_id, on_event=on_event)
        job.state = "done"
    except Exception as exc:  # noqa: BLE001 - the teacher sees the reason on the page, the server goes on
        job.state, job.error = "failed", str(exc) or type(exc).__name__
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _safe_name(name: str, taken: list[str]) -> str:
    """The uploaded file's own name without any folder part, unique within the upload."""
    base = re.sub(r"[\x00-\x1f/\\]+", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).lstrip(".") or "file"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{n}-{base}"
    return candidate


routes = [
    Route("/upload", upload_page, name="upload"),
    Route("/upload", start_upload, methods=["POST"], name="start_upload"),
    Route("/uploads/{job}", upload_status, name="upload_status"),
]
