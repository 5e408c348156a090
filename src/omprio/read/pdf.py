"""PDF to text lines with page numbers, via pypdfium2 (PDFium), which keeps table rows intact.

Page numbers printed in a page's header or footer (``3``, ``Side 3``, ``3 af 20``) are dropped so
they do not end up in a label or a table row. A PDF that is encrypted, damaged or has no text
layer (a scan) is refused with a clear :class:`~omprio.read.errors.ReadError`.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from omprio.read.errors import ReadError
from omprio.read.lines import TextLine, split_lines

_PAGE_NUMBER = re.compile(
    r"^(?:side\s+|page\s+|-\s*)?(\d{1,4})(?:\s*(?:af|of|/)\s*\d{1,4})?(?:\s*-)?$", re.IGNORECASE
)


def pdf_lines(data: bytes, path: str) -> list[TextLine]:
    """The non-blank lines of every page, numbered within their page."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(
            path, f"the PDF cannot be opened ({exc}); is it damaged or encrypted?"
        ) from exc
    lines: list[TextLine] = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            page_lines = list(split_lines(text, path, page=index + 1))
            lines.extend(_drop_page_numbers(page_lines, index + 1))
    finally:
        document.close()
    if not lines:
        raise ReadError(
            path, "the PDF has no text layer (a scanned document?); omprio cannot read it"
        )
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
