"""Year-over-year duties (issue 7 §8): `baseline:` compares a rule's measure with the same measure on the
previous period's snapshot (`--baseline`)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance import check, load_census, load_pack
from compliance.cli import main
from compliance.diagnostics import PackError

from .conftest import make_workspace
from .packs import MGMT, village_rule, villages, write_pack

RATE = MGMT.replace("  - id: t.mgmt", "  - id: t.rate").replace(
    '    target: ">= 80%"\n', '    target: ">= 80%"\n    baseline: {change: increase}\n')
RATE_ONLY = MGMT.replace("  - id: t.mgmt", "  - id: t.up").replace(
    '    target: ">= 80%"\n', "    baseline: {change: increase, min_change: 2%}\n")
DOWN = MGMT.replace("  - id: t.mgmt", "  - id: t.down").replace(
    '    target: ">= 80%"\n', "    baseline: {change: decrease}\n")
KEEP = MGMT.replace("  - id: t.mgmt", "  - id: t.keep").replace(
    '    target: ">= 80%"\n', "    baseline: {change: not_below}\n")
ROOMS_UP = village_rule().replace("  - id: t.village", "  - id: t.rooms_up").replace(
    '    target: ">= 80%"\n    milestones: {2019: ">= 60%", 2020: ">= 70%", 2021: ">= 80%"}\n',
    "    baseline: {change: increase, until: 100%}\n    due: 2020-12-31\n")


def ind(year, value, region="芜湖市"):
    return {"地区": region, "年份": year, "指标": "规范管理率", "数值": value}


@pytest.fixture
def pack(workspace):
    return load_pack(write_pack(workspace, RATE + RATE_ONLY + DOWN + KEEP + ROOMS_UP))


def run(pack, cur_ind=(), old_ind=None, cur_units=None, old_units=None, as_of="2021-12-31"):
    cur = load_census(pack, cur_units, list(cur_ind) or None)
    old = None if old_ind is None and old_units is None else load_census(pack, old_units, old_ind or None)
    return check(pack, cur, as_of, baseline=old)


def verdicts(report):
    return {f.rule_id: f.verdict for f in report.findings}


def test_change_on_a_rate_in_percentage_points(pack):
    r = run(pack, [ind(2021, "85%")], [ind(2020, "84%")])
    v = verdicts(r)
    assert v["t.rate"] == "pass" and v["t.keep"] == "pass" and v["t.down"] == "fail"
    assert v["t.up"] == "fail"                      # +1 point, at least 2 asked for
    f = r.finding("t.up")
    b = f.baseline
    assert (b.year, b.baseline_year, b.current, b.previous, b.difference) == (2021, 2020, "85%", "84%", "+1 个百分点")
    assert b.difference_value == "1/100" and b.verdict == "fail" and b.provided
    assert "2020年 84% → 2021年 85%" in f.explanation_zh and "+1 percentage points" in f.explanation_en
    assert f.target is not None and f.target.comparator == "increase" and "至少 2 个百分点" in f.target.text_zh
    assert verdicts(run(pack, [ind(2021, "86%")], [ind(2020, "84%")]))["t.up"] == "pass"


def test_equal_figures_keep_but_do_not_increase(pack):
    v = verdicts(run(pack, [ind(2021, "84%")], [ind(2020, "84%")]))
    assert (v["t.keep"], v["t.rate"], v["t.down"]) == ("pass", "fail", "fail")


def test_a_missing_baseline_is_insufficient_data_never_a_pass(pack):
    r = run(pack, [ind(2021, "99%")])
    for rule in ("t.rate", "t.up", "t.down", "t.keep"):
        f = r.finding(rule)
        assert f.verdict == "insufficient_data" and not f.baseline.provided
        assert "未提供上期数据" in f.explanation_zh and "no baseline given" in f.explanation_en
        assert not re.search(r"[A-Za-z]", f.baseline.text_zh)      # Chinese text is Chinese
    assert r.summary.exit_code == 1
    # a baseline without the previous year's figure: an older year never stands in for it
    f = run(pack, [ind(2021, "99%")], [ind(2019, "50%")]).finding("t.rate")
    assert f.verdict == "insufficient_data" and "上期（2020年）无数据" in f.explanation_zh


def test_the_current_year_must_have_its_own_figure(pack):
    # the current snapshot has only 2020 (stale): the target reads it, the change for 2021 is unknown
    r = run(pack, [ind(2020, "85%")], [ind(2020, "80%")])
    assert r.finding("t.rate").verdict == "insufficient_data"
    assert "本期（2021年）无数据" in r.finding("t.rate").explanation_zh


def test_a_failing_target_stays_failing_whatever_the_change(pack):
    assert verdicts(run(pack, [ind(2021, "70%")], [ind(2020, "50%")]))["t.rate"] == "fail"
    assert verdicts(run(pack, [ind(2021, "70%")]))["t.rate"] == "fail"


def test_one_table_of_several_years_may_be_its_own_baseline(pack):
    rows = [ind(2020, "84%"), ind(2021, "85%")]
    assert verdicts(run(pack, rows, rows))["t.rate"] == "pass"


def test_unit_shares_compare_and_stop_at_the_ceiling(pack):
    old = villages(7, 3)
    assert verdicts(run(pack, cur_units=villages(8, 2), old_units=old))["t.rooms_up"] == "pass"
    assert verdicts(run(pack, cur_units=villages(7, 3), old_units=old))["t.rooms_up"] == "fail"
    # 100% both years: nothing left to increase
    assert verdicts(run(pack, cur_units=villages(10, 0), old_units=villages(10, 0)))["t.rooms_up"] == "pass"
    # not due before its first comparison
    assert verdicts(run(pack, cur_units=villages(7, 3), old_units=old, as_of="2020-06-30"))["t.rooms_up"] == "not_due"


def test_missing_unit_values_widen_the_change(pack):
    # 7 yes, 1 no, 2 unknown now (70%–90%) against 7 of 10 before: could be equal, could be higher
    cur = villages(7, 1, 2)
    f = run(pack, cur_units=cur, old_units=villages(7, 3)).finding("t.rooms_up")
    assert f.verdict == "insufficient_data" and f.baseline.current == "70%–90%"
    # against 6 of 10 before, every possible value is higher
    assert run(pack, cur_units=cur, old_units=villages(6, 4)).finding("t.rooms_up").verdict == "pass"


def test_per_county_comparison(workspace):
    body = ROOMS_UP.replace("    at: region\n", "    at: county\n")
    p = load_pack(write_pack(workspace, body))
    cur = villages(8, 2) + villages(5, 5, county="弋江区")
    old = villages(7, 3) + villages(6, 4, county="弋江区")
    f = run(p, cur_units=cur, old_units=old).finding("t.rooms_up")
    assert f.verdict == "fail"
    rows = {a.region: a for a in f.baseline.areas}
    assert rows["镜湖区"].verdict == "pass" and rows["弋江区"].verdict == "fail"
    assert rows["弋江区"].change == "−10 个百分点" and "弋江区（60% → 50%" in f.explanation_zh


@pytest.mark.parametrize("baseline, message", [
    ("{change: grow}", "E100"),
    ("{change: not_below, min_change: 2%}", "min_change"),
    ("{change: increase, min_change: -2%}", "positive"),
    ("{change: increase, min_change: 2 人}", "min_change"),
    ("{change: increase, year: 12}", "not a year"),
])
def test_invalid_baselines_are_located_errors(workspace, baseline, message):
    body = MGMT.replace('    target: ">= 80%"\n', f'    target: ">= 80%"\n    baseline: {baseline}\n')
    with pytest.raises(PackError) as exc:
        load_pack(write_pack(workspace, body))
    text = exc.value.render()
    assert message in text and "pack.yaml:" in text


def test_baseline_only_on_figures(workspace):
    from .packs import LEADING

    body = LEADING.replace("    due: 2019-12-31\n", "    baseline: {change: increase}\n")
    with pytest.raises(PackError) as exc:
        load_pack(write_pack(workspace, body))
    assert "E116" in exc.value.render() and "exists" in exc.value.render()


# ---- property: a baseline never turns a failing target into a pass --------------------------------

_RANK = {"not_applicable": 0, "pass": 1, "not_due": 2, "insufficient_data": 3, "fail": 4}

_PROP_WS: dict[str, object] = {}


def _prop_pack(tmp_path_factory):
    if "pack" not in _PROP_WS:
        ws = make_workspace(tmp_path_factory.mktemp("baseline-prop"))
        plain = village_rule(">= 70%").replace("  - id: t.village", "  - id: t.plain").replace(
            '    milestones: {2019: ">= 60%", 2020: ">= 70%", 2021: ">= 80%"}\n', "")
        bodies = [plain]
        for i, b in enumerate(["{change: increase}", "{change: decrease}", "{change: not_below}",
                               "{change: increase, min_change: 5%, until: 90%}"]):
            bodies.append(plain.replace("t.plain", f"t.b{i}").replace(
                '    target: ">= 70%"\n', f'    target: ">= 70%"\n    baseline: {b}\n'))
        indicator = MGMT.replace("  - id: t.mgmt", "  - id: t.ind_plain")
        bodies.append(indicator)
        bodies.append(indicator.replace("t.ind_plain", "t.ind_b").replace(
            '    target: ">= 80%"\n', '    target: ">= 80%"\n    baseline: {change: increase}\n'))
        _PROP_WS["pack"] = load_pack(write_pack(ws, "".join(bodies)))
    return _PROP_WS["pack"]


counts = st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(0, 3))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(now=counts, before=st.none() | counts, rate=st.none() | st.integers(0, 100),
       old_rate=st.none() | st.integers(0, 100))
def test_a_baseline_never_makes_a_failing_target_pass(tmp_path_factory, now, before, rate, old_rate):
    pack = _prop_pack(tmp_path_factory)
    cur_ind = [ind(2021, f"{rate}%")] if rate is not None else None
    old_ind = [ind(2020, f"{old_rate}%")] if old_rate is not None else None
    cur = load_census(pack, villages(*now) or None, cur_ind)
    old = load_census(pack, villages(*before) or None, old_ind) if before is not None else None
    report = check(pack, cur, "2021-12-31", baseline=old)
    v = verdicts(report)
    for rule in ("t.b0", "t.b1", "t.b2", "t.b3"):
        assert _RANK[v[rule]] >= _RANK[v["t.plain"]] or v["t.plain"] == "not_applicable"
        if v["t.plain"] == "fail":
            assert v[rule] == "fail"
        if v[rule] == "pass":
            assert v["t.plain"] == "pass" and old is not None
    assert _RANK[v["t.ind_b"]] >= _RANK[v["t.ind_plain"]]
    if v["t.ind_b"] == "pass":
        assert old_ind is not None and rate is not None and old_rate is not None and rate > old_rate


# ---- command line ---------------------------------------------------------------------------------

def _csv(path, rows):
    keys = list(dict.fromkeys(k for r in rows for k in r))
    path.write_text("\n".join([",".join(keys)] + [",".join(str(r.get(k, "")) for k in keys) for r in rows]) + "\n",
                    encoding="utf-8")
    return path


def test_cli_check_with_baseline(workspace):
    folder = write_pack(workspace, RATE)
    cur = _csv(workspace / "now-indicators.csv", [ind(2021, "85%")])
    units = _csv(workspace / "now.csv", [{"单位编码": "v1", "单位类别": "村", "县区": "镜湖区"}])
    old = _csv(workspace / "before.csv", [{"单位编码": "v1", "单位类别": "村", "县区": "镜湖区"}])
    _csv(workspace / "before-indicators.csv", [ind(2020, "80%")])
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(folder), "--census", str(units), "--baseline", str(old),
                               "--year", "2021", "--format", "json"])
    assert res.exit_code == 0, res.output
    f = json.loads(res.output)["findings"][0]
    assert f["verdict"] == "pass" and f["baseline"]["difference"] == "+5 个百分点"
    assert f["baseline"]["previous"] == "80%" and f["baseline"]["current"] == "85%"
    # the same check without a baseline: insufficient data, exit 1
    res = runner.invoke(main, ["check", str(folder), "--indicators", str(cur), "--year", "2021"])
    assert res.exit_code == 1 and "未提供上期数据" in res.output
    # an indicators table as the baseline, English output
    res = runner.invoke(main, ["check", str(folder), "--indicators", str(cur), "--baseline-indicators",
                               str(workspace / "before-indicators.csv"), "--year", "2021", "--lang", "en",
                               "--format", "markdown"])
    assert res.exit_code == 0, res.output
    # --baseline with --baseline-units is a usage error
    res = runner.invoke(main, ["check", str(folder), "--indicators", str(cur), "--baseline", str(old),
                               "--baseline-units", str(old), "--year", "2021"])
    assert res.exit_code == 2


def test_yearly_unit_rules_compare_each_snapshot_on_its_own_year(workspace):
    body = ROOMS_UP.replace("    due: 2020-12-31\n", "    period: year\n")
    p = load_pack(write_pack(workspace, body))

    def year(rows, y):
        return [dict(r, data_year=y) for r in rows]

    ok = run(p, cur_units=year(villages(8, 2), 2021), old_units=year(villages(7, 3), 2020))
    assert ok.finding("t.rooms_up").verdict == "pass"
    # the baseline's units report 2019: they say nothing about 2020, so the change is unknown
    stale = run(p, cur_units=year(villages(8, 2), 2021), old_units=year(villages(7, 3), 2019))
    assert stale.finding("t.rooms_up").verdict == "insufficient_data"


def test_case_baseline_rows_are_bounded(workspace):
    from compliance.pack import load_cases

    folder = write_pack(workspace, ROOMS_UP)
    (folder / "cases").mkdir()
    (folder / "cases" / "c.yaml").write_text(
        "cases:\n  - rule: t.rooms_up\n    name: too many\n    as_of: 2021-12-31\n    units: []\n"
        "    baseline:\n      units:\n        - {repeat: 20000, kind: village, county: 镜湖区}\n"
        "    expect: pass\n", encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_cases(load_pack(folder))
    assert "E161" in exc.value.render() and "c.yaml:8:" in exc.value.render()


def test_counts_compare_in_units_and_not_above(workspace):
    from .packs import HOTLINE

    body = HOTLINE.replace("    target: between 1 and 2\n", "    baseline: {change: increase, min_change: 2}\n")
    body += HOTLINE.replace("t.hotline", "t.hotline_cap").replace(
        "    target: between 1 and 2\n", "    target: between 1 and 2\n    baseline: {change: not_above}\n")
    p = load_pack(write_pack(workspace, body))

    def lines(n):
        return [{"id": f"h{i}", "kind": "心理热线", "county": "镜湖区", "is_24h": "是"} for i in range(n)]

    assert verdicts(run(p, cur_units=lines(2), old_units=lines(0))) == {"t.hotline": "pass", "t.hotline_cap": "fail"}
    assert verdicts(run(p, cur_units=lines(2), old_units=lines(2))) == {"t.hotline": "fail", "t.hotline_cap": "pass"}
    r = run(p, cur_units=lines(2), old_units=lines(1))
    assert verdicts(r) == {"t.hotline": "fail", "t.hotline_cap": "fail"}
    assert r.finding("t.hotline").baseline.difference == "+1"
    assert "at least 2" in r.finding("t.hotline").explanation_en
