"""Findings and reports: frozen, JSON-serialisable data with no rendering inside.

Every figure is recomputable: ``numerator = ledger.meeting``, ``denominator = ledger.in_scope``,
``ledger.not_meeting == len(evidence)`` (complete in JSON), unknowns are listed in ``unknown_units``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema as cs

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


class Columns(Mapping[str, list[Any]]):
    """The columns of an evidence table: a polars DataFrame until they are read.

    Built from a DataFrame, from a callable that makes one (the engine keeps only row positions into the
    census and materialises the table when it is first read), or from lists (a report read back from
    JSON). Reading a column gives JSON-ready values: Decimals become exact text ("4/5") or whole numbers,
    converted once per distinct value; :attr:`frame` gives the polars DataFrame itself.
    """

    __slots__ = ("_frame", "_lists", "_make", "_names")

    def __init__(self, source: pl.DataFrame | Callable[[], pl.DataFrame] | Mapping[str, list[Any]],
                 names: Sequence[str] | None = None):
        self._frame: pl.DataFrame | None = None
        self._make: Callable[[], pl.DataFrame] | None = None
        self._lists: dict[str, list[Any]] = {}
        if isinstance(source, pl.DataFrame):
            self._frame, self._names = source, tuple(source.columns)
        elif callable(source):
            if names is None:
                raise TypeError("Columns(callable) needs the column names")
            self._make, self._names = source, tuple(names)
        else:
            self._lists = {str(k): list(v) for k, v in source.items()}
            self._names = tuple(self._lists)
            self._make = lambda: pl.DataFrame(self._lists, strict=False)

    @property
    def frame(self) -> pl.DataFrame:
        if self._frame is None:
            assert self._make is not None
            self._frame, self._make = self._make(), None
        return self._frame

    def head(self, n: int) -> dict[str, list[Any]]:
        """The first ``n`` rows as JSON-ready lists (converting only those)."""
        n = max(n, 0)
        return {c: self._lists[c][:n] if c in self._lists else _json_values(self.frame.get_column(c).head(n))
                for c in self._names}

    def __getitem__(self, name: str) -> list[Any]:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._lists:
            self._lists[name] = _json_values(self.frame.get_column(name))
        return self._lists[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):       # Columns too
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Columns({list(self._names)})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> cs.CoreSchema:
        lists = cs.dict_schema(cs.str_schema(), cs.list_schema(cs.any_schema()))
        from_lists = cs.no_info_after_validator_function(cls, lists)
        return cs.json_or_python_schema(
            json_schema=from_lists,
            python_schema=cs.union_schema([cs.is_instance_schema(cls), from_lists]),
            serialization=cs.plain_serializer_function_ser_schema(lambda v: dict(v.items()), return_schema=lists))


def _json_values(s: pl.Series) -> list[Any]:
    if isinstance(s.dtype, pl.Decimal):
        exact = {v: _exact(v) for v in s.unique().to_list()}
        return [exact[v] for v in s.to_list()]
    if isinstance(s.dtype, (pl.Enum, pl.Categorical)):
        s = s.cast(pl.String)
    return s.to_list()


def _exact(v: Decimal | None) -> int | str | None:
    if v is None:
        return None
    f = Fraction(v)
    return f.numerator if f.denominator == 1 else str(f)


class EvidenceTable(_Frozen):
    """The units that decided a verdict, column by column (complete; built without per-row objects).

    ``status`` is not_meeting (condition false), unknown (condition undecidable: a value is missing) or
    scope_unknown (whether the unit is in scope is undecidable). ``values`` columns hold the attribute
    values the rule read; ``shortfall_<attr>`` how many more of that attribute the unit needs.
    ``data`` is materialised when first read (``data.frame`` is the polars DataFrame).
    """

    rows: int
    columns: list[str]
    data: Columns

    def column(self, name: str) -> list[Any]:
        return self.data[name] if name in self.columns else []


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
    period: str | None = None       # 2021, 2021H1, 2021Q3, 2021-07
    unit: str | None = None         # the indicator's own unit (count, person, percent …)


class Breakdown(_Frozen):
    region: str
    verdict: Verdict | None = None  # set when the rule is judged at this level
    measured: str | None = None     # display text
    measured_value: str | None = None
    numerator: int | str | None = None
    denominator: int | str | None = None
    meeting: int | None = None
    not_meeting: int | None = None
    unknown: int | None = None
    gap: int | None = None
    year: int | None = None
    period: str | None = None       # the period of this row (periodic rules: one row per area and period)


class BaselineArea(_Frozen):
    """One area's figure this period and in the baseline, and the change (rules judged per area)."""

    region: str
    verdict: Verdict
    current: str | None = None          # display, e.g. 85%
    previous: str | None = None
    change: str | None = None           # display, e.g. +3 个百分点
    change_en: str | None = None        # the same in English, e.g. +3 percentage points
    note_zh: str | None = None          # why it could not be judged, when it could not
    note_en: str | None = None


