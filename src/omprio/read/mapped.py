"""A spreadsheet in a municipality's own columns, read into a catalog by a column mapping.

:func:`read_mapped` reads a CSV or an XLSX sheet (:mod:`omprio.read.tables`) by a
:class:`~omprio.read.mapping.Mapping`: the heading row is the first of the first 30 rows that
holds every mapped column; each row below it with a code is a measure (its source is the file,
the sheet of a workbook, and the spreadsheet's row); a row with a sum word (``I alt``,
``Total``, ``Sum``) or with amounts but no code is a sum row, kept as an overview total so that
``section-total`` checks it against the rows; a row with text but no code nor amounts is left
out with a ``mapped-row-skipped`` notice.

Amounts are read exactly: Danish ``1.234,5`` / ``-1.000`` / ``10,5`` or English ``1,234.5``;
the file decides the convention from the cells that can be read only one way, a file with both
is refused, and cells that read either way (``1.000``) in a file that does not decide are read
by ``--decimals`` or, without it, by the CSV's delimiter with a ``mapped-decimals`` warning.
Amounts in mio. kr. are converted to 1.000 kr. exactly. Anything that cannot be read as the
mapping says (a missing column, a repeated code, a cell that is no number) is a
:class:`~omprio.read_error.ReadError` naming it: nothing half-read is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from omprio.findings import Finding, Severity, finding
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
from omprio.money import (
    SWAP_SEPARATORS,
    ZERO,
    NumberRefused,
    bounded,
    is_dash,
    kroner,
    parse_danish,
)
from omprio.read.mapping import Mapping
from omprio.read.tables import Cell, Table, header_row, read_table, text_of
from omprio.read_error import ReadError

SUM_WORDS = re.compile(
    r"^\s*(i\s*alt|total[t]?|sum|samlet|subtotal|sum\s+i\s+alt|i\s+alt\s.*|total\s.*)\s*[:.]?\s*$",
    re.IGNORECASE,
)
"""The label of a sum row (in the code or the title column)."""
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_THEME_CODE = re.compile(r"^\d{1,3}[A-ZÆØÅa-zæøå]?$")


@dataclass(slots=True)
class _Row:
    number: int
    source: Source
    texts: dict[str, str]
    amounts: dict[str, Cell]
    code: str = ""
    values: dict[str, Decimal] = field(default_factory=dict)


def read_mapped(data: bytes, name: str, mapping: Mapping) -> tuple[Catalog, list[Finding]]:
    """The catalog of a CSV or XLSX in its own columns, read by ``mapping``, and the findings
    of reading it; a ReadError when the file cannot be read as the mapping says."""
    wanted = [column for _, column in mapping.columns]
    table = read_table(data, name, mapping.sheet, wanted)
    path = name if table.sheet is None else f"{name}[{table.sheet}]"
    columns = _columns(table, name, wanted)
    heading_index = columns.pop("", None)
    assert heading_index is not None
    findings: list[Finding] = []
    if table.encoding is not None:
        findings.append(finding("encoding", Severity.INFO, Source(path, 1),
                                encoding=table.encoding))
    text_fields = [(f, c) for f, c in mapping.columns if "." not in f]
    amount_fields = [(f, c) for f, c in mapping.columns if "." in f]
    measures: list[_Row] = []
    sums: list[_Row] = []
    first_row: dict[str, int] = {}
    for number, cells in table.rows[heading_index + 1:]:
        def cell(column: str, cells: list[Cell] = cells) -> Cell:
            index = columns[column.casefold()]
            return cells[index] if index < len(cells) else None

        texts = {f: text_of(cell(c)).strip() for f, c in text_fields}
        amounts = {f: cell(c) for f, c in amount_fields}
        filled = {f: v for f, v in amounts.items() if text_of(v).strip()}
        source = Source(path, number)
        row = _Row(number, source, texts, amounts, texts.get("code", ""))
        code, title = texts.get("code", ""), texts.get("title", "")
        if SUM_WORDS.match(code) or (not code and (SUM_WORDS.match(title) or filled)):
            sums.append(row)
        elif code:
            if code in first_row:
                raise ReadError(name, "read.map.duplicate", code=code, row=number,
                                first=first_row[code])
            first_row[code] = number
            measures.append(row)
        elif any(texts.values()):
            findings.append(finding("mapped-row-skipped", Severity.INFO, source,
                                    text=next(v for v in texts.values() if v)[:60]))
    if not measures:
        raise ReadError(name, "read.map.no_rows")
    convention, warned = _convention(name, mapping, table, [*measures, *sums], columns,
                                     dict(amount_fields))
    if warned is not None:
        findings.append(warned)
    for row in [*measures, *sums]:
        for field_name, value in row.amounts.items():
            row.values[field_name] = _amount(name, row, field_name, value, convention,
                                             dict(amount_fields)[field_name], mapping)
    catalog = _catalog(name, path, mapping, measures, sums, findings)
    return catalog, findings


def _columns(table: Table, name: str, wanted: Sequence[str]) -> dict[str, int]:
    """The index of each mapped column (by its heading, case-folded), and of the heading row
    (under ``""``); a ReadError naming a column the file does not have."""
    found = header_row(table, wanted)
    if found is None:
        guess = header_row(table)
        headings = [text_of(c).strip() for c in guess[1]] if guess else []
        folded = {h.casefold() for h in headings}
        missing = next((c for c in wanted if c.strip().casefold() not in folded), wanted[0])
        raise ReadError(name, "read.map.no_column", column=missing,
                        columns=", ".join(f"“{h}”" for h in headings if h) or "-")
    index, cells = found
    columns: dict[str, int] = {"": index}
    positions: dict[str, list[int]] = {}
    for position, cell in enumerate(cells):
        positions.setdefault(text_of(cell).strip().casefold(), []).append(position)
    for column in wanted:
        key = column.strip().casefold()
        if len(positions[key]) > 1:
            raise ReadError(name, "read.map.column_twice", column=column)
        columns[column.casefold()] = positions[key][0]
    return columns


def style(token: str) -> str | None:
    """How a number written as text decides the convention: ``da`` (``1.234,5``, ``10,5``,
    ``1.000.000``), ``en`` (``1,234.5``, ``0.5``), ``either`` (``1.000``, ``-1,250``) or
    ``None`` (no separator: ``-1000``)."""
    core = token.translate(_SPACES).lstrip("(+-\u2212\u2013").rstrip(")")
    dot, comma = core.rfind("."), core.rfind(",")
    if dot >= 0 and comma >= 0:
        return "da" if comma > dot else "en"
    if dot < 0 and comma < 0:
        return None
    separator = "." if dot >= 0 else ","
    parts = core.split(separator)
    if len(parts) > 2:
        return "da" if separator == "." else "en"  # a separator repeated groups thousands
    whole, fraction = parts
    if len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
        return "either"
    return "en" if separator == "." else "da"


def _convention(
    name: str, mapping: Mapping, table: Table, rows: list[_Row], columns: dict[str, int],
    fields: dict[str, str],
) -> tuple[str, Finding | None]:
    """The decimal convention of the file's amounts, and a warning when cells that read either
    way were read by a default."""
    if mapping.decimals is not None:
        return mapping.decimals, None
    first: dict[str, tuple[_Row, str, str]] = {}
    either: list[tuple[_Row, str]] = []
    for row in rows:
        for field_name, value in row.amounts.items():
            if not isinstance(value, str):
                continue
            kind = style(value.strip())
            if kind == "either":
                either.append((row, value.strip()))
            elif kind is not None:
                first.setdefault(kind, (row, field_name, value.strip()))
    if "da" in first and "en" in first:
        (da_row, da_field, da_value), (en_row, en_field, en_value) = first["da"], first["en"]
        raise ReadError(name, "read.map.mixed_decimals", da=da_value, da_row=da_row.number,
                        da_column=fields[da_field], en=en_value, en_row=en_row.number,
                        en_column=fields[en_field])
    if first:
        return next(iter(first)), None
    if not either:
        return "da", None
    convention = "en" if table.delimiter == "," else "da"
    row, value = either[0]
    danish = parse_danish(value.translate(_SPACES))
    english = parse_danish(value.translate(_SPACES).translate(SWAP_SEPARATORS))
    return convention, finding(
        "mapped-decimals", Severity.WARNING, row.source, key=f"mapped-decimals.{convention}",
        value=value, count=len(either), danish=danish, english=english,
    )


def _amount(name: str, row: _Row, field_name: str, value: Cell, convention: str, column: str,
            mapping: Mapping) -> Decimal:
    """One amount cell, exact, in 1.000 kr. (staff as it is); empty or a dash is zero."""
    factor = Decimal(1) if field_name.startswith("fte.") else mapping.factor
    try:
        if value is None:
            return ZERO
        if isinstance(value, int | Decimal):
            return bounded(bounded(Decimal(value)) * factor, value)
        token = value.strip().translate(_SPACES)
        if not token or is_dash(token):
            return ZERO
        read = parse_danish(token if convention == "da" else token.translate(SWAP_SEPARATORS))
        if read is None and style(token) is None:
            read = parse_danish(token)
        if read is None:
            raise ReadError(name, "read.map.not_number", row=row.number, column=column,
                            value=value.strip()[:40])
        return bounded(bounded(read, value) * factor, value)
    except NumberRefused as refused:
        raise ReadError(name, "read.map.refused", row=row.number, column=column,
                        problem=refused) from None


def _catalog(name: str, path: str, mapping: Mapping, measures: list[_Row], sums: list[_Row],
             findings: list[Finding]) -> Catalog:
    years = mapping.years("amount")
    price_base = mapping.price_base
    if price_base is None:
        price_base = f"{years[0]}-PL"
        findings.append(finding("mapped-price-base", Severity.INFO, Source(path, 1),
                                price_base=price_base))
    themes: dict[str, Theme] = {}
    for row in measures:
        stated = row.texts.get("theme", "")
        if stated and stated not in themes:
            code = stated if _THEME_CODE.match(stated) else str(len(themes) + 1)
            themes[stated] = Theme(code, stated)
    built = [_measure(row, mapping, themes, years) for row in measures]
    order = {theme.code: index for index, theme in enumerate(themes.values())}
    grouped = sorted(built, key=lambda m: order.get(m.theme, len(order)))
    overview = tuple(
        OverviewRow(None, measure.theme_number if measure.theme else None, measure.title,
                    measure.code, dict(measure.net), measure.source)
        for measure in grouped
    )
    totals = []
    for row in sums:
        stated = row.texts.get("theme", "")
        theme = themes.get(stated)
        label = row.code or row.texts.get("title", "") or "I alt"
        amounts = {year: row.values[f"amount.{year}"] for year in years}
        totals.append(OverviewTotal(label, None, theme.code if theme else None, amounts,
                                    row.source))
    whole = [total for total in totals if total.theme is None]
    return Catalog(
        title=PurePath(name.replace("\\", "/")).stem or name,
        organisation=None,
        department=None,
        date=None,
        years=years,
        price_base=price_base,
        unit="1.000 kr.",
        introduction="",
        themes=tuple(themes.values()),
        measures=tuple(built),
        overview=overview,
        overview_totals=tuple(totals),
        source=Source(path, 1),
        target=dict(whole[-1].amounts) if whole else {},
    )


def _measure(row: _Row, mapping: Mapping, themes: dict[str, Theme],
             years: tuple[int, ...]) -> Measure:
    texts = row.texts
    description = "\n\n".join(part for part in (texts.get("description", ""),
                                                 texts.get("consequences", "")) if part)
    budget_text = texts.get("area_budget", "")
    lines: dict[str, dict[int, Decimal]] = {}
    for label, year, _ in mapping.lines():
        lines.setdefault(label, {})[year] = row.values[f"line.{label}.{year}"]
    fte_years = mapping.years("fte")
    theme = themes.get(texts.get("theme", ""))
    return Measure(
        code=row.code,
        theme=theme.code if theme else "",
        title=texts.get("title", ""),
        description=description,
        lines=tuple(Line(label, dict(sorted(amounts.items())), row.source)
                    for label, amounts in lines.items()),
        adjustments=(),
        net={year: row.values[f"amount.{year}"] for year in years},
        fte={year: row.values[f"fte.{year}"] for year in fte_years},
        sector=texts.get("sector") or None,
        area_budget=AreaBudget(budget_text, kroner(budget_text)) if budget_text else None,
        stated_savings_pct=texts.get("savings_pct") or None,
        notes=tuple(part.strip() for part in texts.get("notes", "").splitlines() if part.strip()),
        source=row.source,
        years=years,
        net_source=row.source,
        fte_source=row.source if fte_years else None,
        fte_stated=bool(fte_years),
    )
