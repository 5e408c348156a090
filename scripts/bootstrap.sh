#!/usr/bin/env bash
# Set up (or reuse) the project's virtual environment in .venv with the pinned dependencies.
# Needs only Python >= 3.11 on PATH (as python3, or set PYTHON). Safe to run repeatedly:
# it reinstalls only when requirements.lock or pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "omprio needs Python >= 3.11 (found: $("$PYTHON" --version 2>&1 || echo none))" >&2
  exit 1
fi
# System programs some tests drive as a person would (Debian packages): a real browser,
# LibreOffice (opens the published .xlsx/.docx) and poppler (renders PDF pages).
# In CI (or with OMPRIO_INSTALL_SYSTEM=1) they are installed when missing and we are root;
# elsewhere the tests that need them are skipped with the reason shown.
if { [ -n "${CI:-}" ] || [ -n "${OMPRIO_INSTALL_SYSTEM:-}" ]; } && [ "$(id -u)" = 0 ] \
    && command -v apt-get >/dev/null 2>&1; then
  missing=""
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc libreoffice-writer"
  command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
  if [ -n "$missing" ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.omprio-installed"
want="$(cat requirements.lock pyproject.toml | "$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
  echo "$want" > "$stamp"
fi
