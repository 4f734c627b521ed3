"""The script run *inside* the sandbox: a worker that forks a fresh child per answer.

Standalone on purpose: it imports only the standard library (greenpen itself is not
visible in the sandbox; student code may import torch or numpy).

    host ──job line──► worker (imports torch/numpy once, never runs student code)
                         └─ fork ─► child: setups, the student's code, the checks
    host ◄─result line── worker ◄─ signed frames ── child (its own pipe)

The worker (``--serve``) reads one JSON job per line on stdin and answers one JSON line on
``--results-fd``. For each job it forks a child with a fresh pipe for results and one for
printed output, enforces the wall clock, the output cap and the memory of all the child's
processes together, then kills every process the answer started, empties the scratch
directories and removes the System V IPC objects: nothing of one answer is left for the next.

Who can forge what. The student's code runs in a thread of its own (`_thread`), so its
frames lead nowhere near the child's main thread, which holds the job's key. The main
thread signs each result frame (HMAC-SHA256); the worker drops the job as tampered when a
frame on the pipe does not verify (a line written to stdout, to the pipe's fd, anywhere),
when an audit hook sees the introspection that could reach the key (``gc`` object walks,
other threads' frames, ``ctypes``, ``/proc/self/mem``, frames of the main thread), or when
the runner's functions or the modules it uses were patched. The worker is non-dumpable:
an answer cannot ptrace it or read its memory.

Values are sent as plain JSON (tensors and arrays through ``tolist()``; a tuple as
``{"__tuple__": [...]}`` so reports can show it as written).
"""

from __future__ import annotations

import _thread
import ast
import builtins
import contextlib
import ctypes
import io
import itertools
import json
import math
import os
import re
import select
import signal
import sys
import time
import traceback
from typing import Any

FILENAME = "<answer>"
MAX_ITEMS = 10_000
MAX_STR = 2_000
MAX_FRAMES = 4 * 1024 * 1024
"""Bytes of result frames a child may send (beyond: tampering or a flood)."""
FRAME_LIKE = re.compile(rb'[0-9a-f]{64} \{"seq"')
"""A result frame where none belongs (the output): an attempt to forge one."""
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
PAGE = os.sysconf("SC_PAGE_SIZE")


# ─── the student's side: runs in the answer's thread ────────────────────────


class CappedWriter(io.TextIOBase):
    """A text stream that keeps the first `cap` characters and counts the rest."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap
        self.parts: list[str] = []
        self.kept = 0
        self.total = 0

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        s = str(s)
        if self.kept < self.cap:
            take = s[: self.cap - self.kept]
            self.parts.append(take)
            self.kept += len(take)
        self.total += len(s)
        return len(s)

    def getvalue(self) -> str:
        return "".join(self.parts)


def to_plain(value: Any, depth: int = 0) -> Any:
    """Convert a result to JSON-able plain Python (tensor/ndarray → nested lists)."""
    if depth > 20:
        return {"__repr__": "…"}
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if isinstance(value, str):
        return value[:MAX_STR]
    module = type(value).__module__ or ""
    if module.split(".")[0] in ("torch", "numpy") and callable(getattr(value, "tolist", None)):
        size = getattr(value, "size", None)
        numel = value.numel() if callable(getattr(value, "numel", None)) else size
        if isinstance(numel, int) and numel > MAX_ITEMS:
            shape = list(getattr(value, "shape", ()))
            return {"__repr__": f"{type(value).__name__} of shape {shape}", "__shape__": shape}
        if callable(getattr(value, "detach", None)):
            value = value.detach()
        return to_plain(value.tolist(), depth + 1)
    if isinstance(value, tuple):
        return {"__tuple__": [to_plain(v, depth + 1) for v in value[:MAX_ITEMS]]}
    if isinstance(value, list):
        return [to_plain(v, depth + 1) for v in value[:MAX_ITEMS]]
    if isinstance(value, range):
        return list(value[:MAX_ITEMS])
    if isinstance(value, dict):
        return {str(k): to_plain(v, depth + 1) for k, v in itertools.islice(value.items(), MAX_ITEMS)}
    if isinstance(value, set | frozenset):
        items = [to_plain(v, depth + 1) for v in itertools.islice(value, MAX_ITEMS)]
        return sorted(items, key=repr)
    if hasattr(value, "__next__") and hasattr(value, "__iter__"):
        items = [to_plain(v, depth + 1) for v in itertools.islice(value, MAX_ITEMS)]
        return {"__iter__": type(value).__name__, "items": items}
    return {"__repr__": repr(value)[:MAX_STR], "__type__": type(value).__name__}


def describe(value: Any) -> dict[str, Any]:
    """A value as sent back: plain form plus its type name."""
    return {"value": to_plain(value), "type": type(value).__name__}


def error_info(exc: BaseException, code_lines: list[str]) -> dict[str, Any]:
    """The last traceback line and the student's line that raised it."""
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    line = getattr(exc, "lineno", None) if isinstance(exc, SyntaxError) else None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == FILENAME:
            line = frame.lineno
    source = code_lines[line - 1].strip() if line and 0 < line <= len(code_lines) else ""
    return {"error": last, "type": type(exc).__name__, "line": line, "source": source}


