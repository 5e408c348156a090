"""The one JSON encoder of the agreement and its follow-up: ``omprio agreement|followup show|
followup history --format json`` write these, and so will the pages' JSON twins and the API.

Amounts are JSON numbers (integral ones as integers), years object keys, dates ISO text.
Savings are negative; ``deviation`` is ``forecast - plan`` (positive: less saved than planned).
Findings are ``{"rule", "severity", "measure", "year", "message"}`` in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from omprio.display import Lang
from omprio.findings import Finding
from omprio.followup.figures import Figures
from omprio.followup.model import Entry
from omprio.service.decide_json import number_json, years_json
from omprio.service.followup import AgreementComparison
from omprio.service.followup_carry import Carried
from omprio.store.followups import FollowupInfo, StoredFollowup

SIGN = "savings are negative; deviation = forecast - plan (positive: less saved than planned)"


def findings_json(findings: Sequence[Finding], lang: Lang) -> list[dict[str, Any]]:
    """Findings with their message in ``lang``."""
    return [{"rule": f.rule, "severity": f.severity.value, "measure": f.measure,
             "year": f.year, "line": f.source.line, "message": f.message(lang)}
            for f in findings]


def comparison_json(compared: AgreementComparison) -> dict[str, Any]:
    """Proposal → agreement per measure and year, and the totals."""
    agreement = compared.agreement.agreement
    return {
        "catalog": compared.agreement.catalog_id,
        "name": agreement.name,
        "date": agreement.agreed_on.isoformat(),
        "proposed_version": agreement.proposed_version,
        "adopted_version": agreement.adopted_version,
        "years": list(agreement.years),
        "measures": [
            {"code": m.code, "title": m.title, "decision": m.decision,
             "proposed": years_json(m.proposed), "agreed": years_json(m.agreed),
             "difference": years_json(m.difference),
             "proposed_fte": years_json(m.proposed_fte), "agreed_fte": years_json(m.agreed_fte)}
            for m in compared.measures
        ],
        "totals": {
            str(year): {"proposed": number_json(t.proposed[year]),
                        "agreed": number_json(t.agreed[year]),
                        "difference": number_json(t.difference[year])}
            for year, t in compared.totals.items()
        },
    }


def entry_json(entry: Entry) -> dict[str, Any]:
    """One measure's figures for a year."""
    return {"year": entry.year, "realized": number_json(entry.realized),
            "forecast": number_json(entry.forecast), "status": entry.status,
            "explanation": entry.explanation, "responsible": entry.responsible,
            "documentation": entry.documentation}


def figures_json(catalog_id: int, shown: Figures, findings: Sequence[Finding],
                 lang: Lang) -> dict[str, Any]:
    """A follow-up's figures: measures, totals per year and findings."""
    return {
        "catalog": catalog_id,
        "date": shown.as_of.isoformat() if shown.as_of else None,
        "revision": shown.revision,
        "closed": shown.closed,
        "sign": SIGN,
        "years": list(shown.years),
        "measures": [
            {"code": m.code, "title": m.title, "decision": m.decision,
             "plan": years_json(m.plan), "realized": years_json(m.realized),
             "forecast": years_json(m.forecast), "deviation": years_json(m.deviation),
             "status": m.status, "statuses": {str(y): s for y, s in m.statuses.items()},
             "entries": [entry_json(e) for e in m.entries]}
            for m in shown.measures
        ],
        "totals": {
            str(year): {"plan": number_json(t.plan), "realized": number_json(t.realized),
                        "forecast": number_json(t.forecast),
                        "deviation": number_json(t.deviation), "target": number_json(t.target)}
            for year, t in shown.totals.items()
        },
        "findings": findings_json(findings, lang),
    }


def history_json(catalog_id: int, code: str, history: Sequence[StoredFollowup]) -> dict[str, Any]:
    """One measure in every follow-up revision, oldest first."""
    return {
        "catalog": catalog_id,
        "code": code,
        "followups": [
            {"date": h.info.as_of.isoformat(), "revision": h.info.revision,
             "author": h.info.author, "created_at": h.info.created_at.isoformat(),
             "closed": h.info.closed, "entries": [entry_json(e) for e in h.entries]}
            for h in history
        ],
    }


def carried_json(done: Carried) -> dict[str, Any]:
    """What was carried over: where to (``round`` or ``target``), its id and new version, the
    amounts per year (negative: savings still to find), the measures and their shortfalls
    (positive: the saving not realized) and the link back."""
    return {
        "into": done.into, "id": done.id, "version": done.version, "name": done.name,
        "amounts": years_json(done.amounts), "source": done.source,
        "measures": [{"code": s.code, "title": s.title, "shortfall": years_json(s.amounts)}
                     for s in done.measures],
    }


def followups_json(infos: Sequence[FollowupInfo]) -> list[dict[str, Any]]:
    """The follow-ups by date (as :meth:`Workspace.followups` lists their revisions): the
    latest revision, who entered it and when, whether (by whom, when) it is closed and whether
    it is published."""
    dates: dict[str, dict[str, Any]] = {}
    for info in infos:
        dates[info.as_of.isoformat()] = {
            "date": info.as_of.isoformat(), "revision": info.revision,
            "revisions": info.revision, "author": info.author,
            "changed_at": info.created_at.isoformat(), "closed": info.closed,
            "closed_by": info.closed_by,
            "closed_at": info.closed_at.isoformat() if info.closed_at else None,
            "public": info.public}
    return list(dates.values())
