"""Scenarios kept with their catalog: list, read, save (with revisions) and delete.

A scenario (omprio.decide) is stored with its catalog as omprio.scenario/1 JSON text, with the
catalog version it was made on. Reading scenarios needs a login (they are the negotiators'
working papers, also of a public catalog); any logged-in user may save one, and changing or
deleting another person's scenario needs the role editor. omprio.decide is imported inside these
functions: it brings numpy and HiGHS, which catalog readers do not need.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from omprio.fields import text_problem
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound
from omprio.store.schema import ScenarioRow
from omprio.store.versions import Versions, _clean, _loads, _now, aware

if TYPE_CHECKING:
    from omprio.decide.scenario import Scenario


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


class Scenarios(Versions):
    """The scenario methods of the workspace (mixed into ``Workspace``)."""

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
            raise InvalidInput("err.scenario_name")
        problem = (text_problem("scenario.name", name)
                   or text_problem("scenario.description", scenario.description))
        if problem is not None:
            raise InvalidInput("err.problem", problem=problem)
        stored = self.version(catalog_id, actor, version)
        try:
            evaluate(scenario, stored.catalog)
            document = dumps(replace(scenario, name=name))
        except DecideError as exc:  # the reason travels as the cause (code and parameters)
            raise InvalidInput("err.problem", problem=exc) from exc
        unknown = sorted(set(scenario.risk) - {m.code for m in stored.catalog.measures})
        if unknown:  # evaluate does not look at the risk; the optimizer refuses it
            raise InvalidInput("err.risk_unknown", code=unknown[0])
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
                raise Conflict("err.scenario_exists", name=name)
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
                    raise Conflict("err.scenario_changed", name=row.name,
                                   by=row.saved_by or row.author)
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
                    raise Conflict("err.scenario_race")
                session.expire(row)
            try:
                session.flush()
            except IntegrityError as exc:
                raise Conflict("err.scenario_exists", name=name) from exc
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
            raise NotFound("err.no_scenario", catalog=catalog_id, scenario=scenario_id)
        return row

    @staticmethod
    def _may_change_scenario(actor: Actor, row: ScenarioRow) -> None:
        if not actor.may_change_scenario(row.author):
            raise Forbidden("err.scenario_owner", name=row.name, author=row.author)


def _stored_scenario(row: ScenarioRow) -> StoredScenario:
    from omprio.decide.errors import DecideError
    from omprio.decide.scenario_json import scenario_from_json

    try:
        scenario = scenario_from_json(_loads(row.document), row.name)
    except (DecideError, ValueError) as exc:  # pragma: no cover - only checked ones are stored
        raise InvalidInput("err.stored_scenario", scenario=row.id, reason=exc) from exc
    return StoredScenario(
        row.id,
        row.catalog_id,
        row.name,
        row.version,
        row.author,
        row.saved_by or row.author,
        aware(row.created_at),
        aware(row.updated_at),
        row.revision,
        scenario,
    )


