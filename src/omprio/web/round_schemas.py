"""Pydantic models of the budget round routes of the REST API (``views/round_api.py``).

A round is answered as :func:`omprio.service.rounds.round_json` writes it (:class:`RoundOut`,
the same JSON as ``omprio round show --format json``) and exported as ``omprio.round/1``
(:class:`RoundDocument`). Requests are checked strictly (known fields, sizes, no control
characters in codes); numbers are JSON numbers read exactly from the request's text
(:mod:`omprio.web.numbers`: ``28.4`` is ``Decimal("28.4")``, never a float) and bounded as
:func:`omprio.money.bounded` says. A key's shares, base figures and weights may also be texts
as a person types them (``"28,4"`` in Danish, ``"28.4"`` in English: the request's ``lang``).
What the round makes of the values (a share below 0 or over 100 %, weights that do not add up
to 100 %, a year outside the period, an unknown department or key) is checked by
:mod:`omprio.rounds` and answered 422 with the reason in the request's language.
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
    model_validator,
)

from omprio.web.api_types import WholeNumber
from omprio.web.numbers import exact_number, number_schema
from omprio.web.schemas import (
    MAX_AMOUNT,
    MAX_ID,
    NO_NUL,
    Amounts,
    AmountsIn,
    Number,
    SeverityName,
    ShortText,
)

MOST_PAIRS = 1000
MOST_YEARS = 30
CODE_PATTERN = r"^[^\x00-\x1f\x7f]*[^\x00-\x1f\x7f\s][^\x00-\x1f\x7f]*$"
Code = Annotated[str, Field(min_length=1, max_length=100, pattern=CODE_PATTERN)]
Name = Annotated[str, Field(max_length=300, pattern=NO_NUL)]
Label = Annotated[str, Field(min_length=1, max_length=300, pattern=CODE_PATTERN)]
NumberText = Annotated[str, Field(min_length=1, max_length=30, pattern=NO_NUL)]
YearIn = Annotated[WholeNumber, Field(ge=1900, le=2200),
                   WithJsonSchema({"type": "integer", "minimum": 1900, "maximum": 2200})]
VersionIn = Annotated[WholeNumber, Field(ge=1, le=MAX_ID),
                      WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_ID})]


def _exact(low: int, high: int, description: str) -> tuple[Any, ...]:
    """The metadata of a key's exact number (:mod:`omprio.web.numbers`); its bounds are the
    round's to check (a 422 in the request's language), the schema says them."""
    return (BeforeValidator(exact_number),
            WithJsonSchema(number_schema(low, high, description=description)))


Share = Annotated[
    Decimal, *_exact(0, 100, "Percent, 0-100 (28.4); or a text in the request's lang (\"28,4\").")
] | NumberText
Figure = Annotated[
    Decimal, *_exact(0, MAX_AMOUNT, "A base figure, 0 or more; or a text in the request's lang.")
] | NumberText
Weight = Annotated[
    Decimal, *_exact(0, 100, "Percent of the other key, 0-100; the weights add up to 100.")
] | NumberText


# --- requests ---------------------------------------------------------------------------------


class ChangeIn(BaseModel):
    """What every change takes: the version the change starts from (a newer one is 409) and
    why (in the round's history)."""

    model_config = ConfigDict(extra="forbid")

    base_version: VersionIn | None = Field(
        None, description="The version the change starts from; 409 when the round is newer."
    )
    message: ShortText = ""


class RoundCreateIn(BaseModel):
    """A new round: its name, its period (``2024-2027``) or years, its price level and unit."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Budget 2024",
                    "period": "2024-2027",
                    "price_level": 2024,
                    "municipality": "Aarhus Kommune",
                }
            ]
        },
    )

    name: Annotated[str, Field(min_length=1, max_length=300, pattern=CODE_PATTERN)]
    period: Annotated[str, Field(pattern=r"^\s*[0-9]{4}\s*(-\s*[0-9]{4}\s*)?$")] | None = None
    years: Annotated[list[YearIn], Field(min_length=1, max_length=MOST_YEARS)] | None = None
    price_level: YearIn
    unit: Annotated[str, Field(max_length=50, pattern=NO_NUL)] = "1.000 kr."
    municipality: Name = ""
    message: ShortText = ""

    @model_validator(mode="after")
    def _one_period(self) -> RoundCreateIn:
        if (self.period is None) == (self.years is None):
            raise ValueError("give either period or years")
        if len(self.round_years()) > MOST_YEARS:
            raise ValueError(f"a round has at most {MOST_YEARS} years")
        return self

    def round_years(self) -> tuple[int, ...]:
        """The years of the round (a period the wrong way round has none: refused as a round's
        bad period)."""
        if self.years is not None:
            return tuple(self.years)
        assert self.period is not None
        first, _, last = self.period.partition("-")
        start = int(first)
        end = int(last) if last.strip() else start
        return tuple(range(start, end + 1)) if end - start < 100 else (start, end)


class RoundDocumentIn(BaseModel):
    """A round in ``omprio.round/1`` (as ``GET …/document`` answers it), imported as a new
    round; it is read and checked as ``omprio round import`` reads a file."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "format": "omprio.round/1",
                    "name": "Budget 2024",
                    "years": [2024, 2025, 2026, 2027],
                    "price_level": 2024,
                    "departments": [{"code": "MSB", "name": "Sociale Forhold"}],
                    "keys": [{"code": "ADM", "kind": "shares", "values": {"MSB": 100}}],
                }
            ]
        },
    )

    format: Literal["omprio.round/1"]


