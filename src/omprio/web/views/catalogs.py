"""Reading pages: a catalog's overview, its findings, history, diffs and downloads (the list of
catalogs is :mod:`~omprio.web.views.catalog_list`). Each page answers JSON too (``Accept:
application/json``), as the API does."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from omprio.display import Lang
from omprio.findings import Finding, Severity
from omprio.interchange import catalog_to_json
from omprio.model import Catalog
from omprio.publish.csv_export import catalog_to_sheet_csv
from omprio.publish.edition import Edition, public_catalog
from omprio.store.accounts import Actor
from omprio.store.errors import NotFound
from omprio.store.workspace import (
    STAGES,
    StoredVersion,
    VersionInfo,
    VersionStamp,
    Workspace,
)
from omprio.web import caching, charts, deps, figures, jobs, payloads
from omprio.web.changes import shown
from omprio.web.deps import PageActor, WorkspaceDep
from omprio.web.errors import wants_json
from omprio.web.i18n import t
from omprio.web.schemas import MAX_ID
from omprio.web.templating import render, render_parts, render_text
from omprio.web.views.common import CatalogId, PageLang, VersionNumber, json_twin

router = APIRouter(include_in_schema=False)

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _charts(overview: figures.Overview, lang: Lang) -> list[Markup]:
    series = [
        charts.Series(
            f"{t('chart.theme', lang, code=theme.code)}: {theme.title}".rstrip(": "),
            theme.amounts,
            charts.palette(index),
        )
        for index, theme in enumerate(overview.themes)
    ]
    target = overview.target
    if target is not None:
        series.append(charts.Series(t("chart.total", lang), target.achieved, charts.TOTAL_COLOUR))
    result = [
        charts.grouped_bars(
            "chart-savings",
            t("chart.savings", lang),
            t("chart.savings_desc", lang),
            overview.years,
            series,
            lang,
            t("chart.unit", lang),
            target=target.amounts if target else None,
            target_label=t("chart.target", lang) if target else "",
        )
    ]
    if overview.fte_total:
        result.append(
            charts.bars(
                "chart-fte",
                t("chart.fte", lang),
                t("chart.fte_desc", lang),
                overview.years,
                overview.fte_total,
                lang,
                t("chart.fte_unit", lang),
            )
        )
    return result


def allowed_stages(actor: Actor | None) -> list[str]:
    """The stages the actor may move a catalog to."""
    if actor is None or not actor.may_change_catalog():
        return []
    return [s for s in STAGES if s != "adopted" or actor.at_least("admin")]


def _notable(findings: list[Finding]) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: _SEVERITY_ORDER[f.severity])
    return [f for f in ordered if f.severity is not Severity.INFO][:8]


@dataclass(frozen=True, slots=True)
class CatalogView:
    """The parts of a catalog's overview page that depend on the version, the catalog's state
    (public, latest version) and the language only, rendered: kept per version and language."""

    title: str
    top: Markup
    main: Markup
    stage: str
    public: bool
    is_latest: bool
    number: int = 0
    target: tuple[tuple[int, Decimal | None], ...] = ()
    """Per year of the catalog, its target (None where it states none): the target form."""

    @property
    def size(self) -> int:
        """About how many bytes it holds."""
        return len(self.top) + len(self.main) + len(self.title)


def _catalog_view(
    ws: Workspace, actor: Actor | None, stamp: VersionStamp, lang: Lang
) -> tuple[CatalogView, bool]:
    """The version's parts of the page, and whether what was read is still what ``stamp``
    names (else a change came in between, and the parts are shown but not kept)."""
    stored = ws.version(stamp.catalog_id, actor, stamp.number)
    history = recent_versions(ws, stamp.catalog_id, actor, stamp.latest, (stamp.number,))
    overview = figures.overview(stored.catalog, stored.findings)
    is_latest = stamp.number == stamp.latest
    parts = render_parts(
        "_catalog_view.html",
        {
            "lang": lang,
            "catalog": stored.catalog,
            "catalog_id": stamp.catalog_id,
            "identity": stamp,
            "info": stored.info,
            "public": stamp.public,
            "latest": stamp.latest,
            "is_latest": is_latest,
            "history": history,
            "overview": overview,
            "charts": _charts(overview, lang),
            "notable": _notable(stored.findings),
        },
    )
    view = CatalogView(
        title=stamp.name or stored.catalog.title or f"#{stamp.catalog_id}",
        top=Markup(parts.top()),
        main=Markup(parts.main()),
        stage=stored.info.stage,
        public=stamp.public,
        is_latest=is_latest,
        number=stored.info.number,
        target=tuple((y, stored.catalog.target.get(y)) for y in stored.catalog.years),
    )
    same = (
        stored.info.created_at.isoformat() == stamp.created_at
        and bool(history)
        and history[0].number == stamp.latest
    )
    return view, same


def _catalog_page(
    request: Request,
    ws: Workspace,
    actor: Actor | None,
    lang: Lang,
    stamp: VersionStamp,
    imported: int | None,
    unchanged: int | None = None,
    stage_note: str | None = None,
    identity_note: str | None = None,
    target_note: str | None = None,
) -> tuple[bytes, bool]:
    """The overview page for this request (the version's parts kept or made), and whether
    it may be kept."""
    kept = caching.caches(request).parts
    key = ("catalog", stamp, lang)
    view = kept.get(key)
    same = True
    if not isinstance(view, CatalogView):
        view, same = _catalog_view(ws, actor, stamp, lang)
        if same:
            kept.put(key, view, view.size)
    text = render_text(
        request,
        "catalog.html",
        {
            "view": view,
            "catalog_id": stamp.catalog_id,
            "imported": imported,
            "unchanged": unchanged,
            "stage_note": stage_note,
            "identity_note": identity_note,
            "target_note": target_note,
            "identity": stamp,
            "may_rename": actor is not None and actor.may_change_catalog(),
            "stages": allowed_stages(actor),
            "may_publish": actor is not None and actor.at_least("admin"),
        },
    )
    return text.encode("utf-8"), same


def _catalog_twin(
    request: Request, ws: Workspace, actor: Actor | None, catalog_id: int, version: int | None
) -> Response:
    stored = ws.version(catalog_id, actor, version)
    twin = json_twin(request, payloads.catalog(stored))
    assert twin is not None
    return twin


# The query parameters the overview page knows; pages for other queries are made, not kept.
_PAGE_QUERY = frozenset({"version", "lang", "imported", "unchanged"})
_HTML = "text/html; charset=utf-8"
_VARY = "Accept, Cookie"


@router.get("/catalogs/{catalog_id}")
async def catalog_page(
    request: Request,
    catalog_id: CatalogId,
    ws: deps.WorkspaceDep,
    actor: deps.PageActor,
    lang: PageLang,
    version: VersionNumber = None,
    imported: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    unchanged: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    stage_note: Literal["confirm", "same"] | None = None,
    identity_note: Literal["saved", "same"] | None = None,
    target_note: Literal["saved", "same"] | None = None,
) -> Response:
    """A catalog's overview: the OVERBLIK table, totals, target, charts and check summary.

    The parts that depend on the version are rendered once per version and language; for
    anonymous visitors (of a public catalog) the whole page is kept, by version, language and
    query. Either way one small query (:meth:`Workspace.version_stamp`) checks access and
    finds the version first, so an edit shows at once."""
    if wants_json(request):
        return await run_in_threadpool(_catalog_twin, request, ws, actor, catalog_id, version)
    stamp = await caching.version_stamp(ws, catalog_id, actor, version)
    if actor is None and _PAGE_QUERY.issuperset(request.query_params.keys()):
        pages = caching.caches(request).pages
        key = (stamp, lang, request.scope["path"], request.scope["query_string"])
        item = pages.get(key)
        if item is None:
            content, same = await run_in_threadpool(
                _catalog_page, request, ws, actor, lang, stamp, imported, unchanged
            )
            item = caching.body(content)
            if same:
                pages.keep(key, item)
        return caching.answer(request, item, _HTML, cache_control=caching.PUBLIC, vary=_VARY)
    content, _ = await run_in_threadpool(
        _catalog_page, request, ws, actor, lang, stamp, imported, unchanged, stage_note,
        identity_note, target_note,
    )
    cache_control = caching.PUBLIC if actor is None else caching.PRIVATE
    return caching.answer(
        request, caching.body(content), _HTML, cache_control=cache_control, vary=_VARY
    )


def _download_name(stored: StoredVersion, extension: str) -> str:
    return f"omprio-katalog-{stored.info.catalog_id}-v{stored.info.number}.{extension}"


@router.get("/catalogs/{catalog_id}/export.json")
def export_json(
    catalog_id: CatalogId, ws: WorkspaceDep, actor: PageActor, version: VersionNumber = None
) -> Response:
    """The version as interchange JSON (omprio.catalog/1), as a download."""
    stored = ws.version(catalog_id, actor, version)
    document = catalog_to_json(public_catalog(stored.catalog))
    body = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return Response(
        body.encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{_download_name(stored, "json")}"'},
    )


@router.get("/catalogs/{catalog_id}/export.csv")
def export_csv(
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    version: VersionNumber = None,
) -> Response:
    """The version's measure tables as CSV for spreadsheets ("CSV (regneark)": ``;``, BOM,
    decimal comma, headings in the page's language), as a download."""
    stored = ws.version(catalog_id, actor, version)
    return Response(
        catalog_to_sheet_csv(public_catalog(stored.catalog), lang),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_download_name(stored, "csv")}"'},
    )


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/catalogs/{catalog_id}/tiltag.docx")
def measure_form(
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    version: VersionNumber = None,
) -> Response:
    """The blank measure form in Word for the catalog's years, price base and unit (filled in,
    it reads back as a measure of this catalog)."""
    from omprio.publish.word_form import measure_form as blank_form
    from omprio.read.word_form import catalog_frame

    stored = ws.version(catalog_id, actor, version)
    made = blank_form(catalog_frame(public_catalog(stored.catalog)), lang)
    name = f"omprio-tiltag-katalog-{stored.info.catalog_id}.docx"
    return Response(made, media_type=_DOCX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


Published = Literal["pdf", "html", "docx", "xlsx", "fdp"]
_EXTENSIONS = {"pdf": "pdf", "html": "html", "docx": "docx", "xlsx": "xlsx", "fdp": "zip"}


@router.get("/catalogs/{catalog_id}/publish/{fmt}")
def publish_document(
    request: Request,
    catalog_id: CatalogId,
    fmt: Published,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    version: VersionNumber = None,
) -> Response:
    """The version published as a document (PDF, HTML, Word), a workbook or open data (a
    Fiscal Data Package as a ZIP), made from the same stored catalog, with its findings."""
    from omprio.publish.formats import MEDIA_TYPES, publish

    stored = ws.version(catalog_id, actor, version)
    edition = Edition.of_version(stored.catalog.title, stored.info)
    with jobs.slot(request):  # a large catalog takes seconds: one of the few job slots
        made = publish(stored.catalog, stored.findings, fmt, lang, edition)
    if isinstance(made, dict):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in sorted(made.items()):
                archive.writestr(name, content)
        made = buffer.getvalue()
    name = _download_name(stored, _EXTENSIONS[fmt])
    return Response(made, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def finding_groups(
    catalog: Catalog, findings: list[Finding]
) -> list[tuple[str | None, str, list[Finding]]]:
    """Findings grouped by measure: (code, title, findings), the catalog's own first, then the
    measures in document order; each group ordered by severity, then location."""
    groups: dict[str | None, list[Finding]] = {}
    for item in findings:
        groups.setdefault(item.measure, []).append(item)
    order = {m.code: i for i, m in enumerate(catalog.measures)}
    titles = {m.code: m.title for m in catalog.measures}
    result = []
    for code in sorted(groups, key=lambda c: (c is not None, order.get(c or "", len(order)))):
        items = sorted(
            groups[code],
            key=lambda f: (_SEVERITY_ORDER[f.severity], f.source.page or 0, f.source.line or 0),
        )
        result.append((code, titles.get(code or "", ""), items))
    return result


@router.get("/catalogs/{catalog_id}/findings")
def findings_page(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    version: VersionNumber = None,
) -> Response:
    """Every finding of a version, grouped by measure."""
    stored = ws.version(catalog_id, actor, version)
    twin = json_twin(request, payloads.findings(stored.findings, lang))
    if twin is not None:
        return twin
    return render(
        request,
        "findings.html",
        {
            "stored": stored,
            "catalog": stored.catalog,
            "catalog_id": catalog_id,
            "info": stored.info,
            "groups": finding_groups(stored.catalog, stored.findings),
            "counts": figures.count(stored.findings),
        },
    )


HISTORY_PAGE = 50
"""Versions on one page of the history (older ones: the next page)."""
RECENT_VERSIONS = 100
"""Versions offered in the version pickers (the history page has every one)."""


def recent_versions(
    ws: Workspace, catalog_id: int, actor: Actor | None, latest: int, shown: tuple[int, ...]
) -> list[VersionInfo]:
    """The newest :data:`RECENT_VERSIONS` versions up to ``latest`` for a version picker, and
    the versions in ``shown`` (the ones on the page) even when they are older."""
    history = ws.versions(catalog_id, actor, limit=RECENT_VERSIONS, below=latest + 1)
    have = {v.number for v in history}
    for number in sorted(set(shown) - have, reverse=True):
        history += ws.versions(catalog_id, actor, limit=1, below=number + 1)
    return history


@router.get("/catalogs/{catalog_id}/versions")
def versions_page(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    before: Annotated[int | None, Query(ge=2, le=MAX_ID)] = None,
) -> Response:
    """The version history, :data:`HISTORY_PAGE` versions a page (``before``: the versions
    older than that number), with a choice of two versions to compare."""
    history = ws.versions(catalog_id, actor, limit=HISTORY_PAGE + 1, below=before)
    older = len(history) > HISTORY_PAGE
    history = history[:HISTORY_PAGE]
    twin = json_twin(request, payloads.versions(history))
    if twin is not None:
        return twin
    stored = ws.version(catalog_id, actor)
    if not history:
        raise NotFound("err.no_versions_before", catalog=catalog_id, before=before)
    details = ws.catalog_details(catalog_id, actor) if before is None else None
    return render(
        request,
        "versions.html",
        {
            "catalog": stored.catalog,
            "catalog_id": catalog_id,
            "history": history,
            "old": history[1].number if len(history) > 1 else history[0].number,
            "new": history[0].number,
            "older": history[-1].number if older else None,
            "paged": before is not None,
            "details": details,
        },
    )


@router.get("/catalogs/{catalog_id}/diff")
def diff_page(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    old: Annotated[int, Query(alias="from", ge=1, le=MAX_ID)],
    new: Annotated[int, Query(alias="to", ge=1, le=MAX_ID)],
) -> Response:
    """What changed from one version to another: measures added, removed and changed."""
    result = ws.diff(catalog_id, old, new, actor)
    twin = json_twin(request, payloads.diff(result, old, new))
    if twin is not None:
        return twin
    stored = ws.version(catalog_id, actor)
    history = recent_versions(ws, catalog_id, actor, stored.info.number, (old, new))
    return render(
        request,
        "diff.html",
        {
            "catalog": stored.catalog,
            "catalog_id": catalog_id,
            "diff": result,
            "old": old,
            "new": new,
            "history": history,
            "changed": [
                (m.code, m.title, [shown(c, lang) for c in m.changes]) for m in result.changed
            ],
            "catalog_changes": [shown(c, lang) for c in result.catalog],
        },
    )
