"""The text fields of the catalog model: how long each may be and which characters it may hold.

One table (:data:`LIMITS`) names every text field of a catalog (its title, department,
introduction, themes, the measures' codes, titles, descriptions, notes, line labels, sector …, the
overview's labels) and of a scenario, with its longest allowed length. Every entry point uses it
before anything is stored: the import (:meth:`omprio.store.workspace.Workspace.import_document`),
an edit (:func:`omprio.store.workspace.apply_edit`, reached by the API PATCH and the edit form),
the API's request models and the scenarios.

Characters refused in every field: what XML 1.0 cannot hold (C0 control characters other than
tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF), the C1 control characters
(U+0080–U+009F) and the other Unicode noncharacters (U+FDD0–U+FDEF, U+nFFFE/U+nFFFF). Titles,
labels and names also refuse the bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E,
U+200F, U+061C), which can show a text in another order than it is stored; long texts
(descriptions, notes) keep them, as right-to-left text may need them. Codes (a measure's code, a
theme's code) are stricter: no whitespace, no format character at all (zero-width spaces and
joiners, soft hyphens, bidi controls: Unicode category Cf), and no letters of another script
beside Latin letters (``ВFF-9`` with a Cyrillic В; Danish Æ, Ø and Å are Latin).

Problems are values (:class:`FieldProblem`: a code and parameters) with Danish and English text.
:func:`fold_code` is the NFKC and look-alike folding the ``code-characters`` check uses too.

For publishing, :func:`xml_safe` removes what XML cannot hold from any catalog or document (so a
catalog stored before these limits still publishes) and :func:`property_text` cuts a text to the
255 characters a document property holds.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar

from omprio.i18n import Lang, t
from omprio.model import Catalog, Line, Measure

Kind = Literal["code", "name", "text"]
"""``code``: a code (strictest); ``name``: one-line titles and labels; ``text``: long texts."""


@dataclass(frozen=True, slots=True)
class Limit:
    """A text field: its longest length in characters and its kind (its name in a language is
    the catalog's ``field.name.<field>``)."""

    most: int
    kind: Kind


LIMITS: dict[str, Limit] = {
    # the catalog
    "catalog.title": Limit(200, "name"),
    "catalog.organisation": Limit(200, "name"),
    "catalog.department": Limit(200, "name"),
    "catalog.price_base": Limit(50, "name"),
    "catalog.unit": Limit(50, "name"),
    "catalog.stated_period": Limit(50, "name"),
    "catalog.introduction": Limit(50_000, "text"),
    "theme.code": Limit(20, "code"),
    "theme.title": Limit(200, "name"),
    "theme.section": Limit(200, "name"),
    # a measure
    "measure.code": Limit(20, "code"),
    "measure.theme": Limit(20, "code"),
    "measure.title": Limit(200, "name"),
    # the description holds the consequences for citizens and for staff as well
    "measure.description": Limit(20_000, "text"),
    "measure.note": Limit(20_000, "text"),
    "measure.line": Limit(300, "name"),
    "measure.sector": Limit(200, "name"),
    "measure.stated_savings_pct": Limit(100, "name"),
    "measure.area_budget.text": Limit(5_000, "text"),
    "measure.area_budget.label": Limit(200, "name"),
    "measure.caption": Limit(500, "name"),
    "measure.period": Limit(50, "name"),
    "measure.price_base": Limit(50, "name"),
    "measure.unit": Limit(50, "name"),
    # the overview
    "overview.label": Limit(300, "name"),
    "overview.section": Limit(200, "name"),
    "overview.theme": Limit(20, "code"),
    "overview.measure": Limit(20, "code"),
    "total.label": Limit(300, "name"),
    # a scenario
    "scenario.name": Limit(200, "name"),
    # as the builder and the API have always taken
    "scenario.description": Limit(100_000, "text"),
}

MOST_NOTES = 100
MOST_LINES = 200

# What XML 1.0 cannot hold, plus C1 controls and the noncharacters.
# Every character outside the Basic Multilingual Plane is a suspect too (one range keeps the
# search fast); of those only the noncharacters U+nFFFE and U+nFFFF are refused.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U00010000-\U0010ffff]"
)


def _is_refused(char: str) -> bool:
    return ord(char) < 0x10000 or ord(char) & 0xFFFE == 0xFFFE


def _first_refused(text: str) -> str | None:
    for match in _SUSPECT.finditer(text):
        if _is_refused(match.group()):
            return match.group()
    return None


_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

