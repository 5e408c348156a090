"""What a published file says about itself: which catalog, which stage, which version, when.

An :class:`Edition` travels with every publish call that starts from a stored version (web
downloads, ``omprio publish ID``, a scenario's downloads): the documents print it on the cover
and in every page's footer, the workbook in its print header and footer and document
properties, and a catalog that is not adopted carries a visible mark (``UDKAST`` /
``HØRINGSUDGAVE``; ``DRAFT`` / ``FOR CONSULTATION``). A file published from a plain document
that is not stored in omprio has no stage and no version, and the files then say nothing about
either (rather than guess): only the catalog's name.

:func:`public_catalog` is the other half of a file saying what it is and no more: every source
location keeps only its file's name (``aarhus.txt``, never ``/home/…/aarhus.txt``), so no
published file or API answer carries a folder of the machine it was made on.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date

from omprio.display import Lang, locale_of
from omprio.model import Source
from omprio.publish.labels import labels

T = TypeVar("T")

STAGES = ("draft", "hearing", "adopted")
"""The workspace's stages (as :data:`omprio.store.workspace.STAGES`)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Edition:
    """The identity of a published file: catalog name, stage, version number and its date.

    ``stage`` is ``draft``, ``hearing`` or ``adopted``; ``None`` (with ``version`` and
    ``date``) for a catalog that is not stored in omprio."""

    catalog_name: str
    stage: str | None = None
    version: int | None = None
    date: date | None = None
    catalog_id: int | None = None

    @property
    def stored(self) -> bool:
        """Whether the file comes from a stored version (so it has a stage and a version)."""
        return self.stage is not None and self.version is not None

    def mark(self, lang: Lang) -> str:
        """The visible mark of a catalog not adopted (``UDKAST``); empty when adopted or
        when the catalog is not stored."""
        words = labels(lang)
        return {"draft": words.mark_draft, "hearing": words.mark_hearing}.get(self.stage or "", "")

    def stage_name(self, lang: Lang) -> str:
        """``Udkast``, ``Høring``, ``Vedtaget`` (``Draft``, ``Hearing``, ``Adopted``)."""
        words = labels(lang)
        names = dict(zip(STAGES, words.stages, strict=True))
        return names.get(self.stage or "", "")

    def line(self, lang: Lang) -> str:
        """``Høring, version 8 af 22. november 2023``; empty for a catalog not stored."""
        if not self.stored:
            return ""
        words = labels(lang)
        text = words.edition_version.format(stage=self.stage_name(lang), version=self.version)
        if self.date is not None:
            text = words.edition_dated.format(edition=text, date=long_date(self.date, lang))
        return text

    @property
    def reference(self) -> str:
        """The version in the workspace, language-neutral: ``catalog 3, version 7 (draft)``;
        empty for a catalog not stored."""
        if not self.stored:
            return ""
        where = f"catalog {self.catalog_id}, " if self.catalog_id is not None else ""
        return f"{where}version {self.version} ({self.stage})"

    def summary(self, lang: Lang) -> str:
        """Everything in one line: ``UDKAST · Katalog · Udkast, version 3 af 1. marts 2026``."""
        parts = (self.mark(lang), self.catalog_name, self.line(lang))
        return " · ".join(part for part in parts if part)

    @classmethod
    def of_version(cls, catalog_name: str, info: VersionLike) -> Edition:
        """The edition of a stored version (a workspace ``VersionInfo``), dated the day it was
        stored in Denmark; ``catalog_name`` is the published catalog's title."""
        return cls(catalog_name, info.stage, info.number, local_date(info.created_at),
                   info.catalog_id)


class VersionLike(Protocol):
    """What an edition needs of a stored version (:class:`omprio.store.workspace.VersionInfo`)."""

    @property
    def catalog_id(self) -> int: ...
    @property
    def number(self) -> int: ...
    @property
    def stage(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...



def local_date(moment: datetime) -> date:
    """The date of ``moment`` in Denmark (a version stored 23:30 UTC is dated the next day)."""
    if moment.tzinfo is None:
        return moment.date()
    try:
        return moment.astimezone(ZoneInfo("Europe/Copenhagen")).date()
    except ZoneInfoNotFoundError:  # a system without time zone data: the UTC date
        return moment.date()


def long_date(day: date, lang: Lang) -> str:
    """``22. november 2023`` / ``22 November 2023``."""
    return format_date(day, "long", locale=locale_of(lang))


_FOLDERS = re.compile(r"^.*[\\/]")


def file_name(path: str) -> str:
    """The last part of a path, for either kind of slash (``C:\\x\\a.txt`` is ``a.txt``);
    a sheet suffix as the workbook reader writes it (``a.xlsx[Tiltag]``) stays."""
    sheet = ""
    if path.endswith("]") and "[" in path:
        at = path.rindex("[")
        path, sheet = path[:at], path[at:]
    return _FOLDERS.sub("", path) + sheet


def public_catalog(value: T) -> T:
    """``value`` (a catalog, a finding, a tuple of them …) with every :class:`Source` keeping
    only its file's name; what holds no path with folders is returned as it is."""
    return _public(value)  # type: ignore[no-any-return]


def _public(value: Any) -> Any:
    if isinstance(value, Source):
        name = file_name(value.path)
        return value if name == value.path else dataclasses.replace(value, path=name)
    if isinstance(value, tuple):
        items = tuple(_public(item) for item in value)
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(*items) if hasattr(value, "_fields") else items
    if isinstance(value, list):
        return [_public(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for item in dataclasses.fields(value):
            if not item.init:
                continue
            old = getattr(value, item.name)
            if isinstance(old, str | int | float | date | type(None)):
                continue
            new = _public(old)
            if new is not old:
                changes[item.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
