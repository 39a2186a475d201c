"""Every sentence a report says about a finding, in Chinese and in English, in one place.

The engine computes facts (counts, gaps, bounds, units, periods, precedence); this module words them.
Conditions and evidence speak through the data dictionary, never through attribute keys:

>>> from compliance.expr import parse
>>> condition(parse("has_counseling_room or has_social_work_room"), "zh")
'设立心理咨询室或社会工作室'
>>> condition(parse("psych_teachers * 4000 >= students"), "zh")
'心理专业教师数与在校学生数之比不低于1:4000'
>>> condition(parse("staff >= 100"), "en")
'staff at least 100'
>>> value_text("has_counseling_room", False, "zh"), value_text("staff", 234, "zh")
('心理咨询室：否', '职工人数 234')
>>> points(Fraction(3, 100), "percent", "zh")
'3 个百分点'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from .dictionary import Dictionary, load_dictionary
from .expr.nodes import Arith, Bool, BoolOp, Compare, Name, Neg, Node, Not, Num
from .quantity import _UNIT_TEXT, Target, format_quantity

VERDICT_ZH = {"pass": "达标", "fail": "未达标", "not_applicable": "不适用", "insufficient_data": "数据不足",
              "not_due": "未到期"}
VERDICT_EN = {"pass": "pass", "fail": "fail", "not_applicable": "not applicable",
              "insufficient_data": "insufficient data", "not_due": "not yet due"}
SEVERITY_ZH = {"binding": "约束性", "advisory": "倡导性", "superseded": "已被取代（仅供参考）"}
SEVERITY_EN = {"binding": "binding", "advisory": "advisory", "superseded": "superseded (for reference)"}
STATUS_ZH = {"not_meeting": "不符合", "unknown": "数据缺失", "scope_unknown": "是否在范围内待定"}
STATUS_EN = {"not_meeting": "does not comply", "unknown": "missing data", "scope_unknown": "scope undecided"}


def verdict_label(v: str, lang: str) -> str:
    return VERDICT_ZH[v] if lang == "zh" else VERDICT_EN[v]


def severity_label(s: str, lang: str) -> str:
    return SEVERITY_ZH[s] if lang == "zh" else SEVERITY_EN[s]


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 unit``, ``2 units`` (English only)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


# ---- dictionary names ---------------------------------------------------------------------------------

# verbs a yes/no attribute's Chinese name starts with after 是否 (是否设立心理咨询室 → 设立 + 心理咨询室)
_VERBS = ("设立", "建立", "成立", "开设", "配备", "设置", "建成", "建设", "组建", "开办", "开展", "提供", "制定",
          "培育", "接入", "推广", "设专兼职", "设")


def _d(d: Dictionary | None) -> Dictionary:
    return d or load_dictionary()


def attr_name(key: str, lang: str, d: Dictionary | None = None) -> str:
    """The dictionary's name of an attribute or indicator (职工人数 / staff); the key if unknown."""
    dd = _d(d)
    e = dd.attributes.get(key) or dd.indicators.get(key) or dd.columns.get(key) or dd.regions.get(key)
    return e.label(lang) if e else key


def predicate(key: str, lang: str, d: Dictionary | None = None) -> str:
    """A yes/no attribute as a predicate: 是否设立心理咨询室 → 设立心理咨询室 (en: has a counseling room)."""
    name = attr_name(key, lang, d)
    if lang != "zh":
        return name
    return name[2:] if name.startswith("是否") else name.replace("是否", "")


def noun(key: str, lang: str, d: Dictionary | None = None) -> str:
    """A yes/no attribute as the thing it asks about: 是否设立心理咨询室 → 心理咨询室 (for 「心理咨询室：否」)."""
    p = predicate(key, lang, d)
    if lang != "zh":
        return p
    for v in _VERBS:
        if p.startswith(v) and len(p) > len(v) + 1:
            return p[len(v):]
    return p


def kinds_text(kinds: Sequence[str], lang: str, d: Dictionary | None = None) -> str:
    dd = _d(d)
    names = [dd.kinds[k].label(lang) if k in dd.kinds else k for k in kinds]
    return "、".join(names) if lang == "zh" else ", ".join(names)


def yes_no(flag: bool | None, lang: str) -> str:
    if flag is None:
        return "未填" if lang == "zh" else "not filled in"
    return ("是" if flag else "否") if lang == "zh" else ("yes" if flag else "no")


