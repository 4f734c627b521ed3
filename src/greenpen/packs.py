"""Course packs: load, validate and find the YAML files that hold questions and rubrics.

The format is documented in docs/pack-format.md. Validation names the file, the line,
the question and the field at fault, and says how to fix it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .cue_words import CueSyntaxError, Synonyms, check_synonyms, to_pattern
from .domain import CodeCheck, CueSet, KeyPoint, Misconception, Pack, Part, Question
from .errors import PackError

LINE = "__line__"
LINES = "__lines__"

PACK_KEYS = {"id", "title", "course", "language", "reveal", "code_setup", "synonyms", "questions"}
QUESTION_KEYS = {
    "id", "number", "text", "aliases", "reference", "key_points", "misconceptions",
    "parts", "checks", "asks_code", "going_further", "taught_in",
}
KEY_POINT_KEYS = {"id", "text", "weight", "praise", "hint", "cues", "examples", "counter_examples", "implied_by"}
MISCONCEPTION_KEYS = {"id", "text", "correction", "cues", "examples"}
PART_KEYS = {"id", "text", "points", "cues", "attachment"}
CHECK_KEYS = {"id", "kind", "expect", "expr", "name", "args", "setup", "message"}
CHECK_KINDS = ("value", "expression", "output", "function")


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that records the line of every mapping under `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    mapping[LINES] = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return mapping  # type: ignore[return-value]


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Where:
    """Builds error messages that point at the file, line, question and field."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pack_id = Path(source).stem
        self.synonyms: Synonyms = {}
        """The pack's `synonyms:`, which its cues are read with."""

    def fail(self, node: dict[str, Any] | None, what: str, fix: str, key: str = "") -> PackError:
        number = (node.get(LINES, {}).get(key) or node.get(LINE)) if node else None
        line = f":{number}" if number else ""
        return PackError(f"pack {self.pack_id} ({self.source}{line}): {what} — {fix}")


def _check_keys(where: _Where, node: dict[str, Any], allowed: set[str], ctx: str) -> None:
    for key in node:
        if key in (LINE, LINES) or key in allowed:
            continue
        close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
        fix = f'did you mean "{close[0]}:"?' if close else f"allowed: {', '.join(sorted(allowed))}"
        raise where.fail(node, f'{ctx}: unknown field "{key}"', fix, key)


def _text(where: _Where, node: dict[str, Any], key: str, ctx: str, required: bool = True) -> str:
    value = node.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        raise where.fail(node, f'{ctx}: "{key}" must be text', f'write it as `{key}: "…"`', key)
    text = str(value).strip()
    if required and not text:
        raise where.fail(node, f'{ctx} has no {key}', f'add a "{key}:" line')
    return text


def _strings(where: _Where, node: dict[str, Any], key: str, ctx: str) -> tuple[str, ...]:
    value = node.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise where.fail(node, f'{ctx}: "{key}" must be a list of texts', "write one `- …` per item")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _cues(where: _Where, node: dict[str, Any], ctx: str) -> tuple[CueSet, ...]:
    """The cues as patterns: words (docs/pack-format.md, `cue_words`) or regular expressions."""
    value = node.get("cues") or []
    if not isinstance(value, list):
        raise where.fail(node, f'{ctx}: "cues" must be a list', "write one `- words` per cue")
    cues: list[CueSet] = []
    for entry in value:
        group = entry if isinstance(entry, list) else [entry]
        patterns = []
        for cue in group:
            if not isinstance(cue, str) or not cue.strip():
                raise where.fail(node, f"{ctx}: a cue is empty or not text", "quote each cue", "cues")
            try:
                pattern = to_pattern(cue.strip(), where.synonyms)
                re.compile(pattern, re.IGNORECASE)
            except CueSyntaxError as exc:
                raise where.fail(node, f"{ctx}: {exc}", "write the words to look for, e.g. `gradient ... zero`",
                                 "cues") from None
            except re.error as exc:
                raise where.fail(node, f'{ctx}: cue "{cue}" is not a valid regex ({exc})',
                                 "write the cue in words (`matrix multiplication | matmul`), or fix the "
                                 "pattern (escape ( ) [ ] * + ? with a backslash)", "cues") from None
            patterns.append(pattern)
        cues.append(tuple(patterns))
    return tuple(cues)


def _items(where: _Where, node: dict[str, Any], key: str, ctx: str) -> list[dict[str, Any]]:
    value = node.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise where.fail(node, f'{ctx}: "{key}" must be a list of entries', "start each with `- id: …`")
    return value


def _ident(where: _Where, node: dict[str, Any], ctx: str, seen: set[str]) -> str:
    ident = _text(where, node, "id", ctx)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", ident):
        raise where.fail(node, f'{ctx}: id "{ident}" has unusual characters',
                         "use letters, digits, - and _ (no spaces)")
    if ident in seen:
        raise where.fail(node, f'{ctx}: id "{ident}" is used twice', "give each entry its own id")
    seen.add(ident)
    return ident


