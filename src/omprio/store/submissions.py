"""The making of a catalog from the units' proposals: each measure's status and its changes.

A unit leader (an editor limited to operating areas) writes a draft in their own area, submits
it, or withdraws it; the finance office (admins and editors for all areas) accepts it into the
catalog, rejects it (with a reason), or sends it back to draft (with a reason). Each change is
a new catalog version with who and why, like every change; the status lives in the measure
(:attr:`omprio.model.Measure.status`, in omprio.catalog/1 only when not accepted). Only accepted
measures are in the catalog as published, overviewed and decided on
(:func:`omprio.model.in_catalog`); :mod:`omprio.store.visibility` says who sees the others.

:data:`TRANSITIONS` is the one table of what may follow what, and by whom.
"""

from __future__ import annotations

from dataclasses import replace

from omprio.check import check_catalog
from omprio.fields import measure_problem
from omprio.model import ACCEPTED, STATUSES, Measure
from omprio.store.accounts import Actor
from omprio.store.comments import Comments
from omprio.store.edits import Edits, _reader_findings
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound, Term
from omprio.store.versions import StoredVersion

AUTHOR = "author"
FINANCE = "finance"

TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "submitted"): AUTHOR,
    ("draft", "withdrawn"): AUTHOR,
    ("submitted", "withdrawn"): AUTHOR,
    ("withdrawn", "draft"): AUTHOR,
    ("rejected", "draft"): AUTHOR,
    ("submitted", ACCEPTED): FINANCE,
    ("submitted", "rejected"): FINANCE,
    ("submitted", "draft"): FINANCE,
    (ACCEPTED, "rejected"): FINANCE,
    (ACCEPTED, "draft"): FINANCE,
    ("rejected", ACCEPTED): FINANCE,
}
"""What may follow what: by the measure's author (any editor of its area, and the finance
office) or by the finance office only."""

NEEDS_REASON = frozenset({("submitted", "rejected"), (ACCEPTED, "rejected"),
                          ("submitted", "draft"), (ACCEPTED, "draft")})
"""Changes the finance office makes with a reason the author reads: a rejection, sent back."""

REASON_LIMIT = 2000
"""The most characters of a status change's reason."""


def may_act(actor: Actor | None, code: str, who: str) -> bool:
    """Whether ``actor`` may make a change that needs ``who`` (:data:`AUTHOR`/:data:`FINANCE`)
    on the measure ``code``."""
    if actor is None or not actor.may_edit(code):
        return False
    return who == AUTHOR or actor.may_change_catalog()


def allowed_statuses(actor: Actor | None, measure: Measure) -> list[str]:
    """The statuses ``actor`` may move ``measure`` to, in the order of :data:`STATUSES`."""
    return [
        status
        for status in STATUSES
        if (who := TRANSITIONS.get((measure.status, status))) is not None
        and may_act(actor, measure.code, who)
    ]


def _status_term(status: str) -> object:
    return Term(f"status.name.{status}")


class Submissions(Comments, Edits):
    """The status methods of the workspace (mixed into ``Workspace``)."""

    def set_status(
        self,
        catalog_id: int,
        code: str,
        status: str,
        actor: Actor | None,
        *,
        base_version: int,
        reason: str | None = None,
        comment: str | None = None,
    ) -> StoredVersion:
        """Move the measure ``code`` to ``status`` as a new version (who, why). Refused with
        InvalidInput (422) for an unknown status or a change :data:`TRANSITIONS` does not
        know, or one without its needed reason; Forbidden (403) for a change the actor may not
        make; Conflict (409) when the measure changed since ``base_version``. ``comment``, if
        given, goes to the measure's thread (its mentions notify)."""
        if status not in STATUSES:
            raise InvalidInput("err.status_unknown", status=status, statuses=", ".join(STATUSES))
        self._require(actor, "editor")
        assert actor is not None
        reason = (reason or "").strip() or None
        if reason is not None and len(reason) > REASON_LIMIT:
            raise InvalidInput("err.status_reason_long", most=REASON_LIMIT)
        with self._write_session() as session:
            row = self._locked(session, catalog_id)
            current = self._version_row(session, catalog_id, row.latest)
            catalog = self._catalog(session, current)
            measure = catalog.measure(code)
            if measure is None or not self._sees(actor, measure):
                raise NotFound("err.no_measure", code=code)
            if base_version != current.number:
                base = self._version_row(session, catalog_id, base_version)
                if self._blob_of(session, base.id, code) != self._blob_of(
                    session, current.id, code
                ):
                    raise Conflict("err.measure_changed", code=code, version=current.number,
                                   author=current.author, base=base_version)
            move = (measure.status, status)
            who = TRANSITIONS.get(move)
            if who is None:
                raise InvalidInput("err.status_transition", code=code,
                                   old=_status_term(measure.status), new=_status_term(status))
            if not may_act(actor, code, who):
                raise Forbidden("err.status_forbidden", code=code,
                                new=_status_term(status))
            if move in NEEDS_REASON and reason is None:
                raise InvalidInput("err.status_reason", new=_status_term(status))
            changed = replace(measure, status=status,
                              status_reason=reason if move in NEEDS_REASON else None)
            edited = replace(
                catalog,
                measures=tuple(changed if m is measure else m for m in catalog.measures),
            )
            findings = [*_reader_findings(current, code), *check_catalog(edited)]
            message = f"{code}: {measure.status} → {status}" + (f": {reason}" if reason else "")
            info = self._write_version(session, row, edited, findings, stage=current.stage,
                                       author=actor.name, message=message, source_name="")
            if comment and comment.strip():
                self._comment(session, catalog_id, changed, comment, actor)
            return StoredVersion(info, edited, findings, row.public)

    def create_draft(
        self,
        actor: Actor | None,
        catalog_id: int,
        measure: Measure,
        base_version: int,
        reason: str = "",
    ) -> StoredVersion:
        """A new proposal: ``measure`` added to the catalog as a draft (whatever status it
        says), by an editor of its operating area. Refused when the code is taken (Conflict)
        or a text may not be stored (InvalidInput). ``base_version`` is the version the author
        saw; adding a measure merges with any change made since."""
        self._may_edit(actor, measure.code)
        assert actor is not None
        problem = measure_problem(measure)
        if problem is not None:
            raise InvalidInput("err.problem", problem=problem)
        with self._write_session() as session:
            row = self._locked(session, catalog_id)
            self._version_row(session, catalog_id, base_version)  # NotFound for a made-up one
            current = self._version_row(session, catalog_id, row.latest)
            catalog = self._catalog(session, current)
            if catalog.measure(measure.code) is not None:
                raise Conflict("err.draft_exists", code=measure.code)
            draft = replace(measure, status="draft", status_reason=None)
            edited = replace(catalog, measures=(*catalog.measures, draft))
            findings = [*_reader_findings(current, measure.code), *check_catalog(edited)]
            info = self._write_version(session, row, edited, findings, stage=current.stage,
                                       author=actor.name,
                                       message=reason or f"Forslag {measure.code}",
                                       source_name="")
            return StoredVersion(info, edited, findings, row.public)
