"""Findings: what the reader and the checks report, as values (never exceptions).

A :class:`Finding` has a stable rule id (``line-sum``), a severity, the measure and year it
concerns (or ``None``), a source location and a message. Messages are templates in Danish and
English filled from typed parameters when shown, so amounts stay exact ``Decimal`` values until
:mod:`omprio.display` formats them for the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from omprio import display
from omprio.display import Lang
from omprio.model import Source


class Severity(StrEnum):
    """How bad a finding is: errors fail ``omprio check``; warnings and notices do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


Param = str | int | Decimal | None


# Message templates by key: (Danish, English). Keys are rule ids or rule ids with a suffix.
MESSAGES: dict[str, tuple[str, str]] = {
    "encoding": (
        "Filen er ikke UTF-8; den er læst som {encoding}. Kontrollér æ, ø og å.",
        "The file is not UTF-8; it was read as {encoding}. Check æ, ø and å.",
    ),
    "table-unreadable.no-table": (
        "Siden har ingen tabel over økonomiske konsekvenser",
        "The page has no economics table",
    ),
    "table-unreadable.no-years": (
        "Tabellen over økonomiske konsekvenser har ingen række med årstal",
        "The economics table has no row of years",
    ),
    "table-unreadable.no-rows": (
        "Tabellen over økonomiske konsekvenser har ingen rækker med beløb",
        "The economics table has no rows with amounts",
    ),
    "table-unreadable.truncated": (
        "Tabellen slutter uden netto- og personalerækker; er den afkortet?",
        "The table ends without net and staff rows; is it truncated?",
    ),
    "table-row": (
        "Rækken '{label}' har {found} beløb, men tabellen har {expected} år",
        "Row '{label}' has {found} amounts, but the table has {expected} years",
    ),
    "table-cell": (
        "Rækken '{label}' har en celle, der ikke er et tal: '{cell}'",
        "Row '{label}' has a cell that is not a number: '{cell}'",
    ),
    "no-measures": (
        "Dokumentet har et overblik, men ingen sider med tiltag ('Tema 1A, BFF-1')",
        "The document has an overview but no measure pages ('Tema 1A, BFF-1')",
    ),
    "overview-missing": (
        "Dokumentet har ingen OVERBLIK-tabel; tiltagene kan ikke afstemmes med et overblik",
        "The document has no OVERBLIK table; measures cannot be reconciled with an overview",
    ),
    "line-sum": (
        "Linjerne summer til {lines}, men netto + korrektioner er {expected}"
        " ({net} + {adjustments})",
        "The lines sum to {lines}, but net + adjustments is {expected} ({net} + {adjustments})",
    ),
    "overview-mismatch": (
        "Overblikket viser {overview} for {code}, men tiltagets netto er {net}",
        "The overview shows {overview} for {code}, but the measure's net is {net}",
    ),
    "overview-mismatch.no-measure": (
        "Overbliksrækken '{label}' har ingen side med tiltag",
        "Overview row '{label}' has no measure page",
    ),
    "overview-mismatch.no-row": (
        "Tiltaget {code} '{title}' står ikke i overblikket",
        "Measure {code} '{title}' has no row in the overview",
    ),
    "overview-title": (
        "Overbliksrækken '{label}' svarer ikke til titlen på {code}: '{title}'",
        "Overview row '{label}' does not match the title of {code}: '{title}'",
    ),
    "theme-mismatch": (
        "{code} har tema {theme} på sin side, men står under tema {overview_theme} i overblikket",
        "{code} has theme {theme} on its page but is listed under theme {overview_theme}"
        " in the overview",
    ),
    "section-total": (
        "'{label}' er {stated}, men rækkerne, den summerer, giver {computed}",
        "'{label}' is {stated}, but the rows it totals add up to {computed}",
    ),
    "savings-pct": (
        "Den angivne besparelse '{stated}' kan ikke genskabes ud fra beløbene og budgettet for "
        "området; nærmest er {closest} % ({saving} af {budget} i 1.000 kr.)",
        "The stated saving '{stated}' cannot be reproduced from the amounts and the area budget;"
        " the closest is {closest} % ({saving} of {budget} in 1,000 DKK)",
    ),
    "duplicate-code": (
        "Koden {code} bruges også af tiltaget på {other}",
        "Code {code} is also used by the measure at {other}",
    ),
    "code-characters.look-alike": (
        "Koden {code} ligner {other} (på {at}) til forveksling, men er skrevet med andre tegn",
        "Code {code} looks the same as {other} (at {at}) but is written with other characters",
    ),
    "code-characters.bidi": (
        "Koden {code} indeholder retningstegnet {char}, som kan vise koden i en anden rækkefølge",
        "Code {code} contains the direction control {char}, which can show it in another order",
    ),
    "code-characters.invisible": (
        "Koden {code} indeholder det usynlige tegn {char}",
        "Code {code} contains the invisible character {char}",
    ),
    "code-characters.mixed-script": (
        "Koden {code} blander latinske bogstaver med {char} fra et andet alfabet",
        "Code {code} mixes Latin letters with {char} from another script",
    ),
    "period-mismatch": (
        "{what} {stated} passer ikke med katalogets {expected}",
        "{what} {stated} does not match the catalog's {expected}",
    ),
    "unit-mismatch": (
        "Tabellen er i {stated}, men kataloget er i {expected}",
        "The table is in {stated}, but the catalog is in {expected}",
    ),
    "fte-missing": (
        "Tabellen har ingen række med personaleændringer (fuldtidsstillinger)",
        "The table has no row of staff changes (full-time positions)",
    ),
    "description-amount": (
        "Teksten nævner {stated} i {year}, men tabellen har intet beløb på {amount} (1.000 kr.)"
        " det år",
        "The text states {stated} in {year}, but the table has no amount of {amount}"
        " (1,000 DKK) that year",
    ),
}