def _key_point(where: _Where, node: dict[str, Any], qctx: str, seen: set[str]) -> KeyPoint:
    ctx = f"{qctx}, key point"
    ident = _ident(where, node, ctx, seen)
    ctx = f'{qctx}: key point "{ident}"'
    _check_keys(where, node, KEY_POINT_KEYS, ctx)
    weight = node.get("weight", 1)
    if not isinstance(weight, int | float) or weight <= 0:
        raise where.fail(node, f"{ctx}: weight must be a positive number", "write e.g. `weight: 2`")
    return KeyPoint(
        id=ident, text=_text(where, node, "text", ctx), weight=float(weight),
        praise=_text(where, node, "praise", ctx, required=False),
        hint=_text(where, node, "hint", ctx, required=False),
        cues=_cues(where, node, ctx), examples=_strings(where, node, "examples", ctx),
        counter_examples=_strings(where, node, "counter_examples", ctx),
        implied_by=_strings(where, node, "implied_by", ctx),
    )


def _misconception(where: _Where, node: dict[str, Any], qctx: str, seen: set[str]) -> Misconception:
    ident = _ident(where, node, f"{qctx}, misconception", seen)
    ctx = f'{qctx}: misconception "{ident}"'
    _check_keys(where, node, MISCONCEPTION_KEYS, ctx)
    return Misconception(
        id=ident, text=_text(where, node, "text", ctx),
        correction=_text(where, node, "correction", ctx),
        cues=_cues(where, node, ctx), examples=_strings(where, node, "examples", ctx),
    )


def _part(where: _Where, node: dict[str, Any], qctx: str, seen: set[str], points: set[str]) -> Part:
    ident = _ident(where, node, f"{qctx}, part", seen)
    ctx = f'{qctx}: part "{ident}"'
    _check_keys(where, node, PART_KEYS, ctx)
    refs = _strings(where, node, "points", ctx)
    for ref in refs:
        if ref not in points:
            raise where.fail(node, f'{ctx}: refers to key point "{ref}" that this question lacks',
                             f"use one of: {', '.join(sorted(points)) or '(no key points yet)'}", "points")
    return Part(id=ident, text=_text(where, node, "text", ctx), points=refs,
                cues=_cues(where, node, ctx), attachment=bool(node.get("attachment", False)))


def _check(where: _Where, node: dict[str, Any], qctx: str, seen: set[str]) -> CodeCheck:
    ident = _ident(where, node, f"{qctx}, check", seen)
    ctx = f'{qctx}: check "{ident}"'
    _check_keys(where, node, CHECK_KEYS, ctx)
    kind = node.get("kind")
    if kind not in CHECK_KINDS:
        raise where.fail(node, f'{ctx}: kind "{kind}" is not known', f"use one of: {', '.join(CHECK_KINDS)}")
    args = node.get("args") or []
    if not isinstance(args, list):
        raise where.fail(node, f'{ctx}: "args" must be a list', "write `args: [[1, 2], 'ab']`")
    expect = node.get("expect")
    return CodeCheck(
        id=ident, kind=kind, expect=_strip_lines(expect), expr=_text(where, node, "expr", ctx, False),
        name=_text(where, node, "name", ctx, False), args=tuple(_strip_lines(args)),
        setup=_text(where, node, "setup", ctx, False), message=_text(where, node, "message", ctx, False),
    )


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in (LINE, LINES)}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _question(where: _Where, node: dict[str, Any], index: int, seen_ids: set[str],
              seen_numbers: set[int]) -> Question:
    ident = _ident(where, node, f"question {index}", seen_ids)
    number = node.get("number")
    if not isinstance(number, int) or number < 1:
        raise where.fail(node, f'question "{ident}": "number" must be a whole number ≥ 1',
                         "add e.g. `number: 12`", "number")
    if number in seen_numbers:
        raise where.fail(node, f"question {number} ({ident}): number {number} is used twice",
                         "number the questions 1, 2, 3, …")
    seen_numbers.add(number)
    ctx = f"question {number}"
    _check_keys(where, node, QUESTION_KEYS, ctx)
    inner: set[str] = set()
    point_nodes = _items(where, node, "key_points", ctx)
    key_points = tuple(_key_point(where, n, ctx, inner) for n in point_nodes)
    point_ids = {k.id for k in key_points}
    for kp, kp_node in zip(key_points, point_nodes, strict=True):
        unknown = [k for k in kp.implied_by if k not in point_ids or k == kp.id]
        if unknown:
            others = ", ".join(sorted(point_ids - {kp.id})) or "(none)"
            raise where.fail(kp_node, f'{ctx}: key point "{kp.id}": implied_by names "{unknown[0]}", which is not '
                                      "another key point of this question", f"use one of: {others}")
    return Question(
        id=ident, number=number, text=_text(where, node, "text", ctx),
        aliases=_strings(where, node, "aliases", ctx),
        reference=_text(where, node, "reference", ctx, required=not key_points),
        key_points=key_points,
        misconceptions=tuple(_misconception(where, n, ctx, inner)
                             for n in _items(where, node, "misconceptions", ctx)),
        parts=tuple(_part(where, n, ctx, inner, point_ids) for n in _items(where, node, "parts", ctx)),
        checks=tuple(_check(where, n, ctx, inner) for n in _items(where, node, "checks", ctx)),
        asks_code=bool(node.get("asks_code", False)),
        going_further=_strings(where, node, "going_further", ctx),
        taught_in=_text(where, node, "taught_in", ctx, required=False),
    )


