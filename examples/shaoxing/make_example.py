"""Build the example census for the Shaoxing pack (rules/shaoxing): units.csv and indicators.csv.

    .venv/bin/python examples/shaoxing/make_example.py

Deterministic (fixed seed): the same files every run. The data are invented for demonstration; the
place names follow Shaoxing's six county-level units and their townships/streets, the sizes are of a
realistic order. A handful of deliberate shortfalls (listed in README.md and in SHORTFALLS below) make a
check show failures next to passes.

units.csv      GB18030 (as exported by Excel/WPS on Chinese Windows), Chinese headers taken from the
               data dictionary (zh names or aliases), 是/否 cells.
indicators.csv UTF-8, headers 地区,年份,指标,数值,分子,分母; rows for 绍兴市 and each county, 2019–2021.
"""

from __future__ import annotations

import csv
import random
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20190918
CITY = "绍兴市"
Y, N = "是", "否"

# ---- places ------------------------------------------------------------------------------------
TOWNS: dict[str, list[str]] = {
    "越城区": ["府山街道", "塔山街道", "北海街道", "城南街道", "稽山街道", "东湖街道", "灵芝街道", "皋埠街道",
            "东浦街道", "斗门街道", "马山街道", "孙端街道", "陶堰街道"],
    "柯桥区": ["柯桥街道", "华舍街道", "柯岩街道", "湖塘街道", "齐贤街道", "福全街道", "钱清街道", "杨汛桥街道",
            "安昌街道", "兰亭街道", "马鞍街道", "漓渚镇", "平水镇", "王坛镇", "稽东镇", "夏履镇"],
    "上虞区": ["百官街道", "曹娥街道", "东关街道", "道墟街道", "梁湖街道", "小越街道", "崧厦街道", "沥海街道",
            "盖北镇", "谢塘镇", "驿亭镇", "永和镇", "丰惠镇", "上浦镇", "汤浦镇", "章镇镇", "下管镇",
            "长塘镇", "岭南乡", "陈溪乡"],
    "诸暨市": ["暨阳街道", "浣东街道", "陶朱街道", "暨南街道", "大唐街道", "店口镇", "次坞镇", "枫桥镇",
            "应店街镇", "赵家镇", "草塔镇", "牌头镇", "同山镇", "安华镇", "五泄镇", "璜山镇", "浬浦镇",
            "陈宅镇", "岭北镇", "东白湖镇", "山下湖镇", "马剑镇", "东和乡"],
    "嵊州市": ["剡湖街道", "三江街道", "鹿山街道", "浦口街道", "甘霖镇", "长乐镇", "崇仁镇", "黄泽镇", "三界镇",
            "石璜镇", "谷来镇", "仙岩镇", "金庭镇", "北漳镇", "下王镇", "贵门乡", "里南乡", "竹溪乡",
            "雅璜乡", "通源乡"],
    "新昌县": ["七星街道", "南明街道", "羽林街道", "沃洲镇", "儒岙镇", "回山镇", "大市聚镇", "澄潭镇", "梅渚镇",
            "小将镇", "镜岭镇", "东茗乡"],
}
COUNTIES = list(TOWNS)
VILLAGE_PARTS = ["东", "西", "南", "北", "上", "下", "新", "中", "前", "后", "大", "小", "高", "石", "金", "湖", "溪",
                 "山", "塘", "桥", "岙", "坞", "岭", "江", "浦", "沙", "竹", "梅", "桃", "杨", "陈", "王"]
VILLAGE_TAILS = ["村", "村", "村", "家村", "头村", "庄村", "湾村", "岭村", "溪村", "岙村"]
COMMUNITY_TAILS = ["社区", "苑社区", "园社区", "桥社区", "湖社区", "新村社区", "花园社区"]

