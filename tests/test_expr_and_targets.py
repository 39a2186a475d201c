import itertools
import operator
from decimal import Decimal
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from compliance.expr import ExprError, check, evaluate, names, parse, render, to_polars
from compliance.expr.nodes import Bool, BoolOp, Compare, Name, Node, Not
from compliance.quantity import TargetError, parse_target

TYPES = {"a": "bool", "b": "bool", "n": "count", "m": "count", "r": "rate", "t": "text"}


@pytest.mark.parametrize(("text", "canonical"), [
    ("a or b and not a", "a or (b and not a)"),
    ("（n ＞＝ 4）且 a", "n >= 4 and a"),
    ("n * 4000 ≥ m", "n * 4000 >= m"),
    ("r >= 80%", "r >= 80%"),
])
def test_parse_render(text, canonical):
    assert render(parse(text)) == canonical.replace("（", "(")


@pytest.mark.parametrize(("text", "message"), [
    ("a or", "found end of expression"),
    ("zz > 1", "unknown name 'zz'"),
    ("a + 1 > 0", "needs numbers"),
    ("n > 1 > 0", "chained"),
    ("t == t", "is text"),
    ("n", "expected a yes/no condition"),
    ("__import__('os')", "unexpected character"),
])
def test_check_errors(text, message):
    with pytest.raises(ExprError, match=message):
        check(parse(text), TYPES)


def test_three_valued_logic():
    df = pl.DataFrame({"a": [True, False, None, None], "b": [None, None, True, False]})
    assert df.select(to_polars(parse("a or b"))).to_series().to_list() == [True, None, True, None]
    assert df.select(to_polars(parse("a and b"))).to_series().to_list() == [None, False, None, False]


# ---- comparisons over missing values, decided by bounds ----------------------------------------------
# n, m, k: counts (missing ⇒ any whole number ≥ 0); r: rate (≥ 0); x: number (any sign); a: yes/no
BOUND_TYPES = {"n": "count", "m": "count", "k": "count", "r": "rate", "x": "number", "a": "bool"}
_DTYPE = {"count": pl.Int64, "rate": pl.Decimal(38, 12), "number": pl.Decimal(38, 12), "bool": pl.Boolean}


def frame(**cols: list) -> pl.DataFrame:
    """One column per attribute of BOUND_TYPES (null where not given), typed as the census loader types it."""
    height = max((len(v) for v in cols.values()), default=1)
    return pl.DataFrame({k: pl.Series(k, cols.get(k, [None] * height), dtype=_DTYPE[t])
                         for k, t in BOUND_TYPES.items()})


def run(text: str, df: pl.DataFrame, types: dict[str, str] | None = BOUND_TYPES) -> list:
    return df.select(to_polars(parse(text), types)).to_series().to_list()


