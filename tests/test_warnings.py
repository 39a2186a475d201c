"""Completeness and consistency warnings (W010–W014): structured, rendered in every format, counted in the
summary, and never a change of verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance import api
from compliance.findings import Report, ReportWarning
from compliance.render import render

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wuhu():
    return api.load_pack(REPO / "rules" / "wuhu", check_quotes=False)


UNITS = [{"单位编码": f"V{i}", "单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": "是"} for i in range(5)]
INDICATORS = [
    {"地区": "芜湖市", "年份": "2021", "指标": "smd_standardized_management_rate", "分子": "90", "分母": "100"},
    {"地区": "镜湖区", "年份": "2021", "指标": "smd_standardized_management_rate", "分子": "50", "分母": "60"},
    {"地区": "弋江区", "年份": "2021", "指标": "smd_standardized_management_rate", "分子": "30", "分母": "50"},
    {"地区": "芜湖市", "年份": "2019", "指标": "leading_group_headed_by_leader", "数值": "是"},
]


def _report(pack, monkeypatch=None, off: bool = False) -> Report:
    census = api.load_census(pack, UNITS, INDICATORS)
    if off:
        from compliance import completeness

        monkeypatch.setattr(completeness, "census_warnings", lambda *a, **k: [])
    return api.check(pack, census, year=2021)


def test_completeness_and_consistency_warnings(wuhu):
    report = _report(wuhu)
    by = {}
    for w in report.warnings:
        assert isinstance(w, ReportWarning) and w.message_zh and w.message_en
        by.setdefault(w.code, []).append(w)
    # counties with no units: the seven besides 镜湖区
    assert "弋江区" in by["W012"][0].message_zh and "镜湖区" not in by["W012"][0].message_zh
    # scopes with no units at all (universities, hospitals …), each naming its rules
    assert any("高等院校" in w.message_zh for w in by["W010"])
    # two of eight counties already have denominators adding up to more than the city's
    w013 = by["W013"][0]
    assert w013.indicator == "smd_standardized_management_rate" and w013.region == "芜湖市"
    assert "分母" in w013.message_zh and "110" in w013.message_zh and "100" in w013.message_zh
    assert "分子" not in w013.message_zh          # 80 of 90 so far: no contradiction yet
    # a fact known only for 2019, checked as of 2021
    w014 = by["W014"][0]
    assert w014.indicator == "leading_group_headed_by_leader" and "2019" in w014.message_zh
    assert report.summary.warnings == len(report.warnings)
    assert report.summary.warnings_by_code["W013"] == 1


def test_warnings_never_change_a_verdict(wuhu, monkeypatch):
    with_warnings = _report(wuhu)
    assert with_warnings.warnings
    without = _report(wuhu, monkeypatch, off=True)
    assert not [w for w in without.warnings if w.code in ("W010", "W012", "W013", "W014")]
    assert [(f.rule_id, f.verdict) for f in with_warnings.findings] == \
        [(f.rule_id, f.verdict) for f in without.findings]
    assert with_warnings.summary.exit_code == without.summary.exit_code


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_warnings_in_every_format(wuhu, fmt, lang):
    report = _report(wuhu)
    w = next(w for w in report.warnings if w.code == "W013")
    out = render(report, fmt, lang)
    if fmt == "json":
        data = json.loads(out)
        assert {"code": "W013", "indicator": "smd_standardized_management_rate"}.items() <= \
            next(x for x in data["warnings"] if x["code"] == "W013").items()
        assert Report.model_validate_json(out).warnings == report.warnings
    else:
        text = " ".join(out.split())
        assert "W013" in text and " ".join(w.message(lang).split())[:30] in text
        assert ("提示" if lang == "zh" else "warnings") in text      # in the summary line too


def test_expected_units_from_the_pack():
    pack = api.load_pack(REPO / "rules" / "sishui", check_quotes=True)    # quotes checked verbatim
    thc = next(e for e in pack.expected_units if e.kinds == ("township_health_center",))
    assert thc.count == 14
    units = [{"单位编码": f"H{i}", "单位类别": "乡镇卫生院", "乡镇街道": town}
             for i, town in enumerate(pack.region.units[:6])]
    report = api.check(pack, api.load_census(pack, units), year=2023)
    w011 = [w for w in report.warnings if w.code == "W011"]
    assert any("乡镇卫生院」有 6 个，少于文件" in w.message_zh and "14 个" in w.message_zh for w in w011)
    assert any("县人民医院" in w.message_zh for w in w011)     # the named county hospitals: none in the census