# school counts per county (primary, secondary, preschool): about 330 / 240 / 450 in the city
SCHOOLS = {"越城区": (50, 36, 70), "柯桥区": (56, 38, 82), "上虞区": (52, 36, 80),
           "诸暨市": (76, 50, 108), "嵊州市": (50, 30, 70), "新昌县": (30, 22, 44)}
UNIVERSITIES = [  # (name, county, students, psychology teachers)
    ("绍兴文理学院", "越城区", 21800, 7),
    ("绍兴文理学院元培学院", "越城区", 9600, 3),
    ("浙江越秀外国语学院", "柯桥区", 14600, 3),          # deliberate shortfall: 1:4867
    ("绍兴职业技术学院", "越城区", 11200, 3),
    ("浙江工业职业技术学院", "越城区", 10400, 3),
    ("浙江农业商贸职业学院", "柯桥区", 7800, 2),
    ("浙江理工大学科技与艺术学院", "上虞区", 8000, 2),     # exactly 1:4000
    ("浙江邮电职业技术学院", "上虞区", 7200, 2),
]
# general hospitals per county: (name, grade); 20 are grade II or above, 5 grade I
GENERAL_HOSPITALS = {
    "越城区": [("绍兴市人民医院", 3), ("绍兴第二医院", 3), ("越城区人民医院", 2), ("绍兴市立医院", 2),
            ("皋埠镇中心卫生院医院部", 1)],
    "柯桥区": [("绍兴市中心医院", 3), ("柯桥区人民医院", 2), ("柯桥区第二人民医院", 2), ("钱清镇医院", 1)],
    "上虞区": [("上虞人民医院", 3), ("上虞区第二人民医院", 2), ("上虞区第三人民医院", 2), ("崧厦镇医院", 1)],
    "诸暨市": [("诸暨市人民医院", 3), ("诸暨市中心医院", 2), ("诸暨市第二人民医院", 2), ("诸暨市第四人民医院", 2),
            ("店口镇医院", 1)],
    "嵊州市": [("嵊州市人民医院", 3), ("嵊州市第二人民医院", 2), ("嵊州市第三人民医院", 2), ("长乐镇医院", 1)],
    "新昌县": [("新昌县人民医院", 3), ("新昌县第二人民医院", 2), ("新昌县第三人民医院", 2)],
}
# grade II+ general hospitals WITH a psychological clinic: 11 of 20 = 55% < 60% (deliberate shortfall)
GENERAL_WITH_CLINIC = {"绍兴市人民医院", "绍兴第二医院", "绍兴市中心医院", "上虞人民医院", "诸暨市人民医院",
                       "嵊州市人民医院", "新昌县人民医院", "越城区人民医院", "柯桥区人民医院", "诸暨市中心医院",
                       "上虞区第二人民医院"}
PSYCHIATRIC = {"越城区": "绍兴市第七人民医院", "柯桥区": "柯桥区精神卫生中心", "上虞区": "上虞区精神卫生中心",
               "诸暨市": "诸暨市第六人民医院", "嵊州市": "嵊州市第五人民医院", "新昌县": "新昌县精神卫生中心"}

SHORTFALLS = [
    "shaoxing.table.1_1_1_station_certification: 嵊州市 has 2 stations (甘霖镇, 崇仁镇) not certified by the end of 2021 (102 of 104 ≈ 98.1% < 100%)",
    "shaoxing.goal.general_hospital_clinic: 11 of 20 grade-II+ general hospitals have a psychological clinic (55% < 60%)",
    "shaoxing.network.general_hospital_psychiatry: 5 grade-I general hospitals have no psychiatry (psychology) department",
    "shaoxing.network.university_teacher_ratio: 浙江越秀外国语学院 has 3 psychology teachers for 14600 students (1:4867)",
    "shaoxing.network.minors_center_county: 新昌县 has no county-level minors' guidance centre",
    "shaoxing.table.1_3_3_judicial_site (and the advisory shaoxing.network.judicial_psych_site): 5 司法所 in 诸暨市 have no psychological service site",
    "shaoxing.table.3_1_1_county_expert_group: 上虞区 has no expert working group (否 in its indicators row)",
    "shaoxing.support.county_annual_plan: 新昌县 has no 2021 annual work plan (否 in 2021; 是 in 2019 and 2020)",
    "shaoxing.support.smd_face_to_face_followup: 97.2% of registered patients visited face to face in 2021 (< 100%)",
    "shaoxing.goal.awareness_rural: rural awareness 48.6% in 2021 (< 50%)",
    "shaoxing.support.six_zero_management: 3 patients left out of management in 诸暨市 in 2021 (target 0)",
    "shaoxing.support.diversified_funding: no diversified funding mechanism (否) in 2021",
    "advisory: shaoxing.network.large_employer_room (2 large enterprises without a service team), "
    "shaoxing.network.tcm_psych_dept (3 TCM hospitals without a TCM psychology department), "
    "shaoxing.network.medical_social_workers (township/community health centres without medical social workers)",
]


