"""Speed and memory (`greenpen bench speed`).

    examples/ submissions ─► repeated to N ─► pipeline.grade_file per file, timed
    plus: a fresh process timed from start to its first report (cold start)

Per-submission times are measured with the models already loaded (one warm-up file first).
Repeating the same few files would let the embedder's text cache answer every repeat, so by
default every embedder cache is emptied before each submission: the figures are then an
upper bound (a real class shares the rubric's embeddings; a student's text is always new).
`fresh=False` keeps the caches: the lower bound.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError

SUBMISSION_SUFFIXES = (".md", ".txt", ".ipynb", ".docx", ".pdf", ".csv")

GradeFile = Callable[[Path], Sequence[Any]]


def example_files(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUBMISSION_SUFFIXES
                   and not p.name.startswith("."))
    if not files:
        raise InputError(f"{folder}: no example submissions — give a folder of submission files with --examples")
    return files


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def cold_start(file: Path, *, python: str = sys.executable) -> dict[str, float]:
    """Seconds from a fresh process's start to its first report (imports and model loading included)."""
    code = (
        "import time, sys\nt0 = time.perf_counter()\n"
        "from greenpen.pipeline import grade_file\n"
        f"reports = grade_file({str(file)!r})\n"
        "print(time.perf_counter() - t0, len(reports))\n"
    )
    start = time.perf_counter()
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise InputError(f"cold-start run failed on {file.name}: {out.stderr.strip().splitlines()[-1:]} — "
                         "run `greenpen grade` on it to see why")
    inside = float(out.stdout.split()[-2])
    return {"process_seconds": round(wall, 3), "import_and_grade_seconds": round(inside, 3)}


def clear_embedder_caches() -> None:
    """Forget every embedded text (the models stay loaded)."""
    from ..grading import embed

    keep = _rubric_texts()
    for embedder in embed.loaded_embedders():
        embedder.clear_cache(keep)


def _rubric_texts() -> frozenset[str]:
    """Texts of the shipped packs (questions, references, key points): a real run encodes them
    once per process, so clearing them would measure model start-up, not grading."""
    from ..packs import all_packs

    texts: set[str] = set()
    for pack in all_packs():
        for q in pack.questions:
            texts.update((q.text, *q.aliases, q.reference))
            for kp in q.key_points:
                texts.update((kp.text, *kp.examples))
    return frozenset(texts)


def _grade_file_default(run_code: bool = True) -> GradeFile:
    try:
        from ..pipeline import Options, grade_file
    except ImportError as exc:
        raise InputError(f"the grading pipeline is not available ({exc}) — `greenpen bench speed` needs "
                         "greenpen.pipeline.grade_file") from None

    def grade(path: Path) -> Sequence[Any]:
        return grade_file(path, Options(run_code=run_code))

    return grade


def run_speed(
    examples: Path, sizes: Sequence[int] = (10, 100, 1000), *, grade_file: GradeFile | None = None,
    with_cold_start: bool = True, progress: Callable[[int], None] | None = None, fresh: bool = True,
    run_code: bool = True, compare: int = 0, grade_file_without_code: GradeFile | None = None,
) -> dict[str, Any]:
    """Grade the example files repeated to each size; time per submission, throughput, memory.

    With `run_code` and `compare` > 0, also grade `compare` submissions with and without
    running the students' code, alternately (so a busy machine slows both alike): the cost
    of the code checks per submission, as ``code_vs_text``.
    """
    files = example_files(examples)
    graded = grade_file or _grade_file_default(run_code)

    def grade(path: Path) -> Sequence[Any]:
        if fresh:
            clear_embedder_caches()
        return graded(path)

    result: dict[str, Any] = {"examples": [f.name for f in files], "fresh_caches": fresh, "run_code": run_code}
    if with_cold_start:
        result["cold_start"] = cold_start(files[0])
    t0 = time.perf_counter()
    grade(files[0])  # loads the models
    result["warm_up_seconds"] = round(time.perf_counter() - t0, 3)
    runs = []
    for n in sizes:
        times: list[float] = []
        reports = 0
        start = time.perf_counter()
        for i in range(n):
            t = time.perf_counter()
            reports += len(grade(files[i % len(files)]))
            times.append(time.perf_counter() - t)
            if progress:
                progress(1)
        total = time.perf_counter() - start
        arr = np.asarray(times)
        runs.append({
            "submissions": n,
            "reports": reports,
            "seconds": round(total, 3),
            "median_seconds": round(float(np.median(arr)), 4),
            "p95_seconds": round(float(np.percentile(arr, 95)), 4),
            "per_second": round(n / total, 2) if total else 0.0,
            "peak_rss_mb": peak_rss_mb(),
        })
    result["runs"] = runs
    if len(runs) >= 2 and runs[0]["median_seconds"]:
        result["growth"] = {"median_ratio_last_vs_first": round(runs[-1]["median_seconds"] /
                                                               runs[0]["median_seconds"], 3)}
    per_file: dict[str, float] = {}
    for f in files:
        t = time.perf_counter()
        grade(f)
        per_file[f.name] = round(time.perf_counter() - t, 4)
    result["per_file_seconds"] = per_file
    if run_code and compare > 0:
        text_only = grade_file_without_code or _grade_file_default(False)
        result["code_vs_text"] = _code_vs_text(files, compare, grade, text_only, fresh, progress)
    if run_code and runs:
        last = runs[-1]
        result["class_with_code"] = {"submissions": last["submissions"],
                                     "seconds": round(result["warm_up_seconds"] + last["seconds"], 2),
                                     "includes": "model load and sandbox start (warm-up) + grading"}
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def _code_vs_text(files: Sequence[Path], n: int, with_code: GradeFile, text_only: GradeFile, fresh: bool,
                  progress: Callable[[int], None] | None) -> dict[str, Any]:
    """Time per submission with the code checks and without, measured alternately."""
    text_only(files[0])  # its own warm-up (nothing to load: the models are shared)
    times: dict[str, list[float]] = {"with": [], "without": []}
    for i in range(n):
        path = files[i % len(files)]
        for name, grade in (("with", with_code), ("without", text_only)):
            if fresh and name == "without":
                clear_embedder_caches()
            t = time.perf_counter()
            grade(path)
            times[name].append(time.perf_counter() - t)
        if progress:
            progress(1)
    with_arr, without_arr = np.asarray(times["with"]), np.asarray(times["without"])
    mean_with, mean_without = float(with_arr.mean()), float(without_arr.mean())
    return {
        "submissions": n,
        "with_code_mean_seconds": round(mean_with, 4),
        "without_code_mean_seconds": round(mean_without, 4),
        "with_code_median_seconds": round(float(np.median(with_arr)), 4),
        "without_code_median_seconds": round(float(np.median(without_arr)), 4),
        "ratio": round(mean_with / mean_without, 2) if mean_without else 0.0,
    }
