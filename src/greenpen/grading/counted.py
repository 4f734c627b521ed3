"""A question that asks for a number of things ("What are the two pieces…", "Give two examples…",
"What four things do we need…"), with a reference answer that lists them: each listed thing is a
key point of its own, and an answer that states fewer than the number asked for is not complete,
however well it states the one it gives. A teacher marks "log_softmax" alone partial when the
question asks for the two pieces of cross-entropy.

Only for questions without a rubric (the rubric's key points say it already), and only when the
reference splits into at least as many pieces as the question asks for: a reference that does not
list them leaves the question as it was."""

from __future__ import annotations

import re

from .. import lang
from ..textutil import CJK_CHAR, content_tokens, sentences, with_expansions, word_count
from .detectors import ENUMERATED

_NUMBERS = {word: n for table in lang.NUMBER_WORDS.values() for word, n in table.items()}
_ASKED = re.compile(
    r"^\W*(?:" + lang.patterns(lang.COUNT_ASKING) + r")\b\s+(?:[^\s?]+\s+){0,3}?(?<!\bthese\s)(?<!\bthose\s)"
    r"(?<!\bthan\s)(?<![\w-])(?P<n>" + "|".join(_NUMBERS) + r"|[2-9])\s+(?:of\s+(?:the|these|those)\s+)?"
    r"(?:[^\W\d_]+\s+){0,2}?[^\W\d_]{3,}",
    re.IGNORECASE,
)
"""The count stands within a few words of the asking word ("What are the two…", "List the seven steps"): further
on it is part of what the question is about ("the receptive field after two stride 2 convolutions")."""
_JOINER = "|".join(w for ws in lang.LIST_JOINERS.values() for w in ws if len(w) > 1)
"""List joiners of two letters or more: "y" and "e" are also the names of variables ("x and y")."""
_PIECES = (re.compile(rf"\s*[;；]\s*(?:(?:{_JOINER})\s+)?", re.IGNORECASE), re.compile(r"(?<=[.!?])\s+(?=[A-Z])"))
_LISTS = (re.compile(rf"[,，、]\s*(?:(?:{_JOINER})\s+)?", re.IGNORECASE),
          re.compile(rf",?\s+(?:{_JOINER})\s+", re.IGNORECASE),
          re.compile(rf"[,，、]\s*(?:(?:{_JOINER})\s+)?|\s+(?:{lang.patterns(lang.LIST_JOINERS)})\s+(?=[^,]*$)",
                     re.IGNORECASE))
"""Commas (", and" closing the list; the full-width "，" and the enumeration comma "、" of Chinese and Japanese), the
joiner alone ("log_softmax and nll_loss"), or both ("A, B, C and D", "A, B, C y D": after the last comma, "y" and "e"
join too)."""
_JOINERS = lang.patterns(lang.LIST_JOINERS)
_LAST_JOINER = re.compile(rf"\s+(?:{_JOINERS})\s+(?!.*\s(?:{_JOINERS})\s)", re.IGNORECASE)
"""The joiner before a list's last thing, when no comma stands before it."""
_ORDINAL = re.compile(r"(?:^|(?<=[.;:!?])\s+)(?:" + lang.patterns(lang.ORDINAL_LEADS) + r")\s*[,:]\s*", re.IGNORECASE)
"""An ordinal that opens a sentence of a reference ("First, …. Second, …"): each of the things it lists starts there."""
_LEAD = re.compile(r"^(?:" + lang.patterns(lang.COUNT_LEADS) + r")\s*", re.IGNORECASE)
_RELATIVE = re.compile(r"^(?:" + lang.patterns(lang.RELATIVE_WORDS) + r")\b", re.IGNORECASE)
REMARK_WORDS = 8
"""Most words of a remark on a reference's list ("nn.CrossEntropyLoss does both")."""
_REMARK = re.compile(r"\b(?:" + lang.patterns(lang.LIST_REMARKS) + r")\b(?:\s+\S+){0,3}\W*$", re.IGNORECASE)
"""The remark words close the piece ("does both", "combines both of them at once"): "Both the body and the head"
lists them."""


def asked_count(question: str) -> int | None:
    """How many things the question asks for ("What are the two ways…" → 2), or None."""
    m = _ASKED.search(question)
    if not m:
        return None
    word = m.group("n").lower()
    return _NUMBERS.get(word) or int(word)


