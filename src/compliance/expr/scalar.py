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
