"""The layouts on variants written here: other departments, 3 and 5 years, mio. kr. with decimal
commas, more groups and frames, phased measures, wrong subtotals, short rows, bad cells, mixed
units and a business case without its table. Every expected value is an argument of the text."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import run_omprio
from layout_texts import CaseRow, ListRow, Proposal, business_case, list_catalog
from omprio.check import check_catalog
from omprio.findings import Finding
from omprio.read import Loaded, load_bytes
from pdf_maker import render_pdf


def read(text: str, name: str = "variant.txt") -> Loaded:
    return load_bytes(text.encode("utf-8"), name)


def amounts(years: tuple[int, ...], *values: str) -> dict[int, Decimal]:
    return dict(zip(years, map(Decimal, values), strict=True))


def rules(findings: tuple[Finding, ...] | list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def _proposal(code: str, years: int, *, subtotal: str | None = None, frame: str = "Service",
              extra_group: bool = False, net_label: str = "Samlet pengestrøm i forslaget",
              department: str = "Børne- og Ungdomsforvaltningen") -> Proposal:
    """A proposal with -100·k per year on two lines, a one-off of 50 in the first year."""
    first = [str(-100 * (k + 1)) for k in range(years)]
    second = [str(-10 * (k + 1)) for k in range(years)]
    permanent = [str(int(a) + int(b)) for a, b in zip(first, second, strict=True)]
    one_off = ["50"] + ["0"] * (years - 1)
    groups: list[tuple[str, list[CaseRow], tuple[str, list[str]] | None]] = [
        ("Varige ændringer",
         [CaseRow("Færre pladser", frame, first), CaseRow("Lavere husleje", "Service", second)],
         ("Samlet varig ændring", [subtotal or p for p in permanent])),
        ("Implementeringsomkostninger", [CaseRow("Omstilling", "Service", one_off)], None),
    ]
    net = [str(int(p) + int(o)) for p, o in zip(permanent, one_off, strict=True)]
    if extra_group:
        groups.append(("Midlertidige ændringer",
                       [CaseRow("Dobbeltdrift", "Anlæg", ["20"] * years)],
                       ("Samlet midlertidig ændring", ["20"] * years)))
        net = [str(int(n) + 20) for n in net]
    return Proposal(code, f"Forslag {code}", department, "Effektivisering", groups,
                    (net_label, net), ["-1,5"] * years)


# -- business cases -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 5])
def test_another_department_with_3_or_5_years(count: int) -> None:
    years = tuple(range(2026, 2026 + count))
    text = business_case(
        [_proposal("BUF-E07", count), _proposal("BUF-E08", count, frame="Overførsler")],
        years, department="Børne- og Ungdomsforvaltningen",
    )
    loaded = read(text)
    assert loaded.layout == "kbh-business-case" and loaded.findings == ()
    assert check_catalog(loaded.catalog) == []
    catalog = loaded.catalog
    assert catalog.years == years and catalog.price_base == "2026-PL"
    assert catalog.department == "Børne- og Ungdomsforvaltningen"
    assert [m.code for m in catalog.measures] == ["BUF-E07", "BUF-E08"]
    measure = catalog.measures[1]
    assert measure.years == years
    assert [(x.label, x.frame) for x in measure.lines] == [
        ("Færre pladser", "Overførsler"), ("Lavere husleje", "Service"), ("Omstilling", "Service")
    ]
    assert measure.lines[0].amounts == amounts(years, *(str(-100 * (k + 1)) for k in range(count)))
    assert measure.net == amounts(
        years, *(str(-110 * (k + 1) + (50 if k == 0 else 0)) for k in range(count))
    )
    assert measure.fte == amounts(years, *(["-1.5"] * count))


def test_more_groups_and_other_frames() -> None:
    years = (2025, 2026, 2027, 2028)
    loaded = read(business_case([_proposal("ØKF-E01", 4, extra_group=True)], years))
    assert loaded.findings == () and check_catalog(loaded.catalog) == []
    measure = loaded.catalog.measures[0]
    assert [x.group for x in measure.lines] == [
        "Varige ændringer", "Varige ændringer", "Implementeringsomkostninger",
        "Midlertidige ændringer",
    ]
    assert measure.lines[-1].frame == "Anlæg"
    assert [(s.label, s.group) for s in measure.subtotals] == [
        ("Samlet varig ændring", "Varige ændringer"),
        ("Samlet midlertidig ændring", "Midlertidige ændringer"),
    ]


def test_a_wrong_subtotal_is_the_subtotal_rules_finding() -> None:
    years = (2025, 2026, 2027)
    loaded = read(business_case([_proposal("SOF-E09", 3, subtotal="-300")], years))
    assert loaded.findings == ()
    found = [f for f in check_catalog(loaded.catalog) if f.rule == "subtotal"]
    # stated -300 in every year; the lines give -110, -220 and -330
    assert [(f.measure, f.year) for f in found] == [
        ("SOF-E09", 2025), ("SOF-E09", 2026), ("SOF-E09", 2027)
    ]
    assert all(f.is_error for f in found)
    message = found[0].message("en")
    assert "Samlet varig ændring" in message and "-110" in message and "Varige ændringer" in message
    assert "Samlet varig ændring" in found[0].message("da")
    assert "line-sum" not in rules(check_catalog(loaded.catalog))  # the net is right


def test_mio_kr_with_decimal_commas_is_converted_exactly() -> None:
    years = (2025, 2026, 2027)
    proposal = Proposal(
        "TMF-E02", "Færre vejlys", "Teknik- og Miljøforvaltningen", "Effektivisering",
        [("Varige ændringer", [CaseRow("Slukning om natten", "Service", ["-1,25", "-2,5",
                                                                         "-0,001"])],
          ("Samlet varig ændring", ["-1,25", "-2,5", "-0,001"]))],
        ("Samlet pengestrøm i forslaget", ["-1,25", "-2,5", "-0,001"]), ["-0,5", "-1", "-1"],
    )
    loaded = read(business_case([proposal], years, unit="mio. kr."))
    assert loaded.findings == () and check_catalog(loaded.catalog) == []
    measure = loaded.catalog.measures[0]
    assert loaded.catalog.unit == "1.000 kr." and measure.unit == "1.000 kr."
    assert measure.net == {2025: Decimal("-1250"), 2026: Decimal("-2500"), 2027: Decimal("-1")}
    assert measure.subtotals[0].amounts == measure.net
    assert measure.fte == amounts(years, "-0.5", "-1", "-1")  # staff is never converted
    assert all(isinstance(v, Decimal) for v in measure.net.values())


def test_a_business_case_in_another_unit_than_the_rest_is_converted_with_a_warning() -> None:
    years = (2025, 2026)
    thousand = _proposal("SOF-E01", 2)
    million = Proposal(
        "SOF-E02", "I millioner", "Socialforvaltningen", "Effektivisering",
        [("Varige ændringer", [CaseRow("Noget", "Service", ["-0,5", "-1"])], None)],
        ("Samlet pengestrøm i forslaget", ["-0,5", "-1"]), None,
    )
    text = business_case([thousand, _proposal("SOF-E03", 2)], years)
    text += business_case([million], years, unit="mio. kr.").split("\n\n", 1)[1]
    loaded = read(text)
    mixed = [f for f in loaded.findings if f.rule == "layout-unit"]
    assert [(f.key, f.measure, f.severity.value) for f in mixed] == [
        ("layout-unit.mixed", "SOF-E02", "warning")
    ]
    assert loaded.catalog.measure("SOF-E02").net == amounts(years, "-500", "-1000")  # type: ignore[union-attr]


def test_a_header_naming_two_units_is_an_error_and_its_amounts_are_not_read() -> None:
    years = (2025, 2026)
    text = business_case([_proposal("SOF-E01", 2)], years, unit="1.000 kr. / mio. kr.")
    loaded = read(text)
    assert [(f.rule, f.key) for f in loaded.findings] == [("layout-unit", "layout-unit.ambiguous")]
    assert loaded.findings[0].is_error
    measure = loaded.catalog.measures[0]
    assert all(line.amounts == {} for line in measure.lines) and measure.net == {}


def test_a_business_case_without_its_table_is_a_finding_and_the_others_are_read() -> None:
    years = (2025, 2026, 2027, 2028)
    empty = Proposal("SOF-E05", "Uden tal", "Socialforvaltningen", "Udvikling", [], None, None,
                     table=False)
    loaded = read(business_case([_proposal("SOF-E04", 4), empty], years))
    assert [(f.rule, f.key, f.measure) for f in loaded.findings] == [
        ("table-unreadable", "table-unreadable.no-table", "SOF-E05")
    ]
    assert [m.code for m in loaded.catalog.measures] == ["SOF-E04", "SOF-E05"]
    assert loaded.catalog.measures[1].net == {} and not loaded.catalog.measures[1].fte_stated


def test_business_cases_without_the_opening_line_and_a_wrapped_title() -> None:
    years = (2025, 2026)
    text = business_case([_proposal("SOF-E01", 2), _proposal("SOF-E02", 2)], years,
                         opening=False)
    text = text.replace("Forslag: Forslag SOF-E02", "Forslag: Forslag SOF-E02 med en titel der\n"
                        "fortsætter på næste linje")
    loaded = read(text)
    assert loaded.findings == ()
    assert [m.title for m in loaded.catalog.measures] == [
        "Forslag SOF-E01", "Forslag SOF-E02 med en titel der fortsætter på næste linje"
    ]


def test_a_short_row_in_a_business_case_names_the_row() -> None:
    years = (2025, 2026, 2027, 2028)
    text = business_case([_proposal("SOF-E01", 4)], years).replace(
        "-100      -200      -300      -400", "-200      -300      -400"
    )
    loaded = read(text)
    found = [f for f in loaded.findings if f.rule == "table-row"]
    assert len(found) == 1 and found[0].measure == "SOF-E01"
    assert "Færre pladser" in found[0].message("en") and "3" in found[0].message("en")
    assert loaded.catalog.measures[0].lines[0].amounts == {}  # never shifted


# -- list catalogs ------------------------------------------------------------------------------


def _list_rows(years: int, fte: bool) -> list[tuple[str, list[ListRow], list[str] | None]]:
    def cells(values: list[str], staff: str) -> list[str]:
        return values + ([staff] if fte else [])

    first = [ListRow("SU-1", "Færre vikarer", cells(["-100"] * years, "-1,0")),
             ListRow("SU-2", "Ny vagtplan", cells(["–"] + ["-50"] * (years - 1), "0,0"))]
    second = [ListRow("SU-3", "Lukning af klub 2", cells(["-30"] * years, "-0,5"))]
    sub1 = [str(-150 if k else -100) for k in range(years)]
    sub2 = ["-30"] * years
    return [("Sundhed", first, sub1), ("Omsorg og ældre", second, sub2)]


@pytest.mark.parametrize(("count", "fte"), [(3, False), (5, True)])
def test_a_list_with_3_or_5_years_with_and_without_staff(count: int, fte: bool) -> None:
    years = tuple(range(2027, 2027 + count))
    total = [str(-130 if k == 0 else -180) for k in range(count)]
    text = list_catalog(_list_rows(count, fte), years, total=total, fte=fte,
                        department="Sundheds- og Omsorgsforvaltningen")
    loaded = read(text)
    assert loaded.layout == "list-catalog" and loaded.findings == ()
    # without the Årsværk column every measure lacks staff: a warning each, nothing else
    assert rules(check_catalog(loaded.catalog)) == ([] if fte else ["fte-missing"] * 3)
    catalog = loaded.catalog
    assert catalog.years == years and catalog.department == "Sundheds- og Omsorgsforvaltningen"
    assert [(m.code, m.title, m.theme) for m in catalog.measures] == [
        ("SU-1", "Færre vikarer", "1"), ("SU-2", "Ny vagtplan", "1"),
        ("SU-3", "Lukning af klub 2", "2"),
    ]
    assert catalog.measures[1].net == amounts(years, "0", *(["-50"] * (count - 1)))
    assert catalog.measures[2].fte == ({years[-1]: Decimal("-0.5")} if fte else {})
    assert catalog.measures[0].fte_stated is fte
    assert [(t.code, t.title) for t in catalog.themes] == [("1", "Sundhed"),
                                                          ("2", "Omsorg og ældre")]
    assert [t.theme for t in catalog.overview_totals] == ["1", "2", None]
    assert catalog.target == amounts(years, *total)


def test_a_list_in_mio_kr_with_decimal_commas() -> None:
    years = (2025, 2026, 2027)
    groups = [("Skoler", [ListRow("BU-1", "Større klasser", ["-1,2", "-2,45", "-3"]),
                          ListRow("BU-2", "Færre timer", ["-0,05", "–", "0,125"])],
               ["-1,25", "-2,45", "-2,875"])]
    loaded = read(list_catalog(groups, years, total=["-1,25", "-2,45", "-2,875"],
                               unit="mio. kr.", fte=False))
    assert loaded.findings == ()
    assert rules(check_catalog(loaded.catalog)) == ["fte-missing", "fte-missing"]
    first, second = loaded.catalog.measures
    assert first.net == amounts(years, "-1200", "-2450", "-3000")
    assert second.net == amounts(years, "-50", "0", "125")
    assert loaded.catalog.overview_totals[0].amounts == amounts(years, "-1250", "-2450", "-2875")


def test_a_phased_row_with_fewer_amounts_is_a_finding_naming_the_row() -> None:
    years = (2025, 2026, 2027, 2028)
    groups = [("Beskæftigelse", [ListRow("FB-01", "Fuldt år", ["-100", "-100", "-100", "-100",
                                                              "-1,0"]),
                                 ListRow("FB-07", "Indfases senere", ["-200", "-400", "-2,0"])],
               ["-100", "-100", "-300", "-500"])]
    loaded = read(list_catalog(groups, years, total=None))
    found = [f for f in loaded.findings if f.rule == "table-row"]
    assert len(found) == 1 and found[0].measure == "FB-07" and found[0].is_error
    message = found[0].message("en")
    assert "FB-07 Indfases senere" in message and "3" in message and "5" in message
    assert "FB-07" in found[0].message("da")
    phased = loaded.catalog.measure("FB-07")
    assert phased is not None and phased.net == {}  # never shifted into other years


def test_a_wrong_subtotal_in_a_list_is_found() -> None:
    years = (2025, 2026)
    groups = [("Beskæftigelse", [ListRow("FB-01", "A", ["-100", "-100", "0"]),
                                 ListRow("FB-02", "B", ["-50", "-50", "0"])],
               ["-150", "-160"])]
    loaded = read(list_catalog(groups, years, total=["-150", "-150"]))
    found = [f for f in check_catalog(loaded.catalog) if f.is_error]
    assert [(f.rule, f.year) for f in found] == [("section-total", 2026)]
    assert "I alt beskæftigelse" in found[0].message("en") and "-160" in found[0].message("en")


def test_a_list_row_whose_amount_is_not_a_number() -> None:
    years = (2025, 2026, 2027)
    groups = [("Kultur", [ListRow("KF-1", "Kortere åbningstid", ["-100", "x", "-1.OOO", "0,0"])],
               None)]
    loaded = read(list_catalog(groups, years, total=None))
    found = [f for f in loaded.findings if f.rule == "table-cell"]
    assert len(found) == 1 and found[0].measure == "KF-1"
    assert "KF-1 Kortere åbningstid" in found[0].message("en") and "'x'" in found[0].message("en")
    assert loaded.catalog.measures[0].net == {2025: Decimal(-100)}


def test_a_list_header_in_another_unit_than_the_statement() -> None:
    years = (2025, 2026)
    groups = [("Drift", [ListRow("D-1", "Noget", ["-1,5", "-2", "0"])], None)]
    loaded = read(list_catalog(groups, years, total=None, header_unit="(mio. kr.)"))
    assert [(f.rule, f.key) for f in loaded.findings] == [("layout-unit", "layout-unit.mixed")]
    assert loaded.catalog.measures[0].net == amounts(years, "-1500", "-2000")


def test_a_wrapped_title_in_a_list_and_a_pdf_of_it() -> None:
    years = (2025, 2026)
    groups = [("Drift", [ListRow("D-1", "Sammenlægning af", ["-10", "-20", "0"]),
                         ListRow("D-2", "Andet", ["-5", "-5", "0"])], ["-15", "-25"])]
    text = list_catalog(groups, years, total=["-15", "-25"]).replace(
        "D-2", "       to afdelinger\nD-2")
    loaded = read(text)
    assert loaded.findings == ()
    assert [m.title for m in loaded.catalog.measures] == ["Sammenlægning af to afdelinger",
                                                          "Andet"]
    pages = [[line for line in text.splitlines() if line.strip()]]
    pdf = load_bytes(render_pdf(pages, columns=3).data, "wrapped.pdf")
    assert [(m.code, m.title, m.net) for m in pdf.catalog.measures] == [
        (m.code, m.title, m.net) for m in loaded.catalog.measures
    ]


# -- the command line ----------------------------------------------------------------------------


def test_check_and_export_on_variants(tmp_path: Path) -> None:
    years = (2025, 2026, 2027)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(business_case([_proposal("SOF-E09", 3, subtotal="-300")], years),
                     encoding="utf-8")
    result = run_omprio("check", wrong, "--lang", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == "Layout: Copenhagen business case"
    assert "subtotal" in result.stdout and "Samlet varig ændring" in result.stdout
    document = json.loads(run_omprio("check", wrong, "--format", "json").stdout)
    assert {f["rule"] for f in document["findings"]} == {"subtotal"}

    phased = tmp_path / "phased.txt"
    phased.write_text(list_catalog(
        [("Drift", [ListRow("D-1", "Indfaset", ["-5", "-1,0"])], None)], years, total=None),
        encoding="utf-8")
    result = run_omprio("check", phased)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "D-1 Indfaset" in result.stdout
    exported = run_omprio("export", phased, "--format", "json")
    assert exported.returncode == 0 and json.loads(exported.stdout)["measures"][0]["net"] == {}

    nothing = tmp_path / "nothing.txt"
    nothing.write_text("BUSINESS CASE\nForslag: Intet\nTekst uden tal.\n", encoding="utf-8")
    result = run_omprio("check", nothing)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr


def test_a_group_the_profile_does_not_name_and_a_wrapped_label() -> None:
    years = (2025, 2026)
    proposal = Proposal(
        "KFF-E03", "Nyt bibliotekssystem", "Kultur- og Fritidsforvaltningen", "Investering",
        [("Anlæg", [CaseRow("Indkøb af system", "Anlæg", ["500", "0"])],
          ("Samlet anlæg", ["500", "0"])),
         ("Driftseffekter", [CaseRow("Færre manuelle opgaver i", "Service", ["-100", "-300"])],
          None)],
        ("Samlet pengestrøm i forslaget", ["400", "-300"]), ["0", "-1"],
    )
    text = business_case([proposal], years).replace(
        "Færre manuelle opgaver i", "Færre manuelle opgaver i\nudlånet").replace(
        "udlånet                 ", "udlånet ")
    loaded = read(text)
    assert loaded.findings == () and check_catalog(loaded.catalog) == []
    measure = loaded.catalog.measures[0]
    assert [(x.label, x.group, x.frame) for x in measure.lines] == [
        ("Indkøb af system", "Anlæg", "Anlæg"),
        ("Færre manuelle opgaver i udlånet", "Driftseffekter", "Service"),
    ]
    assert [(s.label, s.group) for s in measure.subtotals] == [("Samlet anlæg", "Anlæg")]


def test_a_business_case_with_a_total_column_after_the_years() -> None:
    years = (2025, 2026, 2027)
    text = business_case([_proposal("SOF-E01", 3)], years)
    lines = []
    for line in text.splitlines():
        tokens = line.split()
        if line.startswith("1.000 kr.,"):
            line += "     I alt"
        elif len(tokens) > 3 and all(t.lstrip("-,").replace(",", "").isdigit()
                                     for t in tokens[-3:]):
            values = [Decimal(t.replace(",", ".")) for t in tokens[-3:]]
            line += f"  {str(sum(values)).replace('.', ',')}"
        lines.append(line)
    loaded = read("\n".join(lines) + "\n")
    assert loaded.findings == () and check_catalog(loaded.catalog) == []
    measure = loaded.catalog.measures[0]
    assert measure.years == years
    assert measure.net == amounts(years, "-60", "-220", "-330")
    assert measure.fte == amounts(years, "-1.5", "-1.5", "-1.5")


def test_business_cases_none_of_which_has_a_table() -> None:
    years = (2025, 2026)
    empty = [Proposal(f"SOF-E0{n}", "Uden tal", "Socialforvaltningen", "Udvikling", [], None,
                      None, table=False) for n in (1, 2)]
    loaded = read(business_case(empty, years))
    assert loaded.layout == "kbh-business-case"
    assert [(f.key, f.measure, f.is_error) for f in loaded.findings] == [
        ("table-unreadable.no-table", "SOF-E01", True),
        ("table-unreadable.no-table", "SOF-E02", True),
    ]


def test_a_list_in_kroner_is_converted_exactly() -> None:
    years = (2025, 2026)
    groups = [("Drift", [ListRow("D-1", "Noget", ["-1.500.000", "-1.234", "0,0"])], None)]
    loaded = read(list_catalog(groups, years, total=None, unit="kr."))
    assert loaded.findings == ()
    assert loaded.catalog.measures[0].net == {2025: Decimal("-1500"), 2026: Decimal("-1.234")}


def test_a_list_that_names_no_unit_is_read_as_thousands_with_a_warning() -> None:
    years = (2025, 2026)
    groups = [("Drift", [ListRow("D-1", "Noget", ["-15", "-20", "0"])], None)]
    loaded = read(list_catalog(groups, years, total=None, statement="Forslag til budget."))
    assert loaded.layout == "list-catalog"
    assert [(f.key, f.severity.value) for f in loaded.findings] == [
        ("layout-unit.missing", "warning")
    ]
    assert loaded.catalog.measures[0].net == amounts(years, "-15", "-20")


def test_the_template_is_named_too(seed: Loaded) -> None:
    assert seed.layout == "aarhus-template"


def test_a_frame_the_profile_does_not_know_and_the_header_repeated_on_the_next_page() -> None:
    years = (2025, 2026)
    proposal = Proposal(
        "SUF-E04", "Færre kørsler", "Sundheds- og Omsorgsforvaltningen", "Effektivisering",
        [("Varige ændringer", [CaseRow("Kørsel til genoptræning", "Sundhedsområdet",
                                       ["-80", "-80"]),
                               CaseRow("Licens til KMD", "", ["10", "10"])],
          ("Samlet varig ændring", ["-70", "-70"]))],
        ("Samlet pengestrøm i forslaget", ["-70", "-70"]), ["0", "0"],
    )
    text = business_case([proposal], years)
    header = next(line for line in text.splitlines() if line.startswith("1.000 kr.,"))
    text = text.replace("Licens til KMD", f"{header}\nLicens til KMD", 1)
    loaded = read(text)
    assert loaded.findings == () and check_catalog(loaded.catalog) == []
    assert [(x.label, x.frame) for x in loaded.catalog.measures[0].lines] == [
        ("Kørsel til genoptræning", "Sundhedsområdet"), ("Licens til KMD", None)
    ]


def test_a_price_level_conversion_converts_the_subtotals_too() -> None:
    from omprio.rounds.model import PriceIndex
    from omprio.rounds.prices import convert_catalog

    years = (2024, 2025)
    loaded = read(business_case([_proposal("SOF-E01", 2)], years))
    index = PriceIndex("test", {"wages": {2024: Decimal(100), 2025: Decimal(110)},
                                "other": {2024: Decimal(100), 2025: Decimal(110)}}, "t.csv")
    moved = convert_catalog(loaded.catalog, 2025, index, Decimal("0.7"))
    measure = moved.measures[0]
    assert measure.price_base == "2025-PL"
    assert measure.subtotals[0].amounts == {2024: Decimal(-121), 2025: Decimal(-242)}
    assert [x.group for x in measure.lines] == [x.group for x in loaded.catalog.measures[0].lines]
    assert check_catalog(moved) == []


def test_a_new_municipality_is_a_profile() -> None:
    """Another municipality's list ('Beløb i t.kr.', 'Sum …' subtotals, 'Total', staff as
    'Stillinger') read by a profile written here, with no new reader code."""
    import dataclasses
    import re

    from omprio.read.layouts import read_layout
    from omprio.read.lines import split_lines
    from omprio.vocabulary import layouts

    base = layouts.LIST_CATALOG
    assert base.table is not None
    profile = dataclasses.replace(
        base,
        id="list-catalog",  # a named layout of the catalogs; a real one gets its own id
        table=dataclasses.replace(
            base.table,
            subtotal=re.compile(r"^Sum\s+(?P<group>\S.*)$"),
            total=re.compile(r"^Total$"),
        ),
    )
    text = """Spareforslag 2026-2028
