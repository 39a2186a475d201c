#!/usr/bin/env bash
# Create .venv and install compliance with its test dependencies (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
# The HTML report is tested in a real headless browser: Debian's chromium and chromedriver. Installed only
# when missing and apt-get is there (and we may use it); otherwise that test is skipped and says why.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO=$(command -v sudo || true); fi
    if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
      $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=300 chromium chromium-driver >/dev/null \
        || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium chromium-driver >/dev/null; } \
        || echo "setup: could not install chromium; the browser test of the HTML report will be skipped" >&2
    fi
  fi
fi
