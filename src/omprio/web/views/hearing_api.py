"""The REST API of a catalog's hearing: ``/api/v1/catalogs/{id}/hearing…``.

The summary is the JSON of ``omprio hearing show --format json`` (``internal=true`` with a
token: private persons' names too); the responses are searched, filtered and paged like the
page's list; one response has its exact text and links. A caller without a token (of a
public catalog) reads what the public may: a private person without a name, the text
anonymized. Editors import (multipart), type in and link; admins purge. Bad input is 422 and
nothing is stored."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile

from omprio.hearing.summary import summary_json
from omprio.read.limits import MAX_HEARING_BYTES
from omprio.service.hearing import hearing_page, hearing_summary, response_json
from omprio.web.deps import ApiActor, ApiUser, WorkspaceDep
from omprio.web.hearing_schemas import (
    HearingSummaryOut,
    ImportedOut,
    LinkIn,
    ProposedOut,
    PurgedOut,
    PurgeIn,
    ResponseIn,
    ResponseOut,
    ResponsePageOut,
    SenderType,
)
from omprio.web.i18n import lang_of
from omprio.web.numbers import ExactRoute
from omprio.web.schemas import MAX_ID
from omprio.web.views.api import _ERRORS, _UPLOAD_ERRORS, _WRITE_ERRORS, CatalogId
from omprio.web.views.hearing import parse_mapping
from omprio.web.views.manage import read_upload

router = APIRouter(
    prefix="/api/v1",
    tags=["hearing"],
    responses=_ERRORS,
    generate_unique_id_function=lambda route: route.name,
    route_class=ExactRoute,
)

ResponseId = Annotated[int, Path(ge=1, le=MAX_ID, description="The response's id.")]
LinkCode = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f/]+$",
                               description="The measure's code, e.g. BFF-1.")]


@router.get("/catalogs/{catalog_id}/hearing", response_model=HearingSummaryOut,
            summary="The hearing's summary")
def hearing_summary_api(
    catalog_id: CatalogId, ws: WorkspaceDep, actor: ApiActor,
    internal: Annotated[bool, Query(description="With a token: private persons' names "
                                                "and the lines as written.")] = False,
) -> dict[str, Any]:
    """Per measure (in catalog order) the responses by kind of sender and stance, per kind of
    sender, per day and ISO week, and those about the catalog as a whole: exactly ``omprio
    hearing show --format json`` (``--internal`` is ``internal=true``)."""
    return summary_json(hearing_summary(ws, catalog_id, actor, public=not internal))


@router.get("/catalogs/{catalog_id}/hearing/responses", response_model=ResponsePageOut,
            summary="The hearing's responses")
def hearing_responses_api(
    catalog_id: CatalogId, ws: WorkspaceDep, actor: ApiActor,
    q: Annotated[str, Query(max_length=200, description="Words in the text, title or case "
                                                        "number.")] = "",
    sender_type: Annotated[SenderType | None, Query(description="The kind of sender.")] = None,
    code: Annotated[str, Query(max_length=100, description="A measure's code; `-`: "
                                                           "responses about no measure.")] = "",
    page: Annotated[int, Query(ge=1, le=MAX_ID)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """The responses that match, in the order kept, one page at a time."""
    found = hearing_page(ws, catalog_id, actor, query=q, kind=sender_type or "", code=code,
                         page=page, size=per_page)
    return {"total": found.total, "page": found.page, "pages": found.pages,
            "responses": [response_json(r, public=actor is None) for r in found.items]}


@router.get("/catalogs/{catalog_id}/hearing/responses/{response_id}",
            response_model=ResponseOut, summary="One hearing response")
def hearing_response_api(catalog_id: CatalogId, response_id: ResponseId, ws: WorkspaceDep,
                         actor: ApiActor) -> dict[str, Any]:
    """A response with its exact text and its links."""
    return response_json(ws.hearing_response(catalog_id, response_id, actor),
                         public=actor is None)


@router.post("/catalogs/{catalog_id}/hearing/responses", response_model=ResponseOut,
             status_code=201, summary="Type in a hearing response", responses=_WRITE_ERRORS)
def hearing_add_api(catalog_id: CatalogId, body: ResponseIn, ws: WorkspaceDep,
                    actor: ApiUser) -> dict[str, Any]:
    """Keep a response typed in by hand (a letter), with its proposed links; one already
    there (the same case number or text) is answered as it is."""
    stored = ws.add_response(catalog_id, body.text, body.sender_type, actor, sender=body.sender,
                             case=body.case, submitted=body.submitted, title=body.title)
    return response_json(stored, public=False)


@router.post("/catalogs/{catalog_id}/hearing/import", response_model=ImportedOut,
             status_code=201, summary="Import hearing responses",
             responses={**_WRITE_ERRORS, **_UPLOAD_ERRORS})
def hearing_import_api(
    request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: ApiUser,
    file: Annotated[UploadFile, File(description="A portal export (CSV, XLSX), a text file "
                                                 "or a PDF.", json_schema_extra={"minLength": 1})],
    mapping: Annotated[str, Form(max_length=2000, description="An export's columns by field: "
                                 "`text=Svar, sender=Navn`.")] = "",
) -> dict[str, Any]:
    """Read the file and keep the new responses with their proposed links (all or nothing)."""
    data = read_upload(file, MAX_HEARING_BYTES)
    done = ws.import_responses(catalog_id, data, file.filename or "upload", actor,
                               mapping=parse_mapping(mapping))
    lang = lang_of(request)
    return {"new": list(done.new), "known": done.known,
            "notes": [str(note.text(lang)) for note in done.notes]}


@router.post("/catalogs/{catalog_id}/hearing/responses/{response_id}/links",
             response_model=ResponseOut, summary="Confirm or add a link",
             responses=_WRITE_ERRORS)
def hearing_link_api(catalog_id: CatalogId, response_id: ResponseId, body: LinkIn,
                     ws: WorkspaceDep, actor: ApiUser) -> dict[str, Any]:
    """Confirm a proposed link or add one (a person's decision: kept by the proposals)."""
    return response_json(ws.link_response(catalog_id, response_id, body.code, actor),
                         public=False)


@router.delete("/catalogs/{catalog_id}/hearing/responses/{response_id}/links/{code}",
               response_model=ResponseOut, summary="Remove a link", responses=_WRITE_ERRORS)
def hearing_unlink_api(catalog_id: CatalogId, response_id: ResponseId, code: LinkCode,
                       ws: WorkspaceDep, actor: ApiUser) -> dict[str, Any]:
    """Remove the link (a person's decision: a new run of the proposals keeps it removed)."""
    return response_json(ws.link_response(catalog_id, response_id, code, actor, remove=True),
                         public=False)


@router.post("/catalogs/{catalog_id}/hearing/proposals", response_model=ProposedOut,
             summary="Run the link proposals again", responses=_WRITE_ERRORS)
def hearing_proposals_api(catalog_id: CatalogId, ws: WorkspaceDep,
                          actor: ApiUser) -> dict[str, Any]:
    """Propose the links of every response again against the catalog's latest version."""
    return {"proposed": ws.propose_hearing_links(catalog_id, actor)}


@router.post("/catalogs/{catalog_id}/hearing/purge", response_model=PurgedOut,
             summary="Purge private persons' details", responses=_WRITE_ERRORS)
def hearing_purge_api(catalog_id: CatalogId, body: PurgeIn, ws: WorkspaceDep,
                      actor: ApiUser) -> dict[str, Any]:
    """Delete private persons' names and contact details; counts, links and the anonymized
    text stay (admins)."""
    before = (datetime.combine(body.before, time(), tzinfo=UTC)
              if body.before is not None else None)
    return {"responses": ws.purge_hearing(catalog_id, actor, imported_before=before).responses}
