"""Exact numbers for deciding: user-written amounts, and Decimal ⇄ integer scaling.

The solver works on integers. Every family of values (amounts, staff changes, harm scores) is
multiplied by ``10**digits`` where ``digits`` is the largest number of decimals any value of the
family has, so each becomes an integer with no rounding at all (``Decimal.scaleb`` only moves the
exponent). Bounds on integer sums are rounded the safe way: a sum of integers is ``<= 12.5`` exactly
when it is ``<= 12`` (:func:`floor_scaled`), and ``>= -12.5`` exactly when ``>= -12``
(:func:`ceil_scaled`). Nothing here goes through ``float``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from omprio.decide.errors import DecideError
from omprio.money import MOST_TEXT, NumberRefused, amount, bounded, typed_amount

MAX_DIGITS = 12
"""More decimals than this in one family of values is refused (no catalog writes them)."""

MOST_SCALED = 40
"""Digits at most of a scaled integer: values are bounded at entry (:func:`omprio.money.bounded`,
below 10**15 with at most 12 decimals here), so this only guards ``int()`` from a value that
slipped past (its cost grows with the square of the exponent)."""

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def digits(values: Iterable[Decimal]) -> int:
    """The number of decimals needed to write every value exactly (0 for integers)."""
    most = 0
    for value in values:
        exponent = value.normalize().as_tuple().exponent
        assert isinstance(exponent, int)  # values are finite
        most = max(most, -exponent)
    if most > MAX_DIGITS:
        raise DecideError("too-many-decimals", found=most, most=MAX_DIGITS)
    return most


def _guard(value: Decimal, places: int) -> None:
    if not value.is_finite():
        raise DecideError("not-finite", value=str(value))
    if not value.is_zero() and not -MOST_SCALED <= value.adjusted() + places <= MOST_SCALED:
        raise DecideError("too-large-value", value=str(value))


def checked(value: Decimal, what: str, written: object = None) -> Decimal:
    """``value`` within the bounds of :func:`omprio.money.bounded`, else a :class:`DecideError`
    that names ``what`` and carries the refusal."""
    try:
        return bounded(value, written)
    except NumberRefused as refused:
        raise DecideError("number-refused", refused, field=what) from None


def _plain(token: str, what: str) -> Decimal:
    try:
        return amount(token)
    except NumberRefused as refused:
        raise DecideError("number-refused", refused, field=what) from None


def scaled(value: Decimal, places: int) -> int:
    """``value * 10**places`` as an int; refused if that is not a whole number."""
    _guard(value, places)
    shifted = value.scaleb(places)
    if shifted != shifted.to_integral_value():
        raise DecideError("decimals", value=str(value), places=places)
    return int(shifted)


def floor_scaled(value: Decimal, places: int) -> int:
    """The largest int ``k`` with ``k <= value * 10**places``."""
    _guard(value, places)
    return int(value.scaleb(places).to_integral_value(rounding=ROUND_FLOOR))


def ceil_scaled(value: Decimal, places: int) -> int:
    """The smallest int ``k`` with ``k >= value * 10**places``."""
    _guard(value, places)
    return int(value.scaleb(places).to_integral_value(rounding=ROUND_CEILING))


def unscaled(value: int, places: int) -> Decimal:
    """The Decimal of an int scaled by ``10**places`` (exact)."""
    return Decimal(value).scaleb(-places)


def parse_amount(text: str, what: str = "amount", lang: str = "da") -> Decimal:
    """An amount as a user writes it, read the way of ``lang``: Danish ``-19730``, ``-19.730``
    (thousands), ``-10,5``, ``−1.000`` or ``-10.5`` (a dot followed by groups of exactly three
    digits is a thousands separator, as in the catalogs; otherwise a dot is a decimal point);
    English with comma and point swapped (:func:`omprio.money.typed_amount`, which the web's
    forms read amounts with too)."""
    try:
        return typed_amount(text, lang)
    except NumberRefused as refused:
        if refused.code == "not_a_number":
            raise DecideError("not-an-amount", field=what, text=text) from None
        raise DecideError("number-refused", refused, field=what) from None


def parse_fraction(text: str | int | Decimal, what: str = "fraction") -> Decimal:
    """A share between 0 and 1 written ``0.85``, ``0,85``, ``85%`` or ``85 %``."""
    return parse_share(text, what, most=Decimal(1))


def parse_share(
    text: str | int | Decimal, what: str = "fraction", most: Decimal | None = None
) -> Decimal:
    """A non-negative share (at most ``most``) written ``0.85``, ``0,85`` or ``85 %``."""
    if isinstance(text, bool):
        raise DecideError("not-a-number", field=what, text=str(text))
    if isinstance(text, int):
        value = checked(Decimal(text), what)
    elif isinstance(text, Decimal):
        value = checked(text, what)
    else:
        token = text.strip()
        percent = token.endswith("%")
        if percent:
            token = token[:-1].strip()
        token = token.replace(",", ".")
        if len(token) > MOST_TEXT or not _PLAIN.match(token):
            raise DecideError("not-a-number", field=what, text=str(text))
        value = _plain(token, what)
        if percent:
            value = checked(value / 100, what, text)
    if not value.is_finite() or value < 0 or (most is not None and value > most):
        if most is not None:
            raise DecideError("share-range", field=what, text=str(text), most=most)
        raise DecideError("share-negative", field=what, text=str(text))
    return value
