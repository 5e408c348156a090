"""Pydantic models of the scenario and optimize routes of the REST API (``views/scenario_api.py``).

A scenario travels as ``omprio.scenario/1`` (docs/decide.md): :class:`ScenarioIn` checks its
shape strictly (known fields, sizes, numbers within range, no NUL characters) so that malformed
input is 422, never a server error; what the catalog makes of it (unknown codes, a fraction of a
measure that is not divisible, a target year the catalog lacks) is checked by
:mod:`omprio.decide` and is 422 too. Amounts are JSON numbers, read exactly from the request's
text (:mod:`omprio.web.numbers`: ``-10.5`` is ``Decimal("-10.5")``, never a float) and bounded
as :func:`omprio.money.bounded` says.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
)

from omprio.web.api_types import WholeNumber
from omprio.web.i18n import LANG_PATTERN
from omprio.web.numbers import exact_number, number_schema, real_number
from omprio.web.schemas import MAX_AMOUNT, MAX_ID, NO_NUL, Amounts, AmountsIn, Number, ProblemOut
from omprio.web.schemas import ShortText as ShortTextIn
from omprio.web.schemas import Text as TextIn

ObjectiveName = Literal["fte", "count", "harm", "amount"]
Code = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]
GroupKey = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[^\x00-\x1f\x7f]+$")]
Codes = Annotated[list[Code], Field(max_length=1000)]
ShareText = Annotated[str, Field(min_length=1, max_length=30, pattern=NO_NUL)]

def _exact(
    ge: int | None = None, le: int | None = None, description: str | None = None
) -> tuple[Any, ...]:
    """The metadata of an exact number field (:mod:`omprio.web.numbers`)."""
    return (
        BeforeValidator(exact_number),
        Field(ge=ge, le=le, description=description),
        WithJsonSchema(number_schema(ge, le, description=description)),
    )


ShareIn = Annotated[Decimal, *_exact(0, 1)] | ShareText
Harm = Annotated[Decimal, *_exact(0, MAX_AMOUNT)]
Positions = Annotated[Decimal, *_exact(0, MAX_AMOUNT)]
SavingsCap = Annotated[Decimal, *_exact(-MAX_AMOUNT, 0)]
Fraction = Annotated[Decimal, *_exact(0, 1)]
Percent = Annotated[Decimal, *_exact(0, 100)]


def exact(value: Any) -> Any:
    """``value`` (parsed JSON) with every float replaced by the exact Decimal it was written as."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {key: exact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [exact(item) for item in value]
    return value


# --- requests ---------------------------------------------------------------------------------


class CapIn(BaseModel):
    """A cap on a theme or operating area: the most it may save a year (a negative amount) and
    the most of its measures in a package."""

    model_config = ConfigDict(extra="forbid")

    savings: SavingsCap | None = None
    measures: Annotated[WholeNumber, Field(ge=0, le=10_000)] | None = None


class ConstraintsIn(BaseModel):
    """What a package must respect besides the targets."""

    model_config = ConfigDict(extra="forbid")

    include: Codes = Field(default_factory=list)
    exclude: Codes = Field(default_factory=list)
    theme_caps: Annotated[dict[GroupKey, CapIn], Field(max_length=200)] = Field(
        default_factory=dict
    )
    area_caps: Annotated[dict[GroupKey, CapIn], Field(max_length=200)] = Field(default_factory=dict)
    max_fte_cut: Positions | None = None


class RiskIn(BaseModel):
    """How sure a measure's saving is: the probability it is realized and/or a triangular
    share of its net (``low`` <= ``likely`` <= ``high``, fractions; all three or none)."""

    model_config = ConfigDict(extra="forbid")

    probability: Fraction | ShareText | None = None
    low: Percent | ShareText | None = None
    likely: Percent | ShareText | None = None
    high: Percent | ShareText | None = None