@dataclass(frozen=True, slots=True)
class FieldProblem:
    """Why a text field is refused: a message key, the field (a key of :data:`LIMITS`), the
    measure it belongs to (or ``None``) and parameters."""

    key: str
    field: str
    measure: str | None = None
    params: tuple[tuple[str, str | int], ...] = ()

    def message(self, lang: Lang = "da") -> str:
        """The problem in ``lang`` (the catalog's ``field.<key>``)."""
        name = t(f"field.name.{self.field}", lang)
        where = ""
        if self.measure is not None:
            where = f" ({t('field.where', lang, code=show_code(self.measure))})"
        values: dict[str, str | int] = {"field": name[0].upper() + name[1:], "where": where}
        values.update(self.params)
        return t(f"field.{self.key}", lang, **values)

    def text(self, lang: Lang) -> str:
        """:meth:`message`: the problem said in ``lang``."""
        return self.message(lang)


def char_name(char: str) -> str:
    """A character as ``U+200B (ZERO WIDTH SPACE)``."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def show_code(code: str) -> str:
    """A code for a message: invisible and control characters written as ``<U+200B>``."""
    return "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c)[0] in "CZ" and c != " " else c
        for c in code
    )


def is_latin(char: str) -> bool:
    """True for a Latin letter (A–Z, Æ, Ø, Å, é …)."""
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN ")


def text_problem(field: str, value: str, measure: str | None = None) -> FieldProblem | None:
    """The first problem of ``value`` as the field ``field`` (a key of :data:`LIMITS`), or
    ``None`` when it may be stored."""
    limit = LIMITS[field]
    if len(value) > limit.most:
        return FieldProblem("too-long", field, measure,
                            (("length", len(value)), ("most", limit.most)))
    bad = _first_refused(value)
    if bad is not None:
        return FieldProblem("character", field, measure, (("char", char_name(bad)),))
    if limit.kind == "text":
        return None
    if limit.kind == "name":
        if "\r" in value:
            return FieldProblem("character", field, measure, (("char", char_name("\r")),))
        bidi = _BIDI.search(value)
        if bidi:
            return FieldProblem("bidi", field, measure, (("char", char_name(bidi.group())),))
        return None
    return code_problem(field, value)


def code_problem(field: str, code: str) -> FieldProblem | None:
    """What makes ``code`` unfit as a code: a bidi control, an invisible or format character,
    whitespace, or letters of another script beside Latin ones; ``None`` when it is fit. The
    message names the code with its invisible characters written out (``BFF-1<U+200B>``)."""
    problem = _code_problem(field, code)
    if problem is None:
        return None
    return dataclasses.replace(problem, params=(("where", f" {show_code(code)}"), *problem.params))


def _code_problem(field: str, code: str, measure: str | None = None) -> FieldProblem | None:
    for char in code:
        if _BIDI.match(char):
            return FieldProblem("bidi", field, measure, (("char", char_name(char)),))
        category = unicodedata.category(char)
        if category == "Cf" or category[0] in "CZ":
            return FieldProblem("invisible", field, measure, (("char", char_name(char)),))
    letters = [c for c in code if c.isalpha()]
    if any(is_latin(c) for c in letters):
        foreign = next((c for c in letters if not is_latin(c)), None)
        if foreign is not None:
            return FieldProblem("mixed-script", field, measure,
                                (("char", f"{foreign} {char_name(foreign)}"),))
    return None


# Letters of other scripts that look like Latin ones, and dashes that look like a hyphen.
_LOOK_ALIKE = str.maketrans(
    "АВЕКМНОРСТХУЅІЈаеорсхуѕіјԁһԛԝ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοϲ"  # Greek
    "‐‑‒–—―−﹘﹣－",
    "ABEKMHOPCTXYSIJaeopcxysijdhqw"
    "ABEZHIKMNOPTYXoc"
    "----------",
)


def fold_code(code: str) -> str:
    """``code`` as it looks: NFKC, without format characters and whitespace, and with letters
    of other scripts that look like Latin ones (Cyrillic В, Greek Ο) and dashes made Latin."""
    folded = unicodedata.normalize("NFKC", code)
    folded = "".join(c for c in folded if unicodedata.category(c)[0] not in "CZ")
    return folded.translate(_LOOK_ALIKE)


def look_alikes(codes: list[str]) -> Iterator[tuple[int, str]]:
    """``(index, other)`` for each code that differs from an earlier ``other`` but folds to
    the same (:func:`fold_code`)."""
    first: dict[str, str] = {}
    for index, code in enumerate(codes):
        folded = fold_code(code)
        other = first.setdefault(folded, code)
        if other != code:
            yield index, other


def _measure_fields(measure: Measure) -> Iterator[tuple[str, str | None]]:
    yield "measure.code", measure.code
    yield "measure.theme", measure.theme
    yield "measure.title", measure.title
    yield "measure.description", measure.description
    for note in measure.notes:
        yield "measure.note", note
    line: Line
    for line in (*measure.lines, *measure.adjustments):
        yield "measure.line", line.label
    yield "measure.sector", measure.sector
    yield "measure.stated_savings_pct", measure.stated_savings_pct
    if measure.area_budget is not None:
        yield "measure.area_budget.text", measure.area_budget.text
        yield "measure.area_budget.label", measure.area_budget.label
    yield "measure.caption", measure.caption
    for period in measure.periods:
        yield "measure.period", period
    yield "measure.price_base", measure.price_base
    yield "measure.unit", measure.unit


def measure_problem(measure: Measure, *, code: bool = True) -> FieldProblem | None:
    """The first text field of ``measure`` that may not be stored, or ``None``; ``code=False``
    leaves the code alone (an edit does not change it, so an old stored code does not block
    the edit)."""
    for field, value in _measure_fields(measure):
        if not code and field == "measure.code":
            continue
        if value is not None:
            problem = text_problem(field, value, measure.code if field != "measure.code" else None)
            if problem is not None:
                return problem
    if len(measure.notes) > MOST_NOTES:
        return FieldProblem("too-many", "measure.note", measure.code,
                            (("most", MOST_NOTES), ("count", len(measure.notes))))
    return None


def _catalog_fields(catalog: Catalog) -> Iterator[tuple[str, str | None]]:
    yield "catalog.title", catalog.title
    yield "catalog.organisation", catalog.organisation
    yield "catalog.department", catalog.department
    yield "catalog.price_base", catalog.price_base
    yield "catalog.unit", catalog.unit
    yield "catalog.stated_period", catalog.stated_period
    yield "catalog.introduction", catalog.introduction
    for theme in catalog.themes:
        yield "theme.code", theme.code
        yield "theme.title", theme.title
        yield "theme.section", theme.section
    for row in catalog.overview:
        yield "overview.label", row.label
        yield "overview.section", row.section
        yield "overview.theme", row.theme
        yield "overview.measure", row.measure
    for total in catalog.overview_totals:
        yield "total.label", total.label
        yield "overview.section", total.section
        yield "overview.theme", total.theme


def catalog_problem(catalog: Catalog) -> FieldProblem | None:
    """The first text field of ``catalog`` that may not be stored (too long, a character it
    may not hold, a code that looks like another), or ``None``."""
    for field, value in _catalog_fields(catalog):
        if value is not None:
            problem = text_problem(field, value)
            if problem is not None:
                return problem
    for measure in catalog.measures:
        problem = measure_problem(measure)
        if problem is not None:
            return problem
    codes = [measure.code for measure in catalog.measures]
    for index, other in look_alikes(codes):
        return FieldProblem("look-alike", "measure.code", None,
                            (("code", show_code(codes[index])), ("other", other)))
    return None


def patch_problem(patch: Mapping[str, Any], code: str) -> FieldProblem | None:
    """The first text of an edit (a partial measure in interchange form) that may not be
    stored; the types are checked where the patch is read (:func:`apply_edit`)."""
    for key, field in (("title", "measure.title"), ("theme", "measure.theme"),
                       ("description", "measure.description"), ("sector", "measure.sector"),
                       ("stated_savings_pct", "measure.stated_savings_pct")):
        value = patch.get(key)
        if isinstance(value, str):
            problem = text_problem(field, value, code)
            if problem is not None:
                return problem
    return None


# --- publishing ---------------------------------------------------------------------------

PROPERTY_MOST = 255
"""The longest text a document property (a Word or Excel title) holds."""

T = TypeVar("T")


def property_text(text: str) -> str:
    """``text`` cut to fit a document property (255 characters), with an ellipsis if cut."""
    text = " ".join(xml_text(text).split())
    return text if len(text) <= PROPERTY_MOST else text[: PROPERTY_MOST - 1].rstrip() + "…"


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (and without C1 controls)."""
    if _first_refused(text) is None:
        return text
    return _SUSPECT.sub(lambda match: "" if _is_refused(match.group()) else match.group(), text)


def xml_safe(value: T) -> T:
    """``value`` (a catalog, a document, a tuple …) with :func:`xml_text` applied to every text
    inside it; what holds no such character is returned as it is."""
    return _scrub(value)  # type: ignore[no-any-return]


_PLAIN = (int, float, Decimal, date, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}


def _init_fields(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = tuple(item.name for item in dataclasses.fields(kind) if item.init)
        _FIELDS[kind] = names
    return names


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, tuple):
        items = tuple(_scrub(item) for item in value)
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(*items) if hasattr(value, "_fields") else items
    if isinstance(value, list):
        scrubbed = [_scrub(item) for item in value]
        return value if all(a is b for a, b in zip(scrubbed, value, strict=True)) else scrubbed
    if isinstance(value, dict):
        pairs = [(_scrub(key), _scrub(item)) for key, item in value.items()]
        if all(k is a and v is b for (k, v), (a, b) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _init_fields(type(value)):
            old = getattr(value, name)
            new = _scrub(old)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
