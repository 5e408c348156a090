"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 / Latin-1.

Danish text from older Windows tools is often cp1252; such a file is read and the reader says so
with an ``encoding`` notice. Files that are binary (NUL bytes, mostly control characters) are
refused with a clear :class:`~omprio.read_error.ReadError`.
"""

from __future__ import annotations

import codecs

from omprio.read_error import ReadError

_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}




def decode(data: bytes, path: str) -> tuple[str, str | None]:
    """The text of ``data`` and, if it was not UTF-8, the name of the encoding used."""
    if not data.strip():
        raise ReadError(path, "read.empty")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), None  # a BOM makes UTF-16 unambiguous
            except UnicodeDecodeError as exc:
                raise ReadError(path, "read.utf16") from exc
    if b"\x00" in data[:4096]:
        raise ReadError(path, "read.binary")
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte in _CONTROL)
    if controls > max(8, len(sample) // 50):
        raise ReadError(path, "read.binary")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1 (ISO-8859-1)"
