"""What a round refuses, as a value: a code and parameters, said in the reader's language.

Every code is a key ``round.<code>`` of the translation catalog (both languages; docs/round.md
lists them). The store turns a :class:`RoundProblem` into a 422 and the CLI into exit 2.
"""

from __future__ import annotations

from decimal import Decimal

from omprio import display
from omprio.i18n import Lang, said, t


class RoundProblem(ValueError):
    """Input a round cannot take: ``code`` (the catalog's ``round.<code>``) and ``params``."""

    def __init__(self, code: str, /, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        """Why, in ``lang``."""
        return t(f"round.{self.code}", lang, **{k: _shown(v, lang) for k, v in self.params.items()})


def _shown(value: object, lang: Lang) -> object:
    """A parameter in ``lang``: numbers in its format, problem values said in it."""
    if isinstance(value, Decimal):
        return display.number(value, lang)
    return said(value, lang)
