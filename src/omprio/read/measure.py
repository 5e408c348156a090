"""One measure page: header, title, description, economics table and the fields below it.

The page is the run of lines from a header (``Omprioriteringstiltag 2024-2027  Tema 1A, BFF-1``)
to the next. Parsing never gives up on a page: whatever part cannot be read (no table, a short
row, a cell that is not a number) is reported as a finding located on the page, and the measure is
kept with what could be read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from omprio.findings import Finding, Severity, finding
from omprio.model import AreaBudget, Line, Measure
from omprio.money import Amounts, kroner, sum_by_year
from omprio.read.lines import TextLine, flow, flow_lines, flow_located
from omprio.read.rows import RawRow, RowAssembler
from omprio.vocabulary import patterns as p

_CAPTION_HINTS = re.compile(r"PL|1\.000|onsekvens|ONSEKVENS")  # a quick pre-check of a caption
_MARK_ENDS = frozenset("123456789¹²³*")
_FIELD_INITIALS = frozenset("SsBb*AaNn")  # Sektor, Budget, Besparelse, notes: a quick pre-check
_MAX_LABEL_LINES = 30  # a label wrapped over more lines is not a label: the table has ended


@dataclass(slots=True)
class _Fields:
    """The text fields below the table, collected line by line."""

    sector: list[str] = field(default_factory=list)
    budget_label: str | None = None
    budget: list[str] = field(default_factory=list)
    savings: list[str] | None = None
    notes: list[list[TextLine]] = field(default_factory=list)


def parse_measure(
    header: TextLine,
    match: re.Match[str],
    header_period: str | None,
    body: Sequence[TextLine],
) -> tuple[Measure, list[Finding]]:
    """Read one measure page: the lines after its header up to the next page's header."""
    code = match["code"].upper()
    theme = match["theme"].upper()
    findings: list[Finding] = []

    table_at = _table_start(body)
    head = body[:table_at]
    title_lines, description_lines = _title_and_description(head)
    title = flow_lines(title_lines)
    description, description_source = flow_located([description_lines])

    caption_lines: list[TextLine] = []
    index = table_at
    table_years: list[int] = []
    while index < len(body):
        line = body[index]
        if _ends_table(line):
            break
        found = p.year_header(line.text)
        if found is not None and (caption_lines or index == table_at):
            before, table_years = found
            if before:
                caption_lines.append(line._replace(text=before))
            index += 1
            break
        if caption_lines and len(caption_lines) >= 4:
            break
        caption_lines.append(line)
        index += 1
    caption = flow_lines(caption_lines)

    rows: list[RawRow] = []
    fte_row: RawRow | None = None
    rest_start = len(body)
    if not table_years:
        findings.append(
            finding(
                "table-unreadable",
                Severity.ERROR,
                (caption_lines[0] if caption_lines else header).source,
                key="table-unreadable.no-years" if caption_lines else "table-unreadable.no-table",
                measure=code,
            )
        )
        rest_start = index
    else:
        assembler = RowAssembler(len(table_years))
        rest_start = len(body)
        while index < len(body):
            line = body[index]
            if _ends_table(line) or len(assembler.pending) >= _MAX_LABEL_LINES:
                rest_start = index - len(assembler.pending)
                assembler.take_pending()
                break
            if assembler.pending and _starts_row(line):
                lost = assembler.take_pending()
                rows.append(RawRow(flow_lines(lost), (), lost[0], lost[-1], found=0))
            row = assembler.feed(line)
            index += 1
            if row is None:
                continue
            rows.append(row)
            if p.FTE_LABEL.search(row.label):
                fte_row = row
                rest_start = index
                break
        else:
            pending = assembler.take_pending()
            rest_start = len(body) - len(pending)
        if not rows:
            findings.append(
                finding(
                    "table-unreadable",
                    Severity.ERROR,
                    (caption_lines[0] if caption_lines else header).source,
                    measure=code,
                    key="table-unreadable.no-rows",
                )
            )

    rest = body[rest_start:]
    marks = _footnote_marks(rows, rest)
    fields = _read_fields(rest, marks)

    lines: list[Line] = []
    adjustments: list[Line] = []
    net: Amounts | None = None
    net_source = None
    fte: Amounts = {}
    for row in rows:
        label = _strip_mark(row.label, marks)
        if not row.complete:
            findings.append(_row_finding(row, len(table_years), code))
        amounts = row.amounts(table_years)
        record = Line(label, amounts, row.first.source)
        if row is fte_row:
            fte = amounts
        elif net is None and p.NET_LABEL.search(label) and not p.ADJUSTMENT_LABEL.search(label):
            net, net_source = amounts, row.first.source
        elif net is not None or p.ADJUSTMENT_LABEL.search(label):
            adjustments.append(record)
        else:
            lines.append(record)
    if net is None and fte_row is None and rows:
        findings.append(
            finding(
                "table-unreadable",
                Severity.ERROR,
                rows[-1].last.source,
                measure=code,
                key="table-unreadable.truncated",
            )
        )
    if net is None:
        # No 'Nettoændringer … i alt' row (a frame cut with one line): the net is what the
        # lines leave after the adjustments.
        gross = sum_by_year((line.amounts for line in lines), table_years)
        adjusted = sum_by_year((line.amounts for line in adjustments), table_years)
        net = {year: value - adjusted.get(year, Decimal(0)) for year, value in gross.items()}

    notes = [located for note in fields.notes if (located := flow_located([note]))[0]]
    periods = tuple(x for x in (header_period, p.period_text(caption)) if x)
    budget = None
    if fields.budget_label is not None:
        text = flow(fields.budget)
        budget = AreaBudget(text, kroner(text), fields.budget_label)
    measure = Measure(
        code=code,
        theme=theme,
        title=title,
        description=description,
        lines=tuple(lines),
        adjustments=tuple(adjustments),
        net=net,
        fte=fte,
        sector=(flow(fields.sector).rstrip(".").strip() or None) if fields.sector else None,
        area_budget=budget,
        stated_savings_pct=(flow(fields.savings) or None) if fields.savings is not None else None,
        notes=tuple(text for text, _ in notes),
        source=header.source,
        caption=caption,
        periods=periods,
        years=tuple(table_years),
        price_base=p.price_base(caption),
        unit=p.unit(caption),
        net_source=net_source,
        fte_source=fte_row.first.source if fte_row is not None else None,
        fte_stated=fte_row is not None,
        description_source=description_source,
        note_sources=tuple(where for _, where in notes),
    )
    return measure, findings


