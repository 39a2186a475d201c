"""HTML: one self-contained file an official can open offline, print or save as PDF.

Rendered with jinja2 (autoescape on: every value from a census or a pack is escaped); charts are static
SVG from :mod:`.charts`, inlined; a few lines of inline JavaScript filter and sort the tables (the page
reads fine without it). A Content-Security-Policy forbids any network request.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from markupsafe import Markup

from .. import wording
from ..findings import Finding, Report
from .escape import plain
from .labels import generated_text, summary_line, t, verdict_label
from .markdown import DETAILED

ORDER = ("pass", "fail", "insufficient_data", "not_due", "not_applicable")


@cache
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("compliance.render", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["plain"] = plain       # control characters made visible, then escaped by autoescape
    return env


def _finding_view(f: Finding, lang: str, titles: dict[str, tuple[str, str, str]], charts: bool) -> dict[str, Any]:
    from . import charts as ch

    zh = lang == "zh"
    rows = wording.evidence_rows(f) if f.evidence is not None else []
    columns = f.evidence.columns if f.evidence is not None else []
    places = [c for c in ("county", "town", "village") if c in columns and any(r.get(c) for r in rows)]
    units = [{"status": wording.STATUS_ZH[r["status"]] if zh else wording.STATUS_EN[r["status"]],
              "status_key": r["status"], "places": [r.get(c) or "" for c in places],
              "name": r.get("name") or "", "id": r.get("id") or "",
              "row": r.get("row"), "lacks": wording.evidence_values(r, columns, lang)} for r in rows]
    detailed = f.verdict in DETAILED
    return {
        "f": f, "id": f.rule_id, "title": f.title_zh if zh else f.title_en,
        "verdict": verdict_label(f.verdict, lang), "severity": wording.severity_label(f.severity, lang),
        "measured": wording.measured_text(f, lang), "target": wording.target_line(f, lang),
        "gap": "" if f.gap is None else (f.gap.text_zh if zh else f.gap.text_en),
        "explanation": f.explanation_zh if zh else f.explanation_en,
        "conflicts": [wording.conflict_text(c, titles, f.rule_id, lang) for c in f.conflicts],
        "breakdown": [{"region": b.region + (f"（{b.period}）" if b.period else ""),
                       "verdict": verdict_label(b.verdict, lang) if b.verdict else "", "verdict_key": b.verdict or "",
                       "measured": wording.breakdown_measured(b, f.measure, lang), "gap": b.gap or ""}
                      for b in f.breakdown if b.verdict or (b.measured and b.measured != "0/0")],
        "units": units, "detailed": detailed, "places": [wording.attr_name(c, lang) for c in places],
        "chart": Markup(c) if charts and detailed and (c := ch.area_chart(f, lang)) else None,
        "progress": Markup(c) if charts and detailed and (c := ch.progress_chart(f, lang)) else None,
    }


def render_html(report: Report, lang: str = "zh", charts: bool = True, **_: object) -> str:
    zh = lang == "zh"
    titles = wording.rule_titles(report.findings)
    views = [_finding_view(f, lang, titles, charts) for f in report.findings]
    grid = {sev: {v: sum(f.severity == sev and f.verdict == v for f in report.findings) for v in ORDER}
            for sev in ("binding", "advisory", "superseded")}
    cards = [{"key": v, "label": verdict_label(v, lang), "n": report.summary.by_verdict.get(v, 0),
              "binding": grid["binding"][v]} for v in ORDER[:4]]
    labels = {k: t(k, lang) for k in ("title", "document", "as_of", "rule", "verdict", "measured", "target", "gap",
                                      "clause", "severity", "summary", "rows", "excluded", "warnings", "evidence",
                                      "breakdown", "explanation", "quote", "conflict", "provenance", "county",
                                      "town", "unit", "lacks", "status", "source")}
    return _env().get_template("report.html.j2").render(
        r=report, lang=lang, zh=zh, L=labels, views=views, cards=cards, grid=grid, order=ORDER,
        severities=[(s, wording.severity_label(s, lang)) for s in ("binding", "advisory", "superseded")],
        verdict_labels={v: verdict_label(v, lang) for v in ORDER}, summary=summary_line(report, lang),
        generated=generated_text(report.provenance.generated_at if report.provenance else None, lang))
