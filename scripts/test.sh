#!/usr/bin/env bash
# The whole test suite: install, lint the packs, run every test (unit, conformance, property, doctest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/compliance validate rules/*
.venv/bin/python -m pytest --doctest-modules src/compliance tests -p no:cacheprovider
