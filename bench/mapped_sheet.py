"""Benchmark: reading a large spreadsheet in a municipality's own columns by a column mapping.

A sheet of ``n`` measures (default 10,000) in Danish columns (``Nr;Forslag;Tema;Beskrivelse;
2025;2026;2027;2028;Årsværk``, Danish decimals, a sum row) is written once as CSV and as XLSX,
then read by a mapping (``load_bytes(data, name, mapping)``) and checked (``check_catalog``):
wall time (best of ``--repeat``) and memory in a fresh subprocess: the peak RSS of the whole
process (Python, omprio, openpyxl and one reading) and the tracemalloc peak of a reading.
What was read is asserted: ``n`` measures, the sum row equal to the rows, no error-level finding.

    .venv/bin/python bench/mapped_sheet.py            # 10,000 rows, CSV and XLSX
    .venv/bin/python bench/mapped_sheet.py 1000 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
YEARS = (2025, 2026, 2027, 2028)
HEAD = ["Nr", "Forslag", "Tema", "Beskrivelse", *map(str, YEARS), "Årsværk"]
MAP = ["code=Nr", "title=Forslag", "theme=Tema", "description=Beskrivelse",
       *(f"amount.{year}={year}" for year in YEARS), "fte.2025=Årsværk"]
THEMES = ("Børn og unge", "Ældre", "Kultur", "Teknik og miljø", "Administration")


def danish(value: Decimal) -> str:
    """``value`` written the Danish way: ``-1.234,5``."""
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join([whole, *groups])
    fraction = fraction.rstrip("0")
    return sign + text + ("," + fraction if fraction else "")


def rows(n: int) -> list[list[str | Decimal]]:
    """The sheet: headings, ``n`` measures, and the sum row."""
    body: list[list[str | Decimal]] = [list(HEAD)]
    sums = dict.fromkeys(YEARS, Decimal(0))
    fte = Decimal(0)
    for i in range(n):
        amounts = {year: Decimal(-(i * 37 + year % 7 * 113) % 90_000) / 2 for year in YEARS}
        staff = Decimal(-(i % 9)) / 2
        for year in YEARS:
            sums[year] += amounts[year]
        fte += staff
        body.append([f"{THEMES[i % 5][:3].upper()}-{i + 1}", f"Forslag nummer {i + 1}",
                     THEMES[i % 5], f"Beskrivelse af forslag {i + 1}: færre udgifter.",
                     *amounts.values(), staff])
    body.append(["", "I alt", "", "", *sums.values(), fte])
    return body


def csv_bytes(table: list[list[str | Decimal]]) -> bytes:
    return "".join(";".join(danish(v) if isinstance(v, Decimal) else v for v in row) + "\r\n"
                   for row in table).encode("utf-8")


def xlsx_bytes(table: list[list[str | Decimal]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Forslag")
    for row in table:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def files(n: int) -> dict[str, Path]:
    """The CSV and XLSX of ``n`` rows in ``bench/out/`` (written once)."""
    OUT.mkdir(exist_ok=True)
    paths = {"csv": OUT / f"mapped-{n}.csv", "xlsx": OUT / f"mapped-{n}.xlsx"}
    if not all(path.exists() for path in paths.values()):
        table = rows(n)
        paths["csv"].write_bytes(csv_bytes(table))
        paths["xlsx"].write_bytes(xlsx_bytes(table))
    return paths


def read_once(path: Path, n: int) -> float:
    """Read and check ``path`` by the mapping; the seconds it took (and what was read sane)."""
    from omprio.check import check_catalog
    from omprio.read import load_bytes
    from omprio.read.mapping import parse_mapping

    data = path.read_bytes()
    start = time.perf_counter()
    loaded = load_bytes(data, path.name, parse_mapping(MAP))
    findings = [*loaded.findings, *check_catalog(loaded.catalog)]
    took = time.perf_counter() - start
    assert len(loaded.catalog.measures) == n, len(loaded.catalog.measures)
    assert len(loaded.catalog.overview_totals) == 1
    assert not [f for f in findings if f.is_error], [f.message("en") for f in findings][:5]
    return took


def peak(path: Path, n: int) -> tuple[float, float]:
    """The peak RSS of a fresh process that imports omprio and reads ``path`` once, and the
    tracemalloc peak (MiB) of reading it again (tracemalloc slows Python down)."""
    here, file = str(Path(__file__).parent), str(path)
    code = (
        f"import resource, sys, json; sys.path.insert(0, {here!r})\n"
        "from pathlib import Path\n"
        "import mapped_sheet, omprio.read, omprio.check, omprio.read.mapped\n"
        "import omprio.read.tables, openpyxl\n"
        f"data = Path({file!r}).read_bytes()\n"
        f"mapped_sheet.read_once(Path({file!r}), {n})\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "import tracemalloc; tracemalloc.start()\n"
        f"mapped_sheet.read_once(Path({file!r}), {n})\n"
        "traced = tracemalloc.get_traced_memory()[1]\n"
        "print(json.dumps([after / 1024, traced / 1024 / 1024]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    rss, traced = json.loads(done.stdout.strip().splitlines()[-1])
    return float(rss), float(traced)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print(f"| rows | format | file | read+check (best of {options.repeat}) | per row | "
          "process peak RSS | tracemalloc peak |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n in options.sizes:
        for kind, path in files(n).items():
            best = min(read_once(path, n) for _ in range(options.repeat))
            size = path.stat().st_size / (1024 * 1024)
            rss, traced = peak(path, n)
            print(f"| {n:,} | {kind.upper()} | {size:.1f} MiB | {best:.2f} s | "
                  f"{best / n * 1e6:.0f} µs | {rss:.0f} MiB | {traced:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
