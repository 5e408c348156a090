"""The administrators' forms on a round's page: a department, a key of shares, one share, a
requirement, designated proposals, a linked catalog.

Each route reads the form in the page's language with the service's readers
(:func:`omprio.service.rounds.pairs`: ``28,4`` or ``28.4``), makes one change of
:mod:`omprio.service.rounds` and applies it as a new version with the form's ``Hvorfor``
message, against the version the form was made from (``base_version``: a newer one is the
conflict message). Bad input shows the page again with the problem in the page's language and
what was typed, nothing stored (422; a conflict 409); viewers and editors get 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from omprio.display import Lang
from omprio.rounds.problems import RoundProblem
from omprio.service import rounds as service
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, InvalidInput, NotFound
from omprio.store.rounds import Change
from omprio.store.workspace import Workspace
from omprio.web.auth import CheckedForm, require
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.errors import TooLarge
from omprio.web.i18n import t
from omprio.web.views.common import PageLang, form_text, see_other
from omprio.web.views.manage import read_upload, upload_name
from omprio.web.views.rounds import RoundId, round_page

router = APIRouter(include_in_schema=False)

MOST_FIELDS = 500


class Missing(Exception):
    """A field the form needs is empty: ``key`` is the page's message for it."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _typed(form: FormData, which: str) -> dict[str, Any]:
    """What was typed, to show again (the link form's ticked requirements as a list)."""
    typed: dict[str, Any] = {}
    for name, value in list(form.multi_items())[:MOST_FIELDS]:
        if isinstance(value, str) and name != "csrf_token":
            typed[name] = form_text(value, 300)
    if which == "link":
        typed["requirement"] = [form_text(v, 300) for v in form.getlist("requirement")
                                if isinstance(v, str)]
    return typed


def _changed(request: Request, ws: Workspace, actor: Actor, lang: Lang, round_id: int,
             form: FormData, which: str, make: Callable[[], Change]) -> Response:
    """Apply what ``make`` reads from the form as a new version, or show the page again."""
    admin = require(actor, "admin")
    base = form_text(form.get("base_version"), 12)
    try:
        change = make()
        stored = service.change(ws, round_id, change, admin,
                                base_version=int(base) if base.isdecimal() else None,
                                message=form_text(form.get("message"), 2000))
    except (RoundProblem, Missing) as problem:
        said = problem.text(lang) if isinstance(problem, RoundProblem) else t(problem.key, lang)
        return round_page(request, ws, admin, lang, round_id, error=said,
                          status=422, typed=_typed(form, which), typed_form=which)
    except (InvalidInput, Conflict, NotFound) as problem:
        if isinstance(problem, NotFound) and problem.key == "err.no_round":
            raise
        # A catalog that is gone (or never was) is the form's bad input, as any other.
        status = 422 if isinstance(problem, NotFound) else problem.status
        return round_page(request, ws, admin, lang, round_id, error=problem.text(lang),
                          status=status, typed=_typed(form, which), typed_form=which)
    note = "unchanged" if stored.unchanged else "saved"
    return see_other(request, f"/rounds/{round_id}?{note}={stored.version.number}#departments")


def _one(form: FormData, field: str, lang: Lang, label: str) -> Decimal:
    """One number of the form (``28,4`` / ``28.4``), read by the service's reader."""
    return service.pairs([f"{label}={form_text(form.get(field), 100)}"], lang)[label]


def _per(form: FormData, prefix: str, names: Iterable[object], lang: Lang,
         what: str) -> dict[str, Decimal]:
    """The filled-in fields ``prefix-NAME`` as numbers by name."""
    items = []
    for name in names:
        text = form_text(form.get(f"{prefix}-{name}"), 100)
        if text:
            items.append(f"{name}={text}")
    return service.pairs(items, lang, what)


def _by_year(form: FormData, prefix: str, years: Iterable[int],
             lang: Lang) -> dict[int, Decimal]:
    return {int(year): value for year, value in _per(form, prefix, years, lang,
                                                      "amount").items()}


@router.post("/rounds/{round_id}/department")
def set_department(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
                   lang: PageLang, form: CheckedForm) -> Response:
    """Add a department, or rename the one of the code."""
    return _changed(request, ws, actor, lang, round_id, form, "department",
                    lambda: service.department(form_text(form.get("code"), 40),
                                               form_text(form.get("name"), 300)))


@router.post("/rounds/{round_id}/key")
def set_shares_key(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
                   lang: PageLang, form: CheckedForm) -> Response:
    """A key of shares (one percent per department) or from base figures (one figure per
    department, a share is its part of their sum); departments left empty get none."""
    def make() -> Change:
        code = form_text(form.get("code"), 40)
        if not code:
            raise Missing("round.page.need_key_code")
        name = form_text(form.get("name"), 300) or code
        made = service.base_key if form.get("kind") == "base" else service.shares_key
        return service.on_latest(lambda r: made(
            code, name, _per(form, "share", [d.code for d in r.departments], lang, "share")))

    return _changed(request, ws, actor, lang, round_id, form, "key", make)


