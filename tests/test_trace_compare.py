"""`compliance trace` (traceability matrix) and `compliance compare` (packs side by side)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.api import load_pack
from compliance.cli import main
from compliance.compare import MISSING, build_comparison, render_comparison
from compliance.trace import build_trace, render_trace

SEED = "001_9f4ddc7c3b9145b8.txt"


def _seed_source() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        for candidate in (parent / "shared" / "seeds" / SEED, parent / "seeds" / SEED):
            if candidate.is_file():
                return candidate
    pytest.skip(f"seed {SEED} not available")


# Rules are written out of document order on purpose: trace must put them back in order.
ALPHA = """\
pack:
  id: alpha
  title: 芜湖市全国社会心理服务体系建设试点实施方案
  doc_number: 芜卫疾控〔2019〕6号
  issuer: 芜湖市卫生健康委员会
  seed: 001_9f4ddc7c3b9145b8.txt
  region: {name: 芜湖市, level_zh: 市, levels: [county, town, village], level_names_zh: [县区, 乡镇街道, 村社区],
           units: [镜湖区, 弋江区]}
not_checkable:
  - {clause: 第九章 不存在的条款, reason_zh: 原文无此条款, reason_en: not in the document}
  - {clause: 三、主要措施, reason_zh: 总述，无指标, reason_en: overview; no target}
  - {clause: 一、指导思想, reason_zh: 指导思想，无可核查指标, reason_en: guiding principles; nothing checkable}
rules:
  - id: alpha.table.2_2
    title: {zh: 村（社区）心理咨询室设立完成率（任务表）, en: village rooms (task table)}
    measure_key: village_counseling_room_rate
    source: {clause: 附件2 2.2, quote: "2.2 村(社区)综治中心心理咨询室或社会工作室设立完成率(80%)"}
    strength: binding
    scope: {kinds: [village, community]}
    measure: share
    condition: has_counseling_room or has_social_work_room
    milestones: {2019: ">= 60%", 2020: ">= 70%", 2021: ">= 80%"}
    conflicts:
      - with: alpha.goal.village
        note_zh: 任务表2019年为60%，正文为80%以上
        note_en: the task table says 60% for 2019; the text says 80%
        operative: alpha.table.2_2
        reason_zh: 任务表逐年排定进度
        reason_en: the task table schedules the target year by year
  - id: alpha.uni
    title: {zh: 高校心理教师师生比, en: university teacher ratio}
    measure_key: university_teacher_ratio
    source: {clause: "三、(二) 2.(1)", quote: "按照师生比不少于1:4000配备心理专业教师"}
    strength: binding
    scope: {kinds: [university]}
    measure: each
    condition: psych_teachers * 4000 >= students
  - id: alpha.goal.village
    title: {zh: 村（社区）心理咨询室或社会工作室建成率, en: villages with a counseling room}
    measure_key: village_counseling_room_rate
    source: {clause: 二、工作目标 1, quote: "以村（社区）为单位，心理咨询室或社会工作室建成率达 80%以上。",
             also: [附件2 2.2]}
    strength: binding
    scope: {kinds: [village, community]}
    measure: share
    condition: has_counseling_room or has_social_work_room
    target: ">= 80%"
    due: 2021-12-31
    conflicts:
      - with: alpha.table.2_2
        note_zh: 正文为80%以上，任务表2019年为60%
        note_en: the text says 80%; the task table's 2019 column says 60%
        operative: alpha.table.2_2
        reason_zh: 任务表逐年排定进度
        reason_en: the task table schedules the target year by year
  - id: alpha.goal.mgmt
    title: {zh: 严重精神障碍患者规范管理率, en: SMD management rate}
    measure_key: smd_standardized_management_rate
    source: {clause: 二、工作目标 6, quote: "在册严重精神障碍患者规范管理率、在册患者治疗率、精神分裂症治疗率均达到80%以上。"}
    strength: binding
    measure: indicator
    indicator: smd_standardized_management_rate
    target: ">= 80%"
  - id: alpha.goal.school
    title: {zh: 中小学心理辅导室, en: school guidance rooms}
    measure_key: school_counseling_room_rate
    source: {clause: 二、工作目标 2, quote: "中小学设立心理辅导室达 80%，并配备专职或兼职教师。",
             also: [附件2 3.2]}
    strength: binding
    scope: {kinds: [primary_school, secondary_school]}
    measure: share
    condition: has_guidance_room
    target: ">= 80%"
  - id: alpha.goal.school_special
    title: {zh: 心理健康教育特色学校, en: schools of distinction in mental-health education}
    source: {clause: 二、工作目标 2, quote: "有条件的学校创建心理健康教育特色学校。"}
    strength: encouraged
    scope: {kinds: [primary_school, secondary_school]}
    measure: count
    condition: has_guidance_room
    target: ">= 1"
