"""Render pages of text lines into a real A4 PDF, laid out like a catalog PDF (test helper).

Every line sits at its own y position. A line that is a table row (a label followed by one amount
per year column, or an explicit :class:`Row`) is drawn as a table row: the label in a left cell
and every amount right-aligned in its own column cell at a fixed x position, so PDFium has to
reassemble the row from separate text objects, as it must for a real catalog. A page that is
too long continues on a new PDF page (a measure may span two pages). Each PDF page gets its
printed page number in the footer and, optionally, a running header line.

The text is set in DejaVu Sans when that TrueType font is installed (æøå, ``–``, ``’``, ``•``
as they are); otherwise in the PDF core font Helvetica with the text transliterated to cp1252,
which still has æøåÆØÅ, ``–``, ``’`` and ``•``. :func:`render_pdf` records where every input
line ended up (PDF page, line within that page) so tests can check the reader's sources.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from omprio.model import Catalog
from omprio.publish.template_text import TextStyle, catalog_pages

__all__ = [
    "Location",
    "PageLine",
    "RenderedPdf",
    "Row",
    "as_row",
    "catalog_pdf",
    "find_unicode_font",
    "render_pdf",
]

# Page geometry in millimetres (A4 portrait).
PAGE_HEIGHT = 297.0
LEFT = 20.0
RIGHT = 190.0
BODY_TOP = 22.0
BODY_BOTTOM = 272.0
HEADER_Y = 10.0
FOOTER_Y = 282.0
LINE_HEIGHT = 4.8
FONT_SIZE = 9.0
MIN_FONT_SIZE = 5.0
COLUMN_WIDTH = 19.0
CELL_GAP = 2.0

FONT_ENV = "OMPRIO_TEST_PDF_FONT"
"""Set to ``helvetica`` to force the core-font fallback, or to a path of a TrueType font."""

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
    "C:/Windows/Fonts/DejaVuSans.ttf",
)
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))

_AMOUNT = re.compile(r"^(?:[-−]?\d[\d.]*(?:,\d+)?|-)$")

# Characters outside cp1252 that a catalog may contain, and what Helvetica gets instead.
_CP1252_FALLBACK = str.maketrans({
    "\u2212": "-",  # minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
})


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: a label (may be empty) and one cell per year column."""

    label: str
    cells: tuple[str, ...]


PageLine = str | Row
"""A line of a page: text, or a table row (text lines that look like rows become rows)."""


@dataclass(frozen=True, slots=True)
class Location:
    """Where an input line was drawn: the 1-based PDF page and the line number within it."""

    page: int
    line: int


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    """The PDF bytes, the font used, and where every input line of every input page went."""

    data: bytes
    font: str
    page_count: int
    locations: tuple[tuple[Location, ...], ...]

    def first_page(self, index: int) -> int:
        """The PDF page on which input page ``index`` (0-based) starts."""
        return self.locations[index][0].page


def find_unicode_font() -> Path | None:
    """DejaVuSans.ttf if it is installed (or the font named by ``OMPRIO_TEST_PDF_FONT``)."""
    wanted = os.environ.get(FONT_ENV, "")
    if wanted.lower() == "helvetica":
        return None
    if wanted:
        path = Path(wanted)
        return path if path.is_file() else None
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    for folder in _FONT_DIRS:
        root = Path(folder)
        if root.is_dir():
            for found in sorted(root.rglob("DejaVuSans.ttf")):
                return found
    return None


def to_cp1252(text: str) -> str:
    """``text`` with every character Helvetica (WinAnsiEncoding) cannot show replaced."""
    text = text.translate(_CP1252_FALLBACK)
    out: list[str] = []
    for char in text:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252")
            out.append(plain or "?")
        else:
            out.append(char)
    return "".join(out)


def as_row(line: str, columns: int) -> Row | None:
    """``line`` as a table row when it ends in ``columns`` amounts (not all dashes), else None."""
    tokens = line.split()
    if columns < 1 or len(tokens) < columns:
        return None
    cells = tokens[len(tokens) - columns:]
    if not all(_AMOUNT.match(cell) for cell in cells) or all(cell == "-" for cell in cells):
        return None
    return Row(" ".join(tokens[: len(tokens) - columns]), tuple(cells))


