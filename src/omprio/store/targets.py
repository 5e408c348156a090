"""Setting a catalog's target (sparekrav) by hand: a new version whose :attr:`Catalog.target`
is what a person set, kept until it is set again (editing measures never moves it).

The catalog page's target form, ``omprio catalog target`` and the API call
:meth:`Targets.set_target`. Only those who may change the whole catalog (admins, editors for
all areas) may set it; a target equal to the one the catalog has writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from omprio.check import check_catalog
from omprio.findings import finding_from_record
from omprio.money import bounded
from omprio.store.accounts import Actor
from omprio.store.edits import Edits
from omprio.store.errors import Conflict, InvalidInput
from omprio.store.versions import StoredVersion, _info, _loads


class Targets(Edits):
    """The target method of the workspace (mixed into ``Workspace``)."""

    def set_target(
        self,
        catalog_id: int,
        target: Mapping[int, Decimal],
        actor: Actor | None,
        *,
        base_version: int | None = None,
        message: str = "",
    ) -> StoredVersion:
        """Set the target per year (every year of the catalog, each an amount in the catalog's
        unit) as a new version. ``base_version`` is the version the person saw (None: the
        latest): if the target changed since, :class:`Conflict`. The same target as now
        writes nothing and returns the latest version with ``unchanged`` set."""
        actor = self._require_whole_catalog(actor, "editor", "err.areas_target")
        with self._write_session() as session:
            row = self._locked(session, catalog_id)
            current = self._version_row(session, catalog_id, row.latest)
            catalog = self._catalog(session, current)
            wanted = _checked(target, catalog.years)
            if base_version is not None and base_version != current.number:
                base = self._catalog(session, self._version_row(session, catalog_id, base_version))
                if dict(base.target) != dict(catalog.target):
                    raise Conflict("err.target_changed", version=current.number,
                                   author=current.author, base=base_version)
            if wanted == dict(catalog.target):
                findings = [finding_from_record(r) for r in _loads(current.findings_json)]
                return StoredVersion(_info(current), catalog, findings, row.public, unchanged=True)
            changed = replace(catalog, target=wanted)
            findings = check_catalog(changed)
            info = self._write_version(
                session,
                row,
                changed,
                findings,
                stage=current.stage,
                author=actor.name,
                message=message or "Måltal sat",
                source_name=current.source_name,
            )
            return StoredVersion(info, changed, findings, row.public)


def _checked(target: Mapping[int, Decimal], years: tuple[int, ...]) -> dict[int, Decimal]:
    """The target of every year of the catalog, bounded; InvalidInput otherwise."""
    missing = [year for year in years if year not in target]
    if missing or not years:
        raise InvalidInput("err.target_years", years=", ".join(map(str, missing or years)))
    extra = sorted(set(target) - set(years))
    if extra:
        raise InvalidInput("err.target_year", year=extra[0], years=", ".join(map(str, years)))
    return {year: bounded(Decimal(target[year]), str(target[year])) for year in years}
