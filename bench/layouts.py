"""Benchmark: reading the other layouts (business cases, list catalogs) and recognising them.

For each size (default 100, 1,000 and 5,000 measures) a document of København business cases
and a list catalog with that many measures are generated in memory and read with
``load_bytes`` then checked with ``check_catalog``, best of ``--repeat`` runs; the reference
catalog (the template) is read too, to show what recognising the layouts costs it (nothing
measurable: only its first 200 lines are looked at). Sanity is asserted: every measure read,
no finding at all.

    .venv/bin/python bench/layouts.py              # 100 1000 5000
    .venv/bin/python bench/layouts.py 2000         # chosen sizes
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from omprio.check import check_catalog
from omprio.read import load_bytes

SEED = Path(__file__).resolve().parent.parent / "src/omprio/data/aarhus-msb-2024-2027.txt"
YEARS = (2025, 2026, 2027, 2028)


def business_cases(count: int) -> str:
    """``count`` proposals with two permanent lines, a one-off and staff."""
    lines = ["EFFEKTIVISERINGSFORSLAG TIL BUDGET 2025", "Socialforvaltningen",
             "Københavns Kommune", ""]
    head = "  ".join(str(year) for year in YEARS)
    for n in range(1, count + 1):
        a, b = -100 * (n % 7 + 1), -10 * (n % 5 + 1)
        lines += [
            "BUSINESS CASE                       KØBENHAVNS KOMMUNE",
            f"Forslag: Forslag nummer {n}", "Fremstillende forvaltning: Socialforvaltningen",
            "Type: Effektivisering", f"Forslagsnummer: SOF-E{n:04d}", "",
            "1. FORSLAGETS SAMLEDE ØKONOMISKE KONSEKVENSER",
            "Tabel 1. Forslagets samlede økonomi",
            f"1.000 kr., 2025 p/l     Styringsområde  {head}",
            "Varige ændringer",
            f"Færre udgifter     Service  {a} {a} {a} {a}",
            f"Lavere husleje     Service  {b} {b} {b} {b}",
            f"Samlet varig ændring    {a + b} {a + b} {a + b} {a + b}",
            "Implementeringsomkostninger",
            "Omstilling     Service  50 0 0 0",
            f"Samlet pengestrøm i forslaget   {a + b + 50} {a + b} {a + b} {a + b}",
            "Personalemæssige konsekvenser (åv)   -1 -1 -1 -1", "",
            "2. BAGGRUND OG FORMÅL", f"Forslag {n} samler opgaverne.", "",
        ]
    return "\n".join(lines) + "\n"


def list_catalog(count: int) -> str:
    """``count`` rows in groups of 20, each group with its subtotal, and the grand total."""
    head = "  ".join(str(year) for year in YEARS)
    lines = ["Reduktionsforslag", "Familie- og Beskæftigelsesforvaltningen", "Budget 2025-2028",
             "", "Alle beløb i 1.000 kr. (2025-priser).", "",
             f"Nr.  Forslag  {head}  Årsværk"]
    grand = 0
    for group_start in range(0, count, 20):
        name = _group_name(group_start // 20)
        lines.append(name)
        subtotal = 0
        for n in range(group_start, min(count, group_start + 20)):
            value = -10 * (n % 9 + 1)
            subtotal += value
            cells = " ".join([str(value)] * 4)
            lines.append(f"FB-{n + 1:04d}  Forslag {n + 1} om drift  {cells}  -1,0")
        grand += subtotal
        lines.append(f"I alt {name.lower()}  {' '.join([str(subtotal)] * 4)}")
    lines.append(f"I alt  {' '.join([str(grand)] * 4)}")
    return "\n".join(lines) + "\n"


def _group_name(number: int) -> str:
    """'Område 1' … 'Område 99', then 'Område A1' …: a heading never ends in what could be
    an amount of a short row (a number of three digits)."""
    if number < 99:
        return f"Område {number + 1}"
    return f"Område {chr(65 + number // 99 % 26)}{number % 99 + 1}"


def best_of(data: bytes, name: str, repeat: int, count: int | None) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        loaded = load_bytes(data, name)
        findings = [*loaded.findings, *check_catalog(loaded.catalog)]
        best = min(best, time.perf_counter() - start)
        if count is not None:
            assert len(loaded.catalog.measures) == count, (name, len(loaded.catalog.measures))
            assert findings == [], [f.message("en") for f in findings[:5]]
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seed = SEED.read_bytes()
    print(f"template (reference catalog, 19 measures): "
          f"{best_of(seed, 'seed.txt', args.repeat * 5, None) * 1000:.1f} ms")
    print(f"{'measures':>9}  {'layout':<18} {'MiB':>6}  {'read+check s':>12}  {'µs/measure':>10}")
    for size in args.sizes:
        for layout, make in (("business case", business_cases), ("list catalog", list_catalog)):
            data = make(size).encode("utf-8")
            seconds = best_of(data, f"{layout}.txt", args.repeat, size)
            print(f"{size:>9,}  {layout:<18} {len(data) / 2**20:>6.2f}  {seconds:>12.3f}  "
                  f"{seconds / size * 1e6:>10.0f}")


if __name__ == "__main__":
    main()
