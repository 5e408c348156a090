"""``savings-pct``: can the stated 'Besparelse i %' be reproduced from the figures?

A stated percentage is accepted when some saving of the measure, as a share of some amount the
area budget text names, rounds to it at the precision the document writes (``22,9%`` within
0,05 points, ``2 %`` within 0,5). Savings tried, in every year: the net, the gross reduction
(the negative lines) and the sum of the lines. Every percentage in the text is checked
(``39 % i 2024 stigende til 50 % i 2027``). No budget amount, or no percentage, means nothing to
check: the rule only speaks when the numbers are there and disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from omprio.check.registry import rule
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Measure
from omprio.money import ZERO, parse_danish, total
from omprio.vocabulary.patterns import PERCENT

_HUNDRED = Decimal(100)
_THOUSAND = Decimal(1000)


def candidate_savings(measure: Measure) -> list[Decimal]:
    """Positive savings (1.000 kr.) the stated percentage may refer to, over all years."""
    values: set[Decimal] = set()
    for year in measure.years or sorted(measure.net):
        if year in measure.net:
            values.add(abs(measure.net[year]))
        amounts = [line.amounts[year] for line in measure.lines if year in line.amounts]
        values.add(abs(total(a for a in amounts if a < ZERO)))
        values.add(abs(total(amounts)))
    return sorted(value for value in values if value)


@rule("savings-pct", Severity.WARNING)
def savings_pct(catalog: Catalog) -> Iterator[Finding]:
    for measure in catalog.measures:
        stated_text = measure.stated_savings_pct
        budget = measure.area_budget
        if not stated_text or budget is None or not budget.amounts_dkk:
            continue
        budgets = [amount / _THOUSAND for amount in budget.amounts_dkk if amount]
        savings = candidate_savings(measure)
        if not budgets or not savings:
            continue
        for match in PERCENT.finditer(stated_text):
            stated = parse_danish(match.group(1))
            if stated is None:
                continue
            decimals = len(match.group(1).split(",")[1]) if "," in match.group(1) else 0
            tolerance = Decimal(5) / Decimal(10) ** (decimals + 1)
            best: tuple[Decimal, Decimal, Decimal, Decimal] | None = None
            for base in budgets:
                for saving in savings:
                    share = saving / base * _HUNDRED
                    distance = abs(share - stated)
                    if best is None or distance < best[0]:
                        best = (distance, share, saving, base)
            assert best is not None
            if best[0] > tolerance:
                yield finding(
                    "savings-pct",
                    Severity.WARNING,
                    measure.source,
                    measure=measure.code,
                    stated=match.group(0),
                    closest=best[1].quantize(Decimal("0.01")),
                    saving=best[2],
                    budget=best[3],
                )
