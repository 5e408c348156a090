"""Changing catalogs from the browser: importing a document, moving a catalog to another stage
(draft, hearing, adopted), renaming it (name, description, department) and making it public or
internal.

The import form posts from ``app.js`` so that a ``<progress>`` bar can follow the upload and
then say which phase the server is in (reading, checking, storing: see
:mod:`omprio.web.phases`); without JavaScript it is an ordinary form. A document that cannot
be read is refused with a message and nothing is stored (the workspace imports in one
transaction).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from omprio.read.mapping import Mapping, MappingProblem
from omprio.read.tables import sniff_table
from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden, InvalidInput, Unconfirmed
from omprio.store.workspace import StoredVersion, Workspace
from omprio.web import jobs, phases
from omprio.web.auth import CheckedForm, require
from omprio.web.deps import LoggedIn, PageActor, WorkspaceDep
from omprio.web.errors import TooLarge, is_htmx, log
from omprio.web.forms import target_amount
from omprio.web.i18n import lang_of as i18n_lang
from omprio.web.i18n import t
from omprio.web.mapping_form import form_mapping, mapping_part
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, PageLang, form_text, see_other

router = APIRouter(include_in_schema=False)

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def upload_name(filename: str | None) -> str:
    """The file's own name without folders or control characters (for messages and sources)."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = _UNSAFE.sub("", name).strip()[:200]
    return name or "upload"


def read_upload(upload: UploadFile, limit: int) -> bytes:
    """The uploaded bytes; :class:`TooLarge` beyond ``limit``."""
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    return data


# What reading and storing an unusual document can raise besides InvalidInput (a number too
# large or precise to store, a lone surrogate, JSON nested too deeply): the document's fault.
_UNSTORABLE = (ValueError, ArithmeticError, RecursionError)


def store_upload(
    ws: Workspace,
    data: bytes,
    filename: str | None,
    actor: Actor,
    *,
    message: str,
    public: bool,
    catalog_id: int | None,
    progress: Callable[[str], None] | None = None,
    mapping: Mapping | None = None,
) -> StoredVersion:
    """Import an uploaded document (a spreadsheet in its own columns by ``mapping``); a
    document the workspace cannot store is InvalidInput, and a spreadsheet without a mapping
    says that it needs one."""
    name = upload_name(filename)
    try:
        return ws.import_document(
            data,
            name,
            actor,
            message=message,
            public=public,
            catalog_id=catalog_id,
            progress=progress,
            mapping=mapping,
        )
    except InvalidInput as exc:
        if mapping is None and sniff_table(data, name) is not None:
            raise InvalidInput("import.needs_mapping") from exc
        raise
    except _UNSTORABLE as exc:
        log.warning("upload %r cannot be stored: %r", name, exc)
        raise InvalidInput(
            "err.unstorable", kind=type(exc).__name__, reason=str(exc)[:200]
        ) from exc


def _import_context(ws: Workspace, actor: Actor, request: Request) -> dict[str, Any]:
    limit: int = request.app.state.max_upload_bytes
    saved = request.query_params.get("profile_saved")
    deleted = request.query_params.get("profile_deleted")
    lang = i18n_lang(request)
    note = (t("mapping.saved_plain", lang) if saved else
            t("mapping.deleted_plain", lang) if deleted else None)
    return {
        "mapping": {"sniffed": None, "profiles": ws.list_profiles(actor), "note": note},
        "targets": ws.list_catalogs(actor),
        "max_bytes": limit,
        "max_size": f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} B",
        "may_publish": actor.at_least("admin"),
        "error": None,
        "reason": None,
        "values": {"message": "", "catalog": "", "public": False},
    }


@router.get("/import")
def import_page(request: Request, ws: WorkspaceDep, actor: LoggedIn) -> Response:
    """The import form (editors and administrators)."""
    require(actor, "editor")
    return render(request, "import.html", _import_context(ws, actor, request))


def _failed(
    request: Request,
    ws: Workspace,
    actor: Actor,
    form: FormData,
    error: str,
    reason: str | None,
    status_code: int,
    mapping: dict[str, Any] | None = None,
) -> Response:
    if phases.wanted(request):
        return phases.refused(error, reason, status_code)
    if is_htmx(request):
        return render(
            request,
            "_import_result.html",
            {"error": error, "reason": reason},
            status_code=status_code,
        )
    context = _import_context(ws, actor, request)
    if mapping is not None:
        context["mapping"] = mapping
    context.update(
        error=error,
        reason=reason,
        values={
            "message": form_text(form.get("message")),
            "catalog": form_text(form.get("catalog")),
            "public": form.get("public") == "1",
        },
    )
    return render(request, "import.html", context, status_code=status_code)