def value_text(key: str, value: Any, lang: str, d: Dictionary | None = None) -> str:
    """One evidence value: 「心理咨询室：否」, 「职工人数 234」, 「职工人数：未填」."""
    dd = _d(d)
    e = dd.attributes.get(key)
    if key.startswith("shortfall_"):
        base = attr_name(key[len("shortfall_"):], lang, d)
        return f"{base}尚缺 {_num(value)}" if lang == "zh" else f"{_num(value)} more needed ({base})"
    if e is not None and e.type == "bool":
        flag = None if value is None else value in (True, "true", 1)
        return f"{noun(key, lang, d)}：{yes_no(flag, lang)}" if lang == "zh" else \
            f"{noun(key, lang, d)}: {yes_no(flag, lang)}"
    name = attr_name(key, lang, d)
    if value is None:
        return f"{name}：未填" if lang == "zh" else f"{name}: not filled in"
    if e is not None and e.type == "rate":
        return f"{name} {format_quantity(Fraction(str(value)), 'percent')}"
    return f"{name} {_num(value)}"


def _num(value: Any) -> str:
    if isinstance(value, str) and "/" in value:
        f = Fraction(value)
        return format_quantity(f, "")
    return str(value)


# ---- conditions ---------------------------------------------------------------------------------------

_OP_ZH = {">=": "不少于", ">": "多于", "<=": "不超过", "<": "少于", "==": "等于", "!=": "不等于"}
_OP_EN = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than", "==": "equal to",
          "!=": "other than"}
_ARITH = {"*": "×", "+": "+", "-": "−", "/": "÷"}


def condition(node: Node | None, lang: str, d: Dictionary | None = None) -> str:
    """An expression in words, through the dictionary (no attribute keys, no Python booleans)."""
    if node is None:
        return ""
    dd = _d(d)
    zh = lang == "zh"

    def is_bool(n: Node) -> bool:
        return isinstance(n, Name) and dd.name_type(n.name) == "bool"

    def go(n: Node, top: bool = False) -> str:
        if isinstance(n, Num):
            return n.text
        if isinstance(n, Bool):
            return yes_no(n.value, lang)
        if isinstance(n, Name):
            return predicate(n.name, lang, dd) if is_bool(n) else attr_name(n.name, lang, dd)
        if isinstance(n, Not):
            if is_bool(n.operand):
                p = predicate(n.operand.name, lang, dd)  # type: ignore[union-attr]
                return ("未" + p) if zh else f"not ({p})"
            return (f"不满足（{go(n.operand, True)}）" if zh else f"not ({go(n.operand, True)})")
        if isinstance(n, Neg):
            return f"−{go(n.operand)}"
        if isinstance(n, BoolOp):
            parts = [go(o) for o in n.operands]
            if zh and all(is_bool(o) for o in n.operands):
                parts = _merge_verbs(parts)
            and_zh = "并" if all(is_bool(o) for o in n.operands) else "且"
            sep = ("或" if n.op == "or" else and_zh) if zh else (" or " if n.op == "or" else " and ")
            text = sep.join(parts)
            return text if top else (f"（{text}）" if zh else f"({text})")
        if isinstance(n, Compare):
            if is_bool(n.left) and isinstance(n.right, Bool) and n.op in ("==", "!="):
                positive = n.right.value == (n.op == "==")
                return go(n.left) if positive else go(Not(n.left))
            ratio = _ratio(n)
            if ratio is not None:
                a, k, b = ratio
                if zh:
                    return f"{attr_name(a, lang, dd)}与{attr_name(b, lang, dd)}之比不低于1:{k}"
                return f"{attr_name(a, lang, dd)} to {attr_name(b, lang, dd)} at least 1:{k}"
            op = (_OP_ZH if zh else _OP_EN)[n.op]
            return f"{go(n.left)}{op}{go(n.right)}" if zh else f"{go(n.left)} {op} {go(n.right)}"
        if isinstance(n, Arith):
            return f"{go(n.left)} {_ARITH[n.op]} {go(n.right)}"
        raise TypeError(n)

    return go(node, True)


