"""Hostile and broken submission files, built in the tests (issue 16): each names the defect it reproduces.

`HOSTILE` maps a file name to a function returning its bytes; `GOOD` are small valid files of
every format (the fuzz test mutates them). Nothing here is copied from real students' files.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

GOOD_MD = (
    "# Homework — Ana Souza\n\n## 1. What is a rank-3 tensor?\n\n**Answer:** a tensor with three axes.\n\n"
    "## 2. What is broadcasting?\n\n**Answer:** stretching the smaller tensor to match the larger one.\n"
)
GOOD_TXT = "1. What is a rank-3 tensor?\nA tensor with three axes.\n\n2. What is broadcasting?\nStretching.\n"
GOOD_CSV = (
    "Timestamp,Name,What is a rank-3 tensor?,What is broadcasting?\n"
    "2024/03/12 9:14:03,Ana Souza,a tensor with three axes,stretching\n"
    "2024/03/12 9:20:00,Ben Lima,a 3D tensor,copying along an axis\n"
)


def notebook(cells: list[object], **top: object) -> bytes:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **top}).encode()


GOOD_IPYNB = notebook(
    [
        {"cell_type": "markdown", "metadata": {}, "source": ["**1. What is a rank-3 tensor?**"]},
        {"cell_type": "markdown", "metadata": {}, "source": ["A tensor with three axes."]},
        {"cell_type": "markdown", "metadata": {}, "source": ["**2. What is broadcasting?**"]},
        {"cell_type": "code", "metadata": {}, "source": ["a + 1"], "outputs": [], "execution_count": 1},
    ]
)


def pdf(objects: list[bytes], trailer: str = "") -> bytes:
    """A PDF from its numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page_pdf(content: bytes, *more: bytes, trailer: str = "", pages: int = 1) -> bytes:
    kids = " ".join("3 0 R" for _ in range(pages))
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            content,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *more,
        ],
        trailer,
    )


def good_pdf(pages: int = 1) -> bytes:
    text = b"BT /F1 12 Tf 72 700 Td (1. What is a rank-3 tensor? A tensor with three axes.) Tj ET"
    return _one_page_pdf(_stream(text), pages=pages)


def aes_pdf() -> bytes:
    """AES-256 encrypted (pypdf needs the `cryptography` package even to try the empty password)."""
    zeros = {n: b"<" + b"00" * n + b">" for n in (16, 32, 48)}
    encrypt = (
        b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O " + zeros[48] + b" /U " + zeros[48]
        + b" /OE " + zeros[32] + b" /UE " + zeros[32] + b" /Perms " + zeros[16]
        + b" /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF >>"
    )
    ids = "<00112233445566778899aabbccddeeff>"
    return _one_page_pdf(_stream(b"BT ET"), encrypt, trailer=f"/Encrypt 6 0 R /ID [{ids} {ids}]")


def unknown_filter_pdf() -> bytes:
    return _one_page_pdf(_stream(b"xxxx", b"/Filter /FooDecode"))


def docx(paragraphs: list[str]) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def good_docx() -> bytes:
    return docx(["1. What is a rank-3 tensor?", "A tensor with three axes.", "2. What is broadcasting?", "Stretching."])


def docx_bomb() -> bytes:
    """A .docx whose document.xml expands 1,000 times (20 MB of one character)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_docx())) as source, zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"Stretching.", b"x" * 20_000_000)
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def with_version_needed(data: bytes, version: int = 100) -> bytes:
    """The zip with every member's "version needed to extract" set to `version` (10.0: unsupported)."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 4), (b"PK\x01\x02", 6)):
        start = patched.find(signature)
        while start != -1:
            patched[start + offset: start + offset + 2] = version.to_bytes(2, "little")
            start = patched.find(signature, start + 4)
    return bytes(patched)


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def nested_json(depth: int = 100_000) -> bytes:
    return b'{"cells": ' + b"[" * depth + b"]" * depth + b"}"


HOSTILE: dict[str, Callable[[], bytes]] = {
    "aes.pdf": aes_pdf,
    "unknown-filter.pdf": unknown_filter_pdf,
    "truncated.pdf": lambda: good_pdf()[:300],
    "big-cell.csv": lambda: ("Name,What is a tensor?,What is broadcasting?\nAna,"
                             + "x" * 200_000 + ",b\nBen,c,d\n").encode(),
    "deep.ipynb": nested_json,
    "nbformat3.ipynb": lambda: json.dumps(
        {"nbformat": 3, "worksheets": [5, {"cells": [{"cell_type": "heading", "source": "1. What is a tensor?"},
                                                      {"cell_type": "markdown", "source": [1, None]}]}]}
    ).encode(),
    "non-string-source.ipynb": lambda: notebook([{"cell_type": "markdown", "source": [{"a": 1}, 3]}]),
    "odd-utf16.txt": lambda: b"\xff\xfe" + "1. What is a tensor?\n".encode("utf-16-le") + b"A",
    "version-needed.docx": lambda: with_version_needed(good_docx()),
    "bomb.docx": docx_bomb,
    "damaged.docx": lambda: good_docx()[:2000],
    "binary.md": lambda: bytes(range(256)) * 20,
    "empty.md": lambda: b"",
    "nul-in.csv": lambda: b"Name,Q1 what?,Q2 why?\nAna,a\x00b,c\n",
    "escape-codes.md": lambda: b"\x1b]0;pwned\x07\x1b[2J# 1. What is a tensor?\n\nAn array.\n",
}
"""Files each reproducing a defect of issue 16 (and a few plainly broken ones)."""

GOOD: dict[str, Callable[[], bytes]] = {
    "ana.md": GOOD_MD.encode,
    "ben.txt": GOOD_TXT.encode,
    "class.csv": GOOD_CSV.encode,
    "cai.ipynb": lambda: GOOD_IPYNB,
    "dee.pdf": good_pdf,
    "eve.docx": good_docx,
}
