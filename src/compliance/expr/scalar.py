"""Evaluate a numeric expression exactly over named Fractions (region statistics for formulas)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from .nodes import Arith, Name, Neg, Node, Num


class MissingValue(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def evaluate(node: Node, values: Mapping[str, Fraction | None]) -> Fraction:
    """Exact value of a numeric expression; raise MissingValue for a name without a value."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        v = values.get(node.name)
        if v is None:
            raise MissingValue(node.name)
        return v
    if isinstance(node, Neg):
        return -evaluate(node.operand, values)
    if isinstance(node, Arith):
        a, b = evaluate(node.left, values), evaluate(node.right, values)
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "*":
            return a * b
        if b == 0:
            raise ZeroDivisionError("division by zero in formula")
        return a / b
    raise TypeError(f"not a numeric expression: {node}")


Bound = Fraction | float     # a Fraction, or ±math.inf


def _mul(a: Bound, b: Bound) -> Bound:
    return 0 if a == 0 or b == 0 else a * b


def bounds(node: Node, values: Mapping[str, Fraction | None]) -> tuple[Bound, Bound]:
    """The range of a numeric expression when missing names may take any non-negative value (counts and
    rates are never negative): exact interval arithmetic, with ±math.inf for an unbounded end.

    >>> from .parser import parse
    >>> bounds(parse("a + b * 0.5"), {"a": Fraction(10), "b": None})
    (Fraction(10, 1), inf)
    """
    import math

    if isinstance(node, Num):
        return node.value, node.value
    if isinstance(node, Name):
        v = values.get(node.name)
        return (Fraction(0), math.inf) if v is None else (v, v)
    if isinstance(node, Neg):
        lo, hi = bounds(node.operand, values)
        return -hi, -lo
    if isinstance(node, Arith):
        (a, b), (c, d) = bounds(node.left, values), bounds(node.right, values)
        if node.op == "+":
            return a + c, b + d
        if node.op == "-":
            return a - d, b - c
        if node.op == "*":
            ps = [_mul(x, y) for x in (a, b) for y in (c, d)]
            return min(ps), max(ps)
        return ratio_bounds((a, b), (c, d))
    raise TypeError(f"not a numeric expression: {node}")


def ratio_bounds(num: tuple[Bound, Bound], den: tuple[Bound, Bound]) -> tuple[Bound, Bound]:
    """Range of num / den; unbounded both ways unless the denominator is known positive."""
    import math

    (a, b), (c, d) = num, den
    if not c > 0:
        return -math.inf, math.inf
    qs = [(0 if x == 0 else (x / y if y != math.inf else 0)) for x in (a, b) for y in (c, d)]
    qs = [q if not (isinstance(q, float) and math.isnan(q)) else 0 for q in qs]
    return min(qs), max(qs)
