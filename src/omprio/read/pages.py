"""Page furniture: page numbers and running headers and footers, removed before fields are read.

Every extractor prints them in its own way: PDFium and ``pdftotext -layout`` put the footer
(``Omprioriteringskatalog 2024–2027 · Side 7 af 25``, ``7``, ``- 7 -``, ``Side 7``, ``7 af 25``,
``Page 7 of 25``) on a line of its own at the foot of the page, ``pdftotext`` separates pages
with a form feed, ``pdftotext -nopgbrk`` and copied text do not separate them at all. Left in
place such a line is read as part of the field above it (``Besparelse i %: 22,9% 7``).

* With pages (PDF, or text with form feeds): a page number as the first or last line of a
  page, or a first or last line (up to two of each) that repeats on most pages with only its
  digits differing, is dropped; such a running line with words in it is dropped wherever it
  stands on a page (``pdftotext`` without ``-layout`` may write the footer mid-page).
* Without pages: a line that is only a page number (``7``, ``Side 7``, ``7 af 25``, ``- 7 -``),
  or a line ending in one that repeats with only its digits differing, is dropped when the
  numbers so found run upwards through the document like page numbers do. A bare number next
  to another line of one number is a table cell, never a page number.

A line the template gives meaning to (a measure header, a field such as ``Besparelse i %: 10 %``,
a table row), and a group heading that a total row names (``Område 2`` / ``I alt område 2``),
is never taken for furniture, however often it repeats.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from omprio.money import is_dash, parse_danish
from omprio.read.lines import TextLine
from omprio.vocabulary import patterns as p
from omprio.vocabulary.layouts import named_by_totals

_DIGITS = re.compile(r"\d+")
_OF = r"(?:\s*(?:af|of|/)\s*\d{1,4})?"
# A line that is only a page number, in the styles catalogs use (groups a, b, c: the number).
PAGE_NUMBER = re.compile(
    r"^(?:"
    rf"(?:side|s\.|page|p\.)\s*(?P<a>\d{{1,4}}){_OF}"  # Side 7, Side 7 af 25, Page 7 of 25
    rf"|(?P<b>\d{{1,4}}){_OF}"  # 7, 7 af 25, 7/25
    r"|[-–—]\s*(?P<c>\d{1,4})\s*[-–—]"  # - 7 -, – 7 –
    r")$",
    re.IGNORECASE,
)
_MOST_RUNNING_LINES = 2  # header or footer lines a page may have at top and bottom
_LONGEST_PAGE_NUMBER = 24  # 'Page 1234 of 1234' and its spaces
_DASHES = ("-", "–", "—")
_OF_WORDS = frozenset({"af", "of"})
_PAGE_WORDS = frozenset({"side", "s.", "page", "p."})


def page_number(text: str) -> int | None:
    """The page number a line consists of (``7``, ``Side 7``, ``7 af 25``, ``- 7 -``), if any."""
    if len(text) > _LONGEST_PAGE_NUMBER:
        return None
    match = PAGE_NUMBER.match(text)
    if match is None:
        return None
    return int(match["a"] or match["b"] or match["c"])


def running_key(text: str) -> str:
    """A header or footer line with its digits blanked ('Side 3 af 20' ~ 'Side 4 af 20')."""
    return _DIGITS.sub("#", text)


def is_template_line(text: str) -> bool:
    """A line the template gives meaning to: a header, a field, a table row or the overview."""
    if (
        p.measure_header(text)
        or p.HEADER_PREFIX.match(text)
        or p.SECTOR.match(text)
        or p.AREA_BUDGET.match(text)
        or p.SAVINGS_PCT.match(text)
        or p.FTE_LABEL.search(text)
        or p.OVERVIEW_HEADING.match(text)
    ):
        return True
    tokens = text.split(" ")
    return len(tokens) >= 2 and all(_is_cell(token) for token in tokens[-2:])


def _is_cell(token: str) -> bool:
    return parse_danish(token) is not None or is_dash(token)


def _is_lone_cell(text: str) -> bool:
    """A line that is one table cell: how a table written one cell per line looks."""
    return " " not in text and _is_cell(text)


# -- pages -------------------------------------------------------------------------------------


def drop_page_furniture(pages: list[list[TextLine]]) -> list[list[TextLine]]:
    """Pages (each a list of lines) without page numbers and running headers and footers."""
    result = [list(page) for page in pages]
    for _ in range(_MOST_RUNNING_LINES):
        result = _drop_page_numbers(result)
        result = _drop_running_lines(result)
    return result


def _drop_page_numbers(pages: list[list[TextLine]]) -> list[list[TextLine]]:
    """Page numbers as first or last line of their page: the printed number is the page's
    position, give or take one, or off by the same amount on at least two pages (a cover and a
    contents page that are not counted)."""
    offsets: Counter[int] = Counter()
    for position, page in enumerate(pages, start=1):
        for line in {id(x): x for x in (page[:1] + page[-1:])}.values():
            number = page_number(line.text)
            if number is not None:
                offsets[number - position] += 1
    accepted = {-1, 0, 1} | {offset for offset, count in offsets.items() if count >= 2}

    def is_number(line: TextLine, position: int) -> bool:
        number = page_number(line.text)
        return number is not None and number - position in accepted

    result = []
    for position, page in enumerate(pages, start=1):
        if page and is_number(page[-1], position) and not _cell_above(page, len(page) - 1):
            page = page[:-1]
        if page and is_number(page[0], position):
            page = page[1:]
        result.append(page)
    return result


def _cell_above(page: Sequence[TextLine], index: int) -> bool:
    """True when the line above a bare number is one number too: the number is a cell of a table
    written one cell per line (a styled page number such as 'Side 7' never is)."""
    line = page[index]
    if not line.text.isdigit() or index == 0:
        return False
    return _is_lone_cell(page[index - 1].text)


def _drop_running_lines(pages: list[list[TextLine]]) -> list[list[TextLine]]:
    """Pages without a first or last line repeated on most pages (digits aside)."""
    if len(pages) < 3:
        return pages
    result = pages
    for position in (0, -1):
        candidates = [
            page[position].text
            for page in result
            if page and not is_template_line(page[position].text)
        ]
        counts = Counter(running_key(text) for text in candidates)
        running = {key for key, count in counts.items() if count >= max(3, len(pages) // 2)}
        if not running:
            continue

        def is_running(line: TextLine, running: set[str] = running) -> bool:
            return running_key(line.text) in running and not is_template_line(line.text)

        result = [
            page[1:]
            if position == 0 and page and is_running(page[0])
            else page[:-1]
            if position == -1 and page and is_running(page[-1])
            else page
            for page in result
        ]
        # An extractor that follows the drawing order (pdftotext without -layout) may put the
        # footer before the last table: a running line with words is dropped where it stands.
        worded = {key for key in running if any(char.isalpha() for char in key)}
        if worded:
            result = [
                [line for line in page if not is_running(line, worded)] for page in result
            ]
    return result


# -- text with or without form feeds -----------------------------------------------------------


def drop_text_furniture(lines: list[TextLine]) -> list[TextLine]:
    """The lines of an extracted text without its page furniture: by page where form feeds
    separate pages, else by the page numbers found in the running text."""
    if len({line.page for line in lines}) > 1:
        pages: list[list[TextLine]] = []
        current: object = object()
        for line in lines:
            if line.page != current:
                pages.append([])
                current = line.page
            pages[-1].append(line)
        return [line for page in drop_page_furniture(pages) for line in page]
    return _drop_unpaged(lines)


def _drop_unpaged(lines: list[TextLine]) -> list[TextLine]:
    """Page numbers and numbered running lines in a text without page breaks."""
    numbered: list[tuple[int, str, int]] = []  # (index, running key, page number it shows)
    candidates: list[tuple[int, int]] = []  # (index of line, page number it shows)
    for index, line in enumerate(lines):
        text = line.text
        if not text[-1:].isdigit() and not text.endswith(_DASHES):
            continue  # (a quick test: most lines end in a letter or a stop)
        number = page_number(text)
        if number is not None:
            if not (text.isdigit() and _next_to_cells(lines, index)):
                candidates.append((index, number))
            continue
        shown = _numbered(text)
        if shown is not None:
            numbered.append((index, running_key(text), shown))
    keys = Counter(key for _index, key, _shown in numbered)
    headings = named_by_totals([line.text for line in lines]) if numbered else set()
    candidates.extend(
        (index, shown)
        for index, key, shown in numbered
        if keys[key] >= 3
        and not is_template_line(lines[index].text)
        and lines[index].text.lower() not in headings
    )
    candidates.sort()
    drop = _page_sequence(candidates)
    if not drop:
        return lines
    return [line for index, line in enumerate(lines) if index not in drop]


def _numbered(text: str) -> int | None:
    """The page number a line of words ends in ('Katalog 2024–2027 · Side 7 af 25'), unless
    the line is a table row (a number before it) or has no word."""
    tokens = text.split(" ")
    if len(tokens) >= 3 and tokens[-2].lower() in _OF_WORDS and tokens[-1].isdigit():
        del tokens[-2:]  # '7 af 25'
    elif "/" in tokens[-1]:
        shown, _, total = tokens[-1].partition("/")
        if shown.isdigit() and total.isdigit():
            tokens[-1] = shown  # '7/25'
    last = tokens.pop()
    if not last.isdigit() or len(last) > 4 or not tokens:
        return None
    if tokens[-1].lower() in _PAGE_WORDS:
        tokens.pop()
    joined = " ".join(tokens).rstrip(" ")
    head = joined.rstrip(" ·|•,–—-")
    if not head or not any(char.isalpha() for char in head):
        return None
    if head == joined and _is_cell(head.rsplit(" ", 1)[-1]):
        return None  # a table row ('Styrket fokus på § 83 -375'); 'Aarhus 2024 · 7' is none
    return int(last)


def _next_to_cells(lines: Sequence[TextLine], index: int) -> bool:
    """A bare number with a line of one number just above or below it: a table cell."""
    return any(
        0 <= other < len(lines) and _is_lone_cell(lines[other].text)
        for other in (index - 1, index + 1)
    )


def _page_sequence(candidates: list[tuple[int, int]]) -> set[int]:
    """The candidates that number pages: the longest run, in document order, whose numbers go up
    by one to three at a time (pages without a number, such as a chart, are skipped), of at least
    two page numbers."""
    # Longest chain, in one pass: the best chain ending in each page number seen so far.
    ending: dict[int, tuple[int, int]] = {}  # page number -> (chain length, candidate position)
    previous: list[int] = []  # candidate position -> the one before it in its chain (-1: none)
    best_length, best_end = 0, -1
    for position, (_index, number) in enumerate(candidates):
        length, before = 1, -1
        for step in (1, 2, 3):
            found = ending.get(number - step)
            if found is not None and found[0] + 1 > length:
                length, before = found[0] + 1, found[1]
        previous.append(before)
        if length >= ending.get(number, (0, -1))[0]:
            ending[number] = (length, position)
        if length > best_length:
            best_length, best_end = length, position
    best: list[int] = []
    while best_end >= 0:
        best.append(best_end)
        best_end = previous[best_end]
    if len(best) < 2:
        return set()
    return {candidates[position][0] for position in best}
