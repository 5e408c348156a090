"""Reading a follow-up table: CSV (``;`` or ``,``, UTF-8 or cp1252) or XLSX, one row per measure
and year, into :class:`~omprio.followup.model.Entry` values.

The columns are ``measure;year;realized;forecast;status;explanation`` (and, optional,
``responsible`` and ``documentation``), matched without regard to case; a table with other
headings names them with a mapping (``{"realized": "Forbrug"}``). Numbers are read the Danish way
(``-1.000`` is minus one thousand, ``10,5`` ten and a half; a decimal point is read too,
:func:`omprio.money.typed_amount`); an empty cell is no figure. Status words in Danish or
English (``på sporet``, ``on track``, ``on_track``); an empty status is ``pending``. Anything
else is a :class:`~omprio.followup.model.FollowupProblem` naming the line, and nothing is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal

from omprio.followup.model import STATUSES, Entry, FollowupProblem
from omprio.money import NumberRefused, amount, typed_amount

COLUMNS = ("measure", "year", "realized", "forecast", "status", "explanation", "responsible",
           "documentation")
"""The columns of a follow-up table (the first two required)."""
MOST_BYTES = 20 * 1024 * 1024
MOST_ROWS = 100_000
MOST_TEXT = 4000

STATUS_WORDS: Mapping[str, str] = {
    "realiseret": "realized", "realized": "realized", "realised": "realized",
    "på sporet": "on_track", "pa sporet": "on_track", "paa sporet": "on_track",
    "on track": "on_track",
    "i risiko": "at_risk", "at risk": "at_risk",
    "ikke realiserbar": "not_realizable", "ikke realiserbart": "not_realizable",
    "not realizable": "not_realizable", "not realisable": "not_realizable",
    "afventer": "pending", "pending": "pending", "": "pending",
}
"""Status words as written, lower case with single spaces (``_`` and ``-`` read as spaces)."""


def status_of(word: str, line: int | None = None) -> str:
    """The status identifier of a Danish or English status word."""
    key = " ".join(word.replace("_", " ").replace("-", " ").lower().split())
    if key in STATUS_WORDS:
        return STATUS_WORDS[key]
    raise FollowupProblem("followup.bad_status", line=line or "-", value=word[:40],
                          statuses=", ".join(STATUSES))


def _text_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    text = text.replace("\x00", "")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:  # a field beyond the csv module's limit, a stray quote
        raise FollowupProblem("followup.unreadable", reason=str(exc)[:100]) from exc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # the shortest text of the cell's number: read exactly below
    if isinstance(value, int):
        return str(value)
    return str(value)


def _sheet_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FollowupProblem("followup.unreadable", reason=type(exc).__name__) from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            if len(rows) > MOST_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def table_rows(data: bytes, name: str) -> list[list[str]]:
    """The rows of a CSV or XLSX file (an XLSX by its content, whatever its name)."""
    if len(data) > MOST_BYTES:
        raise FollowupProblem("followup.too_large", most=MOST_BYTES // (1024 * 1024))
    if data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx"):
        return _sheet_rows(data)
    return _text_rows(data)


def _columns(header: list[str], mapping: Mapping[str, str]) -> dict[str, int]:
    unknown = sorted(set(mapping) - set(COLUMNS))
    if unknown:
        raise FollowupProblem("followup.bad_mapping", column=unknown[0],
                              columns=", ".join(COLUMNS))
    names = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for column in COLUMNS:
        wanted = mapping.get(column, column).strip().lower()
        if wanted in names:
            found[column] = names.index(wanted)
        elif column in ("measure", "year") or column in mapping:
            raise FollowupProblem("followup.missing_column", column=mapping.get(column, column),
                                  header=", ".join(h.strip() for h in header)[:200])
    return found


def _number(text: str, line: int, column: str) -> Decimal | None:
    token = text.strip()
    if not token:
        return None
    try:
        if "e" in token.lower():  # a spreadsheet's float (1e-05): plain decimal text
            return amount(token)
        return typed_amount(token, "da")
    except (NumberRefused, ValueError):
        raise FollowupProblem("followup.bad_number", line=line, column=column,
                              value=token[:40]) from None


def _year(text: str, line: int) -> int:
    token = text.strip().removesuffix(".0")
    if not (token.isascii() and token.isdigit() and len(token) == 4):
        raise FollowupProblem("followup.bad_year_line", line=line, value=token[:40])
    return int(token)


def entries_from_rows(rows: Iterable[list[str]], mapping: Mapping[str, str]) -> list[Entry]:
    """The entries of a table's rows (the first is the header); blank rows are skipped, a
    measure and year named twice is refused."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise FollowupProblem("followup.empty")
    columns = _columns(header, mapping)
    entries: list[Entry] = []
    seen: set[tuple[str, int]] = set()
    for line, row in enumerate(iterator, start=2):
        if line > MOST_ROWS + 1:
            raise FollowupProblem("followup.too_many_rows", most=MOST_ROWS)
        if not any(cell.strip() for cell in row):
            continue

        def cell(column: str, row: list[str] = row) -> str:
            at = columns.get(column)
            return row[at] if at is not None and at < len(row) else ""

        code = cell("measure").strip()
        if not code:
            raise FollowupProblem("followup.no_code", line=line)
        year = _year(cell("year"), line)
        if (code, year) in seen:
            raise FollowupProblem("followup.twice", line=line, code=code, year=year)
        seen.add((code, year))
        texts = {c: cell(c).strip()[:MOST_TEXT] for c in
                 ("explanation", "responsible", "documentation")}
        entries.append(Entry(
            code, year, _number(cell("realized"), line, "realized"),
            _number(cell("forecast"), line, "forecast"), status_of(cell("status"), line),
            texts["explanation"], texts["responsible"], texts["documentation"], line))
    return entries


def read_entries(data: bytes, name: str, mapping: Mapping[str, str] | None = None) -> list[Entry]:
    """The entries of a follow-up file (CSV or XLSX; see the module doc)."""
    return entries_from_rows(table_rows(data, name), mapping or {})
