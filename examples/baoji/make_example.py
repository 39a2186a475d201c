"""Write a synthetic Baoji census for rules/baoji: units.csv (GB18030) and indicators.csv (UTF-8).

Deterministic (fixed seed). The twelve county-level units and their 镇街 follow Baoji in the pilot
years (2019–2021, 凤翔 still a county); village, community, school, enterprise and most institution
names are generated and fictitious, and every figure is made up. The deliberate shortfalls are listed
in README.md next to this file.

    python examples/baoji/make_example.py
"""

from __future__ import annotations

import csv
import math
import random
from pathlib import Path

HERE = Path(__file__).parent
RNG = random.Random(20191231)
YES, NO = "是", "否"
CITY = "宝鸡市"
YEARS = (2019, 2020, 2021)
DATA_YEAR = 2021   # the units table is the 2021 census: every row's 统计年度

# County-level units: (resident population (approx.), streets, towns).
COUNTIES: dict[str, tuple[int, list[str], list[str]]] = {
    "渭滨区": (500_000, ["经二路街道", "清姜街道", "姜谭路街道", "桥南街道", "金陵街道"],
            ["马营镇", "石鼓镇", "神农镇", "高家镇", "八鱼镇"]),
    "金台区": (450_000, ["中山东路街道", "西关街道", "中山西路街道", "群众路街道", "东风路街道", "十里铺街道", "卧龙寺街道"],
            ["陈仓镇", "蟠龙镇", "金河镇", "硖石镇"]),
    "陈仓区": (560_000, ["虢镇街道", "千渭街道"],
            ["阳平镇", "千河镇", "磻溪镇", "天王镇", "慕仪镇", "周原镇", "贾村镇", "县功镇", "新街镇", "坪头镇",
             "香泉镇", "赤沙镇", "拓石镇", "凤阁岭镇", "钓渭镇"]),
    "凤翔县": (470_000, [], ["城关镇", "虢王镇", "彪角镇", "横水镇", "田家庄镇", "糜杆桥镇", "南指挥镇", "陈村镇",
                          "长青镇", "柳林镇", "姚家沟镇", "范家寨镇"]),
    "岐山县": (430_000, [], ["凤鸣镇", "蔡家坡镇", "益店镇", "蒲村镇", "青化镇", "枣林镇", "雍川镇", "故郡镇", "京当镇"]),
    "扶风县": (390_000, ["城关街道"], ["天度镇", "午井镇", "绛帐镇", "段家镇", "杏林镇", "召公镇", "法门镇"]),
    "眉县": (290_000, ["首善街道"], ["横渠镇", "槐芽镇", "汤峪镇", "常兴镇", "金渠镇", "营头镇", "齐镇"]),
    "陇县": (220_000, [], ["城关镇", "东风镇", "八渡镇", "温水镇", "天成镇", "曹家湾镇", "固关镇", "东南镇", "河北镇",
                        "新集川镇"]),
    "千阳县": (110_000, [], ["城关镇", "崔家头镇", "南寨镇", "张家塬镇", "水沟镇", "草碧镇", "高崖镇"]),
    "麟游县": (80_000, [], ["九成宫镇", "崔木镇", "招贤镇", "两亭镇", "常丰镇", "丈八镇", "酒房镇"]),
    "凤县": (100_000, [], ["双石铺镇", "凤州镇", "黄牛铺镇", "红花铺镇", "河口镇", "唐藏镇", "平木镇", "坪坎镇", "留凤关镇"]),
    "太白县": (50_000, [], ["咀头镇", "桃川镇", "鹦鸽镇", "靖口镇", "太白河镇", "黄柏塬镇", "王家堎镇"]),
}
URBAN = ("渭滨区", "金台区")

