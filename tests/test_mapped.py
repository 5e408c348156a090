"""A spreadsheet in a municipality's own columns, read by a column mapping (issue 13 item 4):
CSV (``;`` or ``,``, UTF-8 with or without BOM, cp1252) and XLSX, Danish and English decimals
read exactly, mio. kr. converted, sum rows checked against the rows, and what is wrong with a
mapping or a file said as a ``read.map.*`` value."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from omprio.check import check_catalog
from omprio.findings import Finding
from omprio.read import Loaded, ReadError, load, load_bytes
from omprio.read.mapped import style
from omprio.read.mapping import (
    Mapping,
    MappingProblem,
    guess_mapping,
    mapping_from_json,
    parse_mapping,
)

BASIC = ["code=Nr", "title=Forslag", "theme=Tema", "amount.2025=2025", "amount.2026=2026",
         "fte.2025=Årsværk"]


def mapping(*extra: str, **options: str) -> Mapping:
    return parse_mapping([*BASIC, *extra], **options)


def csv_bytes(rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    def cell(value: str) -> str:
        if delimiter in value or '"' in value or "\n" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(delimiter.join(cell(v) for v in row) + "\r\n" for row in rows).encode(encoding)


HEAD = ["Nr", "Forslag", "Tema", "2025", "2026", "Årsværk"]
DANISH = [
    HEAD,
    ["BU-1", "Færre pladser i SFO", "Børn og unge", "-1.234,5", "-2.000", "-1,5"],
    ["BU-2", "Lukket klub", "Børn og unge", "-500", "-10,5", "0"],
    ["ÆL-1", "Mindre rengøring", "Ældre", "-1.000.000", "", "-0,5"],
    ["", "I alt", "", "-1.001.734,5", "-2.010,5", "-2"],
]


def errors(loaded: Loaded) -> list[Finding]:
    return [f for f in [*loaded.findings, *check_catalog(loaded.catalog)] if f.is_error]


def rules(loaded: Loaded) -> list[str]:
    return [f.rule for f in [*loaded.findings, *check_catalog(loaded.catalog)]]


def test_danish_csv_with_semicolons_reads_every_amount_exactly() -> None:
    loaded = load_bytes(csv_bytes(DANISH), "katalog.csv", mapping())
    catalog = loaded.catalog
    assert [m.code for m in catalog.measures] == ["BU-1", "BU-2", "ÆL-1"]
    first, second, third = catalog.measures
    assert first.net == {2025: Decimal("-1234.5"), 2026: Decimal("-2000")}
    assert second.net == {2025: Decimal("-500"), 2026: Decimal("-10.5")}
    assert third.net == {2025: Decimal("-1000000"), 2026: Decimal(0)}  # an empty cell is 0
    assert first.fte == {2025: Decimal("-1.5")} and third.fte == {2025: Decimal("-0.5")}
    assert catalog.years == (2025, 2026) and catalog.period == "2025-2026"
    assert catalog.price_base == "2025-PL" and catalog.unit == "1.000 kr."
    assert [(t.code, t.title) for t in catalog.themes] == [("1", "Børn og unge"), ("2", "Ældre")]
    assert [m.theme for m in catalog.measures] == ["1", "1", "2"]
    # Every measure's source is the file and its spreadsheet row; the sum row is a total.
    assert [str(m.source) for m in catalog.measures] == [
        "katalog.csv:2", "katalog.csv:3", "katalog.csv:4"]
    (total,) = catalog.overview_totals
    assert total.label == "I alt" and str(total.source) == "katalog.csv:5"
    assert total.amounts == {2025: Decimal("-1001734.5"), 2026: Decimal("-2010.5")}
    assert [row.measure for row in catalog.overview] == ["BU-1", "BU-2", "ÆL-1"]
    assert errors(loaded) == []
    assert "mapped-decimals" not in rules(loaded)  # "1.234,5" and "10,5" decide: Danish


def test_a_sum_row_that_differs_from_the_rows_is_an_error_at_its_row() -> None:
    wrong = [*DANISH[:-1], ["", "I alt", "", "-1.001.734,5", "-2.011", "-2"]]
    loaded = load_bytes(csv_bytes(wrong), "katalog.csv", mapping())
    (finding,) = errors(loaded)
    assert finding.rule == "section-total" and finding.year == 2026
    assert str(finding.source) == "katalog.csv:5"
    assert "-2.011" in finding.message("da") and "-2.010,5" in finding.message("da")


@pytest.mark.parametrize("label", ["Total", "SUM", "i alt", "Samlet"])
def test_sum_words_in_the_code_column_make_a_sum_row(label: str) -> None:
    rows = [*DANISH[:-1], [label, "", "", "-1.001.734,5", "-2.010,5", "-2"]]
    loaded = load_bytes(csv_bytes(rows), "k.csv", mapping())
    assert len(loaded.catalog.measures) == 3
    assert [t.label for t in loaded.catalog.overview_totals] == [label]
    assert errors(loaded) == []


def test_a_theme_subtotal_is_checked_against_its_theme() -> None:
    rows = [*DANISH[:3], ["", "I alt børn", "Børn og unge", "-1.734,5", "-2.010,5", ""],
            DANISH[3]]
    loaded = load_bytes(csv_bytes(rows), "k.csv", mapping())
    (total,) = loaded.catalog.overview_totals
    assert total.theme == "1"
    assert errors(loaded) == []
    rows[3][3] = "-1.734"
    (finding,) = errors(load_bytes(csv_bytes(rows), "k.csv", mapping()))
    assert finding.rule == "section-total" and finding.year == 2025


def test_english_csv_with_commas_and_quoted_thousands() -> None:
    rows = [HEAD,
            ["A-1", "Fewer places", "Children", "-1,234.5", "-2,000", "-1.5"],
            ["A-2", "Closed club", "Children", "-500", "-10.25", "0.5"],
            ["Total", "", "", "-1,734.5", "-2,010.25", "-1"]]
    loaded = load_bytes(csv_bytes(rows, ","), "catalog.csv", mapping())
    first, second = loaded.catalog.measures
    assert first.net == {2025: Decimal("-1234.5"), 2026: Decimal("-2000")}
    assert second.net == {2025: Decimal("-500"), 2026: Decimal("-10.25")}
    assert first.fte == {2025: Decimal("-1.5")} and second.fte == {2025: Decimal("0.5")}
    assert errors(loaded) == []


def test_cp1252_and_bom() -> None:
    cp1252 = load_bytes(csv_bytes(DANISH, encoding="cp1252"), "gammel.csv", mapping())
    assert [m.title for m in cp1252.catalog.measures][2] == "Mindre rengøring"
    assert cp1252.catalog.measures[2].code == "ÆL-1"
    assert cp1252.findings[0].rule == "encoding"
    bom = load_bytes(b"\xef\xbb\xbf" + csv_bytes(DANISH), "bom.csv", mapping())
    assert [m.code for m in bom.catalog.measures] == ["BU-1", "BU-2", "ÆL-1"]
    assert "encoding" not in rules(bom)


def test_million_kroner_are_converted_exactly_to_thousands() -> None:
    rows = [HEAD, ["X-1", "Et", "", "-1,5", "-0,001", "-2"],
            ["X-2", "To", "", "-12,345678", "3", "0"]]
    loaded = load_bytes(csv_bytes(rows), "mio.csv", mapping(unit="mio. kr."))
    first, second = loaded.catalog.measures
    assert first.net == {2025: Decimal("-1500"), 2026: Decimal("-1")}
    assert second.net == {2025: Decimal("-12345.678"), 2026: Decimal("3000")}
    assert first.fte == {2025: Decimal("-2")}  # staff is never scaled
    assert loaded.catalog.unit == "1.000 kr."


def test_cells_that_read_either_way_are_read_by_the_delimiter_with_a_warning() -> None:
    rows = [HEAD, ["X-1", "Et", "", "-1.000", "-2.500", "0"]]
    danish = load_bytes(csv_bytes(rows), "k.csv", mapping())
    assert danish.catalog.measures[0].net == {2025: Decimal(-1000), 2026: Decimal(-2500)}
    (warned,) = [f for f in danish.findings if f.rule == "mapped-decimals"]
    assert warned.key == "mapped-decimals.da" and "--decimals en" in warned.message("en")
    english = load_bytes(csv_bytes(rows), "k.csv", mapping(decimals="en"))
    assert english.catalog.measures[0].net == {2025: Decimal(-1), 2026: Decimal("-2.5")}
    assert "mapped-decimals" not in rules(english)
    comma = [HEAD, ["X-1", "One", "", "-1,000", "-2,500", "0"]]
    read = load_bytes(csv_bytes(comma, ","), "k.csv", mapping())
    assert read.catalog.measures[0].net == {2025: Decimal(-1000), 2026: Decimal(-2500)}
    assert [f.key for f in read.findings if f.rule == "mapped-decimals"] == [
        "mapped-decimals.en"]


def test_danish_and_english_numbers_in_one_file_are_refused() -> None:
    rows = [HEAD, ["X-1", "Et", "", "-1.234,5", "0", "0"], ["X-2", "To", "", "-2.5", "0", "0"]]
    with pytest.raises(ReadError) as caught:
        load_bytes(csv_bytes(rows), "blandet.csv", mapping())
    assert caught.value.key == "read.map.mixed_decimals"
    assert "-1.234,5" in caught.value.reason and "-2.5" in caught.value.reason
    assert "række 3" in caught.value.reason_da


@pytest.mark.parametrize(
    ("token", "kind"),
    [("-1.234,5", "da"), ("10,5", "da"), ("1.000.000", "da"), ("-1,234.5", "en"),
     ("0.5", "en"), ("1,000,000", "en"), ("-1.000", "either"), ("1,250", "either"),
     ("-1000", None), ("0,500", "da"), ("(1.000)", "either")],
)
def test_style_of_a_number(token: str, kind: str | None) -> None:
    assert style(token) == kind


def _xlsx(rows: list[list[object]], title: str = "Forslag", before: int = 0) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Forside"
    sheet.append(["Kommunens katalog"])
    data = book.create_sheet(title)
    for _ in range(before):
        data.append(["Omprioriteringskatalog 2025-2026"])
    for row in rows:
        data.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_numbers_and_danish_text_cells_and_a_title_row() -> None:
    rows: list[list[object]] = [
        ["Nr", "Forslag", "Tema", 2025, 2026, "Årsværk"],
        ["BU-1", "Færre pladser", "Børn", -1234.5, -2000, -1.5],
        ["BU-2", "Lukket klub", "Børn", "-1.234,5", "-0,1", 0.1],
        [None, "I alt", None, -2469, -2000.1, -1.4],
    ]
    loaded = load_bytes(_xlsx(rows, before=2), "ark.xlsx", mapping())
    first, second = loaded.catalog.measures
    assert first.net == {2025: Decimal("-1234.5"), 2026: Decimal("-2000")}
    assert second.net == {2025: Decimal("-1234.5"), 2026: Decimal("-0.1")}
    assert second.fte == {2025: Decimal("0.1")}
    assert str(first.source) == "ark.xlsx[Forslag]:4"  # the sheet and its row
    assert errors(loaded) == []


def test_xlsx_sheet_by_name_and_a_missing_sheet() -> None:
    rows: list[list[object]] = [["Nr", "Forslag", "2025"], ["A-1", "Et", -5]]
    data = _xlsx(rows, title="Ark 2")
    two = ["code=Nr", "title=Forslag", "amount.2025=2025"]
    assert load_bytes(data, "a.xlsx", parse_mapping(two, sheet="Ark 2")).catalog.measures
    with pytest.raises(ReadError) as caught:
        load_bytes(data, "a.xlsx", parse_mapping(two, sheet="Ark 3"))
    assert caught.value.key == "read.map.no_sheet" and "Forside, Ark 2" in caught.value.reason


def test_rows_with_text_but_no_code_nor_amounts_are_left_out_with_a_notice() -> None:
    rows = [HEAD, ["", "Tema 1: Børn", "", "", "", ""], *DANISH[1:3]]
    loaded = load_bytes(csv_bytes(rows), "k.csv", mapping())
    assert [m.code for m in loaded.catalog.measures] == ["BU-1", "BU-2"]
    (skipped,) = [f for f in loaded.findings if f.rule == "mapped-row-skipped"]
    assert skipped.source.line == 2 and "Tema 1: Børn" in skipped.message("da")


def test_texts_lines_and_the_price_base() -> None:
    head = ["Nr", "Forslag", "Beskrivelse", "Konsekvenser", "Sektor", "Budget", "Pct", "Note",
            "2025", "Løn 2025", "Andet 2025"]
    rows = [head, ["K-1", "Et", "Vi gør mindre.", "Færre timer.", "Skole",
                   "Budget: 12,5 mio. kr.", "3 %", "a\nb", "-100", "-60", "-40"]]
    fields = ["code=Nr", "title=Forslag", "description=Beskrivelse", "consequences=Konsekvenser",
              "sector=Sektor", "area_budget=Budget", "savings_pct=Pct", "notes=Note",
              "amount.2025=2025", "line.Løn.2025=Løn 2025", "line.Andet.2025=Andet 2025"]
    loaded = load_bytes(csv_bytes(rows), "k.csv", parse_mapping(fields, price_base="2024"))
    (measure,) = loaded.catalog.measures
    assert measure.description == "Vi gør mindre.\n\nFærre timer."
    assert measure.sector == "Skole" and measure.stated_savings_pct == "3 %"
    assert measure.area_budget is not None
    assert measure.area_budget.amounts_dkk == (Decimal(12_500_000),)
    assert measure.notes == ("a", "b")
    assert [(line.label, line.amounts) for line in measure.lines] == [
        ("Løn", {2025: Decimal(-60)}), ("Andet", {2025: Decimal(-40)})]
    assert loaded.catalog.price_base == "2024-PL"
    assert "mapped-price-base" not in rules(loaded)
    assert errors(loaded) == []
    rows[1][10] = "-41"  # the lines no longer add up to the net
    assert [f.rule for f in errors(load_bytes(csv_bytes(rows), "k.csv",
                                              parse_mapping(fields)))] == ["line-sum"]


@pytest.mark.parametrize(
    ("items", "key"),
    [
        (["code=Nr", "title=Forslag"], "read.map.no_amount"),
        (["title=Forslag", "amount.2025=2025"], "read.map.required"),
        (["code=Nr", "amount.2025=2025"], "read.map.required"),
        (["code=Nr", "title=Forslag", "amount.2025=2025", "titel=X"], "read.map.twice"),
        (["code=Nr", "title=Forslag", "amount.2025=2025", "colour=X"], "read.map.unknown_field"),
        (["code=Nr", "title=Forslag", "amount.1899=2025"], "read.map.year"),
        (["code=Nr", "title=Forslag", "amount.2100=2025"], "read.map.year"),
        (["code=Nr", "title=Forslag", "amount.next=2025"], "read.map.year"),
        (["code=Nr", "title=Forslag", "amount=2025"], "read.map.year_missing"),
        (["code=Nr", "title=Forslag", "amount.2025"], "read.map.syntax"),
        (["code=", "title=Forslag", "amount.2025=2025"], "read.map.syntax"),
    ],
)
def test_what_is_wrong_with_a_mapping(items: list[str], key: str) -> None:
    with pytest.raises(MappingProblem) as caught:
        parse_mapping(items)
    assert caught.value.key == key
    assert caught.value.text("da") != caught.value.text("en")


@pytest.mark.parametrize(
    ("options", "key"),
    [({"unit": "kroner"}, "read.map.unit"), ({"decimals": "fr"}, "read.map.decimals"),
     ({"price_base": "næste år"}, "read.map.price_base"),
     ({"price_base": "1800"}, "read.map.year")],
)
def test_what_is_wrong_with_the_options_of_a_mapping(options: dict[str, str], key: str) -> None:
    with pytest.raises(MappingProblem) as caught:
        mapping(**options)
    assert caught.value.key == key


@pytest.mark.parametrize(
    ("rows", "items", "key"),
    [
        (DANISH, [*BASIC, "sector=Sektor"], "read.map.no_column"),
        ([*DANISH, ["BU-1", "Igen", "", "1", "1", "1"]], BASIC, "read.map.duplicate"),
        ([HEAD, ["A", "B", "", "mange", "1", "1"]], BASIC, "read.map.not_number"),
        ([HEAD, ["A", "B", "", "1e400", "1", "1"]], BASIC, "read.map.not_number"),
        ([HEAD, ["A", "B", "", "1" * 20, "1", "1"]], BASIC, "read.map.refused"),
        ([HEAD, ["", "I alt", "", "1", "1", "1"]], BASIC, "read.map.no_rows"),
        ([[*HEAD, "2025"], ["A", "B", "", "1", "1", "1", "2"]], BASIC, "read.map.column_twice"),
    ],
)
def test_a_file_that_cannot_be_read_as_the_mapping_says(
    rows: list[list[str]], items: list[str], key: str
) -> None:
    with pytest.raises(ReadError) as caught:
        load_bytes(csv_bytes(rows), "k.csv", parse_mapping(items))
    assert caught.value.key == key
    assert caught.value.reason and caught.value.reason_da != caught.value.reason


def test_a_missing_column_names_the_columns_there_are() -> None:
    with pytest.raises(ReadError) as caught:
        load_bytes(csv_bytes(DANISH), "k.csv", mapping("sector=Sektor"))
    assert "“Sektor”" in caught.value.reason and "“Årsværk”" in caught.value.reason


def test_limits_of_rows_hold_for_a_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    import omprio.read.tables as tables

    monkeypatch.setattr(tables, "MAX_ROWS", 3)
    with pytest.raises(ReadError) as caught:
        load_bytes(csv_bytes(DANISH), "k.csv", mapping())
    assert caught.value.key == "read.sheet.rows"


def test_not_a_spreadsheet() -> None:
    with pytest.raises(ReadError) as caught:
        load_bytes(b"Omprioriteringskatalog\nuden kolonner\n", "k.txt", mapping())
    assert caught.value.key == "read.map.not_table"


def test_guessing_a_mapping_from_headings() -> None:
    guessed = guess_mapping(["Nr.", "Forslag", "Tema", "Beskrivelse", "Konsekvenser for borgerne",
                             "B2025", "2026 (1.000 kr.)", "Årsværk", "Bemærkninger"])
    assert guessed == {"code": "Nr.", "title": "Forslag", "theme": "Tema",
                       "description": "Beskrivelse", "consequences": "Konsekvenser for borgerne",
                       "amount.2025": "B2025", "amount.2026": "2026 (1.000 kr.)",
                       "fte.2025": "Årsværk", "notes": "Bemærkninger"}
    assert guess_mapping(["Titel", "Årsværk 2027", "2027"]) == {
        "title": "Titel", "fte.2027": "Årsværk 2027", "amount.2027": "2027"}


def test_a_mapping_as_json_and_back() -> None:
    chosen = mapping("line.Løn.2025=Løn", unit="mio", decimals="EN", price_base="PL 2024",
                     sheet="Ark")
    assert chosen.unit == "mio. kr." and chosen.decimals == "en"
    assert chosen.price_base == "2024-PL"
    assert mapping_from_json(chosen.to_json()) == chosen
    with pytest.raises(MappingProblem):
        mapping_from_json({"columns": "code=Nr"})


def test_load_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes(csv_bytes(DANISH))
    assert [m.code for m in load(path, mapping()).catalog.measures] == ["BU-1", "BU-2", "ÆL-1"]


def test_sniffing_tells_a_spreadsheet_from_a_catalog(seed_text: str) -> None:
    from omprio.read.tables import sniff_table

    sniffed = sniff_table(csv_bytes(DANISH), "k.csv")
    assert sniffed is not None and sniffed.headings == tuple(HEAD) and sniffed.sheet is None
    assert sniff_table(csv_bytes(DANISH), "eksport.txt") is not None  # regular rows
    assert sniff_table(seed_text.encode(), "katalog.txt") is None
    assert sniff_table(b"En, to\nog tre, fire, fem\nseks\n", "noter.txt") is None
    assert sniff_table(b"%PDF-1.7\n", "k.pdf") is None
    assert sniff_table(b'{"format": "omprio.catalog/1"}', "k.json") is None
