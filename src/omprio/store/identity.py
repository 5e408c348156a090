"""What people call a catalog: its name, a short description and the department.

An import names a new catalog from its document (:func:`default_name`: the title, with the
budget period when the title lacks it) and takes the department from it; the description starts
empty. A rename (:meth:`~omprio.store.renames.Renames.rename_catalog`) changes the three and is
kept as a :class:`RenameInfo` (who, when, the values set); it is no new version, since the
catalog's content stays as it was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from omprio.model import Catalog
from omprio.store.errors import InvalidInput

NAME_MAX = 300
DESCRIPTION_MAX = 2000
DEPARTMENT_MAX = 300
_LIMITS = {"name": NAME_MAX, "description": DESCRIPTION_MAX, "department": DEPARTMENT_MAX}
_TOO_LONG = {
    "name": "err.catalog_name_long",
    "description": "err.catalog_description_long",
    "department": "err.catalog_department_long",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def default_name(catalog: Catalog, fallback: str = "") -> str:
    """The name an import gives a catalog: its title with the period (``Omprioriteringskatalog
    2024–2027``); the title alone when it names the period's years; ``fallback`` (the file's
    name) when the document has no title."""
    title = " ".join((catalog.title or "").split()) or " ".join(fallback.split())
    years = catalog.years
    if years and title:
        first, last = str(years[0]), str(years[-1])
        if first not in title or last not in title:
            period = first if first == last else f"{first}–{last}"
            title = f"{title} {period}"
    return title[:NAME_MAX]


def clean_identity(field: str, value: str) -> str:
    """``value`` for the identity field ``field`` (name, description or department): spaces
    at the ends removed, no control characters (a description may keep its line breaks), at
    most the field's length; a name may not be empty."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.encode("utf-8", "replace").decode("utf-8"))
    text = text.strip() if field == "description" else " ".join(text.split())
    if field == "name" and not text:
        raise InvalidInput("err.catalog_name_empty")
    if len(text) > _LIMITS[field]:
        raise InvalidInput(_TOO_LONG[field], limit=_LIMITS[field])
    return text


@dataclass(frozen=True, slots=True)
class RenameInfo:
    """A change of a catalog's name, description or department: who, when, the values set."""

    catalog_id: int
    changed_at: datetime
    author: str
    name: str
    description: str
    department: str


def rename_info(row: Any) -> RenameInfo:
    """The :class:`RenameInfo` of a stored rename."""
    changed = row.changed_at
    if changed.tzinfo is None:
        changed = changed.replace(tzinfo=UTC)
    return RenameInfo(
        row.catalog_id, changed, row.author, row.name, row.description, row.department
    )
