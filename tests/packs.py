"""Small packs written into a tmp workspace for tests (quotes verbatim from the Wuhu seed)."""

from pathlib import Path

HEADER = """pack:
  id: {id}
  title: 芜湖市全国社会心理服务体系建设试点实施方案
  doc_number: 芜卫疾控〔2019〕6号
  issuer: [芜湖市卫生健康委员会]
  seed: 001_9f4ddc7c3b9145b8.txt
  region:
    name: 芜湖市
    level_zh: 市
    levels: [county, town, village]
    level_names_zh: [县区, 乡镇街道, 村社区]
    units: [镜湖区, 弋江区]
not_checkable:
  - {{clause: 一、指导思想, reason_zh: 指导思想, reason_en: guiding principles}}
rules:
"""

VILLAGE = """  - id: t.village
    title: {{zh: 村（社区）心理咨询室或社会工作室建成率, en: village rooms}}
    measure_key: village_counseling_room_rate
    source: {{clause: 二、工作目标 1, quote: "以村（社区）为单位，心理咨询室或社会工作室建成率达 80%以上。", also: [附件2 2.2]}}
    strength: binding
    scope: {{kinds: [village, community]}}
    measure: share
    condition: has_counseling_room or has_social_work_room
    target: "{target}"
    milestones: {{2019: ">= 60%", 2020: ">= 70%", 2021: "{target}"}}
    at: {at}
"""

UNIVERSITY = """  - id: t.uni
    title: {zh: 高校心理专业教师师生比, en: university teachers 1:4000}
    source: {clause: "三、(二) 2.(1)", quote: "按照师生比不少于1:4000配备心理专业教师"}
    strength: binding
    scope: {kinds: [university]}
    measure: each
    condition: psych_teachers * 4000 >= students
"""

HOTLINE = """  - id: t.hotline
    title: {zh: 市级24小时心理热线, en: municipal 24-hour hotlines}
    source: {clause: "三、(二) 6.(1)", quote: "建立 1-2 条市级 24 小时心理热线。"}
    strength: binding
    scope: {kinds: [hotline], where: is_24h}
    measure: count
    target: between 1 and 2
"""

MGMT = """  - id: t.mgmt
    title: {zh: 在册严重精神障碍患者规范管理率, en: standardised management rate}
    source: {clause: 二、工作目标 6, quote: "在册严重精神障碍患者规范管理率、在册患者治疗率、精神分裂症治疗率均达到80%以上。"}
    strength: binding
    measure: indicator
    indicator: smd_standardized_management_rate
    target: ">= 80%"
"""

LEADING = """  - id: t.lg
    title: {zh: 成立市级领导小组, en: municipal leading group}
    source: {clause: 附件2 1.1, quote: "1.1 成立市级领导小组"}
    strength: binding
    measure: exists
    fact: leading_group_established
    due: 2019-12-31
"""

FEATURED = """  - id: t.featured
    title: {zh: 心理健康教育特色学校, en: featured schools}
    source: {clause: 二、工作目标 2, quote: "有条件的学校创建心理健康教育特色学校。"}
    strength: encouraged
    scope: {kinds: [primary_school, secondary_school]}
    measure: count
    condition: is_featured_school
    target: ">= 1"
"""


def write_pack(root: Path, body: str, pack_id: str = "t") -> Path:
    folder = root / "rules" / pack_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(HEADER.format(id=pack_id) + body, encoding="utf-8")
    return folder


def village_rule(target: str = ">= 80%", at: str = "region") -> str:
    return VILLAGE.format(target=target, at=at)


def villages(n_yes: int, n_no: int, n_unknown: int = 0, county: str = "镜湖区") -> list[dict]:
    rows = []
    for i in range(n_yes):
        rows.append({"id": f"{county}-y{i}", "kind": "村", "county": county, "has_counseling_room": "是"})
    for i in range(n_no):
        rows.append({"id": f"{county}-n{i}", "kind": "社区", "county": county, "has_counseling_room": "否",
                     "has_social_work_room": "否"})
    for i in range(n_unknown):
        rows.append({"id": f"{county}-u{i}", "kind": "村", "county": county, "has_social_work_room": "否"})
    return rows
