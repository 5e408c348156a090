"""A follow-up report as a Word document (.docx) for the committee.

The same tables as the PDF (:mod:`omprio.publish.followup_tables`), on A4 landscape with
python-docx: the catalog, its stage and version and the follow-up's date in the header of every
page, and again in the footer with the page number; amounts right-aligned, totals bold.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from omprio.display import Lang
from omprio.fields import property_text
from omprio.publish.followup_tables import ReportLayout
from omprio.publish.word import cell_text, language_tag

_MUTED = RGBColor(0x5B, 0x65, 0x77)


def report_docx(layout: ReportLayout, lang: Lang) -> bytes:
    """The report as a .docx file."""
    doc = new_docx()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)
    doc.styles["Normal"].font.size = Pt(10)
    core = doc.core_properties
    core.title = property_text(layout.title)
    core.subject = property_text(layout.header)
    core.language = language_tag(lang)
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(layout.header)
        run.font.size = Pt(8)
        run.font.color.rgb = _MUTED
    doc.add_heading(layout.title, level=0)
    for line in layout.intro:
        doc.add_paragraph(line)
    for table in layout.tables:
        doc.add_heading(table.title, level=1)
        if table.rows:
            grid = doc.add_table(rows=1, cols=len(table.headings))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, table.headings, strict=True):
                cell_text(cell, text, bold=True, size=8.5)
            for at, row in enumerate(table.rows):  # add_row: no walk over the rows before
                for column, (cell, text) in enumerate(
                        zip(grid.add_row().cells, row, strict=True)):
                    numeric = column > 0 and _numeric(text)
                    cell_text(cell, text, bold=at in table.bold, size=8.5,
                              align=WD_ALIGN_PARAGRAPH.RIGHT if numeric else None)
        if table.note:
            note = doc.add_paragraph(table.note)
            note.runs[0].italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _numeric(text: str) -> bool:
    stripped = text.replace(".", "").replace(",", "").replace("-", "").replace("\u2212", "")
    return stripped.isdigit()
