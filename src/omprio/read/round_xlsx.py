"""The budget round's workbook, read back into a round, with the edits a person made in it.

A workbook written by :mod:`omprio.publish.round_excel` says so on its round sheet (format
``omprio.roundbook/1``). Only typed cells are read: the round's fields, the departments, the
shares of a key of shares, the base figures, the weights of a mixed key, the requirements'
amounts and central parts, the designated proposals and the links. Formulas (the shaded cells:
shares from base figures, mixed shares, parts, sums) and omprio's whole amounts are never read,
so an edited share reads back as exactly that one changed share. Sheets, labels and kinds are
taken in any language of the catalog.

The ZIP is checked within :mod:`omprio.read.limits` before any XML is parsed
(:func:`~omprio.read.archive.check_archive`) and the sheets stream within them
(:class:`~omprio.read.sheets.Reader`). Whatever cannot be read (a text where a number belongs,
a missing sheet, a department, key or requirement the workbook does not have, a round
:func:`~omprio.rounds.model.validate` refuses) is a :class:`~omprio.read_error.ReadError` that
names the sheet and the cell, in every language; never a traceback. This reader is not one of
the catalog reader's (:mod:`omprio.read`): a round's workbook given to it is refused as a
workbook omprio did not make.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.utils import get_column_letter

from omprio.i18n import LANGS, Phrase
from omprio.read.limits import MAX_COLUMNS
from omprio.read.sheets import AnyCell, Reader, Sheet, open_workbook
from omprio.read_error import ReadError
from omprio.rounds.model import (
    HUNDRED,
    BudgetRound,
    Department,
    Designated,
    Key,
    KeyKind,
    Link,
    PriceIndex,
    Requirement,
    validate,
)
from omprio.rounds.problems import RoundProblem
from omprio.vocabulary.round_layout import (
    FIRST_BLOCK,
    FORMAT,
    KINDS,
    flag_of,
    heading,
    kind_name,
    kind_of,
    label_of,
    sheet_names,
    yes_no,
)

__all__ = ["round_from_xlsx"]

MAX_YEARS = (MAX_COLUMNS - FIRST_BLOCK + 1) // 2
"""At most this many years in a round: what the requirements sheet has columns for (two a
year, within :data:`~omprio.read.limits.MAX_COLUMNS`)."""
_PERIOD = re.compile(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*")
_DAMAGED = (
    zipfile.BadZipFile, KeyError, IndexError, TypeError, AttributeError, ValueError, SyntaxError,
    OSError, EOFError,
)


def round_from_xlsx(data: bytes, path: str) -> BudgetRound:
    """The round of a workbook that :func:`omprio.publish.round_excel.round_xlsx` wrote (and a
    person may have edited), validated; a :class:`ReadError` when it cannot be read."""
    workbook = open_workbook(data, path)
    reader = Reader(workbook, path, data)
    try:
        return _read(reader)
    except RoundProblem as problem:
        raise ReadError(path, "read.round.invalid", problem=problem) from problem
    except _DAMAGED as exc:  # openpyxl on XML it cannot make sense of
        raise ReadError(
            path, "read.xlsx.damaged", kind=type(exc).__name__, reason=str(exc)[:200]
        ) from exc
    finally:
        reader.close()
        workbook.close()


@dataclass(slots=True)
class _Grid:
    """A sheet's cells by (row, column), with the reader that turns them into values."""

    reader: Reader
    sheet: Sheet
    cells: dict[tuple[int, int], AnyCell] = field(default_factory=dict)
    columns: dict[int, list[int]] = field(default_factory=dict)
    """The rows of each column that hold a cell, in order."""
    last_row: int = 0
    last_column: int = 0

    @classmethod
    def of(cls, reader: Reader, sheet: Sheet) -> _Grid:
        grid = cls(reader, sheet)
        for number, cells in sheet.rows:
            for column, cell in enumerate(cells, start=1):
                if cell.value is not None:
                    grid.cells[(number, column)] = cell
                    grid.columns.setdefault(column, []).append(number)
                    grid.last_row = max(grid.last_row, number)
                    grid.last_column = max(grid.last_column, column)
        return grid

    @property
    def name(self) -> str:
        return self.sheet.name

    def where(self, row: int, column: int) -> str:
        return f"{self.name}!{get_column_letter(column)}{row}"

    def fail(self, row: int, column: int, key: str, /, **params: object) -> ReadError:
        return self.reader.fail(key, cell=self.where(row, column), **params)

    def text(self, row: int, column: int) -> str | None:
        """A cell's text (a number typed there as it reads); formulas and empty cells: None."""
        cell = self.cells.get((row, column))
        if cell is None or self.reader.is_formula(cell):
            return None
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        return text if text.strip() else None

    def required(self, row: int, column: int) -> str:
        text = self.text(row, column)
        if text is None:
            raise self.fail(row, column, "read.round.text")
        return text

    def code(self, row: int, column: int) -> str | None:
        text = self.text(row, column)
        return text.strip() if text is not None else None

    def number(self, row: int, column: int) -> Decimal | None:
        return self.reader.number(self.sheet, row, self.cells.get((row, column)))

    def whole(self, row: int, column: int) -> int | None:
        value = self.number(row, column)
        if value is None:
            return None
        if value != value.to_integral_value():
            raise self.fail(row, column, "read.round.whole", value=value)
        return int(value)

    def rows_from(self, first: int) -> list[int]:
        """The rows from ``first`` on that hold a cell, in order."""
        return sorted({row for row, _ in self.cells if row >= first})

    def labels(self) -> list[tuple[int, str]]:
        """The rows whose column A is a label, in order: (row, label)."""
        found = []
        for row in self.columns.get(1, ()):
            name = label_of(self.cells[(row, 1)].value)
            if name is not None:
                found.append((row, name))
        return found


