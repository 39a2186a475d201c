"""The engine: runs each rule's measure, picks the target in force, judges, and attaches context.

A measure computes counts or values; this module turns them into findings with the rule id, pack,
region, as-of date, milestone, gap, ledger, breakdown, source and explanations.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import polars as pl

from . import wording
from .census import Census
from .dictionary import Dictionary, load_dictionary
from .expr import MissingValue, bounds, evaluate, ratio_bounds, render
from .findings import (
    Breakdown,
    Columns,
    ConflictInfo,
    EvidenceTable,
    Excluded,
    Finding,
    Gap,
    IndicatorValue,
    Ledger,
    Provenance,
    Report,
    ReportWarning,
    SourceInfo,
    Summary,
    TargetInfo,
    YearValue,
    as_warning,
)
from .measures.indicators import Reading, latest_readings, period_readings
from .measures.units import Counts, UnitIndex, measure_units
from .pack import Milestone, Pack, Rule
from .periods import Period
from .quantity import Target, format_quantity
from .verdicts import judge, worst


def as_of_date(as_of: dt.date | str | None = None, year: int | None = None) -> dt.date:
    """``--as-of 2020-12-31`` or ``--year 2020`` (= 2020-12-31)."""
    from .errors import UsageError

    if year is not None:
        if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 9999:
            raise UsageError(f"年份应为 1–9999 的整数 (the year must be a whole number 1–9999, not {year!r})")
        return dt.date(year, 12, 31)
    if isinstance(as_of, str):
        try:
            return dt.date.fromisoformat(as_of.strip())
        except ValueError:
            raise UsageError(f"截至日期「{as_of}」不是有效日期，应为 YYYY-MM-DD "
                             f"(as-of date {as_of!r} is not a valid date: expected YYYY-MM-DD)") from None
    if as_of is None:
        raise UsageError("请给出截至日期或年份 (an as-of date or a year is required)")
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if not isinstance(as_of, dt.date):
        raise UsageError(f"截至日期应为日期或 YYYY-MM-DD 文本 (as_of must be a date or YYYY-MM-DD text, "
                         f"not {type(as_of).__name__})")
    return as_of


def _target_info(m: Milestone | None, measure: str = "") -> TargetInfo | None:
    if m is None:
        return None
    t = m.target
    zh, en = wording.target_text(t, measure, "zh"), wording.target_text(t, measure, "en")
    return TargetInfo(text_zh=zh, text_en=en, comparator=t.comparator,
                      value=str(t.value), high=None if t.high is None else str(t.high),
                      milestone_zh=m.label("zh"), milestone_en=m.label("en"),
                      due=None if m.due == dt.date.min else m.due)


def _display(v: Fraction | None, unit: str) -> str | None:
    return None if v is None else format_quantity(v, unit if unit not in ("fraction",) else "percent")


class _Context:
    def __init__(self, pack: Pack, census: Census, as_of: dt.date, d: Dictionary):
        self.pack, self.census, self.as_of, self.d = pack, census, as_of, d
        self.types = {k: e.type for k, e in d.attributes.items()}
        keys = tuple(sorted({k for r in pack.rules if r.period is None for k in r.indicators}))
        self.readings = latest_readings(census.indicators, keys, as_of.year)
        periodic = [r for r in pack.rules if r.period is not None]
        self.history_years = _history_years(census.indicators, as_of)
        yearly = [r for r in pack.rules if r.period is None and r.measure == "indicator" and r.at == "region"]
        self.period_readings = period_readings(
            census.indicators, sorted({k for r in periodic + yearly for k in r.indicators}),
            sorted({p.key for r in periodic for p in _window(r, as_of)} | {str(y) for y in self.history_years}))
        self._index: UnitIndex | None = None
        self.baseline: Census | None = None     # the previous period's census (rules with `baseline:`)

    @property
    def index(self) -> UnitIndex:
        """The units by kind and area, built on first use and shared by every unit rule."""
        if self._index is None:
            self._index = UnitIndex(self.census.units, self.pack.region.levels)
        return self._index


def check(pack: Pack, census: Census, as_of: dt.date, *, dictionary: Dictionary | None = None,
          progress: Callable[[Rule], None] | None = None, generated_at: dt.datetime | None = None,
          baseline: Census | None = None) -> Report:
    """Evaluate every rule of ``pack`` against ``census`` at ``as_of``; return a Report (its provenance
    carries ``generated_at`` as the run time, or none). ``baseline``: the previous period's census, for
    rules with ``baseline:`` (see :mod:`compliance.baseline`)."""
    ctx = _Context(pack, census, as_of, dictionary or load_dictionary())
    ctx.baseline = baseline
    findings = []
    for rule in pack.rules:
        findings.append(evaluate_rule(rule, ctx))
        if progress:
            progress(rule)
    return _report(pack, census, as_of, findings, generated_at)


def evaluate_rule(rule: Rule, ctx: _Context) -> Finding:
    current, nxt = rule.in_force(ctx.as_of)
    judged = current or nxt   # with nothing due yet, measure progress toward the first milestone
    if rule.measure in ("each", "share", "count"):
        body = _unit_rule(rule, ctx, judged.target if judged else None)
    elif rule.measure == "indicator":
        body = _indicator_rule(rule, ctx, judged.target if judged else None)
    else:
        body = _exists_rule(rule, ctx)
    verdict = body.pop("verdict")
    if rule.baseline is not None:       # a year-over-year duty: the change decides too (never for the better)
        from .baseline.compare import compare

        verdict, body["baseline"] = compare(rule, ctx, verdict)
    if current is None and verdict != "not_applicable":
        verdict = "not_due"
    pack = ctx.pack
    sup = rule.superseded_by
    severity = "superseded" if sup is not None else "advisory" if rule.advisory else "binding"
    if rule.period is not None:
        body["period"] = _periods_label(_periods(rule, ctx))
    finding: dict[str, Any] = dict(
        rule_id=rule.id, pack=pack.id, title_zh=rule.title_zh, title_en=rule.title_en, region=pack.region.name,
        as_of=ctx.as_of, verdict=verdict, severity=severity, superseded_by=sup.with_rule if sup else None,
        measure=rule.measure, measure_key=rule.measure_key, at=rule.at,
        target=_target_info(judged) if rule.measure not in ("each", "exists") else None,
        next_target=_target_info(nxt) if current is not None and rule.measure not in ("each", "exists") else None,
        schedule=[t for m in rule.schedule if m.due != dt.date.min and (t := _target_info(m, rule.measure)) is not None]
        if rule.measure in ("share", "count", "indicator") else [],
        source=SourceInfo(document=pack.title, doc_number=pack.doc_number, clause=rule.source.clause,
                          quote=rule.source.quote, also=list(rule.source.also)),
        conflicts=[ConflictInfo(with_rule=c.with_rule, note_zh=c.note_zh, note_en=c.note_en,
                                operative=c.operative, reason_zh=c.reason_zh, reason_en=c.reason_en)
                   for c in rule.conflicts],
        **body,
    )
    if rule.measure in ("each", "exists") and judged is not None and judged.due != dt.date.min:
        finding["target"] = _target_info(judged, rule.measure)
    if rule.at != "region":
        judged_rows = [b for b in finding["breakdown"] if b.verdict]
        finding["areas_pass"] = sum(b.verdict == "pass" for b in judged_rows)
        finding["areas_judged"] = len(judged_rows)
        finding["level_zh"] = pack.region.level_name(rule.at)
    zh, en = (wording.explain(_facts(rule, finding, ctx, current is None, lang), lang) for lang in ("zh", "en"))
    if finding.get("baseline") is not None:     # the year-over-year comparison, in its own sentence
        b = finding["baseline"]
        zh, en = f"{zh}{b.text_zh}。", f"{en} {b.text_en[:1].upper()}{b.text_en[1:]}."
    return Finding(**finding, explanation_zh=zh, explanation_en=en)


def _facts(rule: Rule, f: dict[str, Any], ctx: _Context, not_due: bool, lang: str) -> dict[str, Any]:
    """What the wording of a finding needs, in one language (see :func:`wording.explain`)."""
    zh = lang == "zh"
    t: TargetInfo | None = f.get("target")
    led: Ledger | None = f.get("ledger")
    gap: Gap | None = f.get("gap")
    sup = rule.superseded_by
    other = next((r for r in ctx.pack.rules if sup is not None and r.id == sup.with_rule), None)
    areas = None
    if rule.at != "region":
        rows = [b for b in f["breakdown"] if b.verdict]
        failing = [(b.region, wording.breakdown_measured(b, rule.measure, lang)) for b in rows if b.verdict == "fail"]
        nodata = [b.region for b in rows if b.verdict == "insufficient_data"]
        areas = (f["areas_pass"], f["areas_judged"], failing, nodata)
    measured = f.get("measured")
    if rule.measure == "exists" and measured in ("是", "否"):
        measured = wording.yes_no(measured == "是", lang)
    return {
        "verdict": f["verdict"], "measure": rule.measure, "title": rule.title(lang), "region": ctx.pack.region.name,
        "level": ctx.pack.region.level_name(rule.at) if rule.at != "region" else None, "at": rule.at,
        "kinds": wording.kinds_text(rule.kinds, lang, ctx.d), "cond": wording.condition(rule.condition, lang, ctx.d),
        "where": wording.condition(rule.where, lang, ctx.d) if rule.where is not None else
        ("、" if zh else ", ").join(n.name for n in rule.names),
        "measured": measured, "bound": f.get("measured_bound"),
        "target": (f"{t.text_zh}（{t.milestone_zh}）" if zh else f"{t.text_en} ({t.milestone_en})") if t else None,
        "numerator": f.get("numerator"), "denominator": f.get("denominator"),
        "not_meeting": led.not_meeting if led else None, "unknown": (led.unknown + led.scope_unknown) if led else None,
        "gap": (gap.text_zh if zh else gap.text_en) if gap else None,
        "missing": f.get("missing"), "missing_note": f.get("missing_note_zh" if zh else "missing_note_en"),
        "not_due": not_due, "first_milestone": (t.milestone_zh if zh else t.milestone_en) if t else None,
        "period": f.get("period"), "period_rule": rule.period.describe(lang) if rule.period is not None else None,
        "advisory": rule.advisory, "clause": rule.source.clause, "data_year": f.get("data_year"),
        "as_of_year": ctx.as_of.year,
        "superseded": None if sup is None else (other.title(lang) if other else sup.with_rule,
                                                other.source.clause if other else "",
                                                sup.reason_zh if zh else sup.reason_en),
        "areas": areas,
    }


# ---- each / share / count ---------------------------------------------------------------------

def _unit_rule(rule: Rule, ctx: _Context, target: Target | None) -> dict[str, Any]:
    region = ctx.pack.region
    year = _periods(rule, ctx)[-1].year if rule.period is not None else None
    m = measure_units(rule, ctx.index, region.first_level if rule.at == "region" else rule.at, ctx.types,
                      data_year=year)
    named_missing = _named_missing(rule, ctx)
    if named_missing:   # a named unit absent from the census is an in-scope unit of unknown compliance
        m = dataclasses.replace(m, total=dataclasses.replace(m.total, unknown=m.total.unknown + len(named_missing)))
    judged_level = rule.at != "region"
    area_names = list(region.units) if rule.at in ("region", region.first_level) else []   # the pack's order
    area_names += [a for a in sorted(m.areas) if a not in area_names]
    breakdown = []
    area_verdicts = []
    for name in area_names:
        c = m.areas.get(name, Counts(name))
        v, gap, measured, value = _judge_counts(rule, c, target)
        judged = judged_level and name != region.name   # units of the region itself (本级) are in no area
        if judged:
            area_verdicts.append(v)
        breakdown.append(Breakdown(region=name, verdict=v if judged else None, measured=measured,
                                   measured_value=None if value is None else str(value),
                                   numerator=c.meeting, denominator=c.in_scope, meeting=c.meeting,
                                   not_meeting=c.not_meeting, unknown=c.unknown + c.scope_unknown,
                                   # a count judged region-wide has no per-area target to fall short of
                                   gap=None if rule.measure == "count" and not judged else gap))
    t = m.total
    verdict, gap_units, measured, value = _judge_counts(rule, t, target)
    if judged_level:
        verdict = worst(area_verdicts) if area_verdicts else "not_applicable"
        gap_units = sum(b.gap or 0 for b in breakdown if b.verdict == "fail") or None
    reasons = {}
    if t.out_kind:
        reasons["kind"] = t.out_kind
    if t.out_where:
        label = f"where: {rule.where_text}" if rule.where_text else ""
        if rule.names:
            label = (label + "; " if label else "") + "names: " + "、".join(n.name for n in rule.names)
        reasons[label] = t.out_where
    ledger = Ledger(rows_total=m.rows_total, in_scope=t.in_scope, out_of_scope=t.out_kind + t.out_where,
                    out_of_scope_reasons=reasons, scope_unknown=t.scope_unknown, meeting=t.meeting,
                    not_meeting=t.not_meeting, unknown=t.unknown)
    evidence = EvidenceTable(rows=m.evidence_rows, columns=list(m.evidence_columns),
                             data=Columns(m.evidence, m.evidence_columns))
    missing = t.unknown + t.scope_unknown
    unit = target.unit if target else ""
    gap_info = _gap(rule, verdict, gap_units, target, t, ctx, breakdown, judged_level)
    note_zh = note_en = None
    bound = None
    if rule.measure == "share" and verdict == "insufficient_data" and not judged_level and t.in_scope:
        bound = "at_least"
    if missing:
        high = None
        if bound is not None:
            high = format_quantity(_share_range(t)[1], _pct(target))
        note_zh, note_en = wording.unit_missing_note(verdict, missing, _need(rule, t, target, verdict),
                                                     named_missing, year, high)
    return {"verdict": verdict, "measured": measured, "measured_value": None if value is None else str(value),
            "measured_bound": bound,
                "unit": unit or ("count" if rule.measure == "count" else None),
                "numerator": t.meeting, "denominator": t.in_scope if rule.measure != "count" else None,
                "gap": gap_info, "missing": missing, "missing_note_zh": note_zh, "missing_note_en": note_en,
                "evidence": evidence, "ledger": ledger, "breakdown": breakdown, "named_missing": named_missing}


def _history_years(indicators: pl.DataFrame, as_of: dt.date) -> list[int]:
    """The years whose figures a progress chart shows: from the indicators table's first year (at most
    ten years back) to the as-of year."""
    first = indicators.get_column("year").min() if indicators.height and "year" in indicators.columns else None
    first = first if isinstance(first, int) else as_of.year
    return list(range(max(first, as_of.year - 10), as_of.year + 1))


def _history(rule: Rule, ctx: _Context, unit: str) -> list[YearValue]:
    """The region's figure of each year (a region-wide indicator rule without a period), for charts."""
    out = []
    for y in ctx.history_years:
        value, _, _ = _indicator_value(rule, ctx, ctx.pack.region.name, Period(y))
        if value is not None:
            exact = _exact(value)
            out.append(YearValue(year=y, measured=_value_display(value, unit),
                                 measured_value=None if exact is None else str(exact)))
    return out


