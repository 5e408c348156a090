"""What an edit does to a catalog, for the live preview: the measure's net, the total under the
target and the gap to it, all measures' net and staff changes per year (each with its change),
and the findings it brings and removes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from omprio import overview as derived
from omprio.display import Lang
from omprio.findings import Finding
from omprio.model import Catalog
from omprio.money import Amounts
from omprio.web import figures
from omprio.web.i18n import t

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class EffectRow:
    """One row of the preview table: a label and, per year, the value and its change."""

    label: str
    values: dict[int, Decimal]
    deltas: dict[int, Decimal]
    signed: bool = False
    emphasis: bool = False


def _delta(after: Amounts, before: Amounts) -> dict[int, Decimal]:
    return {y: after[y] - before.get(y, ZERO) for y in after}


def _finding_key(item: Finding) -> tuple[object, ...]:
    return (item.rule, item.key, item.measure, item.year, item.params)


def effect_rows(before: Catalog, after: Catalog, code: str, lang: Lang) -> list[EffectRow]:
    """What the edit does to the measure's net and the catalog's totals, per year."""
    old = before.measure(code)
    new = after.measure(code)
    rows: list[EffectRow] = []
    if old is not None and new is not None:
        rows.append(EffectRow(t("edit.row.net_before", lang), dict(old.net), {}))
        rows.append(
            EffectRow(
                t("edit.row.net_after", lang),
                dict(new.net),
                _delta(new.net, old.net),
                emphasis=True,
            )
        )
    target_before = derived.target(before)
    target_after = derived.target(after)  # the catalog's target stays as read
    if target_before is not None and target_after is not None:
        rows.append(
            EffectRow(
                t("edit.row.achieved", lang),
                dict(target_after.achieved),
                _delta(target_after.achieved, target_before.achieved),
            )
        )
        rows.append(
            EffectRow(
                t("edit.row.gap", lang),
                dict(target_after.gap),
                _delta(target_after.gap, target_before.gap),
                emphasis=True,
            )
        )
    all_before, all_after = derived.all_net(before), derived.all_net(after)
    rows.append(EffectRow(t("edit.row.all_net", lang), all_after, _delta(all_after, all_before)))
    fte_before, fte_after = figures.fte_total(before), figures.fte_total(after)
    if fte_after or fte_before:
        rows.append(
            EffectRow(
                t("edit.row.fte", lang), fte_after, _delta(fte_after, fte_before), signed=True
            )
        )
    return rows


def finding_changes(
    before: Sequence[Finding], after: Sequence[Finding]
) -> tuple[list[Finding], list[Finding]]:
    """(findings the edit brings, findings it removes)."""
    old = {_finding_key(f) for f in before}
    new = {_finding_key(f) for f in after}
    return (
        [f for f in after if _finding_key(f) not in old],
        [f for f in before if _finding_key(f) not in new],
    )
