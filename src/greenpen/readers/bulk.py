"""LMS bulk downloads: a zip of a whole class, read as it comes, each file by its own reader.

- Moodle's "Download all submissions": one folder per student and plugin,
  `Ana Souza_12345_assignsubmission_file_/answers.md` (older Moodle: the same prefix on a
  flat file name); online text as `…_assignsubmission_onlinetext_/onlinetext.html`.
  The student is the folder's full name.
- Canvas's "Download submissions": flat files `souzaana_12345_67890_answers.md`
  (`souzaana_late_12345_67890_…` when late). Canvas gives only a login-like key, so the
  name the student wrote in the file is used when it matches the key, else the key.
- Any other zip of submission files (a teacher's own folder, zipped) is read the same way,
  the student taken from each file, or else from a folder named as a person is
  (`week1/Ana Souza/answers.md`).

Each file becomes its own submission, `source` = `class.zip/<path inside the zip>`. A file
that cannot be read (damaged, encrypted, a zip inside the zip, over a limit) becomes a
Submission with no items whose `extra` says why, as a bad CSV row does: the rest of the
class is read. Images beside a student's file are not submissions and are skipped. Zip
limits (members, decompressed size, zip bombs) are in `readers/limits.py`; every file is
extracted alone into a private temporary folder (names from the zip are never used as
paths) and read under the per-file limits.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ..domain import SourceLine, Submission
from ..errors import GreenpenError, UnsupportedFormat
from .base import clean_name
from .html import html_to_text
from .identity import is_person_name, words
from .limits import MAX_FILE_BYTES, check_zip, megabytes, unsupported_member

NAME = "lms-zip"
EXTENSIONS: tuple[str, ...] = (".zip",)
CONTAINER = True
"""`read_file` limits the time of each file inside, not of the whole zip."""

MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assign(?:submission|feedback)_(?P<plugin>[a-z]+)_(?P<rest>.*)$")
CANVAS = re.compile(r"^(?P<key>[a-z0-9-]+?)(?:_late)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<file>.+)$", re.IGNORECASE)
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".heic", ".tif", ".tiff"})
JUNK = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
OFFICE_MARKERS = ("[Content_Types].xml", "mimetype", "META-INF/manifest.xml", "content.xml")
OFFICE_FOLDERS = ("xl/", "word/", "ppt/")

_inside = threading.local()


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as the student's computer wrote it: zip tools without the UTF-8 flag
    often still write UTF-8, which Python would read as cp437 mojibake."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return clean_name(name)


def lms_student(member: str) -> tuple[str, str]:
    """(student, kind) from a member's path: kind is "moodle", "canvas", "folder" (a teacher's
    own zip with a folder per student, named as a person is: "week1/Ana Souza/answers.md")
    or "" (no name in the path)."""
    parts = PurePosixPath(member).parts
    for part in parts:
        match = MOODLE.match(part)
        if match:
            return " ".join(match.group("name").replace("_", " ").split()), "moodle"
    match = CANVAS.match(parts[-1]) if parts else None
    if match:
        return match.group("key"), "canvas"
    folder = next((p for p in reversed(parts[:-1]) if is_person_name(" ".join(p.replace("_", " ").split()))), "")
    if folder:
        return " ".join(folder.replace("_", " ").split()), "folder"
    return "", ""


def canvas_name(key: str, written: str) -> str:
    """The name the student wrote, when its words spell the Canvas key (souzaana ↔ "Ana Souza")."""
    found = [_plain(w) for w in words(written)]
    if found and all(w in _plain(key) for w in found) and sum(map(len, found)) >= len(key) // 2:
        return written
    return key


def _plain(word: str) -> str:
    """Lower case without accents ("João" → "joao"), as Canvas writes its keys."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().casefold()


def _skipped(member: str) -> bool:
    path = PurePosixPath(member)
    if any(part == "__MACOSX" or part.startswith(".") or "_assignfeedback_" in part for part in path.parts):
        return True  # macOS resource forks, hidden files, the teacher's own Moodle feedback files
    return path.name.casefold() in JUNK or path.suffix.casefold() in IMAGES


def _pictures(members: Sequence[str]) -> dict[str, list[str]]:
    """Per student of an LMS download, the pictures they handed in beside their answers ("screenshot.png"): not read,
    but named in their report, not dropped unseen."""
    out: dict[str, list[str]] = {}
    for member in members:
        path = PurePosixPath(member)
        if path.suffix.casefold() in IMAGES and not any(p == "__MACOSX" or p.startswith(".") for p in path.parts):
            student = lms_student(member)[0]
            if student:
                out.setdefault(student, []).append(path.name)
    return out


