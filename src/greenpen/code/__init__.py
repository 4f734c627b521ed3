"""Run the code students write, safely, and judge what it produces.

    check_code(answer_text, question) ─► extract_code ─► sandbox (run_job) ─► findings

- `extract_code`: find the code in an answer (fenced, inline, pasted as prose, glued onto
  one line, indentation flattened) — `extract.py`, `statements.py`, `reindent.py`;
- `sandbox_mode`: ``"bubblewrap"`` or ``"rlimits"``, the strongest isolation available —
  `sandbox.py`: one sandboxed worker per process forks a child per answer (`runner_main.py`,
  run inside; `bwrap.py` builds its bubblewrap command line, `host_processes.py` watches the
  host's side); without bubblewrap, code runs only after `allow_unsafe` (``--unsafe-code``);
- `check_code`: the question's `CodeCheck`s as findings (`code_ok`, `code_wrong`,
  `code_error`, `code_unrunnable`, `no_code`) — `checks.py`, `compare.py`.
"""

from __future__ import annotations

from greenpen.code.checks import check_code
from greenpen.code.extract import CodeExtraction, extract_code
from greenpen.code.sandbox import Limits, allow_unsafe, close_workers, sandbox_mode

__all__ = ["CodeExtraction", "Limits", "allow_unsafe", "check_code", "close_workers", "extract_code", "sandbox_mode"]
