"""Run student code in an isolated process and collect what the runner reports.

Two modes; `sandbox_mode()` names the strongest one that works here (probed once):

``bubblewrap``
    ``bwrap`` with new PID, network, IPC and UTS namespaces; the filesystem is an empty
    read-only root with read-only binds of ``/usr`` (+ ``/lib*``, ``/bin`` links), the
    Python installation and venv, a fresh writable ``/sandbox`` (cwd, HOME) and ``/tmp``
    (both in a temporary directory, deleted afterwards), a read-only ``/dev`` and a fresh
    ``/proc``. No home directory, no ``/etc``, no host ``/tmp``, no network. As root, the
    code runs as ``nobody`` with no capabilities (``setpriv``) so the process limit holds.
    When the run ends the PID namespace dies, and every process in it with it.
``rlimits``
    a separate process in its own session with the same resource limits, a fresh working
    directory and a clean environment; every descendant is killed at the end. It does not
    hide the teacher's files nor the network: reports must say so.

Limits in both modes: address space (2 GiB), CPU seconds, wall clock, file size (which
also caps output written to the raw stdout), number of processes, no core dumps.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import math
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from greenpen.errors import SandboxError

Mode = Literal["bubblewrap", "rlimits"]
Status = Literal["ok", "timeout", "crashed", "output_flood", "failed"]
RUNNER = Path(__file__).with_name("runner_main.py")
NOBODY = 65534
INSIDE_RUNNER = "/runner.py"


@dataclass(frozen=True)
class Limits:
    """Resource limits for one run."""

    timeout: float = 10.0
    """Wall-clock seconds for the student's code and the checks (after imports)."""
    startup: float = 30.0
    """Extra wall-clock seconds for the interpreter to start and import torch/numpy."""
    memory: int = 2 * 1024**3
    """Address-space limit in bytes (torch alone maps about 0.7 GB)."""
    processes: int = 64
    file_size: int = 8 * 1024**2
    output_cap: int = 64 * 1024
    """Characters of printed output kept for `output` checks and reports."""


@dataclass(frozen=True)
class RunResult:
    """What came back from one run: a payload per stage (``ready``, ``code``, check ids)."""

    status: Status
    mode: Mode
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    detail: str = ""
    seconds: float = 0.0
    stderr: str = ""


# ─── probing ────────────────────────────────────────────────────────────────


def _python_roots() -> list[str]:
    """Directories the interpreter and its packages live in (bound read-only)."""
    exe = Path(sys.executable)
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(exe.resolve().parent.parent)}
    candidates |= {str(Path(c).resolve()) for c in list(candidates)}
    roots = sorted(c for c in candidates if c and not c.startswith("/usr/") and Path(c).is_dir())
    kept: list[str] = []
    for root in roots:
        if not any(root == k or root.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(root)
    return kept


def _bwrap_argv(bwrap: str, workdir: Path) -> list[str]:
    setpriv = shutil.which("setpriv")
    drop = os.geteuid() == 0 and setpriv is not None
    argv = [bwrap, "--die-with-parent", "--new-session"]
    argv += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    if not drop:
        argv += ["--unshare-user"]
    argv += ["--ro-bind", "/usr", "/usr"]
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(name):
            argv += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            argv += ["--ro-bind", name, name]
    argv += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    # /sandbox and a fresh /tmp first: a venv that itself lives under /tmp (a CI checkout) is
    # bound on top of the fresh /tmp below, instead of being hidden by it.
    argv += ["--bind", str(workdir / "home"), "/sandbox", "--bind", str(workdir / "tmp"), "/tmp"]
    made: set[str] = {"/tmp"}
    for root in _python_roots():
        for parent in reversed(Path(root).parents[:-1]):
            if str(parent) not in made:  # bwrap would create them 0700: unreadable for nobody
                argv += ["--perms", "0755", "--dir", str(parent)]
                made.add(str(parent))
        argv += ["--ro-bind", root, root]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    argv += ["--ro-bind", str(RUNNER), INSIDE_RUNNER, "--chdir", "/sandbox"]
    argv += ["--remount-ro", "/dev", "--remount-ro", "/", "--"]
    if drop and setpriv:
        argv += [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        argv += ["--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
    return argv + [sys.executable, "-I", "-B", INSIDE_RUNNER]


@functools.cache
def _bwrap_works() -> bool:
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return False
    probe = f"import sys\nassert sys.prefix == {sys.prefix!r}, sys.prefix\n"
    if importlib.util.find_spec("torch") is not None:
        probe += "import importlib.util\nassert importlib.util.find_spec('torch') is not None\n"
    try:
        result = _run({"checks": [], "code": probe}, Limits(timeout=20.0), "bubblewrap")
    except (OSError, SandboxError):
        return False
    return result.status == "ok" and "error" not in result.stages.get("code", {"error": "none"})


def sandbox_mode() -> Mode:
    """The strongest isolation that works on this machine (probed once, then cached)."""
    return "bubblewrap" if _bwrap_works() else "rlimits"


# ─── running ────────────────────────────────────────────────────────────────


def _preexec(limits: Limits, cpu: int, nproc: int | None) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if nproc is not None:
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))

    return apply


def _own_tasks() -> int:
    """How many tasks (threads) this user runs: RLIMIT_NPROC counts them all."""
    uid = os.getuid()
    count = 0
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            with contextlib.suppress(OSError):
                if os.stat(f"/proc/{pid}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{pid}/task"))
    return count


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
    found: list[int] = []
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_all(proc: subprocess.Popen[bytes]) -> None:
    """Kill the run's process group and every descendant that left it."""
    for _ in range(3):
        stray = _descendants(proc.pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        for pid in stray:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if not stray:
            break
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _read_stages(path: Path, nonce: str) -> dict[str, dict[str, Any]]:
    stages: dict[str, dict[str, Any]] = {}
    with contextlib.suppress(OSError):
        for line in path.read_text("utf-8", errors="replace").splitlines():
            tag, _, body = line.partition(" ")
            if tag != nonce:
                continue
            with contextlib.suppress(ValueError):
                payload = json.loads(body)
                if isinstance(payload, dict):
                    stages.setdefault(str(payload.get("stage", "")), payload)
    return stages


def run_job(job: dict[str, Any], limits: Limits | None = None, mode: Mode | None = None) -> RunResult:
    """Run `job` (code, setups, checks; see runner_main) in the sandbox.

    Never raises for anything the student's code does; raises `SandboxError` only when
    the sandbox itself cannot be started (no interpreter, no temporary directory).
    """
    return _run(job, limits or Limits(), mode or sandbox_mode())


def _run(job: dict[str, Any], limits: Limits, mode: Mode) -> RunResult:
    nonce = secrets.token_hex(16)
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="greenpen-run-") as tmp:
            return _run_in(Path(tmp), job, limits, mode, nonce, started)
    except OSError as exc:
        raise SandboxError(
            f"cannot start the code sandbox ({exc}); check that {sys.executable} runs"
        ) from exc


