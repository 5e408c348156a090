"""The public budget game (borgerbudget): the citizen keeps, rejects or takes a share of each
measure, and the package must reach the catalog's target every year.

This module holds the rules only, no storage: which measures are played (the accepted ones,
:func:`omprio.model.in_catalog`), which may be taken in part, the totals of a package per year
against the target, why a package is refused (problems as values: a key and parameters, said
in the reader's language), the package as a readable text for its hearing response, the results
over the stored packages and the harm score they give the optimizer.

- **Divisible.** A measure may be taken in part (a share 0-100 %) when every line of its
  economics table is a saving or nothing (no year with a positive amount: no investment or
  expense that would not scale with the saving) and it saves something: its lines can then be
  scaled by the share. Any other measure is yes or no.
- **The one rule.** In every year the catalog states a target for, the package's total (the sum
  of share x net saving) reaches it (savings are negative amounts: total <= target).
- **Harm** (``Brug som skadesscore``): per measure ``1 + 4 x rejected + objections / packages``
  where ``rejected`` is the mean of ``1 - share`` over the submitted packages (0 when all keep
  it, 1 when all reject it) and ``objections`` the hearing's other responses linked to the
  measure (confirmed, added or proposed, not removed, not from the game), capped at the number
  of packages; rounded to two decimals. The optimizer's default harm is 1 per measure, so a
  measure nobody rejects keeps 1 and one everybody rejects (with many objections) gets up to 6.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from omprio.display import Lang, number, percent
from omprio.i18n import t
from omprio.model import Catalog, Measure, in_catalog

ZERO = Decimal(0)
ONE = Decimal(1)
MAX_COMMENT = 4000
"""The most characters of a comment that are kept (after tags are stripped)."""
_TAG = re.compile(r"<[^>]*>|<[^>]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class GameMeasure:
    """A measure as the game shows it."""

    code: str
    title: str
    description: str
    net: Mapping[int, Decimal]
    divisible: bool

    @property
    def net_json(self) -> str:
        """The net per year as JSON text (year -> amount as text), for the page's script."""
        return json.dumps({str(y): str(v) for y, v in self.net.items()})


