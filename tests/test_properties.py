"""Property tests of rule semantics, driven by the public strategies in ``compliance.testing``.

The packs are written to a temporary folder at import time (strategies need them when the tests are
defined). Quotes are verbatim from the Wuhu seed except the 4.5‰ prevalence target, which is Baoji's;
packs are loaded with ``check_quotes=False``.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import functools
import random
import shutil
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st

from compliance import check, load_pack
from compliance.census import DECIMAL, Census, load_census
from compliance.dictionary import load_dictionary
from compliance.findings import Finding
from compliance.pack import Pack
from compliance.testing import census_for, evaluate, indicators_for, units_for

AS_OF = dt.date(2021, 12, 31)
RANK = {"fail": 0, "insufficient_data": 1, "pass": 2}
SETTINGS = settings(max_examples=60, deadline=None)

_ROOT = Path(tempfile.mkdtemp(prefix="compliance-props-"))
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)

HEADER = """pack:
  id: {id}
  title: 芜湖市全国社会心理服务体系建设试点实施方案
  issuer: [芜湖市卫生健康委员会]
  seed: 001_9f4ddc7c3b9145b8.txt
  region:
    name: 芜湖市
    level_zh: 市
    levels: [county, town, village]
    level_names_zh: [县区, 乡镇街道, 村社区]
    units: [镜湖区, 弋江区, 鸠江区]
rules:
"""

RULES = """
  - id: p.village
    title: {{zh: 村（社区）心理咨询室或社会工作室建成率, en: village rooms}}
    source: {{clause: 二、工作目标 1, quote: "以村（社区）为单位，心理咨询室或社会工作室建成率达 80%以上。"}}
    strength: binding
    scope: {{kinds: [village, community]}}
    measure: share
    condition: has_counseling_room or has_social_work_room
    target: ">= {share}"
  - id: p.village_county
    title: {{zh: 各县区村（社区）心理咨询室或社会工作室建成率, en: village rooms per county}}
    source: {{clause: 二、工作目标 1, quote: "以村（社区）为单位，心理咨询室或社会工作室建成率达 80%以上。"}}
    strength: binding
    scope: {{kinds: [village, community]}}
    measure: share
    condition: has_counseling_room or has_social_work_room
    target: ">= {share}"
    at: county
  - id: p.employer
    title: {{zh: 百人以上单位心理辅导室, en: employers of 100+ with a counseling room}}
    source: {{clause: "三、(二) 4.(1)", quote: "职工 100 人以上的党政机关和厂矿、企事业单位、新经济组织等依托本单位党团、工会、人力资源部门、卫生室，设立心理辅导室"}}
    strength: binding
    scope: {{kinds: [government_agency, enterprise, public_institution], where: staff >= 100}}
    measure: share
    condition: has_guidance_room or has_counseling_room
    target: ">= {share}"
  - id: p.uni
    title: {{zh: 高校心理专业教师师生比, en: university teachers 1:4000}}
    source: {{clause: "三、(二) 2.(1)", quote: "按照师生比不少于1:4000配备心理专业教师"}}
    strength: binding
    scope: {{kinds: [university]}}
    measure: each
    condition: psych_teachers * 4000 >= students
  - id: p.hotline
    title: {{zh: 市级24小时心理热线, en: municipal 24-hour hotlines}}
    source: {{clause: "三、(二) 6.(1)", quote: "建立 1-2 条市级 24 小时心理热线"}}
    strength: binding
    scope: {{kinds: [hotline], where: is_24h}}
    measure: count
    target: between 1 and 2
  - id: p.prevalence
    title: {{zh: 严重精神障碍患者报告患病率, en: reported prevalence}}
    source: {{clause: 附件2 8.1, quote: "各县区患者报告率达到4.5‰以上"}}
    strength: binding
    measure: indicator
    indicator: smd_reported_prevalence
    target: ">= {prevalence}"
  - id: p.mgmt_county
    title: {{zh: 各县区规范管理率, en: management rate per county}}
    source: {{clause: 二、工作目标 6, quote: "在册严重精神障碍患者规范管理率、在册患者治疗率、精神分裂症治疗率均达到80%以上。"}}
    strength: binding
    measure: indicator
    indicator: smd_standardized_management_rate
    target: ">= {share}"
    at: county
  - id: p.lg
    title: {{zh: 成立市级领导小组, en: municipal leading group}}
    source: {{clause: 附件2 1.1, quote: "1.1 成立市级领导小组"}}
    strength: binding
    measure: exists
    fact: leading_group_established