def split_final(tree: ast.Module) -> tuple[ast.Module, ast.expr | None, str]:
    """Split off the student's final value: last expression, print(x) or assignment."""
    if not tree.body:
        return tree, None, "none"
    last = tree.body[-1]
    if isinstance(last, ast.Expr):
        call = last.value
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "print"
            and len(call.args) == 1
            and not call.keywords
        ):
            return ast.Module(body=tree.body[:-1], type_ignores=[]), call.args[0], "print"
        return ast.Module(body=tree.body[:-1], type_ignores=[]), last.value, "expr"
    target: ast.expr | None = None
    if isinstance(last, ast.Assign) and len(last.targets) == 1:
        target = last.targets[0]
    elif isinstance(last, ast.AugAssign | ast.AnnAssign) and getattr(last, "value", True) is not None:
        target = last.target
    if isinstance(target, ast.Name):
        return tree, ast.copy_location(ast.Name(id=target.id, ctx=ast.Load()), target), "assign"
    if isinstance(last, ast.FunctionDef) and not last.args.posonlyargs and \
            len(last.args.defaults) == len(last.args.args) and not last.args.kwonlyargs:
        # answers written as functions ("def make_tensor(): return …", a script of exercises): what the function
        # gives, called as it can be, with no arguments, is the result
        call = ast.Call(func=ast.Name(id=last.name, ctx=ast.Load()), args=[], keywords=[])
        return tree, ast.copy_location(call, last), "call"
    return tree, None, "none"


_NOTHING = object()
"""No value (None may be one)."""
INSPECTIONS = frozenset({"shape", "dtype", "ndim", "size", "dim", "device", "len", "type"})
"""What a last line looks at to check a result (`print(b.shape)`, `len(b)`), rather than give it."""


def inspected_name(final: ast.expr | None) -> str | None:
    """The name whose result a final `b.shape`, `b.size()`, `len(b)` or `type(b)` only looks at, or None."""
    node = final.func if isinstance(final, ast.Call) and isinstance(final.func, ast.Attribute) else final
    if isinstance(node, ast.Attribute) and node.attr in INSPECTIONS and isinstance(node.value, ast.Name):
        return node.value.id
    if isinstance(final, ast.Call) and isinstance(final.func, ast.Name) and final.func.id in INSPECTIONS \
            and len(final.args) == 1 and isinstance(final.args[0], ast.Name):
        return final.args[0].id
    return None


def inspected_expression(final: ast.expr | None) -> ast.expr | None:
    """The expression (not a plain name) a final `t.permute(2, 0, 1).shape` or `len(x[1:])` only looks at, or None."""
    node = final.func if isinstance(final, ast.Call) and isinstance(final.func, ast.Attribute) else final
    if isinstance(node, ast.Attribute) and node.attr in INSPECTIONS and not isinstance(node.value, ast.Name):
        return node.value
    if isinstance(final, ast.Call) and isinstance(final.func, ast.Name) and final.func.id in INSPECTIONS \
            and len(final.args) == 1 and not isinstance(final.args[0], ast.Name):
        return final.args[0]
    return None


def student_function(tree: ast.Module, ns: dict[str, Any], name: str) -> tuple[Any, str]:
    """The function to call: `name` if defined, else the last top-level def or named lambda."""
    if name and callable(ns.get(name)):
        return ns[name], name
    found = ""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found = node.name
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    found = t.id
    if found and callable(ns.get(found)):
        return ns[found], found
    return None, ""


