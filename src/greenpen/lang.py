"""Language data for reading students' files, in one place: the words that mark a question, an
answer, or an answer left blank, per language. Adding a language is adding its words here.

`words(table)` gives a regular-expression alternation of every language's words (longest
first, escaped), for the patterns in `locate.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

QUESTION_STARTS: Mapping[str, Sequence[str]] = {
    "en": ("what", "what's", "how", "why", "when", "where", "which", "who", "is", "are", "do", "does", "can",
           "could", "should", "would", "explain", "describe", "define", "create", "draw", "write", "show", "give",
           "list", "name", "compare", "complete", "implement", "calculate", "provide"),
    "pt": ("o que", "qual", "quais", "como", "por que", "explique", "crie", "desenhe", "escreva",
           "descreva", "defina", "dê", "liste", "calcule"),
    "es": ("qué", "cuál", "cuáles", "cómo", "por qué", "explica", "describe", "define", "escribe", "dibuja"),
}
"""How a question or a task starts ("What is…", "Explain…", "Explique…"); not "porque" (it
also means "because", how many answers start)."""

QUESTION_LABELS: Mapping[str, Sequence[str]] = {
    "en": ("q", "question", "ex", "exercise"),
    "pt": ("p", "pergunta", "questão", "questao", "exercício", "exercicio"),
    "es": ("pregunta", "ejercicio"),
}
"""Words that label a question ("Q3:", "Question 3.", "Pergunta 3 -")."""

ANSWER_LABELS: Mapping[str, Sequence[str]] = {
    "en": ("answer", "ans", "a", "my answer", "response"),
    "pt": ("resposta", "r"),
    "es": ("respuesta",),
}
"""Words that label an answer ("**Answer:**", "A:", "Resposta:")."""

BLANK_ANSWERS: Mapping[str, Sequence[str]] = {
    "en": ("skip", "skipped", "todo", "tbd", "n/a", "na", "none", "pass"),
    "pt": ("em branco", "pulado", "pulada"),
    "es": ("en blanco", "pendiente"),
}
"""What students write in place of an answer they did not give (the question is `missing`)."""


def words(table: Mapping[str, Sequence[str]]) -> str:
    """A regex alternation of every language's words in `table`, longest first."""
    every = sorted({w for ws in table.values() for w in ws}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in every)
