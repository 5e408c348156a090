"""Check: every figure of a catalog that does not add up, as findings.

:func:`check_catalog` runs every registered rule (see :mod:`omprio.check.registry`) and returns
their findings in document order. Rules live in small modules by subject: arithmetic of the
tables, the overview against the measure pages, the savings percentages, the structure (codes,
periods, units), the characters of the codes and amounts stated in the text; the rules that
read the prose are in :mod:`omprio.check.prose`.
"""

from __future__ import annotations

from dataclasses import replace

from omprio.check import arithmetic, codes, overview, savings, structure, text_amounts
from omprio.check.prose import claims, introduction, notation, year_lists
from omprio.check.registry import RULES, Rule
from omprio.findings import Finding, sort_key
from omprio.model import Catalog, in_catalog

__all__ = ["RULES", "Rule", "check_catalog"]

_MODULES = (arithmetic, codes, overview, savings, structure, text_amounts,
            year_lists, claims, notation, introduction)  # imported to register


def check_catalog(catalog: Catalog) -> list[Finding]:
    """All findings of all rules, in document order.

    The overview, its totals and the target are checked against the accepted measures only
    (:func:`omprio.model.in_catalog`); a proposal not (yet) in the catalog is checked on its
    own page (its table, codes, units, text) and never makes the overview's sums wrong."""
    accepted = in_catalog(catalog)
    findings = _run(accepted)
    if accepted is not catalog:
        proposals = {m.code for m in catalog.measures if not m.accepted}
        alone = replace(catalog, overview=(), overview_totals=())
        findings.extend(f for f in _run(alone) if f.measure in proposals)
    return sorted(findings, key=sort_key)


def _run(catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    for registered in RULES:
        findings.extend(registered.run(catalog))
    return findings