def _window(rule: Rule, as_of: dt.date) -> list[Period]:
    """The periods a periodic rule is judged on: those the as-of date closed, from its first due date."""
    assert rule.period is not None
    return rule.period.window(as_of, rule.first_due)


def _periods(rule: Rule, ctx: _Context) -> list[Period]:
    return _window(rule, ctx.as_of)


def _periods_label(periods: list[Period]) -> str:
    return periods[0].key if len(periods) == 1 else f"{periods[0].key}…{periods[-1].key}"


def _named_missing(rule: Rule, ctx: _Context) -> list[str]:
    """The named units of the rule's scope that no unit of its kinds in the census is called."""
    if not rule.names:
        return []
    spellings = [s for n in rule.names for s in n.spellings]
    units = ctx.census.units
    present = set(units.filter(pl.col("kind").is_in(list(rule.kinds))
                               & pl.col("name").str.replace_all(r"\s+", "").is_in(spellings))
                  .get_column("name").str.replace_all(r"\s+", "").unique().to_list())
    return [n.name for n in rule.names if not present.intersection(n.spellings)]


def _judge_counts(rule: Rule, c: Counts, target: Target | None) -> tuple[str, int | None, str | None, Any]:
    """(verdict, gap in units, measured display, exact measured value) for one area's counts.

    Units whose scope is unknown may be in or out of scope: those whose condition is known true can only
    raise a share or a count, those known false only lower it, the undecided ones either way.
    """
    s, u = c.scope_unknown, c.unknown
    s_true, s_false = c.scope_unknown_meeting, c.scope_unknown_not_meeting
    s_open = s - s_true - s_false
    if rule.measure == "each":
        if c.in_scope + s == 0:
            return "not_applicable", None, "0/0", None
        measured = f"{c.meeting}/{c.in_scope}"
        if c.not_meeting:
            return "fail", c.not_meeting, measured, None
        undecided = u + s_false + s_open if c.in_scope else u + s
        return ("insufficient_data" if undecided else "pass"), None, measured, None
    if rule.measure == "count":
        k = c.meeting
        if target is None:
            return "pass", None, str(k), k
        v = judge(Fraction(k), Fraction(k + u + s_true + s_open), target)
        need = target.min_numerator(1)
        gap = max(0, math.ceil(target.value) - k) if target.comparator in (">=", "between", "=") else None
        if target.comparator == ">":
            gap = max(0, math.floor(target.value) + 1 - k)
        if need is not None and v == "pass":
            gap = 0
        return v, gap, str(k), k
    # share
    n = c.in_scope + s
    if n == 0:
        return "not_applicable", None, "0/0", None
    if target is None:
        return "pass", None, None, None
    low, high = _share_range(c)
    known = Fraction(c.meeting, c.in_scope) if c.in_scope else None
    v = judge(low, high, target) if c.in_scope else "insufficient_data"
    # undecided: the lowest value the missing data could give (reported as 「至少 …」)
    shown = known if known is not None and v != "insufficient_data" else low
    measured = f"{format_quantity(shown, _pct(target))} ({c.meeting}/{c.in_scope})"
    gap = None
    k_needed = target.min_numerator(c.in_scope) if c.in_scope else None
    if k_needed is not None and v != "pass":
        gap = max(0, k_needed - c.meeting)
    return v, gap, measured, shown


