"""How long PDFium text extraction takes per page, on a generated 200-page catalog PDF.

Run: ``.venv/bin/python bench/pdf_extract.py [pages]``. Renders measure pages of the reference
catalog (cycled) with ``tests/pdf_maker.py``, then times ``get_textpage().get_text_range()`` per
page, omprio's :func:`~omprio.read.pdf.pdf_lines` and the whole :func:`~omprio.read.load_bytes`.
Prints milliseconds per page; asserts nothing.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import pypdfium2 as pdfium  # noqa: E402

from omprio.publish.template_text import catalog_pages  # noqa: E402
from omprio.read import load, load_bytes  # noqa: E402
from omprio.read.pdf import pdf_lines  # noqa: E402
from pdf_maker import render_pdf  # noqa: E402

SEED = ROOT / "tests" / "data" / "aarhus-msb-2024-2027.txt"
REPEATS = 5


def extract_all(data: bytes) -> list[float]:
    """Seconds per page for opening the page, extracting its text and closing it."""
    document = pdfium.PdfDocument(data)
    times: list[float] = []
    try:
        for index in range(len(document)):
            start = time.perf_counter()
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            times.append(time.perf_counter() - start)
    finally:
        document.close()
    return times


def best(seconds: list[float]) -> float:
    return min(seconds)


def main(argv: list[str]) -> int:
    wanted = int(argv[1]) if len(argv) > 1 else 200
    catalog = load(SEED).catalog
    pages = list(catalog_pages(catalog))
    body = list(itertools.islice(itertools.cycle(pages[2:]), max(wanted - 2, 0)))
    start = time.perf_counter()
    rendered = render_pdf([*pages[:2], *body], max_lines=200)
    render_seconds = time.perf_counter() - start
    count = rendered.page_count
    print(f"{count} pages, {len(rendered.data) / 1024:.0f} KiB, font {rendered.font}, "
          f"rendered with fpdf2 in {render_seconds:.2f} s")

    per_page: list[float] = []
    totals: list[float] = []
    for _ in range(REPEATS):
        times = extract_all(rendered.data)
        per_page.extend(times)
        totals.append(sum(times))
    print(f"pypdfium2 get_text_range: {best(totals) / count * 1000:.3f} ms/page "
          f"(best of {REPEATS}; median page {statistics.median(per_page) * 1000:.3f} ms, "
          f"slowest page {max(per_page) * 1000:.3f} ms)")

    lines_runs: list[float] = []
    load_runs: list[float] = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        pdf_lines(rendered.data, "bench.pdf")
        lines_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        load_bytes(rendered.data, "bench.pdf")
        load_runs.append(time.perf_counter() - start)
    print(f"omprio pdf_lines (open, extract, split): {best(lines_runs) / count * 1000:.3f} ms/page")
    print(f"omprio load_bytes (all of reading):      {best(load_runs) / count * 1000:.3f} ms/page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
