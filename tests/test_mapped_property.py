"""A property of reading by a column mapping: any catalog written to a CSV in any column order,
with either delimiter and either decimal convention (with or without thousands separators),
reads back by a mapping to the same codes, titles, amounts and staff changes, exactly; and read
without saying the convention, it is either exact or says that it guessed (``mapped-decimals``)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omprio.read import load_bytes
from omprio.read.mapping import parse_mapping

CODES = st.from_regex(r"[A-ZÆØÅ]{1,4}-[0-9]{1,3}[A-Z]?", fullmatch=True)
TITLES = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "Zs", "S"), blacklist_characters="\u2028"),
    min_size=1, max_size=40,
).map(lambda text: " ".join(text.split())).filter(bool)
AMOUNTS = st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False,
                      allow_infinity=False)
STAFF = st.decimals(min_value=-500, max_value=500, places=1, allow_nan=False,
                    allow_infinity=False)


def written(value: Decimal, convention: str, grouped: bool) -> str:
    """``value`` as a spreadsheet writes it: Danish ``-1.234,5`` or English ``-1,234.5``."""
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    fraction = fraction.rstrip("0")
    thousands, point = (".", ",") if convention == "da" else (",", ".")
    if grouped:
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = thousands.join([whole, *groups])
    return sign + whole + (point + fraction if fraction else "")


@st.composite
def catalogs(draw: st.DrawFn) -> dict[str, object]:
    first = draw(st.integers(2020, 2090))
    years = list(range(first, first + draw(st.integers(1, 4))))
    codes = draw(st.lists(CODES, min_size=1, max_size=12, unique=True))
    measures = [
        {"code": code, "title": draw(TITLES),
         "net": {year: draw(AMOUNTS) for year in years},
         "fte": {year: draw(STAFF) for year in years}}
        for code in codes
    ]
    return {"years": years, "measures": measures}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), data=st.data())
def test_a_catalog_written_in_any_columns_reads_back_by_its_mapping(
    catalog: dict[str, object], data: st.DataObject
) -> None:
    years: list[int] = catalog["years"]  # type: ignore[assignment]
    measures: list[dict[str, object]] = catalog["measures"]  # type: ignore[assignment]
    columns = [("code", "Nr"), ("title", "Forslag"), ("other", "Ansvarlig")]
    columns += [(f"amount.{year}", f"B{year}") for year in years]
    columns += [(f"fte.{year}", f"Årsværk {year}") for year in years]
    order = data.draw(st.permutations(columns))
    delimiter = data.draw(st.sampled_from([";", ",", "\t"]))
    convention = data.draw(st.sampled_from(["da", "en"]))
    grouped = data.draw(st.booleans())
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig"]))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([heading for _, heading in order])
    for measure in measures:
        row = []
        for field, _ in order:
            kind, _, year = field.partition(".")
            if field == "other":
                row.append("x")
            elif kind in ("amount", "fte"):
                values = measure["net" if kind == "amount" else "fte"]
                row.append(written(values[int(year)], convention, grouped))  # type: ignore[index]
            else:
                row.append(str(measure[field]))
        writer.writerow(row)
    payload = out.getvalue().encode(encoding)
    items = [f"{field}={heading}" for field, heading in order if field != "other"]

    loaded = load_bytes(payload, "katalog.csv", parse_mapping(items, decimals=convention))
    got = [(m.code, m.title, dict(m.net), dict(m.fte)) for m in loaded.catalog.measures]
    assert got == [(m["code"], m["title"], m["net"], m["fte"]) for m in measures]
    assert loaded.catalog.years == tuple(years)
    assert [m.source.line for m in loaded.catalog.measures] == list(
        range(2, len(measures) + 2))

    guessed = load_bytes(payload, "katalog.csv", parse_mapping(items))
    warned = any(f.rule == "mapped-decimals" for f in guessed.findings)
    same = [(m.code, dict(m.net), dict(m.fte)) for m in guessed.catalog.measures] == [
        (m["code"], m["net"], m["fte"]) for m in measures]
    assert same or warned
