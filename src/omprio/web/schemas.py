"""Pydantic models of the REST API: what each route returns and accepts, for the OpenAPI schema.

The catalog models mirror the interchange format ``omprio.catalog/1`` (``docs/interchange.md``):
amounts are objects keyed by year (as a string) with JSON numbers as values. Requests are
checked strictly (known fields only, no NUL characters in texts, ids and amounts within range)
so that bad input is answered with 422, never with a server error.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
    model_validator,
)

from omprio.fields import LIMITS, MOST_NOTES, text_problem
from omprio.web.numbers import exact_number, number_schema

MAX_ID = 2**31 - 1
MAX_DIGITS = 15
MAX_AMOUNT = 10**12

Stage = Literal["draft", "hearing", "adopted"]
MeasureStatus = Literal["draft", "submitted", "accepted", "rejected", "withdrawn"]
SeverityName = Literal["error", "warning", "info"]
Number = int | float
Amounts = dict[str, Number]


# --- errors -------------------------------------------------------------------------------


class ProblemOut(BaseModel):
    """What deciding reports, as a value: a stable code (docs/decide.md), its parameters and
    the message in the request's language."""

    code: str = Field(examples=["include-and-exclude"])
    params: dict[str, Any]
    message: str


class ErrorBody(BaseModel):
    """What went wrong: a stable code and a message for people; when deciding (or a budget
    round) refused the request, ``problems`` says why as values."""

    code: str = Field(examples=["not-found"])
    message: str = Field(examples=["no catalog 7"])
    problems: list[ProblemOut] | None = None


class ErrorResponse(BaseModel):
    """The one shape of every API error."""

    error: ErrorBody


# --- catalogs and versions ----------------------------------------------------------------


class Summary(BaseModel):
    """Findings by severity."""

    errors: int
    warnings: int
    info: int


class VersionOut(BaseModel):
    """One version of a catalog: who made it, when, why, at which stage, and its findings."""

    number: int
    stage: Stage
    created_at: datetime
    author: str
    message: str
    source_name: str
    errors: int
    warnings: int


class CatalogListItem(BaseModel):
    """A catalog in the list: what it is called (name, description, department; ``title`` is
    the latest document's), described by its latest version."""

    id: int
    title: str
    name: str
    description: str
    department: str
    public: bool
    stage: Stage
    measures: int
    latest: VersionOut


class SourceOut(BaseModel):
    """Where a record stands in its document (page for PDFs)."""

    path: str
    line: int | None
    page: int | None


class LineOut(BaseModel):
    """A row of a measure's economics table."""

    label: str
    amounts: Amounts
    source: SourceOut


class AreaBudgetOut(BaseModel):
    """'Budget for området': the text and the amounts in kroner it names."""

    label: str
    text: str
    amounts_dkk: list[Number]


class MeasureOut(BaseModel):
    """One measure (omprioriteringstiltag) in interchange form."""

    code: str
    theme: str
    title: str
    description: str
    lines: list[LineOut]
    adjustments: list[LineOut]
    net: Amounts
    fte: Amounts
    fte_stated: bool
    sector: str | None
    area_budget: AreaBudgetOut | None
    stated_savings_pct: str | None
    notes: list[str]
    caption: str
    periods: list[str]
    years: list[int]
    price_base: str | None
    unit: str | None
    source: SourceOut
    net_source: SourceOut | None
    fte_source: SourceOut | None
    status: MeasureStatus | None = Field(
        None, exclude_if=lambda value: value is None,
        description="Where a proposal stands in the making of the catalog; absent when it is "
        "accepted (in the catalog).")
    status_reason: str | None = Field(
        None, exclude_if=lambda value: value is None,
        description="Why it was rejected or sent back, when it was.")


class ThemeOut(BaseModel):
    """A theme of the overview."""

    code: str
    title: str
    section: str | None


class OverviewRowOut(BaseModel):
    """A row of the OVERBLIK table, linked to its measure by code."""

    section: str | None
    theme: str | None
    label: str
    measure: str | None
    amounts: Amounts
    source: SourceOut


