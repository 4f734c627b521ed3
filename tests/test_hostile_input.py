"""Hostile and broken files (issue 16): every one becomes one greenpen error line, the batch goes on.

The files are built in `tests/hostile_files.py`; each reproduces a defect that once escaped as
a non-greenpen exception, hung, or ran out of time or memory.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenpen.cli import cli
from greenpen.errors import GreenpenError, InputError, TooLarge, UnsupportedFormat
from greenpen.readers import limits, read_file
from tests import class_fixtures
from tests.hostile_files import GOOD, GOOD_IPYNB, GOOD_MD, HOSTILE, docx, good_pdf, notebook

pytest.importorskip("docx")
pytest.importorskip("pypdf")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_gives_a_greenpen_error_or_a_reading(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, HOSTILE[name]())
    try:
        submissions = read_file(path)
    except GreenpenError as exc:
        message = str(exc)
        assert message.startswith(name + ":"), message
        assert "\n" not in message and " — " in message, message  # one line, says what to do
        return
    for sub in submissions:
        assert sub.source.startswith(name)
        assert sub.items or sub.extra  # a bad CSV row says why in `extra`


@pytest.mark.parametrize(
    ("name", "error", "says"),
    [
        ("aes.pdf", UnsupportedFormat, "the PDF is password-protected or encrypted — save or print an unprotected"),
        ("unknown-filter.pdf", UnsupportedFormat, "this PDF cannot be read (NotImplementedError: Unsupported filter"),
        ("deep.ipynb", UnsupportedFormat, "not a notebook (its JSON is nested too deeply)"),
        ("version-needed.docx", UnsupportedFormat, "cannot be opened (NotImplementedError: zip file version 10.0)"),
        ("bomb.docx", TooLarge, "inside the archive expands 993 times (a zip bomb)"),
    ],
)
def test_the_defects_of_issue_16_say_what_is_wrong(tmp_path: Path, name: str, error: type, says: str) -> None:
    path = write(tmp_path, name, HOSTILE[name]())
    with pytest.raises(error) as caught:
        read_file(path)
    assert says in str(caught.value)


def test_a_csv_cell_over_the_limit_fails_its_row_only(tmp_path: Path) -> None:
    subs = read_file(write(tmp_path, "big-cell.csv", HOSTILE["big-cell.csv"]()))
    assert [(s.source, len(s.items)) for s in subs] == [("big-cell.csv#row2", 0), ("big-cell.csv#row3", 2)]
    assert subs[0].extra == (
        "big-cell.csv#row2: this row was not read because a cell is longer than 100,000 characters — check it "
        "for a stray quote, shorten the cell, and export again",
    )


def test_old_and_odd_notebooks_are_read(tmp_path: Path) -> None:
    (sub,) = read_file(write(tmp_path, "v3.ipynb", HOSTILE["nbformat3.ipynb"]()))
    assert sub.items[0].label.endswith("What is a tensor?")
    with pytest.raises(InputError, match="no text found"):
        read_file(write(tmp_path, "odd.ipynb", HOSTILE["non-string-source.ipynb"]()))


def test_utf16_with_an_odd_byte_count_is_read(tmp_path: Path) -> None:
    (sub,) = read_file(write(tmp_path, "odd.txt", HOSTILE["odd-utf16.txt"]()))
    assert "What is a tensor?" in " ".join(f"{i.label} {i.text}" for i in sub.items)


# ─── per-file limits ─────────────────────────────────────────────────────────


def test_the_limits_are_the_documented_numbers() -> None:
    assert (limits.MAX_FILE_BYTES, limits.MAX_TEXT_CHARS, limits.MAX_CELL_CHARS, limits.MAX_CSV_CELLS) == (
        32 * 1024 * 1024, 300_000, 100_000, 200_000)
    assert (limits.MAX_NOTEBOOK_CELLS, limits.MAX_PARAGRAPHS, limits.MAX_PAGES) == (5_000, 20_000, 500)
    assert (limits.MAX_ZIP_MEMBERS, limits.MAX_UNZIPPED_BYTES, limits.MAX_XML_BYTES, limits.MAX_ZIP_RATIO) == (
        5_000, 256 * 1024 * 1024, 16 * 1024 * 1024, 200)
    assert (limits.READ_SECONDS, limits.MAX_BLANK_RUN) == (60.0, 100)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for row in ("| file size | 32 MB |", "| text of one submission (a CSV: of one row) | 300,000 characters |",
                "| one CSV cell / all cells of a CSV | 100,000 characters / 200,000 cells |",
                "| notebook cells | 5,000 |", "| `.docx` paragraphs and table rows | 20,000 |",
                "| `.docx` XML part, decompressed | 16 MB |", "| PDF pages | 500 |",
                "| files in a `.docx` or LMS zip / decompressed total | 5,000 / 256 MB |",
                "| zip member expanding more than | 200 times (over 1 MB: a zip bomb) |",
                "| time to read one file | 60 s |", "| blanks in a row (longer runs are cut) | 100 |",
                "| time to grade one submission | 600 s (1,800 s with `--llm`) |"):
        assert row in readme, row


def test_bytes_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, "ana.md", GOOD_MD.encode())
    with pytest.raises(TooLarge, match=r"^ana.md: the file is 0.000\d+ MB, over .* limit of 9.54e-05 MB"):
        read_file(path)


def test_text_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 50)
    with pytest.raises(TooLarge, match=r"ana.md: the file holds \d{3} characters of text, over greenpen's limit of 50"):
        read_file(write(tmp_path, "ana.md", GOOD_MD.encode()))
    with pytest.raises(TooLarge, match="eve.docx: the file holds"):
        read_file(write(tmp_path, "eve.docx", GOOD["eve.docx"]()))
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 60)  # a class CSV: row by row
    csv_text = "Name,What is a tensor?,What is broadcasting?\nAna," + "x" * 60 + ",b\nBen,c,d\nCai,e,f\n"
    rows = read_file(write(tmp_path, "class.csv", csv_text.encode()))
    assert [(r.source, bool(r.items)) for r in rows] == [
        ("class.csv#row2", False), ("class.csv#row3", True), ("class.csv#row4", True)]
    assert rows[0].extra == ("class.csv#row2: this row was not read because it holds more than 60 characters — "
                             "check it for a stray quote, shorten the cell, and export again",)


def test_paragraph_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 10)
    monkeypatch.setattr("greenpen.readers.docx.MAX_PARAGRAPHS", 10)
    path = write(tmp_path, "tiny.docx", docx([f"p{i}" for i in range(30)]))
    with pytest.raises(TooLarge, match=r"tiny.docx: more than 10 paragraphs and table rows \(11\+\)"):
        read_file(path)


def test_many_tiny_paragraphs_look_their_style_up_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx looks a paragraph's style up by scanning every style (3 ms each in a long style sheet, 10 minutes
    a file): the reader looks each style up once, however many paragraphs use it."""
    from docx.styles.styles import Styles

    lookups = []
    original = Styles.get_by_id

    def counted(self: Styles, *args: object, **kwargs: object) -> object:
        lookups.append(args)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Styles, "get_by_id", counted)
    read_file(write(tmp_path, "tiny.docx", docx([f"p{i}" for i in range(2000)])))
    assert 0 < len(lookups) <= 5


