"""Messaging-app logs: each line a message stamped with its time and sender.

Understood: `[10:02] Ana Ruiz: …` (Discord, Slack and IRC copies), `12/09/2024, 10:02 - Ana
Ruiz: …` (WhatsApp on Android), `[12/09/2024, 10:02:11] Ana Ruiz: …` (WhatsApp on iOS),
`[10:02 AM] Ana Ruiz` alone on a line with the message below it (Microsoft Teams), `Ana Ruiz, [12.10.22 10:02]`
(Telegram Desktop, copied) and `Ana Ruiz  10:02 AM`
(Slack's window, copied; a time alone is one more message of the same sender, and the app's own lines,
reactions and "3 replies", are no one's words). A line without a stamp continues the message above it.

The student is the sender who wrote the most; their messages, without the stamps, are the
file's free text, in which alignment finds the questions ("Q3 -> the Mark I Perceptron").
Everyone else's messages ("Teacher: thanks!") are kept as text before the first answer, so
the report shows them as "not an answer" and none lands inside a student's answer.

A class or study-group chat where one sender asks the questions ("prof: Q4 What is…?") and
several others reply is one submission per replier (source `chat.txt#<sender>`): the asker's
messages and that replier's own, in the order they were sent, so each question is followed by
that student's answer and no one else's. The other repliers' messages are in their own reports.
A tutor's chat with one student is read the same way: each question, then the student's answer.

A forum thread copied with each post under its author and date (`**kenji_t** — Sep 15, 2020, 9:42am`) in which
several people post answers (numbered lines or quoted questions) and no one asks is one submission per learner who
answers: the posts of those who answer nothing (the thread's opening, thanks) first, as no one's answer, then the
learner's own posts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..domain import SourceLine, Submission
from ..line_shapes import POST_HEADER as NAME_DATE
from ..line_shapes import line_shape, posted
from ..textutil import content_tokens
from .base import Parsed, clean_name, file_submission, read_text

NAME = "messages"
EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".log", "")

_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?"
_STAMP = rf"\[(?:{_DATE},?\s+)?{_TIME}\]"
_SENDER = r"(?P<sender>[^\W\d_][\w.'’-]*(?:\s[\w.'’-]+){0,3})"
"""A sender's name on a line of its own: up to four words, the first starting with a letter."""

MESSAGE = re.compile(
    rf"^\s*\[?(?:{_DATE},?\s+)?{_TIME}\]?"  # the stamp: an optional date, the time
    r"\s*(?:[-–—]\s*)?(?P<sender>[^\s:\[\]][^:\[\]]{0,39}?):\s(?P<text>.*)$"
)
"""A message's first line: its stamp, its sender and the start of its text."""
HEADER = re.compile(rf"^\s*{_STAMP}\s+{_SENDER}\s*$")
"""A message's stamp and sender alone on a line, its text on the lines below (Microsoft Teams:
`[10:02 AM] Ana Ruiz`)."""
SENDER_FIRST = re.compile(rf"^\s*{_SENDER}\s+{_TIME}\s*$")
"""The sender then the time alone on a line, the text below (Slack, copied: `Ana Lopez  9:39 AM`)."""
SENDER_STAMP = re.compile(rf"^\s*{_SENDER},\s*{_STAMP}\s*$")
"""The sender, a comma and the stamp in brackets alone on a line, the text below (Telegram Desktop, messages copied:
`Marta Kowalska, [12.10.22 18:04]`)."""
POST_HEADER = re.compile(
    r"^\s*(?:\*\*|__)?@?(?P<sender>[^\W\d_][\w.'’-]*(?:\s[\w.'’-]+){0,2})(?:\*\*|__)?\s+[—–·|-]\s+"
    rf"(?:[^\W\d_]{{3,9}}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+[^\W\d_]{{3,9}}\.?(?:\s+\d{{4}})?|{_DATE}"
    rf"|[^\W\d_]{{3,9}}\s+'\d{{2}})(?:,?\s+{_TIME})?\s*$")
