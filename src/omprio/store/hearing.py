"""The hearing of a catalog in the workspace: responses imported, typed in, linked to measures,
and private persons' details purged.

A response belongs to a catalog whose latest version is in stage ``hearing`` (the version is
kept with it). The same response is kept once: a re-import finds it by its case number or its
normalized text and counts it as already there. omprio proposes each response's links
(:mod:`omprio.hearing.linking`); an editor confirms, removes or adds one, and that decision (who,
when) is never overwritten when the proposals run again. A reader without a login (a public
catalog) sees a private person as no name and the anonymized text; after the purge nobody does.
Importing, typing in and linking need the role editor; the purge needs admin.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from omprio.hearing.linking import build_index, propose_links
from omprio.hearing.privacy import anonymize
from omprio.hearing.records import Imported, Purged, StoredLink, StoredResponse
from omprio.hearing.responses import Response, read_responses, typed_response
from omprio.hearing.senders import is_personal, sender_kind
from omprio.model import Catalog
from omprio.read import ReadError
from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden, InvalidInput, NotFound
from omprio.store.schema import HearingLinkRow, HearingResponseRow
from omprio.store.versions import Versions, _clean, _now, aware

_SEPARATORS = re.compile(r"[\s\-–‐]")


class Hearing(Versions):
    """The hearing methods of the workspace (mixed into ``Workspace``)."""

    def import_responses(
        self,
        catalog_id: int,
        data: bytes,
        name: str,
        actor: Actor | None,
        *,
        mapping: Mapping[str, str] | None = None,
    ) -> Imported:
        """Read responses from a portal export (CSV, XLSX), a text file or a PDF and keep the
        new ones with their proposed links; all or nothing. ``mapping``: an export's columns
        by field (``{"text": "Svar"}``). Unreadable input is :class:`InvalidInput`."""
        self._require(actor, "editor")
        try:
            read = read_responses(data, name, mapping)
        except ReadError as exc:
            raise InvalidInput("err.problem", problem=exc) from exc
        assert actor is not None
        new, known = self._keep(catalog_id, read.responses, actor)
        return Imported(tuple(new), known, tuple(read.notes))

    def add_response(
        self,
        catalog_id: int,
        text: str,
        sender_type: str,
        actor: Actor | None,
        *,
        sender: str = "",
        case: str = "",
        submitted: datetime | None = None,
        title: str = "",
    ) -> StoredResponse:
        """Keep a response typed in by hand (a letter); an empty text is refused. A response
        already there (same case number or text) is returned as it is."""
        self._require(actor, "editor")
        try:
            response = typed_response(text, sender_type, sender=sender, case=case,
                                      submitted=submitted, title=title)
        except ReadError as exc:
            raise InvalidInput("err.problem", problem=exc) from exc
        assert actor is not None
        new, _known = self._keep(catalog_id, [response], actor)
        if new:
            return self.hearing_response(catalog_id, new[0], actor)
        with self._session() as session:
            row = self._existing(session, catalog_id, response)
            assert row is not None
            ident = row.id
        return self.hearing_response(catalog_id, ident, actor)

    def hearing_responses(self, catalog_id: int, actor: Actor | None) -> list[StoredResponse]:
        """Every response to the catalog, in the order kept, with its links."""
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            rows = list(session.scalars(
                select(HearingResponseRow).where(HearingResponseRow.catalog_id == catalog_id)
                .order_by(HearingResponseRow.id)))
            links: dict[int, list[HearingLinkRow]] = {}
            query = (select(HearingLinkRow)
                     .join(HearingResponseRow, HearingResponseRow.id == HearingLinkRow.response_id)
                     .where(HearingResponseRow.catalog_id == catalog_id))
            for link in session.scalars(query):
                links.setdefault(link.response_id, []).append(link)
            return [_stored(row, links.get(row.id, []), actor) for row in rows]

    def hearing_response(self, catalog_id: int, response_id: int,
                         actor: Actor | None) -> StoredResponse:
        """One response with its links; NotFound when it is not the catalog's."""
        with self._session() as session:
            self._readable(session, catalog_id, actor)
            row = self._response_row(session, catalog_id, response_id)
            links = list(session.scalars(
                select(HearingLinkRow).where(HearingLinkRow.response_id == row.id)))
            return _stored(row, links, actor)

    def link_response(self, catalog_id: int, response_id: int, code: str, actor: Actor | None,
                      *, remove: bool = False) -> StoredResponse:
        """Confirm (or add) the link of a response to the measure ``code`` (of the catalog's
        latest version; any spelling of its code), or remove it: a person's decision, kept
        with who and when. An editor limited to areas links only measures of those areas."""
        self._require(actor, "editor")
        assert actor is not None
        with self._write_session() as session:
            catalog_row = self._locked(session, catalog_id)
            row = self._response_row(session, catalog_id, response_id)
            catalog = self._catalog(session, self._version_row(session, catalog_id,
                                                               catalog_row.latest))
            wanted = _measure_code(catalog, code)
            if wanted is None:
                raise InvalidInput("err.hearing.no_measure", code=code, catalog=catalog_id)
            if not actor.may_edit(wanted):  # an editor limited to areas links their measures
                raise Forbidden("err.areas_edit", areas=", ".join(actor.areas), code=wanted)
            link = session.get(HearingLinkRow, (row.id, wanted))
            if link is None:
                link = HearingLinkRow(response_id=row.id, code=wanted, method="person",
                                      confidence=1000, stance="neutral", state="added")
                session.add(link)
            if remove:
                link.state = "removed"
            elif link.state in ("proposed", "removed"):
                link.state = "confirmed" if link.method != "person" else "added"
            link.decided_by = actor.name
            link.decided_at = _now()
            session.flush()
        return self.hearing_response(catalog_id, response_id, actor)

    def propose_hearing_links(self, catalog_id: int, actor: Actor | None) -> int:
        """Run the proposals again on every response against the catalog's latest version
        (after its measures changed, or a better linker); what a person decided stays. The
        number of links proposed."""
        self._require(actor, "editor")
        with self._write_session() as session:
            catalog_row = self._locked(session, catalog_id)
            catalog = self._catalog(session, self._version_row(session, catalog_id,
                                                               catalog_row.latest))
            rows = list(session.scalars(
                select(HearingResponseRow).where(HearingResponseRow.catalog_id == catalog_id)))
            ids = [row.id for row in rows]
            for start in range(0, len(ids), 500):
                session.execute(delete(HearingLinkRow).where(
                    HearingLinkRow.response_id.in_(ids[start:start + 500]),
                    HearingLinkRow.state == "proposed"))
            decided: set[tuple[int, str]] = set()
            for start in range(0, len(ids), 500):
                decided.update(session.execute(
                    select(HearingLinkRow.response_id, HearingLinkRow.code)
                    .where(HearingLinkRow.response_id.in_(ids[start:start + 500]))).tuples())
            return _propose(session, catalog, rows, decided)

    def purge_hearing(self, catalog_id: int, actor: Actor | None, *,
                      imported_before: datetime | None = None) -> Purged:
        """Delete private persons' names and contact details (after the decision, or once
        the retention date has passed: only responses imported before ``imported_before``):
        the name goes, the text is kept anonymized (the name, e-mail addresses, phone numbers
        and street addresses removed); counts and links stay. Admins only."""
        self._require(actor, "admin")
        count = 0
        with self._write_session() as session:
            self._locked(session, catalog_id)
            query = select(HearingResponseRow).where(
                HearingResponseRow.catalog_id == catalog_id,
                HearingResponseRow.purged_at.is_(None))
            for row in session.scalars(query):
                if imported_before is not None and aware(row.imported_at) >= imported_before:
                    continue
                personal = is_personal(row.kind)
                row.text = anonymize(row.text, (row.sender,) if personal else ())
                row.title = anonymize(row.title, (row.sender,) if personal else ())
                if personal:
                    row.sender = ""
                row.purged_at = _now()
                count += 1
        return Purged(count)

    # -- inside ---------------------------------------------------------------------------

    def _keep(self, catalog_id: int, responses: Sequence[Response],
              actor: Actor) -> tuple[list[int], int]:
        """Store the responses not yet there, with their proposed links; (new ids, known)."""
        new: list[int] = []
        known = 0
        with self._write_session() as session:
            catalog_row = self._locked(session, catalog_id)
            version = self._version_row(session, catalog_id, catalog_row.latest)
            if version.stage != "hearing":
                raise InvalidInput("err.hearing.stage", catalog=catalog_id)
            catalog = self._catalog(session, version)
            cases = set(session.scalars(select(HearingResponseRow.case_number).where(
                HearingResponseRow.catalog_id == catalog_id,
                HearingResponseRow.case_number != "")))
            hashes = set(session.scalars(select(HearingResponseRow.text_hash).where(
                HearingResponseRow.catalog_id == catalog_id)))
            rows: list[HearingResponseRow] = []
            now = _now()
            for response in responses:
                case = _clean(response.case)[:100]
                digest = response.fingerprint
                if (case and case in cases) or digest in hashes:
                    known += 1
                    continue
                cases.add(case)
                hashes.add(digest)
                row = HearingResponseRow(
                    catalog_id=catalog_id, version=version.number, case_number=case,
                    hearing_ref=_clean(response.hearing)[:100],
                    submitted_at=response.submitted, sender=_clean(response.sender)[:300],
                    sender_type=_clean(response.sender_type)[:100],
                    kind=sender_kind(response.sender_type), title=_clean(response.title)[:300],
                    text=_clean(response.text), text_hash=digest,
                    source_name=_clean(response.source)[:300], imported_at=now,
                    author=actor.name, purged_at=None)
                session.add(row)
                rows.append(row)
            session.flush()
            _propose(session, catalog, rows, set())
            new = [row.id for row in rows]
        return new, known

    @staticmethod
    def _existing(session: Session, catalog_id: int,
                  response: Response) -> HearingResponseRow | None:
        query = select(HearingResponseRow).where(HearingResponseRow.catalog_id == catalog_id)
        if response.case:
            found = session.scalar(query.where(
                HearingResponseRow.case_number == response.case.strip()))
            if found is not None:
                return found
        return session.scalar(query.where(HearingResponseRow.text_hash == response.fingerprint))

    @staticmethod
    def _response_row(session: Session, catalog_id: int, response_id: int) -> HearingResponseRow:
        row = session.get(HearingResponseRow, response_id)
        if row is None or row.catalog_id != catalog_id:
            raise NotFound("err.hearing.no_response", response=response_id, catalog=catalog_id)
        return row


