"""Condition text and targets from hypothesis: parsed and checked, or an ExprError / TargetError with an
offset inside the text; a condition that passes is compiled and evaluated without error, quickly."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from compliance.expr import ExprError, check, check_magnitude, parse, to_polars
from compliance.quantity import TargetError, parse_target

from .conftest import bounded, budget
from .mutations import expression, target

TYPES = {"has_counseling_room": "bool", "has_social_work_room": "bool", "is_24h": "bool", "staff": "count",
         "students": "count", "psych_teachers": "count", "x": "number"}
FRAME = pl.DataFrame({"has_counseling_room": [True, None, False], "has_social_work_room": [None, False, True],
                      "is_24h": [True, True, None], "staff": [10**15, None, 0], "students": [3, 10**15, None],
                      "psych_teachers": [None, 1, 2], "x": [None, -5, 10**14]},
                     schema={"has_counseling_room": pl.Boolean, "has_social_work_room": pl.Boolean,
                             "is_24h": pl.Boolean, "staff": pl.Int64, "students": pl.Int64,
                             "psych_teachers": pl.Int64, "x": pl.Decimal(38, 12)})


@budget(ci=60)
@given(text=expression())
def test_expressions_parse_or_fail_located(text):
    with bounded(10):
        try:
            node = parse(text)
            check(node, TYPES, want="bool")
            check_magnitude(node, TYPES)
        except ExprError as exc:
            assert 0 <= exc.offset <= max(len(text), 1) * 2 and exc.message
            return
        result = FRAME.with_columns(to_polars(node, TYPES).alias("v"))
        assert result.height == FRAME.height and result.schema["v"] == pl.Boolean


@budget(ci=40)
@given(text=target(), kind=st.sampled_from(["rate", "count", "number", "person_time", "hour"]))
def test_targets_parse_or_fail(text, kind):
    try:
        t = parse_target(text, kind)
    except TargetError as exc:
        assert str(exc)
        return
    t.describe("zh"), t.describe("en")
