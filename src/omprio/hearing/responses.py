"""Hearing responses read from what arrives: a portal export (CSV or XLSX), a text file or a PDF
(one response, or a combined PDF split where each response begins), or a letter typed in.

The original text is kept exactly as read. An export's header names its columns in Danish
(``Sagsnummer``, ``Indsendt``, ``Afsender``, ``Afsendertype``, ``Titel``, ``Tekst``) or English
(``case``, ``submitted``, ``sender``, ``sender_type``, ``title``, ``text``); other names are
given as a mapping (``{"text": "Svar"}``). A row whose text is empty is skipped with a note
(:class:`Read.notes`); a file that holds no response at all, an export without a text column or
a file past the limits is refused with a :class:`~omprio.read_error.ReadError`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from omprio.display import Number
from omprio.hearing.senders import sender_kind
from omprio.i18n import Phrase
from omprio.read.decode import decode
from omprio.read.limits import MAX_CELL_CHARS, MAX_HEARING_BYTES, MAX_ROWS
from omprio.read_error import ReadError

FIELDS = ("case", "submitted", "sender", "sender_type", "title", "text", "hearing")
"""The fields of a response an export may have, by their English column names."""

_HEADINGS = {
    "sagsnummer": "case", "sagsnr": "case", "sagsnr.": "case", "case": "case",
    "case_number": "case", "indsendt": "submitted", "dato": "submitted",
    "submitted": "submitted", "afsender": "sender", "navn": "sender", "sender": "sender",
    "afsendertype": "sender_type", "sender_type": "sender_type", "type": "sender_type",
    "titel": "title", "overskrift": "title", "title": "title", "tekst": "text",
    "text": "text", "høringssvar": "text", "høring": "hearing", "hørings-id": "hearing",
    "høringsid": "hearing", "hearing": "hearing", "hearing_id": "hearing",
}
_STARTS = re.compile(r"^\s*(høringssvar|sagsnummer|sagsnr\.?)\b", re.IGNORECASE)
_HEADER_LINE = re.compile(
    r"^\s*(sagsnummer|sagsnr\.?|indsendt|afsendertype|afsender|titel)\s*[:.]\s*(.+?)\s*$",
    re.IGNORECASE,
)
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                 "%Y-%m-%d", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y",
                 "%d/%m/%Y %H:%M", "%d/%m/%Y")


@dataclass(frozen=True, slots=True)
class Response:
    """One hearing response: its text exactly as read, and what the portal says of it."""

    text: str
    case: str = ""
    submitted: datetime | None = None
    sender: str = ""
    sender_type: str = ""
    title: str = ""
    hearing: str = ""
    source: str = ""

    @property
    def kind(self) -> str:
        """The kind of sender (:func:`omprio.hearing.senders.sender_kind`)."""
        return sender_kind(self.sender_type)

    @property
    def fingerprint(self) -> str:
        """The SHA-256 of the normalized text: the same response imported twice has the same."""
        return fingerprint(self.text)


@dataclass(slots=True)
class Read:
    """What a file held: its responses and notes on what was skipped."""

    responses: list[Response] = field(default_factory=list)
    notes: list[Phrase] = field(default_factory=list)


def fingerprint(text: str) -> str:
    """The SHA-256 of ``text`` in lower case with white space collapsed."""
    normal = " ".join(text.casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def read_responses(data: bytes, name: str, mapping: Mapping[str, str] | None = None) -> Read:
    """The responses of a file: an export (XLSX, or CSV with a header naming a text column),
    a PDF, or a text file holding one response."""
    if len(data) > MAX_HEARING_BYTES:
        raise ReadError(name, "hearing.too_large", most=Number(MAX_HEARING_BYTES // 1024 // 1024))
    if data.startswith(b"%PDF"):
        result = _pdf(data, name)
    elif data.startswith(b"PK\x03\x04"):
        result = _table(_xlsx_rows(data, name), name, mapping)
    else:
        text, _encoding = decode(data, name)
        first = text.lstrip("\ufeff").split("\n", 1)[0]
        if mapping or name.lower().endswith(".csv") or _is_header(_split_header(first)):
            result = _table(_csv_rows(text, name), name, mapping)
        else:
            result = Read([_one(text, name)])
    if not result.responses:
        raise ReadError(name, "hearing.none", skipped=Number(len(result.notes)))
    return result


def typed_response(text: str, sender_type: str, *, sender: str = "", case: str = "",
                   submitted: datetime | None = None, title: str = "") -> Response:
    """A response typed in by hand (a letter that came by post); an empty text is refused."""
    if not text.strip():
        raise ReadError("-", "hearing.empty")
    return Response(text, case.strip(), submitted, sender.strip(), sender_type.strip(),
                    title.strip(), "", "")


def _split_header(line: str) -> list[str]:
    delimiter = _delimiter(line)
    return [cell.strip().strip('"') for cell in line.split(delimiter)]


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d])


def _is_header(cells: list[str]) -> bool:
    named = {_HEADINGS.get(c.strip().casefold()) for c in cells}
    return "text" in named and len(named - {None}) >= 2


def _csv_rows(text: str, name: str) -> Iterable[list[str]]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first))
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise ReadError(name, "hearing.rows", most=Number(MAX_ROWS))
            yield row
    except csv.Error as exc:
        raise ReadError(name, "hearing.csv", reason=str(exc)) from exc


def _xlsx_rows(data: bytes, name: str) -> Iterable[list[str]]:
    from omprio.read.sheets import open_workbook

    workbook = open_workbook(data, name)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise ReadError(name, "hearing.rows", most=Number(MAX_ROWS))
            row = []
            for value in cells:
                if isinstance(value, datetime):
                    row.append(value.isoformat(sep=" "))
                else:
                    row.append("" if value is None else str(value))
                if len(row[-1]) > MAX_CELL_CHARS:
                    raise ReadError(name, "hearing.cell", row=number, most=Number(MAX_CELL_CHARS))
            yield row
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(name, "read.xlsx.open", reason=exc) from exc
    finally:
        workbook.close()


def _columns(header: list[str], name: str, mapping: Mapping[str, str] | None) -> dict[str, int]:
    found: dict[str, int] = {}
    folded = [cell.strip().lstrip("\ufeff").casefold() for cell in header]
    for index, cell in enumerate(folded):
        key = _HEADINGS.get(cell)
        if key is not None:
            found.setdefault(key, index)
    for key, column in (mapping or {}).items():
        if key not in FIELDS:
            raise ReadError(name, "hearing.map_field", field=key, fields=", ".join(FIELDS))
        wanted = column.strip().casefold()
        if wanted not in folded:
            raise ReadError(name, "hearing.map_column", column=column,
                            columns=", ".join(c for c in header if c) or "-")
        found[key] = folded.index(wanted)
    if "text" not in found:
        raise ReadError(name, "hearing.no_text_column",
                        columns=", ".join(c for c in header if c) or "-")
    return found


def _table(rows: Iterable[list[str]], name: str, mapping: Mapping[str, str] | None) -> Read:
    result = Read()
    columns: dict[str, int] | None = None
    for number, row in enumerate(rows, start=1):
        if columns is None:
            columns = _columns(row, name, mapping)
            continue
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: list[str] = row, columns: dict[str, int] = columns) -> str:
            index = columns.get(key)
            return row[index] if index is not None and index < len(row) else ""

        text = cell("text")
        if not text.strip():
            result.notes.append(Phrase("hearing.note.empty_row", row=number))
            continue
        submitted = _date(cell("submitted"))
        if cell("submitted").strip() and submitted is None:
            result.notes.append(Phrase("hearing.note.bad_date", row=number,
                                       value=cell("submitted").strip()[:40]))
        result.responses.append(Response(
            text, cell("case").strip(), submitted, cell("sender").strip(),
            cell("sender_type").strip(), cell("title").strip(), cell("hearing").strip(),
            f"{name}:{number}"))
    if columns is None:
        raise ReadError(name, "hearing.no_text_column", columns="-")
    return result


def _date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value[:19], pattern)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _one(text: str, source: str) -> Response:
    """A response from its text; header lines (``Sagsnummer: …``, ``Afsender: …``) say what the
    portal would. An empty text is refused."""
    if not text.strip():
        raise ReadError(source, "hearing.empty")
    fields: dict[str, str] = {}
    for line in text.splitlines()[:12]:
        match = _HEADER_LINE.match(line)
        if match:
            key = _HEADINGS.get(match.group(1).casefold().rstrip("."), "case")
            fields.setdefault(key, match.group(2))
    return Response(text, fields.get("case", ""), _date(fields.get("submitted", "")),
                    fields.get("sender", ""), fields.get("sender_type", ""),
                    fields.get("title", ""), "", source)


def _pdf(data: bytes, name: str) -> Read:
    from omprio.read.pdf import pdf_lines

    pages: dict[int, list[str]] = {}
    for line in pdf_lines(data, name):
        pages.setdefault(line.page or 1, []).append(line.text)
    parts: list[tuple[int, list[str]]] = []
    for page, lines in sorted(pages.items()):
        if not parts or (lines and _STARTS.match(lines[0])):
            parts.append((page, list(lines)))
        else:
            parts[-1][1].extend(lines)
    result = Read()
    for page, lines in parts:
        text = "\n".join(lines)
        if text.strip():
            result.responses.append(_one(text, f"{name}:{page}"))
        else:  # pragma: no cover - pdf_lines gives non-blank lines only
            result.notes.append(Phrase("hearing.note.empty_page", page=page))
    return result