def test_page_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("greenpen.readers.pdf.MAX_PAGES", 2)
    with pytest.raises(TooLarge, match=r"long.pdf: more than 2 pages \(3\+\)"):
        read_file(write(tmp_path, "long.pdf", good_pdf(pages=3)))


def test_cell_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("greenpen.readers.notebook.MAX_NOTEBOOK_CELLS", 2)
    cells = [{"cell_type": "markdown", "source": "x"}] * 3
    with pytest.raises(TooLarge, match=r"many.ipynb: more than 2 cells \(3\+\)"):
        read_file(write(tmp_path, "many.ipynb", notebook(cells)))
    monkeypatch.setattr("greenpen.readers.csv_export.MAX_CSV_CELLS", 5)
    with pytest.raises(TooLarge, match="class.csv: the CSV has more than 5 cells"):
        read_file(write(tmp_path, "class.csv", GOOD["class.csv"]()))


def test_zip_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 3)
    with pytest.raises(TooLarge, match=r"eve.docx: more than 3 files inside the archive"):
        read_file(write(tmp_path, "eve.docx", GOOD["eve.docx"]()))
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 5000)
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(TooLarge, match=r"eve.docx: the archive expands to [\d.]+ MB, over .* limit of 0.000954"):
        read_file(write(tmp_path, "eve.docx", GOOD["eve.docx"]()))


def test_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from greenpen.readers import markdown

    def slow(path: Path, hints: object) -> list[object]:
        try:
            time.sleep(5)
        except Exception:  # noqa: BLE001 - a reader's own `except Exception` must not swallow the limit
            pass
        return []

    monkeypatch.setattr(markdown, "read", slow)
    monkeypatch.setattr(limits, "READ_SECONDS", 0.2)
    started = time.perf_counter()
    with pytest.raises(TooLarge, match=r"ana.md: reading the file took more than 0.2 s, greenpen's limit"):
        read_file(write(tmp_path, "ana.md", GOOD_MD.encode()))
    assert time.perf_counter() - started < 2


