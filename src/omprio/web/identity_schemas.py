"""Pydantic models of the API's catalog identity: a catalog's name, description and department,
read with every change of them (``GET …/identity``) and changed (``PATCH …/identity``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from omprio.web.schemas import NO_NUL, CatalogListItem

Name = Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
Department = Annotated[str, Field(max_length=300, pattern=NO_NUL)]
Description = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]


class RenameOut(BaseModel):
    """One change of a catalog's name, description or department: who, when, the values set."""

    changed_at: datetime
    author: str
    name: str
    description: str
    department: str


class CatalogIdentityOut(CatalogListItem):
    """A catalog as the list shows it, its number of versions and every rename, newest first."""

    versions: int
    renames: list[RenameOut]


class CatalogIdentityIn(BaseModel):
    """What to change: the fields given (the others stay as they are)."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None
    department: Department | None = None
