"""Every problem and warning code, with what it means and how to fix it, in Chinese and English.

``compliance explain C004`` prints one; ``compliance check --statistics`` counts problems by code.
Codes: C census data errors, W census and report warnings (they never change a verdict), E pack
errors, D data-dictionary errors.

>>> CODES["C005"].title_zh
'未知的单位类别'
>>> code_of("C004 列「职工人数」的值「十二」无效")
'C004'
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    title_zh: str
    title_en: str
    fix_zh: str
    fix_en: str

    def describe(self, lang: str = "zh") -> str:
        kind_zh = {"C": "数据错误", "W": "提示（不改变结论）", "E": "规则包错误", "D": "数据字典错误"}[self.code[0]]
        kind_en = {"C": "data error", "W": "warning (never changes a verdict)", "E": "pack error",
                   "D": "data dictionary error"}[self.code[0]]
        if lang == "zh":
            return f"{self.code}  {self.title_zh}（{kind_zh}）\n处理：{self.fix_zh}"
        return f"{self.code}  {self.title_en} ({kind_en})\nFix: {self.fix_en}"


_TABLE: tuple[tuple[str, str, str, str, str], ...] = (
    # ---- census data errors (the file must be corrected; --lenient excludes rows with C004–C009) ----
    ("C001", "文件无法读取", "file cannot be read",
     "检查文件路径、类型（.csv/.xlsx）和编码；CSV 请另存为 UTF-8 或 GB18030；工作表用「文件.xlsx#工作表名」指定。",
     ("check the path, the type (.csv/.xlsx) and the encoding; save a CSV as UTF-8 or GB18030; choose a sheet "
     "with file.xlsx#SheetName.")),
    ("C002", "未知列、重复列或无列名的列", "unknown, repeated or unnamed column",
     "按模板（compliance template）改正列名；提示中给出了最接近的正确列名。序号、备注列可保留。",
     ("rename the column as in the template (compliance template); the message names the nearest valid header. "
     "Serial-number and remark columns may stay.")),
    ("C003", "缺少必需列", "required column missing",
     "单位表须有「单位类别」和第一级地区列（如「县区」）；指标表须有地区、年份、指标和数值（或分子与分母）。",
     ("the units table needs the kind and the first region level (e.g. 县区); the indicators table needs region, "
     "year, indicator and a value (or numerator and denominator).")),
    ("C004", "单元格的值不符合该列的类型", "a cell's value does not fit its column",
     "是/否列填 是 或 否；人数填非负整数（如 12，可写「12人」）；比率填 80%、0.8 或 800‰；年份填四位数字。",
     ("write 是 or 否 in yes/no columns, a whole number in counts (12, or 12人), a rate as 80%, 0.8 or 800‰, "
     "a four-digit year.")),
    ("C005", "未知的单位类别", "unknown unit kind",
     "改为数据字典中的类别名称（如 村、社区、小学、乡镇卫生院）；提示中给出了最接近的类别。",
     "use a kind of the data dictionary (村, 社区, 小学, 乡镇卫生院 …); the message names the nearest one."),
    ("C006", "单位编码重复", "duplicate unit id",
     "每个单位一行、一个唯一编码；删除重复行或改正编码（提示中列出所有重复的行）。",
     "one row and one unique id per unit: delete the repeated row or correct the id (every row is listed)."),
    ("C007", "地区不在规则包的行政区划内", "region outside the pack's hierarchy",
     "第一级地区列填规则包列出的县区（或镇街）名称；本级单位填地区名称或「市本级」；提示中给出了最接近的名称。",
     ("write one of the pack's counties (or towns) in the first region column; a unit of the region itself writes "
     "the region's name or 市本级; the message names the nearest one.")),
    ("C008", "未知指标", "unknown indicator",
     "指标列填数据字典中的指标名称（模板的指标表已预填）；提示中给出了最接近的指标。",
     ("write an indicator of the data dictionary (pre-filled in the template's indicators sheet); the message "
     "names the nearest one.")),
    ("C009", "指标行没有数值", "indicator row without a value",
     "填写数值，或同时填写分子与分母；是/否类指标填 是 或 否；不掌握的指标整行删除。",
     ("fill in the value, or both numerator and denominator; yes/no indicators take 是 or 否; delete rows of "
     "indicators you do not have.")),
    ("C010", "一行的单元格多于表头", "a row with more cells than the header",
     "删除多余的单元格，或为其补上列名（多出的值常因数值中的逗号未加引号）。",
     "delete the surplus cells or give them a header (often a comma inside a value that was not quoted)."),
    ("C011", "公式单元格没有计算结果", "formula cells without a computed value",
     "用 Excel 或 WPS 打开并保存一次（以保存计算结果），或把公式粘贴为数值。",
     "open and save the workbook in Excel or WPS once (so the results are stored), or paste the formulas as values."),
    # ---- warnings ------------------------------------------------------------------------------------
    ("W001", "缺少规则需要的列", "a column the rules need is absent",
     "补充该列；缺少时相关规则判为数据不足。", "add the column; without it the rules using it report insufficient data."),
    ("W002", "单位编码缺失，已按行号生成", "unit ids missing; generated from row numbers",
     "填写单位编码，便于核对和跨年比较。", "fill in unit ids so that units can be traced and compared across years."),
    ("W003", "缺少某一级地区列", "a region level column is absent",
     "补充该级地区列（如「乡镇街道」），否则无法按该级汇总。", "add the level's column (e.g. 乡镇街道) to break figures down by it."),
    ("W004", "指标行重复", "repeated indicator rows",
     "同一地区、年份、指标只保留一行。", "keep one row per region, year and indicator."),
    ("W005", "已排除有问题的行（--lenient）", "rows with problems excluded (--lenient)",
     "按排除清单改正这些行后重新核查。", "correct the rows in the excluded list and check again."),
    ("W006", "表头上方的标题行已跳过", "title rows above the header skipped",
     "无需处理；如跳过有误，请删除表头上方的行。", "nothing to do; if the wrong rows were skipped, delete the rows above the header."),
    ("W007", "另一工作表已作为指标表读取", "another sheet read as the indicators table",
     "无需处理；如不需要，请用「文件.xlsx#工作表名」只指定单位表。",
     "nothing to do; to read the units sheet only, name it with file.xlsx#SheetName."),
    ("W008", "模板预填的指标行未填写，按无数据处理", "pre-filled indicator rows left empty; read as no data",
     "填写这些指标；不掌握的可保留空白或删除该行（相关规则判为数据不足）。",
     "fill these indicators in; rows you have no data for may stay empty or be deleted (insufficient data)."),
    ("W010", "规则需要的某类单位一个也没有", "a kind of unit the rules need has no units",
     "核实普查是否漏报该类单位（如看守所、乡镇卫生院）；确实没有则无需处理。",
     "check whether the census left out that kind of unit (custody sites, township health centres …)."),
    ("W011", "某类单位少于文件所列数量", "fewer units of a kind than the document names",
     "核实是否漏报；文件所列数量见规则包 pack.yaml 的 expected_units。",
     "check for units left out; the numbers the document names are in the pack's expected_units."),
    ("W012", "某些县区（镇街）没有任何单位", "areas with no units at all",
     "核实这些县区（镇街）的数据是否已汇总进来。", "check that these counties (towns) were included in the census."),
    ("W013", "指标的分区数据与全地区数据不一致", "an indicator's area rows disagree with the region row",
     "核对各县区的分子、分母（或数值）之和与全地区的数据。",
     "compare the sum of the counties' numerators and denominators (or values) with the region's row."),
    ("W014", "指标数据早于核查年份", "indicator data older than the as-of year",
     "补充核查年份的数据；规则按最近一年的数据判定。", "add data for the as-of year; rules use the latest year available."),
    ("W020", "规则包提示", "pack notice",
     "见提示内容（如未找到原文，引文未核对）。", "see the message (e.g. the seed document was not found)."),
    ("W099", "其他提示", "other notice", "见提示内容。", "see the message."),
    # ---- pack errors -----------------------------------------------------------------------------------
    ("E001", "规则包目录不存在", "no pack folder", "检查路径。", "check the path."),
    ("E002", "缺少 pack.yaml 或其 pack: 元数据", "pack.yaml or its pack: metadata missing",
     "见 docs/pack-format.md。", "see docs/pack-format.md."),
    ("E003", "pack: 元数据写在了 pack.yaml 之外", "pack metadata outside pack.yaml", "移到 pack.yaml。",
     "move it to pack.yaml."),
    ("E004", "规则包 id 与目录名不同", "pack id differs from its folder name", "使二者一致。", "make them equal."),
    ("E005", "YAML 顶层不是映射", "a YAML file is not a mapping", "顶层写 pack:、rules: 或 not_checkable:。",
     "use pack:, rules: or not_checkable: at the top level."),
    ("E006", "规则包中的文件不是普通文件", "a pack file is not a regular file",
     "删除失效的符号链接或特殊文件，规则包只放 YAML 文件。",
     "remove the dangling link or special file; a pack holds YAML files only."),
    ("E010", "YAML 语法错误", "YAML syntax error", "按提示的行列改正。", "correct it at the line and column given."),
    ("E020", "规则 id 重复", "duplicate rule id", "每条规则一个唯一 id。", "give every rule a unique id."),
    ("E030", "地区层级不在数据字典中", "region level not in the dictionary", "使用字典 regions: 中的层级。",
     "use a level of the dictionary's regions:."),
    ("E031", "levels 与 level_names_zh 长度不同", "levels and level_names_zh differ in length", "使二者一一对应。",
     "give one Chinese name per level."),
    ("E050", "引文未在原文中逐字找到", "quote not found verbatim in the seed", "从原文逐字复制引文。",
     "copy the quote verbatim from the seed."),
    ("E051", "原文文件无法读取", "the seed document cannot be read",
     "原文须为 UTF-8 文本；检查 pack.yaml 的 seed 路径。", "the seed must be UTF-8 text; check pack.yaml's seed path."),
    ("E100", "结构错误（未知键、缺少键或类型不符）", "schema error (unknown or missing key, wrong type)",
     "见 docs/pack-format.md。", "see docs/pack-format.md."),
    ("E101", "计量方式缺少必需字段", "a measure lacks a required field", "按计量方式补充字段。",
     "add the fields the measure needs."),
    ("E102", "字段不适用于该计量方式", "a field does not apply to the measure", "删除该字段。", "remove the field."),
    ("E110", "未知的单位类别", "unknown unit kind", "使用数据字典 kinds: 中的键。", "use a key of the dictionary's kinds:."),
    ("E111", "未知的指标或事实", "unknown indicator or fact", "使用或补充数据字典 indicators: 中的键。",
     "use (or add) a key of the dictionary's indicators:."),
    ("E112", "指标类型与计量方式不符", "indicator type does not fit the measure", "是/否类指标用 exists。",
     "use measure: exists for yes/no indicators."),
    ("E113", "未知的 measure_key", "unknown measure_key", "使用数据字典 measures: 中的键。",
     "use a key of the dictionary's measures:."),
    ("E114", "at 取值无效", "invalid at", "at 为 region 或规则包的层级。", "at is region or a level of the pack."),
    ("E115", "period 取值无效", "invalid period",
     "周期性职责写 period: year / half / quarter / month，固定年度写四位年份；单位规则只能按年度。",
     "write period: year, half, quarter or month for a recurring duty, or a four-digit year; unit rules take years only."),
    ("E116", "baseline（与上期比较）有误", "invalid baseline (comparison with the previous period)",
     ("change 为 increase / decrease / not_below / not_above；min_change 为正数（比率写 5% 即 5 个百分点），只用于 "
      "increase / decrease；year、through 为四位年份；baseline 只用于 share、count、indicator，周期只能为年度。"),
     ("change is increase, decrease, not_below or not_above; min_change is positive (5% on a rate is 5 percentage "
      "points) and only for increase or decrease; year and through are four-digit years; a baseline applies to "
      "share, count and indicator rules, with a yearly period at most.")),
    ("E120", "里程碑年份无效", "milestone year is not a year", "使用四位年份。", "use a four-digit year."),
    ("E130", "表达式错误", "expression error", "按提示改正表达式（见 docs/pack-format.md）。",
     "correct the expression (see docs/pack-format.md)."),
    ("E140", "目标值错误", "target error", "如 \">= 80%\"、\">= 4.5‰\"、\">= 1:4000\"。",
     "e.g. \">= 80%\", \">= 4.5‰\", \">= 1:4000\"."),
    ("E141", "比率目标写成了大于 1 的裸数", "a rate target written as a bare number above 1",
     "写 80% 或 0.8（裸数表示比例，80 即 8000%）。", "write 80% or 0.8 (a bare number is a fraction: 80 is 8000%)."),
    ("E142", "target 与最后一个里程碑不同", "target differs from the last milestone",
     "使二者一致，或在 conflicts: 中列出并说明哪条规则有效。",
     "make them equal, or list the conflict under conflicts: and say which rule is operative."),
    ("E150", "冲突指向未知规则", "conflict names an unknown rule", "改正规则 id。", "correct the rule id."),
    ("E151", "冲突未在对方规则中标注", "conflict not flagged in the other rule", "在两条规则中互相标注。",
     "flag the conflict in both rules."),
    ("E152", "冲突未说明哪条规则有效及理由", "a conflict does not say which rule is operative and why",
     "在两条规则的 conflicts: 中写 operative:（规则 id 或 both）和 reason_zh、reason_en。",
     "under conflicts: in both rules write operative: (a rule id or both) with reason_zh and reason_en."),
    ("E153", "冲突双方指定的有效规则不一致", "the two sides of a conflict name different operative rules",
     "使两条规则的 operative: 相同。", "make operative: the same in both rules."),
    ("E160", "用例指向未知规则", "case names an unknown rule", "改正用例的 rule。", "correct the case's rule."),
    ("E161", "用例的行数超出限制", "a case has too many rows",
     "repeat 为 0 到 10000 的整数，每个用例至多 100000 行。",
     "repeat is a whole number from 0 to 10 000, at most 100 000 rows per case."),
    ("E170", "expected_units 有误", "invalid expected_units", "kind 用数据字典 kinds: 中的键，count 为正整数。",
     "kind is a key of the dictionary's kinds:, count a positive whole number."),
    ("D001", "数据字典 YAML 语法错误", "dictionary YAML syntax error", "按行列改正。", "correct it at the line given."),
    ("D002", "字典条目不是映射", "dictionary entry is not a mapping", "写成 {zh: …, en: …}。", "write {zh: …, en: …}."),
    ("D003", "字典中的未知字段或部分", "unknown dictionary field or section", "删除或改正。", "remove or correct it."),
    ("D004", "字典条目缺少中英文名称", "dictionary entry lacks zh and en names", "补充 zh 与 en。", "add zh and en."),
    ("D005", "字典类型无效", "invalid dictionary type", "type 为 bool、count、number、rate 或 text。",
     "type is bool, count, number, rate or text."),
    ("D006", "字典计量单位无效", "invalid dictionary unit", "见 dictionary.py 的 UNITS。", "see UNITS in dictionary.py."),
    ("D007", "字典键重复定义", "dictionary key defined twice", "每个键只在一个文件中定义。", "define each key in one file."),
    ("D008", "字典中的名称指向两个条目", "a dictionary label names two entries", "使名称和别名唯一。",
     "make names and aliases unique."),
)

CODES: dict[str, Code] = {row[0]: Code(*row) for row in _TABLE}
_CODE_RE = re.compile(r"\b([CWED]\d{3})\b")


def is_code(text: str) -> bool:
    """Whether ``text`` looks like a problem code (C004, w010 …) rather than a rule id."""
    return bool(re.fullmatch(r"[CWEDcwed]\d{3}", text.strip()))


def code_of(text: str) -> str | None:
    """The first code in a message such as an excluded row's reason."""
    m = _CODE_RE.search(text)
    return m.group(1) if m else None


def explain_code(code: str, lang: str = "zh") -> str:
    """``compliance explain C004``: the code's meaning and how to fix it (KeyError when unknown)."""
    return CODES[code.strip().upper()].describe(lang)
