"""Authoring catalogs in the workspace: a new catalog, measures added, deleted, renumbered and
moved, themes and sections kept.

:class:`Authoring` is the part of :class:`~omprio.store.workspace.Workspace` the "Nyt katalog"
and catalog pages, the REST API (``POST /api/v1/catalogs`` with a new catalog,
``POST``/``DELETE /api/v1/catalogs/{id}/measures``), ``omprio catalog new`` / ``add-measure`` /
``remove-measure`` and the submissions of measures call. The changes themselves are the values
of :mod:`~omprio.store.catalog_changes`; here they are checked against the actor and stored.

Every change is a new version with who and why. ``base_version`` is the version the person
saw: when the catalog has a newer one, the change is refused with
:class:`~omprio.store.errors.Conflict` (nothing stored). An editor limited to operating areas
may add, delete, renumber and move measures of those areas only; themes and sections, and a
new catalog's whole, need an admin or an editor for all areas. Viewers may do none of it.
The overview of an authored catalog is derived from its measures after every change
(:func:`omprio.overview.derive_overview`); an imported one's follows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from omprio.check import check_catalog
from omprio.findings import Finding, finding_from_record
from omprio.i18n import Lang
from omprio.model import Catalog, Measure, Theme, in_catalog
from omprio.read_error import ReadError
from omprio.store import catalog_changes as changes
from omprio.store.accounts import Actor
from omprio.store.catalog_changes import NewCatalog
from omprio.store.edits import Edits, _reader_findings
from omprio.store.errors import Conflict, InvalidInput
from omprio.store.identity import default_name
from omprio.store.schema import CatalogRow
from omprio.store.versions import StoredVersion, _clean, _info, _loads, _now

__all__ = ["Authoring", "NewCatalog"]


@dataclass(frozen=True, slots=True)
class _Said:
    """A finding as an error's parameter: said in the error's language."""

    finding: Finding

    def text(self, lang: Lang) -> str:
        return self.finding.message(lang)


def _as_added(actor: Actor | None, measure: Measure) -> Measure:
    """``measure`` as ``actor`` adds it: an editor limited to operating areas proposes, so the
    measure is their draft until they submit it and the finance office accepts it
    (store/submissions.py); the finance office adds it as given."""
    if actor is not None and actor.areas:
        return replace(measure, status="draft", status_reason=None)
    return measure


class Authoring(Edits):
    """The authoring methods of the workspace (mixed into ``Workspace``)."""

    def _form_into(
        self, data: bytes, name: str, actor: Actor, catalog_id: int, message: str
    ) -> StoredVersion:
        """Read a filled-in measure form against the catalog's latest version (its years,
        price level and unit) and add its measure as the next version. A form with an error
        (a cell that is not a number, a row without its text) is refused whole, its first
        error named: nothing is stored."""
        from omprio.read.word_form import read_form_for

        latest = self.version(catalog_id, actor)
        try:
            measure, findings = read_form_for(data, name, latest.catalog)
        except ReadError as exc:
            raise InvalidInput("err.problem", problem=exc) from exc
        errors = [item for item in findings if item.is_error]
        if errors:
            raise InvalidInput("err.form_errors", count=len(errors), first=_Said(errors[0]))
        return self.add_measure(actor, catalog_id, measure, base_version=latest.info.number,
                                reason=message or f"Tilføjet {measure.code} fra {name}")

    def may_create_catalog(self, actor: Actor | None) -> Actor:
        """``actor`` when it may create a catalog: the finance office (admins, editors for all
        areas). An editor limited to operating areas proposes measures in a catalog, but does
        not make one (Forbidden); viewers and anonymous callers neither."""
        return self._require_whole_catalog(actor, "editor", "err.areas_new_catalog")

    def create_catalog(
        self, actor: Actor | None, new: NewCatalog, reason: str = ""
    ) -> StoredVersion:
        """Create an empty authored catalog as version 1 (stage draft, not public); editors and
        admins. InvalidInput for an empty title, years that are no budget period (consecutive,
        1900-2200, at most 30) or a target that is not an amount for every year."""
        actor = self.may_create_catalog(actor)
        catalog = changes.new_catalog(new)
        findings = check_catalog(catalog)
        with self._write_session() as session:
            row = CatalogRow(
                title=_clean(catalog.title)[:300],
                name=_clean(default_name(catalog, catalog.title)) or catalog.title[:300],
                department=_clean(catalog.department or "")[:300],
                public=False,
                created_at=_now(),
                latest=0,
            )
            session.add(row)
            session.flush()
            info = self._write_version(
                session, row, catalog, findings, stage="draft", author=actor.name,
                message=reason or "Oprettet", source_name="",
            )
            return StoredVersion(info, catalog, findings, row.public)

    def preview_add_measure(
        self, actor: Actor | None, catalog_id: int, measure: Measure
    ) -> tuple[Catalog, list[Finding], str]:
        """What adding ``measure`` would give, without storing anything (the add form's checks
        as one types): the catalog as it would then stand (its accepted measures only, so an
        area editor's draft leaves the totals as they are), the findings of the whole catalog
        with the measure, and the status the measure would have (:meth:`add_measure`'s rule).
        The same refusals as :meth:`add_measure`."""
        self._may_edit(actor, measure.code.strip())
        measure = _as_added(actor, measure)
        current = self.version(catalog_id, actor)
        catalog = changes.add_measure(current.catalog, measure)
        return in_catalog(catalog), check_catalog(catalog), measure.status

    def add_measure(
        self,
        actor: Actor | None,
        catalog_id: int,
        measure: Measure,
        *,
        base_version: int,
        reason: str = "",
        position: int | None = None,
    ) -> StoredVersion:
        """Add ``measure`` to the catalog as a new version and return it (its ``info.number``
        is the next ``base_version``). ``position`` is its 0-based place among the measures (by
        default after the last measure of its theme). The years, price level and unit the
        measure does not state are the catalog's. Refused with Conflict when the catalog has a
        newer version than ``base_version``, InvalidInput when the code is missing, unfit or
        taken or a text cannot be stored, Forbidden for a code outside an editor's areas. An
        editor limited to operating areas adds a draft (status ``draft``), whatever the
        measure says; the finance office (admins, editors for all areas) adds it as given."""
        self._may_edit(actor, measure.code.strip())
        measure = _as_added(actor, measure)
        return self._changed(
            actor, catalog_id, base_version, reason or f"Tilføjet {measure.code.strip()}",
            lambda c: changes.add_measure(c, measure, position), touched=measure.code.strip(),
        )

    def delete_measure(
        self, actor: Actor | None, catalog_id: int, code: str, *, base_version: int,
        reason: str = "",
    ) -> StoredVersion:
        """Delete the measure ``code`` as a new version (NotFound when there is none)."""
        self._may_edit(actor, code)
        return self._changed(actor, catalog_id, base_version, reason or f"Slettet {code}",
                             lambda c: changes.delete_measure(c, code), touched=code)

    def renumber_measure(
        self, actor: Actor | None, catalog_id: int, code: str, new_code: str, *,
        base_version: int, reason: str = "",
    ) -> StoredVersion:
        """Give the measure ``code`` the code ``new_code`` as a new version; the overview's
        reference follows. An area editor needs both codes in their areas."""
        self._may_edit(actor, code)
        self._may_edit(actor, new_code.strip())
        return self._changed(
            actor, catalog_id, base_version,
            reason or f"Omnummereret {code} til {new_code.strip()}",
            lambda c: changes.renumber_measure(c, code, new_code), touched=code,
        )

    def move_measure(
        self, actor: Actor | None, catalog_id: int, code: str, *, base_version: int,
        position: int | None = None, theme: str | None = None, reason: str = "",
    ) -> StoredVersion:
        """Move the measure ``code`` to ``position`` (0-based among the measures) and/or to
        ``theme`` (a theme's code; ``1A`` moved to theme ``2`` becomes ``2A``)."""
        self._may_edit(actor, code)
        return self._changed(
            actor, catalog_id, base_version, reason or f"Flyttet {code}",
            lambda c: changes.move_measure(c, code, position=position, theme=theme),
            touched=code,
        )

    def add_theme(
        self, actor: Actor | None, catalog_id: int, theme: Theme, *, base_version: int,
        reason: str = "",
    ) -> StoredVersion:
        """Add a theme (``code``, ``title``, ``section``; a new section with it) as a version."""
        self._require_whole_catalog(actor, "editor", "err.areas_themes")
        return self._changed(actor, catalog_id, base_version,
                             reason or f"Tema {theme.code.strip()} tilføjet",
                             lambda c: changes.add_theme(c, theme))

    def rename_theme(
        self, actor: Actor | None, catalog_id: int, code: str, *, title: str,
        section: str | None, base_version: int, reason: str = "",
    ) -> StoredVersion:
        """Give the theme ``code`` the title ``title`` and put it in ``section`` (None: none)."""
        self._require_whole_catalog(actor, "editor", "err.areas_themes")
        return self._changed(
            actor, catalog_id, base_version, reason or f"Tema {code} rettet",
            lambda c: changes.rename_theme(c, code, title=title, section=section),
        )

    def delete_theme(
        self, actor: Actor | None, catalog_id: int, code: str, *, base_version: int,
        reason: str = "",
    ) -> StoredVersion:
        """Delete the theme ``code``; refused (InvalidInput) while a measure is in it."""
        self._require_whole_catalog(actor, "editor", "err.areas_themes")
        return self._changed(actor, catalog_id, base_version, reason or f"Tema {code} slettet",
                             lambda c: changes.delete_theme(c, code))

    def rename_section(
        self, actor: Actor | None, catalog_id: int, section: str, new_name: str, *,
        base_version: int, reason: str = "",
    ) -> StoredVersion:
        """Call the section ``section`` ``new_name`` (its themes, overview rows and totals)."""
        self._require_whole_catalog(actor, "editor", "err.areas_themes")
        return self._changed(
            actor, catalog_id, base_version, reason or f"Afsnit {section} omdøbt",
            lambda c: changes.rename_section(c, section, new_name),
        )

    def delete_section(
        self, actor: Actor | None, catalog_id: int, section: str, *, base_version: int,
        reason: str = "",
    ) -> StoredVersion:
        """Delete the section ``section`` with its themes; refused while a measure is in it."""
        self._require_whole_catalog(actor, "editor", "err.areas_themes")
        return self._changed(actor, catalog_id, base_version,
                             reason or f"Afsnit {section} slettet",
                             lambda c: changes.delete_section(c, section))

    def _changed(
        self,
        actor: Actor | None,
        catalog_id: int,
        base_version: int,
        message: str,
        change: Callable[[Catalog], Catalog],
        *,
        touched: str | None = None,
    ) -> StoredVersion:
        """Apply ``change`` to the latest version under the catalog's lock and store what it
        gives as the next version; Conflict when ``base_version`` is not the latest. A change
        that changes nothing stores nothing: the latest version, with ``unchanged`` set."""
        assert actor is not None  # the methods checked the role first
        with self._write_session() as session:
            row = self._locked(session, catalog_id)
            current = self._version_row(session, catalog_id, row.latest)
            if base_version != current.number:
                self._version_row(session, catalog_id, base_version)  # NotFound if never was
                raise Conflict("err.catalog_changed", version=current.number,
                               author=current.author, base=base_version)
            before = self._catalog(session, current)
            catalog = change(before)
            if catalog == before:  # (a measure moved to where it is): nothing to store
                findings = [finding_from_record(r) for r in _loads(current.findings_json)]
                return StoredVersion(_info(current), before, findings, row.public,
                                     unchanged=True)
            kept = _reader_findings(current, touched or "")
            findings = [*kept, *check_catalog(catalog)]
            info = self._write_version(
                session, row, catalog, findings, stage=current.stage, author=actor.name,
                message=message, source_name="",
            )
            return StoredVersion(info, catalog, findings, row.public)
