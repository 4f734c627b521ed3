"""LMS bulk downloads (issue 13): Moodle's and Canvas's class zips, read as they come."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenpen.cli import cli
from greenpen.errors import TooLarge, UnsupportedFormat
from greenpen.readers import detect_format, limits, read_file
from greenpen.readers.bulk import html_to_text, lms_student
from tests import class_fixtures
from tests.hostile_files import GOOD, GOOD_MD, good_docx, with_version_needed, zip_of

BEN_TXT = "Ben Carter\n\n1. What is a rank-3 tensor?\nA 3D tensor.\n\n2. What is broadcasting?\nCopying.\n"


def moodle_zip() -> bytes:
    return zip_of({
        "Ana Souza_12345_assignsubmission_file_/answers.md": GOOD_MD.encode(),
        "Ben Carter_12346_assignsubmission_file_/homework.docx": good_docx(),
        "Ben Carter_12346_assignsubmission_file_/drawing.png": b"\x89PNG\r\n",
        "Cai Dias_12347_assignsubmission_onlinetext_/onlinetext.html": (
            b"<p><strong>1. What is a rank-3 tensor?</strong></p><p>Three axes &amp; more.</p>"
            b"<script>alert(1)</script><ul><li>first</li></ul>"
        ),
        "Dee Ito_12348_assignsubmission_file_/broken.pdf": b"%PDF-1.4\nnot really",
        "Eve Berg_12349_assignsubmission_file_/more.zip": zip_of({"a.md": b"x"}),
        "Ana Souza_12345_assignfeedback_file_/feedback.pdf": b"%PDF-1.4 the teacher's own",
        "__MACOSX/Ana Souza_12345_assignsubmission_file_/._answers.md": b"\x00\x05\x16\x07",
    })


def canvas_zip() -> bytes:
    return zip_of({
        "souzaana_12345_67890_answers.md": GOOD_MD.encode(),
        "silvajoao_late_12346_67891_respostas.md": GOOD_MD.replace("Ana Souza", "João Silva").encode(),
        "limaben_12347_67892_hw-1.txt": BEN_TXT.replace("Ben Carter", "Someone Else").encode(),
        "diasc_12348_67893_class.csv": GOOD["class.csv"](),
    })


def test_lms_names() -> None:
    assert lms_student("Ana Maria Souza_12345_assignsubmission_file_/sub/answers.md") == ("Ana Maria Souza", "moodle")
    assert lms_student("Ana Souza_12345_assignsubmission_file_answers.md") == ("Ana Souza", "moodle")
    assert lms_student("souzaana_12345_67890_answers.md") == ("souzaana", "canvas")
    assert lms_student("souzaana_LATE_12345_67890_answers-1.md") == ("souzaana", "canvas")
    assert lms_student("week4/ana.md") == ("", "")


def test_moodle_download_all_submissions(tmp_path: Path) -> None:
    path = tmp_path / "week4-moodle.zip"
    path.write_bytes(moodle_zip())
    assert detect_format(path) == "lms-zip"
    subs = read_file(path)
    got = [(s.source.split("/", 1)[1], s.student, s.format, len(s.items)) for s in subs]
    assert got == [
        ("Ana Souza_12345_assignsubmission_file_/answers.md", "Ana Souza", "markdown", 2),
        ("Ben Carter_12346_assignsubmission_file_/homework.docx", "Ben Carter", "docx", 2),
        ("Cai Dias_12347_assignsubmission_onlinetext_/onlinetext.html", "Cai Dias", got[2][2], got[2][3]),
        ("Dee Ito_12348_assignsubmission_file_/broken.pdf", "Dee Ito", "lms-zip", 0),
        ("Eve Berg_12349_assignsubmission_file_/more.zip", "Eve Berg", "lms-zip", 0),
    ]
    assert all(s.source.startswith("week4-moodle.zip/") for s in subs)
    assert "Three axes & more." in "\n".join(line.text for line in subs[2].document)
    assert "alert" not in repr(subs[2])
    assert subs[3].extra[0].startswith(
        "week4-moodle.zip/Dee Ito_12348_assignsubmission_file_/broken.pdf: this PDF cannot be read ("
    )
    assert subs[4].extra == (
        "week4-moodle.zip/Eve Berg_12349_assignsubmission_file_/more.zip: a zip inside the zip is not read — "
        "unpack it and give the files inside",
    )


def test_canvas_submissions_zip(tmp_path: Path) -> None:
    path = tmp_path / "canvas.zip"
    path.write_bytes(canvas_zip())
    subs = read_file(path)
    got = [(s.source, s.student, len(s.items)) for s in subs]
    assert got == [
        ("canvas.zip/souzaana_12345_67890_answers.md", "Ana Souza", 2),  # the name written, it spells the key
        ("canvas.zip/silvajoao_late_12346_67891_respostas.md", "João Silva", 2),
        ("canvas.zip/limaben_12347_67892_hw-1.txt", "limaben", got[2][2]),  # a name that is not the key's
        ("canvas.zip/diasc_12348_67893_class.csv#row2", "diasc", 2),
        ("canvas.zip/diasc_12348_67893_class.csv#row3", "diasc", 2),
    ]


def test_a_plain_zip_of_submissions_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "class.zip"
    path.write_bytes(zip_of({"week4/ana.md": GOOD_MD.encode(), "week4/ben.txt": BEN_TXT.encode()}))
    subs = read_file(path)
    assert [(s.source, s.student) for s in subs] == [
        ("class.zip/week4/ana.md", "Ana Souza"), ("class.zip/week4/ben.txt", "Ben Carter")]


def test_office_files_and_empty_zips_are_not_class_zips(tmp_path: Path) -> None:
    xlsx = tmp_path / "grades.xlsx"
    xlsx.write_bytes(zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}))
    with pytest.raises(UnsupportedFormat, match="grades.xlsx: this Excel file cannot be opened .* as CSV"):
        read_file(xlsx)
    only_images = tmp_path / "photos.zip"
    only_images.write_bytes(zip_of({"a/photo.jpg": b"\xff\xd8\xff"}))
    with pytest.raises(UnsupportedFormat, match="photos.zip: the zip holds no submission files"):
        read_file(only_images)


def test_zip_limits_and_unreadable_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    encrypted = bytearray(zip_of({"Ana Souza_1_assignsubmission_file_/a.md": GOOD_MD.encode()}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the "encrypted" flag bit
        at = encrypted.find(signature)
        encrypted[at + offset] |= 1
    path = tmp_path / "locked.zip"
    path.write_bytes(bytes(encrypted))
    (sub,) = read_file(path)
    assert sub.extra == ("locked.zip/Ana Souza_1_assignsubmission_file_/a.md: this file is encrypted inside the zip "
                         "— download the submissions again, without a password, or unpack the zip and give the files",)

    newer = tmp_path / "newer.zip"
    newer.write_bytes(with_version_needed(moodle_zip()))
    with pytest.raises(UnsupportedFormat, match=r'ZIP archive that needs a newer zip reader \("version needed"'):
        read_file(newer)

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Ana Souza_1_assignsubmission_file_/a.md", b"a" * 5_000_000)
    with pytest.raises(TooLarge, match="expands .* times \\(a zip bomb\\)"):
        read_file(bomb)

    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 3)
    many = tmp_path / "many.zip"
    many.write_bytes(moodle_zip())
    with pytest.raises(TooLarge, match=r"many.zip: more than 3 files inside the archive \(8\+\)"):
        read_file(many)


def test_a_zip_quine_is_not_read_forever(tmp_path: Path) -> None:
    inner = zip_of({"Ana Souza_1_assignsubmission_file_/a.md": GOOD_MD.encode()})
    path = tmp_path / "outer.zip"
    path.write_bytes(zip_of({"Ben Carter_2_assignsubmission_file_/again.bin": inner}))
    (sub,) = read_file(path)
    assert not sub.items and "ZIP archive — unpack it" in sub.extra[0]


def test_html_online_text() -> None:
    assert html_to_text("<h2>Q1</h2><p>a &lt;b&gt;<br>c</p><style>x{}</style>") == "## Q1\n\na <b>\nc\n"


def test_grade_a_moodle_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from greenpen.classroom import batch

    monkeypatch.setattr(batch, "grade_default", class_fixtures.fake_grade)
    monkeypatch.setattr(batch, "warm_models", class_fixtures.no_warm)
    path = tmp_path / "week4.zip"
    path.write_bytes(moodle_zip())
    result = CliRunner().invoke(
        cli, ["grade", str(path), "--db", str(tmp_path / "g.db"), "--out", str(tmp_path / "out"), "--workers", "1"]
    )
    assert result.exit_code == 2
    assert "Graded 3 of 5 submissions" in result.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "ana-souza.json", "ana-souza.md", "ben-carter.json", "ben-carter.md", "cai-dias.json", "cai-dias.md"]
    pdf_reason = result.stderr.split("broken.pdf: ")[1].splitlines()[0]
    assert result.stderr.splitlines()[1:] == [
        f"  week4.zip/Dee Ito_12348_assignsubmission_file_/broken.pdf: {pdf_reason}",
        "  week4.zip/Eve Berg_12349_assignsubmission_file_/more.zip: a zip inside the zip is not read — unpack it "
        "and give the files inside",
    ]


def test_a_canvas_key_gives_way_to_the_name_the_file_writes_and_a_reupload_replaces_the_first(
        tmp_path: Path) -> None:
    """A Word table, whose reader guesses no name, keeps Canvas's key ("hussainbilal") only until alignment reads the
    name the page writes above it ("Bilal Hussain", which spells the key). A file Canvas renamed "homework4-1.md" (the
    student uploaded homework4.md again) replaces the first upload: one submission, whose report says which earlier
    upload it replaced."""
    from greenpen.align import align
    from greenpen.packs import get_pack

    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Bilal Hussain")
    table = document.add_table(rows=2, cols=2)
    for row, (question, answer) in zip(table.rows, [
            ("What is meant by a 'rank-3 tensor'?", "A tensor with three axes."),
            ("What does 'broadcasting' mean for tensors?", "Expanding the smaller tensor to the larger one's shape.")],
            strict=True):
        row.cells[0].text, row.cells[1].text = question, answer
    document.save(tmp_path / "hw.docx")
    first = GOOD_MD.replace("Ana Souza", "Daniela Ortiz").replace("three axes", "3 axes")
    path = tmp_path / "canvas.zip"
    path.write_bytes(zip_of({
        "hussainbilal_54324_67895_hw.docx": (tmp_path / "hw.docx").read_bytes(),
        "ortizdaniela_54322_67891_homework4.md": first.encode(),
        "ortizdaniela_late_54322_67899_homework4-1.md": GOOD_MD.replace("Ana Souza", "Daniela Ortiz").encode(),
    }))
    subs = read_file(path)
    assert [s.source for s in subs] == ["canvas.zip/hussainbilal_54324_67895_hw.docx",
                                        "canvas.zip/ortizdaniela_late_54322_67899_homework4-1.md"]
    assert subs[0].student == "hussainbilal"
    assert align(subs[0], get_pack("fastai-04")).submission.student == "Bilal Hussain"
    assert subs[1].document[0].text == (
        "(ortizdaniela_54322_67891_homework4.md: an earlier upload of this file by the same student, replaced by "
        "ortizdaniela_late_54322_67899_homework4-1.md — not graded)")
    assert "three axes" in "\n".join(line.text for line in subs[1].document)


@pytest.mark.models
def test_a_canvas_download_exports_each_students_canvas_id(tmp_path: Path) -> None:
    """Canvas's file names carry the student's Canvas user id (`souzaana_12345_…`); the Canvas gradebook export
    writes it in the ID column Canvas's import matches by, so a student with no e-mail is matched all the same."""
    import csv
    import io

    path = tmp_path / "canvas.zip"
    path.write_bytes(zip_of({"souzaana_12345_67890_answers.md": GOOD_MD.encode()}))
    db = str(tmp_path / "g.db")
    graded = CliRunner().invoke(cli, ["grade", str(path), "--pack", "fastai-04", "--no-code", "--db", db, "--run",
                                      "week4", "--out", str(tmp_path / "out")])
    assert graded.exit_code == 0, graded.output
    exported = CliRunner().invoke(cli, ["export", "week4", "--db", db, "--to", "canvas"])
    rows = list(csv.reader(io.StringIO(exported.stdout)))
    assert rows[0][:2] == ["Student", "ID"] and rows[2][:2] == ["Souza, Ana", "12345"]
    assert "no e-mail" not in exported.stderr


