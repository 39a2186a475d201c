"""Evaluation semantics (README “Evaluation semantics”), one test per rule of them."""

import datetime as dt

import pytest

from compliance import check, load_census, load_pack

from .packs import FEATURED, HOTLINE, LEADING, MGMT, UNIVERSITY, village_rule, villages, write_pack


def run(workspace, body, units=None, indicators=None, as_of="2021-12-31"):
    pack = load_pack(write_pack(workspace, body))
    census = load_census(pack, units, indicators)
    return check(pack, census, as_of)


def test_boundary_is_exact_56_of_70_is_80_percent(workspace):
    report = run(workspace, village_rule(), villages(56, 14))
    f = report.finding("t.village")
    assert f.verdict == "pass"
    assert (f.numerator, f.denominator, f.measured_value) == (56, 70, "4/5")
    report = run(workspace, village_rule(), villages(55, 15))
    f = report.finding("t.village")
    assert f.verdict == "fail"
    assert f.gap.units == 1


@pytest.mark.parametrize("spelling", [">= 80%", ">= 0.8", ">= 800‰", "≥80%"])
def test_threshold_spellings_agree(workspace, spelling):
    assert run(workspace, village_rule(spelling), villages(56, 14)).finding("t.village").verdict == "pass"
    assert run(workspace, village_rule(spelling), villages(55, 15)).finding("t.village").verdict == "fail"


@pytest.mark.parametrize(("as_of", "verdict", "target"), [
    ("2019-06-30", "not_due", "≥60%"),          # nothing due yet: progress toward the first milestone
    ("2019-12-31", "pass", "≥60%"),            # 2019 milestone due on 12-31
    ("2020-12-31", "pass", "≥70%"),
    ("2021-12-31", "fail", "≥80%"),
    ("2030-01-01", "fail", "≥80%"),            # after the last milestone it stays in force
])
def test_milestone_in_force(workspace, as_of, verdict, target):
    f = run(workspace, village_rule(), villages(75, 25), as_of=as_of).finding("t.village")
    assert (f.verdict, f.target.text_zh) == (verdict, target)


def test_next_milestone_is_reported(workspace):
    f = run(workspace, village_rule(), villages(75, 25), as_of="2019-12-31").finding("t.village")
    assert f.next_target.text_zh == "≥70%" and f.next_target.milestone_en == "end of 2020"


def test_missing_values_that_could_change_the_verdict_give_insufficient_data(workspace):
    f = run(workspace, village_rule(), villages(54, 14, n_unknown=2)).finding("t.village")
    assert f.verdict == "insufficient_data"
    assert f.missing == 2
    assert "至少 2 个" in f.missing_note_zh
    assert f.evidence.column("status").count("unknown") == 2


def test_missing_values_that_cannot_change_the_verdict_are_listed(workspace):
    f = run(workspace, village_rule(), villages(60, 10, n_unknown=2)).finding("t.village")
    assert f.verdict == "pass"  # 60/72 ≥ 80% even if both unknowns fail
    assert f.missing == 2 and f.evidence.rows == 12
    f = run(workspace, village_rule(), villages(10, 60, n_unknown=2)).finding("t.village")
    assert f.verdict == "fail"


def test_nothing_in_scope_is_not_applicable(workspace):
    units = [{"id": "s1", "kind": "小学", "county": "镜湖区"}]
    f = run(workspace, village_rule(), units).finding("t.village")
    assert f.verdict == "not_applicable"
    assert f.ledger.out_of_scope == 1 and f.ledger.out_of_scope_reasons == {"kind": 1}


def test_each_reports_the_shortfall_per_unit(workspace):
    units = [{"id": "u1", "name": "甲大学", "kind": "高校", "county": "镜湖区", "students": 9000, "psych_teachers": 1},
             {"id": "u2", "name": "乙学院", "kind": "高校", "county": "弋江区", "students": 4000, "psych_teachers": 1}]
    f = run(workspace, UNIVERSITY, units).finding("t.uni")
    assert f.verdict == "fail"
    assert f.evidence.column("id") == ["u1"]
    assert f.evidence.column("shortfall_psych_teachers") == [2]  # 9000 students need 3 teachers


