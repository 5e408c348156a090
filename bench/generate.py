"""Generate large, realistic catalogs in the seed's template, for benchmarks.

:func:`generate` builds a :class:`~omprio.model.Catalog` of ``n`` measures that reads like the
reference catalog (``tests/data/aarhus-msb-2024-2027.txt``) and adds up: measures cycle through
operating areas (BFF, JUS, JSY, UJU, VJH, JVS) with codes such as ``BFF-123`` (``BFF-12A`` once an
area has used 1-999), themes ``1A``..``6A``, unique titles built from the seed's words plus a
place name, descriptions of 150-250 words drawn from the seed's sentences, 1-5 table lines
(some with labels long enough to wrap), an occasional ``Internt MSB-råderum`` adjustment, net =
lines - adjustments, staff changes with decimals, sector, an area budget naming an amount, a
stated savings percentage that the amounts reproduce, and an overview (upper-case titles grouped
by theme under ``OMPRIORITERINGSTILTAG``) closed by ``OMPRIORITERINGSTILTAG, I ALT``.

The same ``seed`` always gives the same catalog. From the command line it writes the catalog as
text the way the seed's PDF extractor does (a blank line between lines)::

    .venv/bin/python bench/generate.py 10000 -o bench/out/catalog-10000.txt
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from omprio import display, titles
from omprio.model import (
    AreaBudget,
    Catalog,
    Line,
    Measure,
    OverviewRow,
    OverviewTotal,
    Source,
    Theme,
)
from omprio.money import KRONER, kroner
from omprio.publish.template_text import TextStyle, catalog_text
from omprio.read import load
from omprio.vocabulary.patterns import MEASURE_HEADER, TABLE_CAPTION

SEED_CATALOG = Path(__file__).resolve().parents[1] / "tests" / "data" / "aarhus-msb-2024-2027.txt"
SECTION = "OMPRIORITERINGSTILTAG"
TOTAL_LABEL = "OMPRIORITERINGSTILTAG, I ALT"
ADJUSTMENT_LABEL = "Internt MSB-råderum"
SOURCE = Source("generated")

# Operating areas (driftsområder) of the seed and the themes their measures fall under.
AREA_THEMES: dict[str, tuple[int, ...]] = {
    "BFF": (1, 5),
    "JUS": (2, 3, 5),
    "JSY": (3, 4, 5),
    "UJU": (1, 3, 4),
    "VJH": (3, 6),
    "JVS": (4, 6),
}
AREAS = tuple(AREA_THEMES)
THEME_TITLES = {
    1: "BØRN OG UNGE",
    2: "HJEMLØSHED",
    3: "MENNESKER MED HANDICAP OG PSYKISKE UDFORDRINGER",
    4: "BESKÆFTIGELSE",
    5: "UDSATTE VOKSNE OG RUSMIDLER",
    6: "ADMINISTRATION OG DIGITALISERING",
}
_CODES_PER_LETTER = 999  # codes are BFF-1 .. BFF-999, then BFF-1A .. BFF-999A, ...
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Title vocabulary: heads, objects and line labels are words of the seed's titles, line labels
# and descriptions; places are the seed's addresses and institutions plus Aarhus districts (the
# distinguishing word that keeps titles unique).
_HEADS = (
    "Omlægning af",
    "Tilpasning af",
    "Reduktion af",
    "Effektivisering af",
    "Prioritering af",
    "Ændring af",
    "Opsigelse af",
    "Ophør af",
    "Bedre udnyttelse af",
    "Sammentænkning af",
    "Digitalisering af",
    "Fagligt kvalitetsløft af",
    "Styrket fokus på",
    "Investering i",
    "Øget velfærdsteknologi i",
    "Mere digital selvbetjening i",
)
_OBJECTS = (
    "nattilbud til hjemløse",
    "feriepuljen",
    "samarbejdsaftalen med frivillige",
    "bostøtte og hjemmepleje",
    "mestringsvejledning",
    "borgerbetjeningen",
    "åbningstiden",
    "arbejdsgange",
    "fraværsindsatsen",
    "eksterne anbringelser",
    "substitutionsbehandling",
    "aktivitetstilbud",
    "nattevagtsfunktionen",
    "visitationen",
    "overnatningstilbud",
    "tilskudsmidler",
    "lejede lokaler",
    "personaleressourcer",
    "fritvalgsordningen",
    "servicevagten",
    "rådgivningen",
    "vikardækning",
    "døgnpladser",
    "kontaktpersoner",
    "vagtteamet",
    "praktisk hjælp",
    "forebyggende indsatser",
    "dagtilbud",
    "døgninstitutioner",
    "teleløsninger",
    "sagsbehandlingen",
    "personlig pleje",
    "akutindsatsen",
    "hjemmehjælp",
    "administrative opgaver",
    "huslejemidler",
    "dagture",
    "skoleskift",
    "kompetenceudvikling",
    "frivilligt samarbejde",
    "rusmiddelbehandling",
    "indkøbsaftaler",
    "fysisk fremmøde",
    "telefoniske henvendelser",
)
_PLACES = (
    "på Sumatravej",
    "i Toldbodgade",
    "på Marselisborg Allé",
    "i Jægergårdsgade",
    "på Silkeborgvej",
    "i Værkmestergade",
    "på Havkærparken",
    "på Østervang",
    "i Ungecentret",
    "i Ydelsescentret",
    "i Børnecentret",
    "i Familiecentret",
    "i Rusmiddelcentret",
    "på Miniinstitutionerne",
    "i Center for Mestring",
    "i Center for Forebyggelse og Rehabilitering",
    "i Skejbyparken",
    "på Bronzealdertoften",
    "i Søstjernen",
    "på Stefanshjemmet",
    "på Jægergården",
    "hos Kirkens Korshær",
    "i Natherberget",
    "i Viby",
    "i Højbjerg",
    "i Tilst",
    "i Gellerup",
    "i Hasle",
    "i Risskov",
    "i Lystrup",
    "i Brabrand",
    "i Tranbjerg",
    "i Harlev",
    "i Egå",
    "i Åbyhøj",
    "på Trøjborg",
    "på Frederiksbjerg",
    "i Vejlby",
    "i Hjortshøj",
    "i Malling",
    "i Solbjerg",
    "i Mårslet",
    "i Sabro",
    "i Beder",
    "i Lisbjerg",
    "i Skødstrup",
    "i Hasselager",
)
_NEGATIVE_LABELS = (
    "Bedre udnyttelse af personaleressourcer",
    "Personaleudgifter",
    "Besparelse tryghedsskabende personale",
    "Omlægning af nattevagt",
    "Reduceret åbningstid",
    "Tilpasning af feriepulje",
    "Omlægning af fritvalgsordning",
    "Ændring af åbningstid for borgere",
    "Styrket visitation",
    "Færre eksterne anbringelser",
    "Fraflytning {place} (husleje)",
    "Opsigelse af lejemålet {place}",
    "Ophør af kommunalt tilskud til {object}",
    "Driftsbudget for {object} {place}",
    "Salg af bygning {place} (Provenu fordelt på fire år)",
)
_POSITIVE_LABELS = (
    "Investering i udstyr og forbindelser",
    "Opkvalificering af medarbejdere",
    "Ansættelse af faguddannede medarbejdere",
    "Reduktion af takstindtægter fra eksternt salg",
    "Reduktion af takstindtægter",
    "Housing First opgaver i regi af Kirkens Korshær",
    "Forebyggende indsatser til borgere med psykisk sårbarhed og autisme, Åben Fleksibel "
    "Rådgivning, Center for Forebyggelse og Rehabilitering",
    "Investering i mestringsvejledning til borgere med psykisk sårbarhed, Center for Mestring",
    "Pædagogisk støtte til borgerne {place}",
)
_SECTORS = (
    ("1.20 Drift", 85),
    ("1.20 Decentraliserede område", 8),
    ("1.05 Anlæg og 1.20 Drift", 7),
)
_BUDGET_TEXTS = (
    "{Object} {place} har et samlet driftsbudget på {amount}",
    "Driftsbudgettet for {object} {place} er {amount}",
    "{amount} (Budget til {object} {place})",
    "Det samlede budget {place} i {year} er {amount}",
    "Nettobudgettet for {object} udgør {amount}",
)
_BUDGET_WITHOUT_AMOUNT = (
    "Budgettet for {object} {place} indgår i den samlede ramme for driftsområdet",
    "Udgiften afholdes fra den centrale konto tværgående i MSB",
)
_FTE_STEPS = ("0", "0", "0", "-0,5", "-1", "-1,3", "-1,7", "-2", "-3,5", "-1,5", "1", "2")
_UNSAFE = re.compile(r"\bi alt\b|\btotal\b|\bsamlet\b|\btema\b|\bnetto|råderum", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """What the seed gives the generator: its introduction and its description sentences."""

    introduction: str
    sentences: tuple[str, ...]


_STAFF = re.compile(r"\d+(?:,\d+)?\s+(?:medarbejdere|fuldtidsstillinger|årsværk)")


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """Sentences of the seed's descriptions that a reader of any measure page could meet.

    Sentences naming an amount in kroner are left out (they would contradict the generated
    tables), and so is anything that looks like the template's own structure (a table caption,
    a measure header).
    """
    seed = load(SEED_CATALOG).catalog
    sentences: list[str] = []
    seen: set[str] = set()
    for measure in seed.measures:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", measure.description):
            sentence = sentence.strip()
            if (
                len(sentence.split()) < 6
                or sentence in seen
                or KRONER.search(sentence)
                or TABLE_CAPTION.search(sentence)
                or MEASURE_HEADER.search(sentence)
                or "•" in sentence
                or " o " in sentence
            ):
                continue
            seen.add(sentence)
            sentences.append(sentence)
    return _Vocabulary(seed.introduction, tuple(sentences))


def _code(area: str, index: int) -> str:
    """The ``index``-th (0-based) code of an operating area: BFF-1 .. BFF-999, BFF-1A, ..."""
    letter_index, number = divmod(index, _CODES_PER_LETTER)
    if letter_index > len(_LETTERS):
        raise ValueError(f"more than {_CODES_PER_LETTER * (len(_LETTERS) + 1)} codes in {area}")
    suffix = _LETTERS[letter_index - 1] if letter_index else ""
    return f"{area}-{number + 1}{suffix}"


class _Titles:
    """Unique, distinguishable measure titles: head + object + place, more places if needed."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def new(self) -> str:
        rng = self._rng
        for _ in range(40):
            title = f"{rng.choice(_HEADS)} {rng.choice(_OBJECTS)} {rng.choice(_PLACES)}"
            if self._take(title):
                return title
        base = f"{rng.choice(_HEADS)} {rng.choice(_OBJECTS)} {rng.choice(_PLACES)}"
        for place in rng.sample(_PLACES, len(_PLACES)):
            title = f"{base} og {place.split(' ', 1)[1]}"
            if self._take(title):
                return title
        number = 2
        while not self._take(f"{base}, etape {number}"):
            number += 1
        return f"{base}, etape {number}"

    def _take(self, title: str) -> bool:
        key = titles.normalized(title)
        if key in self._used:
            return False
        self._used.add(key)
        return True


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, rng: random.Random) -> str:
    obj = rng.choice(_OBJECTS)
    return template.format(place=rng.choice(_PLACES), object=obj, Object=_capitalized(obj))


