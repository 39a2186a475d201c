"""Compile an expression tree to durable-rules conditions, keeping three-valued logic.

durable-rules matches facts (JSON objects) against conditions; a condition that reads an absent field
never matches. Three-valued logic is kept by compiling every boolean expression ``e`` to *two*
conditions: ``T(e)``, which matches exactly when ``e`` is known true, and ``F(e)``, which matches exactly
when it is known false; when neither matches, ``e`` is unknown. Missing values are absent fields.

- ``T(a and b) = T(a) ∧ T(b)``, ``F(a and b) = F(a) ∨ F(b)`` (and dually for ``or``); ``T(not a) = F(a)``.
- A comparison of numbers is decided as :mod:`compliance.expr.to_polars` decides it: exactly when every
  operand is present, otherwise by interval bounds (a missing count or rate lies in [0, +∞)). For each
  set of missing names the bounds are worked out here, symbolically, so that the condition durable-rules
  runs is an arithmetic comparison over the fields present, guarded by ``$ex``/``$nex`` (present /
  absent) on every name: ``psych_teachers * 4000 >= students`` with the teacher count missing is known
  true exactly when ``students`` is present and ``0 >= students``.

durable-rules computes with 64-bit integers and doubles, so a comparison is compiled only when it is
exact there: whole numbers only (counts and whole literals; no number or rate attributes, no decimal
literals), every value within ±2^62 for census cells up to 10^15, and products with at most one
unbounded factor. Anything else raises :class:`Unsupported`; the live checker then evaluates that
expression with the batch engine's polars expression instead and lists it in ``LiveChecker.fallbacks``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .check import magnitude
from .nodes import Arith, Bool, BoolOp, Compare, Name, Neg, Node, Not, Num, names
from .scalar import evaluate

Cond = dict[str, Any] | bool          # a durable-rules condition, or a constant (always / never)
EXACT_LIMIT = Fraction(2) ** 62         # |value| bound for durable-rules' int64 arithmetic
MAX_MISSING_SUBSETS = 64                # 2^6 names in one comparison at most
_NON_NEGATIVE = {"count", "rate"}
_OPS = {">=": "$gte", ">": "$gt", "<=": "$lte", "<": "$lt", "!=": "$neq"}
_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}
ZERO_FIELD = "_z"                       # every fact carries _z = 0 (a field to compare differences with)


class Unsupported(Exception):
    """The expression cannot be run exactly on durable-rules (the reason says why)."""


def conditions(node: Node, types: Mapping[str, str]) -> tuple[Cond, Cond]:
    """(T, F): durable-rules conditions matching a fact where ``node`` is known true / known false."""
    return _t(node, types), _f(node, types)


# ---- boolean structure ------------------------------------------------------------------------

def all_of(*parts: Cond) -> Cond:
    """Conjunction, with constants folded."""
    if any(p is False for p in parts):
        return False
    rest = [p for p in parts if p is not True]
    if not rest:
        return True
    return rest[0] if len(rest) == 1 else {"$and": rest}


def any_of(*parts: Cond) -> Cond:
    """Disjunction, with constants folded."""
    if any(p is True for p in parts):
        return True
    rest = [p for p in parts if p is not False]
    if not rest:
        return False
    return rest[0] if len(rest) == 1 else {"$or": rest}


def present(name: str) -> dict[str, Any]:
    return {"$ex": {name: 1}}


def absent(name: str) -> dict[str, Any]:
    return {"$nex": {name: 1}}


def _t(node: Node, types: Mapping[str, str]) -> Cond:
    if isinstance(node, Bool):
        return node.value
    if isinstance(node, Name):
        _need_bool(node, types)
        return {node.name: True}
    if isinstance(node, Not):
        return _f(node.operand, types)
    if isinstance(node, BoolOp):
        parts = [_t(o, types) for o in node.operands]
        return all_of(*parts) if node.op == "and" else any_of(*parts)
    if isinstance(node, Compare):
        return _compare(node, types)[0]
    raise Unsupported(f"not a condition: {node}")


def _f(node: Node, types: Mapping[str, str]) -> Cond:
    if isinstance(node, Bool):
        return not node.value
    if isinstance(node, Name):
        _need_bool(node, types)
        return {node.name: False}
    if isinstance(node, Not):
        return _t(node.operand, types)
    if isinstance(node, BoolOp):
        parts = [_f(o, types) for o in node.operands]
        return any_of(*parts) if node.op == "and" else all_of(*parts)
    if isinstance(node, Compare):
        return _compare(node, types)[1]
    raise Unsupported(f"not a condition: {node}")


def _need_bool(node: Name, types: Mapping[str, str]) -> None:
    if types.get(node.name) != "bool":
        raise Unsupported(f"{node.name} is not a yes/no attribute")


def _is_bool(node: Node, types: Mapping[str, str]) -> bool:
    if isinstance(node, Name):
        return types.get(node.name) == "bool"
    return isinstance(node, (Bool, Not, BoolOp, Compare))


# ---- comparisons ------------------------------------------------------------------------------

def _compare(node: Compare, types: Mapping[str, str]) -> tuple[Cond, Cond]:
    left, right = node.left, node.right
    if _is_bool(left, types) or _is_bool(right, types):
        if node.op not in ("==", "!="):
            raise Unsupported(f"ordering of yes/no values: {node.op}")
        (lt, lf), (rt, rf) = (_t(left, types), _f(left, types)), (_t(right, types), _f(right, types))
        same = any_of(all_of(lt, rt), all_of(lf, rf))
        differ = any_of(all_of(lt, rf), all_of(lf, rt))
        return (same, differ) if node.op == "==" else (differ, same)
    used = names(node)
    for n in used:
        if types.get(n) != "count":
            raise Unsupported(f"{n} is a {types.get(n, 'unknown')} value (only whole counts run exactly)")
    if any(isinstance(x, Num) and x.value.denominator != 1 for x in _walk_numeric(node)):
        raise Unsupported("a decimal literal (durable-rules would compare doubles)")
    if len(used) > 6:
        raise Unsupported(f"{len(used)} names in one comparison")
    true_parts: list[Cond] = []
    false_parts: list[Cond] = []
    for k in range(len(used) + 1):
        for missing in itertools.combinations(used, k):
            guard = all_of(*(absent(n) if n in missing else present(n) for n in used))
            if not missing:     # every operand present: the exact comparison
                t = _cmp(node.op, left, right)
                f = _cmp(_NEGATE[node.op], left, right)
            else:
                lo_l, hi_l = _bounds(left, set(missing), types)
                lo_r, hi_r = _bounds(right, set(missing), types)
                t, f = _decide(node.op, (lo_l, hi_l), (lo_r, hi_r))
            true_parts.append(all_of(guard, t))
            false_parts.append(all_of(guard, f))
    return any_of(*true_parts), any_of(*false_parts)


_NEGATE = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}


def _walk_numeric(node: Node) -> list[Node]:
    from .nodes import walk

    return list(walk(node))


Bound = Node | None                     # a numeric expression over present names, or None: unbounded


def _bounds(node: Node, missing: set[str], types: Mapping[str, str]) -> tuple[Bound, Bound]:
    """(low, high) of ``node`` when the names in ``missing`` take any admissible value — the bounds
    :func:`compliance.expr.to_polars._bounds` computes per row, here as expressions (None: unbounded)."""
    if not names(node):
        v = evaluate(node, {})
        return _num(v), _num(v)
    if isinstance(node, Name):
        if node.name in missing:
            if types.get(node.name) in _NON_NEGATIVE:
                return _num(Fraction(0)), None
            return None, None
        return node, node
    if isinstance(node, Neg):
        lo, hi = _bounds(node.operand, missing, types)
        return (None if hi is None else Neg(hi)), (None if lo is None else Neg(lo))
    if isinstance(node, Arith):
        if node.op == "*":
            return _product(node.left, node.right, missing, types)
        (al, ah), (bl, bh) = _bounds(node.left, missing, types), _bounds(node.right, missing, types)
        if node.op == "+":
            return _arith("+", al, bl), _arith("+", ah, bh)
        if node.op == "-":
            return _arith("-", al, bh), _arith("-", ah, bl)
    raise Unsupported(f"no bounds for {node}")


def _product(left: Node, right: Node, missing: set[str], types: Mapping[str, str]) -> tuple[Bound, Bound]:
    for k, x in ((left, right), (right, left)):
        if not names(k):                # a constant factor scales the bounds (swapping them when negative)
            c = evaluate(k, {})
            if c == 0:
                return _num(Fraction(0)), _num(Fraction(0))
            lo, hi = _bounds(x, missing, types)
            cn = _num(c)
            scaled = (_arith("*", cn, lo), _arith("*", cn, hi))
            return scaled if c > 0 else (scaled[1], scaled[0])
    if not (set(names(left)) | set(names(right))) & missing:
        return Arith("*", left, right), Arith("*", left, right)
    raise Unsupported("a product of two factors of which one is missing (its sign decides the bound)")


def _arith(op: str, a: Bound, b: Bound) -> Bound:
    return None if a is None or b is None else Arith(op, a, b)


def _num(v: Fraction) -> Num:
    return Num(v, str(v))


def _decide(op: str, left: tuple[Bound, Bound], right: tuple[Bound, Bound]) -> tuple[Cond, Cond]:
    """(known true, known false) from the bounds of both sides (as to_polars._decide)."""
    (ll, lh), (rl, rh) = left, right
    if op == "==":
        true = all_of(_cmp("==", ll, lh), _cmp("==", lh, rl), _cmp("==", rl, rh))
        apart = any_of(_cmp("<", lh, rl), _cmp(">", ll, rh))
        return true, apart
    if op == "!=":
        t, f = _decide("==", left, right)
        return f, t
    return {">=": (_cmp(">=", ll, rh), _cmp("<", lh, rl)), ">": (_cmp(">", ll, rh), _cmp("<=", lh, rl)),
            "<=": (_cmp("<=", lh, rl), _cmp(">", ll, rh)), "<": (_cmp("<", lh, rl), _cmp(">=", ll, rh))}[op]


def _cmp(op: str, a: Bound, b: Bound) -> Cond:
    """``a op b`` as a durable-rules condition; never true where a side is unbounded (as a null in polars)."""
    if a is None or b is None:
        return False
    if not names(a) and not names(b):
        va, vb = evaluate(a, {}), evaluate(b, {})
        return {">=": va >= vb, ">": va > vb, "<=": va <= vb, "<": va < vb, "==": va == vb, "!=": va != vb}[op]
    if isinstance(b, Name) and not isinstance(a, Name):
        a, b, op = b, a, _FLIP[op]
    if isinstance(a, Name):
        _exact(b)
        rhs = _term(b)
        return {a.name: rhs} if op == "==" else {_OPS[op]: {a.name: rhs}}
    diff = Arith("-", b, a)             # a op b  ⇔  0 op (b − a)
    _exact(diff)
    rhs = _term(diff)
    return {ZERO_FIELD: rhs} if op == "==" else {_OPS[op]: {ZERO_FIELD: rhs}}


def _exact(node: Node) -> None:
    """Every intermediate value fits durable-rules' 64-bit integers."""
    from .nodes import walk

    for n in walk(node):
        if magnitude(n, {}) > EXACT_LIMIT:
            raise Unsupported("values beyond 2^62 for census cells up to 10^15 (durable-rules computes in int64)")


def _term(node: Node) -> Any:
    """A numeric expression as a durable-rules term: field references, integers, $add/$sub/$mul."""
    if not names(node):                 # constants folded (durable-rules cannot multiply two literals)
        v = evaluate(node, {})
        if v.denominator != 1:
            raise Unsupported("a decimal constant (durable-rules would compare doubles)")
        return int(v)
    if isinstance(node, Name):
        return {"$m": node.name}
    if isinstance(node, Neg):
        return {"$sub": {"$l": 0, "$r": _term(node.operand)}}
    if isinstance(node, Arith) and node.op in ("+", "-", "*"):
        op = {"+": "$add", "-": "$sub", "*": "$mul"}[node.op]
        return {op: {"$l": _term(node.left), "$r": _term(node.right)}}
    raise Unsupported(f"no durable-rules term for {node}")