"""A forum post's header, the sender then the date (and time) alone on a line, the post below (a Discourse thread
copied: `**kenji_t** — Sep 15, 2020, 9:42am`)."""
_SYSTEM = re.compile(rf"^\s*\[?{_DATE},?\s+{_TIME}\]?\s*[-–—]\s+\S")
"""A chat app's own stamped line, no sender's ("14/03/2024, 18:55 - Dr. Morgan added you")."""
RUN_ON_SHARE = 0.4
"""Share of a log's lines stamped, from which it is a chat whose messages run on over several lines."""
_CLOCK = r"\d{1,2}:\d{2}(?:\s*[AaPp]\.?\s?[Mm]\.?)?"
TIME_ONLY = re.compile(rf"^\s*(?:{_CLOCK}|\[{_CLOCK}\])\s*$")
"""A time alone: one more message of the sender above (Slack groups a sender's messages under one name; Discord,
copied, stamps each one `[14:12]`)."""
_APP_LINE = re.compile(r"^\s*(?:(?::[\w+-]+:\s*\d+\s*)+|\d+\s+(?:repl(?:y|ies)|likes?)|view thread|\(edited\)"
                       r"|reply)\s*$", re.IGNORECASE)
"""What the app shows under a message, not written by anyone: reactions (":+1: 2"), "3 replies", "5 Likes", "Reply",
"(edited)"."""


def _header(line: str) -> re.Match[str] | None:
    return HEADER.match(line) or SENDER_FIRST.match(line) or SENDER_STAMP.match(line) or POST_HEADER.match(line) \
        or NAME_DATE.match(line)


def _messages(lines: Sequence[str]) -> list[tuple[str, list[SourceLine]]]:
    """(sender, lines) of each message, its text without the stamp; lines before the first
    message belong to no sender ("")."""
    out: list[tuple[str, list[SourceLine]]] = [("", [])]
    dated = -1  # the line of a post's date under its poster's name, read with the name
    for n, line in enumerate(lines, start=1):
        if n == dated:
            continue
        if match := MESSAGE.match(line):
            out.append((match.group("sender").strip(), [SourceLine(_media(match.group("text")), n)]))
        elif match := _header(line):
            out.append((match.group("sender").strip(), []))
        elif n < len(lines) and (poster := posted(line, lines[n])):  # "dhruv_p" over "Mar 4, 2023"
            out.append((poster, []))
            dated = n + 1
        elif TIME_ONLY.match(line) and out[-1][0]:
            out.append((out[-1][0], []))
        elif _APP_LINE.match(line):
            continue
        elif out[-1][1] or line.strip():
            out[-1][1].append(SourceLine(line, n))
    return [(sender, said) for sender, said in out if said or not sender]


_MEDIA = re.compile(r"^\W*(?:<(?:media|image|video|file|document) omitted>"
                    r"|(?:image|video|audio|sticker|GIF|document) omitted|<attached:\s*([^<>]+)>)\s*$", re.IGNORECASE)
"""A photo or file sent in the chat that the export leaves out: WhatsApp's "<Media omitted>" (Android), "image
omitted" and "<attached: 00000012-PHOTO-2024-03-12.jpg>" (iPhone)."""


def _media(text: str) -> str:
    """A message's text, with a photo or file the export left out shown as an attached file that did not come with
    it ("📎 00000012-PHOTO-….jpg", "📎 a photo or file sent in the chat…"), so the teacher sees it was sent."""
    found = _MEDIA.match(text)
    if not found:
        return text
    return f"📎 {found.group(1).strip()}" if found.group(1) else "📎 a photo or file sent in the chat…"


def score_text(text: str) -> float:
    """How much `text` looks like a messaging log (0..1): most lines are stamped messages."""
    lines = [line for line in text.split("\n")[:200] if line.strip()]
    stamped = sum(bool(MESSAGE.match(line)) for line in lines)
    headed = [k for k, line in enumerate(lines) if _header(line) or (k + 1 < len(lines) and posted(line, lines[k + 1]))]
    covered = stamped + 2 * sum(k + 1 < len(lines) and not _header(lines[k + 1]) for k in headed) + sum(
        bool(TIME_ONLY.match(line) or _APP_LINE.match(line)) for line in lines)
    posts = sum(bool(POST_HEADER.match(line) or NAME_DATE.match(line)) or (k + 1 < len(lines) and bool(
        posted(line, lines[k + 1]))) for k, line in enumerate(lines))  # a forum post runs on for many lines
    system = sum(bool(_SYSTEM.match(line)) and not MESSAGE.match(line) for line in lines)
    opens = bool(lines) and bool(MESSAGE.match(lines[0]) or _SYSTEM.match(lines[0]))
    # an export that opens with a stamped line and stamps most of its messages, answers running on over several lines
    exported = opens and stamped + system >= RUN_ON_SHARE * len(lines)
    return 0.92 if stamped + len(headed) >= 3 and (covered + system >= 0.6 * len(lines) or posts >= 3
                                                    or exported) else 0.0