def _grid(reader: Reader, sheet: str, required: bool = True) -> _Grid | None:
    found = reader.named(sheet_names(sheet), required)
    return None if found is None else _Grid.of(reader, found)


def _read(reader: Reader) -> BudgetRound:
    first = _grid(reader, "round")
    assert first is not None
    fields = {name: row for row, name in reversed(first.labels())}
    fmt = fields.get("format")
    if fmt is None or first.text(fmt, 2) != FORMAT:
        raise reader.fail("read.round.foreign", sheet=first.name, format=FORMAT)
    years = _years(first, _row(first, fields, "period"))
    level = _row(first, fields, "price_level")
    price_level = first.whole(level, 2)
    if price_level is None:
        raise first.fail(level, 2, "read.round.whole", value="")
    wage = first.number(fields["wage_share"], 2) if "wage_share" in fields else None
    departments = _departments(reader)
    codes = {d.code for d in departments}
    keys = _keys(reader, codes)
    requirements = _requirements(reader, years, {k.code for k in keys})
    names = {r.name for r in requirements}
    return validate(BudgetRound(
        name=first.required(_row(first, fields, "name"), 2),
        municipality=first.text(fields["municipality"], 2) or "" if "municipality" in fields
        else "",
        years=years,
        price_level=price_level,
        unit=(first.text(fields["unit"], 2) if "unit" in fields else None) or "1.000 kr.",
        departments=departments,
        keys=keys,
        requirements=requirements,
        designated=_designated(reader, years, codes, names),
        links=_links(reader, codes, names),
        index=_index(first),
        wage_share=Decimal("0.7") if wage is None else wage / HUNDRED,
    ))


def _row(grid: _Grid, fields: dict[str, int], name: str) -> int:
    """The row of the round sheet labelled ``name``, or refused."""
    if name not in fields:
        raise grid.reader.fail("read.round.row", sheet=grid.name,
                               label=Phrase(f"roundbook.label.{name}"))
    return fields[name]


def _years(grid: _Grid, row: int) -> tuple[int, ...]:
    text = grid.text(row, 2)
    match = _PERIOD.fullmatch(text or "")
    if match is None or int(match.group(2) or match.group(1)) < int(match.group(1)):
        raise grid.fail(row, 2, "read.round.period", value=text or "")
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if end - start >= MAX_YEARS:
        raise grid.fail(row, 2, "read.round.period_long", value=text, most=MAX_YEARS)
    return tuple(range(start, end + 1))


