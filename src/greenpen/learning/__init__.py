"""Learning from the teacher: their verdicts on a few answers regrade the rest of the class,
and the key points and misconceptions they add become changes to the run's pack."""

from .propagate import Answer, Learned, Move, Thresholds, learn

__all__ = ["Answer", "Learned", "Move", "Thresholds", "learn"]
