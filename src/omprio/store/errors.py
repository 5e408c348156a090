"""Errors of the workspace, each carrying the HTTP status the web layer answers with.

An error is a value: a catalog key (``store.no_catalog``) and its parameters, said in the
reader's language when shown (:meth:`WorkspaceError.text`); the store keeps codes, not words.
The service raises them; routes turn them into one JSON error shape or an error page; the CLI
prints their message. A parameter that is itself a problem value (a field problem, a refused
number, a reader's error …: anything with ``text(lang)``) is said in the same language.
"""

from __future__ import annotations

from omprio.i18n import Lang, Phrase


def Term(key: str) -> Phrase:
    """A word of the catalog as a parameter (``Term("err.role.admin")``)."""
    return Phrase(key)


class WorkspaceError(Exception):
    """Base of workspace errors: ``key`` (a key of the catalog) and ``params``."""

    status = 400
    code = "bad-request"

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The message in English: the API's and the log's technical message."""
        return self.text("en")

    def text(self, lang: Lang) -> str:
        """The message in ``lang``."""
        return Phrase(self.key, **self.params).text(lang)


class NotFound(WorkspaceError):
    """No such catalog, version, measure or user (or not visible to the caller)."""

    status = 404
    code = "not-found"


class Unauthorized(WorkspaceError):
    """The caller must log in or send a valid API token."""

    status = 401
    code = "unauthorized"


class Forbidden(WorkspaceError):
    """The caller is known but may not do this."""

    status = 403
    code = "forbidden"


class Conflict(WorkspaceError):
    """Someone else changed the same thing since the caller read it."""

    status = 409
    code = "conflict"


class InvalidInput(WorkspaceError):
    """The input cannot be used (not a catalog, a bad amount, an unknown stage …)."""

    status = 422
    code = "invalid-input"


class Unconfirmed(InvalidInput):
    """A change that needs the caller's explicit confirmation (a stage change) came without it."""


class Unavailable(WorkspaceError):
    """The database cannot be reached."""

    status = 503
    code = "database-unavailable"


class Busy(WorkspaceError):
    """Too much of one kind of work at once (e.g. password checks); try again shortly."""

    status = 503
    code = "busy"
