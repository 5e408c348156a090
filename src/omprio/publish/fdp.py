"""The catalog as open data: a Fiscal Data Package (``datapackage.json`` and CSV files).

Three tables in long form, one amount per row, each row saying what it is:

* ``budget.csv`` - every line, adjustment and net row of every measure, per fiscal year, in
  1.000 kr. at the catalog's price base (``2024-PL``), in the budget phase ``proposed``
  (a draft or a catalog in hearing) or ``approved`` (an adopted catalog);
* ``staff.csv`` - staff changes (full-time positions) per measure and year;
* ``overview.csv`` - the OVERBLIK rows and totals as the document states them, and the target;
* ``executed.csv`` (only when asked for, with the figures of a follow-up) - the amounts realized
  per measure and year at the follow-up's date, in the budget phase ``executed``.

The descriptor follows the Fiscal Data Package conventions: ``countryCode``, ``fiscalPeriod``,
a ``columnType`` for every field (``value``, ``date:fiscal-year``, classifications) and, on the
amount fields, ``currency`` (DKK), ``factor`` (1000), ``direction`` and ``phase``, with the
price base and unit in their own columns. Its ``profile`` is ``tabular-data-package``: the
``fiscal-data-package`` profile is a JSON Schema on the web, and a package must validate
offline (``frictionless validate datapackage.json``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from omprio import __version__
from omprio.model import Catalog, Measure
from omprio.money import Amounts
from omprio.publish.edition import file_name

PHASES = {"draft": "proposed", "hearing": "proposed", "adopted": "approved"}
_FACTORS = {"1.000 kr.": 1000, "mio. kr.": 1_000_000, "kr.": 1}


def phase_of(stage: str | None) -> str:
    """The budget phase of a catalog in a workspace stage: ``adopted`` is ``approved``, any
    other stage (or none: a document as published) is ``proposed``."""
    return PHASES.get(stage or "", "proposed")


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _name(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(str.maketrans("æøå", "eoa")))
    return slug.strip("-") or "catalog"


def _csv(header: list[str], rows: Iterator[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _measure_rows(measure: Measure) -> Iterator[tuple[str, str, Amounts]]:
    for line in measure.lines:
        yield "line", line.label, line.amounts
    for line in measure.adjustments:
        yield "adjustment", line.label, line.amounts
    yield "net", "Nettoændringer i driftsudgifter i alt", measure.net


def catalog_fdp(
    catalog: Catalog,
    stage: str | None = None,
    *,
    executed: Mapping[str, Mapping[int, Decimal]] | None = None,
    as_of: date | None = None,
) -> dict[str, bytes]:
    """The package's files by name: ``datapackage.json``, ``budget.csv``, ``staff.csv`` and
    ``overview.csv``; with ``executed`` (realized amounts per measure code and year, of the
    follow-up at ``as_of``) also ``executed.csv``."""
    phase = phase_of(stage)
    price_base = catalog.price_base or ""
    unit = catalog.unit
    department = catalog.department or ""
    budget = _csv(
        [
            "measure_code",
            "measure_title",
            "theme",
            "operating_area",
            "department",
            "sector",
            "kind",
            "label",
            "fiscal_year",
            "amount",
            "price_base",
            "unit",
            "phase",
        ],
        (
            [
                m.code,
                m.title,
                m.theme,
                m.operating_area,
                department,
                m.sector or "",
                kind,
                label,
                str(year),
                _plain(value),
                price_base,
                unit,
                phase,
            ]
            for m in catalog.measures
            for kind, label, amounts in _measure_rows(m)
            for year, value in sorted(amounts.items())
        ),
    )
    staff = _csv(
        ["measure_code", "measure_title", "theme", "operating_area", "fiscal_year", "fte", "phase"],
        (
            [m.code, m.title, m.theme, m.operating_area, str(year), _plain(value), phase]
            for m in catalog.measures
            if m.fte_stated
            for year, value in sorted(m.fte.items())
        ),
    )
    overview_rows: list[list[str]] = []
    for row in catalog.overview:
        for year, value in sorted(row.amounts.items()):
            overview_rows.append(
                [
                    "row",
                    row.section or "",
                    row.theme or "",
                    row.label,
                    row.measure or "",
                    str(year),
                    _plain(value),
                    price_base,
                    unit,
                    phase,
                ]
            )
    for total in catalog.overview_totals:
        for year, value in sorted(total.amounts.items()):
            overview_rows.append(
                [
                    "total",
                    total.section or "",
                    total.theme or "",
                    total.label,
                    "",
                    str(year),
                    _plain(value),
                    price_base,
                    unit,
                    phase,
                ]
            )
    for year, value in sorted(catalog.target.items()):
        overview_rows.append(
            ["target", "", "", "Sparekrav", "", str(year), _plain(value), price_base, unit, phase]
        )
    overview = _csv(
        [
            "kind",
            "section",
            "theme",
            "label",
            "measure_code",
            "fiscal_year",
            "amount",
            "price_base",
            "unit",
            "phase",
        ],
        iter(overview_rows),
    )
    descriptor = _descriptor(catalog, phase)
    files = {
        "budget.csv": budget,
        "staff.csv": staff,
        "overview.csv": overview,
    }
    if executed is not None:
        files["executed.csv"] = _executed(catalog, executed, as_of)
        descriptor["resources"].append(_executed_resource(unit))
    return {
        "datapackage.json": (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode(
            "utf-8"
        ),
        **files,
    }


def _executed(
    catalog: Catalog, executed: Mapping[str, Mapping[int, Decimal]], as_of: date | None
) -> bytes:
    titles = {m.code: m for m in catalog.measures}
    day = as_of.isoformat() if as_of else ""
    rows = []
    for code in sorted(executed):
        known = titles.get(code)
        area = known.operating_area if known else code.split("-", 1)[0]
        for year, value in sorted(executed[code].items()):
            rows.append([code, known.title if known else "", known.theme if known else "", area,
                         str(year), _plain(value), day, catalog.price_base or "", catalog.unit,
                         "executed"])
    return _csv(
        ["measure_code", "measure_title", "theme", "operating_area", "fiscal_year", "amount",
         "as_of", "price_base", "unit", "phase"],
        iter(rows),
    )


def _executed_resource(unit: str) -> dict[str, Any]:
    return {
        "name": "executed",
        "path": "executed.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": "Realized amounts per measure and year at the follow-up's date",
        "schema": {
            "fields": [
                *_MEASURE,
                _YEAR,
                _amount_field("amount", f"Realized ({unit})", unit, "executed"),
                {"name": "as_of", "title": "Follow-up date", "type": "date",
                 "format": "default"},
                _text("price_base", "Price base"),
                _text("unit", "Unit"),
                _PHASE,
            ],
            "missingValues": [""],
        },
    }


def _amount_field(name: str, title: str, unit: str, phase: str) -> dict[str, Any]:
    return {
        "name": name,
        "title": title,
        "type": "number",
        "columnType": "value",
        "currency": "DKK",
        "factor": _FACTORS.get(unit, 1000),
        "unit": unit,
        "direction": "expenditure",
        "phase": phase,
        "description": "Negative amounts are savings (reductions of net operating expenditure).",
    }


def _text(name: str, title: str, column_type: str | None = None, **extra: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "title": title, "type": "string"}
    if column_type:
        field["columnType"] = column_type
    field.update(extra)
    return field


_YEAR = {
    "name": "fiscal_year",
    "title": "Fiscal year",
    "type": "integer",
    "columnType": "date:fiscal-year",
}
_PHASE = _text(
    "phase",
    "Budget phase",
    "phase:id",
    constraints={"enum": ["proposed", "approved", "adjusted", "executed"]},
)
_MEASURE = [
    _text(
        "measure_code",
        "Measure code",
        "activity:generic:project:code",
        constraints={"required": True},
    ),
    _text("measure_title", "Measure title", "activity:generic:project:label"),
    _text("theme", "Theme", "activity:generic:program:code"),
    _text("operating_area", "Operating area", "administrative-classification:generic:level2:code"),
]


def _descriptor(catalog: Catalog, phase: str) -> dict[str, Any]:
    unit = catalog.unit
    years = catalog.years or tuple(sorted({y for m in catalog.measures for y in m.net}))
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": _name(f"{catalog.organisation or ''} {catalog.department or ''} {catalog.title}"),
        "title": " – ".join(x for x in (catalog.title, catalog.department) if x),
        "description": (
            "A municipal reprioritization catalog (omprioriteringskatalog) as a Fiscal Data "
            f"Package: measures, their amounts per year in {unit} at {catalog.price_base or '?'} "
            f"prices, staff changes and the overview. Budget phase: {phase}."
        ),
        "keywords": ["fiscal-data-package", "budget", "omprioriteringskatalog", "Denmark"],
        "countryCode": "DK",
        "fiscalPeriod": (
            {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"} if years else None
        ),
        "currency": "DKK",
        "priceBase": catalog.price_base,
        "unit": unit,
        "phase": phase,
        "sources": [{"title": file_name(catalog.source.path)}],
        "contributors": [{"title": f"omprio {__version__}", "role": "author"}],
        "resources": [
            {
                "name": "budget",
                "path": "budget.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": "Measures: lines, adjustments and net change per year",
                "schema": {
                    "fields": [
                        *_MEASURE,
                        _text(
                            "department",
                            "Department",
                            "administrative-classification:generic:level1:label",
                        ),
                        _text(
                            "sector",
                            "Budget sector",
                            "economic-classification:generic:level1:label",
                        ),
                        _text("kind", "Row", constraints={"enum": ["line", "adjustment", "net"]}),
                        _text("label", "Label"),
                        _YEAR,
                        _amount_field("amount", f"Amount ({unit})", unit, phase),
                        _text("price_base", "Price base"),
                        _text("unit", "Unit"),
                        _PHASE,
                    ],
                    "missingValues": [""],
                },
            },
            {
                "name": "staff",
                "path": "staff.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": "Staff changes in full-time positions per measure and year",
                "schema": {
                    "fields": [
                        *_MEASURE,
                        _YEAR,
                        {
                            "name": "fte",
                            "title": "Staff change (full-time positions)",
                            "type": "number",
                            "columnType": "value",
                            "unit": "full-time positions",
                        },
                        _PHASE,
                    ],
                    "missingValues": [""],
                },
            },
            {
                "name": "overview",
                "path": "overview.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": "The overview as stated in the document, its totals and the target",
                "schema": {
                    "fields": [
                        _text("kind", "Row", constraints={"enum": ["row", "total", "target"]}),
                        _text("section", "Section"),
                        _text("theme", "Theme", "activity:generic:program:code"),
                        _text("label", "Label"),
                        _text("measure_code", "Measure code", "activity:generic:project:code"),
                        _YEAR,
                        _amount_field("amount", f"Amount ({unit})", unit, phase),
                        _text("price_base", "Price base"),
                        _text("unit", "Unit"),
                        _PHASE,
                    ],
                    "missingValues": [""],
                },
            },
        ],
    }
    if package["fiscalPeriod"] is None:
        del package["fiscalPeriod"]
    return package


def package_zip(files: Mapping[str, bytes]) -> bytes:
    """The package as one .zip file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()
