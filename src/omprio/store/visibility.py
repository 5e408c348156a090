"""Who sees which proposal of a catalog in the making (the statuses of :data:`STATUSES`).

A proposal is *shared* once it is submitted: submitted, accepted and rejected measures are
visible to the whole team (everyone logged in with a role). Drafts and withdrawn proposals are
the unit's own: only the finance office (admins and editors for all areas) and the editors of
the measure's operating area see them. An anonymous reader of a public catalog sees the
catalog as it stands: its accepted measures only.

:func:`view_of` names what an actor sees (it is part of every :class:`VersionStamp`, so a page
kept for one view is never shown to another); :func:`visible` is the catalog as an actor sees
it, with the rows and totals of the overview following (:func:`omprio.model.only`).
"""

from __future__ import annotations

from omprio.model import ACCEPTED, Catalog, Measure, only
from omprio.store.accounts import Actor

SHARED = frozenset({"submitted", ACCEPTED, "rejected"})
"""The statuses every member of the team sees."""


def view_of(actor: Actor | None) -> str:
    """What ``actor`` sees of proposals: ``public`` (accepted only), ``all``, ``team`` (shared
    ones), or ``areas:BFF,VJH`` (shared ones and the drafts of those areas)."""
    if actor is None:
        return "public"
    if actor.may_change_catalog():
        return "all"
    if actor.at_least("editor") and actor.areas:
        return "areas:" + ",".join(sorted(actor.areas))
    return "team"


def may_see(actor: Actor | None, measure: Measure) -> bool:
    """Whether ``actor`` sees ``measure`` (see the module's doc)."""
    if measure.status == ACCEPTED:
        return True
    if actor is None:
        return False
    if measure.status in SHARED:
        return True
    return actor.may_edit(measure.code)


def visible(catalog: Catalog, actor: Actor | None) -> Catalog:
    """The catalog as ``actor`` sees it (the catalog itself when they see every measure)."""
    return only(catalog, lambda measure: may_see(actor, measure))
