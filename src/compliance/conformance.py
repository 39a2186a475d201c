"""Conformance cases: small censuses next to a pack, each with the verdict one rule must give."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import limits
from .census import load_census
from .diagnostics import DataError
from .dictionary import load_dictionary
from .engine import _Context, evaluate_rule
from .errors import UsageError
from .pack import Pack, load_cases
from .yamlsource import Location


@dataclass(frozen=True)
class CaseResult:
    rule: str
    name: str
    expect: str
    actual: str
    location: Location
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.expect == self.actual


def expand_units(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Expand ``repeat: N`` entries into N rows with generated ids (case data is tiny)."""
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        row = dict(row)
        n = row.pop("repeat", 1)
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= limits.MAX_CASE_REPEAT:
            raise UsageError(f"repeat {n!r} must be a whole number from 0 to {limits.MAX_CASE_REPEAT}")
        for j in range(n):
            r = dict(row)
            if "id" not in r or n > 1:
                r["id"] = f"{row.get('id', f'u{i + 1}')}-{j + 1}" if n > 1 else row.get("id", f"u{i + 1}")
            out.append(r)
    return out


def run_case(pack: Pack, case: Any, location: Location) -> CaseResult:
    d = load_dictionary()
    rule = pack.rule(case.rule)
    try:
        census = load_census(expand_units(case.units) or None, case.indicators or None, region=pack.region,
                             dictionary=d, needed=rule.attributes)
        previous = None
        if case.baseline is not None:     # the previous period's census, for rules with `baseline:`
            previous = load_census(expand_units(case.baseline.units) or None, case.baseline.indicators or None,
                                   region=pack.region, dictionary=d, needed=rule.attributes)
    except DataError as exc:
        return CaseResult(case.rule, case.name, case.expect, "data_error", location, exc.render(5))
    ctx = _Context(pack, census, case.as_of, d)
    ctx.baseline = previous
    finding = evaluate_rule(rule, ctx)
    return CaseResult(case.rule, case.name, case.expect, finding.verdict, location, finding.explanation_en)


def run_cases(pack: Pack) -> list[CaseResult]:
    return [run_case(pack, case, loc) for case, loc in load_cases(pack)]


def coverage_gaps(pack: Pack, results: list[CaseResult]) -> list[str]:
    """Rules lacking a passing or a failing case."""
    have: dict[str, set[str]] = {}
    for r in results:
        have.setdefault(r.rule, set()).add(r.expect)
    gaps = []
    for rule in pack.rules:
        missing = {"pass", "fail"} - have.get(rule.id, set())
        if missing:
            gaps.append(f"{rule.id}: no {' or '.join(sorted(missing))} case")
    return gaps
