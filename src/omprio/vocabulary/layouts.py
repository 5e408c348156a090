"""Layout profiles: how each municipality's catalog looks, as data the reader follows.

A profile names a layout (its id; its name for people is the catalog's ``layout.<id>``), says how
it is recognised (``signature``: patterns that must each match a line near the start of the
document, ``refuse``: patterns that must match none of them) and which words its tables use: the
year-column header, the unit and price-level words, the labels of group headings, subtotal
rows, the total (net) row and the staff row. The reader has one module per *shape* of layout
(:mod:`omprio.read.layouts`): ``template`` (Aarhus' measure pages with an OVERBLIK table, read by
:mod:`omprio.read.template`), ``business-case`` (one proposal after another, each with its
own economics table, as København writes them) and ``list`` (one row per measure under one year
header). A new municipality whose catalog has one of these shapes is a new profile in
:data:`PROFILES` (and a test), not new parser code; docs/layouts.md says how.

It imports nothing of omprio but :mod:`omprio.vocabulary.patterns`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from omprio.vocabulary import patterns as p

Shape = Literal["template", "business-case", "list"]

_I = re.IGNORECASE

SCAN_LINES = 200
"""How many of a document's first lines recognising a layout looks at."""

CATALOG_UNIT = "1.000 kr."
"""The unit every layout's amounts are converted to (exactly)."""

# Units as written, with what one of them is in 1.000 kr. (exact).
_UNIT = re.compile(
    r"(?<![\w.])(?:(?P<mia>mia\.?|milliarder)\s*kr\.?"
    r"|(?P<mio>mio\.?|millioner)\s*kr\.?"
    r"|(?P<t>1\.000|1000|t\.)\s*kr\.?"
    r"|(?P<tkr>t\.?kr\.?)(?!\w)"
    r"|(?P<kr>kr\.?)(?!\w))",
    _I,
)
_FACTORS = {
    "mia": ("mia. kr.", Decimal(1_000_000)),
    "mio": ("mio. kr.", Decimal(1000)),
    "t": (CATALOG_UNIT, Decimal(1)),
    "tkr": (CATALOG_UNIT, Decimal(1)),
    "kr": ("kr.", Decimal("0.001")),
}
_PRICE_PL = re.compile(r"(?<!\d)(\d{4}|\d{2})\s*[-–]?\s*p/?l\b|\bp/?l\s*[-–]?\s*(\d{4})\b", _I)


def units(text: str) -> list[tuple[str, Decimal]]:
    """Every unit ``text`` names, in order, as (the unit, its size in 1.000 kr.); duplicates
    once."""
    found: list[tuple[str, Decimal]] = []
    for match in _UNIT.finditer(text):
        kind = next(name for name, value in match.groupdict().items() if value)
        unit = _FACTORS[kind]
        if unit not in found:
            found.append(unit)
    return found


def price_base(text: str) -> str | None:
    """The price level ``text`` names, as ``2025-PL`` (``2025 p/l``, ``2025-priser``, ``25-PL``,
    ``PL 2025``), or ``None``."""
    match = _PRICE_PL.search(text)
    if match is not None:
        year = match.group(1) or match.group(2)
        return f"{'20' + year if len(year) == 2 else year}-PL"
    return p.price_base(text)