# ─── what is not a plain file ────────────────────────────────────────────────


def test_a_named_pipe_is_refused_not_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "answers.md"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="is not a regular file"):
        read_file(pipe)  # opening it would wait forever for a writer
    with pytest.raises(InputError, match="is not a regular file"):
        read_file(pipe, format="markdown")


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/Jos\xe9.md"))
    path.write_bytes(GOOD_MD.encode())
    (sub,) = read_file(path)
    assert sub.source == "José.md"
    bad = Path(os.fsdecode(bytes(tmp_path) + b"/Jo\xe9\x1b[31m.md"))
    bad.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        read_file(bad)
    assert str(caught.value).startswith("Joé?[31m.md: the file is empty")


# ─── greenpen grade on a folder of hostile files ─────────────────────────────


@pytest.fixture
def fake_models(monkeypatch: pytest.MonkeyPatch) -> None:
    from greenpen.classroom import batch

    monkeypatch.setattr(batch, "grade_default", class_fixtures.fake_grade)
    monkeypatch.setattr(batch, "warm_models", class_fixtures.no_warm)


def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    folder.mkdir()
    for name, make in {**GOOD, **HOSTILE}.items():
        write(folder, name, make())
    os.mkfifo(folder / "pipe.md")
    (folder / "passwd.md").symlink_to("/etc/passwd")
    (folder / "inside.md").symlink_to(folder / "ana.md")
    (folder / "gone.md").symlink_to(folder / "nowhere.md")
    write(folder, os.fsdecode(b"Jos\xe9.md"), GOOD_MD.replace("Ana Souza", "José Silva").encode())
    write(folder, "\x1b[31mred\x07.md", GOOD_MD.replace("Ana Souza", "Red \x1b]0;pwned\x07Student").encode())
    return folder


def test_grade_a_folder_of_hostile_files(tmp_path: Path, fake_models: None) -> None:
    folder = hostile_folder(tmp_path)
    result = CliRunner().invoke(
        cli, ["grade", str(folder), "--db", str(tmp_path / "g.db"), "--out", str(tmp_path / "out"), "--workers", "1"]
    )
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out, err = result.stdout, result.stderr
    assert "Traceback" not in out + err
    assert "\x1b" not in out + err and "\x07" not in out + err
    graded = sorted(line.split(":")[0] for line in out.splitlines() if ": fake, score" in line)
    assert graded == sorted([
        "?[31mred?.md", "José.md", "ana.md", "ben.txt", "big-cell.csv#row3", "cai.ipynb", "class.csv#row2",
        "class.csv#row3", "dee.pdf", "escape-codes.md", "eve.docx", "inside.md", "nbformat3.ipynb", "odd-utf16.txt",
    ])
    failed = err.split("Failed (", 1)[1].splitlines()[1:]
    assert len(failed) == int(re.search(r"(\d+) failed", out).group(1))  # one line each
    reasons = "\n".join(failed)
    for needle in ("aes.pdf: the PDF is password-protected", "deep.ipynb: not a notebook",
                   "bomb.docx:", "version-needed.docx:", "unknown-filter.pdf:", "big-cell.csv#row2:",
                   "pipe.md: is not a regular file", "passwd.md: is a link to a file outside the folder",
                   "gone.md: is a broken link"):
        assert needle in reasons, needle
    reports = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir())
    assert "root:" not in reports  # /etc/passwd was not read


