"""Traceability matrix (`compliance trace`): document clause → the rules that encode it.

Clauses are listed in document order: each rule's quote is looked up in the seed document
(whitespace-insensitive, full-width folded) and a clause sits at the earliest position of its quotes.
Clauses judged to hold nothing checkable are placed by their label in the seed when it is found there.
Without the seed, everything is listed in pack order with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .dictionary import Dictionary, load_dictionary
from .pack import Pack, Rule, squash
from .render.escape import md_inline

MEASURE_SHORT = {"each": ("逐一", "each"), "share": ("比例", "share"), "count": ("计数", "count"),
                 "indicator": ("指标", "indicator"), "exists": ("存在", "exists")}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MilestoneOut(_Frozen):
    year: int | None            # None: a `target` with its own due date, or standing
    due: dt.date | None         # None: standing (always in force)
    target: str                 # ≥80%; 全部须满足 / every unit (each); 须为“是” / must be yes (exists)


class TraceRule(_Frozen):
    id: str
    title_zh: str
    title_en: str
    quote: str
    position: int | None        # offset of the quote in the whitespace-free seed; None if not found
    measure: str                # each | share | count | indicator | exists
    checks: str | None          # condition, indicator, formula or fact, as written in the pack
    strength: str               # binding | encouraged
    advisory: bool
    measure_key: str | None
    measure_name: str | None    # dictionary name of measure_key, in the chosen language
    target: str                 # summary: "2019 ≥60% · 2020 ≥70% · 2021 ≥80%", "≥40%，2021-12-31前" …
    milestones: list[MilestoneOut]
    also: list[str]
    conflicts_with: list[str]


class TraceClause(_Frozen):
    clause: str
    position: int | None
    quotes: list[str]           # distinct quotes of its rules, in document order
    also: list[str]             # union of the rules' `also` clauses
    rules: list[TraceRule]


class AlsoClause(_Frozen):
    """A clause that repeats a target encoded under another clause (a rule's `source.also`)."""

    clause: str
    position: int | None
    see: list[str]              # the clauses whose rules encode it
    rules: list[str]


class NotCheckableOut(_Frozen):
    clause: str
    reason_zh: str
    reason_en: str
    position: int | None        # where the clause label was found in the seed; None: listed at the end


class ConflictOut(_Frozen):
    rules: tuple[str, str]      # each pair once, in document order
    clauses: tuple[str, str]
    note_zh: str                # the note on the first rule of the pair
    note_en: str
    other_note_zh: str | None = None    # the note on the second rule, when it differs
    other_note_en: str | None = None


class Coverage(_Frozen):
    clauses_with_rules: int
    also_clauses: int
    not_checkable: int
    conflicts: int
    rules: int
    binding: int
    encouraged: int
    with_measure_key: int


class Trace(_Frozen):
    pack: str
    title: str
    doc_number: str | None
    seed: str
    seed_found: bool
    order: Literal["document", "pack"]
    warnings: list[str]
    coverage: Coverage
    clauses: list[TraceClause]
    also_clauses: list[AlsoClause]
    not_checkable: list[NotCheckableOut]
    conflicts: list[ConflictOut]


# ---- positions in the seed ------------------------------------------------------------------------
def _norm(text: str) -> str:
    return squash(unicodedata.normalize("NFKC", text))


def _find_quote(seed: str | None, quote: str) -> int | None:
    if seed is None:
        return None
    pos = seed.find(_norm(quote))
    return pos if pos >= 0 else None


_LABEL_PART = re.compile(r"[^、(\s]+、|\([^)]*\)|[^()、\s]+")


def _search(seed: str, needle: str, start: int = 0) -> re.Match[str] | None:
    """Find ``needle``; a number is not matched inside a longer one (``2.6`` not in ``12.6`` or
    ``2.60``) and a bare item number must be followed by ``.`` or ``、`` (``6`` finds ``6.区科学…``)."""
    before = r"(?<![0-9.])" if needle[0].isdigit() else ""
    if needle.isdigit():
        after = r"(?=[.、])"
    else:
        after = r"(?![0-9])" if needle[-1].isdigit() else ""
    return re.compile(before + re.escape(needle) + after).search(seed, start)


def _find_label(seed: str | None, label: str) -> int | None:
    """Position of a clause label in the seed: the label itself (``一、指导思想``, ``2.6``), else its
    parts in sequence, each after the previous one (``五、(二) 6`` → ``五、``, then ``(二)``, then
    ``6.``), at the deepest part found; None when not even the first part is found."""
    if seed is None:
        return None
    needle = _norm(label)
    if not needle:
        return None
    m = _search(seed, needle)
    if m:
        return m.start()
    found, start = None, 0
    for part in _LABEL_PART.findall(unicodedata.normalize("NFKC", label)):
        m = _search(seed, _norm(part), start)
        if m is None:
            break
        found, start = m.start(), m.end()
    return found


def read_seed(pack: Pack) -> str | None:
    """The seed text in searchable form (no whitespace, full-width folded); None without a seed."""
    return _norm(pack.seed_path.read_text(encoding="utf-8")) if pack.seed_path is not None else None


def document_order(pack: Pack, rules: Iterable[Rule], seed: str | None = None) -> list[Rule]:
    """``rules`` sorted by the position of their quote in the seed (pack order without the seed)."""
    seed = read_seed(pack) if seed is None else seed
    items = [(r, _find_quote(seed, r.source.quote), i) for i, r in enumerate(rules)]
    return [r for r, _, _ in sorted(items, key=lambda t: _order_key(t[1], t[2]))]


def _order_key(position: int | None, index: int) -> tuple[int, int, int]:
    return (0, position, index) if position is not None else (1, 0, index)


# ---- summaries ------------------------------------------------------------------------------------
def strength_label(advisory: bool, lang: str = "zh") -> str:
    if lang == "zh":
        return "倡导性" if advisory else "约束性"
    return "advisory" if advisory else "binding"


def milestones(rule: Rule, lang: str = "zh") -> list[MilestoneOut]:
    out = []
    for m in rule.schedule:
        if rule.measure == "each":
            target = "全部须满足" if lang == "zh" else "every unit"
        elif rule.measure == "exists":
            target = "须为“是”" if lang == "zh" else "must be yes"
        else:
            target = m.target.describe(lang)
        out.append(MilestoneOut(year=m.year, due=None if m.due == dt.date.min else m.due, target=target))
    return out


def target_summary(rule: Rule, lang: str = "zh") -> str:
    """``2019 ≥60% · 2020 ≥70% · 2021 ≥80%``, ``≥40%，2021-12-31前``, ``全部须满足`` …"""
    zh = lang == "zh"
    parts = []
    for m in milestones(rule, lang):
        if m.year is not None:
            parts.append(f"{m.year} {m.target}")
        elif m.due is not None:
            parts.append(f"{m.target}，{m.due.isoformat()}前" if zh else f"{m.target} by {m.due.isoformat()}")
        else:
            parts.append(m.target)
    return " · ".join(parts) or "—"


def requirement(rule: Rule) -> str | None:
    """What is checked, as written in the pack: the condition (each/share/count), the indicator or
    formula, or the yes/no fact."""
    if rule.measure == "exists":
        return rule.fact
    if rule.measure == "indicator":
        if rule.formula_text:
            return f"({rule.formula_text[0]}) / ({rule.formula_text[1]})"
        return rule.indicator
    return rule.condition_text


def _measure_name(d: Dictionary, key: str | None, lang: str) -> str | None:
    if key is None:
        return None
    entry = d.measures.get(key)
    return entry.label(lang) if entry else None


# ---- the matrix -----------------------------------------------------------------------------------
def build_trace(pack: Pack, lang: str = "zh", dictionary: Dictionary | None = None) -> Trace:
    d = dictionary or load_dictionary()
    zh = lang == "zh"
    seed = read_seed(pack)
    if seed is not None:
        warnings = list(pack.warnings)
    else:   # replaces the loader's "quotes not checked" warning
        warnings = [w for w in pack.warnings if pack.seed not in w]
        warnings.insert(0, f"未找到原文 {pack.seed}，按规则包顺序列出 (seed not found; listed in pack order)"
                        if zh else f"seed {pack.seed} not found; clauses are listed in pack order")

    # rules, each at the position of its quote
    rules: list[tuple[Rule, int | None, int]] = []
    for i, r in enumerate(pack.rules):
        pos = _find_quote(seed, r.source.quote)
        if seed is not None and pos is None:
            warnings.append(f"{r.id}: 引文未在原文中找到，列于末尾 (quote not found in the seed; listed last)"
                            if zh else f"{r.id}: quote not found in the seed; listed last")
        rules.append((r, pos, i))
    rules.sort(key=lambda t: _order_key(t[1], t[2]))

    groups: dict[str, list[tuple[Rule, int | None, int]]] = {}
    for item in rules:
        groups.setdefault(item[0].source.clause, []).append(item)
    clauses = []
    for clause, items in groups.items():        # first rule of each group is its earliest quote
        quotes = list(dict.fromkeys(r.source.quote for r, _, _ in items))
        also = list(dict.fromkeys(a for r, _, _ in items for a in r.source.also))
        clauses.append(TraceClause(
            clause=clause, position=items[0][1], quotes=quotes, also=also,
            rules=[_trace_rule(r, pos, d, lang) for r, pos, _ in items]))

    # `also` clauses that are not themselves the source clause of a rule
    also_map: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
    for c in clauses:
        for tr in c.rules:
            for a in tr.also:
                if a in groups:
                    continue
                see, ids = also_map.setdefault(a, ({}, {}))
                see.setdefault(c.clause)
                ids.setdefault(tr.id)
    also_items = [(a, _find_label(seed, a), i, see, ids) for i, (a, (see, ids)) in enumerate(also_map.items())]
    also_items.sort(key=lambda t: _order_key(t[1], t[2]))
    also_clauses = [AlsoClause(clause=a, position=pos, see=list(see), rules=list(ids))
                    for a, pos, _, see, ids in also_items]

    nc_items = [(nc, _find_label(seed, nc.clause), i) for i, nc in enumerate(pack.not_checkable)]
    nc_items.sort(key=lambda t: _order_key(t[1], t[2]))
    not_checkable = [NotCheckableOut(clause=nc.clause, reason_zh=nc.reason_zh, reason_en=nc.reason_en,
                                     position=pos) for nc, pos, _ in nc_items]

    conflicts = _conflicts([r for r, _, _ in rules])
    binding = sum(not r.advisory for r in pack.rules)
    coverage = Coverage(
        clauses_with_rules=len(clauses), also_clauses=len(also_clauses), not_checkable=len(not_checkable),
        conflicts=len(conflicts), rules=len(pack.rules), binding=binding, encouraged=len(pack.rules) - binding,
        with_measure_key=sum(r.measure_key is not None for r in pack.rules))
    return Trace(pack=pack.id, title=pack.title, doc_number=pack.doc_number, seed=pack.seed,
                 seed_found=seed is not None, order="document" if seed is not None else "pack",
                 warnings=warnings, coverage=coverage, clauses=clauses, also_clauses=also_clauses,
                 not_checkable=not_checkable, conflicts=conflicts)


def _trace_rule(r: Rule, pos: int | None, d: Dictionary, lang: str) -> TraceRule:
    return TraceRule(
        id=r.id, title_zh=r.title_zh, title_en=r.title_en, quote=r.source.quote, position=pos,
        measure=r.measure, checks=requirement(r), strength=r.strength, advisory=r.advisory,
        measure_key=r.measure_key,
        measure_name=_measure_name(d, r.measure_key, lang), target=target_summary(r, lang),
        milestones=milestones(r, lang), also=list(r.source.also),
        conflicts_with=[c.with_rule for c in r.conflicts])


def _conflicts(rules_in_order: Iterable[Rule]) -> list[ConflictOut]:
    """Each flagged pair once, from the rule earlier in the document; the other side's note is kept
    (JSON only) when it says something else."""
    rules = list(rules_in_order)
    by_id = {r.id: r for r in rules}
    seen: set[frozenset[str]] = set()
    out = []
    for r in rules:
        for c in r.conflicts:
            key = frozenset((r.id, c.with_rule))
            if key in seen:
                continue
            seen.add(key)
            other = by_id.get(c.with_rule)
            back = next((oc for oc in other.conflicts if oc.with_rule == r.id), None) if other else None
            out.append(ConflictOut(
                rules=(r.id, c.with_rule), clauses=(r.source.clause, other.source.clause if other else "?"),
                note_zh=c.note_zh, note_en=c.note_en,
                other_note_zh=back.note_zh if back and back.note_zh != c.note_zh else None,
                other_note_en=back.note_en if back and back.note_en != c.note_en else None))
    return out


# ---- rendering ------------------------------------------------------------------------------------
def _cell(s: str) -> str:
    """Pack text in a Markdown table cell: one line, Markdown and HTML escaped (render.escape)."""
    return md_inline(s).strip()


def _code(s: str) -> str:
    """An expression in a code span (the tokenizer admits no backtick): only pipes and newlines matter."""
    return s.replace("|", "\\|").replace("\n", " ").strip()


def coverage_line(t: Trace, lang: str = "zh") -> str:
    c = t.coverage
    if lang == "zh":
        return (f"{c.clauses_with_rules} 个条款有规则，{c.not_checkable} 个条款无可核查指标，"
                f"{c.conflicts} 处冲突；规则 {c.rules} 条（约束性 {c.binding}，倡导性 {c.encouraged}）"
                + (f"；另有 {c.also_clauses} 个条款重复他处目标（“另见”）" if c.also_clauses else "")
                + f"；{c.with_measure_key} 条规则有 measure_key")
    return (f"{_n(c.clauses_with_rules, 'clause')} with rules, {c.not_checkable} not checkable, "
            f"{_n(c.conflicts, 'conflict')}; {_n(c.rules, 'rule')} ({c.binding} binding, {c.encouraged} advisory)"
            + (f"; {_n(c.also_clauses, 'more clause')} repeat a target encoded elsewhere (\"also\")"
               if c.also_clauses else "")
            + f"; {_n(c.with_measure_key, 'rule')} with a measure_key")


def _n(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def render_trace_markdown(t: Trace, lang: str = "zh") -> str:
    zh = lang == "zh"
    out = [f"# 溯源矩阵：{t.title}" if zh else f"# Traceability matrix: {t.title}", ""]
    if t.doc_number:
        out.append(f"- 文号：{t.doc_number}" if zh else f"- Document number: {t.doc_number}")
    if zh:
        out += [f"- 规则包：`{t.pack}` · 原文：{t.seed}" + ("" if t.seed_found else "（未找到）"),
                f"- 顺序：{'按原文顺序' if t.order == 'document' else '按规则包顺序'}",
                f"- 覆盖：{coverage_line(t, lang)}"]
    else:
        out += [f"- Pack: `{t.pack}` · seed: {t.seed}" + ("" if t.seed_found else " (not found)"),
                f"- Order: {'document order' if t.order == 'document' else 'pack order'}",
                f"- Coverage: {coverage_line(t, lang)}"]
    for w in t.warnings:
        out.append(f"- ⚠ {w}")
    out += ["", f"## {'有规则的条款' if zh else 'Clauses with rules'}", ""]
    if zh:
        out.append("| # | 条款 | 原文 | 规则 | 计量 | 性质 | 目标 / 时限 | measure_key | 另见 |")
    else:
        out.append("| # | Clause | Quote | Rule | Measure | Strength | Target / due | measure_key | Also |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for n, c in enumerate(t.clauses, 1):
        last_quote = None
        for i, r in enumerate(c.rules):
            quote = "〃" if r.quote == last_quote else f"「{_cell(r.quote)}」"
            last_quote = r.quote
            key = f"`{r.measure_key}`" if r.measure_key else "—"
            if r.measure_name:
                key += f"<br>{_cell(r.measure_name)}"
            measure = MEASURE_SHORT[r.measure][0 if zh else 1]
            if r.checks:
                measure += f"<br>`{_code(r.checks)}`"
            strength = strength_label(r.advisory, lang)
            flags = "".join(f"<br>⚠ {'与' if zh else 'conflicts with'} `{w}`{' 冲突' if zh else ''}"
                            for w in r.conflicts_with)
            out.append(f"| {n if i == 0 else ''} | {_cell(c.clause) if i == 0 else ''} | {quote} | "
                       f"`{r.id}`<br>{_cell(r.title_zh if zh else r.title_en)}{flags} | {measure} | {strength} | "
                       f"{_cell(r.target)} | {key} | {_cell('、'.join(r.also) if zh else ', '.join(r.also))} |")
    if not t.clauses:
        out.append("| | " + ("（无）" if zh else "(none)") + " | | | | | | | |")
    if t.also_clauses:
        out += ["", f"## {'重复他处目标的条款（另见）' if zh else 'Clauses repeating a target encoded elsewhere'}",
                "", "| 条款 | 编码于条款 | 规则 |" if zh else "| Clause | Encoded under | Rules |", "|---|---|---|"]
        for a in t.also_clauses:
            out.append(f"| {_cell(a.clause)} | {_cell('、'.join(a.see))} | "
                       f"{', '.join(f'`{x}`' for x in a.rules)} |")
    out += ["", f"## {'无可核查指标的条款' if zh else 'Clauses with nothing checkable'}", ""]
    if t.not_checkable:
        out += ["| 条款 | 理由 |" if zh else "| Clause | Reason |", "|---|---|"]
        for nc in t.not_checkable:
            where = "" if nc.position is not None or not t.seed_found else \
                ("（原文中未找到此标题）" if zh else " (label not found in the seed)")
            out.append(f"| {_cell(nc.clause)}{where} | {_cell(nc.reason_zh if zh else nc.reason_en)} |")
    else:
        out.append("（规则包未列出）" if zh else "(none listed in the pack)")
    out += ["", f"## {'文件内部冲突' if zh else 'Conflicts inside the document'}", ""]
    if t.conflicts:
        out += ["| 规则 | 条款 | 说明 |" if zh else "| Rules | Clauses | Note |", "|---|---|---|"]
        for cf in t.conflicts:
            out.append(f"| `{cf.rules[0]}` ↔ `{cf.rules[1]}` | {_cell(cf.clauses[0])} ↔ {_cell(cf.clauses[1])} | "
                       f"{_cell(cf.note_zh if zh else cf.note_en)} |")
    else:
        out.append("（无）" if zh else "(none)")
    return "\n".join(out) + "\n"


def render_trace(t: Trace, fmt: str = "markdown", lang: str = "zh") -> str:
    if fmt == "json":
        return t.model_dump_json(indent=2) + "\n"
    return render_trace_markdown(t, lang)
