"""A short answer in the model answer's own terms: "Inference.", "Use the same seed.",
"Parâmetros.", "The export saves the model with its weigths."

A sentence embedding of three words sits far from a model answer of three sentences even
when the three words are exactly what the model answer names, so a short right answer to a
question with only a reference answer came out `partial`. What a teacher reads instead is
whether what the student wrote is what the model answer says: most of the answer's own
content words (the question's words set aside, as repeating the question says nothing)
appear in the reference, and it negates nothing when the reference negates nothing. Words are
compared with accents folded and spelling slips allowed ("weigths", "Parámetros" for
"parameters"), so a cognate in another language counts too.
"""

from __future__ import annotations

import os
import re
from difflib import SequenceMatcher

from .. import lang
from ..textutil import (
    FENCE_LINE,
    STOPWORDS,
    content_tokens,
    fold,
    sentences,
    with_expansions,
    word_count,
    words,
    writes_reference_marks,
)
from .cues import NEGATORS
from .opposites import opposite_words

SHORT_WORDS = 12
"""The longest answer read this way: a longer one is matched sentence by sentence."""
IN_REFERENCE = 0.5
"""Share of the answer's own content words the reference must hold."""
NEAR_WORD = 0.8
"""Similarity (difflib ratio) from which two words of five letters or more are the same word."""


SAME_START = 3
"""Letters two words must begin with alike to be one word misspelt: "Interference" is not "Inference"."""


SAME_STEM = 7
"""Letters from which a shared beginning that leaves at most `OTHER_ENDING` letters of either word makes one word in
two languages or forms: "inferenza" and "inference", "parametri" and "parameters"."""
OTHER_ENDING = 3


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[:SAME_START] != b[:SAME_START]:
        return False
    stem = len(os.path.commonprefix([a, b]))
    if stem >= SAME_STEM and max(len(a), len(b)) - stem <= OTHER_ENDING:
        return True
    return SequenceMatcher(None, a, b).ratio() >= NEAR_WORD


def opposite_of_reference(answer: str, question: str, reference: str) -> str | None:
    """The reference's sentence that a short answer says with one word of the opposite sense, in its own few words
    ("First layer of the model" for "The last layers of a pretrained model…"), or None."""
    if word_count(answer) > SHORT_WORDS or NEGATORS.search(answer):
        return None
    return next((said.text for said in sentences(reference)
                 if opposite_words(answer, said.text, question, whole=True) is not None), None)


def _inside_term(word: str, asked: str) -> bool:
    """`word` ends the question's longer term ("parameters" of "hyperparameters", "tuning" of "fine-tuning"): saying it
    back is saying part of the question's own name, not the reference."""
    return len(word) >= SAME_START + 2 and len(asked) > len(word) + 2 and asked.endswith(word)


def in_reference_terms(answer: str, question: str, reference: str) -> bool:
    """True for a short answer most of whose own content words the reference holds."""
    if not reference.strip():
        return False
    if _ends_with_reference_code(answer, reference):
        return True  # the model answer's code after setting up its values, however many words that takes
    if word_count(answer) > SHORT_WORDS:
        return False
    if NEGATORS.search(answer) and not NEGATORS.search(reference):
        return False  # "the switch is not closed" in the words of "the switch is closed" says the opposite
    if _writes_reference_code(answer, reference) or writes_reference_marks(answer, reference):
        return True
    if opposite_of_reference(answer, question, reference) is not None:
        return False  # "First layer of the model" in the words of "The last layers of a pretrained model"
    asked = content_tokens(question)
    names = code_names(answer)
    own = [w for w in content_tokens(with_expansions(answer, keep=False)) | names
           if not any(_same_word(w, q) or _inside_term(w, q) for q in asked)]
    if not own:
        return False
    terms = content_tokens(with_expansions(reference)) | (names & code_names(reference, prose=True))
    held = sum(any(_same_word(w, t) for t in terms) for w in own)
    return held / len(own) >= IN_REFERENCE


_CODE_SPAN = re.compile(r"`([^`\n]{1,40})`")
_LONE_NAME = re.compile(r"[^\W\d](?:\w*[_\d]\w*)?")


CODE_CHARS = 8
"""Fewest characters (spaces aside) of code an answer must write as the reference writes it to state it."""


