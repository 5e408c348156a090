"""Realized amounts from an accounting system's export, as a service: the saved mapping, the
preview and the import (:mod:`omprio.followup.accounts` reads and matches).

* :func:`save_mapping` - a mapping file (``konto;tiltag`` rows) read and saved for the catalog;
* :func:`preview_accounts` - an export matched against the saved mapping: which rows matched
  which measure, which did not (nothing stored);
* :func:`import_accounts` - the same, and the realized amounts per measure and year stored as
  the next revision of the follow-up at the date. Only ``realized`` changes: a measure's
  forecast, status and explanation of the same date's latest revision are kept, and measures
  the export does not reach are carried over as they are. Nothing is stored when the export
  cannot be read, has no saved mapping, or the mapping names a measure the agreement does not
  know;
* :func:`import_table` - a follow-up table or, when asked (or when the table has account
  columns and the catalog has a saved mapping), an accounts export.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from omprio.check.followup import check_followup
from omprio.findings import Finding
from omprio.followup.accounts import (
    AccountRule,
    AccountsResult,
    has_account_columns,
    match_export,
    read_mapping,
)
from omprio.followup.model import Entry, FollowupProblem
from omprio.followup.table import table_rows
from omprio.service.followup import FollowupImport, import_followup
from omprio.store.accounts import Actor
from omprio.store.errors import InvalidInput
from omprio.store.followups import StoredFollowup
from omprio.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class AccountsImport:
    """What an accounts import did: the rows matched and not, the revision stored (None for
    a preview) and the findings on it."""

    result: AccountsResult
    stored: StoredFollowup | None
    findings: list[Finding]


def save_mapping(
    ws: Workspace, catalog_id: int, actor: Actor | None, data: bytes, filename: str
) -> list[AccountRule]:
    """Read a mapping file and save it as the catalog's mapping (replacing the one before)."""
    stored = ws.agreement(catalog_id, actor)
    try:
        rules = read_mapping(data, filename, (m.code for m in stored.agreement.measures))
    except FollowupProblem as exc:
        raise InvalidInput("err.problem", problem=exc) from exc
    return ws.save_account_mapping(catalog_id, rules, actor)


def _matched(ws: Workspace, catalog_id: int, actor: Actor | None, data: bytes,
             filename: str) -> AccountsResult:
    stored = ws.agreement(catalog_id, actor)
    rules = ws.account_mapping(catalog_id, actor)
    plan = ws.version(catalog_id, actor, stored.agreement.adopted_version).catalog
    try:
        for rule in rules:
            if stored.agreement.outcome(rule.code) is None:
                raise FollowupProblem("followup.unknown_code", code=rule.code)
        return match_export(data, filename, rules, stored.agreement.years, plan.unit)
    except FollowupProblem as exc:
        raise InvalidInput("err.problem", problem=exc) from exc


def preview_accounts(
    ws: Workspace, catalog_id: int, actor: Actor | None, data: bytes, filename: str
) -> AccountsImport:
    """The export matched against the saved mapping; nothing is stored."""
    return AccountsImport(_matched(ws, catalog_id, actor, data, filename), None, [])


def merged_entries(previous: StoredFollowup | None, as_of: date,
                   realized: Mapping[tuple[str, int], Decimal]) -> list[Entry]:
    """The entries to store for the measures ``realized`` names: each measure's entries of the
    same date's latest revision, with ``realized`` replaced where the export has a sum."""
    kept = list(previous.entries) if previous is not None and previous.info.as_of == as_of else []
    codes = {code for code, _ in realized}
    entries: dict[tuple[str, int], Entry] = {
        (e.code, e.year): e for e in kept if e.code in codes}
    for (code, year), value in realized.items():
        old = entries.get((code, year))
        entries[code, year] = (dataclasses.replace(old, realized=value, line=None)
                               if old is not None else Entry(code, year, value, None))
    return [entries[k] for k in sorted(entries)]


def import_accounts(
    ws: Workspace, catalog_id: int, actor: Actor | None, data: bytes, filename: str,
    as_of: date,
) -> AccountsImport:
    """Match the export against the saved mapping and store the realized amounts as the next
    revision of the follow-up at ``as_of`` (see the module doc)."""
    result = _matched(ws, catalog_id, actor, data, filename)
    stored = ws.agreement(catalog_id, actor)
    previous = ws.followup(catalog_id, actor, as_of)
    entries = merged_entries(previous, as_of, result.realized)
    carried = ([e for e in previous.entries if e.code not in {c for c, _ in result.realized}]
               if previous is not None and previous.info.as_of == as_of else [])
    findings = check_followup(stored.agreement, [*carried, *entries], as_of)
    saved = ws.save_followup(catalog_id, as_of, entries, actor)
    return AccountsImport(result, saved, findings)


def is_accounts_export(data: bytes, filename: str) -> bool:
    """Whether the file's header is an accounts export's (account or cost-centre and amount
    columns, no ``measure`` column)."""
    try:
        rows = table_rows(data, filename)
    except FollowupProblem:
        return False
    return bool(rows) and has_account_columns(rows[0])


def import_table(
    ws: Workspace, catalog_id: int, actor: Actor | None, data: bytes, filename: str,
    as_of: date, mapping: Mapping[str, str] | None = None, *, accounts: bool = False,
) -> FollowupImport | AccountsImport:
    """A follow-up table (:func:`import_followup`) or an accounts export
    (:func:`import_accounts`): the latter when ``accounts``, or when the file has account
    columns and the catalog a saved mapping."""
    if not accounts and not mapping and is_accounts_export(data, filename):
        accounts = bool(ws.account_mapping(catalog_id, actor))
    if accounts:
        return import_accounts(ws, catalog_id, actor, data, filename, as_of)
    return import_followup(ws, catalog_id, actor, data, filename, as_of, mapping)