# Columns of units.csv: (header, key). Headers are the dictionary's zh names (or aliases).
COLUMNS = [
    ("单位编码", "id"), ("单位名称", "name"), ("单位类别", "kind"),
    ("县区", "county"), ("镇街", "town"), ("村社区", "village"),
    # the year the row's figures are for: periodic unit rules (每年/定期) read only the year they judge
    ("统计年度", "data_year"),
    ("职工人数", "staff"), ("在校学生数", "students"), ("心理专业教师数", "psych_teachers"), ("医院等级", "hospital_grade"),
    ("是否市级", "is_municipal"), ("是否规模较大、职工较多的单位", "is_large_employer"),
    # places
    ("是否建立社会心理服务中心", "has_psych_service_center"),
    ("是否设立心理咨询室", "has_counseling_room"), ("是否设立社会工作室", "has_social_work_room"),
    ("是否组织摸排矛盾问题并及时疏导化解", "conducts_conflict_screening"),
    ("是否建立精神卫生综合管理小组", "has_smd_management_group"),
    ("是否开办精神障碍社区康复机构", "has_community_rehab_facility"),
    ("是否设立健康教育活动室", "has_health_education_room"),
    ("年度常见心理行为问题和精神障碍科普宣传次数", "psych_campaigns_per_year"),
    ("是否向居民提供心理健康科普宣传资料", "provides_psych_materials"),
    # schools
    ("是否设立心理健康教育与咨询中心", "has_counseling_center"), ("是否开设心理健康教育课程", "has_mental_health_course"),
    ("是否设立心理辅导室", "has_guidance_room"), ("是否配备专兼职心理健康教育教师", "has_psych_teacher"),
    ("是否心理健康教育特色学校", "is_featured_school"), ("是否配备专兼职心理健康工作人员", "has_psych_staff"),
    ("是否建立心理教育工作机制", "has_work_mechanism"), ("是否定期对教师开展心理评估", "assesses_teacher_mental_health"),
    ("是否开展教师心理疏导", "provides_teacher_counseling"),
    # services
    ("是否开展心理健康教育", "provides_mental_health_education"), ("是否提供心理服务", "provides_psych_service"),
    ("是否设立心理服务场所", "has_psych_service_site"), ("是否设专兼职心理咨询师或治疗师", "has_counselor"),
    ("是否成立危机干预专家组", "has_crisis_expert_group"),
    ("是否建立心理健康服务团队", "has_psych_service_team"), ("是否购买心理健康服务", "buys_psych_service"),
    ("是否开展心理健康体检", "provides_psych_checkup"), ("是否设置心理咨询工作岗位", "has_psych_post"),
    ("是否为弱势群体提供公益性服务", "provides_public_welfare_service"),
    ("是否开展婚姻家庭辅导服务", "provides_marriage_counseling"),
    ("是否定期举办心理健康公益讲座", "holds_psych_lectures"),
    # health
    ("是否开设精神（心理）科", "has_psychiatry_dept"), ("是否开设中医心理等科室", "has_tcm_psych_dept"),
    ("是否设立心理门诊", "has_psych_clinic"), ("是否提供心理测评服务", "provides_psych_assessment"),
    ("是否将心理健康服务融入妇幼保健工作", "integrates_mch_psych"),
    ("是否开展心理健康服务知识和技能培训", "trains_staff_mental_health"),
    ("是否对辖区老年人开展心理健康评估和随访管理", "assesses_elderly_mental_health"),
    ("是否推广老年痴呆适宜防治技术", "promotes_dementia_tech"),
    ("是否培育医务社会工作者队伍", "has_medical_social_workers"),
    ("是否建立家属学校（课堂）", "has_family_school"),
    ("是否对住院患者家属进行心理安慰和心理辅导", "counsels_inpatient_families"),
    ("是否开展出院康复评估", "conducts_discharge_assessment"),
    ("是否为患者提供药物治疗和心理治疗相结合的服务", "combines_drug_and_psychotherapy"),
    # crisis
    ("是否24小时服务", "is_24h"), ("年度专项培训和演练次数", "drills_per_year"),
    ("备注", "note"),
]

KIND_ZH = {
    "county": "县区", "town": "镇", "street": "街道", "village": "村", "community": "社区",
    "university": "高等院校", "secondary_school": "中学", "primary_school": "小学", "preschool": "幼儿园",
    "special_school": "特殊教育学校", "psychiatric_hospital": "精神专科医院", "general_hospital": "综合医院",
    "tcm_hospital": "中医医院", "maternal_child_center": "妇幼保健院", "township_health_center": "乡镇卫生院",
    "community_health_center": "社区卫生服务中心", "general_check_center": "体检中心",
    "government_agency": "党政机关", "enterprise": "企业", "public_institution": "事业单位",
    "police_custody": "看守所", "prison": "监狱", "transition_base": "过渡性安置基地",
    "drug_rehab_office": "社区戒毒社区康复工作办公室", "judicial_office": "司法所", "community_correction": "社区矫正中心",
    "relief_station": "救助管理站", "petition_reception": "信访接待场所",
    "elderly_university": "老年大学", "elderly_center": "老年活动中心", "womens_home": "妇女之家",
    "disability_rehab_center": "残疾人康复机构", "marriage_registry": "婚姻登记机构",
    "family_mediation_org": "婚姻家庭纠纷调解组织", "social_psych_org": "社会心理服务机构",
    "minors_guidance_center": "未成年人心理健康成长辅导中心", "crisis_team": "心理危机干预队伍", "hotline": "心理援助热线",
}

