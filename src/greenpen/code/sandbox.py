"""Run student code in an isolated worker and collect what it reports.

One sandboxed worker per grading process: it starts Python and imports the course's
libraries (numpy, torch) once, then forks a fresh child for each answer (`runner_main.py`).
A worker that dies, hangs or is tampered with is killed and replaced for the next answer.

Two modes; `sandbox_mode()` names the strongest one that works here (probed once):

``bubblewrap``
    ``bwrap`` with new PID, network, IPC and UTS namespaces; the filesystem is an empty
    read-only root with read-only binds of ``/usr`` (+ ``/lib*``, ``/bin`` links), the
    Python installation and venv, a size-capped tmpfs as ``/sandbox`` (cwd, HOME) and
    another as ``/tmp`` (emptied after every answer; nothing is written to the host's disk),
    a read-only ``/dev`` and a fresh ``/proc``. No home directory, no ``/etc``, no host
    ``/tmp``, no network. As root, the code runs as ``nobody`` with no capabilities
    (``setpriv``) so the process limit holds. ``--die-with-parent``: when greenpen exits,
    however it exits, the PID namespace dies and every process in it with it.
``rlimits``
    the same worker as a plain process in its own session, with the same resource limits,
    fresh scratch directories under the host's ``/tmp`` and a clean environment. It hides
    neither the teacher's files nor the network, so it runs only when the teacher asks for
    it (`allow_unsafe`, ``greenpen grade --unsafe-code``).

Limits in both modes: address space per process (2 GiB), resident memory of all the
answer's processes together (1 GiB beyond the shared libraries), CPU seconds, wall clock,
file size, disk written (bubblewrap: 64 MB in ``/sandbox`` and 64 MB in ``/tmp``), number of
processes, printed output (8 MB), no core dumps.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.util
import json
import os
import resource
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from greenpen.errors import SandboxError

from .bwrap import INSIDE_RUNNER, RUNNER, bwrap_argv
from .host_processes import SCRATCH_PREFIX, force_rmtree, own_tasks, sweep_scratch
from .runner_main import descendants

Mode = Literal["bubblewrap", "rlimits"]
Status = Literal["ok", "timeout", "crashed", "output_flood", "memory", "tampered", "failed"]


@dataclass(frozen=True)
class Limits:
    """Resource limits for one run."""

    timeout: float = 10.0
    """Wall-clock seconds for the student's code and the checks (after imports)."""
    startup: float = 30.0
    """Extra wall-clock seconds for the worker to start and import torch/numpy."""
    memory: int = 2 * 1024**3
    """Address-space limit of each process in bytes (torch alone maps about 0.7 GB)."""
    total_memory: int = 1024**3
    """Resident memory of all the answer's processes together, beyond what they share with the
    worker (the libraries imported before the fork)."""
    disk: int = 64 * 1024**2
    """Bytes the answer may write in ``/sandbox``, and again in ``/tmp`` (bubblewrap mode)."""
    processes: int = 64
    file_size: int = 8 * 1024**2
    """Largest file the code may write, and bytes of raw output (``os.write(1, …)``) kept."""
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


# ─── who may run code without isolation ─────────────────────────────────────

_unsafe_allowed = False


def allow_unsafe(allowed: bool = True) -> None:
    """Let students' code run without bubblewrap (`rlimits` mode) in this process: the
    teacher's explicit choice (``--unsafe-code``). Off by default."""
    global _unsafe_allowed
    _unsafe_allowed = allowed


def unsafe_allowed() -> bool:
    return _unsafe_allowed


_worker_stderr_shown = False


def show_worker_stderr(shown: bool = True) -> None:
    """Let the workers this process starts from now on write their stderr to greenpen's own (a
    developer's aid when a worker does not start; the shells turn it on for ``GREENPEN_SANDBOX_DEBUG``).
    Off by default."""
    global _worker_stderr_shown
    _worker_stderr_shown = shown


NO_SANDBOX = "not run: the grading computer has no sandbox to run students' code safely"
"""The detail of each code check not run for want of a sandbox (the report's note and the CLI
tell the teacher how to get one: install bubblewrap, or choose ``--unsafe-code``)."""