@pytest.mark.parametrize(("text", "row", "want"), [
    ("n * 4000 >= m", {"m": 0}, True),                  # the psychology-teachers rule with no students
    ("n * 4000 >= m", {"m": 1}, None),
    ("n * 4000 >= m", {"n": 1}, None),                  # m could be above or below 4000
    ("n * 4000 < m", {"m": 0}, False),
    ("n >= 0", {}, True),
    ("n > 0", {}, None),
    ("n < 0", {}, False),
    ("0 <= n", {}, True),
    ("n != -1", {}, True),
    ("n == -1", {}, False),
    ("n == 0", {}, None),
    ("n == m", {}, None),
    ("n + 1 >= 1", {}, True),
    ("n + 1 > 1", {}, None),
    ("n - 10 >= 0", {}, None),                          # staff - 10 >= 0: unknown
    ("n - 10 >= -10", {}, True),
    ("n - m >= 0", {"m": 0}, True),
    ("n - m >= 0", {"n": 0}, None),
    ("n - m > 0", {"n": 0}, False),
    ("n * 0 >= 0", {}, True),                           # 0 for every filling
    ("n * 0 == 0", {}, True),
    ("n * 0 != 0", {}, False),
    ("n * m != 0", {"m": 0}, False),
    ("0 * n > 0", {}, False),
    ("n * -2 <= 0", {}, True),
    ("-n <= 0", {}, True),
    ("-n < 0", {}, None),
    ("-(n + 3) < 0", {}, True),
    ("n * (2 - 5) > 0", {}, False),                     # a negative constant factor swaps the bounds
    ("n * 0.5 >= 0", {}, True),
    ("n + m + k >= 0", {}, True),
    ("n + m + k >= 1", {}, None),
    ("n + m + k >= 1", {"k": 1}, True),
    ("n * m >= 0", {}, True),
    ("n * m * k * 3 + 2 > 1", {}, True),
    ("n * m > 0", {"m": 0}, False),                     # 0 times any count
    ("n * m > 0", {"m": 2}, None),
    ("(n - 1) * m >= 0", {"n": 3}, True),
    ("(n - 1) * m >= 0", {"n": 0}, None),
    ("(n - 1) * (m - 1) >= 0", {}, None),
    ("(n + 1) * (m + 2) >= 2", {}, True),
    ("(n + 1) * (m + 2) > 2", {}, None),
    ("n * -m <= 0", {}, True),
    ("n * -m >= 0", {}, None),                          # (−∞ … 0] times [0 … +∞) reaches −∞
    ("(5 - n) * m <= 5", {"m": 1}, True),
    ("(5 - n) * m >= 5", {"m": 1}, None),
    ("(5 - n) * m > 5", {"m": 1}, False),
    ("(5 - n) * m >= -5", {"m": -1}, True),             # a known value is its own bound, whatever its sign
    ("r >= 0", {}, True),
    ("r >= 80%", {}, None),
    ("r * n >= 0", {}, True),
    ("r - 0.1 - 0.2 + n >= 0", {"r": Decimal("0.3")}, True),   # exact: 0.3 - 0.1 - 0.2 is 0, not -2.8e-17
    ("r - 0.1 - 0.2 - n > 0", {"r": Decimal("0.3")}, False),
    ("x >= 0", {}, None),                               # a number may be negative
    ("x * 0 >= 0", {}, True),
    ("x * n >= 0", {}, None),
    ("x * n >= 0", {"x": Decimal("1.5")}, True),
    ("x * n <= 0", {"x": Decimal("-1.5")}, True),
    ("x * n > 0", {"x": Decimal("-1.5")}, False),
    ("x * n >= 0", {"n": 0}, True),
    ("x * n <= 0", {"n": 0}, True),
    ("x * n == 0", {"n": 0}, True),
    ("x * m >= 0", {"m": 1}, None),
    ("x * m < 0", {"m": 1}, None),
    ("x - n <= 5", {"x": Decimal(5)}, True),
    ("x + n < 0", {"x": Decimal("-0.000000000001")}, None),
    ("x + r >= 0", {"x": Decimal(0)}, True),
    ("x * x >= 0", {}, None),                           # bounds treat each occurrence on its own
    ("a or n >= 0", {}, True),                          # unknown or true
    ("a and n >= 0", {}, None),                         # unknown and true
    ("a and n < 0", {}, False),                         # unknown and false
    ("not (n < 0)", {}, True),
    ("n >= 1 or m * 4000 >= k", {"k": 0}, True),
    ("n >= 1 and m + 1 > 0", {"n": 2}, True),
])
def test_bounds_decide_comparisons_over_missing_values(text, row, want):
    check(parse(text), BOUND_TYPES)
    df = frame(**{k: [v] for k, v in row.items()})
    assert run(text, df) == [want]
    assert run(text, df, None) == [None]     # without the types, any missing operand leaves it unknown


def test_bounds_apply_only_to_the_missing_rows():
    df = frame(n=[None, 3, None, 0, 3, None], m=[0, 13000, 1, None, 12000, None])
    assert run("n * 4000 >= m", df) == [True, False, None, None, True, None]
    assert run("n * 4000 >= m", df, None) == [None, False, None, None, True, None]


def test_known_negative_values_are_their_own_bounds():
    # the census loader never yields a negative count, but a known value is taken as it is either way
    df = frame(n=[-5, -5], m=[None, 7])
    assert run("n * m <= 0", df) == [True, True]
    assert run("n + m >= 0", df) == [None, True]


def test_yes_no_comparisons_are_unchanged():
    df = frame(a=[None, True])
    assert run("a == true", df) == [None, True]
    assert run("a != (n >= 0)", df) == [None, False]


# ---- property: a decided comparison holds for every filling; with nothing missing nothing changes -------
_NUMERIC = ("n", "m", "k", "r", "x")
_CONSTANTS = ("0", "1", "2", "3", "10", "4000", "0.5", "1.25", "80%", "4.5‰")


