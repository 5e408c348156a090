"""The sheets of omprio's own workbook, read with limits, and the texts and amounts in their cells.

A sheet is read once, row by row, with its declared dimension ignored (openpyxl would pad every
row to a lying ``A1:XFD1048576``); rows, columns, cells and characters per cell are counted as
they stream and a sheet past a limit of :mod:`omprio.read.limits` is refused with a
:class:`~omprio.read_error.ReadError`. A formula someone typed where a value belongs counts by
its stored result: the stored results of a sheet are read once, the first time one is needed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from omprio.model import Source
from omprio.money import NumberRefused, amount, bounded, parse_danish
from omprio.read.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, in_danish
from omprio.read_error import ReadError
from omprio.vocabulary.workbook_layout import SHEETS, field_of

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

    def fail(self, message: str, da: str | None = None) -> ReadError:
        return ReadError(self.path, message, da)

    def sheet(self, kind: str, required: bool = True) -> Sheet | None:
        names = [getattr(SHEETS[lang], kind) for lang in ("da", "en")]
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
                if sheet.rows:
                    for index, cell in enumerate(sheet.rows[0][1]):
                        if cell.value is not None:
                            key = field_of(str(cell.value))
                            if key is not None:
                                sheet.columns.setdefault(key, index)
                return sheet
        if required:
            raise self.fail(
                f"the workbook has no sheet '{names[0]}' (or '{names[1]}')",
                f"projektmappen har intet ark '{names[0]}' (eller '{names[1]}')",
            )
        return None

    def _rows(self, worksheet: ReadOnlyWorksheet, name: str, count: bool = True) -> Any:
        """The rows of a sheet, numbered, refused past the limits as they stream (``count``:
        add its cells to the workbook's, which the second reading of a sheet does not)."""
        worksheet.reset_dimensions()  # never pad rows to the dimension the sheet declares
        rows = worksheet.iter_rows()  # type: ignore[misc]  # typeshed: Worksheet's method
        for number, cells in enumerate(rows, start=1):
            if number > MAX_ROWS:
                raise self.fail(
                    f"sheet '{name}' has more than {MAX_ROWS:,} rows",
                    f"arket '{name}' har mere end {in_danish(MAX_ROWS)} rækker",
                )
            if len(cells) > MAX_COLUMNS:
                raise self.fail(
                    f"row {number} of sheet '{name}' has more than {MAX_COLUMNS} columns",
                    f"række {number} i arket '{name}' har mere end {MAX_COLUMNS} kolonner",
                )
            self.cells += len(cells) if count else 0
            if self.cells > MAX_CELLS:
                raise self.fail(
                    f"the workbook has more than {MAX_CELLS:,} cells",
                    f"projektmappen har mere end {in_danish(MAX_CELLS)} celler",
                )
            for cell in cells:
                value = cell.value
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    where = f"{name}!{getattr(cell, 'coordinate', '?')}"
                    raise self.fail(
                        f"cell {where} holds more than {MAX_CELL_CHARS:,} characters",
                        f"cellen {where} har mere end {in_danish(MAX_CELL_CHARS)} tegn",
                    )
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
                raise self.fail(
                    f"cell {where} is a formula without a stored result; open and save the "
                    "workbook in Excel or LibreOffice, or type the number"
                )
        if isinstance(value, bool):
            raise self.fail(f"cell {where} holds {value!r}, not an amount")
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
            raise self.fail(f"cell {where}: {refused}") from None
        raise self.fail(f"cell {where} holds {value!r}, not an amount")

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