def run_answer(job: dict[str, Any], box: list[Any], ready: Any, done: Any) -> None:
    """The answer's thread: setups, the student's code, the checks; plain results into `box`.

    `box` gets ``(stage, payload)`` pairs; `ready` is released once the setups ran, `done`
    at the end. Nothing here is trusted: the main thread re-checks what it finds in `box`.
    """
    try:
        _run_answer(job, box, ready)
    finally:
        with contextlib.suppress(RuntimeError):
            ready.release()
        done.release()


def seed_random(seed: int = 0) -> None:
    """The same random numbers on every run: an answer that draws them (`torch.randn`,
    `np.random.rand`) gets the same result, and so the same feedback, each time it is graded.
    numpy and torch are seeded when loaded (the worker preloads them)."""
    import random

    random.seed(seed)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(seed)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)


def _run_answer(job: dict[str, Any], box: list[Any], ready: Any) -> None:
    seed_random()
    ns: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    main = type(sys)("__main__")
    main.__dict__.update(ns)
    ns = main.__dict__
    sys.modules["__main__"] = main  # `import __main__` is the student's module, not this runner
    for setup in job.get("setups", []):
        try:
            exec(compile(setup, "<setup>", "exec"), ns)
        except BaseException as exc:  # noqa: B036 - anything the setup raises is reported
            box.append(("ready", {"setup_error": traceback.format_exception_only(type(exc), exc)[-1]}))
            return
    box.append(("ready", {}))
    ready.release()
    code: str = job["code"]
    lines = code.splitlines()
    try:
        tree = ast.parse(code, FILENAME)
    except SyntaxError as exc:
        box.append(("code", error_info(exc, lines)))
        return
    body, final, how = split_final(tree)
    last = tree.body[-1] if tree.body else None
    if final is None and isinstance(last, ast.FunctionDef) and last.args.args and all(
            a.arg in ns for a in last.args.args[:len(last.args.args) - len(last.args.defaults)]):
        # "def rearrange(t): …" never called, where the check's setup gives `t`: called on the question's input
        needed = last.args.args[:len(last.args.args) - len(last.args.defaults)]
        final = ast.copy_location(ast.Call(func=ast.Name(id=last.name, ctx=ast.Load()),
                                           args=[ast.Name(id=a.arg, ctx=ast.Load()) for a in needed], keywords=[]),
                                  last)
        how = "call"
    started = time.monotonic()
    result: dict[str, Any] = {}
    stdout = CappedWriter(int(job.get("output_cap", 65536)))
    sys.stdout, sys.stderr = stdout, CappedWriter(4096)
    inspected: Any = _NOTHING
    try:
        ns["_"] = None
        exec(compile(body, FILENAME, "exec"), ns)
        if final is not None:
            expression = ast.fix_missing_locations(ast.Expression(final))
            value = eval(compile(expression, FILENAME, "eval"), ns)
            ns["_"] = value  # `value` checks may test the final value as `_`
            if how == "print":
                print(value)
            result["final"] = describe(value)
            result["final_how"] = how
            looked_at = inspected_name(final)
            if looked_at is not None and looked_at in ns:  # `print(b.shape)` after `b = …`: b is the result
                result["inspected"] = {"name": looked_at, **describe(ns[looked_at])}
                inspected = ns[looked_at]
            elif (looked := inspected_expression(final)) is not None:
                # `t.permute(2, 0, 1).shape`: the expression looked at is the result the checks read as `_`
                inspected = eval(compile(ast.fix_missing_locations(ast.Expression(looked)), FILENAME, "eval"), ns)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            result.update(error_info(exc, lines))
    except BaseException as exc:  # noqa: B036 - student code may raise anything
        result.update(error_info(exc, lines))
    result["seconds"] = round(time.monotonic() - started, 3)
    result["stdout"] = stdout.getvalue()
    result["stdout_total"] = stdout.total
    box.append(("code", result))
    if "error" in result:
        return
    for check in job.get("checks", []):
        checked = run_check(check, tree, ns, lines)
        if "error" in checked and inspected is not _NOTHING and check["kind"] == "value":
            # `t2.shape` ends the code and the check reads `_.shape`: the result is `t2`, which the last line looks at
            shown, ns["_"] = ns["_"], inspected
            again = run_check(check, tree, ns, lines)
            ns["_"] = shown
            checked = again if "error" not in again else checked
        box.append((str(check["id"]), checked))