def _ratio(n: Compare) -> tuple[str, str, str] | None:
    """``a * k >= b`` (a ratio of at least 1:k) as (a, k, b)."""
    if n.op != ">=" or not isinstance(n.right, Name) or not isinstance(n.left, Arith) or n.left.op != "*":
        return None
    left, right = n.left.left, n.left.right
    if isinstance(left, Name) and isinstance(right, Num):
        return left.name, right.text, n.right.name
    if isinstance(right, Name) and isinstance(left, Num):
        return right.name, left.text, n.right.name
    return None


def _verb(p: str) -> str | None:
    return max((v for v in _VERBS if p.startswith(v) and len(p) > len(v)), key=len, default=None)


def _merge_verbs(parts: list[str]) -> list[str]:
    """设立心理咨询室、设立社会工作室 → 设立心理咨询室、社会工作室 (one verb for the whole list, only when
    every part has the very same verb: 设立心理辅导室 and 设专兼职… keep theirs)."""
    verbs = {_verb(p) for p in parts}
    if len(verbs) == 1 and None not in verbs:
        v = verbs.pop()
        assert v is not None
        return [parts[0]] + [p[len(v):] for p in parts[1:]]
    return parts


# ---- quantities -------------------------------------------------------------------------------------------

def points(diff: Fraction, unit: str, lang: str) -> str:
    """A difference of rates in percentage points (个百分点 / percentage points); others in their unit."""
    diff = abs(diff)
    if unit in ("percent", "fraction"):
        v = format_quantity(diff, "percent").rstrip("%")
        return f"{v} 个百分点" if lang == "zh" else f"{v} percentage points"
    if unit == "permille":
        v = format_quantity(diff, "permille").rstrip("‰")
        return f"{v} 个千分点" if lang == "zh" else f"{v} per-mille points"
    return format_quantity(diff, unit, lang)


def target_text(target: Target, measure: str, lang: str) -> str:
    if measure == "exists":
        return "须为“是”" if lang == "zh" else "must be yes"
    if measure == "each":
        return "每个单位均须符合" if lang == "zh" else "every unit must comply"
    return target.describe(lang)


# ---- gaps and missing data (facts from the engine, words here) -------------------------------------------------

def unit_gap(measure: str, units: int, target: Target | None, cond: str, cond_en: str, kinds: str, kinds_en: str,
             meeting: int, in_scope: int, areas: Sequence[tuple[str, int]], level_zh: str, level_en: str
             ) -> tuple[str, str]:
    """How many units must change for a unit rule to pass (per area when judged per area)."""
    tz = target.describe("zh") if target else ""
    te = target.describe("en") if target else ""
    if areas:
        zh = f"尚缺 {units} 个达标单位（{kinds}）：" + "、".join(f"{a} {n} 个" for a, n in areas)
        en = f"{plural(units, 'more compliant unit')} needed ({kinds_en}): " + \
            ", ".join(f"{a} {n}" for a, n in areas)
        return zh, en
    if measure == "each":
        return f"{units} 个单位须整改（{cond}）", f"{plural(units, 'unit')} must be brought into line ({cond_en})"
    if measure == "count":
        what = f"{cond}的{kinds}" if cond else kinds
        what_en = f"{kinds_en}: {cond_en}" if cond_en else kinds_en
        return f"还需 {units} 个{what}，才能达到 {tz}", f"{units} more needed ({what_en}) to reach {te}"
    return (f"还需 {units} 个{kinds}{cond}，才能达到 {tz}（现为 {in_scope} 个中 {meeting} 个）",
            f"{plural(units, 'more unit')} must {_must(cond_en)} to reach {te} (now {meeting} of {in_scope})")


def _must(cond_en: str) -> str:
    """'has a counseling room' → 'meet “has a counseling room”' (keeps English grammatical for any name)."""
    return f"meet “{cond_en}”"


def failing_periods(labels_zh: Sequence[str], labels_en: Sequence[str]) -> tuple[str, str]:
    """The periods of a recurring fact recorded as 否 (those that make it fail)."""
    return "记录为“否”的期间：" + "、".join(labels_zh), "periods recorded as no: " + ", ".join(labels_en)


def indicator_gap(diff: Fraction, unit: str, target: Target, exact: bool, over: bool = False) -> tuple[str, str]:
    """How far a statistic is from its target: below it (差 …才能达到) or above it (超出 …)."""
    pre_zh, pre_en = ("" if exact else "至少", "" if exact else "at least ")
    if over:
        return (f"{pre_zh}超出 {points(diff, unit, 'zh')}，须降至 {target.describe('zh')}",
                f"{pre_en}{points(diff, unit, 'en')} above {target.describe('en')}")
    return (f"{pre_zh}差 {points(diff, unit, 'zh')}才能达到 {target.describe('zh')}",
            f"{pre_en}{points(diff, unit, 'en')} short of {target.describe('en')}")


