"""The catalog as a Word document (.docx): the same document as the PDF, to edit further.

Built with python-docx on its default template: A4, Danish language, a footer on every section
that says what the file is (the mark of a catalog not adopted, the catalog, its stage, version
and date, the page of the pages; the cover says it too), Word's heading styles (so Word's
navigation pane and any table of contents it makes work), a contents list whose lines link to
the parts and measures, tables with the amounts right-aligned, the charts as pictures with
their figures as alternative text, and the findings as an appendix. The helpers for cells,
widths and the language tag serve the measure form (:mod:`omprio.publish.word_form`) too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from omprio.display import Lang, locale_of
from omprio.fields import property_text, xml_safe
from omprio.findings import Finding
from omprio.model import Catalog
from omprio.publish.charts import Chart, catalog_charts, chart_png
from omprio.publish.document import Document, Row, build_document
from omprio.publish.edition import Edition
from omprio.publish.errors import PublishError
from omprio.publish.pdf import TocEntry, toc_entries

_ACCENT = RGBColor(0x1D, 0x4E, 0x89)
_MUTED = RGBColor(0x5B, 0x65, 0x77)
_ERROR = RGBColor(0xA4, 0x26, 0x2C)
_INK = "1F2A44"
_BAND = "EEF2F7"
_RULE = "C9D2DE"


def catalog_docx(
    catalog: Catalog,
    findings: Sequence[Finding] = (),
    lang: Lang = "da",
    edition: Edition | None = None,
) -> bytes:
    """The catalog as a .docx file; ``findings`` (if any) in an appendix; ``edition`` (the
    stored version) named on the cover and in the footer of every section."""
    # What XML cannot hold is dropped, so a catalog stored before the field checks publishes.
    catalog, findings = xml_safe(catalog), xml_safe(tuple(findings))
    document = build_document(catalog, findings, lang, edition)
    charts = catalog_charts(catalog, document.labels)
    try:
        return render_docx(document, charts, toc_entries(document, catalog, bool(charts)))
    except ValueError as error:  # python-docx refuses text XML cannot hold (control characters)
        raise PublishError("publish.err.word", error=str(error)) from error


def render_docx(document: Document, charts: Sequence[Chart], toc: Sequence[TocEntry]) -> bytes:
    """Lay ``document`` out as a Word document."""
    doc = new_docx()
    _setup(doc, document)
    _cover(doc, document)
    _contents(doc, document, toc)
    ids: dict[str, int] = {}
    if document.introduction:
        heading = doc.add_heading(document.labels.introduction, level=1)
        heading.paragraph_format.page_break_before = True
        _bookmark(heading, "introduction", ids)
        for block in document.introduction:
            if block.heading:
                doc.add_heading(block.text, level=2)
            else:
                doc.add_paragraph(block.text)
    heading = doc.add_heading(document.overview_heading, level=1)
    heading.paragraph_format.page_break_before = True
    _bookmark(heading, "overview", ids)
    _amount_table(doc, document.overview_header, document.overview_years, document.overview)
    if charts:
        heading = doc.add_heading(document.labels.charts, level=1)
        heading.paragraph_format.page_break_before = True
        _bookmark(heading, "charts", ids)
        for chart in charts:
            doc.add_picture(io.BytesIO(chart_png(chart, document.lang)), width=Mm(166))
            picture = doc.inline_shapes[-1]
            picture._inline.docPr.set("descr", chart.description(document.lang))
            picture._inline.docPr.set("title", chart.title)
    for number, page in enumerate(document.measures):
        header = doc.add_paragraph()
        header.paragraph_format.page_break_before = True
        header.paragraph_format.tab_stops.add_tab_stop(Mm(166), WD_TAB_ALIGNMENT.RIGHT)
        _bottom_border(header, "1D4E89", 6)
        run = header.add_run(f"{page.header_left}\t{page.header_right}")
        run.font.size = Pt(9)
        run.font.color.rgb = _MUTED
        if number == 0:
            _bookmark(header, "measures", ids)
        title = doc.add_heading(page.title, level=2)
        _bookmark(title, page.anchor, ids)
        doc.add_paragraph().add_run(page.description_heading).bold = True
        doc.add_paragraph(page.description)
        caption = doc.add_paragraph()
        caption.paragraph_format.space_before = Pt(10)
        caption.paragraph_format.keep_with_next = True
        caption.add_run(page.caption).bold = True
        _amount_table(doc, "", page.years, page.rows)
        for note in page.notes:
            run = doc.add_paragraph().add_run(note)
            run.font.size = Pt(9)
            run.font.color.rgb = _MUTED
        for label, text in page.fields:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.add_run(label).bold = True
            paragraph.add_run(" " + text)
    if document.findings:
        _appendix(doc, document, ids)
    _footers(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def language_tag(lang: Lang) -> str:
    """Word's language tag of ``lang`` (``da-DK``): the catalog's Babel locale."""
    return locale_of(lang).replace("_", "-")


def _setup(doc: DocxDocument, document: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    properties = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), language_tag(document.lang))
    properties.append(language)
    for name in ("Heading 1", "Heading 2", "Title"):
        doc.styles[name].font.color.rgb = _ACCENT
    core = doc.core_properties
    core.title = property_text(document.title)  # the text itself wraps; the property is cut
    core.author = property_text(document.author)
    core.language = language_tag(document.lang)
    core.comments = document.generator
    core.subject = property_text(document.footer)
    if document.stage:
        core.category = document.stage
        core.keywords = document.mark


def _footers(doc: DocxDocument, document: Document) -> None:
    """Every section's footer: the mark, the catalog, its stage and version, and the page."""
    words = document.labels
    before, _, after = words.page_of.partition("{page}")
    middle, _, end = after.partition("{pages}")
    for section in doc.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if document.mark:
            run = paragraph.add_run(document.mark)
            run.bold = True
            run.font.color.rgb = _ERROR
            paragraph.add_run(" · ")
        rest = document.footer.removeprefix(document.mark).removeprefix(" · ")
        paragraph.add_run(f"{rest} · {before}")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(middle)
        _field(paragraph, "NUMPAGES", "1")
        if end:
            paragraph.add_run(end)
        for run in paragraph.runs:
            run.font.size = Pt(8)
            if run.font.color.rgb is None:
                run.font.color.rgb = _MUTED


