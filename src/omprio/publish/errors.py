"""The one exception of publishing: a catalog that cannot be written in the format asked for.

Like :class:`omprio.read_error.ReadError` it is a value: a key of the translation catalog
(``publish.err.*``) and its parameters, said in a language by :meth:`PublishError.text` (the
CLI's ``--lang``, the page's language); ``str(error)`` is the English text (for the log and the
API's technical message). It is shown without a traceback (``omprio publish`` exits 2).
"""

from __future__ import annotations

from omprio.i18n import Lang, Phrase


class PublishError(Exception):
    """The catalog cannot be published as asked: ``key`` (``publish.err.*``) and ``params``."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        """Why, in ``lang`` (parameters that say themselves said in ``lang`` too)."""
        return Phrase(self.key, **self.params).text(lang)
