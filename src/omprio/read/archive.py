"""The ZIP of an uploaded workbook, checked before any of its XML is parsed.

:func:`check_archive` reads every file of the ZIP once, in chunks, and refuses (a
:class:`~omprio.read_error.ReadError` in English and Danish) as soon as the ZIP

- holds too many files (counted from its end record, before the central directory is read),
  an encrypted file, or a file in a method Python cannot unpack;
- declares, or actually unpacks to, more bytes than the limits allow (in all or in one file), or
  a large file unpacks to far more than its packed size (a zip bomb);
- holds a file whose size or checksum does not match what the ZIP declares (Python's zipfile
  stops at the declared size, so a file that lies about its size fails its checksum here, not
  half-way through the workbook);
- holds another archive (ZIP, gzip, bzip2, xz, 7z, RAR);
- holds XML with a document type or entity declaration, or a sheet with comments or CDATA;
- holds a sheet with more rows, more cells in a row, or more cells in all than the limits allow
  (counted from the bytes, so a sheet that would blow up in the XML parser is refused unparsed;
  the exact counts follow as the sheets stream, in :mod:`omprio.read.sheets`).

The limits are in :mod:`omprio.read.limits`.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from omprio.display import Number
from omprio.i18n import Phrase
from omprio.read.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    RATIO_FROM,
    MiB,
)
from omprio.read_error import ReadError

__all__ = ["check_archive", "member_count"]

CHUNK = 1 * MiB
_ARCHIVES = (
    b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07",
)
_ROW = re.compile(rb"<row[\s>/]")
_ROW_TOKENS = MAX_COLUMNS * 8
"""At most this many ``<c`` in the bytes of one row: a loose bound (rich text in a cell adds
``<color``), so a row of millions of cells never reaches the parser; the exact column limit
applies as the rows stream."""
_ENTRY_BYTES = 512
"""The central directory may have this many bytes per file (an entry of omprio's: ~80)."""
_CARRY = 16
"""Bytes kept from the end of a chunk so that a token across two chunks is seen."""


def _refuse(path: str, key: str, /, **params: object) -> ReadError:
    return ReadError(path, key, **params)


@dataclass(slots=True)
class _Counts:
    """What the sheets of the ZIP hold so far, counted from their bytes."""

    cells: int = 0
    strings: int = 0


def member_count(data: bytes) -> int | None:
    """How many files the ZIP's end record says it holds (``None`` without an end record), read
    before :class:`zipfile.ZipFile` makes an object of every entry of the central directory;
    a directory of more bytes than the limit's files would need counts as more than 65,535."""
    if data[-22:-18] == b"PK\x05\x06":  # where zipfile looks first
        end = len(data) - 22
    else:
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(data):
        return None
    entries, size = struct.unpack_from("<HI", data, end + 10)
    # zipfile reads entries for as many bytes as the directory has, whatever the count says
    if entries <= MAX_MEMBERS and size > MAX_MEMBERS * _ENTRY_BYTES:
        return 0xFFFF
    return int(entries)


def _too_many(path: str, count: int) -> ReadError:
    key = "read.zip.members" if count < 0xFFFF else "read.zip.members_many"
    return _refuse(path, key, count=Number(min(count, 0xFFFF)), most=Number(MAX_MEMBERS))


def check_archive(data: bytes, path: str) -> None:
    """Refuse ``data`` unless it is a ZIP within every limit (see the module's docstring)."""
    declared = member_count(data)
    if declared is not None and declared > MAX_MEMBERS:
        raise _too_many(path, declared)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(path, "read.zip.damaged", reason=exc) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _too_many(path, len(members))
        if any(member.flag_bits & 0x1 for member in members):
            raise _refuse(path, "read.zip.encrypted")
        if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
            raise _too_large(path)
        counts = _Counts()
        total = 0
        for member in members:
            total += _check_member(archive, member, path, counts, total)


def _too_large(path: str) -> ReadError:
    limit = MAX_UNPACKED_BYTES // MiB
    return _refuse(path, "read.zip.unpacked", limit=limit)


def _check_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: str, counts: _Counts, before: int
) -> int:
    """The bytes ``member`` unpacks to, read in chunks within the limits."""
    name = member.filename[:100]
    scan: _SheetScan | None = None
    size = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                if size == 0:
                    if chunk.startswith(_ARCHIVES):
                        raise _refuse(path, "read.zip.nested", name=name)
                    if chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                        scan = _SheetScan(path, name, counts)
                size += len(chunk)
                if size > MAX_MEMBER_BYTES:
                    limit = MAX_MEMBER_BYTES // MiB
                    raise _refuse(path, "read.zip.member_size", name=name, limit=limit)
                if before + size > MAX_UNPACKED_BYTES:
                    raise _too_large(path)
                if size > RATIO_FROM and size > MAX_RATIO * max(member.compress_size, 1):
                    raise _refuse(path, "read.zip.ratio", name=name, ratio=MAX_RATIO)
                if scan is not None:
                    scan.feed(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        # zipfile stops at the declared size and then checks the CRC: a file that lies about
        # its size ends here.
        raise _refuse(path, "read.zip.member_damaged", name=name, reason=exc) from None
    except NotImplementedError as exc:
        raise _refuse(path, "read.zip.member_packing", name=name, reason=exc) from None
    if size != member.file_size:
        raise _refuse(path, "read.zip.member_declared", name=name)
    if scan is not None:
        scan.finish()
    return size


class _SheetScan:
    """The bytes of one XML file of the ZIP, scanned as they stream: no DTD anywhere, and a
    sheet's rows and cells counted (from ``<sheetData``, where the rows begin)."""

    def __init__(self, path: str, name: str, counts: _Counts) -> None:
        self.path = path
        self.name = name
        self.counts = counts
        self.carry = b""
        self.started = False
        self.rows = 0
        self.row_tokens = 0

    def fail(self, key: str, /, **params: object) -> ReadError:
        return _refuse(self.path, "read.zip.in_member", name=self.name,
                       problem=Phrase(key, **params))

    def feed(self, chunk: bytes, final: bool = False) -> None:
        data = self.carry + chunk
        cut = len(data)
        if not final:  # keep a token that may go on in the next chunk (each begins with "<")
            last = data.rfind(b"<", max(0, len(data) - _CARRY))
            if last >= 0:
                cut = last
        data, self.carry = data[:cut], data[cut:]
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise self.fail("read.xml.dtd")
        self.counts.strings += data.count(b"<si")
        if self.counts.strings > MAX_CELLS:
            raise self.fail("read.xml.texts", most=Number(MAX_CELLS))
        if not self.started:
            start = data.find(b"sheetData")
            if start < 0:
                return
            self.started = True
            data = data[start:]
        if b"<!--" in data or b"<![CDATA[" in data:
            raise self.fail("read.xml.comments")
        for index, part in enumerate(_ROW.split(data)):
            tokens = part.count(b"<c") + part.count(b":c")
            self.counts.cells += tokens
            if index:
                self.rows += 1
                self.row_tokens = tokens
            else:
                self.row_tokens += tokens
            if self.row_tokens > _ROW_TOKENS:
                raise self.fail("read.xml.columns", most=MAX_COLUMNS)
        if self.rows > MAX_ROWS:
            raise self.fail("read.xml.rows", most=Number(MAX_ROWS))
        if self.counts.cells > MAX_CELLS:
            raise self.fail("read.xml.cells", most=Number(MAX_CELLS))

    def finish(self) -> None:
        """The last bytes of the file."""
        if self.carry:
            self.feed(b"", final=True)
