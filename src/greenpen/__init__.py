"""greenpen: teacher-quality feedback on machine-learning homework, offline."""

__version__ = "0.1.0"
