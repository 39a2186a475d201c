"""Write a synthetic Sishui census for rules/sishui: units.csv (GB18030) and indicators.csv (UTF-8).

Deterministic (fixed seed). Place and institution names of the county level follow Sishui; village,
school and enterprise names are generated and fictitious. The deliberate shortfalls are listed in
README.md next to this file.

    python examples/sishui/make_example.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent
RNG = random.Random(20230710)
YES, NO = "是", "否"
DATA_YEAR = 2023          # 统计年度 of every unit row: the census is the 2023 one

# 镇街 (2023) and the number of 村居 in each: (villages, communities). About 600 in all.
TOWNS = {
    "泗河街道": (23, 12), "济河街道": (35, 8), "金庄镇": (37, 1), "柘沟镇": (32, 1), "星村镇": (54, 1),
    "泉林镇": (65, 1), "杨柳镇": (49, 1), "泗张镇": (59, 1), "圣水峪镇": (44, 1), "中册镇": (51, 1),
    "苗馆镇": (62, 1), "高峪镇": (29, 1), "华村镇": (26, 1),
}
STREETS = ("泗河街道", "济河街道")

# Columns of units.csv: (header, key). Headers are dictionary zh names or aliases.
COLUMNS = [
    ("单位编码", "id"), ("单位名称", "name"), ("单位类别", "kind"), ("镇街", "town"), ("村居", "village"),
    ("统计年度", "data_year"),
    ("职工人数", "staff"), ("在校学生数", "students"),
    ("是否设立心理服务场所", "has_psych_service_site"),
    ("是否配备专兼职心理健康工作人员", "has_psych_staff"),
    ("是否提供心理服务", "provides_psych_service"),
    ("是否接入心理综合服务一体化信息平台", "on_info_platform"),
    ("是否设立心理咨询室", "has_counseling_room"),
    ("心灵驿站", "has_heart_station"),
    ("是否开设心理健康教育课程", "has_mental_health_course"),
    ("是否设立心理辅导室", "has_guidance_room"),
    ("是否配备专兼职心理健康教育教师", "has_psych_teacher"),
    ("是否建设专用心理辅导教室", "has_special_guidance_rooms"),
    ("是否设立心理门诊", "has_psych_clinic"),
    ("是否设立儿童青少年心理门诊", "has_child_adolescent_clinic"),
    ("精神科执业医师数", "psychiatric_doctors"),
    ("是否开展心理健康教育", "provides_mental_health_education"),
    ("是否购买心理健康服务", "buys_psych_service"),
    ("是否与县心理健康中心建立合作关系", "partnered_with_county_center"),
    ("备注", "note"),
]

SURNAMES = "王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
PREFIXES = ("", "", "", "东", "西", "南", "北", "前", "后", "大", "小", "上", "下")
SUFFIXES = ("庄", "家庄", "官庄", "家村", "店", "屯", "楼", "峪", "沟", "岭", "河", "泉", "集", "湖", "坡")


def _place_names(n: int, used: set[str], tail: str) -> list[str]:
    out = []
    while len(out) < n:
        name = RNG.choice(PREFIXES) + RNG.choice(SURNAMES) + RNG.choice(SUFFIXES) + tail
        if name not in used:
            used.add(name)
            out.append(name)
    return out


class Units:
    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []
        self.serial: dict[str, int] = {}

    def add(self, prefix: str, kind: str, name: str, town: str, **values: object) -> dict[str, object]:
        self.serial[prefix] = self.serial.get(prefix, 0) + 1
        row = {"id": f"SS-{prefix}-{self.serial[prefix]:04d}", "name": name, "kind": kind, "town": town,
               "data_year": DATA_YEAR, **values}
        self.rows.append(row)
        return row


def point(staffed: bool = True, online: bool = True) -> dict[str, str]:
    """A psychological service point: staffed, serving, on the county platform."""
    return {"has_psych_service_site": YES, "has_psych_staff": YES if staffed else NO,
            "provides_psych_service": YES if staffed else NO, "on_info_platform": YES if online else NO}


NO_POINT = {"has_psych_service_site": NO}


def build() -> list[dict[str, object]]:
    u = Units()
    used: set[str] = set()

    # ---- 镇街, their governance centres, 村居 ----
    for town, (n_village, n_community) in TOWNS.items():
        u.add("T", "街道" if town in STREETS else "镇", town, town)
        room = town != "华村镇"                                   # shortfall: 华村镇综治中心 has no room
        u.add("G", "综治中心", f"{town}综治中心", town, has_counseling_room=YES if room else NO,
              **(point() if room else NO_POINT))
        for name in _place_names(n_community, used, "社区"):
            has = RNG.random() < 0.35
            u.add("V", "社区", name, town, village=name, has_counseling_room=YES if has else NO,
                  has_heart_station=NO, **(point() if has else NO_POINT))
        for name in _place_names(n_village, used, "村"):
            station = RNG.random() < 0.05
            u.add("V", "村", name, town, village=name, has_counseling_room=NO,
                  has_heart_station=YES if station else NO, **(point() if station else NO_POINT))

    # ---- schools ----
    u.add("S", "中学", "泗水县第一中学", "泗河街道", students=4100)
    u.add("S", "中学", "泗水县实验中学", "济河街道", students=2600)
    u.add("S", "中等职业学校", "泗水县职业中等专业学校", "济河街道", students=2200)
    for town in TOWNS:
        u.add("S", "初中", f"{town}中学", town, students=RNG.randint(500, 1600))
        for j in range(RNG.randint(4, 8)):
            kind = "九年一贯制学校" if j == 0 and RNG.random() < 0.3 else "小学"
            u.add("S", kind, f"{town}{_place_names(1, used, '')[0]}小学" if kind == "小学"
                  else f"{town}{_place_names(1, used, '')[0]}学校", town, students=RNG.randint(120, 900))
    schools = [r for r in u.rows if str(r["id"]).startswith("SS-S-")]
    no_teacher = {schools[-1]["id"], schools[-9]["id"]}          # shortfall: two schools without a teacher
    for k, r in enumerate(schools):
        r.update(has_mental_health_course=YES, has_guidance_room=YES, has_counseling_room=YES,
                 has_psych_teacher=NO if r["id"] in no_teacher else YES,
                 has_special_guidance_rooms=YES if k < 3 or RNG.random() < 0.08 else NO,
                 **point())

    # ---- medical and health institutions ----
    u.add("H", "综合医院", "泗水县人民医院", "泗河街道", staff=1150, has_psych_clinic=YES, psychiatric_doctors=6,
          **point())
    u.add("H", "中医医院", "泗水县中医医院", "泗河街道", staff=620, has_psych_clinic=YES, psychiatric_doctors=2,
          **point())
    u.add("H", "妇幼保健计划生育服务中心", "泗水县妇幼保健计划生育服务中心", "济河街道", staff=310,
          has_psych_clinic=NO, psychiatric_doctors=0, **point())     # shortfall: no psychological clinic
    u.add("H", "精神专科医院", "泗水县精神病防治院", "济河街道", staff=260, has_psych_clinic=YES,
          has_child_adolescent_clinic=YES, psychiatric_doctors=21, note="县心理健康中心依托单位", **point())
    # a town general hospital: not one of the three named county hospitals, so its missing clinic fails nothing
    u.add("H", "综合医院", "泗水县泉林镇中心医院", "泉林镇", staff=140, has_psych_clinic=NO, psychiatric_doctors=0,
          **point())
    centres = [(f"{town}卫生院", town) for town in TOWNS] + [("泗张镇卫生院南陈分院", "泗张镇")]
    for name, town in centres:
        doctors = 1 if town == "高峪镇" else RNG.choice((2, 2, 3))   # shortfall: 高峪镇卫生院 has one
        u.add("H", "乡镇卫生院", name, town, staff=RNG.randint(45, 130), has_counseling_room=YES,
              psychiatric_doctors=doctors, **point())
    for r in [r for r in u.rows if r["kind"] in ("村", "社区")]:
        if RNG.random() < 0.5:
            u.add("C", "村卫生室", f"{r['name']}卫生室", str(r["town"]), village=r["village"], **point())

    # ---- agencies, public institutions, enterprises ----
    agencies = ["县委办公室", "县政府办公室", "县纪委监委机关", "县委组织部", "县委宣传部", "县委统战部", "县委政法委", "县委编办", "县发展和改革局", "县教育和体育局", "县科学技术局", "县工业和信息化局", "县民政局", "县财政局", "县人力资源和社会保障局", "县自然资源和规划局", "县住房和城乡建设局", "县交通运输局", "县水务局", "县农业农村局", "县商务局", "县文化和旅游局", "县卫生健康局", "县退役军人事务局", "县应急管理局", "县审计局", "县市场监督管理局", "县统计局", "县医疗保障局", "县行政审批服务局", "县综合行政执法局", "县信访局", "县人民法院", "县人民检察院", "县总工会", "团县委", "县妇联", "县残联", "县科协", "县人大常委会办公室", "县政协办公室"]
    institutions = ["县大数据中心", "县机关事务服务中心", "县融媒体中心", "县公共资源交易中心", "县图书馆", "县文化馆", "县博物馆", "县委党校", "县档案馆", "县住房公积金管理中心", "县农业技术推广中心", "县林业保护发展中心", "县社会保险事业中心", "县城市管理服务中心", "县水利工程管理中心", "县气象局", "县供销合作社联合社", "县圣源水库管理所", "县泗河综合开发服务中心", "县投资促进中心"]
    syllables = "鲁泗泉卞华圣金星济源安嘉宏远鑫瑞恒泰丰润康裕"
    trades = ("食品", "淀粉", "纸业", "石材", "纺织", "医药", "农业科技", "建材", "机械", "电子", "物流",
              "新能源", "包装", "生物科技", "果蔬")
    enterprises = sorted({f"泗水县{RNG.choice(syllables)}{RNG.choice(syllables)}{RNG.choice(trades)}有限公司"
                          for _ in range(70)})[:48]
    employers = ([("党政机关", f"泗水{n}", "泗河街道") for n in agencies]
                 + [("党政机关", f"{t}人民政府" if t not in STREETS else f"{t}办事处", t) for t in TOWNS]
                 + [("事业单位", f"泗水{n}", "济河街道") for n in institutions]
                 + [("企业", n, RNG.choice(list(TOWNS))) for n in enterprises])
    # 44 service points (≥ 40), 15 partners of the county centre (shortfall: 16 required)
    order = list(range(len(employers)))
    RNG.shuffle(order)
    with_point = set(order[:44])
    partners = set(order[:15])
    buyers = set(order[44:60])
    for i, (kind, name, town) in enumerate(employers):
        u.add("E", kind, name, town, staff=RNG.randint(25, 900),
              buys_psych_service=YES if i in buyers else NO,
              partnered_with_county_center=YES if i in partners else NO,
              **(point() if i in with_point else NO_POINT))

    # ---- special populations and the crisis team ----
    special = [("看守所", "泗水县看守所", "济河街道"), ("拘留所", "泗水县拘留所", "济河街道"),
               ("社区矫正中心", "泗水县社区矫正中心", "泗河街道"), ("救助管理站", "泗水县救助管理站", "泗河街道"),
               ("信访接待中心", "泗水县信访接待中心", "泗河街道")]
    special += [("司法所", f"泗水县司法局{t}司法所", t) for t in TOWNS]
    for kind, name, town in special:
        u.add("P", kind, name, town, has_counseling_room=YES, provides_mental_health_education=YES, **point())
    u.add("K", "心理危机干预队伍", "泗水县心理危机干预和心理援助队", "济河街道", note="县卫健局牵头组建")
    return u.rows


# indicators.csv: 2023 and 2024 for 泗水县 (zh indicator names from the dictionary)
INDICATORS = [
    ("建成县级心理健康中心", YES, YES),
    ("县心理健康中心提供心理科普、心理咨询、心理治疗、心理测评服务", YES, YES),
    ("建成心理综合服务一体化信息平台", YES, YES),
    ("信息平台融入全市信息化平台并实现多层级关联", YES, YES),
    ("信息平台提供线上预约、线上评估、线上心理咨询及线上心理危机干预服务", YES, YES),
    ("开通24小时免费心理服务援助热线", YES, YES),
    ("开设心理健康微信公众号", NO, YES),                         # shortfall: opened only in 2024
    ("开展心理健康公益讲座", YES, YES),
    ("增设心理健康知识专栏", YES, YES),
    ("心理危机干预纳入突发事件应急预案", YES, YES),
    ("成立社会心理服务体系建设工作领导小组", YES, YES),
    ("设立社会心理服务体系建设领导小组（专班）办公室", YES, YES),
    ("领导小组（专班）下设工作组数", 3, 3),
    ("建立“任务清单、责任清单”", YES, YES),
    ("心理健康人才培训人次", 186, 236),                         # shortfall: 186 < 200 in 2023
    ("心理健康知识“六进”活动场次", 112, 128),
]


# monthly rows (期间 = YYYY-MM) of the task-force office's 月通报 and 周调度 (三、(三)): from July 2023, the first
# full month after the plan was issued (2023-07-10); August 2023 missed one week's dispatch.
MONTHLY = [("当月对专班成员单位工作进行通报", {}), ("当月每周均对专班成员单位工作进行调度", {(2023, 8): NO})]
MONTHS = [(2023, m) for m in range(7, 13)] + [(2024, m) for m in range(1, 13)]


def main() -> None:
    rows = build()
    with open(HERE / "units.csv", "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow([h for h, _ in COLUMNS])
        for r in rows:
            w.writerow(["" if r.get(k) is None else r[k] for _, k in COLUMNS])
    with open(HERE / "indicators.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["地区", "年份", "期间", "指标", "数值", "分子", "分母"])
        for year, col in ((2023, 1), (2024, 2)):
            for item in INDICATORS:
                w.writerow(["泗水县", year, "", item[0], item[col], "", ""])
        for name, exceptions in MONTHLY:
            for year, month in MONTHS:
                w.writerow(["泗水县", year, f"{year}-{month:02d}", name, exceptions.get((year, month), YES), "", ""])
    n = 2 * len(INDICATORS) + len(MONTHLY) * len(MONTHS)
    print(f"units.csv: {len(rows)} rows; indicators.csv: {n} rows")


if __name__ == "__main__":
    main()
