"""Helpers of the publishing tests: comparing catalogs, and driving system programs.

LibreOffice (``soffice``) and poppler (``pdftoppm``) are Debian packages that CI installs
(``scripts/bootstrap.sh``). Without them a test is skipped with the reason shown, unless the
environment variable ``CI`` is set: in CI a missing program is a failure, never a silent skip.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from omprio.interchange import catalog_to_json
from omprio.model import Catalog

# LibreOffice recalculates every formula of an .xlsx it opens (not only missing results).
_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def without_sources(document: Any) -> Any:
    """A catalog JSON document without ``source``/``*_source`` keys (where things were read)."""
    if isinstance(document, dict):
        return {
            key: without_sources(value)
            for key, value in document.items()
            if key != "source" and not key.endswith("_source")
        }
    if isinstance(document, list):
        return [without_sources(item) for item in document]
    return document


def catalog_difference(expected: Catalog, actual: Catalog) -> str:
    """'' when the catalogs are the same (every amount, label and FTE), else a readable diff."""
    left = without_sources(catalog_to_json(expected))
    right = without_sources(catalog_to_json(actual))
    if left == right:
        return ""
    lines = difflib.unified_diff(
        json.dumps(left, indent=1, ensure_ascii=False).splitlines(),
        json.dumps(right, indent=1, ensure_ascii=False).splitlines(),
        "expected",
        "read back",
        lineterm="",
        n=2,
    )
    return "\n".join(list(lines)[:80])


def program(name: str, package: str) -> str:
    """The path of a system program; skip without it (fail in CI)."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (Debian package {package})"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must install it (scripts/bootstrap.sh)")
        pytest.skip(message)
    return found


def libreoffice_convert(source: Path, target_format: str, work: Path) -> Path:
    """``source`` opened and saved by LibreOffice headless as ``target_format`` (its own
    profile per run; formulas recalculated on load); the converted file's path."""
    soffice = program("soffice", "libreoffice-calc libreoffice-writer")
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
    out = work / "lo-out"
    out.mkdir(exist_ok=True)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    converted = out / f"{source.stem}.{target_format.split(':')[0]}"
    assert result.returncode == 0 and converted.exists(), (result.stdout, result.stderr)
    return converted
