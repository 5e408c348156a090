"""Editing one measure: the edit as a patch, conflicts between editors, and the overview following.

Two people editing the same measure from the same version: the second gets
:class:`~omprio.store.errors.Conflict`, never a silent overwrite; edits of different measures
merge. :func:`apply_edit` is the edit itself, without storing anything. An edit that brings
error-level findings can be refused until confirmed (:class:`UnconfirmedErrors`). A version made
by an edit has no source file name (it was not imported); :meth:`Edits.last_edit` says which
version last changed a measure so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from omprio.check import RULES, check_catalog
from omprio.fields import code_problem, measure_problem, patch_problem, text_problem
from omprio.findings import Finding, Severity, finding_from_record
from omprio.interchange import catalog_from_json, catalog_to_json
from omprio.model import Catalog, Measure
from omprio.overview import with_overview
from omprio.read import ReadError
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound, Unconfirmed
from omprio.store.schema import CatalogRow, VersionMeasure, VersionRow
from omprio.store.versions import StoredVersion, VersionInfo, Versions, _info, _loads

EDITABLE = frozenset(
    {
        "code",
        "fte_stated",
        "title",
        "description",
        "lines",
        "adjustments",
        "net",
        "fte",
        "sector",
        "area_budget",
        "stated_savings_pct",
        "notes",
        "theme",
    }
)


class UnconfirmedErrors(Unconfirmed):
    """The edit brings error-level findings and was not confirmed: ``findings`` are those."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("err.edit_unconfirmed", count=len(findings))
        self.findings = findings


def _finding_key(item: Finding) -> tuple[object, ...]:
    return (item.rule, item.key, item.measure, item.year, item.params)


def new_errors(before: list[Finding], after: list[Finding]) -> list[Finding]:
    """The error-level findings of ``after`` that ``before`` does not have."""
    old = {_finding_key(f) for f in before}
    return [f for f in after if f.severity is Severity.ERROR and _finding_key(f) not in old]


class Edits(Versions):
    """The editing methods of the workspace (mixed into ``Workspace``)."""

    def preview_edit(
        self, catalog_id: int, code: str, patch: Mapping[str, Any], actor: Actor | None
    ) -> tuple[Catalog, list[Finding]]:
        """The catalog and findings an edit would give, without storing anything."""
        current = self.version(catalog_id, actor)
        self._may_edit(actor, code)
        catalog = apply_edit(current.catalog, code, patch)
        return catalog, check_catalog(catalog)

    def edit_measure(
        self,
        catalog_id: int,
        code: str,
        patch: Mapping[str, Any],
        actor: Actor | None,
        *,
        base_version: int,
        message: str = "",
        confirm_errors: bool = True,
    ) -> StoredVersion:
        """Change one measure. ``base_version`` is the version the editor saw: if the measure
        changed since then, the edit is refused with :class:`Conflict`. Without
        ``confirm_errors``, an edit that brings error-level findings is refused with
        :class:`UnconfirmedErrors` (nothing stored)."""
        self._may_edit(actor, code)
        if isinstance(patch.get("code"), str):  # renumbered: the new code must be theirs too
            self._may_edit(actor, patch["code"].strip())
        assert actor is not None
        with self._write_session() as session:
            row = session.get(CatalogRow, catalog_id, with_for_update=True)
            if row is None or (not row.public and actor is None):
                raise NotFound("err.no_catalog", catalog=catalog_id)
            current = self._version_row(session, catalog_id, row.latest)
            if base_version != current.number:
                base = self._version_row(session, catalog_id, base_version)
                if self._blob_of(session, base.id, code) != self._blob_of(
                    session, current.id, code
                ):
                    raise Conflict("err.measure_changed", code=code, version=current.number,
                                   author=current.author, base=base_version)
            catalog = apply_edit(self._catalog(session, current), code, patch)
            findings = [*_reader_findings(current, code), *check_catalog(catalog)]
            if not confirm_errors:
                before = [finding_from_record(r) for r in _loads(current.findings_json)]
                brought = new_errors(before, findings)
                if brought:
                    raise UnconfirmedErrors(brought)
            info = self._write_version(
                session,
                row,
                catalog,
                findings,
                stage=current.stage,
                author=actor.name,
                message=message or f"Rettet {code}",
                source_name="",  # not imported: the history says who edited it
            )
            return StoredVersion(info, catalog, findings, row.public)

    def last_edit(
        self, catalog_id: int, code: str, actor: Actor | None, number: int | None = None
    ) -> VersionInfo | None:
        """The version (up to ``number``, the latest by default) that last changed the measure by
        an edit rather than an import; None when the measure is as it was imported."""
        with self._session() as session:
            row = self._readable(session, catalog_id, actor)
            rows = session.execute(
                select(VersionRow, VersionMeasure.blob_hash)
                .join(VersionMeasure, VersionMeasure.version_id == VersionRow.id)
                .where(
                    VersionRow.catalog_id == catalog_id,
                    VersionRow.number <= (row.latest if number is None else number),
                    VersionMeasure.code == code,
                )
                .order_by(VersionRow.number.desc())
            )
            changed: VersionRow | None = None  # the oldest of the newest run of one blob
            newest = None
            for version, blob in rows:
                if changed is None:
                    newest = blob
                elif blob != newest:
                    break
                changed = version
            if changed is None or changed.number == 1 or changed.source_name:
                return None
            return _info(changed)

    def _may_edit(self, actor: Actor | None, code: str) -> None:
        self._require(actor, "editor")
        assert actor is not None
        if not actor.may_edit(code):
            areas = ", ".join(actor.areas)
            raise Forbidden("err.areas_edit", areas=areas, code=code)

    @staticmethod
    def _blob_of(session: Session, version_id: int, code: str) -> str | None:
        return session.scalar(
            select(VersionMeasure.blob_hash).where(
                VersionMeasure.version_id == version_id, VersionMeasure.code == code
            )
        )


