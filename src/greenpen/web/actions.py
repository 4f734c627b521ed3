"""The actions (POST routes): every edit is one small form POST, saved at once.

Each form carries the `version` of the row it was rendered from; the store refuses a stale
one (`StaleEdit`, shown as 409 with what to do). Without JavaScript an action redirects back
to the page with a flash message; `static/app.js` asks for JSON instead and updates in place.
Only fields whose value differs from the current final one become edits, so submitting a
whole form records just what the teacher changed.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..store.db import UNSET, StaleEdit, Store
from ..store.records import VERDICTS, Edit, StoredAnswer, StoredSubmission
from .common import (
    ID,
    STALE,
    BadInput,
    NotFound,
    WebError,
    done,
    find_run,
    find_submission,
    int_id,
    pct,
    safe_back,
    store_of,
)
from .learning import learn_after_edit
from .queries import LastEdit, answer_place, last_edit


class Stale(WebError):
    """A stale edit, with the text the teacher typed so the error page can give it back."""

    status = 409
    title = "This changed since you opened it"


Endpoint = Callable[[Request], Awaitable[Response]]


def refuse_stale(endpoint: Endpoint) -> Endpoint:
    """Turn the store's `StaleEdit` into a 409 page that says what to do and keeps the teacher's text."""

    @functools.wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        form = await request.form()  # parsed once and cached on the request
        try:
            return await endpoint(request)
        except StaleEdit as exc:
            mine = "\n\n".join(v for k in ("feedback", "overall") if isinstance(v := form.get(k), str) and v)
            raise Stale(STALE, detail=mine) from exc

    return wrapper


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _version(form: FormData, name: str = "version") -> int | None:
    raw = _text(form, name)
    if raw is None or raw == "":
        return None
    if not ID.fullmatch(raw):
        raise BadInput(f'"{raw[:40]}" is not a version number — reload the page and try again.')
    return int(raw)


def _score(raw: str) -> float:
    """A percent from a form ("72.5", "72,5 %") as a 0–1 score."""
    try:
        value = float(raw.replace(",", ".").replace("%", "").strip())
    except ValueError:
        raise BadInput(f'"{raw}" is not a score — give a number between 0 and 100.') from None
    if not 0 <= value <= 100:
        raise BadInput(f"{raw} is out of range — give a score between 0 and 100.")
    return value / 100


def _same_text(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def _answer(store: Store, answer_id: int) -> tuple[StoredAnswer, int, int]:
    """The answer, its submission id and its run id; NotFound when there is none."""
    place = answer_place(store, answer_id)
    if place is None:
        raise NotFound(
            f"There is no answer {answer_id} in this database. A re-grade may have removed it: "
            "reload the page you came from.",
            title="No such answer",
        )
    submission = find_submission(store, place.submission_id)
    for a in submission.answers:
        if a.id == answer_id:
            return a, place.submission_id, place.run_id
    raise NotFound(f"Answer {answer_id} is not shown in its run any more — reload the page.")


async def _answer_request(request: Request) -> tuple[Store, FormData, StoredAnswer, int, str]:
    """What an answer's action works on: the store, the form, the answer the URL names, its run,
    and where to go back to (the answer on its submission's page unless the form says)."""
    store = store_of(request)
    answer_id = int_id(request.path_params["answer"], "answer")
    form = await request.form()
    current, submission_id, run_id = _answer(store, answer_id)
    back = safe_back(request, form.get("back"), f"/submissions/{submission_id}#a{answer_id}")
    return store, form, current, run_id, back


async def _submission_request(request: Request, anchor: str = "") -> tuple[Store, FormData, StoredSubmission, str]:
    """What a submission's action works on: the store, the form, the submission the URL names, and
    where to go back to (its page, at `anchor`, unless the form says)."""
    store = store_of(request)
    submission_id = int_id(request.path_params["submission"], "submission")
    current = find_submission(store, submission_id)
    form = await request.form()
    back = safe_back(request, form.get("back"), f"/submissions/{submission_id}{anchor}")
    return store, form, current, back


def answer_json(a: StoredAnswer) -> dict[str, Any]:
    return {
        "id": a.id,
        "version": a.version,
        "verdict": a.verdict,
        "score": pct(a.score),
        "feedback": a.feedback,
        "edited": a.edited,
        "reviewed": bool(a.reviewed_at),
        "auto_verdict": a.auto_verdict,
        "auto_score": pct(a.auto_score),
    }


def answer_changes(current: StoredAnswer, form: FormData) -> dict[str, Any]:
    """The edit_answer arguments for the fields of `form` that differ from `current`'s final values."""
    changes: dict[str, Any] = {}
    verdict = _text(form, "verdict")
    if verdict and verdict != current.verdict:
        if verdict not in VERDICTS:
            raise BadInput(f'"{verdict}" is not a verdict — choose one of: {", ".join(VERDICTS)}.')
        changes["verdict"] = verdict
    score = _text(form, "score")
    if score is not None and score.strip() and score.strip() != pct(current.score):
        changes["score"] = _score(score)
    feedback = _text(form, "feedback")
    if feedback is not None and not _same_text(feedback, current.feedback):
        changes["feedback"] = feedback.replace("\r\n", "\n").strip()
    return changes


@refuse_stale
async def edit_answer(request: Request) -> Response:
    store, form, current, run_id, back = await _answer_request(request)
    changes = answer_changes(current, form)
    if not changes:
        return done(request, back, "Nothing changed.", {"answer": answer_json(current)})
    updated = store.edit_answer(current.id, expected_version=_version(form), **changes)
    what = " and ".join(changes)
    learned = learn_after_edit(store, run_id, updated.question_id) if {"verdict", "score"} & set(changes) else ""
    return done(request, back, f"Saved the Q{updated.number} {what}.{learned}", {"answer": answer_json(updated)})


@refuse_stale
async def approve_answer(request: Request) -> Response:
    store, form, current, _, back = await _answer_request(request)
    updated = store.mark_reviewed(current.id, expected_version=_version(form))
    return done(request, back, f"Approved Q{updated.number}.", {"answer": answer_json(updated)})


@refuse_stale
async def revert_answer(request: Request) -> Response:
    """Drop the teacher's score, verdict and feedback: back to the automatic result."""
    store, form, current, run_id, back = await _answer_request(request)
    updated = store.edit_answer(
        current.id, score=None, verdict=None, feedback=None, expected_version=_version(form)
    )
    learned = learn_after_edit(store, run_id, updated.question_id)
    return done(
        request, back, f"Q{updated.number} is back to the automatic result.{learned}",
        {"answer": answer_json(updated)}
    )


@refuse_stale
async def edit_submission(request: Request) -> Response:
    """The overall assessment and the total score (blank total = the average of the answers)."""
    store, form, current, back = await _submission_request(request, "#overall")
    submission_id = current.id
    overall: Any = UNSET
    text = _text(form, "overall")
    if text is not None and not _same_text(text, current.overall):
        overall = text.replace("\r\n", "\n").strip()
    score: Any = UNSET
    raw = _text(form, "score")
    if raw is not None:
        if not raw.strip():
            score = None if current.manual_score is not None else UNSET
        elif raw.strip() != pct(current.score):
            score = _score(raw)
    if overall is UNSET and score is UNSET:
        return done(request, back, "Nothing changed.", {"version": current.version})
    updated = store.edit_submission(
        submission_id, score=score, overall=overall, expected_version=_version(form)
    )
    what = " and ".join(
        w for w, v in (("overall assessment", overall), ("total score", score)) if v is not UNSET
    )
    return done(
        request,
        back,
        f"Saved the {what}.",
        {"version": updated.version, "score": pct(updated.score), "overall": updated.overall},
    )


@refuse_stale
async def release_submission(request: Request) -> Response:
    store, form, current, back = await _submission_request(request)
    submission_id = current.id
    if current.status != "graded":
        raise BadInput(f"{current.source} was not graded ({current.error}) — fix it and grade the run again.")
    released = _text(form, "released") != "0"
    updated = store.release(submission_id, released, expected_version=_version(form))
    message = (
        f"Released {updated.name}'s feedback: it is final and counts in released-only exports."
        if released
        else f"{updated.name}'s feedback is no longer released."
    )
    return done(request, back, message, {"version": updated.version, "released": updated.released})


def _relearn(store: Store, undone: Edit | None) -> str:
    """An undone verdict or score no longer teaches anything: learn that question again."""
    if undone is None or undone.answer_id is None or undone.field not in ("manual_verdict", "manual_score"):
        return ""
    place = answer_place(store, undone.answer_id)
    if place is None:
        return ""
    question = store.db.table("answers").get(undone.answer_id)["question_id"]
    return learn_after_edit(store, place.run_id, question)


def _undid(edit: LastEdit | None) -> str:
    if edit is None:
        return "There is no edit to undo."
    return f"Undid the {edit.label}" + ("" if edit.label.endswith(".") else ".")


async def undo_submission(request: Request) -> Response:
    store, form, current, back = await _submission_request(request)
    submission_id = current.id
    edit = last_edit(store, submission_id=submission_id)
    undone = store.undo_last_edit(submission_id=submission_id)
    message = _undid(edit) + _relearn(store, undone)
    return done(request, back, message, {"undone": edit.id if edit else None})


async def undo_run(request: Request) -> Response:
    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    form = await request.form()
    back = safe_back(request, form.get("back"), f"/runs/{info.id}")
    edit = last_edit(store, run_id=info.id)
    undone = store.undo_last_edit(run_id=info.id)
    message = _undid(edit) + _relearn(store, undone)
    return done(request, back, message, {"undone": edit.id if edit else None})


@refuse_stale
async def group_action(request: Request) -> Response:
    """Approve, or set the feedback (and optionally verdict and score) of, a group of answers at once.

    The form lists the group's answers as `answer` fields with a `v<id>` version each; when any
    of them changed since the page was drawn, nothing is saved (one transaction).
    """
    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    question_id = request.path_params["question"]
    form = await request.form()
    back = safe_back(request, form.get("back"), f"/runs/{info.id}/questions/{question_id}")
    ids = [int_id(v, "answer") for v in form.getlist("answer") if isinstance(v, str)]
    if not ids:
        raise BadInput("No answer was selected — tick the answers of the group and try again.")
    action = _text(form, "action") or "approve"
    if action not in ("approve", "apply"):
        raise BadInput(f'Unknown group action "{action}" — use the buttons on the question page.')
    answers = [_answer(store, i) for i in ids]
    if any(run_id != info.id or a.question_id != question_id for a, _, run_id in answers):
        raise BadInput("Some of these answers are not answers to this question — reload the page.")
    with store.db.atomic():
        for a, _, _ in answers:
            version = _version(form, f"v{a.id}")
            if action == "approve":
                store.mark_reviewed(a.id, expected_version=version)
                continue
            changes = answer_changes(a, form)
            if changes:
                store.edit_answer(a.id, expected_version=version, **changes)
            else:
                store.mark_reviewed(a.id, expected_version=version)
    n = len(answers)
    verb = "Approved" if action == "approve" else "Saved the feedback of"
    learned = ""
    if action == "apply" and (_text(form, "verdict") or (_text(form, "score") or "").strip()):
        learned = learn_after_edit(store, info.id, question_id)
    return done(request, back, f"{verb} {n} answer{'s' * (n != 1)} to Q{answers[0][0].number}.{learned}")


routes = [
    Route("/answers/{answer}", edit_answer, methods=["POST"], name="edit_answer"),
    Route("/answers/{answer}/approve", approve_answer, methods=["POST"], name="approve_answer"),
    Route("/answers/{answer}/revert", revert_answer, methods=["POST"], name="revert_answer"),
    Route("/submissions/{submission}", edit_submission, methods=["POST"], name="edit_submission"),
    Route("/submissions/{submission}/release", release_submission, methods=["POST"], name="release"),
    Route("/submissions/{submission}/undo", undo_submission, methods=["POST"], name="undo_submission"),
    Route("/runs/{run}/undo", undo_run, methods=["POST"], name="undo_run"),
    Route("/runs/{run}/questions/{question}/group", group_action, methods=["POST"], name="group"),
]
