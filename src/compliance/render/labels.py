"""User-facing labels, Chinese first, English with --lang en."""

from __future__ import annotations

from ..explain import VERDICT_EN, VERDICT_ZH

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
    "summary": ("汇总", "Summary"),
    "rows": ("读取行数", "rows read"),
    "excluded": ("排除行", "Excluded rows"),
    "warnings": ("提示", "Warnings"),
    "evidence": ("不达标单位", "Non-compliant units"),
    "breakdown": ("分区情况", "Breakdown"),
    "explanation": ("说明", "Explanation"),
    "quote": ("原文", "Quote"),
    "more": ("另有 {n} 项，见 JSON 输出", "{n} more; see the JSON output"),
    "conflict": ("文件内部冲突", "Conflict in the document"),
    "next": ("下一阶段", "Next"),
}


def t(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def verdict_label(v: str, lang: str) -> str:
    return VERDICT_ZH[v] if lang == "zh" else VERDICT_EN[v]


def summary_line(report, lang: str) -> str:  # type: ignore[no-untyped-def]
    s = report.summary
    order = ("pass", "fail", "insufficient_data", "not_due", "not_applicable")
    parts = [f"{verdict_label(v, lang)} {s.by_verdict.get(v, 0)}" for v in order]
    if lang == "zh":
        warn = f"；提示 {s.warnings} 条（不影响结论）" if s.warnings else ""
        return (f"共 {s.rules} 条规则：" + "，".join(parts) +
                f"；约束性不达标 {s.binding_failed}，数据不足 {s.binding_insufficient}{warn}；退出码 {s.exit_code}")
    warn = f"; {s.warnings} warnings (verdicts unchanged)" if s.warnings else ""
    return (f"{s.rules} rules: " + ", ".join(parts) +
            f"; binding failures {s.binding_failed}, insufficient data {s.binding_insufficient}{warn}; exit {s.exit_code}")
