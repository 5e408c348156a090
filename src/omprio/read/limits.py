"""The limits of reading an upload, in one place: what a document may hold before omprio
refuses it (a :class:`~omprio.read_error.ReadError`, exit 2 on the CLI, 422 on upload).

Each limit leaves a wide margin over the largest catalog omprio publishes (10,000 measures:
a 7 MB workbook that unpacks to 60 MB, 41,019 rows on its lines sheet, ~700,000 cells; a
5,000-measure catalog as PDF has ~5,300 pages), and bounds the memory and time a hostile file
can cost before it is refused. docs/rules.md lists them for users.
"""

from __future__ import annotations

MiB = 1024 * 1024

MAX_BYTES = 200 * MiB
"""At most this large a file (``omprio check``); the web app's upload limit is smaller."""

# The ZIP of a workbook (read/archive.py), checked before any XML is parsed.
MAX_MEMBERS = 1000
"""At most this many files in the ZIP (omprio writes 13)."""
MAX_UNPACKED_BYTES = 192 * MiB
"""At most this many bytes unpacked in all, as declared and as actually read."""
MAX_MEMBER_BYTES = 96 * MiB
"""At most this many bytes unpacked in one file of the ZIP."""
MAX_RATIO = 100
"""A file of the ZIP larger than :data:`RATIO_FROM` unpacked may be at most this many times
its packed size (omprio's sheets: 8-10; a zip bomb: ~1,000)."""
RATIO_FROM = 1 * MiB

# The sheets of a workbook (read/sheets.py), counted as they stream.
MAX_ROWS = 200_000
"""At most this many rows on a sheet."""
MAX_COLUMNS = 256
"""At most this many columns in a row."""
MAX_CELLS = 2_000_000
"""At most this many cells in the workbook (and shared strings)."""
MAX_CELL_CHARS = 32_767
"""At most this many characters in a cell (Excel's own limit)."""

# PDF (read/pdf.py), checked before the text of a page is extracted.
MAX_PDF_PAGES = 10_000
"""At most this many pages."""
MAX_PDF_CHARS = 40_000_000
"""At most this many characters of text in all pages."""

# Word (read/word.py), counted in the bytes of the body before it is parsed.
MAX_WORD_BLOCKS = 2_000_000
"""At most this many paragraphs, table rows and table cells (``<w:p``, ``<w:tr``, ``<w:tc``) in
a Word document's body (a 1,000-measure catalog as omprio publishes it: ~78,000)."""
