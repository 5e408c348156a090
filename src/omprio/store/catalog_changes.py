"""The changes of a catalog's structure as values: a new catalog, a measure added, deleted,
renumbered or moved, a theme or section added, renamed or deleted.

Each function takes a catalog and gives the changed one (nothing is stored), with the overview
following (:func:`omprio.overview.follow_overview`: derived anew for an authored catalog), or
raises the :class:`~omprio.store.errors.InvalidInput` / :class:`~omprio.store.errors.NotFound`
that says why not. :class:`~omprio.store.authoring.Authoring` stores what they give as a new
version; the pages use them to show what a change would do before it is saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from omprio.fields import catalog_problem, code_problem, measure_problem, text_problem
from omprio.model import Catalog, Measure, Source, Theme
from omprio.overview import follow_overview, with_overview
from omprio.store.errors import InvalidInput, NotFound
from omprio.store.targets import _checked

FIRST_YEAR, LAST_YEAR, MOST_YEARS = 1900, 2200, 30
"""The years a new catalog's period may name, and how many at most."""
_NUMBERED = re.compile(r"^\d+([A-Za-zÆØÅæøå]+)$")


@dataclass(frozen=True, slots=True)
class NewCatalog:
    """What a new, empty catalog is: ``years`` the budget period (consecutive years),
    ``price_base`` its price level (``2025-PL``), ``unit`` its amounts' unit and ``target`` the
    target (sparekrav) per year (every year, or none)."""

    title: str
    years: tuple[int, ...]
    department: str = ""
    organisation: str | None = None
    price_base: str | None = None
    unit: str = "1.000 kr."
    target: Mapping[int, Decimal] = field(default_factory=dict)
    introduction: str = ""
    themes: tuple[Theme, ...] = ()


def _refuse_problem(catalog: Catalog) -> Catalog:
    problem = catalog_problem(catalog)
    if problem is not None:
        raise InvalidInput("err.problem", problem=problem)
    return catalog


def new_catalog(new: NewCatalog) -> Catalog:
    """The empty authored catalog ``new`` describes; InvalidInput for an empty title, years
    that are no budget period, or a target that is not one amount per year."""
    title = " ".join(new.title.split())
    if not title:
        raise InvalidInput("err.new_title")
    years = tuple(new.years)
    if (
        not years
        or len(years) > MOST_YEARS
        or any(not FIRST_YEAR <= y <= LAST_YEAR for y in years)
        or list(years) != list(range(years[0], years[0] + len(years)))
    ):
        raise InvalidInput("err.new_years", years=" ".join(map(str, years)) or "-")
    target = _checked(new.target, years) if new.target else {}
    codes = [theme.code for theme in new.themes]
    if len(set(codes)) != len(codes):
        raise InvalidInput("err.theme_exists", theme=codes[0])
    catalog = Catalog(
        title=title,
        organisation=(new.organisation or "").strip() or None,
        department=new.department.strip() or None,
        date=None,
        years=years,
        price_base=(new.price_base or "").strip() or None,
        unit=new.unit.strip() or "1.000 kr.",
        introduction=new.introduction.strip(),
        themes=tuple(new.themes),
        measures=(),
        overview=(),
        overview_totals=(),
        source=Source(""),
        stated_period=f"{years[0]}-{years[-1]}",
        target=target,
        authored=True,
    )
    return _refuse_problem(catalog)


def _index(catalog: Catalog, code: str) -> int:
    index = next((i for i, m in enumerate(catalog.measures) if m.code == code), None)
    if index is None:
        raise NotFound("err.no_measure", code=code)
    return index


def _checked_code(catalog: Catalog, code: str) -> str:
    code = code.strip()
    if not code:
        raise InvalidInput("err.code_required")
    problem = code_problem("measure.code", code) or text_problem("measure.code", code)
    if problem is not None:
        raise InvalidInput("err.problem", problem=problem)
    if catalog.measure(code) is not None:
        raise InvalidInput("err.code_taken", code=code)
    return code


def add_measure(catalog: Catalog, measure: Measure, position: int | None = None) -> Catalog:
    """``catalog`` with ``measure`` added at ``position`` (0-based; by default after the last
    measure of its theme, else at the end). Years, price level and unit the measure does not
    state are the catalog's. InvalidInput for a missing, unfit or taken code or a text that
    cannot be stored."""
    code = _checked_code(catalog, measure.code)
    measure = replace(
        measure,
        code=code,
        theme=measure.theme.strip(),
        years=measure.years or catalog.years,
        price_base=measure.price_base or catalog.price_base,
        unit=measure.unit or catalog.unit,
    )
    problem = measure_problem(measure)
    if problem is not None:
        raise InvalidInput("err.problem", problem=problem)
    measures = list(catalog.measures)
    if position is None:
        same = [i for i, m in enumerate(measures) if m.theme_number == measure.theme_number]
        position = same[-1] + 1 if same else len(measures)
    measures.insert(max(0, min(position, len(measures))), measure)
    return _refuse_problem(follow_overview(catalog, replace(catalog, measures=tuple(measures))))


def delete_measure(catalog: Catalog, code: str) -> Catalog:
    """``catalog`` without the measure ``code`` (NotFound when it has none)."""
    index = _index(catalog, code)
    measures = catalog.measures[:index] + catalog.measures[index + 1 :]
    return follow_overview(catalog, replace(catalog, measures=measures))


