"""Fold ``key: (Danish, English)`` tuples into the gettext catalogs (src/omprio/locale).

The ``.po`` files are the source of truth for every user-facing string. This tool exists for
code written the old way (a dict of ``(da, en)`` tuples on another branch): it adds each key
that the catalogs lack, Danish text to ``da``, English text to ``en``, and leaves the keys the
catalogs have alone. Keys ending in ``.one``/``.other`` become one plural entry (``ngettext``).

    python tools/po_fold.py omprio.some.module:TUPLES [--prefix finding.]

For a branch that still edits the old tuples (``STRINGS`` of src/omprio/i18n.py), ``--git``
applies what it changed between two revisions — keys added, texts changed, keys removed:

    python tools/po_fold.py --git BASE REV [--path src/omprio/i18n.py] [--name STRINGS]

It uses Babel's own reader and writer, as the catalog loader does.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import subprocess
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


def tuples_at(rev: str, path: str, name: str) -> dict[str, tuple[str, ...]]:
    """The literal entries of the dict ``name`` in ``path`` at git revision ``rev``."""
    source = subprocess.run(
        ["git", "show", f"{rev}:{path}"], capture_output=True, text=True, check=True
    ).stdout
    found: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(ast.parse(source)):
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == name:
            value = getattr(node, "value", None)
            if isinstance(value, ast.Dict):
                for key, item in zip(value.keys, value.values, strict=True):
                    if key is not None:  # not a ** spread
                        found[ast.literal_eval(key)] = tuple(ast.literal_eval(item))
    return found


def apply_git(base: str, rev: str, path: str, name: str, prefix: str = "") -> str:
    """Apply the changes ``rev`` made to the tuples since ``base``; a summary."""
    old, new = tuples_at(base, path, name), tuples_at(rev, path, name)
    changed = {prefix + k: v for k, v in new.items() if old.get(k) != v}
    for key in new:  # a plural entry is written whole: both forms when one of them changed
        stem, _, form = key.rpartition(".")
        other = f"{stem}.{'other' if form == 'one' else 'one'}"
        if form in ("one", "other") and prefix + key in changed and other in new:
            changed.setdefault(prefix + other, new[other])
    removed = [prefix + k for k in old if k not in new]
    for lang in ("da", "en"):
        catalog = load(lang)
        for key in [*removed, *changed]:
            for msgid in {key, key.rsplit(".", 1)[0] if key.endswith((".one", ".other")) else key}:
                if msgid in catalog:
                    catalog.delete(msgid)
        save(catalog, lang)
    fold(changed)
    return f"{len(changed)} keys added or changed, {len(removed)} removed"


def main(argv: Sequence[str]) -> int:
    """``module:ATTR [--prefix P]`` or ``--git BASE REV``: see the module's docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("source", nargs="?", help="module:ATTR, a dict of key -> (da, en)")
    parser.add_argument("--prefix", default="", help="put before every key (e.g. finding.)")
    parser.add_argument("--git", nargs=2, metavar=("BASE", "REV"), help="apply BASE..REV")
    parser.add_argument("--path", default="src/omprio/i18n.py")
    parser.add_argument("--name", default="STRINGS")
    args = parser.parse_args(argv)
    if args.git:
        print(apply_git(args.git[0], args.git[1], args.path, args.name, args.prefix))
        return 0
    module_name, _, attr = args.source.partition(":")
    table = getattr(importlib.import_module(module_name), attr)
    added = fold({f"{args.prefix}{key}": texts for key, texts in table.items()})
    print(f"{added} keys added to {LOCALE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
