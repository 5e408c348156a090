"""The blank measure form in Word (``omprio template``, the catalog page's form download).

A person fills it in Word (or LibreOffice) and omprio reads it back with
:mod:`omprio.read.word_form`. It holds, in the chosen language and the order of a catalog's
measure page: the header (``Omprioriteringstiltag 2024-2027``), what the form is for and how to
fill it, a two-column field table (code, theme, title), the headings of the description and of
the change in value for citizens with an empty paragraph under each, the table caption with the
catalog's period, price base and unit, the economics table (the years, empty line rows, the net
row and the staff row), a heading for notes, and a second field table (sector, area budget,
saving in %). The words it shares with the reader are in :mod:`omprio.vocabulary.word_form`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table

from omprio.display import Lang
from omprio.fields import property_text
from omprio.i18n import t
from omprio.publish.document import TEMPLATE_LANG
from omprio.publish.labels import labels, price_base_name, unit_name
from omprio.publish.word import cell_border, cell_text, column_widths, language_tag
from omprio.rounds.model import BudgetRound
from omprio.vocabulary import word_form as v
from omprio.vocabulary.word_form import FormFrame

__all__ = ["measure_form", "round_frame"]

_ACCENT = RGBColor(0x1D, 0x4E, 0x89)
_MUTED = RGBColor(0x5B, 0x65, 0x77)
_INK = "1F2A44"
_RULE = "C9D2DE"


def round_frame(budget_round: BudgetRound) -> FormFrame:
    """What a form for a budget round is made for: its years, price level and unit."""
    return FormFrame(years=budget_round.years, price_base=f"{budget_round.price_level}-PL",
                     unit=budget_round.unit, title=budget_round.name)


def measure_form(frame: FormFrame, lang: Lang = "da") -> bytes:
    """The blank form for ``frame`` as a .docx file, in ``lang``."""
    doc = new_docx()
    _setup(doc, frame, lang)
    words = labels(lang)
    doc.add_heading(t("form.title", lang, period=frame.period).strip(), level=1)
    if frame.title:
        _muted(doc, t("form.for_catalog", lang, catalog=frame.title))
    price = (frame.price_base if lang == TEMPLATE_LANG
             else price_base_name(frame.price_base, lang)) or "-"
    unit = frame.unit if lang == TEMPLATE_LANG else unit_name(frame.unit, lang)
    _muted(doc, t("form.instructions", lang, unit=unit, price_base=price))
    if frame.themes:
        themes = "; ".join(f"{code} {title}".strip() for code, title in frame.themes)
        _muted(doc, t("form.themes", lang, themes=themes))
    _field_table(doc, v.TOP_FIELDS, lang)
    for part in ("description", "consequences"):
        doc.add_heading(v.heading(part, lang), level=2)
        doc.add_paragraph()
    caption = doc.add_paragraph()
    caption.paragraph_format.space_before = Pt(10)
    caption.paragraph_format.keep_with_next = True
    caption.add_run(words.caption.format(period=frame.period, price_base=price,
                                         unit=unit)).bold = True
    _economics(doc, frame.years, lang)
    _muted(doc, t("form.instructions_table", lang))
    doc.add_heading(v.heading("notes", lang), level=2)
    doc.add_paragraph()
    _field_table(doc, v.BOTTOM_FIELDS, lang)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _setup(doc: DocxDocument, frame: FormFrame, lang: Lang) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    doc.styles["Normal"].font.size = Pt(10.5)
    for name in ("Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = _ACCENT
    core = doc.core_properties
    core.title = property_text(t("form.document_title", lang))
    core.subject = property_text(frame.title)
    core.category = v.FORMAT
    core.language = language_tag(lang)
    core.author = property_text(frame.department or "")


def _muted(doc: DocxDocument, text: str) -> None:
    run = doc.add_paragraph().add_run(text)
    run.font.size = Pt(9)
    run.italic = True
    run.font.color.rgb = _MUTED


def _field_table(doc: DocxDocument, names: Sequence[str], lang: Lang) -> Table:
    table: Table = doc.add_table(rows=len(names), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.style = "Table Grid"
    column_widths(table, [Mm(50), Mm(116)])
    for row, name in zip(table.rows, names, strict=True):
        cell_text(row.cells[0], v.field_label(name, lang), bold=True)
    doc.add_paragraph()
    return table


def _economics(doc: DocxDocument, years: Sequence[int], lang: Lang) -> Table:
    kinds = [*([""] * v.LINE_ROWS), *v.ROW_KINDS]
    table: Table = doc.add_table(rows=1 + len(kinds), cols=1 + len(years))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.style = "Table Grid"
    amount = Mm(20) if len(years) <= 4 else max(Mm(15), Mm(100) // max(len(years), 1))
    column_widths(table, [Mm(166) - amount * len(years), *([amount] * len(years))])
    rows = iter(table.rows)
    head = next(rows)
    for cell, year in zip(head.cells[1:], years, strict=True):
        cell_text(cell, str(year), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for cell in head.cells:
        cell_border(cell, bottom=(_INK, 8))
    for row, kind in zip(rows, kinds, strict=True):
        cells = row.cells
        if kind:
            cell_text(cells[0], v.row_label(kind, lang), bold=kind == "net",
                       italic=kind == "fte")
            for cell in cells:
                cell_border(cell, top=(_INK if kind == "net" else _RULE, 8))
        for cell in cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    return table