class BaselineInfo(_Frozen):
    """A year-over-year duty (逐年递增 / 明显提升 / 下降): the same measure on the current snapshot and on
    the baseline (``--baseline``), the change, and its verdict (the finding's verdict is the worse of this
    and the target's). ``*_value`` are exact fractions; ``provided`` is false when no baseline was given."""

    change: str                          # increase | decrease | not_below | not_above
    requirement_zh: str
    requirement_en: str
    min_change: str | None = None        # exact, in the measure's base unit (rates: a fraction)
    until: str | None = None
    provided: bool
    year: int                            # the year judged
    baseline_year: int                   # the year of the baseline figure
    verdict: Verdict
    current: str | None = None
    previous: str | None = None
    difference: str | None = None
    current_value: str | None = None
    previous_value: str | None = None
    difference_value: str | None = None
    areas: list[BaselineArea] = []
    text_zh: str
    text_en: str


class YearValue(_Frozen):
    """The region's figure for one year (whole-year rows only), for progress over the milestone years."""
    year: int
    measured: str | None                 # display, e.g. 78.5%
    measured_value: str | None = None    # exact fraction text; None when the year's figure is a range


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
    operative: str | None = None     # which of the two rules binds (or "both")
    reason_zh: str | None = None
    reason_en: str | None = None


class Finding(_Frozen):
    rule_id: str
    pack: str
    title_zh: str
    title_en: str
    region: str
    as_of: dt.date
    verdict: Verdict
    severity: Literal["binding", "advisory", "superseded"]   # superseded: the conflict partner is operative
    measure: str
    measure_key: str | None = None
    at: str = "region"
    measured: str | None = None          # display, e.g. 80% (56/70)
    measured_value: str | None = None    # exact fraction text
    measured_bound: Literal["at_least", "at_most"] | None = None   # undecided: ``measured`` is this bound
    areas_pass: int | None = None        # rules judged per area: areas passing …
    areas_judged: int | None = None      # … of areas judged
    level_zh: str | None = None          # the pack's name of the level judged (县区, 镇街)
    unit: str | None = None
    numerator: int | str | None = None
    denominator: int | str | None = None
    target: TargetInfo | None = None     # in force at as_of (or the first one, when not due)
    next_target: TargetInfo | None = None
    schedule: list[TargetInfo] = []      # every milestone of the rule, in date order (for progress charts)
    gap: Gap | None = None
    missing: int = 0
    missing_note_zh: str | None = None
    missing_note_en: str | None = None
    evidence: EvidenceTable | None = None
    ledger: Ledger | None = None
    inputs: list[IndicatorValue] = []    # indicator / formula / fact values used
    formula: str | None = None
    period: str | None = None            # periodic rules: the period(s) judged, e.g. 2021 or 2021-01…2021-12
    data_year: int | None = None         # indicator / exists rules: the year of the region's figure read
    named_missing: list[str] = []        # named units (县人民医院…) not found in the census
    superseded_by: str | None = None     # the operative rule, when this one is superseded
    baseline: BaselineInfo | None = None # year-over-year duties: the comparison with the previous period
    history: list[YearValue] = []        # region-wide indicator rules: the region's figure of each year
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
    superseded: int = 0              # findings reported but not binding: their conflict partner is operative
    warnings: int = 0               # how many warnings the report carries (they never change a verdict)
    warnings_by_code: dict[str, int] = {}


