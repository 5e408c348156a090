"""The document's charts: net change by theme and year, and staff changes by year.

The figures are summed exactly (Decimal) from the measures; the drawing is Typst, laid out here
and compiled to SVG (for the PDF and the HTML page) or PNG (for Word). In a Typst SVG every
letter is a vector outline, not text: a chart adds nothing to the text of the PDF, which must
read back as the catalog. Each chart carries a plain-text description for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from omprio import display
from omprio.display import Lang
from omprio.model import Catalog
from omprio.money import ZERO, total
from omprio.publish.labels import Labels, price_base_name, unit_name
from omprio.publish.typst_support import FONT, compile_pages, typst_string

WIDTH_MM = Decimal(166)
"""Charts are as wide as the text of an A4 page with omprio's margins."""

_INK = "#1f2a44"
_MUTED = "#5b6577"
_GRID = "#d9dee7"
_LOW = (0xA6, 0xC8, 0xE8)  # the first year's colour; later years are darker
_HIGH = (0x12, 0x3E, 0x6B)


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart: one group of bars per category, one bar per series (year) in each group."""

    key: str
    title: str
    axis: str
    categories: tuple[str, ...]
    series: tuple[str, ...]
    values: tuple[tuple[Decimal, ...], ...]
    """``values[category][series]``."""
    horizontal: bool

    def description(self, lang: Lang) -> str:
        """The chart as text: title, then every category with its values."""
        parts = [f"{self.title} ({self.axis})."]
        for category, row in zip(self.categories, self.values, strict=True):
            figures = ", ".join(
                f"{name}: {display.number(value, lang)}".lstrip(": ")
                for name, value in zip(self.series, row, strict=True)
            )
            parts.append(f"{category}: {figures}." if category else f"{figures}.")
        return " ".join(parts)


def catalog_charts(catalog: Catalog, words: Labels) -> list[Chart]:
    """The charts of a catalog: net change by theme and year, staff changes by year."""
    years = catalog.years
    if not years or not catalog.measures:
        return []
    theme_titles = {theme.code: theme.title for theme in catalog.themes}
    by_theme: dict[str, list[Decimal]] = {}  # in the order the measures come
    for measure in catalog.measures:
        code = measure.theme_number
        sums = by_theme.setdefault(code, [ZERO] * len(years))
        for index, year in enumerate(years):
            sums[index] += measure.net.get(year, ZERO)
    codes = list(by_theme)
    categories = []
    for code in codes:
        title = theme_titles.get(code, "")
        name = f"{words.theme} {code}"
        categories.append(f"{name}: {title.capitalize()}" if title else name)
    unit = unit_name(catalog.unit, words.lang)
    price = price_base_name(catalog.price_base, words.lang)
    savings = Chart(
        key="savings",
        title=words.chart_savings,
        axis=words.chart_savings_axis.format(price_base=price, unit=unit).strip(", "),
        categories=tuple(categories),
        series=tuple(str(year) for year in years),
        values=tuple(tuple(by_theme[code]) for code in codes),
        horizontal=True,
    )
    staff = Chart(
        key="fte",
        title=words.chart_fte,
        axis=words.chart_fte_axis,
        categories=tuple(str(year) for year in years),
        series=("",),
        values=tuple((total(m.fte.get(year, ZERO) for m in catalog.measures),) for year in years),
        horizontal=False,
    )
    return [savings, staff]


# --- drawing ------------------------------------------------------------------------------


def _colour(index: int, count: int) -> str:
    share = Decimal(index) / Decimal(max(count - 1, 1))
    channels = (round(lo + (hi - lo) * share) for lo, hi in zip(_LOW, _HIGH, strict=True))
    return "#" + "".join(f"{int(c):02x}" for c in channels)


def _nice_step(span: Decimal) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about five ticks."""
    if span <= 0:
        return Decimal(1)
    rough = span / 5
    power = Decimal(10) ** (rough.adjusted())
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if power * factor >= rough:
            return power * factor
    return power * 10


