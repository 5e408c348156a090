"""Catalogs in the workspace: the list, importing a document, the history, stages and access.

Importing a document creates a catalog with version 1, or the next version of a catalog; a stage
change (draft, hearing, adopted) is a new version too. :meth:`Catalogs.version_stamp` is the one
small query that keys the caches of what is made from a version (pages, documents).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, String, bindparam, delete, func, select, type_coerce
from sqlalchemy.exc import InterfaceError as SAInterfaceError
from sqlalchemy.exc import OperationalError

from omprio.check import check_catalog
from omprio.fields import catalog_problem
from omprio.findings import finding_from_record
from omprio.interchange import catalog_to_json
from omprio.read import ReadError, load_bytes
from omprio.store.accounts import Actor
from omprio.store.diff import CatalogDiff, diff_catalogs
from omprio.store.errors import Forbidden, InvalidInput, NotFound, Unavailable, Unconfirmed
from omprio.store.identity import default_name
from omprio.store.schema import CatalogRow, ScenarioRow, VersionMeasure, VersionRow
from omprio.store.versions import (
    StoredVersion,
    VersionInfo,
    Versions,
    _clean,
    _dumps,
    _info,
    _loads,
    _now,
    _reason,
)

STAGES = ("draft", "hearing", "adopted")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_COUNTS_KEPT = 100_000


@dataclass(frozen=True, slots=True)
class CatalogSummary:
    """A catalog in the list: what it is called (name, description, department), its
    latest version and how many measures that holds; ``title`` is the latest document's."""

    id: int
    title: str
    public: bool
    latest: VersionInfo
    measures: int
    name: str = ""
    description: str = ""
    department: str = ""

    @property
    def versions(self) -> int:
        """How many versions the catalog has (numbered 1 to the latest; none is removed)."""
        return self.latest.number


@dataclass(frozen=True, slots=True)
class VersionStamp:
    """What identifies a stored version, and the state of its catalog now: the key of caches of
    what is made from a version (pages, JSON), since versions never change once written."""

    catalog_id: int
    number: int
    latest: int
    public: bool
    version_id: int
    created_at: str  # ISO 8601, as VersionInfo.created_at; with the id, as ids may be reused
    name: str = ""
    description: str = ""
    department: str = ""


# The query of Workspace.version_stamp, built once (it runs on every page and API read).
_STAMP = (
    select(
        CatalogRow.public,
        CatalogRow.latest,
        VersionRow.id,
        VersionRow.number,
        VersionRow.created_at,
        CatalogRow.name,
        CatalogRow.description,
        CatalogRow.department,
    )
    .join_from(CatalogRow, VersionRow, VersionRow.catalog_id == CatalogRow.id)
    .where(
        CatalogRow.id == bindparam("catalog", type_=Integer),
        VersionRow.number == func.coalesce(bindparam("number", type_=Integer), CatalogRow.latest),
    )
)


# The query of Workspace.list_catalogs: every catalog with its latest version, in one statement.
_LIST = (
    select(
        CatalogRow.id,
        CatalogRow.title,
        CatalogRow.name,
        CatalogRow.description,
        CatalogRow.department,
        CatalogRow.public,
        VersionRow.id.label("version_id"),
        VersionRow.catalog_id,
        VersionRow.number,
        VersionRow.stage,
        VersionRow.created_at,
        VersionRow.author,
        VersionRow.message,
        VersionRow.source_name,
        VersionRow.errors,
        VersionRow.warnings,
    )
    .join_from(
        CatalogRow,
        VersionRow,
        (VersionRow.catalog_id == CatalogRow.id) & (VersionRow.number == CatalogRow.latest),
    )
    .order_by(CatalogRow.id)
)


# The query of Workspace.catalog_list_stamp: the same rows, only what can change, times unparsed.
_LIST_STAMP = (
    select(
        CatalogRow.id,
        CatalogRow.title,
        CatalogRow.public,
        VersionRow.id,
        VersionRow.number,
        type_coerce(VersionRow.created_at, String),
        CatalogRow.name,
        CatalogRow.description,
        CatalogRow.department,
    )
    .join_from(
        CatalogRow,
        VersionRow,
        (VersionRow.catalog_id == CatalogRow.id) & (VersionRow.number == CatalogRow.latest),
    )
    .order_by(CatalogRow.id)
)


def _count_key(row: Any) -> tuple[int, datetime]:
    return (row.version_id, row.created_at)


