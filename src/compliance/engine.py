"""The engine: runs each rule's measure, picks the target in force, judges, and attaches context.

A measure computes counts or values; this module turns them into findings with the rule id, pack,
region, as-of date, milestone, gap, ledger, breakdown, source and explanations.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from .census import Census
from .dictionary import Dictionary, load_dictionary
from .explain import explain
from .expr import MissingValue, evaluate, render
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
    Report,
    SourceInfo,
    Summary,
    TargetInfo,
)
from .measures.indicators import Reading, latest_readings
from .measures.units import Counts, UnitIndex, measure_units
from .pack import Milestone, Pack, Rule
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
    zh, en = t.describe("zh"), t.describe("en")
    if measure == "exists":
        zh, en = "须为“是”", "must be yes"
    elif measure == "each":
        zh, en = "每个单位均须满足", "every unit must comply"
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
        keys = tuple({k for r in pack.rules for k in r.indicators})
        self.readings = latest_readings(census.indicators, keys, as_of.year)
        self._index: UnitIndex | None = None

    @property
    def index(self) -> UnitIndex:
        """The units by kind and area, built on first use and shared by every unit rule."""
        if self._index is None:
            self._index = UnitIndex(self.census.units)
        return self._index


def check(pack: Pack, census: Census, as_of: dt.date, *, dictionary: Dictionary | None = None,
          progress: Callable[[Rule], None] | None = None) -> Report:
    """Evaluate every rule of ``pack`` against ``census`` at ``as_of``; return a Report."""
    ctx = _Context(pack, census, as_of, dictionary or load_dictionary())
    findings = []
    for rule in pack.rules:
        findings.append(evaluate_rule(rule, ctx))
        if progress:
            progress(rule)
    return _report(pack, census, as_of, findings)


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
    if current is None and verdict != "not_applicable":
        verdict = "not_due"
    pack = ctx.pack
    finding: dict[str, Any] = dict(
        rule_id=rule.id, pack=pack.id, title_zh=rule.title_zh, title_en=rule.title_en, region=pack.region.name,
        as_of=ctx.as_of, verdict=verdict, severity="advisory" if rule.advisory else "binding",
        measure=rule.measure, measure_key=rule.measure_key, at=rule.at,
        target=_target_info(judged) if rule.measure not in ("each", "exists") else None,
        next_target=_target_info(nxt) if current is not None and rule.measure not in ("each", "exists") else None,
        source=SourceInfo(document=pack.title, doc_number=pack.doc_number, clause=rule.source.clause,
                          quote=rule.source.quote, also=list(rule.source.also)),
        conflicts=[ConflictInfo(with_rule=c.with_rule, note_zh=c.note_zh, note_en=c.note_en)
                   for c in rule.conflicts],
        **body,
    )
    if rule.measure in ("each", "exists") and judged is not None and judged.due != dt.date.min:
        finding["target"] = _target_info(judged, rule.measure)
    zh, en = explain(rule, finding, ctx.pack.region, current is None)
    return Finding(**finding, explanation_zh=zh, explanation_en=en)


# ---- each / share / count ---------------------------------------------------------------------

def _unit_rule(rule: Rule, ctx: _Context, target: Target | None) -> dict[str, Any]:
    region = ctx.pack.region
    m = measure_units(rule, ctx.index, region.first_level if rule.at == "region" else rule.at, ctx.types)
    judged_level = rule.at != "region"
    area_names = list(region.units) if rule.at == region.first_level else []
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
                                   not_meeting=c.not_meeting, unknown=c.unknown + c.scope_unknown, gap=gap))
    t = m.total
    verdict, gap_units, measured, value = _judge_counts(rule, t, target)
    if judged_level:
        verdict = worst(area_verdicts) if area_verdicts else "not_applicable"
        gap_units = sum(b.gap or 0 for b in breakdown if b.verdict == "fail") or None
    reasons = {}
    if t.out_kind:
        reasons["kind"] = t.out_kind
    if t.out_where:
        reasons[f"where: {rule.where_text}"] = t.out_where
    ledger = Ledger(rows_total=m.rows_total, in_scope=t.in_scope, out_of_scope=t.out_kind + t.out_where,
                    out_of_scope_reasons=reasons, scope_unknown=t.scope_unknown, meeting=t.meeting,
                    not_meeting=t.not_meeting, unknown=t.unknown)
    evidence = EvidenceTable(rows=m.evidence_rows, columns=list(m.evidence_columns),
                             data=Columns(m.evidence, m.evidence_columns))
    missing = t.unknown + t.scope_unknown
    unit = target.unit if target else ""
    gap = _gap_text(rule, verdict, gap_units, target, t, region, breakdown, judged_level)
    note_zh = note_en = None
    if missing:
        note_zh, note_en = _missing_note(rule, t, target, verdict)
    return {"verdict": verdict, "measured": measured, "measured_value": None if value is None else str(value),
                "unit": unit or ("count" if rule.measure == "count" else None),
                "numerator": t.meeting, "denominator": t.in_scope if rule.measure != "count" else None,
                "gap": gap, "missing": missing, "missing_note_zh": note_zh, "missing_note_en": note_en,
                "evidence": evidence, "ledger": ledger, "breakdown": breakdown}


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
        measured = f"{c.meeting}/{c.in_scope} ✓"
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
    low = Fraction(c.meeting, c.in_scope + s_false + s_open) if c.in_scope else Fraction(0)
    high = Fraction(c.meeting + u + s_true + s_open, c.in_scope + s_true + s_open) if c.in_scope else Fraction(1)
    known = Fraction(c.meeting, c.in_scope) if c.in_scope else None
    v = judge(low, high, target) if c.in_scope else "insufficient_data"
    shown = known if known is not None else low
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


def _gap_text(rule: Rule, verdict: str, units: int | None, target: Target | None, t: Counts, region: Any,
              breakdown: list[Breakdown], per_area: bool) -> Gap | None:
    if verdict not in ("fail", "insufficient_data", "not_due") or not units:
        return None
    what_zh = rule.title_zh
    what_en = rule.title_en
    if per_area:
        areas = [f"{b.region}{b.gap}" for b in breakdown if b.verdict == "fail" and b.gap]
        zh = f"尚缺 {units} 个达标单位：" + "、".join(areas) + f"（{what_zh}）"
        en = f"{units} more compliant units needed: " + ", ".join(areas) + f" ({what_en})"
        return Gap(units=units, text_zh=zh, text_en=en)
    if rule.measure == "each":
        return Gap(units=units, text_zh=f"{units} 个单位须整改：{rule.condition_text}",
                   text_en=f"{units} units must be brought into line: {rule.condition_text}")
    if rule.measure == "count":
        return Gap(units=units, text_zh=f"还需 {units} 个（{what_zh}）达到 {target.describe('zh') if target else ''}",
                   text_en=f"{units} more needed ({what_en}) to reach {target.describe('en') if target else ''}")
    tz = target.describe("zh") if target else ""
    te = target.describe("en") if target else ""
    return Gap(units=units,
               text_zh=f"还需 {units} 个单位满足「{rule.condition_text}」，方可达到 {tz}（现 {t.meeting}/{t.in_scope}）",
               text_en=f"{units} more units must meet '{rule.condition_text}' to reach {te} "
                       f"(now {t.meeting}/{t.in_scope})")


def _missing_note(rule: Rule, t: Counts, target: Target | None, verdict: str) -> tuple[str, str]:
    m = t.unknown + t.scope_unknown
    if verdict == "insufficient_data" and rule.measure == "share" and target is not None:
        n = t.in_scope + t.scope_unknown
        need = target.min_numerator(n)
        if need is not None:
            k = max(0, need - t.meeting)
            return (f"{m} 个单位数据缺失；其中至少 {k} 个须达标才能判定通过",
                    f"{m} units have missing values; at least {k} of them must comply for a pass")
    if verdict == "insufficient_data":
        return (f"{m} 个单位数据缺失，缺失值可改变结论", f"{m} units have missing values that could change the verdict")
    return (f"{m} 个单位数据缺失，但无论取值如何结论不变",
            f"{m} units have missing values, but no value could change the verdict")


# ---- indicator --------------------------------------------------------------------------------

def _reading_info(r: Reading, unit: str) -> IndicatorValue:
    return IndicatorValue(indicator=r.indicator, region=r.region, year=r.year,
                          value=None if r.value is None else str(r.value),
                          display=_display(r.value, unit),
                          numerator=None if r.numerator is None else str(r.numerator),
                          denominator=None if r.denominator is None else str(r.denominator), row=r.row)


def _reading(rule: Rule, ctx: _Context, key: str, area: str) -> Reading | None:
    """The reading a rule may use: latest year ≤ as-of year, or (data_year: as_of) that year only."""
    r = ctx.readings.get((key, area))
    if r is not None and rule.data_year == "as_of" and r.year != ctx.as_of.year:
        return None
    return r


def _indicator_value(rule: Rule, ctx: _Context, area: str) -> tuple[Fraction | None, list[Reading], list[str]]:
    """(value, readings used, missing indicator keys) for one area."""
    if rule.indicator is not None:
        r = _reading(rule, ctx, rule.indicator, area)
        if r is None or r.value is None:
            return None, [r] if r else [], [rule.indicator]
        return r.value, [r], []
    assert rule.formula is not None
    used = [r for k in rule.indicators if (r := _reading(rule, ctx, k, area)) is not None]
    values = {r.indicator: r.value for r in used}
    try:
        num = evaluate(rule.formula[0], values)
        den = evaluate(rule.formula[1], values)
    except MissingValue as exc:
        return None, used, [exc.name]
    if den == 0:
        return None, used, []
    return num / den, used, []


def _indicator_rule(rule: Rule, ctx: _Context, target: Target | None) -> dict[str, Any]:
    region = ctx.pack.region
    unit = _unit_of(rule, target, ctx)
    breakdown = []
    area_verdicts = []
    inputs: list[IndicatorValue] = []
    for area in region.units:
        value, used, missing = _indicator_value(rule, ctx, area)
        v = "insufficient_data" if value is None else (judge(value, value, target) if target else "pass")
        if rule.at != "region":
            area_verdicts.append(v)
            inputs += [_reading_info(r, unit) for r in used]
        breakdown.append(Breakdown(region=area, verdict=v if rule.at != "region" else None,
                                   measured=_display(value, unit),
                                   measured_value=None if value is None else str(value),
                                   year=max((r.year for r in used if r.year), default=None)))
    value, used, missing = _indicator_value(rule, ctx, region.name)
    inputs = [_reading_info(r, unit) for r in used] + inputs
    if rule.at != "region":
        verdict = worst(area_verdicts)
        value = None
    else:
        verdict = "insufficient_data" if value is None else (judge(value, value, target) if target else "pass")
    formula = None
    num = den = None
    if rule.formula is not None:
        formula = f"({render(rule.formula[0])}) / ({render(rule.formula[1])})"
        vals = {r.indicator: r.value for r in used}
        try:
            num, den = str(evaluate(rule.formula[0], vals)), str(evaluate(rule.formula[1], vals))
        except (MissingValue, ZeroDivisionError):
            pass
    elif used and used[0].numerator is not None:
        num, den = str(used[0].numerator), str(used[0].denominator)
    gap = None
    if verdict == "fail" and value is not None and target is not None:
        diff = target.value - value if target.comparator in (">=", ">") else value - target.value
        gap = Gap(units=None, text_zh=f"差 {format_quantity(abs(diff), _pct_unit(unit))} 达到 {target.describe('zh')}",
                  text_en=f"{format_quantity(abs(diff), _pct_unit(unit), 'en')} short of {target.describe('en')}")
    missing_n = 1 if value is None and rule.at == "region" else sum(1 for v in area_verdicts if v == "insufficient_data")
    note = None
    if missing_n:
        keys = ", ".join(missing) if missing else (rule.indicator or "")
        note = (f"缺少 {missing_n} 个地区的指标值（{keys}）", f"indicator values missing for {missing_n} area(s) ({keys})")
    return {"verdict": verdict, "measured": _display(value, unit), "measured_value": None if value is None else str(value),
                "unit": unit, "numerator": num, "denominator": den, "gap": gap, "missing": missing_n,
                "missing_note_zh": note[0] if note else None, "missing_note_en": note[1] if note else None,
                "inputs": inputs, "formula": formula, "breakdown": breakdown}


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

    def one(area: str) -> tuple[str, Reading | None]:
        r = _reading(rule, ctx, rule.fact, area)
        if r is None or r.flag is None:
            return "insufficient_data", r
        return ("pass" if r.flag else "fail"), r

    breakdown, area_verdicts, inputs = [], [], []
    for area in region.units:
        v, r = one(area)
        if rule.at != "region":
            area_verdicts.append(v)
        if r is not None:
            inputs.append(_fact_info(r))
        if rule.at != "region" or r is not None:
            breakdown.append(Breakdown(region=area, verdict=v if rule.at != "region" else None,
                                       measured=_yes_no(r), year=r.year if r else None))
    v, r = one(region.name)
    if r is not None:
        inputs.insert(0, _fact_info(r))
    verdict = worst(area_verdicts) if rule.at != "region" else v
    missing = sum(1 for x in area_verdicts if x == "insufficient_data") if rule.at != "region" else int(r is None or r.flag is None)
    return {"verdict": verdict, "measured": _yes_no(r) if rule.at == "region" else None, "unit": "yes/no",
                "missing": missing,
                "missing_note_zh": f"缺少 {missing} 个地区的「{rule.fact}」记录" if missing else None,
                "missing_note_en": f"no record of '{rule.fact}' for {missing} area(s)" if missing else None,
                "inputs": inputs, "breakdown": breakdown}


def _fact_info(r: Reading) -> IndicatorValue:
    return IndicatorValue(indicator=r.indicator, region=r.region, year=r.year,
                          value=None if r.flag is None else ("true" if r.flag else "false"),
                          display=_yes_no(r), row=r.row)


def _yes_no(r: Reading | None) -> str | None:
    if r is None or r.flag is None:
        return None
    return "是 (yes)" if r.flag else "否 (no)"


# ---- report -----------------------------------------------------------------------------------

def exit_code(findings: list[Finding]) -> int:
    """0: every binding rule passes, is not due or not applicable; 1: a binding rule fails or lacks data."""
    bad = any(f.severity == "binding" and f.verdict in ("fail", "insufficient_data") for f in findings)
    return 1 if bad else 0


def _report(pack: Pack, census: Census, as_of: dt.date, findings: list[Finding]) -> Report:
    by: dict[str, int] = {}
    for f in findings:
        by[f.verdict] = by.get(f.verdict, 0) + 1
    summary = Summary(
        rules=len(findings), by_verdict=by,
        binding_failed=sum(f.severity == "binding" and f.verdict == "fail" for f in findings),
        binding_insufficient=sum(f.severity == "binding" and f.verdict == "insufficient_data" for f in findings),
        advisory_failed=sum(f.severity == "advisory" and f.verdict == "fail" for f in findings),
        exit_code=exit_code(findings))
    excluded = [Excluded(**r) for r in census.excluded.to_dicts()] if census.excluded.height else []
    return Report(pack=pack.id, document=pack.title, doc_number=pack.doc_number, region=pack.region.name,
                  as_of=as_of, findings=findings, summary=summary, rows_read=census.rows_read,
                  excluded=excluded, warnings=[*pack.warnings, *census.warnings], sources=list(census.sources))


__all__ = ["as_of_date", "check", "evaluate_rule", "exit_code"]
