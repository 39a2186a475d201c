"""The live checker: records one at a time, on durable-rules, against the batch polars engine.

The differential test feeds the same generated records to the live checker (each record alone, its
conditions run on durable-rules) and to the batch engine (all records as one census) and asserts the
same per-unit status for every unit rule of every pack, and the same region-level report.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance import DataError, PackError, check, load_census, load_pack
from compliance.dictionary import load_dictionary
from compliance.expr import parse
from compliance.expr.to_durable import Unsupported, conditions
from compliance.live import LiveChecker
from compliance.measures.units import unit_status
from compliance.pack import Pack
from compliance.testing import units_for

from .conftest import RULES, SEEDS, make_workspace
from .packs import UNIVERSITY, village_rule, write_pack

pytest.importorskip("durable")

PACKS = ("wuhu", "baoji", "shaoxing", "jianghai", "sishui")
EXAMPLES = int(os.environ.get("COMPLIANCE_LIVE_EXAMPLES", "15"))   # generated record streams per pack
AS_OF = 2021
D = load_dictionary()
TYPES = {k: e.type for k, e in D.attributes.items()}

# a pack with what the five packs do not use yet: named units, a periodic unit rule, a rate attribute
# (which durable-rules cannot compare exactly: the polars fallback), a decimal literal, a product of two
# counts, and Boolean structure with `not` and equality
SYNTHETIC = """  - id: t.named
    title: {zh: 指定医院, en: named hospitals}
    source: {clause: "三、(二) 2.(1)", quote: "按照师生比不少于1:4000配备心理专业教师"}
    strength: binding
    scope: {kinds: [general_hospital], names: [芜湖市第一人民医院, {name: 芜湖市中医医院, aliases: [市中医院]}]}
    measure: each
    condition: has_psych_clinic and not (staff < 2)
  - id: t.yearly
    title: {zh: 年度培训, en: yearly training}
    source: {clause: "三、(二) 2.(1)", quote: "按照师生比不少于1:4000配备心理专业教师"}
    strength: binding
    scope: {kinds: [university], where: students - psych_teachers * 3 > 10 or students == 7}
    measure: share
    period: year
    condition: (has_counseling_room == has_psych_teacher) or psych_teachers * students >= 50
    target: ">= 50%"
  - id: t.rate
    title: {zh: 覆盖率, en: coverage}
    source: {clause: "三、(二) 2.(1)", quote: "按照师生比不少于1:4000配备心理专业教师"}
    strength: encouraged
    scope: {kinds: [general_hospital]}
    measure: count
    condition: psych_guidance_coverage >= 80% and staff * 0.5 >= 3
    target: ">= 1"
