"""The one exception of the reader: a document that cannot be read as a catalog at all.

Everything that is wrong *inside* a readable catalog is a finding (see :mod:`omprio.findings`).
Only input that yields no catalog (an empty or binary file, a PDF without text, a document that
is not a reprioritization catalog, JSON of another format) raises :class:`ReadError`, whose
reason is a key of the catalog with parameters, said in the reader's language and shown without
a traceback.

It lives below :mod:`omprio.read` (which re-exports it) because :mod:`omprio.interchange`, which
the reader uses for omprio's JSON, raises it too; see docs/architecture.md.
"""

from __future__ import annotations

from omprio.i18n import Phrase


class ReadError(Exception):
    """The input cannot be read as a catalog; ``str(error)`` says why, for a person. A value:
    the path, a catalog key (``read.*``) and its parameters, said in a language by
    :meth:`text`."""

    def __init__(self, path: str, key: str, /, **params: object) -> None:
        self.path = path
        self.key = key
        self.params = params
        super().__init__(f"{path}: {self.reason}")

    def text(self, lang: str) -> str:
        """The reason in ``lang``."""
        return Phrase(self.key, **self.params).text(lang)

    @property
    def reason(self) -> str:
        """The reason in English (the CLI's, the log's and the API's message)."""
        return self.text("en")

    @property
    def reason_da(self) -> str:
        """The reason in Danish."""
        return self.text("da")
