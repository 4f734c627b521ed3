"""`greenpen bench accuracy FILE…` and `greenpen bench speed`: greenpen measured, not assumed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import cli

GRADER_CHOICES = ("greenpen", "correctness", "cosine")


def _progressbar(length: int, label: str) -> Any:
    """A progress bar on stderr (stdout stays clean for --json)."""
    return click.progressbar(length=length, label=label, file=sys.stderr)


@cli.group("bench")
def bench() -> None:
    """Measure grading accuracy against human graders, and speed and memory."""


def _fmt_metrics(m: dict[str, Any], indent: str = "  ") -> list[str]:
    lines = [f"{indent}Pearson r {m['pearson']:.3f}   Spearman r {m['spearman']:.3f}   RMSE {m['rmse']:.3f}"]
    if "macro_f1" in m:
        lines.append(f"{indent}accuracy {m['accuracy']:.3f}   macro-F1 {m['macro_f1']:.3f}   "
                     f"(majority class macro-F1 {m['majority_macro_f1']:.3f})")
        labels = m["labels"]
        width = max(len(label) for label in labels) + 2
        lines.append(f"{indent}confusion (rows: human, columns: greenpen)")
        lines.append(indent + " " * width + "".join(f"{label[:12]:>14s}" for label in labels))
        for label, row in zip(labels, m["confusion"], strict=True):
            lines.append(indent + f"{label:<{width}s}" + "".join(f"{v:>14d}" for v in row))
    return lines


def _print_accuracy(result: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    click.echo(f"{result['file']}  ({result['n']} answers, grader {result['grader']}, "
               f"embedder {result['embedder']})")
    for line in _fmt_metrics(result):
        click.echo(line)
    click.echo(f"  {result['answers_per_second']:.1f} answers/s ({result['seconds']:.1f} s); verdicts "
               + ", ".join(f"{k} {v}" for k, v in result["verdicts"].items() if v))
    click.echo("  slowest: " + "; ".join(f"{s['question_id']} {s['seconds'] * 1000:.0f} ms"
                                         for s in result["slowest"]))
    if "calibrated" in result:
        cal = result["calibrated"]
        click.echo(f"  calibrated on {cal['on']} ({cal['shared_questions']} questions shared with this file"
                   f"{'' if cal['labels_calibrated'] else '; labels not calibrated: other label set'}):")
        for line in _fmt_metrics(cal, "    "):
            click.echo(line)
    if "without_judge" in result:
        read = result["judge"]
        click.echo(f"  the judge read {read['answers_read']} answers in {read['seconds']:.0f} s "
                   "(answers in its cache are not counted)")
        click.echo(f"  without the judge ({result['without_judge']['grader']}):")
        for line in _fmt_metrics(result["without_judge"], "    "):
            click.echo(line)
    if baseline is not None:
        click.echo(f"  baseline {baseline['grader']}:")
        for line in _fmt_metrics(baseline, "    "):
            click.echo(line)
        if "calibrated" in baseline:
            click.echo("    calibrated:")
            for line in _fmt_metrics(baseline["calibrated"], "      "):
                click.echo(line)
    click.echo("")


@bench.command("accuracy")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--limit", type=click.IntRange(min=1), help="Grade only the first N rows of each file.")
@click.option("--sample", type=click.IntRange(min=1), help="Grade a fixed random sample of N rows of each file.")
@click.option("--calibrate-on", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Fit a small model from greenpen's judgements to the human scores of this file "
                   "(other questions), then grade FILE with it too.")
@click.option("--embedder", default="use", show_default=True, help="Sentence embedder (use, e5, or a model).")
@click.option("--grader", type=click.Choice(GRADER_CHOICES), default="greenpen", show_default=True,
              help="greenpen (the real grader), correctness (the learned model alone), cosine (baseline).")
@click.option("--baseline", type=click.Choice(["cosine", "none"]), default="cosine", show_default=True,
              help="Also report a baseline grader on the same rows.")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Answers per grading call (1 times every answer on its own).")
@click.option("--cv", "folds", type=click.IntRange(min=2), default=None,
              help="Question-disjoint cross-validation with K folds, for a file the shipped model was "
                   "trained on: each fold is graded by a correctness model refitted without its "
                   "questions, and calibrated on the other folds' grades (needs scikit-learn).")
@click.option("--judge", "judge_spec", metavar="local|URL|NAME",
              help="Grade a second time with this second reader on the answers the grader is unsure of, "
                   "and report both. Here the reader decides (`greenpen grade` lets the bundled model only "
                   "advise), so the figures show what its verdicts would change.")
def accuracy_command(files: tuple[Path, ...], as_json: bool, limit: int | None, sample: int | None,
                     calibrate_on: Path | None, embedder: str, grader: str, baseline: str,
                     batch_size: int, folds: int | None, judge_spec: str | None) -> None:
    """Grade graded-answer CSVs in reference-only mode and compare with the human grades.

    FILE is a CSV in the layout of datasets/README.md. Prints Pearson/Spearman r and RMSE of
    the score against the human score/max, accuracy, macro-F1 and the confusion matrix over
    the corpus's labels, answers per second and the slowest answers. With --cv K, prints
    greenpen and the cosine baseline, raw and calibrated, each question graded by a model
    that never saw it. With --judge, prints the grader with the second reader, then the grader
    alone, and how many answers the reader read in how long.
    """
    from ..bench.accuracy import run_accuracy

    if folds is not None and judge_spec:
        raise click.UsageError("--judge and --cv do not go together: measure the judge on a held-out file "
                               "(such as SciEntsBank's unseen answers) without --cv")
    if folds is not None:
        _cross_validate(files, folds, as_json=as_json, limit=limit, sample=sample, embedder=embedder,
                        batch_size=batch_size)
        return

    results = []
    for path in files:
        bar_state: dict[str, Any] = {}

        def on_start(name: str, n: int, state: dict[str, Any] = bar_state) -> None:
            if "bar" in state:
                state["bar"].render_finish()
            state["bar"] = _progressbar(n, f"grading {name}")

        def progress(n: int, state: dict[str, Any] = bar_state) -> None:
            state["bar"].update(n)

        common: dict[str, Any] = {"embedder": embedder, "limit": limit, "sample": sample,
                                  "calibrate_on": calibrate_on, "batch_size": batch_size,
                                  "progress": progress, "on_start": on_start}
        result = run_accuracy(path, grader=grader, **common)
        if judge_spec:
            result = _with_judge(path, result, judge_spec, grader, common)
        base = run_accuracy(path, grader=baseline, **common) if baseline != "none" and baseline != grader else None
        if "bar" in bar_state:
            bar_state["bar"].render_finish()
        if base is not None:
            result["baseline"] = {k: v for k, v in base.items() if k not in ("slowest", "file")}
        results.append(result)
        if not as_json:
            _print_accuracy(result, result.get("baseline"))
    if as_json:
        click.echo(json.dumps(results, indent=1))


def _with_judge(path: Path, alone: dict[str, Any], spec: str, grader: str, common: dict[str, Any]) -> dict[str, Any]:
    """`path` graded again with the second reader `spec` deciding on the unsure answers; the
    grader's own figures kept under "without_judge"."""
    import os

    from ..bench.accuracy import make_grader, run_accuracy
    from ..judges import judge_for
    from ..llm.opinion import with_reader

    judge = judge_for(spec, {**os.environ, "GREENPEN_JUDGE_DECIDES": "1"})
    asked, seconds = getattr(judge, "asked", 0), getattr(judge, "seconds", 0.0)
    result = run_accuracy(path, grade=with_reader(make_grader(grader, common["embedder"]), judge), **common)
    result["grader"] = f"{grader} + judge {spec}"
    result["without_judge"] = {k: v for k, v in alone.items() if k not in ("slowest", "file")}
    result["judge"] = {"spec": spec, "answers_read": getattr(judge, "asked", 0) - asked,
                       "seconds": round(getattr(judge, "seconds", 0.0) - seconds, 1)}
    return result