def _pct(target: Target | None) -> str:
    if target is None or target.unit in ("fraction", "", "count"):
        return "percent"
    return target.unit


def _gap(rule: Rule, verdict: str, units: int | None, target: Target | None, t: Counts, ctx: _Context,
         breakdown: list[Breakdown], per_area: bool) -> Gap | None:
    if verdict not in ("fail", "insufficient_data", "not_due") or not units:
        return None
    areas = [(b.region, b.gap) for b in breakdown if b.verdict == "fail" and b.gap] if per_area else []
    level = ctx.pack.region.level_name(rule.at) if per_area else ""
    zh, en = wording.unit_gap(rule.measure, units, target, wording.condition(rule.condition, "zh", ctx.d),
                              wording.condition(rule.condition, "en", ctx.d), wording.kinds_text(rule.kinds, "zh", ctx.d),
                              wording.kinds_text(rule.kinds, "en", ctx.d), t.meeting, t.in_scope, areas, level, rule.at)
    return Gap(units=units, text_zh=zh, text_en=en)


def _share_range(c: Counts) -> tuple[Fraction, Fraction]:
    """The lowest and highest share the missing values could give (see :func:`_judge_counts`)."""
    s_true, s_false = c.scope_unknown_meeting, c.scope_unknown_not_meeting
    s_open = c.scope_unknown - s_true - s_false
    if not c.in_scope:
        return Fraction(0), Fraction(1)
    return (Fraction(c.meeting, c.in_scope + s_false + s_open),
            Fraction(c.meeting + c.unknown + s_true + s_open, c.in_scope + s_true + s_open))


