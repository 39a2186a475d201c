"""Periodic duties (issue 7 §1), named units (§4) and precedence between conflicting rules (§5)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from compliance import check, load_census, load_pack
from compliance.periods import Period, PeriodSpec, window

from .packs import LEADING, MGMT, village_rule, villages, write_pack


def run(workspace, body, units=None, indicators=None, as_of="2021-12-31"):
    pack = load_pack(write_pack(workspace, body))
    return check(pack, load_census(pack, units, indicators), as_of)


MONTHLY = LEADING.replace("    due: 2019-12-31\n", "    period: month\n")


def months(year, value_of):
    return [{"地区": "芜湖市", "年份": year, "期间": f"{year}-{m:02d}", "指标": "成立领导小组", "数值": value_of(m)}
            for m in range(1, 13)]


def test_window_is_the_closed_periods_of_the_latest_year():
    assert [p.key for p in window("month", dt.date(2021, 3, 31))] == ["2021-01", "2021-02", "2021-03"]
    assert [p.key for p in window("year", dt.date(2021, 6, 30))] == ["2020"]
    assert [p.key for p in window("quarter", dt.date(2021, 2, 1))] == ["2020Q1", "2020Q2", "2020Q3", "2020Q4"]
    assert PeriodSpec.parse("2023").window(dt.date(2024, 12, 31)) == [Period.parse("2023")]


def test_every_month_means_each_month_has_its_event(workspace):
    assert run(workspace, MONTHLY, None, months(2021, lambda m: "是")).finding("t.lg").verdict == "pass"
    f = run(workspace, MONTHLY, None, months(2021, lambda m: "否" if m == 7 else "是")).finding("t.lg")
    assert f.verdict == "fail"
    assert f.measured == "否" and "记录为“否”的期间：2021年7月" in f.explanation_zh    # the failing month, not December's 是
    rows = [r for r in months(2021, lambda m: "是") if not r["期间"].endswith("-05")]
    f = run(workspace, MONTHLY, None, rows).finding("t.lg")
    assert f.verdict == "insufficient_data"
    assert "2021年5月" in f.explanation_zh


def test_a_monthly_duty_is_judged_from_its_first_due_month(workspace):
    """Due from 2021-07-31: July–December decide; the months before it are neither needed nor read."""
    body = LEADING.replace("    due: 2019-12-31\n", "    period: month\n    due: 2021-07-31\n")
    later = [r for r in months(2021, lambda m: "否" if m < 7 else "是") if r["期间"] >= "2021-07"]
    assert run(workspace, body, None, later).finding("t.lg").verdict == "pass"
    every = months(2021, lambda m: "否" if m < 7 else "是")
    assert run(workspace, body, None, every).finding("t.lg").verdict == "pass"
    f = run(workspace, body, None, [r for r in later if r["期间"] != "2021-09"]).finding("t.lg")
    assert f.verdict == "insufficient_data" and "2021年9月" in f.explanation_zh
    assert PeriodSpec.parse("month").window(dt.date(2022, 1, 15), dt.date(2021, 7, 31))[0].key == "2021-07"


def test_a_whole_year_row_does_not_stand_for_its_months(workspace):
    ind = [{"地区": "芜湖市", "年份": 2021, "指标": "成立领导小组", "数值": "是"}]
    assert run(workspace, MONTHLY, None, ind).finding("t.lg").verdict == "insufficient_data"


def test_fixed_period_ignores_other_years(workspace):
    body = MGMT.replace('    target: ">= 80%"\n', '    target: ">= 80%"\n    period: "2023"\n')
    ind = [{"地区": "芜湖市", "年份": 2023, "指标": "规范管理率", "数值": "70%"},
           {"地区": "芜湖市", "年份": 2024, "指标": "规范管理率", "数值": "95%"}]
    f = run(workspace, body, None, ind, as_of="2024-12-31").finding("t.mgmt")
    assert f.verdict == "fail"
    assert run(workspace, body, None, ind[1:], as_of="2024-12-31").finding("t.mgmt").verdict == "insufficient_data"


@settings(max_examples=25, deadline=None)
@given(other=st.lists(st.tuples(st.integers(2015, 2030), st.sampled_from(["40%", "95%"])), max_size=4),
       value=st.sampled_from(["40%", "95%", None]))
def test_another_periods_value_never_decides(tmp_path_factory, other, value):
    """The verdict of a yearly rule as of 2021-12-31 depends on the 2021 row alone."""
    from .conftest import make_workspace
    workspace = make_workspace(tmp_path_factory.mktemp("w"))
    body = MGMT.replace('    target: ">= 80%"\n', '    target: ">= 80%"\n    period: year\n')
    rows = [{"地区": "芜湖市", "年份": y, "指标": "规范管理率", "数值": v} for y, v in dict(other).items() if y != 2021]
    if value is not None:
        rows.append({"地区": "芜湖市", "年份": 2021, "指标": "规范管理率", "数值": value})
    expected = {None: "insufficient_data", "40%": "fail", "95%": "pass"}[value]
    assert run(workspace, body, None, rows or None).finding("t.mgmt").verdict == expected


def test_unit_rule_with_period_reads_only_that_years_rows(workspace):
    body = village_rule().replace("    at: region\n", "    at: region\n    period: year\n")
    rows = villages(8, 2)
    for r in rows:
        r["统计年度"] = 2019
    f = run(workspace, body, rows).finding("t.village")
    assert f.verdict == "insufficient_data"
    for r in rows:
        r["统计年度"] = 2021
    assert run(workspace, body, rows).finding("t.village").verdict == "pass"


NAMED = """  - id: t.named
    title: {zh: 县级医院心理门诊, en: named hospitals}
    source: {clause: "三、(二) 5.(1)", quote: "设立心理门诊"}
    strength: binding
    scope: {kinds: [general_hospital, tcm_hospital], names: [芜湖市第一人民医院, {name: 芜湖市中医医院, aliases: [市中医院]}]}
    measure: each
    condition: has_psych_clinic
