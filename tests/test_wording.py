"""Wording (issue 9 §1): findings speak through the data dictionary, in natural Chinese and English.

A fixed set of findings is worded in both languages and compared with tests/snapshots/wording.json
(``COMPLIANCE_UPDATE_SNAPSHOTS=1`` rewrites it after a deliberate change; review the diff). The Wuhu and
Sishui example reports are scanned: no Chinese sentence may carry an attribute key, a Python boolean or
English.
"""

import html
import json
import os
import re
from pathlib import Path

import pytest

from compliance import check, load_census, load_pack, wording
from compliance.render import render

from .conftest import REPO
from .packs import HOTLINE, LEADING, MGMT, UNIVERSITY, village_rule, villages, write_pack
from .test_periods import MONTHLY, conflict_pair, months

SNAPSHOT = Path(__file__).parent / "snapshots" / "wording.json"

EMPLOYERS = """  - id: t.employers
    title: {zh: 员工100人以上单位设立心理辅导室并设心理咨询师, en: employers with 100+ staff}
    source: {clause: 二、工作目标 3, quote: "员工在 100 人以上的单位设立心理健康辅导室，设专职或兼职心理咨询师或治疗师。"}
    strength: binding
    scope: {kinds: [enterprise], where: staff >= 100}
    measure: each
    condition: has_guidance_room and has_counselor
"""


def _emp(i, staff, room, counselor):
    row = {"id": f"e{i}", "name": f"企业{i}", "kind": "企业", "county": "镜湖区", "乡镇街道": "镜湖街道"}
    for k, v in (("staff", staff), ("has_guidance_room", room), ("has_counselor", counselor)):
        if v is not None:
            row[k] = v
    return row


def _unis():
    return [{"id": "u1", "name": "甲大学", "kind": "高校", "county": "镜湖区", "students": 9000, "psych_teachers": 1},
            {"id": "u2", "name": "乙学院", "kind": "高校", "county": "弋江区", "students": 4000, "psych_teachers": 1}]


SCENARIOS = {
    # name: (pack body, units, indicators, as_of, rule id)
    "share_fail": (village_rule(), villages(55, 15), None, "2021-12-31", "t.village"),
    "share_insufficient": (village_rule(), villages(54, 14, n_unknown=2), None, "2021-12-31", "t.village"),
    "share_per_county": (village_rule(at="county"), villages(8, 2) + villages(7, 3, county="弋江区"), None,
                         "2021-12-31", "t.village"),
    "share_not_due": (village_rule(), villages(5, 5), None, "2019-06-30", "t.village"),
    "each_ratio": (UNIVERSITY, _unis(), None, "2021-12-31", "t.uni"),
    "each_where_missing": (EMPLOYERS, [_emp(1, 234, "否", "否"), _emp(2, None, "否", "是"), _emp(3, 150, "是", None)],
                           None, "2021-12-31", "t.employers"),
    "count_between": (HOTLINE, [{"id": f"h{i}", "kind": "心理热线", "county": "镜湖区", "is_24h": "是"} for i in range(3)],
                      None, "2021-12-31", "t.hotline"),
    "indicator_points": (MGMT, None, [{"地区": "芜湖市", "年份": 2019, "指标": "规范管理率", "数值": "78%"}], "2020-12-31",
                         "t.mgmt"),
    "exists_monthly_missing": (MONTHLY, None, [r for r in months(2021, lambda m: "是") if not r["期间"].endswith("-05")],
                               "2021-12-31", "t.lg"),
    "exists_fail": (LEADING, None, [{"地区": "芜湖市", "年份": 2019, "指标": "leading_group_established", "数值": "否"}],
                    "2019-12-31", "t.lg"),
    "superseded": (conflict_pair("t.table"), villages(9, 1), None, "2021-12-31", "t.text"),
    "share_not_applicable": (village_rule(), [{"id": "s1", "kind": "小学", "county": "镜湖区"}], None, "2021-12-31",
                             "t.village"),
}