def _run_in(base: Path, job: dict[str, Any], limits: Limits, mode: Mode, nonce: str, t0: float) -> RunResult:
    for sub in ("home", "tmp"):
        (base / sub).mkdir()
        (base / sub).chmod(0o700)
    cpu = math.ceil(limits.timeout + limits.startup) + 1
    nproc: int | None = limits.processes
    if mode == "bubblewrap":
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            raise SandboxError("bubblewrap mode asked for but `bwrap` is not installed")
        if os.geteuid() == 0:
            for sub in ("home", "tmp"):
                os.chown(base / sub, NOBODY, NOBODY)
        argv = _bwrap_argv(bwrap, base)
        cwd = base
        env = {"PATH": "/usr/bin:/bin", "HOME": "/sandbox", "TMPDIR": "/tmp"}
    else:
        argv = [sys.executable, "-I", "-B", str(RUNNER)]
        cwd = base / "home"
        env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "TMPDIR": str(base / "tmp")}
        nproc = None if os.geteuid() == 0 else _own_tasks() + limits.processes
    env |= {"LANG": "C.UTF-8", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    payload = dict(job, nonce=nonce, output_cap=limits.output_cap, fork=mode == "rlimits")
    with (
        open(base / "results", "w+b") as res,
        open(base / "stdout", "w+b") as out,
        open(base / "stderr", "w+b") as err,
    ):
        payload["result_fd"] = res.fileno()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=env,
            pass_fds=(res.fileno(),),
            start_new_session=True,
            preexec_fn=_preexec(limits, cpu, nproc),
        )
        timed_out = _feed_and_wait(proc, json.dumps(payload).encode(), base / "results", nonce, limits)
        _kill_all(proc)
    seconds = time.monotonic() - t0
    stages = _read_stages(base / "results", nonce)
    stderr = (base / "stderr").read_bytes()[-4000:].decode("utf-8", errors="replace")
    flooded = (base / "stdout").stat().st_size >= limits.file_size
    status, detail = _status(proc.returncode, timed_out, flooded, stages, limits)
    return RunResult(status, mode, stages, detail, round(seconds, 3), stderr)


def _feed_and_wait(
    proc: subprocess.Popen[bytes], data: bytes, results: Path, nonce: str, limits: Limits
) -> bool:
    """Send the job, then wait: startup allowance until `ready`, then the code's timeout."""
    assert proc.stdin is not None
    with contextlib.suppress(BrokenPipeError, OSError):
        proc.stdin.write(data)
    with contextlib.suppress(BrokenPipeError, OSError):
        proc.stdin.close()
    start = time.monotonic()
    deadline = start + limits.startup + limits.timeout
    ready = False
    while True:
        try:
            proc.wait(timeout=0.02)
            return False
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        if not ready and "ready" in _read_stages(results, nonce):
            ready = True
            deadline = min(deadline, now + limits.timeout)
        if now > deadline:
            return True


def _status(
    code: int | None, timed_out: bool, flooded: bool, stages: dict[str, dict[str, Any]], limits: Limits
) -> tuple[Status, str]:
    if timed_out:
        if "ready" not in stages:
            return "failed", f"the sandbox did not start within {limits.startup + limits.timeout:g} s"
        return "timeout", f"it did not finish within {limits.timeout:g} s and was stopped"
    if flooded:
        return "output_flood", f"it wrote more than {limits.file_size // 1024**2} MB of output, the limit"
    if code == 0 and "code" in stages:
        return "ok", ""
    sig = -code if code is not None and code < 0 else (code - 128 if code and code > 128 else 0)
    reasons = {
        signal.SIGXCPU: "it used more CPU time than allowed and was stopped",
        signal.SIGXFSZ: f"it wrote a file larger than {limits.file_size // 1024**2} MB and was stopped",
        signal.SIGKILL: "it was killed (most likely it used too much memory)",
        signal.SIGSEGV: "the Python process crashed (segmentation fault — deep recursion?)",
    }
    if sig:
        try:
            known = signal.Signals(sig)
        except ValueError:
            return "crashed", f"it was stopped by signal {sig}"
        return "crashed", reasons.get(known, f"it was stopped by signal {known.name}")
    if "ready" not in stages:
        return "failed", f"the sandbox could not start the code (exit status {code})"
    return "crashed", f"it stopped the Python process (exit status {code})"