class _Writer:
    """Draws lines onto PDF pages, starting a new page when the body is full."""

    def __init__(self, font: Path | None, header: str | None, page_numbers: bool,
                 columns: int, max_lines: int | None) -> None:
        self.pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        self.pdf.set_auto_page_break(auto=False)
        self.pdf.set_margins(LEFT, BODY_TOP, PAGE_HEIGHT - RIGHT)
        self.pdf.set_creator("omprio tests")
        if font is not None:
            self.pdf.add_font("Body", "", str(font))
            self.family = "Body"
            self.font_name = font.name
        else:
            self.pdf.core_fonts_encoding = "windows-1252"
            self.family = "helvetica"
            self.font_name = "helvetica"
        self.unicode = font is not None
        self.pdf.set_font(self.family, size=FONT_SIZE)
        self.header = header
        self.page_numbers = page_numbers
        self.columns = columns
        self.max_lines = max_lines or int((BODY_BOTTOM - BODY_TOP) // LINE_HEIGHT)
        self.line_on_page = 0
        self.page = 0
        self.first_line = 1 if header else 0

    def text(self, value: str) -> str:
        return value if self.unicode else to_cp1252(value)

    def new_page(self) -> None:
        """Finish the current page and start the next, with its running header."""
        self.finish_page()
        self.pdf.add_page()
        self.page += 1
        self.line_on_page = 0
        if self.header:
            self._cell(LEFT, HEADER_Y, RIGHT - LEFT, self.header, "L")

    def finish_page(self) -> None:
        """The printed page number in the footer, drawn last (the last line of the page's text)."""
        if self.page and self.page_numbers:
            self._cell(LEFT, FOOTER_Y, RIGHT - LEFT, str(self.page), "C")

    def _cell(self, x: float, y: float, width: float, text: str, align: str) -> None:
        """One text object in a box; the font shrinks until the text fits the box."""
        text = self.text(text)
        size = FONT_SIZE
        self.pdf.set_font_size(size)
        while size > MIN_FONT_SIZE and self.pdf.get_string_width(text) > width - 1:
            size -= 0.25
            self.pdf.set_font_size(size)
        self.pdf.set_xy(x, y)
        self.pdf.cell(w=width, h=LINE_HEIGHT, text=text, align=align)
        self.pdf.set_font_size(FONT_SIZE)

    def line(self, value: PageLine) -> Location:
        if self.page == 0 or self.line_on_page >= self.max_lines:
            self.new_page()
        y = BODY_TOP + self.line_on_page * LINE_HEIGHT
        self.line_on_page += 1
        row = value if isinstance(value, Row) else as_row(value, self.columns)
        if row is None:
            assert isinstance(value, str)
            self._cell(LEFT, y, RIGHT - LEFT, value, "L")
        else:
            self._row(row, y)
        return Location(self.page, self.first_line + self.line_on_page)

    def _row(self, row: Row, y: float) -> None:
        columns = max(self.columns, len(row.cells))
        first_column = RIGHT - columns * COLUMN_WIDTH
        if row.label:
            self._cell(LEFT, y, first_column - LEFT - CELL_GAP, row.label, "L")
        # Right-align the cells to the last columns, so a short row keeps its years in place.
        start = columns - len(row.cells)
        for index, cell in enumerate(row.cells):
            x = first_column + (start + index) * COLUMN_WIDTH
            self._cell(x, y, COLUMN_WIDTH, cell, "R")


def render_pdf(
    pages: Iterable[Sequence[PageLine]],
    *,
    columns: int = 4,
    header: str | None = None,
    page_numbers: bool = True,
    max_lines: int | None = None,
    font: Path | str | None = "auto",
) -> RenderedPdf:
    """The pages as an A4 PDF; each input page starts on a new PDF page.

    ``columns`` is the number of year columns a text line must end with to be drawn as a table
    row; ``max_lines`` the lines per PDF page before a page continues on the next (default: as
    many as fit); ``font`` a TrueType font file, ``None`` for Helvetica, or ``"auto"``.
    """
    chosen = find_unicode_font() if font == "auto" else (None if font is None else Path(font))
    writer = _Writer(chosen, header, page_numbers, columns, max_lines)
    locations: list[tuple[Location, ...]] = []
    for page in pages:
        writer.new_page()
        locations.append(tuple(writer.line(line) for line in page))
    if writer.page == 0:
        writer.new_page()
    writer.finish_page()
    return RenderedPdf(bytes(writer.pdf.output()), writer.font_name, writer.page, tuple(locations))


def catalog_pdf(
    catalog: Catalog,
    style: TextStyle | None = None,
    *,
    header: str | None = None,
    page_numbers: bool = True,
    max_lines: int | None = None,
    font: Path | str | None = "auto",
) -> RenderedPdf:
    """The catalog as :func:`~omprio.publish.template_text.catalog_pages` lays it out, as a PDF."""
    return render_pdf(catalog_pages(catalog, style), columns=len(catalog.years) or 4,
                      header=header, page_numbers=page_numbers, max_lines=max_lines, font=font)
