"""`greenpen bench`: metrics, the accuracy harness (with stand-in graders), calibration, speed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from greenpen.bench import accuracy as A
from greenpen.bench import metrics as M
from greenpen.bench.calibrate import fit_calibration
from greenpen.bench.speed import run_speed
from greenpen.domain import Finding, Judgement, Question

HEADER = "question_id,question,reference_answer,answer,score,max_score,label,feedback\n"
ROWS = [
    ("q1", "How did you separate the salt?", "The water evaporated.", "We let the water evaporate.", 1, "correct"),
    ("q1", "How did you separate the salt?", "The water evaporated.", "We used a magnet.", 0, "incorrect"),
    ("q1", "How did you separate the salt?", "The water evaporated.", "The salt evaporated.", 0, "contradictory"),
    ("q2", "Why does the bulb light?", "It is in a closed path.", "It is in a closed path.", 1, "correct"),
    ("q2", "Why does the bulb light?", "It is in a closed path.", "Because the bulb is open.", 0, "contradictory"),
    ("q2", "Why does the bulb light?", "It is in a closed path.", "no idea", 0, "incorrect"),
]


def write_csv(path: Path, rows: Sequence[tuple[str, str, str, str, float, str]] = ROWS) -> Path:
    lines = [HEADER] + [f'{q},"{qt}","{r}","{a}",{s},1,{lab},\n' for q, qt, r, a, s, lab in rows]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def oracle(pairs: Sequence[tuple[Question, str]]) -> list[Judgement]:
    """A stand-in grader that knows the answers of ROWS."""
    out = []
    for q, a in pairs:
        if a in ("We let the water evaporate.", "It is in a closed path."):
            out.append(Judgement(q.id, 1.0, "correct", 0.9))
        elif a in ("The salt evaporated.", "Because the bulb is open."):
            out.append(Judgement(q.id, 0.0, "incorrect", 0.9, (Finding(kind="misconception", id="m"),)))
        else:
            out.append(Judgement(q.id, 0.2, "partial", 0.5))
    return out


def timid(pairs: Sequence[tuple[Question, str]]) -> list[Judgement]:
    """Ranks like the oracle, but squeezes every score into [0.4, 0.6] and never says "correct"."""
    return [Judgement(j.question_id, 0.4 + 0.2 * j.score, "partial", 0.5, j.findings) for j in oracle(pairs)]


# ─── metrics ───────────────────────────────────────────────────────────────


def test_metrics_on_known_values() -> None:
    assert M.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert M.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert M.pearson([1, 1, 1], [1, 2, 3]) == 0.0
    assert M.rank([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]
    assert M.spearman([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(1.0)
    assert M.rmse([0, 1], [1, 1]) == pytest.approx(np.sqrt(0.5))
    assert M.roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert M.roc_auc([1, 1], [0.1, 0.2]) == 0.5
    gold, pred = ["a", "a", "b", "c"], ["a", "b", "b", "b"]
    assert M.accuracy(gold, pred) == 0.5
    # F1: a = 2/3, b = 2/4, c = 0
    assert M.macro_f1(gold, pred) == pytest.approx((2 / 3 + 0.5 + 0) / 3)
    assert M.confusion(gold, pred, ["a", "b", "c"]) == [[1, 1, 0], [0, 1, 0], [0, 1, 0]]


def test_metrics_agree_with_scipy_and_sklearn() -> None:
    stats = pytest.importorskip("scipy.stats")
    skm = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=50), rng.integers(0, 3, size=50).astype(float)
    assert M.spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic)
    assert M.roc_auc(y > 1, x) == pytest.approx(skm.roc_auc_score(y > 1, x))
    g, p = [str(v) for v in y], [str(v) for v in rng.integers(0, 3, size=50).astype(float)]
    assert M.macro_f1(g, p) == pytest.approx(skm.f1_score(g, p, average="macro"))


# ─── reading and label mapping ─────────────────────────────────────────────


def test_load_rows_reads_the_dataset_layout(tmp_path: Path) -> None:
    rows = A.load_rows(write_csv(tmp_path / "d.csv"))
    assert len(rows) == 6 and rows[0].score == 1.0 and rows[2].label == "contradictory"
    q = rows[0].as_question()
    assert (q.id, q.number, q.reference) == ("q1", 1, "The water evaporated.")
    assert A.label_set(rows) == A.SEMEVAL_LABELS
    assert len(A.load_rows(tmp_path / "d.csv", limit=2)) == 2
    sample = A.load_rows(tmp_path / "d.csv", sample=3)
    assert len(sample) == 3 and sample == A.load_rows(tmp_path / "d.csv", sample=3)


def test_load_rows_says_which_column_is_missing(tmp_path: Path) -> None:
    from greenpen.errors import InputError

    bad = tmp_path / "bad.csv"
    bad.write_text("question,answer\nq,a\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column question_id"):
        A.load_rows(bad)


def test_verdicts_map_to_corpus_labels() -> None:
    mis = (Finding(kind="misconception"),)
    assert A.verdict_label(Judgement("q", 1, "correct", 1), A.SEMEVAL_LABELS) == "correct"
    assert A.verdict_label(Judgement("q", 0, "incorrect", 1, mis), A.SEMEVAL_LABELS) == "contradictory"
    assert A.verdict_label(Judgement("q", 0, "incorrect", 1), A.SEMEVAL_LABELS) == "incorrect"
    assert A.verdict_label(Judgement("q", 0.5, "partial", 1), A.SEMEVAL_LABELS) == "incorrect"
    assert A.verdict_label(Judgement("q", 0, "missing", 1), A.SEMEVAL_LABELS) == "incorrect"
    assert A.verdict_label(Judgement("q", 0.5, "partial", 1), A.SAF_LABELS) == "Partially correct"
    assert A.verdict_label(Judgement("q", 0, "missing", 1), A.SAF_LABELS) == "Incorrect"


# ─── the harness ───────────────────────────────────────────────────────────


def test_run_accuracy_with_a_stand_in_grader(tmp_path: Path) -> None:
    seen: list[int] = []
    result = A.run_accuracy(write_csv(tmp_path / "d.csv"), grade=oracle, batch_size=2, progress=seen.append)
    assert sum(seen) == 6
    assert result["macro_f1"] == 1.0 and result["accuracy"] == 1.0
    assert result["pearson"] > 0.9
    assert result["confusion"] == [[2, 0, 0], [0, 2, 0], [0, 0, 2]]
    assert result["majority_macro_f1"] == pytest.approx(1 / 6, abs=1e-4)
    assert len(result["slowest"]) == 5 and result["answers_per_second"] > 0


def test_batches_keep_one_question_and_the_file_order(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def spy(pairs: Sequence[tuple[Question, str]]) -> list[Judgement]:
        calls.append([q.id for q, _ in pairs])
        return oracle(pairs)

    rows = A.load_rows(write_csv(tmp_path / "d.csv"))
    graded = A.grade_rows(rows, spy, batch_size=2)
    assert all(len(set(c)) == 1 for c in calls) and sum(map(len, calls)) == 6
    assert [j.question_id for j in graded.judgements] == [r.question_id for r in rows]


def test_calibration_learns_the_scale_and_the_labels(tmp_path: Path) -> None:
    train = write_csv(tmp_path / "train.csv")
    test = write_csv(tmp_path / "test.csv", ROWS[::-1])
    result = A.run_accuracy(test, grade=timid, calibrate_on=train)
    cal = result["calibrated"]
    assert result["macro_f1"] < 0.5  # "partial" everywhere maps to "incorrect"
    assert cal["labels_calibrated"] and cal["shared_questions"] == 2
    assert cal["rmse"] < result["rmse"]
    assert cal["macro_f1"] > result["macro_f1"]


def test_calibration_is_deterministic(tmp_path: Path) -> None:
    rows = A.load_rows(write_csv(tmp_path / "d.csv"))
    js = timid([(r.as_question(), r.answer) for r in rows])
    a, b = fit_calibration(rows, js), fit_calibration(rows, js)
    assert a.apply(js, A.SEMEVAL_LABELS) == b.apply(js, A.SEMEVAL_LABELS)


def test_cli_accuracy_prints_metrics_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from greenpen.cli import cli

    monkeypatch.setattr(A, "make_grader", lambda name, embedder="use": oracle if name == "greenpen" else timid)
    path = write_csv(tmp_path / "d.csv")
    result = CliRunner().invoke(cli, ["bench", "accuracy", str(path)])
    assert result.exit_code == 0, result.output
    out = CliRunner().invoke(cli, ["bench", "accuracy", str(path), "--json", "--baseline", "none"])
    data = json.loads(out.stdout)
    assert data[0]["macro_f1"] == 1.0 and "baseline" not in data[0]
    m = data[0]  # the printed figures are the computed ones, the oracle's and then the baseline's
    greenpen, baseline = result.output.split("  baseline cosine:\n")
    assert f"  Pearson r {m['pearson']:.3f}   Spearman r {m['spearman']:.3f}   RMSE {m['rmse']:.3f}\n" in greenpen
    assert "  accuracy 1.000   macro-F1 1.000   (majority class macro-F1 0.167)\n" in greenpen
    assert "    accuracy 0.333   macro-F1 0.167" in baseline  # the timid baseline calls everything incorrect


# ─── speed ─────────────────────────────────────────────────────────────────


def test_run_speed_with_a_stand_in_pipeline(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("y", encoding="utf-8")
    graded: list[str] = []

    def grade_file(path: Path) -> list[str]:
        graded.append(path.name)
        return [path.name]

    result = run_speed(tmp_path, (2, 4), grade_file=grade_file, with_cold_start=False)
    assert [r["submissions"] for r in result["runs"]] == [2, 4]
    assert result["runs"][1]["reports"] == 4
    assert result["peak_rss_mb"] > 0 and set(result["per_file_seconds"]) == {"a.md", "b.txt"}
    assert graded.count("a.md") == 1 + 1 + 2 + 1  # warm-up, sizes 2 and 4, per-file pass


@pytest.mark.models
def test_bench_accuracy_runs_on_a_real_sample() -> None:
    data = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "scientsbank-3way-unseen-answers.csv"
    if not data.is_file():
        pytest.skip("../shared/datasets is not beside the repository")
    result = A.run_accuracy(data, grader="correctness", sample=60)
    assert result["n"] == 60 and result["pearson"] > 0.2


def test_run_speed_compares_with_and_without_code(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    calls: list[str] = []

    def with_code(path: Path) -> list[str]:
        calls.append("with")
        return [path.name]

    def without_code(path: Path) -> list[str]:
        calls.append("without")
        return [path.name]

    result = run_speed(tmp_path, (3,), grade_file=with_code, grade_file_without_code=without_code,
                       with_cold_start=False, compare=4, fresh=False)
    c = result["code_vs_text"]
    assert c["submissions"] == 4 and c["ratio"] > 0
    assert calls[-8:] == ["with", "without"] * 4  # alternately: a busy machine slows both alike
    assert result["class_with_code"]["submissions"] == 3
    assert result["class_with_code"]["seconds"] >= result["runs"][0]["seconds"]
    no_code = run_speed(tmp_path, (2,), grade_file=without_code, with_cold_start=False, run_code=False, compare=4)
    assert "code_vs_text" not in no_code and "class_with_code" not in no_code


def test_calibration_features_carry_the_log_odds_of_the_learned_probabilities() -> None:
    from greenpen.bench.calibrate import FEATURE_NAMES, judgement_features

    with_p = judgement_features(Judgement("q", 0.5, "partial", 0.5,
                                          signals=(("p_correct", 0.9), ("p_contradiction", 0.5))))
    without = judgement_features(Judgement("q", 0.5, "partial", 0.5))
    assert len(with_p) == len(without) == len(FEATURE_NAMES)
    at = dict(zip(FEATURE_NAMES, with_p, strict=True))
    assert at["logit_p_correct"] == pytest.approx(np.log(9.0)) and at["logit_p_contradiction"] == 0.0
    assert dict(zip(FEATURE_NAMES, without, strict=True))["logit_p_correct"] == 0.0  # no learned model
