"""`greenpen learned RUN`: what greenpen learned from the teacher in a run, undo it, export the pack."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .cmd_grade import db_option, open_store


@cli.command("learned")
@click.argument("run")
@db_option
@click.option("--undo-question", "undo_questions", multiple=True, metavar="QUESTION",
              help="Put this question's learned answers back to greenpen's own results (repeatable).")
@click.option("--export-pack", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the run's pack, with the key points and misconceptions added in review, to this file.")
def learned_command(run: str, db_path: Path, undo_questions: tuple[str, ...], export_pack: Path | None) -> None:
    """List the answers greenpen regraded from the teacher's verdicts in RUN, and why; undo a
    question's; export the run's updated pack. (Learn with `greenpen regrade RUN --learn`.)"""
    from ..learning import service

    store = open_store(db_path, create=False)
    info = store.run(run)
    asked = {(a.question_id, a.number) for s in store.submissions(info.id, graded_only=True) for a in s.answers}
    for q in undo_questions:
        qid = question_id(q, asked)
        n = service.undo_question(store, info.id, qid)
        click.echo(f"Q{dict(asked)[qid]} ({qid}): {n} answer{'s' * (n != 1)} back to greenpen's own result.")
    moved = service.active_propagations(store, info.id)
    names = {a.id: (s.name, a.number) for s in store.submissions(info.id, graded_only=True) for a in s.answers}
    for p in sorted(moved.values(), key=lambda p: (names.get(p.answer_id, ("", 0))[1], p.answer_id)):
        who, number = names.get(p.answer_id, ("?", 0))
        click.echo(f"Q{number} {who}: {p.old_verdict} → {p.new_verdict} — {p.reason}")
    changes = service.pack_changes(store, info.id)
    for c in changes:
        click.echo(f"pack change on {c.question_id}: {c.kind.replace('_', ' ')} {c.item_id}: {c.text}")
    click.echo(f"{len(moved)} learned answer{'s' * (len(moved) != 1)}, {len(changes)} pack "
               f"change{'s' * (len(changes) != 1)} in run \"{info.name}\".")
    if export_pack is not None:
        export_pack.write_text(service.export_pack(store, info.id), encoding="utf-8")
        click.echo(f"Pack written to {export_pack}")


def question_id(given: str, asked: set[tuple[str, int]]) -> str:
    """The question `--undo-question` names: its id ("overfitting-def"), or its number as the listing shows it ("Q1",
    "1"); a name no question of the run has is an error that lists them (it undid nothing, and said so as if done)."""
    ids = {qid: number for qid, number in asked}
    if given in ids:
        return given
    number = given.strip().lstrip("Qq")
    found = [qid for qid, n in asked if number.isdigit() and n == int(number)]
    if len(found) == 1:
        return found[0]
    shown = ", ".join(f"Q{n} ({qid})" for qid, n in sorted(asked, key=lambda x: x[1]))
    raise click.UsageError(f'no question "{given}" in this run — give one of: {shown}')