def unit_missing_note(verdict: str, missing: int, need: int | None, named_missing: Sequence[str],
                      year: int | None, high: str | None) -> tuple[str, str]:
    """What the missing values of a unit rule mean for the verdict (they are listed first)."""
    if verdict == "insufficient_data" and need is not None:
        zh = f"{missing} 个单位数据缺失（列在最前）；其中至少 {need} 个须达标才能判定通过"
        en = f"{plural(missing, 'unit')} with missing values (listed first); at least {need} of them must comply " \
             f"for a pass"
    elif verdict == "insufficient_data":
        zh = f"{missing} 个单位数据缺失（列在最前），缺失值可改变结论"
        en = f"{plural(missing, 'unit')} with missing values (listed first) could change the verdict"
    else:
        zh = f"{missing} 个单位数据缺失，但无论取值如何结论不变"
        en = f"{plural(missing, 'unit')} with missing values, but no value could change the verdict"
    if high is not None and verdict == "insufficient_data":
        zh += f"；若缺失单位全部达标，可达 {high}"
        en += f"; if they all comply it reaches {high}"
    if named_missing:
        zh += "；普查表中未见指定单位：" + "、".join(named_missing)
        en += "; named units not in the census: " + ", ".join(named_missing)
    if year is not None:
        zh += f"；须为{year}年度的数据（统计年度），其他年度的数据不作数"
        en += f"; the figures must be for {year} (data year); other years' figures do not count"
    return zh, en


def indicator_missing_note(where_zh: Sequence[str], where_en: Sequence[str], keys: Sequence[str], shown: str | None,
                           d: Dictionary | None = None) -> tuple[str, str]:
    names_zh = "、".join(attr_name(k, "zh", d) for k in keys)
    names_en = ", ".join(attr_name(k, "en", d) for k in keys)
    if where_zh:
        return (f"缺少 {len(where_zh)} 项指标值：" + "、".join(where_zh) + f"（{names_zh}）",
                f"indicator values missing for {len(where_en)}: " + ", ".join(where_en) + f" ({names_en})")
    return (f"缺少指标「{names_zh}」，按其可能取值（不小于 0）推算为 {shown}，结论不受影响",
            (f"missing input ({names_en}); for any non-negative value the figure is {shown}, which decides "
             f"the verdict"))


def fact_missing_note(fact: str, where_zh: Sequence[str], where_en: Sequence[str],
                      d: Dictionary | None = None) -> tuple[str, str]:
    return (f"缺少「{attr_name(fact, 'zh', d)}」的记录：" + "、".join(where_zh),
            f"no record of '{attr_name(fact, 'en', d)}' for: " + ", ".join(where_en))


def period_place(area: str, period_label: str | None, lang: str = "zh") -> str:
    if not period_label:
        return area
    return f"{area}（{period_label}）" if lang == "zh" else f"{area} ({period_label})"


# ---- measured values as a reader sees them -------------------------------------------------------------------

def measured_text(f: Any, lang: str) -> str:
    """The measured value of a finding (or ``""``): per-area rules as 「7/8 个县区达标」, yes/no in the
    language, an undecided share as the bound it is (「至少 78.43%」)."""
    m = f.measured
    if getattr(f, "areas_judged", None):
        level = (f.level_zh or "") if lang == "zh" else _level_en(f.at)
        return (f"{f.areas_pass}/{f.areas_judged} 个{level}达标" if lang == "zh"
                else f"{f.areas_pass} of {f.areas_judged} {level} pass")
    if m is None:
        return ""
    if f.measure == "exists":
        return yes_no(m == "是", lang) if m in ("是", "否") else m
    if f.measure == "each" and f.denominator is not None:
        n, k = f.denominator, f.numerator
        return f"{n} 个中 {k} 个符合" if lang == "zh" else f"{k} of {n} comply"
    bound = getattr(f, "measured_bound", None)
    if bound == "at_least":
        return ("至少 " if lang == "zh" else "at least ") + m
    if bound == "at_most":
        return ("至多 " if lang == "zh" else "at most ") + m
    return _range_words(m, lang)


