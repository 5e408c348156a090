"""The rules of a follow-up (check_followup) and reading a follow-up table (CSV and XLSX):
each rule fires where it should and only there; Danish numbers, separators, encodings, column
mappings and status words; bad tables refused with the line named."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from followup_support import AGREED_ON, AGREEMENT, NAME
from omprio.check.followup import FOLLOWUP_RULES, check_followup
from omprio.followup.agreement import apply_agreement, terms_from_json
from omprio.followup.model import Agreement, Entry, FollowupProblem
from omprio.followup.table import read_entries, status_of
from omprio.i18n import has
from omprio.read import Loaded

D = Decimal
Q1 = date(2024, 3, 31)


@pytest.fixture(scope="module")
def agreement(seed: Loaded) -> Agreement:
    return apply_agreement(seed.catalog, terms_from_json(AGREEMENT), NAME, AGREED_ON)[1]


def _every_measure(agreement: Agreement, *extra: Entry) -> list[Entry]:
    """A clean entry (on plan, explained) for every adopted measure, then ``extra``."""
    named = {e.code for e in extra}
    clean = [Entry(m.code, 2024, m.plan[2024] / 4, m.plan[2024], "on_track")
             for m in agreement.measures if m.in_plan and m.code not in named]
    return [*clean, *extra]


def _rules(agreement: Agreement, *extra: Entry) -> list[tuple[str, str | None]]:
    return [(f.rule, f.measure) for f in check_followup(agreement, _every_measure(
        agreement, *extra), Q1)]


def test_a_clean_follow_up_has_no_findings(agreement: Agreement) -> None:
    assert _rules(agreement) == []


def test_a_forecast_short_of_the_plan_needs_an_explanation(agreement: Agreement) -> None:
    short = Entry("BFF-1", 2024, D(-200), D(-800), "on_track")
    findings = check_followup(agreement, _every_measure(agreement, short), Q1)
    assert [(f.rule, f.measure, f.year) for f in findings] == [("followup-short", "BFF-1", 2024)]
    assert findings[0].message("da") == (
        "BFF-1 2024: prognosen -800 er 200 over planen -1.000 (mindre besparelse) uden forklaring")
    explained = Entry("BFF-1", 2024, D(-200), D(-800), "on_track", "Vikarudgifter")
    assert _rules(agreement, explained) == []
    more = Entry("BFF-1", 2024, D(-200), D(-1200), "on_track")  # more saved: no finding
    assert _rules(agreement, more) == []


@pytest.mark.parametrize("status", ["at_risk", "not_realizable"])
def test_at_risk_and_not_realizable_need_an_explanation(agreement: Agreement,
                                                        status: str) -> None:
    bare = Entry("JUS-1", 2024, D(-100), D(-550), status)
    findings = check_followup(agreement, _every_measure(agreement, bare), Q1)
    assert [(f.rule, f.severity.value) for f in findings] == [("followup-explanation", "error")]
    assert _rules(agreement, Entry("JUS-1", 2024, D(-100), D(-550), status, "Udbud")) == []


@pytest.mark.parametrize("code", ["BFF-2", "VJH-4"])
def test_realized_on_a_dropped_or_postponed_measure(agreement: Agreement, code: str) -> None:
    assert _rules(agreement, Entry(code, 2024, D(-50), None, "pending")) == [
        ("followup-dropped", code)]
    assert _rules(agreement, Entry(code, 2024, None, None, "pending")) == []


def test_a_measure_without_figures_when_the_others_have_some(agreement: Agreement) -> None:
    entries = [e for e in _every_measure(agreement) if e.code != "VJH-1"]
    findings = check_followup(agreement, entries, Q1)
    assert [(f.rule, f.measure) for f in findings] == [("followup-missing", "VJH-1")]
    assert check_followup(agreement, [], Q1) == []  # nothing entered yet: nothing missing


def test_realized_with_the_wrong_sign(agreement: Agreement) -> None:
    assert _rules(agreement, Entry("VJH-2", 2024, D(120), D(-500), "on_track")) == [
        ("followup-sign", "VJH-2")]


def test_a_year_outside_the_period(agreement: Agreement) -> None:
    late = Entry("VJH-2", 2028, D(-10), D(-500), "on_track")
    findings = check_followup(agreement, _every_measure(agreement, late), Q1)
    assert [(f.rule, f.measure, f.year) for f in findings] == [("followup-year", "VJH-2", 2028)]
    assert findings[0].message("en") == "VJH-2: 2028 is outside the period 2024-2027"


def test_every_rule_has_a_title_and_messages() -> None:
    for rule in FOLLOWUP_RULES:
        assert has(f"rule.{rule}")


# --- the table ------------------------------------------------------------------------------

def test_a_semicolon_csv_with_danish_numbers() -> None:
    data = ("measure;year;realized;forecast;status;explanation;responsible;documentation\n"
            "BFF-1;2024;-1.000;-10,5;På sporet;;Afdelingschef;Konto 5.22.01, stilling 4711\n"
            "\n"
            "VJH-1;2025;;;;;;\n").encode()
    entries = read_entries(data, "x.csv")
    assert entries == [
        Entry("BFF-1", 2024, D(-1000), D("-10.5"), "on_track", "", "Afdelingschef",
              "Konto 5.22.01, stilling 4711", 2),
        Entry("VJH-1", 2025, None, None, "pending", line=4)]


def test_a_comma_csv_in_cp1252_with_a_mapping() -> None:
    data = ('Tiltag,År,Forbrug,Forventet,Status,Bemærkning\n'
            'BFF-1,2024,"-1.250,5",-2000,ikke realiserbar,Kontrakten kunne ikke opsiges\n'
            ).encode("cp1252")
    mapping = {"measure": "Tiltag", "year": "År", "realized": "Forbrug",
               "forecast": "Forventet", "explanation": "Bemærkning"}
    [entry] = read_entries(data, "x.csv", mapping)
    assert (entry.code, entry.realized, entry.forecast, entry.status, entry.explanation) == (
        "BFF-1", D("-1250.5"), D(-2000), "not_realizable", "Kontrakten kunne ikke opsiges")


def test_an_xlsx_table() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tiltag", "year", "Forbrug", "forecast", "status"])
    sheet.append(["BFF-1", 2024, -1000.5, -2000, "at risk"])
    sheet.append(["BFF-3A", 2024, 0.1, None, "realiseret"])
    out = io.BytesIO()
    book.save(out)
    entries = read_entries(out.getvalue(), "opfølgning.xlsx",
                           {"measure": "Tiltag", "realized": "Forbrug"})
    assert [(e.code, e.year, e.realized, e.forecast, e.status) for e in entries] == [
        ("BFF-1", 2024, D("-1000.5"), D(-2000), "at_risk"),
        ("BFF-3A", 2024, D("0.1"), None, "realized")]


@pytest.mark.parametrize(("word", "status"), [
    ("realiseret", "realized"), ("Realized", "realized"), ("på sporet", "on_track"),
    ("ON_TRACK", "on_track"), ("i  risiko", "at_risk"), ("at-risk", "at_risk"),
    ("ikke realiserbar", "not_realizable"), ("not_realizable", "not_realizable"),
    ("afventer", "pending"), ("", "pending")])
def test_status_words_in_danish_and_english(word: str, status: str) -> None:
    assert status_of(word) == status


@pytest.mark.parametrize(("data", "said"), [
    (b"measure;year;realized\nBFF-1;2024;1e999999\n", "linje 2"),
    (b"measure;year;realized\nBFF-1;2024;12.34.5\n", "12.34.5"),
    (b"measure;year\nBFF-1;24\n", "24"),
    (b"measure;realized\nBFF-1;-1\n", "year"),
    (b"", "tom"),
    (b"measure;year;status\nBFF-1;2024;glimrende\n", "glimrende"),
    (b"PK\x03\x04broken", "tabellen kan ikke"),
    (b"measure;year;explanation\nBFF-1;2024;" + b"x" * 200_000 + b"\n", "kan ikke"),
])
def test_bad_tables_name_the_problem(data: bytes, said: str) -> None:
    with pytest.raises(FollowupProblem) as problem:
        read_entries(data, "x.csv")
    assert said in problem.value.text("da")


def test_an_unknown_mapping_column_is_refused() -> None:
    with pytest.raises(FollowupProblem) as problem:
        read_entries(b"measure;year\n", "x.csv", {"spent": "Forbrug"})
    assert "spent" in problem.value.text("en")


def test_binary_garbage_is_no_table() -> None:
    with pytest.raises(FollowupProblem):
        read_entries(bytes(range(256)) * 40, "x.csv")
