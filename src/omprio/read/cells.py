"""Tables written one cell per line, joined back into rows before the template reads them.

Word's "save as text" (and LibreOffice's text export of a ``.docx``) writes every table cell on a
line of its own::

    Økonomiske konsekvenser og personaleændringer 2024-2027 (2024-PL i 1.000 kr.)
    2024
    2025
    2026
    2027
    Nettoændringer i driftsudgifter i alt
    -1.000
    -1.000
    …

A run of two or more lines that are each one year, counting up by one, becomes one year header
line (``2024 2025 2026 2027``); a run of two or more lines that are each one amount (or a dash)
is joined onto the label line above it (``Nettoændringer i driftsudgifter i alt -1.000 …``), the
way ``pdftotext -layout`` and PDFium write a row. A single number on its own line is left as it
is, and so is every line of text.
"""

from __future__ import annotations

from omprio.money import is_dash, parse_danish
from omprio.read.lines import TextLine
from omprio.vocabulary import patterns as p


def _year(text: str) -> int | None:
    return int(text) if p.YEAR.match(text) else None


def _is_lone_cell(text: str) -> bool:
    return " " not in text and (parse_danish(text) is not None or is_dash(text))


def _is_row(text: str) -> bool:
    """A line that already ends in amounts: cells below it are not its own."""
    tokens = text.split(" ")
    return all(parse_danish(t) is not None or is_dash(t) for t in tokens[-1:])


def join_cell_lines(lines: list[TextLine]) -> list[TextLine]:
    """``lines`` with year columns and amount cells written one per line joined into rows."""
    result: list[TextLine] = []
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        year = _year(line.text)
        end = index + 1
        if year is not None:
            while end < count and _year(lines[end].text) == year + (end - index):
                end += 1
            if end - index >= 2:
                joined = " ".join(x.text for x in lines[index:end])
                result.append(line._replace(text=joined))
                index = end
                continue
        if _is_lone_cell(line.text):
            while end < count and _is_lone_cell(lines[end].text):
                end += 1
            if end - index >= 2:
                cells = " ".join(x.text for x in lines[index:end])
                if result and not _is_row(result[-1].text):
                    result[-1] = result[-1]._replace(text=f"{result[-1].text} {cells}")
                else:
                    result.append(line._replace(text=cells))
                index = end
                continue
        result.append(line)
        index += 1
    return result
