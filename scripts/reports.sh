#!/usr/bin/env bash
# Render the Wuhu (2021) and Sishui (2023) example reports in every format and both languages into out/
# (git-ignored): out/wuhu-2021.{html,xlsx,json,md,txt}, out/wuhu-2021-en.*, and the same for Sishui.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
for spec in wuhu:2021 sishui:2023; do
  city=${spec%%:*}; year=${spec##*:}
  for lang in zh en; do
    suffix=""; [ "$lang" = en ] && suffix="-en"
    base="out/${city}-${year}${suffix}"
    set +e
    .venv/bin/compliance check "rules/$city" --units "examples/$city/units.csv" \
      --indicators "examples/$city/indicators.csv" --year "$year" --lang "$lang" \
      -o "$base.html" -o "$base.xlsx" -o "$base.json" -o "$base.md" -o "$base.txt"
    code=$?
    set -e
    [ "$code" -le 1 ] || exit "$code"      # 1: the examples have (deliberate) shortfalls
    echo "$base.{html,xlsx,json,md,txt}"
  done
done