"""


def test_named_units_only_and_missing_named_unit_is_unknown(workspace):
    units = [{"id": "h1", "name": "芜湖市第一人民医院", "kind": "综合医院", "county": "镜湖区", "has_psych_clinic": "是"},
             {"id": "h2", "name": "市中医院", "kind": "中医医院", "county": "镜湖区", "has_psych_clinic": "是"},
             {"id": "h3", "name": "某乡镇卫生院", "kind": "综合医院", "county": "镜湖区", "has_psych_clinic": "否"}]
    assert run(workspace, NAMED, units).finding("t.named").verdict == "pass"
    f = run(workspace, NAMED, units[::2]).finding("t.named")
    assert f.verdict == "insufficient_data"
    assert f.named_missing == ["芜湖市中医医院"]


def conflict_pair(operative):
    a = village_rule().replace("t.village", "t.text").replace('    milestones: {2019: ">= 60%", 2020: ">= 70%", 2021: ">= 80%"}\n', "")
    a = a.replace('target: ">= 80%"', 'target: "= 100%"')
    b = village_rule().replace("t.village", "t.table")
    def ref(other):
        return ("    conflicts:\n      - {with: " + other + ", note_zh: 正文与分解表不一致, note_en: text and table differ, "
                "operative: " + operative + ", reason_zh: 分解表细化, reason_en: the table schedules it}\n")
    return a + ref("t.table") + b + ref("t.text")


@settings(max_examples=20, deadline=None)
@given(n_yes=st.integers(0, 10), operative=st.sampled_from(["t.text", "t.table", "both"]))
def test_exit_code_never_depends_on_a_superseded_rule(tmp_path_factory, n_yes, operative):
    from .conftest import make_workspace
    workspace = make_workspace(tmp_path_factory.mktemp("w"))
    report = run(workspace, conflict_pair(operative), villages(n_yes, 10 - n_yes))
    text, table = report.finding("t.text"), report.finding("t.table")
    if operative == "both":
        binding = [text, table]
    else:
        binding = [text if operative == "t.text" else table]
        other = table if operative == "t.text" else text
        assert other.severity == "superseded" and other.superseded_by == operative
    assert report.summary.binding_failed == sum(f.verdict == "fail" for f in binding)
    assert report.summary.exit_code == (1 if any(f.verdict == "fail" for f in binding) else 0)


def test_towns_of_one_name_in_two_counties_are_two_towns(workspace):
    """A per-town duty: 城关镇 of 镜湖区 meets it and 城关镇 of 弋江区 does not. Merged by name they would
    reach 50%; told apart by county, one town fails and the breakdown names it."""
    body = village_rule(target=">= 80%", at="town")
    rows = villages(4, 0) + villages(0, 4, county="弋江区") + villages(4, 1)
    for r in rows[:8]:
        r["town"] = "城关镇"
    for i, r in enumerate(rows[8:]):
        r["town"], r["id"] = "湾里街道", f"w{i}"
    f = run(workspace, body, rows).finding("t.village")
    assert f.verdict == "fail"
    by_area = {b.region: b.verdict for b in f.breakdown if b.verdict}
    assert by_area == {"城关镇（镜湖区）": "pass", "城关镇（弋江区）": "fail", "湾里街道": "pass"}


def test_region_indicator_findings_carry_each_years_figure(workspace):
    """Progress over the years (the HTML chart): the region's whole-year figure of every year up to the
    as-of year, exact; monthly rows and other regions never enter it."""
    from compliance.render import render

    ind = [{"地区": "芜湖市", "年份": y, "指标": "规范管理率", "数值": v}
           for y, v in ((2019, "70%"), (2020, "75%"), (2021, "78%"), (2022, "99%"))]
    ind.append({"地区": "镜湖区", "年份": 2020, "指标": "规范管理率", "数值": "10%"})
    report = run(workspace, MGMT, None, ind)
    f = report.finding("t.mgmt")
    assert [(h.year, h.measured_value) for h in f.history] == [(2019, "7/10"), (2020, "3/4"), (2021, "39/50")]
    assert "历年数据" in render(report, "html", "zh")
