"""Hostile inputs, built by streaming writes, for the hardening tests and ``bench/hostile.py``.

The hardening issue's bomb (omprio's own workbook whose Katalog sheet is replaced by one cell of
a huge run of "A"), its 5-million-row sheet, workbooks with members replaced or added, a PDF of
any number of empty pages, and the reference catalog's JSON export with one number replaced by a
hostile one. Nothing here reads them: the tests assert what omprio does with them, the benchmark
prints how long it takes.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

from omprio.interchange import catalog_to_json
from omprio.read import load_bytes
from omprio.read.limits import MAX_UNPACKED_BYTES

SEED = Path(__file__).resolve().parents[1] / "tests" / "data" / "aarhus-msb-2024-2027.txt"
CHUNK = b"A" * (1 << 20)
HUGE = ("-1e999999999", "-1e1000000")
"""Numbers whose exact value a ``Decimal`` would take minutes or all memory to work with."""


def hostile_export(number: str) -> bytes:
    """The reference catalog's ``--format json`` export with BFF-1's net in 2024 set to
    ``number`` (written as it is, not as a JSON string)."""
    document = catalog_to_json(load_bytes(SEED.read_bytes(), "seed.txt").catalog)
    measure = next(m for m in document["measures"] if m["code"] == "BFF-1")
    measure["net"]["2024"] = "@@@"
    return json.dumps(document, ensure_ascii=False).replace('"@@@"', number).encode()


def five_million_rows(workbook: bytes) -> bytes:
    """The issue's 5-million-row sheet: the Katalog sheet of ``workbook`` with 5,000,000 more
    rows (under 2 MiB packed)."""
    return rewrite(workbook, rows=(katalog_member(workbook), rows(5_000_000)))


def rewrite(data: bytes, replace: dict[str, bytes | None] | None = None,
             extra: int = 0, bomb: str | None = None,
             rows: tuple[str, Iterable[bytes]] | None = None) -> bytes:
    """The workbook with members replaced (or added), ``extra`` empty members added, member ``bomb``
    replaced by an XML sheet holding one cell of more "A" than the unpacked limit, or the
    chunks of ``rows`` = (member, chunks) streamed into a sheet just before ``</sheetData>``."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            if rows is not None and item.filename == rows[0]:
                head, tail = source.read(item.filename).split(b"</sheetData>")
                with target.open(item.filename, "w", force_zip64=True) as member:
                    member.write(head)
                    for chunk in rows[1]:
                        member.write(chunk)
                    member.write(b"</sheetData>" + tail)
                continue
            if item.filename == bomb:
                with target.open(item.filename, "w", force_zip64=True) as member:
                    member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                                 b'spreadsheetml/2006/main"><sheetData><row r="1">'
                                 b'<c r="A1" t="inlineStr"><is><t>')
                    for _ in range(MAX_UNPACKED_BYTES // len(CHUNK) + 1):
                        member.write(CHUNK)
                    member.write(b"</t></is></c></row></sheetData></worksheet>")
                continue
            content = replace.get(item.filename, source.read(item.filename))
            if content is not None:
                target.writestr(item, content)
        for name, content in replace.items():  # new members
            if content is not None and name not in source.namelist():
                target.writestr(name, content)
        for index in range(extra):
            target.writestr(f"xl/media/extra{index}.bin", b"")
    return out.getvalue()


def katalog_member(data: bytes) -> str:
    """The sheet member of the workbook's identity sheet (the last sheet omprio writes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    return sheets[-1]


def rows(count: int, row: bytes = b"<row><c><v>1</v></c></row>") -> Iterable[bytes]:
    """``count`` copies of ``row``, in chunks of about 1 MiB."""
    per_chunk = max(1, (1 << 20) // len(row))
    left = count
    while left > 0:
        step = min(per_chunk, left)
        yield row * step
        left -= step


def pdf_of_pages(count: int) -> bytes:
    """A PDF of ``count`` empty pages, written directly (fpdf2 would take seconds)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
               + b"] /Count %d >>" % count]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()