class DepartmentIn(ChangeIn):
    """A department's name (the department is added when its code is new)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Sociale Forhold og Beskæftigelse"}]},
    )

    name: Name = ""


class KeyIn(ChangeIn):
    """An allocation key, given by exactly one of ``shares`` (percent by department),
    ``base`` (base figures by department: a share is a figure ÷ their sum) or ``mix``
    (weights in percent by key, adding up to 100)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"name": "Den administrative nøgle", "shares": {"MSB": 28.4, "MBU": 71.6}},
                {"name": "Velfærd", "base": {"MSB": 19730, "MBU": 14000}},
                {"name": "Blandet", "mix": {"ADM": 50, "VEL": 50}},
            ]
        },
    )

    name: Name = ""
    shares: Annotated[dict[Code, Share], Field(min_length=1, max_length=MOST_PAIRS)] | None = None
    base: Annotated[dict[Code, Figure], Field(min_length=1, max_length=MOST_PAIRS)] | None = None
    mix: Annotated[dict[Code, Weight], Field(min_length=1, max_length=MOST_PAIRS)] | None = None
    source: Name = ""

    @model_validator(mode="after")
    def _exactly_one(self) -> KeyIn:
        given = [v for v in (self.shares, self.base, self.mix) if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of shares, base or mix")
        return self


class RequirementIn(ChangeIn):
    """A requirement on the whole municipality: amounts per year in the round's unit
    (negative = saving), split over the departments by ``key``; ``central`` per year is kept
    central; ``frame_cut``: what the designated proposals leave is cut from the frames."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "key": "ADM",
                    "amounts": {"2024": -48415, "2025": -48415, "2026": -47852, "2027": -47852},
                    "frame_cut": True,
                }
            ]
        },
    )

    key: Code
    amounts: AmountsIn
    central: AmountsIn = Field(default_factory=dict)
    frame_cut: StrictBool = False
    source: Name = ""


class DesignatedIn(ChangeIn):
    """Designated proposals (direktørudpegede forslag) of a department toward a frame-cut
    requirement, per year (added, or replacing those of the same department, requirement and
    label)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "department": "MSB",
                    "requirement": "Administrative besparelser",
                    "amounts": {"2024": -4656, "2025": -7070, "2026": -7280, "2027": -7564},
                }
            ]
        },
    )

    department: Code
    requirement: Label
    label: Name = ""
    amounts: AmountsIn