def _need(rule: Rule, t: Counts, target: Target | None, verdict: str) -> int | None:
    """How many of the units with missing values must comply for a share to pass (None: not a share)."""
    if verdict == "insufficient_data" and rule.measure == "share" and target is not None:
        need = target.min_numerator(t.in_scope + t.scope_unknown)
        if need is not None:
            return max(0, need - t.meeting)
    return None


# ---- indicator --------------------------------------------------------------------------------

def _reading_info(r: Reading, unit: str, ctx: _Context | None = None) -> IndicatorValue:
    """An input as read, shown in the indicator's own unit (4800 patients, not 4800000‰)."""
    if ctx is not None and r.indicator in ctx.d.indicators:
        e = ctx.d.indicators[r.indicator]
        unit = "percent" if e.type == "rate" else (e.unit or "count")
    return IndicatorValue(indicator=r.indicator, region=r.region, year=r.year,
                          value=None if r.value is None else str(r.value),
                          display=_display(r.value, unit),
                          numerator=None if r.numerator is None else str(r.numerator),
                          denominator=None if r.denominator is None else str(r.denominator), row=r.row,
                          period=r.period, unit=unit)


def _reading(rule: Rule, ctx: _Context, key: str, area: str, period: Period | None = None) -> Reading | None:
    """The reading a rule may use: for a periodic rule that period's row only; otherwise the whole-year
    row of the latest year ≤ the as-of year."""
    if period is not None:
        return ctx.period_readings.get((key, area, period.key))
    return ctx.readings.get((key, area))


