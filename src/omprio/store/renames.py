"""Renaming a catalog: its name, description and department, and the record of each change.

:class:`Renames` adds to the catalog methods (:mod:`~omprio.store.catalogs`) what the catalog
page's rename form, the API and ``omprio catalog rename`` call. A rename writes no version (the
content stays as it was) but a :class:`~omprio.store.schema.CatalogRename` row: who, when and
the values set, shown in the catalog's history.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from omprio.store.accounts import Actor
from omprio.store.catalogs import Catalogs, CatalogSummary
from omprio.store.identity import RenameInfo, clean_identity, rename_info
from omprio.store.schema import CatalogRename
from omprio.store.versions import _now


@dataclass(frozen=True, slots=True)
class CatalogDetails:
    """A catalog with every change of its name, description and department, newest first."""

    summary: CatalogSummary
    renames: list[RenameInfo]
    #: True when :meth:`Renames.rename_catalog` changed something (and recorded it).
    changed: bool = False


class Renames(Catalogs):
    """The catalog methods of the workspace with renaming (mixed into ``Workspace``)."""

    def catalog_details(self, catalog_id: int, actor: Actor | None) -> CatalogDetails:
        """A catalog (as :meth:`catalog_summary`) with every rename of it, newest first."""
        summary = self.catalog_summary(catalog_id, actor)
        with self._session() as session:
            renames = session.scalars(
                select(CatalogRename)
                .where(CatalogRename.catalog_id == catalog_id)
                .order_by(CatalogRename.id.desc())
            )
            return CatalogDetails(summary, [rename_info(r) for r in renames])

    def rename_catalog(
        self,
        catalog_id: int,
        actor: Actor | None,
        *,
        name: str | None = None,
        description: str | None = None,
        department: str | None = None,
    ) -> CatalogDetails:
        """Set the catalog's name, description and department (those given; ``None`` keeps
        one as it is), recording who did it when. No version is written: the content stays.
        Admins and editors for all areas, as for a stage change; a change to the values the
        catalog has records nothing."""
        actor = self._require_whole_catalog(actor, "editor", "err.areas_rename")
        given = {"name": name, "description": description, "department": department}
        wanted = {k: clean_identity(k, v) for k, v in given.items() if v is not None}
        with self._write_session() as session:
            row = self._locked(session, catalog_id)
            now = {"name": row.name or row.title, "description": row.description,
                   "department": row.department}
            new = {**now, **wanted}
            changed = new != now
            if changed:
                row.name, row.description, row.department = (
                    new["name"], new["description"], new["department"]
                )
                session.add(CatalogRename(catalog_id=catalog_id, changed_at=_now(),
                                          author=actor.name, **new))
        details = self.catalog_details(catalog_id, actor)
        return CatalogDetails(details.summary, details.renames, changed)