"""


def _load(name: str, tmp: Path) -> Pack:
    """The pack; while the pack audits are unmerged a pack may fail only on E152/E153 (a conflict must
    say which rule is operative) — metadata that no per-unit verdict reads — so a copy is loaded with
    every conflict made `operative: both` (with a warning). Any other failure skips, with the reason."""
    try:
        return load_pack(RULES / name)
    except PackError as exc:
        codes = {p.code for p in exc.problems}
        if not codes <= {"E152", "E153"}:
            pytest.skip(f"pack {name} does not load: {sorted(codes)}")
    copy = tmp / "rules" / name
    shutil.copytree(RULES / name, copy)
    for f in copy.glob("*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for rule in (data or {}).get("rules") or []:
            for c in rule.get("conflicts") or []:
                c.update(operative="both", reason_zh=c.get("reason_zh") or "测试", reason_en=c.get("reason_en") or "test")
        f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    warnings.warn(f"pack {name} fails E152/E153 (conflict precedence, pending its audit): checked on a copy with "
                  "every conflict `operative: both`", stacklevel=1)
    (tmp / "shared").mkdir(exist_ok=True)
    if not (tmp / "shared" / "seeds").exists():
        shutil.copytree(SEEDS, tmp / "shared" / "seeds")
    return load_pack(copy)


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    tmp = tmp_path_factory.mktemp("packs")
    out = {}
    for name in PACKS:
        try:
            out[name] = _load(name, tmp)
        except pytest.skip.Exception as exc:      # reported, never silent
            warnings.warn(str(exc), stacklevel=1)
    root = make_workspace(tmp_path_factory.mktemp("synthetic"))
    out["synthetic"] = load_pack(write_pack(root, village_rule() + UNIVERSITY + SYNTHETIC, "t"))
    return out


@st.composite
def records(draw: st.DrawFn, pack: Pack) -> list[dict[str, Any]]:
    """Units for the pack (testing.units_for), some named as the rules name them (with stray spaces),
    some with a data year, some with counts near 10^15."""
    unit_rules = [r for r in pack.rules if r.measure in ("each", "share", "count")]
    focus = draw(st.sampled_from(unit_rules))        # rows shaped for one rule meet its boundaries often
    rows = draw(units_for(pack, focus, max_units=10)) + draw(units_for(pack, max_units=3))
    for i, row in enumerate(rows, 1):
        row["id"] = f"U{i:04d}"
    named = [s for r in pack.rules for n in r.names for s in n.spellings]
    for row in rows:
        if named and draw(st.booleans()):
            name = draw(st.sampled_from(named))
            row["name"] = draw(st.sampled_from([name, f" {name}", name[:2] + " " + name[2:]]))
        if draw(st.booleans()):
            row["data_year"] = draw(st.sampled_from([AS_OF, AS_OF - 1, None]))
        for key in list(row):
            if key in TYPES and TYPES[key] == "count" and draw(st.integers(0, 9)) == 0:
                row[key] = str(draw(st.sampled_from([10**15, 10**15 - 1, 4 * 10**11, 250_000_000_000])))
    return rows


def _differential(pack: Pack, rows: list[dict[str, Any]]) -> None:
    live = LiveChecker(pack, year=AS_OF)
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        result = live.check(row)
        assert result.accepted and not result.problems, result.problems
        assert result.id is not None
        seen[result.id] = {f.rule_id: f.status for f in result.findings}
    many = {r.id: {f.rule_id: f.status for f in r.findings}
            for r in LiveChecker(pack, year=AS_OF).check_many(rows)}   # one table through the reader
    assert many == seen
    census = load_census(pack, rows)
    ids = census.units.get_column("id").to_list()
    compared = 0
    for rule in pack.rules:
        if rule.measure not in ("each", "share", "count"):
            continue
        year = rule.period.window(live.as_of)[-1].year if rule.period is not None else None
        batch = unit_status(rule, census.units, TYPES, year).to_list()
        for unit_id, status in zip(ids, batch, strict=True):
            assert seen[unit_id].get(rule.id, "out_of_kind") == status, (rule.id, unit_id, rule.where_text,
                                                                         rule.condition_text)
            compared += 1
    assert compared == len(rows) * sum(r.measure in ("each", "share", "count") for r in pack.rules)
    # region-level figures: the live checker delegates to the batch engine on the units it kept
    a, b = live.report(), check(pack, census, year=AS_OF)
    assert [(f.rule_id, f.verdict, f.measured) for f in a.findings] == \
        [(f.rule_id, f.verdict, f.measured) for f in b.findings]


@pytest.mark.parametrize("name", [*PACKS, "synthetic"])
def test_live_and_batch_give_the_same_verdict_for_every_unit(packs: dict[str, Pack], name: str) -> None:
    if name not in packs:
        pytest.skip(f"pack {name} does not load (see the warning)")
    pack = packs[name]

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(rows=records(pack))
    def run(rows: list[dict[str, Any]]) -> None:
        _differential(pack, rows)

    run()


def test_the_five_packs_run_on_durable_rules_without_fallback(packs: dict[str, Pack]) -> None:
    for name in PACKS:
        if name in packs:
            assert LiveChecker(packs[name], year=AS_OF).fallbacks == (), name
    fallbacks = {(f.rule_id, f.part) for f in LiveChecker(packs["synthetic"], year=AS_OF).fallbacks}
    assert fallbacks == {("t.yearly", "condition"), ("t.rate", "condition")}


@pytest.mark.parametrize("text, values, expected", [
    ("psych_teachers * 4000 >= students", {"students": 0}, True),
    ("psych_teachers * 4000 >= students", {"students": 1}, None),
    ("psych_teachers * 4000 >= students", {"psych_teachers": 1, "students": 4000}, True),
    ("psych_teachers * 4000 >= students", {"psych_teachers": 1, "students": 4001}, False),
    ("staff >= 100 or has_counseling_room", {"has_counseling_room": True}, True),
    ("staff >= 100 and has_counseling_room", {"has_counseling_room": False}, False),
    ("staff >= 100 and has_counseling_room", {"has_counseling_room": True}, None),
    ("not (staff < 100)", {"staff": 10**15}, True),
    ("staff - students > -3", {"students": 2}, True),
    ("staff - students > -3", {"staff": 2}, None),
    ("staff == 0", {}, None),
    ("0 - staff >= 1", {}, False),
])
def test_three_valued_conditions_on_durable_rules(text: str, values: dict[str, Any], expected: bool | None) -> None:
    """One fact through one compiled condition: known true, known false, or neither (unknown)."""
    from durable import engine

    t, f = conditions(parse(text), TYPES)
    fired: set[str] = set()
    rules: dict[str, Any] = {"any": {"all": [{"m": {"$ex": {"_n": 1}}}], "run": lambda c: None}}
    def mark(name: str) -> Any:
        return lambda _c: fired.add(name)

    for name, cond in (("T", t), ("F", f)):
        if cond is True:
            fired.add(name)
        elif cond is not False:
            rules[name] = {"all": [{"m": {"$and": [{"$ex": {"_n": 1}}, cond]}}], "run": mark(name)}
    host = engine.Host()
    host.set_rulesets({"one": rules})
    host.assert_fact("one", {"_n": 1, "_z": 0, **values})
    assert len(fired) <= 1
    got = True if "T" in fired else False if "F" in fired else None
    assert got is expected


def test_unsupported_expressions_are_named() -> None:
    with pytest.raises(Unsupported, match="rate"):
        conditions(parse("psych_guidance_coverage >= 80%"), TYPES)
    with pytest.raises(Unsupported, match="decimal"):
        conditions(parse("staff * 0.5 >= 3"), TYPES)
    with pytest.raises(Unsupported, match=r"2\^62|product"):
        conditions(parse("staff * students >= 3"), TYPES)


@pytest.fixture
def small(tmp_path: Path) -> Pack:
    root = make_workspace(tmp_path)
    return load_pack(write_pack(root, village_rule() + UNIVERSITY, "t"))


def test_a_record_gets_its_problems_and_findings_at_once(small: Pack) -> None:
    live = LiveChecker(small, year=2021)
    r = live.check({"单位编码": "u1", "单位类别": "高等院校", "县区": "镜湖区", "在校学生数": "8001人",
                    "心理专业教师数": "2"})
    assert r.accepted and r.problems == ()
    f = r.finding("t.uni")
    assert (f.verdict, f.condition, f.in_scope, f.status) == ("does_not_comply", False, True, "not_meeting")
    assert "按照师生比不少于1:4000配备心理专业教师" in f.message_zh and f.quote in f.message_en
    assert f.clause == "三、(二) 2.(1)" and f.area == "镜湖区"
    with pytest.raises(KeyError, match="t.uni"):
        r.finding("t.village")
    r = live.check({"单位编码": "v1", "单位类别": "村", "县区": "镜胡区", "是否设立心理咨询室": "是的", "职工数目": "3"})
    assert not r.accepted and len(live) == 1
    by_code = {p.code: p for p in r.problems}
    assert by_code["C007"].suggestions == ("镜湖区",) and by_code["C007"].value == "镜胡区"
    assert by_code["C004"].field == "是否设立心理咨询室" and by_code["C004"].suggestions == ("是",)
    assert "是/否" in by_code["C004"].expected_zh
    assert by_code["C002"].field == "职工数目" and by_code["C002"].suggestions


def test_bad_cells_are_unknown_in_the_findings(small: Pack) -> None:
    live = LiveChecker(small, year=2021)
    r = live.check({"单位编码": "v1", "单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": "是的",
                    "是否设立社会工作室": "否"})
    assert [p.code for p in r.problems] == ["C004"] and not r.accepted
    f = r.finding("t.village")
    assert f.verdict == "unknown" and f.missing_fields == ("has_counseling_room",)


def test_units_are_kept_updated_and_withdrawn(small: Pack) -> None:
    live = LiveChecker(small, year=2021)
    for i in range(4):
        assert live.check({"单位编码": f"v{i}", "单位类别": "村", "县区": "镜湖区",
                           "是否设立心理咨询室": "是" if i else "否", "是否设立社会工作室": "否"}).accepted
    assert live.report().finding("t.village").measured.startswith("75%")
    dup = live.check({"单位编码": "v0", "单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": "是"})
    assert [p.code for p in dup.problems] == ["C006"] and not dup.accepted
    assert live.update({"单位编码": "v0", "单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": "是"}).accepted
    assert live.report().finding("t.village").verdict == "pass"
    live.withdraw("v1")
    assert live.ids == ("v0", "v2", "v3") and live.census.units.get_column("_row").to_list() == [2, 3, 4]
    with pytest.raises(KeyError, match="nope"):
        live.withdraw("nope")
    with pytest.raises(KeyError, match="nope"):
        live.update({"单位编码": "nope", "单位类别": "村", "县区": "镜湖区"})
    anonymous = live.check({"单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": "是"})
    assert anonymous.accepted and anonymous.id == "live-1"


def test_polars_engine_needs_no_durable_rules_and_agrees(small: Pack) -> None:
    rec = {"单位编码": "u1", "单位类别": "高校", "县区": "镜湖区", "在校学生数": "0"}
    a = LiveChecker(small, year=2021).check(rec)
    b = LiveChecker(small, year=2021, engine="polars").check(rec)
    assert a == b and a.finding("t.uni").verdict == "complies"
    assert a.to_dict()["findings"][0]["rule_id"] == "t.uni"


def test_bad_arguments(small: Pack) -> None:
    from compliance import UsageError

    with pytest.raises(UsageError):
        LiveChecker(small, "2021-13-01")
    with pytest.raises(UsageError):
        LiveChecker(small, "2021-01-01", year=2021)
    with pytest.raises(UsageError):
        LiveChecker(small, year=2021, engine="drools")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        LiveChecker(small, year=2021).check(["not", "a", "dict"])  # type: ignore[arg-type]
    assert issubclass(DataError, Exception)


def test_check_many_equals_check_in_turn(small: Pack) -> None:
    rows = [{"单位编码": f"v{i}", "单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": ["是", "否", None][i % 3]}
            for i in range(6)] + [{"单位类别": "高校", "县区": "弋江区", "在校学生数": "4001", "心理专业教师数": "1"}]
    one, many = LiveChecker(small, year=2021), LiveChecker(small, year=2021)
    assert [one.check(r) for r in rows] == many.check_many(rows)
    assert one.report().findings == many.report().findings and len(many) == 7
    # a bad record or a kept id: read one by one, each with its own problems
    bad = [{"单位编码": "w1", "单位类别": "村", "县区": "镜湖区"}, {"单位编码": "v0", "单位类别": "村", "县区": "镜湖区"},
           {"单位编码": "w2", "单位类别": "村", "县区": "镜胡区"}]
    results = many.check_many(bad)
    assert [r.accepted for r in results] == [True, False, False]
    assert [[p.code for p in r.problems] for r in results] == [[], ["C006"], ["C007"]]
    assert many.check_many([]) == [] and len(many) == 8