def _table_start(body: Sequence[TextLine]) -> int:
    """Index of the table caption (or of the year header if there is no caption).

    A page without a table ends its description at the first field below the table
    ('Sektor:', 'Budget for området:', 'Besparelse i %:'), so those are never read as text.
    """
    for index, line in enumerate(body):
        text = line.text
        if _CAPTION_HINTS.search(text) and p.TABLE_CAPTION.search(text):
            return index
        if text[-1].isdigit():
            found = p.year_header(text)
            if found is not None and not found[0] and len(found[1]) > 1:
                return index
        if text[0] in _FIELD_INITIALS and _ends_table(line) and not p.NOTE_START.match(text):
            return index
    return len(body)


def _title_and_description(head: Sequence[TextLine]) -> tuple[list[TextLine], list[TextLine]]:
    for index, line in enumerate(head):
        if p.DESCRIPTION_HEADING.match(line.text):
            return list(head[:index]), list(head[index + 1 :])
    return list(head[:1]), list(head[1:])


def _starts_row(line: TextLine) -> bool:
    return bool(p.FTE_LABEL.search(line.text) or re.match(r"^Netto", line.text, re.IGNORECASE))


def _ends_table(line: TextLine) -> bool:
    text = line.text
    return bool(
        p.SECTOR.match(text)
        or p.AREA_BUDGET.match(text)
        or p.SAVINGS_PCT.match(text)
        or p.NOTE_START.match(text)
    )


def _footnote_marks(rows: Sequence[RawRow], rest: Sequence[TextLine]) -> set[str]:
    """Footnote marks used in row labels ('i alt1', 'råderum*') that a later line explains."""
    marks: set[str] = set()
    starts = {line.text.split(" ", 1)[0] for line in rest}
    for row in rows:
        if not row.label or row.label[-1] not in _MARK_ENDS:
            continue
        match = p.FOOTNOTE_MARK.search(row.label)
        if match is None:
            continue
        mark = match["mark"] or match["star"]
        if mark.startswith("*") or mark in starts:
            marks.add(mark)
    return marks


def _strip_mark(label: str, marks: set[str]) -> str:
    if not label or label[-1] not in _MARK_ENDS:
        return label
    match = p.FOOTNOTE_MARK.search(label)
    if match is None:
        return label
    mark = match["mark"] or match["star"]
    return label[: match.start()].rstrip() if mark in marks or mark.startswith("*") else label


def _read_fields(rest: Sequence[TextLine], marks: set[str]) -> _Fields:
    fields = _Fields()
    current: list[str] | None = None
    note: list[TextLine] | None = None
    for line in rest:
        text = line.text
        first = text.split(" ", 1)[0]
        if match := p.SECTOR.match(text):
            current = fields.sector = [match["text"]]
            note = None
        elif match := p.AREA_BUDGET.match(text):
            fields.budget_label = match["label"].strip()
            current = fields.budget = [match["text"]]
            note = None
        elif match := p.SAVINGS_PCT.match(text):
            current, note = [match["text"]], None
            fields.savings = current
        elif (
            p.NOTE_START.match(text)
            or (first in marks and len(text) > len(first))
            or current is None
        ):
            current, note = [], [line]
            fields.notes.append(note)
        elif note is not None:
            note.append(line)
        else:
            current.append(text)
    return fields


def _row_finding(row: RawRow, years: int, code: str) -> Finding:
    if row.bad_cells:
        return finding(
            "table-cell",
            Severity.ERROR,
            row.last.source,
            measure=code,
            label=row.label,
            cell=row.bad_cells[0],
        )
    return finding(
        "table-row",
        Severity.ERROR,
        row.last.source,
        measure=code,
        label=row.label or "?",
        found=row.found or 0,
        expected=years,
    )
