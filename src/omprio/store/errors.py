"""Errors of the workspace, each carrying the HTTP status the web layer answers with.

The service raises them; routes turn them into one JSON error shape or an error page; the CLI
prints their message. Their messages are written for the user, in English, and in Danish too
where a person meets them on the Danish pages (:meth:`WorkspaceError.text`).
"""

from __future__ import annotations


class WorkspaceError(Exception):
    """Base of workspace errors."""

    status = 400
    code = "bad-request"

    def __init__(self, message: str, da: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.da = da

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``da`` or ``en``): Danish where it was given, else the
        English message."""
        return self.da if lang == "da" and self.da else self.message


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


class Unavailable(WorkspaceError):
    """The database cannot be reached."""

    status = 503
    code = "database-unavailable"


class Busy(WorkspaceError):
    """Too much of one kind of work at once (e.g. password checks); try again shortly."""

    status = 503
    code = "busy"