@dataclass(frozen=True, slots=True)
class Board:
    """What the citizen plays with: the years, the target per year (None: no target that year),
    the measures and the unit the amounts are in."""

    years: tuple[int, ...]
    target: Mapping[int, Decimal | None]
    measures: tuple[GameMeasure, ...]
    unit: str
    price_base: str

    def measure(self, code: str) -> GameMeasure | None:
        """The measure with this code, if it is played."""
        for item in self.measures:
            if item.code == code:
                return item
        return None


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a package is refused: a key of the catalog and its parameters."""

    key: str
    params: Mapping[str, object]

    def text(self, lang: Lang) -> str:
        """The problem in ``lang``."""
        return t(self.key, lang, **self.params)


def divisible(measure: Measure) -> bool:
    """Whether the measure may be taken in part (see the module's docstring)."""
    rows = measure.lines or ()
    amounts = [v for row in rows for v in row.amounts.values()]
    amounts.extend(measure.net.values())
    return all(v <= ZERO for v in amounts) and any(v < ZERO for v in measure.net.values())


def board_of(catalog: Catalog) -> Board:
    """The board of a catalog: its accepted measures, its years and its target."""
    shown = in_catalog(catalog)
    first = shown.measures[0] if shown.measures else None
    return Board(
        years=tuple(shown.years),
        target={y: shown.target.get(y) for y in shown.years},
        measures=tuple(
            GameMeasure(m.code, m.title, m.description, dict(m.net), divisible(m))
            for m in shown.measures
        ),
        unit=(first.unit if first and first.unit else "1.000 kr."),
        price_base=(first.price_base if first and first.price_base else ""),
    )


def has_target(board: Board) -> bool:
    """Whether the board has a target in at least one year (else there is no game)."""
    return any(v is not None for v in board.target.values())


def totals(board: Board, selection: Mapping[str, Decimal]) -> dict[int, Decimal]:
    """The package's saving per year: share x net of every measure (missing: kept whole)."""
    result = dict.fromkeys(board.years, ZERO)
    for item in board.measures:
        share = selection.get(item.code, ONE)
        for year in board.years:
            result[year] += share * item.net.get(year, ZERO)
    return result


def gaps(board: Board, selection: Mapping[str, Decimal]) -> dict[int, Decimal]:
    """Per year with a target: how much is still missing (0 when reached; positive: short)."""
    done = totals(board, selection)
    return {
        y: max(done[y] - goal, ZERO) for y, goal in board.target.items() if goal is not None
    }


def reached(board: Board, selection: Mapping[str, Decimal]) -> bool:
    """Whether the package reaches the target in every year."""
    return not any(gaps(board, selection).values())


def problems(board: Board, selection: Mapping[str, Decimal]) -> list[Problem]:
    """Why the package cannot be submitted (empty: it can): a measure not in the catalog, a
    share outside 0-1 or in part for a measure that is yes or no, a year short of the target."""
    found: list[Problem] = []
    for code, share in selection.items():
        item = board.measure(code)
        if item is None:
            found.append(Problem("err.game.unknown", {"code": code[:40]}))
        elif not ZERO <= share <= ONE:
            found.append(Problem("err.game.share", {"code": code, "share": str(share)}))
        elif share not in (ZERO, ONE) and not item.divisible:
            found.append(Problem("err.game.whole", {"code": code}))
    if found:
        return found
    for year, gap in gaps(board, selection).items():
        if gap:
            found.append(Problem("err.game.short", {"year": year, "gap": number(gap)}))
    return found


def full_selection(board: Board, selection: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The share of every measure on the board (a measure not named is kept whole), in whole
    percent."""
    return {
        m.code: selection.get(m.code, ONE).quantize(Decimal("0.01")).normalize() + 0
        for m in board.measures
    }


def clean_comment(text: str, most: int | None = None) -> str:
    """A comment as kept: tags stripped, entities read, control characters dropped, trimmed
    (cut at ``most`` characters when given)."""
    plain = html.unescape(_TAG.sub(" ", text))
    plain = _CONTROL.sub("", plain)
    plain = re.sub(r"[ \t]+", " ", plain)
    plain = re.sub(r"\n{3,}", "\n\n", plain.replace("\r\n", "\n")).strip()
    return plain[:most].strip() if most is not None else plain


def package_text(board: Board, selection: Mapping[str, Decimal], comment: str,
                 lang: Lang = "da") -> str:
    """The hearing response of a package: the comment, then the package in words."""
    lines = [comment, ""] if comment else []
    lines.append(t("game.text.heading", lang))
    for item in board.measures:
        share = selection.get(item.code, ONE)
        if share == ONE:
            word = t("game.text.yes", lang)
        elif share == ZERO:
            word = t("game.text.no", lang)
        else:
            word = t("game.text.part", lang, share=percent(share * 100, 0, lang))
        lines.append(f"- {item.code} {item.title}: {word}")
    done = totals(board, selection)
    lines.append(t("game.text.total", lang, unit=board.unit, totals=", ".join(
        f"{y}: {number(done[y], lang)}" for y in board.years)))
    return "\n".join(lines)


def objected(selection: Mapping[str, Decimal]) -> list[str]:
    """The codes the package rejects wholly or in part (a share below 1)."""
    return [code for code, share in selection.items() if share < ONE]


@dataclass(frozen=True, slots=True)
class Results:
    """The results over the submitted packages."""

    packages: int
    refused: int
    kept: Mapping[str, Decimal]
    """Per measure, the share of packages that keep it whole (0-1)."""
    rejected: Mapping[str, Decimal]
    """Per measure, the mean of 1 - share over the packages (0-1)."""
    common: tuple[tuple[tuple[tuple[str, Decimal], ...], int], ...]
    """The most common packages (their measures not kept whole, with the share), by count."""


def results(board: Board, selections: Sequence[Mapping[str, Decimal]], refused: int,
            most_common: int = 5) -> Results:
    """Count the packages: per measure kept whole and rejected, the most common packages."""
    count = len(selections)
    kept: dict[str, Decimal] = {}
    rejected: dict[str, Decimal] = {}
    for item in board.measures:
        shares = [s.get(item.code, ONE) for s in selections]
        kept[item.code] = (Decimal(sum(1 for s in shares if s == ONE)) / count) if count else ZERO
        rejected[item.code] = (sum((ONE - s for s in shares), ZERO) / count) if count else ZERO
    patterns: Counter[tuple[tuple[str, Decimal], ...]] = Counter(
        tuple(sorted((c, v) for c, v in s.items() if v < ONE)) for s in selections)
    common = tuple(patterns.most_common(most_common))
    return Results(count, refused, kept, rejected, common)


def harm_scores(board: Board, result: Results,
                objections: Mapping[str, int]) -> dict[str, Decimal]:
    """The harm score per measure from the citizens' view (see the module's docstring)."""
    scores: dict[str, Decimal] = {}
    for item in board.measures:
        rejected = result.rejected.get(item.code, ZERO)
        heard = ZERO
        if result.packages:
            heard = Decimal(min(objections.get(item.code, 0), result.packages)) / result.packages
        scores[item.code] = (ONE + 4 * rejected + heard).quantize(Decimal("0.01"))
    return scores


def parse_share(value: object) -> Decimal | None:
    """A share as posted (``0``-``1`` as a number or text; ``yes``/``no``); None when it is
    not a number at all."""
    if isinstance(value, bool):
        return ONE if value else ZERO
    if isinstance(value, int | float | Decimal):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        if text in ("yes", "ja"):
            return ONE
        if text in ("no", "nej"):
            return ZERO
    else:
        return None
    try:
        share = Decimal(text[:30])
    except ArithmeticError:
        return None
    return share if share.is_finite() else None


def codes_of(items: Iterable[GameMeasure]) -> list[str]:
    """The codes of the measures, in order."""
    return [item.code for item in items]
