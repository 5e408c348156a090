"""A follow-up's report as a service: its values (:func:`followup_report`), its documents for
the committee (:func:`report_file`: PDF, Word, Excel), its JSON (:func:`report_json`: the page's
twin) and the open data with the realized amounts (:func:`report_fdp`).

The report is built once, by :func:`omprio.followup.report.build_report`, from the figures of
:func:`omprio.service.followup.followup_figures`; every format shows those values. The edition
printed on every page is the catalog's latest stored version (its stage and number) and the
follow-up's date and revision.

Open data: the Fiscal Data Package of the adopted catalog (:mod:`omprio.publish.fdp`) with the
follow-up's realized amounts as ``executed.csv`` (budget phase ``executed``), from
``omprio followup report … --format fdp`` or the download ``/catalogs/{id}/followups/{date}/
aabne-data.zip``. Staff get the follow-up they read; an anonymous visitor of a public catalog
only one an admin published (``Workspace.publish_followup``), else the adopted plan alone.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from omprio.display import Lang
from omprio.followup.figures import figures
from omprio.followup.report import Report, ReportRow, build_report
from omprio.service.decide_json import number_json, years_json
from omprio.service.followup import followup_figures
from omprio.store.accounts import Actor
from omprio.store.workspace import Workspace

DocumentFormat = Literal["pdf", "docx", "xlsx"]
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = ("pdf", "docx", "xlsx")
"""The report's documents (:func:`report_file`); its open data is :func:`report_fdp`."""


@dataclass(frozen=True, slots=True)
class FollowupReport:
    """A report with what its documents say about themselves: the catalog, its name, the
    agreement's name, the latest version's stage, number and date."""

    catalog_id: int
    catalog_name: str
    agreement: str
    stage: str
    version: int
    stored_on: date | None
    report: Report


_KEPT: OrderedDict[tuple[object, ...], FollowupReport] = OrderedDict()
_KEPT_MOST = 16
_KEPT_LOCK = threading.Lock()


def followup_report(
    ws: Workspace, catalog_id: int, actor: Actor | None, as_of: date | None = None
) -> FollowupReport:
    """The report of the follow-up of the latest date on or before ``as_of`` (default: the
    latest; the plan alone before any follow-up).

    Reports are kept (a few, per process) under what identifies them: the database, the
    catalog, its latest version (number and time), the follow-up's date, revision and whether
    it is closed - read by two small queries that also check access. A revision never changes
    once stored (a new entry makes the next one), so a kept report is never stale."""
    infos = [i for i in ws.followups(catalog_id, actor) if as_of is None or i.as_of <= as_of]
    latest = ws.versions(catalog_id, actor, limit=1)[0]
    chosen = infos[-1] if infos else None
    key = (str(ws.engine.url), catalog_id, latest.number, latest.created_at,
           chosen.as_of if chosen else None, chosen.revision if chosen else 0,
           chosen.closed if chosen else False)
    with _KEPT_LOCK:
        found = _KEPT.get(key)
        if found is not None:
            _KEPT.move_to_end(key)
            return found
    made = _made(ws, catalog_id, actor, as_of)
    with _KEPT_LOCK:
        _KEPT[key] = made
        while len(_KEPT) > _KEPT_MOST:
            _KEPT.popitem(last=False)
    return made


def _made(
    ws: Workspace, catalog_id: int, actor: Actor | None, as_of: date | None
) -> FollowupReport:
    from omprio.publish.edition import local_date

    stored = ws.agreement(catalog_id, actor)
    agreement = stored.agreement
    plan = ws.version(catalog_id, actor, agreement.adopted_version).catalog
    found = ws.followup(catalog_id, actor, as_of)  # the figures without their findings
    shown = (figures(agreement, (), None, plan.target) if found is None else
             figures(agreement, found.entries, found.info.as_of, plan.target,
                     revision=found.info.revision, closed=found.info.closed))
    themes = {m.code: m.theme for m in plan.measures}
    areas = {m.code: m.operating_area for m in plan.measures}
    if any(m.code not in themes for m in shown.measures):  # dropped ones with figures
        proposal = ws.version(catalog_id, actor, agreement.proposed_version).catalog
        for m in proposal.measures:
            themes.setdefault(m.code, m.theme)
            areas.setdefault(m.code, m.operating_area)
    latest = ws.versions(catalog_id, actor, limit=1)[0]
    name = (plan if latest.number == agreement.adopted_version else
            ws.version(catalog_id, actor, latest.number).catalog).title
    report = build_report(shown, themes, theme_titles={th.code: th.title for th in plan.themes},
                          areas=areas, unit=plan.unit)
    return FollowupReport(catalog_id, name, agreement.name, latest.stage, latest.number,
                          local_date(latest.created_at), report)