SURNAMES = "王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎常武乔贺赖龚文"
PREFIXES = ("", "", "", "东", "西", "南", "北", "前", "后", "上", "下", "大", "小")
SUFFIXES = ("家村", "家庄村", "家沟村", "家塬村", "家湾村", "家坡村", "堡村", "寨村", "河村", "峪村", "岭村", "坪村")
COMMUNITY_WORDS = ("新华", "和平", "光明", "胜利", "建设", "团结", "幸福", "友谊", "东风", "红旗", "长青", "滨河",
                   "公园", "东岭", "西街", "南关", "北坡", "文化", "新村", "车站", "石坝河", "渭河", "秦岭", "星火")


def yn(flag: bool) -> str:
    return YES if flag else NO


class Units:
    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []
        self.serial: dict[str, int] = {}

    def add(self, prefix: str, kind: str, name: str, county: str = "", town: str = "", village: str = "",
            **values: object) -> dict[str, object]:
        self.serial[prefix] = self.serial.get(prefix, 0) + 1
        row = {"id": f"BJ-{prefix}-{self.serial[prefix]:04d}", "name": name, "kind": KIND_ZH[kind],
               "county": county, "town": town, "village": village, "data_year": DATA_YEAR, **values}
        self.rows.append(row)
        return row


def village_names(n: int, used: set[str]) -> list[str]:
    out = []
    while len(out) < n:
        name = RNG.choice(PREFIXES) + RNG.choice(SURNAMES) + RNG.choice(SUFFIXES)
        if name not in used:
            used.add(name)
            out.append(name)
    return out


def community_names(n: int, used: set[str]) -> list[str]:
    out = []
    while len(out) < n:
        name = RNG.choice(COMMUNITY_WORDS) + RNG.choice(("", "路", "街", "苑", "里")) + "社区"
        if name not in used:
            used.add(name)
            out.append(name)
    return out


