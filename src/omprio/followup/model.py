"""The values of an agreement and a follow-up: decisions, statuses, entries, and the problem
value that refuses bad input.

A :class:`Terms` is what an agreement decides, before it is applied to a catalog; an
:class:`Agreement` is what it decided, measure by measure, with the proposed amounts and the
plan (the adopted amounts) side by side. An :class:`Entry` is one measure's figures for one year
in a follow-up. Amounts are exact ``Decimal`` in the catalog's unit; savings are negative.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from omprio.i18n import Lang, Phrase
from omprio.model import Measure
from omprio.money import ZERO

DECISIONS = ("adopted", "changed", "dropped", "postponed", "added")
"""What an agreement decides of a measure (``added``: an alternative the agreement brings)."""
IN_PLAN = frozenset({"adopted", "changed", "added"})
"""The decisions whose measures are in the plan and followed up."""
STATUSES = ("realized", "on_track", "at_risk", "not_realizable", "pending")
"""A follow-up's status of a measure in a year (realiseret, på sporet, i risiko, ikke
realiserbar, afventer)."""
NEEDS_EXPLANATION = frozenset({"at_risk", "not_realizable"})
"""Statuses that need an explanation."""


class FollowupProblem(ValueError):
    """Input an agreement or a follow-up cannot use: a catalog key (``followup.<code>``) and its
    parameters, said in the reader's language (:meth:`text`)."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        """The problem in ``lang``."""
        return Phrase(self.key, **self.params).text(lang)


@dataclass(frozen=True, slots=True)
class Decided:
    """The agreement's decision on one measure; ``amounts`` and ``fte`` (per year) only for
    ``changed``: the years given replace the proposal's, the others stay."""

    decision: str
    amounts: Mapping[int, Decimal] = field(default_factory=dict)
    fte: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Terms:
    """What an agreement decides: per measure code a :class:`Decided` (a measure not named is
    adopted as it stands), and the measures it adds (``omprio.catalog/1`` measures)."""

    decisions: Mapping[str, Decided]
    added: tuple[Measure, ...] = ()


@dataclass(frozen=True, slots=True)
class MeasureOutcome:
    """One measure of an agreement: its decision, the proposal's amounts and staff (empty for
    an added measure) and the plan's (empty for a dropped or postponed one)."""

    code: str
    title: str
    decision: str
    proposed: Mapping[int, Decimal]
    proposed_fte: Mapping[int, Decimal]
    plan: Mapping[int, Decimal]
    plan_fte: Mapping[int, Decimal]

    @property
    def in_plan(self) -> bool:
        """True when the measure is adopted (as it stands, changed or added)."""
        return self.decision in IN_PLAN


@dataclass(frozen=True, slots=True)
class Agreement:
    """A budget agreement on a catalog: its name and date, the catalog's years, every measure
    of the proposal and every added one with its decision, and the catalog versions of the
    proposal and of the adopted plan."""

    name: str
    agreed_on: date
    years: tuple[int, ...]
    measures: tuple[MeasureOutcome, ...]
    proposed_version: int = 0
    adopted_version: int = 0
    _by_code: dict[str, MeasureOutcome] = field(
        init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[str, MeasureOutcome] = {}
        for m in self.measures:
            index.setdefault(m.code, m)
        object.__setattr__(self, "_by_code", index)  # a lookup, not a linear search per call

    def outcome(self, code: str) -> MeasureOutcome | None:
        """The measure with this code, if the agreement knows it."""
        return self._by_code.get(code)

    def plan_total(self, year: int) -> Decimal:
        """The plan's total in ``year``: the adopted measures' amounts."""
        return sum((m.plan.get(year, ZERO) for m in self.measures if m.in_plan), ZERO)

    def proposed_total(self, year: int) -> Decimal:
        """The proposal's total in ``year`` (every proposed measure)."""
        return sum((m.proposed.get(year, ZERO) for m in self.measures), ZERO)


@dataclass(frozen=True, slots=True)
class Entry:
    """One measure's figures for one year in a follow-up: the amount realized so far, the
    amount expected for the whole year (``forecast``), the status, why (required when at risk
    or not realizable), who answers for it and what the saving is tied to (``documentation``:
    accounts, cost centres, positions vacated, contracts ended). ``line`` is where it was read
    (not stored)."""

    code: str
    year: int
    realized: Decimal | None
    forecast: Decimal | None
    status: str = "pending"
    explanation: str = ""
    responsible: str = ""
    documentation: str = ""
    line: int | None = None
