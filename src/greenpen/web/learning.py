"""The review app's learning actions: greenpen regrades a question from the teacher's verdicts,
shows why an answer moved, undoes a propagation in one click, and takes the key points and
misconceptions the teacher adds from a question page (exportable as an updated pack).
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import GreenpenError, StoreError
from ..learning import service
from ..store.db import Store
from ..store.records import RunInfo
from .common import BadInput, done, find_run, int_id, safe_back, store_of


def learn_after_edit(store: Store, run_id: int, question_id: str) -> str:
    """Regrade the question's other unedited answers from the teacher's verdicts; the flash text."""
    try:
        result = service.learn_run(store, run_id, questions={question_id}, wait_for_model=False)
    except GreenpenError as exc:  # learning must never lose the teacher's edit
        return f" (greenpen could not learn from it: {exc})"
    if not result.moved and not result.reverted:
        return ""
    return f" {service.summary(result).capitalize()}: see the question page."


async def _question_request(request: Request) -> tuple[Store, RunInfo, str, FormData, str]:
    """What a question's action works on: the store, the run and question the URL names, the form,
    and where to go back to (the question's page unless the form says)."""
    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    question_id = request.path_params["question"]
    form = await request.form()
    back = safe_back(request, form.get("back"), f"/runs/{info.id}/questions/{question_id}")
    return store, info, question_id, form, back


async def undo_propagation(request: Request) -> Response:
    store = store_of(request)
    pid = int_id(request.path_params["propagation"], "propagation")
    form = await request.form()
    try:
        p = service.undo_propagation(store, pid)
    except StoreError as exc:
        raise BadInput(str(exc)) from exc
    back = safe_back(request, form.get("back"), "/")
    return done(request, back, f"Put the answer back to {p.old_verdict}: greenpen will not propose "
                               f"{p.new_verdict} for it again.", {"undone": p.id})


async def unlearn_question(request: Request) -> Response:
    store, info, question_id, form, back = await _question_request(request)
    n = service.undo_question(store, info.id, question_id)
    return done(request, back, f"Undid what greenpen learned on this question ({n} answer{'s' * (n != 1)}).")


async def add_pack_change(request: Request) -> Response:
    store, info, question_id, form, back = await _question_request(request)
    kind = str(form.get("kind") or "key_point")
    raw_example = str(form.get("example") or "")
    example = int_id(raw_example, "answer") if raw_example else None
    try:
        change = service.add_pack_change(store, info.id, question_id, kind, str(form.get("text") or ""),
                                         correction=str(form.get("correction") or ""),
                                         example_answer_id=example)
    except GreenpenError as exc:
        raise BadInput(str(exc)) from exc
    what = "key point" if change.kind == "key_point" else "misconception"
    return done(request, back, f'Added the {what} "{change.text}" to this run\'s pack and graded the class '
                               "again with it.", {"change": change.id})


async def undo_pack_change(request: Request) -> Response:
    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    form = await request.form()
    cid = int_id(request.path_params["change"], "change")
    back = safe_back(request, form.get("back"), f"/runs/{info.id}")
    try:
        service.undo_pack_change(store, info.id, cid)
    except StoreError as exc:
        raise BadInput(str(exc)) from exc
    return done(request, back, "Removed the change from this run's pack and graded the question again.")


async def export_pack(request: Request) -> Response:
    store = store_of(request)
    info = find_run(store, request.path_params["run"])
    try:
        text = service.export_pack(store, info.id)
    except GreenpenError as exc:
        raise BadInput(f"This run's pack cannot be exported: {exc}") from exc
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in info.name) or "run"
    return Response(text, media_type="application/x-yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}-pack.yaml"'})


routes = [
    Route("/propagations/{propagation}/undo", undo_propagation, methods=["POST"], name="undo_propagation"),
    Route("/runs/{run}/questions/{question}/unlearn", unlearn_question, methods=["POST"], name="unlearn"),
    Route("/runs/{run}/questions/{question}/pack-changes", add_pack_change, methods=["POST"],
          name="add_pack_change"),
    Route("/runs/{run}/pack-changes/{change}/undo", undo_pack_change, methods=["POST"], name="undo_pack_change"),
    Route("/runs/{run}/pack.yaml", export_pack, name="export_pack"),
]