def renumber_measure(catalog: Catalog, code: str, new_code: str) -> Catalog:
    """``catalog`` with the measure ``code`` called ``new_code``; the overview's reference
    follows. InvalidInput when the new code is unfit or taken."""
    index = _index(catalog, code)
    if new_code.strip() == code:
        return catalog
    new_code = _checked_code(catalog, new_code)
    measures = list(catalog.measures)
    measures[index] = replace(measures[index], code=new_code)
    after = replace(catalog, measures=tuple(measures))
    return _refuse_problem(follow_overview(catalog, after, {code: new_code}))


def _in_theme(theme: str, code: str) -> str:
    """A measure's theme moved to theme ``code``: ``1A`` to theme 2 is ``2A``."""
    found = _NUMBERED.match(theme)
    suffix = found.group(1) if found else ""
    return f"{code}{suffix}" if code.isdigit() and suffix else code


def move_measure(
    catalog: Catalog, code: str, *, position: int | None = None, theme: str | None = None
) -> Catalog:
    """``catalog`` with the measure ``code`` at ``position`` (0-based, among the measures) and/or
    in ``theme`` (a theme's code: ``1A`` moved to theme ``2`` is ``2A``)."""
    index = _index(catalog, code)
    measures = list(catalog.measures)
    measure = measures.pop(index)
    if theme is not None:
        theme = theme.strip()
        if not any(t.code == theme for t in catalog.themes):
            raise NotFound("err.no_theme", theme=theme)
        if measure.theme_number != theme:
            measure = replace(measure, theme=_in_theme(measure.theme, theme))
    at = index if position is None else max(0, min(position, len(measures)))
    measures.insert(at, measure)
    return follow_overview(catalog, replace(catalog, measures=tuple(measures)))


def _themes_changed(catalog: Catalog, themes: list[Theme]) -> Catalog:
    changed = replace(catalog, themes=tuple(themes))
    if changed.authored:
        changed = with_overview(changed)
    else:  # the imported overview's rows follow their theme's section
        sections = {t.code: t.section for t in themes}
        changed = replace(changed, overview=tuple(
            replace(row, section=sections[row.theme])
            if row.theme in sections and row.section != sections[row.theme] else row
            for row in catalog.overview))
    return _refuse_problem(changed)


def _theme_code(code: str) -> str:
    code = code.strip()
    if not code:
        raise InvalidInput("err.theme_code_required")
    problem = code_problem("theme.code", code)
    if problem is not None:
        raise InvalidInput("err.problem", problem=problem)
    return code


def add_theme(catalog: Catalog, theme: Theme) -> Catalog:
    """``catalog`` with one more theme (a new section when its section is new)."""
    code = _theme_code(theme.code)
    if any(t.code == code for t in catalog.themes):
        raise InvalidInput("err.theme_exists", theme=code)
    new = Theme(code, theme.title.strip(), (theme.section or "").strip() or None)
    return _themes_changed(catalog, [*catalog.themes, new])


def rename_theme(catalog: Catalog, code: str, *, title: str, section: str | None) -> Catalog:
    """``catalog`` with the theme ``code`` titled ``title`` in ``section`` (None: in none)."""
    themes = list(catalog.themes)
    index = next((i for i, t in enumerate(themes) if t.code == code), None)
    if index is None:
        raise NotFound("err.no_theme", theme=code)
    themes[index] = Theme(code, title.strip(), (section or "").strip() or None)
    return _themes_changed(catalog, themes)


def delete_theme(catalog: Catalog, code: str) -> Catalog:
    """``catalog`` without the theme ``code``; InvalidInput while a measure is in it."""
    if not any(t.code == code for t in catalog.themes):
        raise NotFound("err.no_theme", theme=code)
    used = [m.code for m in catalog.measures if m.theme_number == code]
    if used:
        raise InvalidInput("err.theme_in_use", theme=code, measures=", ".join(used))
    return _themes_changed(catalog, [t for t in catalog.themes if t.code != code])


def rename_section(catalog: Catalog, section: str, new_name: str) -> Catalog:
    """``catalog`` with the section ``section`` called ``new_name`` (in its themes, rows and
    totals)."""
    new_name = " ".join(new_name.split())
    if not new_name:
        raise InvalidInput("err.section_required")
    if not any(t.section == section for t in catalog.themes):
        raise NotFound("err.no_section", section=section)
    themes = [replace(t, section=new_name) if t.section == section else t for t in catalog.themes]
    changed = _themes_changed(catalog, themes)
    if changed.authored:
        return changed
    return replace(changed, overview_totals=tuple(
        replace(total, section=new_name) if total.section == section else total
        for total in changed.overview_totals))


def delete_section(catalog: Catalog, section: str) -> Catalog:
    """``catalog`` without the section ``section`` and its themes; InvalidInput while a
    measure is in one of them."""
    codes = {t.code for t in catalog.themes if t.section == section}
    if not codes:
        raise NotFound("err.no_section", section=section)
    used = [m.code for m in catalog.measures if m.theme_number in codes]
    if used:
        raise InvalidInput("err.section_in_use", section=section, measures=", ".join(used))
    return _themes_changed(catalog, [t for t in catalog.themes if t.section != section])
