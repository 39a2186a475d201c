"""Side-by-side comparison of packs (`compliance compare`): the same measure in each document.

Rules are lined up by their dictionary-level ``measure_key`` (never by matching titles): one row per
key, in the order of the dictionary ``measures:`` section (the core dictionary first), one column per
pack. A cell lists every rule of that pack with the key: the target in force at its last milestone,
the milestone ladder, strength, clause and rule id. A pack without the key shows "—".
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from .dictionary import DICTIONARY_DIR, Dictionary, load_dictionary
from .pack import Pack, Rule
from .render.escape import md_inline
from .trace import MilestoneOut, document_order, milestones, requirement, strength_label, target_summary
from .yamlsource import LocatedDict, YamlSyntaxError, load_yaml

# measures an auditor looks for first; shown whenever a pack uses them, and named when none does
FOCUS = ("village_counseling_room_rate", "school_counseling_room_rate", "university_teacher_ratio",
         "general_hospital_clinic_rate", "awareness_urban", "awareness_rural", "awareness_students",
         "smd_standardized_management_rate", "smd_reimbursement_poor", "smd_reimbursement_other",
         "smd_community_rehab_rate", "town_rehab_facility_rate")

MISSING = "—"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CompareRule(_Frozen):
    id: str
    title_zh: str
    title_en: str
    clause: str
    quote: str
    measure: str
    checks: str | None          # condition, indicator, formula or fact, as written in the pack
    strength: str               # binding | encouraged
    advisory: bool
    target: str                 # in force at the last milestone: ≥80%, 全部须满足 (each), 须为“是” (exists)
    due: str                    # label of the last milestone: 2021年底 / 2023-10-31前 / 长期
    ladder: str                 # every milestone: 2019 ≥60% · 2020 ≥70% · 2021 ≥80%
    milestones: list[MilestoneOut]
    conflicts_with: list[str]


class Cell(_Frozen):
    pack: str
    rules: list[CompareRule]    # empty: the pack has no rule with this measure key


class Row(_Frozen):
    measure_key: str
    name_zh: str
    name_en: str
    focus: bool
    cells: list[Cell]           # one per pack, in the order of `packs`


class PackInfo(_Frozen):
    id: str
    title: str
    doc_number: str | None
    region: str
    rules: int
    with_measure_key: int
    keys: int                   # distinct measure keys used


class Comparison(_Frozen):
    packs: list[PackInfo]
    rows: list[Row]
    focus_unused: list[str]     # focus measures that no compared pack encodes


@cache
def _core_measures() -> tuple[str, ...]:
    try:
        data = load_yaml(DICTIONARY_DIR / "core.yaml", "dictionary/core.yaml")
    except (OSError, YamlSyntaxError):
        return ()
    body = data.get("measures") if isinstance(data, LocatedDict) else None
    return tuple(body) if isinstance(body, dict) else ()


def measure_order(d: Dictionary) -> list[str]:
    """Keys of the dictionary ``measures:`` in file order, the core dictionary's first."""
    core = [k for k in _core_measures() if k in d.measures]
    return core + [k for k in d.measures if k not in core]


def _compare_rule(r: Rule, lang: str) -> CompareRule:
    ms = milestones(r, lang)
    last = r.schedule[-1] if r.schedule else None
    return CompareRule(
        id=r.id, title_zh=r.title_zh, title_en=r.title_en, clause=r.source.clause, quote=r.source.quote,
        measure=r.measure, checks=requirement(r), strength=r.strength, advisory=r.advisory,
        target=ms[-1].target if ms else MISSING, due=last.label(lang) if last else "",
        ladder=target_summary(r, lang), milestones=ms, conflicts_with=[c.with_rule for c in r.conflicts])


def build_comparison(packs: list[Pack], lang: str = "zh", dictionary: Dictionary | None = None) -> Comparison:
    d = dictionary or load_dictionary()
    used: dict[str, dict[str, list[Rule]]] = {}
    for p in packs:   # within a pack, rules of one key in document order
        for r in document_order(p, p.rules):
            if r.measure_key is not None:
                used.setdefault(r.measure_key, {}).setdefault(p.id, []).append(r)
    rows = []
    for key in measure_order(d):
        if key not in used:
            continue
        entry = d.measures[key]
        rows.append(Row(measure_key=key, name_zh=entry.zh, name_en=entry.en, focus=key in FOCUS,
                        cells=[Cell(pack=p.id, rules=[_compare_rule(r, lang) for r in used[key].get(p.id, [])])
                               for p in packs]))
    infos = [PackInfo(id=p.id, title=p.title, doc_number=p.doc_number, region=p.region.name, rules=len(p.rules),
                      with_measure_key=sum(r.measure_key is not None for r in p.rules),
                      keys=len({r.measure_key for r in p.rules if r.measure_key}))
             for p in packs]
    return Comparison(packs=infos, rows=rows,
                      focus_unused=[k for k in FOCUS if k in d.measures and k not in used])


