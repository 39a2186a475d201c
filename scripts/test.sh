#!/usr/bin/env bash
# The whole test suite: install, lint the packs, run every test (unit, conformance, property, doctest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/compliance validate rules/*
# the public surface is typed (py.typed): mypy --strict on the modules that define it (a few seconds)
(cd src/compliance && ../../.venv/bin/mypy --strict __init__.py api.py errors.py diagnostics.py findings.py \
  dictionary.py registry.py live.py serve.py pack/__init__.py pack/model.py)
.venv/bin/python -m pytest --doctest-modules src/compliance tests -p no:cacheprovider
