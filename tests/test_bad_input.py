"""Input that is not a catalog, a damaged catalog, or the catalog in another encoding.

What cannot be read at all raises ``ReadError`` (and the CLI exits 2 with one line on stderr);
what is wrong inside a readable catalog is a finding located where it is, and no measure is ever
silently dropped.
"""

from __future__ import annotations

import codecs
import io
import json
import random
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

from conftest import SEED_PATH, WriteCatalog, blank_lines, edit_line, run_omprio
from omprio.check import check_catalog
from omprio.interchange import catalog_to_json
from omprio.model import Catalog, Source
from omprio.read import Loaded, ReadError, load

# --- inputs that are no catalog --------------------------------------------------------------


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def _seed_json(change: Callable[[dict[str, Any]], None]) -> bytes:
    document = catalog_to_json(load(SEED_PATH).catalog)
    change(document)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _set_net(value: object) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document["measures"][1]["net"]["2024"] = value  # BFF-1
    return change


POEM = (
    "Der er et yndigt land,\n"
    "det står med brede bøge\n"
    "nær salten østerstrand;\n"
    "det bugter sig i bakke, dal,\n"
    "det hedder gamle Danmark.\n"
)

# (id, file name, content, a word the reason must contain)
UNREADABLE: list[tuple[str, str, bytes, str]] = [
    ("empty", "catalog.txt", b"", "empty"),
    ("whitespace-only", "catalog.txt", b" \n\n\t  \r\n   \n", "empty"),
    ("binary-junk", "catalog.txt",
     random.Random(20231122).randbytes(4096) + b"\x00\x00\x00", "binary"),
    ("png-named-txt", "catalog.txt",
     b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
     + bytes(64), "binary"),
    ("xlsx-named-pdf", "catalog.pdf", _xlsx(), "ZIP"),
    ("pdf-hello-world", "hello.pdf", _pdf("Hello world"), "catalog"),
    ("poem", "digt.txt", POEM.encode("utf-8"), "catalog"),
    ("invalid-json", "catalog.json", b'{"format": "omprio.catalog/1", "title": ', "JSON"),
    ("json-of-another-format", "catalog.json",
     b'{"type": "FeatureCollection", "features": []}', "omprio.catalog/1"),
    ("json-text-amount", "catalog.json", _seed_json(_set_net("-1.OOO")), "measures[1].net.2024"),
    ("json-bool-amount", "catalog.json", _seed_json(_set_net(True)), "measures[1].net.2024"),
    ("json-null-amount", "catalog.json", _seed_json(_set_net(None)), "measures[1].net.2024"),
]
UNREADABLE_IDS = [case[0] for case in UNREADABLE]


@pytest.mark.parametrize(("name", "content", "word"),
                         [case[1:] for case in UNREADABLE], ids=UNREADABLE_IDS)
def test_unreadable_input_raises_read_error(
    name: str, content: bytes, word: str, write_catalog: WriteCatalog,
) -> None:
    path = write_catalog(content, name)
    with pytest.raises(ReadError) as caught:
        load(path)
    error = caught.value
    assert error.path == str(path)
    assert str(error).startswith(f"{path}: ")
    assert word in error.reason
    assert "\n" not in str(error)


def test_missing_file_and_folder_raise_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        load(tmp_path / "nowhere.txt")
    with pytest.raises(ReadError, match="folder"):
        load(tmp_path)


def test_seed_json_with_valid_amounts_is_readable(seed: Loaded,
                                                  write_catalog: WriteCatalog) -> None:
    # The counterpart of the json-*-amount cases: the same document, untouched, reads.
    loaded = load(write_catalog(_seed_json(lambda document: None), "catalog.json"))
    assert loaded.kind == "json"
    assert loaded.catalog == seed.catalog
    assert loaded.catalog.measures[1].net[2024] == Decimal(-1000)


# --- the seed in other encodings and line endings --------------------------------------------


def _without_paths(value: Any) -> Any:
    """The value with every Source path emptied (the copies live at other paths)."""
    if isinstance(value, Source):
        return replace(value, path="")
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _without_paths(getattr(value, f.name))
                                 for f in fields(value)})
    if isinstance(value, tuple):
        return tuple(_without_paths(item) for item in value)
    if isinstance(value, list):
        return [_without_paths(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_paths(item) for key, item in value.items()}
    return value


def _same_catalog(a: Catalog, b: Catalog) -> bool:
    return bool(_without_paths(a) == _without_paths(b))


ENCODED: list[tuple[str, Callable[[str], bytes], list[str]]] = [
    ("utf-8-bom", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), []),
    ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8"), []),
    ("cr-only", lambda t: t.replace("\n", "\r").encode("utf-8"), []),
    ("cp1252", lambda t: t.encode("cp1252"), ["encoding"]),
    ("cp1252-crlf", lambda t: t.replace("\n", "\r\n").encode("cp1252"), ["encoding"]),
    # UTF-16 is unambiguous with its BOM; a notice about it is allowed, nothing else.
    ("utf-16-le-bom", lambda t: t.encode("utf-16"), ["encoding?"]),
    ("utf-16-be-bom", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), ["encoding?"]),
]


