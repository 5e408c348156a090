"""A column mapping: which column of a municipality's own spreadsheet holds which field of a
measure (``code=Nr``, ``title=Forslag``, ``amount.2025=2025``, ``fte.2025=Årsværk``).

A :class:`Mapping` is a value the CLI (``--map``), the import page (a select per field) and the
REST API (``map`` parameters) all build with :func:`build_mapping` / :func:`parse_mapping`, and
:mod:`omprio.read.mapped` reads a CSV or XLSX by. What is wrong with a mapping is a
:class:`MappingProblem` (a ``read.map.*`` key with parameters, said in the reader's language),
raised before any file is read. :func:`guess_mapping` proposes one from a file's headings, and
:meth:`Mapping.to_json` / :func:`mapping_from_json` store it as a named profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from omprio.i18n import Phrase

TEXT_FIELDS = (
    "code", "title", "theme", "description", "consequences", "sector", "area_budget",
    "savings_pct", "notes",
)
"""The fields of a measure that a column may hold as text, in the order the page shows them."""
YEAR_FIELDS = ("amount", "fte")
"""The fields that hold one amount per year: ``amount.2025`` (net), ``fte.2025`` (staff)."""
REQUIRED = ("code", "title")
"""A mapping names at least these and one ``amount.<year>``."""

ALIASES = {
    "kode": "code", "nr": "code", "titel": "title", "tema": "theme", "beskrivelse": "description",
    "konsekvenser": "consequences", "sektor": "sector", "budget": "area_budget",
    "area-budget": "area_budget", "omraadets_budget": "area_budget", "besparelse": "savings_pct",
    "savings": "savings_pct", "savings-pct": "savings_pct", "noter": "notes", "note": "notes",
    "net": "amount", "beløb": "amount", "belob": "amount", "årsværk": "fte", "aarsvaerk": "fte",
    "linje": "line",
}
"""Other names of the fields (Danish, and spellings with a hyphen)."""

FIRST_YEAR = 2000
LAST_YEAR = 2099
"""A budget year column must name a year in this range."""

UNITS = {
    "1.000 kr.": Decimal(1), "1000 kr.": Decimal(1), "1.000 kr": Decimal(1), "t.kr.": Decimal(1),
    "tkr": Decimal(1), "1000": Decimal(1), "1.000": Decimal(1),
    "mio. kr.": Decimal(1000), "mio.kr.": Decimal(1000), "mio kr": Decimal(1000),
    "mio": Decimal(1000), "mio.": Decimal(1000), "mio. kr": Decimal(1000),
}
"""The units a sheet's amounts may be in, by the factor to 1.000 kr."""
DECIMALS = ("da", "en")
"""Decimal conventions: Danish ``1.234,5`` and English ``1,234.5``."""
_PRICE_BASE = re.compile(r"^(?:pl\s*)?(\d{4})(?:\s*-?\s*pl)?$", re.IGNORECASE)


class MappingProblem(ValueError):
    """What is wrong with a mapping: a catalog key (``read.map.*``) with parameters; ``str()``
    is the English message, :meth:`text` the message in a language."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The problem in ``lang``."""
        return Phrase(self.key, **self.params).text(lang)


