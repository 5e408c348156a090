"""PDF to text lines with page numbers, via pypdfium2 (PDFium), which keeps table rows intact.

Page numbers printed in a page's header or footer (``3``, ``Side 3``, ``3 af 20``) and running
headers and footers (a first or last line that repeats on most pages) are dropped by
:mod:`omprio.read.pages`, so they do not end up in a label, a field or a table row.
A PDF that is encrypted, damaged or has no text layer (a scan), or has more pages or characters
of text than :mod:`omprio.read.limits` allows (checked before a page's text is extracted), is
refused with a clear :class:`~omprio.read_error.ReadError`.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from omprio.display import Number
from omprio.read.limits import MAX_PDF_CHARS, MAX_PDF_PAGES
from omprio.read.lines import TextLine, split_lines
from omprio.read.pages import drop_page_furniture
from omprio.read_error import ReadError


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
            pages.append(list(split_lines(text, path, page=index + 1)))
    finally:
        document.close()
    lines = [line for page_lines in drop_page_furniture(pages) for line in page_lines]
    if not lines:
        raise ReadError(path, "read.pdf.no_text")
    return lines