def main() -> None:
    rng = random.Random(SEED)
    rows: list[dict[str, object]] = []
    seq = [0]

    def add(kind: str, name: str, county: str, town: str = "", village: str = "", **attrs: object) -> None:
        seq[0] += 1
        rows.append({"id": f"SX{seq[0]:05d}", "name": name, "kind": kind, "county": county, "town": town,
                     "village": village, "data_year": 2021, **attrs})

    # ---- county-level units ----
    for c in COUNTIES:
        add("县区", c, c, has_psych_guidance_center=Y,
            has_large_guidance_center=Y if c in ("越城区", "诸暨市") else N)

    # ---- townships / streets, their health centres, judicial offices and public facilities ----
    uncertified = {("嵊州市", "甘霖镇"), ("嵊州市", "崇仁镇")}                  # shortfall
    no_judicial_site = {("诸暨市", t) for t in ("同山镇", "安华镇", "五泄镇", "璜山镇", "浬浦镇")}  # shortfall
    used_names: set[str] = set()
    for c, towns in TOWNS.items():
        for t in towns:
            street = t.endswith("街道")
            add("街道" if street else ("乡" if t.endswith("乡") else "镇"), t, c, t,
                has_psych_service_station=Y, station_certified=N if (c, t) in uncertified else Y,
                has_management_group=Y)
            add("社区卫生服务中心" if street else "乡镇卫生院",
                f"{t[:-2] if street else t}{'社区卫生服务中心' if street else '卫生院'}", c, t,
                provides_mental_health_education=Y, has_psych_service_site=Y, provides_psych_service=Y,
                conducts_psych_assessment=Y, promotes_dementia_tech=Y, trains_staff_mental_health=Y,
                has_medical_social_workers=Y if rng.random() < 0.45 else N)
            add("司法所", f"{t[:-2] if street else t}司法所", c, t,
                has_psych_service_site=N if (c, t) in no_judicial_site else Y,
                has_psych_staff=Y if (c, t) not in no_judicial_site else N)
            for kind in ("老年活动中心", "妇女之家", "儿童之家"):
                add(kind, f"{t[:-2] if street else t}{kind}", c, t, provides_psych_service=Y)
            # villages / communities
            n = rng.randint(6, 14) if street else rng.randint(12, 26)
            room_rate = 0.70 if c == "新昌县" else 0.88
            for _ in range(n):
                community = street and rng.random() < 0.8 or (not street and rng.random() < 0.1)
                while True:
                    base = "".join(rng.sample(VILLAGE_PARTS, 2))
                    v = base + (rng.choice(COMMUNITY_TAILS) if community else rng.choice(VILLAGE_TAILS))
                    if (c, v) not in used_names:
                        used_names.add((c, v))  # type: ignore[arg-type]
                        break
                room = Y if rng.random() < room_rate else N
                attrs: dict[str, object] = {"has_counseling_room": room, "has_guidance_room": room,
                                            "conducts_conflict_screening": Y}
                if community:
                    attrs["provides_psych_materials"] = Y
                add("社区" if community else "村", v, c, t, v, **attrs)

    # ---- schools ----
    for c, (prim, sec, pre) in SCHOOLS.items():
        towns = TOWNS[c]
        for kind, count, label in (("小学", prim, "小学"), ("中学", sec, "中学"), ("幼儿园", pre, "幼儿园")):
            for i in range(count):
                t = towns[i % len(towns)]
                name = f"{t[:-2] if t.endswith('街道') else t}第{i // len(towns) + 1}{label}"
                attrs = {"has_work_mechanism": Y, "provides_teacher_counseling": Y,
                         "assesses_teacher_mental_health": Y}
                if kind == "幼儿园":
                    attrs["has_psych_staff"] = Y
                else:
                    attrs.update(has_guidance_room=Y, has_psych_teacher=Y,
                                 is_featured_school=Y if rng.random() < 0.12 else N,
                                 is_provincial_demo_school=Y if rng.random() < 0.05 else N)
                add(kind, name, c, t, **attrs)
        add("特殊教育学校", f"{c}培智学校", c, towns[0], provides_mental_health_education=Y, has_work_mechanism=Y,
            provides_teacher_counseling=Y, assesses_teacher_mental_health=Y)
    for name, c, students, teachers in UNIVERSITIES:
        add("高等院校", name, c, TOWNS[c][0], has_counseling_center=Y, has_mental_health_course=Y,
            students=students, psych_teachers=teachers, has_work_mechanism=Y, provides_teacher_counseling=Y,
            assesses_teacher_mental_health=Y)

    # ---- hospitals ----
    for c in COUNTIES:
        t0 = TOWNS[c][0]
        add("精神专科医院", PSYCHIATRIC[c], c, t0, has_psych_clinic=Y, has_medical_social_workers=Y)
        for name, grade in GENERAL_HOSPITALS[c]:
            town = next((t for t in TOWNS[c] if t.removesuffix("街道").removesuffix("镇") in name[:3]), t0)
            add("综合医院", name, c, town, hospital_grade=grade,
                has_psych_clinic=Y if name in GENERAL_WITH_CLINIC else N,
                has_psychiatry_dept=Y if grade >= 2 else N,                       # shortfall: grade I
                has_medical_social_workers=Y if grade == 3 else N)
        add("中医医院", f"{c}中医院", c, t0, has_tcm_psych_dept=N if c in ("上虞区", "嵊州市", "新昌县") else Y,
            has_medical_social_workers=N)
        add("妇幼保健机构", f"{c}妇幼保健院", c, t0, integrates_mch_psych=Y, has_medical_social_workers=N)
    add("中医医院", "绍兴市中医院", "越城区", "府山街道", has_tcm_psych_dept=Y, has_medical_social_workers=Y)
    add("妇幼保健机构", "绍兴市妇幼保健院", "越城区", "府山街道", integrates_mch_psych=Y, has_medical_social_workers=Y)

    # ---- employers ----
    for c in COUNTIES:
        t0 = TOWNS[c][0]
        for dept in ("人民政府办公室", "卫生健康局", "教育体育局", "公安分局", "民政局", "司法局", "财政局", "信访局"):
            add("党政机关", f"{c}{dept}", c, t0, has_guidance_room=Y if rng.random() < 0.5 else N,
                buys_psych_service=Y, has_psych_service_team=N, is_large_employer=N,
                provides_mental_health_education=Y)
        for i in range(1, 16):
            large = i <= 4
            no_team = large and c == "柯桥区" and i <= 2                        # advisory shortfall
            add("企业", f"{c}示例企业{i:02d}", c, TOWNS[c][i % len(TOWNS[c])], is_large_employer=Y if large else N,
                has_guidance_room=Y if large else N, has_psych_service_team=N if no_team else (Y if large else N),
                buys_psych_service=N if large else Y, provides_mental_health_education=Y)
        for i in range(1, 7):
            large = i <= 2
            add("事业单位", f"{c}示例事业单位{i:02d}", c, t0, is_large_employer=Y if large else N,
                has_guidance_room=Y if large else N, has_psych_service_team=Y if large else N,
                buys_psych_service=N if large else Y, provides_mental_health_education=Y)

    # ---- political-legal and civil-affairs sites ----
    for c in COUNTIES:
        t0 = TOWNS[c][0]
        site = {"has_psych_service_site": Y, "has_psych_staff": Y}
        add("看守所", f"{c}看守所", c, t0, **site)
        add("拘留所", f"{c}拘留所", c, t0, **site)
        add("过渡性安置基地", f"{c}刑满释放人员过渡性安置基地", c, t0, **site)
        add("社区戒毒社区康复工作站", f"{c}社区戒毒社区康复工作办公室", c, t0, **site)
        add("社区矫正中心", f"{c}社区矫正中心", c, t0, **site)
        add("救助管理站", f"{c}救助管理站", c, t0, **site)
        add("信访接待中心", f"{c}信访接待中心", c, t0, **site)
        add("残疾人康复中心", f"{c}残疾人康复中心", c, t0, provides_psych_service=Y)
    add("监狱", "浙江省示例监狱（绍兴）", "柯桥区", "柯岩街道", has_psych_service_site=Y, has_psych_staff=Y)
    add("救助管理站", "绍兴市救助管理站", "越城区", "城南街道", has_psych_service_site=Y, has_psych_staff=Y)
    add("信访接待中心", "绍兴市人民来访接待中心", "越城区", "府山街道", has_psych_service_site=Y, has_psych_staff=Y)

    # ---- psychological services ----
    for c in COUNTIES:
        t0 = TOWNS[c][0]
        for i in range(1, rng.randint(3, 6) + 1):
            add("社会心理服务机构", f"{c}示例心理咨询服务中心{i:02d}", c, t0, provides_public_welfare_service=Y)
        add("心理危机干预队伍", f"{c}心理危机干预队", c, t0)
        add("心理援助热线", f"{c}心理咨询热线", c, t0, is_24h=N)
        if c != "新昌县":                                                        # shortfall: 新昌县
            add("未成年人心理健康辅导中心", f"{c}未成年人心理健康成长辅导中心", c, t0, is_municipal=N)
    add("心理危机干预队伍", "绍兴市心理危机干预队", "越城区", "府山街道")
    add("心理援助热线", "绍兴市24小时心理援助热线（12320）", "越城区", "府山街道", is_24h=Y)
    add("未成年人心理健康辅导中心", "绍兴市未成年人心理健康成长辅导中心", "越城区", "府山街道", is_municipal=Y)

    write_units(rows)
    write_indicators(rng)


