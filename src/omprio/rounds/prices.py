"""Price levels: which year's prices amounts are in, an index to move them, and the move itself.

Catalogs and rounds state their price level (``2024-PL``, ``24-PL``, ``2025 p/l``,
``2025-priser``, ``PL 2025``, ``2024``): :func:`price_year` reads the year. Amounts at different
price levels may not be added: every place that adds amounts from several sources calls
:func:`same_level`, which refuses a mix (``mixed-price-levels``) and says how to convert.

A price and wage index (KL's pris- og lønskøn, or the municipality's own) is data the user
imports (:func:`index_from_csv`; omprio ships none). :func:`factor` is the exact factor from one
year's prices to another's: wages and other operating costs are uprated differently, so with
both kinds it is ``w·wages[to]/wages[from] + (1−w)·other[to]/other[from]`` (``w`` the wage
share), with only ``total`` the ratio of that; back to an earlier year it is 1 ÷ the factor
forward. :func:`convert` multiplies amounts by it and
rounds each amount on its own to whole units, half away from zero; :func:`convert_round` and
:func:`convert_catalog` do so for every amount of a round or a catalog. Because each amount is
rounded by itself, a converted total may differ from the sum of its converted rows by up to ½
unit per row (the usual rounding differences of a published table); a round trip
(2024 → 2025 → 2024) brings every whole amount back within 1 unit when the factor is over ⅓.
The format of an index table is in docs/round.md ("Price levels").
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import PurePath

from omprio.i18n import Lang, t
from omprio.model import Catalog, Line, Measure
from omprio.money import NumberRefused, bounded, reads_differently, typed_amount
from omprio.rounds.allocate import as_decimal, whole_units
from omprio.rounds.model import HUNDRED, BudgetRound, PriceIndex
from omprio.rounds.problems import RoundProblem
from omprio.vocabulary.patterns import PRICE_BASE

KINDS: Mapping[str, tuple[str, ...]] = {
    "wages": ("wages", "wage", "løn"),
    "other": ("other", "øvrige"),
    "total": ("total", "i alt"),
}
"""The kinds of an index and the header names (case-insensitive) that name them."""
YEAR_NAMES = ("year", "år")
"""Header names of the year column."""
RATE_MARKS = ("%", "rate", "rates", "sats", "satser", "pct", "pct.")
"""A kind's header followed by one of these (``løn %``, ``wages rate``, ``øvrige (sats)``) holds
yearly rates in percent rather than index levels."""
BASE_LEVEL = Fraction(100)
"""The level a chained index starts at."""
CHAINED_DECIMALS = 6
"""Decimals a chained index level keeps (rounded half away from zero)."""

# The forms PRICE_BASE does not read: ``2025 p/l``, ``P/L 2025``, ``25-priser``; and a bare year.
_MORE = re.compile(
    r"(?<![\d-])(\d{2}|\d{4})\s*[-–]?\s*p\s*/\s*l\b|\bp\s*/\s*l\s*[-–]?\s*(\d{4})\b"
    r"|(?<![\d-])(\d{2})-priser\b",
    re.IGNORECASE,
)
_BARE = re.compile(r"^\s*((?:19|20)\d{2})\s*$")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_RATE = re.compile(r"[\s,]*\(?\s*(?:" + "|".join(re.escape(m) for m in RATE_MARKS) + r")\s*\)?$")


# --- the year of a price level ---------------------------------------------------------------

def _year_at(text: str) -> tuple[int, int, int] | None:
    """(year, start, end) of the year of the first price level ``text`` names."""
    for pattern in (PRICE_BASE, _MORE, _BARE):
        match = pattern.search(text)
        if match is None:
            continue
        group = next(i for i in range(1, pattern.groups + 1) if match.group(i))
        written = match.group(group)
        year = int(written) if len(written) == 4 else 2000 + int(written)
        return year, match.start(group), match.end(group)
    return None


def price_year(text: str | None) -> int | None:
    """The year of the price level ``text`` names (``2024-PL``, ``24-PL``, ``2025 p/l``,
    ``2025-priser``, ``PL 2025`` or a bare ``2024``), or ``None``; two digits are 20xx."""
    if not text:
        return None
    found = _year_at(text)
    return found[0] if found else None


def restate_level(text: str | None, year: int) -> str:
    """``text``'s price level moved to ``year`` in the same notation (``24-PL`` → ``25-PL``,
    ``PL 2024`` → ``PL 2025``); ``2025-PL`` when ``text`` names none."""
    found = _year_at(text) if text else None
    if text is None or found is None:
        return f"{year}-PL"
    _, start, end = found
    written = f"{year % 100:02d}" if end - start == 2 else str(year)
    return text[:start] + written + text[end:]


# --- refusing a mix of price levels ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Levels:
    """Things and their price levels, said in a language (a message parameter)."""

    levels: tuple[tuple[str, int | None], ...]

    def text(self, lang: Lang) -> str:
        """``MSB: 2024-PL, Budget 2025: 2025-PL`` (or ``no price level``)."""
        return ", ".join(f"{name}: {t('round.level', lang, year=year)}" if year is not None
                         else f"{name}: {t('round.no-level', lang)}"
                         for name, year in self.levels)


def same_level(levels: Mapping[str, int | None]) -> int:
    """The one price level (a year) of the things named in ``levels``; a
    :class:`RoundProblem` ``mixed-price-levels`` naming each thing's level (and how to show
    them at one) when they differ or some have none. Every place that adds amounts from
    several sources calls this first. ``levels`` must name something."""
    if not levels:
        raise ValueError("same_level needs at least one thing")
    years = set(levels.values())
    known = [year for year in years if year is not None]
    if len(years) == 1 and known:
        return known[0]
    raise RoundProblem("mixed-price-levels", levels=Levels(tuple(levels.items())),
                       year=max(known) if known else "YYYY")


# --- an index table ----------------------------------------------------------------------------

def _column(cell: str, rates: bool) -> tuple[str | None, bool]:
    """(the kind or ``year`` a header cell names, whether it holds rates)."""
    name = " ".join(cell.casefold().split())
    marked = _RATE.search(name)
    if marked is not None and marked.start() > 0:
        name, rates = name[:marked.start()].strip(), True
    if name in YEAR_NAMES:
        return "year", False
    kind = next((kind for kind, names in KINDS.items() if name in names), None)
    return kind, rates


def index_from_csv(data: bytes, path: str, *, rates: bool = False) -> PriceIndex:
    """The price and wage index of a CSV table (UTF-8, a BOM allowed; fields separated by ``;``
    or ``,``, as the header line uses): a ``year``/``år`` column and one or more kinds
    (``wages``/``løn``, ``other``/``øvrige``, ``total``/``i alt``; any case; other columns are
    ignored), one row per year, no year twice or missing in between (any order). Values are
    index levels, read the Danish way in a ``;`` table (``103,2``) and the English way in a
    ``,`` table (``103.2``); a value whose thousands separator there could be the other
    way's decimal point (``103.245`` in a ``;`` table) is refused. With ``rates=True``, or for
    a kind whose header ends in ``%``, ``rate`` or ``sats`` (``løn %``), they are yearly rates
    in percent (the rise from the year before), chained into an index that is 100 in the year
    before the first row (or in the first row's year, when its rate is left empty), each level
    rounded half away from zero to 6 decimals. Blank lines and lines starting with ``#`` are
    skipped. Every problem is a :class:`RoundProblem` naming the line and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RoundProblem("index-not-utf8", path=path) from None
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise RoundProblem("index-empty", path=path)
    head_line, head = lines[0]
    delimiter = ";" if ";" in head else ","
    lang = "da" if delimiter == ";" else "en"
    header = _fields(head, delimiter, path, head_line)
    columns = [_column(cell, rates) for cell in header]
    names = [name for name, _ in columns]
    if "year" not in names:
        raise RoundProblem("index-no-year", path=path, line=head_line)
    kinds = [i for i, (name, _) in enumerate(columns) if name not in (None, "year")]
    if not kinds:
        raise RoundProblem("index-no-kind", path=path, line=head_line,
                           columns=", ".join(header))
    for i, name in enumerate(names):
        if names.index(name) != i and name is not None:
            raise RoundProblem("index-column-twice", path=path, line=head_line,
                               column=header[i].strip())
    if len(lines) == 1:
        raise RoundProblem("index-empty", path=path)
    year_at = names.index("year")
    rows: dict[int, tuple[int, list[str]]] = {}
    for number, line in lines[1:]:
        fields = _fields(line, delimiter, path, number)
        if len(fields) != len(header):
            raise RoundProblem("index-fields", path=path, line=number, expected=len(header),
                               found=len(fields))
        written = fields[year_at].strip()
        if not _YEAR.match(written):
            raise RoundProblem("index-bad-year", path=path, line=number,
                               column=header[year_at].strip(), value=written)
        year = int(written)
        if year in rows:
            raise RoundProblem("index-year-twice", path=path, line=number, year=year,
                               first=rows[year][0])
        rows[year] = (number, fields)
    order = sorted(rows)
    for before, year in itertools.pairwise(order):
        if year != before + 1:
            raise RoundProblem("index-year-gap", path=path, line=rows[year][0],
                               year=before + 1)
    found: dict[str, dict[int, Decimal]] = {}
    for i in kinds:
        kind, is_rate = columns[i]
        assert kind is not None
        read = _rates if is_rate else _levels
        found[kind] = read([(year, *_cell(rows[year], i)) for year in order],
                           path, header[i].strip(), lang)
    return PriceIndex(PurePath(path).stem, found, path)


def _fields(line: str, delimiter: str, path: str, number: int) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except csv.Error:  # a field over the csv module's limit (128 KiB), a stray quote
        raise RoundProblem("index-unreadable", path=path, line=number) from None


def _cell(row: tuple[int, list[str]], i: int) -> tuple[int, str]:
    number, fields = row
    return number, fields[i].strip()


def _number(text: str, path: str, line: int, column: str, lang: Lang) -> Decimal:
    written = text.removesuffix("%").strip()
    grouping = "." if lang == "da" else ","
    if reads_differently(written) and grouping in written:  # 103.245: 103245 or 103,245?
        raise RoundProblem("index-ambiguous", path=path, line=line, column=column, value=text)
    try:
        return typed_amount(written, lang)
    except NumberRefused as refused:
        raise RoundProblem("index-number", path=path, line=line, column=column, value=text,
                           reason=refused) from None


def _levels(cells: list[tuple[int, int, str]], path: str, column: str,
            lang: Lang) -> dict[int, Decimal]:
    levels: dict[int, Decimal] = {}
    for year, line, text in cells:
        value = _number(text, path, line, column, lang)
        if value <= 0:
            raise RoundProblem("index-not-positive", path=path, line=line, column=column,
                               value=value)
        levels[year] = value
    return levels


def _rates(cells: list[tuple[int, int, str]], path: str, column: str,
           lang: Lang) -> dict[int, Decimal]:
    first_year, _, first_text = cells[0]
    if first_text:
        level, start = BASE_LEVEL, first_year - 1
    else:
        level, start, cells = BASE_LEVEL, first_year, cells[1:]
    levels = {start: as_decimal(level, CHAINED_DECIMALS)}
    for year, line, text in cells:
        rate = _number(text, path, line, column, lang)
        if rate <= -HUNDRED:
            raise RoundProblem("index-bad-rate", path=path, line=line, column=column,
                               value=rate)
        level *= 1 + Fraction(rate) / 100
        try:  # a level past the bounds of an entered number (a rate of 10**12 %) is refused
            levels[year] = bounded(as_decimal(level, CHAINED_DECIMALS))
        except NumberRefused as refused:
            raise RoundProblem("index-number", path=path, line=line, column=column,
                               value=text, reason=refused) from None
    return levels


# --- the factor and the conversion -------------------------------------------------------------

def _ratio(index: PriceIndex, kind: str, from_year: int, to_year: int) -> Fraction:
    values = index.kinds[kind]
    for year in (from_year, to_year):
        if year not in values:
            raise RoundProblem("index-missing-year", year=year, index=index.name or index.source)
        if values[year] <= 0:
            raise RoundProblem("index-zero", year=year, index=index.name or index.source)
    return Fraction(values[to_year]) / Fraction(values[from_year])


def factor(index: PriceIndex, from_year: int, to_year: int, wage_share: Decimal) -> Fraction:
    """The exact factor from ``from_year``'s prices to a later ``to_year``'s: with wages and
    other kinds ``w·wages[to]/wages[from] + (1−w)·other[to]/other[from]`` (``w`` =
    ``wage_share``, 0–1), else with ``total`` ``total[to]/total[from]``. Back to an earlier
    year it is 1 ÷ the factor forward (amounts are deflated by the uprating they were given,
    so a round trip multiplies by exactly 1); 1 from a year to itself. A year the index lacks
    is ``index-missing-year``."""
    if not Decimal(0) <= wage_share <= 1:
        raise RoundProblem("bad-wage-share", value=wage_share * HUNDRED)
    if from_year == to_year:
        return Fraction(1)
    if to_year < from_year:
        return 1 / factor(index, to_year, from_year, wage_share)
    if "wages" in index.kinds and "other" in index.kinds:
        share = Fraction(wage_share)
        return (share * _ratio(index, "wages", from_year, to_year)
                + (1 - share) * _ratio(index, "other", from_year, to_year))
    if "total" in index.kinds:
        return _ratio(index, "total", from_year, to_year)
    raise RoundProblem("index-kinds", index=index.name or index.source)


def convert(amounts: Mapping[int, Decimal], f: Fraction) -> dict[int, Decimal]:
    """Each amount times ``f``, rounded on its own to whole units, half away from zero
    (:func:`~omprio.rounds.allocate.whole_units`); a factor of 1 changes nothing."""
    if f == 1:
        return dict(amounts)
    return {year: Decimal(whole_units(Fraction(value) * f)) for year, value in amounts.items()}


def convert_round(budget_round: BudgetRound, to_level: int,
                  index: PriceIndex | None = None) -> BudgetRound:
    """``budget_round`` at ``to_level``'s prices, with ``index`` (else the round's own) and the
    round's wage share: the requirements' amounts and central parts and the designated
    proposals converted (:func:`convert`: each amount rounded to whole units, half away from
    zero); keys unchanged (a base figure's share does not move with prices); ``price_level``
    set and the index used kept. The same round when it is at ``to_level`` already."""
    if to_level == budget_round.price_level:
        return budget_round
    chosen = index or budget_round.index
    if chosen is None:
        raise RoundProblem("index-none", year=to_level)
    f = factor(chosen, budget_round.price_level, to_level, budget_round.wage_share)
    return replace(
        budget_round, price_level=to_level, index=chosen,
        requirements=tuple(replace(r, amounts=convert(r.amounts, f),
                                   central=convert(r.central, f))
                           for r in budget_round.requirements),
        designated=tuple(replace(d, amounts=convert(d.amounts, f))
                         for d in budget_round.designated))


def _lines(lines: tuple[Line, ...], f: Fraction) -> tuple[Line, ...]:
    return tuple(replace(line, amounts=convert(line.amounts, f)) for line in lines)


def _measure(measure: Measure, f: Fraction, year: int) -> Measure:
    return replace(
        measure, lines=_lines(measure.lines, f), adjustments=_lines(measure.adjustments, f),
        net=convert(measure.net, f),
        subtotals=tuple(replace(subtotal, amounts=convert(subtotal.amounts, f))
                        for subtotal in measure.subtotals),
        price_base=None if measure.price_base is None else restate_level(measure.price_base,
                                                                        year),
        caption=restate_level(measure.caption, year) if price_year(measure.caption)
        else measure.caption)


def convert_catalog(catalog: Catalog, to_level: int, index: PriceIndex,
                    wage_share: Decimal) -> Catalog:
    """``catalog`` at ``to_level``'s prices: every measure's lines, adjustments and net, the
    overview's rows and totals and the target converted (:func:`convert`: each amount rounded
    on its own to whole units, half away from zero, so a total may differ from its converted
    rows by rounding); staff changes and running text unchanged; ``price_base`` (the
    catalog's, and each measure's and caption's) restated in its own notation (``24-PL`` →
    ``25-PL``). A catalog without a price level is ``catalog-no-price-level``; one at
    ``to_level`` already is returned as it is."""
    from_year = price_year(catalog.price_base)
    if from_year is None:
        raise RoundProblem("catalog-no-price-level", catalog=catalog.title)
    if from_year == to_level:
        return catalog
    f = factor(index, from_year, to_level, wage_share)
    return replace(
        catalog, price_base=restate_level(catalog.price_base, to_level),
        measures=tuple(_measure(m, f, to_level) for m in catalog.measures),
        overview=tuple(replace(row, amounts=convert(row.amounts, f)) for row in catalog.overview),
        overview_totals=tuple(replace(total, amounts=convert(total.amounts, f))
                              for total in catalog.overview_totals),
        target=convert(catalog.target, f))
