"""Every user-facing string of omprio, from one gettext catalog per language (Babel).

The catalogs are ``locale/<lang>/LC_MESSAGES/omprio.po`` beside this module; their msgids are
stable keys (``nav.catalogs``, ``finding.line-sum``), their texts use ``{name}`` placeholders
that :func:`t` fills after the lookup. The languages are the folders of ``locale/`` (Danish
first, the default): a new language is a new ``.po`` file and nothing else. :func:`tn` picks the
plural form with gettext's ``ngettext`` and the language's own plural rule (the catalog's
``Plural-Forms`` header).

A ``.po`` file is compiled the first time its language is used and the compiled catalog kept in
the user's cache, keyed by the ``.po`` file's content (so a fresh clone, an installed package and
an edited ``.po`` all just work; nothing compiled is committed). This module imports nothing of
omprio: it is the bottom layer, so that every layer can use it. The web's choice of a request's
language is :func:`omprio.web.i18n.lang_of`. Numbers are formatted by :mod:`omprio.display`
(only :func:`tn` writes its count, with Babel).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol, runtime_checkable

if TYPE_CHECKING:
    import gettext

    from babel.support import Translations

Lang = str
"""A language of the interface: the name of a folder of ``locale/`` (``da``, ``en``)."""

LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
DOMAIN: Final = "omprio"
DEFAULT_LANG: Final[Lang] = "da"


def _discover() -> tuple[Lang, ...]:
    found = sorted(
        path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    )
    if DEFAULT_LANG not in found:
        raise RuntimeError(f"no {DEFAULT_LANG} catalog in {LOCALE_DIR}")
    return (DEFAULT_LANG, *(lang for lang in found if lang != DEFAULT_LANG))


LANGS: Final[tuple[Lang, ...]] = _discover()
"""The languages of the interface, the default first (the folders of ``locale/``)."""


def _key_as_is(key: str) -> str:
    return key


missing: Callable[[str], str] = _key_as_is
"""What a key without a text shows: the key itself (tests set a marker that cannot pass)."""


@cache
def _missing_fallback() -> gettext.NullTranslations:
    """The last fallback of every catalog: a key it lacks goes to :data:`missing`."""
    import gettext  # here, not at the top: `omprio --help` looks nothing up

    class Missing(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return missing(message)

        def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
            return missing(msgid1)

    return Missing()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "omprio" / "locale"


def _compiled(po: bytes, lang: Lang) -> bytes:
    """The ``.mo`` form of a ``.po`` file's content."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _mo(lang: Lang) -> bytes:
    """The compiled catalog of ``lang``: from the cache if this ``.po`` was compiled before,
    else compiled now (and cached when the cache folder can be written)."""
    import hashlib
    import tempfile

    po = (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").read_bytes()
    digest = hashlib.sha256(po).hexdigest()[:32]
    cached = _cache_dir() / f"{lang}-{digest}.mo"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    mo = _compiled(po, lang)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as handle:
            handle.write(mo)
        os.replace(handle.name, cached)
    except OSError:  # a read-only home: compile again next time
        pass
    return mo


@cache
def translations(lang: Lang) -> Translations:
    """The catalog of ``lang`` (the default language's for an unknown one)."""
    from babel.support import Translations  # on first use: a CLI run may need no text at all

    if lang not in LANGS:
        lang = DEFAULT_LANG
    catalog = Translations(io.BytesIO(_mo(lang)), domain=DOMAIN)
    catalog.add_fallback(_missing_fallback())
    return catalog


def t(key: str, lang: Lang = DEFAULT_LANG, /, **params: object) -> str:
    """The string for ``key`` in ``lang`` with ``{name}`` placeholders filled; a key the
    catalog lacks is shown as :data:`missing` says (the key itself), so a missing string shows
    up instead of failing the page (and the completeness test fails)."""
    text = translations(lang).gettext(key)
    return text.format(**params) if params else text


def tn(key: str, n: int, lang: Lang = DEFAULT_LANG, /, **params: object) -> str:
    """``{n} …`` in the plural form of ``n`` in ``lang`` (gettext's ``ngettext``), ``{n}``
    written as a whole number of that language (``1.000``; Babel, with the catalog's
    ``lang.locale``)."""
    from babel.numbers import format_decimal

    text = translations(lang).ngettext(key, key, n)
    shown = format_decimal(n, format="#,##0", locale=t("lang.locale", lang))
    return text.format(n=shown.replace("\u2212", "-"), **params)


def has(key: str) -> bool:
    """True if ``key`` is in the catalog (of the default language), plural or not."""
    catalog = translations(DEFAULT_LANG)._catalog
    return key in catalog or (key, 0) in catalog


def catalog_keys(lang: Lang = DEFAULT_LANG) -> frozenset[str]:
    """Every msgid of ``lang``'s catalog (plural entries once, by their key)."""
    catalog = translations(lang)._catalog  # Babel's parsed .mo: msgid or (msgid, form) → text
    return frozenset(key[0] if isinstance(key, tuple) else key for key in catalog) - {""}


@runtime_checkable
class Said(Protocol):
    """A value that says itself in a language (a problem value: a finding's message, a field
    problem, a refused number, a reader's or the workspace's error …)."""

    def text(self, lang: Lang) -> str:
        """The value in ``lang``."""
        ...


def said(value: object, lang: Lang) -> object:
    """``value`` as a parameter of a message in ``lang``: a :class:`Said` value in that
    language, anything else as it is."""
    return value.text(lang) if isinstance(value, Said) else value


class Phrase:
    """A message of the catalog with its parameters, said when it is shown (``Phrase(key)`` is
    a word of the catalog as a parameter)."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params

    def text(self, lang: Lang) -> str:
        """The message in ``lang``, parameters said in ``lang`` too."""
        return t(self.key, lang, **{name: said(v, lang) for name, v in self.params.items()})


class Refusal(Protocol):
    """Why a number was refused: a code and parameters (:class:`omprio.money.NumberRefused`)."""

    code: str
    params: dict[str, object]


def number_text(refused: Refusal, lang: Lang = DEFAULT_LANG) -> str:
    """Why a number was refused (:class:`omprio.money.NumberRefused`), in ``lang``."""
    return t(f"number.{refused.code}", lang, **refused.params)


def valid_lang(value: str | None) -> Lang | None:
    """``value`` if it is a language of the interface, else None."""
    return value if value in LANGS else None


def other_langs(lang: Lang) -> tuple[Lang, ...]:
    """The languages of the interface other than ``lang`` (the language switch offers them)."""
    return tuple(other for other in LANGS if other != lang)