# ---- units.csv -----------------------------------------------------------------------------------
UNIT_HEADERS = [  # (key, Chinese header): dictionary zh names, a few aliases
    ("id", "单位编码"), ("name", "单位名称"), ("kind", "单位类别"),
    ("county", "区县市"), ("town", "乡镇街道"), ("village", "村社区"), ("data_year", "统计年度"),
    ("has_psych_guidance_center", "是否建成社会心理服务指导中心"),
    ("has_large_guidance_center", "是否建成大型社会心理服务指导中心"),
    ("has_psych_service_station", "是否建成社会心理服务站"),
    ("station_certified", "社会心理服务站是否通过省级标准认证"),
    ("has_management_group", "是否成立心理健康服务综合管理小组"),
    ("has_counseling_room", "心理咨询室"),                                        # alias
    ("conducts_conflict_screening", "是否组织摸排矛盾问题并及时疏导化解"),
    ("provides_psych_materials", "是否向居民提供心理健康科普宣传资料"),
    ("has_counseling_center", "是否设立心理健康教育与咨询中心"),
    ("students", "在校学生数"), ("psych_teachers", "心理专业教师数"),
    ("has_mental_health_course", "是否开设心理健康教育课程"),
    ("has_guidance_room", "是否设立心理辅导室"), ("has_psych_teacher", "是否配备专兼职心理健康教育教师"),
    ("is_featured_school", "是否心理健康教育特色学校"), ("is_provincial_demo_school", "是否省中小学心理健康教育示范学校"),
    ("has_work_mechanism", "是否建立心理教育工作机制"),
    ("provides_teacher_counseling", "是否开展教师心理疏导"),
    ("assesses_teacher_mental_health", "是否定期对教师开展心理评估"),
    ("has_psych_staff", "是否配备专兼职心理健康工作人员"),
    ("provides_mental_health_education", "是否开展心理健康教育"),
    ("hospital_grade", "医院等级"), ("has_psych_clinic", "是否设立心理门诊"),
    ("has_psychiatry_dept", "是否开设精神（心理）科"), ("has_tcm_psych_dept", "是否开设中医心理等科室"),
    ("integrates_mch_psych", "是否将心理健康服务融入妇幼保健工作"),
    ("has_medical_social_workers", "是否培育医务社会工作者队伍"),
    ("has_psych_service_site", "是否设立心理服务场所"), ("provides_psych_service", "是否提供心理服务"),
    ("conducts_psych_assessment", "是否对辖区居民开展心理健康评估"),
    ("promotes_dementia_tech", "是否推广老年痴呆适宜防治技术"),
    ("trains_staff_mental_health", "是否开展心理健康服务知识和技能培训"),
    ("is_large_employer", "是否规模较大、职工较多的单位"), ("has_psych_service_team", "是否建立心理健康服务团队"),
    ("buys_psych_service", "是否购买心理健康服务"),
    ("provides_public_welfare_service", "是否为弱势群体提供公益性服务"),
    ("is_24h", "是否24小时服务"), ("is_municipal", "是否市级"),
]


