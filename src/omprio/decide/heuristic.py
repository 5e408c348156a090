"""A first package for HiGHS to start from (none for now)."""

from __future__ import annotations

from omprio.decide.formulation import Formulation
from omprio.decide.highs import IntArray


def start(form: Formulation) -> IntArray | None:
    """A point that satisfies ``form``'s model, or None."""
    return None
