"""Benchmark: how long reading a large Word catalog takes, and how much memory it needs.

A catalog of ``n`` measures from :func:`generate.generate` (default 1,000) is published as Word
(``omprio publish --format docx``: ``publish(catalog, [], "docx")``), then read back
``--repeat`` times the way :func:`omprio.read.load_bytes` reads it. It prints the document's
size, the time to publish it, the median time to read it and of its two parts (the ZIP checks
and the parse of the body into blocks; the template reader), the peak of memory Python
allocated while reading (``tracemalloc``, one more read; lxml's own memory is in the process's
peak resident memory, counted afresh before that read on Linux) and whether the catalog read
back is the one published. It also times writing a blank measure form and reading a filled
one. It asserts nothing::

    .venv/bin/python bench/word_catalog.py            # 1,000 measures (about 40 s)
    .venv/bin/python bench/word_catalog.py 200 --repeat 5
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "tests"))

from generate import generate  # noqa: E402
from omprio.interchange import catalog_to_json  # noqa: E402
from omprio.publish.formats import publish  # noqa: E402
from omprio.publish.word_form import measure_form  # noqa: E402
from omprio.read import load_bytes  # noqa: E402
from omprio.read.cells import join_cell_lines, join_label_blocks  # noqa: E402
from omprio.read.pages import drop_text_furniture  # noqa: E402
from omprio.read.template import parse_catalog  # noqa: E402
from omprio.read.word import word_blocks, word_lines  # noqa: E402
from omprio.read.word_form import catalog_frame, read_form  # noqa: E402


def _median(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _without_sources(document: object) -> object:
    if isinstance(document, dict):
        return {k: _without_sources(v) for k, v in document.items()
                if k != "source" and not k.endswith("_source")}
    if isinstance(document, list):
        return [_without_sources(item) for item in document]
    return document


def _peak_rss() -> int | None:
    """The process's peak resident memory so far in bytes (Linux: ``VmHWM``), or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_peak_rss() -> None:
    """Start counting the peak resident memory afresh (Linux: ``/proc/self/clear_refs``)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("measures", nargs="?", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    catalog = generate(args.measures)
    start = time.perf_counter()
    data = publish(catalog, [], "docx")
    published = time.perf_counter() - start
    assert isinstance(data, bytes)
    print(f"{args.measures:,} measures: {len(data) / 1e6:.1f} MB .docx, published in "
          f"{published:.1f} s")

    reads, parts = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        document = word_blocks(data, "catalog.docx")
        middle = time.perf_counter()
        lines = word_lines(document, "catalog.docx")
        parse_catalog(join_label_blocks(join_cell_lines(drop_text_furniture(lines))),
                      "catalog.docx")
        reads.append(time.perf_counter() - start)
        parts.append(middle - start)
    read, blocks = statistics.median(reads), statistics.median(parts)
    _reset_peak_rss()
    before = _peak_rss()
    tracemalloc.start()
    loaded = load_bytes(data, "catalog.docx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = _peak_rss()
    rss = (f", peak resident memory {after / 2**20:.0f} MiB ({(after - before) / 2**20:+.0f} MiB "
           "over the process before reading)" if before is not None and after is not None
           else "")
    same = (_without_sources(catalog_to_json(loaded.catalog))
            == _without_sources(catalog_to_json(catalog)))
    print(f"read: {read:.2f} s median of {args.repeat} (ZIP checks and body to blocks "
          f"{blocks:.2f} s, template reader {read - blocks:.2f} s); "
          f"peak Python memory {peak / 2**20:.0f} MiB{rss}; same catalog: {same}")

    from word_support import Filled, fill_form

    frame = catalog_frame(catalog)
    written = _median(lambda: measure_form(frame), args.repeat)
    filled = fill_form(measure_form(frame), Filled(
        fields={"Kode": "BFF-999", "Tema": "1A", "Titel": "Nyt tiltag"},
        lines=[("Linje", ["-1.000"] * len(catalog.years))]))
    form = _median(lambda: read_form(filled, "tiltag.docx", frame), args.repeat)
    print(f"measure form: written in {written * 1000:.0f} ms, a filled one read in "
          f"{form * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
