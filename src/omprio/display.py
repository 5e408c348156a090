"""Numbers, amounts and percentages for people, in Danish (default) or English, via Babel.

Arithmetic never happens here: these functions only turn exact values into text. Danish output
uses a plain hyphen-minus (``-1.000``, ``-10,5``) so that published text extracts cleanly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from babel.numbers import format_decimal

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")
_LOCALE: dict[Lang, str] = {"da": "da_DK", "en": "en_GB"}


def number(value: Decimal, lang: Lang = "da") -> str:
    """``-1.000`` / ``-10,5`` in Danish, ``-1,000`` / ``-10.5`` in English; never rounded."""
    text: str = format_decimal(value, format="#,##0.###############", locale=_LOCALE[lang])
    return text.replace("\u2212", "-")


def signed(value: Decimal, lang: Lang = "da") -> str:
    """Like :func:`number`, with an explicit ``+`` on positive values (staff changes)."""
    text = number(value, lang)
    return f"+{text}" if value > 0 else text


def percent(value: Decimal, decimals: int = 1, lang: Lang = "da") -> str:
    """A percentage rounded for reading: ``2,3 %``."""
    pattern = "0." + "0" * decimals if decimals else "0"
    text: str = format_decimal(value, format=pattern, locale=_LOCALE[lang])
    return text.replace("\u2212", "-") + " %"


def kroner(value: Decimal, lang: Lang = "da") -> str:
    """An amount in kroner, shortened to 'mio. kr.' from a million up."""
    if abs(value) >= 1_000_000:
        millions = value / Decimal(1_000_000)
        unit = "mio. kr." if lang == "da" else "m DKK"
        return f"{number(millions.quantize(Decimal('0.001')).normalize(), lang)} {unit}"
    return f"{number(value, lang)} {'kr.' if lang == 'da' else 'DKK'}"
