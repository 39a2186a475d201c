"""Stale and inconsistent statistics are never used silently (issue 7 §2): the year read is stated,
older data warns (W014, non-periodic rules only), county rows that do not add up to the region's warn
with both figures (W013), and breakdown rows of indicator rules carry numerator and denominator."""

from compliance import check, load_census, load_pack

from .packs import MGMT, write_pack

MONTHLY_MGMT = MGMT.replace("  - id: t.mgmt", "  - id: t.mgmt_monthly").replace(
    '    target: ">= 80%"\n', '    target: ">= 80%"\n    period: month\n')


def run(workspace, body, indicators, as_of="2021-12-31"):
    pack = load_pack(write_pack(workspace, body))
    return check(pack, load_census(pack, None, indicators), as_of)


def row(region, year, value=None, num=None, den=None, period=None):
    r = {"地区": region, "年份": year, "指标": "规范管理率"}
    if value is not None:
        r["数值"] = value
    if num is not None:
        r["分子"], r["分母"] = num, den
    if period is not None:
        r["期间"] = period
    return r


def test_the_year_read_is_stated_and_stale_data_warns(workspace):
    report = run(workspace, MGMT, [row("芜湖市", 2019, "85%"), row("芜湖市", 2021, "75%", period="2021-03")])
    f = report.finding("t.mgmt")
    assert f.data_year == 2019 and f.verdict == "pass"
    assert "采用2019年数据" in f.explanation_zh and "无2021年数据" in f.explanation_zh
    assert "2019 figure; none for 2021" in f.explanation_en
    # the monthly row of 2021 does not make the indicator current: the rule read 2019
    w014 = [w for w in report.warnings if w.code == "W014"]
    assert len(w014) == 1 and "2019" in w014[0].message_zh and w014[0].indicator == "smd_standardized_management_rate"


def test_current_data_says_its_year_and_does_not_warn(workspace):
    report = run(workspace, MGMT, [row("芜湖市", 2019, "85%"), row("芜湖市", 2021, "82%")])
    f = report.finding("t.mgmt")
    assert f.data_year == 2021 and "（2021年数据）" in f.explanation_zh
    assert not [w for w in report.warnings if w.code == "W014"]


def test_periodic_rules_never_raise_the_stale_warning(workspace):
    # only the monthly rule reads the indicator: its missing months are insufficient data, not stale data
    body = MONTHLY_MGMT
    report = run(workspace, body, [row("芜湖市", 2020, "85%")])
    assert report.finding("t.mgmt_monthly").verdict == "insufficient_data"
    assert not [w for w in report.warnings if w.code == "W014"]
    # with a non-periodic rule on the same indicator the warning is back
    report = run(workspace, body + MGMT, [row("芜湖市", 2020, "85%")])
    assert [w.code for w in report.warnings if w.code == "W014"] == ["W014"]


def test_county_rows_that_do_not_add_up_warn_with_both_figures(workspace):
    body = MGMT.replace("    target:", "    at: county\n    target:")
    ind = [row("芜湖市", 2021, num=100, den=120), row("镜湖区", 2021, num=60, den=70),
           row("弋江区", 2021, num=50, den=60)]
    report = run(workspace, body, ind)
    w = [w for w in report.warnings if w.code == "W013"]
    assert len(w) == 1
    text = w[0].message_zh
    assert "分子之和为 110" in text and "为 100" in text and "分母之和为 130" in text and "为 120" in text
    assert "numerators" in w[0].message_en and "denominators" in w[0].message_en
    f = report.finding("t.mgmt")
    rows = {b.region: b for b in f.breakdown}
    assert (rows["镜湖区"].numerator, rows["镜湖区"].denominator) == ("60", "70")
    assert (rows["弋江区"].numerator, rows["弋江区"].denominator) == ("50", "60")
    assert (f.numerator, f.denominator) == ("100", "120")


def test_consistent_county_rows_do_not_warn(workspace):
    body = MGMT.replace("    target:", "    at: county\n    target:")
    ind = [row("芜湖市", 2021, num=110, den=130), row("镜湖区", 2021, num=60, den=70),
           row("弋江区", 2021, num=50, den=60)]
    assert not [w for w in run(workspace, body, ind).warnings if w.code == "W013"]


def test_year_over_year_rules_without_a_target_do_not_raise_the_stale_warning(workspace):
    body = MGMT.replace('    target: ">= 80%"\n', "    baseline: {change: increase}\n")
    report = run(workspace, body, [row("芜湖市", 2020, "85%")])
    f = report.finding("t.mgmt")
    assert f.verdict == "insufficient_data" and "本期（2021年）无数据" in f.explanation_zh
    assert not [w for w in report.warnings if w.code == "W014"]
