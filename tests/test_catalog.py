"""The translation catalog is complete: every key in every language, every key the code uses.

The catalogs are src/omprio/locale/<lang>/LC_MESSAGES/omprio.po (:mod:`omprio.i18n`). These
tests fail when a message lacks a text in a language, when the languages disagree on the keys,
when a text is not a well-formed template, and when code or a template looks up a key (found by
the same extraction ``pybabel extract -F babel.cfg`` runs) that the catalog lacks.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import fields
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from omprio import i18n
from omprio.check import RULES
from omprio.decide.problem import OBJECTIVES
from omprio.fields import LIMITS
from omprio.findings import WORDS, message_keys
from omprio.publish.labels import TUPLES, Labels, labels
from omprio.store.accounts import ROLES
from omprio.store.workspace import STAGES
from omprio.vocabulary import workbook_layout

ROOT = Path(__file__).resolve().parent.parent

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def po(lang: str) -> Catalog:
    with (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "omprio.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def texts(message: object) -> list[str]:
    string = getattr(message, "string")  # noqa: B009 - Message.string is str or a tuple
    return list(string) if isinstance(string, tuple) else [string]


def key_of(message: object) -> str:
    msgid = getattr(message, "id")  # noqa: B009
    return msgid[0] if isinstance(msgid, tuple) else str(msgid)


def keywords() -> dict[str, tuple[int, ...] | None]:
    """The lookup functions, as babel.cfg's ``# keywords:`` line names them for pybabel."""
    text = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("# keywords: "))
    specs = [spec.partition(":") for spec in line.removeprefix("# keywords: ").split()]
    return {name: (int(index),) if index else None for name, _, index in specs}


