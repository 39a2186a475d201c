"""Targets: a comparator and an exact value with a unit, e.g. ``>= 80%``, ``between 1 and 2``, ``>= 1:4000``.

Values are kept as :class:`fractions.Fraction`, so 56 of 70 is exactly 80 % and ``4.5‰``, ``0.45%`` and
``0.0045`` are the same threshold. pint converts the units (%, ‰, per_year, person_time, hour, …) to the
dictionary's base unit with Fraction magnitudes, so no float ever decides a verdict.

>>> parse_target(">= 4.5‰").value == parse_target("≥0.45%").value == Fraction(9, 2000)
True
>>> parse_target("between 1 and 2", "count").describe("en")
'between 1 and 2'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from functools import cache
from typing import Literal

import pint

Comparator = Literal[">=", ">", "<=", "<", "=", "between"]

_COMPARATORS = {
    ">=": ">=", "≥": ">=", "=>": ">=", "⩾": ">=", ">": ">", "<=": "<=", "≤": "<=", "⩽": "<=", "<": "<",
    "=": "=", "==": "=",
}
_UNIT_ALIASES = {
    "%": "percent", "％": "percent", "‰": "permille", "percent": "percent", "permille": "permille",
    "": "", "count": "count", "个": "count", "家": "count", "条": "count", "支": "count", "次": "count",
    "人": "person", "person": "person", "人次": "person_time", "person_time": "person_time",
    "per_year": "per_year", "次/年": "per_year", "/year": "per_year", "per year": "per_year",
    "hour": "hour", "hours": "hour", "小时": "hour", "h": "hour", "yuan": "yuan", "元": "yuan",
    "day": "day", "天": "day", "日": "day",
}
# base unit of each dictionary unit (what a census value of that type is stored in)
_BASE = {"rate": "dimensionless", "count": "piece", "person": "piece", "person_time": "piece",
         "per_year": "piece", "hour": "hour", "yuan": "yuan", "day": "day", "number": "dimensionless"}


@cache
def units() -> pint.UnitRegistry:
    reg = pint.UnitRegistry(non_int_type=Fraction)
    reg.define("permille = 0.001 = ‰")
    reg.define("piece = [piece]")  # pint's own `count` is dimensionless; counts get a dimension here
    reg.define("person = piece")
    reg.define("person_time = piece")
    reg.define("per_year = piece")  # a yearly count: the year is the reporting period
    reg.define("yuan = [currency]")
    return reg


class TargetError(ValueError):
    pass


@dataclass(frozen=True)
class Target:
    comparator: Comparator
    value: Fraction                   # in the base unit (fractions for rates)
    high: Fraction | None = None      # for between
    unit: str = ""                    # unit as written, canonical name (percent, permille, ratio, count…)
    text: str = ""

    def holds(self, measured: Fraction) -> bool:
        """Exact comparison of a measured value with the target."""
        c = self.comparator
        if c == ">=":
            return measured >= self.value
        if c == ">":
            return measured > self.value
        if c == "<=":
            return measured <= self.value
        if c == "<":
            return measured < self.value
        if c == "=":
            return measured == self.value
        assert self.high is not None
        return self.value <= measured <= self.high

    @property
    def is_rate(self) -> bool:
        return self.unit in ("percent", "permille", "ratio", "fraction")

    def format_value(self, v: Fraction, lang: str = "zh") -> str:
        return format_quantity(v, self.unit, lang)

    def describe(self, lang: str = "zh") -> str:
        if self.comparator == "between":
            assert self.high is not None
            lo, hi = self.format_value(self.value, lang), self.format_value(self.high, lang)
            return f"{lo}–{hi}" if lang == "zh" else f"between {lo} and {hi}"
        sym = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}[self.comparator]
        return f"{sym}{self.format_value(self.value, lang)}"

    def min_numerator(self, denominator: int) -> int | None:
        """Smallest whole k with k/denominator satisfying a lower-bound target; None if not a lower bound."""
        if self.comparator in (">=", "between"):
            return math.ceil(self.value * denominator)
        if self.comparator == ">":
            return math.floor(self.value * denominator) + 1
        if self.comparator == "=":
            k = self.value * denominator
            return int(k) if k.denominator == 1 else None
        return None


_UNIT_TEXT = {"per_year": (" 次/年", " per year"), "person_time": (" 人次", " person-times"),
              "hour": (" 小时", " hours"), "person": (" 人", " persons"), "yuan": (" 元", " yuan"),
              "day": (" 天", " days")}


def format_quantity(v: Fraction, unit: str, lang: str = "zh") -> str:
    if unit == "percent":
        return f"{_fmt(v * 100)}%"
    if unit == "permille":
        return f"{_fmt(v * 1000)}‰"
    if unit == "ratio":
        return f"1:{_fmt(1 / v)}" if v else "0"
    if unit == "fraction":
        return f"{_fmt(v * 100)}%"
    if unit in _UNIT_TEXT:
        return _fmt(v) + _UNIT_TEXT[unit][0 if lang == "zh" else 1]
    return _fmt(v)


def _fmt(v: Fraction) -> str:
    """Exact decimal text when it terminates within 4 places, else 4 significant places with ≈."""
    if v.denominator == 1:
        return str(v.numerator)
    for places in range(1, 5):
        scaled = v * 10**places
        if scaled.denominator == 1:
            return f"{Decimal(scaled.numerator).scaleb(-places):f}"
    with localcontext() as ctx:       # exact big numbers: float() would overflow past 1e308
        ctx.prec = 4
        approx = Decimal(v.numerator) / Decimal(v.denominator)
    return f"≈{approx:.4g}"


_NUM = r"[-+]?\d+(?:\.\d+)?"
_QTY = re.compile(rf"^\s*(?:(1)\s*[:：]\s*({_NUM})|({_NUM})\s*(.*?))\s*$")


def parse_quantity(text: str, kind: str = "rate") -> tuple[Fraction, str]:
    """Parse ``80%``, ``4.5‰``, ``0.8``, ``1:4000``, ``2 per_year`` → (value in base unit, unit name)."""
    import unicodedata

    raw = unicodedata.normalize("NFKC", str(text)).strip()
    m = _QTY.match(raw)
    if not m:
        raise TargetError(f"cannot read quantity {_show(text)}")
    if m.group(2) is not None:
        den = _frac(m.group(2))
        if den <= 0:
            raise TargetError(f"ratio 1:{m.group(2)} needs a positive number")
        return 1 / den, "ratio"
    magnitude = _frac(m.group(3))
    unit_text = m.group(4).strip()
    unit = _UNIT_ALIASES.get(unit_text, _UNIT_ALIASES.get(unit_text.lower()))
    if unit is None:
        raise TargetError(f"unknown unit {unit_text!r} in {_show(text)}")
    if unit in ("percent", "permille"):
        if kind not in ("rate", "number"):
            raise TargetError(f"{_show(text)}: a {unit} target on a {kind} value")
        return units().Quantity(magnitude, unit).to("dimensionless").magnitude, unit
    if unit == "":
        return magnitude, "fraction" if kind == "rate" else "count"
    if kind == "rate":
        raise TargetError(f"{_show(text)}: unit {unit} on a rate (write a percentage or a fraction)")
    # check the dimension with pint: e.g. hour against count is an error
    expected = _BASE.get(kind, "piece")
    try:
        q = units().Quantity(magnitude, "piece" if unit == "count" else unit).to(expected)
    except pint.errors.DimensionalityError:
        raise TargetError(f"{_show(text)}: unit {unit} does not fit a {kind} value") from None
    return q.magnitude, unit


def _show(text: object) -> str:
    """A target as quoted in a message (long ones cut)."""
    t = str(text)
    return repr(t if len(t) <= 60 else t[:60] + "…")


def _frac(s: str) -> Fraction:
    from . import limits

    whole, _, frac = s.lstrip("+-").partition(".")
    if len(whole.lstrip("0")) > limits.MAX_LITERAL_DIGITS or len(frac) > limits.MAX_DECIMALS:
        raise TargetError(f"number {s[:20]}{'…' if len(s) > 20 else ''} is out of range: at most "
                          f"{limits.MAX_LITERAL_DIGITS} digits and {limits.MAX_DECIMALS} decimal places "
                          "(limits MAX_LITERAL_DIGITS, MAX_DECIMALS)")
    try:
        return Fraction(Decimal(s))
    except (InvalidOperation, ValueError):
        raise TargetError(f"not a number: {s!r}") from None


_TARGET = re.compile(r"^\s*(>=|=>|≥|⩾|<=|≤|⩽|==|>|<|=)\s*(.+)$")
_BETWEEN = re.compile(r"^\s*(?:between\s+)?(.+?)\s*(?:and|-|–|~|～|至|到)\s*(.+?)\s*$")


def parse_target(text: str, kind: str = "rate") -> Target:
    """Parse a target string for a value of dictionary kind ``kind`` (rate, count, number, …)."""
    import unicodedata

    s = unicodedata.normalize("NFKC", str(text)).strip()
    m = _TARGET.match(s)
    if m:
        value, unit = parse_quantity(m.group(2), kind)
        return Target(_COMPARATORS[m.group(1)], value, None, unit, str(text))  # type: ignore[arg-type]
    if s.startswith("between") or re.search(r"\d\s*(and|-|–|~|～|至|到)\s*\d", s):
        b = _BETWEEN.match(s)
        if b:
            lo, unit = parse_quantity(b.group(1), kind)
            hi, unit_hi = parse_quantity(b.group(2), kind)
            if lo > hi:
                raise TargetError(f"{_show(text)}: low end above high end")
            return Target("between", lo, hi, unit or unit_hi, str(text))
    raise TargetError(f"cannot read target {_show(text)} (expected e.g. '>= 80%', '= 0', 'between 1 and 2')")
