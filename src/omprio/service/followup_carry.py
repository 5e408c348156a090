"""Carrying over what a follow-up says will not be realized (issue 14, item 5).

:func:`carry_over` takes the follow-up at a date (its latest revision), finds the measures that
fall short (:mod:`omprio.followup.carry`: status ``not_realizable`` without a forecast, or a
forecast above the plan) and carries the amounts not realized, as savings still to find, either

* into a budget round as a new requirement (``round_id``; split by ``key``, the round's first key
  by default), for the years the round and the agreement share; its ``source`` links back:
  ``followup:catalog=ID;date=D;measures=CODE,…``; or
* into a catalog's target (``target_catalog_id``) as a correction: the target of each year the
  catalog and the agreement share grows by the amount carried; the version's message links
  back (catalog, date and measures).

Rounds are changed by administrators, targets by those who change a whole catalog; reading the
follow-up needs what reading it always needs. Nothing is stored when nothing falls short.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from omprio.display import Lang
from omprio.followup.carry import Shortfall, carried, shortfalls
from omprio.followup.model import FollowupProblem
from omprio.i18n import Phrase
from omprio.money import ZERO
from omprio.service import rounds as round_service
from omprio.service.followup import followup_figures
from omprio.store.accounts import Actor
from omprio.store.errors import InvalidInput
from omprio.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Carried:
    """What was carried: into a ``round`` or a ``target``, its id, the amounts per year (negative:
    savings still to find), the measures they come from, and the link back (``source``)."""

    into: str
    id: int
    version: int
    name: str
    amounts: dict[int, Decimal]
    measures: tuple[Shortfall, ...]
    source: str


def link_back(catalog_id: int, as_of: date, codes: Sequence[str]) -> str:
    """``followup:catalog=3;date=2024-06-30;measures=BFF-1,BFF-3A``: where carried amounts come
    from (kept in the requirement's source)."""
    return f"followup:catalog={catalog_id};date={as_of.isoformat()};measures={','.join(codes)}"


def _problem(name: str, /, **params: object) -> InvalidInput:
    return InvalidInput("err.problem", problem=FollowupProblem(name, **params))


def carry_over(
    ws: Workspace,
    catalog_id: int,
    actor: Actor | None,
    as_of: date,
    *,
    round_id: int | None = None,
    target_catalog_id: int | None = None,
    codes: Sequence[str] = (),
    key: str | None = None,
    lang: Lang = "da",
) -> Carried:
    """Carry the shortfalls of the follow-up at ``as_of`` (of the measures ``codes``, or all)
    into the round ``round_id`` or the target of ``target_catalog_id`` (exactly one)."""
    if (round_id is None) == (target_catalog_id is None):
        raise _problem("followup.carry_where")
    shown, _ = followup_figures(ws, catalog_id, actor, as_of)
    if shown.as_of != as_of:
        raise InvalidInput("err.no_followup", date=as_of.isoformat())
    known = {m.code for m in shown.measures}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise _problem("followup.unknown_code", code=unknown[0])
    found = shortfalls(shown, codes)
    if not found:
        raise _problem("followup.carry_nothing", date=as_of.isoformat())
    measures = [s.code for s in found]
    source = link_back(catalog_id, as_of, measures)
    if round_id is not None:
        budget_round = ws.stored_round(round_id, actor).budget_round
        years = [y for y in budget_round.years if y in shown.years]
        chosen = key or (budget_round.keys[0].code if budget_round.keys else "")
        if not years:
            raise _problem("followup.carry_no_years", into=budget_round.name)
        if budget_round.key(chosen) is None:
            raise _problem("followup.carry_no_key", key=chosen or "-", into=budget_round.name)
        amounts = carried(found, years)
        name = Phrase("followup.carry.requirement", date=as_of.isoformat(),
                      catalog=catalog_id).text(lang)
        stored = round_service.change(
            ws, round_id, round_service.requirement(name, chosen, amounts, source=source),
            actor, message=Phrase("followup.carry.message", date=as_of.isoformat(),
                                  catalog=catalog_id, measures=", ".join(measures)).text(lang))
        return Carried("round", round_id, stored.version.number, name, amounts, found, source)
    assert target_catalog_id is not None
    catalog = ws.version(target_catalog_id, actor).catalog
    years = [y for y in catalog.years if y in shown.years]
    if not years:
        raise _problem("followup.carry_no_years", into=catalog.title or target_catalog_id)
    amounts = carried(found, years)
    target = {y: catalog.target.get(y, ZERO) + amounts.get(y, ZERO) for y in catalog.years}
    message = Phrase("followup.carry.message", date=as_of.isoformat(), catalog=catalog_id,
                     measures=", ".join(measures)).text(lang)
    version = ws.set_target(target_catalog_id, target, actor, message=f"{message} ({source})")
    return Carried("target", target_catalog_id, version.info.number, message, amounts, found,
                   source)