def _index(grid: _Grid) -> PriceIndex | None:
    rows = grid.labels()
    start = next((row for row, name in rows if name == "index"), None)
    if start is None:
        return None
    years: dict[int, int] = {}
    kinds: dict[str, dict[int, Decimal]] = {}
    for row, name in rows:
        if name == "index_years":
            for column in range(FIRST_BLOCK, grid.last_column + 1):
                year = grid.whole(row, column)
                if year is not None:
                    years[column] = year
        elif name == "index_series":
            series: dict[int, Decimal] = {}
            for column, year in years.items():
                value = grid.number(row, column)
                if value is not None:
                    series[year] = value
            kinds[grid.required(row, 2)] = series
    return PriceIndex(grid.text(start, 2) or "", kinds, grid.text(start, 3) or "")


def _departments(reader: Reader) -> tuple[Department, ...]:
    grid = _grid(reader, "departments")
    assert grid is not None
    found = []
    for row in range(2, grid.last_row + 1):
        code = grid.code(row, 1)
        name = grid.text(row, 2)
        if code is None and name is None:
            continue
        found.append(Department(code if code is not None else grid.required(row, 1), name or ""))
    return tuple(found)


def _heading_row(grid: _Grid, after: int) -> int:
    """The row of the keys sheet's column headings (``Kode``), below the key's fields."""
    texts = {heading("code", lang).casefold() for lang in LANGS}
    for row in range(after + 1, grid.last_row + 1):
        text = grid.text(row, 1)
        if text is not None and text.strip().casefold() in texts:
            return row
    return after


def _kind(grid: _Grid, row: int, column: int) -> KeyKind:
    text = grid.text(row, column)
    kind = kind_of(text) if text is not None else None
    if kind is None:
        choices = ", ".join(kind_name(k, LANGS[0]) for k in KINDS)
        raise grid.fail(row, column, "read.round.kind", value=text or "", choices=choices)
    return KeyKind(kind)


def _keys(reader: Reader, departments: set[str]) -> tuple[Key, ...]:
    grid = _grid(reader, "keys")
    assert grid is not None
    rows = grid.labels()
    at = {name: row for row, name in reversed(rows)}
    if "key" not in at:
        return ()
    weights = [row for row, name in rows if name == "weight"]
    fields = [at[name] for name in ("key", "key_name", "kind", "source") if name in at]
    head = _heading_row(grid, max([*fields, *weights]))
    ends = [row for row, name in rows if name == "sum" and row > head]
    end = ends[-1] if ends else grid.last_row + 1
    department_rows: dict[int, str] = {}
    for row in range(head + 1, end):
        code = grid.code(row, 1)
        if code is None:
            continue
        if code not in departments:
            raise grid.fail(row, 1, "read.round.department", code=code,
                            sheet=sheet_names("departments")[0])
        department_rows[row] = code
    keys: list[Key] = []
    mixed: list[tuple[int, int, str]] = []  # where a mixed key names a key: row, column, code
    for column in range(FIRST_BLOCK, grid.last_column + 1):
        code = grid.code(at["key"], column)
        if code is None:
            continue
        kind = _kind(grid, at["kind"], column) if "kind" in at else _kind(grid, 1, column)
        values: dict[str, Decimal] = {}
        if kind is KeyKind.MIX:
            for row in weights:
                weight = grid.number(row, column)
                if weight is not None:
                    component = grid.code(row, 2) or grid.required(row, 2)
                    values[component] = weight
                    mixed.append((row, 2, component))
        else:
            for row in grid.columns.get(column, ()):
                value = grid.number(row, column) if row in department_rows else None
                if value is not None:
                    values[department_rows[row]] = value
        keys.append(Key(code, _field(grid, at, "key_name", column), kind, values,
                        _field(grid, at, "source", column)))
    known = {key.code for key in keys}
    for row, column, code in mixed:
        if code not in known:
            raise grid.fail(row, column, "read.round.key", code=code, sheet=grid.name)
    return tuple(keys)


def _field(grid: _Grid, at: dict[str, int], name: str, column: int) -> str:
    return (grid.text(at[name], column) if name in at else None) or ""


