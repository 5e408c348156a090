"""Benchmark: how fast and how lean is reading and checking a large catalog?

For each size (default 100, 1,000, 3,000 and 10,000 measures) a catalog from
:mod:`generate` is written once to ``bench/out/`` (git-ignored; rewritten when
``generate.py`` is newer) and then measured:

* parse+check: ``load_bytes(data, name)`` then ``check_catalog(catalog)``, wall time, best of
  ``--repeat`` runs (the ``titles.words`` cache is cleared before each run, so every run is a
  cold run like one ``omprio check`` process);
* baseline: one regex pass that only tokenizes the numbers of the decoded text, best of the same
  number of runs, and the ratio parse+check / baseline;
* peak memory of parse+check, each in a fresh subprocess: growth of the peak RSS
  (``ru_maxrss`` after minus before, with the file already read and omprio imported) and the
  ``tracemalloc`` peak (a separate run, tracemalloc slows Python down), both against the file size.

Sanity is asserted for every size: the catalog read has ``n`` measures, reading and checking find
no error-level finding, and what was read equals the generated model (codes, titles, texts,
every amount, the overview and its links); the first ten differences are printed otherwise.

    .venv/bin/python bench/parse_check.py               # 100 1000 3000 10000
    .venv/bin/python bench/parse_check.py 1000 10000    # chosen sizes
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generate import generate, write
from omprio import titles
from omprio.check import check_catalog
from omprio.findings import Finding
from omprio.model import Catalog, Line, Measure
from omprio.read import load_bytes

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
GENERATOR = BENCH / "generate.py"
NUMBERS = re.compile(r"[-+−–]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-+−–]?\d+(?:,\d+)?")
MIB = 1024 * 1024

GOAL_RATIO = 3.0  # parse+check of 10,000 measures within 3x the regex pass
GOAL_LINEAR = 1.5  # per-measure time at the largest size within 1.5x that at 1,000
GOAL_MEMORY = 10.0  # peak memory under 10x the file size


@dataclass(frozen=True, slots=True)
class Result:
    """The figures of one size."""

    measures: int
    file_bytes: int
    parse_check_s: float
    regex_s: float
    rss_growth_bytes: int
    traced_peak_bytes: int
    findings: Counter[str]

    @property
    def ratio(self) -> float:
        return self.parse_check_s / self.regex_s

    @property
    def per_measure_us(self) -> float:
        return self.parse_check_s / self.measures * 1e6

    @property
    def peak_bytes(self) -> int:
        return max(self.rss_growth_bytes, self.traced_peak_bytes)


def catalog_file(n: int, seed: int) -> tuple[Path, Catalog]:
    """The generated model of ``n`` measures and its text file (written if missing or stale)."""
    model = generate(n, seed)
    path = OUT / f"catalog-{n}-seed{seed}.txt"
    if not path.exists() or path.stat().st_mtime < GENERATOR.stat().st_mtime:
        write(model, path)
    return path, model


def best_of(repeat: int, run: Callable[[], object], before: Callable[[], None]) -> float:
    """The shortest wall time of ``repeat`` runs of ``run`` (``before`` runs untimed first)."""
    best = float("inf")
    for _ in range(repeat):
        before()
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def parse_and_check(data: bytes, name: str) -> tuple[Catalog, list[Finding]]:
    """What is measured: read the bytes, then run every check."""
    loaded = load_bytes(data, name)
    return loaded.catalog, [*loaded.findings, *check_catalog(loaded.catalog)]


def _no_cache() -> None:
    titles.words.cache_clear()


def _nothing() -> None:
    return None


def _lines(lines: Sequence[Line]) -> list[tuple[str, dict[int, object]]]:
    return [(line.label, dict(line.amounts)) for line in lines]


def _measure_view(m: Measure) -> dict[str, object]:
    budget = m.area_budget
    return {
        "theme": m.theme,
        "title": m.title,
        "description": m.description,
        "lines": _lines(m.lines),
        "adjustments": _lines(m.adjustments),
        "net": dict(m.net),
        "fte": dict(m.fte),
        "sector": m.sector,
        "area_budget": (budget.label, budget.text, budget.amounts_dkk) if budget else None,
        "stated_savings_pct": m.stated_savings_pct,
        "notes": m.notes,
        "periods": m.periods,
        "years": m.years,
        "price_base": m.price_base,
        "unit": m.unit,
    }


def differences(model: Catalog, read: Catalog, limit: int = 10) -> list[str]:
    """Where the catalog read differs from the generated model (at most ``limit``)."""
    found: list[str] = []
    for field in ("title", "organisation", "department", "date", "years", "price_base", "unit",
                  "introduction", "stated_period", "themes"):
        if getattr(model, field) != getattr(read, field):
            found.append(f"catalog.{field}: {getattr(model, field)!r} != {getattr(read, field)!r}")
    read_by_code = read.measures_by_code()
    for measure in model.measures:
        other = read_by_code.get(measure.code)
        if other is None:
            found.append(f"{measure.code}: not read")
            continue
        mine, theirs = _measure_view(measure), _measure_view(other)
        for key, value in mine.items():
            if value != theirs[key]:
                found.append(f"{measure.code}.{key}: {value!r} != {theirs[key]!r}")
        if len(found) >= limit:
            return found[:limit]
    if len(model.overview) != len(read.overview):
        found.append(f"overview rows: {len(model.overview)} != {len(read.overview)}")
    for row, other_row in zip(model.overview, read.overview, strict=False):
        mine_row = (row.section, row.theme, row.label, row.measure, dict(row.amounts))
        read_row = (other_row.section, other_row.theme, other_row.label, other_row.measure,
                    dict(other_row.amounts))
        if mine_row != read_row:
            found.append(f"overview row: {mine_row!r} != {read_row!r}")
        if len(found) >= limit:
            return found[:limit]
    totals = [(t.label, t.section, t.theme, dict(t.amounts)) for t in model.overview_totals]
    read_totals = [(t.label, t.section, t.theme, dict(t.amounts)) for t in read.overview_totals]
    if totals != read_totals:
        found.append(f"overview totals: {totals!r} != {read_totals!r}")
    return found[:limit]


def child(path: Path, traced: bool) -> None:
    """In a fresh process: peak RSS growth (KiB on Linux) or tracemalloc peak of parse+check."""
    data = path.read_bytes()
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if traced:
        tracemalloc.start()
    catalog, findings = parse_and_check(data, str(path))
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "rss_before_bytes": before * 1024,
        "rss_growth_bytes": (after - before) * 1024,
        "traced_peak_bytes": peak,
        "measures": len(catalog.measures),
        "findings": len(findings),
    }))


# Linux hands a process the peak RSS of the image it was exec'ed from, so a child of this (large)
# process would start with our peak as its ``ru_maxrss``. A small launcher in between gives the
# measuring process a fresh start: it inherits only the launcher's few MiB.
_LAUNCHER = "import subprocess, sys; raise SystemExit(subprocess.call(sys.argv[1:]))"


def in_child(path: Path, traced: bool) -> dict[str, int]:
    """Run :func:`child` in a fresh process (via the launcher) and return its figures."""
    command = [sys.executable, "-c", _LAUNCHER,
               sys.executable, str(Path(__file__).resolve()), "--child", str(path)]
    if traced:
        command.append("--traced")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures: dict[str, int] = json.loads(done.stdout)
    return figures


def measure_size(n: int, seed: int, repeat: int) -> tuple[Result, list[str]]:
    """Figures of one size and what is wrong with the catalog read (empty when sane)."""
    path, model = catalog_file(n, seed)
    data = path.read_bytes()
    text = data.decode("utf-8")
    result: list[tuple[Catalog, list[Finding]]] = []

    def run() -> None:
        result[:] = [parse_and_check(data, str(path))]

    parse_s = best_of(repeat, run, _no_cache)
    regex_s = best_of(repeat, lambda: NUMBERS.findall(text), _nothing)
    catalog, findings = result[0]

    problems: list[str] = []
    if len(catalog.measures) != n:
        problems.append(f"read {len(catalog.measures)} measures, generated {n}")
    errors = [f for f in findings if f.is_error]
    if errors:
        problems.append(f"{len(errors)} error-level findings; the first 10:")
        problems += [f"  {f.rule} {f.source} {f.message('en')}" for f in errors[:10]]
    diffs = differences(model, catalog)
    if diffs:
        problems.append("the catalog read differs from the generated model; the first 10:")
        problems += [f"  {d}" for d in diffs]

    rss = in_child(path, traced=False)
    traced = in_child(path, traced=True)
    return (
        Result(
            measures=n,
            file_bytes=len(data),
            parse_check_s=parse_s,
            regex_s=regex_s,
            rss_growth_bytes=rss["rss_growth_bytes"],
            traced_peak_bytes=traced["traced_peak_bytes"],
            findings=Counter(f"{f.severity.value}:{f.rule}" for f in findings),
        ),
        problems,
    )


def report(results: Sequence[Result]) -> None:
    print()
    print(f"{'measures':>9} {'file MiB':>9} {'parse+check s':>14} {'regex s':>8} {'ratio':>6} "
          f"{'µs/measure':>11} {'RSS+ MiB':>9} {'traced MiB':>11} {'peak/file':>10}")
    for r in results:
        print(f"{r.measures:>9,} {r.file_bytes / MIB:>9.2f} {r.parse_check_s:>14.3f} "
              f"{r.regex_s:>8.4f} {r.ratio:>6.1f} {r.per_measure_us:>11.0f} "
              f"{r.rss_growth_bytes / MIB:>9.1f} {r.traced_peak_bytes / MIB:>11.1f} "
              f"{r.peak_bytes / r.file_bytes:>10.1f}")
    print("(peak/file uses the larger of RSS growth and tracemalloc peak)")
    print()
    print("Findings (all sizes):", dict(sum((r.findings for r in results), Counter())) or "none")
    print()
    print("Goals:")
    largest = max(results, key=lambda r: r.measures)
    if largest.measures >= 10_000:
        ok = largest.ratio <= GOAL_RATIO
        print(f"  parse+check of {largest.measures:,} measures within {GOAL_RATIO:g}x the regex "
              f"pass: {largest.ratio:.1f}x  {'met' if ok else 'MISSED'}")
    else:
        print(f"  ratio goal ({GOAL_RATIO:g}x at 10,000 measures): not measured at this size")
    reference = next((r for r in results if r.measures >= 1000), results[0])
    if largest is not reference:
        growth = largest.per_measure_us / reference.per_measure_us
        ok = growth <= GOAL_LINEAR
        print(f"  linear in size: µs/measure {reference.measures:,} -> {largest.measures:,}: "
              f"{reference.per_measure_us:.0f} -> {largest.per_measure_us:.0f} "
              f"({growth:.2f}x, goal <= {GOAL_LINEAR:g}x)  {'met' if ok else 'MISSED'}")
    worst = max(results, key=lambda r: r.peak_bytes / r.file_bytes)
    worst_ratio = worst.peak_bytes / worst.file_bytes
    ok = worst_ratio < GOAL_MEMORY
    print(f"  peak memory under {GOAL_MEMORY:g}x the file: worst {worst_ratio:.1f}x "
          f"at {worst.measures:,} measures  {'met' if ok else 'MISSED'}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark parse+check on generated catalogs.")
    parser.add_argument("sizes", type=int, nargs="*", default=[100, 1000, 3000, 10000],
                        help="numbers of measures (default: 100 1000 3000 10000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (default 3)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.child, args.traced)
        return 0

    results: list[Result] = []
    failed = False
    for n in args.sizes:
        print(f"{n:,} measures ...", file=sys.stderr, flush=True)
        result, problems = measure_size(n, args.seed, args.repeat)
        results.append(result)
        if problems:
            failed = True
            print(f"SANITY FAILED at {n:,} measures:", *problems, sep="\n")
    report(results)
    if failed:
        print("\nSanity failed (see above): a reader bug or a generator bug.")
        return 1
    print("\nSanity: every size read back with n measures, no error-level findings, and equal "
          "to the generated model.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
