"""Hypothesis strategies for the property tests: layouts, plausible catalogs, re-flowed seed text.

Three things live here:

* :func:`text_styles`: a :class:`~omprio.publish.template_text.TextStyle` with every layout knob
  drawn (width, label width, blank lines, CRLF, padding, amounts on their own line).
* :func:`catalogs`: random but plausible :class:`~omprio.model.Catalog` models that are consistent
  by construction (lines, adjustments and net add up; the overview repeats every measure's net
  and totals them), built only from the model's dataclasses.
* :class:`SeedDocument` and :func:`reflow_edits`: the reference catalog cut into the pieces an
  extractor may lay out differently (wrapped table labels, titles, descriptions, paragraphs of
  the introduction) and the pieces it may not touch (cover, headers, headings, captions, year
  rows, fields), plus edits that re-wrap, re-space and re-blank it the way another PDF
  extractor could.

Nothing here asks the reader how it would read a text: joining two wrapped lines follows the
written rule of Danish typesetting (a line ending in ``word-`` followed by a lower-case line is
one word; ``børne-`` / ``og unge`` keeps hyphen and space), implemented independently below.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

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
from omprio.publish.template_text import TextStyle

# --- layouts ------------------------------------------------------------------------------------


def text_styles() -> st.SearchStrategy[TextStyle]:
    """Every layout the template writer can produce."""
    return st.builds(
        TextStyle,
        width=st.integers(30, 200),
        label_width=st.integers(20, 120),
        blank_lines=st.booleans(),
        crlf=st.booleans(),
        pad=st.sampled_from(["", " ", "     "]),
        amounts_own_line=st.booleans(),
        section_padding=st.sampled_from(["", " ", "     "]),
    )


# --- plausible catalogs -------------------------------------------------------------------------

# Content words: letters only, and none that the template gives a meaning of its own (a field
# label like 'Sektor', a section name like 'Drift', 'i alt', 'samlet', 'netto…', 'personale…',
# 'råderum', 'tema', 'overblik', 'katalog', 'kommune', 'beskrivelse', 'økonomiske konsekvenser').
WORDS = (
    "omlægning", "styrket", "fokus", "indsats", "borgere", "hjemmepleje", "tilpasning",
    "reduktion", "åbningstid", "digital", "selvbetjening", "visitation", "ungeområdet",
    "mestring", "vejledning", "bostøtte", "bofællesskaber", "nattevagt", "velfærdsteknologi",
    "samarbejde", "frivillige", "tilbud", "center", "rehabilitering", "forebyggelse", "sundhed",
    "omsorg", "plejehjem", "madservice", "rengøring", "hjælpemidler", "træning", "genoptræning",
    "demens", "aflastning", "kørsel", "transport", "administration", "ledelse", "lokaler",
    "husleje", "indkøb", "digitalisering", "automatisering", "arbejdsgange", "kvalitet",
    "sammenhæng", "familier", "børn", "unge", "ældre", "skole", "fritid", "kultur",
    "biblioteker", "idræt", "haller", "vedligehold", "energi", "klima", "grønne", "områder",
    "veje", "parkering", "borgerservice", "kontakt", "telefon", "ventetid", "rådgivning",
    "kompetencer", "uddannelse", "faglighed", "værested", "natcafé", "feriepulje", "tryghed",
    "hjemløse", "misbrug", "behandling", "psykiatri", "handicap", "beskæftigelse", "ydelser",
    "sygedagpenge", "jobcenter", "virksomheder", "praktik", "mentor", "koordinering",
    "udvikling", "ophør", "fælles", "færre", "flere", "mindre", "bedre", "nye",
)
SMALL_WORDS = ("i", "af", "og", "på", "til", "for", "med")
TOWNS = ("Aarhus", "Odense", "Vejle", "Horsens", "Silkeborg", "Randers", "Kolding", "Esbjerg",
         "Holbæk", "Næstved", "Viborg", "Skive", "Ærø", "Favrskov")
DEPARTMENTS = ("Sundhed og Omsorg", "Børn og Unge", "Teknik og Miljø", "Kultur og Borgerservice",
               "Sociale Forhold og Beskæftigelse", "Borgmesterens Afdeling")
CODE_PREFIXES = ("ABC", "SUN", "MBU", "MSO", "BFF", "JUS", "VJH", "TMK", "KB", "ÆLD")
SECTION = "OMPRIORITERINGSTILTAG"
TOTAL_LABEL = "OMPRIORITERINGSTILTAG, I ALT"
ADJUSTMENT_LABEL = "Internt råderum"
UNIT = "1.000 kr."
GEN_PATH = "gen.txt"
_NOWHERE = Source(GEN_PATH)


def danish(value: Decimal) -> str:
    """``value`` written the Danish way (``-12.345,5``), independently of omprio.display."""
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + ".".join(groups)
    return f"{result},{fraction}" if fraction else result


@st.composite
def titles(draw: st.DrawFn) -> str:
    """A title or label: at least two content words, small words only between them."""
    content = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=6))
    words = [content[0]]
    for word in content[1:]:
        if draw(st.booleans()):
            words.append(draw(st.sampled_from(SMALL_WORDS)))
        words.append(word)
    text = " ".join(words)
    return text[0].upper() + text[1:]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS + SMALL_WORDS), min_size=3, max_size=14))
    pieces = [w + ("," if draw(st.integers(0, 7)) == 0 else "") for w in words[:-1]]
    text = " ".join([*pieces, words[-1]])
    return text[0].upper() + text[1:] + "."


@st.composite
def paragraphs(draw: st.DrawFn, max_sentences: int = 5) -> str:
    return " ".join(draw(st.lists(sentences(), min_size=1, max_size=max_sentences)))


@st.composite
def introductions(draw: st.DrawFn) -> str:
    """'' or headings (upper case, short) each followed by one paragraph."""
    blocks: list[str] = []
    for _ in range(draw(st.integers(0, 2))):
        heading_words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2))
        heading = " ".join(heading_words).upper()[:24].strip()
        if draw(st.booleans()):
            heading += f" {draw(st.integers(2020, 2035))}"
        blocks.extend([heading, draw(paragraphs())])
    return "\n\n".join(blocks)


def _amounts(draw: st.DrawFn, years: Sequence[int], low: int, high: int) -> dict[int, Decimal]:
    return {year: Decimal(draw(st.integers(low, high))) for year in years}


@st.composite
def area_budgets(draw: st.DrawFn) -> AreaBudget:
    form = draw(st.integers(0, 2))
    if form == 0:
        tenths = draw(st.integers(1, 9999))
        millions = Decimal(tenths) / 10
        text = f"Budget på {danish(millions)} mio. kr."
        dkk = millions * 1_000_000
    elif form == 1:
        kroner = Decimal(draw(st.integers(1_000, 500_000_000)))
        text = f"Driftsbudgettet er {danish(kroner)} kr. om året"
        dkk = kroner
    else:
        thousands = Decimal(draw(st.integers(1, 99_999)))
        text = f"Området har et budget på {danish(thousands)} t.kr. i alt"
        dkk = thousands * 1000
    return AreaBudget(text, (dkk,))


@st.composite
def savings_texts(draw: st.DrawFn, years: Sequence[int]) -> str | None:
    if draw(st.booleans()):
        return None
    first = danish(Decimal(draw(st.integers(1, 999))) / 10)
    if draw(st.booleans()):
        return f"{first} %"
    last = danish(Decimal(draw(st.integers(1, 999))) / 10)
    return f"{first} % i {years[0]} stigende til {last} % i {years[-1]}"


@st.composite
def measures(
    draw: st.DrawFn, code: str, theme: str, title: str, years: tuple[int, ...], price_base: str,
    fractional: bool,
) -> Measure:
    period = f"{years[0]}-{years[-1]}"
    scale = 100 if fractional else 1

    def amounts() -> dict[int, Decimal]:
        raw = _amounts(draw, years, -50_000 * scale, 50_000 * scale)
        return {year: value / scale for year, value in raw.items()}

    lines = tuple(
        Line(draw(titles()), amounts(), _NOWHERE)
        for _ in range(draw(st.integers(1, 4)))
    )
    adjustments = (
        (Line(ADJUSTMENT_LABEL, amounts(), _NOWHERE),) if draw(st.booleans()) else ()
    )
    net = {
        year: sum((line.amounts[year] for line in lines), Decimal(0))
        - sum((line.amounts[year] for line in adjustments), Decimal(0))
        for year in years
    }
    fte_stated = draw(st.integers(0, 5)) > 0
    fte = ({year: value / 10 for year, value in _amounts(draw, years, -200, 200).items()}
           if fte_stated else {})
    notes = tuple(f"Anm.: {draw(paragraphs(2))}" for _ in range(draw(st.integers(0, 1))))
    return Measure(
        code=code,
        theme=theme,
        title=title,
        description=draw(paragraphs()),
        lines=lines,
        adjustments=adjustments,
        net=net,
        fte=fte,
        sector=draw(st.sampled_from(["1.20 Drift", "1.20 Drift", None])),
        area_budget=draw(st.none() | area_budgets()),
        stated_savings_pct=draw(savings_texts(years)),
        notes=notes,
        source=_NOWHERE,
        caption=f"Økonomiske konsekvenser og personaleændringer {period} ({price_base} i {UNIT})",
        periods=(period, period),
        years=years,
        price_base=price_base,
        unit=UNIT,
        # A table without both a net and a staff row looks truncated: keep at least one.
        net_source=draw(st.sampled_from([None, _NOWHERE])) if fte_stated else _NOWHERE,
        fte_stated=fte_stated,
    )


def _normalized(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


@st.composite
def catalogs(draw: st.DrawFn, fractional: bool = False) -> Catalog:
    """A plausible catalog, consistent by construction.

    ``fractional`` allows amounts with two decimals (for the JSON round trip; the template text
    round trip uses whole thousands as catalogs do).
    """
    first = draw(st.integers(2023, 2030))
    years = tuple(range(first, first + draw(st.sampled_from([3, 4, 5]))))
    price_base = f"{first}-PL"
    count = draw(st.integers(1, 12))
    codes = draw(st.lists(
        st.builds(
            lambda prefix, number, letter: f"{prefix}-{number}{letter}",
            st.sampled_from(CODE_PREFIXES), st.integers(1, 99), st.sampled_from(["", "A", "B"]),
        ),
        min_size=count, max_size=count, unique=True,
    ))
    measure_titles = draw(st.lists(titles(), min_size=count, max_size=count, unique_by=_normalized))
    themes = draw(st.lists(
        st.builds(lambda n, letter: f"{n}{letter}", st.integers(1, 5), st.sampled_from("AB")),
        min_size=count, max_size=count,
    ))
    theme_titles = {
        number: " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))).upper()
        for number in sorted({theme[0] for theme in themes})
    }
    drawn = [
        draw(measures(code, theme, title, years, price_base, fractional))
        for code, theme, title in zip(codes, themes, measure_titles, strict=True)
    ]
    ordered = sorted(drawn, key=lambda m: m.theme_number)  # stable: page order within a theme
    overview = tuple(
        OverviewRow(SECTION, m.theme_number, m.title.upper(), m.code, dict(m.net), _NOWHERE)
        for m in ordered
    )
    total = {year: sum((m.net[year] for m in ordered), Decimal(0)) for year in years}
    seen: list[str] = []
    for row in overview:
        assert row.theme is not None
        if row.theme not in seen:
            seen.append(row.theme)
    town = draw(st.sampled_from(TOWNS))
    return Catalog(
        title=f"Omprioriteringskatalog {years[0]}–{years[-1]}",
        organisation=f"{town} Kommune",
        department=draw(st.sampled_from(DEPARTMENTS)),
        date=draw(st.dates(date(2020, 1, 1), date(2031, 12, 31))),
        years=years,
        price_base=price_base,
        unit=UNIT,
        introduction=draw(introductions()),
        themes=tuple(Theme(number, theme_titles[number], SECTION) for number in seen),
        measures=tuple(ordered),
        overview=overview,
        overview_totals=(OverviewTotal(TOTAL_LABEL, SECTION, None, total, _NOWHERE),),
        source=Source(GEN_PATH, 1),
        stated_period=f"{years[0]}-{years[-1]}",
        target=dict(total),
    )


# --- the seed, re-flowed ------------------------------------------------------------------------

KEEP_HYPHEN_BEFORE = frozenset({"og", "eller", "samt", "and", "or"})
_LETTER_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_NUMBER_TOKEN = re.compile(r"^[+\-\u2212\u2013]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
_YEAR = re.compile(r"^20\d\d$")
_MEASURE_HEADER = re.compile(r"Tema \d+[A-Z]?, [A-ZÆØÅ]+-\d+[A-Z]?\s*$")
_CAPTION = re.compile(r"Økonomiske konsekvenser|\(\d{4}-PL")
SEED_YEARS = 4
_COVER_LINES = 3  # OMPRIORITERINGSKATALOG / 2024 – 2027 / AARHUS, DEN 22. NOVEMBER 2023
MAX_LABEL_LINES = 8  # a table label wrapped over more lines than this is not a plausible layout
# The overview's section headings (theme headings start with 'TEMA'): never part of a label.
_OVERVIEW_SECTIONS = ("ADMINISTRATIVE BESPARELSER", "OMPRIORITERINGSTILTAG")


def join_wrapped(left: str, right: str) -> str:
    """Two wrapped lines as one, by the rules of Danish hyphenation at a line break.

    ``Brobyg-fraværsind-`` + ``sats`` is one word; ``MSB-`` + ``Råderum`` keeps its hyphen;
    ``børne-`` + ``og unge`` keeps hyphen and space; anything else is joined with a space.
    """
    if _LETTER_HYPHEN_END.search(left):
        if right.split(" ", 1)[0].lower() in KEEP_HYPHEN_BEFORE:
            return f"{left} {right}"
        if right[0].islower():
            return left[:-1] + right
        return left + right
    return f"{left} {right}"


def _space_split_keeps_text(left: str, right: str) -> bool:
    """True when breaking ``left right`` at that space reads back as the same text."""
    return not (_LETTER_HYPHEN_END.search(left)
                and right.split(" ", 1)[0].lower() not in KEEP_HYPHEN_BEFORE)


def _ends_in_years(tokens: Sequence[str]) -> bool:
    return len(tokens) >= SEED_YEARS and all(_YEAR.match(t) for t in tokens[-SEED_YEARS:])


def _has_amounts(tokens: Sequence[str]) -> bool:
    return len(tokens) >= SEED_YEARS and all(
        _NUMBER_TOKEN.match(t) for t in tokens[-SEED_YEARS:])


@dataclass
class Frozen:
    """A line never re-wrapped (only the runs of spaces around its tokens may change)."""

    raw: str


@dataclass
class Prose:
    """A title, a description or a paragraph of the introduction: lines read as one text."""

    lines: list[str]
    introduction: bool = False

    def plausible(self) -> bool:
        """In the introduction a line in capitals is a heading: a paragraph must not make one."""
        return not (self.introduction and any(line.isupper() for line in self.lines))


@dataclass
class Row:
    """A table row: its label lines and its amounts (on the last label line, or on their own)."""

    label: list[str]
    amounts: str
    attached: bool
    overview: bool

    def rendered(self) -> list[str]:
        if self.attached:
            return [*self.label[:-1], f"{self.label[-1]} {self.amounts}"]
        return [*self.label, self.amounts]

    def plausible(self) -> bool:
        """False for a layout no extractor gives, or one a reader cannot tell from another.

        A label wrapped over more than :data:`MAX_LABEL_LINES` lines is not a label; an overview
        label whose first line is a section name ('ADMINISTRATIVE BESPARELSER') reads as that
        section's heading. (The second is a real ambiguity; test_properties reports how the
        reader fares when the heading is repeated directly above such a label.)
        """
        if len(self.label) > MAX_LABEL_LINES:
            return False
        first = self.label[0] if self.label else ""
        return not (self.overview and first.strip(" :") in _OVERVIEW_SECTIONS)


Unit = Frozen | Prose | Row


@dataclass(frozen=True)
class Split:
    line: int
    left: str
    right: str


def _line_splits(text: str, line: int) -> list[Split]:
    """Every place where an extractor could break ``text`` without changing what it says."""
    splits: list[Split] = []
    for index, char in enumerate(text):
        if char == " ":
            left, right = text[:index], text[index + 1:]
            if left and right and _space_split_keeps_text(left, right):
                splits.append(Split(line, left, right))
        elif (index >= 2 and text[index - 2:index].isalpha()
              and text[index:index + 2].isalpha() and char.islower()):
            # Hyphenation leaves at least two letters on each side of the break, and the line
            # after it starts lower case; 'og'/'eller' after 'word-' would read as 'word- og'.
            right = text[index:]
            if right.split(" ", 1)[0].lower() not in KEEP_HYPHEN_BEFORE:
                splits.append(Split(line, text[:index] + "-", right))
    return splits


@dataclass
class SeedDocument:
    """The reference catalog cut into frozen lines and re-flowable groups."""

    units: list[Unit] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> SeedDocument:
        units: list[Unit] = []
        state = "front"
        pending: list[str] = []
        prose: Prose | None = None
        cover_lines = 0

        def row(overview: bool) -> Row:
            *label, last = pending
            tokens = last.split(" ")
            own_label = " ".join(tokens[:-SEED_YEARS])
            amounts = " ".join(tokens[-SEED_YEARS:])
            if own_label:
                return Row([*label, own_label], amounts, True, overview)
            return Row(label, amounts, False, overview)

        for raw in text.split("\n"):
            line = " ".join(raw.split())
            tokens = line.split(" ")
            if _MEASURE_HEADER.search(line):
                assert not pending, pending
                units.append(Frozen(raw))
                prose, state = Prose([]), "title"
                continue
            if not line:
                if not pending and state not in ("title", "description", "introduction"):
                    units.append(Frozen(raw))
                continue
            if state == "front":  # the cover: title, period, place and date
                units.append(Frozen(raw))
                cover_lines += 1
                if cover_lines == _COVER_LINES:
                    prose, state = Prose([], introduction=True), "introduction"
            elif state == "introduction":
                assert prose is not None
                if not line.isupper():
                    prose.lines.append(line)
                    continue
                if prose.lines:  # a heading ends the paragraph
                    units.append(prose)
                    prose = Prose([], introduction=True)
                units.append(Frozen(raw))
                if line == "OVERBLIK":
                    state = "overview-head"
            elif state == "overview-head":
                units.append(Frozen(raw))
                if _ends_in_years(tokens):
                    state = "overview"
            elif state == "overview":
                if not pending and (line in _OVERVIEW_SECTIONS or line.startswith("TEMA ")):
                    units.append(Frozen(raw))
                    continue
                pending.append(line)
                if _has_amounts(tokens):
                    units.append(row(overview=True))
                    pending = []
            elif state in ("title", "description"):
                assert prose is not None
                ends = (line.startswith("Beskrivelse af tiltaget") if state == "title"
                        else bool(_CAPTION.search(line)))
                if not ends:
                    prose.lines.append(line)
                    continue
                units.extend([prose, Frozen(raw)])
                prose = Prose([])
                state = "description" if state == "title" else "caption"
            elif state == "caption":
                units.append(Frozen(raw))
                if _ends_in_years(tokens):
                    state = "table"
            elif state == "table":
                pending.append(line)
                if _has_amounts(tokens):
                    made = row(overview=False)
                    units.append(made)
                    pending = []
                    if made.label and made.label[0].startswith("Personaleændringer"):
                        state = "rest"
            else:
                units.append(Frozen(raw))
        assert not pending, pending
        return cls(units)

    def groups(self) -> list[Prose | Row]:
        return [unit for unit in self.units if not isinstance(unit, Frozen)]

    def lines(self) -> list[str]:
        result: list[str] = []
        for unit in self.units:
            if isinstance(unit, Frozen):
                result.append(unit.raw)
            elif isinstance(unit, Prose):
                result.extend(unit.lines)
            else:
                result.extend(unit.rendered())
        return result

    # Edits of the wrapping. Each picks its target by index modulo the candidates, so that any
    # drawn integers make a valid edit and shrinking moves towards the first candidate.

    def join(self, group: int, at: int) -> None:
        groups = self.groups()
        target = groups[group % len(groups)]
        if isinstance(target, Prose):
            if len(target.lines) < 2:
                return
            i = at % (len(target.lines) - 1)
            target.lines[i:i + 2] = [join_wrapped(target.lines[i], target.lines[i + 1])]
            return
        joins = len(target.label) - 1 + (0 if target.attached or not target.label else 1)
        if joins <= 0:
            return
        i = at % joins
        if i == len(target.label) - 1:
            target.attached = True
            return
        label = list(target.label)
        label[i:i + 2] = [join_wrapped(label[i], label[i + 1])]
        self._relabel(target, label)

    def split(self, group: int, at: int) -> None:
        groups = self.groups()
        target = groups[group % len(groups)]
        lines = target.lines if isinstance(target, Prose) else target.label
        candidates = [
            split for number, text in enumerate(lines) for split in _line_splits(text, number)
        ]
        detach = isinstance(target, Row) and target.attached
        if not candidates and not detach:
            return
        i = at % (len(candidates) + (1 if detach else 0))
        if i == len(candidates):
            assert isinstance(target, Row)
            target.attached = False
            return
        chosen = candidates[i]
        lines = list(lines)
        lines[chosen.line:chosen.line + 1] = [chosen.left, chosen.right]
        if isinstance(target, Prose):
            previous, target.lines = target.lines, lines
            if not target.plausible():
                target.lines = previous
        else:
            self._relabel(target, lines)

    @staticmethod
    def _relabel(row: Row, label: list[str]) -> None:
        """Give ``row`` the re-wrapped ``label`` unless that makes an implausible layout."""
        previous, row.label = row.label, label
        if not row.plausible():
            row.label = previous


Edit = tuple[str, int, int, int]
"""(kind, a, b, c): the integers pick the target (group, line, candidate, run length) modulo
the number of choices, so every drawn edit is valid and shrinks towards the first choice."""
WRAP_EDITS = ("join", "split")
SPACE_EDITS = ("gap", "lead", "trail")
BLANK_EDITS = ("blank+", "blank-")


@dataclass(frozen=True)
class Layout:
    """Document-wide choices: line ending, blank lines, runs of spaces."""

    newline: str = "\n"
    blanks: str = "keep"  # keep | none | every
    gaps: int = 0  # 0 keeps the runs of spaces between tokens; n makes every run n spaces
    trailing: int = -1  # -1 keeps trailing spaces; n pads every line with exactly n


def layouts() -> st.SearchStrategy[Layout]:
    return st.builds(
        Layout,
        newline=st.sampled_from(["\n", "\r\n", "\r"]),
        blanks=st.sampled_from(["keep", "none", "every"]),
        gaps=st.sampled_from([0, 0, 1, 2, 5]),
        trailing=st.sampled_from([-1, -1, 0, 1, 4]),
    )


@st.composite
def reflow_edits(draw: st.DrawFn) -> list[Edit]:
    """Up to 60 edits of the wrapping, then up to 30 of spaces and blank lines.

    Hypothesis keeps lists short by default; the counts are drawn first so that many examples
    re-wrap dozens of labels and paragraphs at once (and still shrink to a few edits).
    """
    index = st.integers(0, 1 << 16)
    wraps = draw(st.integers(0, 60))
    others = draw(st.integers(0, 30))
    edits = [draw(st.tuples(st.sampled_from(WRAP_EDITS), index, index, index))
             for _ in range(wraps)]
    edits += [draw(st.tuples(st.sampled_from(SPACE_EDITS + BLANK_EDITS), index, index, index))
              for _ in range(others)]
    return edits


@dataclass
class _Spaced:
    lead: int
    tokens: list[str]
    gaps: list[int]
    trail: int

    @classmethod
    def of(cls, raw: str) -> _Spaced:
        if not raw.strip(" "):
            return cls(len(raw), [], [], 0)
        body = raw.strip(" ")
        lead = len(raw) - len(raw.lstrip(" "))
        trail = len(raw) - len(raw.rstrip(" "))
        tokens = [t for t in body.split(" ") if t]
        gaps = [len(run) for run in re.findall(r" +", body)]
        return cls(lead, tokens, gaps, trail)

    def text(self) -> str:
        out = " " * self.lead
        for index, token in enumerate(self.tokens):
            if index:
                out += " " * self.gaps[index - 1]
            out += token
        return out + " " * self.trail


def reflowed(seed_text: str, edits: Sequence[Edit], layout: Layout) -> str:
    """The seed with ``edits`` applied (wrapping first, then spaces, then blank lines)."""
    document = SeedDocument.parse(seed_text)
    for kind, a, b, _c in edits:
        if kind == "join":
            document.join(a, b)
        elif kind == "split":
            document.split(a, b)
    lines = [_Spaced.of(raw) for raw in document.lines()]
    for line in lines:
        if layout.gaps:
            line.gaps = [layout.gaps] * len(line.gaps)
        if layout.trailing >= 0 and line.tokens:
            line.trail = layout.trailing
    for kind, a, b, c in edits:
        line = lines[a % len(lines)]
        if kind == "gap" and line.gaps:
            line.gaps[b % len(line.gaps)] = 1 + c % 8
        elif kind == "lead" and line.tokens:
            line.lead = b % 6
        elif kind == "trail" and line.tokens:
            line.trail = b % 8
    texts = [line.text() for line in lines]
    if layout.blanks == "none":
        texts = [text for text in texts if text.strip(" ")]
    elif layout.blanks == "every":
        texts = [piece for text in texts for piece in (text, "")]
    for kind, a, b, _c in edits:
        if kind == "blank+":
            texts[a % (len(texts) + 1):a % (len(texts) + 1)] = [" " * (b % 3)] * (1 + b % 2)
        elif kind == "blank-":
            blanks = [i for i, text in enumerate(texts) if not text.strip(" ")]
            if blanks:
                del texts[blanks[a % len(blanks)]]
    return layout.newline.join(texts)