def _cell(s: str) -> str:
    """Pack text in a Markdown table cell: one line, Markdown and HTML escaped (render.escape)."""
    return md_inline(s).strip()


def _code(s: str) -> str:
    """An expression in a code span (the tokenizer admits no backtick): only pipes and newlines matter."""
    return s.replace("|", "\\|").replace("\n", " ").strip()


def _rule_cell(r: CompareRule, lang: str, titled: bool = False) -> str:
    """One rule in a cell; ``titled`` (several rules of one pack share the key) adds its title."""
    zh = lang == "zh"
    head = f"**{_cell(r.target)}**" + (f" {r.due}" if r.due and r.due != ("长期" if zh else "standing") else "")
    lines = [head]
    if titled:
        lines.append(_cell(r.title_zh if zh else r.title_en))
    if r.measure in ("each", "exists") and r.checks:
        lines.append(f"`{_code(r.checks)}`")
    if len(r.milestones) > 1:
        lines.append(_cell(r.ladder))
    lines.append(f"{strength_label(r.advisory, lang)} · {_cell(r.clause)}")
    lines.append(f"`{r.id}`")
    for w in r.conflicts_with:
        lines.append(f"⚠ 与 `{w}` 冲突" if zh else f"⚠ conflicts with `{w}`")
    return "<br>".join(lines)


def render_comparison_markdown(c: Comparison, lang: str = "zh") -> str:
    zh = lang == "zh"
    out = ["# 规则包对照" if zh else "# Packs side by side", ""]
    for p in c.packs:
        doc = f"（{p.doc_number}）" if p.doc_number and zh else (f" ({p.doc_number})" if p.doc_number else "")
        if zh:
            out.append(f"- `{p.id}`：{p.title}{doc} · {p.rules} 条规则，其中 {p.with_measure_key} 条有 measure_key"
                       f"（{p.keys} 个指标）")
        else:
            out.append(f"- `{p.id}`: {p.title}{doc} · {p.rules} rules, {p.with_measure_key} with a measure_key "
                       f"({p.keys} measures)")
    out += ["", ("按数据字典的 measure_key 对齐；单元格为最后一个时限的目标、各年目标、性质、条款与规则；"
                 f"“{MISSING}”表示该文件无此指标。") if zh else
            ("Lined up by the dictionary measure_key; each cell: the target at the last milestone, the yearly "
             f"ladder, strength, clause and rule; \"{MISSING}\" means the document has no such measure."), ""]
    head = "| 指标 |" if zh else "| Measure |"
    out.append(head + "".join(f" {p.id} |" for p in c.packs))
    out.append("|---|" + "---|" * len(c.packs))
    for row in c.rows:
        name = f"{_cell(row.name_zh if zh else row.name_en)}<br>`{row.measure_key}`"
        cells = []
        for cell in row.cells:
            titled = len(cell.rules) > 1
            cells.append("<br><br>".join(_rule_cell(r, lang, titled) for r in cell.rules) if cell.rules else MISSING)
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    if not c.rows:
        out.append(f"| {'（没有规则带 measure_key）' if zh else '(no rule has a measure_key)'} |"
                   + f" {MISSING} |" * len(c.packs))
    if c.focus_unused:
        d = load_dictionary()
        out += ["", "重点指标中，以下没有任何规则包使用：" if zh else "Focus measures that no compared pack encodes:", ""]
        out += [f"- {d.measures[k].label(lang)} (`{k}`)" for k in c.focus_unused]
    return "\n".join(out) + "\n"


def render_comparison(c: Comparison, fmt: str = "markdown", lang: str = "zh") -> str:
    if fmt == "json":
        return c.model_dump_json(indent=2) + "\n"
    return render_comparison_markdown(c, lang)
