"""Pages of a catalog's hearing: the summary (per measure with a chart, per kind of sender, over
time, and the report to download as PDF, Word or CSV), the responses (search in the text,
filter by kind of sender and by measure, paged), one response with its exact text and its
links, and the forms: import a file, type a letter in, confirm, remove or add a link, run the
proposals again, purge personal data. Each page answers JSON too (``Accept:
application/json``), with the encoders of :mod:`omprio.service.hearing` and
:func:`omprio.hearing.summary.summary_json`; the REST API is
:mod:`~omprio.web.views.hearing_api`.

The routes stay thin: the workspace decides who may do what (editors import, type in and link;
admins purge) and what a reader sees (a visitor without a login reads the public summary, a
private person as "Privatperson", the text anonymized)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response

from omprio.hearing.senders import KINDS
from omprio.hearing.summary import summary_json
from omprio.read.limits import MAX_HEARING_BYTES
from omprio.service.hearing import hearing_page, hearing_report, hearing_summary, response_json
from omprio.store.errors import InvalidInput
from omprio.web.auth import CheckedForm, require
from omprio.web.charts import count_bars
from omprio.web.deps import LoggedIn, PageActor, WorkspaceDep
from omprio.web.i18n import t
from omprio.web.schemas import MAX_ID
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, PageLang, form_text, json_twin, see_other
from omprio.web.views.manage import read_upload

router = APIRouter(include_in_schema=False)

ResponseId = Annotated[int, Path(ge=1, le=MAX_ID, description="The response's id.")]
ReportFormat = Literal["pdf", "docx", "csv"]
_MEDIA = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_MAPPING = re.compile(r"\s*([a-z_]+)\s*=\s*([^\n,;]+?)\s*(?:[\n,;]|$)")


def parse_mapping(text: str) -> dict[str, str]:
    """``text=Svar, sender=Navn`` (or one per line) as ``{"text": "Svar", "sender": "Navn"}``;
    anything else is refused."""
    text = text.strip()
    if not text:
        return {}
    mapping: dict[str, str] = {}
    at = 0
    for match in _MAPPING.finditer(text):
        if match.start() != at:
            break
        mapping[match.group(1)] = match.group(2)
        at = match.end()
    if at != len(text):
        raise InvalidInput("err.hearing.mapping", mapping=text[:200])
    return mapping


def _base(catalog_id: int) -> str:
    return f"/catalogs/{catalog_id}/hearing"


@router.get("/catalogs/{catalog_id}/hearing")
async def hearing_summary_page(request: Request, catalog_id: CatalogId, ws: WorkspaceDep,
                               actor: PageActor, lang: PageLang,
                               imported: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
                               known: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
                               proposed: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
                               purged: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
                               ) -> Response:
    """The hearing's summary: responses per measure (a chart and a table), per kind of sender
    and over time; the downloads; for editors the forms."""
    summary = await run_in_threadpool(hearing_summary, ws, catalog_id, actor,
                                      public=actor is None)
    twin = json_twin(request, summary_json(summary))
    if twin is not None:
        return twin
    about = await run_in_threadpool(ws.catalog_summary, catalog_id, actor)
    chart = count_bars("hearing-chart", t("hearing.page.chart", lang),
                       t("hearing.page.chart_desc", lang, n=summary.responses),
                       [(m.code, m.responses) for m in summary.measures if m.responses], lang)
    return render(request, "hearing.html", {
        "catalog_id": catalog_id, "about": about, "summary": summary, "chart": chart,
        "kinds": KINDS, "notes": {"imported": imported, "known": known,
                                  "proposed": proposed, "purged": purged}})


@router.get("/catalogs/{catalog_id}/hearing/responses")
async def hearing_responses_page(
    request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: PageActor,
    lang: PageLang,
    q: Annotated[str, Query(max_length=200)] = "",
    sender_type: Annotated[Literal["", *KINDS], Query()] = "",  # type: ignore[valid-type]
    code: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=MAX_ID)] = 1,
) -> Response:
    """The responses that match the search and filters, one page at a time."""
    found = await run_in_threadpool(lambda: hearing_page(
        ws, catalog_id, actor, query=q, kind=sender_type, code=code, page=page))
    public = actor is None
    twin = json_twin(request, {
        "total": found.total, "page": found.page, "pages": found.pages,
        "responses": [response_json(r, public=public) for r in found.items]})
    if twin is not None:
        return twin
    summary = await run_in_threadpool(ws.catalog_summary, catalog_id, actor)
    return render(request, "hearing_responses.html", {
        "catalog_id": catalog_id, "about": summary, "found": found, "kinds": KINDS,
        "q": q, "sender_type": sender_type, "code": code})


@router.get("/catalogs/{catalog_id}/hearing/responses/{response_id}")
async def hearing_response_page(request: Request, catalog_id: CatalogId,
                                response_id: ResponseId, ws: WorkspaceDep, actor: PageActor,
                                lang: PageLang) -> Response:
    """One response: its exact text (anonymized for a visitor without a login) and links."""
    response = await run_in_threadpool(ws.hearing_response, catalog_id, response_id, actor)
    twin = json_twin(request, response_json(response, public=actor is None))
    if twin is not None:
        return twin
    about = await run_in_threadpool(ws.catalog_summary, catalog_id, actor)
    return render(request, "hearing_response.html", {
        "catalog_id": catalog_id, "about": about, "response": response})


@router.get("/catalogs/{catalog_id}/hearing/report.{fmt}")
async def hearing_download(catalog_id: CatalogId, fmt: ReportFormat, ws: WorkspaceDep,
                           actor: PageActor, lang: PageLang) -> Response:
    """The hearing's report for the politicians (always the public summary: it leaves the
    municipality)."""
    data = await run_in_threadpool(hearing_report, ws, catalog_id, actor, fmt, lang)
    name = f"hoering-{catalog_id}.{fmt}"
    return Response(data, media_type=_MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/catalogs/{catalog_id}/hearing/import")
def hearing_import(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: LoggedIn,
                   form: CheckedForm) -> Response:
    """Import the uploaded export, text or PDF (with the posted column mapping)."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("err.hearing.no_file")
    mapping = parse_mapping(form_text(form.get("mapping"), 2000))
    data = read_upload(upload, MAX_HEARING_BYTES)
    done = ws.import_responses(catalog_id, data, upload.filename, actor, mapping=mapping)
    return see_other(request, f"{_base(catalog_id)}?imported={len(done.new)}&known={done.known}")


