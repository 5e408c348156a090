"""Pydantic models of the REST API's authoring requests (``views/api.py``).

:class:`NewCatalogIn` is the JSON body of ``POST /api/v1/catalogs`` that creates an empty
catalog (the route takes an upload to import as before); :class:`AddMeasureIn` is the body of
``POST /api/v1/catalogs/{id}/measures``: the version the person saw and a measure as in the
``measures`` of an ``omprio.catalog/1`` document (:class:`MeasureIn`, read by
:func:`omprio.interchange.measure_from_json`). Texts are limited as :mod:`omprio.fields`
says; numbers are read exactly (:mod:`omprio.web.numbers`).
"""

from __future__ import annotations

from typing import Annotated, Any

from annotated_types import Interval
from pydantic import BaseModel, ConfigDict, Field, StrictBool, WithJsonSchema

from omprio.fields import MOST_NOTES
from omprio.store.workspace import NewCatalog
from omprio.web.schemas import (
    MAX_ID,
    AmountsIn,
    AreaBudgetIn,
    LineIn,
    ShortText,
    WholeNumber,
    _text_of,
)

MOST_YEARS = 30
CatalogYear = Annotated[WholeNumber, Interval(ge=1900, le=2200),
                        WithJsonSchema({"type": "integer", "minimum": 1900, "maximum": 2200})]


class NewCatalogIn(BaseModel):
    """A new, empty catalog: its title, department, budget period (consecutive years), price
    level (``2026-PL``), unit and target per year (every year, or none)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Omprioriteringskatalog 2026-2029",
                    "department": "Teknik og Miljø",
                    "years": [2026, 2027, 2028, 2029],
                    "price_base": "2026-PL",
                    "unit": "1.000 kr.",
                    "target": {"2026": -3000, "2027": -3000, "2028": -3000, "2029": -3000},
                }
            ]
        },
    )

    title: _text_of("catalog.title") = Field(min_length=1)  # type: ignore[valid-type]
    department: _text_of("catalog.department") = ""  # type: ignore[valid-type]
    organisation: _text_of("catalog.organisation") | None = None  # type: ignore[valid-type]
    years: list[CatalogYear] = Field(min_length=1, max_length=MOST_YEARS)
    price_base: _text_of("catalog.price_base") | None = None  # type: ignore[valid-type]
    unit: _text_of("catalog.unit") = "1.000 kr."  # type: ignore[valid-type]
    target: AmountsIn = Field(default_factory=dict)
    message: ShortText = ""

    def value(self) -> NewCatalog:
        """The workspace's record of the new catalog."""
        return NewCatalog(
            title=self.title,
            years=tuple(self.years),
            department=self.department,
            organisation=self.organisation,
            price_base=self.price_base,
            unit=self.unit,
            target={int(year): amount for year, amount in self.target.items()},
        )


class MeasureIn(BaseModel):
    """A measure as in the ``measures`` of an ``omprio.catalog/1`` document. Years, price level
    and unit left out are the catalog's; where it came from (``source``) is optional."""

    model_config = ConfigDict(extra="forbid")

    code: _text_of("measure.code") = Field(min_length=1)  # type: ignore[valid-type]
    theme: _text_of("measure.theme") = ""  # type: ignore[valid-type]
    title: _text_of("measure.title") = ""  # type: ignore[valid-type]
    description: _text_of("measure.description") = ""  # type: ignore[valid-type]
    lines: list[LineIn] = Field(default_factory=list, max_length=200)
    adjustments: list[LineIn] = Field(default_factory=list, max_length=200)
    net: AmountsIn = Field(default_factory=dict)
    fte: AmountsIn = Field(default_factory=dict)
    fte_stated: StrictBool = True
    sector: _text_of("measure.sector") | None = None  # type: ignore[valid-type]
    area_budget: AreaBudgetIn | None = None
    stated_savings_pct: _text_of("measure.stated_savings_pct") | None = None  # type: ignore[valid-type]
    notes: list[_text_of("measure.note")] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=MOST_NOTES)
    caption: _text_of("measure.caption") = ""  # type: ignore[valid-type]
    periods: list[Annotated[str, Field(max_length=20)]] = Field(default_factory=list,
                                                                 max_length=10)
    years: list[CatalogYear] = Field(default_factory=list, max_length=MOST_YEARS)
    price_base: _text_of("measure.price_base") | None = None  # type: ignore[valid-type]
    unit: _text_of("measure.unit") | None = None  # type: ignore[valid-type]
    source: dict[str, Any] | None = None
    net_source: dict[str, Any] | None = None
    fte_source: dict[str, Any] | None = None

    def document(self) -> dict[str, Any]:
        """The measure as ``omprio.catalog/1`` JSON (numbers exact), for
        :func:`omprio.interchange.measure_from_json`."""
        return self.model_dump()


class AddMeasureIn(BaseModel):
    """A measure to add, based on the version the person read."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "base_version": 1,
                    "message": "Nyt forslag",
                    "measure": {
                        "code": "TMF-1",
                        "theme": "1A",
                        "title": "Færre vejlamper",
                        "description": "Borgerne møder mørkere veje om natten.",
                        "lines": [{"label": "Drift", "amounts": {"2026": -500}}],
                        "net": {"2026": -500},
                    },
                }
            ]
        },
    )

    base_version: WholeNumber = Field(ge=1, le=MAX_ID,
                                      description="The version the change starts from.")
    message: ShortText = ""
    position: WholeNumber | None = Field(
        None, ge=0, le=10_000,
        description="Its place among the measures (0 is first); after its theme's by default.")
    measure: MeasureIn

