"""The one error of deciding: input that cannot make a decision problem, said in one clear line.

Unknown codes, contradictory constraints, malformed targets or CSV files raise
:class:`DecideError`; the command line prints its message and exits 2. A problem that is well
posed but has no answer (the target cannot be reached) is not an error: it is a result.
"""

from __future__ import annotations

from omprio.money import NumberRefused


class DecideError(ValueError):
    """Bad input to a decision: the message says what is wrong and, where it can, how to fix it.

    ``refused`` is set when the cause is a number out of bounds (its code and parameters, for
    pages that say it in their own language)."""

    def __init__(self, message: str, refused: NumberRefused | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.refused = refused

    def __str__(self) -> str:
        return self.message
