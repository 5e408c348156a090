"""The workspace: the one service the web app, the API and the CLI call to keep catalogs.

Importing a document creates a catalog with version 1; every edit, stage change or re-import
creates the next version with who, when and why. Each version is written in one transaction, so
an import or edit that fails halfway leaves nothing behind. Two people editing the same measure
from the same version: the second gets :class:`~omprio.store.errors.Conflict`, never a silent
overwrite; edits of different measures merge. Every method takes the acting user (``None`` for
an anonymous reader) and checks what that actor may do.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    DateTime,
    Engine,
    Integer,
    String,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import InterfaceError as SAInterfaceError
from sqlalchemy.orm import Session, sessionmaker

from omprio import money
from omprio.check import RULES, check_catalog
from omprio.fields import catalog_problem, measure_problem, patch_problem, text_problem
from omprio.findings import Finding, Severity, finding_from_record, finding_to_record
from omprio.interchange import catalog_from_json, catalog_to_json
from omprio.model import Catalog, Measure
from omprio.read import ReadError, load_bytes
from omprio.store.accounts import Actor
from omprio.store.database import make_engine, migrate
from omprio.store.diff import CatalogDiff, diff_catalogs
from omprio.store.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthorized,
    Unavailable,
)
from omprio.store.schema import (
    ApiToken,
    CatalogRow,
    MeasureBlob,
    ScenarioRow,
    User,
    VersionMeasure,
    VersionRow,
)
from omprio.store.users import Accounts

if TYPE_CHECKING:
    from omprio.decide.scenario import Scenario

_ROLE_DA = {"viewer": "læser", "editor": "redaktør", "admin": "administrator"}
STAGES = ("draft", "hearing", "adopted")
STAGE_NAMES = {
    "draft": ("Udkast", "Draft"),
    "hearing": ("Høring", "Hearing"),
    "adopted": ("Vedtaget", "Adopted"),
}
EDITABLE = frozenset(
    {
        "fte_stated",
        "title",
        "description",
        "lines",
        "adjustments",
        "net",
        "fte",
        "sector",
        "area_budget",
        "stated_savings_pct",
        "notes",
        "theme",
    }
)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_CACHED_VERSIONS = 16
_COUNTS_KEPT = 100_000


def _clean(text: str) -> str:
    """Text for a database column: no NUL (PostgreSQL refuses it), no lone surrogates."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def _now() -> datetime:
    return datetime.now(UTC)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _loads(text: str) -> Any:
    return money.loads_stored(text)


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """What a version is: its number, stage, author, time, reason and finding counts."""

    catalog_id: int
    number: int
    stage: str
    created_at: datetime
    author: str
    message: str
    source_name: str
    errors: int
    warnings: int


@dataclass(frozen=True, slots=True)
class CatalogSummary:
    """A catalog in the list: its latest version."""

    id: int
    title: str
    public: bool
    latest: VersionInfo
    measures: int


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """A version with its catalog and findings."""

    info: VersionInfo
    catalog: Catalog
    findings: list[Finding]
    public: bool


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