def _units_in(m: str, lang: str) -> str:
    """A displayed quantity in the language: the engine's displays carry Chinese unit words (186 人次)."""
    if lang == "zh":
        return m
    for zh, en in _UNIT_TEXT.values():
        m = m.replace(zh, en)
    return m


def _range_words(m: str, lang: str) -> str:
    m = _units_in(m, lang)
    if m.startswith("≥"):
        return ("至少 " if lang == "zh" else "at least ") + m[1:]
    if m.startswith("≤"):
        return ("至多 " if lang == "zh" else "at most ") + m[1:]
    return m


def _level_en(at: str) -> str:
    return {"county": "counties", "town": "townships/streets", "village": "villages/communities"}.get(at, at)


def breakdown_measured(b: Any, measure: str, lang: str) -> str:
    m = b.measured or ""
    if measure == "exists" and m in ("是", "否"):
        return yes_no(m == "是", lang)
    return _range_words(m, lang)


def target_line(f: Any, lang: str) -> str:
    t = f.target
    if t is None:
        return ""
    return f"{t.text_zh}（{t.milestone_zh}）" if lang == "zh" else f"{t.text_en} ({t.milestone_en})"


# ---- evidence ----------------------------------------------------------------------------------------------

_PLACE = ("county", "town", "village")
_SKIP = {"status", "row", "id", "name", "kind", *_PLACE}


def evidence_values(row: Mapping[str, Any], columns: Sequence[str], lang: str, d: Dictionary | None = None) -> str:
    """The values of one unit the rule read, missing ones first: 「职工人数：未填；心理咨询室：否」."""
    cols = [c for c in columns if c not in _SKIP]
    order = [c for c in cols if row.get(c) is None and not c.startswith("shortfall_")] + \
            [c for c in cols if row.get(c) is not None]
    parts = [value_text(c, row.get(c), lang, d) for c in order]
    return ("，" if lang == "zh" else "; ").join(parts)


def evidence_line(row: Mapping[str, Any], columns: Sequence[str], lang: str, d: Dictionary | None = None) -> str:
    """One unit of a finding's evidence as a sentence fragment an official can act on."""
    dd = _d(d)
    place = "/".join(str(row[c]) for c in _PLACE if row.get(c))
    status = (STATUS_ZH if lang == "zh" else STATUS_EN)[row["status"]]
    kind = dd.kinds[row["kind"]].label(lang) if row.get("kind") in dd.kinds else (row.get("kind") or "")
    name = row.get("name") or row.get("id") or ""
    vals = evidence_values(row, columns, lang, dd)
    if lang == "zh":
        return f"【{status}】{name}（{kind}，{place}，编码 {row.get('id')}，第{row.get('row')}行）：{vals}"
    return f"[{status}] {name} ({kind}, {place}, id {row.get('id')}, row {row.get('row')}): {vals}"


def evidence_rows(f: Any, limit: int | None = None) -> list[dict[str, Any]]:
    """The evidence of a finding as dicts; for insufficient data the units with missing values come first
    (they are what must be filled in), otherwise the non-compliant ones."""
    ev = f.evidence
    if ev is None or ev.rows == 0:
        return []
    import polars as pl

    frame = ev.data.frame
    first = ["unknown", "scope_unknown", "not_meeting"] if f.verdict == "insufficient_data" else \
        ["not_meeting", "unknown", "scope_unknown"]
    rank = pl.col("status").cast(pl.String).replace_strict(first, list(range(3)), default=3)
    frame = frame.with_row_index("_i").sort([rank, pl.col("_i")]).drop("_i")
    if limit is not None:
        frame = frame.head(limit)
    data = ev.data.__class__(frame)   # JSON-ready values (exact decimals as text)
    return [{c: data[c][i] for c in ev.columns} for i in range(frame.height)]


# ---- the explanation ---------------------------------------------------------------------------------------

def _where(region: str, level: str | None, title: str, lang: str) -> str:
    """芜湖市 / 芜湖市各县区 — without doubling a level the title already names (各县区成立…)."""
    if lang != "zh":
        return region
    if level is None or level in title or title.startswith("各"):
        # 泗水县 + 县人民医院… would read 泗水县县人民医院: quote a title that starts like the region's name
        return f"{region}“" if title.startswith((region, region[-1:])) else region
    return f"{region}各{level}"


