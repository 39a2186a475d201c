"""Findings and reports: frozen, JSON-serialisable data with no rendering inside.

Every figure is recomputable: ``numerator = ledger.meeting``, ``denominator = ledger.in_scope``,
``ledger.not_meeting == len(evidence)`` (complete in JSON), unknowns are listed in ``unknown_units``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Verdict = Literal["pass", "fail", "not_applicable", "insufficient_data", "not_due"]
VERDICTS: tuple[Verdict, ...] = ("pass", "fail", "insufficient_data", "not_due", "not_applicable")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TargetInfo(_Frozen):
    text_zh: str            # ≥80%
    text_en: str
    comparator: str         # >= > <= < = between
    value: str              # exact, as a fraction "4/5" or integer
    high: str | None = None
    milestone_zh: str       # 2021年底 / 2023-10-31前 / 长期
    milestone_en: str
    due: dt.date | None = None


class EvidenceTable(_Frozen):
    """The units that decided a verdict, column by column (complete; built without per-row objects).

    ``status`` is not_meeting (condition false), unknown (condition undecidable: a value is missing) or
    scope_unknown (whether the unit is in scope is undecidable). ``values`` columns hold the attribute
    values the rule read; ``shortfall_<attr>`` how many more of that attribute the unit needs.
    """

    rows: int
    columns: list[str]
    data: dict[str, list[Any]]

    def column(self, name: str) -> list[Any]:
        return self.data.get(name, [])


class Ledger(_Frozen):
    rows_total: int                 # units rows evaluated (after exclusions)
    in_scope: int                   # kind in scope and `where` true
    out_of_scope: int
    out_of_scope_reasons: dict[str, int]
    scope_unknown: int              # kind in scope, `where` could not be decided (missing values)
    meeting: int
    not_meeting: int
    unknown: int                    # in scope, condition could not be decided


class IndicatorValue(_Frozen):
    indicator: str
    region: str
    year: int | None
    value: str | None               # exact fraction text
    display: str | None
    numerator: str | None = None
    denominator: str | None = None
    row: int | None = None


class Breakdown(_Frozen):
    region: str
    verdict: Verdict | None = None  # set when the rule is judged at this level
    measured: str | None = None     # display text
    measured_value: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    meeting: int | None = None
    not_meeting: int | None = None
    unknown: int | None = None
    gap: int | None = None
    year: int | None = None


class Gap(_Frozen):
    units: int | None = None        # how many more units must meet the condition (or more count)
    text_zh: str
    text_en: str


class SourceInfo(_Frozen):
    document: str
    doc_number: str | None
    clause: str
    quote: str
    also: list[str]


class ConflictInfo(_Frozen):
    with_rule: str
    note_zh: str
    note_en: str


class Finding(_Frozen):
    rule_id: str
    pack: str
    title_zh: str
    title_en: str
    region: str
    as_of: dt.date
    verdict: Verdict
    severity: Literal["binding", "advisory"]
    measure: str
    measure_key: str | None = None
    at: str = "region"
    measured: str | None = None          # display, e.g. 80% (56/70)
    measured_value: str | None = None    # exact fraction text
    unit: str | None = None
    numerator: int | str | None = None
    denominator: int | str | None = None
    target: TargetInfo | None = None     # in force at as_of (or the first one, when not due)
    next_target: TargetInfo | None = None
    gap: Gap | None = None
    missing: int = 0
    missing_note_zh: str | None = None
    missing_note_en: str | None = None
    evidence: EvidenceTable | None = None
    ledger: Ledger | None = None
    inputs: list[IndicatorValue] = []    # indicator / formula / fact values used
    formula: str | None = None
    breakdown: list[Breakdown] = []
    source: SourceInfo
    conflicts: list[ConflictInfo] = []
    explanation_zh: str
    explanation_en: str


class Summary(_Frozen):
    rules: int
    by_verdict: dict[str, int]
    binding_failed: int
    binding_insufficient: int
    advisory_failed: int
    exit_code: int


class Excluded(_Frozen):
    table: str
    source: str
    row: int | None
    id: str | None
    reason_zh: str
    reason_en: str


class Report(_Frozen):
    pack: str
    document: str
    doc_number: str | None
    region: str
    as_of: dt.date
    findings: list[Finding]
    summary: Summary
    rows_read: int
    excluded: list[Excluded] = []
    warnings: list[str] = []
    sources: list[str] = []

    def to_json(self, **kw: Any) -> str:
        return self.model_dump_json(indent=2, **kw)

    def finding(self, rule_id: str) -> Finding:
        return next(f for f in self.findings if f.rule_id == rule_id)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of a report (and so of each finding), published in docs/report.schema.json."""
    return Report.model_json_schema()


def dump_schema() -> str:
    return json.dumps(report_schema(), ensure_ascii=False, indent=2)
