"""Run a question's code checks on a student's answer and turn the outcome into findings.

One sandbox run per answer: the student's code once, then every check of the question.
Anything that goes wrong inside the sandbox becomes a finding; nothing is raised.
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import replace
from typing import Any

from greenpen.code.compare import expected_plain, likely_cause, same, same_output, show
from greenpen.code.environment import missing_module, unknown_call, without_bare_calls_of, without_imports_of
from greenpen.code.extract import CodeExtraction, extract_code
from greenpen.code.names import BUILTINS, bind_inputs, defines, free_names
from greenpen.code.sandbox import NO_SANDBOX, Limits, Mode, RunResult, run_job, sandbox_mode, unsafe_allowed
from greenpen.code.statements import parse_quietly
from greenpen.domain import CodeCheck, Finding, Question
from greenpen.errors import SandboxError

MAX_EVIDENCE = 240
GROUP_ID = "code"
"""The id of a finding about the code as a whole (`no_code`, `code_unrunnable`)."""


def _excerpt(ex: CodeExtraction) -> str:
    text = "\n".join(ex.spans)
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - 1] + "…"


def _job(code: str, checks: tuple[CodeCheck, ...], inputs: dict[str, Any] | None = None) -> dict[str, Any]:
    setups = _implied_imports(code) + list(dict.fromkeys(c.setup for c in checks if c.setup.strip()))
    if inputs:  # the check's input, bound to the names the student's code uses for it
        setups.append("\n".join(f"{name} = {value!r}" for name, value in inputs.items()))
    everything = code + "\n".join(setups) + " ".join(c.expr for c in checks)
    preload = [m for m in ("torch", "numpy") if m in everything or (m == "numpy" and "np." in everything)]
    return {
        "code": code,
        "setups": setups,
        "preload": preload,
        "checks": [
            {"id": c.id, "kind": c.kind, "expr": c.expr, "name": c.name, "args": expected_plain(list(c.args))}
            for c in checks
        ],
    }


IMPLIED = {
    "torch": "import torch",
    "np": "import numpy as np",
    "nn": "from torch import nn",
    "F": "import torch.nn.functional as F",
}


def _implied_imports(code: str) -> list[str]:
    """Imports a student left out because the question implies them (`torch.tensor(…)`)."""
    found: list[str] = []
    for name, statement in IMPLIED.items():
        used = re.search(rf"(?<![\w.]){name}\.", code)
        bound = re.search(rf"\bimport\b[^\n]*\b{name}\b|\b{name}\s*=", code)
        if used and not bound:
            found.append(statement)
    return found


def check_code(
    answer_text: str,
    question: Question,
    *,
    timeout: float = 10.0,
    limits: Limits | None = None,
    mode: Mode | None = None,
) -> tuple[Finding, ...]:
    """Findings for each of `question.checks` on the code in `answer_text` (see module doc); for a question that
    asks for code and has no checks, whether the code runs away (`runs_away`)."""
    if not question.checks:
        return runs_away(answer_text, limits or Limits(timeout=timeout), mode) if question.asks_code else ()
    ex = extract_code(answer_text)
    if ex.code is None:
        if ex.found:
            detail = f"your code could not be run: {ex.reason}"
            return (Finding("code_unrunnable", GROUP_ID, _excerpt(ex), detail),)
        if question.asks_code:
            detail = "the question asks for code, and the answer contains none"
            return (Finding("no_code", GROUP_ID, "", detail),)
        return ()
    limits = limits or Limits(timeout=timeout)
    if mode is None and sandbox_mode() != "bubblewrap" and not unsafe_allowed():
        return tuple(Finding("code_unrunnable", c.id, _excerpt(ex), NO_SANDBOX) for c in question.checks)
    inputs: dict[str, Any] = {}
    try:
        job = _job(ex.code, question.checks)
        result = run_job(job, limits, mode)
        ex, result, lacking = _without_what_is_lacking(ex, result, job, limits, mode)
        if lacking:
            detail = (f"not run: your code calls `{lacking}`, which neither it nor the course's setup defines where "
                      "greenpen runs code (a library's function?), so its result could not be checked")
            return tuple(Finding("code_unrunnable", c.id, _excerpt(ex), detail) for c in question.checks)
        missing = _inputs_used(ex, result, answer_text, job["setups"])
        if missing:
            inputs = bind_inputs(missing, [c.args for c in question.checks]) or {}
            if not inputs:
                detail = (f"not run: your code uses {_names(missing)}, which it does not define, so its result "
                          "could not be checked")
                return tuple(Finding("code_unrunnable", c.id, _excerpt(ex), detail) for c in question.checks)
            result = run_job(_job(ex.code or "", question.checks, inputs), limits, mode)
    except (SandboxError, OSError) as exc:
        detail = f"greenpen could not run the code: {exc}"
        return tuple(Finding("code_unrunnable", c.id, _excerpt(ex), detail) for c in question.checks)
    findings = tuple(_judge(check, ex, result, answer_text, question.text) for check in question.checks)
    if inputs:
        given = " and ".join(f"{name} = {show(expected_plain(value))}" for name, value in inputs.items())
        findings = tuple(replace(f, detail=f"{f.detail} — run with {given}, the question's input")
                         if f.kind in ("code_ok", "code_wrong", "code_error") else f for f in findings)
    return findings


_RUNAWAY = re.compile(r"^RecursionError\b")
"""An error no missing context can cause: the student's own recursion never stops."""


