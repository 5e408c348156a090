"""A catalog's saved account mapping: which accounts and cost centres belong to which measure,
for the import of realized amounts from an accounting system's export
(:mod:`omprio.followup.accounts`).

Saving replaces the whole mapping in one transaction; every measure it names must be one the
catalog's agreement decided (else nothing is saved). The finance office saves it (admins and
editors for all areas); anyone who may read the catalog's follow-ups reads it.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from omprio.followup.accounts import AccountRule
from omprio.followup.agreement import agreement_from_record
from omprio.followup.model import FollowupProblem
from omprio.store.accounts import Actor
from omprio.store.errors import InvalidInput, NotFound
from omprio.store.schema import AccountMappingRow, AgreementRow
from omprio.store.versions import Versions, _clean, _loads, _now


class AccountMappings(Versions):
    """The account-mapping methods of the workspace (mixed into ``Workspace``)."""

    def save_account_mapping(
        self, catalog_id: int, rules: list[AccountRule], actor: Actor | None
    ) -> list[AccountRule]:
        """Replace the catalog's mapping with ``rules`` (in their order); refused, with nothing
        saved, when a rule names a measure the agreement does not know."""
        actor = self._require_whole_catalog(actor, "editor", "err.areas_mapping")
        with self._write_session() as session:
            self._locked(session, catalog_id)
            record = session.scalar(select(AgreementRow).where(
                AgreementRow.catalog_id == catalog_id).order_by(AgreementRow.id.desc()).limit(1))
            if record is None:
                raise NotFound("err.no_agreement", catalog=catalog_id)
            agreement = agreement_from_record(_loads(record.document))
            for rule in rules:
                if agreement.outcome(rule.code) is None:
                    raise InvalidInput("err.problem", problem=FollowupProblem(
                        "followup.unknown_code", code=rule.code))
            session.execute(delete(AccountMappingRow).where(
                AccountMappingRow.catalog_id == catalog_id))
            now = _now()
            if rules:
                session.execute(insert(AccountMappingRow), [
                    {"catalog_id": catalog_id, "position": at,
                     "account": _clean(r.account)[:100], "cost_centre": _clean(r.cost_centre)[:100],
                     "code": r.code[:40], "author": actor.name, "created_at": now}
                    for at, r in enumerate(rules, start=1)])
            return list(rules)

    def account_mapping(self, catalog_id: int, actor: Actor | None) -> list[AccountRule]:
        """The catalog's saved mapping, in its order (empty when none is saved)."""
        self._require(actor, "viewer")
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            return [AccountRule(r.account, r.cost_centre, r.code) for r in session.scalars(
                select(AccountMappingRow).where(AccountMappingRow.catalog_id == catalog_id)
                .order_by(AccountMappingRow.position))]
