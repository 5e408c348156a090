"""``prose-number-format``: a number in the prose of a Danish catalog that is not Danish notation.

Danish writes ``13,59`` and ``1.234,5``; ``13.59 mio. kr.`` (MSB-1) is not a Danish number at all
(a point followed by other than three digits), and ``1,234.5`` or ``1,234,567`` is the English
notation. Flagged: a number of the English form (comma-grouped thousands, with or without a
decimal point) anywhere in a description, a note or the introduction, and a number with a
decimal point followed by one, two or four or more digits when a unit follows it (``mio.``,
``mia.``, ``kr.``, ``t.kr.``, ``%``, ``pct.``, ``procent``), so that dates (``22.11.2023``),
times (``kl. 9.30``), sections (``§ 3.2``) and sector numbers (``1.20 Drift``) are left alone.
When the same sentence also writes a number the Danish way, the message says so (mixed
notation). A catalog whose prose is English (:func:`~.text.is_danish`) is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from omprio.check.prose.quantities import cut
from omprio.check.prose.text import (
    MOST_QUOTE,
    Sentence,
    catalog_sentences,
    introduction_sentences,
    is_danish,
)
from omprio.check.registry import rule
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog
from omprio.money import SWAP_SEPARATORS

RULE = "prose-number-format"

_UNIT = r"(?=\s*(?:mio\b|mia\b|millioner\b|milliarder\b|t\.?\s?kr\b|tkr\b|kr\b|%|pct\b|procent\b))"
_ENGLISH = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]|\.\d)")
_POINT = re.compile(r"(?<![\w.,])\d+\.(?:\d{1,2}|\d{4,})(?![\w.,])" + _UNIT, re.IGNORECASE)
_DANISH_DECIMAL = re.compile(
    r"(?<![\w.,])\d{1,3}(?:\.\d{3})*,\d+(?![\w.,]|,\d)" + _UNIT, re.IGNORECASE
)


def _english(match: re.Match[str]) -> bool:
    """An English number for sure: a decimal point after the groups, or two groups or more
    (``1,234`` alone is a Danish decimal number)."""
    text = match.group()
    return "." in text or text.count(",") >= 2


def _danish_form(text: str) -> str:
    """The number written the Danish way (``13.59`` → ``13,59``, ``1,234.5`` → ``1.234,5``)."""
    return text.translate(SWAP_SEPARATORS)


def _findings(sentence: Sentence, measure: str | None) -> Iterator[Finding]:
    text = sentence.text
    if "." not in text and "," not in text:
        return
    odd = [m for m in _ENGLISH.finditer(text) if _english(m)]
    odd.extend(_POINT.finditer(text))
    if not odd:
        return
    danish = [m.group() for m in _DANISH_DECIMAL.finditer(text)]
    for match in sorted(odd, key=lambda m: m.start()):
        written = cut(match.group())
        where = sentence.source(match.start())
        if danish:
            yield finding(RULE, Severity.WARNING, where, key=f"{RULE}.mixed", measure=measure,
                          number=written, danish=_danish_form(written), other=cut(danish[0]),
                          text=_around(text, match.start(), match.end()))
        else:
            yield finding(RULE, Severity.WARNING, where, measure=measure, number=written,
                          danish=_danish_form(written),
                          text=_around(text, match.start(), match.end()))


def _around(text: str, start: int, end: int) -> str:
    """A few words around the number (what a person needs to find it)."""
    left = text.rfind(" ", 0, max(0, start - 24))
    right = text.find(" ", min(len(text), end + 24))
    piece = text[left + 1 if left >= 0 else 0 : right if right >= 0 else len(text)]
    if len(piece) > MOST_QUOTE:
        piece, right = piece[:MOST_QUOTE], 0
    return ("…" if left >= 0 else "") + piece + ("…" if right >= 0 else "")


@rule(RULE, Severity.WARNING)
def prose_number_format(catalog: Catalog) -> Iterator[Finding]:
    if not is_danish(catalog):
        return
    for sentence in introduction_sentences(catalog):
        yield from _findings(sentence, None)
    for measure, sentences in catalog_sentences(catalog):
        for sentence in sentences:
            yield from _findings(sentence, measure.code)