def _writes_reference_code(answer: str, reference: str) -> bool:
    """An answer that is only code the reference writes too ("`y = x @ w.t() + b`"), spaces and backticks aside:
    the words of prose and the embedders see little in it."""
    plain = FENCE_LINE.sub("", answer).replace("`", "").strip().rstrip(".")  # fenced, with its language named
    code = re.sub(r"\s+", "", plain)
    if len(code) < CODE_CHARS or not _CODE_MARK.search(code) or _PROSE.search(plain):
        return False
    return code in re.sub(r"\s+|`", "", reference)


def _ends_with_reference_code(answer: str, reference: str) -> bool:
    """An answer that is only code, setting up values and then writing a line of code the reference writes as a line
    of its own ("a = tensor([1., 2, 3]); b = tensor([0., 1, 2])" / "(a > b).all()")."""
    plain = FENCE_LINE.sub("", answer).replace("`", "").strip().rstrip(".")
    lines = [line for line in re.split(r"[\n;]", plain) if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) < 2 or _PROSE.search(" ".join(re.sub(r"\w+\(|[\w.]+\s*=", "", ln) for ln in lines[:-1])):
        return False
    if any(not re.match(r"\s*(?:[\w.,\s]+=[^=]|import\s|from\s)", line) for line in lines[:-1]):
        return False  # the lines before the last only set values up
    last = re.sub(r"\s+", "", lines[-1])
    return len(last) >= CODE_CHARS and _CODE_MARK.search(last) is not None and _PROSE.search(lines[-1]) is None \
        and any(last == re.sub(r"\s+|`", "", line) for line in reference.split("\n"))


_CODE_MARK = re.compile(r"[=()@\[\].*+]")
_PROSE = re.compile(r"[^\W\d_]{3,}\s+[^\W\d_]{3,}")
"""Two words in a row: prose, not code."""


def code_names(text: str, prose: bool = False) -> set[str]:
    """The names a text writes as code, single letters too (`h`, `h_h`), or the one short name that is the
    whole answer ("h."); with `prose`, every name-like word of the text (a model answer writes its code
    bare: "the activations h computed in forward"). The words of prose leave single letters out, and the
    embedders cannot read them."""
    spans = [text] if prose else _CODE_SPAN.findall(text)
    bare = text.strip(" \t\n.*_`'\"")
    if not spans and _LONE_NAME.fullmatch(bare):
        spans = [bare]
    if not spans and _SHORT_NAMES.fullmatch(bare):  # "x and y", "x / y": names of a letter or two, joined
        return {fold(name) for name in re.findall(r"[^\W\d]\w*", bare) if name.lower() not in ("and", "or")}
    return {fold(name) for span in spans for name in _IDENTIFIER.findall(span)}


_IDENTIFIER = re.compile(r"(?<![\w.])[^\W\d]\w*")
_SHORT_NAMES = re.compile(r"[^\W\d]\w?(?:\s*(?:,|/|&|\+|\band\b|\bor\b)\s*[^\W\d]\w?)+", re.IGNORECASE)


TERM_WORDS = 5
"""Most content words of a reference that answers a question asking for a name ("Inference.",
"The Mark I Perceptron, built by Frank Rosenblatt.")."""
NAME_ASKED = re.compile(r"\b(?:" + lang.patterns(lang.NAME_ASKED) + r")\b", re.IGNORECASE)


def names_another_term(answer: str, question: str, reference: str) -> bool:
    """True when the question asks for a name or a term, the reference gives one, and the
    answer holds none of its own words
    (the question's set aside; spelling slips and cognates allowed): "the central limit
    theorem" where the reference says "the universal approximation theorem". Two names of one
    kind sit close together for a sentence embedder and the learned estimate, so only the words
    tell a right name from a wrong one."""
    if names_another_code_name(answer, question, reference):
        return True
    terms = content_tokens(reference)
    if not terms or len(terms) > TERM_WORDS or not NAME_ASKED.search(question):
        return False
    asked = content_tokens(question)
    own_terms = [t for t in terms if not any(_same_word(t, q) for q in asked)]
    answered = content_tokens(answer)
    return bool(own_terms) and not any(_same_word(w, t) for w in answered for t in own_terms)


CODE_NAME_ASKED = re.compile(r"\b(?:what|which)\s+(?:[\w`]+\s+){0,2}?(?:method|function|class|callback|module|"
                             r"attribute|argument|parameter)s?\b(?!\s+(?:of|in)\b)", re.IGNORECASE)
