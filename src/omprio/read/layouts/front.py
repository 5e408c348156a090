"""The front matter of a layout other than the template: title, organisation, department,
period, date and the rest as introduction, from the lines before the first proposal or table.

The first line is the title (sentence case when written in capitals); a line naming a
municipality (``Københavns Kommune``) gives the organisation; a short line naming an
administration (``Socialforvaltningen``, ``Familie- og Beskæftigelsesforvaltningen``) the
department; a period (``Budget 2025-2028``) the stated period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from omprio.read.lines import TextLine, flow_lines
from omprio.vocabulary import patterns as p

_MUNICIPALITY = re.compile(r"\b([A-ZÆØÅ][\wæøå-]+\s+Kommune)\b")
_DEPARTMENT = re.compile(
    r"^[A-ZÆØÅ][\wæøå-]*(?:\s+(?:og|for|&)\s+[\wæøå-]+)*"
    r"(?:forvaltning(?:en)?|[Ff]orvaltning|afdeling(?:en)?|område|direktion(?:en)?)$"
)


@dataclass(frozen=True, slots=True)
class LayoutFront:
    """What the front matter says."""

    title: str
    organisation: str | None
    department: str | None
    period: str | None
    date: date | None
    introduction: str


def front_of(lines: Sequence[TextLine]) -> LayoutFront:
    """Read the front matter from ``lines`` (possibly none)."""
    title = ""
    organisation = None
    department = None
    period = None
    found_date = None
    rest: list[TextLine] = []
    for index, line in enumerate(lines):
        text = line.text
        if index == 0:
            title = text[:1] + text[1:].lower() if text.isupper() else text
            period = p.period_text(text)
            continue
        municipality = _MUNICIPALITY.search(text)
        if organisation is None and municipality and len(text) < 80:
            organisation = municipality.group(1)
            continue
        if department is None and _DEPARTMENT.match(text) and len(text) < 80:
            department = text
            continue
        if period is None and len(text) < 60 and (found := p.period_text(text)):
            period = found
            continue
        if found_date is None and (match := p.DATE.search(text)):
            try:
                found_date = date(int(match[3]), p.MONTHS[match[2].lower()], int(match[1]))
            except ValueError:
                found_date = None
        rest.append(line)
    return LayoutFront(title, organisation, department, period, found_date, flow_lines(rest))