def parse_pack(text: str, source: str) -> Pack:
    """Parse and validate the YAML text of a pack; `source` names it in errors."""
    where = _Where(source)
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PackError(f"pack {where.pack_id} ({source}{line}): not valid YAML ({problem}) — "
                        "check the indentation and quote texts that contain ': '") from None
    if not isinstance(data, dict):
        raise PackError(f"pack {where.pack_id} ({source}): the file must be a mapping with "
                        "`id:`, `title:` and `questions:` — see docs/pack-format.md")
    where.pack_id = str(data.get("id") or where.pack_id)
    _check_keys(where, data, PACK_KEYS, "pack")
    if data.get("synonyms") is not None:
        try:
            where.synonyms = check_synonyms({k: v for k, v in data["synonyms"].items() if k not in (LINE, LINES)}
                                            if isinstance(data["synonyms"], dict) else data["synonyms"])
        except CueSyntaxError as exc:
            raise where.fail(data, str(exc), "write e.g. `synonyms: {gradient: [gradiente, derivative]}`",
                             "synonyms") from None
    questions_node = _items(where, data, "questions", "pack")
    if not questions_node:
        raise where.fail(data, "pack has no questions", 'add a "questions:" list')
    ids: set[str] = set()
    numbers: set[int] = set()
    questions = tuple(_question(where, n, i + 1, ids, numbers) for i, n in enumerate(questions_node))
    code_setup = _text(where, data, "code_setup", "pack", required=False)
    if code_setup:
        try:
            compile(code_setup, "<code_setup>", "exec")
        except SyntaxError as exc:
            raise where.fail(data, f"code_setup is not valid Python ({exc.msg}, line {exc.lineno})",
                             "write the imports the course's code assumes, one per line", "code_setup") from None
        questions = tuple(_with_course_setup(q, code_setup) for q in questions)
    reveal = data.get("reveal", "hint")
    if reveal not in ("hint", "full"):
        raise where.fail(data, f'reveal "{reveal}" is not known', 'use "hint" or "full"')
    return Pack(
        id=_text(where, data, "id", "pack"), title=_text(where, data, "title", "pack"),
        questions=tuple(sorted(questions, key=lambda q: q.number)),
        language=_text(where, data, "language", "pack", required=False) or "en",
        course=_text(where, data, "course", "pack", required=False), reveal=reveal, source=source,
    )


def _with_course_setup(question: Question, code_setup: str) -> Question:
    """Run the course's own setup (`code_setup:`) before every code check, so that a name the
    course provides (fastai's `tensor`) is never a NameError in a student's code."""
    if not question.checks:
        return question
    checks = tuple(replace(c, setup=f"{code_setup}\n{c.setup}".strip()) for c in question.checks)
    return replace(question, checks=checks)


def load_pack(path: str | Path) -> Pack:
    """Load a pack from a YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(f"pack file {path} does not exist — check the path, or run "
                        "`greenpen packs` to list the packs that ship") from None
    except UnicodeDecodeError:
        raise PackError(f"pack file {path} is not UTF-8 text — save it as UTF-8") from None
    return parse_pack(text, str(path))


def _bundled() -> Iterator[tuple[str, Path]]:
    folder = resources.files("greenpen") / "data" / "packs"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            yield entry.name[: -len(".yaml")], Path(str(entry))


_CACHE: dict[str, Pack] = {}


def bundled_pack_ids() -> list[str]:
    return [name for name, _ in _bundled()]


def get_pack(name_or_path: str) -> Pack:
    """A shipped pack by id (`fastai-04`) or a teacher's pack by path."""
    if name_or_path in _CACHE:
        return _CACHE[name_or_path]
    for name, path in _bundled():
        if name == name_or_path:
            pack = load_pack(path)
            _CACHE[name_or_path] = pack
            return pack
    if name_or_path.endswith((".yaml", ".yml")) or Path(name_or_path).exists():
        return load_pack(name_or_path)
    known = ", ".join(bundled_pack_ids())
    raise PackError(f'no pack called "{name_or_path}" — use one of: {known}, '
                    "or give the path of a .yaml pack")


def all_packs() -> list[Pack]:
    return [get_pack(name) for name in bundled_pack_ids()]
