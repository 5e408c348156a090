"""PDF to text lines with page numbers, via pypdfium2 (PDFium), which keeps table rows intact.

Page numbers printed in a page's header or footer (``3``, ``Side 3``, ``3 af 20``) and running
headers and footers (a first or last line that repeats on most pages) are dropped so they do not
end up in a label, a field or a table row. A line the template gives meaning to (a measure
header, a field such as ``Besparelse i %: 10 %``, a table row) is never taken for a running line,
however often it repeats: a catalog whose measures all start ``Tema 1A, MBU-#`` keeps them.
A PDF that is encrypted, damaged or has no text layer (a scan), or has more pages or characters
of text than :mod:`omprio.read.limits` allows (checked before a page's text is extracted), is
refused with a clear :class:`~omprio.read_error.ReadError`.
"""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2 as pdfium

from omprio.display import Number
from omprio.money import is_dash, parse_danish
from omprio.read.limits import MAX_PDF_CHARS, MAX_PDF_PAGES
from omprio.read.lines import TextLine, split_lines
from omprio.read_error import ReadError
from omprio.vocabulary import patterns as p

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^(?:side\s+|page\s+|-\s*)?(\d{1,4})(?:\s*(?:af|of|/)\s*\d{1,4})?(?:\s*-)?$", re.IGNORECASE
)


def pdf_lines(data: bytes, path: str) -> list[TextLine]:
    """The non-blank lines of every page, numbered within their page."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(path, "read.pdf.open", reason=exc) from exc
    pages: list[list[TextLine]] = []
    characters = 0
    try:
        count = len(document)
        if count > MAX_PDF_PAGES:
            raise ReadError(path, "read.pdf.pages", count=Number(count), most=Number(MAX_PDF_PAGES))
        for index in range(count):
            try:
                page = document[index]
                textpage = page.get_textpage()
                characters += textpage.count_chars()
                if characters > MAX_PDF_CHARS:  # counted before the text is extracted
                    textpage.close()
                    page.close()
                    raise ReadError(path, "read.pdf.chars", most=Number(MAX_PDF_CHARS))
                text = textpage.get_text_range()
                textpage.close()
                page.close()
            except pdfium.PdfiumError as exc:
                raise ReadError(path, "read.pdf.page", page=index + 1, reason=exc) from exc
            page_lines = list(split_lines(text, path, page=index + 1))
            pages.append(_drop_page_numbers(page_lines, index + 1))
    finally:
        document.close()
    lines = [line for page_lines in _drop_running_lines(pages) for line in page_lines]
    if not lines:
        raise ReadError(path, "read.pdf.no_text")
    return lines


def _drop_page_numbers(lines: list[TextLine], page: int) -> list[TextLine]:
    """Lines without a printed page number as the first or last line of the page."""

    def is_page_number(line: TextLine) -> bool:
        match = _PAGE_NUMBER.match(line.text)
        return match is not None and int(match.group(1)) in {page, page - 1, page + 1}

    while lines and is_page_number(lines[-1]):
        lines = lines[:-1]
    while lines and is_page_number(lines[0]):
        lines = lines[1:]
    return lines


def _running_key(text: str) -> str:
    """A header or footer line with its page number blanked ('Side 3 af 20' ~ 'Side 4 af 20')."""
    return _DIGITS.sub("#", text)


def _is_template_line(text: str) -> bool:
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
    return len(tokens) >= 2 and all(
        parse_danish(token) is not None or is_dash(token) for token in tokens[-2:]
    )


def _drop_running_lines(pages: list[list[TextLine]]) -> list[list[TextLine]]:
    """Pages without running headers and footers: a first or last line repeated on most pages
    (never a line of the template itself)."""
    if len(pages) < 3:
        return pages
    result = pages
    for position in (0, -1):
        candidates = [
            page[position].text
            for page in result
            if page and not _is_template_line(page[position].text)
        ]
        counts = Counter(_running_key(text) for text in candidates)
        running = {key for key, count in counts.items() if count >= max(3, len(pages) // 2)}
        if not running:
            continue

        def is_running(line: TextLine, running: set[str] = running) -> bool:
            return _running_key(line.text) in running and not _is_template_line(line.text)

        result = [
            page[1:]
            if position == 0 and page and is_running(page[0])
            else page[:-1]
            if position == -1 and page and is_running(page[-1])
            else page
            for page in result
        ]
    return result
