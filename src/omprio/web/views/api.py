"""The REST API under ``/api/v1``: catalogs, versions, findings, diffs, imports, edits, new
catalogs and measures added or deleted.

Callers are known by ``Authorization: Bearer <token>`` only (see :mod:`omprio.web.auth`);
without a token only public catalogs can be read. Every error has the shape
``{"error": {"code": "...", "message": "..."}}``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from pydantic import BaseModel, TypeAdapter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.responses import Response

from omprio.interchange import measure_from_json
from omprio.read_error import ReadError
from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden, InvalidInput
from omprio.store.workspace import VersionStamp, Workspace
from omprio.web import caching, deps, jobs, payloads
from omprio.web.auth import require
from omprio.web.authoring_schemas import AddMeasureIn, NewCatalogIn
from omprio.web.bodies import form_flag, json_body, validated
from omprio.web.deps import ApiActor, ApiUser, WorkspaceDep
from omprio.web.i18n import LANG_PATTERN
from omprio.web.identity_schemas import CatalogIdentityIn, CatalogIdentityOut
from omprio.web.mapping_api import (
    DecimalsForm,
    MapForm,
    MappingIn,
    MappingProfileOut,
    PriceBaseForm,
    ProfileForm,
    SheetForm,
    UnitForm,
    mapping_from_form,
    profile_out,
)
from omprio.web.numbers import ExactRoute
from omprio.web.schemas import (
    MAX_ID,
    CatalogDocument,
    CatalogListItem,
    DiffOut,
    ErrorResponse,
    FindingsOut,
    MeasureDetail,
    MeasurePatch,
    PublicIn,
    StageIn,
    StoredOut,
    VersionOut,
)
from omprio.web.views.manage import read_upload, store_upload

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "The API token is missing or not valid."},
    404: {"model": ErrorResponse, "description": "No such catalog, version or measure."},
    422: {"model": ErrorResponse, "description": "The request is not valid."},
    503: {"model": ErrorResponse, "description": "The database cannot be reached."},
}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The request body cannot be parsed."},
    413: {"model": ErrorResponse, "description": "The request body is too large."},
    403: {"model": ErrorResponse, "description": "The caller's role or areas do not allow it."},
    409: {"model": ErrorResponse, "description": "Someone changed it meanwhile."},
}
_UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "The file is too large."},
}


def optional_auth(schema: dict[str, Any]) -> dict[str, Any]:
    """Mark the token as optional on reads (public catalogs need none) in the OpenAPI schema."""
    for path in schema.get("paths", {}).values():
        operation = path.get("get")
        if operation and operation.get("security"):
            operation["security"] = [{}, *operation["security"]]
    return schema


router = APIRouter(
    prefix="/api/v1",
    tags=["catalogs"],
    responses=_ERRORS,
    generate_unique_id_function=lambda route: route.name,
    route_class=ExactRoute,  # numbers read exactly from the body's text, bounded
)

CatalogId = Annotated[int, Path(ge=1, le=MAX_ID, description="The catalog's id.")]
Code = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        pattern=r"^[^\x00-\x1f\x7f/]+$",
        description="The measure's code, e.g. BFF-1.",
    ),
]
Version = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="A version number; the latest by default.")
]
Language = Annotated[
    str,
    Query(pattern=LANG_PATTERN, description="The language of the finding messages (da, en)."),
]


class PublicOut(BaseModel):
    """Whether a catalog is public now."""

    id: int
    public: bool


@router.get("/catalogs", response_model=list[CatalogListItem], summary="List catalogs")
def list_catalogs(ws: WorkspaceDep, actor: ApiActor) -> list[dict[str, Any]]:
    """The catalogs the caller may read (the public ones without a token), each with its id and
    latest version."""
    return payloads.catalog_list(ws.list_catalogs(actor))


JSON_MEDIA_TYPE = "application/json"


_CATALOG_DOCUMENT = TypeAdapter(CatalogDocument)


def _catalog_document(
    ws: Workspace, actor: Actor | None, stamp: VersionStamp
) -> tuple[caching.Body, bool]:
    """The version as ``omprio.catalog/1`` JSON, checked against :class:`CatalogDocument` and
    written by it (as a ``response_model`` would), and whether it is still the version
    ``stamp`` names."""
    stored = ws.version(stamp.catalog_id, actor, stamp.number)
    document = _CATALOG_DOCUMENT.validate_python(payloads.catalog(stored))
    content = _CATALOG_DOCUMENT.dump_json(document)
    return caching.body(content), stored.info.created_at.isoformat() == stamp.created_at


@router.get(
    "/catalogs/{catalog_id}",
    response_model=None,  # answered as bytes made once per version; documented below
    summary="Get a catalog",
    responses={200: {"model": CatalogDocument, "description": "Successful Response"}},
)
async def get_catalog(
    request: Request,
    catalog_id: CatalogId,
    ws: deps.WorkspaceDep,
    actor: deps.ApiActor,
    version: Version = None,
) -> Response:
    """A version of the catalog (the latest by default) as ``omprio.catalog/1`` JSON."""
    stamp = await caching.version_stamp(ws, catalog_id, actor, version)
    kept = caching.caches(request).documents
    item = kept.get(stamp)
    if item is None:
        made, same = await run_in_threadpool(_catalog_document, ws, actor, stamp)
        item = kept.keep(stamp, made) if same else made
    cache_control = caching.PUBLIC if actor is None else caching.PRIVATE
    return caching.answer(
        request, item, JSON_MEDIA_TYPE, cache_control=cache_control, vary="Authorization"
    )


@router.get(
    "/catalogs/{catalog_id}/identity",
    response_model=CatalogIdentityOut,
    summary="Get a catalog's name",
)
def get_identity(catalog_id: CatalogId, ws: WorkspaceDep, actor: ApiActor) -> dict[str, Any]:
    """The catalog's name, description and department with its latest version (as the list
    shows it), its number of versions and every rename: who, when, the values set."""
    return payloads.catalog_details(ws.catalog_details(catalog_id, actor))


@router.patch(
    "/catalogs/{catalog_id}/identity",
    response_model=CatalogIdentityOut,
    summary="Rename a catalog",
    responses=_WRITE_ERRORS,
)
def change_identity(
    catalog_id: CatalogId, body: CatalogIdentityIn, ws: WorkspaceDep, actor: ApiUser
) -> dict[str, Any]:
    """Set the catalog's name, description or department (the fields given); recorded with
    who and when, no new version. Administrators and editors for all areas, as for the stage."""
    details = ws.rename_catalog(
        catalog_id, actor, name=body.name, description=body.description,
        department=body.department,
    )
    return payloads.catalog_details(details)


@router.get(
    "/catalogs/{catalog_id}/findings", response_model=FindingsOut, summary="Get the findings"
)
def get_findings(
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: ApiActor,
    version: Version = None,
    lang: Language = "da",
) -> dict[str, Any]:
    """The check report of a version: every finding with its message, and the counts."""
    return payloads.findings(ws.version(catalog_id, actor, version).findings, lang)


@router.get(
    "/catalogs/{catalog_id}/versions", response_model=list[VersionOut], summary="List versions"
)
def list_versions(
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: ApiActor,
    limit: Annotated[
        int | None, Query(ge=1, le=10_000, description="At most this many versions.")
    ] = None,
    before: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Only versions numbered below this (the next page)."),
    ] = None,
) -> list[dict[str, Any]]:
    """The versions of the catalog, newest first: who, when, why, stage and finding counts.
    Every one by default; ``limit`` and ``before`` page through a long history."""
    return payloads.versions(ws.versions(catalog_id, actor, limit=limit, below=before))


@router.get("/catalogs/{catalog_id}/diff", response_model=DiffOut, summary="Compare versions")
def diff_versions(
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: ApiActor,
    old: Annotated[int, Query(alias="from", ge=1, le=MAX_ID, description="The older version.")],
    new: Annotated[int, Query(alias="to", ge=1, le=MAX_ID, description="The newer version.")],
) -> dict[str, Any]:
    """Measures added, removed and changed (each changed amount and text) between versions."""
    return payloads.diff(ws.diff(catalog_id, old, new, actor), old, new)


@router.get(
    "/catalogs/{catalog_id}/measures/{code}",
    response_model=MeasureDetail,
    summary="Get a measure",
)
def get_measure(
    catalog_id: CatalogId,
    code: Code,
    ws: WorkspaceDep,
    actor: ApiActor,
    version: Version = None,
    lang: Language = "da",
) -> dict[str, Any]:
    """One measure of a version with its findings."""
    return payloads.measure(ws.version(catalog_id, actor, version), code, lang)


def _import(
    request: Request,
    ws: WorkspaceDep,
    actor: ApiActor,
    file: UploadFile | StarletteUpload,
    message: str,
    public: bool,
    catalog_id: int | None,
    mapping: MappingIn | None = None,
) -> dict[str, Any]:
    editor = require(actor, "editor")
    if public and not editor.at_least("admin"):
        raise Forbidden("err.admin_public")
    chosen = mapping.mapping(ws, editor) if mapping is not None else None
    data = read_upload(file, request.app.state.max_upload_bytes)
    with jobs.slot(request):  # reading and checking a large document takes seconds
        stored = store_upload(
            ws,
            data,
            file.filename,
            editor,
            message=message.replace("\x00", ""),
            public=public,
            catalog_id=catalog_id,
            mapping=chosen,
        )
    return payloads.stored(stored)


_IMPORT_FORM: dict[str, Any] = {
    "type": "object",
    "title": "ImportForm",
    "required": ["file"],
    "properties": {
        "file": {
            "type": "string",
            "format": "binary",
            "minLength": 1,
            "description": "The catalog: PDF, extracted text, JSON or an omprio workbook (.xlsx).",
        },
        "public": {"type": "boolean", "default": False,
                   "description": "Readable by everyone (administrators)."},
        "message": {"type": "string", "maxLength": 2000, "default": "",
                    "description": "Why it is imported."},
        "map": {"type": "array", "items": {"type": "string"}, "maxItems": 200,
                "description": "A spreadsheet in its own columns: FIELD=COLUMN, repeated "
                "(code=Nr, title=Forslag, theme=Tema, amount.2025=2025, fte.2025=Årsværk …)."},
        "unit": {"type": "string", "maxLength": 20,
                 "description": "With map: the unit, 1.000 kr. or mio. kr."},
        "price_base": {"type": "string", "maxLength": 20,
                       "description": "With map: the price level (2025); else the first year."},
        "decimals": {"type": "string", "maxLength": 5,
                     "description": "With map: da (1.234,5) or en (1,234.5); else the file's."},
        "sheet": {"type": "string", "maxLength": 300, "description": "With map: the XLSX sheet."},
        "profile": {"type": "integer", "minimum": 1, "maximum": MAX_ID,
                    "description": "A saved mapping profile's id instead of map."},
    },
}


@router.get(
    "/mapping-profiles",
    response_model=list[MappingProfileOut],
    summary="List the mapping profiles",
    responses=_WRITE_ERRORS,
)
def list_mapping_profiles(ws: WorkspaceDep, actor: ApiUser) -> list[dict[str, Any]]:
    """The column mappings kept by name (editors and administrators), for ``profile`` on
    ``POST /api/v1/catalogs``."""
    return [profile_out(profile) for profile in ws.list_profiles(require(actor, "editor"))]


@router.post(
    "/catalogs",
    status_code=201,
    response_model=StoredOut,
    summary="Import or create a catalog",
    responses={**_WRITE_ERRORS, **_UPLOAD_ERRORS},
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "A document to import (multipart/form-data with the file), or a "
            "new, empty catalog (application/json).",
            "content": {
                "multipart/form-data": {"schema": _IMPORT_FORM},
                "application/json": {"schema": NewCatalogIn.model_json_schema()},
            },
        }
    },
)
async def create_catalog(request: Request, ws: WorkspaceDep, actor: ApiUser) -> dict[str, Any]:
    """Create a catalog (version 1). With ``multipart/form-data``: read, check and store the
    uploaded document (nothing is stored when it cannot be read: 422). With
    ``application/json``: a new, empty catalog (title, department, years, price level, unit,
    target) that measures are then added to (``POST /catalogs/{id}/measures``); its overview
    is derived from them. Editors and administrators."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        new = validated(NewCatalogIn, await json_body(request))
        stored = await run_in_threadpool(ws.create_catalog, actor, new.value(), new.message)
        return payloads.stored(stored)
    form = await request.form(max_files=1, max_fields=220)
    upload = form.get("file")
    if not isinstance(upload, StarletteUpload):
        raise InvalidInput("err.upload_missing")
    public = form_flag(form.get("public"))
    message = form.get("message")
    text = message if isinstance(message, str) else ""
    if len(text) > 2000:
        raise InvalidInput("err.message_long", most=2000)
    chosen = mapping_from_form(form)
    return await run_in_threadpool(_import, request, ws, actor, upload, text, public, None,
                                   chosen if chosen.given else None)


