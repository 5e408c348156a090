"""What deciding reports as values: a :class:`Reason` (a stable code and its parameters) and the
one error of deciding, :class:`DecideError`, which carries one.

Unknown codes, contradictory constraints, malformed targets or CSV files raise
:class:`DecideError`; a constraint a package breaks is a :class:`Reason` in a list
(:meth:`omprio.decide.problem.Problem.broken`). Neither is a sentence to be parsed: a reader
shows :meth:`Reason.text` in its own language and number format (the templates are the keys
``decide.<code>`` of :mod:`omprio.i18n`; docs/decide.md lists the codes). ``str()`` of an error
is its English text with plain numbers, for logs and the command line. A problem that is well
posed but has no answer (the target cannot be reached) is not an error: it is a result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from omprio import display, i18n
from omprio.display import Lang
from omprio.money import NumberRefused, to_json_number

Param = str | int | Decimal | NumberRefused | Mapping[int, Decimal] | None
"""A parameter: text, a whole number, an amount, a refused number, or amounts per year."""


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a request is refused or what a package breaks: ``code`` names a template of
    :mod:`omprio.i18n` (``decide.<code>``), ``params`` fill it when it is shown."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def text(self, lang: Lang = "da") -> str:
        """The reason for a reader: in ``lang``, numbers formatted for it."""
        return i18n.t(f"decide.{self.code}", lang, **self._filled(lang, plain=False))

    @property
    def message(self) -> str:
        """The reason in English with plain numbers (``-4415``), for logs and the CLI."""
        return i18n.t(f"decide.{self.code}", "en", **self._filled("en", plain=True))

    def as_json(self, lang: Lang = "da") -> dict[str, Any]:
        """``{"code", "params", "message"}``: what the JSON documents and the API answer."""
        return {
            "code": self.code,
            "params": {key: _param_json(value) for key, value in self.params.items()},
            "message": self.text(lang),
        }

    def _filled(self, lang: Lang, *, plain: bool) -> dict[str, str]:
        filled = {key: _param_text(value, lang, plain) for key, value in self.params.items()}
        kind = self.params.get("kind")
        if isinstance(kind, str) and "key" in self.params:
            filled["group"] = i18n.t(f"decide.group.{kind}", lang, key=filled["key"])
            filled["what"] = i18n.t(f"decide.kind.{kind}", lang)
        field_name = self.params.get("field")
        if isinstance(field_name, str) and i18n.has(f"decide.field.{field_name}"):
            filled["field"] = i18n.t(f"decide.field.{field_name}", lang)
        binding = self.params.get("binding")
        if isinstance(binding, str):
            filled["binding"] = describe_group(binding, lang)
        close = self.params.get("close")
        filled["hint"] = (
            i18n.t("decide.hint.close", lang, close=close) if isinstance(close, str) else ""
        )
        return filled


def describe_group(group: str, lang: Lang = "en") -> str:
    """A constraint group (``theme:3``, ``area:VJH``, ``include``, ``exclude``, ``fte``,
    ``margin``) for people: 'the cap on theme 3', 'loftet over tema 3'."""
    kind, _, key = group.partition(":")
    name = f"decide.binding.{kind}"
    return i18n.t(name, lang, key=key) if i18n.has(name) else group


def _param_text(value: Param, lang: Lang, plain: bool) -> str:
    if isinstance(value, Mapping):  # amounts per year: "2024: -1.000, 2025: -2.000"
        return ", ".join(
            f"{year}: {_param_text(amount, lang, plain)}" for year, amount in value.items()
        )
    if isinstance(value, NumberRefused):
        return str(value) if plain else i18n.number_text(value, lang)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        shown = value.normalize() + 0
        return format(shown, "f") if plain else display.number(shown, lang)
    if value is None:
        return ""
    return str(value)


def _param_json(value: Param) -> object:
    if isinstance(value, NumberRefused):
        return {"code": value.code, "params": dict(value.params)}
    if isinstance(value, Decimal):
        return to_json_number(value) if value.is_finite() else str(value)
    if isinstance(value, Mapping):
        return {str(year): _param_json(amount) for year, amount in value.items()}
    return value


class DecideError(ValueError):
    """Bad input to a decision: :attr:`reason` says what is wrong and, where it can, how to fix
    it. ``refused`` is set when the cause is a number out of bounds (its code and parameters)."""

    def __init__(self, code: str, /, refused: NumberRefused | None = None, **params: Param) -> None:
        if refused is not None:
            params.setdefault("refused", refused)
        self.reason = Reason(code, params)
        self.refused = refused
        super().__init__(self.reason.message)

    @property
    def message(self) -> str:
        """The English text with plain numbers (as ``str()``)."""
        return self.reason.message

    def text(self, lang: Lang = "da") -> str:
        """The reason for a reader, in ``lang``."""
        return self.reason.text(lang)

    def __str__(self) -> str:
        return self.reason.message
