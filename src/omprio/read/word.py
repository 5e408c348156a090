"""A Word document (.docx) as the paragraphs and table rows of its body, in order.

:func:`word_blocks` opens the document (once its ZIP has passed the limits of
:mod:`omprio.read.archive` and its body the block limit of :mod:`omprio.read.limits`) and gives
every paragraph and every table row of the body in document order, numbered from 1: that number
is the ``line`` of every :class:`~omprio.model.Source` read from it. Content controls and custom
XML around paragraphs are looked into; text boxes, headers, footers, pictures and deleted text
(tracked changes) are not read. A paragraph's text keeps its line breaks (``Shift+Enter``) and
tabs; a row is its cells, one per ``w:tc`` (a merged cell once, with the grid column it starts
at, so a cell merged across columns or continuing a vertical merge never repeats its text).

:func:`word_lines` turns the blocks into the :class:`~omprio.read.lines.TextLine` values the
text reader gets, so that :func:`omprio.read.template.parse_catalog` reads a Word catalog with
no parser of its own: a paragraph gives its lines, a table row one line of its cells' text (an
empty amount cell between others is a dash, as the template writes it).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from omprio.display import Number
from omprio.money import parse_danish
from omprio.read.archive import check_archive, member_count
from omprio.read.limits import MAX_MEMBERS, MAX_WORD_BLOCKS
from omprio.read.lines import TextLine, split_lines
from omprio.read_error import ReadError

__all__ = ["Cell", "Paragraph", "Row", "WordDocument", "is_word", "word_blocks", "word_lines"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_SDT, _SDT_CONTENT, _CUSTOM = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
_TEXT, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_NO_BREAK_HYPHEN, _SOFT_HYPHEN = f"{_W}noBreakHyphen", f"{_W}softHyphen"
_SKIPPED = frozenset({
    f"{_W}txbxContent", f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", f"{_W}sdtPr",
    f"{_W}instrText", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
})
_GRID_SPAN = f"{_W}gridSpan"
_VAL = f"{_W}val"
_BLOCK_TOKEN = re.compile(rb"<w:(?:p|tr|tc)[\s>/]")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the body: its text (breaks as newlines, tabs as tabs) and its number."""

    text: str
    number: int


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text (its paragraphs joined by spaces) and the grid column it starts at."""

    text: str
    column: int


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: its cells, the table it is in (counted from 1) and its number."""

    cells: tuple[Cell, ...]
    table: int
    number: int

    def at(self, column: int) -> str:
        """The text of the cell that starts at grid ``column`` ('' for none)."""
        return next((cell.text for cell in self.cells if cell.column == column), "")


Block = Paragraph | Row


@dataclass(frozen=True, slots=True)
class WordDocument:
    """The body of a Word document as blocks, and its category (a core property)."""

    blocks: tuple[Block, ...]
    category: str
    subject: str


def is_word(data: bytes) -> bool:
    """True for a ZIP that holds a Word document (``word/document.xml``)."""
    count = member_count(data)
    if count is not None and count > MAX_MEMBERS:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def word_blocks(data: bytes, path: str) -> WordDocument:
    """The body of the Word document ``data`` (see the module's docstring); a ReadError when
    the ZIP breaks a limit or the document cannot be opened."""
    check_archive(data, path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = archive.read("word/document.xml")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(path, "read.word.damaged", reason=exc) from None
    if len(_BLOCK_TOKEN.findall(body)) > MAX_WORD_BLOCKS:
        raise ReadError(path, "read.word.blocks", most=Number(MAX_WORD_BLOCKS))
    del body
    from docx import Document  # python-docx (lxml), only for a Word document

    try:
        document: Any = Document(io.BytesIO(data))
        properties = document.core_properties
        category, subject = properties.category or "", properties.subject or ""
        element = document.element.body
    except Exception as exc:  # python-docx raises many kinds on a broken file
        raise ReadError(path, "read.word.damaged", reason=str(exc)[:200]) from None
    return WordDocument(tuple(_blocks(element)), category, subject)


def _blocks(body: Any) -> Iterator[Block]:
    number = 0
    tables = 0
    for element in _block_elements(body):
        if element.tag == _P:
            number += 1
            yield Paragraph(_text(element), number)
            continue
        tables += 1
        for row in _rows(element):
            number += 1
            yield Row(tuple(_cells(row)), tables, number)


def _block_elements(parent: Any) -> Iterator[Any]:
    """The paragraphs and tables under ``parent``, looking into content controls."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _block_elements(content)
        elif tag == _CUSTOM:
            yield from _block_elements(child)


def _rows(table: Any) -> Iterator[Any]:
    for child in table.iterchildren():
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM):
            yield from _rows(child)


def _row_cells(parent: Any) -> Iterator[Any]:
    """The cells of a row, looking into content controls (never into a table in a cell)."""
    for child in parent.iterchildren():
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM):
            yield from _row_cells(child)


def _cells(row: Any) -> Iterator[Cell]:
    column = 0
    for cell in _row_cells(row):
        parts = [" ".join(_text(p).split()) for p in _block_elements(cell) if p.tag == _P]
        yield Cell(" ".join(part for part in parts if part), column)
        span = cell.find(f"{_W}tcPr/{_GRID_SPAN}")
        width = span.get(_VAL) if span is not None else None
        column += int(width) if width is not None and width.isdigit() else 1


def _text(paragraph: Any) -> str:
    """A paragraph's text: runs, hyperlinks, fields' results, insertions; breaks and tabs."""
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == _TEXT:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == _SOFT_HYPHEN:
            parts.append("\u00ad")
        elif tag != _P:
            _collect(child, parts)


def word_lines(document: WordDocument, path: str) -> list[TextLine]:
    """The blocks as the text lines the template reader reads (see the module's docstring)."""
    lines: list[TextLine] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            lines.extend(line._replace(number=block.number)
                         for line in split_lines(block.text, path))
            continue
        texts = [cell.text for cell in block.cells]
        if any(parse_danish(text) is not None for text in texts[1:]):
            texts = texts[:1] + [text or "-" for text in texts[1:]]
        text = " ".join(text for text in texts if text)
        lines.extend(line._replace(number=block.number) for line in split_lines(text, path))
    return lines