def run_check(check: dict[str, Any], tree: ast.Module, ns: dict[str, Any], lines: list[str]) -> dict[str, Any]:
    kind = check["kind"]
    sys.stdout = CappedWriter(4096)
    try:
        if kind == "value":
            return describe(eval(compile(check["expr"], "<check>", "eval"), ns))
        if kind == "function":
            fn, name = student_function(tree, ns, str(check.get("name", "")))
            if fn is None:
                return {"no_function": True}
            out = describe(fn(*check.get("args", [])))
            out["function"] = name
            return out
    except BaseException as exc:  # noqa: B036 - student code may raise anything
        return error_info(exc, lines)
    return {}


# ─── the trusted side: the child's main thread ──────────────────────────────

TRIPWIRES = ("gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames")
MEMORY_READS = ("ctypes.string_at", "ctypes.wstring_at", "ctypes.cdata")
"""ctypes reading memory at an address (loading a library, as scikit-learn does, is fine)."""
MAIN_ONLY = ("sys._getframe", "sys.settrace", "sys.setprofile")
FRAME_ATTRS = ("tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back")
WATCHED_MODULES = ("builtins", "ast", "traceback", "linecache", "itertools", "math", "time", "contextlib")


def _signer(key: bytes, fd: int) -> Any:
    """A function that sends one signed frame. Everything it uses is bound here, before any
    student code runs: patching a module, a builtin or this module later cannot change it."""
    import _hashlib

    digest = _hashlib.hmac_digest
    write = os.write
    encode = getattr(json.encoder, "c_encode_basestring_ascii", None) or json.encoder.py_encode_basestring_ascii
    frepr, irepr = float.__repr__, int.__repr__
    t_list, t_dict, t_str, t_int, t_float, t_bool = list, dict, str, int, float, bool
    t_type, isfinite, max_items, max_str = type, math.isfinite, MAX_ITEMS, MAX_STR * 4
    seq = [0]
    lock = _thread.allocate_lock()  # the tripwire may send from the answer's thread

    def dump(value: Any, depth: int) -> str:
        kind = t_type(value)
        if value is None:
            return "null"
        if kind is t_bool:
            return "true" if value else "false"
        if kind is t_int:
            try:
                return irepr(value)
            except ValueError:  # more digits than int → str allows
                return '"(a very large integer)"'
        if kind is t_float:
            return frepr(value) if isfinite(value) else '{"__float__": "' + frepr(value) + '"}'
        if kind is t_str:
            return encode(value[:max_str])
        if depth > 40:
            return '"…"'
        if kind is t_list:
            return "[" + ", ".join([dump(v, depth + 1) for v in t_list(value)[:max_items]]) + "]"
        if kind is t_dict:
            pairs = [(k, v) for k, v in t_list(value.items())[:max_items] if t_type(k) is t_str]
            return "{" + ", ".join([encode(k) + ": " + dump(v, depth + 1) for k, v in pairs]) + "}"
        return '"(not plain data)"'

    def send(stage: str, payload: Any) -> None:
        if t_type(payload) is not t_dict:
            payload = {"bad_payload": True}
        with lock:
            seq[0] += 1
            body = dump({"seq": seq[0], "stage": stage, "payload": payload}, 0).encode()
            line = digest(key, body, "sha256").hex().encode() + b" " + body + b"\n"
            while line:
                line = line[write(fd, line):]

    return send


def _install_tripwire(send: Any, main_thread: int) -> list[str]:
    """An audit hook that reports, then blocks, what could reach the main thread's key."""
    tripped: list[str] = []
    ident, error = _thread.get_ident, RuntimeError
    t_type, t_str, t_bytes, t_len = type, str, bytes, len
    tripwires, main_only, frame_attrs, memory_reads = TRIPWIRES, MAIN_ONLY, FRAME_ATTRS, MEMORY_READS

    def hook(event: str, args: tuple[Any, ...]) -> None:
        reason = ""
        if event in tripwires or (event in memory_reads) or (
                event == "ctypes.dlsym" and t_len(args) > 1 and t_type(args[1]) is t_str
                and args[1].startswith(("Py", "_Py"))):  # the interpreter's own C API
            reason = event
        elif ident() == main_thread and (event in main_only or (
                event == "object.__getattr__" and t_len(args) > 1 and args[1] in frame_attrs)):
            reason = event + " in the runner's thread"
        elif event == "open" and args and t_type(args[0]) in (t_str, t_bytes):
            path = args[0] if t_type(args[0]) is t_str else args[0].decode("latin-1")
            if path.startswith("/proc/") and path.rstrip("/").endswith(("/mem", "/map_files")):
                reason = "open " + path
        if reason:
            if not tripped:
                send("tamper", {"event": reason})
            tripped.append(reason)
            raise error("greenpen: " + reason + " is not allowed in graded code")

    sys.addaudithook(hook)
    return tripped


