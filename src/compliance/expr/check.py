"""Type checking of an expression tree against the names it may use (dictionary keys and types)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from .. import limits
from .nodes import Arith, Bool, BoolOp, Compare, Name, Neg, Node, Not, Num, walk
from .tokens import ExprError

# dictionary value type → expression type
_EXPR_TYPE = {"bool": "bool", "count": "num", "number": "num", "rate": "num", "text": "text"}


def check(node: Node, types: Mapping[str, str], *, want: str = "bool", allow_division: bool = False) -> str:
    """Return the expression's type ('bool' or 'num'); raise ExprError on unknown names or misuse.

    ``types`` maps each usable name to its dictionary type (bool, count, number, rate, text).
    """
    got = _type(node, types, allow_division)
    if want and got != want:
        raise ExprError(f"expected a {'yes/no condition' if want == 'bool' else 'number'}, "
                        f"but the expression is a {'yes/no value' if got == 'bool' else got}", 0)
    return got


def magnitude(node: Node, types: Mapping[str, str]) -> Fraction:
    """An upper bound of the absolute value of a numeric expression over every census value (a census
    cell of a units table is at most ``limits.MAX_CELL_MAGNITUDE``)."""
    if isinstance(node, Num):
        return abs(node.value)
    if isinstance(node, Name):
        return Fraction(limits.MAX_CELL_MAGNITUDE)
    if isinstance(node, Neg):
        return magnitude(node.operand, types)
    if isinstance(node, Arith):
        a, b = magnitude(node.left, types), magnitude(node.right, types)
        return a * b if node.op == "*" else a + b
    return Fraction(0)


def check_magnitude(node: Node, types: Mapping[str, str]) -> None:
    """Reject arithmetic whose value could leave the exact range: Int128 for whole numbers (counts and
    whole literals, up to ``limits.MAX_EXACT_INT``), Decimal(38, 12) otherwise (``MAX_EXACT_DECIMAL``)."""
    from .to_polars import _integral

    for n in walk(node):
        if isinstance(n, Arith):
            whole = _integral(n, types)
            bound = limits.MAX_EXACT_INT if whole else limits.MAX_EXACT_DECIMAL
            if magnitude(n, types) > bound:
                raise ExprError(f"'{n.op}' can give values beyond {'10^36' if whole else '10^25'} for census "
                                f"values up to 10^15, which cannot be compared exactly (limit "
                                f"{'MAX_EXACT_INT' if whole else 'MAX_EXACT_DECIMAL'}); simplify the arithmetic", 0)


def _type(n: Node, types: Mapping[str, str], allow_div: bool) -> str:
    if isinstance(n, Num):
        return "num"
    if isinstance(n, Bool):
        return "bool"
    if isinstance(n, Name):
        if n.name not in types:
            close = sorted(k for k in types if k.split("_")[0] == n.name.split("_")[0])[:5]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ExprError(f"unknown name {n.name!r} (not in the data dictionary for this use){hint}", n.offset)
        t = _EXPR_TYPE[types[n.name]]
        if t == "text":
            raise ExprError(f"{n.name!r} is text and cannot be used in a condition", n.offset)
        return t
    if isinstance(n, Not):
        if _type(n.operand, types, allow_div) != "bool":
            raise ExprError("'not' needs a yes/no value", 0)
        return "bool"
    if isinstance(n, Neg):
        if _type(n.operand, types, allow_div) != "num":
            raise ExprError("'-' needs a number", 0)
        return "num"
    if isinstance(n, BoolOp):
        for o in n.operands:
            if _type(o, types, allow_div) != "bool":
                raise ExprError(f"'{n.op}' joins yes/no conditions, not numbers", 0)
        return "bool"
    if isinstance(n, Arith):
        if n.op == "/" and not allow_div:
            raise ExprError("division is not allowed in unit conditions (it would be inexact); "
                            "multiply instead, e.g. psych_teachers * 4000 >= students", 0)
        if _type(n.left, types, allow_div) != "num" or _type(n.right, types, allow_div) != "num":
            raise ExprError(f"'{n.op}' needs numbers on both sides", 0)
        return "num"
    if isinstance(n, Compare):
        lt, rt = _type(n.left, types, allow_div), _type(n.right, types, allow_div)
        if n.op in ("==", "!=") and lt == rt == "bool":
            return "bool"
        if lt != "num" or rt != "num":
            raise ExprError(f"'{n.op}' compares numbers", 0)
        return "bool"
    raise TypeError(n)
