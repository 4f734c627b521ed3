"""The tutor: `greenpen check` on chat transcripts and `greenpen ask` on the course packs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenpen.cli import cli
from greenpen.errors import InputError
from greenpen.packs import all_packs
from greenpen.tutor.check import check_transcript, to_json, to_markdown
from greenpen.tutor.transcript import parse_json, read_transcript

from .conftest import FIXTURES

TUTOR = FIXTURES / "tutor"
LR_CLAIM = "more prone to overfitting"


# ─── reading transcripts ────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("chatgpt-conversations.json", "chatgpt-json"),
        ("chatgpt-export.md", "chat-markdown"),
        ("claude-export.json", "claude-json"),
        ("claude-export.md", "chat-markdown"),
    ],
)
def test_exports_are_read_as_turns(name: str, fmt: str) -> None:
    transcript = read_transcript(TUTOR / name)
    assert transcript.format == fmt
    first = transcript.turns[0]
    assert first.prompt in ("What does the learning rate do?", "Why do we need a validation set?")
    assert first.reply.startswith(("The learning rate sets the size", "A validation set is data"))
    assert "abandoned branch" not in " ".join(t.prompt for t in transcript.turns)


def test_chatgpt_json_follows_the_current_branch() -> None:
    transcript = read_transcript(TUTOR / "chatgpt-conversations.json")
    assert [t.prompt for t in transcript.turns] == ["What does the learning rate do?", "And dropout?"]
    assert transcript.turns[1].reply.startswith("Dropout is a regularization technique")


def test_claude_json_takes_text_from_content_blocks() -> None:
    transcript = read_transcript(TUTOR / "claude-export.json")
    assert len(transcript.turns) == 2
    assert "keep an eye on the test set" in transcript.turns[0].reply


def test_json_without_messages_says_what_to_give() -> None:
    with pytest.raises(InputError, match="conversations.json"):
        parse_json('{"foo": 1}', "x.json")


# ─── check ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ["chatgpt-conversations.json", "chatgpt-export.md"])
def test_check_flags_the_learning_rate_claim_in_chatgpt_exports(name: str) -> None:
    report = check_transcript(read_transcript(TUTOR / name), all_packs())
    assert [f.statement.text for f in report.flags] == [
        "A very high learning rate makes the model overfit the training data."
    ]
    flag = report.flags[0]
    assert (flag.pack, flag.question.number, flag.id) == ("fastai-04", 17, "causes-overfitting")
    assert "overshoot" in flag.correction and flag.question.taught_in


@pytest.mark.parametrize("name", ["claude-export.json", "claude-export.md"])
def test_check_flags_watching_the_test_set_in_claude_exports(name: str) -> None:
    report = check_transcript(read_transcript(TUTOR / name), all_packs())
    assert [(f.pack, f.question.number, f.id) for f in report.flags] == [
        ("fastai-04", 11, "tune-on-test-set")
    ]
    assert report.flags[0].statement.text.startswith("While you train, keep an eye on the test set")


def _sample_flags(samples: Path) -> list[str]:
    report = check_transcript(read_transcript(samples / "chat-transcript-fastai-ch1.md"), all_packs())
    return [f.statement.text for f in report.flags]


def test_check_on_the_sample_flags_the_learning_rate_claims_and_at_most_two_others(samples: Path) -> None:
    flagged = _sample_flags(samples)
    lr = [s for s in flagged if LR_CLAIM in s]
    assert len(lr) == 2  # the hyper-parameter list and the SGD answer
    others = [s for s in flagged if LR_CLAIM not in s]
    # the two others: watching / tuning against the test set (a real misuse of the test set)
    assert len(others) == 2
    assert all("test set" in s or "test data" in s for s in others)


def test_check_does_not_flag_the_sample_s_correct_statements(samples: Path) -> None:
    flagged = " ".join(_sample_flags(samples))
    for correct in (
        "To prevent overfitting, regularization techniques can be used",
        "overfitting occurs when a model is too complex",
        "the validation set is used to tune the hyperparameters",
        "One important hyperparameter in SGD is the learning rate, which determines the size of the steps",
        "bias-variance tradeoff",
        "split the data into a training set and a test set",
    ):
        assert correct not in flagged


def test_check_cli_json_and_out_folder(samples: Path, tmp_path: Path) -> None:
    source = samples / "chat-transcript-fastai-ch1.md"
    result = CliRunner().invoke(cli, ["check", str(source), "--json", "--embedder", "none",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "greenpen.check/1"
    assert data["turns"] == 9
    assert [(f["pack"], f["question"]["number"], f["id"]) for f in data["flags"]] == [
        ("fastai-04", 11, "tune-on-test-set"),
        ("fastai-04", 17, "causes-overfitting"),
        ("fastai-04", 11, "tune-on-test-set"),
        ("fastai-04", 17, "causes-overfitting"),
    ]
    assert all(f["correction"] and f["taught_in"] for f in data["flags"])
    markdown = (tmp_path / "chat-transcript-fastai-ch1.check.md").read_text(encoding="utf-8")
    assert markdown.count("**Correction:**") == 4
    assert json.loads((tmp_path / "chat-transcript-fastai-ch1.check.json").read_text()) == data


def test_check_markdown_when_nothing_is_wrong(tmp_path: Path) -> None:
    chat = tmp_path / "ok.md"
    chat.write_text("## User\n\nWhat is SGD?\n\n## Assistant\n\nSGD is an optimiser that updates the "
                    "weights a small step against the gradient of the loss on each mini-batch.\n")
    report = check_transcript(read_transcript(chat), all_packs())
    assert report.flags == ()
    assert "None of them disagrees" in to_markdown(report)
    assert to_json(report)["flags"] == []


@pytest.mark.models
def test_check_with_the_embedder_adds_no_flag_on_the_sample(samples: Path) -> None:
    from greenpen.grading.embed import get_embedder

    transcript = read_transcript(samples / "chat-transcript-fastai-ch1.md")
    with_model = check_transcript(transcript, all_packs(), get_embedder("use"))
    without = check_transcript(transcript, all_packs())
    assert [f.statement for f in with_model.flags] == [f.statement for f in without.flags]
    assert with_model.notes == ()


# ─── ask ────────────────────────────────────────────────────────────────────

COVERED = [
    ("Why can't we use a very large learning rate?", ("fastai-04", 17), "overshoot"),
    ("What does the @ operator do in Python?", ("fastai-04", 29), "matrix"),
    ("Why do we have to reset the gradients to zero after each step?", ("fastai-04", 31), "accumulat"),
    ("How is a loss different from a metric?", ("fastai-04", 22), "metric"),
    ("Para que serve a função de perda?", ("pytorch-l1", 5), "loss"),
]
NOT_COVERED = [
    "What is a transformer and how does self-attention work?",
    "How do GANs generate images?",
    "How do I write a SQL join between two tables?",
    "What is reinforcement learning?",
    "How long should I boil an egg?",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from greenpen.grading.embed import get_embedder
    from greenpen.tutor.retrieve import Index

    return Index(all_packs(), get_embedder("use"), cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.mark.models
@pytest.mark.parametrize(("question", "source", "word"), COVERED)
def test_ask_answers_covered_questions_from_their_source(index, question: str, source: tuple[str, int],
                                                         word: str) -> None:
    from greenpen.tutor.ask import ask, to_markdown

    answer = ask(question, index)
    assert answer.covered
    first = answer.sources[0]
    assert (first.pack, first.number) == source
    pack = next(p for p in all_packs() if p.id == first.pack)
    reference = " ".join(next(q for q in pack.questions if q.number == first.number).reference.split())
    assert reference in answer.text  # the course's own answer, not an invented one
    assert word in answer.text.lower()
    markdown = to_markdown(answer)
    assert f"{first.pack}, question {first.number}: “{first.question}”" in markdown


@pytest.mark.models
@pytest.mark.parametrize("question", NOT_COVERED)
def test_ask_declines_what_the_packs_do_not_cover(index, question: str) -> None:
    from greenpen.tutor.ask import ask, to_json

    answer = ask(question, index)
    assert not answer.covered
    assert answer.sources == ()
    assert "do not cover this question" in answer.text
    data = to_json(answer)
    assert data["schema"] == "greenpen.ask/1" and data["covered"] is False


@pytest.mark.models
def test_ask_more_goes_deeper_and_is_deterministic(index) -> None:
    from greenpen.tutor.ask import ask

    question = "Why can't we use a very large learning rate?"
    plain, more, most = (ask(question, index, level=n) for n in (0, 1, 2))
    assert "The points a full answer makes:" not in plain.text
    headings = ("The points a full answer makes:", "To go further:", "Common mistakes:",
                "Where it is taught:")
    for heading in headings:
        assert heading in more.text
    assert "A high learning rate causes overfitting" in more.text
    assert more.text in most.text and len(most.text) > len(more.text)
    assert ask(question, index, level=1) == more


@pytest.mark.models
def test_ask_hands_only_the_answer_body_to_the_phrasing_model(index) -> None:
    from greenpen.tutor.ask import ask, to_markdown

    prompts: list[str] = []

    def phrase(prompt: str) -> str:
        prompts.append(prompt)
        return "Big steps jump over the minimum."

    answer = ask("What does the @ operator do in Python?", index, phrase=phrase)
    assert answer.phrased and answer.text == "Big steps jump over the minimum."
    assert "Course notes:" in prompts[0] and "@ operator" in prompts[0]
    assert "## Sources" in to_markdown(answer)  # the sources are greenpen's, not the model's
    declined = ask("How long should I boil an egg?", index, phrase=phrase)
    assert not declined.phrased and len(prompts) == 1

    def broken(prompt: str) -> str:
        raise TimeoutError

    fallback = ask("What does the @ operator do in Python?", index, phrase=broken)
    assert not fallback.phrased and "matrix" in fallback.text and fallback.notes


@pytest.mark.models
def test_ask_cli_one_question_and_interactive_session() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["ask", "--json", "What does the @ operator do in Python?"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["covered"] and data["sources"][0]["number"] == 29
    session = runner.invoke(cli, ["ask"], input="What does the @ operator do in Python?\nmore\n\nmore\n"
                                                "How do GANs generate images?\nquit\nWhat is SGD?\n")
    assert session.exit_code == 0, session.output
    out = session.stdout
    assert out.count("# What does the @ operator do in Python?") == 3  # the answer, then two levels deeper
    assert "That is everything the course packs say about this" in out
    assert "do not cover this question" in out
    assert "What is SGD" not in out  # after quit
