"""Static SVG charts for the HTML report, drawn with matplotlib and inlined (no network, no script).

matplotlib is the charting library here because it is maintained by a large team, renders SVG without a
browser or JavaScript, and can be made byte-for-byte reproducible (a fixed ``svg.hashsalt`` and no date
in the metadata). Text stays text (``svg.fonttype: none``), so Chinese labels are drawn by the reader's
own fonts and can be searched and copied. matplotlib escapes every label it writes into the SVG.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from fractions import Fraction
from typing import Any

_SETUP = False
_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimHei", "WenQuanYi Micro Hei",
          "DejaVu Sans", "sans-serif"]
COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "insufficient_data": "#f9a825", "not_due": "#0277bd",
           "not_applicable": "#9e9e9e", None: "#78909c"}


def _plt() -> Any:
    global _SETUP
    import matplotlib

    if not _SETUP:
        matplotlib.use("Agg", force=True)
        matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "compliance", "font.family": _FONTS,
                                    "axes.spines.top": False, "axes.spines.right": False, "font.size": 9})
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        _SETUP = True
    import matplotlib.pyplot as plt

    return plt


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")       # glyphs missing from the layout font: the browser draws them
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    _plt().close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg"):]          # no XML prolog or DOCTYPE inside HTML
    return re.sub(r'\swidth="[\d.]+pt"\s+height="[\d.]+pt"', ' class="chart" role="img"', text, count=1)


def _value(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        return None


def _is_rate(f: Any) -> bool:
    return f.measure in ("share", "each") or (f.unit in ("percent", "fraction", "permille"))


def _scale(f: Any) -> tuple[float, str]:
    if f.unit == "permille":
        return 1000.0, "‰"
    return (100.0, "%") if _is_rate(f) else (1.0, "")


def area_chart(f: Any, lang: str) -> str | None:
    """Each area's value against the target in force and the next milestone (a rule with a breakdown)."""
    rows = []
    for b in f.breakdown:
        if b.period:          # periodic rules: one row per period; their table says it better
            return None
        if f.measure == "each":
            v = None if not b.denominator else (b.meeting or 0) / int(b.denominator)
        elif f.measure == "count":
            v = float(b.numerator) if b.numerator is not None else None
        else:
            v = _value(b.measured_value)
        if v is not None and not (f.measure in ("share", "each") and not b.denominator):
            rows.append((b.region, v, b.verdict or _holds(f, v)))
    if len(rows) < 1 or f.measure == "exists":
        return None
    k, sym = _scale(f)
    plt = _plt()
    fig, ax = plt.subplots(figsize=(max(4.5, 0.55 * len(rows) + 2), 2.8))
    names = [r[0] for r in rows]
    ax.bar(range(len(rows)), [r[1] * k for r in rows], color=[COLOURS[r[2]] for r in rows], width=0.6)
    ax.set_xticks(range(len(rows)), names, rotation=30 if len(rows) > 6 else 0, ha="right" if len(rows) > 6 else "center")
    for i, r in enumerate(rows):
        ax.annotate(_fmt(r[1] * k) + sym, (i, r[1] * k), ha="center", va="bottom", fontsize=7)
    zh = lang == "zh"
    lines = [(f.target, "-", "目标" if zh else "target"), (f.next_target, "--", "下一阶段" if zh else "next milestone")]
    for info, style, label in lines:
        t = 1.0 if f.measure == "each" and style == "-" else (_value(info.value) if info is not None else None)
        if t is None:
            continue
        ms = "" if info is None else (info.milestone_zh if zh else info.milestone_en)
        text = f"{label} {_fmt(t * k)}{sym}" + ((f"（{ms}）" if zh else f" ({ms})") if ms else "")
        ax.axhline(t * k, color="#37474f", linestyle=style, linewidth=1, label=text)
    if ax.get_legend_handles_labels()[0]:     # above the plot, clear of the bars and their labels
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=2, fontsize=7, frameon=False)
    unit = f"（{sym}）" if sym and zh else (f" ({sym})" if sym else "")
    if f.measure == "each":
        ax.set_ylabel(("符合的单位占比" if zh else "units complying") + unit)
    elif f.measure == "count":
        ax.set_ylabel("个数" if zh else "count")
    else:
        ax.set_ylabel(("实测" if zh else "measured") + unit)
    ax.margins(y=0.15)
    return _svg(fig)


def progress_chart(f: Any, lang: str) -> str | None:
    """The milestones over the years as a step line, and where the measured value stands at the as-of date."""
    points: list[tuple[int, float]] = []
    for m in f.schedule:
        v = _value(m.value)
        if m.due is not None and v is not None:
            points.append((m.due.year, v))
    measured = _value(f.measured_value)
    past = [(h.year, v) for h in getattr(f, "history", []) if (v := _value(h.measured_value)) is not None]
    target = _value(f.target.value) if f.target is not None and f.target.comparator != "between" else None
    if len(points) < 2 and len(past) > 1 and target is not None:     # one standing target: a level line
        points = [(past[0][0], target), (f.as_of.year, target)]
    if len(points) < 2 or measured is None:
        return None
    k, sym = _scale(f)
    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.5, 2.6))
    years = [p[0] for p in points]
    zh = lang == "zh"
    ax.step(years, [p[1] * k for p in points], where="post", color="#37474f", label="目标" if zh else "targets")
    ax.plot(years, [p[1] * k for p in points], "o", color="#37474f")
    year = f.as_of.year
    if len(past) > 1:               # the region's own figure of each year, toward the milestones
        ax.plot([y for y, _ in past], [v * k for _, v in past], "-", color="#90a4ae", marker=".",
                label="历年数据" if zh else "each year's figure")
    ax.plot([year], [measured * k], "D", color=COLOURS[f.verdict], markersize=8,
            label=(f"实测（{f.as_of.isoformat()}）" if zh else f"measured ({f.as_of.isoformat()})"))
    ax.annotate(_fmt(measured * k) + sym, (year, measured * k), xytext=(6, -4), textcoords="offset points", fontsize=8)
    ax.set_xticks(sorted(set(years + [year] + [y for y, _ in past])))
    ax.legend(loc="best", fontsize=7, frameon=False)
    ax.margins(y=0.2)
    return _svg(fig)


def _holds(f: Any, v: float) -> str | None:
    """An area's colour when the rule is not judged per area: whether its own value meets the target."""
    if f.measure == "each":
        return "pass" if v >= 1 else "fail"
    t = f.target
    if t is None:
        return None
    lo, hi = _value(t.value), _value(t.high)
    if lo is None:
        return None
    ok = {">=": v >= lo, ">": v > lo, "<=": v <= lo, "<": v < lo, "=": v == lo,
          "between": hi is not None and lo <= v <= hi}.get(t.comparator)
    return None if ok is None else ("pass" if ok else "fail")


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")
