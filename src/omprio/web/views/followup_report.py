"""A follow-up's report in the web app: ``GET /catalogs/{id}/followups/{date}/rapport`` and its
JSON twin ``…/rapport.json``.

The page shows the report of the follow-up of the latest date on or before ``{date}``
(:func:`omprio.service.followup_report.followup_report`): per year the totals against the
target as traffic-light bars (green: the forecast reaches the target; amber: it does, but
falls short of the plan; red: it does not), plan against forecast by theme, the tables by
year, theme, operating area and measure, the status counts and the measures at risk. The JSON
twin is :func:`~omprio.service.followup_report.report_json`. Reading needs a login, as every
follow-up does. ``…/aabne-data.zip`` is the open data with the realized amounts (phase
``executed``), for anyone where the catalog is public and the follow-up published.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request
from markupsafe import Markup
from starlette.responses import JSONResponse, Response

from omprio.display import Lang
from omprio.service.followup_report import FollowupReport, followup_report, report_json
from omprio.store.errors import NotFound
from omprio.web import charts
from omprio.web.deps import LoggedIn, PageActor, WorkspaceDep
from omprio.web.i18n import t
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, PageLang

router = APIRouter(include_in_schema=False)

FollowupDate = Annotated[str, Path(pattern=r"^\d{4}-\d{2}-\d{2}$", max_length=10,
                                   description="The follow-up's date (ISO).")]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NotFound("err.no_followup", date=text) from None


def _charts(done: FollowupReport, lang: Lang) -> list[Markup]:
    report = done.report
    unit = t("chart.unit", lang)
    targets = {y: v for y, v in report.target.items() if v is not None}
    result = [charts.target_bars(
        "chart-followup-target", t("report.chart_target", lang),
        t("report.chart_target_desc", lang), report.years, report.totals.forecast, targets,
        lang, unit, reached=t("report.reached", lang), missed=t("report.missed", lang),
        short={y: d > 0 for y, d in report.totals.deviation.items()},
        warning=t("report.short", lang))]
    if report.themes:
        index = list(range(len(report.themes)))
        result.append(charts.grouped_bars(
            "chart-followup-themes", t("report.chart_themes", lang),
            t("report.chart_themes_desc", lang), index,
            [charts.Series(t("report.col.plan", lang),
                           {i: r.total("plan") for i, r in enumerate(report.themes)},
                           charts.palette(0)),
             charts.Series(t("report.col.forecast", lang),
                           {i: r.total("forecast") for i, r in enumerate(report.themes)},
                           charts.palette(1))],
            lang, unit, labels=[r.key for r in report.themes]))
    return result


def _answer(request: Request, ws: WorkspaceDep, actor: LoggedIn, catalog_id: int, day: str,
            lang: Lang, as_json: bool) -> Response:
    done = followup_report(ws, catalog_id, actor, _day(day))
    if as_json:
        return JSONResponse(report_json(done))
    return render(request, "followup_report.html", {
        "catalog_id": catalog_id, "done": done, "report": done.report, "day": day,
        "charts": _charts(done, lang)})


@router.get("/catalogs/{catalog_id}/followups/{day}/rapport")
def report_page(request: Request, catalog_id: CatalogId, day: FollowupDate, ws: WorkspaceDep,
                actor: LoggedIn, lang: PageLang) -> Response:
    """The follow-up's report (module doc)."""
    from omprio.web.errors import wants_json

    return _answer(request, ws, actor, catalog_id, day, lang, wants_json(request))


@router.get("/catalogs/{catalog_id}/followups/{day}/rapport.json")
def report_page_json(request: Request, catalog_id: CatalogId, day: FollowupDate,
                     ws: WorkspaceDep, actor: LoggedIn, lang: PageLang) -> Response:
    """The report's JSON twin."""
    return _answer(request, ws, actor, catalog_id, day, lang, True)


@router.get("/catalogs/{catalog_id}/followups/{day}/aabne-data.zip")
def report_open_data(catalog_id: CatalogId, day: FollowupDate, ws: WorkspaceDep,
                     actor: PageActor) -> Response:
    """The adopted catalog as open data (a Fiscal Data Package) with the realized amounts of
    the follow-up at ``{day}`` in the phase ``executed``: for anyone where the catalog is
    public and an admin published the follow-up; staff get the one they read."""
    from omprio.service.followup_report import report_fdp

    data = report_fdp(ws, catalog_id, actor, _day(day))
    name = f"omprio-{catalog_id}-opfoelgning-{day}.zip"
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
