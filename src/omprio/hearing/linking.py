"""Which measures a hearing response concerns, proposed from its text.

A response names a measure in every way people write: by code (``BFF-3A``, ``bff 3a``), by
number (``forslag 5 og 11``: the catalog's order of measures), by its title or a paraphrase
(``nattilbuddet til hjemløse``, ``Natcafeen``). Each proposed :class:`Link` says how it was
found (``method``: code, number, title, words, sector) and how sure omprio is (``confidence``
0–1), and what the sentence around the mention says (``stance``: support, object, neutral):
"vi har ingen indvendinger mod BFF-2" is linked, as ``support``, never as an objection.

Prefer precision: a link a person must remove costs more than one they add. Words count only
when they are distinctive (in the title and text of one measure only); words of a theme
(sector) give a weak link below :data:`PROPOSED`, which is not proposed unless asked for.
Danish stemming is light: plural and definite endings (-en, -et, -ene, -er, -erne, -e).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from omprio.model import Catalog

METHODS = ("code", "number", "title", "words", "sector")
STANCES = ("support", "object", "neutral")
PROPOSED = 0.5
"""Links at least this sure are proposed (kept and counted until a person decides)."""

_CODE = re.compile(r"(?<![\w-])([A-Za-zÆØÅæøå]{2,6})[ \-–‐]?(\d{1,3}[A-Za-z]?)(?![\w])")
_NUMBERED = re.compile(
    r"\b(?:spare)?(?:forslag(?:ene|et)?|tiltag(?:ene|et)?|punkt(?:erne|et)?|nr\.?|nummer)"
    r"\s+((?:nr\.?\s*)?\d{1,3}(?:\s*(?:,|og|&|samt|eller|-|–|til)\s*(?:nr\.?\s*)?\d{1,3})*)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE = re.compile(r"(?<=[.!?\n;])\s+|,\s+(?=(?:men|dog|but)\b)")
_ENDINGS = ("erne", "ene", "ens", "ets", "en", "et", "er", "e", "s")
_SUPPORT = re.compile(
    r"ingen (?:indvendinger|bemærkninger|indsigelser)|ikke (?:indvendinger|imod|modstander)|"
    r"har ikke noget imod|intet imod|støtter|bakker op|tilslutte|positiv|glæder os|"
    r"fornuftig|anbefaler at gennemføre|er enige|no objection|we support|support",
    re.IGNORECASE,
)
_OBJECT = re.compile(
    r"imod|protest|bekymr|uacceptab|fraråd|kritisk|kritik|modsætter|skadelig|skade|"
    r"opfordrer til at (?:droppe|undlade|fjerne|stoppe)|undlad|drop|trække .* tilbage|"
    r"ikke gennemfør|ikke vedtag|må ikke|forringe|alvorlig|katastrof|urimelig|uforsvarlig|"
    r"luk ikke|skær ikke|spar ikke|nej til|bevar|behold|red |stop|"
    r"object|oppose|concern",
    re.IGNORECASE,
)
_ACCENTS = str.maketrans({"é": "e", "è": "e", "ê": "e", "á": "a", "à": "a", "ü": "u",
                          "ö": "ø", "ä": "æ"})
_STOP_WORDS = """
af og i på til for med den det de en et som der er at fra ved om under over mod efter samt eller
ikke kan skal vil har vi jeg man sig sin sit sine deres vores hans hendes også så meget mere
flere færre nye ny alle andre anden andet samme egen egne gennem omkring fortsat aarhus kommune
kommunes borger borgere borgerne indsats indsatser indsatsen tilbud tilbuddet område området
styrket styrke øget omlægning ændring ændret tilpasning prioritering investering effektivisering
fokus følge forbindelse sammenhæng sociale forhold beskæftigelse forslag tiltag besparelse
besparelser reduktion administrative myndighed magistratsafdeling magistratsafdelingen
fællesskab fællesskaber ungdom fleksibel rådmand rådmanden kirken kirkens first rådgivning
driftsområde driftsområdet centerchef teknologi integreret psykisk psykiske digitalisering
forebyggende henvendelser arbejdsgange
"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True, slots=True)
class Link:
    """A proposed link of a response to a measure: how found, how sure, what it says."""

    code: str
    method: str
    confidence: float
    stance: str = "neutral"