def runs_away(answer_text: str, limits: Limits, mode: Mode | None = None) -> tuple[Finding, ...]:
    """A question that asks for code and has no checks says nothing of the result it wants, so the code is only
    run to see whether it stops: a recursion with no case that ends it ("def fib(n): if n == 0: return 0; return
    fib(n - 1) + fib(n - 2)") is an error whatever the course, where a NameError or a TypeError may only be the
    context the answer assumes (its data, the course's objects), and is left alone."""
    ex = extract_code(answer_text)
    if ex.code is None or (mode is None and sandbox_mode() != "bubblewrap" and not unsafe_allowed()):
        return ()
    try:
        result = run_job(_job(ex.code, ()), limits, mode)
    except (SandboxError, OSError):
        return ()
    error = str((result.stages.get("code") or {}).get("error") or "")
    if not _RUNAWAY.match(error):
        return ()
    kind, _, message = error.partition(":")
    said = f"{kind} ({message.strip()})" if message.strip() else kind
    return (Finding("code_error", GROUP_ID, _excerpt(ex),
                    f"{said}: the recursion never reaches a case that stops it"),)


LACKING_RUNS = 3
"""Most re-runs without what greenpen lacks (a module, then a function, …) before the code is judged as it ran."""


def _without_what_is_lacking(ex: CodeExtraction, result: RunResult, job: dict[str, Any], limits: Limits,
                             mode: Mode | None) -> tuple[CodeExtraction, RunResult, str]:
    """The code run again without the imports of modules greenpen lacks and the bare calls of functions it lacks
    (`environment.py`): never the student's fault. Returns the code as last run, its result, and the name of a
    function the code cannot run without and greenpen lacks ("" when none stopped it)."""
    for _ in range(LACKING_RUNS):
        error = str((result.stages.get("code") or {}).get("error") or "")
        code = ex.code or ""
        module = missing_module(error)
        if module is not None:
            rerun, dropped = without_imports_of(code, module)
            if not dropped:
                break
        elif (name := unknown_call(code, error, job["setups"])) is not None:
            rerun = without_bare_calls_of(code, name) or ""
            if not rerun:
                return ex, result, name
        else:
            break
        ex = replace(ex, code=rerun)
        result = run_job({**job, "code": rerun}, limits, mode)
    return ex, result, ""