def test_count_between_and_where(workspace):
    base = {"kind": "心理热线", "county": "镜湖区"}
    units = [{**base, "id": "h1", "is_24h": "是"}, {**base, "id": "h2", "is_24h": "否"}]
    f = run(workspace, HOTLINE, units).finding("t.hotline")
    assert f.verdict == "pass" and f.numerator == 1
    assert f.ledger.out_of_scope_reasons == {"where: is_24h": 1}
    units = [{**base, "id": f"h{i}", "is_24h": "是"} for i in range(3)]
    assert run(workspace, HOTLINE, units).finding("t.hotline").verdict == "fail"
    f = run(workspace, HOTLINE, [{**base, "id": "h1", "is_24h": "否"}]).finding("t.hotline")
    assert f.verdict == "fail" and f.gap.units == 1


def test_indicator_latest_year_and_numerator_denominator(workspace):
    ind = [{"地区": "芜湖市", "年份": 2019, "指标": "规范管理率", "数值": "78%"},
           {"地区": "芜湖市", "年份": 2021, "指标": "smd_standardized_management_rate", "分子": 800, "分母": 1000}]
    f = run(workspace, MGMT, None, ind, as_of="2021-12-31").finding("t.mgmt")
    assert f.verdict == "pass" and f.measured_value == "4/5" and (f.numerator, f.denominator) == ("800", "1000")
    f = run(workspace, MGMT, None, ind, as_of="2020-12-31").finding("t.mgmt")
    assert f.verdict == "fail" and f.inputs[0].year == 2019
    assert "2 个百分点" in f.gap.text_zh and "2 percentage points" in f.gap.text_en   # a rate difference


def test_indicator_missing_is_insufficient(workspace):
    f = run(workspace, MGMT, [], None).finding("t.mgmt")
    assert f.verdict == "insufficient_data"


def test_exists_with_due_date(workspace):
    ind = [{"地区": "芜湖市", "年份": 2019, "指标": "leading_group_established", "数值": "否"}]
    assert run(workspace, LEADING, None, ind, as_of="2019-06-30").finding("t.lg").verdict == "not_due"
    assert run(workspace, LEADING, None, ind, as_of="2019-12-31").finding("t.lg").verdict == "fail"
    ind[0]["数值"] = "是"
    assert run(workspace, LEADING, None, ind, as_of="2020-12-31").finding("t.lg").verdict == "pass"


def test_per_county_verdicts_and_breakdown_add_up(workspace):
    units = villages(8, 2, county="镜湖区") + villages(7, 3, county="弋江区")
    f = run(workspace, village_rule(at="county"), units).finding("t.village")
    assert f.verdict == "fail"
    by = {b.region: b for b in f.breakdown}
    assert by["镜湖区"].verdict == "pass" and by["弋江区"].verdict == "fail" and by["弋江区"].gap == 1
    assert sum(b.numerator for b in f.breakdown) == f.numerator == 15
    assert sum(b.denominator for b in f.breakdown) == f.denominator == 20


def test_units_of_the_region_itself_count_region_wide_but_are_judged_in_no_county(workspace):
    city = [{"id": "c1", "kind": "村", "county": "市本级", "has_counseling_room": "否", "has_social_work_room": "否"}]
    units = villages(8, 2, county="镜湖区") + city
    f = run(workspace, village_rule(at="county"), units).finding("t.village")
    by = {b.region: b for b in f.breakdown}
    assert by["芜湖市"].verdict is None and by["芜湖市"].not_meeting == 1     # shown, not judged
    assert by["镜湖区"].verdict == "pass"
    assert f.verdict == "pass"
    assert sum(b.denominator for b in f.breakdown) == f.denominator == 11
    region_wide = run(workspace, village_rule(), units).finding("t.village")
    assert (region_wide.numerator, region_wide.denominator, region_wide.verdict) == (8, 11, "fail")


def test_advisory_rules_never_fail_the_run(workspace):
    units = [{"id": "s1", "kind": "小学", "county": "镜湖区", "is_featured_school": "否"}]
    report = run(workspace, FEATURED, units)
    assert report.finding("t.featured").verdict == "fail"
    assert report.finding("t.featured").severity == "advisory"
    assert report.summary.exit_code == 0


def test_exit_code_and_summary(workspace):
    report = run(workspace, village_rule() + UNIVERSITY, villages(10, 10))
    assert report.summary.by_verdict == {"fail": 1, "not_applicable": 1}
    assert report.summary.exit_code == 1


