"""Terminal text: a table with coloured verdicts, details of failures, and a summary line."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Report
from .escape import rich_text
from .labels import summary_line, t, verdict_label

COLOURS = {"pass": "green", "fail": "red", "insufficient_data": "yellow", "not_due": "cyan",
           "not_applicable": "dim"}


def evidence_lines(f: Finding, cap: int, lang: str) -> list[str]:
    ev = f.evidence
    if ev is None or ev.rows == 0:
        return []
    lines = []
    skip = {"status", "row", "id", "name", "kind", "county", "town", "village"}
    head = ev.data.head(cap)
    for i in range(min(cap, ev.rows)):
        row = {c: head[c][i] for c in ev.columns}
        place = "/".join(str(row[c]) for c in ("county", "town", "village") if row.get(c))
        vals = ", ".join(f"{c}={row[c]}" for c in ev.columns if c not in skip and row[c] is not None)
        missing = [c for c in ev.columns if c not in skip and row[c] is None]
        if missing:
            vals += (", 缺失: " if lang == "zh" else ", missing: ") + ", ".join(missing)
        status = {"not_meeting": "✗", "unknown": "?", "scope_unknown": "?范围" if lang == "zh" else "?scope"}[row["status"]]
        lines.append(f"{status} {row['id']} {row.get('name') or ''} [{place}] 第{row['row']}行 {vals}".rstrip()
                     if lang == "zh" else
                     f"{status} {row['id']} {row.get('name') or ''} [{place}] row {row['row']} {vals}".rstrip())
    if ev.rows > cap:
        lines.append("… " + t("more", lang).format(n=ev.rows - cap))
    return lines


def render_text(report: Report, lang: str = "zh", cap: int = 10, width: int = 140, color: bool = False,
                **_: object) -> str:
    """Every value from the census or the pack goes in as a rich ``Text`` (see :mod:`.escape`): markup
    in data is printed as written and control characters are made visible."""
    zh = lang == "zh"
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      no_color=not color, highlight=False, markup=False, emoji=False)
    head = f"{t('title', lang)} · {report.document}"
    if report.doc_number:
        head += f"（{report.doc_number}）"
    console.print(rich_text(head, "bold"))
    console.print(rich_text(f"{report.region} · {t('as_of', lang)} {report.as_of.isoformat()} · "
                            f"{t('rows', lang)} {report.rows_read}"))
    table = Table(show_lines=False, expand=False)
    for col in ("rule", "verdict", "measured", "target", "gap", "clause"):
        table.add_column(t(col, lang), overflow="fold")
    for f in report.findings:
        verdict = rich_text(verdict_label(f.verdict, lang), COLOURS[f.verdict])
        if f.severity == "advisory":
            verdict.append(f" ({t('advisory', lang)})")
        target = ""
        if f.target:
            target = f"{f.target.text_zh if zh else f.target.text_en} ({f.target.milestone_zh if zh else f.target.milestone_en})"
        gap = "" if f.gap is None else (f.gap.text_zh if zh else f.gap.text_en)
        title = f.title_zh if zh else f.title_en
        table.add_row(rich_text(f"{f.rule_id}\n{title}"), verdict, rich_text(f.measured or ""), rich_text(target),
                      rich_text(gap), rich_text(f.source.clause))
    console.print(table)
    for f in report.findings:
        if f.verdict not in ("fail", "insufficient_data"):
            continue
        colour = COLOURS[f.verdict]
        console.print(Text.assemble("\n", ("■", colour), " ", rich_text(f.rule_id, "bold"), " ",
                                    rich_text(f.explanation_zh if zh else f.explanation_en)))
        console.print(rich_text(f"  {t('quote', lang)}（{f.source.clause}）：「{f.source.quote}」"))
        for c in f.conflicts:
            console.print(rich_text(f"  ⚠ {t('conflict', lang)}: {c.with_rule} — {c.note_zh if zh else c.note_en}"))
        for b in f.breakdown:
            if b.verdict in ("fail", "insufficient_data"):
                console.print(rich_text(f"  · {b.region}: {verdict_label(b.verdict, lang)} {b.measured or ''}"))
        for line in evidence_lines(f, cap, lang):
            console.print(rich_text(f"  {line}"))
    if report.excluded:
        console.print(Text.assemble("\n", (t("excluded", lang), "bold"), f" ({len(report.excluded)})"))
        for e in report.excluded[:cap]:
            console.print(rich_text(f"  {e.source} row {e.row} {e.id or ''}: {e.reason_zh if zh else e.reason_en}"))
        if len(report.excluded) > cap:
            console.print(rich_text("  … " + t("more", lang).format(n=len(report.excluded) - cap)))
    if report.warnings:
        console.print(Text.assemble("\n", (t("warnings", lang), "bold"), f" ({len(report.warnings)})"))
    for w in report.warnings:
        console.print(rich_text(f"! {w.code} {w.message(lang)}", "yellow"))
    console.print(Text.assemble("\n", rich_text(summary_line(report, lang), "bold")))
    return buf.getvalue()