def _worded(workspace, name):
    body, units, indicators, as_of, rule = SCENARIOS[name]
    folder = write_pack(workspace, body, pack_id="t")
    pack = load_pack(folder)
    f = check(pack, load_census(pack, units, indicators), as_of).finding(rule)
    out = {}
    for lang in ("zh", "en"):
        out[lang] = {
            "verdict": wording.verdict_label(f.verdict, lang),
            "measured": wording.measured_text(f, lang),
            "target": wording.target_line(f, lang),
            "explanation": f.explanation_zh if lang == "zh" else f.explanation_en,
            "gap": None if f.gap is None else (f.gap.text_zh if lang == "zh" else f.gap.text_en),
            "evidence": [wording.evidence_line(r, f.evidence.columns, lang) for r in wording.evidence_rows(f)]
            if f.evidence else [],
        }
    return out


@pytest.fixture(scope="module")
def worded(tmp_path_factory):
    from .conftest import make_workspace
    out = {}
    for name in SCENARIOS:
        out[name] = _worded(make_workspace(tmp_path_factory.mktemp(name)), name)
    return out


def test_snapshot_of_a_fixed_set_of_findings(worded):
    if os.environ.get("COMPLIANCE_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(worded, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert worded == expected


def test_conditions_and_evidence_speak_through_the_dictionary(worded):
    zh = worded["share_fail"]["zh"]
    assert "设立心理咨询室或社会工作室" in zh["explanation"] and "has_" not in zh["explanation"]
    assert any("心理咨询室：否，社会工作室：否" in line for line in zh["evidence"])
    emp = worded["each_where_missing"]["zh"]
    assert any("职工人数 234" in line for line in emp["evidence"])
    assert "职工人数不少于100" in emp["explanation"]
    assert "心理专业教师数与在校学生数之比不低于1:4000" in worded["each_ratio"]["zh"]["explanation"]
    assert any("心理专业教师数尚缺 2" in line for line in worded["each_ratio"]["zh"]["evidence"])
    en = worded["share_fail"]["en"]
    assert "has a counseling room or has a social-work room" in en["explanation"]
    assert any("counseling room: no" in line for line in en["evidence"])


def test_rates_differ_in_points_and_per_area_rules_count_areas(worded):
    assert "差 2 个百分点" in worded["indicator_points"]["zh"]["gap"]
    assert "2 percentage points" in worded["indicator_points"]["en"]["gap"]
    assert worded["share_per_county"]["zh"]["measured"] == "1/2 个县区达标"
    assert worded["share_per_county"]["en"]["measured"] == "1 of 2 counties pass"
    assert "弋江区 1 个" in worded["share_per_county"]["zh"]["gap"]


def test_insufficient_data_says_which_bound_and_lists_missing_units_first(worded):
    zh = worded["share_insufficient"]["zh"]
    assert zh["measured"].startswith("至少 ")
    assert "至少 2 个须达标" in zh["explanation"] and "可达" in zh["explanation"]
    statuses = [line.split("】")[0] + "】" for line in zh["evidence"]]
    assert statuses[0] == "【数据缺失】" and statuses[1] == "【数据缺失】" and statuses[-1] == "【不符合】"
    assert worded["share_insufficient"]["en"]["measured"].startswith("at least ")


def test_periods_precedence_and_yes_no_survive(worded):
    ex = worded["exists_monthly_missing"]
    assert "每月" in ex["zh"]["explanation"] and "2021年5月" in ex["zh"]["explanation"]
    assert "every month" in ex["en"]["explanation"] and "2021-05" in ex["en"]["explanation"]
    sup = worded["superseded"]
    assert "以后者为准" in sup["zh"]["explanation"] and "分解表细化" in sup["zh"]["explanation"]
    assert "t.table" not in sup["zh"]["explanation"]     # the other rule by its title, not its id
    assert "which is operative" in sup["en"]["explanation"] and "the table schedules it" in sup["en"]["explanation"]
    assert worded["exists_fail"]["zh"]["measured"] == "否" and worded["exists_fail"]["en"]["measured"] == "no"
    assert "未到" in worded["share_not_due"]["zh"]["explanation"]
    assert "没有在范围内的村、社区" in worded["share_not_applicable"]["zh"]["explanation"]
    assert "0/0" not in worded["share_not_applicable"]["zh"]["explanation"]


# ---- no identifiers or English in Chinese text -------------------------------------------------------------

# an ASCII word: identifiers (has_counseling_room), Python booleans (True/False/None), English (yes, no)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def english_in(text: str, allowed: set[str]) -> list[str]:
    return [w for w in _WORD.findall(text) if w not in allowed]


def test_scanner_finds_identifiers_and_english():
    assert english_in("芜湖市 has_counseling_room 为 True（yes）", set()) == ["has_counseling_room", "True", "yes"]
    assert english_in("通过热线、网络、APP建立", {"APP"}) == []


def _allowed(pack) -> set[str]:
    """Words the documents themselves write (APP, 12320 …): from the pack's Chinese titles, quotes and names."""
    text = " ".join([pack.title, *pack.region.units, *(r.title_zh + r.source.quote + r.source.clause
                                                        + " ".join(r.source.also) for r in pack.rules)])
    return set(_WORD.findall(text))


EXAMPLES = {"wuhu": ("examples/wuhu/units.csv", "examples/wuhu/indicators.csv", 2021),
            "sishui": ("examples/sishui/units.csv", "examples/sishui/indicators.csv", 2023)}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_chinese_sentence_of_the_example_reports_is_chinese(name):
    units, indicators, year = EXAMPLES[name]
    pack = load_pack(REPO / "rules" / name)
    report = check(pack, load_census(pack, REPO / units, REPO / indicators), year=year)
    allowed = _allowed(pack)
    bad = {}
    for f in report.findings:
        texts = [f.explanation_zh, f.gap.text_zh if f.gap else "", f.missing_note_zh or "", f.target.text_zh
                 if f.target else "", wording.measured_text(f, "zh")]
        texts += [wording.evidence_line(r, f.evidence.columns, "zh") for r in wording.evidence_rows(f, 50)] \
            if f.evidence else []
        texts += [wording.conflict_text(c, wording.rule_titles(report.findings), f.rule_id, "zh")
                  for c in f.conflicts]
        for text in texts:
            # unit ids and names come from the census as written (WH-V-0022), not from us
            if f.evidence is not None:
                text = re.sub(r"编码 [^，）]*", "", text)
            words = english_in(text, allowed)
            if words:
                bad.setdefault(f.rule_id, []).append((words, text[:120]))
    for w in report.warnings:
        words = english_in(w.message_zh, allowed)
        if words:
            bad.setdefault(w.code, []).append((words, w.message_zh[:120]))
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)[:3000]
    # the rendered Chinese report too (rule ids, warning codes, hashes and file names aside)
    ids = {f.rule_id for f in report.findings} | {report.pack}   # codes a reader may look up, not words
    for fmt in ("text", "markdown"):
        out = render(report, fmt, "zh", width=400)   # wide: a rule id is never folded across lines
        for line in html.unescape(out).splitlines():
            for rid in sorted(ids, key=len, reverse=True):   # longest first: t.a_b before t.a
                line = line.replace(rid, "").replace(rid.replace("_", "\\_"), "")
            line = re.sub(r"编码 [^，）]*|W0\d\d|SHA-256 [0-9a-f]{64}|[\w.-]+\.(csv|xlsx)|compliance \S+|--max-evidence"
                          r"|xlsx / html|<br>|\\", "", line)
            assert not english_in(line, allowed), (fmt, line)


def test_gap_to_an_exact_or_between_target_is_the_distance_to_it(workspace):
    body = MGMT.replace('target: ">= 80%"', 'target: "= 100%"')
    pack = load_pack(write_pack(workspace, body))
    ind = [{"地区": "芜湖市", "年份": 2021, "指标": "规范管理率", "数值": "97%"}]
    f = check(pack, load_census(pack, None, ind), "2021-12-31").finding("t.mgmt")
    assert f.verdict == "fail" and f.gap.text_zh == "差 3 个百分点才能达到 =100%"
    body = MGMT.replace('target: ">= 80%"', 'target: "between 60% and 80%"')
    pack = load_pack(write_pack(workspace, body))
    ind[0]["数值"] = "85%"
    f = check(pack, load_census(pack, None, ind), "2021-12-31").finding("t.mgmt")
    assert f.verdict == "fail" and f.gap.text_en == "5 percentage points above between 60% and 80%"
    assert f.gap.text_zh == "超出 5 个百分点，须降至 60%–80%"