@dataclass(frozen=True, slots=True)
class Mapping:
    """Fields to columns (``(field, column)`` pairs in the order given), the unit of the sheet's
    amounts, the price base, the decimal convention (``None``: the file decides) and the sheet
    of a workbook (``None``: the first with the columns)."""

    columns: tuple[tuple[str, str], ...]
    unit: str = "1.000 kr."
    price_base: str | None = None
    decimals: str | None = None
    sheet: str | None = None

    def column(self, field: str) -> str | None:
        """The column of ``field`` (``code``, ``amount.2025``), or ``None``."""
        for name, column in self.columns:
            if name == field:
                return column
        return None

    def years(self, kind: str = "amount") -> tuple[int, ...]:
        """The years of ``amount.<year>`` (or ``fte.<year>``) fields, ascending."""
        return tuple(sorted(int(name.split(".")[1]) for name, _ in self.columns
                            if name.startswith(kind + ".") and name.count(".") == 1))

    def lines(self) -> tuple[tuple[str, int, str], ...]:
        """``(label, year, column)`` of the ``line.<label>.<year>`` fields."""
        result = []
        for name, column in self.columns:
            if name.startswith("line."):
                label, _, year = name[5:].rpartition(".")
                result.append((label, int(year), column))
        return tuple(result)

    @property
    def factor(self) -> Decimal:
        """What an amount of the sheet is multiplied by to be in 1.000 kr."""
        return UNITS[self.unit]

    def to_json(self) -> dict[str, Any]:
        """The mapping as JSON data (a stored profile, the API)."""
        return {
            "columns": [[name, column] for name, column in self.columns],
            "unit": self.unit,
            "price_base": self.price_base,
            "decimals": self.decimals,
            "sheet": self.sheet,
        }


def mapping_from_json(data: AnyMapping[str, Any]) -> Mapping:
    """The mapping :meth:`Mapping.to_json` wrote (validated again); a :class:`MappingProblem`
    when it is not one."""
    columns = data.get("columns")
    if not isinstance(columns, list) or not all(
        isinstance(pair, list | tuple) and len(pair) == 2
        and all(isinstance(part, str) for part in pair) for pair in columns
    ):
        raise MappingProblem("read.map.syntax", item=str(columns)[:80])
    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    return build_mapping(
        [(str(a), str(b)) for a, b in columns], unit=text("unit"), price_base=text("price_base"),
        decimals=text("decimals"), sheet=text("sheet"),
    )


def parse_mapping(
    items: Iterable[str],
    *,
    unit: str | None = None,
    price_base: str | None = None,
    decimals: str | None = None,
    sheet: str | None = None,
) -> Mapping:
    """The mapping of ``field=column`` items (``--map code=Nr``); a :class:`MappingProblem`
    for the first thing wrong."""
    pairs = []
    for item in items:
        field, equals, column = item.partition("=")
        if not equals or not field.strip() or not column.strip():
            raise MappingProblem("read.map.syntax", item=item)
        pairs.append((field, column))
    return build_mapping(pairs, unit=unit, price_base=price_base, decimals=decimals, sheet=sheet)


def build_mapping(
    pairs: Sequence[tuple[str, str]],
    *,
    unit: str | None = None,
    price_base: str | None = None,
    decimals: str | None = None,
    sheet: str | None = None,
) -> Mapping:
    """A checked mapping of ``(field, column)`` pairs: every field known and named once, years
    in range, the code, the title and one amount there; the unit, price base and decimal
    convention known."""
    columns: list[tuple[str, str]] = []
    seen: set[str] = set()
    for raw_field, raw_column in pairs:
        field = _field(raw_field)
        column = raw_column.strip()
        if not column:
            raise MappingProblem("read.map.syntax", item=f"{raw_field}=")
        if field in seen:
            raise MappingProblem("read.map.twice", field=field)
        seen.add(field)
        columns.append((field, column))
    for field in REQUIRED:
        if field not in seen:
            raise MappingProblem("read.map.required", field=field)
    if not any(field.startswith("amount.") for field in seen):
        raise MappingProblem("read.map.no_amount")
    unit_name = _unit(unit)
    if decimals is not None and decimals.strip().lower() not in DECIMALS:
        raise MappingProblem("read.map.decimals", value=decimals, known=", ".join(DECIMALS))
    base = None
    if price_base is not None and price_base.strip():
        match = _PRICE_BASE.match(price_base.strip())
        if match is None:
            raise MappingProblem("read.map.price_base", value=price_base)
        _year(match.group(1), f"{price_base}")
        base = f"{match.group(1)}-PL"
    return Mapping(
        tuple(columns), unit=unit_name, price_base=base,
        decimals=decimals.strip().lower() if decimals else None,
        sheet=sheet.strip() if sheet and sheet.strip() else None,
    )


