"""A filled-in measure form (the Word file ``omprio template`` writes) read back into a measure.

The form is read from its paragraphs and table cells, never from a layout guessed out of text:

- the **fields** are the rows of any table whose first cell is a field's label in any language
  (:mod:`omprio.vocabulary.word_form`: ``Kode (fx BFF-1)``, ``Code:``); the value is the rest of
  the row. Code, theme and title are required;
- the **text** is the paragraphs under the headings: description and consequences for citizens
  (together the measure's description, joined by a space as a catalog page's lines are), notes
  (one note a paragraph); a table or the table's caption ends a part;
- the **economics table** is the first table whose first row holds the years (after its label
  cell). Its rows are lines, the net row and the staff row (by their labels in any language,
  or the template's words ``Netto…``/``Personaleændring…``); a line after the net row, or whose
  text names ``råderum``, is an adjustment. A cell is a Danish number as a person types
  it (``-1.000``, ``10,5``, ``−3.500``, ``1 000``); a dash is nothing (0), as in a catalog's
  tables; an empty cell is no amount for that year. An empty net row means the net is the lines
  less the adjustments; an empty staff row means no staff change is stated.

What makes the form no measure at all is a :class:`~omprio.read_error.ReadError` (not a Word
file, not a form, no economics table, a required field empty or malformed, another period, price
level or unit than the catalog's); a cell that is not a number or a row without a label or
amounts is a finding (``table-cell``, ``table-row``), as in any catalog, located at the table
row. A form with an error finding must not be stored.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from decimal import Decimal

from omprio.findings import Finding, Severity, finding
from omprio.i18n import Phrase
from omprio.model import AreaBudget, Catalog, Line, Measure, Source, Theme
from omprio.money import Amounts, NumberRefused, is_dash, kroner, sum_by_year, typed_amount
from omprio.read.word import Paragraph, Row, WordDocument, is_word, word_blocks
from omprio.read_error import ReadError
from omprio.vocabulary import patterns as p
from omprio.vocabulary import word_form as v
from omprio.vocabulary.word_form import FormFrame

__all__ = ["FormFrame", "catalog_frame", "form_catalog", "form_measure", "is_form", "read_form",
           "read_form_for"]

_CODE = re.compile(p.CODE)
_THEME = re.compile(r"\d{1,2}[A-Z]?")
_DIGIT_GROUP = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
_SIGN_SPACE = re.compile(r"^([-+\u2212\u2013])\s+(?=\d)")


def catalog_frame(catalog: Catalog) -> FormFrame:
    """What a form for ``catalog`` is made for: its years, price base, unit, name and themes."""
    return FormFrame(
        years=catalog.years,
        price_base=catalog.price_base,
        unit=catalog.unit,
        title=catalog.title,
        department=catalog.department,
        themes=tuple((theme.code, theme.title) for theme in catalog.themes),
    )


def read_form(data: bytes, name: str, frame: FormFrame | None = None) -> tuple[Measure,
                                                                                list[Finding]]:
    """The measure of a filled-in form and the findings of reading it; with ``frame`` (the
    catalog it is for) a form for other years, another price base or unit is refused."""
    if not data.startswith(b"PK\x03\x04") or not is_word(data):
        raise ReadError(name, "read.form.not_word")
    document = word_blocks(data, name)
    if not is_form(document):
        raise ReadError(name, "read.form.not_form")
    return form_measure(document, name, frame)


def read_form_for(data: bytes, name: str, catalog: Catalog) -> tuple[Measure, list[Finding]]:
    """:func:`read_form` for a form meant for ``catalog``."""
    return read_form(data, name, catalog_frame(catalog))


def is_form(document: WordDocument) -> bool:
    """True for a measure form: it says so in its properties, or it has the fields' table
    with code and title."""
    if document.category == v.FORMAT:
        return True
    named = {v.field_of(row.at(0)) for row in document.blocks if isinstance(row, Row)}
    return {"code", "title"} <= named


def form_catalog(document: WordDocument, name: str) -> tuple[Catalog, list[Finding]]:
    """The form as a catalog of its one measure (``omprio check FORM.docx``), in the form's own
    years, price base and unit."""
    measure, findings = form_measure(document, name, None)
    catalog = Catalog(
        title=document.subject or measure.title,
        organisation=None,
        department=None,
        date=None,
        years=measure.years,
        price_base=measure.price_base,
        unit=measure.unit or "1.000 kr.",
        introduction="",
        themes=(Theme(measure.theme_number, ""),),
        measures=(measure,),
        overview=(),
        overview_totals=(),
        source=Source(name, 1),
    )
    return catalog, findings


def form_measure(document: WordDocument, name: str,
                 frame: FormFrame | None) -> tuple[Measure, list[Finding]]:
    """The measure of a form's blocks (see the module's docstring)."""
    blocks = document.blocks
    fields = _fields(blocks)
    for required in v.REQUIRED:
        if not fields.get(required, ("", 0))[0]:
            raise ReadError(name, "read.form.missing", field=Phrase(f"form.field.{required}"))
    code = fields["code"][0].upper()
    theme = fields["theme"][0].upper()
    if not _CODE.fullmatch(code):
        raise ReadError(name, "read.form.code", code=fields["code"][0])
    if not _THEME.fullmatch(theme):
        raise ReadError(name, "read.form.theme", theme=fields["theme"][0])

    table = _economics(blocks)
    if table is None:
        raise ReadError(name, "read.form.no_table")
    header, years = table
    caption, caption_at = _caption(blocks, header)
    price_base, unit = p.price_base(caption), p.unit(caption)
    if frame is not None:
        if frame.years and years != tuple(frame.years):
            raise ReadError(name, "read.form.years", found=_period(years),
                            expected=_period(frame.years))
        if price_base and frame.price_base and price_base != frame.price_base:
            raise ReadError(name, "read.form.price_base", found=price_base,
                            expected=frame.price_base)
        if unit and frame.unit and unit != frame.unit:
            raise ReadError(name, "read.form.unit", found=unit, expected=frame.unit)
    parts = _parts(blocks, caption_at)
    table_rows = [b for b in blocks if isinstance(b, Row) and b.table == header.table]
    economics = _Economics(name, code, years)
    for row in table_rows[1:]:
        economics.read(row)
    first = next((b.number for b in blocks if isinstance(b, Paragraph) and b.text.strip()), 1)
    budget_text = fields.get("area_budget", ("", 0))[0]
    measure = Measure(
        code=code,
        theme=theme,
        title=fields["title"][0],
        description=" ".join(parts["description"] + parts["consequences"]),
        lines=tuple(economics.lines),
        adjustments=tuple(economics.adjustments),
        net=economics.net(),
        fte=economics.fte,
        sector=fields.get("sector", ("", 0))[0].rstrip(".").strip() or None,
        area_budget=AreaBudget(budget_text, kroner(budget_text)) if budget_text else None,
        stated_savings_pct=fields.get("savings_pct", ("", 0))[0] or None,
        notes=tuple(parts["notes"]),
        source=Source(name, first),
        years=years,
        price_base=price_base or (frame.price_base if frame else None),
        unit=unit or (frame.unit if frame else None),
        net_source=economics.net_source,
        fte_source=economics.fte_source,
        fte_stated=economics.fte_source is not None,
    )
    return measure, economics.findings


def _period(years: Sequence[int]) -> str:
    return f"{years[0]}-{years[-1]}" if years else "-"


def _fields(blocks: Sequence[Paragraph | Row]) -> dict[str, tuple[str, int]]:
    """Each field's value (the first row that names it) and the row's number."""
    fields: dict[str, tuple[str, int]] = {}
    for row in blocks:
        if not isinstance(row, Row):
            continue
        name = v.field_of(row.at(0))
        if name is None or name in fields:
            continue
        value = " ".join(cell.text for cell in row.cells if cell.column > 0 and cell.text)
        fields[name] = (" ".join(value.split()), row.number)
    return fields


def _economics(blocks: Sequence[Paragraph | Row]) -> tuple[Row, tuple[int, ...]] | None:
    """The economics table's first row and its years."""
    seen: set[int] = set()
    for row in blocks:
        if not isinstance(row, Row) or row.table in seen:
            continue
        seen.add(row.table)
        texts = [cell.text.strip() for cell in row.cells if cell.column > 0]
        if texts and all(p.YEAR.match(text) for text in texts):
            years = tuple(int(text) for text in texts)
            if all(b - a == 1 for a, b in itertools.pairwise(years)):
                return row, years
    return None


