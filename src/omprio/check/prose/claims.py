"""Amounts, staff and percentages the prose states without a year, against the table.

* ``prose-approximate`` (info): an approximate amount ('ca. 200 t.kr. lavere', 'knap 2 mio.
  kr.', 'op til 500.000 kr.') that no figure it may describe fits within the tolerance the word
  and the precision written allow (:func:`~.quantities.accepts`);
* ``prose-amount`` (warning): an exact amount the sentence says is saved ('Dermed kan der spares
  1,275 mio. kr.', 'reduceres med 300.000 kr.') that matches no figure of the table;
* ``prose-staff`` (warning): staff ('en personalereduktion på 0,5 medarbejdere') that matches
  no year of the staff row;
* ``prose-percent`` (warning): a saving in per cent ('en besparelse på 25 %') that neither the
  'Besparelse i %' field nor any saving as a share of the area budget gives.

What an amount describes is told by the sentence, never guessed from the figures: a saving word
shortly before it (``spare``, ``besparelse``, ``reduktion``, ``reduceres``, ``nettoeffekt`` …;
not ``sparekrav``, the requirement) for a level, a comparative right after it (``lavere``,
``mindre``) for a difference (:func:`~.figures.difference_figures`); for a level the nearest
figure must be within a third of the amount (else the sentence speaks of something else).
An amount with a year is compared with that year's figures only where ``description-amount``
leaves it alone (an approximate amount, or one larger than 1,25 times that year's table, which
that rule takes for context: 'reduceres med 400.000 kr. for 2024' where the table has 300).
Left alone: amounts in a year list (``prose-year-list`` reads those) or with a period, sentences
naming a year outside the period, rates (``pr. måned``), ranges, negations
(``ikke 200 t.kr.``), and amounts larger than 1,25 times the whole table (context, such as a
department's requirement).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from omprio.check.prose.figures import (
    Figure,
    difference_figures,
    level_figures,
    nearest,
    size,
    staff_figures,
    unit_scale,
)
from omprio.check.prose.quantities import (
    Stated,
    accepts,
    amounts,
    percentages,
    staff,
    year_lists,
)
from omprio.check.prose.text import Sentence, catalog_sentences, quote
from omprio.check.registry import rule
from omprio.check.savings import candidate_savings
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Measure
from omprio.money import parse_danish
from omprio.vocabulary.patterns import PERCENT

_SAVING = re.compile(
    r"(?<!\w)(?:spar(?!ekrav)\w*|\w*besparelse\w*|\w*reduktion\w*|reducer\w*|nedbring\w*|"
    r"mindreudgift\w*|nettoeffekt\w*|frigør\w*|nedskær\w*)",
    re.IGNORECASE,
)
_STAFF_WORD = re.compile(
    r"(?<!\w)(?:personale\w*|\w*reduktion\w*|reducer\w*|nedlæg\w*|nedskær\w*|færre|opsig\w*|"
    r"ansæt\w*|flere|spar\w*)",
    re.IGNORECASE,
)
_CHANGE = re.compile(r"(?<!\w)(?:færre|flere)(?!\w)", re.IGNORECASE)
_STAFF_HINT = re.compile(r"medarbejder|stilling|årsværk|ansatte", re.IGNORECASE)
_PERCENT_HINT = re.compile(r"%|pct|procent", re.IGNORECASE)
_SHARE_OF_OTHER = re.compile(r"\s*af\s+(?!(?:drifts|netto|brutto)?budget|området)", re.IGNORECASE)
_WINDOW = 60
_CONTEXT = Decimal("1.25")
_FAR = 3  # a figure off by more than a third of the amount stated is not what it describes
_HUNDRED = Decimal(100)


def _other_year(sentence: Sentence, years: frozenset[int]) -> bool:
    return not sentence.years <= years


def _said(pattern: re.Pattern[str], sentence: Sentence, stated: Stated) -> bool:
    """Whether ``pattern`` occurs shortly before the number (a word of what it describes)."""
    return pattern.search(sentence.text, max(0, stated.start - _WINDOW), stated.start) is not None


def _measure_claims(catalog: Catalog) -> Iterator[tuple[Measure, Sentence]]:
    years = frozenset(catalog.years)
    for measure, sentences in catalog_sentences(catalog):
        for sentence in sentences:
            if not _other_year(sentence, years):
                yield measure, sentence


def _year(figure: Figure) -> int | None:
    """The year a finding on ``figure`` concerns: none for a figure of every year or the sum."""
    return figure.year if figure.when == "in_year" else None


def _figure_params(figure: Figure, years: tuple[int, ...]) -> dict[str, object]:
    return {"what": figure.what, "figure": figure.signed, "when": figure.when,
            "years": f"{years[0]}-{years[-1]}" if years else ""}


@rule("prose-approximate", Severity.INFO)
def prose_approximate(catalog: Catalog) -> Iterator[Finding]:
    yield from _amount_claims(catalog, approximate=True)


@rule("prose-amount", Severity.WARNING)
def prose_amount(catalog: Catalog) -> Iterator[Finding]:
    yield from _amount_claims(catalog, approximate=False)


def _amount_claims(catalog: Catalog, approximate: bool) -> Iterator[Finding]:
    scale = unit_scale(catalog)
    if scale is None:
        return
    rule_id = "prose-approximate" if approximate else "prose-amount"
    severity = Severity.INFO if approximate else Severity.WARNING
    for measure, sentence in _measure_claims(catalog):
        if "kr" not in sentence.text and "mio" not in sentence.text:
            continue
        listed = [(y.start, y.end) for y in year_lists(sentence.text, scale)]
        for stated in amounts(sentence.text, scale):
            if (stated.qualifier is not None) != approximate or not stated.plain:
                continue
            if stated.period or any(start <= stated.start < end for start, end in listed):
                continue
            if stated.year is not None:
                figures = _year_figures(measure, catalog.years, stated, sentence)
            elif stated.difference:
                figures = difference_figures(measure, catalog.years)
            elif _said(_SAVING, sentence, stated):
                figures = level_figures(measure, catalog.years, with_totals=not stated.yearly)
            else:
                continue
            whole = size(measure, catalog.years)
            if not figures or not whole or stated.value > whole * _CONTEXT:
                continue
            if any(accepts(stated, figure.value) for figure in figures):
                continue
            closest = nearest(figures, stated.value)
            assert closest is not None
            if not stated.difference and abs(closest.value - stated.value) * _FAR > stated.value:
                continue  # far from every figure: about something else
            yield finding(
                rule_id, severity, sentence.source(stated.start), measure=measure.code,
                year=_year(closest), text=quote(sentence, stated.start, stated.end),
                stated=stated.shown, **_figure_params(closest, catalog.years),  # type: ignore[arg-type]
            )


def _year_figures(measure: Measure, years: tuple[int, ...], stated: Stated,
                  sentence: Sentence) -> list[Figure]:
    """The figures a saving stated for one year ('reduceres med 400.000 kr. for 2024') may
    state, when ``description-amount`` leaves it alone: an approximate amount, or an exact one
    larger than 1,25 times that year's table (which that rule takes for context)."""
    year = stated.year
    if year is None or stated.difference or not _said(_SAVING, sentence, stated):
        return []
    rows = [*measure.lines, *measure.adjustments]
    year_size = sum((abs(row.amounts[year]) for row in rows if year in row.amounts), Decimal(0))
    if stated.qualifier is None and stated.value <= year_size * _CONTEXT:
        return []
    return [figure for figure in level_figures(measure, years, with_totals=False)
            if figure.year == year or (figure.every_year and year in (measure.years or years))]