# Names of things inside messages, by language.
WORDS: dict[str, tuple[str, str]] = {
    "period": ("Perioden", "The period"),
    "years": ("Årskolonnerne", "The year columns"),
    "price_base": ("Prisniveauet", "The price level"),
    "overview_years": ("Overblikkets årskolonner", "The overview's year columns"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the reader or a check found, with where it is."""

    rule: str
    severity: Severity
    source: Source
    key: str
    params: tuple[tuple[str, Param], ...] = ()
    measure: str | None = None
    year: int | None = None

    def message(self, lang: Lang = "da") -> str:
        """The message in Danish or English, numbers formatted for that language."""
        index = 0 if lang == "da" else 1
        values = {"measure": self.measure or "", "year": str(self.year or "")}
        values.update((name, _show(value, lang)) for name, value in self.params)
        if "what" in values and values["what"] in WORDS:
            values["what"] = WORDS[values["what"]][index]
        return MESSAGES[self.key][index].format(**values)

    @property
    def is_error(self) -> bool:
        """True for error-level findings, which make ``omprio check`` exit 1."""
        return self.severity is Severity.ERROR


def _show(value: Param, lang: Lang) -> str:
    if isinstance(value, Decimal):
        return display.number(value, lang)
    if value is None:
        return "-"
    return str(value)


def finding(
    rule: str,
    severity: Severity,
    source: Source,
    *,
    key: str | None = None,
    measure: str | None = None,
    year: int | None = None,
    **params: Param,
) -> Finding:
    """Build a finding; ``key`` picks a message variant (defaults to the rule id)."""
    message_key = key or rule
    if message_key not in MESSAGES:
        raise KeyError(f"no message template for {message_key!r}")
    return Finding(
        rule=rule,
        severity=severity,
        source=source,
        key=message_key,
        params=tuple(params.items()),
        measure=measure,
        year=year,
    )


def sort_key(item: Finding) -> tuple[int, int, str]:
    """Document order: page, line, rule."""
    return (item.source.page or 0, item.source.line or 0, item.rule)


def finding_to_record(item: Finding) -> dict[str, object]:
    """A finding as language-neutral JSON data (for storing); amounts as decimal strings."""
    return {
        "rule": item.rule,
        "severity": item.severity.value,
        "key": item.key,
        "measure": item.measure,
        "year": item.year,
        "params": [
            [
                name,
                "decimal" if isinstance(value, Decimal) else "value",
                str(value) if isinstance(value, Decimal) else value,
            ]
            for name, value in item.params
        ],
        "source": {"path": item.source.path, "line": item.source.line, "page": item.source.page},
    }


def finding_from_record(record: dict[str, object]) -> Finding:
    """The finding that :func:`finding_to_record` stored."""
    source = record["source"]
    assert isinstance(source, dict)
    params: list[tuple[str, Param]] = []
    for name, kind, value in record["params"]:  # type: ignore[attr-defined]
        params.append((name, Decimal(value) if kind == "decimal" else value))
    return Finding(
        rule=str(record["rule"]),
        severity=Severity(str(record["severity"])),
        source=Source(source["path"], source.get("line"), source.get("page")),
        key=str(record["key"]),
        params=tuple(params),
        measure=record.get("measure"),  # type: ignore[arg-type]
        year=record.get("year"),  # type: ignore[arg-type]
    )