def explain(facts: Mapping[str, Any], lang: str) -> str:
    """One paragraph explaining a finding, built from the facts the engine gives (see engine.evaluate_rule).

    ``facts``: verdict, measure, title, region, level (for per-area rules), kinds, cond, where, measured
    (display), bound, target (text with milestone), numerator, denominator, ledger counts, gap text, missing
    note, not_due, first milestone, period, period_rule, advisory, superseded (other rule's title, clause,
    reason), clause, areas (pass count, judged count, failing [(area, shown)], no data [area]).
    """
    zh = lang == "zh"
    v = facts["verdict"]
    title, region = facts["title"], facts["region"]
    level = facts.get("level")
    raw_title = title
    where = _where(region, level, title, lang)
    if where.endswith("“"):
        title += "”"
    tgt = facts.get("target") or ""
    measure = facts["measure"]
    areas = facts.get("areas")
    measured = facts.get("measured")
    if measure == "share" and measured:
        measured = re.sub(r" \(\d+/\d+\)$", "", measured)   # the counts are said in words
    bound = facts.get("bound")
    if bound and measured:
        measured = ("至少 " if zh else "at least ") + measured if bound == "at_least" else \
            ("至多 " if zh else "at most ") + measured
    elif measured:
        measured = _range_words(measured, lang)
    kinds, cond, scope_where = facts.get("kinds") or "", facts.get("cond") or "", facts.get("where") or ""
    scope = f"{kinds}（{scope_where}）" if zh and scope_where else (f"{kinds}, where {scope_where}" if scope_where
                                                                  else kinds)
    if areas is not None:
        ok, n, failing, nodata = areas
        lvl = level or ""
        if zh:
            s = f"{where}{title}：{ok}/{n} 个{lvl}达标"
            s += f"，目标 {tgt}" if tgt and measure not in ("exists", "each") else ""
            if failing:
                s += "；未达标：" + "、".join(f"{a}（{m}）" if m else a for a, m in failing)
            if nodata:
                s += "；无数据：" + "、".join(nodata)
        else:
            s = f"{title} ({region}): {ok} of {n} {_level_en(facts.get('at', ''))} pass"
            s += f"; target {tgt}" if tgt and measure not in ("exists", "each") else ""
            if failing:
                s += "; failing: " + ", ".join(f"{a} ({m})" if m else a for a, m in failing)
            if nodata:
                s += "; no data: " + ", ".join(nodata)
    elif measure in ("each", "share") and not facts.get("denominator") and v == "not_applicable":
        s = f"{where}{title}：普查表中没有在范围内的{scope}" if zh else f"{title} ({region}): no {scope} in scope"
    elif measure == "each":
        n, bad = facts.get("denominator") or 0, facts.get("not_meeting") or 0
        if zh:
            s = f"{where}{title}：{n} 个{scope}中有 {bad} 个不符合“{cond}”" if bad else \
                f"{where}{title}：{n} 个{scope}{'均' if n > 1 else ''}符合“{cond}”"
        else:
            s = f"{title} ({region}): {bad} of {n} in scope ({scope}) do not meet “{cond}”" if bad else \
                f"{title} ({region}): all {n} in scope ({scope}) meet “{cond}”"
    elif measure == "share":
        k, n = facts.get("numerator"), facts.get("denominator")
        share = (measured or "").replace("至少 ", "").replace("至多 ", "")
        lead = {"at_least": "占比至少", "at_most": "占比至多"}.get(bound or "", "占")
        if zh:
            s = f"{where}{title}：{n} 个{scope}中 {k} 个{cond}，{lead} {share}" if measured else \
                f"{where}{title}：无在范围内的单位"
            s += f"，目标 {tgt}" if tgt else ""
        else:
            s = f"{title} ({region}): {k} of {n} in scope ({scope}) meet “{cond}”, {measured}" if measured else \
                f"{title} ({region}): nothing in scope"
            s += f"; target {tgt}" if tgt else ""
    elif measure == "count":
        k = facts.get("numerator")
        if zh:
            s = f"{where}{title}：{cond}的{scope}共 {k} 个" if cond else f"{where}{title}：{scope}共 {k} 个"
            s += f"，目标 {tgt}" if tgt else ""
        else:
            s = f"{title} ({region}): {k} in scope ({scope}{'; ' + cond if cond else ''})"
            s += f"; target {tgt}" if tgt else ""
    elif measure == "indicator":
        shown = measured or ("无数据" if zh else "no data")
        year = facts.get("data_year")
        yz = f"（{year}年数据）" if year and zh else (f" ({year} figure)" if year else "")
        if year and facts.get("as_of_year") and year < facts["as_of_year"]:    # stale: said, never silent
            yz = f"（采用{year}年数据，无{facts['as_of_year']}年数据）" if zh else \
                f" ({year} figure; none for {facts['as_of_year']})"
        s = f"{where}{title}：{shown}{yz}" + (f"，目标 {tgt}" if tgt else "") if zh else \
            f"{title} ({region}): {shown}{yz}" + (f"; target {tgt}" if tgt else "")
    else:
        if measured:
            s = f"{where.rstrip('“')}“{raw_title}”：记录为“{measured}”" if zh else f"{title} ({region}): recorded as {measured}"
        else:
            s = f"{where.rstrip('“')}“{raw_title}”：无记录" if zh else f"{title} ({region}): no record"
    gap = facts.get("gap")
    if gap and v in ("fail", "not_due") and measure != "each":
        s += ("；" if zh else "; ") + gap
    if facts.get("missing_note") and v in ("insufficient_data", "pass", "fail") and facts.get("missing"):
        s += ("；" if zh else "; ") + facts["missing_note"]
    if facts.get("not_due") and facts.get("first_milestone"):
        s += f"；首个时限（{facts['first_milestone']}）未到" if zh else \
            f"; the first milestone ({facts['first_milestone']}) is not yet due"
    if facts.get("period"):
        s = f"【{facts['period_rule']}，核查期间 {facts['period']}】{s}" if zh else \
            f"[{facts['period_rule']}, period judged {facts['period']}] {s}"
    adv = facts.get("advisory") and not facts.get("superseded")
    clause = facts["clause"]
    if zh:
        s += f"。结论：{VERDICT_ZH[v]}{'（倡导性，不计入不达标）' if adv else ''}（{clause}）。"
    else:
        s = s[0].upper() + s[1:] if s else s
        s += f". Verdict: {VERDICT_EN[v]}{' (advisory)' if adv else ''} ({clause})."
    sup = facts.get("superseded")
    if sup is not None:
        other, other_clause, reason = sup
        if zh:
            s += (f"本条与“{other}”（{other_clause}）相抵触，以后者为准，本条结论仅供参考、不计入是否达标："
                  f"{reason}。" if reason else f"本条与“{other}”（{other_clause}）相抵触，以后者为准。")
        else:
            s += f" This rule conflicts with “{other}” ({other_clause}), which is operative; this verdict is for " \
                 f"reference only" + (f": {reason}." if reason else ".")
    return re.sub(r"。。", "。", s)


