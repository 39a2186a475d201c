"""Type checking of an expression tree against the names it may use (dictionary keys and types)."""

from __future__ import annotations

from collections.abc import Mapping

from .nodes import Arith, Bool, BoolOp, Compare, Name, Neg, Node, Not, Num
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
