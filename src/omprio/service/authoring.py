"""A new catalog for a department of a budget round: what the "Nyt katalog" form and
``omprio catalog new --round`` call when rounds exist.

:func:`create_for_round` takes the period, price level and unit from the round, creates the
empty authored catalog (:meth:`~omprio.store.authoring.Authoring.create_catalog`), links it to
the department (:func:`omprio.service.rounds.link`, a new version of the round) and sets its
target to the department's share (:func:`omprio.service.rounds.set_catalog_target`); an
administrator's work, since it changes the round. Whatever
the round refuses (no such department, no requirement) is refused before anything is stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from omprio.rounds.problems import RoundProblem
from omprio.service import rounds
from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden, Term, Unauthorized
from omprio.store.rounds import refused
from omprio.store.workspace import NewCatalog, StoredVersion, Workspace


def create_for_round(
    ws: Workspace,
    actor: Actor | None,
    round_id: int,
    department: str,
    title: str,
    *,
    requirements: Sequence[str] = (),
    reason: str = "",
) -> StoredVersion:
    """Create the catalog of ``department`` (a department code of the round) in the round
    ``round_id``: years, price level and unit the round's, linked to the department for
    ``requirements`` (all the round's by default), its target the department's share of them.
    The catalog's version that has the target comes back. Linking changes the round, which
    needs an administrator (as linking by hand does)."""
    if actor is None:
        raise Unauthorized("err.login")
    if not actor.at_least("admin"):
        raise Forbidden("err.role_needed", role=Term("err.role.admin"),
                        actual=Term(f"err.role.{actor.role}"))
    budget_round = ws.stored_round(round_id, actor).budget_round
    found = budget_round.department(department.strip())
    if found is None:
        raise refused(RoundProblem("unknown-department", department=department.strip()))
    names = list(requirements) or [r.name for r in budget_round.requirements]
    if not names:
        raise refused(RoundProblem("link-without-requirement"))
    for name in names:
        if budget_round.requirement(name) is None:
            raise refused(RoundProblem("unknown-requirement", name=name))
    new = NewCatalog(
        title=title,
        years=budget_round.years,
        department=found.name,
        organisation=budget_round.municipality or None,
        price_base=f"{budget_round.price_level}-PL",
        unit=budget_round.unit,
    )
    created = ws.create_catalog(actor, new,
                                reason or f"Oprettet i budgetrunden {budget_round.name}")
    catalog_id = created.info.catalog_id
    rounds.change(ws, round_id, rounds.link(ws, actor, catalog_id, found.code, names), actor,
                  message=f"Katalog {catalog_id} tilknyttet {found.code}")
    stored, _ = rounds.set_catalog_target(ws, round_id, catalog_id, actor)
    return stored
