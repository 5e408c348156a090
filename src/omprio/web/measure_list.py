"""The measure lists of the scenario builder and the optimize form: search, filter, sort, a page
of rows grouped by theme with theme totals, and "mine tiltag".

A 5,000-measure catalog made each of those pages one 5 MB document. Now a page shows at most
:data:`PAGE_SIZE` rows; the rest of the rows' state (ticked, divisible, a share, a choice, a
harm score) travels in the form as hidden inputs, written only for rows whose state is not the
default one, so a selection survives a page change or another filter.

What is shown is a :class:`View`, read from GET parameters (``?q=…&area=BFF&sort=amount``) or
from the posted form (the pages' own filter and page buttons post the form, so that what was
ticked comes along): ``q`` (text in the code or the title), ``area`` (operating area: the code
prefix), ``theme``, ``findings`` (``yes``/``no``), ``sel`` (``in``/``out``: ticked, or for the
optimize form a choice, harm, share or probability set), ``sort`` (``code``, ``amount``, ``fte``,
``findings``; default the catalog's order), ``order`` (``asc``/``desc``), ``page`` and ``mine``
(only the measures of the areas an area-limited editor may edit).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Generic, TypeVar
from urllib.parse import urlencode

from omprio.findings import Finding
from omprio.model import Measure
from omprio.money import ZERO

PAGE_SIZE = 100
"""The most measure rows one page of the builder or the optimize form shows."""
SORTS = ("code", "amount", "fte", "findings")
# The natural direction of each sort: the largest saving, the most positions lost and the most
# findings first (savings and staff cuts are negative amounts).
_DEFAULT_ORDER = {"": "asc", "code": "asc", "amount": "asc", "fte": "asc", "findings": "desc"}
_MAX_TEXT = 100
_MAX_PAGE = 1_000_000

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class View:
    """Which measures a list shows, in what order, and which page of them."""

    q: str = ""
    area: str = ""
    theme: str = ""
    findings: str = ""
    sel: str = ""
    sort: str = ""
    order: str = ""
    page: int = 1
    mine: bool = False

    @property
    def is_default(self) -> bool:
        """True for the first page of everything in the catalog's order."""
        return self == View()

    @property
    def filtered(self) -> bool:
        """True when some measures may be left out by the filters (not by paging)."""
        return bool(self.q or self.area or self.theme or self.findings or self.sel or self.mine)

    @property
    def descending(self) -> bool:
        return (self.order or _DEFAULT_ORDER[self.sort]) == "desc"

    def params(self, **changes: object) -> dict[str, str]:
        """The view as parameters (defaults left out), with ``changes``."""
        view = replace(self, **changes)  # type: ignore[arg-type]
        values = {
            "q": view.q,
            "area": view.area,
            "theme": view.theme,
            "findings": view.findings,
            "sel": view.sel,
            "sort": view.sort,
            "order": view.order,
            "page": "" if view.page == 1 else str(view.page),
            "mine": "1" if view.mine else "",
        }
        return {key: value for key, value in values.items() if value}

    def query(self, **changes: object) -> str:
        """``?…`` of the view with ``changes`` (empty for the default view)."""
        params = self.params(**changes)
        return "?" + urlencode(params) if params else ""

    @property
    def key(self) -> tuple[object, ...]:
        """The view as a hashable value."""
        return (self.q, self.area, self.theme, self.findings, self.sel, self.sort, self.order,
                self.page, self.mine)  # fmt: skip


def _text(params: Mapping[str, object], name: str) -> str:
    value = params.get(name)
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:_MAX_TEXT]


def _choice(params: Mapping[str, object], name: str, allowed: Iterable[str]) -> str:
    value = _text(params, name)
    return value if value in allowed else ""


def view_from(params: Mapping[str, object]) -> View:
    """The view the parameters ask for (a form's or a query's); anything unknown is ignored.
    A page button posts ``page``; the form's own hidden ``view-page`` keeps the page shown."""
    page_text = _text(params, "page") or _text(params, "view-page")
    digits = page_text.isascii() and page_text.isdigit() and len(page_text) < 8
    page = int(page_text) if digits else 1
    return View(
        q=_text(params, "q"),
        area=_text(params, "area").upper(),
        theme=_text(params, "theme"),
        findings=_choice(params, "findings", ("yes", "no")),
        sel=_choice(params, "sel", ("in", "out")),
        sort=_choice(params, "sort", SORTS),
        order=_choice(params, "order", ("asc", "desc")),
        page=min(max(page, 1), _MAX_PAGE),
        mine=_text(params, "mine") == "1",
    )


@dataclass(frozen=True, slots=True)
class ThemeTotal:
    """A theme of the matching measures: how many, how many selected, and their nets."""

    code: str
    title: str
    count: int
    selected: int
    net: dict[int, Decimal]


@dataclass(frozen=True, slots=True)
class Group(Generic[T]):
    """The rows of one theme on the page (one group for a list sorted otherwise)."""

    theme: ThemeTotal | None
    rows: list[T]


