"""Request bodies a route reads itself: one route that takes two kinds of body (an upload or
JSON, ``POST /api/v1/catalogs``) cannot leave it to FastAPI.

:func:`json_body` reads the JSON with exact numbers (:func:`omprio.web.numbers.loads`; 400
when it is no JSON), :func:`validated` checks it against a model with the same 422 as FastAPI's
own validation, :func:`form_flag` reads a form's boolean as FastAPI would.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request

from omprio.store.errors import InvalidInput
from omprio.web.numbers import loads

M = TypeVar("M", bound=BaseModel)
_TRUE = frozenset({"true", "1", "on", "yes"})
_FALSE = frozenset({"false", "0", "off", "no", ""})


async def json_body(request: Request) -> Any:
    """The request's JSON body, numbers exact; 400 when it cannot be parsed."""
    try:
        return loads(await request.body())
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise HTTPException(400, "the request body is not valid JSON") from exc


def validated(model: type[M], data: Any) -> M:
    """``data`` as ``model``; what does not fit is FastAPI's 422 with the fields named."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]
        raise RequestValidationError(errors) from None


def form_flag(value: object) -> bool:
    """A form field's boolean (``true``, ``false``, ``1``, ``0`` …; absent is false)."""
    if value is None:
        return False
    text = value.strip().lower() if isinstance(value, str) else None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput("err.form_flag", value=str(value)[:40])
