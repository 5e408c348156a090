"""The budget agreement and its follow-up, as pure values and arithmetic.

The agreement (budgetforlig) decides a catalog: each measure adopted as it stands, adopted with
other amounts (``changed``), dropped or postponed, and alternatives added (``added``)
(:mod:`~omprio.followup.agreement`). For four years the administration then shows, in dated
follow-ups, that each adopted saving is realized (:mod:`~omprio.followup.figures`), read from a
CSV or XLSX table (:mod:`~omprio.followup.table`). Sign: savings are negative amounts, as in
the catalog; a deviation is ``forecast - plan``, so a positive deviation is a saving that falls
short of the plan. The store keeps these values; check/ has their rules
(``check_followup``); service/ joins them with the stored catalogs.
"""

from omprio.followup.model import (
    DECISIONS,
    IN_PLAN,
    NEEDS_EXPLANATION,
    STATUSES,
    Agreement,
    Decided,
    Entry,
    FollowupProblem,
    MeasureOutcome,
    Terms,
)

__all__ = [
    "DECISIONS",
    "IN_PLAN",
    "NEEDS_EXPLANATION",
    "STATUSES",
    "Agreement",
    "Decided",
    "Entry",
    "FollowupProblem",
    "MeasureOutcome",
    "Terms",
]