def _cover(doc: DocxDocument, document: Document) -> None:
    sizes = {"title": 26, "period": 20, "department": 14, "organisation": 12, "date": 11}
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_before = Mm(20 if document.edition_line else 60)
    if document.mark or document.edition_line:
        edition = doc.add_paragraph()
        edition.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        edition.paragraph_format.space_after = Mm(30)
        if document.mark:
            run = edition.add_run(document.mark)
            run.bold = True
            run.font.size = Pt(18)
            run.font.color.rgb = _ERROR
            edition.add_run().add_break()
        run = edition.add_run(document.edition_line)
        run.font.size = Pt(11)
        run.font.color.rgb = _MUTED
    for line in document.cover:
        paragraph = doc.add_paragraph()
        if line.kind == "date":
            paragraph.paragraph_format.space_before = Mm(40)
        run = paragraph.add_run(line.text)
        run.font.size = Pt(sizes.get(line.kind, 11))
        run.bold = line.kind in ("title", "department")
        if line.kind == "title":
            run.font.color.rgb = _ACCENT
        if line.kind in ("organisation", "date"):
            run.font.color.rgb = _MUTED


def _contents(doc: DocxDocument, document: Document, toc: Sequence[TocEntry]) -> None:
    title = doc.add_paragraph()
    title.paragraph_format.page_break_before = True
    run = title.add_run(document.labels.contents)
    run.bold = True
    run.font.size = Pt(17)
    run.font.color.rgb = _ACCENT
    for entry in toc:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(1)
        if entry.level == 2:
            paragraph.paragraph_format.left_indent = Mm(6)
        else:
            paragraph.paragraph_format.space_before = Pt(5)
        if entry.key:
            _link(paragraph, entry.text, _bookmark_name(entry.key), bold=entry.level == 1)
        else:
            paragraph.add_run(entry.text).bold = True