@dataclass(frozen=True, slots=True)
class _Measure:
    code: str
    key: str  # the code without hyphen, upper case
    title_stems: tuple[str, ...]
    theme: str | None


@dataclass(frozen=True, slots=True)
class Index:
    """What linking needs of a catalog: codes, order, title stems, distinctive words."""

    measures: tuple[_Measure, ...]
    distinctive: dict[str, str]  # stem -> code: in one measure's title and text only
    names: dict[str, str]  # a name capitalized in one measure's description only -> code
    themes: dict[str, tuple[str, ...]]  # a theme title's stem -> the codes of its measures


def stem(word: str) -> str:
    """A Danish word in lower case without accents, plural and definite endings."""
    word = _plain(word)
    for _ in range(2):  # indsatsen → indsats → indsat, as indsats → indsat
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
    if word.endswith("e") and len(word) > 5:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouyæøå":
        word = word[:-1]
    return word


def _plain(word: str) -> str:
    return word.casefold().translate(_ACCENTS)


def _stems(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text) if w.casefold() not in _STOP]


def _parts(text: str) -> list[str]:
    """The stems of the parts of hyphenated words (``Brobyg-fraværsindsats``)."""
    return [stem(part) for w in _WORD.findall(text) if "-" in w
            for part in w.split("-") if part.casefold() not in _STOP]


def build_index(catalog: Catalog) -> Index:
    """What :func:`propose_links` needs to know of ``catalog``."""
    measures = []
    bags: dict[str, set[str]] = {}
    for m in catalog.measures:
        stems = tuple(s for s in _stems(m.title) if len(s) >= 4)
        measures.append(_Measure(m.code, _key(m.code), stems, m.theme[:1] if m.theme else None))
        bags[m.code] = set(stems) | set(_parts(m.title)) | set(_stems(m.description))
    counts: dict[str, int] = {}
    for bag in bags.values():
        for s in bag:
            counts[s] = counts.get(s, 0) + 1
    distinctive = {s: m.code for m in measures for s in m.title_stems
                   if counts.get(s) == 1 and len(s) >= 5}
    for m in catalog.measures:
        for part in _parts(m.title):
            if counts.get(part) == 1 and len(part) >= 7:
                distinctive.setdefault(part, m.code)
    capitalized: dict[str, set[str]] = {}
    for m in catalog.measures:
        for match in re.finditer(r"(?<=[a-zæøå,] )([A-ZÆØÅ][a-zæøåé]{4,})", m.description):
            capitalized.setdefault(stem(match.group(1)), set()).add(m.code)
    names = {s: next(iter(codes)) for s, codes in capitalized.items()
             if len(codes) == 1 and counts.get(s, 0) == 1 and s not in _STOP}
    themes: dict[str, list[str]] = {}
    for theme in catalog.themes:
        codes = [m.code for m in measures if m.theme == theme.code]
        for s in _stems(theme.title):
            if len(s) >= 5 and codes:
                themes.setdefault(s, []).extend(codes)
    return Index(tuple(measures), distinctive, names,
                 {s: tuple(dict.fromkeys(c)) for s, c in themes.items()})


def _key(code: str) -> str:
    return re.sub(r"[\s\-–‐]", "", code).upper()