@router.post("/catalogs/{catalog_id}/hearing/responses")
def hearing_add(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: LoggedIn,
                form: CheckedForm) -> Response:
    """Keep a response typed in by hand (a letter by post); then its page."""
    submitted = form_text(form.get("submitted"), 20)
    try:
        moment = datetime.fromisoformat(submitted) if submitted else None
    except ValueError:
        raise InvalidInput("err.hearing.date", value=submitted) from None
    text = form.get("text")
    stored = ws.add_response(
        catalog_id, text.replace("\x00", "") if isinstance(text, str) else "",
        form_text(form.get("sender_type"), 100), actor, sender=form_text(form.get("sender"), 300),
        case=form_text(form.get("case"), 100), submitted=moment,
        title=form_text(form.get("title"), 300))
    return see_other(request, f"{_base(catalog_id)}/responses/{stored.id}")


@router.post("/catalogs/{catalog_id}/hearing/responses/{response_id}/links")
def hearing_link(request: Request, catalog_id: CatalogId, response_id: ResponseId,
                 ws: WorkspaceDep, actor: LoggedIn, form: CheckedForm) -> Response:
    """Confirm or add (``action=confirm``) or remove (``action=remove``) a link."""
    action = form_text(form.get("action"), 20)
    if action not in ("confirm", "remove"):
        raise InvalidInput("err.hearing.action", action=action)
    ws.link_response(catalog_id, response_id, form_text(form.get("code"), 100), actor,
                     remove=action == "remove")
    return see_other(request, f"{_base(catalog_id)}/responses/{response_id}#links")


@router.post("/catalogs/{catalog_id}/hearing/proposals")
def hearing_proposals(request: Request, catalog_id: CatalogId, ws: WorkspaceDep,
                      actor: LoggedIn, form: CheckedForm) -> Response:
    """Run the proposals again (what a person decided stays)."""
    count = ws.propose_hearing_links(catalog_id, actor)
    return see_other(request, f"{_base(catalog_id)}?proposed={count}")


@router.post("/catalogs/{catalog_id}/hearing/purge")
def hearing_purge(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: LoggedIn,
                  form: CheckedForm) -> Response:
    """Delete private persons' names and contact details (admins, with the box ticked)."""
    if form.get("confirm") != "1":
        require(actor, "admin")
        raise InvalidInput("err.hearing.purge_confirm")
    done = ws.purge_hearing(catalog_id, actor)
    return see_other(request, f"{_base(catalog_id)}?purged={done.responses}")

