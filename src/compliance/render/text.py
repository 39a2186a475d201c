"""Terminal text: a table with coloured verdicts that fits the terminal, details of every rule that is not
met (every unit listed unless ``cap`` limits them), warnings and a summary line."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import wording
from ..findings import Finding, Report
from .escape import rich_text
from .labels import provenance_lines, summary_line, t, verdict_label

COLOURS = {"pass": "green", "fail": "red", "insufficient_data": "yellow", "not_due": "cyan",
           "not_applicable": "dim"}


def evidence_lines(f: Finding, cap: int | None, lang: str) -> list[str]:
    """The units of a finding, one line each (units with missing values first when they decide it); with a
    ``cap``, a last line says how many more there are and how to see them all."""
    limit = cap if cap and cap > 0 else None
    lines = [wording.evidence_line(row, f.evidence.columns, lang) for row in wording.evidence_rows(f, limit)] \
        if f.evidence is not None else []
    if f.evidence is not None and limit is not None and f.evidence.rows > limit:
        lines.append("… " + t("more", lang).format(n=f.evidence.rows - limit))
    return lines


def render_text(report: Report, lang: str = "zh", cap: int | None = None, width: int = 120, color: bool = False,
                **_: object) -> str:
    """Every value from the census or the pack goes in as a rich ``Text`` (see :mod:`.escape`): markup
    in data is printed as written and control characters are made visible."""
    zh = lang == "zh"
    C = "：" if zh else ": "
    buf = io.StringIO()
    width = max(60, width)
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      no_color=not color, highlight=False, markup=False, emoji=False)
    head = f"{t('title', lang)} · {report.document}"
    if report.doc_number:
        head += f"（{report.doc_number}）" if zh else f" ({report.doc_number})"
    console.print(rich_text(head, "bold"))
    console.print(rich_text(f"{report.region} · {t('as_of', lang)} {report.as_of.isoformat()} · "
                            f"{t('rows', lang)} {report.rows_read}"))
    wide = width >= 110
    table = Table(show_lines=False, expand=True, pad_edge=False)
    table.add_column(t("rule", lang), overflow="fold", ratio=5)
    table.add_column(t("verdict", lang), overflow="fold", ratio=2, no_wrap=False)
    table.add_column(t("measured", lang), overflow="fold", ratio=3)
    table.add_column(t("target", lang), overflow="fold", ratio=3)
    if wide:
        table.add_column(t("gap", lang), overflow="fold", ratio=4)
        table.add_column(t("clause", lang), overflow="fold", ratio=2)
    for f in report.findings:
        verdict = rich_text(verdict_label(f.verdict, lang), COLOURS[f.verdict])
        if f.severity != "binding":
            verdict.append(f"（{wording.severity_label(f.severity, lang)}）" if zh
                           else f" ({wording.severity_label(f.severity, lang)})")
        title = f.title_zh if zh else f.title_en
        row = [rich_text(f"{title}\n{f.rule_id}"), verdict, rich_text(wording.measured_text(f, lang)),
               rich_text(wording.target_line(f, lang))]
        if wide:
            row += [rich_text("" if f.gap is None else (f.gap.text_zh if zh else f.gap.text_en)),
                    rich_text(f.source.clause)]
        table.add_row(*row)
    console.print(table)
    titles = wording.rule_titles(report.findings)
    for f in report.findings:
        if f.verdict not in ("fail", "insufficient_data"):
            continue
        colour = COLOURS[f.verdict]
        console.print(Text.assemble("\n", ("■", colour), " ", rich_text(f.title_zh if zh else f.title_en, "bold"),
                                    " ", rich_text(f"[{f.rule_id}]", "dim")))
        console.print(rich_text(f"  {f.explanation_zh if zh else f.explanation_en}"))
        console.print(rich_text(f"  {t('quote', lang)}（{f.source.clause}）：「{f.source.quote}」" if zh else
                                f"  {t('quote', lang)} ({f.source.clause}): “{f.source.quote}”"))
        for c in f.conflicts:
            console.print(rich_text(f"  ⚠ {t('conflict', lang)}{C}{wording.conflict_text(c, titles, f.rule_id, lang)}"))
        for b in f.breakdown:
            if b.verdict in ("fail", "insufficient_data"):
                where = (f"{b.region}（{b.period}）" if zh else f"{b.region} ({b.period})") if b.period else b.region
                console.print(rich_text(f"  · {where}{C}{verdict_label(b.verdict, lang)} "
                                        f"{wording.breakdown_measured(b, f.measure, lang)}"))
        lines = evidence_lines(f, cap, lang)
        if lines:            # one Text for the whole list: printing line by line is slow for long lists
            console.print(rich_text("\n".join(f"  {line}" for line in lines)))
    if report.excluded:
        console.print(Text.assemble("\n", (t("excluded", lang), "bold"), f" ({len(report.excluded)})"))
        for e in report.excluded:
            console.print(rich_text(f"  {e.source} {t('row', lang).format(n=e.row)} {e.id or ''}: "
                                    f"{e.reason_zh if zh else e.reason_en}"))
    if report.warnings:
        console.print(Text.assemble("\n", (t("warnings", lang), "bold"), f" ({len(report.warnings)})"))
    for w in report.warnings:
        console.print(rich_text(f"! {w.code} {w.message(lang)}", "yellow"))
    console.print(Text.assemble("\n", rich_text(summary_line(report, lang), "bold")))
    for line in provenance_lines(report, lang):
        console.print(rich_text(line, "dim"))
    return buf.getvalue()
