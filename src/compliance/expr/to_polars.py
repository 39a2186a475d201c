"""Compile an expression tree to a polars expression (three-valued: missing values give null).

Given the attribute types, a comparison that reads a missing value is still decided when every admissible
filling gives the same result: each numeric sub-expression also gets a lower and an upper bound column
(interval arithmetic; a null bound means unbounded on that side), a missing count or rate lying in
[0, +∞) and a missing number in (−∞, +∞). Bounds use the same exact integer/decimal arithmetic as the
values, never floats. This is sound but not complete: each occurrence of a name is bounded on its own
(``x * x >= 0`` stays unknown for a missing number) and counts being whole numbers is not used.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import polars as pl

from .nodes import Arith, Bool, BoolOp, Compare, Name, Neg, Node, Not, Num, names
from .scalar import evaluate

_CMP = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
        "==": operator.eq, "!=": operator.ne}
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}
_NON_NEGATIVE = {"count", "rate"}   # the census loader turns negative counts and rates into missing values
DECIMAL = pl.Decimal(38, 12)

Bounds = tuple[pl.Expr, pl.Expr]    # (lower, upper); a null lower bound is −∞, a null upper bound +∞


def _literal(v: Fraction) -> pl.Expr:
    if v.denominator == 1:
        return pl.lit(v.numerator, dtype=pl.Int64)
    return pl.lit(Decimal(v.numerator) / Decimal(v.denominator), dtype=DECIMAL)


def to_polars(node: Node, types: Mapping[str, str] | None = None) -> pl.Expr:
    """Boolean or numeric polars expression of ``node``; null where the result is unknown.

    With ``types`` (dictionary type of each name), comparisons over missing values are decided by bounds
    where every filling agrees; without, any missing operand makes a comparison null.
    """
    if isinstance(node, Num):
        return _literal(node.value)
    if isinstance(node, Bool):
        return pl.lit(node.value, dtype=pl.Boolean)
    if isinstance(node, Name):
        return pl.col(node.name)
    if isinstance(node, Not):
        return ~to_polars(node.operand, types)
    if isinstance(node, Neg):
        return _neg(to_polars(node.operand, types))
    if isinstance(node, BoolOp):
        # one horizontal operation (Kleene logic on nulls, like & and |): a chain of thousands of binary
        # operators makes polars' optimiser take time cubic in its length
        exprs = [to_polars(o, types) for o in node.operands]
        return (pl.all_horizontal if node.op == "and" else pl.any_horizontal)(exprs)
    if isinstance(node, Arith):
        left, right = to_polars(node.left, types), to_polars(node.right, types)
        if types is not None and _integral(node, types):     # exact: Int128 (bounded by check_magnitude)
            left, right = left.cast(pl.Int128), right.cast(pl.Int128)
        return _ARITH[node.op](left, right)
    if isinstance(node, Compare):
        value = _CMP[node.op](to_polars(node.left, types), to_polars(node.right, types))
        if types is None or _is_bool(node.left, types) or _is_bool(node.right, types):
            return value
        # where no operand is missing the value is non-null and taken as it is
        return pl.coalesce(value, _decide(node.op, _bounds(node.left, types), _bounds(node.right, types)))
    raise TypeError(node)


def _neg(e: pl.Expr) -> pl.Expr:
    """−e (polars has no negation for Int128; a dynamic 0 takes the other side's type)."""
    return pl.lit(0) - e


def _is_bool(node: Node, types: Mapping[str, str]) -> bool:
    if isinstance(node, Name):
        return types.get(node.name) == "bool"
    return isinstance(node, (Bool, Not, BoolOp, Compare))


def _decide(op: str, left: Bounds, right: Bounds) -> pl.Expr:
    """True / false where the bounds of both sides settle ``left op right``, else null."""
    (ll, lh), (rl, rh) = left, right
    equal = (ll == lh) & (lh == rl) & (rl == rh)       # both sides known to be the same single value
    apart = (lh < rl) | (ll > rh)
    true, false = {">=": (ll >= rh, lh < rl), ">": (ll > rh, lh <= rl),
                   "<=": (lh <= rl, ll > rh), "<": (lh < rl, ll >= rh),
                   "==": (equal, apart), "!=": (apart, equal)}[op]
    # a null bound (unbounded) makes its test null, which `when` takes as not settled
    return (pl.when(true).then(pl.lit(True)).when(false).then(pl.lit(False))
            .otherwise(pl.lit(None, dtype=pl.Boolean)))


def _bounds(node: Node, types: Mapping[str, str]) -> Bounds:
    """Lower and upper bound of a numeric expression over every admissible filling of its missing values."""
    if not names(node):                 # constant: exact
        v = to_polars(node)
        return v, v
    if isinstance(node, Name):
        col = pl.col(node.name)
        if types.get(node.name) in _NON_NEGATIVE:
            return col.fill_null(0), col
        return col, col
    if isinstance(node, Neg):
        lo, hi = _bounds(node.operand, types)
        return _neg(hi), _neg(lo)
    if isinstance(node, Arith):
        if node.op == "*":
            return _product(node.left, node.right, types)
        (al, ah), (bl, bh) = _bounds(node.left, types), _bounds(node.right, types)
        if _integral(node, types):
            al, ah, bl, bh = (e.cast(pl.Int128) for e in (al, ah, bl, bh))
        if node.op == "+":
            return al + bl, ah + bh
        if node.op == "-":
            return al - bh, ah - bl
    raise TypeError(f"no bounds for {node}")


def _product(left: Node, right: Node, types: Mapping[str, str]) -> Bounds:
    for k, x in ((left, right), (right, left)):
        if not names(k):                # constant factor: scale, swapping the bounds when negative
            sign = evaluate(k, {})
            if sign == 0:
                return pl.lit(0, dtype=pl.Int64), pl.lit(0, dtype=pl.Int64)
            c = to_polars(k)
            lo, hi = _bounds(x, types)
            if _integral(k, types) and _integral(x, types):
                c, lo, hi = c.cast(pl.Int128), lo.cast(pl.Int128), hi.cast(pl.Int128)
            return (c * lo, c * hi) if sign > 0 else (c * hi, c * lo)
    (al, ah), (bl, bh) = _bounds(left, types), _bounds(right, types)
    if _integral(left, types) and _integral(right, types):
        al, ah, bl, bh = (e.cast(pl.Int128) for e in (al, ah, bl, bh))
    corners = [(al, -1, bl, -1), (al, -1, bh, 1), (ah, 1, bl, -1), (ah, 1, bh, 1)]
    finite = [x * y for x, _, y, _ in corners]      # null where a factor is unbounded
    down = pl.any_horizontal([_infinite(x, sx, y, sy, -1) for x, sx, y, sy in corners])
    up = pl.any_horizontal([_infinite(x, sx, y, sy, 1) for x, sx, y, sy in corners])
    # an ignored corner 0 · ∞ is 0; another corner is 0 too, unless one factor is exactly [0, 0] and the
    # other unbounded both ways (every corner ignored): then the product is 0
    return (pl.when(down).then(None).otherwise(pl.min_horizontal(finite).fill_null(0)),
            pl.when(up).then(None).otherwise(pl.max_horizontal(finite).fill_null(0)))


def _infinite(x: pl.Expr, x_inf: int, y: pl.Expr, y_inf: int, sign: int) -> pl.Expr:
    """Whether the product of interval ends x · y is ``sign`` · ∞; a null x stands for ``x_inf`` · ∞."""
    return (x.is_null() & _has_sign(y, y_inf, sign * x_inf)) | (y.is_null() & _has_sign(x, x_inf, sign * y_inf))


def _has_sign(x: pl.Expr, x_inf: int, sign: int) -> pl.Expr:
    """Whether x is strictly positive (``sign`` 1) or negative (-1); a null x stands for ``x_inf`` · ∞."""
    return ((x > 0) if sign > 0 else (x < 0)).fill_null(x_inf == sign)


def shortfall(node: Node, types: dict[str, str]) -> tuple[str, pl.Expr] | None:
    """For ``count_attr [* k] >= rhs`` (whole numbers), how many more ``count_attr`` a unit needs.

    Returns (attribute, expression giving the missing amount, ≥ 0), or None where no such reading exists.
    """
    if not isinstance(node, Compare) or node.op not in (">=", ">"):
        return None
    left, k = node.left, Fraction(1)
    if isinstance(left, Arith) and left.op == "*":
        a, b = left.left, left.right
        if isinstance(a, Name) and isinstance(b, Num):
            left, k = a, b.value
        elif isinstance(b, Name) and isinstance(a, Num):
            left, k = b, a.value
        else:
            return None
    if not isinstance(left, Name) or types.get(left.name) != "count" or k.denominator != 1 or k <= 0:
        return None
    if not _integral(node.right, types):
        return None
    k_int = k.numerator
    # in Int128, like the condition itself (students * staff may pass Int64); a shortfall beyond Int64 is null
    rhs = to_polars(node.right, types).cast(pl.Int128) + (1 if node.op == ">" else 0)
    need = (rhs + (k_int - 1)) // k_int  # ceil(rhs / k) for whole numbers
    gap = (need - pl.col(left.name).cast(pl.Int128)).clip(lower_bound=0)
    return left.name, gap.cast(pl.Int64, strict=False)


def _integral(node: Node, types: Mapping[str, str]) -> bool:
    if isinstance(node, Num):
        return node.value.denominator == 1
    if isinstance(node, Name):
        return types.get(node.name) == "count"
    if isinstance(node, Arith):
        return node.op != "/" and _integral(node.left, types) and _integral(node.right, types)
    if isinstance(node, Neg):
        return _integral(node.operand, types)
    return False