class Excluded(_Frozen):
    table: str
    source: str
    row: int | None
    id: str | None
    reason_zh: str
    reason_en: str


class ReportWarning(_Frozen):
    """A notice about the census or the pack that never changes a verdict (codes W…: ``compliance explain
    W010``). ``rule_id``, ``region`` and ``indicator`` say what it concerns, when it concerns one."""

    code: str
    message_zh: str
    message_en: str
    rule_id: str | None = None
    region: str | None = None
    indicator: str | None = None

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def __str__(self) -> str:
        return f"{self.code} {self.message_zh} ({self.message_en})"

    def __contains__(self, text: str) -> bool:
        return text in str(self)


def as_warning(w: ReportWarning | str, code: str = "W099") -> ReportWarning:
    """A warning from the older ``"中文 (English)"`` text form (or a warning as it is)."""
    if isinstance(w, ReportWarning):
        return w
    text = str(w)
    cut = text.rfind(" (")
    if cut > 0 and text.endswith(")"):
        return ReportWarning(code=code, message_zh=text[:cut], message_en=text[cut + 2:-1])
    return ReportWarning(code=code, message_zh=text, message_en=text)


class InputFile(_Frozen):
    role: str                        # units | indicators
    name: str                        # file name (no folders: a report may travel)
    sheet: str | None = None         # the workbook sheet, when one was named
    sha256: str
    bytes: int
    rows: int | None = None          # data rows read from it (excluded rows included)


class Provenance(_Frozen):
    """What produced a report (see :mod:`compliance.provenance`). ``generated_at`` is the only field that
    differs between two runs on the same inputs; it is null with ``--no-timestamp``."""

    tool: str
    version: str
    pack: str
    pack_sha256: str | None = None   # over every file of the pack folder (path and content)
    pack_files: int = 0
    inputs: list[InputFile] = []
    as_of: dt.date
    generated_at: dt.datetime | None = None


class Report(_Frozen):
    pack: str
    document: str
    doc_number: str | None
    region: str
    area_level_zh: str | None = None     # the pack's name of the breakdown level (县区, 镇街)
    areas: list[str] = []                # the areas of that level, in the pack's order
    as_of: dt.date
    findings: list[Finding]
    summary: Summary
    rows_read: int
    excluded: list[Excluded] = []
    warnings: list[ReportWarning] = []
    sources: list[str] = []
    provenance: Provenance | None = None

    def to_json(self, **kw: Any) -> str:
        return self.model_dump_json(indent=2, **kw)

    def finding(self, rule_id: str) -> Finding:
        """The finding of ``rule_id``; KeyError when the report has none."""
        for f in self.findings:
            if f.rule_id == rule_id:
                return f
        from difflib import get_close_matches

        ids = [f.rule_id for f in self.findings]
        near = get_close_matches(str(rule_id), ids, n=3, cutoff=0.6)
        hint = f"; did you mean {' / '.join(near)}?" if near else ""
        raise KeyError(f"报告中没有规则「{rule_id}」的结论 (no finding for rule {rule_id!r} in this report of "
                       f"pack {self.pack!r}, {len(ids)} rules{hint})")


def report_schema() -> dict[str, Any]:
    """The JSON Schema of a report (and so of each finding), published in docs/report.schema.json."""
    return Report.model_json_schema()


def dump_schema() -> str:
    return json.dumps(report_schema(), ensure_ascii=False, indent=2)