def _office(names: set[str]) -> bool:
    """An Office or OpenDocument file (itself a zip), not a zip of submissions."""
    return any(marker in names for marker in OFFICE_MARKERS) or any(n.startswith(OFFICE_FOLDERS) for n in names)


def accepts(path: Path, text_head: str) -> float:
    if getattr(_inside, "on", False):
        return 0.0  # a zip inside the zip is refused, not read (no zip quines)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except Exception:  # noqa: BLE001 - not a readable zip: not ours
        return 0.0
    if not names or _office(set(names)):
        return 0.0
    if any(lms_student(n)[1] in ("moodle", "canvas") for n in names):
        return 1.0
    return 0.6


def _failed(source: str, reason: str) -> Submission:
    student, _ = lms_student(source.split("/", 1)[-1])
    return Submission(source=source, format=NAME, items=(), student=student, extra=(f"{source}: {reason}",))


def _safe_file_name(name: str) -> str:
    """A file name to extract to: the member's own (readers and messages use it), short enough."""
    name = re.sub(r"[\x00/\\]", "_", name).strip() or "file"
    stem, suffix = (name.rsplit(".", 1) + [""])[:2] if "." in name[1:] else (name, "")
    suffix = f".{suffix}" if suffix else ""
    while len((stem + suffix).encode("utf-8")) > 200:
        stem = stem[:-8]
    return stem + suffix


def _relabel(sub: Submission, local: str, source: str, student: str, kind: str) -> Submission:
    own = sub.source
    sub_source = source + own[len(local):] if own.startswith(local) else f"{source}#{own}"
    if kind == "moodle":
        name = student
        found = next((m for part in PurePosixPath(source).parts if (m := MOODLE.match(part))), None)
        sub = replace(sub, lms_id=found.group("id") if found else "")  # the participant id Moodle matches grades on
    elif kind == "canvas":
        name = canvas_name(student, sub.student)
        found = CANVAS.match(PurePosixPath(source).name)
        sub = replace(sub, lms_id=found.group("uid") if found else "")
    elif kind == "folder":
        name = sub.student or student
    else:
        name = sub.student
    return replace(sub, source=sub_source, student=name)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, member: str, zip_name: str, folder: Path, hints: Sequence[str]
) -> list[Submission]:
    from . import read_file

    source = f"{zip_name}/{member}"
    problem = unsupported_member(info)
    if problem:
        return [_failed(source, f"this file {problem} inside the zip — download the submissions again, "
                                "without a password, or unpack the zip and give the files")]
    if info.file_size > MAX_FILE_BYTES:
        return [_failed(source, f"the file is {megabytes(info.file_size)}, over greenpen's limit of "
                                f"{megabytes(MAX_FILE_BYTES)} for one submission — export only the answers")]
    local = _safe_file_name(PurePosixPath(member).name)
    if local.casefold().endswith(".zip"):
        return [_failed(source, "a zip inside the zip is not read — unpack it and give the files inside")]
    html = local.casefold().endswith((".html", ".htm"))
    target = folder / (local.rsplit(".", 1)[0] + ".md" if html else local)
    try:
        with archive.open(info) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        if html:
            target.write_text(html_to_text(target.read_bytes().decode("utf-8", errors="replace")), encoding="utf-8")
        subs = read_file(target, hints=hints)
    except GreenpenError as exc:
        reason = str(exc)
        reason = reason[len(target.name) + 1:].strip() if reason.startswith(target.name + ":") else reason
        return [_failed(source, reason)]
    except Exception as exc:  # noqa: BLE001 - a damaged member must not stop the class
        return [_failed(source, f"this file cannot be extracted ({type(exc).__name__}) — download the "
                                "submissions again")]
    finally:
        target.unlink(missing_ok=True)
    student, kind = lms_student(member)
    return [_relabel(s, target.name, source, student, kind) for s in subs]


_UPLOADED_AGAIN = re.compile(r"^(?P<stem>.+?)-(?P<n>\d{1,3})(?P<suffix>\.[^.]+)?$")
"""A file Canvas renamed because the student uploaded one of the same name again ("homework4-1.docx")."""


