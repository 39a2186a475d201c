"""XLSX: the workbook an analyst sends to the counties to fix (openpyxl, already a dependency).

Sheets: 汇总 (one row per rule: verdict, severity, measured, target, gap, clause, quote; a native chart of
verdicts), 整改清单 (every unit that does not comply or lacks data, for every rule: county, town, unit, what
it lacks, which rule), 分县区 (per county: rules failed, units to fix, units to fill in; a native chart) and
分县区明细 (each rule's figure in each county), then 提示 and 报告来源. Header rows are frozen, tables have
filters and column widths. Cells hold text and numbers only: a value that looks like a formula
(``=HYPERLINK(...)``) is written as text, never evaluated by Excel.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import wording
from ..dictionary import load_dictionary
from ..findings import Report
from .escape import plain
from .labels import provenance_lines, summary_line, t, verdict_label

FILL = {"pass": "C8E6C9", "fail": "FFCDD2", "insufficient_data": "FFF59D", "not_due": "B3E5FC",
        "not_applicable": "E0E0E0"}
HEAD = PatternFill("solid", fgColor="CFD8DC")
ORDER = ("pass", "fail", "insufficient_data", "not_due", "not_applicable")
RANK = {"fail": 0, "insufficient_data": 1, "not_due": 2, "pass": 3, "not_applicable": 4}


def _put(ws: Any, row: int, column: int, v: Any) -> Cell:
    """A cell: numbers as numbers; text with control characters made visible, and never a formula (text
    that starts with = stays text)."""
    if not (v is None or isinstance(v, (int, float)) and not isinstance(v, bool)):
        v = plain(v)
    cell: Cell = ws.cell(row=row, column=column, value=v)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _table(ws: Any, header: list[str], rows: list[list[Any]], widths: list[int], start: int = 1,
           verdict_col: int | None = None, verdicts: Sequence[str] | None = None) -> None:
    """A table at row ``start``: a bold grey header, frozen above the data, a filter, widths, wrapped text."""
    for j, h in enumerate(header, 1):
        c = ws.cell(row=start, column=j, value=h)
        c.font, c.fill = Font(bold=True), HEAD
        c.alignment = Alignment(vertical="center", wrap_text=True)
    for i, row in enumerate(rows, start + 1):
        for j, v in enumerate(row, 1):
            cell = _put(ws, i, j, v)
            if isinstance(v, str) and len(v) > 30:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if verdict_col is not None and verdicts is not None:
            ws.cell(row=i, column=verdict_col).fill = PatternFill("solid", fgColor=FILL[verdicts[i - start - 1]])
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    last = max(start + len(rows), start + 1)
    ws.auto_filter.ref = f"A{start}:{get_column_letter(len(header))}{last}"


def render_xlsx(report: Report, lang: str = "zh", **_: object) -> bytes:
    zh = lang == "zh"
    wb = Workbook()
    # a sheet name may not hold []:*?/\ and has at most 31 characters
    level = (re.sub(r"[\[\]:*?/\\]", "", report.area_level_zh or "")[:20] or "县区") if zh else "County"
    titles = wording.rule_titles(report.findings)

    # ---- 汇总 -------------------------------------------------------------------------------------------
    ws = wb.active
    ws.title = "汇总" if zh else "Summary"
    _put(ws, 1, 1, f"{t('title', lang)}：{report.document}").font = Font(bold=True, size=14)
    _put(ws, 2, 1, f"{report.region} · {t('as_of', lang)} {report.as_of.isoformat()} · {summary_line(report, lang)}")
    header = [t("rule", lang), "规则编号" if zh else "Rule id", t("verdict", lang), t("severity", lang),
              t("measured", lang), t("target", lang), t("gap", lang), "差距（个）" if zh else "Gap (units)",
              t("clause", lang), t("quote", lang), t("explanation", lang)]
    rows, verdicts = [], []
    for f in sorted(report.findings, key=lambda f: (RANK[f.verdict], f.severity != "binding")):
        rows.append([f.title_zh if zh else f.title_en, f.rule_id, verdict_label(f.verdict, lang),
                     wording.severity_label(f.severity, lang), wording.measured_text(f, lang),
                     wording.target_line(f, lang), "" if f.gap is None else (f.gap.text_zh if zh else f.gap.text_en),
                     f.gap.units if f.gap is not None else None, f.source.clause, f.source.quote,
                     f.explanation_zh if zh else f.explanation_en])
        verdicts.append(f.verdict)
    _table(ws, header, rows, [34, 26, 10, 12, 18, 22, 36, 10, 16, 50, 80], start=4, verdict_col=3, verdicts=verdicts)
    # verdict counts beside the table, with a native chart
    col = len(header) + 2
    ws.cell(row=4, column=col, value=t("verdict", lang)).font = Font(bold=True)
    for sev_i, sev in enumerate(("binding", "advisory", "superseded")):
        ws.cell(row=4, column=col + 1 + sev_i, value=wording.severity_label(sev, lang)).font = Font(bold=True)
    for i, v in enumerate(ORDER, 5):
        ws.cell(row=i, column=col, value=verdict_label(v, lang))
        for sev_i, sev in enumerate(("binding", "advisory", "superseded")):
            ws.cell(row=i, column=col + 1 + sev_i,
                    value=sum(f.verdict == v and f.severity == sev for f in report.findings))
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = "规则结论" if zh else "Verdicts"
    chart.add_data(Reference(ws, min_col=col + 1, max_col=col + 3, min_row=4, max_row=4 + len(ORDER)), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=col, min_row=5, max_row=4 + len(ORDER)))
    chart.height, chart.width = 7.5, 13
    ws.add_chart(chart, f"{get_column_letter(col)}{6 + len(ORDER)}")

    # ---- 整改清单 ---------------------------------------------------------------------------------------------
    ws = wb.create_sheet("整改清单" if zh else "Units to fix")
    header = [level, "乡镇街道" if zh else "Township/street", "村社区" if zh else "Village/community",
              t("unit", lang), "编码" if zh else "ID", "单位类别" if zh else "Kind", t("status", lang), t("lacks", lang),
              t("rule", lang), "规则编号" if zh else "Rule id", "规则结论" if zh else "Rule verdict",
              t("severity", lang), t("clause", lang), "原表行号" if zh else "Row"]
    rows = []
    per_county: dict[str, Counter[str]] = {}
    kinds = load_dictionary().kinds
    for f in sorted(report.findings, key=lambda f: (RANK[f.verdict], f.severity != "binding")):
        if f.evidence is None or not f.evidence.rows:
            continue
        for r in wording.evidence_rows(f):
            county = r.get("county") or r.get("town") or ""
            status = r["status"]
            rows.append([county, r.get("town") or "", r.get("village") or "", r.get("name") or "", r.get("id"),
                         kinds[r["kind"]].label(lang) if r.get("kind") in kinds else r.get("kind"),
                         (wording.STATUS_ZH if zh else wording.STATUS_EN)[status],
                         wording.evidence_values(r, f.evidence.columns, lang), f.title_zh if zh else f.title_en,
                         f.rule_id, verdict_label(f.verdict, lang), wording.severity_label(f.severity, lang),
                         f.source.clause, r.get("row")])
            if f.verdict in ("fail", "insufficient_data") and f.severity == "binding":
                c = per_county.setdefault(county, Counter())
                c["fix" if status == "not_meeting" else "fill"] += 1
    _table(ws, header, rows, [12, 14, 14, 28, 14, 14, 12, 48, 34, 26, 10, 10, 14, 9])

    # ---- 分县区 ----------------------------------------------------------------------------------------------
    ws = wb.create_sheet(f"分{level}" if zh else "By county")
    areas: list[str] = list(report.areas)
    for f in report.findings:
        for b in f.breakdown:
            if b.region not in areas:
                areas.append(b.region)       # the pack's order
    for a in per_county:
        if a and a not in areas:
            areas.append(a)
    failed = Counter(b.region for f in report.findings if f.severity == "binding" for b in f.breakdown
                     if b.verdict == "fail")
    header = [level, f"未达标规则（按{level}判定）" if zh else "Rules failed (judged per county)",
              "须整改的单位（约束性规则）" if zh else "Units to fix (binding rules)",
              "须补填数据的单位（约束性规则）" if zh else "Units to fill in (binding rules)"]
    rows = [[a, failed.get(a, 0), per_county.get(a, Counter())["fix"], per_county.get(a, Counter())["fill"]]
            for a in areas]
    _table(ws, header, rows, [16, 22, 24, 26])
    if rows:
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"各{level}须整改和补填的单位" if zh else "Units to fix and fill in by county"
        chart.add_data(Reference(ws, min_col=3, max_col=4, min_row=1, max_row=1 + len(rows)), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + len(rows)))
        chart.height, chart.width = max(7.5, 0.6 * len(rows) + 3), 16
        ws.add_chart(chart, "F2")

    ws = wb.create_sheet(f"分{level}明细" if zh else "By county, each rule")
    header = [level, t("rule", lang), "规则编号" if zh else "Rule id", "期间" if zh else "Period",
              "本区结论" if zh else "Verdict here", t("measured", lang), "差距（个）" if zh else "Gap (units)",
              "规则结论" if zh else "Rule verdict", t("severity", lang)]
    rows, verdicts = [], []
    for f in report.findings:
        for b in f.breakdown:
            if not (b.verdict or (b.measured and b.measured != "0/0")):
                continue
            rows.append([b.region, f.title_zh if zh else f.title_en, f.rule_id, b.period or "",
                         verdict_label(b.verdict, lang) if b.verdict else "",
                         wording.breakdown_measured(b, f.measure, lang), b.gap, verdict_label(f.verdict, lang),
                         wording.severity_label(f.severity, lang)])
            verdicts.append(b.verdict or "not_applicable")
    _table(ws, header, rows, [14, 36, 26, 12, 10, 18, 10, 10, 12], verdict_col=5, verdicts=verdicts)

    # ---- 冲突、提示、来源 -------------------------------------------------------------------------------------------
    conflicts = [[f.title_zh if zh else f.title_en, f.rule_id, wording.conflict_text(c, titles, f.rule_id, lang)]
                 for f in report.findings for c in f.conflicts]
    if conflicts:
        ws = wb.create_sheet("文件内部冲突" if zh else "Conflicts")
        _table(ws, [t("rule", lang), "规则编号" if zh else "Rule id", t("conflict", lang)], conflicts, [36, 26, 100])
    if report.warnings or report.excluded:
        ws = wb.create_sheet(t("warnings", lang))
        rows = [[w.code, w.message(lang)] for w in report.warnings]
        rows += [["排除" if zh else "excluded",
                  f"{e.source} {t('row', lang).format(n=e.row)} {e.id or ''}: {e.reason_zh if zh else e.reason_en}"]
                 for e in report.excluded]
        _table(ws, ["代码" if zh else "Code", t("explanation", lang)], rows, [10, 120])
    prov = provenance_lines(report, lang)
    if prov:
        ws = wb.create_sheet(t("provenance", lang))
        for i, line in enumerate(prov, 1):
            _put(ws, i, 1, line).font = Font(bold=(i == 1))
        ws.column_dimensions["A"].width = 120
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