@dataclass(frozen=True, slots=True)
class TableWords:
    """The words of one economics table (or list) of a layout.

    ``group``: a line without amounts that starts a group of rows ('Varige ændringer');
    ``subtotal``: a row that totals the current group (in a list, its group named in the
    ``group`` match group: 'I alt beskæftigelse'); ``total``: the row that totals the whole
    table (a proposal's net, a list's grand total); ``fte``: the staff row; ``frame_column``: the
    header word of the budget-frame column, ``frames``: the values that column holds (read from
    the end of a row's label); ``fte_column``: a column after the years with staff
    (årsværk).
    """

    group: re.Pattern[str] | None
    subtotal: re.Pattern[str]
    total: re.Pattern[str]
    fte: re.Pattern[str] | None = None
    frame_column: re.Pattern[str] | None = None
    frames: re.Pattern[str] | None = None
    fte_column: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """One layout: what it is called, how it is recognised and the words it uses.

    ``start``: a line that opens a proposal (business case; optional, page furniture may have
    dropped it); ``fields``: the labelled lines of a proposal's head by role (``code``,
    ``title``, ``department``, ``kind``; the value after the colon); ``section``: a numbered
    section heading (its ``number`` and ``title``); ``economics``: the section that holds the
    table; ``caption``: the table's caption line; ``unit_statement``: a list's line that states
    the unit for the tables below it; ``code``: a list row's measure code at the start of
    its label.
    """

    id: str
    shape: Shape
    signature: tuple[re.Pattern[str], ...]
    refuse: tuple[re.Pattern[str], ...] = ()
    table: TableWords | None = None
    start: re.Pattern[str] | None = None
    fields: tuple[tuple[str, re.Pattern[str]], ...] = ()
    section: re.Pattern[str] | None = None
    economics: re.Pattern[str] | None = None
    caption: re.Pattern[str] | None = None
    unit_statement: re.Pattern[str] | None = None
    code: re.Pattern[str] | None = None

    @property
    def name_key(self) -> str:
        """The catalog key of the layout's name for people."""
        return f"layout.{self.id}"

    def field(self, text: str) -> tuple[str, str] | None:
        """(role, value) of a labelled head line of a proposal, or ``None``."""
        for role, pattern in self.fields:
            match = pattern.match(text)
            if match is not None:
                return role, match["value"].strip()
        return None


AARHUS_TEMPLATE = Profile(
    id="aarhus-template",
    shape="template",
    signature=(),  # the fallback: read/template.py recognises its own measure headers
    table=TableWords(
        group=None,
        subtotal=p.NET_LABEL,
        total=p.NET_LABEL,
        fte=p.FTE_LABEL,
    ),
    caption=p.TABLE_CAPTION,
)
"""Aarhus' catalog template (measure pages 'Tema 1A, BFF-1' and an OVERBLIK table). Its reader
is :mod:`omprio.read.template`, which uses :mod:`omprio.vocabulary.patterns` directly: this
profile names the layout and points at those words, the reader is not driven by it."""

_FIELD_SEPARATOR = r"\s*[:.]\s*(?P<value>.+)$"
_CODE_LABEL = r"^(?:Forslagsnummer|Forslagsnr\.?|Forslag nr\.?)"

KBH_BUSINESS_CASE = Profile(
    id="kbh-business-case",
    shape="business-case",
    signature=(re.compile(_CODE_LABEL + _FIELD_SEPARATOR, _I),),
    start=re.compile(r"^BUSINESS\s+CASE\b", _I),
    fields=(
        ("code", re.compile(_CODE_LABEL + _FIELD_SEPARATOR, _I)),
        ("title", re.compile(r"^(?:Forslag|Forslagets titel|Titel)" + _FIELD_SEPARATOR, _I)),
        (
            "department",
            re.compile(r"^(?:Fremstillende forvaltning|Forvaltning)" + _FIELD_SEPARATOR, _I),
        ),
        ("kind", re.compile(r"^(?:Type|Forslagstype)" + _FIELD_SEPARATOR, _I)),
        ("other", re.compile(r"^(?P<label>[A-ZÆØÅ][\wæøå ]{1,40}?)\s*:\s*(?P<value>.+)$")),
    ),
    section=re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<title>[^\d\s].{1,118})$"),
    economics=re.compile(r"økonomi", _I),
    caption=re.compile(r"^Tabel\s+\d+\b", _I),
    table=TableWords(
        group=re.compile(
            r"^(?:(?:Varige|Permanente|Midlertidige|Engangs|Øvrige|Afledte)\b.*"
            r"|.*(?:ændringer|omkostninger|udgifter|indtægter|investeringer|investering"
            r"|effekter|gevinster))$",
            _I,
        ),
        subtotal=re.compile(r"^(?:Samlet|I alt|Subtotal)\b(?!.*pengestrøm)", _I),
        total=re.compile(
            r"^(?:Samlet pengestrøm\b|Samlet økonomi\b|Nettoeffekt\b|Samlet nettoeffekt\b"
            r"|Netto\s*(?:ændring|pengestrøm)|I alt$)",
            _I,
        ),
        fte=re.compile(r"^Personalemæssige konsekvenser\b|\((?:åv|årsværk)\)$", _I),
        frame_column=re.compile(r"\bStyringsområde\b", _I),
        frames=re.compile(
            r"\s(?P<frame>Service(?:udgifter)?|Overførsler|Overførselsudgifter|Anlæg"
            r"|Anlægsudgifter|Finansiering|Finansielle poster|Pension|Ældreboliger"
            r"|Brugerfinansieret(?: område)?|Ikke-styrbar|Indtægter|Drift|Refusion"
            r"|Statsrefusion|Forsikrede ledige|Takstfinansieret|Kassefinansieret|Lån"
            r"|Medfinansiering|Aktivitetsbestemt medfinansiering)$",
            _I,
        ),
    ),
)
"""København's business case ('BUSINESS CASE … Forslagsnummer: SOF-E01', 'Tabel 1. Forslagets
samlede økonomi', '1.000 kr., 2025 p/l  Styringsområde  2025 2026 …')."""