Kultur- og Fritidsforvaltningen
Beløb i t.kr.
Nr. Forslag 2026 2027 2028 Stillinger
Biblioteker
KF-1 Kortere åbningstid -100 -200 -200 -1,0
KF-2 Selvbetjening -50 -50 -50 0,0
Sum biblioteker -150 -250 -250
Idræt
KF-3 Færre haltimer -20 -40 -40 0,0
Sum idræt -20 -40 -40
Total -170 -290 -290
"""
    lines = list(split_lines(text, "kf.txt"))
    standard = read_layout(lines, "kf.txt")  # the standard profile knows no 'Sum' rows
    assert standard is not None
    assert [t.label for t in standard[0].overview_totals] == ["Total"]
    found = read_layout(lines, "kf.txt", (profile,))
    assert found is not None
    catalog, findings, used = found
    assert used is profile and findings == []
    assert [(m.code, m.theme, m.net, m.fte) for m in catalog.measures] == [
        ("KF-1", "1", amounts((2026, 2027, 2028), "-100", "-200", "-200"), {2028: Decimal(-1)}),
        ("KF-2", "1", amounts((2026, 2027, 2028), "-50", "-50", "-50"), {2028: Decimal(0)}),
        ("KF-3", "2", amounts((2026, 2027, 2028), "-20", "-40", "-40"), {2028: Decimal(0)}),
    ]
    assert [(t.label, t.theme) for t in catalog.overview_totals] == [
        ("Sum biblioteker", "1"), ("Sum idræt", "2"), ("Total", None)
    ]
    assert check_catalog(catalog) == []


def test_text_below_a_list_is_no_group() -> None:
    years = (2025, 2026)
    groups = [("Drift", [ListRow("D-1", "Noget", ["-15", "-20", "0"])], ["-15", "-20"])]
    text = list_catalog(groups, years, total=["-15", "-20"]) + "Kilde: Økonomiforvaltningen\n"
    loaded = read(text)
    assert loaded.findings == ()
    assert [t.title for t in loaded.catalog.themes] == ["Drift"]


def test_numbered_group_headings_are_neither_rows_nor_page_numbers() -> None:
    """'Område 1', 'Område 2', … run upwards like page numbers in a text without page
    breaks; the totals that name them keep them as headings, their numbers out of the
    amounts."""
    years = (2025, 2026)
    groups = [(f"Område {n}", [ListRow(f"OM-{n}", f"Tiltag {n} i drift", ["-10", "-20", "0,0"])],
               ["-10", "-20"]) for n in range(1, 6)]
    loaded = read(list_catalog(groups, years, total=["-50", "-100"]))
    assert loaded.findings == () and check_catalog(loaded.catalog) == []
    assert [t.title for t in loaded.catalog.themes] == [f"Område {n}" for n in range(1, 6)]
    assert [t.label for t in loaded.catalog.overview_totals][:2] == ["I alt område 1",
                                                                     "I alt område 2"]
    assert all(t.amounts == amounts(years, "-10", "-20")
               for t in loaded.catalog.overview_totals[:5])
