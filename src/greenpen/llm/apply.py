"""`apply_llm`: the optional model's second opinion and wording, applied to a finished Report.

    report = build_report(alignment, judgements, options)
    report = apply_llm(report, alignment, settings, uses=("judge", "wording"))

With no model configured the report comes back unchanged and nothing is sent. When the
model fails mid-way the grader's results stand and a note says so. The report's notes
always say which model was used, for what, and on which questions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from ..domain import Alignment, Judgement, QuestionReport, Report, total_score
from .backend import Estimate, LLMClient, LLMError
from .settings import LLMSettings

USES = ("judge", "wording")


def parse_uses(text: str) -> tuple[str, ...]:
    """"judge,wording" → ("judge", "wording"); raises ValueError naming an unknown use."""
    uses = tuple(u.strip() for u in text.split(",") if u.strip())
    unknown = [u for u in uses if u not in USES]
    if unknown:
        raise ValueError(f"unknown language-model use {', '.join(unknown)} — use one of: {', '.join(USES)}")
    return uses


def _judgement(qr: QuestionReport) -> Judgement:
    return Judgement(qr.id, qr.score, qr.verdict, qr.confidence, qr.findings)


def estimate_llm(report: Report, alignment: Alignment, client: LLMClient,
                 uses: Iterable[str] = USES) -> Estimate:
    """What `apply_llm` would send for this report (judge checks + one rewrite per feedback)."""
    from . import judge, wording

    pack = alignment.pack
    requests = []
    if "judge" in uses:
        items = [judge.JudgeItem(pack.question(qr.id), qr.answer, _judgement(qr)) for qr in report.questions]
        requests += [r for _, _, r in judge.plan(client, items, client.settings.judge_threshold)]
    if "wording" in uses:
        requests += [wording.request_for(client, qr.feedback, ()) for qr in report.questions if qr.feedback]
    return client.estimate(requests)


def apply_llm(report: Report, alignment: Alignment, settings: LLMSettings, *, uses: Iterable[str] = USES,
              client: LLMClient | None = None, language: str = "en",
              on_estimate: Callable[[Estimate], None] | None = None) -> Report:
    """The report with the model's second opinion (`judge`) and smoother feedback (`wording`)."""
    uses = tuple(uses)
    if not uses or (client is None and not settings.configured):
        return report
    own = client is None
    client = client or LLMClient(settings)
    notes: list[str] = []
    try:
        if on_estimate is not None:
            on_estimate(estimate_llm(report, alignment, client, uses))
        if "judge" in uses:
            report, note = _judge(report, alignment, client, language)
            notes.append(note)
        if "wording" in uses:
            report, note = _wording(report, alignment, client)
            notes.append(note)
    except LLMError as exc:
        notes.append(f"The language model ({client.settings.describe()}) could not be used, so the grader's "
                     f"results stand unchanged: {exc}")
    finally:
        if own:
            client.close()
    return replace(report, notes=(*report.notes, *notes))


def _judge(report: Report, alignment: Alignment, client: LLMClient, language: str) -> tuple[Report, str]:
    from ..feedback import write_overall, write_question_feedback
    from .judge import JudgeItem, second_opinions

    pack = alignment.pack
    items = [JudgeItem(pack.question(qr.id), qr.answer, _judgement(qr)) for qr in report.questions]
    opinions = second_opinions(client, items)
    questions = []
    for qr, item, op in zip(report.questions, items, opinions, strict=True):
        if not op.probabilities or op.after == op.before:
            questions.append(qr)
            continue
        a = op.after
        questions.append(replace(qr, verdict=a.verdict, score=a.score, confidence=a.confidence,
                                 findings=a.findings,
                                 feedback=write_question_feedback(item.question, a, qr.answer, pack=pack,
                                                                  language=language)))
    asked = [qr.number for qr, op in zip(report.questions, opinions, strict=True) if op.asked]
    changed = [f"{qr.number} ({op.before.verdict} {op.before.score:.2f} → "
               f"{op.after.verdict} {op.after.score:.2f})"
               for qr, op in zip(report.questions, opinions, strict=True) if op.changed]
    out = replace(report, questions=tuple(questions), score=total_score(questions))
    if changed:
        out = replace(out, overall=write_overall(out, pack, language=language))
    note = (f"Language model judge ({client.settings.describe()}): a second opinion on {len(asked)} unsure "
            f"answer{'s' * (len(asked) != 1)}"
            + (f" (questions {', '.join(map(str, asked))})" if asked else "")
            + (f"; changed {', '.join(changed)}" if changed else "; no result changed") + ".")
    return out, note


def _wording(report: Report, alignment: Alignment, client: LLMClient) -> tuple[Report, str]:
    from .wording import rephrase_many

    pack = alignment.pack
    items = [(qr.feedback, _judgement(qr), pack.question(qr.id)) for qr in report.questions]
    rewrites = rephrase_many(client, items)
    questions = tuple(replace(qr, feedback=rw.text) if rw.accepted else qr
                      for qr, rw in zip(report.questions, rewrites, strict=True))
    kept = [qr.number for qr, rw in zip(report.questions, rewrites, strict=True)
            if qr.feedback and not rw.accepted]
    done = sum(rw.accepted for rw in rewrites)
    note = (f"Language model wording ({client.settings.describe()}): {done} feedback text"
            f"{'s' * (done != 1)} rephrased" + (f"; questions {', '.join(map(str, kept))} kept as written "
                                                 "(the rewrite failed the guard)" if kept else "") + ".")
    return replace(report, questions=questions), note