"""

BETA = """\
pack:
  id: beta
  title: 另一个试点方案
  issuer: 某市卫生健康委员会
  seed: 001_9f4ddc7c3b9145b8.txt
  region: {name: 某市, level_zh: 市, levels: [county, town, village], level_names_zh: [县区, 乡镇街道, 村社区],
           units: [甲区]}
rules:
  - id: beta.village
    title: {zh: 村（社区）心理咨询室, en: village rooms}
    measure_key: village_counseling_room_rate
    source: {clause: 二、工作目标 1, quote: "普遍设立心理咨询室或社会工作室"}
    strength: encouraged
    scope: {kinds: [village, community]}
    measure: share
    condition: has_counseling_room
    target: ">= 90%"
    due: 2020-12-31
  - id: beta.village_2
    title: {zh: 村（社区）心理咨询室（任务表）, en: village rooms (task table)}
    measure_key: village_counseling_room_rate
    source: {clause: 附件2 2.2, quote: "村(社区)综治中心心理咨询室或社会工作室设立完成率(80%)"}
    strength: binding
    scope: {kinds: [village, community]}
    measure: share
    condition: has_counseling_room
    target: ">= 80%"
  - id: beta.school
    title: {zh: 中小学心理辅导室, en: school guidance rooms}
    measure_key: school_counseling_room_rate
    source: {clause: 二、工作目标 2, quote: "中小学设立心理辅导室达 80%"}
    strength: binding
    scope: {kinds: [primary_school, secondary_school]}
    measure: share
    condition: has_guidance_room
    target: ">= 70%"