@pytest.mark.parametrize(("encode", "expected"), [case[1:] for case in ENCODED],
                         ids=[case[0] for case in ENCODED])
def test_seed_reads_identically_in_any_encoding(
    encode: Callable[[str], bytes], expected: list[str], seed: Loaded, seed_text: str,
    write_catalog: WriteCatalog,
) -> None:
    loaded = load(write_catalog(encode(seed_text)))
    assert _same_catalog(loaded.catalog, seed.catalog)
    # Line numbers are physical lines whatever the line endings.
    assert [m.source.line for m in loaded.catalog.measures] == [
        m.source.line for m in seed.catalog.measures]
    checked = [(f.rule, f.measure, f.year, f.source.line) for f in check_catalog(loaded.catalog)]
    assert checked == [("prose-number-format", "MSB-1", None, 208),
                       ("prose-year-list", "BFF-3A", 2024, 430),
                       ("savings-pct", "JUS-1", None, 530),
                       ("prose-approximate", "VJH-5", None, 1218)]
    rules = [f.rule for f in loaded.findings]
    if expected == ["encoding?"]:
        assert rules in ([], ["encoding"])
    else:
        assert rules == expected
    for found in loaded.findings:
        assert found.severity.value == "info"
        assert found.source.line == 1


def test_cp1252_notice_names_the_encoding(seed_text: str, write_catalog: WriteCatalog) -> None:
    loaded = load(write_catalog(seed_text.encode("cp1252")))
    assert [f.message("en") for f in loaded.findings] == [
        "The file is not UTF-8; it was read as Windows-1252 (cp1252). Check æ, ø and å."]
    # cp1252, not Latin-1: the typographic quote and the en dash come back as themselves.
    label = loaded.catalog.measures[0].lines[0].label
    assert label == "Administrative besparelser i MSB – ’residual’"


# --- damaged catalogs: findings, never a dropped measure ----------------------------------------


def _read(text: str, write_catalog: WriteCatalog) -> Loaded:
    return load(write_catalog(text))


def _found(loaded: Loaded) -> list[tuple[str, str, str | None, int | None]]:
    return [(f.rule, f.severity.value, f.measure, f.source.line) for f in loaded.findings]


def test_overview_without_measure_pages(seed_text: str, write_catalog: WriteCatalog) -> None:
    overview_only = "\n".join(seed_text.split("\n")[:189]) + "\n"  # cover, introduction, OVERBLIK
    loaded = _read(overview_only, write_catalog)
    assert _found(loaded) == [("no-measures", "error", None, 78)]
    assert loaded.catalog.measures == ()
    assert len(loaded.catalog.overview) == 19
    assert loaded.catalog.years == (2024, 2025, 2026, 2027)
    # Reported once by the reader, not once more for every overview row.
    errors = [f.rule for f in [*loaded.findings, *check_catalog(loaded.catalog)] if f.is_error]
    assert errors == ["no-measures"]


def test_row_with_too_few_amounts(seed_text: str, write_catalog: WriteCatalog) -> None:
    text = edit_line(seed_text, 288, "-1.000 -1.000 -1.000 -1.000", "-1.000 -1.000")
    loaded = _read(text, write_catalog)
    assert _found(loaded) == [("table-row", "error", "BFF-1", 288)]
    assert loaded.findings[0].message("da") == (
        "Rækken 'Omlægning af Brobyg-fraværsindsats' har 2 beløb, men tabellen har 4 år")
    seed_codes = [m.code for m in load(SEED_PATH).catalog.measures]
    assert [m.code for m in loaded.catalog.measures] == seed_codes
    bff_1 = loaded.catalog.measures[1]
    assert dict(bff_1.net) == {year: Decimal(-1000) for year in (2024, 2025, 2026, 2027)}
    assert [line.label for line in bff_1.lines] == ["Omlægning af Brobyg-fraværsindsats"]
    assert len(bff_1.lines[0].amounts) < 4  # no amount is guessed for the missing years


def test_file_cut_off_in_the_middle_of_a_row(seed_text: str, write_catalog: WriteCatalog) -> None:
    lines = seed_text.split("\n")
    text = "\n".join(lines[:1547]) + "\nPersonaleudgifter -1.780 -1.780"
    loaded = _read(text, write_catalog)
    assert ("table-row", "error", "JVS-3", 1548) in _found(loaded)
    assert {(f.measure, f.severity.value) for f in loaded.findings} == {("JVS-3", "error")}
    assert loaded.catalog.measures[-1].code == "JVS-3"
    assert len(loaded.catalog.measures) == 19


