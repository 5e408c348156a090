"""Hostile workbooks are refused before they are parsed, quickly and without memory growth.

The bomb of the hardening issue (omprio's own workbook whose Katalog sheet is replaced by one
cell of a huge run of "A") is built here with streaming writes, just above the unpacked limit;
a workbook with too many members and XML with a DOCTYPE are refused too. Each is a ReadError
(exit 2 on the CLI, 422 on upload), never a 500, within a wall-clock bound the test enforces.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from omprio.publish.excel import catalog_xlsx
from omprio.read import Loaded, load_bytes
from omprio.read.errors import ReadError
from omprio.read.xlsx import MAX_MEMBERS, MAX_UNPACKED_BYTES

CHUNK = b"A" * (1 << 20)


@pytest.fixture(scope="module")
def workbook(seed: Loaded) -> bytes:
    """omprio's own workbook of the reference catalog."""
    return catalog_xlsx(seed.catalog)


def _rewrite(data: bytes, replace: dict[str, bytes | None] | None = None,
             extra: int = 0, bomb: str | None = None) -> bytes:
    """The workbook with members replaced, ``extra`` empty members added, or member ``bomb``
    replaced by an XML sheet holding one cell of more "A" than the unpacked limit."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
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
        for index in range(extra):
            target.writestr(f"xl/media/extra{index}.bin", b"")
    return out.getvalue()


def _refused(data: bytes, bound: float = 1.0) -> ReadError:
    start = time.monotonic()
    with pytest.raises(ReadError) as caught:
        load_bytes(data, "hostile.xlsx")
    elapsed = time.monotonic() - start
    assert elapsed < bound, f"refusing took {elapsed:.2f} s"
    return caught.value


def _katalog_member(data: bytes) -> str:
    """The sheet member of the workbook's identity sheet (the last sheet omprio writes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    return sheets[-1]


def test_the_zip_bomb_is_refused_at_once(workbook: bytes, tmp_path: Path) -> None:
    bomb = _rewrite(workbook, bomb=_katalog_member(workbook))
    assert len(bomb) < 2 * 1024 * 1024  # a small file that unpacks beyond the limit
    error = _refused(bomb)
    assert "MiB" in str(error)
    # The CLI, in a fresh process: exit 2, one line, and memory stays small.
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    probe = ("import resource, subprocess, sys\n"
             "from omprio.cli import main\n"
             "sys.argv = ['omprio', 'check', sys.argv[1]]\n"
             "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
             "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True,
                          text=True, timeout=60, check=False)
    code, peak_kib = done.stderr.strip().splitlines()[-1].split()
    assert code == "2", done.stderr
    assert int(peak_kib) < 400 * 1024, f"peak RSS {int(peak_kib) // 1024} MiB"
    assert "Traceback" not in done.stderr


def test_too_many_members_are_refused(workbook: bytes) -> None:
    error = _refused(_rewrite(workbook, extra=MAX_MEMBERS + 1))
    assert str(MAX_MEMBERS) in str(error)


@pytest.mark.parametrize("member", ["xl/workbook.xml", "[Content_Types].xml"])
def test_a_doctype_is_a_read_error_not_a_crash(workbook: bytes, member: str) -> None:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        original = archive.read(member)
    declaration, _, rest = original.partition(b"?>")
    hostile = (declaration + b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
               + rest)
    error = _refused(_rewrite(workbook, {member: hostile}))
    assert "passwd" not in str(error)


def test_a_truncated_workbook_is_a_read_error(workbook: bytes) -> None:
    _refused(workbook[: len(workbook) // 2])