def test_a_draft_beside_the_final_file_in_one_students_folder_is_not_graded(tmp_path: Path) -> None:
    """A Moodle folder holding "ch10_draft.md" and "ch10_final.md" (and a screenshot): one submission, the final one,
    whose report names the draft it set aside (the student had two reports and two gradebook rows). Two files of
    which neither says it is a draft stay two."""
    draft = GOOD_MD.replace("three axes", "3 axes (DRAFT, not finished)")
    folder = "Bruno Keller_1002_assignsubmission_file_"
    path = tmp_path / "moodle.zip"
    path.write_bytes(zip_of({f"{folder}/ch10_draft.md": draft.encode(), f"{folder}/ch10_final.md": GOOD_MD.encode(),
                             f"{folder}/screenshot.png": b"\x89PNG\r\n\x1a\n" + b"0" * 64,
                             "Ana Souza_1001_assignsubmission_file_/a.md": GOOD_MD.encode(),
                             "Ana Souza_1001_assignsubmission_file_/b.md": GOOD_MD.encode()}))
    subs = read_file(path)
    bruno = [s for s in subs if s.student == "Bruno Keller"]
    assert [s.source for s in bruno] == [f"moodle.zip/{folder}/ch10_final.md"]
    assert bruno[0].lms_id == "1002"  # Moodle's participant id, which its grading worksheet matches grades by
    said = "\n".join(line.text for line in bruno[0].document)
    assert "ch10_draft.md: a draft handed in beside ch10_final.md by the same student — not graded" in said
    assert "also handed in: screenshot.png (a picture: not read here" in said  # it had vanished unseen
    assert "DRAFT" not in said
    assert len([s for s in subs if s.student == "Ana Souza"]) == 2
    path.write_bytes(zip_of({f"{folder}/ch10_final.md": GOOD_MD.encode(),
                             "Chen Wei_1003_assignsubmission_file_/page1.jpg": b"\xff\xd8\xff" + b"0" * 64}))
    (chen,) = [s for s in read_file(path) if "Chen Wei" in s.source]  # pictures only: a failure that says why
    assert not chen.readable and "Chen Wei handed in only pictures (page1.jpg)" in chen.extra[0]
