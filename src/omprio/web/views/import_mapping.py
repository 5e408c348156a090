"""The import page's column mapping: a spreadsheet (CSV or XLSX) in a municipality's own
columns, read by a mapping chosen on the page and kept as a named profile.

When a file is chosen, the page posts it (htmx) to ``/import/columns``: for a spreadsheet that
is not a known catalog the answer is a select per field, prefilled from a profile or by guessing
from the headings (:func:`omprio.read.mapping.guess_mapping`), with a preview; every change of
a select posts to ``/import/preview``, which reads the file as the mapping says and shows the
first rows as read and the findings. ``/import/profiles`` keeps the mapping under a name and
``/import/profiles/{id}/delete`` removes one. The import itself (``POST /import``) reads the same
fields (:func:`form_mapping`). Each answers JSON to a client that asks for it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request
from starlette.datastructures import FormData, UploadFile
from starlette.responses import JSONResponse, Response

from omprio.read.mapping import MappingProblem
from omprio.read.tables import Sniffed
from omprio.store.errors import InvalidInput
from omprio.web.auth import CheckedForm, require
from omprio.web.deps import PageActor, WorkspaceDep
from omprio.web.errors import is_htmx, wants_json
from omprio.web.i18n import t
from omprio.web.mapping_form import exact, form_mapping, mapping_part, preview, profile_json
from omprio.web.schemas import MAX_ID
from omprio.web.templating import render
from omprio.web.views.common import PageLang, form_text, see_other
from omprio.web.views.manage import read_upload, upload_name

router = APIRouter(include_in_schema=False)


def _upload(request: Request, form: FormData) -> tuple[bytes, str] | None:
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return read_upload(upload, request.app.state.max_upload_bytes), upload_name(upload.filename)


def _answer(request: Request, context: dict[str, Any], status_code: int = 200) -> Response:
    if wants_json(request):
        sniffed: Sniffed | None = context["sniffed"]
        return JSONResponse({
            "spreadsheet": sniffed is not None,
            "headings": list(sniffed.headings) if sniffed else [],
            "sheet": sniffed.sheet if sniffed else None,
            "values": context.get("values"),
            "problem": context.get("problem"),
            "preview": exact(context.get("preview")),
            "profiles": [profile_json(p) for p in context["profiles"]],
        }, status_code=status_code)
    return render(request, "_import_mapping.html", context, status_code=status_code)


@router.post("/import/columns")
def import_columns(
    request: Request, ws: WorkspaceDep, actor: PageActor, lang: PageLang, form: CheckedForm
) -> Response:
    """The mapping part for the chosen file (a select per field, prefilled from the chosen
    profile or guessed from the headings, and a preview); empty for a known catalog."""
    editor = require(actor, "editor")
    return _answer(request, mapping_part(ws, editor, lang, form, _upload(request, form),
                                         use_profile=True))


@router.post("/import/preview")
def import_preview(
    request: Request, ws: WorkspaceDep, actor: PageActor, lang: PageLang, form: CheckedForm
) -> Response:
    """The file read as the form's mapping says: the first rows and the findings (422 when the
    mapping or the file is refused)."""
    require(actor, "editor")
    upload = _upload(request, form)
    if upload is None:
        raise InvalidInput("import.no_file")
    try:
        mapping = form_mapping(form)
    except MappingProblem as exc:
        raise InvalidInput("err.problem", problem=exc) from exc
    if mapping is None:
        raise InvalidInput("err.problem", problem=MappingProblem("read.map.required",
                                                                 field="code"))
    result = preview(*upload, mapping, lang)
    status = 200 if result["ok"] else 422
    if wants_json(request):
        return JSONResponse(exact(result), status_code=status)
    return render(request, "_import_preview.html", {"preview": result}, status_code=status)


@router.post("/import/profiles")
def save_profile(
    request: Request, ws: WorkspaceDep, actor: PageActor, lang: PageLang, form: CheckedForm
) -> Response:
    """Keep the form's mapping under the given name (replacing one of that name)."""
    editor = require(actor, "editor")
    try:
        mapping = form_mapping(form)
    except MappingProblem as exc:
        raise InvalidInput("err.problem", problem=exc) from exc
    if mapping is None:
        raise InvalidInput("err.problem", problem=MappingProblem("read.map.required",
                                                                 field="code"))
    profile = ws.save_profile(form_text(form.get("profile_name"), 300), mapping, editor)
    if wants_json(request):
        return JSONResponse(profile_json(profile))
    if is_htmx(request):
        return _answer(request, mapping_part(ws, editor, lang, form,
                                             _upload(request, form),
                                             note=t("mapping.saved", lang, name=profile.name)))
    return see_other(request, f"/import?profile_saved={profile.id}")


@router.post("/import/profiles/{profile_id}/delete")
def delete_profile(
    request: Request,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    form: CheckedForm,
    profile_id: int = Path(ge=1, le=MAX_ID, description="The profile's id."),
) -> Response:
    """Delete a mapping profile."""
    editor = require(actor, "editor")
    name = ws.profile(profile_id, editor).name
    ws.delete_profile(profile_id, editor)
    if wants_json(request):
        return JSONResponse({"deleted": profile_id})
    if is_htmx(request):
        return _answer(request, mapping_part(ws, editor, lang, form,
                                             _upload(request, form),
                                             note=t("mapping.deleted", lang, name=name)))
    return see_other(request, "/import?profile_deleted=1")