def extracted_keys() -> dict[str, str]:
    """Every literal key the code and the templates look up, with where (as pybabel finds it)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords(), comment_tags=()
    ):
        key = message[0] if isinstance(message, tuple) else message
        found.setdefault(key, f"{filename}:{lineno}")
    return found


def test_the_languages_are_the_folders_of_locale_danish_first() -> None:
    folders = sorted(p.name for p in i18n.LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir())
    assert i18n.LANGS[0] == "da" == i18n.DEFAULT_LANG
    assert sorted(i18n.LANGS) == folders
    assert {"da", "en"} <= set(i18n.LANGS)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_message_has_a_text_in_every_language(lang: str) -> None:
    danish = {key_of(m): m for m in po("da") if m.id}
    catalog = {key_of(m): m for m in po(lang) if m.id}
    assert catalog.keys() == danish.keys(), sorted(catalog.keys() ^ danish.keys())
    for key, message in catalog.items():
        assert all(text.strip() for text in texts(message)), (lang, key)
        assert not message.fuzzy, (lang, key)
        assert isinstance(message.id, tuple) == isinstance(danish[key].id, tuple), (lang, key)
        # Languages may use different parameters of a message (decide's offer both a group and
        # its kind and key), so the placeholders are not compared; each text must be well formed.
        have = {name for text in texts(message) for name in PLACEHOLDER.findall(text)}
        for text in texts(message):
            text.format(**dict.fromkeys(have, "x"))  # a well-formed template


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_key_is_written_twice(lang: str) -> None:
    """The .po files merge as a union (.gitattributes): a key two branches both added or changed
    comes out twice, and Babel's reader keeps one of them without a word."""
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "omprio.po"
    keys = re.findall(r'^msgid "(.+)"$', path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    twice = sorted({key for key in keys if keys.count(key) > 1})
    assert not twice, (lang, twice)


def test_every_key_the_code_and_templates_look_up_is_in_the_catalog() -> None:
    used = extracted_keys()
    assert len(used) > 400  # the extraction does find the lookups
    assert "nav.catalogs" in used and "count.error" in used  # from templates, t and tn
    assert "opt.err.selection" in used and "err.no_catalog" in used  # from Python
    missing = {key: where for key, where in used.items() if not i18n.has(key)}
    assert not missing


def test_every_key_made_from_a_code_is_in_the_catalog() -> None:
    """Keys the code builds from a code (``finding.<key>``, ``stage.<stage>`` …)."""
    families = [
        *(f"finding.{key}" for key in message_keys()),
        *(f"rule.{registered.id}" for registered in RULES),
        *(f"word.{name}" for name in WORDS),
        *(f"field.name.{name}" for name in LIMITS),
        *(f"stage.{stage}" for stage in STAGES),
        *(f"role.{role}" for role in ROLES),
        *(f"opt.default_name.{objective}" for objective in OBJECTIVES),
        *(f"opt.objective.{objective}" for objective in OBJECTIVES),
        *(f"opt.objective_value.{objective}" for objective in OBJECTIVES),
        *(f"doc.{f.name}" for f in fields(Labels) if f.name not in ("lang", *TUPLES)),
        *(f"{prefix}.{word}" for prefix, words in TUPLES.values() for word in words),
        *(f"workbook.heading.{name}" for name in workbook_layout.HEADINGS),
        *(f"workbook.kind.{name}" for name in workbook_layout.KINDS),
        *(f"workbook.year.{name}" for name in workbook_layout.YEAR_PREFIXES),
        *(f"workbook.field.{name}" for name in workbook_layout.CATALOG_FIELDS),
        "lang.name", "lang.locale", "lang.switch_to", "date.when",
    ]
    assert [key for key in families if not i18n.has(key)] == []
    assert message_keys() >= {"line-sum", "encoding", "table-unreadable.no-table"}


def test_plural_forms_follow_each_language_rule() -> None:
    assert i18n.tn("count.error", 1, "en") == "1 error"
    assert i18n.tn("count.error", 2, "en") == "2 errors"
    assert i18n.tn("count.warning", 1, "da") == "1 advarsel"
    assert i18n.tn("count.warning", 1000, "da") == "1.000 advarsler"
    assert i18n.tn("count.error", 0, "en") == "0 errors"
    assert i18n.tn("scenario.saved_times", 1, "da") == "gemt 1 gang"
    assert i18n.tn("scenario.saved_times", 3, "da") == "gemt 3 gange"
    assert i18n.tn("scenario.saved_times", 1, "en") == "saved 1 time"


def test_a_missing_key_shows_as_missing() -> None:
    assert i18n.t("no.such.key", "en") == "no.such.key"
    assert not i18n.has("no.such.key") and i18n.has("count.error") and i18n.has("nav.catalogs")


def test_labels_come_from_the_catalog() -> None:
    assert labels("da").overview_heading == "OVERBLIK"  # the template's word, read back by omprio
    assert labels("en").severity_name("warning") == "Warning"


def test_a_third_language_is_one_new_po_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copy a catalog to a new folder: that folder is a language, with its own texts."""
    shutil.copytree(i18n.LOCALE_DIR, tmp_path / "locale")
    swedish = tmp_path / "locale" / "sv" / "LC_MESSAGES"
    swedish.mkdir(parents=True)
    text = (i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "omprio.po").read_text(encoding="utf-8")
    text = text.replace('msgstr "Catalogs"', 'msgstr "Kataloger (sv)"', 1)
    text = text.replace('msgstr "en_GB"', 'msgstr "sv_SE"', 1)
    (swedish / "omprio.po").write_text(text.replace("Language: en", "Language: sv"), "utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert i18n._discover() == ("da", "en", "sv")
    monkeypatch.setattr(i18n, "LANGS", i18n._discover())
    i18n.translations.cache_clear()
    try:
        assert i18n.valid_lang("sv") == "sv"
        assert i18n.t("nav.catalogs", "sv") == "Kataloger (sv)"
        assert i18n.t("lang.locale", "sv") == "sv_SE"
        assert i18n.other_langs("da") == ("en", "sv")
        assert list((tmp_path / "cache").rglob("sv-*.mo"))  # compiled once, then cached
    finally:
        i18n.translations.cache_clear()
