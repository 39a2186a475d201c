"""`compliance validate`: a pack's schema, expressions, units, ids, verbatim quotes and its cases."""

from __future__ import annotations

from pathlib import Path

from .conformance import coverage_gaps, run_cases
from .diagnostics import PackError
from .pack import load_pack


def validate_pack(path: Path) -> tuple[list[str], list[str], str]:
    """(errors, warnings, one-line summary). Cases are run; a case giving the wrong verdict is an error."""
    try:
        pack = load_pack(path)
    except PackError as exc:
        return [str(p) for p in exc.problems], [], ""
    warnings = list(pack.warnings)
    try:
        results = run_cases(pack)
    except PackError as exc:
        return [str(p) for p in exc.problems], warnings, ""
    errors = [f"{r.location}: E200 case {r.name!r} of {r.rule}: expected {r.expect}, got {r.actual}"
              + (f" — {r.detail}" if r.detail else "") for r in results if not r.ok]
    errors += [f"{pack.path}/cases: E201 {g}" for g in coverage_gaps(pack, results)]
    n_adv = sum(r.advisory for r in pack.rules)
    summary = (f"{len(pack.rules)} 条规则（约束性 {len(pack.rules) - n_adv}，倡导性 {n_adv}），"
               f"{len(results)} 个用例通过 ({len(pack.rules)} rules, {len(results)} cases pass)")
    return errors, warnings, summary
