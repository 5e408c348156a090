"""The catalog's front matter: cover (title, period, place and date) and introduction.

The cover of the template is three lines (``OMPRIORITERINGSKATALOG`` / ``2024 – 2027`` /
``AARHUS, DEN 22. NOVEMBER 2023``); the introduction runs from there to the OVERBLIK table. The
organisation and department are read from the cover and the introduction ('Sociale Forhold og
Beskæftigelse (MSB)').
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from omprio.model import TextSource
from omprio.read.lines import TextLine, flow_lines, flow_located
from omprio.vocabulary import patterns as p

# Aarhus Kommune's departments (magistratsafdelinger) by abbreviation.
KNOWN_DEPARTMENTS = {
    "MSB": "Sociale Forhold og Beskæftigelse",
    "MBU": "Børn og Unge",
    "MSO": "Sundhed og Omsorg",
    "MTM": "Teknik og Miljø",
    "MKB": "Kultur og Borgerservice",
    "BA": "Borgmesterens Afdeling",
}
_NAMED_WITH_ABBREVIATION = re.compile(
    r"((?:[A-ZÆØÅ][\wæøå-]+)(?:\s+(?:og|for|i|&|[A-ZÆØÅ][\wæøå-]+))*)\s*\(([A-ZÆØÅ]{2,4})\)"
)
_MUNICIPALITY = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)\s+Kommune\b")
_PLACE_AND_DATE = re.compile(
    r"^(?P<place>[A-ZÆØÅa-zæøå. -]+?),?\s+(?:den\s+)?\d{1,2}\.", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Front:
    """What the front matter says."""

    title: str
    period: tuple[int, int] | None
    date: date | None
    organisation: str | None
    department: str | None
    introduction: str
    introduction_source: TextSource | None = None


def parse_front(lines: Sequence[TextLine]) -> Front:
    """Read cover and introduction from the lines before the overview."""
    cover_end = 0
    title = ""
    period = None
    found_date: date | None = None
    place: str | None = None
    unmatched: list[str] = []
    for index, line in enumerate(lines[:8]):
        text = line.text
        if not title and re.search(r"katalog", text, re.IGNORECASE):
            title = _title_case(text)
            period = period or p.period_years(text)
            cover_end = index + 1
            continue
        if period is None and p.period_years(text) and len(text) <= 20:
            period = p.period_years(text)
            cover_end = index + 1
            continue
        date_match = p.DATE.search(text)
        if date_match and found_date is None and len(text) <= 60:
            found_date = _date(date_match)
            place_match = _PLACE_AND_DATE.match(text)
            if place_match:
                place = place_match["place"].strip()
            cover_end = index + 1
            continue
        if title and found_date is None and not line.text.isupper() and len(line.text) <= 80:
            unmatched.append(line.text)
    intro_lines = lines[cover_end:]
    intro, intro_source = _introduction(intro_lines)
    text = flow_lines(lines)
    if not title:
        title = "Omprioriteringskatalog"
    if period and not p.PERIOD.search(title):
        title = f"{title} {period[0]}–{period[1]}"
    return Front(
        title=title,
        period=period,
        date=found_date,
        organisation=_organisation(place, text),
        department=_department(text, unmatched if found_date else []),
        introduction=intro,
        introduction_source=intro_source,
    )


def _title_case(text: str) -> str:
    """'OMPRIORITERINGSKATALOG 2024 – 2027' as 'Omprioriteringskatalog 2024–2027'."""
    text = re.sub(r"\s*[–—-]\s*(?=\d{4})", "–", text)
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group(3)), p.MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None


def _introduction(lines: Sequence[TextLine]) -> tuple[str, TextSource]:
    """Paragraphs of the introduction (upper-case lines, a heading, stand on their own) and
    where each of its lines is."""
    blocks: list[list[TextLine]] = []
    current: list[TextLine] = []
    after_heading = False
    for line in lines:
        heading = (
            line.text.isupper()
            and len(line.text) <= 80
            and not line.text.endswith((".", ",", ";", ":"))
        )
        if heading and after_heading and not current:
            blocks[-1].append(line)  # a heading wrapped over two lines
        elif heading:
            if current:
                blocks.append(current)
            blocks.append([line])
            current = []
        else:
            current.append(line)
        after_heading = heading
    if current:
        blocks.append(current)
    return flow_located(blocks)


def _organisation(place: str | None, text: str) -> str | None:
    match = _MUNICIPALITY.search(text)
    if match:
        return f"{match.group(1)} Kommune"
    if place:
        return f"{place.title()} Kommune"
    return None


def _department(text: str, cover: Sequence[str]) -> str | None:
    if cover:
        return cover[0]
    for match in _NAMED_WITH_ABBREVIATION.finditer(text):
        name, abbreviation = match.group(1), match.group(2)
        if (
            abbreviation in KNOWN_DEPARTMENTS
            and KNOWN_DEPARTMENTS[abbreviation].lower() in name.lower()
        ):
            return KNOWN_DEPARTMENTS[abbreviation]
        if len(name.split()) >= 2:
            return name
    lowered = text.lower()
    for name in KNOWN_DEPARTMENTS.values():
        if name.lower() in lowered:
            return name
    return None
