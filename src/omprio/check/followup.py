"""Checks on a follow-up of a budget agreement: figures that need an explanation, figures for
measures the agreement did not adopt, missing figures, wrong signs and years outside the period.

These are not catalog rules (``check_catalog`` does not run them): :func:`check_followup` takes
the agreement, the follow-up's entries and its date and gives findings with these stable rule
ids (:data:`FOLLOWUP_RULES`, documented in docs/rules.md, "Follow-up"). Savings are negative
amounts:

* ``followup-short`` (warning): a forecast beyond the plan (a saving smaller than planned, or
  an expense) without an explanation;
* ``followup-explanation`` (error): the status at risk or not realizable without an
  explanation;
* ``followup-dropped`` (warning): amounts realized for a measure the agreement dropped or
  postponed;
* ``followup-missing`` (warning): an adopted measure with no figures at a date when other
  measures have some;
* ``followup-sign`` (warning): an amount realized with the other sign than the plan's (an
  expense where a saving is planned, or the reverse);
* ``followup-year`` (error): figures for a year outside the agreement's period.

A finding's source is ``followup:<date>`` with the line of the table it was read from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date

from omprio.findings import Finding, Severity, finding
from omprio.followup.model import NEEDS_EXPLANATION, Agreement, Entry
from omprio.model import Source
from omprio.money import ZERO

FOLLOWUP_RULES: Mapping[str, Severity] = {
    "followup-short": Severity.WARNING,
    "followup-explanation": Severity.ERROR,
    "followup-dropped": Severity.WARNING,
    "followup-missing": Severity.WARNING,
    "followup-sign": Severity.WARNING,
    "followup-year": Severity.ERROR,
}
"""Every rule id :func:`check_followup` can give, with its severity."""


def _where(as_of: date, entry: Entry | None = None) -> Source:
    return Source(f"followup:{as_of.isoformat()}", entry.line if entry else None)


def check_followup(agreement: Agreement, entries: Sequence[Entry], as_of: date) -> list[Finding]:
    """Every finding on the follow-up of ``agreement`` at ``as_of`` with ``entries``."""
    return [*years(agreement, entries, as_of), *short(agreement, entries, as_of),
            *explanations(entries, as_of), *dropped(agreement, entries, as_of),
            *signs(agreement, entries, as_of), *missing(agreement, entries, as_of)]


def years(agreement: Agreement, entries: Sequence[Entry], as_of: date) -> Iterator[Finding]:
    """``followup-year``: figures for a year that is not one of the agreement's."""
    for entry in entries:
        if entry.year not in agreement.years:
            yield finding("followup-year", Severity.ERROR, _where(as_of, entry),
                          measure=entry.code, year=entry.year,
                          period=f"{agreement.years[0]}-{agreement.years[-1]}"
                          if agreement.years else "-")


def short(agreement: Agreement, entries: Sequence[Entry], as_of: date) -> Iterator[Finding]:
    """``followup-short``: a forecast above the plan (less saved) with no explanation."""
    for entry in entries:
        outcome = agreement.outcome(entry.code)
        if (outcome is None or not outcome.in_plan or entry.forecast is None
                or entry.year not in agreement.years or entry.explanation):
            continue
        plan = outcome.plan.get(entry.year, ZERO)
        if entry.forecast > plan:
            yield finding("followup-short", Severity.WARNING, _where(as_of, entry),
                          measure=entry.code, year=entry.year, forecast=entry.forecast,
                          plan=plan, deviation=entry.forecast - plan)


def explanations(entries: Sequence[Entry], as_of: date) -> Iterator[Finding]:
    """``followup-explanation``: at risk or not realizable, and no explanation."""
    for entry in entries:
        if entry.status in NEEDS_EXPLANATION and not entry.explanation:
            yield finding("followup-explanation", Severity.ERROR, _where(as_of, entry),
                          key=f"followup-explanation.{entry.status}",
                          measure=entry.code, year=entry.year)


def dropped(agreement: Agreement, entries: Sequence[Entry], as_of: date) -> Iterator[Finding]:
    """``followup-dropped``: an amount realized for a dropped or postponed measure."""
    for entry in entries:
        outcome = agreement.outcome(entry.code)
        if outcome is not None and not outcome.in_plan and entry.realized:
            yield finding("followup-dropped", Severity.WARNING, _where(as_of, entry),
                          key=f"followup-dropped.{outcome.decision}", measure=entry.code,
                          year=entry.year, realized=entry.realized)


def signs(agreement: Agreement, entries: Sequence[Entry], as_of: date) -> Iterator[Finding]:
    """``followup-sign``: realized with the other sign than the plan of that year."""
    for entry in entries:
        outcome = agreement.outcome(entry.code)
        if outcome is None or not outcome.in_plan or not entry.realized:
            continue
        plan = outcome.plan.get(entry.year, ZERO)
        if plan and (plan < 0) != (entry.realized < 0):
            yield finding("followup-sign", Severity.WARNING, _where(as_of, entry),
                          measure=entry.code, year=entry.year, realized=entry.realized,
                          plan=plan)


def missing(agreement: Agreement, entries: Sequence[Entry], as_of: date) -> Iterator[Finding]:
    """``followup-missing``: an adopted measure without figures at this date, when other
    measures have some."""
    named = {entry.code for entry in entries}
    if not named:
        return
    for outcome in agreement.measures:
        if outcome.in_plan and outcome.code not in named:
            yield finding("followup-missing", Severity.WARNING, _where(as_of),
                          measure=outcome.code, date=as_of.isoformat())
