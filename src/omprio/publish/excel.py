"""The catalog as a live Excel workbook (.xlsx), which omprio can also read back.

Sheets (Danish names; English with ``--lang en``):

* **Overblik** - the overview as the document states it (rows and totals), the target, and
  live formulas beside it: each row's measure net (``='Tiltag'!E5``), each total as a ``SUM``
  over the measures' cells, the sum of all measures and its difference to the target.
* **Tiltag** - one row per measure: number, code, theme, title, net and staff change per year,
  sector, area budget, stated saving, description and notes (the cells to edit).
* **Linjer** - every row of every economics table: lines and adjustments (values), and the net
  and staff rows as formulas pointing at *Tiltag*.
* **Personale** - staff changes per measure and year (formulas) with totals per year.
* **Katalog** - the catalog's identity (format ``omprio.workbook/1``, title, period, price
  base, unit, source file, stage and version, omprio version), its themes and its introduction.

Every sheet prints on landscape A4, one page wide, with its heading row on every page and a
print header that says what the file is (``UDKAST`` when the catalog is a draft, the catalog,
its stage and version); the technical columns (kinds of row, sections, the hidden ``omprio``
column) are hidden and the measures sheet prints its figures (up to the sector), not the long
texts. The document properties say the same (subject, status, version). The modules:
:mod:`~omprio.publish.excel_book` (cells, formats, paper), :mod:`~omprio.publish.excel_sheets`
and :mod:`~omprio.publish.excel_overview` (the sheets).

Numbers use Danish formats with the locale tag ``[$-406]`` and as many decimals as the amounts
have. openpyxl writes formulas without results, so omprio fills in every formula's value
(computed exactly, in Decimal) in the sheet XML: a viewer that does not recalculate still shows
the right totals, and one that does gets the same. Derived cells (formulas) are shaded.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from omprio import __version__
from omprio.display import Lang
from omprio.fields import property_text, xml_safe
from omprio.model import Catalog
from omprio.money import Amounts
from omprio.publish.edition import Edition, public_catalog
from omprio.publish.errors import PublishError
from omprio.publish.excel_book import Book, fill_cached_values, fit_rows, places_of, print_setup
from omprio.publish.excel_overview import overview_sheet
from omprio.publish.excel_sheets import catalog_sheet, lines_sheet, measures_sheet, staff_sheet
from omprio.vocabulary.workbook_layout import sheets


def catalog_xlsx(catalog: Catalog, lang: Lang = "da", edition: Edition | None = None) -> bytes:
    """The catalog as an .xlsx workbook that :func:`omprio.read.load_bytes` reads back;
    ``edition`` names the stored version it was published from (none: a plain file)."""
    # A catalog stored before the field checks still publishes; no folder names go out.
    catalog = public_catalog(xml_safe(catalog))
    if edition is None:
        edition = Edition(catalog.title)
    book = Book(lang, Workbook())
    default = book.workbook.active
    assert default is not None
    book.workbook.remove(default)
    names = sheets(lang)
    money: list[Amounts] = [catalog.target]
    for measure in catalog.measures:
        money.append(measure.net)
        money.extend(line.amounts for line in (*measure.lines, *measure.adjustments))
    money.extend(row.amounts for row in catalog.overview)
    money.extend(total.amounts for total in catalog.overview_totals)
    places = max([places_of(v) for amounts in money for v in amounts.values()] + [0])
    try:
        overview = book.sheet(names.overview)
        measures = book.sheet(names.measures)
        lines = book.sheet(names.lines)
        staff = book.sheet(names.staff)
        meta = book.sheet(names.catalog)
        net_cells = measures_sheet(book, measures, catalog)
        lines_sheet(book, lines, catalog, net_cells, places)
        staff_sheet(book, staff, catalog, net_cells)
        overview_sheet(book, overview, catalog, net_cells, places)
        catalog_sheet(book, meta, catalog, edition)
        print_setup(overview, edition, lang, None)
        fit_rows(overview, {1: 60}, wrap=False)
        print_setup(measures, edition, lang, net_cells.last_printed)
        fit_rows(measures, {4: 40, net_cells.last_printed: 14})
        print_setup(lines, edition, lang, None)
        fit_rows(lines, {4: 56})
        print_setup(staff, edition, lang, None)
        fit_rows(staff, {3: 56})
        print_setup(meta, edition, lang, None)
        fit_rows(meta, {3: 60}, wrap=False)
    except IllegalCharacterError as error:
        raise PublishError("publish.err.excel_control", error=str(error)) from error
    properties = book.workbook.properties
    properties.title = property_text(catalog.title)  # cells hold it all
    properties.creator = f"omprio {__version__}"
    properties.subject = property_text(edition.summary(lang))
    if edition.stored:
        properties.contentStatus = edition.stage_name(lang)
        properties.version = str(edition.version)
        properties.keywords = edition.mark(lang) or None
    out = io.BytesIO()
    book.workbook.save(out)
    return fill_cached_values(out.getvalue(), book)