def test_findings_are_recomputable_from_evidence_and_ledger(workspace):
    f = run(workspace, village_rule(), villages(30, 9, n_unknown=1)).finding("t.village")
    led = f.ledger
    assert led.meeting == f.numerator and led.in_scope == f.denominator
    assert led.not_meeting + led.unknown + led.scope_unknown == f.evidence.rows
    assert led.in_scope + led.out_of_scope + led.scope_unknown == led.rows_total


def test_report_json_round_trips_and_matches_schema(workspace):
    import json

    from compliance.findings import Report, report_schema

    report = run(workspace, village_rule() + MGMT, villages(3, 1))
    data = json.loads(report.to_json())
    assert Report.model_validate(data) == report
    schema = report_schema()
    assert set(schema["required"]) <= set(data)
    import jsonschema  # a dev dependency: the published schema must accept real reports
    jsonschema.validate(data, schema)


def test_as_of_year_is_31_december():
    from compliance.engine import as_of_date

    assert as_of_date(year=2020) == dt.date(2020, 12, 31)


def test_period_year_does_not_carry_last_years_value_forward(workspace):
    body = MGMT.replace('    target: ">= 80%"\n', '    target: ">= 80%"\n    period: year\n')
    ind = [{"地区": "芜湖市", "年份": 2020, "指标": "规范管理率", "数值": "90%"}]
    assert run(workspace, body, None, ind, as_of="2020-12-31").finding("t.mgmt").verdict == "pass"
    assert run(workspace, body, None, ind, as_of="2021-12-31").finding("t.mgmt").verdict == "insufficient_data"
    assert run(workspace, MGMT, None, ind, as_of="2021-12-31").finding("t.mgmt").verdict == "pass"


EMPLOYERS = """  - id: t.employer
    title: {zh: 百人以上单位心理咨询室, en: employers of 100+}
    source: {clause: "三、(二) 4.(1)", quote: "设立心理辅导室"}
    strength: binding
    scope: {kinds: [enterprise], where: staff >= 100}
    measure: share
    condition: has_counseling_room
    target: ">= 80%"
"""


def employers(*rows: tuple[int | None, str]) -> list[dict]:
    return [{"id": f"e{i}", "kind": "企业", "county": "镜湖区", "staff": staff, "has_counseling_room": room}
            for i, (staff, room) in enumerate(rows)]


@pytest.mark.parametrize(("rows", "verdict"), [
    # 4 of 5 in scope comply (80%); an employer of unknown size that complies can only raise the share
    ([(150, "是")] * 4 + [(150, "否"), (None, "是")], "pass"),
    # one that does not comply could lower it below 80% (4/6) if it is in scope
    ([(150, "是")] * 4 + [(150, "否"), (None, "否")], "insufficient_data"),
    # nor can a non-complying one of unknown size turn a fail into a pass
    ([(150, "是")] * 3 + [(150, "否")] * 2 + [(None, "否")], "fail"),
    # one of unknown size and unknown room: 4/6 or 5/6 if in scope
    ([(150, "是")] * 4 + [(150, "否"), (None, None)], "insufficient_data"),
])
def test_units_of_unknown_scope_only_count_the_way_their_condition_can_go(workspace, rows, verdict):
    f = run(workspace, EMPLOYERS, employers(*rows)).finding("t.employer")
    assert f.verdict == verdict
    assert f.ledger.scope_unknown == 1 and f.evidence.column("status").count("scope_unknown") == 1


def test_evidence_is_materialised_only_when_read(workspace):
    from compliance.findings import Columns

    f = run(workspace, village_rule(), villages(5, 3, n_unknown=1)).finding("t.village")
    data = f.evidence.data
    assert isinstance(data, Columns) and data._frame is None          # positions only, until read
    assert data.head(2)["status"] == ["not_meeting", "not_meeting"]  # head converts two rows
    assert data._frame is not None
    assert f.evidence.column("status") == ["not_meeting"] * 3 + ["unknown"]
    assert data.frame.height == f.evidence.rows == 4
    assert list(data) == f.evidence.columns and data.frame.columns == f.evidence.columns
    assert f.evidence.column("no_such_column") == []
    with pytest.raises(KeyError):
        data["no_such_column"]


def test_published_report_schema_is_current():
    """docs/report.schema.json is what `compliance schema` prints (regenerate it when findings change)."""
    import json
    from pathlib import Path

    from compliance.findings import report_schema

    published = Path(__file__).resolve().parent.parent / "docs" / "report.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == report_schema()