Value = tuple[Any, Any]    # (low, high): equal when known; Fractions, or ±inf for an unbounded end


def _indicator_value(rule: Rule, ctx: _Context, area: str, period: Period | None
                     ) -> tuple[Value | None, list[Reading], list[str]]:
    """((low, high) or None, readings used, missing indicator keys) for one area.

    A formula with a missing input is bounded by letting the input take any non-negative value, so that
    a verdict no such value could change is still given (3000 patients / (1,000,000 hukou + ½ × unknown)
    is at most 3‰, which fails ≥ 4‰ whatever the non-hukou population is).
    """
    if rule.indicator is not None:
        r = _reading(rule, ctx, rule.indicator, area, period)
        if r is None or r.value is None:
            return None, [r] if r else [], [rule.indicator]
        return (r.value, r.value), [r], []
    assert rule.formula is not None
    used = [r for k in rule.indicators if (r := _reading(rule, ctx, k, area, period)) is not None]
    values = {r.indicator: r.value for r in used}
    missing = [k for k in rule.indicators if values.get(k) is None]
    if not missing:
        num = evaluate(rule.formula[0], values)
        den = evaluate(rule.formula[1], values)
        return (None if den == 0 else (num / den, num / den)), used, []
    low, high = ratio_bounds(bounds(rule.formula[0], values), bounds(rule.formula[1], values))
    if low == -math.inf and high == math.inf:
        return None, used, missing
    return (low, high), used, missing


