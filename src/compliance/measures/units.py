"""each / share / count: columnar counts of in-scope units meeting a condition, per area."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from ..expr import shortfall, to_polars
from ..pack import Rule

UNSET = "(未填)"
_FLAGS = ("out_kind", "out_where", "scope_unknown", "meeting", "not_meeting", "unknown")


@dataclass(frozen=True)
class Counts:
    area: str
    out_kind: int = 0
    out_where: int = 0
    scope_unknown: int = 0
    meeting: int = 0
    not_meeting: int = 0
    unknown: int = 0

    @property
    def in_scope(self) -> int:
        return self.meeting + self.not_meeting + self.unknown


@dataclass(frozen=True)
class UnitMeasurement:
    total: Counts
    areas: dict[str, Counts]
    evidence: pl.DataFrame            # status + identity + values + shortfall columns
    rows_total: int
    value_columns: tuple[str, ...] = field(default=())


def measure_units(rule: Rule, units: pl.DataFrame, level: str, types: dict[str, str]) -> UnitMeasurement:
    """Classify every units row for this rule in one pass and count per area of ``level``."""
    kind_in = pl.col("kind").is_in(list(rule.kinds))
    scope = to_polars(rule.where) if rule.where is not None else pl.lit(True)
    met = to_polars(rule.condition) if rule.condition is not None else pl.lit(True)
    in_scope = kind_in & scope.fill_null(False)
    flags = {
        "out_kind": ~kind_in,
        "out_where": kind_in & (scope == pl.lit(False)),
        "scope_unknown": kind_in & scope.is_null(),
        "meeting": in_scope & met.fill_null(False),
        "not_meeting": in_scope & (met == pl.lit(False)).fill_null(False),
        "unknown": in_scope & met.is_null(),
    }
    area = pl.col(level).fill_null(UNSET) if level in units.columns else pl.lit(UNSET)
    classified = units.lazy().with_columns(
        _area=area, **{f"_{k}": v.fill_null(False) for k, v in flags.items()})
    grouped_plan = classified.group_by("_area").agg([pl.col(f"_{k}").sum().alias(k) for k in _FLAGS])
    values = tuple(rule.attributes)
    region_cols = [c for c in ("county", "town", "village") if c in units.columns]
    status = (pl.when(pl.col("_not_meeting")).then(pl.lit("not_meeting"))
              .when(pl.col("_unknown")).then(pl.lit("unknown"))
              .otherwise(pl.lit("scope_unknown")))
    extra = []
    gap = shortfall(rule.condition, types) if rule.condition is not None else None
    if gap is not None:
        extra.append(pl.when(pl.col("_not_meeting")).then(gap[1]).otherwise(None).alias(f"shortfall_{gap[0]}"))
    evidence_plan = (classified.filter(pl.col("_not_meeting") | pl.col("_unknown") | pl.col("_scope_unknown"))
                     .select([status.alias("status"), "_row", "id", "name", "kind", *region_cols,
                              *[pl.col(v) for v in values if v in units.columns], *extra])
                     .rename({"_row": "row"})
                     .sort(["status", "row"]))
    # one run for both plans: polars shares the classification between them
    grouped, evidence = pl.collect_all([grouped_plan, evidence_plan])
    areas = {row["_area"]: Counts(row["_area"], **{k: int(row[k]) for k in _FLAGS})
             for row in grouped.iter_rows(named=True)}  # one row per area, not per unit
    total = Counts("__total__", **{k: sum(getattr(c, k) for c in areas.values()) for k in _FLAGS})
    return UnitMeasurement(total, areas, evidence, units.height, values)