def accepts(path: Path, text_head: str) -> float:
    return score_text(text_head)


ASKED = 3
"""Fewest messages that ask a question (a question mark, a question's first word, or a question's
number) that make their sender the one who asks, in a chat where several others reply."""


def _asker(messages: Sequence[tuple[str, list[SourceLine]]], asked: Sequence[frozenset[str]] = ()) -> str:
    """The sender who asks the questions: most of their messages ask, and they ask the most."""
    asks: dict[str, int] = {}
    worded: dict[str, int] = {}
    sent: dict[str, int] = {}
    for sender, lines in messages:
        if sender:
            asks[sender] = asks.get(sender, 0) + _asks(lines, asked)
            worded[sender] = worded.get(sender, 0) + _asks_in_words(lines, asked)
            sent[sender] = sent.get(sender, 0) + 1
    asker = max(asks, key=lambda name: (worded[name], asks[name]), default="")  # students number their answers too
    # one who only numbers their messages ("Q3 -> the Perceptron") is a student posting answers, not asking
    return asker if asker and worded[asker] >= ASKED and max(asks[asker], worded[asker]) * 2 >= sent[asker] else ""


def _first(lines: Sequence[SourceLine]) -> str:
    return next((ln.text for ln in lines if ln.text.strip()), "")


def _asks(lines: Sequence[SourceLine], asked: Sequence[frozenset[str]] = ()) -> bool:
    """A message that asks: its first line asks or is numbered, or it asks several numbered questions, or it names a
    question of the questionnaire in a few words (`_names_question`)."""
    shape = line_shape(_first(lines))
    return shape.asks or shape.number is not None or _asks_several(lines) or _names_question(lines, asked)


NAMING_WORDS = 12
"""The most words of a message that asks by naming a question ("perplexity", "four rules fastai applies")."""
NAMED_SHARE = 0.5
"""Share of such a message's words that are the words of one question of the questionnaire."""


def _names_question(lines: Sequence[SourceLine], asked: Sequence[frozenset[str]]) -> bool:
    """A short message that names a question of the questionnaire in its own words (`asked`: each question's content
    words): a study buddy asks "perplexity", "gradual unfreezing", "ok. 3 steps to prepare data for a LM" as often as
    with a question mark. A reply says more than the question's words."""
    text = " ".join(ln.text for ln in lines)
    said = content_tokens(text)
    if not asked or not said or len(text.split()) > NAMING_WORDS:
        return False
    return max(len(said & question) for question in asked) >= max(1.0, NAMED_SHARE * len(said))


def _asks_several(lines: Sequence[SourceLine]) -> bool:
    """A message that asks several numbered questions ("Last three:\n6) What does…?\n8) What is…?")."""
    return sum((shape := line_shape(ln.text)).asks and shape.number is not None for ln in lines) >= 2


def _asks_in_words(lines: Sequence[SourceLine], asked: Sequence[frozenset[str]] = ()) -> int:
    """How many questions a message asks in words: one for a question mark or a question's first word (not only a
    number, "Q3 -> the Perceptron", which is a student giving an answer) or for several numbered questions; each
    question of a numbered list that is most of the message ("Tonight:\n1) What is…?\n2) What does…?\n3) Why…?")
    counts. A learner's numbered answers do not count so: they end without a question mark ("10. When doctors were
    given…"), and a learner who quotes each question above its answer writes as many lines of answer as of question."""
    said = [ln.text for ln in lines if ln.text.strip()]
    listed = sum(line_shape(text).number is not None and _QUESTION_END.search(text) is not None for text in said)
    return listed if listed >= 2 and listed * 2 > len(said) else int(line_shape(_first(lines)).asks
                                                                      or _asks_several(lines)
                                                                      or _names_question(lines, asked))


_QUESTION_END = re.compile(r"\?[\s*_\"')\]]*$")
"""A line that ends by asking: its last mark is a question mark, perhaps inside bold or quotes ("**…?**")."""


def _tutored(messages: Sequence[tuple[str, list[SourceLine]]], asker: str, student: str) -> bool:
    """A tutor's chat with one student: the asker asks (in words, see `_asker`) and the other replies as often."""
    replied = sum(_words(lines) for sender, lines in messages if sender == student)
    return replied >= ASKED


