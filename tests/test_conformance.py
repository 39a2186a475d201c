"""Every pack's conformance cases: each case gives the verdict it expects; every rule has pass and fail cases."""

import pytest

from compliance.conformance import coverage_gaps, run_case
from compliance.diagnostics import PackError
from compliance.pack import load_cases, load_pack

from .conftest import RULES

PACKS = sorted(p.name for p in RULES.iterdir() if (p / "pack.yaml").is_file()) if RULES.is_dir() else []
_loaded = {}


def _pack(name):
    if name not in _loaded:
        pack = load_pack(RULES / name)
        _loaded[name] = (pack, load_cases(pack))
    return _loaded[name]


def _cases():
    for name in PACKS:
        try:
            _, cases = _pack(name)
        except PackError:
            yield pytest.param(name, -1, id=f"{name}:does-not-load")  # the load test reports why
            continue
        for i, (case, _loc) in enumerate(cases):
            yield pytest.param(name, i, id=f"{name}:{case.rule}:{case.name}")


@pytest.mark.parametrize("pack_name", PACKS)
def test_pack_loads_and_every_rule_has_pass_and_fail_cases(pack_name):
    try:
        pack, cases = _pack(pack_name)
    except PackError as exc:
        pytest.fail(exc.render())
    assert pack.rules, "a pack with no rules"
    from compliance.conformance import CaseResult

    results = [CaseResult(c.rule, c.name, c.expect, c.expect, loc) for c, loc in cases]
    assert coverage_gaps(pack, results) == []


@pytest.mark.parametrize(("pack_name", "index"), list(_cases()))
def test_case(pack_name, index):
    try:
        pack, cases = _pack(pack_name)
    except PackError as exc:
        pytest.fail(exc.render())
    case, loc = cases[index]
    result = run_case(pack, case, loc)
    assert result.actual == case.expect, f"{loc}: {result.detail}"