@rule("prose-staff", Severity.WARNING)
def prose_staff(catalog: Catalog) -> Iterator[Finding]:
    for measure, sentence in _measure_claims(catalog):
        if not measure.fte_stated:
            continue
        if not _STAFF_HINT.search(sentence.text):
            continue
        figures = staff_figures(measure, catalog.years)
        for stated in staff(sentence.text):
            if not stated.plain or stated.year is not None or stated.period:
                continue
            if not _said(_STAFF_WORD, sentence, stated) and not _CHANGE.search(stated.written):
                continue
            if not figures:
                figures_or_zero = [Figure(Decimal(0), "staff", None, Decimal(0))]
            else:
                figures_or_zero = figures
            if any(accepts(stated, figure.value) for figure in figures_or_zero):
                continue
            closest = nearest(figures_or_zero, stated.value)
            assert closest is not None
            yield finding(
                "prose-staff", Severity.WARNING, sentence.source(stated.start),
                measure=measure.code, year=_year(closest),
                text=quote(sentence, stated.start, stated.end), stated=stated.shown,
                figure=closest.signed,
                when="every_year" if closest.year is None or closest.every_year else "in_year",
            )


def _field_percentages(measure: Measure) -> list[Decimal]:
    if not measure.stated_savings_pct:
        return []
    values = (parse_danish(match.group(1))
              for match in PERCENT.finditer(measure.stated_savings_pct))
    return [value for value in values if value is not None]


def _shares(measure: Measure, scale: Decimal) -> list[tuple[Decimal, Decimal, Decimal]]:
    budget = measure.area_budget
    if budget is None:
        return []
    bases = [amount / scale for amount in budget.amounts_dkk if amount]
    return [(saving / base * _HUNDRED, saving, base)
            for base in bases for saving in candidate_savings(measure)]


@rule("prose-percent", Severity.WARNING)
def prose_percent(catalog: Catalog) -> Iterator[Finding]:
    scale = unit_scale(catalog)
    for measure, sentence in _measure_claims(catalog):
        if not _PERCENT_HINT.search(sentence.text):
            continue
        stated_field = _field_percentages(measure)
        shares = _shares(measure, scale) if scale is not None else []
        if not stated_field and not shares:
            continue
        for stated in percentages(sentence.text):
            if not stated.plain or stated.year is not None or stated.period:
                continue
            if not _said(_SAVING, sentence, stated):
                continue
            if _SHARE_OF_OTHER.match(sentence.text, stated.end):
                continue  # '20 % af puljen': a share of something else
            if any(accepts(stated, value) for value in stated_field):
                continue
            if any(accepts(stated, share) for share, _, _ in shares):
                continue
            text = quote(sentence, stated.start, stated.end)
            where = sentence.source(stated.start)
            if stated_field:
                yield finding("prose-percent", Severity.WARNING, where, key="prose-percent.field",
                              measure=measure.code, text=text, stated=stated.shown,
                              field=measure.stated_savings_pct)
            else:
                share, saving, base = min(shares, key=lambda s: abs(s[0] - stated.value))
                yield finding("prose-percent", Severity.WARNING, where, key="prose-percent.share",
                              measure=measure.code, text=text, stated=stated.shown,
                              closest=share.quantize(Decimal("0.01")), saving=saving,
                              budget=base)