@router.post("/rounds/{round_id}/mix")
def set_mix_key(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
                lang: PageLang, form: CheckedForm) -> Response:
    """A key that weighs other keys: a weight in percent per key (adding up to 100)."""
    def make() -> Change:
        code = form_text(form.get("code"), 40)
        if not code:
            raise Missing("round.page.need_key_code")
        name = form_text(form.get("name"), 300) or code
        return service.on_latest(lambda r: service.mix_key(
            code, name, _per(form, "weight", [k.code for k in r.keys], lang, "share")))

    return _changed(request, ws, actor, lang, round_id, form, "mix", make)


@router.post("/rounds/{round_id}/share")
def set_one_share(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
                  lang: PageLang, form: CheckedForm) -> Response:
    """One share of a key of shares (the others kept)."""
    def make() -> Change:
        department = form_text(form.get("department"), 40)
        share = _one(form, "share", lang, department or "?")
        return service.one_share(form_text(form.get("key"), 40), department, share)

    return _changed(request, ws, actor, lang, round_id, form, "share", make)


@router.post("/rounds/{round_id}/requirement")
def set_requirement(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
                    lang: PageLang, form: CheckedForm) -> Response:
    """A requirement on the whole municipality: amounts per year, a central part, a key,
    whether it is a frame cut."""
    def make() -> Change:
        name = form_text(form.get("name"), 300)
        if not name:
            raise Missing("round.page.need_requirement_name")
        key = form_text(form.get("key"), 40)
        return service.on_latest(lambda r: service.requirement(
            name, key, _by_year(form, "amount", r.years, lang),
            _by_year(form, "central", r.years, lang), frame_cut=form.get("frame_cut") == "1"))

    return _changed(request, ws, actor, lang, round_id, form, "requirement", make)


@router.post("/rounds/{round_id}/designated")
def set_designated(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
                   lang: PageLang, form: CheckedForm) -> Response:
    """Designated proposals of a department toward a frame-cut requirement, per year."""
    def make() -> Change:
        department = form_text(form.get("department"), 40)
        requirement = form_text(form.get("requirement"), 300)
        label = form_text(form.get("label"), 300)
        return service.on_latest(lambda r: service.designated(
            department, requirement, label, _by_year(form, "amount", r.years, lang)))

    return _changed(request, ws, actor, lang, round_id, form, "designated", make)


@router.post("/rounds/{round_id}/link")
def set_link(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
             lang: PageLang, form: CheckedForm) -> Response:
    """Link a stored catalog for a department: the requirements it answers and, per
    requirement, the overview section whose measures deliver it."""
    def make() -> Change:
        catalog = form_text(form.get("catalog"), 12)
        if not catalog.isdecimal():
            raise Missing("round.page.need_catalog")
        requirements = ws.stored_round(round_id, actor).budget_round.requirements
        chosen = [form_text(v, 300) for v in form.getlist("requirement") if isinstance(v, str)]
        sections = {q.name: text for i, q in enumerate(requirements)
                    if (text := form_text(form.get(f"section-{i}"), 300))}
        return service.link(ws, actor, int(catalog), form_text(form.get("department"), 40),
                            chosen, sections)

    return _changed(request, ws, actor, lang, round_id, form, "link", make)


MAX_INDEX_BYTES = 1024 * 1024
"""The largest price and wage index table a form may upload."""


@router.post("/rounds/{round_id}/index")
def set_index(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
              lang: PageLang, form: CheckedForm) -> Response:
    """Keep a price and wage index (a CSV: year;wages;other …) and the wage share with the
    round, so that it can be shown at other price levels."""
    def make() -> Change:
        upload = form.get("index")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise Missing("round.page.need_index")
        try:
            data = read_upload(upload, MAX_INDEX_BYTES)
        except TooLarge:
            raise Missing("round.page.index_too_large") from None
        share = form_text(form.get("wage_share"), 40)
        return service.price_index(data, upload_name(upload.filename),
                                   service.number(share, lang, "wage_share") if share else None)

    return _changed(request, ws, actor, lang, round_id, form, "index", make)


@router.post("/rounds/{round_id}/target")
def set_target(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
               lang: PageLang, form: CheckedForm) -> Response:
    """Set a linked catalog's target to its department's share (a new version of the
    catalog); for those who may change the whole catalog."""
    catalog = form_text(form.get("catalog"), 12)
    try:
        if not catalog.isdecimal():
            raise NotFound("err.no_catalog", catalog=catalog)
        stored, _ = service.set_catalog_target(ws, round_id, int(catalog), actor,
                                               form_text(form.get("message"), 2000))
    except (InvalidInput, NotFound) as problem:
        if isinstance(problem, NotFound) and problem.key == "err.no_round":
            raise
        return round_page(request, ws, actor, lang, round_id, error=problem.text(lang),
                          status=422)
    note = "target_same" if stored.unchanged else "target_set"
    return see_other(request, f"/rounds/{round_id}?{note}={stored.info.number}#catalogs")