ANSWER_FUNCTIONS = (to_plain, describe, error_info, split_final, inspected_name, inspected_expression,
                    student_function, run_answer, _run_answer, run_check)
SKIP_NAMES = frozenset({"__main__", "stdout", "stderr", "stdin", "modules", "_", "last_value", "last_type",
                        "last_traceback", "__warningregistry__"})


def _integrity() -> Any:
    """A function saying what the answer replaced in the runner or the modules it uses ("" if
    nothing): a snapshot taken now, compared later with functions bound now."""
    spaces = [sys.modules[name].__dict__ for name in WATCHED_MODULES if name in sys.modules]
    spaces.append(globals())
    before = [(space, list(space.items())) for space in spaces]
    codes = [(fn, fn.__code__, fn.__defaults__) for fn in ANSWER_FUNCTIONS]
    skip, missing = SKIP_NAMES, object()

    def changed() -> str:
        for space, items in before:
            for name, value in items:
                if name not in skip and space.get(name, missing) is not value:
                    return "`" + name + "` was replaced"
        for fn, code, defaults in codes:
            if fn.__code__ is not code or fn.__defaults__ is not defaults:
                return "the runner's `" + fn.__name__ + "` was replaced"
        return ""

    return changed


def child_main(job: dict[str, Any], key: bytes, fd: int) -> None:
    """The forked child: run the answer in its own thread, then report from this one.

    After the answer's thread starts, this function touches only what it bound before:
    no global name, no builtin looked up by name, no method of a student's object.
    """
    send = _signer(key, fd)
    del key
    sys.stdin = io.StringIO("")  # input() in student code: EOFError, not a hang
    changed = _integrity()
    box: list[Any] = []
    ready, done = _thread.allocate_lock(), _thread.allocate_lock()
    ready.acquire()
    done.acquire()
    t_type, t_tuple, t_str, t_dict, t_len, t_list, leave = type, tuple, str, dict, len, list, os._exit
    tripped = _install_tripwire(send, _thread.get_ident())
    _thread.start_new_thread(run_answer, (job, box, ready, done))
    ready.acquire()
    sent = 0
    first: Any = box[0] if t_len(box) else None
    if t_type(first) is t_tuple and t_len(first) == 2 and first[0] == "ready":
        send("ready", first[1] if t_type(first[1]) is t_dict else {})
        sent = 1
    done.acquire()
    reason = "" if tripped else changed()
    if reason:
        send("tamper", {"event": "the runner was changed: " + reason})
    for item in t_list(box)[sent:]:
        if t_type(item) is t_tuple and t_len(item) == 2 and t_type(item[0]) is t_str and item[0] != "tamper":
            send(item[0], item[1])
    leave(0)


# ─── the worker ─────────────────────────────────────────────────────────────


