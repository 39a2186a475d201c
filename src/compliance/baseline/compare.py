"""Judge a rule's ``baseline:``: the same measure on the current snapshot and on the baseline, and the change.

The year judged is the latest year the as-of date has closed (2021-12-31 → 2021; 2021-06-30 → 2020), as
for ``period: year``. Indicator rules compare the whole-year rows of exactly that year (current snapshot)
and of the baseline year (the baseline snapshot; default the year before): a change is a yearly duty, so
an older row never stands in for either. Unit rules (share / count) measure each snapshot as it is (with
``period: year``, only units whose 统计年度 is the year of that snapshot count, as for the rule itself).

Missing data widens a measure to the range of values it could take (as everywhere in the engine); the
change is then the range current − baseline, judged with :func:`compliance.verdicts.judge`, so the verdict
is pass only when every possible change passes. No baseline, or no figure in it, is
``insufficient_data`` — never a pass. The finding's verdict is the worse of this and the target's, so a
baseline never turns a failing target into a pass.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

from ..census import Census
from ..findings import BaselineArea, BaselineInfo
from ..measures.indicators import period_readings
from ..measures.units import Counts, UnitIndex, measure_units
from ..pack import Rule
from ..periods import Period, window
from ..quantity import format_quantity
from ..verdicts import judge, worst
from .spec import BaselineSpec

NA = "n/a"                      # nothing in scope: no figure to compare
Value = tuple[Any, Any]         # (low, high): Fractions, or ±inf for an unbounded end

_VERDICT_ZH = {"pass": "达标", "fail": "未达标", "insufficient_data": "数据不足", "not_applicable": "不适用",
               "not_due": "未到期"}
_VERDICT_EN = {"pass": "pass", "fail": "fail", "insufficient_data": "insufficient data",
               "not_applicable": "not applicable", "not_due": "not yet due"}


def judged_year(as_of: dt.date) -> int:
    """The latest year closed at ``as_of`` (the year a yearly change is judged for)."""
    return window("year", as_of)[-1].year


def compare(rule: Rule, ctx: Any, verdict: str) -> tuple[str, BaselineInfo]:
    """(the rule's verdict combined with its change's, the comparison) for a rule with ``baseline:``.

    ``ctx`` is the engine's context (``pack``, ``census``, ``as_of``, ``types``; ``baseline``: the baseline
    Census or None). ``verdict`` is the rule's verdict on the current snapshot alone.
    """
    spec = rule.baseline
    assert spec is not None
    region = ctx.pack.region
    year = judged_year(ctx.as_of)
    base_year = spec.year if spec.year is not None else year - 1
    previous: Census | None = getattr(ctx, "baseline", None)
    areas = [region.name] if rule.at == "region" else None
    cur = measure(rule, ctx.census, ctx, year, areas)
    old = measure(rule, previous, ctx, base_year, areas or list(cur)) if previous is not None else {}
    names = areas or [a for a in cur if a != region.name]
    rows = [_area(spec, a, cur.get(a), old.get(a, None), previous is not None, year, base_year) for a in names]
    change = rows[0].verdict if rule.at == "region" else worst([r.verdict for r in rows])
    if base_year >= year:   # a baseline that is not earlier than the year judged says nothing about a change
        change = "insufficient_data" if change != "not_applicable" else change
    head = rows[0] if rule.at == "region" else None
    info = BaselineInfo(
        change=spec.change, requirement_zh=spec.describe("zh"), requirement_en=spec.describe("en"),
        min_change=None if spec.min_change is None else str(spec.min_change),
        until=None if spec.until is None else spec.until.describe("zh"), provided=previous is not None,
        year=year, baseline_year=base_year, verdict=change,  # type: ignore[arg-type]  # a Verdict (worst of verdicts)
        current=head.current if head else None, previous=head.previous if head else None,
        difference=head.change if head else None,
        current_value=_exact(cur.get(region.name)) if head else None,
        previous_value=_exact(old.get(region.name)) if head else None,
        difference_value=_exact(_diff(cur.get(region.name), old.get(region.name))) if head else None,
        areas=[] if head else rows,
        **_sentences(spec, rows, head, change, previous is not None, year, base_year,
                     region.level_name(rule.at) if rule.at != "region" else region.name))
    combined = worst([verdict, change]) if verdict != "not_applicable" else verdict
    if spec.through is not None and year > spec.through:     # the years the change was asked for are over
        info = info.model_copy(update={"verdict": "not_applicable",
                                       "text_zh": f"与上期比较（{spec.describe('zh')}）：{year}年不再要求",
                                       "text_en": f"compared with the previous period ({spec.describe('en')}): "
                                                  f"not asked for {year}"})
        combined = "not_applicable" if rule.change_only else verdict
    return combined, info


# ---- the measure on one snapshot ----------------------------------------------------------------

def measure(rule: Rule, census: Census, ctx: Any, year: int, areas: list[str] | None
            ) -> dict[str, Value | str | None]:
    """Per area (or the region, ``areas == [region]``): the rule's measure on ``census`` as a range
    (low, high), :data:`NA` when nothing is in scope, None when there is no figure."""
    region = ctx.pack.region
    if rule.measure == "indicator":
        wanted = areas if areas is not None else list(region.units)
        p = Period(year)
        readings = period_readings(census.indicators, rule.indicators, [p.key])
        from ..engine import _indicator_value  # the engine's own reading of a figure (formulas bounded)

        view = SimpleNamespace(period_readings=readings, readings={})
        return {a: _indicator_value(rule, view, a, p)[0] for a in wanted}  # type: ignore[arg-type]
    level = region.first_level if rule.at == "region" else rule.at
    m = measure_units(rule, _index(ctx, census), level, ctx.types,
                      data_year=year if rule.period is not None else None)
    total = m.total
    missing = _named_missing(rule, census)
    if missing:                 # a named unit absent from this snapshot: in scope, compliance unknown
        total = Counts(total.area, total.out_kind, total.out_where, total.scope_unknown, total.meeting,
                       total.not_meeting, total.unknown + len(missing), total.scope_unknown_meeting,
                       total.scope_unknown_not_meeting)
    if areas is not None and areas == [region.name]:
        return {region.name: _range(rule, total)}
    names = list(region.units) if rule.at == region.first_level else []
    names += [a for a in sorted(m.areas) if a not in names]
    wanted = areas if areas is not None else names
    return {a: _range(rule, m.areas.get(a, Counts(a))) for a in wanted}


def _index(ctx: Any, census: Census) -> UnitIndex:
    """The units index of a snapshot, built once per check (the current one is the engine's own)."""
    if census is ctx.census:
        return ctx.index
    cache = ctx.__dict__.setdefault("_baseline_indexes", {})
    if id(census) not in cache:
        cache[id(census)] = UnitIndex(census.units, ctx.pack.region.levels)
    return cache[id(census)]


def _named_missing(rule: Rule, census: Census) -> list[str]:
    if not rule.names:
        return []
    from ..engine import _named_missing

    return _named_missing(rule, SimpleNamespace(census=census))   # type: ignore[arg-type]


def _range(rule: Rule, c: Counts) -> Value | str:
    """The range of a share or count that the unknown units allow (as the engine judges them)."""
    s_true, s_false = c.scope_unknown_meeting, c.scope_unknown_not_meeting
    s_open = c.scope_unknown - s_true - s_false
    if rule.measure == "count":
        return Fraction(c.meeting), Fraction(c.meeting + c.unknown + s_true + s_open)
    if c.in_scope + c.scope_unknown == 0:
        return NA
    if not c.in_scope:
        return Fraction(0), Fraction(1)
    low = Fraction(c.meeting, c.in_scope + s_false + s_open)
    high = Fraction(c.meeting + c.unknown + s_true + s_open, c.in_scope + s_true + s_open)
    return low, high


# ---- the change -----------------------------------------------------------------------------------

def _diff(cur: Value | str | None, old: Value | str | None) -> Value | None:
    if not isinstance(cur, tuple) or not isinstance(old, tuple):
        return None
    return cur[0] - old[1], cur[1] - old[0]


def _or(a: str, b: str) -> str:
    """Three-valued or of two verdicts (pass = true, fail = false, insufficient data = unknown)."""
    if "pass" in (a, b):
        return "pass"
    return "fail" if a == b == "fail" else "insufficient_data"


def _area(spec: BaselineSpec, area: str, cur: Value | str | None, old: Value | str | None, provided: bool,
          year: int, base_year: int) -> BaselineArea:
    shown = {"current": _show(cur, spec), "previous": _show(old, spec) if provided else None}
    if cur == NA:
        return BaselineArea(region=area, verdict="not_applicable", **shown)
    if cur is None:
        return BaselineArea(region=area, verdict="insufficient_data", **shown,
                            note_zh=f"本期（{year}年）无数据", note_en=f"no figure for {year}")
    if not provided:
        return BaselineArea(region=area, verdict="insufficient_data", **shown,
                            note_zh="未提供上期数据", note_en="no baseline given (--baseline)")
    if old is None or old == NA:
        what_zh = "无数据" if old is None else "没有范围内的单位"
        what_en = "no figure" if old is None else "no unit in scope"
        return BaselineArea(region=area, verdict="insufficient_data", **shown,
                            note_zh=f"上期（{base_year}年）{what_zh}", note_en=f"baseline ({base_year}): {what_en}")
    d = _diff(cur, old)
    assert d is not None and isinstance(cur, tuple)
    v = judge(d[0], d[1], spec.requirement())
    if spec.until is not None:
        v = _or(judge(cur[0], cur[1], spec.until), v)
    return BaselineArea(region=area, verdict=v, change=_show_change(d, spec),  # type: ignore[arg-type]
                        change_en=_show_change(d, spec, "en"), **shown)


def _exact(v: Value | str | None) -> str | None:
    return str(v[0]) if isinstance(v, tuple) and v[0] == v[1] and not isinstance(v[0], float) else None


def _fmt(v: Any, spec: BaselineSpec) -> str:
    return format_quantity(v, spec.unit or "count")


def _show(v: Value | str | None, spec: BaselineSpec) -> str | None:
    if v is None:
        return None
    if v == NA:
        return "—"
    assert isinstance(v, tuple)
    low, high = v
    if low == high:
        return _fmt(low, spec)
    if high == math.inf:
        return "≥" + _fmt(low, spec)
    return f"{_fmt(low, spec)}–{_fmt(high, spec)}"


def _signed(v: Any, spec: BaselineSpec, lang: str) -> str:
    if v in (math.inf, -math.inf):
        return "+∞" if v > 0 else "−∞"
    sign = "+" if v > 0 else "−" if v < 0 else "±"
    return sign + spec.amount(Fraction(v), lang)


def _show_change(d: Value, spec: BaselineSpec, lang: str = "zh") -> str:
    low, high = d
    if low == high:
        return _signed(low, spec, lang)
    return f"{_signed(low, spec, lang)} {'至' if lang == 'zh' else 'to'} {_signed(high, spec, lang)}"


def _sentences(spec: BaselineSpec, rows: list[BaselineArea], head: BaselineArea | None, verdict: str,
               provided: bool, year: int, base_year: int, level_zh: str) -> dict[str, str]:
    need_zh, need_en = spec.describe("zh"), spec.describe("en")
    if head is not None:
        if head.note_zh:
            zh = f"与上期比较（{need_zh}）：{head.note_zh}，无法判断"
            en = f"compared with the previous period ({need_en}): {head.note_en}, so it cannot be judged"
        elif head.verdict == "not_applicable":
            zh = f"与上期比较（{need_zh}）：本期没有范围内的单位"
            en = f"compared with the previous period ({need_en}): nothing in scope"
        else:
            zh = (f"与上期比较（{need_zh}）：{base_year}年 {head.previous} → {year}年 {head.current}，"
                  f"变化 {head.change}")
            en = (f"compared with the previous period ({need_en}): {base_year} {head.previous} → {year} "
                  f"{head.current}, change {head.change_en}")
    else:
        judged = [r for r in rows if r.verdict != "not_applicable"]
        ok = sum(r.verdict == "pass" for r in judged)
        zh = f"与上期比较（{need_zh}）：{ok}/{len(judged)} 个{level_zh}达标"
        en = f"compared with the previous period ({need_en}): {ok} of {len(judged)} areas pass"
        bad = [r for r in judged if r.verdict == "fail"]
        if bad:
            zh += "；未达标：" + "、".join(f"{r.region}（{r.previous} → {r.current}，{r.change}）" for r in bad)
            en += "; failing: " + ", ".join(f"{r.region} ({r.previous} → {r.current}, {r.change_en})" for r in bad)
        gone = [r for r in judged if r.verdict == "insufficient_data"]
        if gone:
            zh += "；无法判断：" + "、".join(f"{r.region}（{r.note_zh or '数据缺失'}）" for r in gone)
            en += "; cannot be judged: " + ", ".join(f"{r.region} ({r.note_en or 'missing data'})" for r in gone)
        if not provided:
            zh += "（未提供上期数据）"
            en += " (no baseline given, --baseline)"
    if base_year >= year:
        zh += f"；上期年份（{base_year}年）不早于本期（{year}年），无法比较"
        en += f"; the baseline year ({base_year}) is not before the year judged ({year})"
    zh += f"：{_VERDICT_ZH[verdict]}"
    en += f": {_VERDICT_EN[verdict]}"
    return {"text_zh": zh, "text_en": en}