def build_units() -> Units:
    u = Units()
    all_towns: list[tuple[str, str, bool]] = []
    for county, (_pop, streets, towns) in COUNTIES.items():
        u.add("C", "county", county, county, has_psych_service_center=YES)
        for t in streets:
            all_towns.append((county, t, True))
        for t in towns:
            all_towns.append((county, t, False))

    # ---- 8.4 deliberate shortfall: only 50 of the 115 镇街 run a community rehabilitation facility (43%) ----
    with_rehab = set(RNG.sample(range(len(all_towns)), 50))

    for i, (county, town, is_street) in enumerate(all_towns):
        u.add("T", "street" if is_street else "town", town, county, town,
              has_psych_service_center=YES, has_smd_management_group=YES,
              has_community_rehab_facility=yn(i in with_rehab), has_health_education_room=YES,
              psych_campaigns_per_year=RNG.randint(2, 4), provides_psych_materials=YES)
        # health centre, judicial office, women's home of the 镇街
        hc_kind = "community_health_center" if is_street else "township_health_center"
        u.add("H", hc_kind, f"{county}{town}{'社区卫生服务中心' if is_street else '卫生院'}", county, town,
              has_psych_service_site=YES, provides_psych_service=YES, trains_staff_mental_health=YES,
              assesses_elderly_mental_health=YES, promotes_dementia_tech=YES,
              has_medical_social_workers=yn(RNG.random() < 0.25))
        u.add("J", "judicial_office", f"{county}{town}司法所", county, town,
              has_psych_service_site=YES, has_counselor=YES, has_crisis_expert_group=YES,
              provides_mental_health_education=YES, provides_psych_service=YES)
        u.add("P", "womens_home", f"{town}妇女之家", county, town, provides_psych_service=YES)
        # villages and communities
        used: set[str] = set()
        if is_street:
            names = [(n, "community") for n in community_names(RNG.randint(5, 11), used)]
            names += [(n, "village") for n in village_names(RNG.randint(0, 3), used)]
        else:
            lo, hi = (6, 12) if county in URBAN else (9, 20)
            names = [(n, "community") for n in community_names(1, used)]
            names += [(n, "village") for n in village_names(RNG.randint(lo, hi), used)]
        for n, kind in names:
            p_room = 0.72 if county == "凤县" else 0.9
            room = RNG.random() < p_room
            sw = (not room) and RNG.random() < 0.4
            u.add("V", kind, n, county, town, n,
                  has_counseling_room=yn(room), has_social_work_room=yn(sw),
                  conducts_conflict_screening=YES, has_health_education_room=YES,
                  psych_campaigns_per_year=RNG.randint(2, 4), provides_psych_materials=YES)

    # ---- 5.6 deliberate shortfall: four villages of 千阳县 held only one campaign in the year ----
    qy = [r for r in u.rows if r["county"] == "千阳县" and r["kind"] == "村"]
    for r in RNG.sample(qy, 4):
        r["psych_campaigns_per_year"] = 1
        r["note"] = "2021年仅开展1次科普宣传"

    # ---- schools ----
    unis = [("宝鸡文理学院", "渭滨区", 20_500, 6), ("宝鸡职业技术学院", "渭滨区", 15_200, 4),
            ("陕西机电职业技术学院", "金台区", 12_800, 4),
            # 2.1 deliberate shortfall: 1 psychology teacher for 6,500 students (needs 2 at 1:4000)
            ("宝鸡三和职业学院", "陈仓区", 6_500, 1)]
    for name, county, students, teachers in unis:
        u.add("U", "university", name, county, students=students, psych_teachers=teachers,
              has_counseling_center=YES, has_mental_health_course=YES, has_work_mechanism=YES, provides_psych_service=YES,
              assesses_teacher_mental_health=YES, provides_teacher_counseling=YES,
              note="师生比不足1:4000" if students > teachers * 4000 else "")
    for county, (_pop, streets, towns) in COUNTIES.items():
        n_towns = len(streets) + len(towns)
        town_names = streets + towns
        for kind, per_town, size, label in (("primary_school", 3.5, (120, 1600), "小学"),
                                             ("secondary_school", 1.3, (300, 2600), "中学"),
                                             ("preschool", 2.5, (60, 420), "幼儿园")):
            n = max(2, round(n_towns * per_town))
            for k in range(n):
                town = town_names[k % n_towns]
                name = f"{county}{town}{'第' + str(k // n_towns + 1) if k >= n_towns else ''}{'中心' if k < n_towns and kind != 'secondary_school' else ''}{label}"
                row = dict(students=RNG.randint(*size), has_work_mechanism=YES, assesses_teacher_mental_health=YES,
                           provides_teacher_counseling=YES)
                if kind == "preschool":
                    row.update(has_psych_staff=YES, provides_mental_health_education=YES)
                else:
                    # 2.2: about 86% with a guidance room; 10.1 deliberate shortfall: about 7% without a teacher
                    row.update(has_guidance_room=yn(RNG.random() < 0.86), has_psych_teacher=yn(RNG.random() < 0.93),
                               is_featured_school=yn(RNG.random() < 0.05))
                u.add("S", kind, name, county, town, **row)
        if county not in ("麟游县", "太白县"):
            u.add("S", "special_school", f"{county}特殊教育学校", county, students=RNG.randint(40, 160),
                  provides_mental_health_education=YES, has_work_mechanism=YES,
                  assesses_teacher_mental_health=YES, provides_teacher_counseling=YES)
    u.add("S", "special_school", "宝鸡市特殊教育学校", "金台区", students=320, provides_mental_health_education=YES,
          has_work_mechanism=YES, assesses_teacher_mental_health=YES, provides_teacher_counseling=YES)

    # ---- hospitals and health institutions ----
    psych = dict(has_psych_clinic=YES, has_family_school=YES, counsels_inpatient_families=YES,
                 conducts_discharge_assessment=YES, combines_drug_and_psychotherapy=YES)
    u.add("M", "psychiatric_hospital", "宝鸡市康复医院（宝鸡市精神卫生中心）", "金台区", hospital_grade=3,
          is_municipal=YES, has_medical_social_workers=YES, **psych)
    u.add("M", "psychiatric_hospital", "陈仓区精神卫生中心", "陈仓区", hospital_grade=2, is_municipal=NO,
          has_medical_social_workers=NO, **psych)
    u.add("M", "psychiatric_hospital", "岐山县精神病医院", "岐山县", hospital_grade=1, is_municipal=NO,
          has_medical_social_workers=NO, **psych)
    city_general = [("宝鸡市中心医院", "渭滨区", 3), ("宝鸡市人民医院", "金台区", 3), ("宝鸡高新医院", "渭滨区", 3),
                    ("宝鸡市第三人民医院", "金台区", 2)]
    for name, county, grade in city_general:
        u.add("M", "general_hospital", name, county, hospital_grade=grade, is_municipal=YES, has_psychiatry_dept=YES,
              provides_psych_service=YES, has_medical_social_workers=YES)
    county_hospital = {"陈仓区": "陈仓区医院", "凤翔县": "凤翔县医院", "岐山县": "岐山县医院", "扶风县": "扶风县人民医院",
                       "眉县": "眉县人民医院", "陇县": "陇县人民医院", "千阳县": "千阳县医院", "麟游县": "麟游县医院",
                       "凤县": "凤县医院", "太白县": "太白县医院"}
    for county, name in county_hospital.items():
        # 5.2 deliberate shortfall: 麟游县医院 (grade II) has no psychiatry (psychology) department
        ok = county != "麟游县"
        u.add("M", "general_hospital", name, county, hospital_grade=2, is_municipal=NO, has_psychiatry_dept=yn(ok),
              provides_psych_service=YES, has_medical_social_workers=NO,
              note="" if ok else "尚未开设精神（心理）科")
    for county in COUNTIES:
        for k in range(RNG.randint(1, 3)):
            u.add("M", "general_hospital", f"{county}{RNG.choice(SURNAMES)}氏{'仁和康华济民'[k * 2:k * 2 + 2]}医院", county,
                  hospital_grade=1, is_municipal=NO, has_psychiatry_dept=NO, provides_psych_service=NO,
                  has_medical_social_workers=NO)
    u.add("M", "tcm_hospital", "宝鸡市中医医院", "渭滨区", hospital_grade=3, is_municipal=YES, has_psychiatry_dept=YES,
          provides_psych_service=YES, has_tcm_psych_dept=YES, has_medical_social_workers=YES)
    for county in ("陈仓区", "凤翔县", "岐山县", "扶风县", "眉县", "陇县", "千阳县", "凤县"):
        u.add("M", "tcm_hospital", f"{county}中医医院", county, hospital_grade=2, is_municipal=NO,
              has_psychiatry_dept=YES, provides_psych_service=YES, has_tcm_psych_dept=yn(RNG.random() < 0.4),
              has_medical_social_workers=NO)
    u.add("M", "maternal_child_center", "宝鸡市妇幼保健院", "金台区", is_municipal=YES, integrates_mch_psych=YES,
          has_medical_social_workers=YES)
    for county in COUNTIES:
        u.add("M", "maternal_child_center", f"{county}妇幼保健计划生育服务中心", county, is_municipal=NO,
              integrates_mch_psych=YES, has_medical_social_workers=NO)
    for name, county in (("宝鸡市中心医院健康体检中心", "渭滨区"), ("宝鸡市人民医院体检中心", "金台区"),
                         ("宝鸡美年大健康体检中心", "渭滨区"), ("陈仓区健康体检中心", "陈仓区")):
        u.add("M", "general_check_center", name, county, provides_psych_assessment=YES)

    # ---- employers: large ones are encouraged to run a room and a team; small ones must buy services ----
    small_without = 0
    for county in [None, *COUNTIES]:
        where = county or "金台区"
        label = county or CITY
        n_agency = 24 if county is None else RNG.randint(8, 14)
        n_ent = 12 if county is None else RNG.randint(6, 20)
        n_inst = 10 if county is None else RNG.randint(4, 8)
        for kind, n, pool in (("government_agency", n_agency, ("委办公室", "人民政府办公室", "发展和改革局", "财政局", "教育局",
                                                               "公安局", "民政局", "司法局", "卫生健康局", "信访局",
                                                               "人力资源和社会保障局", "住房和城乡建设局", "交通运输局",
                                                               "农业农村局", "文化和旅游局", "市场监督管理局", "应急管理局",
                                                               "自然资源局", "生态环境局", "审计局", "统计局", "医疗保障局",
                                                               "退役军人事务局", "行政审批服务局")),
                              ("enterprise", n_ent, None), ("public_institution", n_inst, None)):
            for k in range(n):
                if kind == "government_agency":
                    name = f"{label}{pool[k % len(pool)]}"
                    staff = RNG.randint(25, 420)
                elif kind == "enterprise":
                    name = f"宝鸡{RNG.choice(COMMUNITY_WORDS)}{RNG.choice(('机械', '钛业', '电子', '食品', '建材', '物流', '纺织', '汽车零部件', '化工', '电力设备'))}有限公司{'' if county is None else '（' + county + '）'}"
                    staff = RNG.choice((RNG.randint(20, 280), RNG.randint(300, 3200)))
                else:
                    name = f"{label}{('广播电视台', '图书馆', '疾病预防控制中心', '水利工作站', '林业站', '农业技术推广中心', '城市管理服务中心', '文化馆')[k % 8]}"
                    staff = RNG.randint(15, 360)
                large = staff >= 300
                row = dict(staff=staff, is_large_employer=yn(large), provides_mental_health_education=YES,
                           provides_psych_checkup=YES, holds_psych_lectures=YES)
                if large:
                    row.update(has_guidance_room=yn(RNG.random() < 0.7), has_psych_service_team=yn(RNG.random() < 0.6),
                               buys_psych_service=yn(RNG.random() < 0.5))
                else:
                    # 3.2 deliberate shortfall: five small enterprises do not buy any service
                    miss = kind == "enterprise" and small_without < 5 and county in ("扶风县", "陇县", "凤县") \
                        and RNG.random() < 0.5
                    small_without += miss
                    row.update(buys_psych_service=yn(not miss), note="未购买心理健康服务" if miss else "")
                if kind == "government_agency":
                    row["has_psych_post"] = YES
                u.add("E", kind, name, where, **row)

    # ---- political-legal and civil-affairs sites (3.4) ----
    site = dict(has_psych_service_site=YES, has_counselor=YES, has_crisis_expert_group=YES,
                provides_mental_health_education=YES, provides_psych_service=YES)
    u.add("L", "police_custody", "宝鸡市看守所", "金台区", is_municipal=YES, **site)
    u.add("L", "police_custody", "宝鸡市拘留所", "金台区", is_municipal=YES, **site)
    u.add("L", "prison", "陕西省宝鸡监狱", "陈仓区", **site)
    u.add("L", "transition_base", "宝鸡市刑满释放人员过渡性安置基地", "陈仓区", is_municipal=YES, **site)
    u.add("L", "relief_station", "宝鸡市救助管理站", "渭滨区", is_municipal=YES, **site)
    u.add("L", "petition_reception", "宝鸡市人民来访接待中心", "金台区", is_municipal=YES, **site)
    for county in COUNTIES:
        u.add("L", "police_custody", f"{county}看守所", county, is_municipal=NO, **site)
        u.add("L", "drug_rehab_office", f"{county}社区戒毒社区康复工作办公室", county, **site)
        u.add("L", "community_correction", f"{county}社区矫正中心", county, **site)
        u.add("L", "relief_station", f"{county}救助管理站", county, is_municipal=NO, **site)
        u.add("L", "petition_reception", f"{county}信访接待中心", county, is_municipal=NO, **site)

    # ---- public-service venues, family services, social organisations ----
    u.add("P", "elderly_university", "宝鸡老年大学", "金台区", is_municipal=YES, provides_psych_service=YES)
    u.add("P", "marriage_registry", "宝鸡市婚姻登记处", "金台区", is_municipal=YES, provides_marriage_counseling=YES)
    for county in COUNTIES:
        u.add("P", "elderly_center", f"{county}老年活动中心", county, provides_psych_service=YES)
        u.add("P", "disability_rehab_center", f"{county}残疾人康复中心", county, provides_psych_service=YES)
        u.add("P", "marriage_registry", f"{county}婚姻登记处", county, provides_marriage_counseling=yn(RNG.random() < 0.8))
        u.add("P", "family_mediation_org", f"{county}婚姻家庭纠纷人民调解委员会", county, provides_marriage_counseling=YES)
        if county in ("渭滨区", "金台区", "陈仓区", "凤翔县", "岐山县"):
            u.add("P", "elderly_university", f"{county}老年大学", county, provides_psych_service=YES)
    for k in range(16):
        county = RNG.choice(list(COUNTIES)[:6])
        u.add("O", "social_psych_org", f"宝鸡{RNG.choice(COMMUNITY_WORDS)}{RNG.choice(('心理咨询中心', '心理健康服务中心', '社会工作服务中心', '心理研究所'))}{'' if k < 8 else '（' + county + '）'}",
              county, provides_psych_service=YES, provides_public_welfare_service=YES)

    # ---- minors' centres, crisis teams, hotline ----
    u.add("Y", "minors_guidance_center", "宝鸡市未成年人心理健康成长辅导中心", "金台区", is_municipal=YES)
    for county in COUNTIES:
        if county != "麟游县":   # 2.8 deliberate shortfall: 麟游县 has no centre yet
            u.add("Y", "minors_guidance_center", f"{county}未成年人心理健康成长辅导中心", county, is_municipal=NO)
    u.add("X", "crisis_team", "宝鸡市心理危机干预队", "金台区", is_municipal=YES, drills_per_year=3)
    for county in COUNTIES:
        u.add("X", "crisis_team", f"{county}心理危机干预队", county, is_municipal=NO, drills_per_year=RNG.randint(1, 2))
    u.add("X", "hotline", "宝鸡市心理援助热线", "金台区", is_municipal=YES, is_24h=YES)
    return u