def _cross_validate(files: tuple[Path, ...], folds: int, *, as_json: bool, **options: Any) -> None:
    from ..bench.crossval import run_cv

    results = []
    for path in files:
        with _progressbar(1, f"cross-validating {path.name}") as bar:
            result = run_cv(path, k=folds, **options)
            bar.update(1)
        results.append(result)
        if not as_json:
            click.echo(f"{result['file']}  ({result['n']} answers, {result['questions']} questions, "
                       f"{result['folds']} question-disjoint folds, embedder {result['embedder']})")
            for key in ("greenpen", "greenpen_calibrated", "cosine", "cosine_calibrated"):
                click.echo(f"  {key.replace('_', ' ')}:")
                for line in _fmt_metrics(result[key], "    "):
                    click.echo(line)
            click.echo("")
    if as_json:
        click.echo(json.dumps(results, indent=1))


@bench.command("speed")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--sizes", default="10,100,1000", show_default=True,
              help="Comma-separated numbers of submissions to grade.")
@click.option("--examples", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("examples"), show_default=True, help="Folder of example submissions.")
@click.option("--no-cold-start", is_flag=True, help="Skip the fresh-process cold-start measurement.")
@click.option("--keep-cache", is_flag=True,
              help="Keep the students' embedded texts between submissions too (the repeated files then "
                   "cost almost nothing: a lower bound).")
@click.option("--no-code", is_flag=True, help="Do not run the students' code (measures the text grading alone).")
@click.option("--compare", default=30, show_default=True, type=click.IntRange(min=0),
              help="Also grade this many submissions with and without running the code, alternately, "
                   "and report the cost of the code checks (0: skip).")