def test_read_goes_on_past_bad_csv_rows_and_says_why(tmp_path: Path) -> None:
    path = write(tmp_path, "class.csv", HOSTILE["big-cell.csv"]() + b"Cai,e,f,g\n")
    result = CliRunner().invoke(cli, ["read", str(path), "--no-embeddings"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: class.csv#row2: this row was not read because a cell is longer than 100,000 characters — check it "
        "for a stray quote, shorten the cell, and export again",
        "Error: class.csv#row4: this row has 4 cells but the header has 3, so it was not read — check it for a "
        "stray delimiter or quote and export again",
    ]
    assert "class.csv#row3 (csv)" in result.stdout


def test_grade_a_folder_whose_name_is_not_utf8(tmp_path: Path, fake_models: None) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/cl\xe9ss"))
    folder.mkdir()
    write(folder, os.fsdecode(b"Jo\xe3o.md"), GOOD_MD.encode())
    out = Path(os.fsdecode(bytes(tmp_path) + b"/out\xe9"))
    result = CliRunner().invoke(cli, ["grade", str(folder), "--db", str(tmp_path / "g.db"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "João.md: fake, score" in result.stdout
    assert 'run "cléss"' in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["ana-souza.json", "ana-souza.md"]


def test_an_out_folder_that_cannot_be_written_is_one_line(tmp_path: Path, fake_models: None) -> None:
    blocker = write(tmp_path, "file", b"")
    csv_path = write(tmp_path, "class.csv", GOOD["class.csv"]())
    result = CliRunner().invoke(cli, ["grade", str(csv_path), "--no-db", "--out", str(blocker / "out")])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: cannot write the reports into {blocker / 'out'} (Not a directory) — check "
                             "the folder's permissions or choose another --out folder\n")


@pytest.mark.parametrize("blank", [" ", "\t", "\u2003", " \t"])
def test_a_line_of_sixty_thousand_blanks_reads_at_once(tmp_path: Path, blank: str) -> None:
    """The line patterns of the text readers take time growing with the cube of a run of blanks."""
    path = write(tmp_path, "blank.md", (blank * (60_000 // len(blank)) + "x\n" + GOOD_MD).encode())
    started = time.perf_counter()
    (sub,) = read_file(path)
    assert time.perf_counter() - started < 5
    assert len(sub.items) == 2


def test_terminal_escape_codes_in_a_file_do_not_reach_the_reports(tmp_path: Path) -> None:
    (sub,) = read_file(write(tmp_path, "esc.md", HOSTILE["escape-codes.md"]()))
    text = repr(sub)
    assert "\x1b" not in text and "\x07" not in text
    assert "What is a tensor?" in text


def test_grading_that_takes_too_long_fails_that_submission_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from greenpen.classroom import batch
    from greenpen.domain import Submission
    from greenpen.pipeline import Options

    def grade(submission: Submission, options: Options) -> object:
        if submission.source == "slow.md":
            time.sleep(5)
        return class_fixtures.fake_grade(submission, options)

    monkeypatch.setattr(batch, "GRADE_SECONDS", 0.3)
    (sub,) = read_file_from_text("slow.md")
    items = [batch.WorkItem("slow.md", sub), batch.WorkItem("fast.md", replace(sub, source="fast.md"))]
    started = time.perf_counter()
    summary = batch.grade_batch(items, Options(), workers=1, grade=grade)
    assert time.perf_counter() - started < 3
    assert [(o.source, o.status) for o in summary.outcomes] == [("slow.md", "failed"), ("fast.md", "graded")]
    assert summary.outcomes[0].error == (
        "slow.md: grading took more than 0.3 s, greenpen's limit for one submission — check it is one student's "
        "answers, grade it with --no-code, or grade it by hand"
    )


def read_file_from_text(name: str) -> list[object]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return read_file(write(Path(folder), name, GOOD_MD.encode()))


def test_a_failure_reason_is_one_line_that_says_something() -> None:
    from greenpen.cli.cmd_grade import one_line

    assert one_line("5") == "failed (5) — please report it with this file"
    assert one_line("") == "failed (no reason given) — please report it with this file"
    assert one_line("a.md: bad\n  Traceback line\n") == "a.md: bad Traceback line"


def test_a_cut_off_notebook_or_archive_says_to_fetch_it_again(tmp_path: Path) -> None:
    """A notebook or an LMS archive cut short by its download: the teacher is told it is incomplete and to get it
    again (they were told to open the notebook in Jupyter, which cannot, or to export the zip's answers as text); a
    notebook that is broken inside still says so."""
    whole = GOOD_IPYNB
    cut = tmp_path / "cut.ipynb"
    cut.write_bytes(whole[: whole.index(b"**2. What is broadcasting?**") + 10])
    (sub,) = read_file(cut)  # the whole cells before the cut are read, and the report says the rest is missing
    said = "\n".join(line.text for line in sub.document)
    assert "A tensor with three axes." in said and "cut off after its first 2 cells" in said
    assert "ask the student to upload it again" in said
    cut.write_bytes(whole[:30])
    with pytest.raises(UnsupportedFormat, match=r"cut.ipynb: the notebook is cut off .* ask the student to upload it"):
        read_file(cut)
    broken = tmp_path / "broken.ipynb"
    broken.write_bytes(whole.replace(b'"cells"', b'"cells" "', 1))
    with pytest.raises(UnsupportedFormat, match=r"not a valid notebook \(JSON error"):
        read_file(broken)
    archive = tmp_path / "class.zip"
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for n in range(3):
            out.writestr(f"Ana_{n}/answers.md", GOOD_MD * 20 + str(n) * 500)
    archive.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(UnsupportedFormat, match=r"class.zip: this ZIP archive is damaged or incomplete .* download it"):
        read_file(archive)