def _numeric_text(leaves: int):
    base = st.one_of(st.sampled_from(_NUMERIC), st.sampled_from(_CONSTANTS))
    return st.recursive(base, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"-{e}")), max_leaves=leaves)


def _condition_text():
    right = st.one_of(_numeric_text(2), st.sampled_from(_CONSTANTS), st.sampled_from(_CONSTANTS).map("-{}".format))
    compare = st.tuples(_numeric_text(4), st.sampled_from([">=", ">", "<=", "<", "==", "!="]), right).map(" ".join)
    return st.recursive(st.one_of(compare, st.just("a")), lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"not ({e})")), max_leaves=3)


_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq,
        "!=": operator.ne}


def _truth(node: Node, values: dict) -> bool:
    """Exact two-valued truth of a condition with every value known (Fractions, no polars)."""
    if isinstance(node, Bool):
        return node.value
    if isinstance(node, Name):
        return bool(values[node.name])
    if isinstance(node, Not):
        return not _truth(node.operand, values)
    if isinstance(node, BoolOp):
        parts = [_truth(o, values) for o in node.operands]
        return all(parts) if node.op == "and" else any(parts)
    assert isinstance(node, Compare)
    return _OPS[node.op](evaluate(node.left, values), evaluate(node.right, values))


_known = {"count": st.integers(0, 20), "rate": st.sampled_from(["0", "0.25", "1", "3.5"]),
          "number": st.sampled_from(["-7", "-0.5", "0", "2", "12.75"]), "bool": st.booleans()}
_fills = {"count": st.integers(0, 10**6), "rate": st.sampled_from(["0.125", "2.5", "40"]),
          "number": st.sampled_from(["-33.5", "-0.25", "0.75", "21"]), "bool": st.booleans()}
_CORNERS = {"count": (0, 1, 10**12), "rate": ("0", "1", "1000000000000"),
            "number": ("-1000000000000", "-1", "0", "1", "1000000000000"), "bool": (False, True)}


def _cell(value, kind: str):
    return value if kind in ("count", "bool") or value is None else Decimal(value)


@settings(max_examples=500, deadline=None)
@given(text=_condition_text(), data=st.data())
def test_a_decided_condition_holds_for_every_filling(text, data):
    node = parse(text)
    check(node, BOUND_TYPES)
    used = [k for k in BOUND_TYPES if k in names(node)]
    row = {k: data.draw(st.one_of(st.none(), _known[BOUND_TYPES[k]]), label=k) for k in used}
    cells = {k: [_cell(v, BOUND_TYPES[k])] for k, v in row.items()}
    got = run(text, frame(**cells))[0]
    missing = [k for k in used if row[k] is None]
    if not missing:        # nothing missing: exactly the plain evaluation
        plain = run(text, frame(**cells), None)[0]
        assert got == plain == _truth(node, {k: Fraction(v) if BOUND_TYPES[k] != "bool" else v
                                             for k, v in row.items()})
        return
    event("decided over missing values" if got is not None else "unknown")
    if got is None:
        return
    choices = [(*_CORNERS[BOUND_TYPES[k]], data.draw(_fills[BOUND_TYPES[k]], label=f"fill {k}")) for k in missing]
    for filling in itertools.product(*choices):
        full = row | dict(zip(missing, filling, strict=True))
        values = {k: v if BOUND_TYPES[k] == "bool" else Fraction(v) for k, v in full.items()}
        assert _truth(node, values) == got, (text, full)


def test_names_in_order():
    assert names(parse("n * 4000 >= m and a")) == ("n", "m", "a")


@pytest.mark.parametrize("text", [">= 4.5‰", "≥0.45%", ">= 0.0045", ">=４.５‰"])
def test_same_threshold_spellings(text):
    assert parse_target(text).value == Fraction(9, 2000)


def test_ratio_and_between():
    assert parse_target(">= 1:4000").value == Fraction(1, 4000)
    t = parse_target("between 1 and 2", "count")
    assert (t.holds(1), t.holds(2), t.holds(3), t.holds(0)) == (True, True, False, False)


@pytest.mark.parametrize(("text", "kind"), [(">= 3 hour", "count"), (">= 80%", "count"), (">= 5 per_year", "rate"),
                                            ("about 80", "rate")])
def test_bad_targets(text, kind):
    with pytest.raises(TargetError):
        parse_target(text, kind)