def _judge_value(value: Value | None, target: Target | None) -> str:
    if value is None:
        return "insufficient_data"
    return judge(value[0], value[1], target) if target else ("pass" if value[0] == value[1] else "insufficient_data")


def _value_display(value: Value | None, unit: str) -> str | None:
    if value is None:
        return None
    low, high = value
    if low == high:
        return _display(low, unit)
    if high == math.inf:
        return "≥" + (_display(low, unit) or "")
    if low == 0:
        return "≤" + (_display(high, unit) or "")
    return f"{_display(low, unit)}–{_display(high, unit)}"


def _exact(value: Value | None) -> Fraction | None:
    return value[0] if value is not None and value[0] == value[1] else None


def _indicator_rule(rule: Rule, ctx: _Context, target: Target | None) -> dict[str, Any]:
    region = ctx.pack.region
    unit = _unit_of(rule, target, ctx)
    periods: list[Period | None] = list(_periods(rule, ctx)) if rule.period is not None else [None]
    breakdown = []
    area_verdicts = []
    region_verdicts = []
    inputs: list[IndicatorValue] = []
    region_inputs: list[IndicatorValue] = []
    missing_keys: list[str] = []
    missing_where: list[tuple[str, Period | None]] = []
    value: Value | None = None
    used: list[Reading] = []
    for p in periods:
        label = p.key if p is not None else None
        for area in region.units:
            v_area, used_a, miss_a = _indicator_value(rule, ctx, area, p)
            v = _judge_value(v_area, target)
            if rule.at != "region":
                area_verdicts.append(v)
                inputs += [_reading_info(r, unit, ctx) for r in used_a]
                if v == "insufficient_data":
                    missing_where.append((area, p))
                    missing_keys += miss_a
            num_a, den_a = _num_den(rule, used_a)
            breakdown.append(Breakdown(region=area, verdict=v if rule.at != "region" else None,
                                       measured=_value_display(v_area, unit),
                                       measured_value=None if _exact(v_area) is None else str(_exact(v_area)),
                                       numerator=num_a, denominator=den_a, period=label,
                                       year=max((r.year for r in used_a if r.year), default=None)))
        value, used, miss = _indicator_value(rule, ctx, region.name, p)
        region_inputs += [_reading_info(r, unit, ctx) for r in used]
        rv = _judge_value(value, target)
        region_verdicts.append(rv)
        if rule.at == "region" and rv == "insufficient_data":
            missing_where.append((region.name, p))
            missing_keys += miss
    inputs = region_inputs + inputs
    if rule.at != "region":
        verdict = worst(area_verdicts)
        value = None
    else:
        verdict = worst(region_verdicts)
    formula = None
    num, den = _num_den(rule, used)
    if rule.formula is not None:
        formula = f"({render(rule.formula[0])}) / ({render(rule.formula[1])})"
    gap = None
    exact = _exact(value)
    if verdict == "fail" and value is not None and target is not None:
        diff = _distance(value, target)
        if diff is not None and diff != 0:
            zh, en = wording.indicator_gap(abs(diff), _pct_unit(unit), target, exact is not None, over=diff < 0)
            gap = Gap(units=None, text_zh=zh, text_en=en)
    missing_n = len(missing_where)
    note = None
    if missing_n or (value is not None and exact is None):
        keys = list(dict.fromkeys(missing_keys)) or ([rule.indicator] if rule.indicator else [])
        note = wording.indicator_missing_note([wording.period_place(a, p.label("zh") if p else None) for a, p in missing_where],
                                              [wording.period_place(a, p.label("en") if p else None, "en") for a, p in missing_where],
                                              keys, _value_display(value, unit), ctx.d)
    data_year = max((r.year for r in used if r.year), default=None) if rule.period is None else None
    return {"verdict": verdict, "measured": _value_display(value, unit),
            "measured_value": None if exact is None else str(exact),
            "unit": unit, "numerator": num, "denominator": den, "gap": gap, "missing": missing_n,
            "missing_note_zh": note[0] if note else None, "missing_note_en": note[1] if note else None,
            "inputs": inputs, "formula": formula, "breakdown": breakdown, "data_year": data_year,
            "history": _history(rule, ctx, unit) if rule.at == "region" and rule.period is None else []}


