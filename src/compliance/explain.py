"""One sentence of explanation per finding, in Chinese and in English, built only from its figures."""

from __future__ import annotations

from typing import Any

from .pack import Rule
from .regions import RegionSpec

VERDICT_ZH = {"pass": "达标", "fail": "未达标", "not_applicable": "不适用", "insufficient_data": "数据不足",
              "not_due": "未到期"}
VERDICT_EN = {"pass": "pass", "fail": "fail", "not_applicable": "not applicable",
              "insufficient_data": "insufficient data", "not_due": "not yet due"}


def explain(rule: Rule, f: dict[str, Any], region: RegionSpec, not_due: bool) -> tuple[str, str]:
    v = f["verdict"]
    t = f.get("target")
    clause = rule.source.clause
    where_zh = region.name if rule.at == "region" else f"{region.name}各{region.level_name(rule.at)}"
    where_en = region.name if rule.at == "region" else f"each {rule.at} of {region.name}"
    tz = f"目标 {t.text_zh}（{t.milestone_zh}）" if t else ""
    te = f"target {t.text_en} ({t.milestone_en})" if t else ""
    led = f.get("ledger")
    measured = f.get("measured")
    if rule.measure == "each":
        n = led.in_scope if led else 0
        bad = led.not_meeting if led else 0
        zh = f"{where_zh}{n} 个在范围内单位中有 {bad} 个不满足「{rule.condition_text}」"
        en = f"in {where_en}, {bad} of {n} in-scope units do not meet '{rule.condition_text}'"
    elif rule.measure in ("share", "count"):
        zh = f"{where_zh}{rule.title_zh}为 {measured}，{tz}"
        en = f"{rule.title_en} in {where_en} is {measured}; {te}"
    elif rule.measure == "indicator" and rule.at != "region":
        zh, en = _areas_sentence(rule, f, where_zh, where_en, tz, te)
    elif rule.measure == "indicator":
        zh = f"{where_zh}{rule.title_zh}为 {measured or '（无数据）'}，{tz}"
        en = f"{rule.title_en} in {where_en} is {measured or '(no data)'}; {te}"
    elif rule.at != "region":
        zh, en = _areas_sentence(rule, f, where_zh, where_en, tz, te)
    else:
        zh = f"{where_zh}「{rule.title_zh}」记录为 {measured or '（无记录）'}"
        en = f"'{rule.title_en}' in {where_en} is recorded as {_en_yes(measured)}"
    year, as_of = f.get("data_year"), f.get("as_of")
    if year is not None and rule.period is None:     # the year of the figure read, said when it is stale
        if as_of is not None and year < as_of.year:
            zh += f"（采用 {year} 年数据，无 {as_of.year} 年数据）"
            en += f" (figure of {year}; none for {as_of.year})"
        else:
            zh += f"（{year} 年数据）"
            en += f" ({year} figure)"
    gap = f.get("gap")
    if gap is not None and v in ("fail", "not_due"):
        zh += f"；{gap.text_zh}"
        en += f"; {gap.text_en}"
    if f.get("missing_note_zh") and v == "insufficient_data":
        zh += f"；{f['missing_note_zh']}"
        en += f"; {f['missing_note_en']}"
    if not_due and t is not None:
        zh += f"；首个时限 {t.milestone_zh} 未到"
        en += f"; the first milestone ({t.milestone_en}) is not yet due"
    if f.get("period") and rule.period is not None:
        zh = f"【{rule.period.describe('zh')}，核查期间 {f['period']}】{zh}"
        en = f"[{rule.period.describe('en')}, period judged {f['period']}] {en}"
    advisory = rule.advisory
    sup = rule.superseded_by
    zh = f"{zh}。结论：{VERDICT_ZH[v]}{'（倡导性，不计入不达标）' if advisory and not sup else ''}（{clause}）。"
    en = f"{en[0].upper()}{en[1:]}. Verdict: {VERDICT_EN[v]}{' (advisory)' if advisory and not sup else ''} ({clause})."
    if sup is not None:
        zh += f"本条与 {sup.with_rule} 相抵触，以后者为准，本条结论仅供参考、不计入是否达标：{sup.reason_zh}"
        en += f" This rule conflicts with {sup.with_rule}, which is operative; this verdict is for reference only: " \
              f"{sup.reason_en}"
    return zh, en


def _en_yes(measured: str | None) -> str:
    return {"是 (yes)": "yes", "否 (no)": "no"}.get(measured or "", "(no record)")


def _areas_sentence(rule: Rule, f: dict[str, Any], where_zh: str, where_en: str, tz: str, te: str
                    ) -> tuple[str, str]:
    """For rules judged per area: how many areas pass, and which fail or lack data."""
    rows = [b for b in f.get("breakdown", []) if b.verdict]
    ok = sum(b.verdict == "pass" for b in rows)
    bad = [f"{b.region}（{b.measured or '无数据'}）" for b in rows if b.verdict == "fail"]
    bad_en = [f"{b.region} ({b.measured or 'no data'})" for b in rows if b.verdict == "fail"]
    gone = [b.region for b in rows if b.verdict == "insufficient_data"]
    zh = f"{where_zh}{rule.title_zh}：{ok}/{len(rows)} 达标{('，' + tz) if tz else ''}"
    en = f"{rule.title_en}: {ok} of {len(rows)} areas pass{('; ' + te) if te else ''}"
    if bad:
        zh += "；未达标：" + "、".join(bad)
        en += "; failing: " + ", ".join(bad_en)
    if gone:
        zh += "；无数据：" + "、".join(gone)
        en += "; no data: " + ", ".join(gone)
    return zh, en
