"""The one error of deciding: input that cannot make a decision problem, said in one clear line.

Unknown codes, contradictory constraints, malformed targets or CSV files raise
:class:`DecideError`; the command line prints its message and exits 2. A problem that is well
posed but has no answer (the target cannot be reached) is not an error: it is a result.
"""

from __future__ import annotations


class DecideError(ValueError):
    """Bad input to a decision: the message says what is wrong and, where it can, how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