@router.post(
    "/catalogs/{catalog_id}/versions",
    status_code=201,
    response_model=StoredOut,
    summary="Import a new version",
    responses={
        200: {
            "model": StoredOut,
            "description": "The document is identical to the latest version: nothing was "
            "stored; the latest version, with `unchanged` true.",
        },
        **_WRITE_ERRORS,
        **_UPLOAD_ERRORS,
    },
)
def create_version(
    request: Request,
    response: Response,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: ApiUser,
    file: Annotated[
        UploadFile,
        File(
            description="The catalog: PDF, extracted text, JSON or an omprio workbook (.xlsx).",
            json_schema_extra={"minLength": 1},
        ),
    ],
    message: Annotated[str, Form(max_length=2000, description="Why it is imported.")] = "",
    map: MapForm = None,  # the form field's name, as on the command line
    unit: UnitForm = None,
    price_base: PriceBaseForm = None,
    decimals: DecimalsForm = None,
    sheet: SheetForm = None,
    profile: ProfileForm = None,
) -> dict[str, Any]:
    """Read, check and store a document as the next version of an existing catalog (201).
    A document identical to the latest version stores nothing: 200 with that version and
    ``unchanged`` true. A spreadsheet in its own columns is read by ``map`` fields or a
    ``profile``, as for ``POST /api/v1/catalogs``."""
    chosen = MappingIn(map, unit, price_base, decimals, sheet, profile)
    result = _import(request, ws, actor, file, message, False, catalog_id,
                     chosen if chosen.given else None)
    if result["unchanged"]:
        response.status_code = 200
    return result