@pytest.mark.parametrize("cell", ["-1.OOO", "x", "?", "n/a", "-1.00"])
def test_cell_that_is_not_a_number(cell: str, seed_text: str, write_catalog: WriteCatalog) -> None:
    text = edit_line(seed_text, 288, "-1.000 -1.000 -1.000 -1.000", f"-1.000 {cell} -1.000 -1.000")
    loaded = _read(text, write_catalog)
    assert _found(loaded) == [("table-cell", "error", "BFF-1", 288)]
    assert loaded.findings[0].message("en") == (
        f"Row 'Omlægning af Brobyg-fraværsindsats' has a cell that is not a number: '{cell}'")
    line = loaded.catalog.measures[1].lines[0]
    assert line.label == "Omlægning af Brobyg-fraværsindsats"
    assert dict(line.amounts) == {2024: Decimal(-1000), 2026: Decimal(-1000), 2027: Decimal(-1000)}


def test_thousands_separated_by_space_read_as_amounts(
    seed_text: str, write_catalog: WriteCatalog,
) -> None:
    # '-1 000' (a space as thousands separator, as some extractors write it) is one amount.
    text = edit_line(seed_text, 288, "-1.000 -1.000 -1.000 -1.000", "-1.000 -1 000 -1.000 -1 000")
    loaded = _read(text, write_catalog)
    measure = loaded.catalog.measure("BFF-1")
    assert measure is not None
    assert measure.lines[0].label == "Omlægning af Brobyg-fraværsindsats"
    assert dict(measure.lines[0].amounts) == {y: Decimal(-1000) for y in (2024, 2025, 2026, 2027)}
    problems = [*loaded.findings, *check_catalog(loaded.catalog)]
    assert [f.measure for f in problems if f.is_error] == []


@pytest.mark.parametrize(("first", "last"), [(280, 292), (282, 292)],
                         ids=["caption-and-table", "table-without-caption"])
def test_measure_page_without_table(first: int, last: int, seed_text: str,
                                    write_catalog: WriteCatalog) -> None:
    path = write_catalog(blank_lines(seed_text, first, last))
    loaded = load(path)
    assert [(rule, severity, code) for rule, severity, code, _line in _found(loaded)] == [
        ("table-unreadable", "error", "BFF-1")]
    where = loaded.findings[0].source
    assert where.path == str(path)
    assert where.line is not None
    assert 238 <= where.line < 304  # on BFF-1's page
    # The measure is kept, in its place, with everything else its page says.
    measures = loaded.catalog.measures
    assert [m.code for m in measures][:3] == ["MSB-1", "BFF-1", "BFF-2"]
    assert len(measures) == 19
    bff_1 = measures[1]
    assert bff_1.title == "Omlægning af Brobyg-fraværsindsats"
    assert bff_1.lines == ()
    assert bff_1.sector == "1.20 Drift"
    assert bff_1.stated_savings_pct == "22,9%"
    assert bff_1.description.endswith("relateret til skolefravær.")


# --- the command line ---------------------------------------------------------------------------


def _assert_one_line_error(result: subprocess.CompletedProcess[str], path: Path) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("omprio: ")
    assert str(path) in lines[0]


# The CLI runs the same reader; one of each kind keeps the suite fast.
CLI_UNREADABLE = ["empty", "binary-junk", "xlsx-named-pdf", "pdf-hello-world", "poem",
                  "invalid-json", "json-text-amount"]


@pytest.mark.parametrize(("name", "content"),
                         [(case[1], case[2]) for case in UNREADABLE if case[0] in CLI_UNREADABLE],
                         ids=CLI_UNREADABLE)
def test_cli_check_unreadable_input(name: str, content: bytes,
                                    write_catalog: WriteCatalog) -> None:
    path = write_catalog(content, name)
    _assert_one_line_error(run_omprio("check", path), path)


@pytest.mark.parametrize("command", ["export", "show"])
def test_cli_other_commands_on_unreadable_input(command: str, write_catalog: WriteCatalog) -> None:
    path = write_catalog(POEM, "digt.txt")
    _assert_one_line_error(run_omprio(command, path), path)


def test_cli_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "findes-ikke.txt"
    _assert_one_line_error(run_omprio("check", path), path)


def test_cli_exit_1_on_error_finding(seed_text: str, write_catalog: WriteCatalog) -> None:
    path = write_catalog(edit_line(seed_text, 288, "-1.000 -1.000 -1.000 -1.000", "-1.000 -1.000"))
    result = run_omprio("check", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{path}:288: fejl table-row " in result.stdout


def test_cli_exit_0_on_seed(seed_path: Path) -> None:
    result = run_omprio("check", seed_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""


def test_cli_exit_0_on_cp1252_copy_with_notice(seed_text: str,
                                               write_catalog: WriteCatalog) -> None:
    path = write_catalog(seed_text.encode("cp1252"))
    result = run_omprio("check", path, "--lang", "en")
    assert result.returncode == 0  # a notice is not an error
    assert f"{path}:1: note encoding " in result.stdout