# ---- indicators ---------------------------------------------------------------------------------

# Facts (是/否) the pack checks, by their dictionary zh names (or an alias), with the year they became true
# (None: still 否 in 2021). Facts that only make sense for the city are written for 宝鸡市 only.
FACTS: dict[str, int | None] = {
    "依托市康复医院设立市级社会心理服务中心": 2019,   # city_psych_service_center
    "建立社会心理服务电子档案": 2020,
    "定期开展社会心理分析研判、风险评估和社会心态预测预警": 2020,
    "制定分级管理疏导方案": 2020,
    "通过购买服务为社区居民提供心理健康服务": 2019,
    "探索宗教组织协助参与信教人员心理问题排查和心理支持的工作模式": 2021,
    "建立特殊人群心理沟通机制": 2019,
    "教育主管部门将心理健康教育纳入当地教育事业发展规划和年度工作计划": 2019,   # each county, each year
    "未成年人心理健康成长辅导中心建设纳入文明城市和未成年人思想道德建设测评考核": 2020,
    "制定支持、引导、培育社会心理服务机构参与心理健康服务的政策措施": 2021,
    "发布社会心理服务清单目录": 2020,
    "制订社会心理服务机构管理措施": 2020,
    "市康复医院完成搬迁项目": 2021,
    "建立精神卫生专科联盟或医联体": 2019,
    "医疗卫生机构运用互联网提供预约诊疗、双向转诊、远程医疗服务": 2020,
    "心理危机干预纳入突发事件应急预案": 2019,
    "媒体开通心理健康节目或专栏": 2019,
    "开展心理健康进学校、进企业、进社区、进机关活动": 2019,
    "开展心理健康公益讲座": 2019,
    "社会工作者和专业志愿者参加心理健康科普宣传、热线咨询等志愿服务": 2020,
    "公共场所设立心理健康公益广告和宣传栏": 2019,
    "建立分级诊疗绿色通道": 2020,
    "探索鼓励和支持社会工作专业人员参与心理健康服务的政策措施": 2021,
    "开发心理健康服务相关的社会工作岗位": 2021,
    "对社会工作专业人员开展心理学和精神卫生知识培训": 2019,
    "建立社区、社会组织、社会工作者“三社联动”机制": 2019,
    "开展心理咨询人员继续教育和专业培训": 2019,
    "心理健康知识和技能纳入医务人员继续教育内容并考核": 2020,
    "组建心理健康服务志愿者队伍": 2019,
    "探索支持引导志愿者参与心理健康服务的政策": 2021,
    "对心理健康服务志愿者开展相关培训": 2019,
    "健全心理健康志愿者奖励表彰机制": 2020,
    "完成心理健康服务机构和人员摸底调查": 2019,
    "完善社会心理服务行业组织": 2020,
    "建立心理健康数据安全保护机制": 2021,
    "建立心理服务机构、学校心理咨询中心、精神卫生医疗机构等合作机制": 2021,
    "探索制定心理服务行业工作规范和管理办法": 2021,
    "对承接政府购买服务的社会心理服务机构进行考核评价": 2020,
    "社会心理服务体系建设纳入国民经济和社会发展规划": 2020,
    "社会心理服务体系建设纳入政府目标管理和绩效考核": 2019,
    "社会心理服务疏导和危机干预纳入平安建设考评": 2019,
    "制订试点实施方案和年度工作计划": 2019,
    "成立社会心理服务体系建设工作领导小组": 2019,
    "由党政负责同志任领导小组组长": 2019,
    "领导小组办公室": 2019,                          # leading_group_office_established
    "成立领导小组专家库": 2019,
    "制定各类心理咨询服务机构设置标准与工作要求": 2020,
    "心理健康教育纳入党校、行政学院培训": 2020,
    "地方性精神卫生工作条例报送人大申请立法": None,  # 15.1 deliberate shortfall: not yet submitted
    "制订体现心理健康服务技术劳务价值的政策措施": 2021,
    "建立心理健康服务网站或心理自助平台、移动心理服务应用": 2021,
    "确定适宜社会组织参与的心理服务项目": 2020,
    "心理健康相关机构纳入社会组织孵化基地建设": 2021,
    "对社会心理服务体系建设给予必要的经费保障": 2019,   # the city and each county
    "建立多元化资金筹措机制": 2021,
    "探索社会资本投入心理健康服务领域的政策措施": 2021,
    # added by the issue-7 audit (department facts, yearly facts, 10.2, 13.5)
    "公安、司法行政、信访、民政等部门成立危机干预专家组": 2019,
    "涉及未成年人个案落实特殊保护措施": 2020,
    "制订社会心理服务体系建设年度工作计划": 2019,       # yearly: a row each year
    "行业组织协助政府有关部门定期对社会心理健康服务机构和人员进行考评": 2020,
    "社会心理服务机构服务数量、质量等评价结果向社会公开": 2021,
    "通过购买服务等形式引导和支持心理咨询人员提供心理健康服务": 2020,
}
CITY_ONLY = {"依托市康复医院设立市级社会心理服务中心", "市康复医院完成搬迁项目", "地方性精神卫生工作条例报送人大申请立法",
             "公安、司法行政、信访、民政等部门成立危机干预专家组", "涉及未成年人个案落实特殊保护措施"}

