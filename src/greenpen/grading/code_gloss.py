"""What the course's code idioms say in words: `pred = model(xb)` is "the model makes predictions".

A rubric's cues are written in words ("predict", "loss function", "update the weights"). A student who
answers "What are the steps of training?" with the training loop itself states every step, in code the
course teaches: `loss = loss_fn(pred, yb)` compares the predictions with the targets as surely as the
sentence does. Each idiom below is read as the words a teacher would use for it, and a key point's cues
are matched against those words too (`match.match_key_point`); the evidence quoted is the student's line
of code, never the gloss.

The idioms are those of PyTorch, fastai and NumPy as courses write them, not of one answer: the names a
training loop gives its model, loss and optimizer (`model`, `net`, `loss_fn`, `criterion`, `opt`), the
calls that do a step (`backward()`, `step()`, `zero_grad()`), and a few operations whose name says what
they do (`@`, `view`, `clamp(min=0)`). Each is matched on a line of code, so a sentence about code
("then I call loss.backward()") is read the same way.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence

from ..code.statements import parse_quietly
from ..textutil import STOPWORDS

_TENSOR_MAKERS = r"(?:torch\.|np\.|numpy\.)?(?:tensor|array|zeros|ones|rand\w*|arange|linspace|empty|full|stack|cat)\b"

IDIOMS: Sequence[tuple[str, str]] = (
    (r"\b\w*(?:model|net|network)\w*\s*\(\s*(?:x|X|inp|batch|data|im|feat|sample)\w*"
     r"|\.(?:forward|predict)\s*\("
     r"|\b(?:preds?|predictions?|outputs?|out|y_?hat|yhat|y_pred|logits|acts|activations)\s*=\s*"
     rf"(?!{_TENSOR_MAKERS})[A-Za-z_][\w.]*\s*\(",
     "the model makes predictions (outputs) from the inputs: the forward pass"),
    (r"\b(?:loss_fn|loss_func|lossfn|criterion|\w+_loss|\w+Loss|mse|rmse|cross_entropy)\s*\(",
     "compute the loss function, comparing the predictions with the targets"),
    (r"\bloss\s*=",
     "compute the loss"),
    (r"\.backward\s*\(",
     "compute the gradients of the loss: the backward pass (backpropagation)"),
    (r"\b\w*(?:opt|optimi[sz]er)\w*\.step\s*\(",
     "the optimizer steps: update the parameters (weights)"),
    (r"-=\s*[^#\n]*\bgrad\b|\.sub_\s*\([^#\n]*\bgrad\b",
     "update the parameters (weights) by a step scaled by the learning rate"),
    (r"zero_grad\s*\(|\.grad\.zero_\s*\(|\.grad\s*=\s*None\b",
     "set them back to zero, cleared (zero_grad)"),
    (r"^\s*for\s+\(?\w+\s*,\s*\w+\)?\s+in\s+[\w.]*(?:dl|dls|loader|batches|data)\w*[^:]*:",
     "take a mini-batch of inputs and labels from the data loader"),
    (r"^\s*for\s+\w*epoch\w*\s+in\s[^:]+:",
     "repeat the loop for several epochs"),
    (r"^\s*for\s+[\w\s,()]+?\s+in\s[^:]+:|^\s*while\s[^:]+:",
     "repeat in a loop"),
    (r"\.(?:fit|fit_one_cycle|fine_tune)\s*\(",
     "train the model (fit) for several epochs"),
    (r"requires_grad_\s*\(|requires_grad\s*=\s*True",
     "track the operations on the parameters (requires grad)"),
    (r"\bno_grad\s*\(",
     "without tracking the operations (no grad)"),
    (r"[\w)\]]\s*@\s*[\w(]",
     "matrix multiplication"),
    (r"\.(?:view|reshape)\s*\(",
     "reshape the tensor: change its shape"),
    (r"\.clamp\s*\(\s*min\s*=\s*0|\bF\.relu\s*\(|\bnn\.ReLU\s*\(",
     "replace the negative numbers with zero (ReLU)"),
)
"""(pattern, words): a line of code that matches the pattern says the words. The words say what the line does and
nothing it presupposes: `opt.step()` updates the weights, it does not compute the gradients it uses (a loop without
`loss.backward()` misses that step), so no gloss but `backward()`'s speaks of computing gradients."""

_COMPILED = tuple((re.compile(p, re.MULTILINE), words) for p, words in IDIOMS)
_CODE_MARK = re.compile(r"[()=.\[\]@]|:\s*$")
"""Something only code has; a line without it says nothing in code."""


def _is_code_line(line: str) -> bool:
    """A line that is Python as a whole (a block's opening line with its block to come): prose around an inline
    `loss.backward()` says what it says in its own words ("`loss.backward()` updates the weights" included), and
    "it's a decorator (like @property)" is no matrix product."""
    if "`" in line or not _CODE_MARK.search(line):
        return False
    for source in (line, line + "\n    pass"):
        try:
            parse_quietly(source)  # prose ("the 1st step") is no Python, and says so without a console warning
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue
        return True
    return False


_NAMES = re.compile(r"[A-Za-z_]\w*|@")


def _names(text: str) -> set[str]:
    """The names and the `@` a text uses, but Python's keywords and the words any sentence has ("in", "is")."""
    return {n.lower() for n in _NAMES.findall(text)
            if n == "@" or (len(n) > 1 and not keyword.iskeyword(n) and n.lower() not in STOPWORDS)}


def said_in_code(text: str, asked: str = "") -> list[tuple[str, str]]:
    """(line, words) for every line of `text` that holds one of the course's code idioms, one pair per idiom
    (a line doing two things says both, as separate statements: no cue joins words from two idioms). A line that
    uses a name the question `asked` is about ("What does calling `backward()` do?" answered with `loss.backward()`)
    only calls the thing asked about: it explains nothing, and says nothing."""
    asked_names = _names(asked)
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        code = line.strip()
        if code.startswith("`") and code.endswith("`") and code.count("`") == 2:
            code = code.strip("`").strip()  # a line of code in backticks, alone
        if not code or not _is_code_line(code) or _names(code) & asked_names:
            continue
        out += [(code, words) for pattern, words in _COMPILED if pattern.search(code)]
    return out
