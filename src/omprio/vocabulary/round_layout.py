"""The layout of the budget round's workbook, shared by its writer and its reader.

Sheet names, the labels in column A that say what a row holds, kinds of key and the yes/no of
a frame cut, in each language (the catalog's ``roundbook.*``); the reader takes any language's,
so a workbook written in English reads back like a Danish one. The format id on the round sheet
(``omprio.roundbook/1``) tells the reader that a workbook is a round's. The writer is
:mod:`omprio.publish.round_excel`, the reader :mod:`omprio.read.round_xlsx`; docs/round.md
describes the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from omprio.i18n import LANGS, Lang, t

FORMAT = "omprio.roundbook/1"

SHEETS = ("round", "departments", "keys", "requirements", "designated", "links")
"""The sheets, in the workbook's order (``roundbook.sheet.<sheet>``)."""

LABELS = (
    # the round sheet
    "format", "name", "municipality", "period", "price_level", "unit", "wage_share",
    "index", "index_years", "index_series",
    # the keys sheet
    "key", "key_name", "kind", "source", "weight", "department", "sum",
    # the requirements sheet
    "requirement", "requirement_key", "frame_cut", "year", "amount", "central", "to_split",
    "total",
)
"""What a row holds, said in its column A (``roundbook.label.<label>``)."""

HEADINGS = ("code", "department_name", "share", "base", "mix", "unrounded", "whole",
            "label", "catalog", "section")
"""Column headings (``roundbook.heading.<heading>``), written and never read."""

KINDS = ("shares", "base", "mix")
"""Kinds of key (``roundbook.kind.<kind>``: the values of :class:`~omprio.rounds.model.KeyKind`)."""

FIRST_BLOCK = 3
"""Keys and requirements: column A holds a row's label or a department's code, B its name; the
blocks of figures begin in column C."""


@dataclass(frozen=True, slots=True)
class Sheets:
    """Sheet names of one language."""

    round: str
    departments: str
    keys: str
    requirements: str
    designated: str
    links: str


def sheets(lang: Lang) -> Sheets:
    """The sheet names of ``lang``."""
    return Sheets(*(t(f"roundbook.sheet.{name}", lang) for name in SHEETS))


def sheet_names(sheet: str) -> list[str]:
    """Sheet ``sheet``'s name in every language, the default language first."""
    return list(dict.fromkeys(t(f"roundbook.sheet.{sheet}", lang) for lang in LANGS))


def label(name: str, lang: Lang) -> str:
    """The label of a row in ``lang``."""
    return t(f"roundbook.label.{name}", lang)


def heading(name: str, lang: Lang) -> str:
    """A column heading in ``lang``."""
    return t(f"roundbook.heading.{name}", lang)


def kind_name(kind: str, lang: Lang) -> str:
    """A kind of key in ``lang``."""
    return t(f"roundbook.kind.{kind}", lang)


def yes_no(value: bool, lang: Lang) -> str:
    """``Ja`` / ``Nej`` in ``lang``."""
    return t("roundbook.yes", lang) if value else t("roundbook.no", lang)


def _by_text(group: str, names: tuple[str, ...]) -> dict[str, str]:
    return {t(f"roundbook.{group}.{name}", lang).casefold(): name
            for lang in LANGS for name in names}


@cache
def _labels() -> dict[str, str]:
    return _by_text("label", LABELS)


@cache
def _kinds() -> dict[str, str]:
    return {**_by_text("kind", KINDS), **{kind: kind for kind in KINDS}}


@cache
def _flags() -> dict[str, bool]:
    return {t(key, lang).casefold(): key == "roundbook.yes"
            for lang in LANGS for key in ("roundbook.yes", "roundbook.no")}


def label_of(text: object) -> str | None:
    """The label a cell's text is in any language (``None``: not a label)."""
    return _labels().get(str(text).strip().casefold()) if isinstance(text, str) else None


def kind_of(text: str) -> str | None:
    """The kind of key a text names in any language (or as its value, ``base``)."""
    return _kinds().get(text.strip().casefold())


def flag_of(text: str) -> bool | None:
    """``True`` for yes, ``False`` for no, in any language; else ``None``."""
    return _flags().get(text.strip().casefold())