# The query of Workspace.version_stamp, built once (it runs on every page and API read).
_STAMP = (
    select(
        CatalogRow.public,
        CatalogRow.latest,
        VersionRow.id,
        VersionRow.number,
        VersionRow.created_at,
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


@dataclass(frozen=True, slots=True)
class StoredScenario:
    """A scenario kept with its catalog: the catalog version it was made on, who made it (its
    ``author``, who keeps it when an editor changes it), when it was last saved, and how many
    times it was saved (``revision``) and by whom last (``saved_by``)."""

    id: int
    catalog_id: int
    name: str
    version: int
    author: str
    saved_by: str
    created_at: datetime
    updated_at: datetime
    revision: int
    scenario: Scenario


class Workspace(Accounts):
    """All catalogs, versions and users of one database."""

    def __init__(self, url: str, *, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrated = False
        # Versions never change once written, so what was read of one can be kept.
        self._cache: OrderedDict[tuple[int, str], tuple[Catalog, list[Finding]]] = OrderedDict()
        # How many measures a version holds, by version id and time (ids may be reused).
        self._counts: dict[tuple[int, datetime], int] = {}

    # --- plumbing -------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Create or upgrade the schema (idempotent; done once per process)."""
        if not self._migrated:
            try:
                migrate(self.engine)
            except (OperationalError, SAInterfaceError) as exc:
                raise Unavailable(f"the database cannot be reached: {_reason(exc)}") from exc
            self._migrated = True

    @contextmanager
    def _session(self) -> Iterator[Session]:
        self.ensure_schema()
        session = self._sessions()
        try:
            yield session
            session.commit()
        except (OperationalError, SAInterfaceError) as exc:
            session.rollback()
            raise Unavailable(f"the database cannot be reached: {_reason(exc)}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def _write_session(self) -> Iterator[Session]:
        """A session for a read-modify-write (a new version, a scenario save).

        PostgreSQL serializes such writers with ``SELECT … FOR UPDATE`` on the catalog row.
        SQLite has no row locks: two writers would both read version N and both write N + 1
        (one then fails on the unique version number). There the transaction starts with
        ``BEGIN IMMEDIATE``, which takes the database's write lock at once (waiting up to the
        busy timeout), so every writer reads what the one before it committed, and edits of
        different measures merge exactly as on PostgreSQL. Readers are not held up (WAL).
        """
        with self._session() as session:
            if self.engine.dialect.name == "sqlite":
                session.execute(text("BEGIN IMMEDIATE"))
            try:
                yield session
                session.flush()
            except IntegrityError as exc:
                # A concurrent writer took the same unique value (a version number, a name).
                raise _changed_meanwhile() from exc

    def ping(self) -> None:
        """Raise :class:`Unavailable` unless the database answers."""
        with self._session() as session:
            session.execute(select(1))

    # --- catalogs -------------------------------------------------------------------------

    def list_catalogs(self, actor: Actor | None) -> list[CatalogSummary]:
        """The catalogs the actor may read (public ones for anonymous readers), in order of id.

        One small query (catalogs joined to their latest versions) on every call, so the list is
        also what a cache of the list page is keyed by; the measure count of a version, which
        never changes, is counted once per process and version."""
        self.ensure_schema()
        query = _LIST.where(CatalogRow.public.is_(True)) if actor is None else _LIST
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
            raise Unavailable(f"the database cannot be reached: {_reason(exc)}") from exc
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
            )
            for row in rows
        ]

    def catalog_list_stamp(self, actor: Actor | None) -> tuple[tuple[object, ...], ...]:
        """What the list of :meth:`list_catalogs` is made of that can change, in one light query:
        for each catalog the actor may read, its id, title and public flag and its latest
        version's id, number and time (as stored). The key of a kept catalog list page."""
        self.ensure_schema()
        query = _LIST_STAMP.where(CatalogRow.public.is_(True)) if actor is None else _LIST_STAMP
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                return tuple(tuple(row) for row in conn.execute(query))
        except (OperationalError, SAInterfaceError) as exc:
            raise Unavailable(f"the database cannot be reached: {_reason(exc)}") from exc

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
        version of ``catalog_id``. Nothing is stored when the document cannot be read."""
        self._require(actor, "admin" if public else "editor")
        assert actor is not None
        if len(data) > MAX_UPLOAD_BYTES:
            limit = MAX_UPLOAD_BYTES // (1024 * 1024)
            raise InvalidInput(f"the file is larger than {limit} MiB",
                               f"filen er større end {limit} MiB")
        if progress:
            progress("read")
        try:
            loaded = load_bytes(data, name)
            # Refuse texts too long or with characters that cannot be stored or published.
            problem = catalog_problem(loaded.catalog)
            if problem is not None:
                raise ReadError(name, problem.message("en"), problem.message("da"))
            # Refuse what cannot be stored exactly (amounts beyond 15 digits, lone surrogates).
            _dumps(catalog_to_json(loaded.catalog)).encode("utf-8")
        except ReadError as exc:
            raise InvalidInput(exc.reason, exc.reason_da) from exc
        except (ValueError, ArithmeticError, RecursionError, UnicodeError) as exc:
            raise InvalidInput(f"the document cannot be read: {exc}",
                               f"dokumentet kan ikke læses: {exc}") from exc
        if progress:
            progress("check")
        findings = [*loaded.findings, *check_catalog(loaded.catalog)]
        if progress:
            progress("store")
        with self._write_session() as session:
            if catalog_id is None:
                row = CatalogRow(
                    title=_clean(loaded.catalog.title or name)[:300],
                    public=public,
                    created_at=_now(),
                    latest=0,
                )
                session.add(row)
                session.flush()
                stage = "draft"
            else:
                if actor.areas:
                    raise Forbidden(
                        "an editor limited to operating areas changes measures one by one, not "
                        "by importing a whole new version",
                        "en redaktør med egne driftsområder retter tiltag ét ad gangen, ikke ved "
                        "at importere en hel ny version",
                    )
                found = session.get(CatalogRow, catalog_id, with_for_update=True)
                if found is None:
                    raise NotFound(f"no catalog {catalog_id}")
                row = found
                stage = self._version_row(session, row.id, row.latest).stage
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

    def version(
        self, catalog_id: int, actor: Actor | None, number: int | None = None
    ) -> StoredVersion:
        """A version (the latest by default) with its catalog and findings."""
        with self._session() as session:
            row = self._readable(session, catalog_id, actor)
            version = self._version_row(session, catalog_id, number or row.latest)
            key = (version.id, version.created_at.isoformat())  # ids may be reused after a delete
            cached = self._cache.get(key)
            if cached is None:
                catalog = self._catalog(session, version)
                findings = [finding_from_record(r) for r in _loads(version.findings_json)]
                cached = self._cache[key] = (catalog, findings)
                while len(self._cache) > _CACHED_VERSIONS:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(key)
            return StoredVersion(_info(version), cached[0], list(cached[1]), row.public)

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
            raise Unavailable(f"the database cannot be reached: {_reason(exc)}") from exc
        if found is None or (actor is None and not found.public):
            with self._session() as session:  # NotFound, exactly as version() says it
                row = self._readable(session, catalog_id, actor)
                self._version_row(session, catalog_id, number or row.latest)
            raise NotFound(f"no catalog {catalog_id}")  # pragma: no cover - said above
        created: datetime = found.created_at
        if created.tzinfo is None:  # as _info() reads it
            created = created.replace(tzinfo=UTC)
        return VersionStamp(
            catalog_id, found.number, found.latest, found.public, found.id, created.isoformat()
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

    def preview_edit(
        self, catalog_id: int, code: str, patch: Mapping[str, Any], actor: Actor | None
    ) -> tuple[Catalog, list[Finding]]:
        """The catalog and findings an edit would give, without storing anything."""
        current = self.version(catalog_id, actor)
        self._may_edit(actor, code)
        catalog = apply_edit(current.catalog, code, patch)
        return catalog, check_catalog(catalog)

    def edit_measure(
        self,
        catalog_id: int,
        code: str,
        patch: Mapping[str, Any],
        actor: Actor | None,
        *,
        base_version: int,
        message: str = "",
    ) -> StoredVersion:
        """Change one measure. ``base_version`` is the version the editor saw: if the measure
        changed since then, the edit is refused with :class:`Conflict`."""
        self._may_edit(actor, code)
        assert actor is not None
        with self._write_session() as session:
            row = session.get(CatalogRow, catalog_id, with_for_update=True)
            if row is None or (not row.public and actor is None):
                raise NotFound(f"no catalog {catalog_id}")
            current = self._version_row(session, catalog_id, row.latest)
            if base_version != current.number:
                base = self._version_row(session, catalog_id, base_version)
                if self._blob_of(session, base.id, code) != self._blob_of(
                    session, current.id, code
                ):
                    raise Conflict(
                        f"{code} was changed in version {current.number} by {current.author} "
                        f"after you opened version {base_version}; reload and edit again",
                        f"{code} blev ændret i version {current.number} af {current.author}, "
                        f"efter du åbnede version {base_version}; genindlæs og ret igen",
                    )
            catalog = apply_edit(self._catalog(session, current), code, patch)
            findings = [*_reader_findings(current, code), *check_catalog(catalog)]
            info = self._write_version(
                session,
                row,
                catalog,
                findings,
                stage=current.stage,
                author=actor.name,
                message=message or f"Rettet {code}",
                source_name=current.source_name,
            )
            return StoredVersion(info, catalog, findings, row.public)

    def set_stage(
        self, catalog_id: int, stage: str, actor: Actor | None, message: str = ""
    ) -> StoredVersion:
        """Move the catalog to a stage (draft, hearing, adopted) as a new version. Adopting,
        and moving an adopted catalog back, needs the role admin."""
        if stage not in STAGES:
            raise InvalidInput(f"stage must be one of {', '.join(STAGES)}")
        self._require(actor, "admin" if stage == "adopted" else "editor")
        assert actor is not None
        with self._write_session() as session:
            row = session.get(CatalogRow, catalog_id, with_for_update=True)
            if row is None:
                raise NotFound(f"no catalog {catalog_id}")
            current = self._version_row(session, catalog_id, row.latest)
            if current.stage == "adopted" and stage != "adopted":
                # The adopted catalog is the budget agreement: reopening it is an admin's call.
                self._require(actor, "admin")
            catalog = self._catalog(session, current)
            findings = [finding_from_record(r) for r in _loads(current.findings_json)]
            info = self._write_version(
                session,
                row,
                catalog,
                findings,
                stage=stage,
                author=actor.name,
                message=message or f"Stadie: {STAGE_NAMES[stage][0]}",
                source_name=current.source_name,
            )
            return StoredVersion(info, catalog, findings, row.public)

    def set_public(self, catalog_id: int, public: bool, actor: Actor | None) -> None:
        """Make a catalog readable by everyone (citizens, press), or not. Admins only."""
        self._require(actor, "admin")
        with self._session() as session:
            row = session.get(CatalogRow, catalog_id)
            if row is None:
                raise NotFound(f"no catalog {catalog_id}")
            row.public = public

    def delete_catalog(self, catalog_id: int, actor: Actor | None) -> None:
        """Remove a catalog and all its versions. Admins only."""
        self._require(actor, "admin")
        with self._session() as session:
            row = session.get(CatalogRow, catalog_id)
            if row is None:
                raise NotFound(f"no catalog {catalog_id}")
            version_ids = select(VersionRow.id).where(VersionRow.catalog_id == catalog_id)
            session.execute(
                delete(VersionMeasure).where(VersionMeasure.version_id.in_(version_ids))
            )
            session.execute(delete(VersionRow).where(VersionRow.catalog_id == catalog_id))
            session.execute(delete(ScenarioRow).where(ScenarioRow.catalog_id == catalog_id))
            session.delete(row)

    # --- scenarios ------------------------------------------------------------------------
    # A scenario (omprio.decide) is stored with its catalog as omprio.scenario/1 JSON text,
    # with the catalog version it was made on. Reading scenarios needs a login (they are the
    # negotiators' working papers, also of a public catalog); any logged-in user may save one,
    # and changing or deleting another person's scenario needs the role editor. omprio.decide is
    # imported inside these methods: it brings numpy and HiGHS, which catalog readers do not need.

    def scenarios(self, catalog_id: int, actor: Actor | None) -> list[StoredScenario]:
        """The scenarios of a catalog, by name."""
        self._require(actor, "viewer")
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            rows = session.scalars(
                select(ScenarioRow)
                .where(ScenarioRow.catalog_id == catalog_id)
                .order_by(ScenarioRow.name, ScenarioRow.id)
            )
            return [_stored_scenario(row) for row in rows]

    def scenario(self, catalog_id: int, scenario_id: int, actor: Actor | None) -> StoredScenario:
        """One scenario of a catalog."""
        self._require(actor, "viewer")
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            return _stored_scenario(self._scenario_row(session, catalog_id, scenario_id))

    def save_scenario(
        self,
        catalog_id: int,
        scenario: Scenario,
        actor: Actor | None,
        *,
        version: int | None = None,
        scenario_id: int | None = None,
        base_revision: int | None = None,
    ) -> StoredScenario:
        """Store a new scenario (``scenario_id`` None) or replace one. The scenario is checked
        against the catalog ``version`` (default: the latest): every measure it names must be
        there. ``base_revision`` is the revision the user started from: if someone saved the
        scenario since, the save is refused with :class:`Conflict`. Names are unique per
        catalog."""
        from omprio.decide.errors import DecideError
        from omprio.decide.scenario import evaluate
        from omprio.decide.scenario_json import dumps

        self._require(actor, "viewer")
        assert actor is not None
        name = _clean(scenario.name).strip()
        if not name or len(name) > 200:
            raise InvalidInput("a scenario's name is 1 to 200 characters",
                               "et scenaries navn har 1 til 200 tegn")
        problem = (text_problem("scenario.name", name)
                   or text_problem("scenario.description", scenario.description))
        if problem is not None:
            raise InvalidInput(problem.message("en"), problem.message("da"))
        stored = self.version(catalog_id, actor, version)
        try:
            evaluate(scenario, stored.catalog)
            document = dumps(replace(scenario, name=name))
        except DecideError as exc:  # the reason travels as the cause (code and parameters)
            raise InvalidInput(str(exc), exc.text("da")) from exc
        unknown = sorted(set(scenario.risk) - {m.code for m in stored.catalog.measures})
        if unknown:  # evaluate does not look at the risk; the optimizer refuses it
            raise InvalidInput(
                f"risk: no measure {unknown[0]} in the catalog",
                f"risiko: kataloget har intet tiltag {unknown[0]}",
            )
        document = _clean(document)
        now = _now()
        with self._write_session() as session:
            self._readable(session, catalog_id, actor)
            clash = session.scalar(
                select(ScenarioRow.id).where(
                    ScenarioRow.catalog_id == catalog_id, ScenarioRow.name == name
                )
            )
            if clash is not None and clash != scenario_id:
                raise Conflict(
                    f"the catalog has a scenario named {name!r} already",
                    f"kataloget har allerede et scenarie ved navn {name!r}",
                )
            if scenario_id is None:
                row = ScenarioRow(
                    catalog_id=catalog_id,
                    name=name,
                    version=stored.info.number,
                    document=document,
                    author=actor.name,
                    saved_by=actor.name,
                    created_at=now,
                    updated_at=now,
                    revision=1,
                )
                session.add(row)
            else:
                row = self._scenario_row(session, catalog_id, scenario_id)
                self._may_change_scenario(actor, row)
                if base_revision is not None and base_revision != row.revision:
                    raise Conflict(
                        f"the scenario {row.name!r} was saved by {row.saved_by or row.author} "
                        "after you opened it; reload and change it again",
                        f"scenariet {row.name!r} blev gemt af {row.saved_by or row.author}, "
                        "efter du åbnede det; "
                        "genindlæs og ret igen",
                    )
                updated = session.execute(
                    update(ScenarioRow)
                    .where(ScenarioRow.id == row.id, ScenarioRow.revision == row.revision)
                    .values(
                        name=name,
                        version=stored.info.number,
                        document=document,
                        saved_by=actor.name,
                        updated_at=now,  # the author stays: the scenario remains theirs
                        revision=row.revision + 1,
                    )
                )
                if updated.rowcount != 1:  # type: ignore[attr-defined]
                    raise Conflict(
                        "the scenario was saved at the same time; reload and try again",
                        "scenariet blev gemt samtidig af en anden; genindlæs og prøv igen",
                    )
                session.expire(row)
            try:
                session.flush()
            except IntegrityError as exc:
                raise Conflict(
                    f"the catalog has a scenario named {name!r} already",
                    f"kataloget har allerede et scenarie ved navn {name!r}",
                ) from exc
            return _stored_scenario(row)

    def delete_scenario(self, catalog_id: int, scenario_id: int, actor: Actor | None) -> None:
        """Remove a scenario (its author, or an editor or admin)."""
        self._require(actor, "viewer")
        assert actor is not None
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            row = self._scenario_row(session, catalog_id, scenario_id)
            self._may_change_scenario(actor, row)
            session.delete(row)

    @staticmethod
    def _scenario_row(session: Session, catalog_id: int, scenario_id: int) -> ScenarioRow:
        row = session.get(ScenarioRow, scenario_id)
        if row is None or row.catalog_id != catalog_id:
            raise NotFound(f"catalog {catalog_id} has no scenario {scenario_id}")
        return row

    @staticmethod
    def _may_change_scenario(actor: Actor, row: ScenarioRow) -> None:
        if not actor.may_change_scenario(row.author):
            raise Forbidden(
                f"the scenario {row.name!r} is {row.author}'s; changing it needs the role editor",
                f"scenariet {row.name!r} er {row.author}s; at ændre det kræver rollen redaktør",
            )

    # --- backup ---------------------------------------------------------------------------

    def backup(self) -> Iterator[str]:
        """Every row of every table as JSON lines (engine-independent)."""
        with self._session() as session:
            yield _dumps({"format": "omprio.backup/1", "created_at": _now().isoformat()})
            for table in _BACKUP_TABLES:
                for item in session.scalars(select(table)):
                    values = {c.name: getattr(item, c.key) for c in table.__mapper__.columns}
                    for key, value in values.items():
                        if isinstance(value, datetime):
                            values[key] = value.isoformat()
                    yield _dumps({"table": table.__tablename__, "row": values})

    def restore(self, lines: Iterator[str]) -> int:
        """Load a backup into an empty workspace, in one transaction; the number of rows."""
        tables = {t.__tablename__: t for t in _BACKUP_TABLES}
        count = 0
        with self._session() as session:
            if session.scalar(select(func.count()).select_from(CatalogRow)) or session.scalar(
                select(func.count()).select_from(User)
            ):
                raise Conflict("restore needs an empty database")
            first = True
            for line in lines:
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InvalidInput(
                        f"not an omprio backup: line {count + 1}: {exc.msg}"
                    ) from exc
                if first:
                    if record.get("format") != "omprio.backup/1":
                        raise InvalidInput("not an omprio backup (format omprio.backup/1)")
                    first = False
                    continue
                table = tables.get(record.get("table"))
                if table is None or not isinstance(record.get("row"), dict):
                    raise InvalidInput(f"not an omprio backup: unknown record on line {count + 2}")
                values = dict(record["row"])
                for column in table.__mapper__.columns:
                    if isinstance(column.type, DateTime) and isinstance(
                        values.get(column.key), str
                    ):
                        values[column.key] = datetime.fromisoformat(values[column.key])
                session.add(table(**values))
                session.flush()
                count += 1
            if first:
                raise InvalidInput("the backup is empty")
            if self.engine.dialect.name == "postgresql":
                for table in (User, ApiToken, CatalogRow, VersionRow, ScenarioRow):
                    name = table.__tablename__
                    session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {name}), 1))"
                        )
                    )
        return count

    # --- internals ------------------------------------------------------------------------

    @staticmethod
    def _require(actor: Actor | None, role: str) -> None:
        if actor is None:
            raise Unauthorized("log in or send an API token", "log ind først")
        if not actor.at_least(role):
            raise Forbidden(
                f"this needs the role {role}; you are {actor.role}",
                f"det kræver rollen {_ROLE_DA[role]}; du er {_ROLE_DA[actor.role]}",
            )

    def _may_edit(self, actor: Actor | None, code: str) -> None:
        self._require(actor, "editor")
        assert actor is not None
        if not actor.may_edit(code):
            areas = ", ".join(actor.areas)
            raise Forbidden(f"you may edit measures of {areas}, not {code}",
                            f"du må rette tiltag under {areas}, ikke {code}")

    @staticmethod
    def _readable(session: Session, catalog_id: int, actor: Actor | None) -> CatalogRow:
        row = session.get(CatalogRow, catalog_id)
        if row is None or (actor is None and not row.public):
            raise NotFound(f"no catalog {catalog_id}")
        return row

    @staticmethod
    def _version_row(session: Session, catalog_id: int, number: int) -> VersionRow:
        version = session.scalar(
            select(VersionRow).where(
                VersionRow.catalog_id == catalog_id, VersionRow.number == number
            )
        )
        if version is None:
            raise NotFound(f"catalog {catalog_id} has no version {number}")
        return version

    @staticmethod
    def _blob_of(session: Session, version_id: int, code: str) -> str | None:
        return session.scalar(
            select(VersionMeasure.blob_hash).where(
                VersionMeasure.version_id == version_id, VersionMeasure.code == code
            )
        )

    @staticmethod
    def _catalog(session: Session, version: VersionRow) -> Catalog:
        document = _loads(version.header_json)
        rows = session.execute(
            select(MeasureBlob.json)
            .join(VersionMeasure, VersionMeasure.blob_hash == MeasureBlob.hash)
            .where(VersionMeasure.version_id == version.id)
            .order_by(VersionMeasure.position)
        )
        document["measures"] = [_loads(text) for (text,) in rows]
        try:
            return catalog_from_json(document, version.source_name)
        except ReadError as exc:  # pragma: no cover - only what omprio wrote is stored
            raise InvalidInput(
                f"stored version {version.number} cannot be read: {exc.reason}"
            ) from exc

    def _write_version(
        self,
        session: Session,
        row: CatalogRow,
        catalog: Catalog,
        findings: list[Finding],
        *,
        stage: str,
        author: str,
        message: str,
        source_name: str,
    ) -> VersionInfo:
        try:
            document = catalog_to_json(catalog)
        except ValueError as exc:  # e.g. a total of exact amounts that has too many digits
            raise InvalidInput(
                f"the catalog's amounts cannot be stored exactly: {exc}",
                f"katalogets beløb kan ikke gemmes præcist: {exc}",
            ) from None
        measures = document.pop("measures")
        number = row.latest + 1
        version = VersionRow(
            catalog_id=row.id,
            number=number,
            stage=stage,
            created_at=_now(),
            author=author,
            message=_clean(message)[:2000],
            source_name=_clean(source_name)[:300],
            header_json=_dumps(document),
            findings_json=_dumps([finding_to_record(f) for f in findings]),
            errors=sum(1 for f in findings if f.severity is Severity.ERROR),
            warnings=sum(1 for f in findings if f.severity is Severity.WARNING),
        )
        session.add(version)
        texts = [_dumps(m) for m in measures]
        hashes = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        known: set[str] = set()
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            known.update(
                session.scalars(select(MeasureBlob.hash).where(MeasureBlob.hash.in_(chunk)))
            )
        new_blobs = {h: t for h, t in zip(hashes, texts, strict=True) if h not in known}
        if new_blobs:
            session.execute(
                insert(MeasureBlob),
                [{"hash": h, "json": t} for h, t in new_blobs.items()],
            )
        session.flush()
        session.execute(
            insert(VersionMeasure),
            [
                {"version_id": version.id, "position": i, "code": m["code"], "blob_hash": h}
                for i, (m, h) in enumerate(zip(measures, hashes, strict=True))
            ]
            or [],
        )
        updated = session.execute(
            update(CatalogRow)
            .where(CatalogRow.id == row.id, CatalogRow.latest == row.latest)
            .values(latest=number, title=_clean(catalog.title)[:300] or row.title)
        )
        if updated.rowcount != 1:  # type: ignore[attr-defined]
            raise _changed_meanwhile()
        row.latest = number
        try:
            session.flush()
        except IntegrityError as exc:
            raise _changed_meanwhile() from exc
        return _info(version)


def _changed_meanwhile() -> Conflict:
    """Another writer stored a version of the catalog at the same time."""
    return Conflict(
        "the catalog was changed at the same time; reload and try again",
        "kataloget blev ændret samtidig af en anden; genindlæs og prøv igen",
    )


def apply_edit(catalog: Catalog, code: str, patch: Mapping[str, Any]) -> Catalog:
    """The catalog with one measure changed by ``patch``, a partial measure in interchange form.

    Amount objects (``net``, ``fte``) merge by year; lists (``lines``, ``adjustments``,
    ``notes``) and texts replace. When the net changes, the overview row of the measure and the
    totals that include it follow, so the overview stays the sum of what the measures say.
    """
    unknown = set(patch) - EDITABLE
    if unknown:
        raise InvalidInput(f"these fields cannot be edited: {', '.join(sorted(unknown))}")
    problem = patch_problem(patch, code)
    if problem is not None:  # the quick answer for the texts of the patch itself
        raise InvalidInput(problem.message("en"), problem.message("da"))
    document = catalog_to_json(catalog)
    index = next((i for i, m in enumerate(document["measures"]) if m["code"] == code), None)
    if index is None:
        raise NotFound(f"the catalog has no measure {code}")
    measure = dict(document["measures"][index])
    for key, value in patch.items():
        if (
            key in ("net", "fte")
            and isinstance(value, Mapping)
            and isinstance(measure.get(key), dict)
        ):
            measure[key] = {**measure[key], **{str(k): v for k, v in value.items()}}
        else:
            measure[key] = value
    document["measures"][index] = measure
    try:
        edited = catalog_from_json(document, catalog.source.path)
    except ReadError as exc:
        raise InvalidInput(exc.reason.split(": ", 1)[-1]) from exc
    old = catalog.measures[index]
    new = edited.measures[index]
    problem = measure_problem(new, code=False)
    if problem is not None:
        raise InvalidInput(problem.message("en"), problem.message("da"))
    if dict(old.net) != dict(new.net):
        edited = _follow_net(edited, old, new)
    return edited


def _follow_net(catalog: Catalog, old: Measure, new: Measure) -> Catalog:
    """Overview row and totals updated by the change of one measure's net."""
    delta = {
        year: new.net.get(year, Decimal(0)) - old.net.get(year, Decimal(0))
        for year in set(old.net) | set(new.net)
    }
    rows = list(catalog.overview)
    touched = [i for i, row in enumerate(rows) if row.measure == new.code]
    if not touched:
        return catalog
    row = rows[touched[0]]
    rows[touched[0]] = replace(
        row,
        amounts={
            y: row.amounts.get(y, Decimal(0)) + d for y, d in delta.items() if y in row.amounts
        },
    )
    totals = [
        replace(total, amounts={y: v + delta.get(y, Decimal(0)) for y, v in total.amounts.items()})
        if (total.section is None or total.section == row.section)
        and (total.theme is None or total.theme == row.theme)
        else total
        for total in catalog.overview_totals
    ]
    return replace(catalog, overview=tuple(rows), overview_totals=tuple(totals))


_RULE_IDS = frozenset(rule.id for rule in RULES)
# Open browser sessions are not backed up: a restored workspace starts with everyone logged out.
_BACKUP_TABLES = (User, ApiToken, CatalogRow, VersionRow, MeasureBlob, VersionMeasure, ScenarioRow)


def _reader_findings(version: VersionRow, edited: str) -> list[Finding]:
    """What reading the document found, except about the measure just edited (its table is no
    longer the document's): notices such as ``encoding`` stay with every later version."""
    kept = []
    for record in _loads(version.findings_json):
        item = finding_from_record(record)
        if item.rule not in _RULE_IDS and item.measure != edited:
            kept.append(item)
    return kept


def _info(version: Any) -> VersionInfo:
    """The :class:`VersionInfo` of a version row (or of a row of a query with its columns)."""
    created = version.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return VersionInfo(
        version.catalog_id,
        version.number,
        version.stage,
        created,
        version.author,
        version.message,
        version.source_name,
        version.errors,
        version.warnings,
    )


def _stored_scenario(row: ScenarioRow) -> StoredScenario:
    from omprio.decide.errors import DecideError
    from omprio.decide.scenario_json import scenario_from_json

    try:
        scenario = scenario_from_json(_loads(row.document), row.name)
    except (DecideError, ValueError) as exc:  # pragma: no cover - only checked ones are stored
        raise InvalidInput(f"stored scenario {row.id} cannot be read: {exc}") from exc
    return StoredScenario(
        row.id,
        row.catalog_id,
        row.name,
        row.version,
        row.author,
        row.saved_by or row.author,
        _aware(row.created_at),
        _aware(row.updated_at),
        row.revision,
        scenario,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


