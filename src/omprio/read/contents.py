"""A table of contents written as text, and the sections it names that the template does not read.

A PDF draws its contents page; a Word document saved as text writes it out, one entry a line::

    Indhold
    Indledning
    Overblik
    Figurer
    Tema 1: Børn og unge
    BFF-1 Omlægning af Brobyg-fraværsindsats
    …
    Bilag: Kontrolresultater
    Indledning                 <- the first entry again: the contents have ended

The contents block is dropped, and so is the line that repeats its first entry (a section
heading such as ``Indledning``, which is no part of the introduction's text). After the OVERBLIK
table, a section the contents name that the template has no place for (``Figurer``, ``Bilag: …``:
charts and appendices) runs from its heading to the next measure page; its lines are dropped,
so an appendix is never read as the end of the last measure's field; the introduction before the
OVERBLIK table is never cut. Entries for themes and measures, and the OVERBLIK heading, name what
the template reads; lines that repeat them stay. Entries are compared without regard to case.
Without a contents block that ends where the first entry comes again, nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from omprio.read.lines import TextLine
from omprio.vocabulary import patterns as p

_CONTENTS = re.compile(r"^(?:Indhold|Indholdsfortegnelse|Contents|Table of contents)$", re.I)
_LEADER_AND_PAGE = re.compile(r"(?:[\s.·…_]+\d{1,4})?$")
# Entries for a theme or a measure: their text is read where it stands (overview, measure page).
_PART = re.compile(r"^(?:Tema|Theme)\s+\d|^[A-ZÆØÅ]{1,6}-\d{1,3}[A-Z]?\b", re.IGNORECASE)
_LOOK_FOR_CONTENTS = 80  # lines from the start of the document
_MOST_ENTRIES = 2000


def _entry(text: str) -> str:
    """A contents entry without its dotted leader and page number ('Indledning ..... 3')."""
    return _LEADER_AND_PAGE.sub("", text).strip()


def _is_template_heading(text: str) -> bool:
    return bool(p.OVERVIEW_HEADING.match(text) or p.measure_header(text))


def drop_contents(lines: Sequence[TextLine]) -> list[TextLine]:
    """``lines`` without a written-out table of contents and the sections it names that the
    template does not read (see the module's description)."""
    at = next(
        (i for i, line in enumerate(lines[:_LOOK_FOR_CONTENTS]) if _CONTENTS.match(line.text)),
        None,
    )
    if at is None:
        return list(lines)
    entries: list[str] = []
    end = None
    for index in range(at + 1, min(len(lines), at + 1 + _MOST_ENTRIES)):
        text = lines[index].text
        if entries and text.casefold() == entries[0]:
            end = index
            break
        if p.measure_header(text):
            break
        entries.append(_entry(text).casefold())
    if end is None or not entries:
        return list(lines)
    first = entries[0]
    names = {e for e in entries[1:] if not _is_template_heading(e) and not _PART.match(e)}
    result = list(lines[:at])
    skipping = False
    after_overview = False
    for line in lines[end:]:
        text = line.text
        if _is_template_heading(text) or p.HEADER_PREFIX.match(text):
            skipping = False
            after_overview = True
        elif text.casefold() == first:
            continue
        elif after_overview and text.casefold() in names:
            # A section heading after the OVERBLIK table: measure pages are read, anything else
            # the contents name (figures, appendices) has no place in the template.
            skipping = True
            continue
        if not skipping:
            result.append(line)
    return result
