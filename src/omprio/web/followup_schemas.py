"""The request and response shapes of the agreement and follow-up API
(:mod:`omprio.web.views.followup_api`).

Requests are checked strictly (known fields, sizes, no NUL); amounts are JSON numbers read
exactly (:mod:`omprio.web.numbers`), never via a float. The answers are what
:mod:`omprio.service.followup_json` writes (the JSON of ``omprio agreement`` and
``omprio followup show|history --format json``), key for key; these models publish their shape.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from omprio.web.api_types import WholeNumber
from omprio.web.numbers import exact_number, number_schema
from omprio.web.schemas import MAX_AMOUNT, MAX_ID, NO_NUL, Amounts, Number

DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
Day = Annotated[str, Field(min_length=10, max_length=10, pattern=DATE_PATTERN,
                           description="A date, ISO 8601: 2024-06-30.")]
CodeIn = Annotated[str, Field(min_length=1, max_length=100,
                              pattern=r"^[^\x00-\x1f\x7f]*[^\x00-\x1f\x7f\s][^\x00-\x1f\x7f]*$")]
_Amount = Annotated[Decimal, BeforeValidator(exact_number), Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
EntryAmount = Annotated[
    _Amount | None,
    WithJsonSchema({"anyOf": [number_schema(-MAX_AMOUNT, MAX_AMOUNT), {"type": "null"}]}),
]
Status = Literal["realized", "on_track", "at_risk", "not_realizable", "pending"]


class AgreementIn(BaseModel):
    """The agreement: its name and date and either the terms as the CLI's agreement file
    (``measures``, ``added``; docs/followup.md) or a stored scenario (``scenario_id``)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300, pattern=NO_NUL)
    date: Day
    scenario_id: Annotated[WholeNumber, Field(ge=1, le=MAX_ID)] | None = None
    measures: dict[str, Any] | None = Field(
        default=None, max_length=10_000,
        description="Per measure code {decision: adopted|changed|dropped|postponed, amounts, "
        "fte}; a measure not named is adopted as it stands.")
    added: list[Any] | None = Field(
        default=None, max_length=1000,
        description="Alternatives the agreement adds: omprio.catalog/1 measures.")


class EntryIn(BaseModel):
    """One measure's figures for one year."""

    model_config = ConfigDict(extra="forbid")

    measure: CodeIn
    year: Annotated[WholeNumber, Field(ge=1900, le=2200)]
    realized: EntryAmount = None
    forecast: EntryAmount = None
    status: Status = "pending"
    explanation: str = Field(default="", max_length=4000, pattern=NO_NUL)
    responsible: str = Field(default="", max_length=200, pattern=NO_NUL)
    documentation: str = Field(default="", max_length=4000, pattern=NO_NUL)


class EntriesIn(BaseModel):
    """A follow-up's figures: the measures named replace their figures of the revision
    before, the others are carried over."""

    model_config = ConfigDict(extra="forbid")

    entries: list[EntryIn] = Field(max_length=100_000)


class ComparedOut(BaseModel):
    code: str
    title: str
    decision: str
    proposed: Amounts
    agreed: Amounts
    difference: Amounts
    proposed_fte: Amounts
    agreed_fte: Amounts


class ComparedTotalOut(BaseModel):
    proposed: Number
    agreed: Number
    difference: Number


class ComparisonOut(BaseModel):
    """Proposal → agreement per measure and year, and the totals."""

    catalog: int
    name: str
    date: str
    proposed_version: int
    adopted_version: int
    years: list[int]
    measures: list[ComparedOut]
    totals: dict[str, ComparedTotalOut]


class EntryOut(BaseModel):
    year: int
    realized: Number | None
    forecast: Number | None
    status: str
    explanation: str
    responsible: str
    documentation: str


class FindingOut(BaseModel):
    rule: str
    severity: str
    measure: str | None
    year: int | None
    line: int | None
    message: str


class MeasureFiguresOut(BaseModel):
    code: str
    title: str
    decision: str
    plan: Amounts
    realized: Amounts
    forecast: Amounts
    deviation: Amounts
    status: str
    statuses: dict[str, str]
    entries: list[EntryOut]


class YearTotalsOut(BaseModel):
    plan: Number
    realized: Number
    forecast: Number
    deviation: Number
    target: Number | None


class FiguresOut(BaseModel):
    """A follow-up's figures, as ``omprio followup show --format json`` writes them."""

    catalog: int
    date: str | None
    revision: int
    closed: bool
    sign: str
    years: list[int]
    measures: list[MeasureFiguresOut]
    totals: dict[str, YearTotalsOut]
    findings: list[FindingOut]


class FollowupSummaryOut(BaseModel):
    """A follow-up in the list: its date, latest revision, who and when, closed or not."""

    date: str
    revision: int
    revisions: int
    author: str
    changed_at: str
    closed: bool
    closed_by: str
    closed_at: str | None
    public: bool


class RevisionOut(BaseModel):
    date: str
    revision: int
    author: str
    created_at: str
    closed: bool
    entries: list[EntryOut]


class HistoryOut(BaseModel):
    """A measure in every revision of every follow-up, oldest first."""

    catalog: int
    code: str
    followups: list[RevisionOut]
