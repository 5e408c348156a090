"""Budget rounds kept in the workspace: created, changed in numbered versions, read, listed.

A round's content is one omprio.round/1 document per version (who, when, why), like a
catalog's. Every change (a department, a key, a requirement, designated proposals, a link, a
price index, an import) is a function from the round to the next one, applied under the
round's lock and checked whole (:func:`omprio.rounds.model.validate`): what the round cannot
hold is :class:`InvalidInput` (422) and nothing is stored; a change made against an older
version than the latest is a :class:`Conflict`; a change that changes nothing writes nothing.
Anyone logged in may read a round (the service shows a department-limited person only their
departments); only admins change one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Text, cast, func, insert, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from omprio import money
from omprio.interchange import JsonReader, catalog_from_json
from omprio.model import Catalog
from omprio.read_error import ReadError
from omprio.rounds.model import BudgetRound, validate
from omprio.rounds.problems import RoundProblem
from omprio.rounds.round_json import round_from_json, round_to_json
from omprio.rounds.status import Delivery, delivery_from_json, delivery_of
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, InvalidInput, NotFound
from omprio.store.schema import (
    CatalogRow,
    MeasureBlob,
    RoundRow,
    RoundVersionRow,
    VersionMeasure,
    VersionRow,
)
from omprio.store.versions import VersionInfo, Versions, _clean, _dumps, _info, _now, aware

Change = Callable[[BudgetRound], BudgetRound]

CACHED_DELIVERIES = 1024
"""Deliveries of stored versions kept in the process (a few kB each; versions never change)."""


@dataclass(frozen=True, slots=True)
class RoundVersion:
    """Who made a version of a round, when and why."""

    number: int
    created_at: datetime
    author: str
    message: str


@dataclass(frozen=True, slots=True)
class StoredRound:
    """A version of a round with the round it holds."""

    id: int
    version: RoundVersion
    latest: int
    budget_round: BudgetRound
    unchanged: bool = False


@dataclass(frozen=True, slots=True)
class RoundSummary:
    """A round in the list."""

    id: int
    name: str
    period: str
    price_level: int
    latest: int
    changed_at: datetime


def refused(problem: RoundProblem) -> InvalidInput:
    """The workspace's 422 for what a round cannot hold (said in the reader's language)."""
    return InvalidInput("err.round", problem=problem)


class Rounds(Versions):
    """The round methods of the workspace (mixed into ``Workspace``)."""

    def create_round(self, budget_round: BudgetRound, actor: Actor | None, *,
                     message: str = "") -> StoredRound:
        """Store ``budget_round`` as a new round (version 1); admins only."""
        self._require(actor, "admin")
        assert actor is not None
        checked = _checked(budget_round)
        with self._write_session() as session:
            row = RoundRow(name=_clean(checked.name)[:300], created_at=_now(), latest=0)
            session.add(row)
            session.flush()
            return self._write_round(session, row, checked, actor, message)

    def import_round(self, data: bytes, name: str, actor: Actor | None) -> StoredRound:
        """A new round from an omprio.round/1 document or the round's workbook (a ZIP file;
        ``name`` for messages)."""
        self._require(actor, "admin")
        try:
            if data[:4] == b"PK\x03\x04":
                from omprio.read.round_xlsx import round_from_xlsx

                budget_round = round_from_xlsx(data, name)
            else:
                try:
                    document = money.loads(data)
                except (json.JSONDecodeError, UnicodeDecodeError):  # not JSON at all
                    raise RoundProblem("not-a-round-file", file=name) from None
                budget_round = round_from_json(document, name)
        except (ReadError, RoundProblem, money.NumberRefused, ValueError, RecursionError) as exc:
            raise _invalid(exc) from None
        return self.create_round(budget_round, actor, message=name)

    def change_round(self, round_id: int, change: Change, actor: Actor | None, *,
                     base_version: int | None = None, message: str = "") -> StoredRound:
        """Apply ``change`` to the latest version as a new version; admins only.
        ``base_version`` is the version the person saw (a newer one is a Conflict); a change
        to the same round writes nothing (``unchanged``)."""
        self._require(actor, "admin")
        assert actor is not None
        with self._write_session() as session:
            row = session.get(RoundRow, round_id, with_for_update=True)
            if row is None:
                raise NotFound("err.no_round", round=round_id)
            if base_version is not None and base_version != row.latest:
                raise Conflict("err.round_changed", round=round_id, seen=base_version,
                               latest=row.latest)
            current = self._round_at(session, row, row.latest)
            try:
                changed = _checked(change(current.budget_round))
            except RoundProblem as exc:
                raise refused(exc) from None
            if changed == current.budget_round:
                return StoredRound(row.id, current.version, row.latest, changed, unchanged=True)
            return self._write_round(session, row, changed, actor, message)

    def stored_round(self, round_id: int, actor: Actor | None,
                     number: int | None = None) -> StoredRound:
        """A version of a round (the latest by default); anyone logged in."""
        self._require(actor, "viewer")
        with self._session() as session:
            row = session.get(RoundRow, round_id)
            if row is None:
                raise NotFound("err.no_round", round=round_id)
            return self._round_at(session, row, number or row.latest)

    def rounds(self, actor: Actor | None) -> list[RoundSummary]:
        """Every round, newest first; anyone logged in."""
        self._require(actor, "viewer")
        with self._session() as session:
            rows = session.execute(
                select(RoundRow, RoundVersionRow)
                .join(RoundVersionRow, (RoundVersionRow.round_id == RoundRow.id)
                      & (RoundVersionRow.number == RoundRow.latest))
                .order_by(RoundRow.id.desc())).all()
            summaries = []
            for row, version in rows:
                budget_round = _document(version)
                summaries.append(RoundSummary(row.id, row.name, budget_round.period,
                                              budget_round.price_level, row.latest,
                                              aware(version.created_at)))
            return summaries

    def deliveries(self, catalog_ids: Sequence[int],
                   actor: Actor | None) -> dict[int, tuple[VersionInfo, Delivery]]:
        """What the latest version of each catalog delivers (its
        :class:`~omprio.rounds.status.Delivery`, as ``status.delivery(version.catalog)`` gives
        it) with that version's info, for the catalogs ``actor`` can read (the others, and
        those that are gone, are left out). Read from the version's header and its measures'
        codes and nets (the database picks each net out of the measure's stored JSON), without
        building the catalogs; kept in the process, since a version never changes."""
        wanted = sorted(set(catalog_ids))
        if not wanted:
            return {}
        found: dict[int, tuple[VersionInfo, Delivery]] = {}
        with self._session() as session:
            rows = session.execute(
                select(CatalogRow.public, VersionRow)
                .join(VersionRow, (VersionRow.catalog_id == CatalogRow.id)
                      & (VersionRow.number == CatalogRow.latest))
                .where(CatalogRow.id.in_(wanted))).all()
            missing: dict[int, VersionRow] = {}
            for public, version in rows:
                if actor is None and not public:
                    continue
                cached = self._deliveries.get(self._delivery_key(version))
                if cached is None and version.delivery_json is not None:  # kept at writing
                    cached = delivery_from_json(money.loads_stored(version.delivery_json))
                    self._deliveries[self._delivery_key(version)] = cached
                if cached is None:
                    missing[version.id] = version
                else:
                    self._deliveries.move_to_end(self._delivery_key(version))
                    found[version.catalog_id] = (_info(version), cached)
            if missing:
                nets = self._measure_nets(session, list(missing))
                for version_id, version in missing.items():
                    made = _delivery(version, nets.get(version_id, ()))
                    self._deliveries[self._delivery_key(version)] = made
                    found[version.catalog_id] = (_info(version), made)
                while len(self._deliveries) > CACHED_DELIVERIES:
                    self._deliveries.popitem(last=False)
        return found

    def introductions(self, catalog_ids: Sequence[int],
                      actor: Actor | None) -> dict[int, Catalog]:
        """The latest version of each catalog ``actor`` can read as a catalog without its
        measures (its header: title, unit, price level, introduction, overview totals, target),
        what ``round-intro`` reads; one query, no measure is built."""
        wanted = sorted(set(catalog_ids))
        if not wanted:
            return {}
        found: dict[int, Catalog] = {}
        with self._session() as session:
            rows = session.execute(
                select(CatalogRow.public, VersionRow)
                .join(VersionRow, (VersionRow.catalog_id == CatalogRow.id)
                      & (VersionRow.number == CatalogRow.latest))
                .where(CatalogRow.id.in_(wanted))).all()
            for public, version in rows:
                if actor is None and not public:
                    continue
                header = money.loads_stored(version.header_json)
                try:
                    found[version.catalog_id] = catalog_from_json(
                        {**header, "measures": []}, version.source_name)
                except ReadError:  # pragma: no cover - only what omprio wrote is stored
                    continue
        return found

    @staticmethod
    def _delivery_key(version: VersionRow) -> tuple[int, str]:
        return (version.id, version.created_at.isoformat())  # ids may be reused after a delete

    def _measure_nets(self, session: Session,
                      version_ids: list[int]) -> dict[int, list[tuple[str, str | None]]]:
        """Each version's measures in document order as (code, net as JSON text); the code is
        the one stored beside the measure, its JSON's own."""
        net = _json_field(self.engine.dialect.name, "net")
        found: dict[int, list[tuple[str, str | None]]] = {}
        for start in range(0, len(version_ids), 500):
            rows = session.execute(
                select(VersionMeasure.version_id, VersionMeasure.code, net)
                .join(MeasureBlob, MeasureBlob.hash == VersionMeasure.blob_hash)
                .where(VersionMeasure.version_id.in_(version_ids[start:start + 500]))
                .order_by(VersionMeasure.version_id, VersionMeasure.position))
            for version_id, measure_code, measure_net in rows:
                found.setdefault(version_id, []).append((measure_code, measure_net))
        return found

    def round_history(self, round_id: int, actor: Actor | None) -> list[RoundVersion]:
        """The versions of a round, newest first; anyone logged in."""
        self._require(actor, "viewer")
        with self._session() as session:
            if session.get(RoundRow, round_id) is None:
                raise NotFound("err.no_round", round=round_id)
            versions = session.scalars(
                select(RoundVersionRow).where(RoundVersionRow.round_id == round_id)
                .order_by(RoundVersionRow.number.desc())).all()
            return [_version(v) for v in versions]

    def rounds_of_catalog(self, catalog_id: int, actor: Actor | None) -> list[RoundSummary]:
        """The rounds whose latest version links catalog ``catalog_id``."""
        return [s for s in self.rounds(actor)
                if any(link.catalog_id == catalog_id for link in
                       self.stored_round(s.id, actor).budget_round.links)]

    def _round_at(self, session: Session, row: RoundRow, number: int) -> StoredRound:
        version = session.scalar(select(RoundVersionRow).where(
            RoundVersionRow.round_id == row.id, RoundVersionRow.number == number))
        if version is None:
            raise NotFound("err.no_round_version", round=row.id, version=number)
        return StoredRound(row.id, _version(version), row.latest, _document(version))

    def _write_round(self, session: Session, row: RoundRow, budget_round: BudgetRound,
                     actor: Actor, message: str) -> StoredRound:
        number = (session.scalar(select(func.max(RoundVersionRow.number))
                                 .where(RoundVersionRow.round_id == row.id)) or 0) + 1
        created = _now()
        session.execute(insert(RoundVersionRow).values(
            round_id=row.id, number=number, created_at=created, author=actor.name,
            message=_clean(message)[:2000], document_json=_dumps(round_to_json(budget_round))))
        row.latest = number
        row.name = _clean(budget_round.name)[:300]
        info = RoundVersion(number, created, actor.name, message)
        return StoredRound(row.id, info, number, budget_round)


def _checked(budget_round: BudgetRound) -> BudgetRound:
    try:
        return validate(budget_round)
    except RoundProblem as exc:
        raise refused(exc) from None


def _invalid(exc: Exception) -> InvalidInput:
    if isinstance(exc, RoundProblem):
        return refused(exc)
    return InvalidInput("err.round", problem=exc)


def _document(version: RoundVersionRow) -> BudgetRound:
    return round_from_json(money.loads_stored(version.document_json), f"round:{version.round_id}")


def _version(version: RoundVersionRow) -> RoundVersion:
    return RoundVersion(version.number, aware(version.created_at), version.author,
                        version.message)


def _json_field(dialect: str, name: str) -> ColumnElement[Any]:
    """A top-level member of a stored measure's JSON (an object or a list), as JSON text."""
    if dialect == "postgresql":
        return func.json_extract_path_text(cast(MeasureBlob.json, JSON), literal(name))
    return cast(func.json_extract(MeasureBlob.json, literal(f"$.{name}")), Text)


def _delivery(version: VersionRow, measures: Iterable[tuple[str, str | None]]) -> Delivery:
    """A stored version's Delivery from its header and its measures' codes and nets."""
    header = money.loads_stored(version.header_json)
    reader = JsonReader(version.source_name)
    totals = [item for item in header.get("overview_totals") or () if isinstance(item, dict)]
    with_section = [item for item in totals if item.get("section") is not None]
    chosen = with_section or totals
    target_section = chosen[-1].get("section") if chosen else None
    codes, texts = [], []
    for measure_code, net in measures:
        codes.append(measure_code)
        texts.append(net or "{}")
    # One parse for all the version's nets (one per measure costs a call each).
    nets = money.loads_stored("[" + ",".join(texts) + "]")
    return delivery_of(
        ((measure_code, {int(year): value for year, value in net.items()})
         for measure_code, net in zip(codes, nets, strict=True)),
        ((row.get("section"), row.get("measure")) for row in header.get("overview") or ()),
        reader.amounts(header.get("target"), "target"),
        target_section,
        header.get("price_base"), header.get("title") or "")

