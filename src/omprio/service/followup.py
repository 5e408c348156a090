"""The budget agreement and its follow-up as a service: what the CLI calls, and the pages and
the REST API will.

* :func:`record_agreement` - an agreement from a file's JSON or a stored scenario, stored as the
  catalog's adopted version (:meth:`Workspace.record_agreement`);
* :func:`agreement_comparison` - proposal → agreement per measure and year;
* :func:`import_followup` - a follow-up table read, checked (:func:`check_followup`) and stored
  as the next revision at its date; nothing is stored when the table cannot be read, names a
  measure the agreement does not know or has a cell that is no number;
* :func:`followup_figures` - plan, realized, forecast and deviation at a date;
* :func:`measure_history` - one measure's figures and status in every follow-up revision.

Their answers are encoded once, by :mod:`omprio.service.followup_json`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from omprio.check.followup import check_followup
from omprio.findings import Finding
from omprio.followup.agreement import terms_from_json, terms_from_selection
from omprio.followup.figures import Compared, Figures, comparison, figures
from omprio.followup.model import Entry, FollowupProblem
from omprio.followup.table import read_entries
from omprio.store.accounts import Actor
from omprio.store.errors import InvalidInput
from omprio.store.followups import StoredAgreement, StoredFollowup
from omprio.store.versions import StoredVersion
from omprio.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class FollowupImport:
    """What an import did: the revision stored and the findings on the follow-up (the
    revision as stored, with the figures carried over from the one before)."""

    stored: StoredFollowup
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class AgreementComparison:
    """Proposal → agreement: the agreement, its measures and the totals per year."""

    agreement: StoredAgreement
    measures: tuple[Compared, ...]
    totals: dict[int, Compared]


def record_agreement(
    ws: Workspace,
    catalog_id: int,
    actor: Actor | None,
    *,
    name: str,
    agreed_on: date,
    document: Any = None,
    scenario_id: int | None = None,
) -> tuple[StoredVersion, StoredAgreement]:
    """Record the agreement on the catalog's latest version: the terms of ``document`` (an
    agreement file as parsed by :func:`omprio.money.loads`) or of the stored scenario
    ``scenario_id`` (exactly one of them)."""
    if (document is None) == (scenario_id is None):
        raise InvalidInput("err.agreement_source")
    latest = ws.version(catalog_id, actor)
    try:
        if scenario_id is not None:
            scenario = ws.scenario(catalog_id, scenario_id, actor).scenario
            terms = terms_from_selection(scenario.selection, latest.catalog)
        else:
            terms = terms_from_json(document)
    except FollowupProblem as exc:
        raise InvalidInput("err.problem", problem=exc) from exc
    return ws.record_agreement(catalog_id, terms, actor, name=name, agreed_on=agreed_on,
                               base_version=latest.info.number)


def agreement_comparison(
    ws: Workspace, catalog_id: int, actor: Actor | None
) -> AgreementComparison:
    """Proposal → agreement per measure and year, with the totals."""
    stored = ws.agreement(catalog_id, actor)
    measures, totals = comparison(stored.agreement)
    return AgreementComparison(stored, measures, totals)


def _merged(previous: StoredFollowup | None, as_of: date, entries: list[Entry]) -> list[Entry]:
    if previous is None or previous.info.as_of != as_of:
        return list(entries)
    named = {e.code for e in entries}
    return [*(e for e in previous.entries if e.code not in named), *entries]


def import_followup(
    ws: Workspace,
    catalog_id: int,
    actor: Actor | None,
    data: bytes,
    filename: str,
    as_of: date,
    mapping: Mapping[str, str] | None = None,
) -> FollowupImport:
    """Read a follow-up table (CSV or XLSX, :mod:`omprio.followup.table`), check it and store
    it as the next revision of the follow-up at ``as_of``. A table that cannot be read, a
    measure the agreement does not know or a cell that is no number: :class:`InvalidInput`,
    nothing stored."""
    stored = ws.agreement(catalog_id, actor)
    try:
        entries = read_entries(data, filename, mapping)
        for entry in entries:
            if stored.agreement.outcome(entry.code) is None:
                raise FollowupProblem("followup.unknown_code_line", code=entry.code,
                                      line=entry.line or "-")
    except FollowupProblem as exc:
        raise InvalidInput("err.problem", problem=exc) from exc
    previous = ws.followup(catalog_id, actor, as_of)
    findings = check_followup(stored.agreement, _merged(previous, as_of, entries), as_of)
    saved = ws.save_followup(catalog_id, as_of, entries, actor)
    return FollowupImport(saved, findings)


def followup_figures(
    ws: Workspace, catalog_id: int, actor: Actor | None, as_of: date | None = None
) -> tuple[Figures, list[Finding]]:
    """The figures of the follow-up of the latest date on or before ``as_of`` (default: the
    latest; the plan alone when there is none yet), and its findings."""
    stored = ws.agreement(catalog_id, actor)
    plan = ws.version(catalog_id, actor, stored.agreement.adopted_version).catalog
    found = ws.followup(catalog_id, actor, as_of)
    if found is None:
        return figures(stored.agreement, (), None, plan.target), []
    info = found.info
    shown = figures(stored.agreement, found.entries, info.as_of, plan.target,
                    revision=info.revision, closed=info.closed)
    return shown, check_followup(stored.agreement, found.entries, info.as_of)


def measure_history(
    ws: Workspace, catalog_id: int, code: str, actor: Actor | None
) -> list[StoredFollowup]:
    """The measure's figures and status in every revision of every follow-up, oldest first."""
    return ws.followup_history(catalog_id, code, actor)