# Region-level rates written as plain percentages: (2019, 2020, 2021) for the city; counties vary around them.
RATES = {
    "特殊人群个性化心理疏导覆盖率": (0.42, 0.55, 0.64),
    "病情不稳定患者个案管理率": (0.88, 0.97, 1.0),
    "贫困患者住院合规费用报销比例": (0.74, 0.80, 0.83),
    "居家患者社区康复参与率": (0.45, 0.56, 0.62),
    "居家患者及家属心理疏导服务覆盖率": (0.38, 0.49, 0.56),
    "综合医院（含中医院）全体医务人员临床心理知识培训覆盖率": (0.70, 0.92, 1.0),
    "城市普通人群心理健康核心知识知晓率": (0.72, 0.78, 0.831),
    "农村普通人群心理健康核心知识知晓率": (0.49, 0.54, 0.576),  # 7.3 deliberate shortfall: 57.6% < 60%
}
COUNTS = {"领导小组例会次数": (2, 4, 4), "心理咨询人员督导次数": (2, 4, 6)}

# 8.1: per county, as numerator / denominator over registered patients (report rate over residents).
SMD = {  # zh name: (2021 city-level target-ish rate, spread)
    "在册严重精神障碍患者规范管理率": 0.91,
    "面访率": 0.85,
    "在册患者治疗率": 0.79,
    "规律服药率": 0.60,
    "精神分裂症治疗率": 0.86,
}


