"""The sheets of omprio's own workbook, read with limits, and the texts and amounts in their cells.

A sheet is read once, row by row, with its declared dimension ignored (openpyxl would pad every
row to a lying ``A1:XFD1048576``); rows, columns, cells and characters per cell are counted as
they stream and a sheet past a limit of :mod:`omprio.read.limits` is refused with a
:class:`~omprio.read_error.ReadError`. A formula someone typed where a value belongs counts by
its stored result: the stored results of a sheet are read once, the first time one is needed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from omprio.display import Number
from omprio.i18n import LANGS
from omprio.model import Source
from omprio.money import NumberRefused, amount, bounded, parse_danish
from omprio.read.archive import check_archive
from omprio.read.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from omprio.read_error import ReadError
from omprio.vocabulary.workbook_layout import field_of, sheets


def open_workbook(data: bytes, path: str) -> Workbook:
    """The workbook of ``data`` opened to be streamed, once its archive has passed the limits
    (:func:`omprio.read.archive.check_archive`); a ReadError when it cannot be opened."""
    check_archive(data, path)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (
        zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, SyntaxError
    ) as exc:
        raise ReadError(path, "read.xlsx.open", reason=exc) from exc

__all__ = ["AnyCell", "Reader", "Sheet"]

AnyCell = ReadOnlyCell | EmptyCell | Cell | MergedCell
Cells = tuple[AnyCell, ...]


@dataclass(slots=True)
class Sheet:
    """A sheet's rows (cells), its name, its columns by heading and where its formulas are."""

    name: str
    rows: list[tuple[int, Cells]]
    columns: dict[object, int] = field(default_factory=dict)
    formulas: set[tuple[int, int]] = field(default_factory=set)


class Reader:
    """A workbook being read: its sheets within the limits, and the cells' texts and amounts."""

    def __init__(self, workbook: Workbook, path: str, data: bytes) -> None:
        self.workbook = workbook
        self.path = path
        self.data = data
        self.cells = 0
        self._values: Workbook | None = None
        self._results: dict[str, dict[tuple[int, int], object]] = {}

    def fail(self, key: str, /, **params: object) -> ReadError:
        return ReadError(self.path, key, **params)

    def sheet(self, kind: str, required: bool = True) -> Sheet | None:
        """The catalog workbook's sheet ``kind`` (its name in any language), its columns by
        heading."""
        sheet = self.named([getattr(sheets(lang), kind) for lang in LANGS], required)
        if sheet is not None and sheet.rows:
            for index, cell in enumerate(sheet.rows[0][1]):
                if cell.value is not None:
                    key = field_of(str(cell.value))
                    if key is not None:
                        sheet.columns.setdefault(key, index)
        return sheet

    def named(self, names: Sequence[str], required: bool = True) -> Sheet | None:
        """The first sheet of ``names`` the workbook has (one name per language), read within
        the limits; none: ``None``, or refused when ``required``."""
        for name in names:
            if name in self.workbook.sheetnames:
                worksheet = self.workbook[name]
                assert isinstance(worksheet, ReadOnlyWorksheet)
                sheet = Sheet(name, [])
                for number, cells in self._rows(worksheet, name):
                    sheet.rows.append((number, cells))
                    for index, cell in enumerate(cells):
                        if getattr(cell, "data_type", None) == "f":
                            sheet.formulas.add((number, index + 1))
                return sheet
        if required:
            raise self.fail("read.sheet.missing", name=names[0], other=names[-1])
        return None

    def _rows(self, worksheet: ReadOnlyWorksheet, name: str, count: bool = True) -> Any:
        """The rows of a sheet, numbered, refused past the limits as they stream (``count``:
        add its cells to the workbook's, which the second reading of a sheet does not)."""
        worksheet.reset_dimensions()  # never pad rows to the dimension the sheet declares
        rows = worksheet.iter_rows()  # type: ignore[misc]  # typeshed: Worksheet's method
        for number, cells in enumerate(rows, start=1):
            if number > MAX_ROWS:
                raise self.fail("read.sheet.rows", sheet=name, most=Number(MAX_ROWS))
            if len(cells) > MAX_COLUMNS:
                raise self.fail("read.sheet.columns", row=number, sheet=name, most=MAX_COLUMNS)
            self.cells += len(cells) if count else 0
            if self.cells > MAX_CELLS:
                raise self.fail("read.sheet.cells", most=Number(MAX_CELLS))
            for cell in cells:
                value = cell.value
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    where = f"{name}!{getattr(cell, 'coordinate', '?')}"
                    raise self.fail("read.sheet.chars", cell=where, most=Number(MAX_CELL_CHARS))
            yield number, cells

    def source(self, sheet: Sheet, row: int) -> Source:
        return Source(f"{self.path}[{sheet.name}]", row)

    def cell(self, sheet: Sheet, cells: Cells, key: object) -> AnyCell | None:
        index = sheet.columns.get(key)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def text(self, sheet: Sheet, cells: Cells, key: object) -> str | None:
        cell = self.cell(sheet, cells, key)
        if cell is None or cell.value is None:
            return None
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)

    def is_formula(self, cell: AnyCell | None) -> bool:
        return cell is not None and getattr(cell, "data_type", None) == "f"

    def number(self, sheet: Sheet, row: int, cell: AnyCell | None) -> Decimal | None:
        """The amount in a value cell (a formula typed there counts by its stored result)."""
        if cell is None or cell.value is None:
            return None
        value: Any = cell.value
        where = f"{sheet.name}!{getattr(cell, 'coordinate', '?')}"
        if self.is_formula(cell):
            value = self._stored_result(sheet, cell)
            if value is None:
                raise self.fail("read.sheet.formula", cell=where)
        if isinstance(value, bool):
            raise self.fail("read.sheet.not_amount", cell=where, value=value)
        try:  # every cell's number within omprio.money.bounded, or refused
            if isinstance(value, int | Decimal):
                return amount(value)
            if isinstance(value, float):
                return amount(repr(value))
            if isinstance(value, str):
                if not value.strip():
                    return None
                parsed = parse_danish(value.strip())
                if parsed is not None:
                    return bounded(parsed, value.strip())
        except NumberRefused as refused:
            raise self.fail("read.sheet.refused", cell=where, problem=refused) from None
        raise self.fail("read.sheet.not_amount", cell=where, value=value)

    def _stored_result(self, sheet: Sheet, cell: AnyCell) -> object:
        row, column = getattr(cell, "row", None), getattr(cell, "column", None)
        if row is None or column is None:
            return None
        results = self._results.get(sheet.name)
        if results is None:  # every stored result of the sheet's formulas, read once
            if self._values is None:
                self._values = load_workbook(
                    io.BytesIO(self.data), read_only=True, data_only=True
                )
            worksheet = self._values[sheet.name]
            assert isinstance(worksheet, ReadOnlyWorksheet)
            results = {}
            for number, cells in self._rows(worksheet, sheet.name, count=False):
                for index, value_cell in enumerate(cells, start=1):
                    if (number, index) in sheet.formulas:
                        results[(number, index)] = value_cell.value
            self._results[sheet.name] = results
        return results.get((row, column))

    def close(self) -> None:
        if self._values is not None:
            self._values.close()

    def amounts(self, sheet: Sheet, row: int, cells: Cells, prefix: str) -> dict[int, Decimal]:
        result: dict[int, Decimal] = {}
        for key, index in sheet.columns.items():
            if isinstance(key, tuple) and key[0] == prefix and index < len(cells):
                value = self.number(sheet, row, cells[index])
                if value is not None:
                    result[key[1]] = value
        return dict(sorted(result.items()))
