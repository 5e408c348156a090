"""The rows of a spreadsheet in a municipality's own columns: a CSV (``;``, ``,`` or tab;
UTF-8 with or without BOM, or cp1252) or a sheet of an XLSX workbook, read within the limits of
:mod:`omprio.read.limits`.

:func:`read_table` gives a :class:`Table`: each row numbered as the spreadsheet numbers it
(the CSV's line of the row's first field, the sheet's row), its cells as text or numbers as the
file holds them (a workbook's formulas count by their stored result). :func:`sniff_table` says
whether bytes look like such a spreadsheet at all and gives its headings, for the import page.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from omprio.display import Number
from omprio.read.decode import decode
from omprio.read.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from omprio.read_error import ReadError

Cell = str | int | Decimal | None
"""A cell as read: text, a whole number or a decimal (a workbook's number), or empty."""

DELIMITERS = (";", ",", "\t")


@dataclass(slots=True)
class Table:
    """The rows of one CSV or sheet: ``(row number, cells)``; the sheet's name for a workbook,
    the delimiter and the encoding (when not UTF-8) of a CSV."""

    rows: list[tuple[int, list[Cell]]]
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    sheets: tuple[str, ...] = field(default_factory=tuple)


def is_zip(data: bytes) -> bool:
    """A ZIP (an XLSX workbook, or some other office file)."""
    return data[:4] == b"PK\x03\x04"


def read_table(data: bytes, name: str, sheet: str | None = None,
               wanted: Sequence[str] = ()) -> Table:
    """The rows of a CSV, or of the sheet ``sheet`` of a workbook (without one: the first sheet
    whose first rows hold every heading of ``wanted``, else the first sheet)."""
    if is_zip(data):
        return _workbook(data, name, sheet, wanted)
    return _csv(data, name)


def text_of(cell: Cell) -> str:
    """A cell as text (empty for an empty cell)."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal) and cell == cell.to_integral_value():
        return str(int(cell))  # a heading typed as the number 2025
    return cell if isinstance(cell, str) else str(cell)


def _csv(data: bytes, name: str) -> Table:
    text, encoding = decode(data, name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: _outside_quotes(first).count(d))
    if _outside_quotes(first).count(delimiter) == 0:
        raise ReadError(name, "read.map.not_table")
    rows: list[tuple[int, list[Cell]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells = 0
    start = 1
    try:
        for record in reader:
            number, start = start, reader.line_num + 1
            if len(rows) >= MAX_ROWS:
                raise ReadError(name, "read.sheet.rows", sheet=name, most=Number(MAX_ROWS))
            if len(record) > MAX_COLUMNS:
                raise ReadError(name, "read.sheet.columns", row=number, sheet=name,
                                most=MAX_COLUMNS)
            cells += len(record)
            if cells > MAX_CELLS:
                raise ReadError(name, "read.sheet.cells", most=Number(MAX_CELLS))
            for column, value in enumerate(record, start=1):
                if len(value) > MAX_CELL_CHARS:
                    raise ReadError(name, "read.sheet.chars", cell=f"{number}:{column}",
                                    most=Number(MAX_CELL_CHARS))
            rows.append((number, list(record)))
    except csv.Error as exc:
        raise ReadError(name, "read.map.csv", line=reader.line_num, reason=exc) from exc
    return Table(rows, delimiter=delimiter, encoding=encoding)


def _outside_quotes(line: str) -> str:
    return "".join(part for index, part in enumerate(line.split('"')) if index % 2 == 0)


def _workbook(data: bytes, name: str, sheet: str | None, wanted: Sequence[str]) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from omprio.read.archive import check_archive

    check_archive(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError,
            SyntaxError) as exc:
        raise ReadError(name, "read.xlsx.open", reason=exc) from exc
    try:
        names = tuple(workbook.sheetnames)
        if sheet is not None:
            if sheet not in names:
                raise ReadError(name, "read.map.no_sheet", sheet=sheet, sheets=", ".join(names))
            chosen = [sheet]
        else:
            chosen = list(names)
        counted = [0]
        first: Table | None = None
        for title in chosen:
            table = Table(_sheet_rows(workbook[title], name, title, counted), sheet=title,
                          sheets=names)
            first = first or table
            if not wanted or _holds(table, wanted):
                return table
        if first is None:
            raise ReadError(name, "read.map.not_table")
        return first
    except (zipfile.BadZipFile, KeyError, IndexError, TypeError, AttributeError, ValueError,
            SyntaxError, OSError, EOFError) as exc:
        raise ReadError(name, "read.xlsx.damaged", kind=type(exc).__name__,
                        reason=str(exc)[:200]) from exc
    finally:
        workbook.close()


def _holds(table: Table, wanted: Sequence[str]) -> bool:
    """Whether one of the table's first 30 rows holds every heading of ``wanted``."""
    for _, cells in table.rows[:30]:
        texts = {text_of(cell).strip().casefold() for cell in cells}
        if all(heading.strip().casefold() in texts for heading in wanted):
            return True
    return False


def _sheet_rows(worksheet: object, name: str, title: str,
                counted: list[int]) -> list[tuple[int, list[Cell]]]:
    rows: list[tuple[int, list[Cell]]] = []
    worksheet.reset_dimensions()  # type: ignore[attr-defined]  # never trust the dimension
    for cells in worksheet.iter_rows():  # type: ignore[attr-defined]
        if not cells:
            continue
        number = getattr(cells[0], "row", None) or len(rows) + 1
        if number > MAX_ROWS:
            raise ReadError(name, "read.sheet.rows", sheet=title, most=Number(MAX_ROWS))
        if len(cells) > MAX_COLUMNS:
            raise ReadError(name, "read.sheet.columns", row=number, sheet=title,
                            most=MAX_COLUMNS)
        counted[0] += len(cells)
        if counted[0] > MAX_CELLS:
            raise ReadError(name, "read.sheet.cells", most=Number(MAX_CELLS))
        values: list[Cell] = []
        for cell in cells:
            values.append(_value(cell.value, name, title, cell))
        rows.append((number, values))
    return rows


def _value(value: object, name: str, title: str, cell: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        where = f"{title}!{getattr(cell, 'coordinate', '?')}"
        raise ReadError(name, "read.sheet.chars", cell=where, most=Number(MAX_CELL_CHARS))
    return text


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What the import page needs to offer a mapping: the headings of the first row that has
    several, the first rows below them, and the sheet (of a workbook)."""

    headings: tuple[str, ...]
    sheet: str | None
    sheets: tuple[str, ...]


def sniff_table(data: bytes, name: str, sheet: str | None = None) -> Sniffed | None:
    """The headings of a CSV or a workbook that is not omprio's own, or ``None`` when ``data``
    is no such spreadsheet (a PDF, a text catalog, JSON, omprio's workbook)."""
    head = data.lstrip()[:8]
    if head.startswith((b"%PDF", b"{")):
        return None
    if is_zip(data):
        from omprio.read.xlsx import is_workbook

        if not is_workbook(data):
            return None
    try:
        table = read_table(data, name, sheet)
    except ReadError:
        return None
    if _is_omprio_workbook(table.sheets):
        return None
    headings = header_row(table)
    if headings is None:
        return None
    if not is_zip(data) and not name.lower().endswith((".csv", ".tsv")) and not _regular(
        table, headings[0]
    ):
        return None  # text with a comma or two (a catalog in the template): no spreadsheet
    return Sniffed(tuple(text_of(cell).strip() for cell in headings[1]), table.sheet,
                   table.sheets)


def _regular(table: Table, index: int) -> bool:
    """Whether the rows below the heading row look like a table: three headings or more, and
    most of the next ten rows as many cells as the headings."""
    width = len(table.rows[index][1])
    below = [len(cells) for _, cells in table.rows[index + 1:index + 11]]
    return width >= 3 and bool(below) and sum(1 for n in below if n == width) * 2 > len(below)


def header_row(table: Table, wanted: Sequence[str] = ()) -> tuple[int, list[Cell]] | None:
    """The heading row (its index in ``table.rows`` and its cells): among the first 30, the
    first that holds every heading of ``wanted``; without ``wanted`` the first with two
    headings or more."""
    for index, (_, cells) in enumerate(table.rows[:30]):
        texts = [text_of(cell).strip() for cell in cells]
        if wanted:
            folded = {text.casefold() for text in texts}
            if all(heading.strip().casefold() in folded for heading in wanted):
                return index, cells
        elif sum(1 for text in texts if text) >= 2:
            return index, cells
    return None


def _is_omprio_workbook(names: Sequence[str]) -> bool:
    """Whether a workbook's sheets are those ``omprio publish --format xlsx`` writes."""
    from omprio.i18n import LANGS
    from omprio.vocabulary.workbook_layout import sheets

    own = {getattr(sheets(lang), kind) for lang in LANGS for kind in ("catalog", "measures")}
    return len(own & set(names)) >= 2