def _per_year(base: int, years: Sequence[int], rng: random.Random) -> dict[int, Decimal]:
    """A row of amounts (1.000 kr.) around ``base``: flat, stepping up, or ramping in."""
    shape = rng.random()
    values: list[int] = []
    for position, _year in enumerate(years):
        if shape < 0.6:
            value = base
        elif shape < 0.8:
            value = base if position < len(years) // 2 else base * 2
        elif shape < 0.9:
            value = round(base * (position + 1) / len(years) / 25) * 25 or base
        else:
            value = base + 25 * rng.randint(-8, 8) if position else base
        values.append(value)
    return {year: Decimal(value) for year, value in zip(years, values, strict=True)}


def _table(
    title: str, years: Sequence[int], rng: random.Random
) -> tuple[list[Line], list[Line], dict[int, Decimal]]:
    """Lines, adjustments and net of one measure; the net is negative in every year."""
    count = rng.choices((1, 2, 3, 4, 5), weights=(45, 25, 15, 10, 5))[0]
    main = -25 * rng.randint(4, 160) if rng.random() < 0.85 else -rng.randint(100, 9999)
    main_label = title if rng.random() < 0.5 else _fill(rng.choice(_NEGATIVE_LABELS), rng)
    lines = [Line(main_label, _per_year(main, years, rng), SOURCE)]
    for _ in range(count - 1):
        if rng.random() < 0.5:
            base = -25 * rng.randint(2, max(2, -main // 50))
            label = _fill(rng.choice(_NEGATIVE_LABELS), rng)
        else:
            base = 25 * rng.randint(1, max(1, -main // 100))
            label = _fill(rng.choice(_POSITIVE_LABELS), rng)
        lines.append(Line(label, _per_year(base, years, rng), SOURCE))
    gross = {year: sum((line.amounts[year] for line in lines), Decimal(0)) for year in years}
    for year, value in gross.items():
        if value >= 0:  # positive lines outweigh the savings: make the first line larger
            first = dict(lines[0].amounts)
            first[year] -= value + 25 * rng.randint(4, 40)
            lines[0] = Line(lines[0].label, first, SOURCE)
    gross = {year: sum((line.amounts[year] for line in lines), Decimal(0)) for year in years}
    adjustments: list[Line] = []
    if rng.random() < 0.06:
        adjustment = {
            year: -Decimal(5 * rng.randint(1, max(1, int(-value) // 15)))
            for year, value in gross.items()
        }
        adjustments.append(Line(ADJUSTMENT_LABEL, adjustment, SOURCE))
    adjusted = {
        year: sum((line.amounts[year] for line in adjustments), Decimal(0)) for year in years
    }
    net = {year: gross[year] - adjusted[year] for year in years}
    return lines, adjustments, net


def _description(
    title: str, net: dict[int, Decimal], years: Sequence[int], rng: random.Random
) -> str:
    sentences = _vocabulary().sentences
    target = rng.randint(150, 250)
    first = years[0]
    opening = f"Med tiltaget foreslås {title[:1].lower()}{title[1:]}."
    closing = (
        f"Tiltaget forventes at give en nettobesparelse på "
        f"{display.kroner(-net[first] * 1000)} i {first}."
    )
    parts = [opening]
    words = len(opening.split()) + len(closing.split())
    for sentence in rng.sample(sentences, len(sentences)):
        if words >= target:
            break
        if _STAFF.search(sentence):
            continue  # staff the generated table does not have (skipped after the same draw)
        count = len(sentence.split())
        if words + count <= 250:
            parts.append(sentence)
            words += count
    parts.append(closing)
    return " ".join(parts)


def _percent(value: Decimal, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    text = str(value.quantize(quantum, rounding=ROUND_HALF_UP))
    return text.replace(".", ",")


def _budget_and_savings(
    net: dict[int, Decimal], years: Sequence[int], rng: random.Random
) -> tuple[AreaBudget, str | None]:
    """An area budget naming an amount, and a savings % that the first year's net reproduces."""
    if rng.random() < 0.08:
        text = _fill(rng.choice(_BUDGET_WITHOUT_AMOUNT), rng)
        return AreaBudget(text, kroner(text)), None
    saving = -net[years[0]]  # 1.000 kr.
    target_pct = Decimal(rng.randint(5, 600)) / 10
    budget_thousands = saving * 100 / target_pct
    if rng.random() < 0.8 and budget_thousands >= 100:
        millions = (budget_thousands / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        amount = f"{display.number(millions)} mio. kr."
        budget_dkk = millions * 1_000_000
    else:
        budget_dkk = (budget_thousands * 1000).to_integral_value() + rng.randint(1, 999)
        amount = f"{display.number(budget_dkk)} kr."
    template = rng.choice(_BUDGET_TEXTS)
    obj = rng.choice(_OBJECTS)
    text = template.format(
        place=rng.choice(_PLACES),
        object=obj,
        Object=_capitalized(obj),
        amount=amount,
        year=years[0] - 1,
    )
    pct = saving * 1000 / budget_dkk * 100
    decimals = rng.choices((0, 1, 2), weights=(25, 60, 15))[0]
    while not pct.quantize(Decimal(1).scaleb(-decimals)) and decimals < 4:
        decimals += 1
    stated = _percent(pct, decimals) + rng.choice((" %", "%", " %"))
    return AreaBudget(text, kroner(text)), stated


def _fte(years: Sequence[int], rng: random.Random) -> dict[int, Decimal]:
    step = rng.choice(_FTE_STEPS)
    value = Decimal(step.replace(",", "."))
    if rng.random() < 0.2:
        return {
            year: value * (1 if position < len(years) // 2 else 2)
            for position, year in enumerate(years)
        }
    return dict.fromkeys(years, value)


def generate(
    n_measures: int, seed: int = 0, years: Sequence[int] = (2024, 2025, 2026, 2027)
) -> Catalog:
    """A catalog of ``n_measures`` measures that adds up; the same seed gives the same catalog."""
    if n_measures < 1:
        raise ValueError("a catalog needs at least one measure")
    years = tuple(years)
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    period = f"{years[0]}-{years[-1]}"
    price_base = f"{years[0]}-PL"
    unit = "1.000 kr."
    caption = f"Økonomiske konsekvenser og personaleændringer {period} ({price_base} i {unit})"
    names = _Titles(rng)

    # Areas cycle; each measure falls under one of its area's themes; pages go theme by theme.
    plan = [(rng.choice(AREA_THEMES[AREAS[i % len(AREAS)]]), i) for i in range(n_measures)]
    plan.sort()
    used: dict[str, int] = dict.fromkeys(AREAS, 0)
    measures: list[Measure] = []
    rows: list[OverviewRow] = []
    for theme_number, index in plan:
        area = AREAS[index % len(AREAS)]
        code = _code(area, used[area])
        used[area] += 1
        title = names.new()
        lines, adjustments, net = _table(title, years, rng)
        budget, savings = _budget_and_savings(net, years, rng)
        notes: tuple[str, ...] = ()
        if adjustments:
            first = years[0]
            set_aside = display.kroner(-adjustments[0].amounts[first] * 1000)
            notes = (
                "Anm.: Af tabellen fremgår, at indvirkningen på driftsudgifterne er mindre end "
                f"reduktionerne, da {set_aside} i {first} afsættes til internt MSB-råderum.",
            )
        sector = rng.choices([s for s, _ in _SECTORS], weights=[w for _, w in _SECTORS])[0]
        measure = Measure(
            code=code,
            theme=f"{theme_number}A",
            title=title,
            description=_description(title, net, years, rng),
            lines=tuple(lines),
            adjustments=tuple(adjustments),
            net=net,
            fte=_fte(years, rng),
            sector=sector,
            area_budget=budget,
            stated_savings_pct=savings,
            notes=notes,
            source=SOURCE,
            caption=caption,
            periods=(period, period),
            years=years,
            price_base=price_base,
            unit=unit,
            net_source=SOURCE,
        )
        measures.append(measure)
        rows.append(OverviewRow(SECTION, str(theme_number), title.upper(), code, dict(net), SOURCE))

    total = {year: sum((m.net[year] for m in measures), Decimal(0)) for year in years}
    used_themes = sorted({number for number, _ in plan})
    return Catalog(
        title=f"Omprioriteringskatalog {years[0]}–{years[-1]}",
        organisation="Aarhus Kommune",
        department="Sociale Forhold og Beskæftigelse",
        date=date(years[0] - 1, 11, 22),
        years=years,
        price_base=price_base,
        unit=unit,
        introduction=vocabulary.introduction,
        themes=tuple(Theme(str(n), THEME_TITLES[n], SECTION) for n in used_themes),
        measures=tuple(measures),
        overview=tuple(rows),
        overview_totals=(OverviewTotal(TOTAL_LABEL, SECTION, None, total, SOURCE),),
        source=SOURCE,
        stated_period=period,
        target=dict(total),
    )


def unsafe_words(catalog: Catalog) -> list[str]:
    """Titles and labels with words the template gives a meaning (``i alt``, ``tema``, …)."""
    found = [m.title for m in catalog.measures if _UNSAFE.search(m.title)]
    found += [
        line.label
        for m in catalog.measures
        for line in m.lines
        if _UNSAFE.search(line.label)
    ]
    return found


def write(catalog: Catalog, path: Path) -> int:
    """Write ``catalog`` as extracted text (blank line between lines); the number of bytes."""
    data = catalog_text(catalog, TextStyle(blank_lines=True)).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("measures", type=int, help="number of measures")
    parser.add_argument("-o", "--output", type=Path, required=True, help="text file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    catalog = generate(args.measures, args.seed)
    size = write(catalog, args.output)
    print(f"{args.output}: {args.measures} measures, {size / 2**20:.2f} MiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
