"""User-facing labels, Chinese first, English with --lang en."""

from __future__ import annotations

from typing import Any

from ..wording import VERDICT_EN, VERDICT_ZH

LABELS = {
    "title": ("合规检查报告", "Compliance report"),
    "document": ("文件", "Document"),
    "as_of": ("截至日期", "As of"),
    "rule": ("规则", "Rule"),
    "verdict": ("结论", "Verdict"),
    "measured": ("实测", "Measured"),
    "target": ("目标", "Target"),
    "gap": ("差距", "Gap"),
    "clause": ("条款", "Clause"),
    "severity": ("性质", "Severity"),
    "binding": ("约束性", "binding"),
    "advisory": ("倡导性", "advisory"),
    "superseded": ("已被取代", "superseded"),
    "summary": ("汇总", "Summary"),
    "rows": ("读取行数", "rows read"),
    "row": ("第{n}行", "row {n}"),
    "excluded": ("排除行", "Excluded rows"),
    "warnings": ("提示", "Warnings"),
    "evidence": ("须整改或补填的单位", "Units to fix or fill in"),
    "breakdown": ("分区情况", "Breakdown"),
    "explanation": ("说明", "Explanation"),
    "quote": ("原文", "Quote"),
    "more": ("另有 {n} 个单位未列出；加 --max-evidence 0 可全部列出，或生成 xlsx / html 报告",
             "{n} more units not listed; --max-evidence 0 lists them all, or write an xlsx / html report"),
    "conflict": ("文件内部冲突", "Conflict in the document"),
    "operative": ("以此为准", "operative"),
    "next": ("下一阶段", "Next"),
    "provenance": ("报告来源", "Provenance"),
    "county": ("县区", "County"),
    "town": ("乡镇街道", "Township/street"),
    "unit": ("单位", "Unit"),
    "lacks": ("缺什么", "What it lacks"),
    "status": ("情况", "Status"),
    "source": ("原文出处", "Source"),
}


def t(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def verdict_label(v: str, lang: str) -> str:
    return VERDICT_ZH[v] if lang == "zh" else VERDICT_EN[v]


def summary_line(report: Any, lang: str) -> str:
    s = report.summary
    order = ("pass", "fail", "insufficient_data", "not_due", "not_applicable")
    parts = [f"{verdict_label(v, lang)} {s.by_verdict.get(v, 0)}" for v in order]
    if lang == "zh":
        warn = f"；提示 {s.warnings} 条（不影响结论）" if s.warnings else ""
        sup = f"；其中 {s.superseded} 条已被取代（仅供参考）" if s.superseded else ""
        return (f"共 {s.rules} 条规则：" + "，".join(parts) + sup +
                f"；约束性不达标 {s.binding_failed}，数据不足 {s.binding_insufficient}{warn}；退出码 {s.exit_code}")
    warn = f"; {s.warnings} warnings (verdicts unchanged)" if s.warnings else ""
    sup = f"; {s.superseded} superseded (for reference)" if s.superseded else ""
    return (f"{s.rules} rules: " + ", ".join(parts) + sup +
            f"; binding failures {s.binding_failed}, insufficient data {s.binding_insufficient}{warn}; exit {s.exit_code}")


def provenance_lines(report: Any, lang: str) -> list[str]:
    """Tool version, pack hash, each input's checksum and rows, as-of date and run time (a heading first)."""
    p = report.provenance
    if p is None:
        return []
    zh = lang == "zh"
    lines = [t("provenance", lang),
             (f"工具：compliance {p.version}" if zh else f"tool: compliance {p.version}"),
             (f"规则包：{p.pack}（{p.pack_files} 个文件，SHA-256 {p.pack_sha256}）" if zh else
              f"pack: {p.pack} ({p.pack_files} files, SHA-256 {p.pack_sha256})")]
    for i in p.inputs:
        role = {"units": "单位表", "indicators": "指标表"}.get(i.role, i.role) if zh else i.role
        sheet = f"#{i.sheet}" if i.sheet else ""
        lines.append(f"{role}：{i.name}{sheet}，{i.rows} 行，{i.bytes} 字节，SHA-256 {i.sha256}" if zh else
                     f"{role}: {i.name}{sheet}, {i.rows} rows, {i.bytes} bytes, SHA-256 {i.sha256}")
    lines.append(f"截至日期：{p.as_of.isoformat()}" if zh else f"as of: {p.as_of.isoformat()}")
    when = generated_text(p.generated_at, lang)
    lines.append(f"生成时间：{when}" if zh else f"generated: {when}")
    return lines


def generated_text(when: Any, lang: str) -> str:
    """The run time: Beijing time in Chinese (2026-12-02 10:37:51（北京时间）), ISO 8601 UTC in English."""
    import datetime as dt

    if when is None:
        return "未记录" if lang == "zh" else "not recorded (--no-timestamp)"
    if lang == "zh":
        return when.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S") + "（北京时间）"
    return when.isoformat()
