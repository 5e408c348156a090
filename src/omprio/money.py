"""Every number in omprio is built here: exact ``Decimal`` values, never ``float``.

Catalogs write numbers the Danish way: ``-1.000`` is minus one thousand, ``10,5`` is ten and a
half, ``+2`` is two, and typesetters often use a typographic minus (``−``) or an en dash (``–``)
for the sign. :func:`parse_danish` turns such a token into a ``Decimal`` and refuses anything that
is not unambiguously a number (``13.59`` is neither ``13,59`` nor ``13.590``). Amounts named in
running text (``4,365 mio. kr.``, ``525.802 kr.``) are turned into kroner by :func:`kroner`.

Every number that enters from outside (JSON, forms, hidden fields, query strings, CSV, XLSX
cells, API bodies) passes :func:`bounded`: a finite number of at most :data:`MOST_DIGITS`
significant digits, smaller than ``10**15`` in size and with no digit below ``10**-15``, or a
:class:`NumberRefused` (a code and parameters, told in Danish or English). The decision looks only
at the exponent and the number of digits, so it takes microseconds whatever the input; nothing
downstream ever meets ``1e999999999`` (whose ``int()`` would take hours). :func:`loads` is the
one JSON parser for documents with amounts (floats become exact Decimals, bounded).

Formatting numbers for people lives in :mod:`omprio.display`, apart from arithmetic.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from omprio.i18n import t

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
    re.VERBOSE | re.ASCII,  # 0-9 only: "١٢" (Arabic-Indic digits) is no amount
)


# --- the bounds of every number that enters ------------------------------------------------

MOST_DIGITS = 15
"""Significant digits at most (trailing zeros not counted): what a JSON number (an IEEE double)
and the storage keep exactly."""
MOST_WHOLE_DIGITS = 15
"""Digits before the decimal point at most: sizes below ``10**15`` (a billion times a million
kroner; an amount in 1.000 kr. never needs more than ``10**12``)."""
MOST_DECIMALS = 15
"""Digits after the decimal point at most (after trailing zeros are dropped)."""
MOST_TEXT = 64
"""Characters at most of a number written as text (longer is refused before it is read)."""

class NumberRefused(ValueError):
    """A number outside the bounds (or no number at all): ``code`` names why (the catalog's
    ``number.<code>``; ``{value}`` is the number as written, cut to 40 characters, the others
    are the bounds above), ``params`` fill it; ``str()`` is the English message."""

    def __init__(self, code: str, value: object, **params: int) -> None:
        text = value if isinstance(value, str) else str(value)
        self.code = code
        self.value = text if len(text) <= 40 else text[:37] + "..."
        self.params: dict[str, object] = {"value": self.value, **params}
        super().__init__(self.message("en"))

    def message(self, lang: str = "da") -> str:
        """Why the number is refused, in ``lang``."""
        return t(f"number.{self.code}", lang, **self.params)

    def text(self, lang: str) -> str:
        """:meth:`message`: why the number is refused, said in ``lang``."""
        return self.message(lang)


def bounded(value: Decimal, written: object = None) -> Decimal:
    """``value`` if it is a finite number within the bounds above, else :class:`NumberRefused`
    (``written`` is how the input wrote it, for the message). Zero of any sign and exponent is
    ``Decimal(0)``. Decided from the exponent and the digit count alone, before any arithmetic."""
    shown = value if written is None else written
    if not value.is_finite():
        raise NumberRefused("not_finite", shown)
    if value.is_zero():
        return ZERO
    if value.adjusted() >= MOST_WHOLE_DIGITS:
        raise NumberRefused("too_large", shown, most=MOST_WHOLE_DIGITS)
    if value.adjusted() < -MOST_DECIMALS:
        raise NumberRefused("too_many_decimals", shown, most=MOST_DECIMALS)
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) > 2 * MOST_TEXT:
        raise NumberRefused("too_many_digits", shown, most=MOST_DIGITS)
    zeros = 0
    while zeros < len(digits) - 1 and digits[-1 - zeros] == 0:
        zeros += 1
    if len(digits) - zeros > MOST_DIGITS:
        raise NumberRefused("too_many_digits", shown, most=MOST_DIGITS)
    if exponent + zeros < -MOST_DECIMALS:
        raise NumberRefused("too_many_decimals", shown, most=MOST_DECIMALS)
    return value


def number_from_text(text: str) -> Decimal:
    """A plain decimal number written as text (``-10.5``, ``1e3``), bounded; anything else, or
    more than :data:`MOST_TEXT` characters, is :class:`NumberRefused`."""
    token = text.strip()
    if len(token) > MOST_TEXT:
        raise NumberRefused("too_many_digits", token, most=MOST_DIGITS)
    if not token.isascii():  # Decimal() reads other scripts' digits; a catalog never writes them
        raise NumberRefused("not_a_number", token)
    try:
        value = Decimal(token)
    except InvalidOperation:
        raise NumberRefused("not_a_number", token) from None
    return bounded(value, token)


def _json_int(text: str) -> int:
    if len(text) > MOST_WHOLE_DIGITS + 1:  # a sign and 15 digits
        raise NumberRefused("too_large", text, most=MOST_WHOLE_DIGITS)
    return int(text)


def _json_constant(text: str) -> Any:
    raise NumberRefused("not_finite", text)


def loads(text: str | bytes) -> Any:
    """JSON with exact, bounded numbers: floats become Decimals (:func:`number_from_text`),
    integers stay ints (at most 15 digits); ``NaN`` and ``Infinity`` are refused. Raises
    ``json.JSONDecodeError`` for malformed JSON and :class:`NumberRefused` for numbers out of
    bounds."""
    return json.loads(
        text, parse_float=number_from_text, parse_int=_json_int, parse_constant=_json_constant
    )


def _stored_float(text: str) -> Decimal:
    value = Decimal(text) if len(text) <= 400 else Decimal("NaN")
    if not value.is_finite() or not -400 <= value.adjusted() <= 400:
        raise NumberRefused("too_large", text, most=MOST_WHOLE_DIGITS)
    return value


def loads_stored(text: str | bytes) -> Any:
    """JSON that omprio wrote itself (the workspace's records): floats become exact Decimals,
    within the range any JSON number omprio writes can have (a float's, ``1e±308``), so that
    data stored before the bounds of :func:`bounded` still reads; NaN and Infinity are
    refused."""
    return json.loads(text, parse_float=_stored_float, parse_constant=_json_constant)


MOST_REACH = 40
"""The exponent range of :func:`within_reach`."""


def within_reach(value: Decimal) -> Decimal:
    """``value`` if it is finite and between ``10**-40`` and ``10**40`` in size (or zero): the
    looser check for values omprio computed and stored itself (totals may have more digits than
    an entered number), still far from exponents whose ``int()`` would hang."""
    if not value.is_finite():
        raise NumberRefused("not_finite", value)
    if not value.is_zero() and not -MOST_REACH <= value.adjusted() <= MOST_REACH:
        raise NumberRefused("too_large", value, most=MOST_WHOLE_DIGITS)
    return value


def amount(value: int | str | Decimal) -> Decimal:
    """An exact amount from an int, a plain decimal string (``"-10.5"``) or a Decimal, within the
    bounds (:func:`bounded`); :class:`NumberRefused` (a ``ValueError``) otherwise."""
    if isinstance(value, bool):
        raise TypeError("a bool is not an amount")
    if isinstance(value, float):
        raise TypeError("floats are never amounts; pass a str or Decimal")
    if isinstance(value, str):
        return number_from_text(value)
    if isinstance(value, int):
        if not -(10**MOST_WHOLE_DIGITS) < value < 10**MOST_WHOLE_DIGITS:
            shown = value if value.bit_length() < 200 else "..."
            raise NumberRefused("too_large", shown, most=MOST_WHOLE_DIGITS)
        return Decimal(value)
    return bounded(value)


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


_POINT_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)


def typed_amount(text: str, lang: str = "da") -> Decimal:
    """An amount as a person types it, read the way of ``lang``.

    Danish (the default): ``-19.730``, ``-10,5``, ``−1.000``, or with a decimal point
    (``-10.5``): a dot followed by groups of exactly three digits is a thousands separator, as in
    the catalogs; otherwise a dot is a decimal point. English: the roles of comma and point are
    swapped (``-19,730``, ``-10.5``). Text that means different amounts in the two conventions
    (:func:`reads_differently`: ``-1,000``, ``1.250``) is read by ``lang``; the forms echo it
    back formatted. Bounded (:func:`bounded`); :class:`NumberRefused` otherwise
    (``not_a_number`` for text that is no number). Every amount field of the web and the
    command line reads its text with this."""
    token = text.strip()
    if len(token) > MOST_TEXT:
        raise NumberRefused("too_many_digits", token, most=MOST_DIGITS)
    danish = token.translate(SWAP_SEPARATORS) if lang == "en" else token
    value = parse_danish(danish)
    if value is None:
        if not _POINT_NUMBER.match(danish):
            raise NumberRefused("not_a_number", token)
        return amount(danish)
    return bounded(value, token)


SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})
"""Comma and point swapped: a Danish-written number in English form, and back."""
_EITHER_WAY = re.compile(r"^[+\-−–]?\d{1,3}[.,]\d{3}$")


def reads_differently(text: str) -> bool:
    """True for typed text that is a different amount read the Danish and the English way: one
    separator followed by exactly three digits (``-1,000`` is -1 in Danish and -1000 in English;
    ``1.250`` is 1250 in Danish and 1.25 in English)."""
    return _EITHER_WAY.match(text.strip()) is not None


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
    covers any amount a catalog writes. Anything else is refused rather than rounded; so is a
    value far outside the bounds of :func:`bounded` (checked before ``int()``, whose cost grows
    with the square of the exponent).
    """
    within_reach(value)
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        raise ValueError(f"{value} cannot be written as an exact JSON number")
    return as_float