def propose_links(text: str, index: Index, minimum: float = PROPOSED) -> list[Link]:
    """The measures ``text`` concerns, each once (its surest way of being found), in catalog
    order; only links at least ``minimum`` sure. None: the response is about the catalog as a
    whole."""
    sentences = _sentences(text)
    found: dict[str, Link] = {}

    def add(code: str, method: str, confidence: float, start: int) -> None:
        old = found.get(code)
        if old is None or confidence > old.confidence:
            found[code] = Link(code, method, confidence, _stance(sentences, start, text))

    by_key = {m.key: m.code for m in index.measures}
    for match in _CODE.finditer(text):
        code = by_key.get((match.group(1) + match.group(2)).upper())
        if code is not None:
            add(code, "code", 1.0, match.start())
    for match in _NUMBERED.finditer(text):
        for number in _numbers(match.group(1)):
            if 1 <= number <= len(index.measures):
                add(index.measures[number - 1].code, "number", 0.9, match.start())
    words = [(stem(m.group(0)), m.start(), m.group(0)) for m in _WORD.finditer(text)]
    kept = [w for w in words if w[2].casefold() not in _STOP]
    stems = [w[0] for w in kept]
    for measure in index.measures:
        title = measure.title_stems
        if len(title) >= 2 and _contains(stems, title):
            add(measure.code, "title", 0.95, kept[_find(stems, title)][1])
    hits: dict[str, list[tuple[str, int, float]]] = {}
    for s, start, raw in words:
        code = index.distinctive.get(s)
        weight = 0.7 if len(s) >= 7 else 0.55
        if code is None and len(s) >= 8:
            owners = {c for d, c in index.distinctive.items() if d.startswith(s) and d != s}
            if len(owners) == 1:  # nattevagt → nattevagtsfunktion (a compound's first part)
                code, weight = owners.pop(), 0.55
        if code is None and raw[:1].isupper():
            code, weight = index.names.get(s), 0.7
        if code is not None:
            hits.setdefault(code, []).append((s, start, weight))
    for code, seen in hits.items():
        distinct = {s for s, _, _ in seen}
        best = max(w for _, _, w in seen)
        add(code, "words", 0.85 if len(distinct) >= 2 else best, seen[0][1])
    if minimum <= 0.35:
        for s, start, _raw in words:
            for code in index.themes.get(s, ()):
                add(code, "sector", 0.35, start)
    order = {m.code: i for i, m in enumerate(index.measures)}
    return sorted((link for link in found.values() if link.confidence >= minimum),
                  key=lambda link: order[link.code])


def _numbers(text: str) -> list[int]:
    numbers: list[int] = []
    parts = re.split(r"\s*(,|og|&|samt|eller|-|–|til)\s*", text)
    previous: int | None = None
    range_next = False
    for part in parts:
        part = re.sub(r"nr\.?\s*", "", part.strip())
        if part in ("-", "–", "til"):
            range_next = True
            continue
        if part.isdigit():
            value = int(part)
            if range_next and previous is not None and 0 < value - previous <= 30:
                numbers.extend(range(previous + 1, value + 1))
            else:
                numbers.append(value)
            previous = value
        range_next = False
    return numbers


def _contains(stems: Sequence[str], phrase: Sequence[str]) -> bool:
    return _find(stems, phrase) >= 0


def _find(stems: Sequence[str], phrase: Sequence[str]) -> int:
    """Where the phrase's stems start in ``stems`` in order, at most two words apart each."""
    first = phrase[0]
    for start, s in enumerate(stems):
        if s != first:
            continue
        at = start
        for wanted in phrase[1:]:
            window = stems[at + 1 : at + 4]
            if wanted not in window:
                break
            at = at + 1 + window.index(wanted)
        else:
            return start
    return -1


def _sentences(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    position = 0
    for part in _SENTENCE.split(text):
        start = text.find(part, position)
        out.append((start, part))
        position = start + len(part)
    return out


def _stance(sentences: list[tuple[int, str]], at: int, text: str) -> str:
    sentence = next((s for start, s in reversed(sentences) if start <= at), text)
    return stance_of(sentence)


def stance_of(text: str) -> str:
    """``support`` (incl. "no objection"), ``object`` or ``neutral``, from cue words."""
    if _SUPPORT.search(text):
        return "support"
    if _OBJECT.search(text):
        return "object"
    return "neutral"