def write_units(rows: list[dict[str, object]]) -> None:
    d = _dictionary()
    for key, zh in UNIT_HEADERS:  # every header must still name its key in the data dictionary
        hit = d.header(zh)
        assert hit is not None and hit[1] == key, (key, zh, hit)
    with open(HERE / "units.csv", "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow([zh for _, zh in UNIT_HEADERS])
        for r in rows:
            w.writerow(["" if r.get(k) is None else r.get(k) for k, _ in UNIT_HEADERS])


# ---- indicators.csv ------------------------------------------------------------------------------
HUKOU = {"越城区": 702_300, "柯桥区": 664_800, "上虞区": 779_500, "诸暨市": 1_083_600, "嵊州市": 729_200,
         "新昌县": 433_100}
NON_HUKOU = {"越城区": 352_000, "柯桥区": 498_000, "上虞区": 206_000, "诸暨市": 301_000, "嵊州市": 81_000,
             "新昌县": 69_000}

FACTS_2019_NO = {  # facts still 否 at the end of 2019 (and 2020 for the second set); all others 是
    2019: {"pilot_evaluation_completed", "psych_in_performance_assessment", "psych_orgs_in_incubator",
           "psych_org_registration_system", "purchased_service_evaluation", "volunteer_reward_mechanism",
           "service_value_policy_issued", "social_capital_policy_explored", "internet_medical_services",
           "mental_health_in_healthy_city_index", "psych_industry_org_established", "three_plus_one_mechanism",
           "online_counseling_services", "diversified_funding_mechanism", "psych_info_sharing_mechanism",
           "counselor_policy_issued", "data_security_mechanism_established"},
    2020: {"pilot_evaluation_completed", "diversified_funding_mechanism", "social_capital_policy_explored",
           "purchased_service_evaluation"},
    2021: {"diversified_funding_mechanism"},                                         # shortfall
}
FACTS = [
    "mental_health_in_healthy_city_index", "psych_archives_established", "psych_risk_assessment_regular",
    "special_population_communication_mechanism", "education_plan_includes_mental_health",
    "minors_center_in_assessment", "crisis_expert_groups_established", "psych_org_support_policy",
    "psych_org_management_measures", "internet_medical_services", "crisis_in_emergency_plans",
    "psych_outreach_activities", "public_psa_set_up", "volunteers_join_outreach",
    "social_work_policy_explored", "social_work_posts_developed", "social_worker_psych_training",
    "three_social_linkage_established", "govt_buys_psych_service", "counselor_policy_issued",
    "counselor_training_held", "volunteer_team_established", "volunteer_policy_explored",
    "volunteer_training_held", "volunteer_reward_mechanism", "psych_industry_org_established",
    "psych_resource_survey_done", "data_security_mechanism_established", "service_cooperation_mechanism",
    "psych_org_registration_system", "purchased_service_evaluation", "leading_group_established",
    "pilot_evaluation_completed", "expert_committee_established", "psych_in_safety_assessment",
    "psych_in_party_school_training", "service_value_policy_issued", "online_psych_platform_established",
    "social_org_projects_defined", "psych_orgs_in_incubator", "psych_budget_included",
    "diversified_funding_mechanism", "social_capital_policy_explored", "three_plus_one_mechanism",
    "psych_info_sharing_mechanism", "online_counseling_services", "periodic_supervision_conducted",
    "psych_in_development_plan", "psych_in_performance_assessment",
    "edu_dev_plan_includes_mh", "edu_annual_plan_includes_mh", "pilot_implementation_plan_made",
    "annual_work_plan_issued", "expert_working_group_established",
]
# per-county exceptions (region, year) → 否; the city row and other years follow FACTS_2019_NO
COUNTY_NO = {
    "expert_working_group_established": {("上虞区", 2019), ("上虞区", 2020), ("上虞区", 2021)},   # shortfall
    "annual_work_plan_issued": {("新昌县", 2021)},                                         # shortfall
}
# rates for the city per year (the counties scatter around them)
RATES = {
    "smd_clue_investigation_rate": (0.962, 0.975, 0.986),
    "smd_timely_diagnosis_rate": (0.955, 0.971, 0.982),
    "mental_health_education_coverage": (0.48, 0.55, 0.63),
    "awareness_urban": (0.58, 0.62, 0.675),
    "awareness_rural": (0.42, 0.455, 0.486),                                         # shortfall in 2021
    "awareness_students": (0.70, 0.74, 0.78),
    "special_population_counseling_coverage": (0.45, 0.55, 0.62),
}
ZERO_COUNTS = ["high_risk_self_harm_incidents", "attention_malicious_petitions", "general_impulsive_incidents",
               "smd_screening_blind_spots", "smd_management_omissions", "smd_service_gaps", "smd_handover_gaps",
               "smd_handling_failures", "smd_homicide_cases"]


def _dictionary():  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(HERE.parent.parent / "src"))
    from compliance.dictionary import load_dictionary

    return load_dictionary()


