"""Text repair on the way in: undo what copy-paste, Markdown and PDF conversion did.

`repair_text` returns the repaired text and short descriptions of each repair made, so a
reader can record them on the `RawAnswer`. Every repair is conservative: when in doubt,
the text is left as the student wrote it.

- mojibake (UTF-8 read as cp1252: `â€”` → `—`, `ðŸ§ ` → `🧠`);
- Markdown escapes (`\\_`, `\\*`, `\\{` …) left by converters;
- stray `$…$` wrapped around a whole line of code;
- `Ir` for `lr` (PDF conversion) in code-like contexts, and ligatures kept as one character (`ﬁ` → `fi`);
- asterisks eaten by Markdown italics (`lrparams.grad` for `lr*params.grad`).

Inside ``` fences the text is treated as code. `reindent_code` rebuilds flattened Python
indentation when exactly one reconstruction compiles.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

__all__ = ["looks_flattened", "reindent_code", "repair_text", "without_ligatures"]

# ─── mojibake ───────────────────────────────────────────────────────────────


def _byte_of(char: str) -> int | None:
    """The byte a cp1252 (or, for its holes, latin-1) decoder turned into `char`."""
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(char) if 0x80 <= ord(char) <= 0x9F else None


_CONTINUATION = "".join(
    c for c in (bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0))
)
_LEAD = "".join(bytes([b]).decode("cp1252") for b in range(0xC2, 0xF5))
_MOJIBAKE = re.compile(f"[{re.escape(_LEAD)}][{re.escape(_CONTINUATION)}]{{1,3}}")


def _fix_mojibake(text: str) -> tuple[str, bool]:
    """Re-decode each run that is UTF-8 bytes shown as cp1252 characters."""
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        raw = bytes(b for b in (_byte_of(c) for c in match.group()) if b is not None)
        if len(raw) != len(match.group()):
            return match.group()
        lead = raw[0]
        need = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        head, tail = raw[:need], match.group()[need:]
        try:
            fixed = head.decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        changed = True
        return fixed + tail

    return _MOJIBAKE.sub(fix, text), changed


# ─── Markdown and PDF artefacts ────────────────────────────────────────────

_ESCAPE = re.compile(r"\\([`*_{}\[\]#+\-.!|~<>$\\])")
_ESCAPE_IN_CODE = re.compile(r"\\([`*_{}\[\]#|~<>$])")
_DOLLAR_LINE = re.compile(r"^(\s*)\$(?!\$)(.+?)(?<!\\)\$(\s*)$", re.MULTILINE)
_CODE_INSIDE = re.compile(r"^[A-Za-z_][\w.]*\s*(\(|=[^=]|\[)|['\"]|\\[{_]")
_IR_IN_CODE = re.compile(r"(?<=[=*/+\-(,\[])(\s*)Ir\b|\bIr(?=\s*(?:\\?\*|[=/+\-),\]]))")
_CODE_LINE = re.compile(
    r"^\s*[A-Za-z_][\w.\[\]]*\s*[-+*/]?=|[A-Za-z_]\(|^\s*(for|while|if|def|return|import)\b"
)
_EATEN_STAR = re.compile(
    r"\blr(params|param|weights|weight|grads|grad|gradients|gradient|p|w)(?=\.(?:grad|data)\b|\b)"
)
_SHORT_TAILS = frozenset({"p", "w"})


def _strip_dollar_lines(text: str) -> tuple[str, bool]:
    """Remove `$…$` around a whole line when what is inside is code, not maths."""
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        inside = match.group(2)
        if not _CODE_INSIDE.search(inside):
            return match.group()
        changed = True
        return inside.strip()

    return _DOLLAR_LINE.sub(fix, text), changed


def _fix_ir(text: str, code_like: bool) -> tuple[str, bool]:
    """`Ir` next to an operator, on a line of code, is `lr` mangled by PDF conversion."""
    lines = text.split("\n")
    fixed = [
        _IR_IN_CODE.sub(lambda m: (m.group(1) or "") + "lr", line)
        if "Ir" in line and (code_like or _CODE_LINE.search(line))
        else line
        for line in lines
    ]
    return "\n".join(fixed), fixed != lines


def _restore_eaten_stars(text: str) -> tuple[str, list[str]]:
    """`lrparams.grad` → `lr*params.grad`: a Markdown italic pair swallowed the `*`s."""
    notes: list[str] = []

    def fix(match: re.Match[str]) -> str:
        tail = match.group(1)
        after = text[match.end() : match.end() + 5]
        if tail in _SHORT_TAILS and after not in (".grad", ".data"):
            return match.group()
        note = f"'{match.group()}' read as 'lr*{tail}'"
        if note not in notes:
            notes.append(note)
        return "lr*" + tail

    return _EATEN_STAR.sub(fix, text), notes


# ─── code indentation ──────────────────────────────────────────────────────

_OPENER = re.compile(r"^(for|while|if|elif|else|def|class|with|try|except|finally|async)\b.*:\s*(#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def looks_flattened(code: str) -> bool:
    """True when a block opener (`for …:`) is followed by a line that is not indented under it."""
    lines = [ln for ln in code.splitlines() if ln.strip()]
    return any(
        _OPENER.match(a.strip()) and _indent(b) <= _indent(a) for a, b in zip(lines, lines[1:], strict=False)
    )


def _compiles(source: str) -> bool:
    try:
        compile(source, "<answer>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def _logical_lines(code: str) -> list[list[str]]:
    """Group physical lines into statements (open brackets continue a statement)."""
    groups: list[list[str]] = []
    depth = 0
    for line in code.splitlines():
        if not line.strip():
            continue
        if depth > 0:
            groups[-1].append(line)
        else:
            groups.append([line])
        code_part = re.sub(r"'[^']*'|\"[^\"]*\"|#.*$", "", line)
        depth = max(
            depth + sum(code_part.count(c) for c in "([{") - sum(code_part.count(c) for c in ")]}"), 0
        )
    return groups


def reindent_code(code: str, *, budget: int = 2000) -> str | None:
    """Rebuild flattened Python indentation; None when no or several reconstructions compile.

    Code that already compiles is returned dedented. Otherwise every statement is given a
    depth (one more after a block opener; the same or shallower after anything else, and
    never outside a block its original indentation puts it in), and the result is kept only
    if exactly one assignment compiles. Pure: no I/O, nothing executed.
    """
    code = textwrap.dedent(code)
    if _compiles(code):
        return code
    groups = _logical_lines(code)
    if not groups:
        return None
    heads = [g[0] for g in groups]
    indents = [_indent(h) for h in heads]
    is_opener = [bool(_OPENER.match(h.strip())) for h in heads]
    found: list[str] = []
    visits = 0

    def render(depths: list[int]) -> str:
        out: list[str] = []
        for group, depth in zip(groups, depths, strict=True):
            pad = "    " * depth
            out.append(pad + group[0].strip())
            out.extend(pad + "    " + ln.strip() for ln in group[1:])
        return "\n".join(out) + "\n"

    def search(depths: list[int], openers: list[int]) -> None:
        """`openers[d]` is the index of the statement that opened depth d+1."""
        nonlocal visits
        visits += 1
        if visits > budget or len(found) > 1:
            return
        i = len(depths)
        if i == len(groups):
            source = render(depths)
            if _compiles(source):
                found.append(source)
            return
        prev = i - 1
        options = [depths[prev] + 1] if is_opener[prev] else list(range(depths[prev], -1, -1))
        for depth in options:
            enclosing = openers[:depth] if not is_opener[prev] else [*openers[: depths[prev]], prev]
            if any(indents[i] < indents[o] for o in enclosing):
                continue
            if any(indents[i] > indents[o] for o in openers[depth : depths[prev]] if not is_opener[prev]):
                continue
            search([*depths, depth], enclosing)

    search([0], [])
    if visits > budget or len(found) != 1:
        return None
    return found[0]


# ─── the one entry point ───────────────────────────────────────────────────

_FENCE = re.compile(r"^(\s*)(```|~~~)")


def _split_fences(text: str) -> list[tuple[str, bool]]:
    """Cut `text` into (segment, is_code) pieces at ``` fences (fence lines stay in code)."""
    pieces: list[tuple[str, bool]] = []
    current: list[str] = []
    in_code = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            if in_code:
                current.append(line)
                pieces.append(("\n".join(current), True))
                current = []
            else:
                if current:
                    pieces.append(("\n".join(current), False))
                current = [line]
            in_code = not in_code
        else:
            current.append(line)
    if current or not pieces:
        pieces.append(("\n".join(current), in_code))
    return pieces


_LIGATURE = re.compile("[\ufb00-\ufb06]")
"""A Latin ligature a PDF's text keeps as one character ("eﬃciency", "overﬁt"): the letters it joins."""


def without_ligatures(text: str) -> str:
    """`text` with each Latin ligature (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) written as its letters."""
    return _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _repair_piece(text: str, code_like: bool, notes: list[str]) -> str:
    def note(what: str) -> None:
        if what not in notes:
            notes.append(what)

    text, changed = _fix_mojibake(text)
    if changed:
        note("mojibake fixed")
    unligated = without_ligatures(text)
    if unligated != text:
        note("ligatures written out")
        text = unligated
    text, changed = _strip_dollar_lines(text)
    if changed:
        note("stray $…$ around a line removed")
    escaped = (_ESCAPE_IN_CODE if code_like else _ESCAPE).sub(r"\1", text)
    if escaped != text:
        note("markdown escapes removed")
        text = escaped
    text, changed = _fix_ir(text, code_like)
    if changed:
        note("'Ir' read as 'lr'")
    text, star_notes = _restore_eaten_stars(text)
    for star_note in star_notes:
        note(star_note)
    if looks_flattened(text):
        note("code indentation looks flattened")
    return text


def repair_text(text: str, *, code_like: bool = False) -> tuple[str, tuple[str, ...]]:
    """Repair `text`; return it with the repairs made (e.g. `("mojibake fixed",)`).

    `code_like=True` says the whole text is code (a notebook code cell); otherwise only
    the parts inside ``` fences are treated as code.
    """
    notes: list[str] = []
    if code_like:
        return _repair_piece(text, True, notes), tuple(notes)
    out = [_repair_piece(piece, is_code, notes) for piece, is_code in _split_fences(text)]
    return "\n".join(out), tuple(notes)
