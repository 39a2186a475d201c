"""The ``baseline:`` key of a rule, compiled: which change the document asks for, and how much.

>>> s = BaselineSpec("increase", min_change=Fraction(1, 20), unit="percent")
>>> s.describe("zh"), s.describe("en")
('较上期提高至少 5 个百分点', 'up by at least 5 percentage points on the previous period')
>>> s.requirement().holds(Fraction(1, 20)), s.requirement().holds(Fraction(1, 25))
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..quantity import Target, TargetError, format_quantity, parse_quantity, parse_target

CHANGES = ("increase", "decrease", "not_below", "not_above")
_RATE_UNITS = ("percent", "permille", "fraction", "ratio")


@dataclass(frozen=True)
class BaselineSpec:
    """``change`` asked for (increase / decrease / not_below / not_above), an optional least size of the
    change in the measure's base unit (rates: a fraction, so 1/20 is 5 percentage points), an optional
    ``until`` target (once the current figure meets it no further change is asked: 逐年递增达到 100%),
    and the ``year`` the baseline figure is of (default: the year before the year judged)."""

    change: str
    min_change: Fraction | None = None
    until: Target | None = None
    year: int | None = None
    unit: str = ""                     # the measure's display unit (percent for rates, count, person …)
    through: int | None = None         # the last year the change is asked for (none: every year)

    @property
    def is_rate(self) -> bool:
        return self.unit in _RATE_UNITS

    def requirement(self) -> Target:
        """The target on the difference (current − baseline)."""
        m = self.min_change
        if self.change == "increase":
            return Target(">=", m, None, self.unit) if m else Target(">", Fraction(0), None, self.unit)
        if self.change == "decrease":
            return Target("<=", -m, None, self.unit) if m else Target("<", Fraction(0), None, self.unit)
        if self.change == "not_below":
            return Target(">=", Fraction(0), None, self.unit)
        return Target("<=", Fraction(0), None, self.unit)

    def amount(self, v: Fraction, lang: str = "zh") -> str:
        """A difference as text: 5 个百分点 for rates, the unit's own text otherwise."""
        if self.is_rate:
            pts = format_quantity(abs(v) * 100, "count")
            return f"{pts} 个百分点" if lang == "zh" else f"{pts} percentage points"
        return format_quantity(abs(v), self.unit or "count", lang)

    def describe(self, lang: str = "zh") -> str:
        zh = lang == "zh"
        if self.change in ("increase", "decrease"):
            up = self.change == "increase"
            if self.min_change:
                text = (f"较上期{'提高' if up else '下降'}至少 {self.amount(self.min_change, lang)}" if zh else
                        f"{'up' if up else 'down'} by at least {self.amount(self.min_change, lang)} on the previous period")
            else:
                text = (f"较上期{'提高' if up else '下降'}" if zh else
                        f"{'higher' if up else 'lower'} than the previous period")
        else:
            text = ("不低于上期" if self.change == "not_below" else "不高于上期") if zh else \
                ("not below the previous period" if self.change == "not_below" else "not above the previous period")
        if self.until is not None:
            text += (f"（达到{self.until.describe(lang)}后不再要求）" if zh else
                     f" (not required once {self.until.describe(lang)} is reached)")
        if self.year is not None:
            text += f"（与{self.year}年比较）" if zh else f" (compared with {self.year})"
        if self.through is not None:
            text += f"（至{self.through}年）" if zh else f" (until {self.through})"
        return text


@dataclass(frozen=True)
class ChangeTarget(Target):
    """The target in force of a rule whose only requirement is a change on the baseline: the current
    figure alone is never a failure (``holds`` is always true); the change decides (see ``compare``)."""

    spec: BaselineSpec | None = None

    def holds(self, measured: Fraction) -> bool:
        return True

    def describe(self, lang: str = "zh") -> str:
        assert self.spec is not None
        return self.spec.describe(lang)

    def min_numerator(self, denominator: int) -> int | None:
        return None


def change_target(spec: BaselineSpec) -> ChangeTarget:
    return ChangeTarget(spec.change, Fraction(0), None, spec.unit, spec.change, spec)  # type: ignore[arg-type]


def compile_baseline(raw: Any, measure: str, kind: str, period_kind: str | None,
                     err: Any) -> BaselineSpec | None:
    """A raw ``baseline:`` (schema.RawBaseline) → BaselineSpec; problems (E116) through ``err(key, code, msg)``."""
    ok = True

    def bad(key: str, msg: str) -> None:
        nonlocal ok
        ok = False
        err(("baseline", key) if key else "baseline", "E116", msg)

    if measure not in ("share", "count", "indicator"):
        bad("", f"`baseline` compares a figure: it applies to share, count and indicator rules, not {measure!r}")
    if period_kind not in (None, "year"):
        bad("", "`baseline` with a period compares years: use `period: year` (or none)")
    unit = "percent" if kind == "rate" else ("count" if kind in ("count", "number") else kind)
    min_change = None
    if raw.min_change is not None:
        if raw.change not in ("increase", "decrease"):
            bad("min_change", f"`min_change` applies to increase or decrease, not {raw.change!r}")
        try:
            min_change, _ = parse_quantity(str(raw.min_change), kind)
        except TargetError as exc:
            bad("min_change", f"min_change: {exc}")
        else:
            if min_change <= 0:
                bad("min_change", f"min_change {raw.min_change!r} must be positive (the direction is `change`)")
    until = None
    if raw.until is not None:
        try:      # a bare figure (100%) means reaching it: >= 100%
            text = str(raw.until).strip()
            until = (parse_target(text, kind) if text[:1] in "<>=≥≤⩾⩽" or text.startswith("between") else
                     Target(">=", *parse_quantity(text, kind)[:1], None, parse_quantity(text, kind)[1], text))
        except TargetError as exc:
            bad("until", f"until: {exc}")
    for key in ("year", "through"):
        value = getattr(raw, key)
        if value is not None and not 1990 <= value <= 2100:
            bad(key, f"{key} {value} is not a year")
    if not ok:
        return None
    return BaselineSpec(raw.change, min_change, until, raw.year, unit, raw.through)