def reference_items(reference: str, count: int) -> list[str] | None:
    """The reference's listed things when it lists at least `count` of them: split at `;` or
    sentences first, then, if that gives too few, at top-level commas or `and`/`or` when that gives
    exactly `count` (a comma inside brackets is not a list's)."""
    text = " ".join(reference.split())
    ordinals = list(_ORDINAL.finditer(text))
    if len(ordinals) >= count and ordinals[0].start() == 0:
        # "First, Minsky and Papert showed …; … Second, in the 1980s …": the ordinals say where each thing starts
        return [text[m.end():end].strip(" .;,") for m, end in zip(ordinals, [*(o.start() for o in ordinals[1:]),
                                                                                  len(text)], strict=True)]
    for splitter in _PIECES:
        pieces = _split(text, splitter)
        remarks = [p for p in pieces if _REMARK.search(p) and len(p.split()) <= REMARK_WORDS]
        if remarks and len(pieces) - len(remarks) < count:
            # "log_softmax … and nll_loss …; nn.CrossEntropyLoss does both": the remark is not a listed thing
            listed = _listed(" ".join(p for p in pieces if p not in remarks), count)
            if listed:
                return listed
        if len(pieces) >= count:
            return pieces
    return _listed(text, count)


def _listed(text: str, count: int) -> list[str] | None:
    """The things `text` lists at its commas or joiners, when that gives `count` of them (or more, for "Any four
    of: …"), none a relative clause of the one before (", which picks the log-probability…")."""
    choice = bool(_CHOICE.match(text))  # "Any four of: fix_html, replace_rep, …": more things than asked
    for splitter in _LISTS:
        pieces = _split(text, splitter)
        if (len(pieces) == count or (choice and len(pieces) > count)) and not any(
                _RELATIVE.match(p) for p in pieces[1:]):
            return pieces
    return None


_CHOICE = re.compile(r"^\W*(?:" + lang.patterns(lang.COUNT_CHOICE) + r")\b", re.IGNORECASE)


def _split(text: str, splitter: re.Pattern[str]) -> list[str]:
    pieces, start = [], 0
    for m in splitter.finditer(text):
        if _depth(text[:m.start()]) == 0:
            pieces.append(text[start:m.start()])
            start = m.end()
    pieces.append(text[start:])
    cleaned = [_LEAD.sub("", p.strip(" .;,")).strip() for p in pieces]
    return [p for p in cleaned if len(p.split()) >= 1 and re.search(r"[^\W\d_]{2,}", p)]


def _depth(text: str) -> int:
    return text.count("(") - text.count(")") + text.count("[") - text.count("]")


_LISTED = re.compile(r"^[\s>]*(?:[-*+•]|\d{1,2}[.)])\s+\S", re.MULTILINE)


_FINAL_JOINER = re.compile(r",\s*(?:(?:" + lang.patterns(lang.LIST_JOINERS) + "|" + lang.patterns(lang.SEQUENCE_JOINERS)
                           + r")\s|(?:" + lang.patterns(lang.LIST_CLOSERS) + "))", re.IGNORECASE)
_CLOSER = re.compile(r"^(?:" + lang.patterns(lang.LIST_CLOSERS) + r")\W*$", re.IGNORECASE)
_SEQUENCE = re.compile(r"(?:,\s*|\s+)(?:(?:" + lang.patterns(lang.SEQUENCE_JOINERS) + r")\b)\s*", re.IGNORECASE)
"""Steps joined as a sequence, with or without a comma: "trains the head then unfreezes everything"."""
_ARROW = re.compile(r"\s*(?:→|⟶|->|=>)\s*")
ENUMERATED_WORDS = 4
"""Commas list things when a joiner closes the list (", and how to label them", ", then unfreeze") or every piece is a
name of a few words ("NLP, vision, medicine")."""


_NOT_KNOWN = re.compile(r"\b(?:" + "|".join(
    p for ps in lang.NO_ATTEMPT.values() for p in ps if not re.search(r"skip|pass|todo|tbd|idk|dunno", p)
) + r")\b", re.IGNORECASE)
"""Words that say something is not known ("I don't remember", "not sure"), not the skips and to-dos that mark a whole
answer as not attempted ("pass", "todo"): inside an answer, "forward pass" is a step."""
NOT_KNOWN_REST = 4
"""Most words besides its "I don't remember" that a sentence may have to say only which thing is not known ("The
second one I don't remember", "not sure about the third")."""


def says_one_not_known(answer: str) -> bool:
    """Whether a sentence of `answer` only says a thing asked for is not known ("The second one I don't
    remember."): the answer lists fewer things than its sentences."""
    return any((m := _NOT_KNOWN.search(s.text))
               and len((s.text[:m.start()] + " " + s.text[m.end():]).split()) <= NOT_KNOWN_REST
               for s in sentences(answer, lines=True))


def names_listed(answer: str) -> int:
    """How many things an answer names when it is only a list of short names ("vision, nlp, medicine, games": 4;
    "Word-based, subword-based and character-based": 3); 0 when it says more than names (a piece of more than
    `ENUMERATED_WORDS` words, a sentence of its own) or names one thing."""
    text = " ".join(answer.split()).strip(" .")
    if not text or _SENTENCE_MARK.search(text):
        return 0
    pieces = [p for p in _split(text, _LISTS[0]) if p and not _CLOSER.match(p)]
    if pieces:
        pieces = pieces[:-1] + _split(pieces[-1], _LAST_JOINER)
    if len(pieces) < 2 or any(len(p.split()) > ENUMERATED_WORDS for p in pieces):
        return 0
    return len(pieces)


