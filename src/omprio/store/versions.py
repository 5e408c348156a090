"""The ground floor of the workspace: sessions, access checks, catalog versions read and written.

:class:`Versions` holds what every part of :class:`~omprio.store.workspace.Workspace` stands on:
the database sessions (a read-modify-write takes the catalog's lock), the access checks, reading a
stored version (kept in a small cache, since versions never change) and writing the next one in
the same transaction as whatever made it. :class:`VersionInfo` and :class:`StoredVersion` are
what callers see of a version.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import InterfaceError as SAInterfaceError
from sqlalchemy.orm import Session, sessionmaker

from omprio import money
from omprio.findings import Finding, Severity, finding_from_record, finding_to_record
from omprio.interchange import catalog_from_json, catalog_to_json
from omprio.model import Catalog
from omprio.read import ReadError
from omprio.rounds.status import delivery, delivery_to_json
from omprio.store.accounts import Actor
from omprio.store.database import make_engine, migrate
from omprio.store.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Term,
    Unauthorized,
    Unavailable,
)
from omprio.store.schema import CatalogRow, MeasureBlob, VersionMeasure, VersionRow
from omprio.store.visibility import visible

if TYPE_CHECKING:
    from omprio.rounds.status import Delivery

_CACHED_VERSIONS = 16


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
class StoredVersion:
    """A version with its catalog and findings."""

    info: VersionInfo
    catalog: Catalog
    findings: list[Finding]
    public: bool
    #: True when an import found the catalog identical to its latest version and stored none.
    unchanged: bool = False


class Versions:
    """Sessions, access checks, and versions read and written (the base of ``Workspace``)."""

    def __init__(self, url: str, *, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrated = False
        # Versions never change once written, so what was read of one can be kept.
        self._cache: OrderedDict[tuple[int, str], tuple[Catalog, list[Finding]]] = OrderedDict()
        # What a version delivers to a budget round, by version id and time (Rounds.deliveries).
        self._deliveries: OrderedDict[tuple[int, str], Delivery] = OrderedDict()
        # How many measures a version holds, by version id and time (ids may be reused).
        self._counts: dict[tuple[int, datetime], int] = {}

    def ensure_schema(self) -> None:
        """Create or upgrade the schema (idempotent; done once per process)."""
        if not self._migrated:
            try:
                migrate(self.engine)
            except (OperationalError, SAInterfaceError) as exc:
                raise Unavailable("err.database", reason=_reason(exc)) from exc
            self._migrated = True

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection whose statements run without a transaction around them (no BEGIN and
        ROLLBACK round trips): for the one small read a kept page or a session check makes."""
        self.ensure_schema()
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                yield conn
        except (OperationalError, SAInterfaceError) as exc:
            raise Unavailable(f"the database cannot be reached: {_reason(exc)}") from exc

    @contextmanager
    def _session(self) -> Iterator[Session]:
        self.ensure_schema()
        session = self._sessions()
        try:
            yield session
            session.commit()
        except (OperationalError, SAInterfaceError) as exc:
            session.rollback()
            raise Unavailable("err.database", reason=_reason(exc)) from exc
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

    def version(
        self, catalog_id: int, actor: Actor | None, number: int | None = None
    ) -> StoredVersion:
        """A version (the latest by default) with its catalog and findings: the catalog as
        ``actor`` sees it (:func:`omprio.store.visibility.visible`; the findings of measures
        they do not see are left out)."""
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
            catalog = visible(cached[0], actor)
            findings = list(cached[1])
            if catalog is not cached[0]:
                seen = {measure.code for measure in catalog.measures}
                findings = [f for f in findings if f.measure is None or f.measure in seen]
            return StoredVersion(_info(version), catalog, findings, row.public)

    @staticmethod
    def _require(actor: Actor | None, role: str) -> None:
        if actor is None:
            raise Unauthorized("err.login")
        if not actor.at_least(role):
            raise Forbidden("err.role_needed", role=Term(f"err.role.{role}"),
                            actual=Term(f"err.role.{actor.role}"))

    def _require_whole_catalog(self, actor: Actor | None, role: str, refusal: str) -> Actor:
        """``actor``, when it has ``role`` and may change the whole catalog (an admin, an
        editor for all areas); else Unauthorized/Forbidden (``refusal`` names the areas)."""
        self._require(actor, role)
        assert actor is not None
        if not actor.may_change_catalog():
            raise Forbidden(refusal, areas=", ".join(actor.areas))
        return actor

    @staticmethod
    def _locked(session: Session, catalog_id: int) -> CatalogRow:
        """The catalog's row, locked for the rest of the write; NotFound without one."""
        row = session.get(CatalogRow, catalog_id, with_for_update=True)
        if row is None:
            raise NotFound("err.no_catalog", catalog=catalog_id)
        return row

    @staticmethod
    def _readable(session: Session, catalog_id: int, actor: Actor | None) -> CatalogRow:
        row = session.get(CatalogRow, catalog_id)
        if row is None or (actor is None and not row.public):
            raise NotFound("err.no_catalog", catalog=catalog_id)
        return row

    @staticmethod
    def _version_row(session: Session, catalog_id: int, number: int) -> VersionRow:
        version = session.scalar(
            select(VersionRow).where(
                VersionRow.catalog_id == catalog_id, VersionRow.number == number
            )
        )
        if version is None:
            raise NotFound("err.no_version", catalog=catalog_id, version=number)
        return version

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
            raise InvalidInput("err.stored_version", version=version.number, reason=exc) from exc

    @staticmethod
    def _same_content(session: Session, version: VersionRow, catalog: Catalog) -> bool:
        """Whether ``catalog`` stores exactly as ``version`` does: the same canonical header and
        the same measure blobs in the same order (an unchanged re-import)."""
        try:
            document = catalog_to_json(catalog)
        except ValueError:
            return False
        measures = document.pop("measures")
        if _dumps(document) != version.header_json:
            return False
        hashes = [hashlib.sha256(_dumps(m).encode("utf-8")).hexdigest() for m in measures]
        stored = session.scalars(
            select(VersionMeasure.blob_hash)
            .where(VersionMeasure.version_id == version.id)
            .order_by(VersionMeasure.position)
        )
        return hashes == list(stored)

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
            raise InvalidInput("err.amounts", reason=exc) from None
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
            delivery_json=_delivery_json(catalog),
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
        if measures:  # (an empty list would insert one row of nothing: a catalog with none)
            session.execute(
                insert(VersionMeasure),
                [
                    {"version_id": version.id, "position": i, "code": m["code"], "blob_hash": h}
                    for i, (m, h) in enumerate(zip(measures, hashes, strict=True))
                ],
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


def _delivery_json(catalog: Catalog) -> str | None:
    """What the catalog delivers per section and year as JSON text (None when a total cannot
    be written as an exact JSON number: the round then reads the measures' nets)."""
    try:
        return _dumps(delivery_to_json(delivery(catalog)))
    except ValueError:
        return None


def _changed_meanwhile() -> Conflict:
    """Another writer stored a version of the catalog at the same time."""
    return Conflict("err.catalog_race")


def aware(moment: datetime) -> datetime:
    """A moment read from the database, in UTC (SQLite gives it back without a zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _info(version: Any) -> VersionInfo:
    """The :class:`VersionInfo` of a version row (or of a row of a query with its columns)."""
    created = aware(version.created_at)
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


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
