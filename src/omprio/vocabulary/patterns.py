"""The words and shapes of the catalog template, as patterns the reader and checks share.

Measure header (``Omprioriteringstiltag 2024-2027   Tema 1A, BFF-1``), periods (``2024-2027``,
``2024 – 2027``, ``2025-28``), price bases (``2024-PL``, ``24-PL``), the unit (``1.000 kr.``), year
header rows, and the labels of the fields below a measure's table.
"""

from __future__ import annotations

import itertools
import re

# A measure code in any department's form: BFF-1, BFF-3A, MBU-12, SUN-3B, MSB-1.
CODE = r"[A-ZÆØÅ]{2,6}-\d{1,3}[A-Z]?"
MEASURE_HEADER = re.compile(
    r"^(?P<prefix>[^_]*?(?:tiltag|forslag|katalog|budget|\d{4}\s*[-–—]\s*\d{2,4})[^_]*?)?[\s_]*"
    rf"Tema\s+(?P<theme>\d{{1,2}}[A-Z]?)\s*[,;:.–-]\s*(?P<code>{CODE})\s*[.:]?$",
    re.IGNORECASE,
)
# The same with the two halves the other way round ('Tema 1A, BFF-1   Omprioriteringstiltag …').
MEASURE_HEADER_REVERSED = re.compile(
    rf"^[\s_]*Tema\s+(?P<theme>\d{{1,2}}[A-Z]?)\s*[,;:.–-]\s*(?P<code>{CODE})[\s_]+"
    r"(?P<prefix>[^_]*?(?:tiltag|forslag|katalog|budget)[^_]*)$",
    re.IGNORECASE,
)


def measure_header(text: str) -> re.Match[str] | None:
    """The match of a measure page's header line, with groups theme, code and prefix."""
    if "ema" not in text:
        return None
    return MEASURE_HEADER.search(text) or MEASURE_HEADER_REVERSED.search(text)


# A header's first half alone on its line, when the extractor split the header in two.
HEADER_PREFIX = re.compile(
    r"^(?:Omprioriteringstiltag|Omprioriteringsforslag|Tiltag|Forslag|Spareforslag)\b"
    r"[^_]*?\d{4}\s*[-–—]\s*\d{2,4}[\s_]*$",
    re.IGNORECASE,
)
PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)?\d{2})(?!\d)")
PRICE_BASE = re.compile(
    r"(?<![\d-])(\d{2}|\d{4})\s*[-–]?\s*PL\b|\bPL\s*[-–]?\s*(\d{4})\b|\b(\d{4})-priser\b",
    re.IGNORECASE,
)
UNIT = re.compile(r"(1\.000|1000|t\.|mio\.)\s*kr\.?", re.IGNORECASE)
YEAR = re.compile(r"^(?:19|20)\d{2}$")
TABLE_CAPTION = re.compile(
    r"Økonomiske konsekvenser|\bPL\s+i\s+1\.000\s*kr|\(\s*\d{2,4}\s*-?\s*PL\b|i\s+1\.000\s*kr\.?\)",
    re.IGNORECASE,
)
DESCRIPTION_HEADING = re.compile(r"^Beskrivelse af (?:tiltaget|forslaget)\b", re.IGNORECASE)
OVERVIEW_HEADING = re.compile(r"^(?:OVERBLIK|Overblik)\b(?!\s+over\s+\w+\s+\w+\s+\w+)")

SECTOR = re.compile(r"^Sektor\s*:?\s*(?P<text>.*)$", re.IGNORECASE)
AREA_BUDGET = re.compile(
    r"^(?P<label>Budget for området\b[^:]*?)\s*:\s*(?P<text>.*)$", re.IGNORECASE
)
SAVINGS_PCT = re.compile(
    r"^Besparelse i\s*(?:%|pct\.?|procent)\s*:?\s*(?P<text>.*)$", re.IGNORECASE
)
NOTE_START = re.compile(r"^(?:\*+|Anm\.|Note\b|Bemærk\b)", re.IGNORECASE)

FTE_LABEL = re.compile(r"^Personale\s*(?:ændring|aendring|forandring)", re.IGNORECASE)
NET_LABEL = re.compile(r"^Netto|\bi\s+alt\b", re.IGNORECASE)
ADJUSTMENT_LABEL = re.compile(r"råderum", re.IGNORECASE)
FOOTNOTE_MARK = re.compile(r"(?<=[a-zæøå)])(?P<mark>[1-9¹²³]|\*+)$|\s*(?P<star>\*+)$")

PERCENT = re.compile(r"(?<![\d,.])(\d+(?:,\d+)?)\s*(?:%|pct\b\.?|procent\b)", re.IGNORECASE)
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
DATE = re.compile(r"(\d{1,2})\.?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})", re.IGNORECASE)


def period_years(text: str) -> tuple[int, int] | None:
    """The first period in ``text`` as (first, last) year: ``2025-28`` gives (2025, 2028)."""
    match = PERIOD.search(text)
    if match is None:
        return None
    first = int(match.group(1))
    last_text = match.group(2)
    last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
    if last < first or last - first > 10:
        return None
    return first, last


def period_text(text: str) -> str | None:
    """The first period in ``text`` written ``2024-2027``, or ``None``."""
    years = period_years(text)
    return f"{years[0]}-{years[1]}" if years else None


def price_base(text: str) -> str | None:
    """The price base named in ``text`` as ``2024-PL``, or ``None``."""
    match = PRICE_BASE.search(text)
    if match is None:
        return None
    year = next(group for group in match.groups() if group)
    if len(year) == 2:
        year = "20" + year
    return f"{year}-PL"


def unit(text: str) -> str | None:
    """The unit of amounts named in ``text``: ``1.000 kr.`` or ``mio. kr.``, or ``None``."""
    match = UNIT.search(text)
    if match is None:
        return None
    return "mio. kr." if match.group(1).lower() == "mio." else "1.000 kr."


def year_header(text: str) -> tuple[str, list[int]] | None:
    """For a line that ends in year columns: (what comes before them, the years)."""
    tokens = text.split(" ")
    years: list[int] = []
    while tokens and YEAR.match(tokens[-1]):
        years.insert(0, int(tokens.pop()))
    if not years:
        return None
    if any(b - a != 1 for a, b in itertools.pairwise(years)):
        return None
    return " ".join(tokens), years
