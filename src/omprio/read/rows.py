"""Table rows: split a line into its label and its amounts, one per year column.

Used for both the measure tables and the overview. A label may be wrapped over several lines
before the line that carries the amounts; :class:`RowAssembler` collects those pieces. A row with
too few amounts (a truncated table) or a cell that is not a number is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from omprio.money import ZERO, is_dash, parse_danish
from omprio.read.lines import TextLine, flow


@dataclass(frozen=True, slots=True)
class Split:
    """A line split into label text and cells.

    ``cells`` holds one value per year column (``None`` for a cell that is not a number) when the
    line carries a row's amounts, and is empty for a line of label text only. ``found`` counts the
    amounts on a line that has some, but not one per year.
    """

    label: str
    cells: tuple[Decimal | None, ...] = ()
    bad_cells: tuple[str, ...] = ()
    found: int = 0

    @property
    def has_amounts(self) -> bool:
        """True when the line ends a row (complete, or reported as broken)."""
        return bool(self.cells) or self.found > 0


def _is_cell(token: str) -> bool:
    return parse_danish(token) is not None or is_dash(token)


def _looks_like_bad_cell(token: str) -> bool:
    """A token that stands where a number should be: short, and digits mixed with letters."""
    if len(token) > 10:
        return False
    has_digit = any(ch.isdigit() for ch in token)
    return has_digit or token.lower() in {"x", "?", "n/a", "na", "nan", "#værdi!", "#value!"}


def split_row(line: str, years: int) -> Split:
    """Split ``line`` into a label and ``years`` cells, read from the right."""
    tokens = line.split(" ")
    run = 0
    for token in reversed(tokens):
        if not _is_cell(token):
            break
        run += 1
    numeric_run = run and not all(is_dash(t) for t in tokens[len(tokens) - run :])
    if numeric_run and run > years:
        merged = merge_spaced_thousands(tokens[len(tokens) - run :])
        if len(merged) == years:
            cells = tuple(_value(t) for t in merged)
            return Split(" ".join(tokens[: len(tokens) - run]), cells)
    if numeric_run and run >= years:
        cut = len(tokens) - years
        cells = tuple(_value(t) for t in tokens[cut:])
        return Split(" ".join(tokens[:cut]), cells)
    # A run shorter than the table: perhaps a cell is not a number ("-1.OOO", "x").
    if years > 1:
        tail = tokens[-years:] if len(tokens) >= years else tokens
        numbers = sum(1 for t in tail if _is_cell(t) and not is_dash(t))
        bad = [t for t in tail if not _is_cell(t)]
        one_odd_cell = years >= 3 and numbers == years - 1 and len(bad) == 1 and len(bad[0]) <= 12
        odd_cells = (
            numbers >= max(1, years // 2)
            and all(_looks_like_bad_cell(t) for t in bad)
            and (_is_cell(tail[-1]) or _looks_like_bad_cell(tail[-1]))
        )
        if len(tail) == years and bad and (one_odd_cell or odd_cells):
            partial = tuple(_value(t) if _is_cell(t) else None for t in tail)
            return Split(" ".join(tokens[:-years]), partial, bad_cells=tuple(bad))
    if numeric_run:
        last = tokens[-1]
        plain_integer = last.isdigit() and run == 1
        if run >= 2 or not plain_integer:
            return Split(" ".join(tokens[: len(tokens) - run]), (), found=run)
    return Split(line)


_THREE_DIGITS = re.compile(r"^\d{3}(?:,\d+)?$")
_LEADING_GROUP = re.compile(r"^[+\u2212\u2013-]?\d{1,3}$")


def merge_spaced_thousands(run: list[str]) -> list[str]:
    """Cells written with a space as thousands separator (``-1 000``) joined back together."""
    merged: list[str] = []
    for token in run:
        if (
            merged
            and _THREE_DIGITS.match(token)
            and _LEADING_GROUP.match(merged[-1].replace(".", ""))
        ):
            merged[-1] = f"{merged[-1]}.{token}"
        else:
            merged.append(token)
    return merged


def _value(token: str) -> Decimal:
    if is_dash(token):
        return ZERO
    value = parse_danish(token)
    assert value is not None
    return value


@dataclass(slots=True)
class RawRow:
    """A table row as read: label, one cell per year (``None`` if unreadable), where it starts."""

    label: str
    cells: tuple[Decimal | None, ...]
    first: TextLine
    last: TextLine
    bad_cells: tuple[str, ...] = ()
    found: int | None = None

    @property
    def complete(self) -> bool:
        """True when every year has a number."""
        return self.found is None and all(cell is not None for cell in self.cells)

    def amounts(self, years: Sequence[int]) -> dict[int, Decimal]:
        """The readable cells keyed by year."""
        return {
            year: cell for year, cell in zip(years, self.cells, strict=False) if cell is not None
        }


@dataclass(slots=True)
class RowAssembler:
    """Collects wrapped label lines until a line with amounts completes a row."""

    years: int
    pending: list[TextLine] = field(default_factory=list)

    def feed(self, line: TextLine) -> RawRow | None:
        """Add a line; return the row it completes, if any."""
        split = split_row(line.text, self.years)
        if not split.has_amounts:
            self.pending.append(line)
            return None
        pieces = [p.text for p in self.pending]
        if split.label:
            pieces.append(split.label)
        first = self.pending[0] if self.pending else line
        self.pending = []
        row = RawRow(flow(pieces), split.cells, first, line, split.bad_cells)
        if not split.cells:
            row.found = split.found
        return row

    def take_pending(self) -> list[TextLine]:
        """The label lines collected so far without amounts (and forget them)."""
        pending, self.pending = self.pending, []
        return pending
