"""The hearing's report as a Word document (.docx) for the politicians: how many responses
concern which measure, from which kinds of sender, with which stance, and the responses
themselves (case number, kind, sender, first lines), then those about the catalog as a whole.

Built with python-docx like :mod:`omprio.publish.word`; a public summary shows a private person
as "Privatperson" (the summary has already removed names and contact details from the lines).
"""

from __future__ import annotations

import io
import re

from docx import Document as new_docx
from docx.document import Document as DocxDocument

from omprio.hearing.summary import Item, Summary
from omprio.i18n import Lang, t
from omprio.publish.word import language_tag

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def hearing_docx(summary: Summary, title: str, lang: Lang) -> bytes:
    """The report of ``summary`` (of the catalog called ``title``) as a .docx file."""
    doc = new_docx()
    styles = doc.styles
    rpr = styles["Normal"].element.get_or_add_rPr()
    lang_element = rpr.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang",
        {"{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val": language_tag(lang)})
    rpr.append(lang_element)
    doc.add_heading(_safe(t("hearing.report.title", lang, catalog=title)), level=0)
    doc.add_paragraph(t("hearing.report.totals", lang, n=summary.responses,
                        unlinked=summary.unlinked))
    doc.add_heading(t("hearing.report.by_sender", lang), level=1)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = t("hearing.col.sender_type", lang)
    table.rows[0].cells[1].text = t("hearing.report.count", lang)
    for kind, n in sorted(summary.by_kind.items(), key=lambda item: -item[1]):
        cells = table.add_row().cells
        cells[0].text = t(f"hearing.sender.{kind}", lang)
        cells[1].text = str(n)
    doc.add_heading(t("hearing.report.by_measure", lang), level=1)
    table = doc.add_table(rows=1, cols=5)
    for cell, key in zip(table.rows[0].cells, ("code", "title", "count", "object", "support"),
                         strict=True):
        cell.text = t(f"hearing.report.col.{key}", lang)
    for measure in summary.measures:
        cells = table.add_row().cells
        values = (measure.code, measure.title, str(measure.responses),
                  str(measure.by_stance.get("object", 0)),
                  str(measure.by_stance.get("support", 0)))
        for cell, value in zip(cells, values, strict=True):
            cell.text = _safe(value)
    for measure in summary.measures:
        if measure.items:
            doc.add_heading(_safe(f"{measure.code} {measure.title}"), level=2)
            for item in measure.items:
                _item(doc, item, summary.public, lang)
    if summary.unlinked_items:
        doc.add_heading(t("hearing.whole_catalog", lang), level=2)
        for item in summary.unlinked_items:
            _item(doc, item, summary.public, lang)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _item(doc: DocxDocument, item: Item, public: bool, lang: Lang) -> None:
    sender = item.sender or (t("hearing.sender.private", lang) if public else "")
    head = " · ".join(part for part in (
        item.case, t(f"hearing.sender.{item.kind}", lang), sender,
        item.submitted.isoformat() if item.submitted else "",
        t(f"hearing.stance.{item.stance}", lang)) if part)
    paragraph = doc.add_paragraph(style="List Bullet")
    paragraph.add_run(_safe(head)).bold = True
    paragraph.add_run("\n" + _safe(item.excerpt))
