"""Numbers, amounts and percentages for people, in each language of the interface, via Babel.

Arithmetic never happens here: these functions only turn exact values into text. Danish output
uses a plain hyphen-minus (``-1.000``, ``-10,5``) so that published text extracts cleanly.

Babel is the source of truth for how a number looks: :func:`number` formats with the locale's
decimal and grouping symbols and the pattern ``#,##0.###############`` as Babel reads them (taken
from Babel once per language), without parsing the pattern and the locale again on every call,
which pages with thousands of amounts would spend most of their time on. Before the direct
formatter is used, it is compared with Babel itself on a set of values; should a Babel version
ever disagree, Babel formats every number instead.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from functools import cache

from babel.numbers import (
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    parse_pattern,
)

from omprio.i18n import LANGS as LANGS
from omprio.i18n import Lang as Lang
from omprio.i18n import t

NUMBER_PATTERN = "#,##0.###############"
_WIDE = Context(prec=400)


@cache
def locale_of(lang: Lang) -> str:
    """The Babel locale of a language of the interface (its catalog's ``lang.locale``)."""
    return t("lang.locale", lang)


def babel_number(value: Decimal, lang: Lang = "da") -> str:
    """:func:`number` as Babel formats it, pattern and locale parsed on each call (the reference
    the direct formatter is held to)."""
    text: str = format_decimal(value, format=NUMBER_PATTERN, locale=locale_of(lang))
    return text.replace("\u2212", "-")


def _direct(lang: Lang) -> Callable[[Decimal], str]:
    """A formatter for :data:`NUMBER_PATTERN` in ``lang`` with the symbols Babel gives."""
    locale = locale_of(lang)
    pattern = parse_pattern(NUMBER_PATTERN)
    group_size = pattern.grouping[0]
    decimals = pattern.frac_prec[1]
    if pattern.grouping != (group_size, group_size) or pattern.frac_prec[0] != 0:
        raise ValueError(f"unexpected number pattern {NUMBER_PATTERN!r}")
    point = get_decimal_symbol(locale)
    group = get_group_symbol(locale)
    minus = get_minus_sign_symbol(locale).replace("\u2212", "-")
    quantum = Decimal(1).scaleb(-decimals)

    def formatted(value: Decimal) -> str:
        if not isinstance(value, Decimal):  # an int from an untyped caller, as Babel takes it
            value = Decimal(value)
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int):  # NaN, infinity: only Babel knows how they read
            return babel_number(value, lang)
        if not value.is_zero() and abs(value.adjusted()) > 100:
            # Never met (numbers are bounded where they enter, omprio.money.bounded); written
            # in full it would take a string as long as the exponent
            return f"{value:E}".replace(".", point)
        if exponent < -decimals:
            value = value.quantize(quantum, rounding=ROUND_HALF_EVEN, context=_WIDE)
        text = format(value, "f")
        negative = text[0] == "-"
        whole, _, fraction = text.lstrip("-").partition(".")
        fraction = fraction.rstrip("0")
        if len(whole) > group_size:
            head = len(whole) % group_size or group_size
            parts = [whole[:head]]
            parts += [whole[i : i + group_size] for i in range(head, len(whole), group_size)]
            whole = group.join(parts)
        out = whole + point + fraction if fraction else whole
        return minus + out if negative else out

    return formatted


# Values whose text the direct formatter must give exactly as Babel does before it is used.
_SAMPLES = tuple(
    Decimal(v)
    for v in (
        "0", "-0", "1", "-1", "12", "999", "1000", "-1000", "12345", "-123456", "1234567",
        "-19730", "10.5", "-10.5", "0.1", "-0.05", "1.000", "1E+3", "-2.50", "0E-20", "1E-16",
        "-1E-16", "5E-16", "1.5E-15", "2.5E-15", "1.23456789012345678", "-9876543.21",
        "123456789012.345", "0.000000000000001", "99999999999.9999999999999999",
    )
)  # fmt: skip


@cache
def _formatter(lang: Lang) -> Callable[[Decimal], str]:
    direct = _direct(lang)
    for value in _SAMPLES:
        try:
            expected = babel_number(value, lang)
        except InvalidOperation:
            continue
        if direct(value) != expected:  # pragma: no cover - a Babel that formats differently
            return lambda value: babel_number(value, lang)
    return direct


def number(value: Decimal, lang: Lang = "da") -> str:
    """``-1.000`` / ``-10,5`` in Danish, ``-1,000`` / ``-10.5`` in English; never rounded
    (beyond Babel's 15 decimals)."""
    return _formatter(lang)(value)


def signed(value: Decimal, lang: Lang = "da") -> str:
    """Like :func:`number`, with an explicit ``+`` on positive values (staff changes)."""
    text = number(value, lang)
    return f"+{text}" if value > 0 else text


def percent(value: Decimal, decimals: int = 1, lang: Lang = "da") -> str:
    """A percentage rounded for reading: ``2,3 %``."""
    pattern = "0." + "0" * decimals if decimals else "0"
    text: str = format_decimal(value, format=pattern, locale=locale_of(lang))
    return text.replace("\u2212", "-") + " %"


def kroner(value: Decimal, lang: Lang = "da") -> str:
    """An amount in kroner, shortened to 'mio. kr.' from a million up."""
    if abs(value) >= 1_000_000:
        millions = value / Decimal(1_000_000)
        unit = t("unit.mio_kr", lang)
        return f"{number(millions.quantize(Decimal('0.001')).normalize(), lang)} {unit}"
    return f"{number(value, lang)} {t('unit.kr', lang)}"


class Number:
    """A number as a parameter of a message (:class:`omprio.i18n.Said`), written the way the
    message's language writes numbers (``60.000`` / ``60,000``)."""

    def __init__(self, value: int | Decimal) -> None:
        self.value = value

    def text(self, lang: Lang) -> str:
        """The number in ``lang``."""
        return number(Decimal(self.value), lang)
