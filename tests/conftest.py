"""Shared fixtures: paths to the course samples and a temporary user folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
DATASETS = SHARED / "datasets"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside the repository")
    return SAMPLES


@pytest.fixture(autouse=True)
def _user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENPEN_HOME", str(tmp_path / "greenpen-home"))
