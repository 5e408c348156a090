"""Fold ``key: (Danish, English)`` tuples into the gettext catalogs (src/omprio/locale).

The ``.po`` files are the source of truth for every user-facing string. This tool exists for
code written the old way (a dict of ``(da, en)`` tuples on another branch): it adds each key
that the catalogs lack, Danish text to ``da``, English text to ``en``, and leaves the keys the
catalogs have alone. Keys ending in ``.one``/``.other`` become one plural entry (``ngettext``).

    python tools/po_fold.py omprio.some.module:TUPLES [--prefix finding.]

Run ``pybabel``-free: it uses Babel's own reader and writer, as the catalog loader does.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "omprio" / "locale"
DOMAIN = "omprio"
WIDTH = 100


def po_path(lang: str) -> Path:
    """The ``.po`` file of ``lang``."""
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(lang: str) -> Catalog:
    """The catalog of ``lang`` as it is on disk (a new, empty one if there is none)."""
    path = po_path(lang)
    if not path.exists():
        return Catalog(
            locale=lang, domain=DOMAIN, project="omprio", version="", fuzzy=False,
            header_comment=f"# omprio's user-facing strings in {lang}. Keys are msgids; see "
            "docs/translations.md.",
            copyright_holder="omprio contributors", msgid_bugs_address="",
            last_translator="omprio contributors", language_team=lang,
        )
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def save(catalog: Catalog, lang: str) -> None:
    """Write ``catalog`` back as ``lang``'s ``.po`` file."""
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=WIDTH, omit_header=False, sort_output=False,
                 ignore_obsolete=True, include_previous=False)


def fold(entries: Mapping[str, Sequence[str]], langs: Sequence[str] = ("da", "en")) -> int:
    """Add ``entries`` (key → one text per language of ``langs``) the catalogs lack; the number
    of keys added."""
    singles: dict[str, list[str]] = {}
    plurals: dict[str, dict[str, list[str]]] = {}
    for key, texts in entries.items():
        base, _, form = key.rpartition(".")
        if form in ("one", "other") and {f"{base}.one", f"{base}.other"} <= entries.keys():
            plurals.setdefault(base, {})[form] = list(texts)
        else:
            singles[key] = list(texts)
    added = 0
    for index, lang in enumerate(langs):
        catalog = load(lang)
        for key, texts in singles.items():
            if key not in catalog:
                catalog.add(key, texts[index])
                added += index == 0
        for key, forms in plurals.items():
            if key not in catalog:
                one, other = forms["one"][index], forms["other"][index]
                catalog.add((key, key), (one, other))
                added += index == 0
        save(catalog, lang)
    return added


def main(argv: Sequence[str]) -> int:
    """``module:ATTR [--prefix P]``: fold the dict ``ATTR`` of ``module`` into the catalogs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="module:ATTR, a dict of key -> (Danish, English)")
    parser.add_argument("--prefix", default="", help="put before every key (e.g. finding.)")
    args = parser.parse_args(argv)
    module_name, _, attr = args.source.partition(":")
    table = getattr(importlib.import_module(module_name), attr)
    added = fold({f"{args.prefix}{key}": texts for key, texts in table.items()})
    print(f"{added} keys added to {LOCALE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
