"""Text for `compliance explain` and `compliance packs`."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import PackError
from .pack import Pack, Rule, load_pack
from .wording import attr_name, condition, kinds_text

MEASURE_ZH = {"each": "逐一核查：每个在范围内的单位都须满足条件",
              "share": "比例：满足条件的单位数 / 在范围内的单位数，与目标比较",
              "count": "计数：满足条件的单位数，与目标比较",
              "indicator": "指标：地区统计值（取截至日期所在年份或之前最近一年的数据），与目标比较",
              "exists": "存在性：地区的是/否事实，须为“是”"}
MEASURE_EN = {"each": "each: every in-scope unit must meet the condition",
              "share": "share: units meeting the condition / units in scope, against the target",
              "count": "count: number of in-scope units meeting the condition, against the target",
              "indicator": "indicator: a region statistic (latest year on or before the as-of date) against the target",
              "exists": "exists: a yes/no fact about the region, which must be yes"}


def pack_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file()) if root.is_dir() else []


def find_rule(dirs: list[Path], rule_id: str) -> tuple[Pack, Rule]:
    """The rule ``rule_id`` in one of the pack folders ``dirs`` (the one named by its prefix first)."""
    prefix = rule_id.split(".")[0]
    named = [d for d in dirs if d.name == prefix]
    for d in named or dirs:
        pack = load_pack(d, check_quotes=False)
        for r in pack.rules:
            if r.id == rule_id:
                return pack, r
    raise KeyError(rule_id)


def describe_rule(pack: Pack, rule: Rule, lang: str = "zh") -> str:
    zh = lang == "zh"
    lines = [f"{rule.id}  {rule.title(lang)}",
             f"{'文件' if zh else 'Document'}: {pack.title}" + (f"（{pack.doc_number}）" if pack.doc_number else ""),
             f"{'条款' if zh else 'Clause'}: {rule.source.clause}"
             + (f"（{'另见' if zh else 'also'} {', '.join(rule.source.also)}）" if rule.source.also else ""),
             f"{'原文' if zh else 'Quote'}: 「{rule.source.quote}」",
             f"{'性质' if zh else 'Strength'}: " + (("倡导性（不影响退出码）" if zh else "encouraged (advisory)")
                                                  if rule.advisory else ("约束性" if zh else "binding")),
             f"{'计量' if zh else 'Measure'}: " + (MEASURE_ZH if zh else MEASURE_EN)[rule.measure]]
    if rule.kinds:
        where = f"（{condition(rule.where, lang)}；{rule.where_text}）" if zh and rule.where is not None else \
            (f" where {condition(rule.where, lang)} ({rule.where_text})" if rule.where is not None else "")
        lines.append(f"{'范围' if zh else 'Scope'}: {kinds_text(rule.kinds, lang)}{where}")
    if rule.condition_text:
        lines.append(f"{'条件' if zh else 'Condition'}: {condition(rule.condition, lang)}"
                     + (f"（{rule.condition_text}）" if zh else f" ({rule.condition_text})"))
    if rule.indicator:
        lines.append(f"{'指标' if zh else 'Indicator'}: {attr_name(rule.indicator, lang)}（{rule.indicator}）" if zh else
                     f"Indicator: {attr_name(rule.indicator, lang)} ({rule.indicator})")
    if rule.formula_text:
        lines.append(f"{'公式' if zh else 'Formula'}: ({rule.formula_text[0]}) / ({rule.formula_text[1]})")
    if rule.fact:
        lines.append(f"事实: {attr_name(rule.fact, lang)}（{rule.fact}）" if zh else
                     f"Fact: {attr_name(rule.fact, lang)} ({rule.fact})")
    where = (f"{pack.region.name}整体" if rule.at == "region" else f"每个{pack.region.level_name(rule.at)}") if zh else \
        ("the region as a whole" if rule.at == "region" else f"each {rule.at}")
    lines.append(f"{'判定层级' if zh else 'Judged at'}: {where}")
    if rule.schedule:
        lines.append(f"{'时限与目标' if zh else 'Milestones'}:")
        for m in rule.schedule:
            target = m.target.describe(lang) if rule.measure not in ("each", "exists") else ("须满足" if zh else "must hold")
            lines.append(f"  - {m.label(lang)}: {target}")
    if rule.baseline is not None:
        lines.append(f"{'与上期比较' if zh else 'Compared with the previous period'}: {rule.baseline.describe(lang)}"
                     f"{'（compliance check --baseline）' if zh else ' (compliance check --baseline)'}")
    for c in rule.conflicts:
        lines.append(f"⚠ {'冲突' if zh else 'Conflict'}: {c.with_rule} — {c.note_zh if zh else c.note_en}")
    if rule.notes_zh:
        lines.append(f"{'备注' if zh else 'Notes'}: {rule.notes_zh if zh else rule.notes_en}")
    return "\n".join(lines)


def list_packs(dirs: list[Path], lang: str = "zh") -> tuple[str, bool]:
    zh = lang == "zh"
    lines, ok = [], True
    for d in dirs:
        try:
            p = load_pack(d, check_quotes=False)
        except PackError as exc:
            lines.append(f"{d.name}: {'无法加载' if zh else 'cannot load'} ({len(exc.problems)} problems)")
            ok = False
            continue
        adv = sum(r.advisory for r in p.rules)
        lines.append(f"{p.id:10} {p.title}" + (f"（{p.doc_number}）" if p.doc_number else "")
                     + f"\n{'':10} {p.region.name} · {len(p.rules)} {'条规则' if zh else 'rules'}"
                     + f"（{'约束性' if zh else 'binding'} {len(p.rules) - adv}, {'倡导性' if zh else 'advisory'} {adv}）"
                     + f" · seed {p.seed}")
    if not lines:
        lines.append('没有规则包' if zh else 'no packs')
        ok = False
    return "\n".join(lines), ok
