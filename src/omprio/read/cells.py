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
        if " " in line.text:  # (a quick test: a year or a cell is one word)
            result.append(line)
            index += 1
            continue
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


# -- labels above the year header, amounts below it (pdftotext without -layout) -------------------

_LOOK_BACK = 40  # lines from a year header back to its caption
_MAX_TOKENS = 4000


def _all_cells(text: str) -> bool:
    return all(parse_danish(t) is not None or is_dash(t) for t in text.split(" "))


def join_label_blocks(lines: list[TextLine]) -> list[TextLine]:
    """``lines`` with tables written as a column of labels, then the year header, then the
    amounts row by row (how ``pdftotext`` without ``-layout`` reads a table) written as rows.

    Between the caption (``Økonomiske konsekvenser … (2024-PL i 1.000 kr.)``) and the year
    header stand the row labels; after the header come the amounts, however they are wrapped.
    When there are exactly as many amounts as labels times years, label *k* gets amounts
    *k·n … k·n+n−1*; a label wrapped over two lines (the second starting in lower case) counts
    once. Field lines between the labels and the header (``Sektor: …``: some PDFs draw the table
    last) are put after the table. Any other count is left as it is, for the table reader to
    report."""
    result: list[TextLine] = []
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        header = p.year_header(line.text) if line.text[-4:].isdigit() else None
        if header is None or header[0] or not result:
            result.append(line)
            index += 1
            continue
        years = len(header[1])
        caption = next(
            (
                back
                for back in range(len(result) - 1, max(-1, len(result) - 1 - _LOOK_BACK), -1)
                if p.TABLE_CAPTION.search(result[back].text)
            ),
            None,
        )
        between = result[caption + 1 :] if caption is not None else []
        # Some pages put the fields below the table (Sektor, Budget, Besparelse) before it.
        fields_at = next((i for i, x in enumerate(between) if _is_field(x.text)), len(between))
        labels, fields = between[:fields_at], between[fields_at:]
        end = index + 1
        tokens: list[str] = []
        while end < count and _all_cells(lines[end].text) and len(tokens) < _MAX_TOKENS:
            tokens.extend(lines[end].text.split(" "))
            end += 1
        whole = bool(tokens) and len(tokens) % years == 0
        rows = _labels(labels, len(tokens) // years) if whole else None
        if caption is None or not labels or rows is None:
            result.append(line)
            index += 1
            continue
        del result[caption + 1 :]
        result.append(line)
        for number, row in enumerate(rows):
            cells = " ".join(tokens[number * years : (number + 1) * years])
            result.extend(row[:-1])
            result.append(row[-1]._replace(text=f"{row[-1].text} {cells}"))
        result.extend(fields)
        index = end
    return result


def _labels(lines: list[TextLine], rows: int) -> list[list[TextLine]] | None:
    """The label lines grouped into ``rows`` labels, or None when they cannot be."""
    if not rows or any(_all_cells(x.text) or _is_field(x.text) for x in lines):
        return None
    groups: list[list[TextLine]] = []
    for line in lines:
        if groups and len(lines) > rows and line.text[:1].islower():
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups if len(groups) == rows else None


def _is_field(text: str) -> bool:
    return bool(
        p.SECTOR.match(text)
        or p.AREA_BUDGET.match(text)
        or p.SAVINGS_PCT.match(text)
        or p.measure_header(text)
        or p.HEADER_PREFIX.match(text)
        or p.NOTE_START.match(text)
    )
