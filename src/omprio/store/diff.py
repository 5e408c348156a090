"""What changed between two versions of a catalog: measures added, removed and changed.

Measures are matched by code. A changed measure lists each change as a path and its values
before and after: ``title``, ``net.2024``, ``lines[Omlægning af nattevagt].2025``,
``area_budget.text`` — so every changed amount and every text change is shown on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from omprio.interchange import catalog_to_json
from omprio.model import Catalog

_IGNORED = {"source", "net_source", "fte_source"}
Value = str | Decimal | bool | None


@dataclass(frozen=True, slots=True)
class Change:
    """One changed value."""

    path: str
    before: Value
    after: Value


@dataclass(slots=True)
class MeasureDiff:
    """The changes of one measure that is in both versions."""

    code: str
    title: str
    changes: list[Change] = field(default_factory=list)


@dataclass(slots=True)
class CatalogDiff:
    """Everything that differs between two versions."""

    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[MeasureDiff] = field(default_factory=list)
    catalog: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the versions hold the same catalog."""
        return not (self.added or self.removed or self.changed or self.catalog)

    def to_json(self) -> dict[str, Any]:
        """The diff as JSON data (amounts as JSON numbers)."""

        def value(item: Value) -> Any:
            return (
                float(item)
                if isinstance(item, Decimal) and item != int(item)
                else (int(item) if isinstance(item, Decimal) else item)
            )

        def changes(items: list[Change]) -> list[dict[str, Any]]:
            return [
                {"path": c.path, "before": value(c.before), "after": value(c.after)} for c in items
            ]

        return {
            "added": [{"code": code, "title": title} for code, title in self.added],
            "removed": [{"code": code, "title": title} for code, title in self.removed],
            "changed": [
                {"code": m.code, "title": m.title, "changes": changes(m.changes)}
                for m in self.changed
            ],
            "catalog": changes(self.catalog),
        }


def _flatten(data: Any, path: str, out: dict[str, Value]) -> None:
    if isinstance(data, dict):
        for key, item in data.items():
            if key not in _IGNORED:
                _flatten(item, f"{path}.{key}" if path else str(key), out)
    elif isinstance(data, list):
        labels = [item.get("label") for item in data if isinstance(item, dict)]
        use_labels = len(labels) == len(data) and len(set(labels)) == len(labels) and all(labels)
        for index, item in enumerate(data):
            key = f"[{item['label']}]" if use_labels else f"[{index}]"
            if use_labels:
                item = {k: v for k, v in item.items() if k != "label"}
            _flatten(item, f"{path}{key}", out)
        if not data:
            out[path] = "[]"
    elif isinstance(data, int | float) and not isinstance(data, bool):
        out[path] = Decimal(repr(data)) if isinstance(data, float) else Decimal(data)
    else:
        out[path] = data


def _compare(before: dict[str, Value], after: dict[str, Value]) -> list[Change]:
    keys = list(dict.fromkeys([*before, *after]))
    return [Change(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """The differences from ``old`` to ``new``."""
    a, b = catalog_to_json(old), catalog_to_json(new)
    result = CatalogDiff()
    old_measures = {m["code"]: m for m in a.pop("measures")}
    new_measures = {m["code"]: m for m in b.pop("measures")}
    for key in ("overview", "overview_totals"):
        a_flat: dict[str, Value] = {}
        b_flat: dict[str, Value] = {}
        _flatten({key: a.pop(key)}, "", a_flat)
        _flatten({key: b.pop(key)}, "", b_flat)
        result.catalog.extend(_compare(a_flat, b_flat))
    a_flat, b_flat = {}, {}
    _flatten(a, "", a_flat)
    _flatten(b, "", b_flat)
    result.catalog[:0] = _compare(a_flat, b_flat)
    for code, measure in new_measures.items():
        if code not in old_measures:
            result.added.append((code, measure["title"]))
    for code, measure in old_measures.items():
        if code not in new_measures:
            result.removed.append((code, measure["title"]))
            continue
        before: dict[str, Value] = {}
        after: dict[str, Value] = {}
        _flatten(measure, "", before)
        _flatten(new_measures[code], "", after)
        changes = _compare(before, after)
        if changes:
            result.changed.append(MeasureDiff(code, new_measures[code]["title"], changes))
    return result