# ─── probing ────────────────────────────────────────────────────────────────


PROBE = "import sys\nanswer = sys.prefix\n"


@functools.cache
def _bwrap_works() -> bool:
    if shutil.which("bwrap") is None:
        return False
    probe = PROBE
    if importlib.util.find_spec("torch") is not None:
        probe += "import importlib.util\nassert importlib.util.find_spec('torch') is not None\n"
    for _ in range(PROBES):  # a machine busy starting a sandbox of its own may fail one probe: all code would go unrun
        try:
            result = _run({"checks": [], "code": probe, "setups": []}, Limits(timeout=20.0), "bubblewrap")
        except (OSError, SandboxError):
            continue
        code = result.stages.get("code", {"error": "none"})
        if result.status == "ok" and "error" not in code:
            return True
    return False


PROBES = 2
"""How many times the sandbox is tried before greenpen decides it does not work here."""


def sandbox_mode() -> Mode:
    """The strongest isolation that works on this machine (probed once, then cached)."""
    return "bubblewrap" if _bwrap_works() else "rlimits"


# ─── the worker, seen from greenpen ─────────────────────────────────────────


def _preexec(limits: Limits, nproc: int | None) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if nproc is not None:
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))

    return apply


class Worker:
    """One sandboxed worker process (see the module docstring); not thread-safe."""

    def __init__(self, mode: Mode, limits: Limits) -> None:
        self.mode = mode
        self.memory = limits.memory
        self.disk = limits.disk
        self.tag = f"greenpen-{os.getpid()}-{secrets.token_hex(4)}"
        self.owner = os.getpid()
        self.scratch: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.results: int = -1
        self.buffer = b""
        self.preloaded: list[str] = []
        self._start(limits)

    def _start(self, limits: Limits) -> None:
        python = [sys.executable, "-I", "-B"]
        nproc: int | None = limits.processes * 4  # the worker's own threads count too
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "OPENBLAS_NUM_THREADS": "1", "GREENPEN_SANDBOX": self.tag}
        if self.mode == "bubblewrap":
            bwrap = shutil.which("bwrap")
            if bwrap is None:
                raise SandboxError("bubblewrap mode asked for but `bwrap` is not installed")
            argv = bwrap_argv(bwrap, limits.disk) + python + [INSIDE_RUNNER]
            scratch, pidns, cwd = "/sandbox:/tmp", "1", None
            env |= {"HOME": "/sandbox", "TMPDIR": "/tmp"}
        else:
            sweep_scratch()
            self.scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
            for sub in ("home", "tmp"):
                (self.scratch / sub).mkdir(mode=0o700)
            argv = python + [str(RUNNER)]
            scratch, pidns, cwd = f"{self.scratch / 'home'}:{self.scratch / 'tmp'}", "0", str(self.scratch / "home")
            env |= {"HOME": str(self.scratch / "home"), "TMPDIR": str(self.scratch / "tmp")}
            nproc = None if os.geteuid() == 0 else own_tasks() + limits.processes * 4
        read, write = os.pipe()
        argv += ["--results-fd", str(write), "--scratch", scratch, "--pidns", pidns, "--tag", self.tag]
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                stderr=None if _worker_stderr_shown else subprocess.DEVNULL,
                cwd=cwd, env=env, pass_fds=(write,), start_new_session=True, preexec_fn=_preexec(limits, nproc),
            )
        except OSError as exc:
            os.close(read)
            self.close()
            raise SandboxError(f"cannot start the code sandbox ({exc}); check that {sys.executable} runs") from exc
        finally:
            os.close(write)
        self.results = read
        hello = self._read_line(time.monotonic() + limits.startup + limits.timeout)
        if hello is None or hello.get("worker") != "ready":
            self.close()
            raise SandboxError(f"the code sandbox did not start ({self.mode}, {' '.join(argv[:1])})")
        self.preloaded = list(hello.get("preloaded", []))

    def _read_line(self, deadline: float) -> dict[str, Any] | None:
        """The worker's next JSON line, or None when it died or the deadline passed."""
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.results], [], [], min(left, 1.0))
            if ready:
                data = os.read(self.results, 1 << 20)
                if not data:
                    return None
                self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        try:
            value = json.loads(line)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def run(self, job: dict[str, Any], limits: Limits) -> dict[str, Any] | None:
        """Send one job; its report, or None when the worker died or hung (it is then closed)."""
        assert self.proc is not None and self.proc.stdin is not None
        message = dict(job, id=secrets.token_hex(8), timeout=limits.timeout, startup=limits.startup,
                       file_size=limits.file_size, total_memory=limits.total_memory,
                       output_cap=limits.output_cap)
        try:
            self.proc.stdin.write(json.dumps(message).encode() + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self.close()
            return None
        # the worker enforces the answer's clock; this one only catches a worker that froze
        report = self._read_line(time.monotonic() + limits.startup + limits.timeout + 10)
        if report is None or report.get("id") != message["id"]:
            self.close()
            return None
        return report

    def close(self) -> None:
        """Kill the worker and everything it started; remove its scratch directories."""
        proc, self.proc = self.proc, None
        if proc is not None:
            stray = descendants(proc.pid)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            for pid in stray:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
        if self.results >= 0:
            with contextlib.suppress(OSError):
                os.close(self.results)
            self.results = -1
        if self.scratch is not None:
            with contextlib.suppress(OSError):
                force_rmtree(self.scratch)
            self.scratch = None


_workers: dict[tuple[str, int, int], Worker] = {}
_one_at_a_time = threading.Lock()  # a worker runs one answer at a time (the web app grades in threads)


def _worker(mode: Mode, limits: Limits) -> Worker:
    key = (mode, limits.memory, limits.disk)
    worker = _workers.get(key)
    if worker is not None and (not worker.alive or worker.owner != os.getpid()):
        if worker.owner == os.getpid():
            worker.close()
        del _workers[key]
        worker = None
    if worker is None:
        worker = Worker(mode, limits)
        _workers[key] = worker
    return worker


def close_workers() -> None:
    """Stop this process's sandbox workers (also done at exit; a killed greenpen takes them
    down with it through ``--die-with-parent``)."""
    for key, worker in list(_workers.items()):
        if worker.owner == os.getpid():
            worker.close()
        del _workers[key]


atexit.register(close_workers)


# ─── running ────────────────────────────────────────────────────────────────


def run_job(job: dict[str, Any], limits: Limits | None = None, mode: Mode | None = None) -> RunResult:
    """Run `job` (code, setups, checks; see runner_main) in the sandbox.

    Never raises for anything the student's code does; raises `SandboxError` only when
    the sandbox itself cannot be started.
    """
    return _run(job, limits or Limits(), mode or sandbox_mode())


def _run(job: dict[str, Any], limits: Limits, mode: Mode) -> RunResult:
    started = time.monotonic()
    with _one_at_a_time:
        report = _worker(mode, limits).run(job, limits)
    seconds = round(time.monotonic() - started, 3)
    if report is None:
        return RunResult("crashed", mode, {}, "it stopped the sandbox's worker process", seconds)
    stages = report.get("stages", {})
    status, detail = _status(report, limits)
    return RunResult(status, mode, stages, detail, seconds, str(report.get("stderr", "")))


def _status(report: dict[str, Any], limits: Limits) -> tuple[Status, str]:
    stages = report.get("stages", {})
    code = report.get("exit")
    why = report.get("why", "")
    if report.get("tampered"):
        first = str(report["tampered"][0])
        return "tampered", f"it tampered with greenpen's runner ({first}), so its results were thrown away"
    if why == "timeout":
        if "ready" not in stages:
            return "failed", f"the sandbox did not start within {limits.startup + limits.timeout:g} s"
        return "timeout", f"it did not finish within {limits.timeout:g} s and was stopped"
    if why == "flood":
        return "output_flood", f"it wrote more than {limits.file_size // 1024**2} MB of output, the limit"
    if why == "memory":
        return "memory", (f"it used more than {limits.total_memory // 1024**2} MB of memory across its "
                          "processes, the limit, and was stopped")
    if code == 0 and "code" in stages:
        return "ok", ""
    sig = -code if isinstance(code, int) and code < 0 else 0
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