def _appendix(doc: DocxDocument, document: Document, ids: dict[str, int]) -> None:
    words = document.labels
    heading = doc.add_heading(words.appendix, level=1)
    heading.paragraph_format.page_break_before = True
    _bookmark(heading, "appendix", ids)
    doc.add_paragraph(words.findings_intro)
    table = doc.add_table(rows=1 + len(document.findings), cols=5)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    column_widths(table, [Mm(20), Mm(26), Mm(17), Mm(17), Mm(86)])
    heads = (words.severity, words.rule, words.measure, words.location, words.message)
    rows = iter(table.rows)
    header = next(rows)
    for cell, text in zip(header.cells, heads, strict=True):
        cell_text(cell, text, bold=True, size=9)
        cell_border(cell, bottom=(_INK, 8))
    colours = {"error": RGBColor(0xA4, 0x26, 0x2C), "warning": RGBColor(0x8A, 0x5A, 0x00)}
    for row, item in zip(rows, document.findings, strict=True):
        values = (item.severity_label, item.rule, item.measure, item.location, item.message)
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            run = cell_text(cell, text, bold=index == 0, size=9)
            if index == 0:
                run.font.color.rgb = colours.get(item.severity, _MUTED)
            cell_border(cell, bottom=(_RULE, 4))


def _amount_table(
    doc: DocxDocument, header: str, years: Sequence[str], rows: Sequence[Row]
) -> Table:
    table: Table = doc.add_table(rows=1 + len(rows), cols=1 + len(years))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    amount = Mm(20) if len(years) <= 4 else max(Mm(15), Mm(100) // len(years))
    column_widths(table, [Mm(166) - amount * len(years), *([amount] * len(years))])
    all_rows = iter(table.rows)
    head = next(all_rows)
    cells = head.cells
    cell_text(cells[0], header, bold=True, size=8.5, colour=_MUTED)
    for cell, year in zip(cells[1:], years, strict=True):
        cell_text(cell, year, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for cell in cells:
        cell_border(cell, bottom=(_INK, 8))
    for table_row, row in zip(all_rows, rows, strict=True):
        cells = table_row.cells
        if not row.cells:  # a section or theme heading across the table
            merged = cells[0].merge(cells[-1])
            cell_text(
                merged, row.label, bold=True, colour=_ACCENT if row.kind == "section" else None
            )
            if row.kind == "section":
                _shade(merged, _BAND)
            continue
        strong = row.kind in ("total", "net")
        italic = row.kind == "fte"
        cell_text(cells[0], row.label, bold=strong, italic=italic)
        for cell, value in zip(cells[1:], row.cells, strict=True):
            cell_text(cell, value, bold=strong, italic=italic, align=WD_ALIGN_PARAGRAPH.RIGHT)
        if strong:
            for cell in cells:
                cell_border(cell, top=(_INK, 8))
    doc.add_paragraph()
    return table


def column_widths(table: Table, widths: Sequence[int]) -> None:
    """Fixed column widths (Word and LibreOffice both honour cell widths, not the grid alone)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def cell_text(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    colour: RGBColor | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Run:
    paragraph = cell.paragraphs[0]
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run: Run = paragraph.add_run(text)
    run.font.size = Pt(size if size is not None else 9.5)
    run.bold = bold
    run.italic = italic
    if colour is not None:
        run.font.color.rgb = colour
    return run


def cell_border(
    cell: _Cell, *, top: tuple[str, int] | None = None, bottom: tuple[str, int] | None = None
) -> None:
    properties = cell._tc.get_or_add_tcPr()
    borders = properties.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        properties.append(borders)
    for side, spec in (("top", top), ("bottom", bottom)):
        if spec is None:
            continue
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(spec[1]))
        element.set(qn("w:color"), spec[0])
        borders.append(element)


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _bottom_border(paragraph: Paragraph, colour: str, size: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:color"), colour)
    borders.append(bottom)
    properties.append(borders)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (``PAGE``) with the text it shows until Word updates it."""
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", shown),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
            run._r.append(element)
        elif kind == "text":
            run.text = text or ""
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


def _bookmark_name(key: str) -> str:
    """A Word bookmark name (letters, digits, underscores; at most 40 characters)."""
    return ("_" + re.sub(r"[^A-Za-z0-9_]", "_", key))[:40]


def _bookmark(paragraph: Paragraph, key: str, ids: dict[str, int]) -> None:
    """Mark ``paragraph`` as the target of the contents' link to ``key``."""
    name = _bookmark_name(key)
    number = ids.setdefault(name, len(ids) + 1)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _link(paragraph: Paragraph, text: str, anchor: str, *, bold: bool) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = paragraph.add_run(text)
    run.bold = bold
    if bold:
        run.font.color.rgb = _ACCENT
    link.append(run._r)
    paragraph._p.append(link)


__all__ = [
    "catalog_docx", "cell_border", "cell_text", "column_widths", "language_tag", "render_docx",
]