def _propose(session: Session, catalog: Catalog, rows: Sequence[HearingResponseRow],
             decided: set[tuple[int, str]]) -> int:
    index = build_index(catalog)
    count = 0
    for row in rows:
        for link in propose_links(row.text, index):
            if (row.id, link.code) in decided:
                continue
            session.add(HearingLinkRow(
                response_id=row.id, code=link.code, method=link.method,
                confidence=round(link.confidence * 1000), stance=link.stance,
                state="proposed", decided_by="", decided_at=None))
            count += 1
    session.flush()
    return count


def _measure_code(catalog: Catalog, code: str) -> str | None:
    wanted = _SEPARATORS.sub("", code).upper()
    for measure in catalog.measures:
        if _SEPARATORS.sub("", measure.code).upper() == wanted:
            return measure.code
    return None


def _stored(row: HearingResponseRow, links: Sequence[HearingLinkRow],
            actor: Actor | None) -> StoredResponse:
    personal = is_personal(row.kind)
    hidden = actor is None and personal
    text = anonymize(row.text, (row.sender,)) if hidden else row.text
    return StoredResponse(
        id=row.id, catalog_id=row.catalog_id, version=row.version, case=row.case_number,
        hearing=row.hearing_ref,
        submitted=aware(row.submitted_at) if row.submitted_at else None,
        sender="" if hidden else row.sender, sender_type=row.sender_type, kind=row.kind,
        title=anonymize(row.title, (row.sender,)) if hidden else row.title, text=text,
        source=row.source_name, imported_at=aware(row.imported_at),
        author=row.author, purged=row.purged_at is not None,
        links=tuple(StoredLink(
            link.code, link.method, link.confidence / 1000, link.stance, link.state,
            link.decided_by, aware(link.decided_at) if link.decided_at else None)
            for link in sorted(links, key=lambda item: item.code)),
    )