class LinkIn(ChangeIn):
    """A stored catalog (the path's) that answers ``requirements`` for a department;
    ``sections`` names per requirement the overview section whose measures deliver it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "department": "MSB",
                    "requirements": ["Administrative besparelser", "Velfærdspuljen"],
                    "sections": {"Administrative besparelser": "ADMINISTRATIVE BESPARELSER"},
                }
            ]
        },
    )

    department: Code
    requirements: Annotated[list[Label], Field(min_length=1, max_length=100)]
    sections: Annotated[dict[Label, Label], Field(max_length=100)] = Field(default_factory=dict)


# --- answers ----------------------------------------------------------------------------------


class RoundSummaryOut(BaseModel):
    """A round in the list."""

    id: int
    name: str
    period: str
    price_level: int
    latest: int
    changed_at: datetime


class RoundVersionOut(BaseModel):
    """A version of a round: who made it, when and why."""

    number: int
    created_at: datetime
    author: str
    message: str


class DepartmentLineOut(BaseModel):
    """A department's part of one requirement: whole and unrounded per year, what its catalogs
    deliver toward it and the gap (delivered − part: + short); for a frame cut also the
    designated proposals and the residual the frame cut takes."""

    name: str
    frame_cut: bool
    amounts: Amounts
    unrounded: dict[str, str]
    delivered: Amounts
    gap: Amounts
    designated: Amounts | None = None
    residual: Amounts | None = None


class RoundDepartmentOut(BaseModel):
    """Where a department stands."""

    code: str
    name: str
    status: Literal["met", "short", "no-catalog", "nothing"]
    catalogs: list[int]
    requirements: list[DepartmentLineOut]
    required: Amounts
    delivered: Amounts
    gap: Amounts


class RequirementOut(BaseModel):
    """A requirement on the whole municipality."""

    name: str
    key: str
    frame_cut: bool
    amounts: Amounts
    central: Amounts


class KeyOut(BaseModel):
    """An allocation key: percents (shares), figures (base) by department, or weights by key
    (mix)."""

    code: str
    name: str
    kind: Literal["shares", "base", "mix"]
    values: dict[str, Number]


class LinkedCatalogOut(BaseModel):
    """A catalog linked to the round (``version`` null when the caller cannot read it)."""

    id: int
    department: str
    title: str
    version: int | None
    price_base: str | None


class RoundFindingOut(BaseModel):
    """A finding of the round's checks, said in the request's language."""

    rule: str
    severity: SeverityName
    message: str
    year: int | None


class RoundOut(BaseModel):
    """A version of a round with where each department the caller may see stands
    (``all_departments`` false: a person limited to operating areas sees their own), the
    totals per requirement and year, the keys, the linked catalogs and the findings; as
    ``omprio round show --format json`` writes it."""

    id: int
    version: int
    latest: int
    name: str
    municipality: str
    period: str
    years: list[int]
    price_level: int
    unit: str
    all_departments: bool
    departments: list[RoundDepartmentOut]
    totals: dict[str, Amounts]
    requirements: list[RequirementOut]
    keys: list[KeyOut]
    catalogs: list[LinkedCatalogOut]
    findings: list[RoundFindingOut]


class DepartmentDoc(BaseModel):
    """A department of ``omprio.round/1``."""

    code: str
    name: str


class KeyDoc(KeyOut):
    """A key of ``omprio.round/1``."""

    source: str


class RequirementDoc(RequirementOut):
    """A requirement of ``omprio.round/1``."""

    source: str


class DesignatedDoc(BaseModel):
    """Designated proposals of ``omprio.round/1``."""

    department: str
    requirement: str
    label: str
    amounts: Amounts


class LinkDoc(BaseModel):
    """A link of ``omprio.round/1``."""

    catalog_id: int
    department: str
    requirements: list[str]
    sections: dict[str, str]


class IndexDoc(BaseModel):
    """A price and wage index of ``omprio.round/1``."""

    name: str
    source: str
    kinds: dict[str, Amounts]


class RoundDocument(BaseModel):
    """A round in the interchange format ``omprio.round/1`` (``POST /api/v1/rounds`` and
    ``omprio round import`` read it back as the same round)."""

    format: Literal["omprio.round/1"]
    name: str
    municipality: str
    period: str
    years: list[int]
    price_level: int
    unit: str
    wage_share: Number
    departments: list[DepartmentDoc]
    keys: list[KeyDoc]
    requirements: list[RequirementDoc]
    designated: list[DesignatedDoc]
    links: list[LinkDoc]
    index: IndexDoc | None
