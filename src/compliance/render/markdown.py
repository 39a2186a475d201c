"""Markdown: a summary table and one section per finding, for sharing with a department."""

from __future__ import annotations

import re

from ..findings import Report
from .escape import md_inline
from .labels import summary_line, t, verdict_label
from .text import evidence_lines


def _cell(s: object) -> str:
    """Data in a table cell, heading or paragraph: one line, Markdown and HTML escaped."""
    return md_inline(s)


def _code(rule_id: str) -> str:
    """A rule id as code (ids are ``[a-z0-9_.-]``; anything else is escaped as text)."""
    return f"`{rule_id}`" if re.fullmatch(r"[a-z0-9][a-z0-9_.\-]*", rule_id) else md_inline(rule_id)


def render_markdown(report: Report, lang: str = "zh", cap: int = 20, **_: object) -> str:
    zh = lang == "zh"
    out = [f"# {t('title', lang)}：{_cell(report.document)}", ""]
    if report.doc_number:
        out.append(f"- {t('document', lang)}：{_cell(report.doc_number)}")
    out += [f"- {t('as_of', lang)}：{report.as_of.isoformat()}", f"- {t('rows', lang)}：{report.rows_read}",
            f"- {t('summary', lang)}：{_cell(summary_line(report, lang))}", ""]
    out.append(f"| {t('rule', lang)} | {t('verdict', lang)} | {t('measured', lang)} | {t('target', lang)} | "
               f"{t('clause', lang)} |")
    out.append("|---|---|---|---|---|")
    for f in report.findings:
        target = ""
        if f.target:
            target = f"{f.target.text_zh} ({f.target.milestone_zh})" if zh else f"{f.target.text_en} ({f.target.milestone_en})"
        v = verdict_label(f.verdict, lang) + (f" ({t('advisory', lang)})" if f.severity == "advisory" else "")
        title = f.title_zh if zh else f.title_en
        out.append(f"| {_code(f.rule_id)} {_cell(title)} | {_cell(v)} | {_cell(f.measured or '')} | {_cell(target)} | "
                   f"{_cell(f.source.clause)} |")
    for f in report.findings:
        out += ["", f"## {_code(f.rule_id)} {_cell(f.title_zh if zh else f.title_en)}", "",
                f"**{t('verdict', lang)}**：{verdict_label(f.verdict, lang)}", "",
                _cell(f.explanation_zh if zh else f.explanation_en), "",
                f"> {_cell(f.source.quote)}", ">", f"> — {_cell(f.source.document)} {_cell(f.source.clause)}"]
        for c in f.conflicts:
            out += ["", f"⚠ {t('conflict', lang)}：{_code(c.with_rule)} — {_cell(c.note_zh if zh else c.note_en)}"]
        rows = [b for b in f.breakdown if b.measured or b.verdict]
        if rows:
            out += ["", f"| {t('breakdown', lang)} | {t('verdict', lang)} | {t('measured', lang)} |", "|---|---|---|"]
            out += [f"| {_cell(b.region)} | {verdict_label(b.verdict, lang) if b.verdict else ''} | {_cell(b.measured or '')} |"
                    for b in rows]
        lines = evidence_lines(f, cap, lang)
        if lines:
            out += ["", f"**{t('evidence', lang)}**", ""] + [f"- {_cell(x)}" for x in lines]
    if report.excluded:
        out += ["", f"## {t('excluded', lang)}", ""]
        out += [f"- {_cell(e.source)} row {e.row} {_cell(e.id or '')}: {_cell(e.reason_zh if zh else e.reason_en)}"
                for e in report.excluded]
    if report.warnings:
        out += ["", f"## {t('warnings', lang)}", ""] + [f"- `{w.code}` {_cell(w.message(lang))}" for w in report.warnings]
    return "\n".join(out) + "\n"
