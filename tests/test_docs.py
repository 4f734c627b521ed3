"""The README documents every command with its real --help, and the grading rules as coded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_readme_is_up_to_date() -> None:
    result = subprocess.run([sys.executable, "scripts/update_readme.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_command_is_in_the_readme() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from update_readme import command_paths

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in command_paths():
        assert f"### `greenpen {' '.join(path)}`" in readme, f"greenpen {' '.join(path)} is not documented"


def test_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    assert quick.split() == ["make", "demo", "make", "test"]


def test_every_plugin_hook_is_documented() -> None:
    from greenpen.plugins import HOOKS, HookSpecs

    page = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert sorted(HOOKS) == sorted(n for n in vars(HookSpecs) if n.startswith("register_"))
    for hook in HOOKS:
        assert f"| `{hook}` | `register(" in page, f"{hook} is not in docs/plugins.md's table of hooks"


README_REPORT = "<summary>The whole report for this student (<code>demo-output/amara-okafor.md</code>)</summary>"


@pytest.mark.models
def test_the_report_the_readme_shows_is_what_greenpen_writes_today(tmp_path: Path) -> None:
    """The README calls its report "unedited": it must be the report `make demo` writes now, and its
    excerpt must be taken from it."""
    result = subprocess.run([sys.executable, "-m", "greenpen", "grade", "examples/amara-okafor-pytorch-l1.md",
                             "--out", str(tmp_path), "--format", "md", "--no-db"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "amara-okafor.md").read_text(encoding="utf-8").strip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split(README_REPORT, 1)[1].split("</details>", 1)[0].strip()
    assert shown == written, "update the README's report and excerpt from demo-output/amara-okafor.md"
    excerpt = readme.split("## What a report looks like", 1)[1].split("<details>", 1)[0]
    quoted = [line[2:] for line in excerpt.splitlines() if line.startswith("> ") and len(line) > 2]
    assert quoted and all(line in written for line in quoted)
