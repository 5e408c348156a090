"""The public budget game (borgerbudget) in the workspace: opening it, keeping the citizens'
packages (each becomes a hearing response linked to the measures it rejects) and the harm
scores set from the results.

A catalog whose latest version is in stage hearing may be opened to the game by an admin. A
submission is one small write that never locks the catalog row (a flood of citizens never makes
staff edits wait): the package, its hearing response (kind ``game``) and one confirmed link of
method ``game`` per measure the package rejects wholly or in part. One package per browser
session: the session's hash is unique per catalog, so a second post (even two at once) is a
:class:`~omprio.store.errors.Conflict`. The rules of the game (what is a valid package) are
:mod:`omprio.hearing.game`; the web layer checks them against the version it showed, and the
write checks that this version is still the latest, in hearing, with the game open.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, InvalidInput
from omprio.store.schema import (
    BudgetGameRow,
    GamePackageRow,
    HearingLinkRow,
    HearingResponseRow,
)
from omprio.store.versions import Versions, _clean, _now, aware

_STATE = text(
    "SELECT c.public, c.latest, v.stage, g.open FROM catalogs c "
    "JOIN catalog_versions v ON v.catalog_id = c.id AND v.number = c.latest "
    "LEFT JOIN budget_games g ON g.catalog_id = c.id WHERE c.id = :catalog"
)


@dataclass(frozen=True, slots=True)
class GameState:
    """Whether a catalog's game is open and playable now: its latest version, whether that is
    in stage hearing, and whether the catalog is public."""

    open: bool
    latest: int
    hearing: bool
    public: bool

    @property
    def playable(self) -> bool:
        """Open, public and in hearing: anyone may play."""
        return self.open and self.hearing and self.public


@dataclass(frozen=True, slots=True)
class GameHarm:
    """The harm scores set from the game's results, by whom and when (empty: none set)."""

    scores: Mapping[str, Decimal] = field(default_factory=dict)
    by: str = ""
    at: datetime | None = None


def session_hash(token: str) -> str:
    """The hash kept for a browser session's game token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class BudgetGame(Versions):
    """The budget game's methods of the workspace (mixed into ``Workspace``)."""

    def game_state(self, catalog_id: int) -> GameState | None:
        """The game's state in one small query (no transaction); None without the catalog."""
        self.ensure_schema()
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            found = conn.execute(_STATE, {"catalog": catalog_id}).first()
        if found is None:
            return None
        return GameState(bool(found.open), int(found.latest), found.stage == "hearing",
                         bool(found.public))

    def set_game(self, catalog_id: int, open_: bool, actor: Actor | None) -> GameState:
        """Open the catalog to the public game, or close it (admins only). Opening needs the
        latest version in stage hearing and a public catalog."""
        self._require(actor, "admin")
        assert actor is not None
        with self._write_session() as session:
            catalog = self._locked(session, catalog_id)
            version = self._version_row(session, catalog_id, catalog.latest)
            if open_ and version.stage != "hearing":
                raise InvalidInput("err.hearing.stage", catalog=catalog_id)
            if open_ and not catalog.public:
                raise InvalidInput("err.game.internal", catalog=catalog_id)
            row = session.get(BudgetGameRow, catalog_id)
            if row is None:
                row = BudgetGameRow(catalog_id=catalog_id, refused=0, harm_json="", harm_by="")
                session.add(row)
            row.open = open_
            row.changed_by = actor.name
            row.changed_at = _now()
        state = self.game_state(catalog_id)
        assert state is not None
        return state

    def submit_game(
        self,
        catalog_id: int,
        version: int,
        selection: Mapping[str, Decimal],
        text_: str,
        sender_type: str,
        token: str,
    ) -> int:
        """Keep a citizen's package (checked by the caller against ``version``) and its
        hearing response; the package's id. Refused when the game is not open on that
        version (InvalidInput) or the session has submitted already (Conflict)."""
        state = self.game_state(catalog_id)
        if state is None or not state.playable:
            raise InvalidInput("err.game.closed", catalog=catalog_id)
        if state.latest != version:
            raise InvalidInput("err.game.changed", catalog=catalog_id)
        digest = session_hash(token)
        body = _clean(text_)
        now = _now()
        try:
            with self._session() as session:
                response = HearingResponseRow(
                    catalog_id=catalog_id, version=version, case_number="",
                    hearing_ref="borgerbudget", submitted_at=now, sender="",
                    sender_type=_clean(sender_type)[:100], kind="game", title="Borgerbudget",
                    text=body, text_hash=hashlib.sha256(f"game:{digest}".encode()).hexdigest(),
                    source_name="borgerbudget", imported_at=now, author="borgerbudget",
                    purged_at=None)
                session.add(response)
                session.flush()
                package = GamePackageRow(
                    catalog_id=catalog_id, version=version, session_hash=digest,
                    selection_json=json.dumps({c: str(v) for c, v in selection.items()},
                                              sort_keys=True),
                    sender_type=_clean(sender_type)[:100], response_id=response.id,
                    submitted_at=now)
                session.add(package)
                for code, share in selection.items():
                    if share < 1:
                        session.add(HearingLinkRow(
                            response_id=response.id, code=code, method="game",
                            confidence=1000, stance="object", state="confirmed",
                            decided_by="borgerbudget", decided_at=now))
                session.flush()
                ident = package.id
        except IntegrityError as exc:
            raise Conflict("err.game.once", catalog=catalog_id) from exc
        return ident

    def count_game_refusal(self, catalog_id: int) -> None:
        """Count one package refused (it missed the target or named a wrong measure)."""
        with self._session() as session:
            session.execute(update(BudgetGameRow).where(BudgetGameRow.catalog_id == catalog_id)
                            .values(refused=BudgetGameRow.refused + 1))

    def game_packages(self, catalog_id: int,
                      actor: Actor | None) -> tuple[list[dict[str, Decimal]], int]:
        """Every submitted package's selection (staff only: role viewer) and the number of
        refused attempts."""
        self._require(actor, "viewer")
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            rows = session.scalars(select(GamePackageRow.selection_json).where(
                GamePackageRow.catalog_id == catalog_id).order_by(GamePackageRow.id))
            packages = [{c: Decimal(v) for c, v in json.loads(row).items()} for row in rows]
            game = session.get(BudgetGameRow, catalog_id)
            return packages, game.refused if game is not None else 0

    def set_game_harm(self, catalog_id: int, scores: Mapping[str, Decimal],
                      actor: Actor | None) -> GameHarm:
        """Keep harm scores from the game's results for the optimizer (editors and admins)."""
        self._require(actor, "editor")
        assert actor is not None
        with self._write_session() as session:
            self._locked(session, catalog_id)
            row = session.get(BudgetGameRow, catalog_id)
            if row is None:
                row = BudgetGameRow(catalog_id=catalog_id, open=False, changed_by="",
                                    refused=0)
                session.add(row)
            row.harm_json = json.dumps({c: str(v) for c, v in scores.items()}, sort_keys=True)
            row.harm_by = actor.name
            row.harm_at = _now()
        return self.game_harm(catalog_id, actor)

    def game_harm(self, catalog_id: int, actor: Actor | None) -> GameHarm:
        """The harm scores set from the game (none: empty)."""
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            row = session.get(BudgetGameRow, catalog_id)
            if row is None or not row.harm_json:
                return GameHarm()
            scores = {c: Decimal(v) for c, v in json.loads(row.harm_json).items()}
            return GameHarm(scores, row.harm_by, aware(row.harm_at) if row.harm_at else None)