"""

SPELLINGS = [("80%", "4.5‰"), ("0.8", "0.45%"), ("800‰", "0.0045")]


def make_pack(pack_id: str, share: str = "80%", prevalence: str = "4.5‰") -> Pack:
    folder = _ROOT / "rules" / pack_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(HEADER.format(id=pack_id) + RULES.format(share=share, prevalence=prevalence),
                                      encoding="utf-8")
    return load_pack(folder, check_quotes=False)


PACK = make_pack("props")
PACKS = [PACK, *(make_pack(f"props_{i}", s, p) for i, (s, p) in enumerate(SPELLINGS[1:], 1))]
UNIT_RULES = [r.id for r in PACK.rules if r.measure in ("each", "share", "count")]
SHARE_RULES = ["p.village", "p.village_county", "p.employer"]
D = load_dictionary()


# ---- helpers -----------------------------------------------------------------------------------------
def load(rows: list[dict[str, Any]], inds: list[dict[str, Any]] | None = None, pack: Pack = PACK) -> Census:
    return load_census(rows or None, inds or None, region=pack.region, needed=pack.attributes)


def canonical(f: Finding) -> dict[str, Any]:
    """A finding as JSON, with evidence as rows keyed by id (row numbers dropped) and no input rows."""
    j = f.model_dump(mode="json")
    ev = j.pop("evidence")
    if ev is not None:
        cols = [c for c in ev["columns"] if c != "row"]
        rows = [dict(zip(cols, vals)) for vals in zip(*(ev["data"][c] for c in cols))]
        j["evidence"] = (ev["rows"], sorted(rows, key=lambda r: r["id"]))
    for i in j["inputs"]:
        i.pop("row")
    return j


def evidence_ids(f: Finding, *statuses: str) -> list[str]:
    ev = f.evidence
    assert ev is not None
    return [i for i, s in zip(ev.column("id"), ev.column("status")) if not statuses or s in statuses]


def set_attr(census: Census, ids: list[str], column: str, value: Any) -> Census:
    units = census.units.with_columns(
        pl.when(pl.col("id").is_in(ids)).then(pl.lit(value, dtype=census.units.schema[column]))
        .otherwise(pl.col(column)).alias(column))
    return dataclasses.replace(census, units=units)


def rule_attrs(rule_id: str) -> tuple[str, ...]:
    return PACK.rule(rule_id).attributes


def typed_values(dtype: pl.DataType) -> st.SearchStrategy[Any]:
    if dtype == pl.Boolean:
        return st.booleans()
    if dtype == pl.Int64:
        return st.one_of(st.integers(0, 12), st.integers(0, 100_000), st.sampled_from([99, 100, 101, 3999, 4000, 4001]))
    return st.integers(0, 1000).map(lambda n: Decimal(n) / 1000)


EXTREMES = {pl.Boolean: (False, True), pl.Int64: (0, 10**9)}


def fill(census: Census, column: str, values: list[Any] | Any) -> Census:
    """Fill the nulls of ``column`` (in row order) with ``values`` (a list, one per null, or one value)."""
    units = census.units
    dtype = units.schema[column]
    if not isinstance(values, list):
        return dataclasses.replace(census, units=units.with_columns(pl.col(column).fill_null(
            pl.lit(values, dtype=dtype))))
    nulls = units.get_column(column).is_null()
    it = iter(values)
    new = [next(it) if n else v for v, n in zip(units.get_column(column).to_list(), nulls.to_list())]
    return dataclasses.replace(census, units=units.with_columns(pl.Series(column, new, dtype=dtype)))


# ---- shuffling ---------------------------------------------------------------------------------------
@SETTINGS
@given(rows=units_for(PACK), inds=indicators_for(PACK), seed=st.integers(0, 2**32 - 1),
       year=st.sampled_from([2019, 2020, 2021, 2022]))
def test_shuffling_rows_changes_no_finding(rows, inds, seed, year):
    rnd = random.Random(seed)
    rows2, inds2 = rows[:], inds[:]
    rnd.shuffle(rows2)
    rnd.shuffle(inds2)
    a = check(PACK, load(rows, inds), year=year)
    b = check(PACK, load(rows2, inds2), year=year)
    for fa, fb in zip(a.findings, b.findings, strict=True):
        assert canonical(fa) == canonical(fb), fa.rule_id
        if fa.evidence is not None:
            assert set(evidence_ids(fa)) == set(evidence_ids(fb))


# ---- threshold spellings -------------------------------------------------------------------------------
@SETTINGS
@given(rows=units_for(PACK), inds=indicators_for(PACK))
def test_threshold_spellings_give_the_same_verdicts(rows, inds):
    results = []
    for pack in PACKS:
        report = check(pack, load(rows, inds, pack), AS_OF)
        results.append([(f.rule_id, f.verdict, f.gap.units if f.gap else None, f.measured_value, str(f.numerator),
                         str(f.denominator), [(b.region, b.verdict, b.gap) for b in f.breakdown],
                         f.target.value if f.target else None)
                        for f in report.findings])
    assert results[0] == results[1] == results[2]


def test_threshold_spellings_parse_to_one_value():
    for rid in ("p.village", "p.prevalence"):
        values = {p.rule(rid).schedule[-1].target.value for p in PACKS}
        assert values == {Fraction(4, 5) if rid == "p.village" else Fraction(9, 2000)}


# ---- monotonicity ------------------------------------------------------------------------------------
@SETTINGS
@given(rule_id=st.sampled_from(SHARE_RULES), missing=st.booleans(), data=st.data())
def test_share_is_monotone_in_compliant_units(rule_id, missing, data):
    census = data.draw(census_for(PACK, rule_id, missing=missing))
    all_ids = census.units.get_column("id").to_list()
    if all_ids:     # make a random share of the units compliant first, so that passing censuses are common
        census = set_attr(census, data.draw(st.lists(st.sampled_from(all_ids), unique=True)),
                          "has_counseling_room", True)
    before = evaluate(PACK, rule_id, census, AS_OF)
    ids = evidence_ids(before)          # not meeting, unknown or scope unknown
    assume(ids)
    event(f"before: {before.verdict}")
    picked = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    after = evaluate(PACK, rule_id, set_attr(census, picked, "has_counseling_room", True), AS_OF)
    if before.verdict == "not_applicable":
        assert after.verdict in ("not_applicable", "insufficient_data", "pass", "fail")
        return
    assert RANK[after.verdict] >= RANK[before.verdict], (before.verdict, after.verdict)
    if before.verdict == "pass":
        assert after.verdict == "pass"


@SETTINGS
@given(census=census_for(PACK, "p.uni"), data=st.data())
def test_each_is_monotone_in_teachers(census, data):
    before = evaluate(PACK, "p.uni", census, AS_OF)
    ids = evidence_ids(before)
    assume(ids)
    picked = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    after = evaluate(PACK, "p.uni", set_attr(census, picked, "psych_teachers", 10**6), AS_OF)
    assert RANK[after.verdict] >= RANK[before.verdict]


def raise_indicator(census: Census, key: str, delta: Decimal) -> Census:
    ind = census.indicators
    hit = pl.col("indicator") == key
    ind = ind.with_columns(
        pl.when(hit).then(pl.col("value") + pl.lit(delta, dtype=DECIMAL)).otherwise(pl.col("value"))
        .cast(DECIMAL).alias("value"),
        pl.when(hit).then(pl.col("numerator") + pl.col("denominator") * pl.lit(delta, dtype=DECIMAL))
        .otherwise(pl.col("numerator")).cast(DECIMAL).alias("numerator"))
    return dataclasses.replace(census, indicators=ind)


@SETTINGS
@given(rule_id=st.sampled_from(["p.prevalence", "p.mgmt_county"]), data=st.data(),
       delta=st.integers(0, 2000).map(lambda n: Decimal(n) / 10000))
def test_indicator_is_monotone_in_its_value(rule_id, data, delta):
    census = data.draw(census_for(PACK, rule_id))
    rule = PACK.rule(rule_id)
    before = evaluate(PACK, rule, census, AS_OF)
    after = evaluate(PACK, rule, raise_indicator(census, rule.indicator, delta), AS_OF)
    event(f"{before.verdict} -> {after.verdict}")
    assert RANK[after.verdict] >= RANK[before.verdict], (before.verdict, after.verdict)
    if before.verdict == "pass":
        assert after.verdict == "pass"


# ---- gap ---------------------------------------------------------------------------------------------
@SETTINGS
@given(census=census_for(PACK, "p.village", missing=False, out_of_scope=True))
def test_flipping_gap_units_passes_and_one_fewer_does_not(census):
    f = evaluate(PACK, "p.village", census, AS_OF)
    assume(f.verdict == "fail")
    g = f.gap.units
    bad = evidence_ids(f, "not_meeting")
    assert 1 <= g <= len(bad)
    assert evaluate(PACK, "p.village", set_attr(census, bad[:g], "has_counseling_room", True), AS_OF).verdict == "pass"
    assert evaluate(PACK, "p.village", set_attr(census, bad[:g - 1], "has_counseling_room", True),
                    AS_OF).verdict == "fail"


@SETTINGS
@given(census=census_for(PACK, "p.village_county", missing=False))
def test_per_county_gaps_add_up_and_close_the_gap(census):
    f = evaluate(PACK, "p.village_county", census, AS_OF)
    assume(f.verdict == "fail")
    failing = [b for b in f.breakdown if b.verdict == "fail"]
    assert f.gap.units == sum(b.gap for b in failing)
    ev = f.evidence
    bad_by_county: dict[str, list[str]] = {}
    for i, s, c in zip(ev.column("id"), ev.column("status"), ev.column("county")):
        if s == "not_meeting":
            bad_by_county.setdefault(c, []).append(i)
    flip = [i for b in failing for i in bad_by_county[b.region][:b.gap]]
    assert len(flip) == f.gap.units
    assert evaluate(PACK, "p.village_county", set_attr(census, flip, "has_counseling_room", True),
                    AS_OF).verdict == "pass"
    one_fewer = [i for b in failing[1:] for i in bad_by_county[b.region][:b.gap]]
    one_fewer += bad_by_county[failing[0].region][:failing[0].gap - 1]
    assert evaluate(PACK, "p.village_county", set_attr(census, one_fewer, "has_counseling_room", True),
                    AS_OF).verdict == "fail"


# ---- figures add up ----------------------------------------------------------------------------------
@SETTINGS
@given(census=census_for(PACK), year=st.sampled_from([2019, 2021]))
def test_county_figures_and_ledger_add_up(census, year):
    report = check(PACK, census, year=year)
    for rid in UNIT_RULES:
        f = report.finding(rid)
        led = f.ledger
        assert led.in_scope + led.out_of_scope + led.scope_unknown == led.rows_total == census.units.height
        assert led.meeting + led.not_meeting + led.unknown == led.in_scope
        assert led.not_meeting + led.unknown + led.scope_unknown == f.evidence.rows
        statuses = f.evidence.column("status")
        assert (statuses.count("not_meeting"), statuses.count("unknown"), statuses.count("scope_unknown")) == (
            led.not_meeting, led.unknown, led.scope_unknown)
        assert sum(led.out_of_scope_reasons.values()) == led.out_of_scope
        assert f.numerator == led.meeting == sum(b.numerator for b in f.breakdown)
        assert sum(b.denominator for b in f.breakdown) == led.in_scope
        if f.denominator is not None:
            assert f.denominator == led.in_scope
        assert sum(b.not_meeting for b in f.breakdown) == led.not_meeting
        assert sum(b.unknown for b in f.breakdown) == led.unknown + led.scope_unknown
        assert f.missing == led.unknown + led.scope_unknown


# ---- missing values ----------------------------------------------------------------------------------
def fills(census: Census, attrs: tuple[str, ...]):
    """Uniform extreme fills (each attribute all-low or all-high), then sweeps: the first j rows with a
    missing value get one extreme combination and the others the opposite one (count rules need these)."""
    schema = census.units.schema
    cols = [a for a in attrs if census.units.get_column(a).null_count()]
    combos: list[dict[str, Any]] = [{}]
    for a in cols:
        combos = [{**c, a: v} for c in combos for v in EXTREMES[schema[a]]]
    for combo in combos:
        c = census
        for a, v in combo.items():
            c = fill(c, a, v)
        yield c
    nulls = census.units.filter(pl.any_horizontal([pl.col(a).is_null() for a in cols])).get_column("id").to_list()
    for combo in combos:
        for j in range(1, len(nulls)):
            units = census.units.with_columns([
                pl.when(pl.col(a).is_not_null()).then(pl.col(a))
                .when(pl.col("id").is_in(nulls[:j])).then(pl.lit(v, dtype=schema[a]))
                .otherwise(pl.lit(EXTREMES[schema[a]][v == EXTREMES[schema[a]][0]], dtype=schema[a])).alias(a)
                for a, v in combo.items()])
            yield dataclasses.replace(census, units=units)


@SETTINGS
@given(rule_id=st.sampled_from(UNIT_RULES), data=st.data())
def test_missing_values_cannot_change_a_decided_verdict(rule_id, data):
    census = data.draw(census_for(PACK, rule_id, max_units=30))
    f = evaluate(PACK, rule_id, census, AS_OF)
    assume(f.verdict in ("pass", "fail"))
    event(f"{rule_id} {f.verdict}")
    filled = census
    for a in rule_attrs(rule_id):
        n = filled.units.get_column(a).null_count()
        if n:
            values = data.draw(st.lists(typed_values(filled.units.schema[a]), min_size=n, max_size=n))
            filled = fill(filled, a, values)
    assert evaluate(PACK, rule_id, filled, AS_OF).verdict == f.verdict


@SETTINGS
@given(rule_id=st.sampled_from(UNIT_RULES), data=st.data())
def test_insufficient_data_can_go_either_way(rule_id, data):
    census = data.draw(census_for(PACK, rule_id, max_units=20))
    f = evaluate(PACK, rule_id, census, AS_OF)
    assume(f.verdict == "insufficient_data")
    seen = set()
    for c in fills(census, rule_attrs(rule_id)):
        seen.add(evaluate(PACK, rule_id, c, AS_OF).verdict)
        if {"pass", "fail"} <= seen:
            break
    if f.ledger.in_scope or rule_id == "p.village_county":
        assert {"pass", "fail"} <= seen, seen
    else:   # nothing known to be in scope: filling may also leave the rule not applicable
        assert len(seen - {"insufficient_data"}) >= 2, seen


def test_scope_unknown_units_that_already_comply_cannot_lower_the_share():
    rows = [{"id": "e1", "kind": "企业", "county": "镜湖区", "staff": 150, "has_counseling_room": "是"},
            {"id": "e2", "kind": "企业", "county": "镜湖区", "staff": None, "has_counseling_room": "是"}]
    census = load(rows)
    outcomes = {evaluate(PACK, "p.employer", fill(census, "staff", v), AS_OF).verdict for v in (0, 99, 100, 10**9)}
    assert outcomes == {"pass"}
    assert evaluate(PACK, "p.employer", census, AS_OF).verdict == "pass"


def test_a_condition_true_for_every_count_is_not_unknown():
    census = load([{"id": "u1", "kind": "高校", "county": "镜湖区", "students": 0, "psych_teachers": None}])
    assert {evaluate(PACK, "p.uni", fill(census, "psych_teachers", v), AS_OF).verdict for v in (0, 1, 10**9)} == {"pass"}
    assert evaluate(PACK, "p.uni", census, AS_OF).verdict == "pass"


# ---- exact boundaries --------------------------------------------------------------------------------
@functools.cache
def pack_with_target(text: str) -> Pack:
    return make_pack(f"props_t{len(list((_ROOT / 'rules').iterdir()))}", share=text)


def villages(k: int, n: int, seed: int = 0) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        yes = i < k
        rows.append({"id": f"v{i}", "kind": rnd.choice(["村", "社区", "village"]),
                     "county": rnd.choice(PACK.region.units),
                     "has_counseling_room": "是" if yes and rnd.random() < 0.5 else "否",
                     "has_social_work_room": "是" if yes else rnd.choice(["否", "无", "0"])})
    rnd.shuffle(rows)
    return rows


@SETTINGS
@given(n=st.integers(1, 150), data=st.data(), tenths=st.integers(0, 1000),
       spelling=st.sampled_from(["percent", "fraction", "permille"]), seed=st.integers(0, 1000))
@example(n=70, data=None, tenths=800, spelling="percent", seed=0)
def test_k_of_n_passes_iff_k_over_n_reaches_p(n, data, tenths, spelling, seed):
    k = 56 if data is None else data.draw(st.integers(0, n))
    p = Fraction(tenths, 1000)                      # the target as a fraction (tenths of a percent)
    text = {"percent": f"{Decimal(tenths) / 10}%", "fraction": str(Decimal(tenths) / 1000),
            "permille": f"{tenths}‰"}[spelling]
    pack = pack_with_target(text)
    assert pack.rule("p.village").schedule[-1].target.value == p
    f = evaluate(pack, "p.village", load(villages(k, n, seed), pack=pack), AS_OF)
    assert f.verdict == ("pass" if k * 1000 >= tenths * n else "fail"), (k, n, text)
    assert (f.numerator, f.denominator) == (k, n)


@pytest.mark.parametrize(("k", "verdict"), [(56, "pass"), (55, "fail")])
def test_56_of_70_is_exactly_80_percent(k, verdict):
    f = evaluate(PACK, "p.village", load(villages(k, 70)), AS_OF)
    assert (f.verdict, f.measured_value) == (verdict, str(Fraction(k, 70)))


@pytest.mark.parametrize(("value", "verdict"), [("4.5‰", "pass"), ("0.45%", "pass"), ("0.0045", "pass"),
                                                 ("4.4999‰", "fail"), ("0.449%", "fail")])
def test_indicator_boundary_is_exact(value, verdict):
    inds = [{"region": "芜湖市", "year": 2021, "indicator": "smd_reported_prevalence", "value": value}]
    assert evaluate(PACK, "p.prevalence", load([], inds), AS_OF).verdict == verdict
    num = [{"region": "芜湖市", "year": 2021, "indicator": "smd_reported_prevalence",
            "numerator": 45 if verdict == "pass" else 44, "denominator": 10000}]
    assert evaluate(PACK, "p.prevalence", load([], num), AS_OF).verdict == verdict


# ---- the strategies themselves -----------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(rows=units_for(PACK, "p.employer", max_units=20))
def test_units_for_rows_fit_the_rule(rows):
    rule = PACK.rule("p.employer")
    census = load(rows)
    assert census.units.height == len(rows)
    kinds = set(census.units.get_column("kind"))
    assert kinds <= {*rule.kinds, *(k for r in PACK.rules for k in r.kinds), "enterprise", "primary_school",
                     "general_hospital", "elderly_center", "hotline", "village"}
    for a in rule.attributes:
        assert a in census.units.columns


@settings(max_examples=30, deadline=None)
@given(census=census_for(PACK, missing=False))
def test_census_without_missing_values_gives_no_unknowns(census):
    for rid in UNIT_RULES:
        f = evaluate(PACK, rid, census, AS_OF)
        assert f.ledger.unknown == f.ledger.scope_unknown == 0
    for rid in ("p.prevalence", "p.mgmt_county", "p.lg"):
        assert evaluate(PACK, rid, census, AS_OF).verdict in ("pass", "fail")