def _distance(value: Value, target: Target) -> Any:
    """How far the value (the end of its range nearest the target) is below the target (positive) or above
    it (negative); None when unbounded or within it."""
    low, high = value
    c = target.comparator
    if c in (">=", ">"):
        return None if high == math.inf else target.value - high
    if c in ("<=", "<"):
        return target.value - low
    top = target.high if c == "between" and target.high is not None else target.value   # = or between
    if high < target.value:
        return None if high == math.inf else target.value - high
    if low > top:
        return top - low
    return None


def _num_den(rule: Rule, used: list[Reading]) -> tuple[str | None, str | None]:
    """Numerator and denominator of a value read (a formula's, or a row given as 分子/分母)."""
    if rule.formula is not None:
        vals = {r.indicator: r.value for r in used}
        try:
            return str(evaluate(rule.formula[0], vals)), str(evaluate(rule.formula[1], vals))
        except (MissingValue, ZeroDivisionError):
            return None, None
    if used and used[0].numerator is not None:
        return str(used[0].numerator), str(used[0].denominator)
    return None, None


def _pct_unit(unit: str) -> str:
    return "percent" if unit in ("fraction",) else unit


def _unit_of(rule: Rule, target: Target | None, ctx: _Context) -> str:
    if target is not None and target.unit not in ("", "fraction"):
        return target.unit
    if rule.indicator and ctx.d.indicators[rule.indicator].type == "rate":
        return "percent"
    if rule.indicator and ctx.d.indicators[rule.indicator].unit:
        return ctx.d.indicators[rule.indicator].unit or "count"
    return "percent" if rule.formula is not None else "count"


# ---- exists -----------------------------------------------------------------------------------

def _exists_rule(rule: Rule, ctx: _Context) -> dict[str, Any]:
    region = ctx.pack.region
    assert rule.fact is not None
    fact = rule.fact
    periods: list[Period | None] = list(_periods(rule, ctx)) if rule.period is not None else [None]

    def one(area: str, p: Period | None) -> tuple[str, Reading | None]:
        r = _reading(rule, ctx, fact, area, p)
        if r is None or r.flag is None:
            return "insufficient_data", r
        return ("pass" if r.flag else "fail"), r

    breakdown, area_verdicts, inputs, region_verdicts = [], [], [], []
    missing_where: list[tuple[str, Period | None]] = []
    r = None
    region_readings: list[tuple[str, Reading | None, Period | None]] = []
    for p in periods:
        for area in region.units:
            v, ra = one(area, p)
            if rule.at != "region":
                area_verdicts.append(v)
                if v == "insufficient_data":
                    missing_where.append((area, p))
            if ra is not None:
                inputs.append(_fact_info(ra))
            if rule.at != "region" or ra is not None:
                breakdown.append(Breakdown(region=area, verdict=v if rule.at != "region" else None,
                                           measured=_yes_no(ra), year=ra.year if ra else None,
                                           period=p.key if p is not None else None))
        v, r = one(region.name, p)
        region_verdicts.append(v)
        region_readings.append((v, r, p))
        if rule.at == "region" and v == "insufficient_data":
            missing_where.append((region.name, p))
        if r is not None:
            inputs.insert(0, _fact_info(r))
    verdict = worst(area_verdicts) if rule.at != "region" else worst(region_verdicts)
    gap = None
    if rule.at == "region" and len(region_readings) > 1:
        # several periods: the measured value is the deciding period's, and the failing periods are named
        r = next((rr for v, rr, _ in region_readings if v == verdict), r)
        failing = [p for v, _, p in region_readings if v == "fail" and p is not None]
        if failing:
            zh, en = wording.failing_periods([p.label("zh") for p in failing], [p.label("en") for p in failing])
            gap = Gap(text_zh=zh, text_en=en)
    missing = len(missing_where)
    note = wording.fact_missing_note(fact, [wording.period_place(a, p.label("zh") if p else None) for a, p in missing_where],
                                     [wording.period_place(a, p.label("en") if p else None, "en") for a, p in missing_where], ctx.d)
    return {"verdict": verdict, "measured": _yes_no(r) if rule.at == "region" else None, "unit": "yes/no",
            "measured_value": None if rule.at != "region" or r is None or r.flag is None else
            ("true" if r.flag else "false"),
            "missing": missing, "gap": gap,
            "missing_note_zh": note[0] if missing else None,
            "missing_note_en": note[1] if missing else None,
            "inputs": inputs, "breakdown": breakdown,
            "data_year": r.year if r is not None and rule.period is None else None}