class OverviewTotalOut(BaseModel):
    """A total row of the overview."""

    label: str
    section: str | None
    theme: str | None
    amounts: Amounts
    source: SourceOut


class CatalogDocument(BaseModel):
    """A catalog in the interchange format ``omprio.catalog/1``."""

    format: Literal["omprio.catalog/1"]
    title: str
    organisation: str | None
    department: str | None
    date: str | None
    period: str | None
    years: list[int]
    price_base: str | None
    unit: str
    introduction: str
    themes: list[ThemeOut]
    measures: list[MeasureOut]
    overview: list[OverviewRowOut]
    overview_totals: list[OverviewTotalOut]
    target: Amounts
    source: SourceOut


class FindingOut(BaseModel):
    """One finding, with its message in the requested language."""

    severity: SeverityName
    rule: str
    measure: str | None
    year: int | None
    message: str
    source: SourceOut


class FindingsOut(BaseModel):
    """The check report: findings and their count by severity."""

    findings: list[FindingOut]
    summary: Summary


class MeasureDetail(BaseModel):
    """A measure with its findings."""

    catalog_id: int
    version: int
    measure: MeasureOut
    findings: list[FindingOut]


class ChangeOut(BaseModel):
    """One changed value: its path (``net.2024``, ``lines[label].2025``), before and after."""

    path: str
    before: str | Number | bool | None
    after: str | Number | bool | None


class MeasureRef(BaseModel):
    """A measure by code and title."""

    code: str
    title: str


class MeasureDiffOut(BaseModel):
    """The changes of one measure."""

    code: str
    title: str
    changes: list[ChangeOut]