@router.post("/import")
def import_document(
    request: Request, ws: WorkspaceDep, actor: PageActor, lang: PageLang, form: CheckedForm
) -> Response:
    """Read, check and store the uploaded document; then show the catalog and its findings."""
    editor = require(actor, "editor")
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _failed(request, ws, editor, form, t("import.no_file", lang), None, 422)
    limit: int = request.app.state.max_upload_bytes
    try:
        data = read_upload(upload, limit)
    except TooLarge:
        size = f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} B"
        return _failed(request, ws, editor, form, t("import.too_large", lang, size=size), None, 413)
    public = form.get("public") == "1"
    if public and not editor.at_least("admin"):
        return _failed(request, ws, editor, form, t("import.only_admin_public", lang), None, 403)
    target_text = form_text(form.get("catalog"))
    target = int(target_text) if target_text.isdecimal() and len(target_text) < 10 else None
    message = form_text(form.get("message"))
    try:
        mapping = form_mapping(form)
    except MappingProblem as exc:
        return _failed(request, ws, editor, form, t("import.failed", lang), exc.text(lang), 422)
    if phases.wanted(request):

        def work(progress: Callable[[str], None]) -> str:
            with jobs.slot(request):
                stored = store_upload(ws, data, upload.filename, editor, message=message,
                                      public=public, catalog_id=target, progress=progress,
                                      mapping=mapping)
            return _landing(stored)

        return phases.phased(work, lang, t("import.failed", lang))
    try:
        with jobs.slot(request):  # reading and checking a large document takes seconds
            stored = store_upload(
                ws,
                data,
                upload.filename,
                editor,
                message=message,
                public=public,
                catalog_id=target,
                mapping=mapping,
            )
    except InvalidInput as exc:
        part = None
        if exc.key == "import.needs_mapping":  # the columns to choose (the file once more)
            part = mapping_part(ws, editor, lang, form, (data, upload_name(upload.filename)))
        return _failed(request, ws, editor, form, t("import.failed", lang), exc.text(lang), 422,
                       part)
    return see_other(request, _landing(stored))


def _landing(stored: StoredVersion) -> str:
    """Where an import lands: the catalog, saying what was imported (or that nothing changed:
    an identical document stores nothing)."""
    info = stored.info
    said = "unchanged" if stored.unchanged else "imported"
    return f"/catalogs/{info.catalog_id}?{said}={info.number}"


@router.post("/catalogs/{catalog_id}/stage")
def change_stage(
    request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: PageActor, form: CheckedForm
) -> Response:
    """Move the catalog to another stage (a new version), once the form's confirmation box
    is ticked; without it, or to the stage it is in, nothing changes and the page says why."""
    stage = form_text(form.get("stage"), 20)
    # Whether a version was written (a move to the current stage writes none); anonymous
    # callers are refused by the store below (401), not told whether the catalog exists.
    before = ws.version(catalog_id, actor).info.number if actor is not None else None
    try:
        after = ws.set_stage(catalog_id, stage, actor, form_text(form.get("message")),
                             confirmed=form.get("confirm") == "1")
    except Unconfirmed:
        return see_other(request, f"/catalogs/{catalog_id}?stage_note=confirm")
    if after.info.number == before:
        return see_other(request, f"/catalogs/{catalog_id}?stage_note=same")
    return see_other(request, f"/catalogs/{catalog_id}")


@router.post("/catalogs/{catalog_id}/identity")
def change_identity(
    request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: PageActor, form: CheckedForm
) -> Response:
    """Set the catalog's name, description and department (admins and editors for all
    areas); the page then says whether anything changed."""
    after = ws.rename_catalog(
        catalog_id,
        actor,
        name=form_text(form.get("name"), 4000),
        description=form_text(form.get("description"), 4000),
        department=form_text(form.get("department"), 4000),
    )
    note = "saved" if after.changed else "same"
    return see_other(request, f"/catalogs/{catalog_id}?identity_note={note}")


@router.post("/catalogs/{catalog_id}/target")
def change_target(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Set the catalog's target per year (admins and editors for all areas) as a new version;
    amounts are read the page's way. The page then says whether anything changed."""
    years = [int(key.removeprefix("target-")) for key in form
             if re.fullmatch(r"target-\d{4}", key)]
    target = {year: target_amount(form_text(form.get(f"target-{year}"), 100), year, lang)
              for year in sorted(years)}
    base = form_text(form.get("base_version"), 12)
    stored = ws.set_target(catalog_id, target, actor,
                           base_version=int(base) if base.isdecimal() else None,
                           message=form_text(form.get("message"), 2000))
    note = "same" if stored.unchanged else "saved"
    return see_other(request, f"/catalogs/{catalog_id}?target_note={note}")


@router.post("/catalogs/{catalog_id}/public")
def change_public(
    request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: PageActor, form: CheckedForm
) -> Response:
    """Make the catalog public or internal (administrators)."""
    value = form.get("public")
    if value not in ("0", "1"):
        raise InvalidInput("err.public_value")
    if actor is not None and not actor.at_least("admin"):
        raise Forbidden("err.admin_public_internal")
    ws.set_public(catalog_id, value == "1", actor)
    return see_other(request, f"/catalogs/{catalog_id}")
