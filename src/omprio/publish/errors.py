"""The one exception of publishing: a catalog that cannot be written in the format asked for.

Its message is written for the user and shown without a traceback (``omprio publish`` exits 2).
"""

from __future__ import annotations


class PublishError(Exception):
    """The catalog cannot be published as asked; ``str(error)`` says why, for a person."""