def _names(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _inputs_used(ex: CodeExtraction, result: RunResult, answer: str, setups: list[str]) -> list[str]:
    """The names the student's code uses for the question's input, defining them nowhere, when
    that is what stopped it ("[2*x for x in nums if x % 2]" for "the odd numbers of a list"):
    a NameError for a name the code never assigns, and the answer's prose does not give it either."""
    code = result.stages.get("code") or {}
    m = _UNDEFINED.match(str(code.get("error") or ""))
    if not m or ex.code is None or defines(ex.code, m.group(1)) or _given_in_prose(m.group(1), ex, answer):
        return []
    free = free_names(ex.code, setups)
    return free if m.group(1) in free else []


def _prose(ex: CodeExtraction, answer: str) -> str:
    """The answer without its code."""
    for span in ex.spans:
        answer = answer.replace(span, " ")
    return answer


def _given_in_prose(name: str, ex: CodeExtraction, answer: str) -> bool:
    """The prose around the code gives the name a value ("… with nums = [1, 2] this gives …")."""
    return bool(re.search(rf"(?<![\w.]){re.escape(name)}\s*=(?!=)", _prose(ex, answer)))


def _judge(check: CodeCheck, ex: CodeExtraction, result: RunResult, answer: str, asked: str = "") -> Finding:
    evidence = _excerpt(ex)
    ready = result.stages.get("ready", {})
    if "setup_error" in ready:
        detail = (
            f"the check's own setup failed ({ready['setup_error'].strip()}) — the course pack needs fixing"
        )
        return Finding("code_unrunnable", check.id, evidence, detail)
    code = result.stages.get("code")
    if code is None or result.status in ("output_flood", "tampered", "memory"):
        return _stopped(check, evidence, result)
    if "error" in code:
        return _error(check, ex, code, answer, evidence)
    produced: Any
    if check.kind == "output":
        printed = str(code.get("stdout", ""))
        cut = int(code.get("stdout_total", 0)) > len(printed)
        if same_output(printed, check.expect):
            return Finding("code_ok", check.id, evidence, "your code prints the expected output")
        note = " (output cut short: it printed too much)" if cut else ""
        shown = show(printed.strip()) if printed.strip() else "nothing"
        return Finding("code_wrong", check.id, evidence,
                       _wrong(f"your code prints {shown}{note}", check, printed.strip()))
    if check.kind == "expression":
        final = code.get("final")
        if final is None:
            return Finding("code_wrong", check.id, evidence, _no_result(ex))
        produced = final.get("value")
        shown = _shown_last(ex.code or "", produced)
        if shown is not None and same(shown, expected_plain(check.expect)) and not same(produced, check.expect):
            # `t, t[1:, 1:]` in a notebook shows the tensor and then the block asked for
            detail = f"your code shows {show(produced)}; its last value, {show(shown)}, is the result asked for"
            return Finding("code_ok", check.id, evidence, detail)
        looked_at = code.get("inspected") or {}
        if looked_at and same(looked_at.get("value"), expected_plain(check.expect)) \
                and not same(produced, check.expect):
            # `b = t[1:, 1:]` then `print(b.shape)`: the last line looks at the result, `b` is it
            detail = (f"your code ends by looking at `{looked_at['name']}`; its value, {show(looked_at.get('value'))}, "
                      "is the result asked for")
            return Finding("code_ok", check.id, evidence, detail)
        return _compare(check, ex, evidence, produced, "your code produces")
    stage = result.stages.get(check.id)
    if stage is None:
        return _stopped(check, evidence, result)
    if "error" in stage:
        unnamed = _UNDEFINED.match(str(stage.get("error") or ""))
        if code.get("final") is None and re.search(r"(?<![\w.])_(?!\w)", check.expr):
            # the check reads the code's last value, and the code ends with none ("def middle(x): …", never called):
            # say so, not "your code stops with an error" for what the check raised on nothing
            return Finding("code_wrong", check.id, evidence, _no_result(ex))
        if unnamed and unnamed.group(1) in re.findall(r"[A-Za-z_]\w*", check.expr):
            name = unnamed.group(1)
            if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", asked):  # "…stores them in precision, recall and f1"
                return Finding("code_wrong", check.id, evidence,
                               f"it leaves no `{name}`, which the question asks for")
            # the code ran; the check looks for a name it does not leave ("X_tr, X_te = …" where the check reads
            # `X_train`) and the question did not give that name: no error of the code, and nothing checked
            return Finding("code_unrunnable", check.id, evidence,
                           f"{NOT_CHECKED}your code runs, but it leaves no `{name}`, which the check "
                           f"`{check.expr}` looks at (your results have other names, or this one is not computed)")
        return _error(check, ex, stage, answer, evidence)
    if check.kind == "function":
        return _function(check, ex, evidence, code, stage)
    if re.search(r"(?<![\w.])_(?![\w])", check.expr) and code.get("final") is not None:
        produced = show(code["final"].get("value"))
        if same(stage.get("value"), expected_plain(check.expect)):
            return Finding("code_ok", check.id, evidence, f"your code runs and gives {produced}, as asked")
        detail = _wrong(f"your code gives {produced}", check, code["final"].get("value"))
        return Finding("code_wrong", check.id, evidence, detail)
    return _compare(check, ex, evidence, stage.get("value"), f"after your code, `{check.expr}` is")


def _no_result(ex: CodeExtraction) -> str:
    """Why code that ran gives nothing to check: it ends with a function it never calls, or with no value."""
    try:
        last = parse_quietly(ex.code or "").body[-1]
    except (SyntaxError, IndexError):
        last = None
    if isinstance(last, ast.FunctionDef):
        params = ", ".join(a.arg for a in last.args.args)
        return (f"your code defines `{last.name}({params})` but never calls it, so there is no result to check — end "
                "it with a call on the question's input")
    return ("your code runs, but it does not end with an expression or assignment that gives the result, so there is "
            "nothing to check — end it with the value asked for")


def _shown_last(code: str, produced: Any) -> Any:
    """The last of several values the code ends by showing (`t, t[1:, 1:]`), else None."""
    try:
        last = parse_quietly(code).body[-1]
    except (SyntaxError, IndexError):
        return None
    items = produced.get("__tuple__") if isinstance(produced, dict) else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Tuple) and isinstance(items, list)):
        return None
    return items[-1] if len(items) == len(last.value.elts) >= 2 else None


