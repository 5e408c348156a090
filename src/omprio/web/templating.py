"""The Jinja2 templates and what every page can use in them.

Autoescaping is on for every template (``|safe`` is never applied to user data; the SVG charts
are built with escaped text). Templates get ``t("key", name=value)`` for the interface strings
and ``tn("key", n)`` for plural forms, both from the one catalog (:mod:`omprio.i18n`) in the
page's language; ``jinja2.ext.i18n`` is installed with the same two functions, so ``_()``,
``gettext`` and ``ngettext`` are the same lookups (``{name}`` placeholders filled after the
lookup, as in Python, hence not the extension's ``%``-formatting "newstyle" callables).
Filters format numbers (``num``, ``signed``, ``pct``), dates (``when``) and stages in the page's
language through :mod:`omprio.display` and Babel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from fastapi import Request
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from omprio import display
from omprio.display import Lang
from omprio.model import Source
from omprio.store.errors import WorkspaceError
from omprio.web import i18n
from omprio.web.auth import CSRF_FIELD, CSRF_HEADER, csrf_token, workspace

TEMPLATES = Path(__file__).resolve().parent / "templates"
TIMEZONE = ZoneInfo("Europe/Copenhagen")


def _lang(context: Context) -> Lang:
    return i18n.valid_lang(context.get("lang")) or i18n.DEFAULT_LANG


@pass_context
def _t(context: Context, key: str, **params: object) -> str:
    return i18n.t(key, _lang(context), **params)


@pass_context
def _tn(context: Context, key: str, n: int, **params: object) -> str:
    return i18n.tn(key, n, _lang(context), **params)


@pass_context
def _ngettext(context: Context, key: str, plural: str, n: int, **params: object) -> str:
    """gettext's ``ngettext(singular, plural, n)``: the catalog's msgids are keys, so the
    plural msgid is the key again."""
    return i18n.tn(key, n, _lang(context), **params)


@pass_context
def _num(context: Context, value: Decimal | int | None) -> str:
    if value is None:
        return ""
    return display.number(Decimal(value), _lang(context))


@pass_context
def _signed(context: Context, value: Decimal | int | None) -> str:
    if value is None:
        return ""
    return display.signed(Decimal(value), _lang(context))


@pass_context
def _fte_span(context: Context, amounts: Mapping[int, Decimal], years: Sequence[int]) -> str:
    """Staff changes over the years in one cell: ``-2``, or ``-15 → -10`` when they change."""
    values = [amounts[y] for y in years if y in amounts]
    if not values:
        return ""
    lang = _lang(context)
    if len(set(values)) == 1:
        return display.signed(values[0], lang)
    return f"{display.signed(values[0], lang)} → {display.signed(values[-1], lang)}"


@pass_context
def _kroner(context: Context, value: Decimal | None) -> str:
    if value is None:
        return ""
    return display.kroner(value, _lang(context))


@pass_context
def _when(context: Context, value: datetime | None) -> str:
    return "" if value is None else when(value, _lang(context))


def when(value: datetime, lang: Lang) -> str:
    """A moment as the pages show it (``2. dec. 2026 kl. 14.05``), in the app's time zone."""
    pattern = i18n.t("date.when", lang)
    return str(format_datetime(value, pattern, tzinfo=TIMEZONE, locale=display.locale_of(lang)))


@pass_context
def _day(context: Context, value: date | None) -> str:
    if value is None:
        return ""
    lang = _lang(context)
    return str(format_date(value, "long", locale=display.locale_of(lang)))


@pass_context
def _stage(context: Context, stage: str) -> str:
    """A stage's name (the store keeps its code: ``draft``, ``hearing``, ``adopted``)."""
    key = f"stage.{stage}"
    return i18n.t(key, _lang(context)) if i18n.has(key) else stage


@pass_context
def _source(context: Context, source: Source | None) -> str:
    """``path:line``, with the page for PDFs."""
    if source is None:
        return ""
    return str(source)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_t, ngettext=_ngettext, newstyle=False
    )
    env.globals["t"] = _t
    env.globals["tn"] = _tn
    env.filters["num"] = _num
    env.filters["signed"] = _signed
    env.filters["when"] = _when
    env.filters["fte_span"] = _fte_span
    env.filters["kroner"] = _kroner
    env.filters["day"] = _day
    env.filters["stage"] = _stage
    env.filters["source"] = _source
    return env


templates = Jinja2Templates(env=_environment())


def lang_switch_url(request: Request, lang: Lang) -> str:
    """The current page in ``lang`` (``?lang=``), as a relative URL."""
    query = request.url.include_query_params(lang=lang).query
    return f"{request.url.path}?{query}"


def lang_switch(request: Request, lang: Lang) -> list[dict[str, str]]:
    """The language switch: the current page in each other language, named in that language."""
    return [
        {
            "lang": other,
            "url": lang_switch_url(request, other),
            "name": i18n.t("lang.name", other),
            "label": i18n.t("lang.switch_to", other),
        }
        for other in i18n.other_langs(lang)
    ]


def page_values(request: Request) -> dict[str, Any]:
    """What every page shows of the request: its language, the user, the CSRF token (logged-in
    users only), the language switch and the path."""
    lang = i18n.lang_of(request)
    actor = getattr(request.state, "actor", None)
    return {
        "lang": lang,
        "actor": actor,
        "csrf_field": CSRF_FIELD,
        "csrf_header": CSRF_HEADER,
        "csrf": csrf_token(request) if actor is not None else "",
        "lang_switch": lang_switch(request, lang),
        "path": request.url.path,
        "unread": _unread(request, actor),
    }


def _unread(request: Request, actor: Any) -> Callable[[], int]:
    """How many notifications the user has not seen, asked only when the page shows it (the
    header of a logged-in user); 0 when the database cannot say."""

    def count() -> int:
        if actor is None:
            return 0
        try:
            return workspace(request).unread_notifications(actor)
        except WorkspaceError:
            return 0

    return count


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A page (or htmx fragment) in the request's language, with the user and CSRF token."""
    values = page_values(request)
    values.update(context or {})
    return templates.TemplateResponse(
        request, name, values, status_code=status_code, headers=dict(headers or {})
    )


def render_text(request: Request, name: str, context: Mapping[str, Any] | None = None) -> str:
    """The text of the page :func:`render` would answer with."""
    values = page_values(request)
    values.update(context or {})
    return templates.env.get_template(name).render(values)


def render_parts(name: str, context: Mapping[str, Any]) -> Any:
    """The template ``name`` as a module made with ``context`` (that holds ``lang``): its
    macros render the parts of a page that do not depend on the request."""
    return templates.env.get_template(name).make_module(dict(context))