"""A question that asks for a name in the course's code ("What method does fastai provide to help you debug a
`DataBlock`?", "What callback tracks…?"), not about one ("What does the `summary` method do?")."""
_OPENING_CODE = re.compile(r"^\W*(?:\w+\s+){0,3}?`([^`\n]{1,60})`")
CODE_ANSWER_WORDS = 4
"""Most words of an answer that gives a name of the course's code and nothing else."""


def names_another_code_name(answer: str, question: str, reference: str) -> bool:
    """True when the question asks for a name in the course's code, the model answer opens with it in code
    (`summary` (e.g. `pets.summary(path/"images")`)…) and a short answer gives none of its words, but another name
    ("show_batch"): two method names of one library sit close for the embeddings and the learned estimate."""
    opening = _OPENING_CODE.match(reference)
    if opening is None or not CODE_NAME_ASKED.search(question) or len(answer.split()) > CODE_ANSWER_WORDS:
        return False
    name = [w for w in re.split(r"\W+", opening.group(1).split("(")[0]) if w][-1:]
    said = re.findall(r"\w+", fold(answer))  # a name as code writes it, "show_batch" whole
    return bool(name and said) and not any(_same_word(w, fold(name[0])) for w in said)


_SPECIAL = re.compile(r"__[A-Za-z][A-Za-z0-9_]*?__")


def other_special_methods(answer: str, question: str, reference: str) -> tuple[str, str] | None:
    """(the special methods the answer names, the reference's) when the question asks for methods of Python's or the
    course's code, the reference names special methods (`__enter__` and `__exit__`) and the answer names others, none
    of the reference's ("__init__ and __del__" for a context manager): two special methods sit close for the
    embeddings, and the answer was praised as "close to the model answer's point". None otherwise."""
    if not CODE_NAME_ASKED.search(question):
        return None
    want = list(dict.fromkeys(_SPECIAL.findall(reference)))
    said = list(dict.fromkeys(_SPECIAL.findall(answer)))
    if not want or not said or set(want) & set(said):
        return None
    return " and ".join(f"`{name}`" for name in said), " and ".join(f"`{name}`" for name in want)


_NUMBERED = re.compile(r"([a-z]*)[-_]?(\d+)")


def other_numbered(answer: str, question: str, reference: str) -> tuple[str, str] | None:
    """(the student's name, the reference's) when a short answer to a question asking for a name gives
    the reference's numbered name with another number: "L1 regularization" where the reference says
    "L2 regularization", "ResNet-50" for "ResNet-34". The other words of the two names are alike, and
    so are their vectors: the number is the name. None otherwise."""
    terms = content_tokens(reference)
    if not terms or len(terms) > TERM_WORDS or not NAME_ASKED.search(question):
        return None
    numbered = {m.group(1): (m.group(2), w) for w in re.findall(r"[^\W_]+(?:[-_]\d+)?", reference)
                if (m := _NUMBERED.fullmatch(w.lower())) and m.group(1)}
    said = [w for w in re.findall(r"[^\W_]+(?:[-_]\d+)?", answer)]
    if any(w.lower().replace("-", "").replace("_", "") in {f"{k}{n}" for k, (n, _) in numbered.items()}
           for w in said):
        return None
    for w in said:
        m = _NUMBERED.fullmatch(w.lower())
        if m and m.group(1) in numbered and m.group(2) != numbered[m.group(1)][0]:
            return w, numbered[m.group(1)][1]
    return None



NEAR_MISS = 0.7
"""Likeness (difflib ratio) from which a word of a short answer is a near miss of the reference's term."""
NEAR_MISS_WORDS = 3
"""The longest answer (in content words) read as a term that missed."""


def near_miss(answer: str, question: str, reference: str) -> tuple[str, str] | None:
    """(the student's word, the reference's term as written) when a short answer names a word close
    to, but not, the term the reference gives: "Interference" for "Inference". None otherwise."""
    own = [w for w in re.findall(r"[^\W\d_]{5,}", answer) if w.lower() not in STOPWORDS]
    if not own or len(content_tokens(answer)) > NEAR_MISS_WORDS or len(content_tokens(reference)) > TERM_WORDS:
        return None
    asked = {fold(w) for w in words(question)}
    terms = [t for t in re.findall(r"[^\W\d_]{5,}", reference) if fold(t) not in asked]
    for word in own:
        for term in terms:
            a, b = fold(word), fold(term)
            if not _same_word(a, b) and SequenceMatcher(None, a, b).ratio() >= NEAR_MISS:
                return word, term
    return None
