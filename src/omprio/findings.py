"""Findings: what the reader and the checks report, as values (never exceptions).

A :class:`Finding` has a stable rule id (``line-sum``), a severity, the measure and year it
concerns (or ``None``), a source location and a message. Messages are the catalog's templates
(``finding.<key>``, :mod:`omprio.i18n`) filled from typed parameters when shown, so amounts stay
exact ``Decimal`` values until :mod:`omprio.display` formats them for the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from omprio import display, i18n
from omprio.display import Lang
from omprio.model import Source


class Severity(StrEnum):
    """How bad a finding is: errors fail ``omprio check``; warnings and notices do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


Param = str | int | Decimal | None


PREFIX = "finding."
"""A finding's message is the catalog's ``finding.<key>`` (:mod:`omprio.i18n`)."""
WORDS = frozenset({"period", "years", "price_base", "overview_years", "net", "gross",
                   "difference", "target", "in_year", "every_year", "in_total"})
"""Names of things inside messages (the ``what`` and ``when`` parameters): the catalog's
``word.<name>``, filled with the message's other values (``in_year`` is 'i {year}')."""
WORD_PARAMS = ("what", "when")


def message_keys() -> frozenset[str]:
    """Every message key of a finding (rule ids, or rule ids with a suffix)."""
    return frozenset(k.removeprefix(PREFIX) for k in i18n.catalog_keys() if k.startswith(PREFIX))


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
        """The message in ``lang``, numbers formatted for that language."""
        values = {"measure": self.measure or "", "year": str(self.year or "")}
        values.update((name, _show(value, lang)) for name, value in self.params)
        for name in WORD_PARAMS:
            if name in values and values[name] in WORDS:
                values[name] = i18n.t(f"word.{values[name]}", lang, **values)
        return i18n.t(PREFIX + self.key, lang, **values)

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
    if not i18n.has(PREFIX + message_key):
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