def _function(
    check: CodeCheck, ex: CodeExtraction, evidence: str, code: dict[str, Any], stage: dict[str, Any]
) -> Finding:
    expected = expected_plain(check.expect)
    if stage.get("no_function"):
        final = code.get("final")
        if final is not None and same(final.get("value"), expected):
            detail = (
                "your code computes the right result for these inputs, but the question asks for a "
                "function that takes them as arguments (def f(a, b): …)"
            )
        else:
            detail = "the question asks for a function, but your code defines none (no `def` or named lambda)"
        return Finding("code_wrong", check.id, evidence, detail)
    args = ", ".join(show(a) for a in expected_plain(list(check.args)))
    call = f"`{stage.get('function', 'f')}({args})`"
    return _compare(check, ex, evidence, stage.get("value"), f"{call} returns", function=True)


def _compare(
    check: CodeCheck, ex: CodeExtraction, evidence: str, produced: Any, lead: str, *, function: bool = False
) -> Finding:
    expected = expected_plain(check.expect)
    if same(produced, expected):
        return Finding("code_ok", check.id, evidence, f"{lead} {show(produced)}, as expected")
    cause = likely_cause(ex.code or "", produced, expected, function=function)
    detail = _wrong(f"{lead} {show(produced)}", check, produced)
    named = re.search(r"`([^`]+)`", cause)
    if cause and not (named and named.group(1) in detail):  # the pack's message may say it
        detail += f" — {cause}"
    return Finding("code_wrong", check.id, evidence, detail)


def _wrong(what: str, check: CodeCheck, produced: Any) -> str:
    message = _message_for(check.message, produced)
    if message:
        sentence = message[:1].isupper()
        return f"{what}{'. ' if sentence else '; '}{message}"
    return f"{what}, but {show(expected_plain(check.expect))} is expected"