def _caption(blocks: Sequence[Paragraph | Row], header: Row) -> tuple[str, int]:
    """The nearest paragraph with text above the economics table (its caption), and its
    number (0: none)."""
    at = blocks.index(header)
    for block in reversed(blocks[:at]):
        if isinstance(block, Row):
            break
        if block.text.strip() and v.part_of(block.text) is None:
            return " ".join(block.text.split()), block.number
    return "", 0


def _parts(blocks: Sequence[Paragraph | Row], caption_at: int) -> dict[str, list[str]]:
    """The paragraphs under each text part's heading, up to the next heading, table or the
    economics table's caption."""
    parts: dict[str, list[str]] = {name: [] for name in v.PARTS}
    current: str | None = None
    for block in blocks:
        if isinstance(block, Row):
            current = None
            continue
        text = " ".join(block.text.split())
        if not text:
            continue
        heading = v.part_of(text)
        if heading is not None:
            current = heading
        elif block.number == caption_at:
            current = None
        elif current is not None:
            parts[current].append(text)
    return parts


class _Economics:
    """The rows of the economics table, read cell by cell."""

    def __init__(self, path: str, code: str, years: tuple[int, ...]) -> None:
        self.path = path
        self.code = code
        self.years = years
        self.lines: list[Line] = []
        self.adjustments: list[Line] = []
        self.stated_net: Amounts | None = None
        self.net_source: Source | None = None
        self.fte: Amounts = {}
        self.fte_source: Source | None = None
        self.findings: list[Finding] = []
        self.after_net = False

    def read(self, row: Row) -> None:
        label = " ".join(row.at(0).split())
        cells = [row.at(column) for column in range(1, len(self.years) + 1)]
        filled = [" ".join(cell.split()) for cell in cells]
        if not label and not any(filled):
            return
        source = Source(self.path, row.number)
        amounts = self._amounts(label, filled, source)
        kind = _kind(label)
        if kind == "fte":
            if any(filled):
                self.fte, self.fte_source = amounts, source
            return
        if kind == "net":
            self.after_net = True
            if any(filled):
                self.stated_net, self.net_source = amounts, source
            return
        if not label:
            self.findings.append(finding("table-row", Severity.ERROR, source,
                                         key="table-row.no-label", measure=self.code))
        elif not any(filled):
            self.findings.append(finding("table-row", Severity.ERROR, source, measure=self.code,
                                         label=label, found=0, expected=len(self.years)))
        line = Line(label, amounts, source)
        if self.after_net or p.ADJUSTMENT_LABEL.search(label):
            self.adjustments.append(line)
        else:
            self.lines.append(line)

    def _amounts(self, label: str, cells: Sequence[str], source: Source) -> dict[int, Decimal]:
        amounts: dict[int, Decimal] = {}
        for year, text in zip(self.years, cells, strict=True):
            if not text:
                continue
            if is_dash(text):  # nothing, as in the template's tables
                amounts[year] = Decimal(0)
                continue
            typed = _SIGN_SPACE.sub(r"\1", _DIGIT_GROUP.sub("", text))
            try:
                amounts[year] = typed_amount(typed, "da")
            except NumberRefused:
                self.findings.append(finding(
                    "table-cell", Severity.ERROR, source, key="table-cell.year",
                    measure=self.code, year=year, label=label or "?", cell=text))
        return amounts

    def net(self) -> Amounts:
        if self.stated_net is not None:
            return self.stated_net
        gross = sum_by_year((line.amounts for line in self.lines), self.years)
        adjusted = sum_by_year((line.amounts for line in self.adjustments), self.years)
        return {year: value - adjusted.get(year, Decimal(0)) for year, value in gross.items()}


def _kind(label: str) -> str | None:
    kind = v.row_kind(label)
    if kind is not None:
        return kind
    if p.FTE_LABEL.search(label):
        return "fte"
    if p.NET_LABEL.search(label) and not p.ADJUSTMENT_LABEL.search(label):
        return "net"
    return None
