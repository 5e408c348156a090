"""The REST API under ``/api/v1``: catalogs, versions, findings, diffs, imports and edits.

Callers are known by ``Authorization: Bearer <token>`` only (see :mod:`omprio.web.auth`);
without a token only public catalogs can be read. Every error has the shape
``{"error": {"code": "...", "message": "..."}}``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from pydantic import BaseModel, TypeAdapter
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden
from omprio.store.workspace import VersionStamp, Workspace
from omprio.web import caching, deps, jobs, payloads
from omprio.web.auth import require
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
    file: UploadFile,
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
    summary="Import a catalog",
    responses={**_WRITE_ERRORS, **_UPLOAD_ERRORS},
)
def create_catalog(
    request: Request,
    ws: WorkspaceDep,
    actor: ApiUser,
    file: Annotated[
        UploadFile,
        File(
            description="The catalog: PDF, extracted text, JSON or an omprio workbook (.xlsx).",
            json_schema_extra={"minLength": 1},
        ),
    ],
    public: Annotated[bool, Form(description="Readable by everyone (administrators).")] = False,
    message: Annotated[str, Form(max_length=2000, description="Why it is imported.")] = "",
    map: MapForm = None,  # the form field's name, as on the command line
    unit: UnitForm = None,
    price_base: PriceBaseForm = None,
    decimals: DecimalsForm = None,
    sheet: SheetForm = None,
    profile: ProfileForm = None,
) -> dict[str, Any]:
    """Read, check and store a document as a new catalog (version 1). Editors and
    administrators; nothing is stored when the document cannot be read (422).

    A spreadsheet (CSV or XLSX) in the municipality's own columns is read by a column
    mapping: ``map`` fields ``FIELD=COLUMN`` (repeated: ``code=Nr``, ``title=Forslag``,
    ``amount.2025=2025``, ``fte.2025=Årsværk``) with ``unit``, ``price_base``, ``decimals`` and
    ``sheet``, or a saved mapping ``profile`` (``GET /api/v1/mapping-profiles``)."""
    chosen = MappingIn(map, unit, price_base, decimals, sheet, profile)
    return _import(request, ws, actor, file, message, public, None,
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