def _fact_info(r: Reading) -> IndicatorValue:
    return IndicatorValue(indicator=r.indicator, region=r.region, year=r.year,
                          value=None if r.flag is None else ("true" if r.flag else "false"),
                          display=_yes_no(r), row=r.row)


def _yes_no(r: Reading | None) -> str | None:
    if r is None or r.flag is None:
        return None
    return "是" if r.flag else "否"   # the census's own words; wording.yes_no gives them in English


# ---- report -----------------------------------------------------------------------------------

def exit_code(findings: list[Finding]) -> int:
    """0: every binding rule passes, is not due or not applicable; 1: a binding rule fails or lacks data."""
    bad = any(f.severity == "binding" and f.verdict in ("fail", "insufficient_data") for f in findings)
    return 1 if bad else 0


def _report(pack: Pack, census: Census, as_of: dt.date, findings: list[Finding],
            generated_at: dt.datetime | None = None) -> Report:
    warnings = _warnings(pack, census, as_of)
    by: dict[str, int] = {}
    for f in findings:
        by[f.verdict] = by.get(f.verdict, 0) + 1
    summary = Summary(
        rules=len(findings), by_verdict=by, superseded=sum(f.severity == "superseded" for f in findings),
        binding_failed=sum(f.severity == "binding" and f.verdict == "fail" for f in findings),
        binding_insufficient=sum(f.severity == "binding" and f.verdict == "insufficient_data" for f in findings),
        advisory_failed=sum(f.severity == "advisory" and f.verdict == "fail" for f in findings),
        exit_code=exit_code(findings), warnings=len(warnings),
        warnings_by_code={c: sum(w.code == c for w in warnings) for c in sorted({w.code for w in warnings})})
    excluded = [Excluded(**r) for r in census.excluded.to_dicts()] if census.excluded.height else []
    return Report(pack=pack.id, document=pack.title, doc_number=pack.doc_number, region=pack.region.name,
                  area_level_zh=pack.region.level_names_zh[0] if pack.region.level_names_zh else None,
                  areas=list(pack.region.units),
                  as_of=as_of, findings=findings, summary=summary, rows_read=census.rows_read,
                  excluded=excluded, warnings=warnings, sources=list(census.sources),
                  provenance=_provenance(pack, census, as_of, generated_at))


def _provenance(pack: Pack, census: Census, as_of: dt.date, generated_at: dt.datetime | None) -> Provenance:
    from .provenance import build

    def rows(role: str) -> int:
        frame = census.units if role == "units" else census.indicators
        return frame.height + census.excluded.filter(pl.col("table") == role).height

    return build(pack.id, pack.path, [(role, path, rows(role)) for role, path in census.files], as_of,
                 generated_at)


def _warnings(pack: Pack, census: Census, as_of: dt.date) -> list[ReportWarning]:
    """The pack's notices, the census reader's, then completeness and consistency (never verdicts)."""
    from .completeness import census_warnings

    return [*(as_warning(w, "W020") for w in pack.warnings), *(as_warning(w) for w in census.warnings),
            *census_warnings(pack, census, as_of)]


__all__ = ["as_of_date", "check", "evaluate_rule", "exit_code"]