def _edition(done: FollowupReport) -> Any:
    from omprio.publish.edition import Edition

    return Edition(done.catalog_name, done.stage, done.version, done.stored_on, done.catalog_id)


def header_of(done: FollowupReport, lang: Lang) -> str:
    """The line on every page: catalog, stage and version, follow-up date."""
    from omprio.publish.followup_tables import header_line

    return header_line(done.catalog_name, _edition(done), done.report, lang)


def report_file(done: FollowupReport, fmt: DocumentFormat, lang: Lang) -> bytes:
    """The report as a PDF, Word document or workbook."""
    from omprio.fields import xml_safe
    from omprio.publish.followup_tables import report_layout

    report = xml_safe(done.report)
    if fmt == "xlsx":
        from omprio.publish.followup_excel import report_xlsx

        return report_xlsx(report, xml_safe(header_of(done, lang)), lang)
    layout = report_layout(report, xml_safe(done.catalog_name), xml_safe(done.agreement),
                           _edition(done), lang)
    if fmt == "docx":
        from omprio.publish.followup_word import report_docx

        return report_docx(layout, lang)
    from omprio.publish.followup_pdf import report_pdf

    return report_pdf(layout, report, lang)


def report_fdp(
    ws: Workspace, catalog_id: int, actor: Actor | None, as_of: date | None = None
) -> bytes:
    """The adopted catalog as a Fiscal Data Package (a .zip) with the follow-up's realized
    amounts in ``executed.csv`` (phase ``executed``)."""
    from omprio.publish.edition import public_catalog
    from omprio.publish.fdp import catalog_fdp, package_zip

    shown, _ = followup_figures(ws, catalog_id, actor, as_of)
    stored = ws.agreement(catalog_id, actor)
    plan = ws.version(catalog_id, actor, stored.agreement.adopted_version)
    # No follow-up the caller may read (an anonymous visitor: none published): the plan alone.
    executed = ({m.code: dict(m.realized) for m in shown.measures if m.realized}
                if shown.as_of is not None else None)
    files = catalog_fdp(public_catalog(plan.catalog), "adopted", executed=executed,
                        as_of=shown.as_of)
    return package_zip(files)


def _row_json(row: ReportRow) -> dict[str, Any]:
    return {
        "key": row.key, "label": row.label,
        "plan": years_json(row.plan), "realized": years_json(row.realized),
        "forecast": years_json(row.forecast), "deviation": years_json(row.deviation),
        "percent": {str(y): number_json(p) for y, p in row.percent.items()},
        "statuses": dict(row.statuses),
        "total": {"plan": number_json(row.total("plan")),
                  "realized": number_json(row.total("realized")),
                  "forecast": number_json(row.total("forecast")),
                  "deviation": number_json(row.total("deviation")),
                  "percent": number_json(row.total_percent)},
    }


def report_json(done: FollowupReport) -> dict[str, Any]:
    """The report as JSON: ``measures``, ``themes``, ``areas`` (rows with per-year ``plan``,
    ``realized``, ``forecast``, ``deviation``, ``percent``, ``statuses`` and ``total``),
    ``totals``, ``target``, ``gap`` per year, ``gap_total`` and ``at_risk``."""
    report = done.report
    return {
        "catalog": done.catalog_id,
        "catalog_name": done.catalog_name,
        "agreement": done.agreement,
        "stage": done.stage,
        "version": done.version,
        "date": report.as_of.isoformat() if report.as_of else None,
        "revision": report.revision,
        "closed": report.closed,
        "unit": report.unit,
        "years": list(report.years),
        "sign": "savings are negative; deviation = forecast - plan; percent = deviation / "
                "|plan| x 100; gap = forecast - target (positive: the target is not reached)",
        "measures": [{**_row_json(r), "theme": r.theme, "area": r.area, "status": r.status}
                     for r in report.measures],
        "themes": [_row_json(r) for r in report.themes],
        "areas": [_row_json(r) for r in report.areas],
        "totals": _row_json(report.totals),
        "target": {str(y): number_json(v) for y, v in report.target.items()},
        "gap": {str(y): number_json(v) for y, v in report.gap.items()},
        "gap_total": number_json(report.gap_total),
        "at_risk": [
            {"code": a.code, "title": a.title, "year": a.year, "status": a.status,
             "explanation": a.explanation, "responsible": a.responsible,
             "plan": number_json(a.plan), "forecast": number_json(a.forecast),
             "deviation": number_json(a.deviation)}
            for a in report.at_risk
        ],
    }

