"""The import page's column mapping, below its routes: the mapping of the form's fields
(:func:`form_mapping`), the context of the mapping part of the page (:func:`mapping_part`: the
headings, the selects' values from a profile, the form or a guess, the profiles and a preview)
and the preview itself (:func:`preview`: the first measures as read, the sum rows, the findings).
``views/import_mapping.py`` (the mapping's routes) and ``views/manage.py`` (the import) use it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.datastructures import FormData

from omprio.display import Lang
from omprio.read.mapping import (
    TEXT_FIELDS,
    Mapping,
    MappingProblem,
    build_mapping,
    guess_mapping,
)
from omprio.read.tables import Sniffed, sniff_table
from omprio.read_error import ReadError
from omprio.store.accounts import Actor
from omprio.store.workspace import MappingProfile, Workspace


def form_text(value: object, limit: int = 2000) -> str:
    """A posted text field, trimmed, without NUL characters and at most ``limit`` characters
    (as :func:`omprio.web.views.common.form_text`, which this module may not import)."""
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:limit]

YEAR_ROWS = 12
"""At most this many year rows on the form (amount and staff per year)."""
PREVIEW_ROWS = 10
"""The preview shows this many measures."""


def form_mapping(form: FormData) -> Mapping | None:
    """The mapping of the import form's fields (``col.<field>``, ``year.<n>`` with
    ``amount.<n>`` and ``fte.<n>``, ``unit``, ``decimals``, ``price_base``, ``sheet``); ``None``
    when the form has no mapping; a MappingProblem when it is not one."""
    if form.get("mapping") != "1":
        return None
    pairs: list[tuple[str, str]] = []
    for field in TEXT_FIELDS:
        column = form_text(form.get(f"col.{field}"), 300)
        if column:
            pairs.append((field, column))
    for index in range(YEAR_ROWS):
        year = form_text(form.get(f"year.{index}"), 10)
        for kind in ("amount", "fte"):
            column = form_text(form.get(f"{kind}.{index}"), 300)
            if column and not year:
                raise MappingProblem("read.map.year_missing", field=kind)
            if column:
                pairs.append((f"{kind}.{year}", column))
    return build_mapping(
        pairs,
        unit=form_text(form.get("unit"), 20) or None,
        price_base=form_text(form.get("price_base"), 20) or None,
        decimals=form_text(form.get("decimals"), 5) or None,
        sheet=form_text(form.get("sheet"), 300) or None,
    )


def _values(mapping: Mapping | None, sniffed: Sniffed) -> dict[str, Any]:
    """What the selects show: a profile's mapping, or a guess from the headings."""
    if mapping is None:
        chosen = guess_mapping(sniffed.headings)
        unit, decimals, price_base = "1.000 kr.", "", ""
    else:
        chosen = dict(mapping.columns)
        unit, decimals = mapping.unit, mapping.decimals or ""
        price_base = (mapping.price_base or "").removesuffix("-PL")
    years = sorted({int(name.split(".")[1]) for name in chosen
                    if name.startswith(("amount.", "fte.")) and name.count(".") == 1})
    rows = [{"year": str(year), "amount": chosen.get(f"amount.{year}", ""),
             "fte": chosen.get(f"fte.{year}", "")} for year in years][:YEAR_ROWS]
    while len(rows) < min(YEAR_ROWS, len(years) + 2):
        rows.append({"year": "", "amount": "", "fte": ""})
    return {"fields": {field: chosen.get(field, "") for field in TEXT_FIELDS}, "years": rows,
            "unit": unit, "decimals": decimals, "price_base": price_base}


def preview(data: bytes, name: str, mapping: Mapping, lang: Lang) -> dict[str, Any]:
    """The first measures as ``mapping`` reads them, the sum rows, and every finding (the
    reader's and the checks'); or why the file cannot be read so."""
    from omprio.check import check_catalog
    from omprio.read import load_bytes

    try:
        loaded = load_bytes(data, name, mapping)
    except ReadError as error:
        return {"ok": False, "error": error.text(lang), "measures": [], "totals": [],
                "findings": [], "count": 0, "years": []}
    catalog = loaded.catalog
    findings = [*loaded.findings, *check_catalog(catalog)]
    return {
        "ok": True,
        "error": None,
        "count": len(catalog.measures),
        "years": list(catalog.years),
        "measures": [
            {"code": m.code, "title": m.title, "theme": m.theme, "row": m.source.line,
             "net": {str(y): v for y, v in m.net.items()},
             "fte": {str(y): v for y, v in m.fte.items()}}
            for m in catalog.measures[:PREVIEW_ROWS]
        ],
        "totals": [{"label": total.label, "row": total.source.line,
                    "amounts": {str(y): v for y, v in total.amounts.items()}}
                   for total in catalog.overview_totals],
        "findings": [{"severity": f.severity.value, "rule": f.rule, "row": f.source.line,
                      "message": f.message(lang)} for f in findings],
    }


def exact(value: Any) -> Any:
    """JSON data with every Decimal as its exact text (never a float)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: exact(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [exact(item) for item in value]
    return value


def profile_json(profile: MappingProfile) -> dict[str, Any]:
    return {"id": profile.id, "name": profile.name, "mapping": profile.mapping.to_json(),
            "author": profile.author, "created_at": profile.created_at.isoformat()}


def mapping_part(
    ws: Workspace, actor: Actor, lang: Lang, form: FormData,
    upload: tuple[bytes, str] | None, *, note: str | None = None, use_profile: bool = False,
) -> dict[str, Any]:
    """The context of the mapping part of the import page for ``upload`` (nothing to map when
    it is no spreadsheet, or a known catalog): the headings, the selects' values from the
    chosen profile or the form or a guess, the profiles and a preview."""
    profiles = ws.list_profiles(actor)
    context: dict[str, Any] = {"sniffed": None, "profiles": profiles, "note": note,
                               "chosen_profile": None, "preview": None, "problem": None}
    if upload is None:
        return context
    data, name = upload
    sheet = form_text(form.get("sheet"), 300) or None
    sniffed = sniff_table(data, name, sheet) or (sniff_table(data, name) if sheet else None)
    if sniffed is None:
        return context
    mapping: Mapping | None = None
    problem: str | None = None
    chosen = form_text(form.get("profile"), 12)
    known = {profile.id: profile for profile in profiles}
    if use_profile and chosen.isdecimal() and int(chosen) in known:
        mapping, context["chosen_profile"] = known[int(chosen)].mapping, int(chosen)
    else:
        try:
            mapping = form_mapping(form)
        except MappingProblem as exc:
            problem = exc.text(lang)
    values = _values(mapping, sniffed)
    if mapping is None and problem is None:
        try:
            mapping = _guessed(values, sniffed)
        except MappingProblem as exc:
            problem = exc.text(lang)
    context.update(sniffed=sniffed, values=values, problem=problem,
                   preview=preview(data, name, mapping, lang) if mapping is not None else None)
    return context


def _guessed(values: dict[str, Any], sniffed: Sniffed) -> Mapping:
    pairs = [(field, column) for field, column in values["fields"].items() if column]
    for row in values["years"]:
        for kind in ("amount", "fte"):
            if row["year"] and row[kind]:
                pairs.append((f"{kind}.{row['year']}", row[kind]))
    return build_mapping(pairs, sheet=sniffed.sheet)