class DiffOut(BaseModel):
    """What changed between two versions."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    from_version: int = Field(alias="from")
    to_version: int = Field(alias="to")
    added: list[MeasureRef]
    removed: list[MeasureRef]
    changed: list[MeasureDiffOut]
    catalog: list[ChangeOut]


class StoredOut(BaseModel):
    """The version a write created, with its check summary."""

    id: int
    version: int
    stage: Stage
    public: bool
    summary: Summary
    unchanged: bool = Field(
        False,
        description="True when an imported document was identical to the catalog's latest "
        "version: no version was stored and this is the existing one.",
    )


# --- requests -----------------------------------------------------------------------------


def _storable(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("texts must be valid Unicode (no lone surrogates)") from exc
    return value


def _field(name: str) -> AfterValidator:
    """The checks of the text field ``name`` of :data:`omprio.fields.LIMITS` (length and
    characters), as a validator: a refusal is a 422 naming the field."""

    def check(value: str) -> str:
        problem = text_problem(name, value)
        if problem is not None:
            raise ValueError(problem.message("en"))
        return value

    return AfterValidator(check)


def _text_of(name: str) -> Any:
    """A text field of the catalog model as a request field, limited as :mod:`omprio.fields`
    says (the limit in the schema too)."""
    return Annotated[str, Field(max_length=LIMITS[name].most), AfterValidator(_storable),
                     _field(name)]


NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, Field(max_length=100_000, pattern=NO_NUL), AfterValidator(_storable)]
ShortText = Annotated[str, Field(max_length=2000, pattern=NO_NUL), AfterValidator(_storable)]
Year = Annotated[str, Field(pattern=r"^(19[0-9]{2}|2[01][0-9]{2}|2200)$")]

AmountIn = Annotated[
    Decimal,
    BeforeValidator(exact_number),
    Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT),
    WithJsonSchema(number_schema(-MAX_AMOUNT, MAX_AMOUNT)),
]
"""An amount: the JSON number read exactly (:mod:`omprio.web.numbers`), never via a float."""
KronerIn = Annotated[
    Decimal,
    BeforeValidator(exact_number),
    Field(ge=-MAX_AMOUNT * 1000, le=MAX_AMOUNT * 1000),
    WithJsonSchema(number_schema(-MAX_AMOUNT * 1000, MAX_AMOUNT * 1000)),
]


YEAR_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)$"
_NUMBER_SCHEMA: dict[str, Any] = number_schema(-MAX_AMOUNT, MAX_AMOUNT)
AmountsIn = Annotated[
    dict[Year, AmountIn],
    Field(max_length=50),
    WithJsonSchema(
        {
            "type": "object",
            "description": "Amounts by year ('2024'), in the catalog's unit.",
            "patternProperties": {YEAR_PATTERN: _NUMBER_SCHEMA},
            "additionalProperties": False,
            "maxProperties": 50,
        }
    ),
]


def _whole_number(value: Any) -> Any:
    if isinstance(value, Decimal):  # read exactly from the JSON text (``3.0``)
        if value != value.to_integral_value():
            raise ValueError("expected a whole number")
        return int(value)  # bounded: the body's numbers are (omprio.web.numbers)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a whole number")
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


class LineIn(BaseModel):
    """A row of the economics table: a label and an amount per year (in the catalog's unit)."""

    model_config = ConfigDict(extra="forbid")

    label: _text_of("measure.line") = Field(min_length=1)  # type: ignore[valid-type]
    amounts: AmountsIn = Field(default_factory=dict)


class AreaBudgetIn(BaseModel):
    """'Budget for området': the text and the amounts in kroner it names."""

    model_config = ConfigDict(extra="forbid")

    label: _text_of("measure.area_budget.label") = "Budget for området"  # type: ignore[valid-type]
    text: _text_of("measure.area_budget.text") = ""  # type: ignore[valid-type]
    amounts_dkk: list[KronerIn] = Field(default_factory=list, max_length=50)


class MeasureChanges(BaseModel):
    """The fields of a measure that can be changed, in interchange form; give only those that
    change. ``net`` and ``fte`` merge by year; lists and texts replace."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    title: _text_of("measure.title") | None = None  # type: ignore[valid-type]
    theme: _text_of("measure.theme") | None = None  # type: ignore[valid-type]
    description: _text_of("measure.description") | None = None  # type: ignore[valid-type]
    sector: _text_of("measure.sector") | None = None  # type: ignore[valid-type]
    stated_savings_pct: _text_of("measure.stated_savings_pct") | None = None  # type: ignore[valid-type]
    notes: list[_text_of("measure.note")] | None = Field(  # type: ignore[valid-type]
        default=None, max_length=MOST_NOTES)
    lines: list[LineIn] | None = Field(default=None, max_length=200)
    adjustments: list[LineIn] | None = Field(default=None, max_length=200)
    net: AmountsIn | None = None
    fte: AmountsIn | None = None
    area_budget: AreaBudgetIn | None = None

    @model_validator(mode="after")
    def _something(self) -> MeasureChanges:
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        return self

    def patch(self) -> dict[str, Any]:
        """The changes as a patch for the workspace (only the fields that were given; a given
        ``sector``, ``stated_savings_pct`` or ``area_budget`` of null clears it)."""
        data = self.model_dump(exclude_unset=True)
        for key in ("title", "theme", "description", "notes", "lines", "adjustments"):
            if key in data and data[key] is None:
                del data[key]
        for key in ("net", "fte"):
            if key in data and data[key] is None:
                del data[key]
        return data


class MeasurePatch(BaseModel):
    """An edit of one measure, based on the version the editor read."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "base_version": 1,
                    "message": "Ny beregning",
                    "changes": {"net": {"2024": -1200}},
                }
            ]
        },
    )

    base_version: WholeNumber = Field(
        ge=1, le=MAX_ID, description="The version the edit starts from."
    )
    message: ShortText = ""
    changes: MeasureChanges


class StageIn(BaseModel):
    """Move a catalog to a stage; adopting needs an administrator."""

    model_config = ConfigDict(extra="forbid")

    stage: Stage
    message: ShortText = ""


class PublicIn(BaseModel):
    """Make a catalog public or internal (administrators only)."""

    model_config = ConfigDict(extra="forbid")

    public: StrictBool
