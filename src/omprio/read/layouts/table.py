"""What every layout's tables share: the year header, cells of a row, units and their conversion.

These work on :class:`~omprio.read.lines.TextLine` values and on a row's cells (the tokens at
the end of a line), never on how a document spelled its text: a Word table handed over as one
line per row reads the same. Amounts are converted exactly (``Decimal``) to the catalog's unit
(``1.000 kr.``); staff (årsværk) is never converted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from omprio.findings import Finding, Severity, finding
from omprio.money import is_dash, parse_danish
from omprio.read.lines import TextLine
from omprio.read.rows import Split
from omprio.read.rows import merge_spaced_thousands as _merge_spaced_thousands
from omprio.vocabulary import layouts as v
from omprio.vocabulary import patterns as p

_MOST_EXTRA_COLUMNS = 3


@dataclass(frozen=True, slots=True)
class Header:
    """A table's year header: the text before the years, the years, the columns after them.

    ``unit`` and ``factor`` are the unit the header (or the statement above the table) names and
    what one of it is in 1.000 kr.; ``fte_at`` is the index among ``extras`` of the staff
    column, if any.
    """

    before: str
    years: tuple[int, ...]
    extras: tuple[str, ...]
    line: TextLine
    unit: str | None = None
    factor: Decimal | None = None
    price_base: str | None = None
    fte_at: int | None = None
    units_named: tuple[str, ...] = ()

    @property
    def columns(self) -> int:
        """The number of cells of a full row: one per year and one per extra column."""
        return len(self.years) + len(self.extras)


def read_header(line: TextLine, words: v.TableWords) -> Header | None:
    """The year header on ``line`` (a run of consecutive years, then at most a few column
    names), or ``None``. One year alone counts only with a unit or price level before it."""
    tokens = line.text.split(" ")
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        if p.YEAR.match(tokens[index]):
            end = index + 1
            while (
                end < len(tokens)
                and p.YEAR.match(tokens[end])
                and int(tokens[end]) == int(tokens[end - 1]) + 1
            ):
                end += 1
            runs.append((index, end))
            index = end
        else:
            index += 1
    if not runs:
        return None
    start, end = max(runs, key=lambda run: (run[1] - run[0], run[0]))
    years = tuple(int(token) for token in tokens[start:end])
    extras = _columns(tokens[end:])
    if len(extras) > _MOST_EXTRA_COLUMNS or any(_is_cell(token) for token in extras):
        return None
    before = " ".join(tokens[:start])
    found = v.units(before)
    if len(years) < 2 and (extras or (not found and v.price_base(before) is None)):
        return None  # one year: a price level ('2025 p/l'), unless the line ends with it
    fte_at = None
    if words.fte_column is not None:
        fte_at = next((i for i, x in enumerate(extras) if words.fte_column.match(x)), None)
    return Header(
        before=before,
        years=years,
        extras=extras,
        line=line,
        unit=found[0][0] if len(found) == 1 else None,
        factor=found[0][1] if len(found) == 1 else None,
        price_base=v.price_base(before),
        fte_at=fte_at,
        units_named=tuple(unit for unit, _ in found),
    )


def _columns(tokens: list[str]) -> tuple[str, ...]:
    """Column names after the years: a part in parentheses belongs to the name before it
    ('Årsværk (fuldt indfaset)'), and 'I alt' is one name."""
    names: list[str] = []
    open_paren = False
    for token in tokens:
        if names and (open_paren or token.startswith("(") or (
            names[-1].lower() == "i" and token.lower() == "alt"
        )):
            names[-1] = f"{names[-1]} {token}"
        else:
            names.append(token)
        open_paren = (open_paren or token.startswith("(")) and not token.endswith(")")
    return tuple(names)


def with_unit_from(header: Header, lines: Sequence[TextLine]) -> Header:
    """``header`` with the unit and price level of the caption ``lines`` above it, where the
    header line itself names none ('Tabel 1. … (1.000 kr., 2025 p/l)' / 'Styringsområde 2025
    …')."""
    if header.units_named and header.price_base:
        return header
    text = " ".join(line.text for line in lines)
    found = v.units(text) if not header.units_named else []
    return replace(
        header,
        unit=found[0][0] if len(found) == 1 else header.unit,
        factor=found[0][1] if len(found) == 1 else header.factor,
        units_named=tuple(unit for unit, _ in found) or header.units_named,
        price_base=header.price_base or v.price_base(text),
    )


def _is_cell(token: str) -> bool:
    return parse_danish(token) is not None or is_dash(token)


def trailing_cells(text: str) -> int:
    """How many tokens at the end of ``text`` are cells (numbers or dashes)."""
    run = 0
    for token in reversed(text.split(" ")):
        if not _is_cell(token):
            break
        run += 1
    return run


def split_cells(text: str, columns: int, *, fewer: int | None = None) -> Split:
    """``text`` split into a label and ``columns`` cells, read from the right; a row with
    exactly ``fewer`` cells (a total row without the staff column) is split into those.

    A row with fewer cells, or more (unless what is left over is a small whole number ending the
    label: 'team 2'), comes back with ``found`` set and no cells, for a finding; one whose
    last ``columns`` tokens are cells except some that stand where a number should (``x``,
    ``-1.OOO``, ``n/a``) comes back with those cells ``None`` and ``bad_cells`` set. A word of
    the label is never taken for a bad cell: it must hold a digit or be a known placeholder.
    """
    tokens = text.split(" ")
    run = trailing_cells(text)
    if fewer is not None and run == fewer:
        columns = fewer
    if run > columns and all(is_dash(t) for t in tokens[len(tokens) - run : -columns]):
        # Dashes before a full row of cells: empty text cells (Word writes '-' for an empty
        # cell between others, such as a subtotal's Styringsområde), not amounts.
        cut = len(tokens) - columns
        label = " ".join(t for t in tokens[:cut] if not is_dash(t))
        return Split(label, tuple(_value(t) for t in tokens[cut:]))
    if run > columns:
        merged = _merge_spaced_thousands(tokens[len(tokens) - run :])
        if len(merged) == columns:  # '-1 200' written with a space for thousands
            return Split(" ".join(tokens[: len(tokens) - run]), tuple(_value(t) for t in merged))
    if run >= columns:
        cut = len(tokens) - columns
        if all(_SMALL_NUMBER.match(t) for t in tokens[len(tokens) - run : cut]):
            return Split(" ".join(tokens[:cut]), tuple(_value(t) for t in tokens[cut:]))
        # More amounts than columns (a column the header does not name): never guessed.
        return Split(" ".join(tokens[: len(tokens) - run]), (), found=run)
    if len(tokens) > columns:
        tail = tokens[-columns:]
        bad = [t for t in tail if not _is_cell(t)]
        if bad and len(bad) < columns and all(_looks_bad(t) for t in bad):
            cells = tuple(_value(t) if _is_cell(t) else None for t in tail)
            return Split(" ".join(tokens[:-columns]), cells, bad_cells=tuple(bad))
    if run == 1 and columns > 1 and len(tokens) > 1 and _SMALL_NUMBER.match(tokens[-1]):
        return Split(text)  # a heading or label that ends in a number ('Område 2')
    if run:
        return Split(" ".join(tokens[: len(tokens) - run]), (), found=run)
    return Split(text)


_SMALL_NUMBER = re.compile(r"^\d{1,2}$")  # a number ending a label ('team 2'), not an amount
_PLACEHOLDERS = frozenset({"x", "?", "n/a", "na", "nan", "#værdi!", "#value!", "#ref!", "#div/0!"})


def _looks_bad(token: str) -> bool:
    """A token that stands where a number should be: short, with a digit, or a placeholder."""
    if len(token) > 12:
        return False
    return any(ch.isdigit() for ch in token) or token.lower() in _PLACEHOLDERS


def _value(token: str) -> Decimal:
    if is_dash(token):
        return Decimal(0)
    value = parse_danish(token)
    assert value is not None
    return value


def scaled(amounts: dict[int, Decimal], factor: Decimal | None) -> dict[int, Decimal]:
    """``amounts`` in 1.000 kr., exactly (``factor`` is what one unit is in 1.000 kr.)."""
    if factor is None or factor == 1:
        return amounts
    return {year: _plain(value * factor) for year, value in amounts.items()}


def _plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros after the point (``-1250.00`` is ``-1250``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def row_finding(split: Split, label: str, line: TextLine, code: str | None,
                header: Header) -> Finding:
    """The finding of a row that is not one cell per column: which row, and what it has."""
    if split.bad_cells:
        return finding(
            "table-cell", Severity.ERROR, line.source, measure=code, label=label,
            cell=split.bad_cells[0],
        )
    if header.extras:
        return finding(
            "table-row", Severity.ERROR, line.source, key="table-row.columns", measure=code,
            label=label or "?", found=split.found, expected=header.columns,
            years=len(header.years), extra=", ".join(header.extras),
        )
    return finding(
        "table-row", Severity.ERROR, line.source, measure=code, label=label or "?",
        found=split.found, expected=len(header.years),
    )


def unit_findings(headers: Sequence[Header], stated: tuple[str, Decimal] | None,
                  code_of: dict[int, str | None]) -> list[Finding]:
    """Findings on the units of a document's tables: a table naming two units (not read), a
    table in a unit other than the rest (converted, but worth a look), no unit anywhere."""
    findings: list[Finding] = []
    main = stated[0] if stated else None
    if main is None:
        counted = [h.unit for h in headers if h.unit]
        main = max(set(counted), key=counted.count) if counted else None
    for header in headers:
        code = code_of.get(header.line.number)
        if len(header.units_named) > 1:
            findings.append(finding(
                "layout-unit", Severity.ERROR, header.line.source, key="layout-unit.ambiguous",
                measure=code, units=" / ".join(header.units_named),
            ))
        elif header.unit and main and header.unit != main:
            findings.append(finding(
                "layout-unit", Severity.WARNING, header.line.source, key="layout-unit.mixed",
                measure=code, stated=header.unit, other=main, unit=v.CATALOG_UNIT,
            ))
        elif header.unit is None and main is None:
            findings.append(finding(
                "layout-unit", Severity.WARNING, header.line.source, key="layout-unit.missing",
                measure=code, unit=v.CATALOG_UNIT,
            ))
    return findings


# -- rows an extractor wrapped ------------------------------------------------------------------


def unwrap(lines: Sequence[TextLine], words: v.TableWords) -> list[TextLine]:
    """``lines`` with table lines that an extractor wrapped joined again: a year header whose
    last years (or staff column) went to the next line, a row whose last cells did
    (``-1.200 -2.400 -`` / ``2.400 -2.400``: a lone hyphen before a number is its sign).

    A line is joined only onto a header or a row with fewer cells than the header has columns,
    only when it is nothing but cells (or years and column names), and only as long as the row
    does not get more cells than columns; everything else stays as it is.
    """
    result: list[TextLine] = []
    header: Header | None = None
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        found = read_header(line, words)
        if found is not None:
            while index + 1 < count and _continues_header(found, lines[index + 1].text, words):
                index += 1
                line = line._replace(text=f"{line.text} {lines[index].text}")
                found = read_header(line, words) or found
            header = found
            result.append(line)
            index += 1
            continue
        if header is not None:
            while index + 1 < count:
                joined = _joined_row(line.text, lines[index + 1].text, header.columns)
                if joined is None:
                    break
                line = line._replace(text=joined)
                index += 1
        result.append(line)
        index += 1
    return result


def _continues_header(header: Header, text: str, words: v.TableWords) -> bool:
    tokens = text.split(" ")
    if len(tokens) == 1 and words.fte_column is not None and words.fte_column.match(text):
        return not header.extras
    if header.extras or not p.YEAR.match(tokens[0]) or int(tokens[0]) != header.years[-1] + 1:
        return False
    rest = [t for t in tokens if not p.YEAR.match(t)]
    return len(rest) <= _MOST_EXTRA_COLUMNS and not any(_is_cell(t) for t in rest)


def _joined_row(text: str, following: str, columns: int) -> str | None:
    """``text`` with ``following`` joined on, when that is how a wrapped row goes on."""
    parts = following.split(" ")
    if not all(_is_cell(t) for t in parts):
        return None
    sign = text.endswith(" -") and parts[0][:1].isdigit()
    have = trailing_cells(text) - (1 if sign else 0)
    if have < 1 and not sign:
        return None
    if have + len(parts) > columns:
        return None
    return f"{text}{following}" if sign else f"{text} {following}"
