"""Small value types shared by the API's request schemas.

:data:`WholeNumber` is an integer as JSON Schema means it: ``5833`` and ``5833.0`` are the same
integer (a client's JSON library may well write the second), while ``5833.5``, ``true`` and
``"5833"`` are refused. Pydantic's strict ``int`` refuses ``5833.0``, its lax ``int`` takes
``true`` and ``"5833"``; neither is what the published schema (``"type": "integer"``) says.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator


def _whole(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("must be a whole number")
    if isinstance(value, Decimal):  # the API reads JSON numbers exactly (web/numbers.py)
        if not value.is_finite() or value != value.to_integral_value():
            raise ValueError("must be a whole number")
        return int(value)  # bounded where it entered: at most 15 digits
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise ValueError("must be a whole number")
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole)]
"""An int, or a float with no fractional part; ``bool`` and strings are refused."""
