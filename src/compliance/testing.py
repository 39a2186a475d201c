"""Hypothesis strategies for pack authors: random censuses shaped for a pack (or one of its rules).

Like ``pint.testing`` or hypothesis' own extras, this module is public API for people who write rule
packs and want to property-test them: generate units and indicator rows whose columns, kinds and
cell values fit what the pack's rules read, load them through the real census loader, and evaluate a
rule exactly as ``compliance check`` does.

>>> from hypothesis import given, settings
>>> from compliance import load_pack
>>> from compliance.testing import census_for, evaluate
>>> pack = load_pack("rules/wuhu")                                   # doctest: +SKIP
>>> rule = pack.rule("wuhu.goal.village_counseling_room")            # doctest: +SKIP
>>> @settings(max_examples=50, deadline=None)                       # doctest: +SKIP
... @given(census=census_for(pack, rule))
... def test_a_verdict_is_always_given(census):
...     assert evaluate(pack, rule, census, 2021).verdict in {"pass", "fail", "insufficient_data",
...                                                          "not_applicable", "not_due"}

Cell values are drawn the way census files spell them: yes/no attributes as ``是``/``否`` (or empty),
counts as non-negative whole numbers, rates as decimal strings in any of their spellings (``0.8``,
``80%``, ``800‰``). Numbers that appear in the rules (``staff >= 100``, ``* 4000``, ``>= 80%``) are
used to draw values on and next to the boundaries, where verdicts change.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from .census import Census, load_census
from .dictionary import Dictionary, load_dictionary
from .engine import _Context, as_of_date, evaluate_rule
from .expr.nodes import Node, Num, walk
from .findings import Finding
from .pack import Pack, Rule

__all__ = ["attribute_values", "census_for", "evaluate", "indicators_for", "units_for"]

UNIT_MEASURES = ("each", "share", "count")
_YES, _NO = "是", "否"
# kinds used for out-of-scope rows when the pack itself offers none (all in the core dictionary)
_FALLBACK_OUT = ("enterprise", "primary_school", "general_hospital", "elderly_center", "hotline", "village")


# ---- helpers -------------------------------------------------------------------------------------
def _rules(pack: Pack, rule: Rule | str | None) -> tuple[Rule, ...]:
    if rule is None:
        return tuple(pack.rules)
    return (pack.rule(rule) if isinstance(rule, str) else rule,)


def _literals(node: Node | None) -> list[Fraction]:
    """Numbers written in an expression (``staff >= 100`` → 100; ``x * 4000 >= y`` → 4000)."""
    return [] if node is None else [n.value for n in walk(node) if isinstance(n, Num)]


def _rule_literals(rules: Iterable[Rule]) -> list[Fraction]:
    return [v for r in rules for node in (r.where, r.condition) for v in _literals(node)]


def _target_values(rules: Iterable[Rule]) -> list[Fraction]:
    vals = []
    for r in rules:
        for m in r.schedule:
            vals.append(m.target.value)
            if m.target.high is not None:
                vals.append(m.target.high)
    return vals


def _decimal_text(v: Fraction, places: int = 6) -> str | None:
    """Exact plain decimal text of ``v`` if it terminates within ``places`` decimals, else None."""
    for p in range(places + 1):
        scaled = v * 10**p
        if scaled.denominator == 1:
            return format(Decimal(scaled.numerator).scaleb(-p), "f")
    return None


def _spell_rate(v: Fraction, how: str) -> str:
    """A non-negative rate as census text: fraction ``0.8``, percent ``80%`` or per mille ``800‰``."""
    if how == "percent":
        text = _decimal_text(v * 100)
        if text is not None:
            return text + "%"
    if how == "permille":
        text = _decimal_text(v * 1000)
        if text is not None:
            return text + "‰"
    text = _decimal_text(v, 12)
    assert text is not None, v
    return text


def _near(values: Iterable[Fraction], step: Fraction) -> list[Fraction]:
    """Each value, and one ``step`` either side (never negative)."""
    out = set()
    for v in values:
        for w in (v - step, v, v + step):
            if w >= 0:
                out.add(w)
    return sorted(out)


def _count_boundaries(literals: Sequence[Fraction]) -> list[int]:
    ints = sorted({int(v) for v in literals if v.denominator == 1 and v >= 0})
    out: set[int] = {0, 1}
    for c in ints:
        for k in (1, 2, 3):
            out.update(x for x in (c * k - 1, c * k, c * k + 1) if x >= 0)
    return sorted(out)


def _rate_values(boundaries: Sequence[Fraction]) -> st.SearchStrategy[Fraction]:
    plain = st.integers(0, 1000).map(lambda n: Fraction(n, 1000))
    exact = [v for v in _near(boundaries, Fraction(1, 1000)) if _decimal_text(v, 12) is not None]
    return st.one_of(plain, st.sampled_from(exact)) if exact else plain


def _rate_text(values: st.SearchStrategy[Fraction]) -> st.SearchStrategy[str]:
    return st.tuples(values, st.sampled_from(("fraction", "percent", "permille"))).map(
        lambda t: _spell_rate(*t))


def attribute_values(dictionary: Dictionary, key: str, *, boundaries: Sequence[Fraction] = (),
                     missing: bool = True) -> st.SearchStrategy[Any]:
    """Census cells for attribute ``key``: ``是``/``否`` for yes/no, whole numbers ≥ 0 for counts, rate
    strings (``0.8``, ``80%``, ``800‰``) for rates; ``None`` (an empty cell) too when ``missing``.

    ``boundaries`` are numbers from the rules; values on and next to them are drawn more often.
    """
    vtype = dictionary.attributes[key].type
    values: st.SearchStrategy[Any]
    if vtype == "bool":
        values = st.sampled_from((_YES, _NO))
    elif vtype == "count":
        values = st.one_of(st.integers(0, 12), st.integers(0, 100_000),
                           st.sampled_from(_count_boundaries(boundaries)))
    elif vtype == "rate":
        values = _rate_text(_rate_values([b for b in boundaries if b <= 2]))
    elif vtype == "number":
        values = st.tuples(st.integers(0, 10**6), st.integers(0, 3)).map(
            lambda t: format(Decimal(t[0]).scaleb(-t[1]), "f"))
    else:
        values = st.text(alphabet="甲乙丙丁戊abc", min_size=1, max_size=4)
    return st.one_of(st.none(), values) if missing else values


def _scope_kinds(rules: Sequence[Rule]) -> list[str]:
    return list(dict.fromkeys(k for r in rules for k in r.kinds))


def _out_kinds(pack: Pack, inside: Sequence[str], d: Dictionary) -> list[str]:
    """A few kinds outside ``inside``: the pack's other scopes first, then common dictionary kinds."""
    pool = [k for r in pack.rules for k in r.kinds] + list(_FALLBACK_OUT)
    out = [k for k in dict.fromkeys(pool) if k in d.kinds and k not in inside]
    return out[:4]