def pct(x: float) -> str:
    return f"{x * 100:.1f}%".replace(".0%", "%")


def build_indicators() -> list[list[object]]:
    rows: list[list[object]] = []
    regions = [CITY, *COUNTIES]
    for year in YEARS:
        step = YEARS.index(year)
        for region in regions:
            for name, since in FACTS.items():
                if region != CITY and name in CITY_ONLY:
                    continue
                flag = since is not None and year >= since
                if region != CITY and since is not None and year == since and RNG.random() < 0.3:
                    flag = False   # some counties follow a year later
                rows.append([region, year, name, yn(flag), "", ""])
            for name, values in RATES.items():
                v = values[step] if region == CITY else min(1.0, values[step] + RNG.choice((0.0, 0.01, 0.02, 0.03)))
                if region == regions[1]:
                    v = values[step]   # one county at the city's rate, so the city lies within its counties' range (W013)
                rows.append([region, year, name, pct(v), "", ""])
            for name, values in COUNTS.items():
                v = values[step] if region == CITY else max(1, values[step] - RNG.randint(0, 1))
                rows.append([region, year, name, v, "", ""])
        # ---- 8.1, county by county, then the city as the sum ----
        totals: dict[str, list[int]] = {}
        for county, (pop, _s, _t) in COUNTIES.items():
            rate = (3.9, 4.4, 4.8)[step] + RNG.uniform(0.0, 0.5)
            if county == "太白县" and year == 2021:
                rate = 4.2      # 8.1 deliberate shortfall: report rate 4.2‰ < 4.5‰
            patients = round(pop * rate / 1000)
            rows.append([county, year, "严重精神障碍患者报告患病率", "", patients, pop])
            totals.setdefault("严重精神障碍患者报告患病率", [0, 0])
            totals["严重精神障碍患者报告患病率"][0] += patients
            totals["严重精神障碍患者报告患病率"][1] += pop
            for name, base in SMD.items():
                r = base - (0.12, 0.05, 0.0)[step] + RNG.uniform(-0.02, 0.04)
                if name == "规律服药率" and county == "麟游县" and year == 2021:
                    r = 0.46    # 8.1 deliberate shortfall: regular medication 46% < 50%
                den = patients if name != "精神分裂症治疗率" else round(patients * 0.62)
                num = min(den, math.floor(den * r))
                rows.append([county, year, name, "", num, den])
                totals.setdefault(name, [0, 0])
                totals[name][0] += num
                totals[name][1] += den
        for name, (num, den) in totals.items():
            rows.append([CITY, year, name, "", num, den])
    return rows


def main() -> None:
    units = build_units()
    with open(HERE / "units.csv", "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow([h for h, _ in COLUMNS])
        for row in units.rows:
            w.writerow(["" if row.get(k) is None else row.get(k, "") for _, k in COLUMNS])
    with open(HERE / "indicators.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["地区", "年份", "指标", "数值", "分子", "分母"])
        w.writerows(build_indicators())
    print(f"units.csv: {len(units.rows)} rows; indicators.csv written")


if __name__ == "__main__":
    main()
