"""What the follow-up tests share: the agreement on the seed catalog and the actors.

The agreement (computed by hand from src/omprio/data/aarhus-msb-2024-2027.txt): BFF-2 dropped
(-1.000 a year), VJH-4 postponed (-375 a year), BFF-3A changed from -3.115/-3.215/-2.665/-2.365
to -2.000/-2.500 in 2024/2025 (2026 and 2027 as proposed), and the alternative MSB-9 added with
-400/-800/-800/-800. The proposal's totals (all 19 measures, MSB-1 included) are
-28.824/-26.410/-26.040/-25.756, so the plan is
2024: -28.824 + 1.000 + 375 + 1.115 - 400 = -26.734;
2025: -26.410 + 1.000 + 375 + 715 - 800 = -25.120;
2026: -26.040 + 1.000 + 375 - 800 = -25.465;
2027: -25.756 + 1.000 + 375 - 800 = -25.181.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from omprio.store.accounts import Actor
from omprio.store.workspace import Workspace

SEED = Path(__file__).parent / "data" / "aarhus-msb-2024-2027.txt"
AGREED_ON = date(2023, 10, 5)
NAME = "Budgetforlig 2024"

ADDED: dict[str, Any] = {
    "code": "MSB-9", "theme": "1A", "title": "Fælles indkøb af hjælpemidler",
    "description": "Et alternativ fra forliget: fælles udbud.",
    "lines": [{"label": "Indkøb", "amounts": {"2024": -400, "2025": -800, "2026": -800,
                                              "2027": -800}}],
    "net": {"2024": -400, "2025": -800, "2026": -800, "2027": -800},
    "fte": {"2024": 0, "2025": 0, "2026": 0, "2027": 0},
}
AGREEMENT: dict[str, Any] = {
    "measures": {
        "BFF-2": {"decision": "dropped"},
        "VJH-4": {"decision": "postponed"},
        "BFF-3A": {"decision": "changed", "amounts": {"2024": -2000, "2025": -2500},
                   "fte": {"2024": -1}},
        "BFF-1": {"decision": "adopted"},
    },
    "added": [ADDED],
}
PLAN = {2024: Decimal(-26734), 2025: Decimal(-25120), 2026: Decimal(-25465),
        2027: Decimal(-25181)}
PROPOSED = {2024: Decimal(-28824), 2025: Decimal(-26410), 2026: Decimal(-26040),
            2027: Decimal(-25756)}


def actor(ws: Workspace, name: str) -> Actor:
    """The fixture's user ``name`` (admin, bff, editor, viewer), logged in."""
    known: dict[str, Actor] = ws.__dict__.setdefault("_test_actors", {})
    if name not in known:  # one Argon2 check per user and workspace
        found = ws.authenticate(name, "secret-password")
        assert found is not None
        known[name] = found
    return known[name]


def import_seed(ws: Workspace) -> int:
    """The seed catalog imported by the admin; its id."""
    return ws.import_document(SEED.read_bytes(), "seed.txt", actor(ws, "admin")).info.catalog_id


def agreed_seed(ws: Workspace) -> int:
    """The seed catalog imported and decided by :data:`AGREEMENT`; its id."""
    from omprio.service.followup import record_agreement

    cid = import_seed(ws)
    record_agreement(ws, cid, actor(ws, "admin"), name=NAME, agreed_on=AGREED_ON,
                     document=AGREEMENT)
    return cid


def table(*rows: str, header: str = "measure;year;realized;forecast;status;explanation") -> bytes:
    """A follow-up CSV in UTF-8."""
    return ("\n".join((header, *rows)) + "\n").encode("utf-8")
