"""The round's fast path: ``Workspace.deliveries`` reads what a linked catalog delivers from the
stored nets and gives exactly ``status.delivery`` of the whole catalog, on both engines.

Checked on the seed (several overview sections, one of them naming the administrative savings)
and on a generated catalog given decimal nets, a measure twice in the overview and a measure in
none; then that the view of a round is the same as its status with the whole catalog, that a
new version is read anew (the kept delivery is of the old version), and that catalogs that are
gone or not readable are left out.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from omprio.interchange import catalog_to_json
from omprio.model import Catalog
from omprio.read import load_bytes
from omprio.rounds.status import delivery, round_status
from omprio.service import rounds as service
from omprio.store.accounts import Actor
from omprio.store.workspace import Workspace
from test_round_allocate import aarhus_round
from web_support import SEED_BYTES

ADMIN = Actor(0, "t", "admin")


def _generated() -> Catalog:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from generate import generate

    catalog = generate(40, seed=11, years=range(2024, 2034))
    measures = list(catalog.measures)
    measures[3] = replace(measures[3], net={y: Decimal("-10.5") - y % 3 for y in catalog.years})
    measures[7] = replace(measures[7], net={y: Decimal("0.25") for y in catalog.years})
    overview = list(catalog.overview)
    overview.append(replace(overview[0], section="EN ANDEN SEKTION", measure=measures[5].code))
    overview = [row for row in overview if row.measure != measures[9].code]
    return replace(catalog, measures=tuple(measures), overview=tuple(overview))


def _import(ws: Workspace, catalog: Catalog, name: str, catalog_id: int | None = None) -> int:
    data = json.dumps(catalog_to_json(catalog), ensure_ascii=False).encode("utf-8")
    return ws.import_document(data, name, ADMIN, catalog_id=catalog_id).info.catalog_id


def test_deliveries_are_the_whole_catalogs_deliveries(database: str) -> None:
    ws = Workspace(database)
    ws.ensure_schema()
    seed = ws.import_document(SEED_BYTES, "seed.txt", ADMIN).info.catalog_id
    generated = _import(ws, _generated(), "generated.json")
    found = ws.deliveries([seed, generated, 999], ADMIN)
    assert set(found) == {seed, generated}
    for catalog_id in (seed, generated):
        version = ws.version(catalog_id, ADMIN)
        info, made = found[catalog_id]
        assert made == delivery(version.catalog)
        assert info == version.info
    # A fresh workspace (nothing kept) reads the same, from what each version keeps
    # (migration 0007) and, for versions written before it, from the measures' nets.
    again = Workspace(database)
    assert again.deliveries([seed, generated], ADMIN) == found
    with ws.engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM catalog_versions "
                                       "WHERE delivery_json IS NULL")).scalar() == 0
        connection.execute(text("UPDATE catalog_versions SET delivery_json = NULL"))
    older = Workspace(database)
    assert older.deliveries([seed, generated], ADMIN) == found
    older.engine.dispose()
    # Catalogs nobody logged in may read are left out.
    assert again.deliveries([seed], None) == {}
    assert again.deliveries([], ADMIN) == {}
    # A new version is read anew.
    changed = _generated()
    first = changed.measures[0]
    changed = replace(changed, measures=(replace(first, net={y: v - 1000 for y, v in
                                                             first.net.items()}),
                                         *changed.measures[1:]))
    _import(ws, changed, "generated-2.json", catalog_id=generated)
    info, made = again.deliveries([generated], ADMIN)[generated]
    assert info.number == 2
    assert made == delivery(ws.version(generated, ADMIN).catalog) != found[generated][1]
    ws.engine.dispose()
    again.engine.dispose()


def test_the_round_s_view_is_its_status_with_the_whole_catalog(database: str) -> None:
    ws = Workspace(database)
    ws.ensure_schema()
    catalog_id = ws.import_document(SEED_BYTES, "seed.txt", ADMIN).info.catalog_id
    assert catalog_id == 1  # aarhus_round links catalog 1 for MSB
    budget_round = aarhus_round()
    stored = ws.create_round(budget_round, ADMIN)
    view = service.view_round(ws, stored.id, ADMIN)
    catalog = load_bytes(SEED_BYTES, "seed.txt").catalog
    assert view.status == round_status(budget_round, {1: catalog})
    assert [(c.id, c.title, c.version, c.price_base) for c in view.catalogs] == [
        (1, catalog.title, 1, catalog.price_base)]
    ws.engine.dispose()
