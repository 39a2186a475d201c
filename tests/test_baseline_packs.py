"""The year-over-year rules of every pack (rules/<city>/baseline.yaml) and their cases, checked on their own:
the pack's metadata, the baseline rules and cases/baseline.yaml in a scratch pack, quotes verbatim against
the seed. (The whole packs are checked by test_conformance.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from compliance import load_pack
from compliance.conformance import coverage_gaps, run_cases

from .conftest import RULES, SEEDS

CITIES = sorted(p.parent.name for p in RULES.glob("*/baseline.yaml"))


def scratch_pack(tmp_path: Path, city: str) -> Path:
    folder = tmp_path / city
    (folder / "cases").mkdir(parents=True)
    meta = yaml.safe_load((RULES / city / "pack.yaml").read_text(encoding="utf-8"))
    (folder / "pack.yaml").write_text(yaml.safe_dump({"pack": meta["pack"]}, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    shutil.copy(RULES / city / "baseline.yaml", folder / "baseline.yaml")
    shutil.copy(RULES / city / "cases" / "baseline.yaml", folder / "cases" / "baseline.yaml")
    return folder


def test_every_pack_has_year_over_year_rules():
    assert CITIES == ["baoji", "jianghai", "shaoxing", "sishui", "wuhu"]


@pytest.mark.parametrize("city", CITIES)
def test_baseline_rules_and_cases(tmp_path, monkeypatch, city):
    monkeypatch.setenv("COMPLIANCE_SEEDS", str(SEEDS))
    pack = load_pack(scratch_pack(tmp_path, city))         # quotes checked verbatim against the seed
    assert pack.rules and all(r.baseline is not None for r in pack.rules)
    assert all(r.id.startswith(f"{city}.baseline.") for r in pack.rules)
    results = run_cases(pack)
    bad = [f"{r.rule} / {r.name}: expected {r.expect}, got {r.actual} — {r.detail}" for r in results if not r.ok]
    assert not bad, "\n".join(bad)
    assert not coverage_gaps(pack, results)
    # every rule also has a case without a baseline, which must never pass
    no_baseline = {r.rule for r in results if r.expect == "insufficient_data"}
    assert no_baseline == {r.id for r in pack.rules}
