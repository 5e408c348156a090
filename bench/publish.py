"""How long publishing takes: the reference catalog as PDF, XLSX, DOCX and HTML, and a generated
catalog of 1,000 measures as PDF.

Run: ``.venv/bin/python bench/publish.py [measures]``. Each figure is the best of several runs
after one warm-up (the first Typst run loads its fonts); it prints seconds, the goal and the size
of the output. Goals: the seed as PDF within 0.3 s, as XLSX and DOCX within 0.5 s each; 1,000
measures as PDF within 10 s. Asserts nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from omprio.check import check_catalog  # noqa: E402
from omprio.publish.excel import catalog_xlsx  # noqa: E402
from omprio.publish.html import catalog_html  # noqa: E402
from omprio.publish.pdf import catalog_pdf  # noqa: E402
from omprio.publish.word import catalog_docx  # noqa: E402
from omprio.read import load  # noqa: E402

SEED = ROOT / "tests" / "data" / "aarhus-msb-2024-2027.txt"


def best(run: Callable[[], bytes | str], repeats: int) -> tuple[float, int]:
    """(best seconds, size in bytes) of ``repeats`` runs after a warm-up."""
    output = run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        output = run()
        times.append(time.perf_counter() - start)
    size = len(output.encode("utf-8")) if isinstance(output, str) else len(output)
    return min(times), size


def report(name: str, seconds: float, goal: float | None, size: int) -> None:
    verdict = "" if goal is None else ("  met" if seconds <= goal else "  MISSED")
    goal_text = f"goal <= {goal:g} s" if goal is not None else ""
    print(f"{name:<34} {seconds:7.3f} s  {goal_text:<14} {size / 1024:9.0f} KiB{verdict}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    loaded = load(SEED)
    seed = loaded.catalog
    findings = [*loaded.findings, *check_catalog(seed)]
    print(f"omprio publish benchmark (best of 5; {count:,} measures: best of 2)")
    for name, run, goal in (
        ("seed -> PDF", lambda: catalog_pdf(seed, findings), 0.3),
        ("seed -> XLSX", lambda: catalog_xlsx(seed), 0.5),
        ("seed -> DOCX", lambda: catalog_docx(seed, findings), 0.5),
        ("seed -> HTML", lambda: catalog_html(seed, findings), None),
    ):
        seconds, size = best(run, 5)
        report(name, seconds, goal, size)
    large = generate(count)
    seconds, size = best(lambda: catalog_pdf(large), 2)
    report(f"{count:,} measures -> PDF", seconds, 10.0, size)
    seconds, size = best(lambda: catalog_xlsx(large), 1)
    report(f"{count:,} measures -> XLSX", seconds, None, size)


if __name__ == "__main__":
    main()
