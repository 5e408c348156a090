"""The language of a web request, and the translation lookup of :mod:`omprio.i18n` for the pages.

:func:`lang_of` picks the language of a request: ``?lang=en`` first, then the ``lang`` cookie the
language switch sets, else Danish. The strings themselves are the catalogs of :mod:`omprio.i18n`.
"""

from __future__ import annotations

from typing import Final

from starlette.requests import HTTPConnection

from omprio.display import Lang
from omprio.i18n import DEFAULT_LANG, LANGS, has, number_text, other_langs, t, tn, valid_lang

__all__ = ["COOKIE", "DEFAULT_LANG", "LANGS", "LANG_PATTERN", "has", "lang_of", "number_text",
           "other_langs", "t", "tn", "valid_lang"]

COOKIE: Final = "lang"
LANG_PATTERN: Final = f"^(?:{'|'.join(LANGS)})$"
"""A language of the interface, as an API parameter (the folders of omprio's locale/)."""


def lang_of(connection: HTTPConnection) -> Lang:
    """The language of a request: ``?lang=``, then the ``lang`` cookie, then Danish."""
    return (
        valid_lang(connection.query_params.get("lang"))
        or valid_lang(connection.cookies.get(COOKIE))
        or DEFAULT_LANG
    )