class ScenarioIn(BaseModel):
    """A scenario in ``omprio.scenario/1`` (see docs/decide.md)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "format": "omprio.scenario/1",
                    "name": "Forligsudkast 1",
                    "selection": {"BFF-1": 1, "UJU-1": 1},
                    "targets": {"2024": -3000},
                }
            ]
        },
    )

    format: Literal["omprio.scenario/1"]
    name: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*\S[^\x00]*$")]
    catalog_title: ShortTextIn = ""
    description: TextIn = ""
    objective: ObjectiveName | None = None
    scope: Literal["section", "all"] = "section"
    selection: Annotated[dict[Code, ShareIn], Field(max_length=5000)] = Field(default_factory=dict)
    divisible: Codes = Field(default_factory=list)
    targets: AmountsIn | None = None
    constraints: ConstraintsIn = Field(default_factory=ConstraintsIn)
    harm: Annotated[dict[Code, Harm], Field(max_length=5000)] = Field(default_factory=dict)
    risk: Annotated[dict[Code, RiskIn], Field(max_length=5000)] = Field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        """The JSON document with exact numbers, as :mod:`omprio.decide.scenario_json` reads it."""
        data = self.model_dump(mode="python")
        data["constraints"]["theme_caps"] = {
            k: {f: v for f, v in cap.items() if v is not None}
            for k, cap in data["constraints"]["theme_caps"].items()
        }
        data["constraints"]["area_caps"] = {
            k: {f: v for f, v in cap.items() if v is not None}
            for k, cap in data["constraints"]["area_caps"].items()
        }
        data["risk"] = {
            code: {f: v for f, v in entry.items() if v is not None}
            for code, entry in data["risk"].items()
        }
        return dict(exact(data))


class OptimizeIn(BaseModel):
    """What to optimize: the objective, targets (null: the catalog's own) and constraints, as
    ``omprio optimize`` takes them."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "objective": "count",
                    "targets": {"2024": -10000, "2025": -10000},
                    "exclude": ["JUS-2"],
                    "theme_caps": {"3": {"savings": -8000}},
                    "max_fte_cut": 5,
                    "alternatives": 2,
                }
            ]
        },
    )

    objective: ObjectiveName = "fte"
    targets: AmountsIn | None = None
    include: Codes = Field(default_factory=list)
    exclude: Codes = Field(default_factory=list)
    harm: Annotated[dict[Code, Harm], Field(max_length=5000)] = Field(default_factory=dict)
    divisible: Codes = Field(default_factory=list)
    theme_caps: Annotated[dict[GroupKey, CapIn], Field(max_length=200)] = Field(
        default_factory=dict
    )
    area_caps: Annotated[dict[GroupKey, CapIn], Field(max_length=200)] = Field(default_factory=dict)
    max_fte_cut: Positions | None = None
    all_measures: StrictBool = False
    margin: Annotated[Decimal, *_exact(0, 10, "0.05: 5 % more")] = Decimal(0)
    probability: (
        Annotated[
            float,
            BeforeValidator(real_number),
            Field(gt=0, le=1, description="Needs `risk`."),
            WithJsonSchema(number_schema(gt=0, le=1, description="Needs `risk`.")),
        ]
        | None
    ) = None
    risk: Annotated[dict[Code, RiskIn], Field(max_length=5000)] = Field(default_factory=dict)
    alternatives: Annotated[WholeNumber, Field(ge=0, le=10)] = 0
    time_limit: Annotated[
        float,
        BeforeValidator(real_number),
        Field(ge=0.1, le=30, description="Seconds for the whole request (every solve of it)."),
        WithJsonSchema(number_schema(
            0.1, 30, description="Seconds for the whole request (every solve of it).")),
    ] = 10.0
    draws: Annotated[WholeNumber, Field(ge=100, le=100_000)] = 10_000
    seed: Annotated[WholeNumber, Field(ge=0, le=2**31 - 1)] = 0
    version: Annotated[WholeNumber, Field(ge=1, le=MAX_ID)] | None = None
    lang: Annotated[str, Field(pattern=LANG_PATTERN, description="da, en")] = "da"


# --- answers ----------------------------------------------------------------------------------


class ScenarioSummary(BaseModel):
    """A stored scenario: who saved it last, when, on which catalog version, and its revision
    (the value of ``ETag`` and ``If-Match``)."""

    id: int
    catalog_id: int
    name: str
    version: int
    author: str
    saved_by: str
    created_at: datetime
    updated_at: datetime
    revision: int


class CapOut(BaseModel):
    """A cap as stored."""

    savings: Number | None = None
    measures: int | None = None


