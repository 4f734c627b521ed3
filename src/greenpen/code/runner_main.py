"""The script run *inside* the sandbox: the student's code once, then each check.

Standalone on purpose: it imports only the standard library (greenpen itself is not
visible in the sandbox; student code may import torch or numpy). Protocol:

- stdin: one JSON job ``{"nonce", "code", "setups", "checks", "fork", "output_cap",
  "preload"}``, read completely before any student code runs;
- fd ``result_fd`` (3 unless the job says otherwise): result lines ``<nonce> <json>``,
  one per stage: ``ready`` (imports done), ``code`` (the student's code ran or failed), then one per check id;
- fd 1/2: whatever the student's code writes at the C level (``print`` is captured).

Values are sent as plain JSON (tensors and arrays through ``tolist()``; a tuple as
``{"__tuple__": [...]}`` so reports can show it as written).
"""

from __future__ import annotations

import ast
import contextlib
import ctypes
import io
import itertools
import json
import math
import os
import signal
import sys
import time
import traceback
from typing import Any

FILENAME = "<answer>"
MAX_ITEMS = 10_000
MAX_STR = 2_000


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
    return tree, None, "none"


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


class Runner:
    """Runs one job and writes result lines to fd 3."""

    def __init__(self, job: dict[str, Any], out: io.TextIOBase) -> None:
        self.job = job
        self.out = out
        self.nonce = str(job["nonce"])
        self.stdout = CappedWriter(int(job.get("output_cap", 65536)))
        self.ns: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
        self.code: str = job["code"]
        self.lines = self.code.splitlines()

    def emit(self, stage: str, payload: dict[str, Any]) -> None:
        payload["stage"] = stage
        self.out.write(f"{self.nonce} {json.dumps(payload)}\n")
        self.out.flush()

    def run(self) -> None:
        for module in self.job.get("preload", []):
            with contextlib.suppress(Exception):
                __import__(module)
        for setup in self.job.get("setups", []):
            try:
                exec(compile(setup, "<setup>", "exec"), self.ns)
            except BaseException as exc:  # noqa: B036 - anything the setup raises is reported
                self.emit("ready", {"setup_error": traceback.format_exception_only(type(exc), exc)[-1]})
                return
        self.emit("ready", {})
        try:
            tree = ast.parse(self.code, FILENAME)
        except SyntaxError as exc:
            self.emit("code", error_info(exc, self.lines))
            return
        body, final, how = split_final(tree)
        started = time.monotonic()
        result: dict[str, Any] = {}
        with contextlib.redirect_stdout(self.stdout), contextlib.redirect_stderr(CappedWriter(4096)):
            try:
                self.ns["_"] = None
                exec(compile(body, FILENAME, "exec"), self.ns)
                if final is not None:
                    expression = ast.fix_missing_locations(ast.Expression(final))
                    value = eval(compile(expression, FILENAME, "eval"), self.ns)
                    self.ns["_"] = value  # `value` checks may test the final value as `_`
                    if how == "print":
                        print(value)
                    result["final"] = describe(value)
                    result["final_how"] = how
            except SystemExit as exc:
                if exc.code not in (None, 0):
                    result.update(error_info(exc, self.lines))
            except BaseException as exc:  # noqa: B036 - student code may raise anything
                result.update(error_info(exc, self.lines))
        result["seconds"] = round(time.monotonic() - started, 3)
        result["stdout"] = self.stdout.getvalue()
        result["stdout_total"] = self.stdout.total
        self.emit("code", result)
        if "error" in result:
            return
        for check in self.job.get("checks", []):
            self.emit(str(check["id"]), self.run_check(check, tree))

    def run_check(self, check: dict[str, Any], tree: ast.Module) -> dict[str, Any]:
        kind = check["kind"]
        with contextlib.redirect_stdout(CappedWriter(4096)):
            try:
                if kind == "value":
                    return describe(eval(compile(check["expr"], "<check>", "eval"), self.ns))
                if kind == "function":
                    fn, name = student_function(tree, self.ns, str(check.get("name", "")))
                    if fn is None:
                        return {"no_function": True}
                    out = describe(fn(*check.get("args", [])))
                    out["function"] = name
                    return out
            except BaseException as exc:  # noqa: B036 - student code may raise anything
                return error_info(exc, self.lines)
        return {}


def become_reaper() -> None:
    """Fallback mode: fork so the student cannot signal greenpen as its parent; reap leftovers."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    pid = os.fork()
    if pid == 0:
        return
    _, status = os.waitpid(pid, 0)
    for _ in range(20):
        children = [p for p in os.listdir("/proc") if p.isdigit() and _ppid(int(p)) == os.getpid()]
        if not children:
            break
        for child in children:
            with contextlib.suppress(OSError):
                os.kill(int(child), signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        time.sleep(0.01)
    code = os.waitstatus_to_exitcode(status)
    os._exit(128 - code if code < 0 else code)


def _ppid(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def main() -> None:
    job = json.loads(sys.stdin.read())
    sys.stdin.close()
    sys.stdin = io.StringIO("")  # input() in student code: EOFError, not a hang
    if job.get("fork"):
        become_reaper()
    out = os.fdopen(int(job.get("result_fd", 3)), "w", encoding="utf-8")
    Runner(job, out).run()
    out.close()
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
