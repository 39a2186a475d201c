from fractions import Fraction

import polars as pl
import pytest

from compliance.expr import ExprError, check, names, parse, render, to_polars
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