def _words(lines: Sequence[SourceLine]) -> bool:
    """Whether a message says anything in words or numbers (not a "👍" alone)."""
    return any(c.isalnum() for ln in lines for c in ln.text)


def _replies(messages: Sequence[tuple[str, list[SourceLine]]], asker: str, student: str,
             asked: Sequence[frozenset[str]] = ()) -> list[SourceLine]:
    """The asker's questions and one student's messages, each question followed by the student's answers to it; the
    asker's other messages ("good. next one is easy") and the student's reactions with no words ("👍") before them
    all, where they are no one's answer.

    An answer goes under the question asked last before it, unless it opens with the number of another question it
    has not answered yet (`_answer_parts`): a message that asks several questions at once ("Last three:\n6) What…?\n8)
    What…?") is one question each, and the replies "6) …", "8) …" that follow go under theirs; so does a late "Q2: …"
    sent after question 3 was asked."""
    said = [ln for sender, lines in messages if (sender == asker and not _asks(lines, asked))
            or (sender == student and not _words(lines)) for ln in lines]
    blocks: list[tuple[int | None, list[SourceLine]]] = []  # a question asked, then the answers put under it
    answered: set[int] = set()
    run = 0  # where the questions asked last one after another, with no one answering between them, start
    asking = False  # the last message with words asked
    for sender, lines in messages:
        if sender == asker and _asks(lines, asked):
            if not _asks(lines):  # named in a few words ("perplexity"): a heading, as a question the file asks
                lines = [replace(lines[0], text=f"### {lines[0].text.strip()}"), *lines[1:]]
            parts = _asked_parts(lines)
            if len(parts) > 1:  # "Last three:" before the questions is no question's text
                intro = next(k for k, ln in enumerate(parts[0][1]) if line_shape(ln.text).number is not None)
                said += parts[0][1][:intro]
                parts[0] = (parts[0][0], parts[0][1][intro:])
            run = run if asking else len(blocks)
            blocks += parts
            asking = True
            continue
        asking = asking and not (sender and _words(lines))
        if sender != student or not _words(lines):
            continue
        if not blocks:
            blocks.append((None, []))
        numbers_asked = {n for n, _ in blocks if n is not None}
        pending = {n for n, _ in blocks[run:] if n is not None}
        for number, part in _answer_parts(lines, numbers_asked - answered, pending):
            at = len(blocks) - 1 if number is None else max(k for k, (n, _) in enumerate(blocks) if n == number)
            if (asked_number := blocks[at][0]) is not None:
                answered.add(asked_number)
            blocks[at][1].extend([SourceLine("", part[0].line), *part])
    out: list[SourceLine] = [*said, SourceLine("", 0)] if said else []
    for _, lines in blocks:
        out += [SourceLine("", lines[0].line), *lines] if out and lines else lines
    return out


def _asked_parts(lines: Sequence[SourceLine]) -> list[tuple[int | None, list[SourceLine]]]:
    """An asker's message as the questions it asks, each with its number: one per numbered line that asks when there
    are several ("Last three:\n6) What does…?\n8) What is…?"), the lines before the first going with it."""
    starts = [k for k, ln in enumerate(lines) if (shape := line_shape(ln.text)).number is not None and shape.asks]
    if len(starts) < 2:
        return [(line_shape(lines[starts[0]].text).number if starts else None, list(lines))]
    bounds = [0, *starts[1:], len(lines)]
    return [(line_shape(lines[k].text).number, list(lines[a:b]))
            for k, a, b in zip(starts, bounds, bounds[1:], strict=False)]


def _answer_parts(lines: Sequence[SourceLine], open_numbers: set[int],
                  pending: set[int]) -> list[tuple[int | None, list[SourceLine]]]:
    """A student's message as the answers it gives, each with the number of the question it answers (None: the
    question asked last). A message that opens with a question's label ("Q2: …", "Question 2 -") answers that
    question if the student has not answered it yet (`open_numbers`); one that opens with a number as a list does
    ("6) It updates…") answers it only if it is one of the questions asked last one after another (`pending`), so
    a list that answers the question asked last ("1. get a batch\n2. forward pass") stays whole. Each line so
    numbered opens an answer of its own ("6) …\n8) …" answers two questions)."""
    labels: list[tuple[int, int]] = []
    for k, ln in enumerate(lines):
        shape = line_shape(ln.text)  # a label opens it, whatever follows ("8 - How fast the model learns")
        if shape.number is None:
            continue
        if shape.number in (open_numbers if not shape.listed else pending & open_numbers):
            labels.append((k, shape.number))
    numbers = [n for _, n in labels]
    if not labels or labels[0][0] != 0 or len(set(numbers)) != len(numbers):
        return [(None, list(lines))]
    bounds = [k for k, _ in labels] + [len(lines)]
    return [(n, list(lines[a:b])) for n, a, b in zip(numbers, bounds, bounds[1:], strict=False)]