@dataclass(slots=True)
class _Draft:
    name: str
    key: str | None = None
    amounts: dict[int, Decimal] = field(default_factory=dict)
    central: dict[int, Decimal] = field(default_factory=dict)
    frame_cut: bool = False
    source: str = ""


def _requirements(reader: Reader, years: tuple[int, ...],
                  keys: set[str]) -> tuple[Requirement, ...]:
    grid = _grid(reader, "requirements")
    assert grid is not None
    drafts: list[tuple[int, _Draft]] = []
    parts = False  # past the block's fields: department rows (a code may read as a label)
    for row, name in grid.labels():
        if name == "requirement":
            drafts.append((row, _Draft(grid.required(row, 2))))
            parts = False
            continue
        if not drafts or parts:
            continue
        parts = name == "to_split"
        draft = drafts[-1][1]
        if name == "requirement_key":
            draft.key = grid.code(row, 2) or grid.required(row, 2)
            if draft.key not in keys:
                raise grid.fail(row, 2, "read.round.key", code=draft.key,
                                sheet=sheet_names("keys")[0])
        elif name == "frame_cut":
            text = grid.text(row, 2)
            flag = flag_of(text) if text is not None else False
            if flag is None:
                raise grid.fail(row, 2, "read.round.flag", value=text,
                                yes=yes_no(True, LANGS[0]), no=yes_no(False, LANGS[0]))
            draft.frame_cut = flag
        elif name == "source":
            draft.source = grid.text(row, 2) or ""
        elif name in ("amount", "central"):
            target = draft.amounts if name == "amount" else draft.central
            for index, year in enumerate(years):
                value = grid.number(row, FIRST_BLOCK + 2 * index)
                if value is not None:
                    target[year] = value
    found = []
    for row, draft in drafts:
        if draft.key is None:
            raise grid.fail(row + 1, 2, "read.round.text")
        found.append(Requirement(draft.name, draft.key, draft.amounts, draft.central,
                                 draft.frame_cut, draft.source))
    return tuple(found)


def _known(grid: _Grid, row: int, column: int, kind: str, known: set[str]) -> str:
    code = grid.code(row, column) if kind == "department" else grid.text(row, column)
    if code is None:
        raise grid.fail(row, column, "read.round.text")
    if code not in known:
        sheet = sheet_names("departments" if kind == "department" else "requirements")[0]
        raise grid.fail(row, column, f"read.round.{kind}", code=code, sheet=sheet)
    return code


def _designated(reader: Reader, years: tuple[int, ...], departments: set[str],
                requirements: set[str]) -> tuple[Designated, ...]:
    grid = _grid(reader, "designated", required=False)
    if grid is None:
        return ()
    found = []
    for row in grid.rows_from(2):
        amounts: dict[int, Decimal] = {}
        for column, year in enumerate(years, start=4):
            value = grid.number(row, column)
            if value is not None:
                amounts[year] = value
        found.append(Designated(_known(grid, row, 1, "department", departments),
                                _known(grid, row, 2, "requirement", requirements),
                                grid.text(row, 3) or "", amounts))
    return tuple(found)


def _links(reader: Reader, departments: set[str], requirements: set[str]) -> tuple[Link, ...]:
    grid = _grid(reader, "links", required=False)
    if grid is None:
        return ()
    found: dict[int, tuple[str, list[str], dict[str, str]]] = {}
    for row in grid.rows_from(2):
        catalog = grid.whole(row, 1)
        if catalog is None:
            raise grid.fail(row, 1, "read.round.whole", value="")
        department = _known(grid, row, 2, "department", departments)
        entry = found.setdefault(catalog, (department, [], {}))
        if entry[0] != department:
            raise grid.fail(row, 2, "read.round.link_department", catalog=catalog,
                            code=department, other=entry[0])
        if grid.text(row, 3) is not None:
            name = _known(grid, row, 3, "requirement", requirements)
            entry[1].append(name)
            section = grid.text(row, 4)
            if section is not None:
                entry[2][name] = section
    return tuple(Link(catalog, department, tuple(names), sections)
                 for catalog, (department, names, sections) in found.items())
