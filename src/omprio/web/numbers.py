"""Numbers in REST API request bodies, exact and bounded, as :mod:`omprio.money` takes them.

FastAPI reads a JSON body with plain ``json.loads``, which makes every number with a point or an
exponent a float: ``-1234.5678901234567890123`` would arrive as ``-1234.567890123457`` and be
stored rounded, and ``1e999999999`` as infinity. The API's routers use :class:`ExactRoute`: its
requests parse the body with hooks that turn the JSON text of a number into its exact
``Decimal`` when it is within :func:`omprio.money.bounded`, and into a :class:`Refused` marker
otherwise (also for ``NaN`` and ``Infinity``, and integers of more than 15 digits). The
validators below (:func:`exact_number`, :func:`real_number`) accept those Decimals (and ints,
and floats when a model is built in Python) and refuse a marker with its reason, so the answer
is 422 with the field's location, decided in microseconds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Coroutine
from decimal import Decimal
from typing import Any

from fastapi.routing import APIRoute
from pydantic_core import PydanticCustomError
from starlette.requests import Request
from starlette.responses import Response

from omprio import money
from omprio.money import MOST_WHOLE_DIGITS, NumberRefused


class Refused:
    """A number of the body that is out of bounds: kept so that validation names its field."""

    __slots__ = ("refused",)

    def __init__(self, refused: NumberRefused) -> None:
        self.refused = refused

    def __repr__(self) -> str:
        return repr(self.refused.value)


def _float(text: str) -> Decimal | Refused:
    try:
        return money.number_from_text(text)
    except NumberRefused as refused:
        return Refused(refused)


def _int(text: str) -> int | Refused:
    if len(text.lstrip("-")) > MOST_WHOLE_DIGITS:
        return Refused(NumberRefused("too_large", text, most=MOST_WHOLE_DIGITS))
    return int(text)


def _constant(text: str) -> Refused:
    return Refused(NumberRefused("not_finite", text))


def loads(body: str | bytes) -> Any:
    """A JSON body with exact numbers: Decimals for numbers with a point or exponent, ints for
    integers, :class:`Refused` for numbers out of bounds."""
    return json.loads(body, parse_float=_float, parse_int=_int, parse_constant=_constant)


class ExactRequest(Request):
    """A request whose JSON body is read by :func:`loads`."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = loads(await self.body())
        return self._json


class ExactRoute(APIRoute):
    """A route whose JSON body keeps numbers exact (see the module's docstring)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def exact_handler(request: Request) -> Response:
            return await handler(ExactRequest(request.scope, request.receive))

        return exact_handler


def _refusal(refused: NumberRefused) -> PydanticCustomError:
    return PydanticCustomError("number_refused", "{reason}", {"reason": refused.message("en")})


def exact_number(value: Any) -> Decimal:
    """The validator of an exact number field: the Decimal of a JSON number, bounded."""
    if isinstance(value, Refused):
        raise _refusal(value.refused)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise PydanticCustomError("number_type", "expected a number")
    if isinstance(value, float):  # a model built in Python: the float's shortest form
        if not math.isfinite(value):
            raise _refusal(NumberRefused("not_finite", repr(value)))
        value = repr(value)
    try:
        return money.amount(value)
    except NumberRefused as refused:
        raise _refusal(refused) from None


def real_number(value: Any) -> float:
    """The validator of a float field (a probability, seconds: not an amount), bounded the
    same way."""
    return float(exact_number(value))


def number_schema(
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """The JSON schema of a number field: an integer or a number within the bounds."""
    bounds: dict[str, Any] = {}
    if ge is not None:
        bounds["minimum"] = ge
    if gt is not None:
        bounds["exclusiveMinimum"] = gt
    if le is not None:
        bounds["maximum"] = le
    kinds = [{"type": "integer", **bounds}, {"type": "number", **bounds}]
    schema: dict[str, Any] = {"anyOf": kinds}
    if description is not None:
        schema["description"] = description
    return schema
