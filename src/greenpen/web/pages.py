"""The pages (GET routes): runs, a run's class overview, review queue, question view, submission."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..errors import GreenpenError
from ..learning import service
from ..store.db import Store
from ..store.records import RunInfo, StoredSubmission
from .common import ID, BadInput, NotFound, find_run, find_submission, int_id, render, store_of
from .grouping import Member, group_answers
from .queries import last_edit, review_counts, review_queue, run_questions

OVERVIEW_CACHE_SIZE = 8
QUEUE_PAGE = 50
"""Answers shown per page of the review queue."""


async def runs_page(request: Request) -> Response:
    return render(request, "runs.html", runs=store_of(request).runs())


def _released_only(request: Request) -> bool:
    return request.query_params.get("released_only", "") not in ("", "0")


def _pack(info: RunInfo, submissions: list[StoredSubmission]) -> Any:
    from ..packs import get_pack

    pack_id = info.pack or next((s.pack for s in submissions if s.pack), "")
    try:
        return get_pack(pack_id) if pack_id else None
    except GreenpenError:
        return None  # a pack file that moved: the figures use the stored corrections


def _fingerprint(store: Store, run_id: int) -> tuple[Any, ...]:
    """Changes whenever an answer or submission of the run is saved, edited, approved or released."""
    row = next(
        store.db.query(
            "SELECT count(a.id) AS n, max(a.updated_at) AS a, max(s.updated_at) AS s, "
            "sum(a.version) AS av, (SELECT sum(version) FROM submissions WHERE run_id = ?) AS sv "
            "FROM submissions s LEFT JOIN answers a ON a.submission_id = s.id WHERE s.run_id = ?",
            [run_id, run_id],
        )
    )
    return tuple(row.values())


def _overview(request: Request, store: Store, info: RunInfo, released_only: bool) -> dict[str, Any]:
    """The class figures and charts, computed once per state of the run (a class of 200 takes a second)."""
    from ..classroom.class_report import score_chart, summarise, verdict_chart

    key = (info.id, released_only, _fingerprint(store, info.id))
    cache: dict[tuple[Any, ...], dict[str, Any]] = request.app.state.overview_cache
    if key in cache:
        return cache[key]
    subs = store.submissions(info.id, released_only=released_only)
    summary = summarise(info.name, subs, _pack(info, subs))
    try:
        charts = {
            "scores": score_chart(summary) if summary.scores else "",
            "verdicts": verdict_chart(summary) if summary.questions else "",
        }
    except ImportError:  # matplotlib is not installed: the tables still tell it all
        charts = {}
    # one rule for "to review": the queue's; the columns count its items per student and question
    queue = review_queue(subs, learned=learned_reasons(store, info.id))
    by_submission, _ = review_counts(queue)
    found = {
        "summary": summary,
        "charts": charts,
        "submissions": subs,
        "to_review": by_submission,
        "questions": {q.question_id: q for q in run_questions(subs, queue)},
        "queue_size": len(queue),
    }
    while len(cache) >= OVERVIEW_CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = found
    return found


async def run_page(request: Request) -> Response:
    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    released_only = _released_only(request)
    return render(
        request,
        "run.html",
        run=info,
        released_only=released_only,
        undo=last_edit(store, run_id=info.id),
        **_overview(request, store, info, released_only),
    )


def learned_reason(p: service.Propagation) -> str:
    return f"{p.reason} (was {p.old_verdict} {round(100 * p.old_score)}%)"


def learned_reasons(store: Store, run_id: int) -> dict[int, tuple[int, str]]:
    """answer id → (propagation id, why it moved), for the answers learning moved."""
    return {aid: (p.id, learned_reason(p)) for aid, p in service.active_propagations(store, run_id).items()}


async def queue_page(request: Request) -> Response:
    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    everything = request.query_params.get("all", "") not in ("", "0")
    items = review_queue(store.submissions(info.id, graded_only=True), everything=everything,
                         learned=learned_reasons(store, info.id))
    start = request.query_params.get("start", "0")
    first = int(start) if ID.fullmatch(start) else 0
    return render(
        request,
        "queue.html",
        run=info,
        items=items[first : first + QUEUE_PAGE],
        total=len(items),
        first=first,
        page_size=QUEUE_PAGE,
        everything=everything,
        undo=last_edit(store, run_id=info.id),
    )


async def question_page(request: Request) -> Response:
    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    question_id = request.path_params["question"]
    subs = store.submissions(info.id, graded_only=True)
    members = [Member(s.name, s.id, a) for s in subs for a in s.answers if a.question_id == question_id]
    questions = run_questions(subs)
    if not members:
        listed = ", ".join(f"Q{q.number} {q.question_id}" for q in questions) or "none yet"
        raise NotFound(
            f'Run "{info.name}" has no question "{question_id}". Its questions are: {listed}.',
            title="No such question",
        )
    ids = [q.question_id for q in questions]
    at = ids.index(question_id)
    moved = service.active_propagations(store, info.id, question_id)
    return render(
        request,
        "question.html",
        learned={aid: (p.id, learned_reason(p)) for aid, p in moved.items()},
        changes=[c for c in service.pack_changes(store, info.id) if c.question_id == question_id],
        members=members,
        run=info,
        question=members[0].answer,
        groups=group_answers(members),
        answers=len(members),
        previous=questions[at - 1] if at > 0 else None,
        next=questions[at + 1] if at + 1 < len(questions) else None,
        undo=last_edit(store, run_id=info.id),
    )


async def submission_page(request: Request) -> Response:
    store = store_of(request)
    submission = find_submission(store, int_id(request.path_params["submission"], "submission"))
    info = find_run(store, str(submission.run_id))
    ids = [
        r["id"]
        for r in store.db.query(
            "SELECT id FROM submissions WHERE run_id = ? ORDER BY id", [submission.run_id]
        )
    ]
    at = ids.index(submission.id)
    return render(
        request,
        "submission.html",
        run=info,
        submission=submission,
        previous=ids[at - 1] if at > 0 else None,
        next=ids[at + 1] if at + 1 < len(ids) else None,
        position=at + 1,
        count=len(ids),
        undo=last_edit(store, submission_id=submission.id),
        edits=len(store.edits(submission.id)),
    )


async def student_report(request: Request) -> Response:
    """What the student will get: their report with the teacher's edits, as the HTML renderer writes it."""
    from ..renderers import renderer

    store = store_of(request)
    submission = find_submission(store, int_id(request.path_params["submission"], "submission"))
    if submission.status != "graded":
        raise NotFound(
            f"{submission.source} could not be graded ({submission.error}), so it has no report — "
            "fix the file and grade the run again.",
            title="No report",
        )
    _, render_html = renderer("html")
    return HTMLResponse(render_html(store.report(submission.id)))