@router.patch(
    "/catalogs/{catalog_id}/measures/{code}",
    response_model=StoredOut,
    summary="Edit a measure",
    responses=_WRITE_ERRORS,
)
def edit_measure(
    catalog_id: CatalogId, code: Code, body: MeasurePatch, ws: WorkspaceDep, actor: ApiUser
) -> dict[str, Any]:
    """Change one measure, based on ``base_version``; if the measure changed since that
    version, 409. Editors limited to operating areas may only edit their areas' measures."""
    stored = ws.edit_measure(
        catalog_id,
        code,
        body.changes.patch(),
        actor,
        base_version=body.base_version,
        message=body.message,
    )
    return payloads.stored(stored)


@router.post(
    "/catalogs/{catalog_id}/stage",
    response_model=StoredOut,
    summary="Change the stage",
    responses=_WRITE_ERRORS,
)
def change_stage(
    catalog_id: CatalogId, body: StageIn, ws: WorkspaceDep, actor: ApiUser
) -> dict[str, Any]:
    """Move the catalog to draft, hearing or adopted (adopting needs an administrator)."""
    return payloads.stored(ws.set_stage(catalog_id, body.stage, actor, body.message))


@router.post(
    "/catalogs/{catalog_id}/public",
    response_model=PublicOut,
    summary="Make public or internal",
    responses=_WRITE_ERRORS,
)
def change_public(
    catalog_id: CatalogId, body: PublicIn, ws: WorkspaceDep, actor: ApiUser
) -> dict[str, Any]:
    """Make the catalog readable by everyone, or by logged-in users only (administrators)."""
    ws.set_public(catalog_id, body.public, actor)
    return {"id": catalog_id, "public": body.public}


