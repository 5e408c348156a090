"""The blank measure form in Word, shared by its writer and its reader.

:mod:`omprio.publish.word_form` writes the form (``omprio template``), :mod:`omprio.read.word_form`
reads a filled-in one back into a measure. What both must agree on lives here: the fields and
their labels in each language (the catalog's ``form.field.*``; the reader accepts a label in any
language, with or without its colon and its hint in brackets), the headings of the text parts
(``form.heading.*``), the labels of the net and staff rows, how many empty line rows the
economics table offers, the period, price level and unit a form is made for
(:class:`FormFrame`), and the format id in the document's properties
(``omprio.measure-form/1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from omprio.i18n import LANGS, Lang, t

FORMAT = "omprio.measure-form/1"
"""The document's category (core property): the form says what it is."""

FIELDS = ("code", "theme", "title", "sector", "area_budget", "savings_pct")
"""The fields of the two field tables, in order: above the text (code, theme, title) and below
the economics table (sector, area budget, savings), as on a catalog's measure page."""
TOP_FIELDS = FIELDS[:3]
BOTTOM_FIELDS = FIELDS[3:]
REQUIRED = ("code", "theme", "title")
"""The fields a measure cannot do without."""

PARTS = ("description", "consequences", "notes")
"""The text parts under their headings: description, consequences for citizens (both become the
measure's description) and notes under the table (one note a paragraph)."""

LINE_ROWS = 6
"""Empty line rows in the economics table of a blank form (a person may add more)."""

ROW_KINDS = ("net", "fte")
"""The labelled rows of the economics table after the lines (the published documents' labels,
``doc.net`` and ``doc.fte``: the template's own words in Danish)."""


@dataclass(frozen=True, slots=True)
class FormFrame:
    """What a form is made for: the catalog's (or budget round's) years, price level and unit,
    and the name it is shown with; ``themes`` are (code, title) of the catalog's themes."""

    years: tuple[int, ...]
    price_base: str | None
    unit: str
    title: str = ""
    department: str | None = None
    themes: tuple[tuple[str, str], ...] = ()

    @property
    def period(self) -> str:
        """``2024-2027``."""
        return f"{self.years[0]}-{self.years[-1]}" if self.years else ""


_HINT = re.compile(r"\s*\([^()]*\)\s*$")


def normalized(text: str) -> str:
    """A label as the reader compares it: without a hint in brackets at its end, without its
    colon, white space collapsed, case folded (``Kode (fx BFF-1):`` is ``kode``)."""
    text = " ".join(text.split()).rstrip(" :")
    return _HINT.sub("", text).rstrip(" :").strip().casefold()


def field_label(name: str, lang: Lang) -> str:
    """The label of field ``name`` in ``lang``."""
    return t(f"form.field.{name}", lang)


def heading(name: str, lang: Lang) -> str:
    """The heading of text part ``name`` in ``lang``."""
    return t(f"form.heading.{name}", lang)


def row_label(kind: str, lang: Lang) -> str:
    """The label of the economics table's ``net`` or ``fte`` row in ``lang``."""
    return t(f"doc.{kind}", lang)


@cache
def _known(prefix: str, names: tuple[str, ...]) -> dict[str, str]:
    known: dict[str, str] = {}
    for lang in LANGS:
        for name in names:
            known.setdefault(normalized(t(f"{prefix}.{name}", lang)), name)
    return known


def field_of(label: str) -> str | None:
    """The field a label names, in any language (``Kode``, ``Code:``), or None."""
    return _known("form.field", FIELDS).get(normalized(label))


def part_of(text: str) -> str | None:
    """The text part a heading names, in any language, or None; the template's description
    heading (``Beskrivelse af tiltaget, herunder …``) names the description."""
    text = normalized(text)
    return _known("form.heading", PARTS).get(text) or _known("doc", ("description",)).get(text)


def row_kind(label: str) -> str | None:
    """``net`` or ``fte`` for the economics table's labelled rows, in any language, or None."""
    return _known("doc", ROW_KINDS).get(normalized(label))