class Catalogs(Versions):
    """The catalog methods of the workspace (mixed into ``Workspace``)."""

    def list_catalogs(self, actor: Actor | None) -> list[CatalogSummary]:
        """The catalogs the actor may read (public ones for anonymous readers), in order of id.

        One small query (catalogs joined to their latest versions) on every call, so the list is
        also what a cache of the list page is keyed by; the measure count of a version, which
        never changes, is counted once per process and version."""
        query = _LIST.where(CatalogRow.public.is_(True)) if actor is None else _LIST
        return self._summaries(query)

    def catalog_summary(self, catalog_id: int, actor: Actor | None) -> CatalogSummary:
        """One catalog as :meth:`list_catalogs` shows it; the same access rule as
        :meth:`version` (an internal catalog does not exist for anonymous readers)."""
        query = _LIST.where(CatalogRow.id == catalog_id)
        if actor is None:
            query = query.where(CatalogRow.public.is_(True))
        found = self._summaries(query)
        if not found:
            raise NotFound("err.no_catalog", catalog=catalog_id)
        return found[0]

    def _summaries(self, query: Any) -> list[CatalogSummary]:
        """The summaries of the catalogs ``query`` (a form of ``_LIST``) finds."""
        self.ensure_schema()
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                rows = conn.execute(query).all()
                wanted = [row.version_id for row in rows if _count_key(row) not in self._counts]
                counted: dict[int, int] = {}
                if wanted:
                    counted = dict(
                        conn.execute(  # type: ignore[arg-type]
                            select(VersionMeasure.version_id, func.count())
                            .where(VersionMeasure.version_id.in_(wanted))
                            .group_by(VersionMeasure.version_id)
                        ).all()
                    )
        except (OperationalError, SAInterfaceError) as exc:
            raise Unavailable("err.database", reason=_reason(exc)) from exc
        if len(self._counts) > _COUNTS_KEPT:
            self._counts.clear()
        for row in rows:
            if row.version_id in counted or row.version_id in wanted:
                self._counts[_count_key(row)] = counted.get(row.version_id, 0)
        return [
            CatalogSummary(
                row.id,
                row.title,
                row.public,
                _info(row),
                self._counts.get(_count_key(row), 0),
                row.name or row.title,  # a catalog restored from an older backup has no name
                row.description,
                row.department,
            )
            for row in rows
        ]

    def catalog_list_stamp(self, actor: Actor | None) -> tuple[tuple[object, ...], ...]:
        """What the list of :meth:`list_catalogs` is made of that can change, in one light query:
        for each catalog the actor may read, its id, title and public flag, its latest
        version's id, number and time (as stored), and its name, description and department.
        The key of a kept catalog list page."""
        self.ensure_schema()
        query = _LIST_STAMP.where(CatalogRow.public.is_(True)) if actor is None else _LIST_STAMP
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                return tuple(tuple(row) for row in conn.execute(query))
        except (OperationalError, SAInterfaceError) as exc:
            raise Unavailable("err.database", reason=_reason(exc)) from exc

    def import_document(
        self,
        data: bytes,
        name: str,
        actor: Actor | None,
        *,
        message: str = "",
        public: bool = False,
        catalog_id: int | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> StoredVersion:
        """Read a document (PDF, text or JSON) and store it as a new catalog, or as the next
        version of ``catalog_id``. Nothing is stored when the document cannot be read, nor when
        it is identical to the latest version of ``catalog_id``: then that version comes back
        with ``unchanged`` set."""
        self._require(actor, "admin" if public else "editor")
        assert actor is not None
        if len(data) > MAX_UPLOAD_BYTES:
            limit = MAX_UPLOAD_BYTES // (1024 * 1024)
            raise InvalidInput("err.too_large", limit=limit)
        if progress:
            progress("read")
        try:
            loaded = load_bytes(data, name)
            # Refuse texts too long or with characters that cannot be stored or published.
            problem = catalog_problem(loaded.catalog)
            if problem is not None:
                raise ReadError(name, "read.problem", problem=problem)
            # Refuse what cannot be stored exactly (amounts beyond 15 digits, lone surrogates).
            _dumps(catalog_to_json(loaded.catalog)).encode("utf-8")
        except ReadError as exc:
            raise InvalidInput("err.problem", problem=exc) from exc
        except (ValueError, ArithmeticError, RecursionError, UnicodeError) as exc:
            raise InvalidInput("err.unreadable", reason=exc) from exc
        if catalog_id is not None and loaded.kind == "docx-form":
            # A measure form is one measure: as the next version it would drop all the others.
            raise InvalidInput("err.form_as_version", catalog=catalog_id)
        if progress:
            progress("check")
        findings = [*loaded.findings, *check_catalog(loaded.catalog)]
        if progress:
            progress("store")
        with self._write_session() as session:
            if catalog_id is None:
                row = CatalogRow(
                    title=_clean(loaded.catalog.title or name)[:300],
                    name=_clean(default_name(loaded.catalog, name)) or f"#{name}",
                    department=_clean(loaded.catalog.department or "")[:300],
                    public=public,
                    created_at=_now(),
                    latest=0,
                )
                session.add(row)
                session.flush()
                stage = "draft"
            else:
                if actor.areas:
                    raise Forbidden("err.limited_import")
                row = self._locked(session, catalog_id)
                latest = self._version_row(session, row.id, row.latest)
                if self._same_content(session, latest, loaded.catalog):
                    return StoredVersion(
                        _info(latest), loaded.catalog, findings, row.public, unchanged=True
                    )
                stage = latest.stage
            info = self._write_version(
                session,
                row,
                loaded.catalog,
                findings,
                stage=stage,
                author=actor.name,
                message=message or f"Importeret {name}",
                source_name=name,
            )
            return StoredVersion(info, loaded.catalog, findings, row.public)

    def version_stamp(
        self, catalog_id: int, actor: Actor | None, number: int | None = None
    ) -> VersionStamp:
        """The stamp of a version (the latest by default) in one small query; the same access
        rule and errors as :meth:`version`."""
        self.ensure_schema()
        try:
            # One statement, no transaction around it: no BEGIN and ROLLBACK round trips.
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                values = {"catalog": catalog_id, "number": number or None}
                found = conn.execute(_STAMP, values).first()
        except (OperationalError, SAInterfaceError) as exc:
            raise Unavailable("err.database", reason=_reason(exc)) from exc
        if found is None or (actor is None and not found.public):
            with self._session() as session:  # NotFound, exactly as version() says it
                row = self._readable(session, catalog_id, actor)
                self._version_row(session, catalog_id, number or row.latest)
            raise NotFound("err.no_catalog", catalog=catalog_id)  # pragma: no cover - said above
        created: datetime = found.created_at
        if created.tzinfo is None:  # as _info() reads it
            created = created.replace(tzinfo=UTC)
        return VersionStamp(
            catalog_id,
            found.number,
            found.latest,
            found.public,
            found.id,
            created.isoformat(),
            found.name,
            found.description,
            found.department,
        )

    def versions(
        self,
        catalog_id: int,
        actor: Actor | None,
        *,
        limit: int | None = None,
        below: int | None = None,
    ) -> list[VersionInfo]:
        """The versions of a catalog, newest first: every one, or (for a page of the history)
        at most ``limit`` of those numbered below ``below``."""
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            query = select(VersionRow).where(VersionRow.catalog_id == catalog_id)
            if below is not None:
                query = query.where(VersionRow.number < below)
            query = query.order_by(VersionRow.number.desc())
            if limit is not None:
                query = query.limit(max(0, limit))
            return [_info(v) for v in session.scalars(query)]

    def diff(self, catalog_id: int, old: int, new: int, actor: Actor | None) -> CatalogDiff:
        """What changed from version ``old`` to version ``new``."""
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            a = self._catalog(session, self._version_row(session, catalog_id, old))
            b = self._catalog(session, self._version_row(session, catalog_id, new))
        return diff_catalogs(a, b)

    def set_stage(
        self,
        catalog_id: int,
        stage: str,
        actor: Actor | None,
        message: str = "",
        *,
        confirmed: bool = True,
    ) -> StoredVersion:
        """Move the catalog to a stage (draft, hearing, adopted) as a new version. Adopting,
        and moving an adopted catalog back, needs the role admin; an editor limited to some
        areas may not change the whole catalog. Moving to the current stage changes nothing:
        the latest version is returned as it is, and no version is written. A change that is
        not ``confirmed`` (the web form's box) raises :class:`Unconfirmed` once it is allowed."""
        if stage not in STAGES:
            raise InvalidInput("err.stage", stages=", ".join(STAGES))
        actor = self._require_whole_catalog(
            actor, "admin" if stage == "adopted" else "editor", "err.areas_stage"
        )
        with self._write_session() as session:
            row = self._locked(session, catalog_id)
            current = self._version_row(session, catalog_id, row.latest)
            if current.stage == "adopted" and stage != "adopted":
                # The adopted catalog is the budget agreement: reopening it is an admin's call.
                self._require(actor, "admin")
            catalog = self._catalog(session, current)
            findings = [finding_from_record(r) for r in _loads(current.findings_json)]
            if current.stage == stage:
                return StoredVersion(_info(current), catalog, findings, row.public)
            if not confirmed:
                raise Unconfirmed("err.stage_unconfirmed")
            info = self._write_version(
                session,
                row,
                catalog,
                findings,
                stage=stage,
                author=actor.name,
                message=message,  # the stage is the version's own column: no words stored
                source_name=current.source_name,
            )
            return StoredVersion(info, catalog, findings, row.public)

    def set_public(self, catalog_id: int, public: bool, actor: Actor | None) -> None:
        """Make a catalog readable by everyone (citizens, press), or not. Admins only."""
        self._require(actor, "admin")
        with self._session() as session:
            row = session.get(CatalogRow, catalog_id)
            if row is None:
                raise NotFound("err.no_catalog", catalog=catalog_id)
            row.public = public

    def delete_catalog(self, catalog_id: int, actor: Actor | None) -> None:
        """Remove a catalog and all its versions. Admins only."""
        self._require(actor, "admin")
        with self._session() as session:
            row = session.get(CatalogRow, catalog_id)
            if row is None:
                raise NotFound("err.no_catalog", catalog=catalog_id)
            version_ids = select(VersionRow.id).where(VersionRow.catalog_id == catalog_id)
            session.execute(
                delete(VersionMeasure).where(VersionMeasure.version_id.in_(version_ids))
            )
            session.execute(delete(VersionRow).where(VersionRow.catalog_id == catalog_id))
            session.execute(delete(ScenarioRow).where(ScenarioRow.catalog_id == catalog_id))
            session.delete(row)
