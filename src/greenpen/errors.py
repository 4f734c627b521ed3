"""The one exception hierarchy of greenpen.

Every message a user can see says what went wrong *and what to do next*.

    GreenpenError
    ├── InputError              a submission file cannot be read
    │   ├── UnsupportedFormat   no reader accepts the file
    │   ├── EmptySubmission     the file holds no text
    │   ├── TooLarge            the file is over a per-file limit (size, pages, time…)
    │   └── MissingDependency   an optional extra is not installed
    ├── PackError               a course pack is missing or invalid
    ├── AlignmentError          answers cannot be lined up with any pack
    ├── GradingError            grading failed for one submission
    │   └── SandboxError        student code could not be run at all
    ├── ModelError              a model could not be loaded
    └── StoreError              the SQLite store cannot be used
"""

from __future__ import annotations


class GreenpenError(Exception):
    """Base class: catch this to handle every greenpen failure."""

    exit_code = 2


class InputError(GreenpenError):
    """A submission file cannot be read."""


class UnsupportedFormat(InputError):
    """No reader accepts the file."""


class EmptySubmission(InputError):
    """The file holds no answer text."""


class TooLarge(InputError):
    """The file is over one of greenpen's per-file limits (see `readers/limits.py`)."""


class MissingDependency(InputError):
    """An optional dependency is not installed."""

    def __init__(self, what: str, extra: str) -> None:
        super().__init__(
            f"{what} needs an optional dependency that is not installed: "
            f"run `pip install 'greenpen[{extra}]'` and try again"
        )
        self.extra = extra


class PackError(GreenpenError):
    """A course pack is missing or invalid."""


class AlignmentError(GreenpenError):
    """Answers cannot be lined up with a pack."""


class GradingError(GreenpenError):
    """Grading failed for one submission."""


class SandboxError(GradingError):
    """Student code could not be run at all (not: the code failed)."""


class ModelError(GreenpenError):
    """A model could not be loaded."""


class StoreError(GreenpenError):
    """The SQLite store cannot be used."""


__all__ = [
    "AlignmentError",
    "EmptySubmission",
    "GradingError",
    "GreenpenError",
    "InputError",
    "MissingDependency",
    "ModelError",
    "PackError",
    "SandboxError",
    "StoreError",
    "TooLarge",
    "UnsupportedFormat",
]
