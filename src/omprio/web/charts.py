"""Charts as inline SVG, rendered on the server: no JavaScript, printable, readable by screen
readers (each chart has a title, a description and a ``<title>`` per bar).

:func:`grouped_bars` draws one group of bars per year (one bar per series) with an optional
target line per year; :func:`bars` draws one bar per year. Axis and value labels are formatted by
:mod:`omprio.display` in the page's language; every text is escaped. Geometry uses floats,
amounts stay ``Decimal`` until they are turned into text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from markupsafe import Markup, escape

from omprio import display
from omprio.display import Lang

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F6A93", "#8C8C3F")
TOTAL_COLOUR = "#3B4A5A"
TARGET_COLOUR = "#111111"

WIDTH = 760
HEIGHT = 320
LEFT = 76
RIGHT = 16
TOP = 28
BOTTOM = 36


@dataclass(frozen=True, slots=True)
class Series:
    """One set of bars: a label for the legend, values per year and a colour."""

    label: str
    values: Mapping[int, Decimal]
    colour: str


def palette(index: int) -> str:
    """The colour of the ``index``-th series (colour-blind safe, repeating)."""
    return PALETTE[index % len(PALETTE)]


def _ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """Round tick values spanning ``low``..``high`` (which include zero)."""
    if low == high:
        low, high = low - 1, high + 1
    raw = (high - low) / 5
    base = Decimal(10) ** raw.adjusted()
    fraction = raw / base
    nice = next(n for n in (Decimal(1), Decimal(2), Decimal(5), Decimal(10)) if fraction <= n)
    step = nice * base
    start = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    stop = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    ticks: list[Decimal] = []
    value = start
    while value <= stop and len(ticks) < 50:
        ticks.append(value.normalize() if value != 0 else Decimal(0))
        value += step
    return ticks


class _Scale:
    def __init__(self, values: Sequence[Decimal], width: int = WIDTH) -> None:
        self.width = width
        low = min([Decimal(0), *values])
        high = max([Decimal(0), *values])
        self.ticks = _ticks(low, high)
        self.low = float(self.ticks[0])
        self.high = float(self.ticks[-1])

    def y(self, value: Decimal | float) -> float:
        span = self.high - self.low or 1.0
        return TOP + (self.high - float(value)) / span * (HEIGHT - TOP - BOTTOM)


def _f(value: float) -> str:
    return f"{value:.1f}"


def _axes(scale: _Scale, years: Sequence[int], group: float, lang: Lang, unit: str,
          labels: Sequence[str] | None = None) -> list[str]:
    parts = [
        f'<text class="chart-unit" x="8" y="{TOP - 12}" text-anchor="start">{escape(unit)}</text>'
    ]
    for tick in scale.ticks:
        y = _f(scale.y(tick))
        css = "chart-zero" if tick == 0 else "chart-grid"
        parts.append(
            f'<line class="{css}" x1="{LEFT}" x2="{scale.width - RIGHT}" y1="{y}" y2="{y}"/>'
        )
        parts.append(
            f'<text class="chart-tick" x="{LEFT - 8}" y="{y}" dy="0.32em" text-anchor="end">'
            f"{escape(display.number(tick, lang))}</text>"
        )
    for index, year in enumerate(years):
        x = _f(LEFT + group * (index + 0.5))
        parts.append(
            f'<text class="chart-year" x="{x}" y="{HEIGHT - BOTTOM + 22}" text-anchor="middle">'
            f"{escape(labels[index]) if labels is not None else year}</text>"
        )
    return parts


def _svg(ident: str, title: str, desc: str, body: list[str], width: int = WIDTH) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _swatch(colour: str, dashed: bool = False) -> str:
    if dashed:
        return (
            '<svg class="swatch" width="22" height="12" aria-hidden="true">'
            f'<line x1="1" x2="21" y1="6" y2="6" stroke="{colour}" stroke-width="2.5" '
            'stroke-dasharray="5 3"/></svg>'
        )
    return (
        '<svg class="swatch" width="14" height="14" aria-hidden="true">'
        f'<rect width="14" height="14" rx="2" fill="{colour}"/></svg>'
    )


def _legend(items: list[tuple[str, str, bool]]) -> str:
    entries = "".join(
        f"<li>{_swatch(colour, dashed)} {escape(label)}</li>" for label, colour, dashed in items
    )
    return f'<ul class="chart-legend">{entries}</ul>'


def grouped_bars(
    ident: str,
    title: str,
    desc: str,
    years: Sequence[int],
    series: Sequence[Series],
    lang: Lang,
    unit: str,
    *,
    target: Mapping[int, Decimal] | None = None,
    target_label: str = "",
    labels: Sequence[str] | None = None,
) -> Markup:
    """A figure with grouped bars per year, a legend and (optionally) the target per year;
    with ``labels`` the groups are named by them instead (``years`` then are the groups'
    numbers 0, 1, …, the keys of the series' values: a bar per department, say)."""
    values = [v for s in series for y, v in s.values.items() if y in years]
    if target:
        values.extend(v for y, v in target.items() if y in years)
    scale = _Scale(values)
    group = (WIDTH - LEFT - RIGHT) / max(len(years), 1)
    inner = group * 0.8
    width = inner / max(len(series), 1)
    zero = scale.y(0)
    body = _axes(scale, years, group, lang, unit, labels)
    for gi, year in enumerate(years):
        named = labels[gi] if labels is not None else year
        x0 = LEFT + group * gi + (group - inner) / 2
        for si, item in enumerate(series):
            value = item.values.get(year)
            if value is None:
                continue
            y = scale.y(value)
            top, height = min(y, zero), max(abs(y - zero), 0.5)
            label = f"{item.label}, {named}: {display.number(value, lang)}"
            body.append(
                f'<rect x="{_f(x0 + si * width + 1)}" y="{_f(top)}" width="{_f(width - 2)}" '
                f'height="{_f(height)}" fill="{item.colour}"><title>{escape(label)}</title></rect>'
            )
        if target and year in target:
            ty = _f(scale.y(target[year]))
            label = f"{target_label}, {year}: {display.number(target[year], lang)}"
            body.append(
                f'<line class="chart-target" x1="{_f(x0 - 4)}" x2="{_f(x0 + inner + 4)}" '
                f'y1="{ty}" y2="{ty}" stroke="{TARGET_COLOUR}"><title>{escape(label)}</title>'
                "</line>"
            )
    legend = [(s.label, s.colour, False) for s in series]
    if target:
        legend.append((target_label, TARGET_COLOUR, True))
    return Markup(
        f'<figure class="chart-figure" id="{ident}"><figcaption>{escape(title)}</figcaption>'
        + _svg(ident, title, desc, body)
        + _legend(legend)
        + "</figure>"
    )


def bars(
    ident: str,
    title: str,
    desc: str,
    years: Sequence[int],
    values: Mapping[int, Decimal],
    lang: Lang,
    unit: str,
    colour: str = PALETTE[0],
    width: int = 480,
) -> Markup:
    """A figure with one bar per year, each labelled with its value (signed: ``+2``, ``-10,5``)."""
    scale = _Scale([v for y, v in values.items() if y in years], width)
    group = (width - LEFT - RIGHT) / max(len(years), 1)
    bar = min(group * 0.55, 90)
    zero = scale.y(0)
    body = _axes(scale, years, group, lang, unit)
    for index, year in enumerate(years):
        value = values.get(year)
        if value is None:
            continue
        y = scale.y(value)
        top, height = min(y, zero), max(abs(y - zero), 0.5)
        x = LEFT + group * (index + 0.5)
        label = display.signed(value, lang)
        body.append(
            f'<rect x="{_f(x - bar / 2)}" y="{_f(top)}" width="{_f(bar)}" '
            f'height="{_f(height)}" fill="{colour}"><title>{year}: {escape(label)}</title></rect>'
        )
        label_y = top - 6 if value >= 0 else top + height + 16
        body.append(
            f'<text class="chart-value" x="{_f(x)}" y="{_f(label_y)}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    return Markup(
        f'<figure class="chart-figure" id="{ident}"><figcaption>{escape(title)}</figcaption>'
        + _svg(ident, title, desc, body, width)
        + "</figure>"
    )


OK_COLOUR = "#1d6b3a"
WARN_COLOUR = "#b36b00"
MISSED_COLOUR = "#a4001d"
TRACK_COLOUR = "#e3e8ee"


def target_bars(
    ident: str,
    title: str,
    desc: str,
    years: Sequence[int],
    achieved: Mapping[int, Decimal],
    targets: Mapping[int, Decimal],
    lang: Lang,
    unit: str,
    *,
    reached: str,
    missed: str,
    width: int = 560,
    short: Mapping[int, bool] | None = None,
    warning: str = "",
) -> Markup:
    """A figure with one horizontal bar per year: the saving achieved against the target.

    Savings are negative amounts; the bars show their size (a year that costs money has no
    bar). The grey track and the dark mark are the target; the bar is green when the target is
    reached (``achieved <= target``) and red when not, and the text beside it says both amounts.
    Each bar has the class ``bar-YEAR`` and ``data-reached``, so it can be found and checked.
    With ``short`` a traffic light: a year that reaches the target but is marked short (a
    follow-up's forecast below its plan) is amber (``data-reached="short"``, ``warning`` in the
    legend).
    """
    left, right, top, step, thick = 52, 170, 30, 40, 20
    height = top + step * max(len(years), 1) + 8
    zero = Decimal(0)
    sizes = [max(zero, -v) for y, v in achieved.items() if y in years]
    sizes += [max(zero, -v) for y, v in targets.items() if y in years]
    high = float(max([*sizes, Decimal(1)]))
    span = width - left - right

    def x(value: Decimal) -> float:
        return left + float(max(zero, -value)) / high * span

    body = [
        f'<text class="chart-unit" x="8" y="{top - 12}" text-anchor="start">{escape(unit)}</text>'
    ]
    for index, year in enumerate(years):
        y = top + step * index
        total = achieved.get(year, zero)
        target = targets.get(year)
        hit = target is None or total <= target
        amber = hit and bool(short and short.get(year))
        state = "short" if amber else "yes" if hit else "no"
        colour = WARN_COLOUR if amber else OK_COLOUR if hit else MISSED_COLOUR
        body.append(
            f'<text class="chart-year" x="{left - 10}" y="{_f(y + thick / 2)}" dy="0.32em" '
            f'text-anchor="end">{year}</text>'
        )
        if target is not None:
            body.append(
                f'<rect class="target-track" x="{left}" y="{_f(y)}" '
                f'width="{_f(x(target) - left)}" height="{thick}" fill="{TRACK_COLOUR}"/>'
            )
        verdict = warning if amber else reached if hit else missed
        label = f"{year}: {display.number(total, lang)}"
        if target is not None:
            label += f" / {display.number(target, lang)} ({verdict})"
        body.append(
            f'<rect class="target-fill bar-{year}" data-reached="{state}" '
            f'x="{left}" y="{_f(y + 3)}" width="{_f(x(total) - left)}" height="{thick - 6}" '
            f'fill="{colour}"><title>{escape(label)}</title></rect>'
        )
        if target is not None:
            tx = _f(x(target))
            body.append(
                f'<line class="target-mark" x1="{tx}" x2="{tx}" y1="{_f(y - 4)}" '
                f'y2="{_f(y + thick + 4)}" stroke="{TARGET_COLOUR}" stroke-width="2.5"/>'
            )
        text = display.number(total, lang)
        if target is not None:
            text += f" / {display.number(target, lang)}"
        body.append(
            f'<text class="chart-value" x="{width - right + 12}" y="{_f(y + thick / 2)}" '
            f'dy="0.32em" text-anchor="start" fill="{colour}">{escape(text)} '
            f"{escape('✓' if hit else '✗')}</text>"
        )
    svg = (
        f'<svg class="chart target-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )
    items = [(reached, OK_COLOUR, False), (missed, MISSED_COLOUR, False)]
    if short is not None:
        items.insert(1, (warning, WARN_COLOUR, False))
    legend = _legend(items)
    return Markup(
        f'<figure class="chart-figure" id="{ident}"><figcaption>{escape(title)}</figcaption>'
        + svg
        + legend
        + "</figure>"
    )


def count_bars(ident: str, title: str, desc: str, items: Sequence[tuple[str, int]],
               lang: Lang) -> Markup:
    """One horizontal bar per item (a label and a count, e.g. responses per measure), longest
    scale at the largest count; each bar has a ``<title>`` with its label and count."""
    row, left, width = 22, 120, WIDTH
    height = max(row * len(items) + 10, 40)
    most = max((n for _, n in items), default=0) or 1
    span = width - left - 60
    parts = []
    for index, (label, n) in enumerate(items):
        y = 5 + index * row
        bar = span * n / most
        shown = display.number(Decimal(n), lang)
        parts.append(
            f'<g><title>{escape(label)}: {shown}</title>'
            f'<text class="chart-label" x="{left - 6}" y="{y + 15}" text-anchor="end">'
            f"{escape(label[:18])}</text>"
            f'<rect x="{left}" y="{y + 3}" width="{_f(bar)}" height="{row - 6}" '
            f'fill="{palette(0)}"/>'
            f'<text class="chart-value" x="{_f(left + bar + 4)}" y="{y + 15}">{shown}</text></g>'
        )
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )
