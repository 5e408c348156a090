"""The list shape: one row per measure under a year header, in groups with subtotal rows.

::

    Alle beløb i 1.000 kr. (2025-priser).                      <- the unit statement
    Nr.    Forslag                 2025   2026   2027   2028   Årsværk   <- the header
    Beskæftigelse                                               <- a group heading
    FB-01  Tilpasning af …         -500  -1.000 -1.000 -1.000   -2,0    <- a measure
    FB-03  Samling af …               –    -600   -900 -1.200   -3,0    <- a dash is 0
    I alt beskæftigelse          -1.250  -2.350 …                <- the group's subtotal
    I alt                        -1.700  -3.500 …                <- the grand total

Each row becomes a measure (one line, its net, its staff in the period's last year: the
column states the full effect), an overview row under its group's theme, and each subtotal an
overview total of that theme (the grand total: of every row), so the ``section-total`` and
``overview-mismatch`` checks see them. A row with other than one cell per column is a finding
naming the row; its amounts are never shifted into other years. Which words mean what is the
layout's :class:`~omprio.vocabulary.layouts.Profile`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from omprio import titles
from omprio.findings import Finding
from omprio.model import Catalog, Line, Measure, OverviewRow, OverviewTotal, Source, Theme
from omprio.read.layouts.front import front_of
from omprio.read.layouts.table import (
    Header,
    read_header,
    row_finding,
    scaled,
    split_cells,
    trailing_cells,
    unit_findings,
)
from omprio.read.lines import TextLine, flow
from omprio.read.rows import Split
from omprio.read_error import ReadError
from omprio.vocabulary import layouts as v


@dataclass(slots=True)
class _Row:
    code: str
    title: list[str]
    amounts: dict[int, Decimal]
    fte: Decimal | None
    theme: str
    group: str | None
    first: TextLine
    last: TextLine
    header: Header


@dataclass(slots=True)
class _List:
    rows: list[_Row] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    totals: list[OverviewTotal] = field(default_factory=list)
    headers: list[Header] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    codes: dict[int, str | None] = field(default_factory=dict)


def read_list(
    lines: Sequence[TextLine], path: str, profile: v.Profile
) -> tuple[Catalog, list[Finding]]:
    """A catalog of the rows of the list in ``lines``."""
    words = profile.table
    assert words is not None and profile.code is not None
    first_header = next(
        (i for i, line in enumerate(lines) if read_header(line, words) is not None), None
    )
    if first_header is None:
        raise ReadError(path, "read.not_catalog")
    front_end = first_header
    stated: tuple[str, Decimal] | None = None
    for index, line in enumerate(lines[:first_header]):
        if profile.unit_statement is not None and profile.unit_statement.match(line.text):
            front_end = min(front_end, index)
            found = v.units(line.text)
            if found:
                stated = found[0]
    price = next(
        (v.price_base(line.text) for line in lines[:first_header] if v.price_base(line.text)),
        None,
    )
    read = _read_rows(lines[first_header:], profile, stated)
    read.findings.extend(unit_findings(read.headers, stated, read.codes))
    front = front_of(lines[:front_end])
    years = read.headers[0].years
    measures = tuple(_measure(row, years, price) for row in read.rows)
    overview = tuple(
        OverviewRow(None, row.theme or None, flow(row.title), row.code, row.amounts,
                    row.first.source)
        for row in read.rows
    )
    grand = [total for total in read.totals if total.theme is None]
    catalog = Catalog(
        title=front.title,
        organisation=front.organisation,
        department=front.department,
        date=front.date,
        years=years,
        price_base=read.headers[0].price_base or price,
        unit=v.CATALOG_UNIT,
        introduction=front.introduction,
        themes=tuple(read.themes),
        measures=measures,
        overview=overview,
        overview_totals=tuple(read.totals),
        source=Source(path, lines[0].number, lines[0].page),
        stated_period=front.period,
        target=dict(grand[-1].amounts) if grand else {},
    )
    return catalog, read.findings


def _measure(row: _Row, years: tuple[int, ...], price: str | None) -> Measure:
    title = flow(row.title)
    fte = {row.header.years[-1]: row.fte} if row.fte is not None else {}
    return Measure(
        code=row.code,
        theme=row.theme,
        title=title,
        description="",
        lines=(Line(title, row.amounts, row.first.source, row.group),),
        adjustments=(),
        net=row.amounts,
        fte=fte,
        sector=None,
        area_budget=None,
        stated_savings_pct=None,
        notes=(),
        source=row.first.source,
        caption=row.header.before,
        years=row.header.years,
        price_base=row.header.price_base or price,
        unit=v.CATALOG_UNIT,
        net_source=row.last.source,
        fte_source=row.last.source if row.fte is not None else None,
        fte_stated=row.header.fte_at is not None,
    )


def _read_rows(
    lines: Sequence[TextLine], profile: v.Profile, stated: tuple[str, Decimal] | None
) -> _List:
    words = profile.table
    code_pattern = profile.code
    assert words is not None and code_pattern is not None
    named = _subtotal_names(lines, words)
    result = _List()
    header: Header | None = None
    theme = ""
    group: str | None = None
    heading: list[TextLine] = []  # a group heading's lines, until its first row
    pending: TextLine | None = None  # a code line whose amounts are on the next line
    previous = "header"  # what the last line was: header, heading, row, total
    for number, line in enumerate(lines):
        found = read_header(line, words)
        if found is not None:
            header = found
            result.headers.append(found)
            previous = "header"
            continue
        if profile.unit_statement is not None and profile.unit_statement.match(line.text):
            units = v.units(line.text)
            stated = units[0] if units else stated
            continue
        assert header is not None
        factor = header.factor if header.unit else (stated[1] if stated else None)
        code = code_pattern.match(line.text)
        text = line.text
        if pending is not None and code is None:
            text = f"{pending.text} {text}"
            code = code_pattern.match(text)
        total = _total_label(text, words) if code is None else None
        split = split_cells(text, header.columns, fewer=len(header.years) if total is not None
                            else None)
        if not split.has_amounts and total is None:
            if code is not None and pending is None:
                pending = line
                continue
            if pending is not None:  # a code line and a line of text: no amounts at all
                _row(result, header, factor, pending, line, split, code, theme, group)
                pending = None
                previous = "row"
                continue
            nxt = lines[number + 1].text if number + 1 < len(lines) else ""
            if previous == "row" and not _is_heading(text, named, nxt, code_pattern):
                result.rows[-1].title.append(text)
                result.rows[-1].last = line
                continue
            if previous == "heading":
                heading.append(line)
            else:
                heading = [line]
            group = flow(x.text for x in heading)
            if previous == "heading" and result.themes:
                result.themes[-1] = Theme(result.themes[-1].code, group, None)
            else:
                theme = str(len(result.themes) + 1)
                result.themes.append(Theme(theme, group, None))
            previous = "heading"
            continue
        first = pending or line
        pending = None
        if total is not None:
            split = _total_split(text, split, header, words, group)
            label = split.label or text
            amounts = _cells(split, header, label, line, None, result)
            amounts = scaled(amounts, factor)
            of_group = total != "" and group is not None
            result.totals.append(OverviewTotal(
                label, None, theme if of_group else None, amounts, first.source
            ))
            previous = "total"
            continue
        _row(result, header, factor, first, line, split, code, theme, group)
        previous = "row"
    if pending is not None and header is not None:
        _row(result, header, None, pending, pending, Split(pending.text), code_pattern.match(
            pending.text), theme, group)
    used = {row.theme for row in result.rows} | {total.theme for total in result.totals}
    result.themes = [theme for theme in result.themes if theme.code in used]  # not a note
    return result


def _row(result: _List, header: Header, factor: Decimal | None, first: TextLine,
         line: TextLine, split: Split, code: re.Match[str] | None, theme: str,
         group: str | None) -> None:
    label = split.label
    measure_code = code["code"] if code is not None else "?"
    title = label[len(measure_code):].strip() if code is not None else label
    cells = _cells(split, header, label, line, measure_code, result)
    fte = None
    if header.fte_at is not None and split.cells and not split.bad_cells:
        fte = split.cells[len(header.years) + header.fte_at]
    result.codes.setdefault(header.line.number, measure_code)
    result.rows.append(
        _Row(measure_code, [title], scaled(cells, factor), fte, theme, group, first, line,
             header)
    )


def _cells(split: Split, header: Header, label: str, line: TextLine, code: str | None,
           result: _List) -> dict[int, Decimal]:
    """The amounts of a row by year; a row that is not one cell per column is a finding and
    keeps only what is certain: nothing of a short row, the readable cells of a full one."""
    if not split.cells or any(cell is None for cell in split.cells) or len(header.units_named) > 1:
        if not split.cells or any(cell is None for cell in split.cells):
            result.findings.append(row_finding(split, label, line, code, header))
        if len(header.units_named) > 1:
            return {}
    return {
        year: cell
        for year, cell in zip(header.years, split.cells, strict=False)
        if cell is not None
    }


def _total_split(text: str, split: Split, header: Header, words: v.TableWords,
                 group: str | None) -> Split:
    """A total row's cells: a total that names its group with a number at the end ('I alt
    område 2' for the heading 'Område 2') keeps that number in its label rather than as the
    first year's amount, even where the row might also have filled the staff column."""
    if not header.extras or group is None or len(split.cells) != header.columns:
        return split
    years_only = split_cells(text, len(header.years))
    if not years_only.cells:
        return split
    match = words.subtotal.match(years_only.label)
    if match is not None and titles.normalized(match["group"]) == titles.normalized(group):
        return years_only
    return split


def _total_label(text: str, words: v.TableWords) -> str | None:
    """For a total row's label: the group it names ('' for the grand total), else None."""
    label = " ".join(t for t in text.split(" ") if not _cellish(t))
    if words.total.match(label):
        return ""
    match = words.subtotal.match(label)
    return match["group"] if match is not None else None


def _cellish(token: str) -> bool:
    return trailing_cells(token) == 1


def _subtotal_names(lines: Sequence[TextLine], words: v.TableWords) -> set[str]:
    names = set()
    for line in lines:
        group = _total_label(line.text, words)
        if group:
            names.add(titles.normalized(group))
    return names


def _is_heading(text: str, named: set[str], following: str, code: re.Pattern[str]) -> bool:
    """After a row, a line of text is a group heading (not the row's title wrapped) when a
    subtotal names it, or it starts with a capital and a row follows it."""
    if titles.normalized(text) in named:
        return True
    return text[:1].isupper() and bool(code.match(following))