def _zh_names() -> dict[str, str]:
    """Indicator Chinese names from the data dictionary (the 指标 column uses them)."""
    return {k: e.zh for k, e in _dictionary().indicators.items()}


def _pct(v: float) -> str:
    return f"{v * 100:.1f}%".replace(".0%", "%")


def write_indicators(rng: random.Random) -> None:
    zh = _zh_names()
    out: list[list[object]] = []

    def row(region: str, year: int, key: str, value: object = "", num: object = "", den: object = "") -> None:
        out.append([region, year, zh[key], value, num, den])

    for year_i, year in enumerate((2019, 2020, 2021)):
        regions = [CITY, *COUNTIES]
        # facts
        for key in FACTS:
            flag = N if key in FACTS_2019_NO.get(year, set()) or (year == 2019 and key in FACTS_2019_NO[2020]) else Y
            for reg in regions:
                row(reg, year, key, N if (reg, year) in COUNTY_NO.get(key, set()) else flag)
        # meetings
        for reg in regions:
            row(reg, year, "leading_group_meetings", 1 if year == 2019 else 2)
        # rates: the clue / diagnosis rates with numerator and denominator, the others as percentages
        for key, per_year in RATES.items():
            city = per_year[year_i]
            if key in ("smd_clue_investigation_rate", "smd_timely_diagnosis_rate"):
                dens = {c: rng.randint(150, 320) for c in COUNTIES}
                nums = {c: round(dens[c] * city) for c in COUNTIES}
                total_den = sum(dens.values())
                target_num = round(total_den * city)
                nums[COUNTIES[0]] += target_num - sum(nums.values())
                for c in COUNTIES:
                    row(c, year, key, "", nums[c], dens[c])
                row(CITY, year, key, "", sum(nums.values()), total_den)
            else:
                row(CITY, year, key, _pct(city))
                for c in COUNTIES:
                    row(c, year, key, _pct(min(0.99, max(0.0, city + rng.uniform(-0.03, 0.03)))))
        # face-to-face follow-up of registered patients (every patient, every year); 97.2% in 2021
        share = (0.99, 1.0, 0.972)[year_i]
        f_num = f_den = 0
        for c in COUNTIES:
            pts = rng.randint(2_000, 5_000)
            visited = round(pts * share)
            f_num, f_den = f_num + visited, f_den + pts
            row(c, year, "smd_followup_rate", "", visited, pts)
        row(CITY, year, "smd_followup_rate", "", f_num, f_den)
        # medical staff training: every general-hospital worker by 2021
        share = (0.72, 0.9, 1.0)[year_i]
        t_num = t_den = 0
        for c in COUNTIES:   # the city's figures are the sum of its counties' (no W013 warning)
            staff = rng.randint(1_800, 4_200)
            t_num, t_den = t_num + round(staff * share), t_den + staff
            row(c, year, "medical_staff_psych_training_rate", "", round(staff * share), staff)
        row(CITY, year, "medical_staff_psych_training_rate", "", t_num, t_den)
        # prevalence: patients over hukou + non-hukou / 2 (4.1‰ in 2021; 3.6‰ if counted in full)
        prev = (Fraction(38, 10000), Fraction(395, 100000), Fraction(411, 100000))[year_i]
        tot_p = tot_h = tot_n = 0
        for c in COUNTIES:
            h = HUKOU[c] + 2_000 * year_i
            n = NON_HUKOU[c] + 5_000 * year_i
            p = round((h + Fraction(n, 2)) * prev * Fraction(rng.randint(96, 104), 100))
            tot_p, tot_h, tot_n = tot_p + p, tot_h + h, tot_n + n
            row(c, year, "smd_registered_patients", p)
            row(c, year, "hukou_population", h)
            row(c, year, "non_hukou_population", n)
        row(CITY, year, "smd_registered_patients", tot_p)
        row(CITY, year, "hukou_population", tot_h)
        row(CITY, year, "non_hukou_population", tot_n)
        # "三无" and "六个零": zero, except a few in 2019/2020 and 3 unmanaged patients in 诸暨市 in 2021
        for key in ZERO_COUNTS:
            counts = {c: 0 for c in COUNTIES}
            if year < 2021 and key in ("smd_management_omissions", "smd_service_gaps", "attention_malicious_petitions"):
                counts[rng.choice(COUNTIES)] = rng.randint(1, 4)
            if year == 2021 and key == "smd_management_omissions":
                counts["诸暨市"] = 3                                                   # shortfall
            for c in COUNTIES:
                row(c, year, key, counts[c])
            row(CITY, year, key, sum(counts.values()))

    with open(HERE / "indicators.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["地区", "年份", "指标", "数值", "分子", "分母"])
        w.writerows(out)


if __name__ == "__main__":
    main()
    print(f"wrote {HERE / 'units.csv'} and {HERE / 'indicators.csv'}")