def speed_command(as_json: bool, sizes: str, examples: Path, no_cold_start: bool, keep_cache: bool,
                  no_code: bool, compare: int) -> None:
    """Grade the example submissions repeated to each size; time, throughput and memory.

    Prints cold start (a fresh process to its first report), the time per submission
    (median, 95th percentile) with models loaded, throughput, peak resident memory, how
    the time per submission grows with the number of submissions, and the time per
    submission with the students' code run and without, measured alternately.
    """
    from ..bench.speed import run_speed

    try:
        ns = [int(s) for s in sizes.split(",") if s.strip()]
    except ValueError:
        raise click.BadParameter(f"{sizes!r}: give numbers separated by commas, e.g. 10,100",
                                 param_hint="--sizes") from None
    with _progressbar(sum(ns) + (0 if no_code else compare), "grading") as bar:
        result = run_speed(examples, ns, with_cold_start=not no_cold_start, progress=bar.update,
                           fresh=not keep_cache, run_code=not no_code, compare=compare)
    if as_json:
        click.echo(json.dumps(result, indent=1))
        return
    if "cold_start" in result:
        c = result["cold_start"]
        click.echo(f"cold start: {c['process_seconds']:.2f} s from process start to the first report "
                   f"({c['import_and_grade_seconds']:.2f} s of imports, model loading and grading)")
    click.echo(f"warm-up (models loaded in this process): {result['warm_up_seconds']:.2f} s; embedder cache "
               + ("keeps the rubric, re-encodes each submission's text (as in a real run)" if result["fresh_caches"]
                  else "kept for repeated submissions too (lower bound)"))
    click.echo(f"{'submissions':>12s} {'total s':>9s} {'median s':>9s} {'p95 s':>8s} {'per s':>7s} {'peak MB':>8s}")
    for r in result["runs"]:
        click.echo(f"{r['submissions']:>12d} {r['seconds']:>9.2f} {r['median_seconds']:>9.3f} "
                   f"{r['p95_seconds']:>8.3f} {r['per_second']:>7.1f} {r['peak_rss_mb']:>8.0f}")
    if "growth" in result:
        ratio = result["growth"]["median_ratio_last_vs_first"]
        click.echo(f"median time per submission, largest vs smallest run: ×{ratio}")
    per_file = result["per_file_seconds"].items()
    click.echo("per file (models loaded): " + ", ".join(f"{k} {v:.2f} s" for k, v in per_file))
    if "code_vs_text" in result:
        c = result["code_vs_text"]
        click.echo(f"per submission, {c['submissions']} graded alternately: with the students' code "
                   f"{c['with_code_mean_seconds']:.3f} s (median {c['with_code_median_seconds']:.3f}), without "
                   f"{c['without_code_mean_seconds']:.3f} s (median {c['without_code_median_seconds']:.3f}): "
                   f"×{c['ratio']}")
    if "class_with_code" in result:
        c = result["class_with_code"]
        click.echo(f"a class of {c['submissions']} with code: {c['seconds']:.1f} s including model load")
    click.echo(f"peak resident memory: {result['peak_rss_mb']:.0f} MB")


@bench.command("teacher")
@click.argument("expected", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pack", "-p", required=True, help="Pack id or .yaml path the files answer.")
@click.option("--corrections", "-k", default="2", show_default=True, metavar="K[,K…]",
              help="Answers per question the simulated teacher corrects (several: 0,1,2,5).")
@click.option("--embedder", default="use", show_default=True, help="Sentence embedder (use, e5, or a model).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def teacher_command(expected: Path, files: tuple[Path, ...], pack: str, corrections: str, embedder: str,
                    as_json: bool) -> None:
    """Simulate a teacher who corrects the K answers per question greenpen is least sure of
    (with EXPECTED.json's verdicts), let greenpen learn from them, and report agreement and
    false alarms on the remaining answers before and after (in percent)."""
    from ..bench.teacher import run_teacher

    try:
        ks = [int(k) for k in corrections.split(",") if k.strip()]
    except ValueError:
        raise click.BadParameter(f"{corrections!r}: give whole numbers separated by commas, e.g. 0,1,2,5",
                                 param_hint="--corrections") from None
    if any(k < 0 for k in ks) or not ks:
        raise click.BadParameter("give numbers of corrections of 0 or more", param_hint="--corrections")
    with _progressbar(len(files), "grading") as bar:
        results = run_teacher(expected, list(files), pack, ks, embedder=embedder, progress=bar.update)
    if as_json:
        click.echo(json.dumps(results[0] if len(results) == 1 else results, indent=1))
        return
    click.echo(f"{expected}: {len(files)} files, pack {pack}")
    click.echo(f"{'K':>3s} {'remaining':>9s} {'agreement':>18s} {'false alarms':>18s} {'moved':>6s}")
    for r in results:
        click.echo(f"{r['corrections']:>3d} {r['remaining']:>9d} "
                   f"{r['agreement_before']:>7.1f}% → {r['agreement_after']:5.1f}% "
                   f"{r['false_alarms_before']:>7.1f}% → {r['false_alarms_after']:5.1f}% {r['moved']:>6d}")
