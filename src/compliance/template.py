"""`compliance template`: a census form for exactly the fields a pack needs, that `check` reads back.

XLSX: sheets 单位 (one row per unit) and 指标 (one row per indicator, region and year, pre-filled for
every indicator the rules read — for the region, and for each county when a rule judges counties), a
填写说明 sheet (what each column means, which rules need it, the values it takes) and drop-downs for
yes/no columns, unit kinds and the pack's county (or town) names, with number formats for counts and
rates. The drop-downs warn but accept other text, so 「12人」 or 「是（已建）」 can still be typed.
CSV: ``x.csv`` (units) and ``x-indicators.csv``, read back together by ``check --census x.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .dictionary import Dictionary, load_dictionary
from .pack import Pack
from .periods import due_from, of_year
from .workbook import UNFILLED_NOTE

INDICATOR_HEADERS = ["地区", "年份", "期间", "指标", "数值", "分子", "分母", "备注"]
UNITS_SHEET, INDICATORS_SHEET, HELP_SHEET, LISTS_SHEET = "单位", "指标", "填写说明", "选项"
_ROWS = 2000          # rows of the units sheet that carry drop-downs and number formats
_YES_NO = ("是", "否")


@dataclass(frozen=True)
class Column:
    """One column of the units sheet: its header, what it means, its values, and the rules that read it."""

    header: str
    key: str
    meaning_zh: str
    meaning_en: str
    type: str                   # id | name | kind | region | bool | count | number | rate | text
    values_zh: str
    rules: tuple[str, ...] = ()


_VALUES = {"bool": "是 / 否（也可写 有/无、√/×；可加备注，如「是（已建）」）",
           "count": "非负整数，如 12（可写「12人」；医院等级写 1、2、3 或「二级」「三级甲等」）",
           "number": "数值，如 3.5", "rate": "比率，如 80%、0.8 或 800‰", "text": "文字"}


def columns(pack: Pack, d: Dictionary | None = None) -> list[Column]:
    """The columns of the units sheet, in order."""
    d = d or load_dictionary()
    kinds = "、".join(d.kinds[k].zh for k in pack.kinds if k in d.kinds)
    out = [Column(d.columns["id"].zh, "id", "每个单位唯一的编码", d.columns["id"].en, "id", "文字，每行不同"),
           Column(d.columns["name"].zh, "name", "单位名称", d.columns["name"].en, "name", "文字"),
           Column(d.columns["kind"].zh, "kind", "单位类别（数据字典中的名称）", d.columns["kind"].en, "kind",
                  f"本规则包涉及：{kinds}", tuple(r.id for r in pack.rules if r.kinds))]
    for i, level in enumerate(pack.region.levels):
        e = d.regions[level]
        values = "文字"
        if i == 0:
            values = ("、".join(pack.region.units) +
                      f"；{pack.region.name}本级单位填「{pack.region.name}」或「{pack.region.level_zh}本级」")
        out.append(Column(e.zh, level, f"所属{pack.region.level_names_zh[i]}", e.en, "region", values))
    for key in pack.attributes:
        e = d.attributes[key]
        out.append(Column(e.zh, key, e.zh, e.en, e.type, _VALUES[e.type],
                          tuple(r.id for r in pack.rules if key in r.attributes)))
    return out


def template_headers(pack: Pack) -> list[str]:
    return [c.header for c in columns(pack)]


def _periods_of(pack: Pack, key: str, year: int | str) -> list[tuple[str, str]]:
    """(year, 期间) of the rows an indicator needs: the whole year for a rule without a period or with a
    yearly one; each month, quarter or half-year of ``year`` for a recurring rule of that rhythm; the
    period itself for a fixed one (Sishui's 年内 = 2023, whatever the form's year)."""
    out: dict[tuple[str, str], None] = {}
    for r in pack.rules:
        if key not in r.indicators:
            continue
        spec = r.period
        if spec is None or (spec.fixed is None and spec.kind == "year") or not str(year).isdigit():
            out[(str(year), "")] = None
        elif spec.fixed is not None:
            out[(str(spec.fixed.year), "" if spec.fixed.kind == "year" else spec.fixed.key)] = None
        else:
            for p in due_from(of_year(spec.kind, int(year)), r.first_due):   # not before it falls due
                out[(str(year), p.key)] = None
    return list(out)


def indicator_rows(pack: Pack, year: int | str = "") -> list[list[str]]:
    """One row per indicator the pack reads and period it needs (a monthly duty: a row per month), for the
    region — and for each first-level area when a rule on it is judged per area — with region, year and
    period filled in; the 备注 column says what to write."""
    d = load_dictionary()
    fl = pack.region.first_level
    rows: list[list[str]] = []
    keys = dict.fromkeys(k for r in pack.rules for k in r.indicators)
    for key in keys:
        e = d.indicators[key]
        per_area = any(key in r.indicators and r.at == fl for r in pack.rules)
        note = UNFILLED_NOTE + {"bool": "：是/否", "rate": "：比率（如 80%），或分子和分母",
                                "count": "：整数", "number": "：数值"}.get(e.type, "")
        for y, period in _periods_of(pack, key, year):
            for region in [pack.region.name, *(pack.region.units if per_area else ())]:
                rows.append([region, y, period, e.zh, "", "", "", note])
    return rows


def write_template(pack: Pack, path: Path, fmt: str = "csv", encoding: str = "utf-8-sig",
                   year: int | None = None) -> list[Path]:
    """Write the form; return the files written. ``year``: the year pre-filled in the indicators rows
    (default: this year)."""
    year = year or dt.date.today().year
    if fmt == "xlsx":
        _write_xlsx(pack, path, year)
        return [path]
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerow(template_headers(pack))
    ind_path = path.with_name(path.stem + "-indicators" + path.suffix)
    with ind_path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(INDICATOR_HEADERS)
        w.writerows(indicator_rows(pack, year))
    return [path, ind_path]


def _write_xlsx(pack: Pack, path: Path, year: int) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    d = load_dictionary()
    cols = columns(pack, d)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wb = Workbook()
    units = wb.active
    units.title = UNITS_SHEET
    units.append([c.header for c in cols])
    units.freeze_panes = "A2"

    # option lists on a hidden sheet (a list typed into a validation is limited to 255 characters)
    lists = wb.create_sheet(LISTS_SHEET)
    options = {"kind": [d.kinds[k].zh for k in pack.kinds if k in d.kinds],
               "first": [*pack.region.units, pack.region.name, f"{pack.region.level_zh}本级"],
               "region": [pack.region.name, *pack.region.units],
               "indicator": [d.indicators[k].zh for k in dict.fromkeys(k for r in pack.rules for k in r.indicators)]}
    ranges = {}
    for j, (name, values) in enumerate(options.items(), start=1):
        letter = get_column_letter(j)
        lists.cell(1, j, name)
        for i, v in enumerate(values, start=2):
            lists.cell(i, j, v)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${max(2, len(values) + 1)}"
    lists.sheet_state = "hidden"

    def dv(sheet, formula: str, cells: str, prompt: str) -> None:  # type: ignore[no-untyped-def]
        v = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                           errorStyle="warning", error="不在可选值中，仍要填写吗？(not one of the listed values)",
                           errorTitle="请核对", prompt=prompt, showInputMessage=True)
        v.add(cells)
        sheet.add_data_validation(v)

    fl = pack.region.first_level
    for j, c in enumerate(cols, start=1):
        letter = get_column_letter(j)
        cells = f"{letter}2:{letter}{_ROWS + 1}"
        head = units.cell(1, j)
        head.font, head.fill = bold, fill
        units.column_dimensions[letter].width = max(10, min(30, 2 * len(c.header) + 2))
        if c.type == "kind":
            dv(units, ranges["kind"], cells, "从列表中选择单位类别")
        elif c.type == "region" and c.key == fl:
            dv(units, ranges["first"], cells, f"所属{pack.region.level_names_zh[0]}")
        elif c.type == "bool":
            dv(units, '"是,否"', cells, "是 / 否")
        fmt = {"count": "0", "rate": "0.0%", "id": "@"}.get(c.type)
        if fmt:     # a column style: cells typed later take it (80 typed in a rate column becomes 80%)
            units.column_dimensions[letter].number_format = fmt

    ind = wb.create_sheet(INDICATORS_SHEET, 1)
    ind.append(INDICATOR_HEADERS)
    ind.freeze_panes = "A2"
    for j in range(1, len(INDICATOR_HEADERS) + 1):
        ind.cell(1, j).font, ind.cell(1, j).fill = bold, fill
        ind.column_dimensions[get_column_letter(j)].width = 14
    ind.column_dimensions["D"].width = 40
    ind.column_dimensions["H"].width = 34
    for row in indicator_rows(pack, year):
        ind.append([int(v) if k == 1 and v.isdigit() else v for k, v in enumerate(row)])
    last = max(ind.max_row, 2) + 200
    dv(ind, ranges["region"], f"A2:A{last}", "地区")
    dv(ind, ranges["indicator"], f"D2:D{last}", "指标")
    ind.column_dimensions["B"].number_format = "0"
    ind.column_dimensions["C"].number_format = "@"        # 2021-03 stays text, not a date

    help_ = wb.create_sheet(HELP_SHEET, 2)
    help_.append([f"{pack.title}（{pack.doc_number or pack.id}）普查表填写说明"])
    help_.append([("「单位」表每行一个单位；「指标」表每行一个地区、年份、期间和指标（已预填；期间为空即全年，按月、季度考核的职责每月、每季度一行，填数值或分子、分母；备注为「待填」而未填的行按无数据处理）。"
                  "下拉列表之外的值也可填写，核查时会提示最接近的正确写法。核查：compliance check "
                  f"rules/{pack.id} --census 本文件.xlsx --year {year}")])
    help_.append([])
    help_.append(["列名", "含义", "English", "可填的值", "需要该列的规则"])
    for cell in help_[4]:
        cell.font, cell.fill = bold, fill
    for c in cols:
        rules = "、".join(c.rules[:6]) + (f" 等 {len(c.rules)} 条" if len(c.rules) > 6 else "")
        help_.append([c.header, c.meaning_zh, c.meaning_en, c.values_zh, rules])
    help_.append([])
    help_.append(["指标", "含义", "English", "可填的值", "需要该指标的规则"])
    for cell in help_[help_.max_row]:
        cell.font, cell.fill = bold, fill
    for key in dict.fromkeys(k for r in pack.rules for k in r.indicators):
        e = d.indicators[key]
        readers = [r.id for r in pack.rules if key in r.indicators]
        help_.append([e.zh, e.zh, e.en, _VALUES.get(e.type, ""), "、".join(readers)])
    help_["A1"].font = Font(bold=True, size=13)
    for letter, width in zip("ABCDE", (28, 28, 36, 48, 48), strict=True):
        help_.column_dimensions[letter].width = width
    for row in help_.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)