__all__ = ["VERDICT_EN", "VERDICT_ZH", "attr_name", "breakdown_measured", "condition", "evidence_line",
           "evidence_rows", "evidence_values", "explain", "indicator_gap", "kinds_text", "measured_text", "noun",
           "plural", "points", "predicate", "severity_label", "target_text", "unit_gap", "value_text",
           "verdict_label", "yes_no"]


def conflict_text(c: Any, titles: Mapping[str, tuple[str, str, str]], this_id: str, lang: str) -> str:
    """A conflict the document has with another rule, by that rule's title and clause, with which of the
    two binds and why. ``titles``: rule id → (title zh, title en, clause)."""
    zh = lang == "zh"
    other = titles.get(c.with_rule)
    name = (f"“{other[0]}”（{other[2]}）" if zh else f"“{other[1]}” ({other[2]})") if other else c.with_rule
    text = f"与{name}不一致：{c.note_zh}" if zh else f"differs from {name}: {c.note_en}"
    if c.operative:
        if c.operative == "both":
            which = "两条同时适用" if zh else "both bind"
        elif c.operative == this_id:
            which = "以本条为准" if zh else "this rule is operative"
        else:
            which = "以对方为准" if zh else "the other rule is operative"
        reason = c.reason_zh if zh else c.reason_en
        text += f"。{which}" + (f"：{reason}" if reason else "") if zh else f". {which[0].upper()}{which[1:]}" + \
            (f": {reason}" if reason else "")
    return text


def rule_titles(findings: Sequence[Any]) -> dict[str, tuple[str, str, str]]:
    return {f.rule_id: (f.title_zh, f.title_en, f.source.clause) for f in findings}
