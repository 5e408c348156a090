"""The hearing as a service: the summary of a catalog's hearing that the CLI (and the pages and
the API) show, and its report as a document (CSV, Word, PDF).

:func:`hearing_summary` reads the responses from the workspace (as the acting user may see
them) and the measures of the catalog's latest version; ``public`` (the default for anything
that leaves the municipality: the public report, open data) shows a private person as
"Privatperson" and their lines anonymized, whoever asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from omprio.hearing.records import StoredResponse
from omprio.hearing.summary import Summary, summarize
from omprio.i18n import Lang
from omprio.publish.hearing_docx import hearing_docx
from omprio.publish.hearing_pdf import hearing_pdf
from omprio.publish.hearing_report import hearing_csv
from omprio.store.accounts import Actor
from omprio.store.workspace import Workspace


def hearing_summary(ws: Workspace, catalog_id: int, actor: Actor | None, *,
                    public: bool = True) -> Summary:
    """The summary of the catalog's hearing: per measure (in catalog order) the responses by
    kind of sender and stance, per kind of sender, per day and week, and the unlinked ones.
    An anonymous reader always gets the public summary."""
    catalog = ws.version(catalog_id, actor).catalog
    responses = ws.hearing_responses(catalog_id, actor)
    measures = [(m.code, m.title) for m in catalog.measures]
    return summarize(catalog_id, responses, measures, public=public or actor is None)


REPORT_FORMATS = ("csv", "docx", "pdf")
"""The formats of the hearing's report: CSV (one row per response and measure), Word, PDF."""


def hearing_report(ws: Workspace, catalog_id: int, actor: Actor | None, fmt: str, lang: Lang,
                   *, public: bool = True) -> bytes:
    """The report of the catalog's hearing in ``fmt`` (one of :data:`REPORT_FORMATS`):
    the summary as :func:`hearing_summary` gives it, written for the politicians."""
    summary = hearing_summary(ws, catalog_id, actor, public=public)
    if fmt == "csv":
        return hearing_csv(summary, lang).encode("utf-8")
    about = ws.catalog_summary(catalog_id, actor)
    title = about.name or about.title
    if fmt == "docx":
        return hearing_docx(summary, title, lang)
    return hearing_pdf(summary, title, about.latest.number, about.latest.stage, lang)


PAGE_SIZE = 50
"""Responses per page of the list (a hearing may have thousands)."""


@dataclass(frozen=True, slots=True)
class ResponsePage:
    """One page of the responses that match a search: ``total`` of them in ``pages`` pages."""

    items: list[StoredResponse]
    total: int
    page: int
    pages: int


def hearing_page(ws: Workspace, catalog_id: int, actor: Actor | None, *, query: str = "",
                 kind: str = "", code: str = "", page: int = 1,
                 size: int = PAGE_SIZE) -> ResponsePage:
    """The responses whose text (or title or case number) holds ``query`` (case aside), from
    senders of ``kind`` and concerning the measure ``code`` (``-``: none), one page of
    ``size``. An anonymous reader searches the anonymized text (a name finds nothing)."""
    wanted = query.casefold().strip()
    key = code.replace("-", "").replace(" ", "").upper()
    found = []
    for response in ws.hearing_responses(catalog_id, actor):
        if kind and response.kind != kind:
            continue
        codes = [c.replace("-", "").upper() for c in response.codes]
        if code == "-" and codes:
            continue
        if code not in ("", "-") and key not in codes:
            continue
        if wanted and not any(wanted in part.casefold() for part in (
                response.text, response.title, response.case)):
            continue
        found.append(response)
    pages = max(1, -(-len(found) // size))
    page = min(max(page, 1), pages)
    return ResponsePage(found[(page - 1) * size:page * size], len(found), page, pages)


def response_json(response: StoredResponse, *, public: bool) -> dict[str, object]:
    """A response as the pages' JSON twins and the API give it; ``public`` (a reader without a
    login) leaves out the file it came from and who imported and decided."""

    def when(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    out: dict[str, object] = {
        "id": response.id, "catalog": response.catalog_id, "version": response.version,
        "case": response.case, "submitted": when(response.submitted),
        "sender": response.sender, "sender_type": response.kind,
        "title": response.title, "text": response.text, "purged": response.purged,
        "links": [{"code": link.code, "method": link.method,
                   "confidence": round(link.confidence, 3), "stance": link.stance,
                   "state": link.state, "counts": link.counts,
                   "decided_by": "" if public else link.decided_by,
                   "decided_at": None if public else when(link.decided_at)}
                  for link in response.links],
    }
    if not public:
        out.update(source=response.source, author=response.author,
                   imported_at=when(response.imported_at), portal_sender_type=response.sender_type)
    return out
