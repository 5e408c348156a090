"""The builder of a new scenario, made once per catalog version and language and kept.

A new scenario is the same for every logged-in user of a catalog version: nothing selected, the
catalog's own targets, the figures of that empty selection. So the builder (the content of
``scenario.html``, in ``_scenario_builder.html``) is rendered once per version and language and
kept with the other parts (:mod:`omprio.web.caching`), with a placeholder where the session's
CSRF token goes; each request checks access and finds the version with one small query
(:meth:`~omprio.store.workspace.Workspace.version_stamp`), puts its own token in and renders
only the page around it (the user's name, the menu).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from omprio.display import Lang
from omprio.service.decide import may_change
from omprio.store.accounts import Actor
from omprio.store.workspace import StoredScenario, StoredVersion, VersionStamp, Workspace
from omprio.web import caching
from omprio.web.measure_list import (
    PAGE_SIZE,
    Listing,
    View,
    findings_by_measure,
    list_measures,
)
from omprio.web.templating import page_values, render, templates
from omprio.web.views.scenario_forms import (
    Builder,
    Row,
    builder_from_scenario,
    result_context,
    theme_titles,
)

if TYPE_CHECKING:
    from omprio.decide.scenario import Evaluation

# Stands for the CSRF token in the kept builder: random, so no catalog text can contain it.
_TOKEN_SLOT: Final = "omprio-csrf-" + secrets.token_hex(16)


PUBLISHED: tuple[tuple[str, str], ...] = (
    ("pdf", "catalog.download_pdf"),
    ("docx", "catalog.download_docx"),
    ("xlsx", "catalog.download_xlsx"),
    ("fdp", "catalog.download_fdp"),
)
"""The formats a stored scenario is published in (:mod:`~omprio.web.views.scenario_downloads`)."""


def builder_listing(
    stored: StoredVersion, builder: Builder, view: View, actor: Actor
) -> Listing[Row]:
    """The page of the builder's rows that ``view`` shows (``mine``: the actor's areas)."""
    return list_measures(
        builder.rows,
        lambda row: row.measure,
        lambda row: row.included,
        view,
        findings=findings_by_measure(stored.findings),
        theme_titles=theme_titles(stored.catalog),
        years=stored.catalog.years,
        actor_areas=actor.areas,
    )


def builder_context(
    stored: StoredVersion,
    builder: Builder,
    evaluation: Evaluation | None,
    *,
    item: StoredScenario | None,
    actor: Actor,
    lang: Lang,
    view: View | None = None,
    problem: str | None = None,
    notice: str | None = None,
    conflict: str | None = None,
    missing: Sequence[str] = (),
    base_revision: int | None = None,
    saved: bool = False,
) -> dict[str, Any]:
    """What ``_scenario_builder.html`` shows: the builder's form (one page of its rows, the
    state of the others kept in hidden inputs) and figures."""
    from omprio.decide.targets import candidates

    listing = builder_listing(stored, builder, view or View(), actor)
    return {
        "listing": listing,
        "page_size": PAGE_SIZE,
        "hidden_selected": sum(1 for row in listing.hidden if row.included),
        "candidates": frozenset(m.code for m in candidates(stored.catalog)),
        "catalog": stored.catalog,
        "catalog_id": stored.info.catalog_id,
        "info": stored.info,
        "builder": builder,
        "item": item,
        "may_change": item is None or may_change(actor, item),
        "base_revision": base_revision
        if base_revision is not None
        else (item.revision if item else None),
        "notice": notice,
        "conflict": conflict,
        "missing": list(missing),
        "saved": saved,
        "errors": builder.errors,
        "oob": False,
        "unit": ((stored.catalog.price_base or "") + " " + stored.catalog.unit).strip(),
        "formats": PUBLISHED,
        **result_context(evaluation, stored.catalog, lang, problem),
    }


async def new_builder(
    request: Request, ws: Workspace, actor: Actor, catalog_id: int, lang: Lang, view: View
) -> Response:
    """The builder page of a new scenario of the catalog's latest version: kept for the first
    page of every measure (per set of the actor's areas, which the "mine" choice names);
    another view is made for the request."""
    stamp = await caching.version_stamp(ws, catalog_id, actor, None)
    if view.is_default:
        content, _ = await caching.kept_part(
            request,
            ("builder-new", stamp, lang, actor.areas),
            lambda: _made(request, ws, actor, stamp, view),
        )
    else:
        content, _ = await run_in_threadpool(_made, request, ws, actor, stamp, view)
    csrf = page_values(request)["csrf"]
    mine = Markup(str(content).replace(_TOKEN_SLOT, str(Markup.escape(csrf))))
    return render(request, "scenario.html", {"kept": mine, "item": None})


def _made(
    request: Request, ws: Workspace, actor: Actor, stamp: VersionStamp, view: View
) -> tuple[Markup, bool]:
    """The builder of a new scenario of the version ``stamp`` names, and whether it is still
    that version (else a change came in between: shown, not kept)."""
    from omprio.decide.scenario import empty_scenario, evaluate

    stored = ws.version(stamp.catalog_id, actor, stamp.number)
    scenario = empty_scenario(stored.catalog, "")
    evaluation = evaluate(scenario, stored.catalog)
    values = page_values(request)
    builder, _ = builder_from_scenario(stored.catalog, scenario, values["lang"])
    values.update(builder_context(stored, builder, evaluation, item=None, actor=actor,
                                  lang=values["lang"], view=view))
    values["csrf"] = _TOKEN_SLOT
    text = templates.env.get_template("_scenario_builder.html").render(values)
    same = stored.info.created_at.isoformat() == stamp.created_at
    return Markup(text), same
