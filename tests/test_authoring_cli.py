"""``omprio catalog new``, ``add-measure`` and ``remove-measure`` on a database file: the id
printed, a measure added from its omprio.catalog/1 JSON, a stale ``--base-version`` refused,
bad input one line with exit 2, and a catalog made for a department of a budget round."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from conftest import run_omprio
from omprio.rounds.model import BudgetRound, Department, Key, KeyKind, Requirement
from omprio.store.workspace import Workspace
from web_support import SYSTEM


def _measure(tmp_path: Path, code: str) -> Path:
    path = tmp_path / f"{code}.json"
    path.write_text(json.dumps({
        "code": code, "theme": "1A", "title": "Færre åbningstimer",
        "description": "Biblioteket lukker kl. 18.",
        "lines": [{"label": "Løn", "amounts": {"2025": -120.5, "2026": -240}}],
        "net": {"2025": -120.5, "2026": -240}, "fte": {"2025": -0.5, "2026": -1}}),
        encoding="utf-8")
    return path


def test_new_add_and_remove(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    made = run_omprio("catalog", "new", "--title", "Kultur 2025", "--department", "Kultur",
                      "--years", "2025-2026", "--price-base", "2025-PL",
                      "--target", "-500;-500", "--db", db)
    assert made.returncode == 0, made.stderr
    cid = int(made.stdout.strip())
    added = run_omprio("catalog", "add-measure", str(cid), str(_measure(tmp_path, "KUL-1")),
                       "--why", "Fra forvaltningen", "--db", db)
    assert added.returncode == 0, added.stderr
    assert "KUL-1" in added.stdout and "2" in added.stdout
    ws = Workspace(db)
    try:
        stored = ws.version(cid, SYSTEM)
        assert stored.info.message == "Fra forvaltningen"
        assert stored.catalog.target == {2025: Decimal(-500), 2026: Decimal(-500)}
        assert stored.catalog.overview_totals[-1].amounts[2025] == Decimal("-120.5")
    finally:
        ws.engine.dispose()
    stale = run_omprio("catalog", "remove-measure", str(cid), "KUL-1", "--base-version", "1",
                       "--db", db)
    assert stale.returncode == 2 and "version" in stale.stderr
    assert "Traceback" not in stale.stderr
    removed = run_omprio("catalog", "remove-measure", str(cid), "KUL-1", "--base-version", "2",
                         "--db", db, "--lang", "en")
    assert removed.returncode == 0 and "removed" in removed.stdout
    again = run_omprio("catalog", "remove-measure", str(cid), "KUL-1", "--db", db)
    assert again.returncode == 2 and "KUL-1" in again.stderr


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    for args in (["--years", "2025-x"], ["--years", "2025,2027"], [],
                 ["--years", "2025-2026", "--target", "1;2;3"]):
        answer = run_omprio("catalog", "new", "--title", "X", *args, "--db", db)
        assert answer.returncode == 2, (args, answer.stdout)
        assert len(answer.stderr.strip().splitlines()) == 1, answer.stderr
    cid = run_omprio("catalog", "new", "--title", "X", "--years", "2025-2026",
                     "--db", db).stdout.strip()
    bad = tmp_path / "bad.json"
    bad.write_text('{"code": 7}', encoding="utf-8")
    answer = run_omprio("catalog", "add-measure", cid, str(bad), "--db", db)
    assert answer.returncode == 2 and "code" in answer.stderr and "Traceback" not in answer.stderr
    bad.write_text("{nope", encoding="utf-8")
    assert run_omprio("catalog", "add-measure", cid, str(bad), "--db", db).returncode == 2


def test_new_for_a_department_of_a_round(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    ws = Workspace(db)
    try:
        ws.ensure_schema()
        budget_round = BudgetRound(
            "Budget 2027", "Odense Kommune", (2027, 2028, 2029), 2027,
            departments=(Department("BKF", "Børn og Unge"), Department("ÆHF", "Ældre")),
            keys=(Key("K", "Nøgle", KeyKind.SHARES, {"BKF": Decimal(75), "ÆHF": Decimal(25)}),),
            requirements=(Requirement("Krav", "K", {2027: Decimal(-1000), 2028: Decimal(-2000),
                                                    2029: Decimal(-2000)}),),
        )
        round_id = ws.create_round(budget_round, SYSTEM).id
    finally:
        ws.engine.dispose()
    made = run_omprio("catalog", "new", "--title", "Ældrekatalog", "--round", str(round_id),
                      "--department", "ÆHF", "--db", db)
    assert made.returncode == 0, made.stderr
    cid = int(made.stdout.strip())
    ws = Workspace(db)
    try:
        catalog = ws.version(cid, SYSTEM).catalog
        assert catalog.years == (2027, 2028, 2029) and catalog.price_base == "2027-PL"
        assert catalog.department == "Ældre" and catalog.authored
        assert catalog.target == {2027: Decimal(-250), 2028: Decimal(-500), 2029: Decimal(-500)}
        links = ws.stored_round(round_id, SYSTEM).budget_round.links
        assert [(link.catalog_id, link.department) for link in links] == [(cid, "ÆHF")]
    finally:
        ws.engine.dispose()
    unknown = run_omprio("catalog", "new", "--title", "X", "--round", str(round_id),
                         "--department", "NOPE", "--db", db)
    assert unknown.returncode == 2 and "NOPE" in unknown.stderr
