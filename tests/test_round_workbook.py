"""The budget round's workbook: written, read back as the same round, live in a spreadsheet.

``round_xlsx`` writes what the finance office keeps (keys with live share formulas, the
requirements' parts as live formulas beside omprio's whole amounts); ``round_from_xlsx`` reads
its typed cells back. The round trip is the identity in both languages; an edited share reads
back as that one share; LibreOffice, recalculating the workbook, gets omprio's exact unrounded
parts; bad input is a ReadError naming the sheet and the cell.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time
import zipfile
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bounds import HANG
from hostile_inputs import HUGE, five_million_rows, rewrite
from omprio import i18n
from omprio.publish.errors import PublishError
from omprio.publish.round_excel import round_xlsx
from omprio.read import load_bytes
from omprio.read.round_xlsx import round_from_xlsx
from omprio.read_error import ReadError
from omprio.rounds.allocate import as_decimal, key_shares, requirement_parts
from omprio.rounds.model import (
    BudgetRound,
    Department,
    Designated,
    Key,
    KeyKind,
    Link,
    PriceIndex,
    Requirement,
    validate,
)
from omprio.vocabulary import round_layout
from test_round_allocate import YEARS, aarhus_round

D = Decimal
LANGS = ("da", "en")


def mixed_round() -> BudgetRound:
    """A round with a key of base figures, a mixed key, central parts, sources and an index."""
    base = aarhus_round()
    return validate(replace(
        base,
        name="Budget 2025 & overslag", municipality="Testkommune",
        departments=(*base.departments[:5], Department("BA", "Borgmesterens Afdeling")),
        keys=(*base.keys,
              Key("BEF", "Befolkning", KeyKind.BASE,
                  {"MBU": D("1234.5"), "MSO": D(987), "MSB": D(2222), "MTM": D(3),
                   "MKB": D("0.25"), "BA": D(0)}, "Danmarks Statistik"),
              Key("MIX", "30 % ADM + 45,5 % VEL + 24,5 % BEF", KeyKind.MIX,
                  {"ADM": D(30), "VEL": D("45.5"), "BEF": D("24.5")}, "Byrådet"),
              Key("DBL", "Halvt MIX, halvt ADM", KeyKind.MIX, {"MIX": D(50), "ADM": D(50)})),
        requirements=(
            *base.requirements,
            Requirement("Effektivisering", "MIX",
                        dict(zip(YEARS, (D(-10001), D("-20000.5"), D(-30000), D(0)),
                                 strict=True)),
                        {2024: D(-1), 2025: D("-250.25")}, frame_cut=True,
                        source="Budgetforlig s. 3"),
            Requirement("Dobbelt", "DBL", {2026: D(777)}, frame_cut=True)),
        designated=(*base.designated,
                    Designated("MBU", "Effektivisering", "=Færre biler", {2025: D(-100)})),
        links=(*base.links, Link(7, "MBU", ("Effektivisering",), {"Effektivisering": "DRIFT"}),
               Link(9, "BA", ())),
        index=PriceIndex("KL", {"wages": {2023: D(100), 2024: D("103.2")},
                                "other": {2024: D("101.9")}}, "KL juni 2024"),
        wage_share=D("0.65"),
    ))


def bare_round() -> BudgetRound:
    """A round of one year and nothing else yet."""
    return validate(BudgetRound("Tom", "", (2025,), 2025))


def odd_round() -> BudgetRound:
    """Texts a spreadsheet might take for something else: formulas, labels, numbers."""
    base = aarhus_round()
    return validate(replace(
        base,
        name="=SUM(A1)", unit="kr.",
        departments=(Department("Kilde", "=Afdelingen"), Department("101", "I alt"),
                     Department("Sum", "Sum")),
        keys=(Key("ADM", "+1", KeyKind.SHARES, {"Kilde": D("33.3333"), "101": D(66),
                                                "Sum": D("0.6667")}, "-kilde"),),
        requirements=(Requirement("Heraf centralt", "ADM", {2026: D("-0.5")}),),
        designated=(), links=(), wage_share=D(1)))


ROUNDS = {"aarhus": aarhus_round, "mixed": mixed_round, "bare": bare_round, "odd": odd_round}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ROUNDS)
def test_the_workbook_reads_back_as_the_same_round(name: str, lang: str) -> None:
    budget_round = ROUNDS[name]()
    assert round_from_xlsx(round_xlsx(budget_round, lang), "runde.xlsx") == budget_round


def test_the_sheets_are_named_in_the_language_asked() -> None:
    da = load_workbook(io.BytesIO(round_xlsx(aarhus_round())))
    en = load_workbook(io.BytesIO(round_xlsx(aarhus_round(), "en")))
    assert da.sheetnames == ["Runde", "Afdelinger", "Nøgler", "Sparekrav", "Udpegede forslag",
                             "Kataloger"]
    assert en.sheetnames == ["Round", "Departments", "Keys", "Requirements", "Designated",
                             "Catalogs"]
    assert da["Nøgler"].freeze_panes == "C6" and da["Sparekrav"].freeze_panes == "C2"


# --- finding cells by what they hold --------------------------------------------------------


def key_column(sheet: Worksheet, code: str) -> int:
    """The first column of key ``code`` on the keys sheet."""
    return next(c.column for c in sheet[1] if c.value == code)


def department_row(sheet: Worksheet, code: str, after: int = 1) -> int:
    """The row of department ``code`` in column A (after row ``after``)."""
    return next(row for row in range(after + 1, sheet.max_row + 1)
                if sheet.cell(row, 1).value == code)


def block_row(sheet: Worksheet, name: str) -> int:
    """The first row of requirement ``name`` on the requirements sheet."""
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 2).value == name)


def edited(data: bytes, change: object) -> bytes:
    """The workbook after ``change(workbook)``, saved by openpyxl as a person's Excel would."""
    workbook = load_workbook(io.BytesIO(data))
    assert callable(change)
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_workbook_holds_live_formulas() -> None:
    workbook = load_workbook(io.BytesIO(round_xlsx(mixed_round())))
    keys = workbook["Nøgler"]
    msb = department_row(keys, "MSB", 5)
    vel, mix = key_column(keys, "VEL"), key_column(keys, "MIX")
    assert keys.cell(msb, vel + 1).value == f"=D{msb}/SUM(D$10:D$15)*100"
    assert keys.cell(msb, mix).value == f"=H$5/100*C{msb}+H$6/100*E{msb}+H$7/100*G{msb}"
    weights = {keys.cell(row, 2).value: keys.cell(row, mix).value for row in range(5, 9)}
    assert weights == {"ADM": 30, "VEL": 45.5, "BEF": 24.5, "MIX": None}
    assert keys.freeze_panes == "C10"
    requirements = workbook["Sparekrav"]
    start = block_row(requirements, "Effektivisering")
    part = requirements.cell(department_row(requirements, "MSB", start), 3).value
    assert part == f"=(C${start + 4}-C${start + 5})*'Nøgler'!$H${msb}/100"
    assert requirements.cell(start + 2, 2).value == "Ja"  # a frame cut
    assert requirements.cell(block_row(requirements, "Dobbelt") + 2, 2).value == "Ja"