async def export_csv(request: Request) -> Response:
    """The gradebook CSV (plain, Canvas, Moodle, Google Classroom), as `greenpen export` writes it."""
    from ..classroom.gradebook import export, formats

    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    fmt = request.query_params.get("to", "plain")
    if fmt not in formats():
        raise BadInput(f'Unknown gradebook format "{fmt}" — choose one of: {", ".join(formats())}.')
    try:
        points = float(request.query_params.get("points", "100") or "100")
    except ValueError:
        raise BadInput("Points must be a number, e.g. 100.") from None
    try:
        text, warnings = export(
            store.submissions(info.id),
            fmt,
            points=points,
            title=request.query_params.get("title") or info.name,
            released_only=_released_only(request),
        )
    except GreenpenError as exc:
        raise BadInput(str(exc)) from exc
    name = "".join(c if c.isalnum() or c in "-_." else "-" for c in info.name) or "run"
    headers = {"Content-Disposition": f'attachment; filename="{name}-{fmt}.csv"'}
    if warnings:
        headers["X-Greenpen-Warnings"] = " | ".join(w.encode("ascii", "replace").decode() for w in warnings)
    return PlainTextResponse(text, media_type="text/csv; charset=utf-8", headers=headers)


async def class_report(request: Request) -> Response:
    """The self-contained class report page, as `greenpen report` writes it."""
    from ..classroom.class_report import summarise, to_html

    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    subs = store.submissions(info.id, released_only=_released_only(request))
    return HTMLResponse(to_html(summarise(info.name, subs, _pack(info, subs))))


routes = [
    Route("/", runs_page, name="runs"),
    Route("/runs/{run}", run_page, name="run"),
    Route("/runs/{run}/queue", queue_page, name="queue"),
    Route("/runs/{run}/questions/{question}", question_page, name="question"),
    Route("/runs/{run}/export.csv", export_csv, name="export"),
    Route("/runs/{run}/report.html", class_report, name="class_report"),
    Route("/submissions/{submission}", submission_page, name="submission"),
    Route("/submissions/{submission}/report.html", student_report, name="student_report"),
]
