"""Markdown: a summary table with the gap, then a full section only for each rule that is not met."""

from __future__ import annotations

import re

from .. import wording
from ..findings import Report
from .escape import md_inline
from .labels import provenance_lines, summary_line, t, verdict_label
from .text import evidence_lines

DETAILED = ("fail", "insufficient_data", "not_due")


def _cell(s: object) -> str:
    """Data in a table cell, heading or paragraph: one line, Markdown and HTML escaped."""
    return md_inline(s)


def _code(rule_id: str) -> str:
    """A rule id as code (ids are ``[a-z0-9_.-]``; anything else is escaped as text)."""
    return f"`{rule_id}`" if re.fullmatch(r"[a-z0-9][a-z0-9_.\-]*", rule_id) else md_inline(rule_id)


def render_markdown(report: Report, lang: str = "zh", cap: int | None = None, **_: object) -> str:
    zh = lang == "zh"
    C = "：" if zh else ": "
    out = [f"# {t('title', lang)}{C}{_cell(report.document)}", ""]
    if report.doc_number:
        out.append(f"- {t('document', lang)}{C}{_cell(report.doc_number)}")
    out += [f"- {t('as_of', lang)}{C}{report.as_of.isoformat()}", f"- {t('rows', lang)}{C}{report.rows_read}",
            f"- {t('summary', lang)}{C}{_cell(summary_line(report, lang))}", ""]
    out.append(f"| {t('rule', lang)} | {t('verdict', lang)} | {t('measured', lang)} | {t('target', lang)} | "
               f"{t('gap', lang)} | {t('clause', lang)} |")
    out.append("|---|---|---|---|---|---|")
    for f in report.findings:
        v = verdict_label(f.verdict, lang)
        if f.severity != "binding":
            v += f"（{wording.severity_label(f.severity, lang)}）" if zh else f" ({wording.severity_label(f.severity, lang)})"
        title = f.title_zh if zh else f.title_en
        gap = "" if f.gap is None else (f.gap.text_zh if zh else f.gap.text_en)
        out.append(f"| {_cell(title)}<br>{_code(f.rule_id)} | {_cell(v)} | {_cell(wording.measured_text(f, lang))} | "
                   f"{_cell(wording.target_line(f, lang))} | {_cell(gap)} | {_cell(f.source.clause)} |")
    titles = wording.rule_titles(report.findings)
    for f in report.findings:
        if f.verdict not in DETAILED:
            continue
        out += ["", f"## {_cell(f.title_zh if zh else f.title_en)}（{_code(f.rule_id)}）" if zh else
                f"## {_cell(f.title_en)} ({_code(f.rule_id)})", "",
                f"**{t('verdict', lang)}**{C}{verdict_label(f.verdict, lang)}"
                + (f"（{wording.severity_label(f.severity, lang)}）" if f.severity != "binding" else ""), "",
                _cell(f.explanation_zh if zh else f.explanation_en), "",
                f"> {_cell(f.source.quote)}", ">", f"> — {_cell(f.source.document)} {_cell(f.source.clause)}"]
        for c in f.conflicts:
            out += ["", f"⚠ {t('conflict', lang)}{C}{_cell(wording.conflict_text(c, titles, f.rule_id, lang))}"]
        rows = [b for b in f.breakdown if b.verdict or (b.measured and b.measured != "0/0")]
        if rows:
            out += ["", f"| {t('breakdown', lang)} | {t('verdict', lang)} | {t('measured', lang)} | {t('gap', lang)} |",
                    "|---|---|---|---|"]
            out += [f"| {_cell(b.region + (f'（{b.period}）' if b.period else ''))} | "
                    f"{verdict_label(b.verdict, lang) if b.verdict else ''} | "
                    f"{_cell(wording.breakdown_measured(b, f.measure, lang))} | {b.gap or ''} |" for b in rows]
        lines = evidence_lines(f, cap, lang)
        if lines:
            n = f.evidence.rows if f.evidence else 0
            out += ["", f"**{t('evidence', lang)}**（{n}）" if zh else f"**{t('evidence', lang)}** ({n})", ""] + \
                [f"- {_cell(x)}" for x in lines]
    if report.excluded:
        out += ["", f"## {t('excluded', lang)}", ""]
        out += [f"- {_cell(e.source)} {t('row', lang).format(n=e.row)} {_cell(e.id or '')}: "
                f"{_cell(e.reason_zh if zh else e.reason_en)}" for e in report.excluded]
    if report.warnings:
        out += ["", f"## {t('warnings', lang)}", ""] + [f"- `{w.code}` {_cell(w.message(lang))}" for w in report.warnings]
    prov = provenance_lines(report, lang)
    if prov:
        out += ["", f"## {t('provenance', lang)}", ""] + [f"- {_cell(x)}" for x in prov[1:]]
    return "\n".join(out) + "\n"