@dataclass(slots=True)
class Listing(Generic[T]):
    """One page of a measure list, and what the page needs around it."""

    view: View
    groups: list[Group[T]]
    hidden: list[T]
    """Every row not on the page (the template keeps the state of those not at the default)."""
    total: int
    matched: int
    page: int
    pages: int
    themes: list[ThemeTotal]
    areas: list[str]
    theme_options: list[tuple[str, str]]
    mine_areas: tuple[str, ...]
    findings: dict[str, int] = field(default_factory=dict)

    @property
    def shown(self) -> list[T]:
        return [row for group in self.groups for row in group.rows]

    @property
    def first(self) -> int:
        """The position (from 1) of the page's first row among the matching ones."""
        return 0 if not self.matched else (self.page - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        return min(self.page * PAGE_SIZE, self.matched)

    @property
    def page_numbers(self) -> list[int]:
        """The pages offered as buttons: the first, the last and those near the current one."""
        near = {1, self.pages, *range(self.page - 2, self.page + 3)}
        return sorted(p for p in near if 1 <= p <= self.pages)


def findings_by_measure(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings each measure has."""
    return dict(Counter(f.measure for f in findings if f.measure))


def natural_key(code: str) -> tuple[tuple[int, str], ...]:
    """``BFF-2`` before ``BFF-10``."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part.upper())
        for part in re.findall(r"\d+|\D+", code)
    )


def _sum(values: Mapping[int, Decimal]) -> Decimal:
    return sum(values.values(), ZERO)


def list_measures(
    rows: Sequence[T],
    measure_of: Callable[[T], Measure],
    selected_of: Callable[[T], bool],
    view: View,
    *,
    findings: Mapping[str, int],
    theme_titles: Mapping[str, str],
    years: Sequence[int],
    actor_areas: tuple[str, ...] = (),
) -> Listing[T]:
    """The page of ``rows`` the view asks for (rows are in the catalog's order)."""
    words = view.q.casefold().split()
    mine = set(actor_areas) if view.mine and actor_areas else None

    def matches(row: T) -> bool:
        measure = measure_of(row)
        if words:
            text = f"{measure.code} {measure.title}".casefold()
            if not all(word in text for word in words):
                return False
        if view.area and measure.operating_area.upper() != view.area:
            return False
        if mine is not None and measure.operating_area.upper() not in mine:
            return False
        if view.theme and measure.theme_number != view.theme and measure.theme != view.theme:
            return False
        has = findings.get(measure.code, 0) > 0
        if view.findings and has != (view.findings == "yes"):
            return False
        return not (view.sel and selected_of(row) != (view.sel == "in"))

    matched = [row for row in rows if matches(row)]
    if view.sort:
        keys: dict[str, Callable[[T], object]] = {
            "code": lambda row: natural_key(measure_of(row).code),
            "amount": lambda row: _sum(measure_of(row).net),
            "fte": lambda row: _sum(measure_of(row).fte),
            "findings": lambda row: findings.get(measure_of(row).code, 0),
        }
        key = keys[view.sort]
        # Stable: ties stay in the catalog's order, whichever the direction.
        matched = sorted(matched, key=key, reverse=view.descending)  # type: ignore[arg-type]
    elif view.descending:
        matched.reverse()
    pages = max(1, -(-len(matched) // PAGE_SIZE))
    page = min(view.page, pages)
    start = (page - 1) * PAGE_SIZE
    on_page = matched[start : start + PAGE_SIZE]
    on_page_ids = {id(row) for row in on_page}
    themes = _theme_totals(matched, measure_of, selected_of, theme_titles, years)
    by_code = {theme.code: theme for theme in themes}
    groups: list[Group[T]] = []
    if view.sort:
        groups.append(Group(None, on_page))
    else:
        for row in on_page:
            theme = measure_of(row).theme_number
            if not groups or groups[-1].theme is None or groups[-1].theme.code != theme:
                groups.append(Group(by_code.get(theme), []))
            groups[-1].rows.append(row)
    all_measures = [measure_of(row) for row in rows]
    theme_keys = sorted({m.theme_number for m in all_measures if m.theme_number}, key=natural_key)
    return Listing(
        view=replace(view, page=page),
        groups=groups,
        hidden=[row for row in rows if id(row) not in on_page_ids],
        total=len(rows),
        matched=len(matched),
        page=page,
        pages=pages,
        themes=themes,
        areas=sorted({m.operating_area for m in all_measures if m.operating_area}),
        theme_options=[(key, theme_titles.get(key, "")) for key in theme_keys],
        mine_areas=actor_areas,
        findings=dict(findings),
    )


def _theme_totals(
    rows: Sequence[T],
    measure_of: Callable[[T], Measure],
    selected_of: Callable[[T], bool],
    titles: Mapping[str, str],
    years: Sequence[int],
) -> list[ThemeTotal]:
    """Per theme of ``rows`` (in the order they first come): count, selected, nets."""
    order: list[str] = []
    count: Counter[str] = Counter()
    selected: Counter[str] = Counter()
    net: dict[str, dict[int, Decimal]] = {}
    for row in rows:
        measure = measure_of(row)
        key = measure.theme_number
        if key not in net:
            order.append(key)
            net[key] = dict.fromkeys(years, ZERO)
        count[key] += 1
        selected[key] += selected_of(row)
        for year in years:
            net[key][year] += measure.net.get(year, ZERO)
    order.sort(key=natural_key)
    return [
        ThemeTotal(key, titles.get(key, ""), count[key], selected[key], net[key])
        for key in order
    ]
