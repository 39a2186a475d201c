"""Write an illustrative census of 江海区 for the Jianghai pack: units.csv (GB18030) and indicators.csv (UTF-8).

Deterministic (fixed seed); run from anywhere:  python examples/jianghai/make_example.py
The names of villages, schools and firms are made up. The deliberate shortfalls are listed in README.md.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
RNG = random.Random(20190726)
REGION = "江海区"
STREETS = ("礼乐街道", "外海街道", "江南街道")
YES, NO = "是", "否"

# ---- units table: column key -> Chinese header (dictionary zh names / aliases) ---------------------
COLUMNS = {
    "id": "单位编码", "name": "单位名称", "kind": "单位类别", "town": "街道", "village": "村（社区）",
    "staff": "职工人数", "students": "在校学生数", "hospital_grade": "医院等级",
    # places
    "has_counseling_room": "是否设立心理咨询室", "has_social_work_room": "是否设立社会工作室",
    "has_management_group": "是否成立心理健康服务综合管理小组",
    "conducts_conflict_screening": "是否组织摸排矛盾问题并及时疏导化解",
    "has_implementation_plan": "是否制定社会心理服务实施方案",
    "has_annual_work_plan": "是否制定社会心理服务年度工作计划", "data_year": "统计年度",
    # schools
    "has_guidance_room": "是否设立心理辅导室", "has_psych_teacher": "是否配备专兼职心理健康教育教师",
    "has_psych_staff": "是否配备专兼职心理健康工作人员", "has_mental_health_course": "是否开设心理健康教育课程",
    "has_referral_channel": "是否与精神卫生专业机构建立转诊绿色通道",
    "has_psych_screening_mechanism": "是否建立心理行为问题筛查评估工作机制",
    "has_student_psych_archive": "是否建立学生心理健康档案",
    # health
    "has_psychiatry_dept": "是否开设精神（心理）科", "has_psych_inpatient_ward": "是否开设精神科住院病区",
    "has_tcm_psych_dept": "是否开设中医心理等科室", "integrates_mch_psych": "是否将心理健康服务融入妇幼保健工作",
    "trains_staff_mental_health": "是否开展心理健康服务知识和技能培训",
    "has_psych_service_site": "是否设立心理服务场所",
    # employers and other sites
    "provides_mental_health_education": "是否开展心理健康教育", "buys_psych_service": "是否购买心理健康服务",
    "is_large_employer": "是否规模较大、职工较多的单位", "has_psych_hotline": "是否开设心理服务热线",
    "has_counselor": "是否设专兼职心理咨询师或治疗师", "has_crisis_expert_group": "是否成立危机干预专家组", "provides_psych_service": "是否提供心理服务",
}
KIND_ZH = {
    "street": "街道", "village": "村", "community": "社区", "primary_school": "小学", "secondary_school": "中学",
    "preschool": "幼儿园", "special_school": "特殊教育学校", "general_hospital": "综合医院", "tcm_hospital": "中医医院",
    "maternal_child_center": "妇幼保健机构", "community_health_center": "社区卫生服务中心",
    "government_agency": "党政机关", "public_institution": "事业单位", "enterprise": "企业",
    "police_custody": "看守所", "judicial_office": "司法所", "community_correction": "社区矫正中心",
    "petition_reception": "信访接待场所", "elderly_center": "老年活动中心", "womens_home": "妇女之家",
    "childrens_home": "儿童之家", "disability_rehab_center": "残疾人康复机构",
    "community_rehab_facility": "社区康复机构", "social_psych_org": "社会心理服务机构",
    "crisis_team": "心理危机干预队伍", "minors_guidance_center": "未成年人心理健康辅导中心",
}

units: list[dict[str, object]] = []


def unit(kind: str, name: str, town: str, **attrs: object) -> dict[str, object]:
    row: dict[str, object] = {"id": f"JH{len(units) + 1:04d}", "name": name, "kind": KIND_ZH[kind], "town": town}
    for k, v in attrs.items():
        row[k] = (YES if v else NO) if isinstance(v, bool) else v
    units.append(row)
    return row


# ---- streets -----------------------------------------------------------------------------------------
for s in STREETS:
    unit("street", s, s, has_counseling_room=True)     # the street's own duties are facts in the indicators table

# ---- villages and communities (40) -------------------------------------------------------------------
PLACES = {
    "礼乐街道": (["威东", "威西", "新民", "乌纱", "英南", "东头", "跃进", "丰乐", "礼东", "礼西"],
                 ["礼乐", "文昌", "龙湾", "新昌", "武东"]),
    "外海街道": (["南山", "金溪", "麻一", "麻三", "直冲", "中东", "中朗", "龙溪"],
                 ["外海", "海旁", "金瓯", "东南", "七西", "江海花园"]),
    "江南街道": (["篁庄", "滘头", "滘北"],
                 ["江南", "福泉", "东华", "永华", "白水带", "高新", "天鹅湾", "万达"]),
}
for s, (villages, communities) in PLACES.items():
    for kind, names, suffix in (("village", villages, "村"), ("community", communities, "社区")):
        for n in names:
            name = n + suffix
            room = name != "七西社区"                                                   # shortfall 1
            unit(kind, name, s, village=name, has_counseling_room=room and RNG.random() < 0.7,
                 has_social_work_room=room, has_management_group=True, conducts_conflict_screening=True)

# ---- schools (18 primary + 10 secondary, 6 preschools, 1 special school) ------------------------------
without_teacher = set(RNG.sample(range(28), 9))                                           # shortfall 2: 19/28
serial = {("primary_school", t): 0 for t in STREETS} | {("secondary_school", t): 0 for t in STREETS}
for i in range(28):
    kind = "primary_school" if i < 18 else "secondary_school"
    s = STREETS[i % 3]
    serial[(kind, s)] += 1
    name = f"江海区{s[:2]}第{serial[(kind, s)]}{'小学' if kind == 'primary_school' else '中学'}"
    unit(kind, name, s, students=RNG.randint(600, 2400) if i < 18 else RNG.randint(900, 2800),
         staff=RNG.randint(40, 160), has_guidance_room=True, has_psych_teacher=i not in without_teacher,
         has_psych_staff=False, has_mental_health_course=True, has_referral_channel=True,
         has_psych_screening_mechanism=True, has_student_psych_archive=True)
for i in range(6):
    s = STREETS[i % 3]
    unit("preschool", f"江海区{s[:2]}第{i // 3 + 1}幼儿园", s, students=RNG.randint(180, 420), staff=RNG.randint(25, 60),
         has_guidance_room=True, has_psych_staff=i != 4, has_psych_teacher=False,          # shortfall 9: 5/6
         has_mental_health_course=True, has_referral_channel=True, has_psych_screening_mechanism=True,
         has_student_psych_archive=True)
unit("special_school", "江海区特殊教育学校", "外海街道", students=160, staff=48, has_psych_staff=True,
     has_psych_teacher=True, has_referral_channel=True, has_psych_screening_mechanism=True,
     has_student_psych_archive=True)

# ---- health -----------------------------------------------------------------------------------------
HOSPITALS = [  # name, street, grade, staff, psychiatry department, psychiatric ward
    ("江海区人民医院", "江南街道", 2, 620, True, True),
    ("江门市江海区中心医院", "外海街道", 2, 480, True, False),
    ("江海区礼乐医院", "礼乐街道", 2, 310, False, False),                                  # shortfall 3: 2/3
    ("江海区外海康宁门诊部医院", "外海街道", 1, 60, False, False),
]
for name, s, grade, staff, dept, ward in HOSPITALS:
    unit("general_hospital", name, s, hospital_grade=grade, staff=staff, has_psychiatry_dept=dept,
         has_psych_inpatient_ward=ward, trains_staff_mental_health=True)
unit("tcm_hospital", "江海区中医院", "江南街道", hospital_grade=2, staff=260, has_tcm_psych_dept=True,
     trains_staff_mental_health=True)
unit("maternal_child_center", "江海区妇幼保健计划生育服务中心", "江南街道", staff=140, integrates_mch_psych=True)
for s in STREETS:
    unit("community_health_center", f"{s}社区卫生服务中心", s, staff=RNG.randint(60, 120),
         has_psych_service_site=True, trains_staff_mental_health=True)

# ---- employers (10 agencies, 6 institutions, 14 enterprises) -----------------------------------------
AGENCIES = ["区卫生健康局", "区教育局", "区民政局", "区司法局", "区财政局", "区人力资源和社会保障局",
            "区市场监督管理局", "区委政法委", "区委宣传部", "区信访局"]
INSTITUTIONS = ["区疾病预防控制中心", "区公共资源交易中心", "区文化馆", "区图书馆", "区社会福利中心", "区融媒体中心"]
ENTERPRISES = {"江海电子科技有限公司": 2600, "高新精密制造有限公司": 860, "礼乐五金制品有限公司": 150,
               "外海建材有限公司": 90, "江南物流有限公司": 320, "江海照明有限公司": 1200, "金瓯电器有限公司": 480,
               "滘头纺织有限公司": 210, "龙溪食品有限公司": 130, "麻园机械有限公司": 75,
               "江海新材料股份有限公司": 1500, "福泉包装有限公司": 60, "东华汽配有限公司": 540, "江海医药有限公司": 380}
served = set(RNG.sample(range(30), 12))                                                    # 12/30 = 40%
for i, name in enumerate(AGENCIES + INSTITUTIONS + list(ENTERPRISES)):
    kind = "government_agency" if i < 10 else "public_institution" if i < 16 else "enterprise"
    s = "江南街道" if kind != "enterprise" else STREETS[i % 3]
    staff = RNG.randint(25, 90) if kind != "enterprise" else ENTERPRISES[name]
    row = unit(kind, name, s, staff=staff, buys_psych_service=i in served,
               has_guidance_room=False, has_counseling_room=False)
    if kind == "government_agency":
        row["has_implementation_plan"] = YES
        row["has_annual_work_plan"] = YES     # a yearly duty: the figure is for the data year below
        row["data_year"] = 2021
    if kind != "enterprise":
        row["provides_mental_health_education"] = YES
    else:
        large = staff >= 1000
        row["is_large_employer"] = YES if large else NO
        row["has_psych_hotline"] = YES if large and name != "江海新材料股份有限公司" else NO  # shortfall 6
        row["has_psych_staff"] = NO
# the enterprise rule (三、(四) 2) asks a room with staff or bought-in service: give two firms their own room
for row in units:
    if row["name"] in ("江海电子科技有限公司", "江海照明有限公司"):
        row.update(has_counseling_room=YES, has_psych_staff=YES)

# ---- political-legal sites -------------------------------------------------------------------------
sites = [("police_custody", "江海区公安分局监管场所", "江南街道"),
         ("community_correction", "江海区社区矫正中心", "江南街道"),
         ("petition_reception", "江海区信访接待中心", "江南街道")]
sites += [("judicial_office", f"{s[:2]}司法所", s) for s in STREETS]
for kind, name, s in sites:
    row = unit(kind, name, s, has_psych_service_site=True, has_counselor=kind != "judicial_office",
               buys_psych_service=kind == "judicial_office", has_crisis_expert_group=True)
    if kind == "petition_reception":
        row["has_referral_channel"] = YES

# ---- public service facilities and psychological services ----------------------------------------
for s in STREETS:
    for kind in ("elderly_center", "womens_home", "childrens_home"):
        unit(kind, f"{s[:2]}{KIND_ZH[kind]}", s, provides_psych_service=True)
unit("disability_rehab_center", "江海区残疾人康复中心", "外海街道", provides_psych_service=True)
unit("community_rehab_facility", "江海区康园中心", "礼乐街道")
unit("social_psych_org", "江海区心晴社会工作服务中心", "江南街道")
unit("social_psych_org", "江门市江海区阳光心理咨询服务中心", "外海街道")
unit("crisis_team", "江海区心理危机干预队", "江南街道")
unit("minors_guidance_center", "江海区未成年人心理健康辅导中心", "江南街道")

# ---- indicators table ------------------------------------------------------------------------------
FACTS = [  # bool facts: same answer for the district and every street in every year unless listed below
    "joint_meeting_mechanism_established", "leading_group_established", "expert_committee_established",
    "psych_service_center_established", "psych_risk_assessment_regular", "jh_education_plan_mental_health",
    "featured_school_fund_established", "youth_crisis_mechanism_established",
    "jh_dept_crisis_expert_groups", "jh_pilot_training_held", "jh_joint_meeting_held",
    "jh_health_bureau_training_held", "jh_street_psych_group_established", "jh_street_smd_group_established",
    "jh_street_plan_issued", "jh_street_annual_work_plan", "jh_smd_long_acting_injection", "jh_crisis_training_drills_held",
    "data_security_mechanism_established", "special_population_communication_mechanism",
    "police_crisis_mechanism_established", "jh_public_psa_set_up", "jh_five_into_lectures_held",
    "sleep_program_conducted", "therapist_training_plan_issued", "psychosomatic_training_program_established",
    "three_social_linkage_established", "volunteer_team_established", "social_worker_psych_training",
    "govt_buys_psych_service", "volunteer_policy_explored", "volunteer_training_held", "volunteer_reward_mechanism",
    "social_work_policy_explored", "social_work_posts_developed", "pilot_launch_ceremony_held",
    "publicity_column_opened", "performance_evaluation_system_established", "annual_evaluation_done",
    "third_party_evaluation_commissioned", "annual_evaluation_meeting_held", "jh_annual_supervision_conducted",
    "psych_in_safety_assessment", "psych_in_development_plan", "psych_budget_included",
    "psych_talent_recruitment_plan", "psych_talent_subsidy_plan", "disabled_psych_rehab_plan",
    "psych_in_party_school_training", "online_psych_platform_established", "service_value_policy_issued",
    "social_org_projects_defined", "psych_orgs_in_incubator", "diversified_funding_mechanism",
    "social_capital_policy_explored", "family_doctor_psych_package",
]
FACT_EXCEPTIONS = {("family_doctor_psych_package", None): NO,                              # shortfall 10 (encouraged)
                   ("jh_street_smd_group_established", "江南街道"): NO}                       # shortfall 8
# monthly professional supervision (四、(三) 每月): one row per month; the pilot began at the end of July 2019
SUPERVISION_MONTHS = {2019: range(8, 13), 2020: range(1, 13), 2021: range(1, 13)}
PATIENTS = {"礼乐街道": 418, "外海街道": 386, "江南街道": 352}
# rates per street and year, as shares of registered patients (numerator/denominator given)
RATES = {
    "smd_standardized_management_rate": {2019: 0.86, 2020: 0.88, 2021: 0.90},
    "smd_treatment_rate": {2019: 0.82, 2020: 0.84, 2021: 0.86},
    "schizophrenia_treatment_rate": {2019: 0.83, 2020: 0.85, 2021: 0.87},
    "smd_family_counseling_rate": {2019: 0.52, 2020: 0.53, 2021: 0.47},                  # shortfall 5 (2021)
    "smd_community_rehab_rate": {2019: 0.61, 2020: 0.63, 2021: 0.66},
    "special_population_counseling_coverage": {2019: 0.62, 2020: 0.65, 2021: 0.68},
    "smd_unstable_case_management_rate": {2019: 1.0, 2020: 1.0, 2021: 1.0},
}
AWARENESS = {"awareness_urban": {2019: 0.43, 2020: 0.54, 2021: 0.63},
             "awareness_rural": {2019: 0.41, 2020: 0.51, 2021: 0.582}}                   # shortfall 4 (2021)
COUNTS = {"leading_group_meetings": {2019: 2, 2020: 4, 2021: 4}}
MONTHS_MISSED_2021 = (2, 8)                                                                # shortfall 7 (2021)

INDICATOR_ZH = {}  # key -> zh name, filled from the dictionary files so that the table reads in Chinese


def _indicator_names() -> None:
    import yaml  # only to read the zh names of indicators from the shared dictionary
    folder = HERE.parents[1] / "src" / "compliance" / "dictionary"
    for f in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for key, entry in (data.get("indicators") or {}).items():
            if isinstance(entry, dict) and "zh" in entry:
                INDICATOR_ZH.setdefault(key, entry["zh"])


def indicator_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for year in (2019, 2020, 2021):
        for region in (REGION, *STREETS):
            for key in FACTS:
                value = FACT_EXCEPTIONS.get((key, region), FACT_EXCEPTIONS.get((key, None), YES))
                rows.append([region, year, INDICATOR_ZH.get(key, key), value, "", "", ""])
            for key, by_year in RATES.items():
                if region == REGION:
                    num = sum(round(PATIENTS[s] * (by_year[year] + _jitter(s, key))) for s in STREETS)
                    den = sum(PATIENTS.values())
                else:
                    den = PATIENTS[region]
                    num = round(den * (by_year[year] + _jitter(region, key)))
                rows.append([region, year, INDICATOR_ZH.get(key, key), "", min(num, den), den, ""])
            for key, by_year in AWARENESS.items():
                v = by_year[year] + (0 if region == REGION else _jitter(region, key))
                rows.append([region, year, INDICATOR_ZH.get(key, key), f"{v * 100:.1f}%", "", "", ""])
            for key, by_year in COUNTS.items():
                rows.append([region, year, INDICATOR_ZH.get(key, key), by_year[year], "", "", ""])
        for m in SUPERVISION_MONTHS[year]:
            held = NO if year == 2021 and m in MONTHS_MISSED_2021 else YES
            rows.append([REGION, year, INDICATOR_ZH["jh_expert_supervision_held"], held, "", "", f"{year}-{m:02d}"])
    return rows


def _jitter(street: str, key: str) -> float:
    """A small fixed per-street deviation that sums to zero over the three streets (none for 100% rates)."""
    if key == "smd_unstable_case_management_rate":
        return 0.0
    return {"礼乐街道": 0.01, "外海街道": -0.005, "江南街道": -0.005}[street]


def main() -> None:
    _indicator_names()
    with open(HERE / "units.csv", "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS.values())
        for row in units:
            w.writerow([row.get(k, "") for k in COLUMNS])
    with open(HERE / "indicators.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["地区", "年份", "指标", "数值", "分子", "分母", "期间"])
        w.writerows(indicator_rows())
    print(f"wrote {len(units)} units and {len(indicator_rows())} indicator rows to {HERE}")


if __name__ == "__main__":
    main()