@router.post(
    "/catalogs/{catalog_id}/measures",
    status_code=201,
    response_model=StoredOut,
    summary="Add a measure",
    responses=_WRITE_ERRORS,
)
def add_measure(
    catalog_id: CatalogId, body: AddMeasureIn, ws: WorkspaceDep, actor: ApiUser
) -> dict[str, Any]:
    """Add a measure (as in the ``measures`` of an omprio.catalog/1 document) as a new version,
    based on ``base_version``: 409 when the catalog has a newer version, 422 with the problem
    when the measure is not valid (a missing or taken code, a text that cannot be stored).
    Editors limited to operating areas add measures of their areas only."""
    try:
        measure = measure_from_json(body.measure.document(), "api")
    except ReadError as exc:
        raise InvalidInput("err.problem", problem=exc) from exc
    stored = ws.add_measure(actor, catalog_id, measure, base_version=body.base_version,
                            reason=body.message, position=body.position)
    return payloads.stored(stored)


@router.delete(
    "/catalogs/{catalog_id}/measures/{code}",
    response_model=StoredOut,
    summary="Delete a measure",
    responses=_WRITE_ERRORS,
)
def delete_measure(
    catalog_id: CatalogId,
    code: Code,
    ws: WorkspaceDep,
    actor: ApiUser,
    base_version: Annotated[int, Query(ge=1, le=MAX_ID,
                                       description="The version the change starts from.")],
    message: Annotated[str, Query(max_length=2000, pattern=r"^[^\x00]*$",
                                  description="Why it is deleted.")] = "",
) -> dict[str, Any]:
    """Delete a measure as a new version, based on ``base_version`` (409 when the catalog has
    a newer version; 404 for a code it does not have)."""
    stored = ws.delete_measure(actor, catalog_id, code, base_version=base_version,
                               reason=message)
    return payloads.stored(stored)