def _replaced(members: Sequence[str]) -> dict[str, str]:
    """Canvas members replaced by a later upload of the same file by the same student: the same user id and file
    name, "-1", "-2"… added by Canvas to the later one (`ortizdaniela_late_54322_67899_homework4-1.docx` replaces
    `ortizdaniela_54322_67891_homework4.docx`); and a student's file named a draft beside their one other file
    (`Bruno Keller_1002_assignsubmission_file_/ch10_draft.md` beside `…/ch10_final.md`) → the member that replaces
    each."""
    uploads: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for member in members:
        found = CANVAS.match(PurePosixPath(member).name)
        if not found:
            continue
        again = _UPLOADED_AGAIN.match(found.group("file"))
        base, n = ((again.group("stem") + (again.group("suffix") or ""), int(again.group("n"))) if again
                   else (found.group("file"), 0))
        uploads.setdefault((found.group("uid"), base.casefold()), []).append((n, member))
    out: dict[str, str] = {}
    for versions in uploads.values():
        if len(versions) > 1:
            last = max(versions)[1]
            out.update({member: last for _, member in versions if member != last})
    # one student's files, one named a draft ("ch10_draft.md" beside "ch10_final.md"): the other is the one that counts
    by_student: dict[str, list[str]] = {}
    for member in members:
        student, kind = lms_student(member)
        if student and kind != "canvas" and PurePosixPath(member).suffix.casefold() not in IMAGES \
                and member not in out and not _skipped(member):
            by_student.setdefault(student, []).append(member)
    for files in by_student.values():
        drafts = [m for m in files if _DRAFT.search(PurePosixPath(m).stem)]
        kept = [m for m in files if m not in drafts]
        if drafts and len(kept) == 1:
            out.update({m: kept[0] for m in drafts})
    return out


_DRAFT = re.compile(r"(?:^|[\W_])(?:draft|rascunho|borrador|brouillon|entwurf|bozza|old)(?:$|[\W_\d])", re.IGNORECASE)
"""A file name that says it is a draft ("ch10_draft.md", "Rascunho 2.docx")."""


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    zip_name = clean_name(path.name)
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # noqa: BLE001
        raise UnsupportedFormat(f"{zip_name}: this zip cannot be opened ({type(exc).__name__}) — download it "
                                "again, or unpack it and give the files inside") from exc
    out: list[Submission] = []
    _inside.on = True
    try:
        with archive, tempfile.TemporaryDirectory(prefix="greenpen-zip-") as tmp:
            members = check_zip(archive, zip_name)
            replaced = _replaced([member_name(info) for info in members])
            pictures = _pictures([member_name(info) for info in members if not info.is_dir()])
            for index, info in enumerate(members):
                member = member_name(info)
                if info.is_dir() or _skipped(member) or member in replaced:
                    continue
                folder = Path(tmp) / str(index)
                folder.mkdir()
                read = _read_member(archive, info, member, zip_name, folder, hints)
                earlier = [PurePosixPath(m).name for m, by in replaced.items() if by == member]
                notes = []
                if earlier:
                    drafted = all(_DRAFT.search(PurePosixPath(m).stem) for m, by in replaced.items() if by == member)
                    notes.append(f"{', '.join(earlier)}: a draft handed in beside {PurePosixPath(member).name} by the "
                                 "same student — not graded" if drafted else
                                 f"{', '.join(earlier)}: an earlier upload of this file by the same student, replaced "
                                 f"by {PurePosixPath(member).name} — not graded")
                student = lms_student(member)[0]
                if student and (shown := pictures.pop(student, [])):
                    notes.append(f"also handed in: {', '.join(shown)} (a picture: not read here — open it from the "
                                 f"zip)")
                for note in notes:  # shown with the text before the first question, in the report of the upload
                    read = [replace(sub, document=(SourceLine(f"({note})", 0), SourceLine("", 0), *sub.document))
                            if sub.document else replace(sub, extra=(*sub.extra, note)) for sub in read]
                out += read
                folder.rmdir()
        for student, shown in pictures.items():  # pictures only: handwritten answers photographed, unread here
            out.append(_failed(f"{zip_name}/{student}", f"{student} handed in only pictures ({', '.join(shown)}): "
                               "greenpen reads no pictures — ask for the answers typed, or grade these by hand"))
    finally:
        _inside.on = False
    if not out:
        raise UnsupportedFormat(f"{zip_name}: the zip holds no submission files — check you downloaded the "
                                "submissions, not only the feedback files")
    if len(out) == 1 and not lms_student(out[0].source.split("/", 1)[-1])[1] and "#" not in out[0].source:
        # one document zipped with its pictures (Google Docs' "Web page (.html, zipped)"): the file handed in is the zip
        return [replace(out[0], source=zip_name)]
    return out
