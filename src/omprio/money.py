"""Every number in omprio is built here: exact ``Decimal`` values, never ``float``.

Catalogs write numbers the Danish way: ``-1.000`` is minus one thousand, ``10,5`` is ten and a
half, ``+2`` is two, and typesetters often use a typographic minus (``−``) or an en dash (``–``)
for the sign. :func:`parse_danish` turns such a token into a ``Decimal`` and refuses anything that
is not unambiguously a number (``13.59`` is neither ``13,59`` nor ``13.590``). Amounts named in
running text (``4,365 mio. kr.``, ``525.802 kr.``) are turned into kroner by :func:`kroner`.

Formatting numbers for people lives in :mod:`omprio.display`, apart from arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache

ZERO = Decimal(0)

Amounts = Mapping[int, Decimal]
"""Amounts by budget year, e.g. ``{2024: Decimal('-1000'), ...}``."""

# Signs seen in catalogs: hyphen-minus, typographic minus, en dash; plus.
_MINUS = "\u2212\u2013-"  # hyphen last: in a character class it must not form a range
_NUMBER = re.compile(
    rf"""^(?P<open>\()?
        (?P<sign>[+{_MINUS}])?
        (?P<int>\d{{1,3}}(?:\.\d{{3}})+|\d+)
        (?:,(?P<frac>\d+))?
        (?(open)\))$""",
    re.VERBOSE,
)


def amount(value: int | str | Decimal) -> Decimal:
    """An exact amount from an int, a plain decimal string (``"-10.5"``) or a Decimal."""
    if isinstance(value, bool):
        raise TypeError("a bool is not an amount")
    if isinstance(value, float):
        raise TypeError("floats are never amounts; pass a str or Decimal")
    try:
        result = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


@lru_cache(maxsize=8192)
def parse_danish(token: str) -> Decimal | None:
    """The value of one Danish-formatted number token, or ``None`` if it is not one.

    Accepts ``-1.000``, ``−1.000``, ``–1.000``, ``+2``, ``10,5``, ``0``, ``1.234,5`` and the
    accounting form ``(1.000)`` for a negative number.
    """
    match = _NUMBER.match(token.strip())
    if match is None:
        return None
    digits = match["int"].replace(".", "")
    if match["frac"]:
        digits += "." + match["frac"]
    value = Decimal(digits)
    negative = match["open"] is not None or (match["sign"] is not None and match["sign"] in _MINUS)
    return -value if negative else value


def is_dash(token: str) -> bool:
    """A lone dash, which Danish tables use for 'nothing' (zero) in a cell."""
    return token in {"-", "\u2212", "\u2013", "\u2014"}


_SCALE = {
    "mia": Decimal(1_000_000_000),
    "mio": Decimal(1_000_000),
    "t": Decimal(1_000),
    "": Decimal(1),
}

# A number followed by a unit of kroner: "4,365 mio. kr.", "78 mio.", "375 t.kr.", "525.802 kr."
KRONER = re.compile(
    r"(?<![\w§.,])(?P<number>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*"
    r"(?:(?P<scale>mia|mio)\.?(?:\s*kr\.?)?|(?P<tkr>t\.?\s?kr|tkr)\.?|(?P<kr>kr)\.?)(?!\w)",
    re.IGNORECASE,
)


def kroner_from_match(match: re.Match[str]) -> tuple[Decimal, Decimal]:
    """(value in kroner, precision in kroner) of a :data:`KRONER` match.

    The precision is half a unit of the last digit written: ``4,365 mio.`` is exact to 500 kr.
    """
    number = match["number"]
    value = parse_danish(number)
    assert value is not None  # the pattern only matches numbers
    if match["scale"]:
        scale = _SCALE[match["scale"].lower()]
    elif match["tkr"]:
        scale = _SCALE["t"]
    else:
        scale = _SCALE[""]
    decimals = len(number.split(",")[1]) if "," in number else 0
    precision = scale * Decimal(5) / Decimal(10) ** (decimals + 1)
    return value * scale, precision


def kroner(text: str) -> tuple[Decimal, ...]:
    """Every amount in kroner that a piece of running text names, in order."""
    return tuple(kroner_from_match(m)[0] for m in KRONER.finditer(text))


def total(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of amounts (``sum`` would start from the int 0, which is fine, but say so)."""
    return sum(values, ZERO)


def sum_by_year(rows: Iterable[Amounts], years: Iterable[int]) -> dict[int, Decimal]:
    """Per-year sums of several rows of amounts; a year missing in any row is left out."""
    rows = list(rows)
    return {
        year: total(row[year] for row in rows) for year in years if all(year in row for row in rows)
    }


def to_json_number(value: Decimal) -> int | float:
    """A JSON number that reads back as exactly ``value``.

    Integral values become ints. Other values become the float whose shortest repr is the
    decimal itself; that is exact for every value with at most 15 significant digits, which
    covers any amount a catalog writes. Anything else is refused rather than rounded.
    """
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        raise ValueError(f"{value} cannot be written as an exact JSON number")
    return as_float
