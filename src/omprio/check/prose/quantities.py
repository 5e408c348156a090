"""What a sentence states: amounts in kroner with their year and qualifier, year lists, staff,
percentages.

Amounts are read with :data:`omprio.money.KRONER` and :func:`~omprio.money.kroner_from_match`
(exact ``Decimal`` values with the precision written: ``3,5 mio. kr.`` is 3.500.000 kr. ± 50.000
kr.). Around each amount the sentence tells what kind of statement it is:

* the *qualifier* before it (``ca.``, ``omkring``, ``knap``, ``godt``, ``op til``, ``mindst`` …,
  :data:`QUALIFIERS`), which sets the tolerance (:func:`accepts`);
* a *year* after it (``i 2024``, ``for 2024``, ``fra 2024``) or a *period* (``i 2024-2027``);
* a *difference* (``200 t.kr. lavere``), a *rate* (``pr. måned``, ``pr. plads``), a *range*
  (``2-3 mio. kr.``, ``mellem 2 og 3 mio. kr.``) or a *negation* (``ikke 200 t.kr.``).

:func:`year_lists` finds lists of amounts by year ('3,5 mio. kr. i 2024, 3,5 mio. kr. i 2025 og
4,0 mio. kr. i 2026'). Every pattern is linear (no nested repetition) and looks only at a few
dozen characters around a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from omprio.money import KRONER, kroner_from_match, parse_danish

ABOUT, JUST_UNDER, JUST_OVER = "about", "just-under", "just-over"
AT_MOST, AT_LEAST = "most", "least"
QUALIFIERS: dict[str, str] = {
    "ca": ABOUT, "cirka": ABOUT, "circa": ABOUT, "omkring": ABOUT, "omtrent": ABOUT,
    "knap": JUST_UNDER, "knapt": JUST_UNDER, "næsten": JUST_UNDER, "op mod": JUST_UNDER,
    "godt": JUST_OVER, "lidt over": JUST_OVER,
    "op til": AT_MOST, "højst": AT_MOST, "maksimalt": AT_MOST, "maks": AT_MOST,
    "max": AT_MOST, "under": AT_MOST, "mindre end": AT_MOST,
    "mindst": AT_LEAST, "minimum": AT_LEAST, "over": AT_LEAST, "mere end": AT_LEAST,
    "ud over": AT_LEAST,
}
"""Words before an amount that make it approximate, by the kind of bound they set."""

_QUALIFIER = re.compile(
    r"(?<!\w)(?P<word>" + "|".join(sorted((re.escape(w) for w in QUALIFIERS), key=len,
                                          reverse=True))
    + r")\.?\s*(?:på\s+)?[(]?$",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"(?<!\w)(?:ikke|aldrig|hverken|intet|ingen)\s+(?:\w+\.?\s+){0,2}$",
                       re.IGNORECASE)
_RANGE_BEFORE = re.compile(
    r"(?:\d(?:,\d+)?\s*(?:-|–|til)\s*|mellem\s+\d[\d.,]*\s*(?:[a-zæøå.]+\s+){0,2}og\s+)$",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(r"\s*(?:-|–)\s*\d")
_YEAR_AFTER = re.compile(
    r"\s*,?\s*(?:(?:i|for|fra|om året fra|årligt fra|fra og med)\s+)?(?:år(?:et)?\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?!\d)(?P<period>\s*[-–/]\s*(?:19|20)?\d{2}(?!\d))?",
    re.IGNORECASE,
)
_DIFFERENCE_AFTER = re.compile(r"\s*(?:lavere|højere|mindre|større|mere|færre)\b",
                               re.IGNORECASE)
_RATE_AFTER = re.compile(
    r"\s*(?:pr\.?|per|om|i)\s+(?!år\b|året\b)(?:måned|måneden|md|uge|ugen|dag|dagen|time|timen|"
    r"plads|pladsen|borger|borgeren|barn|elev|sag|stk|person|bruger|enhed|kvadratmeter|m2)",
    re.IGNORECASE,
)
_YEARLY_AFTER = re.compile(r"[\s,]*(?:om året|årligt|hvert år|pr\.? år|per år|i året)\b",
                           re.IGNORECASE)
YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d,])")
"""A four-digit year in running text."""


MOST_SHOWN = 40
"""Characters at most of a number as a message shows it."""


def cut(text: str) -> str:
    """``text`` cut to :data:`MOST_SHOWN` characters, marked with '…' where cut."""
    return text if len(text) <= MOST_SHOWN else text[: MOST_SHOWN - 1] + "…"


@dataclass(frozen=True, slots=True)
class Stated:
    """A number a sentence states, with what surrounds it (offsets are in the sentence)."""

    value: Decimal
    precision: Decimal
    start: int
    end: int
    written: str
    said: str = ""
    """The qualifier as written, with what follows it up to the number ('ca. ')."""
    qualifier: str | None = None
    year: int | None = None
    period: bool = False
    difference: bool = False
    negated: bool = False
    ranged: bool = False
    rate: bool = False
    yearly: bool = False
    """Followed by 'om året', 'årligt' …: a figure of one year, never a sum over the period."""

    @property
    def shown(self) -> str:
        """The statement as written, with its qualifier ('ca. 200 t.kr.'), cut to
        :data:`MOST_SHOWN` characters."""
        return cut(self.said + self.written)

    @property
    def plain(self) -> bool:
        """A statement of one figure: no range, negation or rate."""
        return not (self.negated or self.ranged or self.rate)


def _context(text: str, start: int, end: int) -> dict[str, object]:
    before = text[max(0, start - 40) : start]
    after = text[end : end + 48]
    qualifier = _QUALIFIER.search(before)
    bare = before[: qualifier.start()] if qualifier else before
    year = _YEAR_AFTER.match(after)
    return {
        "said": qualifier["word"] + text[start - len(before) + qualifier.end("word") : start]
        if qualifier else "",
        "qualifier": QUALIFIERS[qualifier["word"].lower()] if qualifier else None,
        "year": int(year["year"]) if year and not year["period"] else None,
        "period": bool(year and year["period"]),
        "difference": bool(_DIFFERENCE_AFTER.match(after)),
        "negated": bool(_NEGATION.search(bare)),
        "ranged": bool(_RANGE_BEFORE.search(bare) or _RANGE_AFTER.match(after)),
        "rate": bool(_RATE_AFTER.match(after)),
        "yearly": bool(_YEARLY_AFTER.match(after)),
    }


@lru_cache(maxsize=4096)
def amounts(text: str, scale: Decimal) -> tuple[Stated, ...]:
    """Every amount in kroner of ``text``, in units of ``scale`` kroner (1.000 for a catalog in
    1.000 kr.); kept for the sentences last read, which every prose rule reads."""
    found = []
    for match in KRONER.finditer(text):
        value, precision = kroner_from_match(match)
        written = match.group(0).rstrip(" ,")
        found.append(Stated(value / scale, precision / scale, match.start(), match.end(), written,
                            **_context(text, match.start(), match.end())))  # type: ignore[arg-type]
    return tuple(found)


def _decimals(number: str) -> int:
    return len(number.split(",")[1]) if "," in number else 0


def _half_unit(number: str) -> Decimal:
    return Decimal(5) / Decimal(10) ** (_decimals(number) + 1)


_PERCENT = re.compile(r"(?<![\w.,])(?P<number>\d{1,3}(?:,\d+)?)\s*(?:%|pct\b\.?|procent\b)",
                      re.IGNORECASE)
_STAFF = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,4}(?:,\d+)?)\s+(?:(?:færre|flere|nye|ekstra)\s+)?"
    r"(?:fuldtidsstillinger|fuldtidsstilling|fuldtidsansatte|medarbejdere|medarbejder|årsværk|"
    r"stillinger|stilling|ansatte)\b",
    re.IGNORECASE,
)


def percentages(text: str) -> Iterator[Stated]:
    """Every percentage of ``text`` (``22,9 %``, ``10 pct.``, ``50 procent``)."""
    for match in _PERCENT.finditer(text):
        number = match["number"]
        value = parse_danish(number)
        if value is not None:
            yield Stated(value, _half_unit(number), match.start(), match.end(),
                         match.group(0).strip(),
                         **_context(text, match.start(), match.end()))  # type: ignore[arg-type]


def staff(text: str) -> Iterator[Stated]:
    """Every number of staff of ``text`` (``0,5 medarbejdere``, ``2 fuldtidsstillinger``)."""
    for match in _STAFF.finditer(text):
        number = match["number"]
        value = parse_danish(number)
        if value is not None:
            yield Stated(value, _half_unit(number), match.start(), match.end(),
                         match.group(0).strip(),
                         **_context(text, match.start(), match.end()))  # type: ignore[arg-type]


_ABOUT_SHARE = Decimal("0.10")
_JUST_SHARE = Decimal("0.15")


def accepts(stated: Stated, actual: Decimal) -> bool:
    """Whether the magnitude ``actual`` is what ``stated`` says, given its qualifier and the
    precision written: exact ± half a unit of the last digit; ``ca.`` ± 10 % (at least the
    precision); ``knap`` at most the figure and at most 15 % under it; ``godt`` at least the
    figure and at most 15 % over it; ``op til`` at most, ``mindst`` at least."""
    low, high = stated.value - stated.precision, stated.value + stated.precision
    if stated.qualifier == ABOUT:
        spread = max(stated.precision, stated.value * _ABOUT_SHARE)
        low, high = stated.value - spread, stated.value + spread
    elif stated.qualifier == JUST_UNDER:
        low = stated.value * (1 - _JUST_SHARE) - stated.precision
    elif stated.qualifier == JUST_OVER:
        high = stated.value * (1 + _JUST_SHARE) + stated.precision
    elif stated.qualifier == AT_MOST:
        low = Decimal("-Infinity")
    elif stated.qualifier == AT_LEAST:
        high = Decimal("Infinity")
    return low <= actual <= high


@dataclass(frozen=True, slots=True)
class YearList:
    """Amounts by year written as one list; ``entries`` in the order written."""

    entries: tuple[Stated, ...]

    @property
    def start(self) -> int:
        """Where the list begins in its sentence."""
        return self.entries[0].start

    @property
    def end(self) -> int:
        """Where the list ends in its sentence (after the last year)."""
        return self.entries[-1].end + 8

    @property
    def approximate(self) -> bool:
        """A qualifier on the first amount makes the whole list approximate."""
        return self.entries[0].qualifier is not None


_JOIN = re.compile(r"\s*(?:,\s*og|,\s*samt|,|og|samt|;)\s*$")


@lru_cache(maxsize=4096)
def year_lists(text: str, scale: Decimal) -> tuple[YearList, ...]:
    """Lists of two or more amounts each followed by its year, joined by commas or 'og'."""
    found: list[YearList] = []
    current: list[Stated] = []
    last_end = 0
    for stated in amounts(text, scale):
        if stated.year is None or not stated.plain:
            if len(current) >= 2:
                found.append(YearList(tuple(current)))
            current = []
            continue
        year = _YEAR_AFTER.match(text, stated.end)
        year_end = year.end() if year else stated.end
        if current and _JOIN.match(text[last_end : stated.start - len(stated.said)]):
            current.append(stated)
        else:
            if len(current) >= 2:
                found.append(YearList(tuple(current)))
            current = [stated]
        last_end = year_end
    if len(current) >= 2:
        found.append(YearList(tuple(current)))
    return tuple(found)

