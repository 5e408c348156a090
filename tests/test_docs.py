"""Documentation stays true: every rule, message and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from omprio import i18n
from omprio.check import RULES
from omprio.findings import message_keys

ROOT = Path(__file__).resolve().parent.parent
RULES_DOC = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
INTERCHANGE_DOC = (ROOT / "docs" / "interchange.md").read_text(encoding="utf-8")


def test_every_rule_and_reader_finding_is_documented() -> None:
    rule_ids = {rule.id for rule in RULES} | {key.split(".")[0] for key in message_keys()}
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", RULES_DOC, flags=re.MULTILINE))
    assert rule_ids == documented


def test_every_message_has_danish_and_english() -> None:
    for key in message_keys():
        danish, english = (i18n.t(f"finding.{key}", lang) for lang in ("da", "en"))
        assert danish and english and danish != english, key


def test_readme_documents_the_commands_and_setup() -> None:
    for command in ("omprio check", "omprio export", "omprio show", "bash run.sh", "bash .ci/run"):
        assert command in README, command


def test_interchange_doc_names_every_exported_key() -> None:
    from omprio.interchange import catalog_to_json
    from omprio.read import load

    document = catalog_to_json(load(ROOT / "tests" / "data" / "aarhus-msb-2024-2027.txt").catalog)
    keys = set(document) | set(document["measures"][0]) | set(document["overview"][0])
    keys |= set(document["overview_totals"][0])
    for key in keys:
        assert f"`{key}`" in INTERCHANGE_DOC, key