def apply_edit(catalog: Catalog, code: str, patch: Mapping[str, Any]) -> Catalog:
    """The catalog with one measure changed by ``patch``, a partial measure in interchange form.

    Amount objects (``net``, ``fte``) merge by year; lists (``lines``, ``adjustments``,
    ``notes``) and texts replace; a new ``code`` renumbers the measure (the overview's
    reference follows). When the net changes, the overview row of the measure and the
    totals that include it follow, so the overview stays the sum of what the measures say (an
    authored catalog's overview is derived anew).
    """
    unknown = set(patch) - EDITABLE
    if unknown:
        raise InvalidInput("err.fields", fields=", ".join(sorted(unknown)))
    problem = patch_problem(patch, code)
    if problem is not None:  # the quick answer for the texts of the patch itself
        raise InvalidInput("err.problem", problem=problem)
    document = catalog_to_json(catalog)
    index = next((i for i, m in enumerate(document["measures"]) if m["code"] == code), None)
    if index is None:
        raise NotFound("err.no_measure", code=code)
    measure = dict(document["measures"][index])
    renamed = _new_code(catalog, code, patch.get("code", code))
    for key, value in patch.items():
        if (
            key in ("net", "fte")
            and isinstance(value, Mapping)
            and isinstance(measure.get(key), dict)
        ):
            measure[key] = {**measure[key], **{str(k): v for k, v in value.items()}}
        else:
            measure[key] = value
    measure["code"] = renamed
    document["measures"][index] = measure
    if renamed != code:  # the overview's reference follows the new code
        for row in document["overview"]:
            if row.get("measure") == code:
                row["measure"] = renamed
    try:
        edited = catalog_from_json(document, catalog.source.path)
    except ReadError as exc:
        raise InvalidInput("err.problem", problem=exc.reason.split(": ", 1)[-1]) from exc
    old = catalog.measures[index]
    new = edited.measures[index]
    problem = measure_problem(new, code=False)
    if problem is not None:
        raise InvalidInput("err.problem", problem=problem)
    if edited.authored:  # its overview is the measures', never typed
        return with_overview(edited)
    if dict(old.net) != dict(new.net):
        edited = _follow_net(edited, old, new)
    return edited


def _new_code(catalog: Catalog, code: str, wanted: object) -> str:
    """The code an edit gives the measure ``code``: ``wanted`` when it is fit and no other
    measure's; InvalidInput otherwise."""
    if not isinstance(wanted, str) or not wanted.strip():
        raise InvalidInput("err.code_required")
    wanted = wanted.strip()
    if wanted == code:
        return code
    problem = code_problem("measure.code", wanted) or text_problem("measure.code", wanted)
    if problem is not None:
        raise InvalidInput("err.problem", problem=problem)
    if catalog.measure(wanted) is not None:
        raise InvalidInput("err.code_taken", code=wanted)
    return wanted


def _follow_net(catalog: Catalog, old: Measure, new: Measure) -> Catalog:
    """Overview row and totals updated by the change of one measure's net."""
    delta = {
        year: new.net.get(year, Decimal(0)) - old.net.get(year, Decimal(0))
        for year in set(old.net) | set(new.net)
    }
    rows = list(catalog.overview)
    touched = [i for i, row in enumerate(rows) if row.measure == new.code]
    if not touched:
        return catalog
    row = rows[touched[0]]
    rows[touched[0]] = replace(
        row,
        amounts={
            y: row.amounts.get(y, Decimal(0)) + d for y, d in delta.items() if y in row.amounts
        },
    )
    totals = [
        replace(total, amounts={y: v + delta.get(y, Decimal(0)) for y, v in total.amounts.items()})
        if (total.section is None or total.section == row.section)
        and (total.theme is None or total.theme == row.theme)
        else total
        for total in catalog.overview_totals
    ]
    return replace(catalog, overview=tuple(rows), overview_totals=tuple(totals))


_RULE_IDS = frozenset(rule.id for rule in RULES)


def _reader_findings(version: VersionRow, edited: str) -> list[Finding]:
    """What reading the document found, except about the measure just edited (its table is no
    longer the document's): notices such as ``encoding`` stay with every later version."""
    kept = []
    for record in _loads(version.findings_json):
        item = finding_from_record(record)
        if item.rule not in _RULE_IDS and item.measure != edited:
            kept.append(item)
    return kept