def _answers(messages: Sequence[tuple[str, list[SourceLine]]], sender: str) -> bool:
    """Whether `sender` posts answers to a questionnaire: at least `ASKED` of their lines are numbered like answers or
    quote a question above words of their own in the same post ("3. …", "> What is…?" then the answer). A friend's
    questions in a chat ("eq for adam?", "bigger momentum?"), each a message of its own, answer nothing."""
    def counted(said: list[SourceLine]) -> int:
        texts = [ln.text for ln in said if ln.text.strip()]
        shapes = [line_shape(text) for text in texts]
        return sum(shape.number is not None or (shape.asks and any(not s.asks for s in shapes[k + 1:]))
                   for k, shape in enumerate(shapes))
    return sum(counted(said) for who, said in messages if who == sender) >= ASKED


def _own_posts(messages: Sequence[tuple[str, list[SourceLine]]], student: str,
               answering: Sequence[str]) -> list[SourceLine]:
    """One learner's posts in a thread where several post answers: the posts of those who answer nothing (the thread's
    opening, thanks) first, where they are no one's answer, then the learner's own; the other learners' posts are in
    their own reports."""
    others = [ln for sender, lines in messages if sender not in answering for ln in lines if ln.text.strip()]
    own = [ln for sender, lines in messages if sender == student for ln in lines]
    return others + [SourceLine("", 0)] * bool(others) + own


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    return submissions(path, _messages(read_text(path).split("\n")), hints)


def submissions(path: Path, messages: list[tuple[str, list[SourceLine]]], hints: Sequence[str],
                fmt: str = NAME) -> list[Submission]:
    """The submissions in a chat's `messages` ((sender, lines), in the order sent; "" for no one's lines): whoever
    answers, each with what they need to be read (see the module's docstring). `chat_export` reads an app's JSON
    export into the same messages."""
    asker = _asker(messages)
    senders = list(dict.fromkeys(sender for sender, _ in messages if sender))
    asked: list[frozenset[str]] = []
    if not asker and len(senders) == 2:
        # two friends going through the questionnaire, one naming each question in a few words ("perplexity"): only
        # in a chat of two, where it makes the other one the student; in a group, short questions are chatter
        asked = [frozenset(content_tokens(hint)) for hint in hints]
        asker = _asker(messages, asked)
    repliers = list(dict.fromkeys(sender for sender, _ in messages if sender and sender != asker))
    if asker and len(repliers) >= 2:
        name = clean_name(path.name)
        return [replace(file_submission(path, fmt, Parsed(student=student),
                                        document=_replies(messages, asker, student)), source=f"{name}#{student}")
                for student in repliers]
    answering = [sender for sender in repliers if _answers(messages, sender)] if not asker else []
    if len(answering) >= 2:  # a forum thread where several learners post their answers
        name = clean_name(path.name)
        return [replace(file_submission(path, fmt, Parsed(student=student),
                                        document=_own_posts(messages, student, answering)), source=f"{name}#{student}")
                for student in answering]
    if asker and len(repliers) == 1 and _tutored(messages, asker, repliers[0]):
        return [file_submission(path, fmt, Parsed(student=repliers[0]),
                                document=_replies(messages, asker, repliers[0], asked))]
    written: dict[str, int] = {}
    for sender, lines in messages:
        if sender:
            written[sender] = written.get(sender, 0) + sum(len(ln.text) for ln in lines)
    student = max(written, key=lambda s: written[s], default="")
    others = [SourceLine(f"{sender}: {ln.text}" if k == 0 and sender else ln.text, ln.line)
              for sender, lines in messages if sender != student for k, ln in enumerate(lines)]
    # each message a paragraph of its own: "done, going to lunch" sent after the last answer is not more of it
    own = [ln for sender, lines in messages if sender == student and sender
           for ln in (SourceLine("", lines[0].line), *lines) if lines][1:]
    document = [ln for ln in others if ln.text.strip()] + [SourceLine("", 0)] * bool(others) + own
    return [file_submission(path, fmt, Parsed(student=student), document=document)]
