"""Compiled, immutable pack objects that the engine runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..baseline.spec import BaselineSpec
from ..expr import Node
from ..periods import PeriodSpec
from ..quantity import Target
from ..regions import RegionSpec
from ..yamlsource import Location


@dataclass(frozen=True)
class SourceRef:
    clause: str
    quote: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConflictRef:
    with_rule: str
    note_zh: str
    note_en: str
    operative: str | None = None      # the rule that binds (one of the pair), or "both"
    reason_zh: str | None = None
    reason_en: str | None = None


@dataclass(frozen=True)
class NamedUnit:
    """A unit the document names (县人民医院): matched on 单位名称 by its name or an alias."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Milestone:
    due: dt.date
    target: Target
    year: int | None = None     # None for a `target` with its own due date (or always in force)

    def label(self, lang: str = "zh") -> str:
        if self.year is not None:
            return f"{self.year}年底" if lang == "zh" else f"end of {self.year}"
        if self.due == dt.date.min:
            return "长期" if lang == "zh" else "standing"
        return f"{self.due.isoformat()}前" if lang == "zh" else f"by {self.due.isoformat()}"


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    title_zh: str
    title_en: str
    source: SourceRef
    strength: str                       # binding | encouraged
    measure: str                        # each | share | count | indicator | exists
    kinds: tuple[str, ...] = ()
    where: Node | None = None
    where_text: str | None = None
    condition: Node | None = None
    condition_text: str | None = None
    indicator: str | None = None
    formula: tuple[Node, Node] | None = None
    formula_text: tuple[str, str] | None = None
    fact: str | None = None
    schedule: tuple[Milestone, ...] = ()   # sorted by due date
    at: str = "region"
    period: PeriodSpec | None = None    # periodic duty: judged on the period(s) the as-of date closes
    names: tuple[NamedUnit, ...] = ()   # named units: the scope is these units only
    baseline: BaselineSpec | None = None   # year-over-year duty: compared with the previous snapshot
    measure_key: str | None = None
    conflicts: tuple[ConflictRef, ...] = ()
    notes_zh: str | None = None
    notes_en: str | None = None
    location: Location | None = None
    attributes: tuple[str, ...] = ()    # unit attributes the rule reads
    indicators: tuple[str, ...] = ()    # indicator keys the rule reads

    @property
    def first_due(self) -> dt.date | None:
        """The date the rule first falls due (its first milestone or ``due``); None when always in force."""
        return self.schedule[0].due if self.schedule else None

    @property
    def advisory(self) -> bool:
        return self.strength == "encouraged"

    @property
    def superseded_by(self) -> ConflictRef | None:
        """The conflict whose other rule is operative over this one (this rule then binds nothing)."""
        for c in self.conflicts:
            if c.operative == c.with_rule:
                return c
        return None

    @property
    def change_only(self) -> bool:
        """A year-over-year rule with no target of its own: only the change on the baseline is judged."""
        from ..baseline.spec import ChangeTarget

        return self.baseline is not None and all(isinstance(m.target, ChangeTarget) for m in self.schedule)

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def in_force(self, as_of: dt.date) -> tuple[Milestone | None, Milestone | None]:
        """(milestone in force at as_of, next milestone after it)."""
        current = None
        nxt = None
        for m in self.schedule:
            if m.due <= as_of:
                current = m
            elif nxt is None:
                nxt = m
        return current, nxt


@dataclass(frozen=True)
class NotCheckableRef:
    clause: str
    reason_zh: str
    reason_en: str
    location: Location | None = None


@dataclass(frozen=True)
class ExpectedCount:
    """The document names ``count`` units of ``kinds`` (clause, quote): fewer in a census is a warning."""

    kinds: tuple[str, ...]
    count: int
    clause: str
    quote: str | None = None


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    title_en: str | None
    doc_number: str | None
    issuer: tuple[str, ...]
    issued: dt.date | None
    seed: str
    region: RegionSpec
    rules: tuple[Rule, ...]
    not_checkable: tuple[NotCheckableRef, ...]
    path: Path
    seed_path: Path | None = None
    warnings: tuple[str, ...] = field(default=())
    expected_units: tuple[ExpectedCount, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The unit kinds the pack's rules are about, in rule order."""
        return tuple(dict.fromkeys(k for r in self.rules for k in r.kinds))

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def attributes(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for r in self.rules:
            for a in r.attributes:
                seen.setdefault(a)
        return tuple(seen)
