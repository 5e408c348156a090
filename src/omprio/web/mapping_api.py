"""The REST API's column mapping: the form fields of ``POST /api/v1/catalogs`` that read a
spreadsheet in its own columns (``map``, ``unit``, ``price_base``, ``decimals``, ``sheet``, or a
saved ``profile``) and the shape of a mapping profile, for the OpenAPI schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Form
from pydantic import BaseModel, Field
from starlette.datastructures import FormData

from omprio.read.mapping import Mapping, MappingProblem, parse_mapping
from omprio.store.accounts import Actor
from omprio.store.errors import InvalidInput
from omprio.store.workspace import MappingProfile, Workspace
from omprio.web.schemas import MAX_ID

MapForm = Annotated[
    list[str] | None,
    Form(description="A spreadsheet in its own columns: FIELD=COLUMN, repeated (code=Nr, "
         "title=Forslag, theme=Tema, amount.2025=2025, fte.2025=Årsværk …).",
         max_length=200),
]
UnitForm = Annotated[
    str | None, Form(max_length=20, description="With map: the unit, 1.000 kr. or mio. kr.")
]
PriceBaseForm = Annotated[
    str | None,
    Form(max_length=20, description="With map: the price level (2025); else the first year."),
]
DecimalsForm = Annotated[
    str | None,
    Form(max_length=5, description="With map: da (1.234,5) or en (1,234.5); else the file's."),
]
SheetForm = Annotated[str | None, Form(max_length=300, description="With map: the XLSX sheet.")]
ProfileForm = Annotated[
    int | None, Form(ge=1, le=MAX_ID, description="A saved mapping profile's id instead of map.")
]


@dataclass(frozen=True, slots=True)
class MappingIn:
    """The mapping fields of an import request."""

    items: list[str] | None
    unit: str | None
    price_base: str | None
    decimals: str | None
    sheet: str | None
    profile: int | None

    @property
    def given(self) -> bool:
        """Whether the request names a mapping at all."""
        return bool(self.items) or self.profile is not None or any(
            value is not None for value in (self.unit, self.price_base, self.decimals, self.sheet))

    def mapping(self, ws: Workspace, actor: Actor) -> Mapping:
        """The mapping asked for: the profile's, or the ``map`` fields'; InvalidInput (422)
        when it is not one."""
        if self.profile is not None:
            if self.items:
                problem = MappingProblem("read.map.profile_and_map")
                raise InvalidInput("err.problem", problem=problem)
            return ws.profile(self.profile, actor).mapping
        try:
            return parse_mapping(self.items or [], unit=self.unit, price_base=self.price_base,
                                 decimals=self.decimals, sheet=self.sheet)
        except MappingProblem as problem:
            raise InvalidInput("err.problem", problem=problem) from problem


_TEXT_LIMITS = {"unit": 20, "price_base": 20, "decimals": 5, "sheet": 300}


def mapping_from_form(form: FormData) -> MappingIn:
    """The mapping fields of a multipart import read by hand (``POST /api/v1/catalogs``
    reads its body itself, to take JSON as well), held to the limits the schema states."""
    items = [item for item in form.getlist("map") if isinstance(item, str)]
    if len(items) > 200:
        raise InvalidInput("err.form_field", field="map")
    texts: dict[str, str | None] = {}
    for name, most in _TEXT_LIMITS.items():
        value = form.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > most):
            raise InvalidInput("err.form_field", field=name)
        texts[name] = value if isinstance(value, str) and value != "" else None
    profile: int | None = None
    raw = form.get("profile")
    if raw is not None and raw != "":
        if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit() \
                or not 1 <= int(raw) <= MAX_ID:
            raise InvalidInput("err.form_field", field="profile")
        profile = int(raw)
    return MappingIn(items or None, texts["unit"], texts["price_base"], texts["decimals"],
                     texts["sheet"], profile)


class MappingOut(BaseModel):
    """A column mapping: fields to columns and how the sheet writes its amounts."""

    columns: list[list[str]] = Field(description="[field, column] pairs, e.g. [code, Nr].")
    unit: str = Field(description="1.000 kr. or mio. kr.")
    price_base: str | None = Field(description="2025-PL, or null: the first year column.")
    decimals: str | None = Field(description="da, en, or null: as the file writes them.")
    sheet: str | None = Field(description="The sheet of a workbook, or null: the first with "
                                          "the columns.")


class MappingProfileOut(BaseModel):
    """A column mapping kept by name."""

    id: int
    name: str
    mapping: MappingOut
    author: str
    created_at: str


def profile_out(profile: MappingProfile) -> dict[str, Any]:
    """A profile as the API answers it."""
    return {"id": profile.id, "name": profile.name, "mapping": profile.mapping.to_json(),
            "author": profile.author, "created_at": profile.created_at.isoformat()}
