"""Grading: from an aligned answer and its rubric to findings, score, verdict, confidence."""
