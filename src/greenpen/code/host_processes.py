"""The host's side of the code sandbox: this user's processes, and the scratch folders of
`rlimits` mode (``/tmp/greenpen-run-<pid>-*``) that a killed greenpen left behind."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

SCRATCH_PREFIX = "greenpen-run-"


def own_tasks() -> int:
    """How many tasks (threads) this user runs: RLIMIT_NPROC counts them all."""
    uid = os.getuid()
    count = 0
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            with contextlib.suppress(OSError):
                if os.stat(f"/proc/{pid}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{pid}/task"))
    return count


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_scratch(tmp: str | None = None) -> list[str]:
    """Remove the scratch directories of greenpen processes that died without cleaning up
    (killed with -9): ``/tmp/greenpen-run-<pid>-*`` whose process is gone."""
    removed: list[str] = []
    folder = Path(tmp or tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            m = re.fullmatch(rf"{SCRATCH_PREFIX}(\d+)-\w+", entry.name)
            if m and entry.is_dir() and not entry.is_symlink() and not pid_alive(int(m.group(1))):
                force_rmtree(entry)
                removed.append(str(entry))
    return removed


def force_rmtree(path: Path) -> None:
    def unlock(func: Any, name: str, _exc: Any) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(name), 0o700)
            os.chmod(name, 0o700)
            func(name)

    shutil.rmtree(path, onerror=unlock)
