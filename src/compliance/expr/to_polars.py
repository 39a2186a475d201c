"""Compile an expression tree to a polars expression (three-valued: missing values give null)."""

from __future__ import annotations

import operator
from decimal import Decimal
from fractions import Fraction

import polars as pl

from .nodes import Arith, Bool, BoolOp, Compare, Name, Neg, Node, Not, Num

_CMP = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
        "==": operator.eq, "!=": operator.ne}
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}
DECIMAL = pl.Decimal(38, 12)


def _literal(v: Fraction) -> pl.Expr:
    if v.denominator == 1:
        return pl.lit(v.numerator, dtype=pl.Int64)
    return pl.lit(Decimal(v.numerator) / Decimal(v.denominator), dtype=DECIMAL)


def to_polars(node: Node) -> pl.Expr:
    if isinstance(node, Num):
        return _literal(node.value)
    if isinstance(node, Bool):
        return pl.lit(node.value, dtype=pl.Boolean)
    if isinstance(node, Name):
        return pl.col(node.name)
    if isinstance(node, Not):
        return ~to_polars(node.operand)
    if isinstance(node, Neg):
        return -to_polars(node.operand)
    if isinstance(node, BoolOp):
        exprs = [to_polars(o) for o in node.operands]
        out = exprs[0]
        for e in exprs[1:]:
            out = (out & e) if node.op == "and" else (out | e)  # polars uses Kleene logic on nulls
        return out
    if isinstance(node, Arith):
        return _ARITH[node.op](to_polars(node.left), to_polars(node.right))
    if isinstance(node, Compare):
        return _CMP[node.op](to_polars(node.left), to_polars(node.right))
    raise TypeError(node)


def shortfall(node: Node, types: dict[str, str]) -> tuple[str, pl.Expr] | None:
    """For ``count_attr [* k] >= rhs`` (whole numbers), how many more ``count_attr`` a unit needs.

    Returns (attribute, expression giving the missing amount, ≥ 0), or None where no such reading exists.
    """
    if not isinstance(node, Compare) or node.op not in (">=", ">"):
        return None
    left, k = node.left, 1
    if isinstance(left, Arith) and left.op == "*":
        if isinstance(left.left, Name) and isinstance(left.right, Num):
            left, k = left.left, left.right.value
        elif isinstance(left.right, Name) and isinstance(left.left, Num):
            left, k = left.right, left.left.value
        else:
            return None
    if not isinstance(left, Name) or types.get(left.name) != "count" or k.denominator != 1 or k <= 0:
        return None
    if not _integral(node.right, types):
        return None
    k_int = k.numerator
    rhs = to_polars(node.right) + (1 if node.op == ">" else 0)
    need = (rhs + (k_int - 1)) // k_int  # ceil(rhs / k) for whole numbers
    return left.name, (need - pl.col(left.name)).clip(lower_bound=0)


def _integral(node: Node, types: dict[str, str]) -> bool:
    if isinstance(node, Num):
        return node.value.denominator == 1
    if isinstance(node, Name):
        return types.get(node.name) == "count"
    if isinstance(node, Arith):
        return node.op != "/" and _integral(node.left, types) and _integral(node.right, types)
    if isinstance(node, Neg):
        return _integral(node.operand, types)
    return False