class ConstraintsOut(BaseModel):
    """The constraints as stored."""

    include: list[str]
    exclude: list[str]
    theme_caps: dict[str, CapOut]
    area_caps: dict[str, CapOut]
    max_fte_cut: Number | None


class ScenarioDocument(BaseModel):
    """A scenario as ``omprio.scenario/1``."""

    format: Literal["omprio.scenario/1"]
    name: str
    catalog_title: str
    description: str
    objective: ObjectiveName | None
    scope: Literal["section", "all"]
    selection: dict[str, int | str]
    divisible: list[str]
    targets: Amounts | None
    constraints: ConstraintsOut
    harm: dict[str, Number]
    risk: dict[str, dict[str, str]]


class SelectedOut(BaseModel):
    """A selected measure at its share, with its consequences for citizens."""

    code: str
    title: str
    theme: str
    area: str
    fraction: str
    net: Amounts
    fte: Amounts
    harm: Number | None
    description: str


class YearRiskOut(BaseModel):
    """One year of the Monte Carlo report."""

    target: Number | None
    probability: float
    p10: Number | None
    p50: Number | None
    p90: Number | None
    mean_total: Number | None


class RiskOut(BaseModel):
    """The Monte Carlo report of the package."""

    draws: int
    seed: int
    all_years: float
    years: dict[str, YearRiskOut]


class EvaluationOut(BaseModel):
    """What a scenario does per year: totals, gap to the target (positive: short), staff, the
    constraints it breaks (as values: docs/decide.md lists the codes) and, when simulated, how
    sure its savings are."""

    name: str
    catalog_title: str
    reached: bool
    reached_years: dict[str, bool]
    years: list[int]
    targets: Amounts
    totals: Amounts
    gap: Amounts
    fte: Amounts
    positions_lost: Amounts
    count: int
    harm: Number | None
    gap_total: Number | None
    by_theme: dict[str, Amounts]
    by_area: dict[str, Amounts]
    broken: list[ProblemOut]
    selected: list[SelectedOut]
    risk: RiskOut | None


class ScenarioDetail(ScenarioSummary):
    """A stored scenario with its document and its figures on the catalog version
    ``evaluated_version`` (the latest, or the one it was made on when it no longer fits the
    latest: ``refused`` says why; null evaluation when it fits neither)."""

    description: str
    latest_version: int
    outdated: bool
    evaluated_version: int | None
    refused: ProblemOut | None
    document: ScenarioDocument
    evaluation: EvaluationOut | None


class PackageOut(BaseModel):
    """A package's figures."""

    selected: list[str]
    fractions: dict[str, str]
    objective: Number | None
    totals: Amounts
    fte: Amounts
    positions_lost: Amounts
    gap: Amounts
    """Per year: total - target (positive: short of the target, negative: more than it)."""


class AlternativeOut(PackageOut):
    """A next-best package, and whether it is proven best among those not yet listed."""

    proven: bool


class InfeasibleOut(BaseModel):
    """Why no package reaches the target."""

    reasons: list[str]
    binding: list[str]
    catalog_short: Amounts | None
    all_measures_would_reach: bool
    best: PackageOut | None
    best_proven: bool


class ChanceStepOut(BaseModel):
    """One step of the chance-constrained iteration."""

    extra: Amounts
    selected: list[str]
    probability: dict[str, float]
    all_years: float


class ChanceOut(BaseModel):
    """The chance-constrained iteration."""

    probability: float
    met: bool
    steps: list[ChanceStepOut]


class OptimizeOut(BaseModel):
    """The answer, as ``omprio optimize --format json`` writes it (docs/decide.md)."""

    status: Literal["optimal", "feasible", "infeasible", "unknown"]
    minimize: ObjectiveName
    selected: list[str]
    totals: Amounts
    fte: Amounts
    objective: Number | None
    optimality_gap: float | None
    shortfall: Amounts
    proven_optimal: bool
    bound: Number | None
    targets: Amounts
    required: Amounts
    candidates: int
    seconds: float
    message: str
    fractions: dict[str, str]
    positions_lost: Amounts
    gap: Amounts
    alternatives: list[AlternativeOut]
    infeasible: InfeasibleOut | None
    risk: RiskOut | None
    chance: ChanceOut | None
