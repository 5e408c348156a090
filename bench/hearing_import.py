"""How long a hearing the size of Aarhus's 2022 round takes: 3,868 responses in one CSV export
imported into a SQLite workspace (read, kept once, links proposed), imported again (all already
there), and summarized.

    PYTHONPATH=src .venv/bin/python bench/hearing_import.py
"""

from __future__ import annotations

import random
import tempfile
import time
from importlib import resources
from pathlib import Path

from hearing_cases import CASES
from omprio.service.hearing import hearing_summary
from omprio.store.accounts import Actor
from omprio.store.workspace import Workspace

RESPONSES = 3868
SYSTEM = Actor(0, "bench", "admin")
KINDS = ("Privatperson", "Forening", "Bruger- og pårørenderåd", "MED-udvalg", "Virksomhed",
         "Myndighed")


def export(count: int) -> bytes:
    """A portal export of ``count`` responses made from the test set's texts."""
    rng = random.Random(7)
    lines = ["Sagsnummer;Indsendt;Afsender;Afsendertype;Titel;Tekst"]
    for number in range(count):
        text = rng.choice(CASES)[0]
        day = 1 + number * 28 // count
        lines.append(f"22-{number:05d};2022-09-{day:02d} 12:00;Afsender {number};"
                     f"{rng.choice(KINDS)};Svar {number};\"{text} (svar {number})\"")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    seed = resources.files("omprio.data").joinpath("aarhus-msb-2024-2027.txt").read_bytes()
    data = export(RESPONSES)
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        cid = ws.import_document(seed, "seed.txt", SYSTEM).info.catalog_id
        ws.set_stage(cid, "hearing", SYSTEM)
        start = time.perf_counter()
        first = ws.import_responses(cid, data, "export.csv", SYSTEM)
        imported = time.perf_counter() - start
        start = time.perf_counter()
        again = ws.import_responses(cid, data, "export.csv", SYSTEM)
        reimported = time.perf_counter() - start
        start = time.perf_counter()
        summary = hearing_summary(ws, cid, SYSTEM)
        summarized = time.perf_counter() - start
        start = time.perf_counter()
        ws.propose_hearing_links(cid, SYSTEM)
        rerun = time.perf_counter() - start
        ws.engine.dispose()
    print(f"{RESPONSES} responses ({len(data) / 1e6:.1f} MB CSV), SQLite: import "
          f"{imported:.2f} s ({len(first.new)} new), re-import {reimported:.2f} s "
          f"({again.known} already there), summary {summarized:.2f} s "
          f"({summary.responses} responses, {summary.unlinked} unlinked), "
          f"proposals re-run {rerun:.2f} s")


if __name__ == "__main__":
    main()
