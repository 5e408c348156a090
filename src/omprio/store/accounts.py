"""Who may do what: users, roles, operating areas, password hashing and API tokens.

Roles are ordered viewer < editor < admin. An editor may be limited to operating areas (code
prefixes such as ``BFF`` or ``VJH``): such an editor may only change measures of those areas.
Passwords are hashed with Argon2id (argon2-cffi); API tokens are random and stored as SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("viewer", "editor", "admin")
_AREA = re.compile(r"^[A-ZÆØÅ]{2,6}$")
_PREFIX = re.compile(r"[A-ZÆØÅ]+")
_HASHER = PasswordHasher()
SESSION_ID_LENGTH = 16
"""Hex digits of a session's stored hash that name it in lists and forms."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone acting in the workspace: a logged-in user or the holder of an API token."""

    user_id: int
    name: str
    role: str
    areas: tuple[str, ...] = ()

    def at_least(self, role: str) -> bool:
        """True when the actor's role is ``role`` or higher."""
        return ROLES.index(self.role) >= ROLES.index(role)

    def may_change_scenario(self, author: str) -> bool:
        """A scenario is its author's: others change or delete it with the role editor."""
        return author == self.name or self.at_least("editor")

    def may_change_catalog(self) -> bool:
        """Admins and editors without area limits may change the whole catalog (its stage)."""
        return self.role == "admin" or (self.at_least("editor") and not self.areas)

    def may_edit(self, measure_code: str) -> bool:
        """Editors (limited to their areas, if any) and admins may change a measure."""
        if not self.at_least("editor"):
            return False
        if self.role == "admin" or not self.areas:
            return True
        area = area_of(measure_code)
        return area is not None and area in self.areas


def split_areas(text: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """Operating areas from ``"BFF, vjh"`` (or a tuple), trimmed, upper case, each once."""
    raw = (text or "").split(",") if isinstance(text, str | None) else text
    return tuple(dict.fromkeys(a.strip().upper() for a in raw if a.strip()))


def is_area(area: str) -> bool:
    """True when ``area`` has the form of an operating area (a code prefix such as BFF)."""
    return _AREA.match(area) is not None


def area_of(code: str) -> str | None:
    """The operating area a measure code names (``BFF`` for ``BFF-3A``), if any."""
    prefix = _PREFIX.match(code.upper())
    return prefix.group(0) if prefix else None


def parse_areas(text: str | None) -> tuple[str, ...]:
    """Operating areas from ``"BFF, VJH"``; raises ValueError on a malformed one."""
    areas = split_areas(text)
    for area in areas:
        if not is_area(area):
            raise ValueError(f"not an operating area (a code prefix like BFF): {area!r}")
    return areas


def session_id(key: str) -> str:
    """The short id a browser session is listed and ended by: the start of its stored hash
    (so the id says nothing of the key the cookie holds)."""
    return token_hash(key)[:SESSION_ID_LENGTH]


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches the stored hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> tuple[str, str]:
    """A new API token and the hash to store."""
    token = "omp_" + secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