def _prctl(option: int, value: int) -> None:
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def _ppid(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def descendants(root: int) -> list[int]:
    """Every process below `root` (children, grandchildren, …), from ``/proc`` (the host uses it too)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parents.setdefault(_ppid(int(entry)), []).append(int(entry))
    found: list[int] = []
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _statm(pid: int) -> tuple[int, int]:
    """(anonymous resident bytes, data size bytes) of a process; (0, 0) when it is gone."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            fields = [int(x) for x in fh.read().split()]
    except (OSError, ValueError):
        return 0, 0
    return (fields[1] - fields[2]) * PAGE, fields[5] * PAGE


class Worker:
    """Forks one child per job and watches it (see the module docstring)."""

    def __init__(self, scratch: list[str], pidns: bool) -> None:
        self.scratch = scratch
        self.pidns = pidns
        self.me = os.getpid()
        self.keep = {d: set(os.listdir(d)) for d in scratch}  # mount points of bound Python roots

    def run(self, job: dict[str, Any]) -> dict[str, Any]:
        key = os.urandom(32)
        res_r, res_w = os.pipe()
        out_r, out_w = os.pipe()
        base_anon, base_data = _statm(self.me)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                self._enter_child(job, res_w, out_w)
                child_main(job, key, res_w)
            finally:
                os._exit(70)
        os.close(res_w)
        os.close(out_w)
        try:
            report = self._watch(job, pid, key, res_r, out_r, started, base_anon, base_data)
        finally:
            self._clean(pid)
            os.close(res_r)
            os.close(out_r)
        report["seconds"] = round(time.monotonic() - started, 3)
        return report

    def _enter_child(self, job: dict[str, Any], res_w: int, out_w: int) -> None:
        os.setpgid(0, 0)
        os.dup2(out_w, 1)
        os.dup2(out_w, 2)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.closerange(3, res_w)
        os.closerange(res_w + 1, 65536)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        import resource

        cpu = math.ceil(float(job.get("timeout", 10))) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        fsize = int(job.get("file_size", 8 * 1024**2))
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        os.chdir(self.scratch[0])

    def _watch(self, job: dict[str, Any], pid: int, key: bytes, res_r: int, out_r: int, started: float,
               base_anon: int, base_data: int) -> dict[str, Any]:
        import _hashlib

        timeout = float(job.get("timeout", 10))
        deadline = started + float(job.get("startup", 30)) + timeout
        out_cap = int(job.get("file_size", 8 * 1024**2))
        memory_cap = int(job.get("total_memory", 1024**3))
        frames = b""
        stages: dict[str, Any] = {}
        tampered: list[str] = []
        out_total, tail = 0, b""
        status: int | None = None
        why = ""
        open_fds = {res_r, out_r}
        last_seq = 0
        peak = 0
        exited_at = 0.0
        while open_fds:
            now = time.monotonic()
            if status is None:
                done, st = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = os.waitstatus_to_exitcode(st)
                    exited_at = now
            elif now - exited_at > 0.2:  # a process the answer left behind holds a pipe open
                break
            if now > deadline and status is None:
                why = "timeout"
                break
            used = self._memory(base_anon, base_data)
            peak = max(peak, used)
            if used > memory_cap:
                why = "memory"
                break
            readable, _, _ = select.select(list(open_fds), [], [], 0.02)
            for fd in readable:
                data = os.read(fd, 65536)
                if not data:
                    open_fds.discard(fd)
                elif fd == out_r:
                    out_total += len(data)
                    if FRAME_LIKE.search(tail[-200:] + data[:out_cap]):
                        tampered.append("a result line forged on the output")
                    tail = (tail + data)[-4000:]
                else:
                    frames += data
            if out_total > out_cap:
                why = "flood"
                break
            if len(frames) > MAX_FRAMES:
                tampered.append("more result data than any answer sends")
                break
            *lines, frames = frames.split(b"\n")
            for line in lines:
                payload = self._verify(key, line, _hashlib.hmac_digest)
                if payload is None or payload.get("seq", 0) <= last_seq:
                    tampered.append("data on the results channel that greenpen's runner did not send")
                    continue
                last_seq = payload["seq"]
                stage = str(payload.get("stage", ""))
                if stage == "tamper":
                    tampered.append(str(payload.get("payload", {}).get("event", "")))
                else:
                    stages.setdefault(stage, payload.get("payload", {}))
                    printed = str(stages[stage].get("stdout", "")) if isinstance(stages[stage], dict) else ""
                    if FRAME_LIKE.search(printed.encode("utf-8", "replace")):
                        tampered.append("a result line forged in what it printed")
                if stage == "ready":
                    deadline = min(deadline, time.monotonic() + timeout)
        until = time.monotonic() + (0.5 if not why else 0)
        while status is None and time.monotonic() < until:  # its pipes closed: it is exiting
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(st)
            else:
                time.sleep(0.002)
        if status is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                _, st = os.waitpid(pid, 0)
                status = os.waitstatus_to_exitcode(st)
        if frames.strip():
            tampered.append("an unfinished line on the results channel")
        return {"exit": status, "why": why, "stages": stages, "tampered": tampered,
                "stderr": tail.decode("utf-8", errors="replace"), "output_bytes": out_total, "peak_memory": peak}

    @staticmethod
    def _verify(key: bytes, line: bytes, digest: Any) -> dict[str, Any] | None:
        mac, _, body = line.partition(b" ")
        try:
            if digest(key, body, "sha256").hex().encode() != mac:
                return None
            payload = json.loads(body)
        except ValueError:
            return None
        return payload if isinstance(payload, dict) else None

    def _memory(self, base_anon: int, base_data: int) -> int:
        """Resident memory the answer's processes allocated, beyond the pages they share with
        this worker (a fork starts with the worker's imported libraries already resident)."""
        total = 0
        for pid in descendants(self.me):
            anon, data = _statm(pid)
            total += max(0, anon - (base_anon if data >= base_data // 2 else 0))
        return total

    def _kill(self, pid: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        self._kill_rest()

    def _kill_rest(self) -> None:
        """Kill every process the answer started, wherever it went (setsid, double fork)."""
        for _ in range(50):
            if self.pidns:  # everything in this PID namespace but its init and this worker
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(-1, signal.SIGKILL)
            stray = descendants(self.me)
            for pid in stray:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                while os.waitpid(-1, os.WNOHANG)[0]:
                    pass
            if not stray:
                return
            time.sleep(0.005)

    def _clean(self, pid: int) -> None:
        self._kill(pid)
        for folder in self.scratch:
            _empty(folder, self.keep.get(folder, set()))
        _remove_ipc()


def _empty(folder: str, keep: set[str]) -> None:
    """Remove everything the answer wrote in `folder` (even what it made unreadable)."""
    import shutil

    def unlock(func: Any, path: str, _exc: Any) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(path), 0o700)
            os.chmod(path, 0o700)
            func(path)

    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700 if not folder.endswith("tmp") else 0o1777)
    for name in os.listdir(folder):
        if name in keep:
            continue
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            with contextlib.suppress(OSError):
                os.chmod(path, 0o700)
            shutil.rmtree(path, onerror=unlock)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _remove_ipc() -> None:
    """System V shared memory, semaphores and queues the answer created (they outlive it)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for table, remove in (("shm", libc.shmctl), ("sem", libc.semctl), ("msg", libc.msgctl)):
        try:
            with open(f"/proc/sysvipc/{table}") as fh:
                rows = fh.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            with contextlib.suppress(ValueError, IndexError):
                ident = int(row.split()[1])
                if table == "sem":
                    remove(ident, 0, 0)  # IPC_RMID
                else:
                    remove(ident, 0, None)


def serve(results_fd: int, scratch: list[str], pidns: bool) -> None:
    """The worker's loop: import the libraries, then one job per stdin line."""
    _prctl(PR_SET_DUMPABLE, 0)  # no ptrace, no /proc/<worker>/mem for the answers
    _prctl(PR_SET_CHILD_SUBREAPER, 1)  # orphans of an answer come back here to be killed
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the host's to handle
    out = os.fdopen(results_fd, "w", encoding="utf-8")
    loaded = []
    for module in ("numpy", "torch"):
        try:
            __import__(module)
            loaded.append(module)
        except Exception:  # noqa: BLE001,S112 - not installed, or broken: answers will say
            continue
    worker = Worker(scratch, pidns)
    out.write(json.dumps({"worker": "ready", "preloaded": loaded, "pid": os.getpid()}) + "\n")
    out.flush()
    for line in sys.stdin:
        try:
            job = json.loads(line)
        except ValueError:
            continue
        try:
            report = worker.run(job)
        except OSError as exc:  # no fork (the process limit, out of memory): this answer fails
            report = {"exit": None, "why": "", "stages": {}, "tampered": [], "stderr": f"worker: {exc}"}
        report["id"] = job.get("id")
        try:
            out.write(json.dumps(report) + "\n")
            out.flush()
        except OSError:  # greenpen is gone (killed): the answer's processes are already killed
            break
    parent = os.path.dirname(scratch[0])
    if not pidns and os.path.basename(parent).startswith("greenpen-run-"):  # greenpen cannot remove it now
        import shutil

        shutil.rmtree(parent, ignore_errors=True)
    os._exit(0)


def main() -> None:
    args = sys.argv[1:]
    opts = dict(zip(args[::2], args[1::2], strict=False))
    serve(int(opts["--results-fd"]), opts["--scratch"].split(":"), opts.get("--pidns") == "1")


if __name__ == "__main__":
    main()
