"""Verdicts from a range of possible measured values: what missing data could and could not change."""

from __future__ import annotations

from fractions import Fraction

from .quantity import Target


def _interval(t: Target) -> tuple[Fraction | None, bool, Fraction | None, bool]:
    """Target as (low, low inclusive, high, high inclusive); None = unbounded."""
    c = t.comparator
    if c == ">=":
        return t.value, True, None, False
    if c == ">":
        return t.value, False, None, False
    if c == "<=":
        return None, False, t.value, True
    if c == "<":
        return None, False, t.value, False
    if c == "=":
        return t.value, True, t.value, True
    return t.value, True, t.high, True


def judge(low: Fraction, high: Fraction, target: Target) -> str:
    """pass / fail / insufficient_data for a measured value known to lie in [low, high].

    Pass when every value in the range meets the target, fail when none does; otherwise the missing
    values decide it. Target sets are intervals, so checking both ends is exact.
    """
    if target.holds(low) and target.holds(high):
        return "pass"
    lo, lo_inc, hi, hi_inc = _interval(target)
    below = hi is not None and (low > hi or (low == hi and not hi_inc))
    above = lo is not None and (high < lo or (high == lo and not lo_inc))
    if below or above:
        return "fail"
    return "insufficient_data"


def worst(verdicts: list[str]) -> str:
    """Combine per-area verdicts: any fail fails; then insufficient data; then not due; all n/a is n/a."""
    for v in ("fail", "insufficient_data", "not_due", "pass"):
        if v in verdicts:
            return v
    return "not_applicable"