"""


@pytest.fixture()
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COMPLIANCE_SEEDS", raising=False)
    seeds = tmp_path / "shared" / "seeds"
    seeds.mkdir(parents=True)
    shutil.copy(_seed_source(), seeds / SEED)
    for pid, text in (("alpha", ALPHA), ("beta", BETA)):
        (tmp_path / "rules" / pid).mkdir(parents=True)
        (tmp_path / "rules" / pid / "pack.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---- trace ------------------------------------------------------------------------------------------
def test_trace_document_order(root: Path) -> None:
    t = build_trace(load_pack(root / "rules" / "alpha"))
    assert t.seed_found and t.order == "document"
    assert [c.clause for c in t.clauses] == ["二、工作目标 1", "二、工作目标 2", "二、工作目标 6",
                                             "三、(二) 2.(1)", "附件2 2.2"]
    positions = [c.position for c in t.clauses]
    assert all(p is not None for p in positions) and positions == sorted(positions)  # type: ignore[type-var]
    school = t.clauses[1]
    assert [r.id for r in school.rules] == ["alpha.goal.school", "alpha.goal.school_special"]
    assert len(school.quotes) == 2 and school.also == ["附件2 3.2"]
    assert [r.strength for r in school.rules] == ["binding", "encouraged"]
    # an `also` clause that no rule has as its source is listed separately, pointing back
    assert [(a.clause, a.see, a.rules) for a in t.also_clauses] == [("附件2 3.2", ["二、工作目标 2"],
                                                                     ["alpha.goal.school"])]
    assert t.coverage.clauses_with_rules == 5 and t.coverage.rules == 6
    assert (t.coverage.binding, t.coverage.encouraged) == (5, 1)


def test_trace_targets_summarised(root: Path) -> None:
    t = build_trace(load_pack(root / "rules" / "alpha"))
    rules = {r.id: r for c in t.clauses for r in c.rules}
    assert rules["alpha.table.2_2"].target == "2019 ≥60% · 2020 ≥70% · 2021 ≥80%"
    assert rules["alpha.goal.village"].target == "≥80%，2021-12-31前"
    assert rules["alpha.goal.mgmt"].target == "≥80%"
    assert rules["alpha.uni"].target == "全部须满足" and rules["alpha.uni"].checks == "psych_teachers * 4000 >= students"
    en = {r.id: r for c in build_trace(load_pack(root / "rules" / "alpha"), "en").clauses for r in c.rules}
    assert en["alpha.goal.village"].target == "≥80% by 2021-12-31"
    assert en["alpha.goal.village"].measure_name == "villages/communities with a counseling or social-work room"


def test_trace_not_checkable_and_conflicts(root: Path) -> None:
    t = build_trace(load_pack(root / "rules" / "alpha"))
    # placed by their label in the document; a label the document lacks goes last
    assert [nc.clause for nc in t.not_checkable] == ["一、指导思想", "三、主要措施", "第九章 不存在的条款"]
    assert t.not_checkable[0].reason_zh == "指导思想，无可核查指标"
    assert t.not_checkable[-1].position is None
    # the pair is flagged on both rules but listed once, from the rule earlier in the document
    assert len(t.conflicts) == 1 and t.coverage.conflicts == 1
    c = t.conflicts[0]
    assert c.rules == ("alpha.goal.village", "alpha.table.2_2")
    assert c.clauses == ("二、工作目标 1", "附件2 2.2")
    assert c.note_zh == "正文为80%以上，任务表2019年为60%"
    assert c.other_note_zh == "任务表2019年为60%，正文为80%以上"
    md = render_trace(t, "markdown", "zh")
    assert md.count("`alpha.goal.village` ↔ `alpha.table.2_2`") == 1
    assert "alpha.table.2_2` ↔" not in md
    assert "指导思想，无可核查指标" in md and "（原文中未找到此标题）" in md
    assert "5 个条款有规则，3 个条款无可核查指标，1 处冲突" in md
    assert md.index("| 1 | 二、工作目标 1 |") < md.index("| 4 | 三、(二) 2.(1) |") < md.index("| 5 | 附件2 2.2 |")


def test_trace_json_structure(root: Path) -> None:
    data = json.loads(render_trace(build_trace(load_pack(root / "rules" / "alpha")), "json"))
    assert set(data) == {"pack", "title", "doc_number", "seed", "seed_found", "order", "warnings", "coverage",
                         "clauses", "also_clauses", "not_checkable", "conflicts"}
    assert data["pack"] == "alpha" and data["doc_number"] == "芜卫疾控〔2019〕6号"
    first = data["clauses"][0]
    assert first["clause"] == "二、工作目标 1"
    rule = first["rules"][0]
    assert rule["id"] == "alpha.goal.village" and rule["measure_key"] == "village_counseling_room_rate"
    assert rule["milestones"] == [{"year": None, "due": "2021-12-31", "target": "≥80%"}]
    assert rule["also"] == ["附件2 2.2"] and rule["conflicts_with"] == ["alpha.table.2_2"]
    assert data["not_checkable"][0] == {"clause": "一、指导思想", "reason_zh": "指导思想，无可核查指标",
                                        "reason_en": "guiding principles; nothing checkable",
                                        "position": data["not_checkable"][0]["position"]}
    assert data["conflicts"][0]["rules"] == ["alpha.goal.village", "alpha.table.2_2"]
    assert data["coverage"]["not_checkable"] == 3


def test_trace_without_seed_uses_pack_order(root: Path) -> None:
    (root / "shared" / "seeds" / SEED).unlink()
    t = build_trace(load_pack(root / "rules" / "alpha"))
    assert not t.seed_found and t.order == "pack"
    assert [c.clause for c in t.clauses] == ["附件2 2.2", "三、(二) 2.(1)", "二、工作目标 1", "二、工作目标 6",
                                             "二、工作目标 2"]
    assert [nc.clause for nc in t.not_checkable] == ["第九章 不存在的条款", "三、主要措施", "一、指导思想"]
    assert len(t.warnings) == 1 and "按规则包顺序" in t.warnings[0]
    md = render_trace(t)
    assert "⚠ 未找到原文" in md and "按规则包顺序" in md


# ---- compare ----------------------------------------------------------------------------------------
def test_compare_lines_up_measure_keys(root: Path) -> None:
    packs = [load_pack(root / "rules" / "alpha"), load_pack(root / "rules" / "beta")]
    c = build_comparison(packs)
    keys = [r.measure_key for r in c.rows]
    # dictionary order, only keys some pack uses
    assert keys == ["village_counseling_room_rate", "school_counseling_room_rate", "university_teacher_ratio",
                    "smd_standardized_management_rate"]
    village = c.rows[0]
    assert [cell.pack for cell in village.cells] == ["alpha", "beta"]
    a, b = village.cells
    assert [r.id for r in a.rules] == ["alpha.goal.village", "alpha.table.2_2"]   # document order
    assert a.rules[1].target == "≥80%" and a.rules[1].due == "2021年底"
    assert a.rules[1].ladder == "2019 ≥60% · 2020 ≥70% · 2021 ≥80%"
    assert [r.id for r in b.rules] == ["beta.village", "beta.village_2"]
    assert b.rules[0].target == "≥90%" and b.rules[0].due == "2020-12-31前" and b.rules[0].advisory
    assert b.rules[1].due == "长期"
    mgmt = c.rows[-1]
    assert mgmt.cells[1].rules == []
    assert village.focus and mgmt.focus
    assert "general_hospital_clinic_rate" in c.focus_unused
    assert "village_counseling_room_rate" not in c.focus_unused
    md = render_comparison(c, "markdown", "zh")
    mgmt_line = next(line for line in md.splitlines() if "`smd_standardized_management_rate`" in line)
    assert mgmt_line.rstrip().endswith(f"| {MISSING} |")
    assert "`alpha.goal.mgmt`" in mgmt_line
    village_line = next(line for line in md.splitlines() if "`village_counseling_room_rate`" in line)
    assert village_line.count("`alpha.") == 2 + 2 and "`beta.village`" in village_line  # +2: the ⚠ flags
    assert "**≥90%** 2020-12-31前" in village_line and "倡导性 · 二、工作目标 1" in village_line
    # several rules of one pack for a key: each is named by its title
    assert "村（社区）心理咨询室（任务表）" in village_line
    school_line = next(line for line in md.splitlines() if "`school_counseling_room_rate`" in line)
    assert "中小学心理辅导室<br>" not in school_line.split("|")[2]
    assert "`psych_teachers * 4000 >= students`" in md
    assert "| 指标 | alpha | beta |" in md


def test_compare_json(root: Path) -> None:
    packs = [load_pack(root / "rules" / "alpha"), load_pack(root / "rules" / "beta")]
    data = json.loads(render_comparison(build_comparison(packs, "en"), "json"))
    assert set(data) == {"packs", "rows", "focus_unused"}
    assert [p["id"] for p in data["packs"]] == ["alpha", "beta"]
    assert data["packs"][0]["with_measure_key"] == 5
    row = data["rows"][0]
    assert row["measure_key"] == "village_counseling_room_rate"
    assert row["cells"][1]["rules"][0]["due"] == "by 2020-12-31"
    last = data["rows"][-1]
    assert last["cells"][1] == {"pack": "beta", "rules": []}


# ---- CLI --------------------------------------------------------------------------------------------
def test_cli_trace_and_compare(root: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["trace", "rules/alpha"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("# 溯源矩阵：")
    res = runner.invoke(main, ["trace", "rules/alpha", "--format", "json", "--lang", "en", "-o", "t.json"])
    assert res.exit_code == 0, res.output
    assert json.loads((root / "t.json").read_text(encoding="utf-8"))["clauses"][0]["rules"][0]["target"] == \
        "≥80% by 2021-12-31"
    res = runner.invoke(main, ["trace", "rules/alpha", "--lang", "en"])
    assert res.exit_code == 0 and "# Traceability matrix:" in res.output
    assert "5 clauses with rules, 3 not checkable, 1 conflict;" in res.output
    res = runner.invoke(main, ["compare", "rules/alpha", "rules/beta"])
    assert res.exit_code == 0, res.output
    assert "| 指标 | alpha | beta |" in res.output
    # a folder of packs stands for all of them
    res = runner.invoke(main, ["compare", "rules", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert [p["id"] for p in json.loads(res.output)["packs"]] == ["alpha", "beta"]


def test_cli_broken_pack_exits_2(root: Path) -> None:
    broken = root / "rules" / "broken"
    broken.mkdir()
    (broken / "pack.yaml").write_text(BETA.replace("id: beta\n", "id: broken\n")
                                      .replace("measure_key: school_counseling_room_rate",
                                               "measure_key: no_such_key"), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["trace", "rules/broken"])
    assert res.exit_code == 2
    assert "E113" in res.output and "no_such_key" in res.output
    res = runner.invoke(main, ["compare", "rules/alpha", "rules/broken"])
    assert res.exit_code == 2 and "E113" in res.output
    res = runner.invoke(main, ["trace", "rules/missing"])
    assert res.exit_code == 2 and "E001" in res.output