# ---- public strategies ---------------------------------------------------------------------------
def units_for(pack: Pack, rule: Rule | str | None = None, *, max_units: int = 60, min_units: int = 0,
              missing: bool = True, out_of_scope: bool = True,
              dictionary: Dictionary | None = None) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Rows of a units table for ``pack`` (every rule) or one ``rule``: lists of dicts for ``load_census``.

    Each row has ``id`` (unique), ``name``, ``kind`` (the dictionary key or its Chinese name), every
    region level of the pack (the first level drawn from ``pack.region.units``) and every attribute the
    rule(s) read. Kinds are drawn from the rules' scopes and, with ``out_of_scope``, from a few other
    kinds. ``missing=False`` leaves no attribute cell empty.

    >>> rows = units_for(pack, "wuhu.goal.village_counseling_room").example()   # doctest: +SKIP
    >>> rows[0]                                                                  # doctest: +SKIP
    {'id': 'U0001', 'name': '单位1', 'kind': '村', 'county': '镜湖区', 'town': '镜湖区2镇',
     'village': '镜湖区2镇1村', 'has_counseling_room': '是', 'has_social_work_room': None}
    """
    d = dictionary or load_dictionary()
    rules = _rules(pack, rule)
    attrs = list(dict.fromkeys(a for r in rules for a in r.attributes))
    inside = _scope_kinds(rules)
    outside = _out_kinds(pack, inside, d) if out_of_scope or not inside else []
    kind_keys = [*inside, *outside]
    literals = _rule_literals(rules)
    kind = st.sampled_from(inside) if inside else st.sampled_from(outside)
    if inside and outside:
        kind = st.one_of(st.sampled_from(inside), st.sampled_from(inside), st.sampled_from(outside))
    spelled = kind.flatmap(lambda k: st.sampled_from((k, d.kinds[k].zh)))
    region = pack.region
    fields: dict[str, st.SearchStrategy[Any]] = {"kind": spelled, "_place": st.tuples(
        st.sampled_from(region.units), st.integers(1, 3), st.integers(1, 3))}
    for a in attrs:
        fields[a] = attribute_values(d, a, boundaries=literals, missing=missing)
    row = st.fixed_dictionaries(fields)
    assert kind_keys, "no kinds to draw"

    def finish(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for i, r in enumerate(rows, 1):
            county, t, v = r.pop("_place")
            place = {region.levels[0]: county}
            names = [county]
            for level, n in zip(region.levels[1:], (t, v)):
                names.append(f"{names[-1]}{n}{'镇' if level == 'town' else '村'}")
                place[level] = names[-1]
            out.append({"id": f"U{i:04d}", "name": f"单位{i}", "kind": r.pop("kind"), **place, **r})
        return out

    return st.lists(row, min_size=min_units, max_size=max_units).map(finish)


def indicators_for(pack: Pack, rule: Rule | str | None = None, years: Sequence[int] = (2019, 2020, 2021), *,
                   missing: bool = True, dictionary: Dictionary | None = None
                   ) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Rows of an indicators table for the indicators and facts the rule(s) read.

    One row at most per (region, year, indicator), for the pack's region and each first-level unit.
    Facts get ``是``/``否``; rates a ``value`` in any spelling (``0.8``, ``80%``, ``800‰``) or a
    ``numerator`` and ``denominator``; counts and numbers a ``value``. Values near the rules' targets are
    drawn often. With ``missing`` some rows are left out; without, every region and year has each one.

    >>> indicators_for(pack, "wuhu.goal.smd_management").example()[:1]          # doctest: +SKIP
    [{'region': '芜湖市', 'year': 2019, 'indicator': 'smd_standardized_management_rate', 'value': '80%'}]
    """
    d = dictionary or load_dictionary()
    rules = _rules(pack, rule)
    keys = list(dict.fromkeys(k for r in rules for k in r.indicators))
    targets: dict[str, list[Fraction]] = {}
    for r in rules:
        for k in r.indicators:
            targets.setdefault(k, []).extend(_target_values([r]))
    areas = [pack.region.name, *pack.region.units]
    cells = [(a, y, k) for k in keys for a in areas for y in years]

    def value_for(key: str) -> st.SearchStrategy[dict[str, Any]]:
        vtype = d.indicators[key].type
        if vtype == "bool":
            return st.sampled_from((_YES, _NO)).map(lambda v: {"value": v})
        if vtype == "rate":
            bounds = targets.get(key, [])
            as_value = _rate_text(_rate_values(bounds)).map(lambda v: {"value": v})
            as_fraction = st.integers(1, 10_000).flatmap(lambda den: st.one_of(
                st.integers(0, den),
                st.sampled_from(sorted({max(0, math.ceil(b * den) + k) for b in bounds or [Fraction(1, 2)]
                                        for k in (-1, 0)}))
            ).map(lambda num: {"numerator": num, "denominator": den}))
            return st.one_of(as_value, as_fraction)
        if vtype == "count":
            whole = [int(b) for b in _near(targets.get(key, []), Fraction(1)) if b.denominator == 1]
            ints = st.integers(0, 50) if not whole else st.one_of(st.integers(0, 50), st.sampled_from(whole))
            return ints.map(lambda v: {"value": v})
        return st.tuples(st.integers(0, 10**6), st.integers(0, 2)).map(
            lambda t: {"value": format(Decimal(t[0]).scaleb(-t[1]), "f")})

    def row(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        return value_for(base["indicator"]).map(lambda v: {**base, **v})

    per_cell: list[st.SearchStrategy[dict[str, Any] | None]] = []
    for area, year, key in cells:
        cell = row({"region": area, "year": year, "indicator": key})
        per_cell.append(st.one_of(st.none(), cell) if missing else cell)
    if not per_cell:
        return st.just([])
    return st.tuples(*per_cell).map(lambda rows: [r for r in rows if r is not None])


def census_for(pack: Pack, rule: Rule | str | None = None, *, max_units: int = 60, min_units: int = 0,
               years: Sequence[int] = (2019, 2020, 2021), missing: bool = True, out_of_scope: bool = True,
               dictionary: Dictionary | None = None) -> st.SearchStrategy[Census]:
    """Censuses for ``pack`` (or one ``rule``), loaded by :func:`compliance.census.load_census`.

    Combines :func:`units_for` and :func:`indicators_for`; attribute columns the rule(s) read are always
    present, so a census never lacks a column.

    >>> @given(census_for(pack, rule, missing=False))                              # doctest: +SKIP
    ... def test_no_missing_no_insufficient(census):
    ...     assert evaluate(pack, rule, census, 2021).verdict != "insufficient_data"
    """
    d = dictionary or load_dictionary()
    rules = _rules(pack, rule)
    needed = tuple(dict.fromkeys(a for r in rules for a in r.attributes))
    units = units_for(pack, rule, max_units=max_units, min_units=min_units, missing=missing,
                      out_of_scope=out_of_scope, dictionary=d)
    inds = indicators_for(pack, rule, years, missing=missing, dictionary=d)
    return st.tuples(units, inds).map(lambda t: load_census(
        t[0] or None, t[1] or None, region=pack.region, dictionary=d, needed=needed))


def evaluate(pack: Pack, rule: Rule | str, census: Census, as_of: dt.date | str | int,
             dictionary: Dictionary | None = None) -> Finding:
    """The finding for one rule of ``pack`` on ``census`` at ``as_of`` (a date, ISO text, or a year meaning
    31 December), computed exactly as ``compliance check`` computes it.

    >>> evaluate(pack, "wuhu.goal.village_counseling_room", census, 2021).verdict   # doctest: +SKIP
    'pass'
    """
    r = pack.rule(rule) if isinstance(rule, str) else rule
    when = as_of_date(year=as_of) if isinstance(as_of, int) else as_of_date(as_of)
    return evaluate_rule(r, _Context(pack, census, when, dictionary or load_dictionary()))
