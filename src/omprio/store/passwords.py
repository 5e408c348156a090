"""The password policy: what a new password must be (OWASP ASVS 2.1).

A password has 12 to 128 characters (the same upper limit when it is set and when one logs in,
so a password that was accepted always works), is not one of the common passwords shipped in
``omprio/data/common-passwords.txt`` (made by ``tools/make_common_passwords.py``: digit runs,
keyboard walks, repeated characters, dates, "password"/"kodeord" and other common words with
the usual endings), is not a common word with digits or signs around it (``Sommer2024!``), has
at least 5 different characters and does not contain the user's name. Any character may be
used, spaces too (pass phrases are welcome); nothing else (no "one capital and one digit").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from omprio.i18n import Lang, t

MIN_LENGTH = 12
MAX_LENGTH = 128
"""The longest password, when it is set and when one logs in."""
_MIN_DISTINCT = 5
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@dataclass(frozen=True, slots=True)
class PasswordProblem:
    """Why a password is refused: ``code`` is ``too-short``, ``too-long``, ``common`` or
    ``contains-name``; ``limit`` the length limit of the first two."""

    code: str
    limit: int = 0

    def text(self, lang: Lang) -> str:
        """The problem in ``lang`` (the catalog's ``password.<code>``)."""
        return t(f"password.{self.code}", lang, limit=self.limit)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (lower case), read once."""
    text = resources.files("omprio.data").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, user_name: str = "") -> PasswordProblem | None:
    """What is wrong with ``password`` as a new password of ``user_name``, or None."""
    if len(password) < MIN_LENGTH:
        return PasswordProblem("too-short", MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return PasswordProblem("too-long", MAX_LENGTH)
    lowered = password.casefold()
    name = user_name.strip().casefold()
    if len(name) >= 3 and name in lowered:
        return PasswordProblem("contains-name")
    common = common_passwords()
    stem = _AROUND.sub("", lowered)
    if (
        lowered in common
        or stem in common
        or len(set(lowered)) < _MIN_DISTINCT
        or (stem and len(set(stem)) < 3)
    ):
        return PasswordProblem("common")
    return None