def _unit(unit: str | None) -> str:
    if unit is None or not unit.strip():
        return "1.000 kr."
    key = " ".join(unit.strip().lower().split())
    if key not in UNITS:
        raise MappingProblem("read.map.unit", value=unit)
    return "mio. kr." if UNITS[key] != 1 else "1.000 kr."


def _field(raw: str) -> str:
    """The field's own name (``amount.2025``) of a name as typed (``Beløb.2025``)."""
    text = raw.strip().lower()
    head, dot, rest = text.partition(".")
    head = ALIASES.get(head, head)
    if not dot:
        if head in TEXT_FIELDS:
            return head
        if head in (*YEAR_FIELDS, "line"):
            raise MappingProblem("read.map.year_missing", field=raw.strip())
        raise MappingProblem("read.map.unknown_field", field=raw.strip(), known=known_fields())
    if head in YEAR_FIELDS:
        return f"{head}.{_year(rest, raw.strip())}"
    if head == "line":
        label, dot, year = raw.strip().partition(".")[2].rpartition(".")
        if not dot or not label.strip():
            raise MappingProblem("read.map.year_missing", field=raw.strip())
        return f"line.{label.strip()}.{_year(year, raw.strip())}"
    raise MappingProblem("read.map.unknown_field", field=raw.strip(), known=known_fields())


def _year(text: str, field: str) -> int:
    if not text.strip().isdecimal() or len(text.strip()) > 4 or not text.strip().isascii():
        raise MappingProblem("read.map.year", field=field, value=text,
                             first=FIRST_YEAR, last=LAST_YEAR)
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise MappingProblem("read.map.year", field=field, value=text,
                             first=FIRST_YEAR, last=LAST_YEAR)
    return year


def known_fields() -> str:
    """The fields a mapping may name, for a message."""
    return ", ".join((*TEXT_FIELDS, "amount.<år/year>", "fte.<år/year>", "line.<label>.<år/year>"))


_GUESSES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (field, re.compile(pattern, re.IGNORECASE))
    for field, pattern in (
        ("code", r"^(nr\.?|nummer|kode|code|id|løbenr\.?|no\.?|number|forslagsnr\.?)$"),
        ("title", r"^(forslag|titel|title|navn|name|overskrift|tiltag|forslagets titel)$"),
        ("theme", r"^(tema|theme|temaer)$"),
        ("description", r"^(beskrivelse|description|indhold|uddybning)"),
        ("consequences", r"konsekvens|consequence"),
        ("sector", r"^(sektor|sector)$"),
        ("area_budget", r"budget"),
        ("savings_pct", r"(%|pct|procent|percent)"),
        ("notes", r"^(note|noter|bemærk|notes|remarks|comment)"),
    )
)
_YEAR_IN = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_STAFF = re.compile(r"årsværk|aarsvaerk|fte|stilling|personale|staff", re.IGNORECASE)


def guess_mapping(headings: Sequence[str]) -> dict[str, str]:
    """A first mapping from a file's headings (``Nr`` → code, ``Forslag`` → title, ``2025`` →
    amount.2025, ``Årsværk 2025`` → fte.2025; a lone ``Årsværk`` → fte of the first year), for
    the import page to prefill; the person checks it."""
    guessed: dict[str, str] = {}
    staff_without_year: str | None = None
    for heading in headings:
        text = heading.strip()
        if not text:
            continue
        year = _YEAR_IN.search(text)
        if year is not None and FIRST_YEAR <= int(year.group(1)) <= LAST_YEAR:
            kind = "fte" if _STAFF.search(text) else "amount"
            guessed.setdefault(f"{kind}.{year.group(1)}", text)
            continue
        if _STAFF.search(text):
            staff_without_year = staff_without_year or text
            continue
        for field, pattern in _GUESSES:
            if field not in guessed and pattern.search(text):
                guessed[field] = text
                break
    years = sorted(int(name[7:]) for name in guessed if name.startswith("amount."))
    if staff_without_year is not None and years and not any(k.startswith("fte.") for k in guessed):
        guessed[f"fte.{years[0]}"] = staff_without_year
    return guessed
