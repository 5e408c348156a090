"""Mapping profiles: column mappings kept by name, so that the next upload of a spreadsheet in
the same columns is read the same way (the import page's profiles, ``GET /api/mapping-profiles``).

Editors and administrators save, list and delete them; a profile saved under a name that exists
replaces it. The mapping is stored as its JSON text (:meth:`omprio.read.mapping.Mapping.to_json`)
and checked again when read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from omprio.read.mapping import Mapping, MappingProblem, mapping_from_json
from omprio.store.accounts import Actor
from omprio.store.errors import InvalidInput, NotFound
from omprio.store.schema import MappingProfileRow
from omprio.store.versions import Versions, _now

MAX_PROFILE_NAME = 100


@dataclass(frozen=True, slots=True)
class MappingProfile:
    """A kept mapping: its id, name, the mapping, who saved it and when."""

    id: int
    name: str
    mapping: Mapping
    author: str
    created_at: datetime


class Profiles(Versions):
    """The mapping-profile methods of the workspace (mixed into ``Workspace``)."""

    def list_profiles(self, actor: Actor | None) -> list[MappingProfile]:
        """Every profile by name (editors and administrators)."""
        self._require(actor, "editor")
        with self._session() as session:
            rows = session.scalars(select(MappingProfileRow).order_by(MappingProfileRow.name))
            return [_profile(row) for row in rows]

    def profile(self, profile_id: int, actor: Actor | None) -> MappingProfile:
        """One profile; NotFound when there is none with ``profile_id``."""
        self._require(actor, "editor")
        with self._session() as session:
            row = session.get(MappingProfileRow, profile_id)
            if row is None:
                raise NotFound("err.profile_missing", id=profile_id)
            return _profile(row)

    def save_profile(self, name: str, mapping: Mapping, actor: Actor | None) -> MappingProfile:
        """Keep ``mapping`` under ``name`` (replacing a profile of that name)."""
        self._require(actor, "editor")
        assert actor is not None
        clean = " ".join(name.split())
        if not clean or len(clean) > MAX_PROFILE_NAME or not clean.isprintable():
            raise InvalidInput("err.profile_name", most=MAX_PROFILE_NAME)
        text = json.dumps(mapping.to_json(), ensure_ascii=False, sort_keys=True)
        with self._write_session() as session:
            row = session.scalars(
                select(MappingProfileRow).where(MappingProfileRow.name == clean)
            ).first()
            if row is None:
                row = MappingProfileRow(name=clean, mapping_json=text, author=actor.name,
                                        created_at=_now())
                session.add(row)
            else:
                row.mapping_json, row.author, row.created_at = text, actor.name, _now()
            session.flush()
            return _profile(row)

    def delete_profile(self, profile_id: int, actor: Actor | None) -> None:
        """Delete a profile; NotFound when there is none with ``profile_id``."""
        self._require(actor, "editor")
        with self._write_session() as session:
            row = session.get(MappingProfileRow, profile_id)
            if row is None:
                raise NotFound("err.profile_missing", id=profile_id)
            session.delete(row)


def _profile(row: MappingProfileRow) -> MappingProfile:
    try:
        mapping = mapping_from_json(json.loads(row.mapping_json))
    except (MappingProblem, json.JSONDecodeError) as exc:
        raise InvalidInput("err.profile_broken", name=row.name, problem=str(exc)) from exc
    return MappingProfile(row.id, row.name, mapping, row.author, row.created_at)
