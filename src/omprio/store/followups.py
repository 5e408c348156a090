"""The budget agreement and its dated follow-ups, kept with their catalog.

:meth:`Followups.record_agreement` applies an agreement to the catalog's latest version (the
proposal) and writes the result as the next version at stage adopted, in the same transaction
as the record of what was decided of each measure; the proposal stays in the history.
:meth:`Followups.save_followup` writes a follow-up at a date as a new revision: the measures it
names replace their figures of the revision before, the others are carried over, and nothing
is overwritten. The finance office (an admin, or an editor for all areas) closes a follow-up,
after which it is read-only. An editor limited to operating areas enters only the figures of
measures of those areas. Reading follow-ups needs a login; the agreement is read as its
catalog is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from omprio.check import check_catalog
from omprio.fields import catalog_problem
from omprio.followup.agreement import agreement_from_record, agreement_to_record, apply_agreement
from omprio.followup.model import Agreement, Entry, FollowupProblem, Terms
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound
from omprio.store.schema import AgreementRow, FollowupEntryRow, FollowupRow
from omprio.store.versions import StoredVersion, Versions, _clean, _dumps, _loads, _now, aware


@dataclass(frozen=True, slots=True)
class StoredAgreement:
    """An agreement kept with its catalog: who recorded it and when, and what it decided."""

    id: int
    catalog_id: int
    author: str
    created_at: datetime
    agreement: Agreement


@dataclass(frozen=True, slots=True)
class FollowupInfo:
    """One revision of a follow-up: its date, number, who entered it and when, and whether (by
    whom, when) the follow-up was closed."""

    catalog_id: int
    as_of: date
    revision: int
    author: str
    created_at: datetime
    closed_at: datetime | None
    closed_by: str
    public: bool = False

    @property
    def closed(self) -> bool:
        """True when the follow-up is closed (read-only)."""
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class StoredFollowup:
    """A follow-up revision with its entries (by code and year)."""

    info: FollowupInfo
    entries: tuple[Entry, ...]


def _followup_info(row: FollowupRow, closed: FollowupRow | None = None) -> FollowupInfo:
    shut = closed or row
    return FollowupInfo(row.catalog_id, date.fromisoformat(row.as_of), row.revision, row.author,
                        aware(row.created_at),
                        aware(shut.closed_at) if shut.closed_at is not None else None,
                        shut.closed_by, bool(row.public))


def _entry(row: FollowupEntryRow) -> Entry:
    return Entry(row.code, row.year,
                 Decimal(row.realized) if row.realized is not None else None,
                 Decimal(row.forecast) if row.forecast is not None else None,
                 row.status, row.explanation, row.responsible, row.documentation)


def _entry_values(followup_id: int, entry: Entry) -> dict[str, object]:
    return {
        "followup_id": followup_id, "code": entry.code, "year": entry.year,
        "realized": str(entry.realized) if entry.realized is not None else None,
        "forecast": str(entry.forecast) if entry.forecast is not None else None,
        "status": entry.status, "explanation": _clean(entry.explanation)[:4000],
        "responsible": _clean(entry.responsible)[:200],
        "documentation": _clean(entry.documentation)[:4000],
    }


class Followups(Versions):
    """The agreement and follow-up methods of the workspace (mixed into ``Workspace``)."""

    def record_agreement(
        self,
        catalog_id: int,
        terms: Terms,
        actor: Actor | None,
        *,
        name: str,
        agreed_on: date,
        base_version: int | None = None,
    ) -> tuple[StoredVersion, StoredAgreement]:
        """Apply ``terms`` to the latest version and store the adopted catalog as the next
        version (stage adopted) with the agreement. Admins only. ``base_version``: the version
        the terms were made on; if the catalog has a newer one, :class:`Conflict`. A catalog
        has one agreement: a second is refused. Nothing is stored on any refusal."""
        actor = self._require_whole_catalog(actor, "admin", "err.areas_stage")
        with self._write_session() as session:
            row = self._locked(session, catalog_id)
            if session.scalar(select(AgreementRow.id).where(
                    AgreementRow.catalog_id == catalog_id)) is not None:
                raise Conflict("err.agreement_exists", catalog=catalog_id)
            current = self._version_row(session, catalog_id, row.latest)
            if base_version is not None and base_version != current.number:
                raise Conflict("err.agreement_base", version=current.number, base=base_version)
            proposal = self._catalog(session, current)
            try:
                adopted, agreement = apply_agreement(proposal, terms, _clean(name), agreed_on)
            except FollowupProblem as exc:
                raise InvalidInput("err.problem", problem=exc) from exc
            problem = catalog_problem(adopted)
            if problem is not None:
                raise InvalidInput("err.problem", problem=problem)
            findings = check_catalog(adopted)
            info = self._write_version(
                session, row, adopted, findings, stage="adopted", author=actor.name,
                message=agreement.name, source_name=current.source_name)
            record = AgreementRow(
                catalog_id=catalog_id, name=agreement.name[:300],
                agreed_on=agreed_on.isoformat(), proposed_version=current.number,
                adopted_version=info.number, author=actor.name, created_at=_now(),
                document=_dumps(agreement_to_record(agreement)))
            session.add(record)
            session.flush()
            stored = _stored_agreement(record)
            return StoredVersion(info, adopted, findings, row.public), stored

    def agreement(self, catalog_id: int, actor: Actor | None) -> StoredAgreement:
        """The catalog's agreement; :class:`NotFound` when it has none (read as the catalog)."""
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            return _stored_agreement(self._agreement_row(session, catalog_id))

    def save_followup(
        self, catalog_id: int, as_of: date, entries: list[Entry], actor: Actor | None
    ) -> StoredFollowup:
        """Store the follow-up at ``as_of`` as its next revision (see the module doc). Editors
        (limited to their areas' measures) and admins; every code must be one the agreement
        decided; refused once the follow-up is closed."""
        self._require(actor, "editor")
        assert actor is not None
        for entry in entries:
            if not actor.may_edit(entry.code):
                raise Forbidden("err.areas_followup", areas=", ".join(actor.areas),
                                code=entry.code)
        with self._write_session() as session:
            self._locked(session, catalog_id)
            record = self._agreement_row(session, catalog_id)
            agreement = agreement_from_record(_loads(record.document))
            for entry in entries:
                if agreement.outcome(entry.code) is None:
                    raise InvalidInput("err.problem", problem=FollowupProblem(
                        "followup.unknown_code", code=entry.code))
            day = as_of.isoformat()
            revisions = list(session.scalars(
                select(FollowupRow).where(FollowupRow.catalog_id == catalog_id,
                                          FollowupRow.as_of == day)
                .order_by(FollowupRow.revision)))
            if any(r.closed_at is not None for r in revisions):
                raise Conflict("err.followup_closed", date=day)
            named = {entry.code for entry in entries}
            carried: list[Entry] = []
            if revisions:
                carried = [e for e in self._entries(session, revisions[-1].id)
                           if e.code not in named]
            row = FollowupRow(catalog_id=catalog_id, agreement_id=record.id, as_of=day,
                              revision=(revisions[-1].revision if revisions else 0) + 1,
                              created_at=_now(), author=actor.name, closed_by="",
                              public=bool(revisions and revisions[-1].public))
            session.add(row)
            session.flush()
            kept = sorted([*carried, *entries], key=lambda e: (e.code, e.year))
            if kept:
                session.execute(insert(FollowupEntryRow),
                                [_entry_values(row.id, e) for e in kept])
            return StoredFollowup(_followup_info(row), tuple(kept))

    def followups(self, catalog_id: int, actor: Actor | None) -> list[FollowupInfo]:
        """Every revision of every follow-up of the catalog, by date and revision (for an
        anonymous visitor of a public catalog, the published ones)."""
        self._reader(actor)
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            rows = list(session.scalars(_published(
                select(FollowupRow).where(FollowupRow.catalog_id == catalog_id), actor)
                .order_by(FollowupRow.as_of, FollowupRow.revision)))
            closed = {r.as_of: r for r in rows if r.closed_at is not None}
            return [_followup_info(r, closed.get(r.as_of)) for r in rows]

    def followup(
        self, catalog_id: int, actor: Actor | None, as_of: date | None = None,
        *, revision: int | None = None,
    ) -> StoredFollowup | None:
        """The follow-up of the latest date on or before ``as_of`` (default: the latest), in
        its latest revision (or ``revision``); None when there is none. An anonymous visitor
        of a public catalog sees the published ones only."""
        self._reader(actor)
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            query = _published(select(func.max(FollowupRow.as_of)).where(
                FollowupRow.catalog_id == catalog_id), actor)
            if as_of is not None:
                query = query.where(FollowupRow.as_of <= as_of.isoformat())
            day = session.scalar(query)
            if day is None:
                return None
            rows = list(session.scalars(
                select(FollowupRow).where(FollowupRow.catalog_id == catalog_id,
                                          FollowupRow.as_of == day)
                .order_by(FollowupRow.revision)))
            closed = next((r for r in rows if r.closed_at is not None), None)
            chosen = rows[-1] if revision is None else next(
                (r for r in rows if r.revision == revision), None)
            if chosen is None:
                raise NotFound("err.no_followup", date=day)
            return StoredFollowup(_followup_info(chosen, closed),
                                  tuple(self._entries(session, chosen.id)))

    def close_followup(self, catalog_id: int, as_of: date, actor: Actor | None) -> FollowupInfo:
        """Close the follow-up at ``as_of`` (its latest revision): read-only from then on. The
        finance office: admins and editors for all areas. Closing a closed one changes
        nothing."""
        actor = self._require_whole_catalog(actor, "editor", "err.areas_close")
        with self._write_session() as session:
            self._locked(session, catalog_id)
            day = as_of.isoformat()
            rows = list(session.scalars(
                select(FollowupRow).where(FollowupRow.catalog_id == catalog_id,
                                          FollowupRow.as_of == day)
                .order_by(FollowupRow.revision)))
            if not rows:
                raise NotFound("err.no_followup", date=day)
            closed = next((r for r in rows if r.closed_at is not None), None)
            if closed is None:
                rows[-1].closed_at = _now()
                rows[-1].closed_by = actor.name
                session.flush()
                closed = rows[-1]
            return _followup_info(rows[-1], closed)

    def followup_history(
        self, catalog_id: int, code: str, actor: Actor | None
    ) -> list[StoredFollowup]:
        """Every revision of every follow-up, by date and revision, each with the entries of
        the measure ``code`` only (none where the revision has no figures for it); for an
        anonymous visitor of a public catalog, the published follow-ups."""
        self._reader(actor)
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            record = self._agreement_row(session, catalog_id)
            if agreement_from_record(_loads(record.document)).outcome(code) is None:
                raise NotFound("err.no_measure", code=code)
            rows = list(session.scalars(_published(
                select(FollowupRow).where(FollowupRow.catalog_id == catalog_id), actor)
                .order_by(FollowupRow.as_of, FollowupRow.revision)))
            closed = {r.as_of: r for r in rows if r.closed_at is not None}
            entries: dict[int, list[Entry]] = {}
            found = session.scalars(
                select(FollowupEntryRow)
                .join(FollowupRow, FollowupRow.id == FollowupEntryRow.followup_id)
                .where(FollowupRow.catalog_id == catalog_id, FollowupEntryRow.code == code)
                .order_by(FollowupEntryRow.year))
            for item in found:
                entries.setdefault(item.followup_id, []).append(_entry(item))
            return [StoredFollowup(_followup_info(r, closed.get(r.as_of)),
                                   tuple(entries.get(r.id, ()))) for r in rows]

    def publish_followup(self, catalog_id: int, as_of: date, public: bool,
                         actor: Actor | None) -> FollowupInfo:
        """Publish the follow-up at ``as_of`` (every revision, and those to come) or take it
        back: administrators only. Anonymous visitors see a published follow-up of a public
        catalog."""
        actor = self._require_whole_catalog(actor, "admin", "err.areas_stage")
        with self._write_session() as session:
            self._locked(session, catalog_id)
            day = as_of.isoformat()
            rows = list(session.scalars(
                select(FollowupRow).where(FollowupRow.catalog_id == catalog_id,
                                          FollowupRow.as_of == day)
                .order_by(FollowupRow.revision)))
            if not rows:
                raise NotFound("err.no_followup", date=day)
            for row in rows:
                row.public = public
            session.flush()
            closed = next((r for r in rows if r.closed_at is not None), None)
            return _followup_info(rows[-1], closed)

    def _reader(self, actor: Actor | None) -> None:
        """Anyone logged in reads follow-ups; an anonymous visitor the published ones (of a
        public catalog: :meth:`_readable` says which)."""
        if actor is not None:
            self._require(actor, "viewer")

    @staticmethod
    def _agreement_row(session: Session, catalog_id: int) -> AgreementRow:
        record = session.scalar(select(AgreementRow).where(AgreementRow.catalog_id == catalog_id)
                                .order_by(AgreementRow.id.desc()).limit(1))
        if record is None:
            raise NotFound("err.no_agreement", catalog=catalog_id)
        return record

    @staticmethod
    def _entries(session: Session, followup_id: int) -> list[Entry]:
        return [_entry(r) for r in session.scalars(
            select(FollowupEntryRow).where(FollowupEntryRow.followup_id == followup_id)
            .order_by(FollowupEntryRow.code, FollowupEntryRow.year))]


def _published(query: Any, actor: Actor | None) -> Any:
    """``query`` limited to published follow-ups for an anonymous visitor."""
    return query if actor is not None else query.where(FollowupRow.public.is_(True))


def _stored_agreement(record: AgreementRow) -> StoredAgreement:
    agreement = agreement_from_record(_loads(record.document), record.proposed_version,
                                      record.adopted_version)
    return StoredAgreement(record.id, record.catalog_id, record.author,
                           aware(record.created_at), agreement)