LIST_CATALOG = Profile(
    id="list-catalog",
    shape="list",
    signature=(
        re.compile(
            r"^(?:Alle\s+)?beløb\s+(?:er\s+)?(?:angivet\s+)?i\b"
            r"|\bkr\b.*(?:19|20)\d{2}\s+(?:19|20)\d{2}\b"
            r"|^(?:Nr\.?|Kode|Forslag|Tiltag)\s.*\b(?:19|20)\d{2}\s+(?:19|20)\d{2}\b",
            _I,
        ),
        re.compile(  # a row: code, title, amounts (or the code in a cell of its own)
            r"^(?:[A-ZÆØÅ]{1,8}[-.]?\d{1,4}[A-Za-z]?|\d{1,3}(?:\.\d{1,2})?)\s+[^\d\s].*"
            r"\s(?:[-+−–]?\d[\d.,]*|[-−–])$|^[A-ZÆØÅ]{1,8}-\d{1,4}[A-Za-z]?$"
        ),
    ),
    refuse=(re.compile(_CODE_LABEL + r"\s*:", _I),),
    unit_statement=re.compile(r"^(?:Alle\s+)?beløb\s+(?:er\s+)?(?:angivet\s+)?i\b", _I),
    code=re.compile(
        r"^(?P<code>[A-ZÆØÅ]{1,8}[-.]?\d{1,4}[A-Za-z]?|\d{1,3}(?:\.\d{1,2})?)(?=\s|$)"
    ),
    table=TableWords(
        group=None,  # any heading line between rows
        subtotal=re.compile(r"^(?:I alt|Total|Samlet|Subtotal)[\s,:]+(?P<group>\S.*)$", _I),
        total=re.compile(r"^(?:I alt|Total|Samlet|Hovedtotal|I alt i alt)\s*$", _I),
        fte_column=re.compile(r"^(?:Årsværk|Åv\.?|Stillinger|Fuldtidsstillinger|FTE)$", _I),
    ),
)
"""A list catalog: 'Alle beløb i 1.000 kr.' and one row per measure ('FB-01  Title  -500 …
-2,0') under group headings with subtotal rows ('I alt beskæftigelse') and a grand total."""

PROFILES: tuple[Profile, ...] = (KBH_BUSINESS_CASE, LIST_CATALOG)
"""The profiles tried, in order, before the template (the fallback, :data:`AARHUS_TEMPLATE`)."""


_NAMING_TOTAL = re.compile(
    r"^(?:I alt|Total|Samlet|Sum|Subtotal)[\s,:]+(?P<name>.*?[^\W\d_].*?)"
    r"(?:\s+(?:[-+−–]?\d[\d.,]*|[-−–]))*$",
    _I,
)


def named_by_totals(texts: list[str]) -> set[str]:
    """The headings (lower case) that total rows name ('I alt område 2 -100 …' names
    'område 2'): a heading so named is never page furniture, however it is numbered."""
    names = set()
    for text in texts:
        if text[:1] in "ITSits":
            match = _NAMING_TOTAL.match(text)
            if match is not None:
                name = match["name"].lower()
                rest = text[match.end("name") :].split()
                names.add(name)
                for count in (1, 2):  # the name may end in what looks like a cell
                    names.add(" ".join([name, *rest[:count]]).lower())
    return names


def recognise(texts: list[str], profiles: tuple[Profile, ...] = PROFILES) -> Profile | None:
    """The first of ``profiles`` whose signature the first lines of a document match (and no
    refusal), or ``None`` for the template. A document with the template's measure headers is
    the template's."""
    head = texts[:SCAN_LINES]
    if any(p.measure_header(text) for text in head):
        return None
    for profile in profiles:
        if all(any(pattern.search(text) for text in head) for pattern in profile.signature) and (
            not any(pattern.search(text) for pattern in profile.refuse for text in head)
        ):
            return profile
    return None
