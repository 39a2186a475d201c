"""Raw pydantic models that mirror the pack YAML exactly (``extra="forbid"``); no behaviour here."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Raw(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(_Raw):
    zh: str
    en: str


class Source(_Raw):
    clause: str
    quote: str = Field(min_length=2)
    also: list[str] = []


class NamedUnit(_Raw):
    name: str = Field(min_length=1)
    aliases: list[str] = []


class Scope(_Raw):
    kinds: list[str] = Field(min_length=1)
    where: str | None = None
    names: list[str | NamedUnit] = []     # named units (县人民医院…): only these, each expected in the census


class Conflict(_Raw):
    with_: str = Field(alias="with")
    note_zh: str
    note_en: str
    operative: str | None = None          # the rule that binds: this rule's id, the other's, or "both"
    reason_zh: str | None = None          # why (quoted in the report)
    reason_en: str | None = None


class Formula(_Raw):
    numerator: str
    denominator: str


class RawBaseline(_Raw):
    """Compare with the same measure on the previous period's snapshot (``--baseline``)."""

    change: Literal["increase", "decrease", "not_below", "not_above"]
    min_change: str | int | float | None = None   # least size of the change (rates: 5% = 5 percentage points)
    until: str | int | float | None = None        # a target: once met, no further change is asked (100%)
    year: int | None = None                       # the baseline's year (default: the year before the one judged)
    through: int | None = None                    # the last year judged (逐年递增 2019–2021: 2021)


Measure = Literal["each", "share", "count", "indicator", "exists"]
Strength = Literal["binding", "encouraged"]


class RawRule(_Raw):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")
    title: Text
    measure_key: str | None = None
    source: Source
    strength: Strength
    scope: Scope | None = None
    measure: Measure
    condition: str | None = None
    indicator: str | None = None
    formula: Formula | None = None
    fact: str | None = None
    target: str | int | float | None = None
    milestones: dict[int, str | int | float] | None = None
    due: dt.date | None = None
    at: str = "region"
    period: str | int | None = None       # year | half | quarter | month, or a fixed period: 2023, 2023H1 …
    conflicts: list[Conflict] = []
    baseline: RawBaseline | None = None   # year-over-year duty: compared with the previous snapshot
    notes: Text | None = None


class Region(_Raw):
    name: str
    level_zh: str
    levels: list[str] = Field(min_length=1)
    level_names_zh: list[str] = Field(min_length=1)
    units: list[str] = Field(min_length=1)


class ExpectedUnits(_Raw):
    """A number of units the document names (「14家镇街卫生院」): the census should have at least as many."""

    kinds: list[str] = Field(min_length=1)
    count: int = Field(gt=0)
    clause: str
    quote: str | None = None


class PackMeta(_Raw):
    id: str = Field(pattern=r"^[a-z0-9_\-]+$")
    title: str
    title_en: str | None = None
    doc_number: str | None = None
    issuer: list[str] | str
    issued: dt.date | None = None
    seed: str
    region: Region
    expected_units: list[ExpectedUnits] = []


class NotCheckable(_Raw):
    clause: str
    reason_zh: str
    reason_en: str


class PackFile(_Raw):
    pack: PackMeta | None = None
    rules: list[RawRule] = []
    not_checkable: list[NotCheckable] = []


Verdict = Literal["pass", "fail", "not_applicable", "insufficient_data", "not_due"]


class RawSnapshot(_Raw):
    units: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []


class RawCase(_Raw):
    rule: str
    name: str
    as_of: dt.date
    units: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    baseline: RawSnapshot | None = None   # the previous period's census (rules with `baseline:`)
    expect: Verdict


class CaseFile(_Raw):
    cases: list[RawCase]
