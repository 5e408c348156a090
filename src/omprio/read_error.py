"""The one exception of the reader: a document that cannot be read as a catalog at all.

Everything that is wrong *inside* a readable catalog is a finding (see :mod:`omprio.findings`).
Only input that yields no catalog (an empty or binary file, a PDF without text, a document that
is not a reprioritization catalog, JSON of another format) raises :class:`ReadError`, whose
message is written for the user and shown without a traceback; the common ones also carry a
Danish message for the Danish pages.

It lives below :mod:`omprio.read` (which re-exports it) because :mod:`omprio.interchange`, which
the reader uses for omprio's JSON, raises it too; see docs/architecture.md.
"""

from __future__ import annotations


class ReadError(Exception):
    """The input cannot be read as a catalog; ``str(error)`` says why, for a person."""

    def __init__(self, path: str, message: str, da: str | None = None) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message
        self.reason_da = da
        """The reason in Danish, where the reader has it (the web pages show it)."""
