"""Helpers of the Word tests: filling in a blank measure form the way a person does in Word.

:func:`fill_form` opens the form omprio wrote with python-docx and types into it: the value
cells of the field tables, the empty paragraph under each heading (more paragraphs are added
after it), the line rows of the economics table (more rows are added when needed), the net row
and the staff row. Nothing of omprio's reader is used.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


@dataclass
class Filled:
    """What a person types into a form (amount cells as typed text; '' leaves a cell empty)."""

    fields: Mapping[str, str]  # by the label's first word: "Kode", "Tema", "Titel", "Sektor", …
    description: Sequence[str] = ()
    consequences: Sequence[str] = ()
    notes: Sequence[str] = ()
    lines: Sequence[tuple[str, Sequence[str]]] = ()
    net: Sequence[str] = ()
    fte: Sequence[str] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def _paragraph_after(paragraph: Paragraph, text: str) -> Paragraph:
    new = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(new)
    added = Paragraph(new, paragraph._parent)
    for run in added.runs[1:]:
        run._r.getparent().remove(run._r)
    if added.runs:
        added.runs[0].text = text
    else:
        added.add_run(text)
    return added


def _type_under(document: Any, heading: str, texts: Sequence[str]) -> None:
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith(heading))
    target = paragraphs[at + 1]
    if not texts:
        return
    target.add_run(texts[0])
    for text in texts[1:]:
        target = _paragraph_after(target, text)


def _set(cell: Any, text: str) -> None:
    cell.paragraphs[0].add_run(text)


def economics_table(document: Any) -> Table:
    """The table whose first row holds years."""
    table: Table = next(t for t in document.tables
                        if t.rows[0].cells[-1].text.strip().isdigit())
    return table


def fill_form(data: bytes, filled: Filled, *, headings: Mapping[str, str] | None = None) -> bytes:
    """``data`` (a blank form) with ``filled`` typed in; ``headings`` are the text parts'
    headings in the form's language (description, consequences, notes)."""
    words = headings or {"description": "Beskrivelse af tiltaget",
                         "consequences": "Ændring i værdi for borgerne",
                         "notes": "Anmærkninger til tabellen"}
    document = docx.Document(io.BytesIO(data))
    economics = economics_table(document)
    for table in document.tables:
        if table._tbl is economics._tbl:
            continue
        for row in table.rows:
            label = row.cells[0].text.split(" ")[0]
            if label in filled.fields:
                _set(row.cells[1], filled.fields[label])
    _type_under(document, words["description"], filled.description)
    _type_under(document, words["consequences"], filled.consequences)
    _type_under(document, words["notes"], filled.notes)
    rows = list(economics.rows)
    empty = [row for row in rows[1:] if not row.cells[0].text.strip()]
    while len(empty) < len(filled.lines):  # Word: "insert row above" the net row
        new = copy.deepcopy(empty[-1]._tr)
        empty[-1]._tr.addnext(new)
        rows = list(economics.rows)
        empty = [row for row in rows[1:] if not row.cells[0].text.strip()]
    for row, (label, cells) in zip(empty, filled.lines, strict=False):
        _set(row.cells[0], label)
        for cell, text in zip(row.cells[1:], cells, strict=True):
            if text:
                _set(cell, text)
    net_row, fte_row = rows[-2], rows[-1]
    for row, cells in ((net_row, filled.net), (fte_row, filled.fte)):
        for cell, text in zip(row.cells[1:], cells, strict=False):
            if text:
                _set(cell, text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
