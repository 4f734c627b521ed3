"""Student files in shapes found by a reading sweep: each must be read whole, every answer
under its own question, and the student named."""

from __future__ import annotations

import zipfile
from pathlib import Path

from greenpen.align import align
from greenpen.packs import load_pack
from greenpen.readers import read_file

HERE = Path(__file__).parent
SHAPES = HERE / "fixtures" / "lms"
CHAPTER1 = load_pack(HERE / "chapter1" / "fastai-01.yaml")


def _zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def test_a_moodle_folder_name_stands_when_the_file_does_not_repeat_it(tmp_path: Path) -> None:
    """Moodle names each student's folder; their file need not say the name again."""
    zipped = _zip_folder(SHAPES / "moodle-ch1", tmp_path / "class.zip")
    aligned = [align(sub, CHAPTER1) for sub in read_file(zipped)]
    got = {a.submission.student: sorted(CHAPTER1.question(q).number for q in a.answers) for a in aligned}
    assert got == {"Lena Kovač": [3, 6, 12], "Tom Baker": [3, 6, 12]}
