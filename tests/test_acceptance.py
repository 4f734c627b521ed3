"""Held to an independent teacher's verdicts: agreement ≥ 90 %, no correct answer marked incorrect."""

from __future__ import annotations

import pytest

from .acceptance_harness import compare_all

pytestmark = [pytest.mark.models, pytest.mark.slow]


@pytest.fixture(scope="module")
def comparisons():  # type: ignore[no-untyped-def]
    return compare_all()


def test_verdict_agreement_at_least_90_percent(comparisons) -> None:  # type: ignore[no-untyped-def]
    agree = sum(c.expected == c.got for c in comparisons)
    rate = agree / len(comparisons)
    misses = "\n".join(f"{c.file} {c.student} q{c.number}: expected {c.expected}, got {c.got} ({c.why})"
                       for c in comparisons if c.expected != c.got)
    assert rate >= 0.90, f"agreement {rate:.1%} ({agree}/{len(comparisons)})\n{misses}"


def test_no_correct_answer_marked_incorrect(comparisons) -> None:  # type: ignore[no-untyped-def]
    bad = [c for c in comparisons if c.expected == "correct" and c.got == "incorrect"]
    assert not bad, "\n".join(f"{c.file} {c.student} q{c.number}" for c in bad)
