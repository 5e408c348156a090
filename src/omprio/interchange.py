"""The interchange format ``omprio.catalog/1``: a catalog as JSON, both ways.

:func:`catalog_to_json` gives a dict ready for ``json.dumps``; :func:`catalog_from_json` reads
one back (amounts exact: load the text with ``parse_float=Decimal``). Export of an imported
export is the identity. The format is documented in ``docs/interchange.md``; amounts are
objects keyed by year as a string with JSON numbers as values (``{"2024": -1000}``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from omprio.i18n import Phrase
from omprio.model import (
    ACCEPTED,
    STATUSES,
    AreaBudget,
    Catalog,
    Line,
    Measure,
    OverviewRow,
    OverviewTotal,
    Source,
    Subtotal,
    Theme,
    target_total,
)
from omprio.money import Amounts, NumberRefused, amount, to_json_number, within_reach
from omprio.read_error import ReadError

FORMAT = "omprio.catalog/1"

JSON = dict[str, Any]


def catalog_to_json(catalog: Catalog) -> JSON:
    """The catalog as an ``omprio.catalog/1`` document (``authored`` only when set, so a read
    document's JSON is as it always was)."""
    document: JSON = {
        "format": FORMAT,
        "title": catalog.title,
        "organisation": catalog.organisation,
        "department": catalog.department,
        "date": catalog.date.isoformat() if catalog.date else None,
        "period": catalog.stated_period,
        "years": list(catalog.years),
        "price_base": catalog.price_base,
        "unit": catalog.unit,
        "introduction": catalog.introduction,
        "themes": [
            {"code": t.code, "title": t.title, "section": t.section} for t in catalog.themes
        ],
        "measures": [measure_to_json(m) for m in catalog.measures],
        "overview": [
            {
                "section": row.section,
                "theme": row.theme,
                "label": row.label,
                "measure": row.measure,
                "amounts": _amounts(row.amounts),
                "source": _source(row.source),
            }
            for row in catalog.overview
        ],
        "target": _amounts(catalog.target),
        "overview_totals": [
            {
                "label": total.label,
                "section": total.section,
                "theme": total.theme,
                "amounts": _amounts(total.amounts),
                "source": _source(total.source),
            }
            for total in catalog.overview_totals
        ],
        "source": _source(catalog.source),
    }
    if catalog.authored:
        document["authored"] = True
    return document


def measure_to_json(measure: Measure) -> JSON:
    """A measure as in the ``measures`` of an ``omprio.catalog/1`` document (``subtotals`` only
    when the table has some: documents of the template stay as they were)."""
    budget = measure.area_budget
    document: JSON = {
        "code": measure.code,
        "theme": measure.theme,
        "title": measure.title,
        "description": measure.description,
        "lines": [_line(line) for line in measure.lines],
        "adjustments": [_line(line) for line in measure.adjustments],
        "net": _amounts(measure.net),
        "fte": _amounts(measure.fte),
        "fte_stated": measure.fte_stated,
        "sector": measure.sector,
        "area_budget": None
        if budget is None
        else {
            "label": budget.label,
            "text": budget.text,
            "amounts_dkk": [to_json_number(value) for value in budget.amounts_dkk],
        },
        "stated_savings_pct": measure.stated_savings_pct,
        "notes": list(measure.notes),
        "caption": measure.caption,
        "periods": list(measure.periods),
        "years": list(measure.years),
        "price_base": measure.price_base,
        "unit": measure.unit,
        "source": _source(measure.source),
        "net_source": _source(measure.net_source) if measure.net_source else None,
        "fte_source": _source(measure.fte_source) if measure.fte_source else None,
    }
    if measure.subtotals:
        document["subtotals"] = [
            {
                "label": subtotal.label,
                "group": subtotal.group,
                "amounts": _amounts(subtotal.amounts),
                "source": _source(subtotal.source),
            }
            for subtotal in measure.subtotals
        ]
    # Optional keys, omitted for an accepted measure: a catalog as imported reads as before.
    if measure.status != ACCEPTED:
        document["status"] = measure.status
    if measure.status_reason is not None:
        document["status_reason"] = measure.status_reason
    return document


def _line(line: Line) -> JSON:
    document: JSON = {
        "label": line.label, "amounts": _amounts(line.amounts), "source": _source(line.source)
    }
    if line.group is not None:
        document["group"] = line.group
    if line.frame is not None:
        document["frame"] = line.frame
    return document


def _amounts(amounts: Amounts) -> dict[str, int | float]:
    return {str(year): to_json_number(value) for year, value in sorted(amounts.items())}


def _source(source: Source) -> JSON:
    return {"path": source.path, "line": source.line, "page": source.page}


# --- reading ------------------------------------------------------------------------------


class JsonReader:
    """Reads a JSON document of omprio's formats with messages that say which field is wrong
    (``format`` names the format in them: the catalog's, or ``omprio.round/1``)."""

    def __init__(self, path: str, format: str = FORMAT) -> None:
        self.path = path
        self.format = format

    def fail(self, where: str, key: str, /, **params: object) -> ReadError:
        return ReadError(self.path, "read.json.invalid", format=self.format, where=where,
                         problem=Phrase(key, **params))

    def obj(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "read.json.object")
        return value

    def lst(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "read.json.list")
        return value

    def text(self, value: Any, where: str, *, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(where, "read.json.string")
        return value

    def required_text(self, value: Any, where: str) -> str:
        result = self.text(value, where, optional=False)
        assert result is not None
        return result

    def year(self, value: Any, where: str) -> int:
        try:
            year = int(value)
        except (TypeError, ValueError) as exc:
            raise self.fail(where, "read.json.year", value=value) from exc
        if isinstance(value, bool) or not 1900 <= year <= 2200:
            raise self.fail(where, "read.json.year", value=value)
        return year

    def number(self, value: Any, where: str) -> Decimal:
        if isinstance(value, float) and math.isfinite(value):
            # A document parsed without parse_float=Decimal, or built by catalog_to_json: its
            # shortest repr is the JSON text.
            value = Decimal(repr(value))
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            raise self.fail(where, "read.json.number", value=value)
        try:
            # An upload's numbers were bounded when its JSON was parsed (omprio.money.loads);
            # stored totals may have more digits, so here only the exponent is kept in reach.
            return within_reach(value) if isinstance(value, Decimal) else amount(value)
        except NumberRefused as exc:
            raise ReadError(
                self.path, "read.json.invalid", format=self.format, where=where, problem=exc
            ) from None
        except ValueError as exc:
            raise self.fail(where, "read.json.number", value=value) from exc

    def amounts(self, value: Any, where: str) -> dict[int, Decimal]:
        mapping = self.obj(value if value is not None else {}, where)
        return {self.year(k, where): self.number(v, f"{where}.{k}") for k, v in mapping.items()}

    def source(self, value: Any, where: str) -> Source:
        if value is None:
            return Source(self.path)
        data = self.obj(value, where)
        line, page = data.get("line"), data.get("page")
        for name, item in (("line", line), ("page", page)):
            if item is not None and (isinstance(item, bool) or not isinstance(item, int)):
                raise self.fail(f"{where}.{name}", "read.json.whole")
        return Source(self.text(data.get("path"), f"{where}.path") or self.path, line, page)

    def line(self, value: Any, where: str) -> Line:
        data = self.obj(value, where)
        return Line(
            self.required_text(data.get("label"), f"{where}.label"),
            self.amounts(data.get("amounts"), f"{where}.amounts"),
            self.source(data.get("source"), f"{where}.source"),
            self.text(data.get("group"), f"{where}.group"),
            self.text(data.get("frame"), f"{where}.frame"),
        )

    def subtotal(self, value: Any, where: str) -> Subtotal:
        data = self.obj(value, where)
        return Subtotal(
            self.required_text(data.get("label"), f"{where}.label"),
            self.text(data.get("group"), f"{where}.group"),
            self.amounts(data.get("amounts"), f"{where}.amounts"),
            self.source(data.get("source"), f"{where}.source"),
        )


def measure_from_json(item: Any, path: str, where: str = "measure") -> Measure:
    """One measure as in the ``measures`` of an ``omprio.catalog/1`` document (as loaded with
    ``parse_float=Decimal``); ReadError saying which field is wrong."""
    return _measure(JsonReader(path), item, where)


def _measure(r: JsonReader, item: Any, where: str) -> Measure:
    m = r.obj(item, where)
    budget_data = m.get("area_budget")
    budget = None
    if budget_data is not None:
        b = r.obj(budget_data, f"{where}.area_budget")
        budget = AreaBudget(
            r.text(b.get("text"), f"{where}.area_budget.text") or "",
            tuple(
                r.number(v, f"{where}.area_budget.amounts_dkk")
                for v in r.lst(b.get("amounts_dkk"), f"{where}.area_budget.amounts_dkk")
            ),
            r.text(b.get("label"), f"{where}.area_budget.label") or "Budget for området",
        )
    return Measure(
        code=r.required_text(m.get("code"), f"{where}.code"),
        theme=r.text(m.get("theme"), f"{where}.theme") or "",
        title=r.text(m.get("title"), f"{where}.title") or "",
        description=r.text(m.get("description"), f"{where}.description") or "",
        lines=tuple(
            r.line(x, f"{where}.lines[{j}]")
            for j, x in enumerate(r.lst(m.get("lines"), f"{where}.lines"))
        ),
        adjustments=tuple(
            r.line(x, f"{where}.adjustments[{j}]")
            for j, x in enumerate(r.lst(m.get("adjustments"), f"{where}.adjustments"))
        ),
        net=r.amounts(m.get("net"), f"{where}.net"),
        fte=r.amounts(m.get("fte"), f"{where}.fte"),
        fte_stated=bool(m.get("fte_stated", True)),
        sector=r.text(m.get("sector"), f"{where}.sector"),
        area_budget=budget,
        stated_savings_pct=r.text(
            m.get("stated_savings_pct"), f"{where}.stated_savings_pct"
        ),
        notes=tuple(
            r.required_text(x, f"{where}.notes")
            for x in r.lst(m.get("notes"), f"{where}.notes")
        ),
        source=r.source(m.get("source"), f"{where}.source"),
        caption=r.text(m.get("caption"), f"{where}.caption") or "",
        periods=tuple(
            r.required_text(x, f"{where}.periods")
            for x in r.lst(m.get("periods"), f"{where}.periods")
        ),
        years=tuple(
            r.year(x, f"{where}.years") for x in r.lst(m.get("years"), f"{where}.years")
        ),
        price_base=r.text(m.get("price_base"), f"{where}.price_base"),
        unit=r.text(m.get("unit"), f"{where}.unit"),
        net_source=(
            r.source(m["net_source"], f"{where}.net_source")
            if m.get("net_source") is not None
            else None
        ),
        fte_source=(
            r.source(m["fte_source"], f"{where}.fte_source")
            if m.get("fte_source") is not None
            else None
        ),
        subtotals=tuple(
            r.subtotal(x, f"{where}.subtotals[{j}]")
            for j, x in enumerate(r.lst(m.get("subtotals"), f"{where}.subtotals"))
        ),
        status=_status(r, m.get("status"), f"{where}.status"),
        status_reason=r.text(m.get("status_reason"), f"{where}.status_reason"),
    )


def _status(r: JsonReader, value: Any, where: str) -> str:
    """A measure's status: one of :data:`STATUSES` (accepted when the key is missing)."""
    if value is None:
        return ACCEPTED
    if value not in STATUSES:
        raise r.fail(where, "read.json.status", value=value, statuses=", ".join(STATUSES))
    return str(value)


def catalog_from_json(document: Any, path: str) -> Catalog:
    """A catalog from an ``omprio.catalog/1`` document (as loaded with ``parse_float=Decimal``)."""
    r = JsonReader(path)
    data = r.obj(document, "document")
    if data.get("format") != FORMAT:
        raise ReadError(path, "read.json.format", found=data.get("format"), format=FORMAT)
    date_text = r.text(data.get("date"), "date")
    try:
        catalog_date = date.fromisoformat(date_text) if date_text else None
    except ValueError as exc:
        raise r.fail("date", "read.json.date", value=date_text) from exc
    measures = [
        _measure(r, item, f"measures[{i}]")
        for i, item in enumerate(r.lst(data.get("measures"), "measures"))
    ]
    rows = []
    for i, item in enumerate(r.lst(data.get("overview"), "overview")):
        o = r.obj(item, f"overview[{i}]")
        rows.append(
            OverviewRow(
                section=r.text(o.get("section"), f"overview[{i}].section"),
                theme=r.text(o.get("theme"), f"overview[{i}].theme"),
                label=r.text(o.get("label"), f"overview[{i}].label") or "",
                measure=r.text(o.get("measure"), f"overview[{i}].measure"),
                amounts=r.amounts(o.get("amounts"), f"overview[{i}].amounts"),
                source=r.source(o.get("source"), f"overview[{i}].source"),
            )
        )
    totals = []
    for i, item in enumerate(r.lst(data.get("overview_totals"), "overview_totals")):
        t = r.obj(item, f"overview_totals[{i}]")
        totals.append(
            OverviewTotal(
                label=r.text(t.get("label"), f"overview_totals[{i}].label") or "",
                section=r.text(t.get("section"), f"overview_totals[{i}].section"),
                theme=r.text(t.get("theme"), f"overview_totals[{i}].theme"),
                amounts=r.amounts(t.get("amounts"), f"overview_totals[{i}].amounts"),
                source=r.source(t.get("source"), f"overview_totals[{i}].source"),
            )
        )
    themes = []
    for i, item in enumerate(r.lst(data.get("themes"), "themes")):
        t = r.obj(item, f"themes[{i}]")
        themes.append(
            Theme(
                r.required_text(t.get("code"), f"themes[{i}].code"),
                r.text(t.get("title"), f"themes[{i}].title") or "",
                r.text(t.get("section"), f"themes[{i}].section"),
            )
        )
    return Catalog(
        title=r.text(data.get("title"), "title") or "",
        organisation=r.text(data.get("organisation"), "organisation"),
        department=r.text(data.get("department"), "department"),
        date=catalog_date,
        years=tuple(r.year(y, "years") for y in r.lst(data.get("years"), "years")),
        price_base=r.text(data.get("price_base"), "price_base"),
        unit=r.text(data.get("unit"), "unit") or "1.000 kr.",
        introduction=r.text(data.get("introduction"), "introduction") or "",
        themes=tuple(themes),
        measures=tuple(measures),
        overview=tuple(rows),
        overview_totals=tuple(totals),
        source=r.source(data.get("source"), "source"),
        stated_period=r.text(data.get("period"), "period"),
        target=(
            r.amounts(data["target"], "target")
            if data.get("target") is not None
            else dict(stated.amounts)
            if (stated := target_total(totals))
            else {}
        ),
        authored=data.get("authored") is True,
    )