def test_an_edited_share_reads_back_as_that_share() -> None:
    budget_round = aarhus_round()

    def change(workbook: Workbook) -> None:
        keys = workbook["Nøgler"]
        cell = keys.cell(department_row(keys, "MSB", 5), key_column(keys, "ADM"))
        assert cell.value == 28.4
        cell.value = 29.0

    back = round_from_xlsx(edited(round_xlsx(budget_round), change), "runde.xlsx")
    adm = budget_round.key("ADM")
    assert adm is not None
    assert back == budget_round.with_key(replace(adm, values={**adm.values, "MSB": D("29.0")}))
    assert back != budget_round


# --- LibreOffice recalculates the formulas --------------------------------------------------

_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculated(data: bytes, folder: Path) -> Workbook:
    """The workbook as LibreOffice computes it on load (told to always recalculate, in a
    profile of its own), with the values it stores."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALCULATE, "utf-8")
    source, out = folder / "in" / "runde.xlsx", folder / "out"
    source.parent.mkdir()
    source.write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=120)
    return load_workbook(out / "runde.xlsx", data_only=True)


def six(value: object) -> Decimal:
    """A number LibreOffice stored (a float; an empty cell is 0), to 6 decimals."""
    value = 0 if value is None else value
    assert isinstance(value, int | float), value
    return as_decimal(Fraction(D(repr(value))), 6)


def assert_live(workbook: Workbook, budget_round: BudgetRound, wholes: bool = True) -> None:
    """Every share and part LibreOffice computed is omprio's exact figure, to 6 decimals;
    ``wholes``: omprio's whole amounts are this round's (values: an edit leaves them as they
    were written)."""
    keys, requirements = workbook["Nøgler"], workbook["Sparekrav"]
    first = department_row(keys, budget_round.departments[0].code, 4)
    for key in budget_round.keys:
        column = key_column(keys, key.code) + (key.kind is KeyKind.BASE)
        shares = key_shares(budget_round, key.code)
        for offset, department in enumerate(budget_round.departments):
            got = six(keys.cell(first + offset, column).value or 0)
            assert got == as_decimal(shares[department.code] * 100, 6), (key.code, department)
        total = keys.cell(first + len(budget_round.departments), column).value
        assert six(total or 0) == as_decimal(sum(shares.values(), Fraction(0)) * 100, 6)
    for requirement in budget_round.requirements:
        start = block_row(requirements, requirement.name)
        parts = requirement_parts(budget_round, requirement)
        for index, year in enumerate(budget_round.years):
            column = 3 + 2 * index
            assert six(requirements.cell(start + 6, column).value) == requirement.to_split(year)
            for offset, department in enumerate(budget_round.departments):
                part = parts[department.code][year]
                assert six(requirements.cell(start + 7 + offset, column).value) == as_decimal(
                    part.unrounded, 6), (requirement.name, year, department.code)
                if wholes:
                    assert requirements.cell(start + 7 + offset, column + 1).value == part.amount
            total_row = start + 7 + len(budget_round.departments)
            exact = sum((p[year].unrounded for p in parts.values()), Fraction(0))
            assert six(requirements.cell(total_row, column).value) == as_decimal(exact, 6)
            if wholes:
                rounded = sum(p[year].amount for p in parts.values())
                assert requirements.cell(total_row, column + 1).value == rounded


@pytest.mark.parametrize("name", ["mixed", "odd"])
def test_libreoffice_computes_omprio_s_exact_parts(tmp_path: Path, name: str) -> None:
    budget_round = ROUNDS[name]()
    assert_live(recalculated(round_xlsx(budget_round), tmp_path), budget_round)


def test_editing_a_weight_or_a_base_figure_recomputes(tmp_path: Path) -> None:
    def change(workbook: Workbook) -> None:
        keys = workbook["Nøgler"]
        mix, bef = key_column(keys, "MIX"), key_column(keys, "BEF")
        keys.cell(5, mix).value = 40  # ADM 40 %, VEL 35,5 %
        keys.cell(6, mix).value = 35.5
        keys.cell(department_row(keys, "MTM", 8), bef).value = 4000

    data = edited(round_xlsx(mixed_round()), change)
    budget_round = round_from_xlsx(data, "runde.xlsx")
    mix = budget_round.key("MIX")
    assert mix is not None and mix.values == {"ADM": 40, "VEL": D("35.5"), "BEF": D("24.5")}
    assert budget_round != mixed_round()
    assert_live(recalculated(data, tmp_path), budget_round, wholes=False)


# --- bad input ------------------------------------------------------------------------------


def refused(data: bytes) -> ReadError:
    with pytest.raises(ReadError) as caught:
        round_from_xlsx(data, "runde.xlsx")
    error = caught.value
    assert error.text("da") != error.text("en")
    assert "Traceback" not in error.text("da")
    return error


def set_cell(sheet: str, row: int | str, column: int | str, value: str | float) -> object:
    def change(workbook: Workbook) -> None:
        ws = workbook[sheet]
        at_row = row if isinstance(row, int) else department_row(ws, row, 4)
        at_column = column if isinstance(column, int) else key_column(ws, column)
        ws.cell(at_row, at_column).value = value
    return change


def test_a_text_where_a_share_belongs_names_the_cell() -> None:
    error = refused(edited(round_xlsx(aarhus_round()), set_cell("Nøgler", "MSB", "ADM", "lidt")))
    assert error.key == "read.sheet.not_amount"
    assert "Nøgler!C8" in error.text("da") and "Nøgler!C8" in error.text("en")


def test_a_text_where_an_amount_belongs_names_the_cell() -> None:
    error = refused(edited(round_xlsx(aarhus_round(), "en"), set_cell("Requirements", 7, 5, "x")))
    assert error.key == "read.sheet.not_amount" and "Requirements!E7" in error.reason


def test_a_missing_sheet_is_named() -> None:
    def drop(workbook: Workbook) -> None:
        workbook.remove(workbook["Sparekrav"])

    error = refused(edited(round_xlsx(aarhus_round()), drop))
    assert error.key == "read.sheet.missing"
    assert "Sparekrav" in error.reason_da and "Requirements" in error.reason


@pytest.mark.parametrize(("sheet", "row", "column"), [
    ("Nøgler", "MSB", 1), ("Udpegede forslag", 2, 1), ("Kataloger", 2, 2)])
def test_an_unknown_department_is_named(sheet: str, row: int | str, column: int) -> None:
    error = refused(edited(round_xlsx(aarhus_round()), set_cell(sheet, row, column, "XYZ")))
    assert error.key == "read.round.department"
    assert "XYZ" in error.reason and f"{sheet}!" in error.reason_da


def test_an_unknown_key_and_requirement_are_named() -> None:
    error = refused(edited(round_xlsx(aarhus_round()), set_cell("Sparekrav", 4, 2, "NOPE")))
    assert error.key == "read.round.key" and "Sparekrav!B4" in error.reason
    error = refused(edited(round_xlsx(aarhus_round()), set_cell("Kataloger", 2, 3, "Andet")))
    assert error.key == "read.round.requirement" and "Kataloger!C2" in error.reason


def test_a_bad_kind_period_and_flag_are_named() -> None:
    data = round_xlsx(aarhus_round())
    assert refused(edited(data, set_cell("Nøgler", 3, 3, "Lodtrækning"))).key == "read.round.kind"
    assert refused(edited(data, set_cell("Runde", 4, 2, "snart"))).key == "read.round.period"
    assert refused(edited(data, set_cell("Sparekrav", 5, 2, "måske"))).key == "read.round.flag"
    assert refused(edited(data, set_cell("Runde", 5, 2, 2024.5))).key == "read.round.whole"


def test_a_round_the_model_refuses_is_a_read_error() -> None:
    error = refused(edited(round_xlsx(mixed_round()), set_cell("Nøgler", 5, "MIX", 99)))
    assert error.key == "read.round.invalid"
    assert "MIX" in error.reason and "100" in error.reason_da


def test_other_files_are_refused() -> None:
    assert refused(b"not a zip at all").key.startswith("read.zip")
    workbook = Workbook()
    out = io.BytesIO()
    workbook.save(out)
    assert refused(out.getvalue()).key == "read.sheet.missing"
    assert refused(edited(round_xlsx(aarhus_round()), set_cell("Runde", 1, 2, "x"))).key == (
        "read.round.foreign")


def test_the_catalog_reader_refuses_a_round_s_workbook() -> None:
    with pytest.raises(ReadError) as caught:
        load_bytes(round_xlsx(aarhus_round()), "runde.xlsx")
    assert caught.value.key == "read.xlsx.foreign"


def test_every_word_of_the_workbook_is_in_both_catalogs() -> None:
    keys = [*(f"roundbook.sheet.{name}" for name in round_layout.SHEETS),
            *(f"roundbook.label.{name}" for name in round_layout.LABELS),
            *(f"roundbook.heading.{name}" for name in round_layout.HEADINGS),
            *(f"roundbook.kind.{name}" for name in round_layout.KINDS)]
    for key in keys:
        assert i18n.has(key), key
        danish, english = i18n.t(key, "da"), i18n.t(key, "en")
        assert danish and english and key not in (danish, english)
    for name in round_layout.LABELS:  # a row's label says one thing in every language
        for lang in LANGS:
            assert round_layout.label_of(round_layout.label(name, lang)) == name


def test_a_period_longer_than_the_sheets_hold_is_refused() -> None:
    error = refused(edited(round_xlsx(bare_round()), set_cell("Runde", 4, 2, "1000-9999")))
    assert error.key == "read.round.period_long" and "Runde!B4" in error.reason


def with_number(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    """The workbook with the first stored number ``old`` of sheet ``member`` written ``new``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read(member)
    assert b"<v>" + old + b"</v>" in content
    return rewrite(data, {member: content.replace(b"<v>" + old + b"</v>",
                                                 b"<v>" + new + b"</v>", 1)})


@pytest.mark.parametrize("hostile", ["rows", "bomb", "huge", "infinite"])
def test_a_hostile_workbook_is_refused_in_time(hostile: str) -> None:
    data = round_xlsx(aarhus_round())
    keys = "xl/worksheets/sheet3.xml"  # Nøgler
    made = {
        "rows": lambda: five_million_rows(data),
        "bomb": lambda: rewrite(data, bomb=keys),
        "huge": lambda: with_number(data, keys, b"28.4", HUGE[0].encode()),
        "infinite": lambda: with_number(data, keys, b"28.4", b"INF"),
    }[hostile]()
    started = time.monotonic()
    error = refused(made)
    assert time.monotonic() - started < HANG
    assert error.key.startswith(("read.zip", "read.sheet", "read.xlsx")), error.key


def test_a_control_character_is_a_publish_error() -> None:
    budget_round = replace(aarhus_round(), municipality="Aarhus\x07")
    with pytest.raises(PublishError) as caught:
        round_xlsx(budget_round)
    assert caught.value.key == "publish.err.excel_control"