_IF_GOT = "If you got "


def _got(part: str) -> str | None:
    """X in a sentence "If you got X, …" (the shortest text before a comma that is a Python literal)."""
    if not part.startswith(_IF_GOT):
        return None
    rest = part[len(_IF_GOT):]
    cuts = [m.start() for m in re.finditer(r",\s", rest)]
    for cut in cuts:
        try:
            ast.literal_eval(rest[:cut])
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            continue
        return rest[:cut]
    return rest[:cuts[0]] if cuts else None


def _message_for(message: str, produced: Any) -> str:
    """The check's message for this result: a sentence "If you got X, …" only when the result is X
    (as a Python literal, or the printed text), so a student who got something else is not told it."""
    kept = []
    for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(message.split())):
        got = _got(part)
        if got is not None and not (isinstance(produced, str) and same_output(produced, got)):
            try:
                value = ast.literal_eval(got)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                continue
            if not same(produced, expected_plain(value)):
                continue
        kept.append(part)
    return " ".join(kept)


_WORD_RUN = re.compile(r"\b(?=([A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,})\b)")
_UNDEFINED = re.compile(r"NameError: name '(\w+)' is not defined")
NOT_CHECKED = "not checked: "
"""How the detail of code that ran but left nothing for its check to look at begins."""
MIXED_WITH_PROSE = "mixes prose with the code"
"""Said of code that could not be run because prose is mixed in (the report's notes ask the teacher to read it)."""


def _python_word(word: str) -> bool:
    return keyword.iskeyword(word) or keyword.issoftkeyword(word) or word in BUILTINS


def _looks_like_prose(error: str, source: str, ex: CodeExtraction, answer: str) -> bool:
    """An error that comes from prose taken for code ("… this gives [2, 6, 10]"), not from the code:
    a syntax error in a line with three words in a row, two of them not Python's own (`x is not None`,
    `not in range` are code), or a name the prose around the code gives a value."""
    if error.startswith("SyntaxError"):
        runs = (m.group(1).split() for m in _WORD_RUN.finditer(source.split("#", 1)[0]))
        return any(sum(not _python_word(w) for w in run) >= 2 for run in runs)
    m = _UNDEFINED.match(error)
    return m is not None and _given_in_prose(m.group(1), ex, answer)


def _error(check: CodeCheck, ex: CodeExtraction, info: dict[str, Any], answer: str, evidence: str) -> Finding:
    source = str(info.get("source") or "")
    detail = str(info.get("error") or info.get("type") or "an error")
    if _looks_like_prose(detail, source, ex, answer):
        # "… -> with nums = [1, 2] this gives [2, 6]": the extraction took prose for code.
        return Finding("code_unrunnable", check.id, evidence,
                       f"not run: `{source.strip()}` {MIXED_WITH_PROSE}, so it could not be run as written")
    if detail.startswith("AssertionError") and source.lstrip().startswith("assert "):
        # the student's own check: the code ran and gave another result than the one the student expected
        return Finding("code_wrong", check.id, source if source in answer else evidence,
                       f"your own check `{source.strip()}` fails, so the code gives another result than you expected")
    if source:
        detail += f" — in `{source}`"
    if ex.rebuilt:
        detail += " (greenpen restored the code's lost line breaks or indentation to run it)"
    if source and source in answer:
        evidence = source
    return Finding("code_error", check.id, evidence, detail)


def _stopped(check: CodeCheck, evidence: str, result: RunResult) -> Finding:
    if result.status == "failed":
        return Finding(
            "code_unrunnable", check.id, evidence, f"greenpen could not run the code: {result.detail}"
        )
    detail = re.sub(r"^it\b", "your code", result.detail) or "your code stopped before giving a result"
    if result.status == "timeout":
        detail += " — is there a loop that never ends?"
    return Finding("code_error", check.id, evidence, detail)