_SENTENCE_MARK = re.compile(r"[.;:!?]\s|\n")
"""A sentence, a clause or a line break inside an answer: it says more than a list of names."""


def answer_items(answer: str, asked: int = 0) -> int:
    """How many things an answer lists: its list lines or numbered things, or its pieces between `;`, sentences or
    top-level commas (closed by a joiner or an "etc."), whichever are most ("the type of data, how to get it, how to
    label it, and how to create the validation set" lists four). "and" alone does not count: "softmax and the log" is
    one of the two pieces; nor do the commas of one long sentence."""
    listed = max(len(_LISTED.findall(answer)), len(ENUMERATED.findall(answer)))
    return max(listed, len(answer_pieces(answer, asked)))


def answer_pieces(answer: str, asked: int = 0) -> list[str]:
    """The things an answer lists inside its lines: its pieces between `;`, sentences, a sequence's "then", or
    top-level commas when they make a list (`answer_items`), whichever are most; the whole answer when it lists
    nothing. Commas that cut an answer into as many pieces as the question asks for (`asked`, 3 or more) list
    them, however long each one is ("forward pass, calculate the loss, backward pass to get the gradients,
    optimizer step" for the four steps)."""
    text = " ".join(answer.split())
    commas = [p for p in _split(text, _LISTS[0]) if not _CLOSER.match(p)]
    if len(commas) >= 3:  # "A, B, C, D y E": a list of three or more closes with a joiner and no comma too
        commas = commas[:-1] + _split(commas[-1], _LAST_JOINER)
    if not (_FINAL_JOINER.search(text) or all(_size(p) <= ENUMERATED_WORDS for p in commas)
            or (asked >= 3 and len(commas) == asked)):
        commas = [text]  # "If you rotate it by 45 degrees, the corners are empty, …": one thing, told at length
    arrows = _split(text, _ARROW)  # "manual process → limited scope deployment → gradual expansion": a chain of steps
    if len(arrows) < 2 or any(_size(p) > ENUMERATED_WORDS + 1 for p in arrows):
        arrows = [text]
    return max([commas, arrows, *(_split(text, s) for s in (*_PIECES, _SEQUENCE))], key=len)


def _size(piece: str) -> int:
    """How many words a piece holds (`word_count`: Chinese and Japanese, written without spaces, by their characters;
    there, a bracket alone is no word)."""
    return word_count(piece, marks=not CJK_CHAR.search(piece))


def names_another_thing(items: list[str], answer: str, question: str = "") -> bool:
    """Whether an answer that lists things in the reference's own words lists one the reference does not
    ("Historical, representation, measurement, aggregation, evaluation and confirmation bias" for the six types
    of bias): all its other things name one of the reference's by its words, at least two of them, and this one
    names none. An answer in other words than the reference's (another language) is left alone."""
    lines = [m.group(0) for m in _LISTED_LINE.finditer(answer)]
    pieces = lines if len(lines) >= 2 else answer_pieces(answer)
    named = [bool(named_items(items, piece, question)) for piece in pieces]
    return len(pieces) >= 3 and named.count(False) == 1 and named.count(True) >= 2


_LISTED_LINE = re.compile(r"^[\s>]*(?:[-*+•]|\d{1,2}[.)])\s+\S.*$", re.MULTILINE)


HEAD_WORDS = 3
"""Most content words a listed thing's name may have to be recognised by its words alone."""


def named_items(items: list[str], answer: str, question: str = "") -> set[int]:
    """The listed things the answer names word for word: a thing whose name (before any bracket:
    "nll_loss (negative log likelihood)" → "nll_loss", or the one in its brackets: "forward pass") has at most
    `HEAD_WORDS` content words, all in the answer. Short names are where the embeddings are weakest
    ("`log_softmax` and `nll_loss`").
    The words every name shares and the question's words name the kind, not the thing: "historical"
    names "Historical bias" when the question asks for the six types of bias, "virtue" names "the
    virtue approach" among five approaches."""
    said = content_tokens(with_expansions(answer))
    heads = [content_tokens(re.split(r"[(\[:,;]", item)[0]) for item in items]
    kind = (set.intersection(*heads) if len(heads) >= 2 else set()) | content_tokens(question)
    out = set()
    for i, head in enumerate(heads):
        for name in (head, _bracketed(items[i])):  # "Compute the predictions (forward pass)": either name
            own = name - kind
            if own and len(name) <= HEAD_WORDS and own <= said:
                out.add(i)
    return out


def _bracketed(item: str) -> set[str]:
    """The words of a thing's other name, in brackets after it ("the predictions (forward pass)")."""
    m = re.search(r"\(([^()]*)\)", item)
    return content_tokens(m.group(1)) if m else set()
