"""omprio's own Excel workbook, read back into a catalog, with the edits a person made in it.

A workbook written by :mod:`omprio.publish.excel` says so in its catalog sheet (format
``omprio.workbook/1``); any other workbook is refused with a clear
:class:`~omprio.read_error.ReadError`. The cells to edit are values: net and staff change per
year and the texts on the measures sheet, lines and adjustments on the lines sheet, the overview
as stated, its totals and the target on the overview sheet. Formulas (the shaded cells) are never
read as data; a formula that someone replaced by a number is taken as an edit of what it showed
(a measure's net or staff change). A cell that should hold an amount but holds text that is not
a number is an error naming the cell.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from omprio.display import Number
from omprio.i18n import Phrase as Term
from omprio.model import (
    AreaBudget,
    Catalog,
    Line,
    Measure,
    OverviewRow,
    OverviewTotal,
    Source,
    Theme,
)
from omprio.money import kroner
from omprio.read.archive import member_count
from omprio.read.limits import MAX_MEMBERS, MAX_UNPACKED_BYTES
from omprio.read.sheets import AnyCell as _AnyCell
from omprio.read.sheets import Reader as _Reader
from omprio.read.sheets import Sheet as _Sheet
from omprio.read.sheets import open_workbook
from omprio.read_error import ReadError
from omprio.vocabulary.workbook_layout import FORMAT, kind_of

__all__ = ["MAX_MEMBERS", "MAX_UNPACKED_BYTES", "is_workbook", "read_workbook"]

def is_workbook(data: bytes) -> bool:
    """True for a ZIP that holds an Excel workbook (``xl/workbook.xml``), or one with too many
    files to look (:func:`read_workbook` refuses it)."""
    count = member_count(data)
    if count is not None and count > MAX_MEMBERS:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def read_workbook(data: bytes, path: str) -> Catalog:
    """The catalog of a workbook that ``omprio publish --format xlsx`` wrote."""
    workbook = open_workbook(data, path)
    reader = _Reader(workbook, path, data)
    try:
        return _read(reader)
    except _DAMAGED as exc:  # openpyxl on XML it cannot make sense of
        raise ReadError(
            path, "read.xlsx.damaged", kind=type(exc).__name__, reason=str(exc)[:200]
        ) from exc
    finally:
        reader.close()
        workbook.close()


_DAMAGED = (
    zipfile.BadZipFile, KeyError, IndexError, TypeError, AttributeError, ValueError, SyntaxError,
    OSError, EOFError,
)


def _read(reader: _Reader) -> Catalog:
    meta = reader.sheet("catalog", required=False)
    identity: dict[str, str | None] = {}
    themes: list[Theme] = []
    introduction: list[str] = []
    if meta is not None:
        for _, cells in meta.rows[1:]:
            values = [cell.value for cell in cells] + [None] * 5
            key = values[0]
            value = None if values[2] is None else str(values[2])
            if key == "theme":
                themes.append(Theme(value or "", _str(values[3]) or "", _str(values[4])))
            elif key == "introduction":
                introduction.append(value or "")
            elif isinstance(key, str):
                identity[key] = value
    if meta is None or identity.get("format") != FORMAT:
        raise reader.fail("read.xlsx.foreign", format=FORMAT)
    nulls = set(_json_list(identity.get("nulls")))

    def optional(key: str) -> str | None:
        value = identity.get(key)
        if value is None and key not in nulls:
            return ""
        return value

    measures, order = _measures(reader)
    _lines(reader, measures, order)
    _staff(reader, measures, order)
    overview, totals, target = _overview(reader)
    years_text = identity.get("years") or ""
    try:
        years = tuple(int(part) for part in years_text.replace(",", " ").split())
        date_text = identity.get("date")
        catalog_date = date.fromisoformat(date_text) if date_text else None
    except ValueError as exc:
        raise reader.fail("read.xlsx.date", reason=exc) from exc
    return Catalog(
        title=identity.get("title") or "",
        organisation=optional("organisation"),
        department=optional("department"),
        date=catalog_date,
        years=years,
        price_base=optional("price_base"),
        unit=identity.get("unit") or "1.000 kr.",
        introduction="\n\n".join(introduction),
        themes=tuple(themes),
        measures=tuple(m.build() for m in measures),
        overview=tuple(overview),
        overview_totals=tuple(totals),
        source=Source(reader.path, 1),
        stated_period=optional("period"),
        target=target,
    )


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _json_list(text: str | None) -> list[Any]:
    if not text:
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return []
    return value if isinstance(value, list) else []


@dataclass(slots=True)
class _Draft:
    """A measure being read: its cells, then its table rows and any edited formulas."""

    code: str
    theme: str
    title: str
    description: str
    net: dict[int, Decimal]
    fte: dict[int, Decimal]
    sector: str | None
    budget: AreaBudget | None
    savings: str | None
    notes: tuple[str, ...]
    source: Source
    extra: dict[str, Any]
    lines: list[Line] = field(default_factory=list)
    adjustments: list[Line] = field(default_factory=list)
    overrides: dict[tuple[str, int], Decimal] = field(default_factory=dict)

    def override(self, reader: _Reader, kind: str, year: int, value: Decimal, where: str) -> None:
        known = self.overrides.get((kind, year))
        if known is not None and known != value:
            raise reader.fail(
                "read.xlsx.override", code=self.code, year=year,
                kind=Term(f"workbook.kind.{kind}"), known=Number(known), value=Number(value),
                cell=where,
            )
        self.overrides[(kind, year)] = value

    def build(self) -> Measure:
        net, fte = dict(self.net), dict(self.fte)
        for (kind, year), value in self.overrides.items():
            (net if kind == "net" else fte)[year] = value
        extra = self.extra
        years = extra.get("years")
        return Measure(
            code=self.code,
            theme=self.theme,
            title=self.title,
            description=self.description,
            lines=tuple(self.lines),
            adjustments=tuple(self.adjustments),
            net=dict(sorted(net.items())),
            fte=dict(sorted(fte.items())),
            sector=self.sector,
            area_budget=self.budget,
            stated_savings_pct=self.savings,
            notes=self.notes,
            source=self.source,
            caption=str(extra.get("caption") or ""),
            periods=tuple(str(x) for x in extra.get("periods") or ()),
            years=tuple(int(x) for x in years) if isinstance(years, list) else tuple(sorted(net)),
            price_base=_str(extra.get("price_base")),
            unit=_str(extra.get("unit")),
            fte_stated=bool(extra.get("fte_stated", bool(fte))),
        )


def _measures(reader: _Reader) -> tuple[list[_Draft], dict[object, int]]:
    sheet = reader.sheet("measures")
    assert sheet is not None
    if "code" not in sheet.columns:
        raise reader.fail("read.xlsx.no_code", sheet=sheet.name)
    drafts: list[tuple[float, int, _Draft]] = []
    for row, cells in sheet.rows[1:]:
        code = reader.text(sheet, cells, "code")
        if not code:
            continue
        extra_text = reader.text(sheet, cells, "extra")
        extra = _json_object(extra_text)
        nulls = set(extra.get("nulls") or ())
        notes_text = reader.text(sheet, cells, "notes") or ""
        stored_notes = [str(n) for n in extra.get("notes") or ()]
        notes = (
            tuple(stored_notes)
            if "\n".join(stored_notes) == notes_text
            else tuple(part for part in notes_text.split("\n") if part.strip())
        )
        number = reader.number(sheet, row, reader.cell(sheet, cells, "number"))
        drafts.append(
            (
                float(number) if number is not None else float("inf"),
                len(drafts),
                _Draft(
                    code=code.strip(),
                    theme=reader.text(sheet, cells, "theme") or "",
                    title=reader.text(sheet, cells, "title") or "",
                    description=reader.text(sheet, cells, "description") or "",
                    net=reader.amounts(sheet, row, cells, "net"),
                    fte=reader.amounts(sheet, row, cells, "fte"),
                    sector=_optional(reader.text(sheet, cells, "sector"), "sector", nulls, extra),
                    budget=_budget(reader.text(sheet, cells, "area_budget"), extra),
                    savings=_optional(
                        reader.text(sheet, cells, "savings_pct"), "stated_savings_pct", nulls, extra
                    ),
                    notes=notes,
                    source=reader.source(sheet, row),
                    extra=extra,
                ),
            )
        )
    numbers = [n for n, _, _ in drafts]
    if len(set(numbers)) == len(numbers) and float("inf") not in numbers:
        drafts.sort(key=lambda item: (item[0], item[1]))  # back in catalog order
    measures = [draft for _, _, draft in drafts]
    order: dict[object, int] = {}  # ('number', 3) or ('code', 'BFF-1') -> index in measures
    for index, (position, _, draft) in enumerate(drafts):
        if position != float("inf"):
            order.setdefault(("number", int(position)), index)
        order.setdefault(("code", draft.code), index)
    return measures, order


def _json_object(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _optional(value: str | None, name: str, nulls: set[str], extra: dict[str, Any]) -> str | None:
    """A text cell: empty is None where the catalog had none (or for a row omprio did not
    write), and an empty text otherwise."""
    if value is not None:
        return value
    return None if name in nulls or not extra else ""


def _budget(text: str | None, extra: dict[str, Any]) -> AreaBudget | None:
    stored = extra.get("budget")
    label = "Budget for området"
    if isinstance(stored, dict):
        label = str(stored.get("label") or label)
        stored_text = str(stored.get("text") or "")
        if (text or "") == stored_text:
            amounts = tuple(Decimal(str(v)) for v in stored.get("amounts_dkk") or ())
            return AreaBudget(stored_text, amounts, label)
    if not text:
        return None
    return AreaBudget(text, kroner(text), label)


def _measure_of(
    reader: _Reader, sheet: _Sheet, row: int, cells: tuple[_AnyCell, ...], order: dict[object, int]
) -> int | None:
    number = reader.number(sheet, row, reader.cell(sheet, cells, "number"))
    if number is not None and ("number", int(number)) in order:
        return order[("number", int(number))]
    code = reader.text(sheet, cells, "code")
    if code and ("code", code.strip()) in order:
        return order[("code", code.strip())]
    return None


def _years(sheet: _Sheet) -> dict[int, int]:
    return {
        key[1]: index
        for key, index in sheet.columns.items()
        if isinstance(key, tuple) and key[0] == "year"
    }


def _lines(reader: _Reader, measures: list[_Draft], order: dict[object, int]) -> None:
    sheet = reader.sheet("lines", required=False)
    if sheet is None:
        return
    years = _years(sheet)
    for row, cells in sheet.rows[1:]:
        kind = kind_of(reader.text(sheet, cells, "kind") or "")
        index = _measure_of(reader, sheet, row, cells, order)
        if kind is None or index is None:
            continue
        draft = measures[index]
        if kind in ("line", "adjustment"):
            amounts: dict[int, Decimal] = {}
            for year, column in sorted(years.items()):
                value = reader.number(sheet, row, cells[column] if column < len(cells) else None)
                if value is not None:
                    amounts[year] = value
            line = Line(
                reader.text(sheet, cells, "label") or "", amounts, reader.source(sheet, row)
            )
            (draft.lines if kind == "line" else draft.adjustments).append(line)
        elif kind in ("net", "fte"):
            _typed_over(reader, sheet, row, cells, years, draft, kind)


def _typed_over(
    reader: _Reader,
    sheet: _Sheet,
    row: int,
    cells: tuple[_AnyCell, ...],
    years: dict[int, int],
    draft: _Draft,
    kind: str,
) -> None:
    """Formulas that someone replaced by a number: an edit of the amount they showed."""
    for year, column in years.items():
        cell = cells[column] if column < len(cells) else None
        if cell is None or cell.value is None or reader.is_formula(cell):
            continue
        value = reader.number(sheet, row, cell)
        if value is not None:
            where = f"{sheet.name}!{get_column_letter(column + 1)}{row}"
            draft.override(reader, kind, year, value, where)


def _staff(reader: _Reader, measures: list[_Draft], order: dict[object, int]) -> None:
    sheet = reader.sheet("staff", required=False)
    if sheet is None:
        return
    years = _years(sheet)
    for row, cells in sheet.rows[1:]:
        index = _measure_of(reader, sheet, row, cells, order)
        if index is not None:
            _typed_over(reader, sheet, row, cells, years, measures[index], "fte")


def _overview(
    reader: _Reader,
) -> tuple[list[OverviewRow], list[OverviewTotal], dict[int, Decimal]]:
    sheet = reader.sheet("overview")
    assert sheet is not None
    years = _years(sheet)
    rows: list[OverviewRow] = []
    totals: list[tuple[float, int, OverviewTotal]] = []
    target: dict[int, Decimal] = {}
    for row, cells in sheet.rows[1:]:
        kind = kind_of(reader.text(sheet, cells, "kind") or "")
        if kind not in ("row", "total", "target"):
            continue
        amounts: dict[int, Decimal] = {}
        for year, column in sorted(years.items()):
            value = reader.number(sheet, row, cells[column] if column < len(cells) else None)
            if value is not None:
                amounts[year] = value
        if kind == "target":
            target = amounts
            continue
        label = reader.text(sheet, cells, "label") or ""
        section = reader.text(sheet, cells, "section") or None
        theme = reader.text(sheet, cells, "theme") or None
        if kind == "row":
            rows.append(
                OverviewRow(
                    section,
                    theme,
                    label,
                    reader.text(sheet, cells, "measure") or None,
                    amounts,
                    reader.source(sheet, row),
                )
            )
        else:
            marker = reader.text(sheet, cells, "extra")
            position = float(marker) if marker and marker.isdecimal() else float("inf")
            totals.append(
                (
                    position,
                    len(totals),
                    OverviewTotal(label, section, theme, amounts, reader.source(sheet, row)),
                )
            )
    totals.sort(key=lambda item: (item[0], item[1]))
    return rows, [total for _, _, total in totals], target
