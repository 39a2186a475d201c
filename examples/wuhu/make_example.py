"""Write a synthetic Wuhu census for rules/wuhu: units.csv (GB18030) and indicators.csv (UTF-8).

Deterministic (fixed seed). The eight county-level units, townships/streets and the city's main
institutions follow Wuhu as of 2019; village, school, enterprise and most facility names are generated
and fictitious, and every figure is made up. The deliberate shortfalls are listed in README.md next to
this file.

    python examples/wuhu/make_example.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent
RNG = random.Random(20190408)
YES, NO = "是", "否"
CITY = "芜湖市"
YEARS = (2019, 2020, 2021)

# 县区 → (乡镇街道 names, number of 村/社区 in all). About 75 乡镇街道 and 1,300 村社区.
COUNTIES: dict[str, tuple[tuple[str, ...], int]] = {
    "镜湖区": (("赭山街道", "范罗山街道", "弋矶山街道", "滨江街道", "吉和街道", "汀棠街道", "天门山街道",
             "镜湖街道", "荆山街道", "方村街道", "大砻坊街道"), 112),
    "弋江区": (("中南街道", "澛港街道", "马塘街道", "南瑞街道", "白马街道", "火龙街道", "利民街道", "瀂港新区街道"), 74),
    "鸠江区": (("湾里街道", "四褐山街道", "清水街道", "官陡街道", "裕溪口街道", "万春街道", "大桥街道",
             "沈巷镇", "汤沟镇", "二坝镇", "白茆镇", "龙山街道"), 156),
    "三山区": (("三山街道", "龙湖街道", "高安街道", "保定街道", "峨桥镇"), 62),
    "芜湖县": (("湾沚镇", "六郎镇", "陶辛镇", "红杨镇", "花桥镇"), 118),
    "繁昌县": (("繁阳镇", "荻港镇", "孙村镇", "平铺镇", "新港镇", "峨山镇"), 121),
    "南陵县": (("籍山镇", "弋江镇", "许镇镇", "三里镇", "何湾镇", "工山镇", "家发镇", "烟墩镇"), 182),
    "无为县": (("无城镇", "襄安镇", "陡沟镇", "石涧镇", "严桥镇", "开城镇", "蜀山镇", "牛埠镇", "刘渡镇",
             "姚沟镇", "泥汊镇", "福渡镇", "泉塘镇", "赫店镇", "红庙镇", "高沟镇", "鹤毛镇", "十里墩镇",
             "昆山乡", "洪巷乡"), 478),
}
URBAN = {"镜湖区", "弋江区"}  # only communities; elsewhere streets have communities, towns mostly villages

# Columns of units.csv: (header, key). Headers are dictionary zh names (or aliases).
COLUMNS = [
    ("单位编码", "id"), ("单位名称", "name"), ("单位类别", "kind"), ("统计年度", "data_year"),
    ("县区", "county"), ("乡镇街道", "town"), ("村社区", "village"),
    ("是否市级", "is_municipal"), ("是否24小时服务", "is_24h"),
    ("职工人数", "staff"), ("在校学生数", "students"), ("心理专业教师数", "psych_teachers"), ("医院等级", "hospital_grade"),
    ("是否设立心理咨询室", "has_counseling_room"), ("是否设立社会工作室", "has_social_work_room"),
    ("是否设立心理辅导室", "has_guidance_room"), ("是否设立心理服务场所", "has_psych_service_site"),
    ("是否成立关爱帮扶小组", "has_care_group"), ("是否组织摸排矛盾问题并及时疏导化解", "conducts_conflict_screening"),
    ("关爱帮扶小组本年度是否开展社区心理知识宣传活动", "care_group_publicity_held"),
    ("是否成立心理健康服务综合管理小组", "has_management_group"), ("综合管理小组年度例会次数", "mgmt_group_meetings"),
    ("是否设置心理咨询工作岗位", "has_psych_post"),
    ("是否组建县区心理危机干预队伍", "has_crisis_team"), ("是否设立未成年人心理健康辅导中心", "has_minors_guidance_center"),
    ("培育参与心理卫生服务的社会组织数", "social_orgs_cultivated"),
    ("是否将心理健康教育纳入教育事业发展规划和年度工作计划并有经费支持", "has_edu_mh_plan"),
    ("是否设立心理健康教育与咨询中心", "has_counseling_center"), ("是否配备专兼职心理健康教育教师", "has_psych_teacher"),
    ("是否开设心理健康教育课程", "has_mental_health_course"), ("是否心理健康教育特色学校", "is_featured_school"),
    ("是否建立心理教育工作机制", "has_work_mechanism"), ("是否配备专兼职心理健康工作人员", "has_psych_staff"),
    ("是否开展心理健康教育", "provides_mental_health_education"), ("是否提供心理服务", "provides_psych_service"),
    ("是否设立心理门诊", "has_psych_clinic"), ("是否开设精神（心理）科", "has_psychiatry_dept"),
    ("是否建立多学科联络会诊制度", "has_liaison_consultation"),
    ("是否开展心理健康服务知识和技能培训", "trains_staff_mental_health"),
    ("是否建立家属学校（课堂）", "has_family_school"), ("是否对住院患者家属进行心理安慰和心理辅导", "counsels_inpatient_families"),
    ("是否建立社区康复期间复发患者快速转介绿色通道", "has_green_channel"),
    ("是否将心理健康服务融入妇幼保健工作", "integrates_mch_psych"),
    ("是否配备专兼职精神卫生防治人员", "has_mental_health_staff"), ("是否推广老年痴呆适宜防治技术", "promotes_dementia_tech"),
    ("是否对辖区居民开展心理健康评估", "conducts_psych_assessment"),
    ("是否向居民提供心理健康科普宣传资料", "provides_psych_materials"),
    ("是否设专兼职心理咨询师或治疗师", "has_counselor"), ("是否建立心理健康服务团队", "has_psych_service_team"),
    ("是否购买心理健康服务", "buys_psych_service"),
]

SURNAMES = "王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆孔崔毛邱秦江史顾侯邵孟万钱汤尹易常武乔贺龚"
PREFIXES = ("", "", "", "东", "西", "南", "北", "前", "后", "大", "小", "新", "老")
VILLAGE_SUFFIXES = ("圩", "湾", "岗", "冲", "桥", "塘", "庄", "拐", "山", "埠", "洲", "坝", "墩", "岭")
COMMUNITY_WORDS = ("和平", "幸福", "长江", "青山", "凤鸣", "银湖", "春晖", "文化", "新华", "光明", "阳光", "锦绣",
                   "桃园", "滨江", "花园", "明珠", "和谐", "绿地", "翠竹", "金湖", "紫云", "瑞丰", "康乐", "仁和")


def yn(ok: bool) -> str:
    return YES if ok else NO


def chance(p: float) -> bool:
    return RNG.random() < p


class Units:
    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []
        self.serial: dict[str, int] = {}

    def add(self, prefix: str, kind: str, name: str, county: str, town: str = "", village: str = "",
            **values: object) -> dict[str, object]:
        self.serial[prefix] = self.serial.get(prefix, 0) + 1
        row = {"id": f"WH-{prefix}-{self.serial[prefix]:04d}", "name": name, "kind": kind,
               "county": county, "town": town, "village": village, "data_year": 2021, **values}
        self.rows.append(row)
        return row


def exact_flags(n: int, k: int) -> list[bool]:
    """n flags with exactly k true, shuffled."""
    flags = [True] * k + [False] * (n - k)
    RNG.shuffle(flags)
    return flags


def main() -> None:
    u = Units()
    used: set[tuple[str, str]] = set()

    def place_name(tail: str, town: str) -> str:
        """A fictitious village/community name, unique within its township."""
        while True:
            if tail == "社区":
                name = RNG.choice(COMMUNITY_WORDS) + RNG.choice(("", "新村", "花园", "苑", "里", "东", "西")) + tail
            else:
                name = RNG.choice(PREFIXES) + RNG.choice(SURNAMES) + RNG.choice(VILLAGE_SUFFIXES) + tail
            if (town, name) not in used:
                used.add((town, name))
                return name

    # ---------------------------------------------------------------- county rows (综治中心, per-county facts)
    county_facts = {
        # county: (minors' centre, education plan with funding, social organisations cultivated)
        "镜湖区": (True, True, 3), "弋江区": (True, True, 2), "鸠江区": (True, True, 2), "三山区": (True, True, 1),
        "芜湖县": (True, True, 1), "繁昌县": (False, True, 1), "南陵县": (True, False, 2), "无为县": (True, True, 2),
    }
    for county, (minors, edu, orgs) in county_facts.items():
        u.add("C", "县区", county, county, has_counseling_room=YES, has_social_work_room=YES,
              has_crisis_team=YES, has_minors_guidance_center=yn(minors), has_edu_mh_plan=yn(edu),
              social_orgs_cultivated=orgs)

    # ---------------------------------------------------------------- townships / streets
    towns: list[tuple[str, str, str]] = []  # (county, town, kind)
    for county, (names, _) in COUNTIES.items():
        for t in names:
            towns.append((county, t, "街道" if t.endswith("街道") else "乡镇"))
    # 2.1: 3 of 75 township governance centres still lack a room (96%); two groups met only 3 times.
    no_room_towns = {"利民街道", "昆山乡", "洪巷乡"}
    few_meetings = {"峨桥镇", "鹤毛镇"}
    for county, t, kind in towns:
        room = t not in no_room_towns
        u.add("T", kind, t, county, t,
              has_counseling_room=yn(room and chance(0.8)) if room else NO,
              has_social_work_room=YES if room else NO,
              has_management_group=YES, mgmt_group_meetings=3 if t in few_meetings else RNG.choice((4, 4, 5, 6)),
              has_psych_post=YES if kind == "乡镇" else "")

    # ---------------------------------------------------------------- villages / communities
    village_room_rate = {"镜湖区": 0.92, "弋江区": 0.90, "鸠江区": 0.88, "三山区": 0.86,
                         "芜湖县": 0.87, "繁昌县": 0.85, "南陵县": 0.84, "无为县": 0.76}
    for county, (names, total) in COUNTIES.items():
        per = [total // len(names)] * len(names)
        for i in range(total - sum(per)):
            per[i] += 1
        kinds = []
        for t, n in zip(names, per):
            for _ in range(n):
                community = county in URBAN or t.endswith("街道") or chance(0.12)
                kinds.append((t, "社区" if community else "村"))
        k = round(len(kinds) * village_room_rate[county])
        for (t, kind), ok in zip(kinds, exact_flags(len(kinds), k)):
            name = place_name(kind, t)
            form = RNG.choice(("room", "social", "both")) if ok else "none"
            u.add("V", kind, name, county, t, name,
                  has_counseling_room=yn(form in ("room", "both")),
                  has_social_work_room=yn(form in ("social", "both")),
                  has_care_group=YES, conducts_conflict_screening=YES, care_group_publicity_held=YES)

    town_of = {county: names for county, (names, _) in COUNTIES.items()}

    def seat(county: str) -> str:
        return town_of[county][0]

    # ---------------------------------------------------------------- schools
    weight = {c: total for c, (_, total) in COUNTIES.items()}
    all_w = sum(weight.values())

    def spread_over_counties(n: int) -> list[str]:
        out = []
        for c, w in weight.items():
            out += [c] * round(n * w / all_w)
        while len(out) < n:
            out.append("无为县")
        return out[:n]

    school_counties = spread_over_counties(480) + spread_over_counties(220)
    school_kinds = ["小学"] * 480 + ["中学"] * 220
    ok_rooms = exact_flags(700, 588)  # 84%
    featured = set(RNG.sample(range(700), 14))
    serial: dict[tuple[str, str], int] = {}
    for i, (county, kind) in enumerate(zip(school_counties, school_kinds)):
        t = RNG.choice(town_of[county])
        serial[(t, kind)] = serial.get((t, kind), 0) + 1
        n = serial[(t, kind)]
        base = t.removesuffix("街道").removesuffix("镇").removesuffix("乡")
        name = (f"{base}中心小学" if n == 1 else f"{base}第{n}小学") if kind == "小学" else (f"{base}初级中学" if n == 1 else f"{base}第{n}中学")
        ok = ok_rooms[i]
        u.add("S", kind, name, county, t, has_guidance_room=yn(ok or chance(0.5)), has_psych_teacher=yn(ok),
              is_featured_school=yn(i in featured and ok), has_work_mechanism=YES)

    # preschools: 3.3 — 75% have mental-health staff and provide education (fails 80% in 2021)
    pre_counties = spread_over_counties(400)
    ok_pre = exact_flags(400, 300)
    for i, county in enumerate(pre_counties):
        t = RNG.choice(town_of[county])
        u.add("K", "幼儿园", f"{t.removesuffix('街道').removesuffix('镇').removesuffix('乡')}{RNG.choice(COMMUNITY_WORDS)}幼儿园{i + 1}",
              county, t, has_psych_staff=yn(ok_pre[i]), provides_mental_health_education=YES if ok_pre[i] else yn(chance(0.4)),
              has_work_mechanism=YES)

    for name, county in (("芜湖市特殊教育学校", "镜湖区"), ("南陵县特殊教育学校", "南陵县"), ("无为县特殊教育学校", "无为县")):
        u.add("K", "特殊教育学校", name, county, seat(county), provides_mental_health_education=YES,
              has_psych_staff=YES, has_work_mechanism=YES)

    # universities: (name, county, students, psychology teachers, counseling centre)
    universities = [
        ("安徽师范大学", "弋江区", 31200, 9, True), ("安徽工程大学", "鸠江区", 21500, 6, True),
        ("皖南医学院", "弋江区", 15800, 4, True), ("芜湖职业技术学院", "鸠江区", 13600, 4, True),
        ("安徽机电职业技术学院", "鸠江区", 14000, 3, True),           # 3 × 4000 < 14000: short of 1:4000
        ("安徽商贸职业技术学院", "鸠江区", 12400, 4, True), ("安徽中医药高等专科学校", "弋江区", 9100, 3, True),
        ("安徽师范大学皖江学院", "鸠江区", 12000, 3, True), ("安徽信息工程学院", "弋江区", 15300, 4, True),
        ("安徽工程大学机电学院", "三山区", 7800, 2, False),            # no counseling centre
    ]
    for name, county, students, teachers, center in universities:
        u.add("U", "高等院校", name, county, seat(county), students=students, psych_teachers=teachers,
              has_counseling_center=yn(center), has_psych_teacher=YES, has_mental_health_course=YES,
              provides_psych_service=YES, has_work_mechanism=YES)

    # ---------------------------------------------------------------- hospitals
    psychiatric = [("芜湖市第四人民医院（市精神卫生中心）", "镜湖区", True), ("无为县精神病医院", "无为县", True),
                   ("繁昌县精神卫生中心", "繁昌县", True), ("南陵县精神病医院", "南陵县", False)]
    for name, county, clinic in psychiatric:
        u.add("H", "精神专科医院", name, county, seat(county), is_municipal=yn(county == "镜湖区"),
              has_psych_clinic=yn(clinic), has_liaison_consultation=YES, trains_staff_mental_health=YES,
              has_family_school=YES, counsels_inpatient_families=YES, has_green_channel=YES)
    # general hospitals: (name, county, grade, psychological clinic, psychiatry department)
    general = [
        ("皖南医学院弋矶山医院", "镜湖区", 3, True, True), ("芜湖市第一人民医院", "镜湖区", 3, True, True),
        ("芜湖市第二人民医院", "镜湖区", 3, True, True), ("皖南医学院第二附属医院", "弋江区", 3, False, True),
        ("芜湖市第五人民医院", "三山区", 2, False, False), ("芜湖县医院", "芜湖县", 2, True, True),
        ("繁昌县人民医院", "繁昌县", 2, False, True), ("南陵县医院", "南陵县", 2, False, False),
        ("无为县人民医院", "无为县", 2, True, True), ("无为县第二人民医院", "无为县", 2, False, False),
        ("鸠江区人民医院", "鸠江区", 2, False, False), ("芜湖广济医院", "弋江区", 2, False, False),
    ] + [(f"{c}{w}医院", c, 1, False, False) for c, w in
         (("镜湖区", "仁和"), ("弋江区", "康复"), ("鸠江区", "沈巷"), ("三山区", "峨桥"), ("芜湖县", "六郎"),
          ("繁昌县", "荻港"), ("南陵县", "许镇"), ("无为县", "襄安"))]
    for name, county, grade, clinic, dept in general:
        u.add("H", "综合医院", name, county, seat(county), hospital_grade=grade, has_psych_clinic=yn(clinic),
              has_psychiatry_dept=yn(dept), has_liaison_consultation=yn(grade >= 2 or chance(0.5)))
    for name, county in (("芜湖市中医医院", "镜湖区"), ("芜湖县中医院", "芜湖县"), ("繁昌县中医院", "繁昌县"),
                         ("南陵县中医院", "南陵县"), ("无为县中医医院", "无为县")):
        u.add("H", "中医医院", name, county, seat(county), hospital_grade=2 if county != "镜湖区" else 3,
              has_liaison_consultation=yn(county != "南陵县"))
    # maternal and child health centres: 5 of 9 have a counseling room, 8 of 9 integrate services
    mch = [("芜湖市妇幼保健院", "镜湖区", True, True)] + [
        (f"{c}妇幼保健计划生育服务中心", c, c in {"弋江区", "芜湖县", "无为县", "南陵县"}, c != "三山区")
        for c in COUNTIES if c != "镜湖区"] + [("镜湖区妇幼保健计划生育服务中心", "镜湖区", False, True)]
    for name, county, room, integ in mch:
        u.add("H", "妇幼保健机构", name, county, seat(county), is_municipal=yn(name.startswith("芜湖市")),
              has_counseling_room=yn(room), has_psych_clinic=NO, integrates_mch_psych=yn(integ))

    # township and community health centres (one per township; communities in the districts)
    centres = []
    for county, t, kind in towns:
        centres.append((county, t, "乡镇卫生院" if kind == "乡镇" else "社区卫生服务中心"))
    for county in ("镜湖区", "弋江区", "鸠江区", "三山区"):
        for j in range(6):
            centres.append((county, RNG.choice(town_of[county]), "社区卫生服务中心"))
    n = len(centres)
    ok_room = exact_flags(n, round(n * 0.82))
    ok_dementia = exact_flags(n, round(n * 0.77))   # 5.4 below 80% in 2021
    no_site = set(RNG.sample(range(n), 2))          # 三、(二)1: every centre should have a site
    for i, (county, t, kind) in enumerate(centres):
        base = t.removesuffix("街道").removesuffix("镇").removesuffix("乡")
        name = f"{base}卫生院" if kind == "乡镇卫生院" else f"{base}社区卫生服务中心{'' if i < len(towns) else i - len(towns) + 1}"
        u.add("P", kind, name, county, t, has_counseling_room=yn(ok_room[i]), has_psych_service_site=yn(i not in no_site),
              has_mental_health_staff=YES, promotes_dementia_tech=yn(ok_dementia[i]),
              conducts_psych_assessment=yn(chance(0.3)),
              provides_psych_materials=YES if kind == "社区卫生服务中心" else "")
    u.add("P", "心理健康体检中心", "芜湖市心理健康体检中心", "镜湖区", seat("镜湖区"), is_municipal=YES)

    # ---------------------------------------------------------------- employers
    agencies = ["市委办公室", "市政府办公室", "市委组织部", "市委宣传部", "市委政法委", "市发展改革委", "市教育局",
                "市科技局", "市工业和信息化局", "市公安局", "市民政局", "市司法局", "市财政局", "市人社局",
                "市自然资源和规划局", "市生态环境局", "市住房城乡建设局", "市交通运输局", "市农业农村局", "市商务局",
                "市文化和旅游局", "市卫生健康委", "市应急管理局", "市审计局", "市市场监管局", "市统计局", "市医保局",
                "市信访局", "市城管局", "市数据资源局"]
    employers: list[tuple[str, str, int]] = []  # (kind, name, staff)
    for a in agencies:
        employers.append(("党政机关", f"芜湖{a}", RNG.randint(40, 260)))
    for county in COUNTIES:
        for a in ("区（县）委办公室", "人民政府办公室", "公安分局", "教育局", "民政局", "卫生健康委"):
            employers.append(("党政机关", f"{county}{a}", RNG.randint(20, 180)))
    words = ("长江", "江城", "神山", "赭山", "皖南", "鸠兹", "三山", "天门", "汀棠", "新芜", "峨溪", "繁阳", "籍山", "无城")
    trades = ("精密机械", "汽车零部件", "电子科技", "新材料", "包装", "食品", "纺织", "建材", "物流", "医药", "电器",
              "化工", "光电", "塑业", "装备制造", "环保科技", "信息技术", "建筑工程")
    names = set()
    while len(names) < 170:
        names.add(f"芜湖{RNG.choice(words)}{RNG.choice(trades)}有限公司")
    for name in sorted(names):
        employers.append(("企业", name, RNG.choice((RNG.randint(15, 99), RNG.randint(15, 99), RNG.randint(100, 1800)))))
    for name in ("芜湖日报社", "芜湖市广播电视台", "芜湖市公共交通集团", "芜湖市自来水公司", "芜湖市图书馆", "芜湖市博物馆",
                 "芜湖市疾病预防控制中心", "芜湖市急救中心", "芜湖市血液中心", "芜湖市科技馆", "芜湖市档案馆",
                 "芜湖市城市建设投资公司", "芜湖市政务服务中心", "芜湖市不动产登记中心", "芜湖市住房公积金中心",
                 "芜湖市社会福利院", "芜湖市殡仪馆", "芜湖市园林管理处", "芜湖市水文站", "芜湖市气象局"):
        employers.append(("事业单位", name, RNG.randint(25, 420)))
    for county in COUNTIES:
        for w in ("融媒体中心", "疾病预防控制中心", "政务服务中心", "公共资源交易中心"):
            employers.append(("事业单位", f"{county}{w}", RNG.randint(20, 160)))
    big = [e for e in employers if e[2] >= 100]
    small = [e for e in employers if e[2] < 100]
    big_ok = exact_flags(len(big), round(len(big) * 0.9))          # 4.1: 90% room + team
    small_buy = exact_flags(len(small), round(len(small) * 0.65))  # 4.2: 65% buy services
    for (kind, name, staff), ok in zip(big, big_ok):
        county = next((c for c in COUNTIES if name.startswith(c)), RNG.choice(("镜湖区", "弋江区", "鸠江区")))
        u.add("E", kind, name, county, RNG.choice(town_of[county]), staff=staff, has_guidance_room=yn(ok or chance(0.5)),
              has_psych_service_team=yn(ok), has_counselor=yn(ok), buys_psych_service=yn(chance(0.3)))
    non_buyers = len(small) - sum(small_buy)
    room_flags = iter(exact_flags(non_buyers, non_buyers // 2))  # half of the rest run their own room
    for (kind, name, staff), buy in zip(small, small_buy):
        county = next((c for c in COUNTIES if name.startswith(c)), RNG.choice(list(COUNTIES)))
        room = False if buy else next(room_flags)
        u.add("E", kind, name, county, RNG.choice(town_of[county]), staff=staff, buys_psych_service=yn(buy),
              has_guidance_room=yn(room), has_psych_service_team=NO, has_counselor=NO)

    # ---------------------------------------------------------------- political-legal and civil-affairs sites
    sites = [("公安监管场所", "芜湖市看守所", "鸠江区"), ("公安监管场所", "芜湖市拘留所", "鸠江区"),
             ("公安监管场所", "芜湖县看守所", "芜湖县"), ("公安监管场所", "繁昌县看守所", "繁昌县"),
             ("公安监管场所", "南陵县看守所", "南陵县"), ("公安监管场所", "无为县看守所", "无为县"),
             ("公安监管场所", "无为县拘留所", "无为县"), ("监狱", "安徽省芜湖监狱", "鸠江区"),
             ("过渡性安置基地", "芜湖市刑满释放人员过渡性安置基地", "三山区"),
             ("强制隔离戒毒所", "芜湖市强制隔离戒毒所", "鸠江区"),
             ("救助管理站", "芜湖市救助管理站", "弋江区"), ("救助管理站", "无为县救助管理站", "无为县"),
             ("救助管理站", "南陵县救助管理站", "南陵县"), ("信访接待场所", "芜湖市人民来访接待中心", "镜湖区")]
    for county in COUNTIES:
        sites += [("社区戒毒社区康复工作站", f"{county}社区戒毒社区康复工作站", county),
                  ("社区矫正场所", f"{county}社区矫正中心", county),
                  ("信访接待场所", f"{county}信访接待中心", county)]
    lacking_site = {"南陵县救助管理站", "三山区社区戒毒社区康复工作站"}
    lacking_staff = {"南陵县救助管理站", "无为县拘留所", "三山区社区戒毒社区康复工作站", "繁昌县信访接待中心"}
    for kind, name, county in sites:
        u.add("L", kind, name, county, seat(county), has_psych_service_site=yn(name not in lacking_site),
              has_psych_staff=yn(name not in lacking_staff),
              provides_psych_service=yn(name != "无为县拘留所") if kind in ("公安监管场所", "强制隔离戒毒所") else "")
    ok_judicial = exact_flags(len(towns), round(len(towns) * 0.8))
    for (county, t, _), ok in zip(towns, ok_judicial):
        u.add("L", "司法所", f"{t.removesuffix('街道').removesuffix('镇').removesuffix('乡')}司法所", county, t,
              has_psych_service_site=yn(ok))

    # ---------------------------------------------------------------- public service facilities (2.5: 72%)
    facilities = []
    for kind, n in (("老年活动中心", 120), ("妇女之家", 150), ("儿童之家", 150)):
        for county in spread_over_counties(n):
            facilities.append((kind, county))
    for county in COUNTIES:
        facilities.append(("残疾人康复机构", county))
    ok_fac = exact_flags(len(facilities), round(len(facilities) * 0.72))
    seq: dict[tuple[str, str], int] = {}
    for (kind, county), ok in zip(facilities, ok_fac):
        t = RNG.choice(town_of[county])
        seq[(t, kind)] = seq.get((t, kind), 0) + 1
        name = (f"{county}残疾人康复中心" if kind == "残疾人康复机构"
                else f"{t.removesuffix('街道').removesuffix('镇').removesuffix('乡')}{kind}{seq[(t, kind)]}")
        u.add("F", kind, name, county, t, has_counseling_room=NO, has_guidance_room=yn(ok))

    # community rehabilitation facilities: none yet in 三山区
    for county, n in (("镜湖区", 2), ("弋江区", 2), ("鸠江区", 1), ("芜湖县", 1), ("繁昌县", 1), ("南陵县", 1), ("无为县", 2)):
        for j in range(n):
            u.add("F", "社区康复机构", f"{county}精神障碍社区康复站{j + 1}", county, town_of[county][j])

    # ---------------------------------------------------------------- social psychological service organisations
    for county, (_, _, orgs) in county_facts.items():
        for j in range(orgs):
            u.add("O", "社会心理服务机构", f"{county}{RNG.choice(COMMUNITY_WORDS)}心理服务中心", county, seat(county))

    # ---------------------------------------------------------------- platform, teams, centres
    u.add("X", "心理援助热线", "芜湖市心理援助热线（0553-12320转心理）", "镜湖区", seat("镜湖区"), is_municipal=YES, is_24h=YES)
    u.add("X", "心理援助热线", "无为县心理咨询热线", "无为县", seat("无为县"), is_municipal=NO, is_24h=NO)
    u.add("X", "心理危机干预中心", "芜湖市心理危机干预中心", "镜湖区", seat("镜湖区"), is_municipal=YES)
    u.add("X", "心理危机干预队伍", "芜湖市心理危机干预队", "镜湖区", seat("镜湖区"), is_municipal=YES)
    for county in COUNTIES:
        u.add("X", "心理危机干预队伍", f"{county}心理援助队", county, seat(county), is_municipal=NO)
    u.add("X", "未成年人心理健康辅导中心", "芜湖市未成年人心理健康成长辅导中心", "镜湖区", seat("镜湖区"), is_municipal=YES)
    for county, (minors, _, _) in county_facts.items():
        if minors:
            u.add("X", "未成年人心理健康辅导中心", f"{county}未成年人心理健康成长辅导中心", county, seat(county), is_municipal=NO)
    u.add("X", "心理健康巡讲团", "芜湖市心理健康巡讲团", "镜湖区", seat("镜湖区"), is_municipal=YES)
    for county in COUNTIES:
        u.add("X", "心理健康巡讲团", f"{county}心理健康巡讲团", county, seat(county), is_municipal=NO)

    headers = [h for h, _ in COLUMNS]
    with open(HERE / "units.csv", "w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        for row in u.rows:
            w.writerow(["" if row.get(k) is None else row.get(k, "") for _, k in COLUMNS])

    write_indicators()
    print(f"units.csv: {len(u.rows)} rows")


# ==================================================================== indicators
# Facts of the city (芜湖市 rows): zh name → {year: value}. 是 in every year unless given.
CITY_FACTS = {
    "成立社会心理服务体系建设工作领导小组": {}, "成立多部门专家组（专家委员会）": {},
    "由党政负责同志任领导小组组长": {}, "设立社会心理服务体系建设领导小组（专班）办公室": {},
    "建立社会心理服务电子档案": {2019: NO}, "定期开展社会心理分析研判、风险评估和社会心态预测预警": {2019: NO},
    "建立特殊人群心理沟通机制": {},
    "未成年人心理健康成长辅导中心建设纳入文明城市和未成年人思想道德建设测评考核": {},
    "公安、司法行政、信访等部门成立危机干预专家组": {},
    "建立心理健康服务网站或心理自助平台、移动心理服务应用": {2019: NO},
    "心理危机干预纳入突发事件应急预案": {}, "心理健康体检纳入职工体检项目": {},
    "心理治疗、心理咨询等项目纳入医保报销范围": {2019: NO, 2020: NO},   # encouraged (逐步)
    "成立心理健康巡讲团": {},
    "开展心理健康进学校、进企业、进社区、进机关活动": {}, "开展心理健康公益讲座": {},
    "社会工作者和专业志愿者参加心理健康科普宣传、热线咨询等志愿服务": {},
    "救治救助“一站式”结算": {2019: NO},
    "探索鼓励和支持社会工作专业人员参与心理健康服务的政策措施": {},
    "开发心理健康服务相关的社会工作岗位": {2019: NO},
    "制订吸引心理咨询人员从事心理健康服务的政策并设置相关工作岗位": {},
    "本年度增加卫生健康部门心理健康专业人才招聘指标": {2021: NO},      # shortfall in 2021
    "组建心理健康服务志愿者队伍": {}, "探索支持引导志愿者参与心理健康服务的政策": {},
    "对心理健康服务志愿者开展相关培训": {}, "健全心理健康志愿者奖励表彰机制": {2019: NO},
    "确立心理健康队伍培训基地": {}, "对社会工作专业人员开展心理学和精神卫生知识培训": {},
    "开展心理咨询人员继续教育和专业培训": {}, "完善社会心理服务行业组织": {},
    "完成心理健康服务机构和人员摸底调查": {}, "制订心理服务机构和人员登记、评价工作制度": {2019: NO},
    "对承接政府购买服务的社会心理服务机构进行考核评价": {2019: NO},
    "社会心理服务疏导和危机干预纳入平安建设考评": {},
    "制订体现心理健康服务技术劳务价值的政策措施": {2019: NO, 2020: NO},
    "确定适宜社会组织参与的心理服务项目": {}, "心理健康相关机构纳入社会组织孵化基地建设": {2019: NO},
    "社会心理服务体系建设经费纳入本级财政预算": {}, "建立多元化资金筹措机制": {2019: NO, 2020: NO, 2021: NO},
    "定期开展督导和阶段性工作评估": {}, "建立社会心理服务体系联席会议机制": {},
    "心理健康服务纳入健康城市评价指标体系": {2019: NO},
    "建立精神卫生专科联盟或医联体": {},
    "制订社会心理服务机构管理措施": {2019: NO, 2020: NO},  # table 6 says 有 in 2019; 6.1 done in 2021
    "儿童常见心理行为问题干预纳入儿童保健服务": {2019: NO},
    "社会心理服务机构服务数量、质量等评价结果向社会公开": {2019: NO, 2020: NO},
}
# Facts of each county (county rows): zh name → {county: {year: value}} exceptions; 是 otherwise.
COUNTY_FACTS = {
    "成立社会心理服务体系建设工作领导小组": {},
    "由党政负责同志任领导小组组长": {}, "设立社会心理服务体系建设领导小组（专班）办公室": {},
    "向社会招募心理健康服务志愿者": {"三山区": {2019: NO}},
    "建立特殊人群心理沟通机制": {},
    "成立心理健康巡讲团": {"三山区": {2019: NO}},
    "公共场所设立心理健康公益广告和宣传栏": {},
    "通过购买服务为社区居民提供心理健康服务": {"三山区": {2019: NO, 2020: NO, 2021: NO}, "南陵县": {2019: NO}},
    "社会心理服务体系建设纳入国民经济和社会发展规划": {},
    "社会心理服务体系建设纳入政府目标管理和绩效考核": {"繁昌县": {2019: NO}},
    "制订试点实施方案和年度工作计划": {},
    "心理健康教育纳入党校、行政学院培训": {"南陵县": {2019: NO}},
    "社会心理服务体系建设经费纳入本级财政预算": {},
}


def write_indicators() -> None:
    rows: list[list[object]] = []
    counties = list(COUNTIES)
    for year in YEARS:
        for name, exc in CITY_FACTS.items():
            rows.append([CITY, year, name, exc.get(year, YES), "", ""])
        for name, exc in COUNTY_FACTS.items():
            for c in counties:
                rows.append([c, year, name, exc.get(c, {}).get(year, YES), "", ""])
        # meetings: the city group and each county group
        rows.append([CITY, year, "领导小组例会次数", {2019: 2, 2020: 3, 2021: 2}[year], "", ""])
        for c in counties:
            rows.append([c, year, "领导小组例会次数", RNG.choice((2, 2, 3)), "", ""])
        # severe mental disorders: counts per county (numerator/denominator), the city as their sum
        patients = {"镜湖区": 1720, "弋江区": 1105, "鸠江区": 1890, "三山区": 640, "芜湖县": 1460, "繁昌县": 1380,
                    "南陵县": 2150, "无为县": 5210}
        target_rates = {
            "在册严重精神障碍患者规范管理率": {2019: 0.78, 2020: 0.83, 2021: 0.865},
            "在册患者治疗率": {2019: 0.76, 2020: 0.81, 2021: 0.84},
            "病情不稳定患者个案管理率": {2019: 0.93, 2020: 0.96, 2021: 0.976},
            "居家患者社区康复参与率": {2019: 0.48, 2020: 0.57, 2021: 0.62},
            "居家患者及家属心理疏导服务覆盖率": {2019: 0.44, 2020: 0.52, 2021: 0.56},
        }
        for name, by_year in target_rates.items():
            num_sum = den_sum = 0
            for c in counties:
                den = patients[c] if name != "病情不稳定患者个案管理率" else patients[c] // 20
                rate = by_year[year] + RNG.uniform(-0.03, 0.03)
                if name == "病情不稳定患者个案管理率":
                    rate = min(rate, 1.0)
                num = min(den, round(den * rate))
                rows.append([c, year, name, "", num, den])
                num_sum += num
                den_sum += den
            rows.append([CITY, year, name, "", num_sum, den_sum])
        # schizophrenia: rates as percentages
        for region, v in [(CITY, {2019: "77.9%", 2020: "80.6%", 2021: "81.2%"}[year])] + \
                [(c, f"{80 + RNG.uniform(-4, 4) + (year - 2020) * 1.5:.1f}%") for c in counties]:
            rows.append([region, year, "精神分裂症治疗率", v, "", ""])
        city_rates = {
            "特殊人群个性化心理疏导覆盖率": {2019: "35.0%", 2020: "52.4%", 2021: "63.1%"},
            "贫困肇事肇祸患者治疗费用报销比例": {2019: "100%", 2020: "100%", 2021: "100%"},
            "其他肇事肇祸等严重精神障碍患者治疗费用报销比例": {2019: "85.0%", 2020: "88.0%", 2021: "88.5%"},
            "城市普通人群心理健康核心知识知晓率": {2019: "46.2%", 2020: "53.8%", 2021: "58.4%"},
            "农村普通人群心理健康核心知识知晓率": {2019: "38.5%", 2020: "44.0%", 2021: "47.5%"},
            "综合医院医务人员临床心理知识年度培训覆盖率": {2019: "86.0%", 2020: "100%", 2021: "100%"},
            "心理健康体检及重点人群筛查覆盖率": {2019: "55.0%", 2020: "78.0%", 2021: "100%"},
        }
        for name, by_year in city_rates.items():
            rows.append([CITY, year, name, by_year[year], "", ""])
            base = float(by_year[year].rstrip("%"))
            for c in counties:
                v = base if base == 100 else max(0.0, min(99.9, base + RNG.uniform(-5, 5)))
                rows.append([c, year, name, f"{v:.1f}%" if v != 100 else "100%", "", ""])
    # year-over-year figures (rules/wuhu/baseline.yaml, `--baseline-indicators` this same file): incidents
    # fall from 2018, coverage, platform use and professionals rise; psychiatrists fall in 2021 (a shortfall)
    by_year_counts = {
        "因矛盾突出、生活失意、心态失衡、行为失常等导致的极端案（事）件数": {2018: 14, 2019: 12, 2020: 9, 2021: 7},
        "心理援助平台年度服务人次": {2019: 2150, 2020: 3080, 2021: 3645},
        "心理健康服务专业人员数": {2019: 362, 2020: 410, 2021: 455},
        "精神科医师人数": {2019: 88, 2020: 96, 2021: 94},
    }
    for name, by_year in by_year_counts.items():
        rows += [[CITY, year, name, n, "", ""] for year, n in by_year.items()]
    # purchased counseling is a duty of each county (各县区政府及有关部门): county rows, the city their sum
    coverage = "通过购买服务获得心理咨询服务的机关、企事业单位和基层组织数"
    for year, step in ((2019, 0), (2020, 4), (2021, 7)):
        per_county = {c: 8 + 2 * i + step for i, c in enumerate(counties)}
        rows.append([CITY, year, coverage, sum(per_county.values()), "", ""])
        rows += [[c, year, coverage, n, "", ""] for c, n in per_county.items()]
    with open(HERE / "indicators.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["地区", "年份", "指标", "数值", "分子", "分母"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