def _axis(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """(low, high, step): a range that includes zero and every value, on round ticks."""
    low = min([ZERO, *values])
    high = max([ZERO, *values])
    if low == high:
        high = Decimal(1)
    step = _nice_step(high - low)
    low = (low / step).to_integral_value(ROUND_FLOOR) * step
    high = (high / step).to_integral_value(ROUND_CEILING) * step
    return low, high, step


def _mm(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}mm"


def _text(text: str, size: str = "8pt", fill: str = _INK, weight: str = "regular") -> str:
    return f'text(size: {size}, fill: rgb("{fill}"), weight: "{weight}", {typst_string(text)})'


def _place(x: Decimal, y: Decimal, body: str) -> str:
    return f"#place(dx: {_mm(x)}, dy: {_mm(y)}, {body})\n"


def _rect(x: Decimal, y: Decimal, width: Decimal, height: Decimal, fill: str) -> str:
    if width < 0:
        x, width = x + width, -width
    if height < 0:
        y, height = y + height, -height
    return _place(
        x, y, f'rect(width: {_mm(width)}, height: {_mm(height)}, fill: rgb("{fill}"), stroke: none)'
    )


def _line(x: Decimal, y: Decimal, dx: Decimal, dy: Decimal, colour: str, width: str) -> str:
    return _place(x, y, f'line(end: ({_mm(dx)}, {_mm(dy)}), stroke: {width} + rgb("{colour}"))')


def _boxed(x: Decimal, y: Decimal, width: Decimal, align: str, body: str) -> str:
    return _place(x, y, f"box(width: {_mm(width)}, align({align}, {body}))")


def _header(chart: Chart) -> tuple[str, Decimal]:
    """Title, unit and (for several series) a legend; returns the source and its height."""
    out = _place(Decimal(0), Decimal(1), _text(chart.title, "11pt", _INK, "bold"))
    out += _place(Decimal(0), Decimal("6.5"), _text(chart.axis, "8pt", _MUTED))
    height = Decimal(12)
    if len(chart.series) > 1:
        x = Decimal(0)
        for index, name in enumerate(chart.series):
            out += _rect(
                x,
                height + Decimal("0.6"),
                Decimal(3),
                Decimal(3),
                _colour(index, len(chart.series)),
            )
            out += _place(x + Decimal(4), height, _text(name))
            x += Decimal(18)
        height += Decimal(7)
    return out, height


def chart_body(chart: Chart, lang: Lang = "da") -> tuple[str, Decimal]:
    """Typst markup that draws ``chart`` from its top left corner, and its height in mm (its
    width is :data:`WIDTH_MM`)."""
    body, top = _header(chart)
    flat = [value for row in chart.values for value in row]
    low, high, step = _axis(flat)
    ticks = []
    tick = low
    while tick <= high:
        ticks.append(tick)
        tick += step
    if chart.horizontal:
        height, drawing = _horizontal(chart, top, low, high, ticks, lang)
    else:
        height, drawing = _vertical(chart, top, low, high, ticks, lang)
    return body + drawing, height


def chart_source(chart: Chart, lang: Lang = "da") -> str:
    """A Typst document of one page, the chart's size, that draws ``chart``."""
    body, height = chart_body(chart, lang)
    return (
        f"#set page(width: {_mm(WIDTH_MM)}, height: {_mm(height)}, margin: 0pt, fill: none)\n"
        f'#set text(font: "{FONT}", lang: "{lang}", number-width: "tabular")\n' + body
    )


def _horizontal(
    chart: Chart,
    top: Decimal,
    low: Decimal,
    high: Decimal,
    ticks: Sequence[Decimal],
    lang: Lang,
) -> tuple[Decimal, str]:
    label_width = Decimal(56)
    x0 = label_width + Decimal(4)
    x1 = WIDTH_MM - Decimal(6)
    scale = (x1 - x0) / (high - low)
    series = len(chart.series)
    bar = Decimal("3.2") if len(chart.categories) * series <= 40 else Decimal("1.6")
    gap = Decimal(4)
    y = top + Decimal(3)
    out = ""
    plot_top = y
    plot_height = len(chart.categories) * (series * bar + gap)
    for tick in ticks:
        x = x0 + (tick - low) * scale
        out += _line(x, plot_top, Decimal(0), plot_height, _GRID, "0.4pt")
        out += _boxed(
            x - Decimal(12),
            plot_top + plot_height + Decimal(1),
            Decimal(24),
            "center",
            _text(display.number(tick, lang), "7.5pt", _MUTED),
        )
    zero = x0 + (ZERO - low) * scale
    for category, row in zip(chart.categories, chart.values, strict=True):
        group = series * bar
        out += _place(
            Decimal(0),
            y,
            f"box(width: {_mm(label_width)}, height: {_mm(group)}, "
            f"align(right + horizon, {_text(category, '8pt')}))",
        )
        for index, value in enumerate(row):
            out += _rect(
                zero, y + index * bar, value * scale, bar * Decimal("0.86"), _colour(index, series)
            )
        y += group + gap
    out += _line(zero, plot_top - Decimal(1), Decimal(0), plot_height + Decimal(1), _INK, "0.8pt")
    return y + Decimal(6), out


def _vertical(
    chart: Chart,
    top: Decimal,
    low: Decimal,
    high: Decimal,
    ticks: Sequence[Decimal],
    lang: Lang,
) -> tuple[Decimal, str]:
    plot_top = top + Decimal(6)
    plot_height = Decimal(52)
    x0 = Decimal(18)
    x1 = WIDTH_MM - Decimal(4)
    scale = plot_height / (high - low)
    out = ""
    for tick in ticks:
        y = plot_top + (high - tick) * scale
        out += _line(x0, y, x1 - x0, Decimal(0), _GRID, "0.4pt")
        out += _boxed(
            Decimal(0),
            y - Decimal("1.6"),
            x0 - Decimal(2),
            "right",
            _text(display.number(tick, lang), "7.5pt", _MUTED),
        )
    zero = plot_top + high * scale
    slot = (x1 - x0) / len(chart.categories)
    bar = min(slot * Decimal("0.5"), Decimal(22))
    for index, (category, row) in enumerate(zip(chart.categories, chart.values, strict=True)):
        value = row[0]
        left = x0 + slot * index + (slot - bar) / 2
        out += _rect(left, zero, bar, -value * scale, _colour(2, 4))
        label_y = zero - value * scale + (Decimal(1) if value < 0 else Decimal("-4.5"))
        out += _boxed(
            left - Decimal(6),
            label_y,
            bar + Decimal(12),
            "center",
            _text(display.signed(value, lang), "8pt", _INK, "bold"),
        )
        out += _boxed(
            left - Decimal(6),
            plot_top + plot_height + Decimal(2),
            bar + Decimal(12),
            "center",
            _text(category, "8pt"),
        )
    out += _line(x0, zero, x1 - x0, Decimal(0), _INK, "0.8pt")
    return plot_top + plot_height + Decimal(9), out


def chart_svg(chart: Chart, lang: Lang = "da") -> bytes:
    """The chart as SVG, its letters as outlines."""
    return compile_pages(chart_source(chart, lang), "svg")[0]


def chart_png(chart: Chart, lang: Lang = "da", ppi: float = 200) -> bytes:
    """The chart as PNG (for Word)."""
    return compile_pages(chart_source(chart, lang), "png", ppi=ppi)[0]
