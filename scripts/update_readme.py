"""Regenerate the generated parts of README.md from the code (like cog).

    python scripts/update_readme.py          # rewrite README.md
    python scripts/update_readme.py --check  # exit 1 if README.md is out of date

Sections between `<!-- name -->` and `<!-- /name -->` markers are replaced:
`commands` (every command's --help) and `grading-rules` (the scoring module's rules).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def command_paths() -> list[list[str]]:
    from greenpen.cli import cli

    paths: list[list[str]] = []

    def walk(group: click.Group, prefix: list[str]) -> None:
        for name in sorted(group.commands):
            cmd = group.commands[name]
            paths.append([*prefix, name])
            if isinstance(cmd, click.Group):
                walk(cmd, [*prefix, name])

    walk(cli, [])
    return paths


def commands_section() -> str:
    from greenpen.cli import cli

    out = []
    for path in command_paths():
        result = CliRunner().invoke(cli, [*path, "--help"], prog_name="greenpen", terminal_width=100)
        out += [f"### `greenpen {' '.join(path)}`", "", "```", result.output.rstrip(), "```", ""]
    return "\n".join(out).rstrip()


def grading_section() -> str:
    from greenpen.grading import scoring

    doc = (scoring.__doc__ or "").strip().splitlines()
    return "\n".join(doc[1:]).strip()


def render(text: str) -> str:
    for name, body in (("commands", commands_section()), ("grading-rules", grading_section())):
        pattern = re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->", re.DOTALL)
        block = f"<!-- {name} -->\n{body}\n<!-- /{name} -->"
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- {name} --> … <!-- /{name} --> markers")
        text = pattern.sub(lambda _m, b=block: b, text)
    return text


def main() -> None:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md is out of date: run `python scripts/update_readme.py`")
            raise SystemExit(1)
        return
    README.write_text(fresh, encoding="utf-8")


if __name__ == "__main__":
    main()
