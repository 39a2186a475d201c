"""each / share / count: columnar counts of in-scope units meeting a condition, per area.

A :class:`UnitIndex` is built once per check: the row positions of every kind and the number of units
per area. A rule then reads only the rows of its kinds (gathered once, only the columns it needs); the
units of other kinds are counted per area by subtraction. Evidence is kept as row positions into the
census and materialised only when read.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from ..expr import shortfall, to_polars
from ..pack import Rule

UNSET = "(未填)"
REGION_COLUMNS = ("county", "town", "village")
STATUS = pl.Enum(["not_meeting", "scope_unknown", "unknown"])   # evidence order: failures first
_FLAGS = ("out_where", "scope_unknown", "scope_unknown_meeting", "scope_unknown_not_meeting",
          "meeting", "not_meeting", "unknown")


@dataclass(frozen=True)
class Counts:
    """One area's units for one rule. ``scope_unknown`` units (their ``where`` reads a missing value)
    are split by what is known of their condition: ``scope_unknown_meeting`` (true),
    ``scope_unknown_not_meeting`` (false), the rest undecided."""

    area: str
    out_kind: int = 0
    out_where: int = 0
    scope_unknown: int = 0
    meeting: int = 0
    not_meeting: int = 0
    unknown: int = 0
    scope_unknown_meeting: int = 0
    scope_unknown_not_meeting: int = 0

    @property
    def in_scope(self) -> int:
        return self.meeting + self.not_meeting + self.unknown

    @property
    def scope_unknown_undecided(self) -> int:
        return self.scope_unknown - self.scope_unknown_meeting - self.scope_unknown_not_meeting


@dataclass(frozen=True)
class UnitMeasurement:
    total: Counts
    areas: dict[str, Counts]
    evidence: Callable[[], pl.DataFrame]   # materialises the evidence table (status, row, id, …)
    evidence_rows: int
    evidence_columns: tuple[str, ...]
    rows_total: int


class UnitIndex:
    """Row positions of a units table by kind, and units per area of a level; computed once, reused."""

    def __init__(self, units: pl.DataFrame, levels: tuple[str, ...] = ()):
        """``levels``: the pack's region levels, top first; an area of a lower level is told apart by its
        parent where two parents have one of the same name (凤翔县 and 陇县 each have a 城关镇)."""
        self.units = units
        self.levels = levels
        # positions sorted by kind code, cut into one zero-copy slice per kind (cheaper in time and memory
        # than a group-by on a million strings)
        codes = units.get_column("kind").cast(pl.Categorical).to_physical()
        order = codes.arg_sort()
        runs = codes.gather(order).rle()
        lengths = runs.struct.field("len").to_list()
        starts = [0, *itertools.accumulate(lengths)][:-1]
        kinds = units.get_column("kind").gather(order.gather(starts)).to_list() if starts else []
        self._by_kind: dict[str, pl.Series] = {k: order.slice(a, n) for k, a, n in zip(kinds, starts, lengths)}
        self._rows: dict[frozenset[str], pl.Series] = {}
        self._areas: dict[str, tuple[pl.Series, dict[int, str], dict[str, int]]] = {}

    def rows(self, kinds: Iterable[str]) -> pl.Series:
        """Positions (ascending) of the units of these kinds."""
        key = frozenset(kinds)
        if key not in self._rows:
            parts = [self._by_kind[k] for k in sorted(key) if k in self._by_kind]
            self._rows[key] = (pl.concat(parts).sort().cast(pl.UInt32) if parts
                               else pl.Series("i", [], dtype=pl.UInt32))
        return self._rows[key]

    def _qualified(self, level: str, names: pl.Series) -> pl.Series:
        """Area names of ``level`` with the parent area added (``城关镇（凤翔县）``) to the names that occur
        under more than one parent, so that two towns of one name are two areas, not one."""
        i = self.levels.index(level) if level in self.levels else 0
        parent = self.levels[i - 1] if i > 0 else None
        if parent is None or parent not in self.units.columns or not self.units.height:
            return names
        frame = pl.DataFrame({"n": names, "p": self.units.get_column(parent).fill_null("")})
        shared = (frame.filter(pl.col("n") != UNSET).group_by("n").agg(pl.col("p").n_unique().alias("k"))
                  .filter(pl.col("k") > 1).get_column("n"))
        if shared.is_empty():
            return names
        return frame.select(pl.when(pl.col("n").is_in(shared.implode()) & (pl.col("p") != ""))
                            .then(pl.concat_str([pl.col("n"), pl.lit("（"), pl.col("p"), pl.lit("）")]))
                            .otherwise(pl.col("n")).alias(names.name)).to_series()

    def areas(self, level: str) -> tuple[pl.Series, dict[int, str], dict[str, int]]:
        """Per unit the code of its area of ``level`` (UInt32), the area name of each code, and the
        number of units per area (empty cells under :data:`UNSET`)."""
        if level not in self._areas:
            n = self.units.height
            names = (self.units.get_column(level).fill_null(UNSET) if level in self.units.columns
                     else pl.Series([UNSET], dtype=pl.String).extend_constant(UNSET, n - 1) if n else
                     pl.Series([], dtype=pl.String))
            names = self._qualified(level, names)
            codes = names.cast(pl.Categorical).to_physical().cast(pl.UInt32).rename("_area")
            first = (codes.to_frame("c").with_row_index("i").group_by("c")
                     .agg(pl.col("i").first(), pl.len().alias("n")))
            area_names = names.gather(first.get_column("i")).to_list()
            self._areas[level] = (codes, dict(zip(first.get_column("c").to_list(), area_names, strict=True)),
                                  dict(zip(area_names, first.get_column("n").to_list(), strict=True)))
        return self._areas[level]


def scope_and_condition(rule: Rule, types: Mapping[str, str], data_year: int | None = None,
                        has_data_year: bool = True) -> tuple[pl.Expr, pl.Expr]:
    """(scope, met): three-valued (null = unknown) for a unit of the rule's kinds. Named units read the
    ``_name`` column (the unit's name without white space)."""
    scope = to_polars(rule.where, types) if rule.where is not None else pl.lit(True)
    if rule.names:
        scope = scope & pl.col("_name").is_in([s for n in rule.names for s in n.spellings]).fill_null(False)
    met = to_polars(rule.condition, types) if rule.condition is not None else pl.lit(True)
    if data_year is not None:
        year = pl.col("data_year") if has_data_year else pl.lit(None, dtype=pl.Int64)
        met = pl.when(year == data_year).then(met).otherwise(pl.lit(None, dtype=pl.Boolean))
    return scope, met


def unit_flags(rule: Rule, types: Mapping[str, str], data_year: int | None = None,
               has_data_year: bool = True) -> dict[str, pl.Expr]:
    """The classification of a unit of the rule's kinds (one Boolean expression per flag of :class:`Counts`)."""
    scope, met = scope_and_condition(rule, types, data_year, has_data_year)
    in_scope = scope.fill_null(False)
    unsure = scope.is_null()
    return {
        "out_where": scope == pl.lit(False),
        "scope_unknown": unsure,
        "scope_unknown_meeting": unsure & met.fill_null(False),
        "scope_unknown_not_meeting": unsure & (met == pl.lit(False)).fill_null(False),
        "meeting": in_scope & met.fill_null(False),
        "not_meeting": in_scope & (met == pl.lit(False)).fill_null(False),
        "unknown": in_scope & met.is_null(),
    }


UNIT_STATUSES = ("out_of_kind", "out_of_scope", "scope_unknown_meeting", "scope_unknown_not_meeting",
                 "scope_unknown", "meeting", "not_meeting", "unknown")


def unit_status(rule: Rule, units: pl.DataFrame, types: Mapping[str, str], data_year: int | None = None) -> pl.Series:
    """Each unit's status under ``rule`` (one of :data:`UNIT_STATUSES`), columnar: the per-unit form of
    what :func:`measure_units` counts (the differential test of the live checker compares with it)."""
    rows = units.with_columns(pl.col("name").str.replace_all(r"\s+", "").alias("_name"))
    f = unit_flags(rule, types, data_year, "data_year" in units.columns)
    f = {k: v.fill_null(False) for k, v in f.items()}
    status = (pl.when(~pl.col("kind").is_in(list(rule.kinds)).fill_null(False)).then(pl.lit("out_of_kind"))
              .when(f["out_where"]).then(pl.lit("out_of_scope"))
              .when(f["scope_unknown_meeting"]).then(pl.lit("scope_unknown_meeting"))
              .when(f["scope_unknown_not_meeting"]).then(pl.lit("scope_unknown_not_meeting"))
              .when(f["scope_unknown"]).then(pl.lit("scope_unknown"))
              .when(f["meeting"]).then(pl.lit("meeting"))
              .when(f["not_meeting"]).then(pl.lit("not_meeting"))
              .otherwise(pl.lit("unknown")))
    return rows.select(status.alias(rule.id)).to_series()


def measure_units(rule: Rule, index: UnitIndex, level: str, types: Mapping[str, str],
                  data_year: int | None = None) -> UnitMeasurement:
    """Classify the units of the rule's kinds in one pass and count per area of ``level``.

    ``data_year``: a periodic rule's year; a unit's condition counts only when its ``data_year`` (统计年度)
    is that year, and is unknown otherwise. Named units (``rule.names``) narrow the scope to them.
    """
    units = index.units
    positions = index.rows(rule.kinds)
    values = tuple(v for v in rule.attributes if v in units.columns)
    codes, area_of, totals = index.areas(level)
    rows = pl.DataFrame([positions.rename("_pos"), codes.gather(positions)])
    if values:
        rows = rows.hstack(units.select(pl.col(values).gather(positions)))
    if rule.names:
        rows = rows.hstack(units.select(pl.col("name").str.replace_all(r"\s+", "").alias("_name")
                                        .gather(positions)))
    flags = unit_flags(rule, types, data_year, "data_year" in rows.columns)
    classified = rows.lazy().with_columns(**{f"_{k}": v.fill_null(False) for k, v in flags.items()})
    grouped_plan = classified.group_by("_area").agg(pl.len().alias("in_kind"),
                                                    *[pl.col(f"_{k}").sum().alias(k) for k in _FLAGS])
    status = (pl.when(pl.col("_not_meeting")).then(pl.lit("not_meeting"))
              .when(pl.col("_unknown")).then(pl.lit("unknown"))
              .otherwise(pl.lit("scope_unknown"))).cast(STATUS)
    extra = []
    gap = shortfall(rule.condition, dict(types)) if rule.condition is not None else None
    if gap is not None:
        extra.append(pl.when(pl.col("_not_meeting")).then(gap[1]).otherwise(None).alias(f"shortfall_{gap[0]}"))
    evidence_plan = (classified.filter(pl.col("_not_meeting") | pl.col("_unknown") | pl.col("_scope_unknown"))
                     .select(status.alias("status"), "_pos", *extra)
                     .sort(["status", "_pos"]))       # positions follow the rows of the file
    # one run for both plans: polars shares the classification between them
    grouped, evidence = pl.collect_all([grouped_plan, evidence_plan])
    in_kind = {area_of[row["_area"]]: row for row in grouped.iter_rows(named=True)}  # one row per area
    areas = {}
    for name, n in totals.items():
        row = in_kind.get(name)
        areas[name] = (Counts(name, out_kind=n - row["in_kind"], **{k: int(row[k]) for k in _FLAGS})
                       if row else Counts(name, out_kind=n))
    total = Counts("__total__", **{k: sum(getattr(c, k) for c in areas.values()) for k in ("out_kind", *_FLAGS)})
    region_cols = [c for c in REGION_COLUMNS if c in units.columns]
    identity = ["_row", "id", "name", "kind", *region_cols, *values]
    columns = ("status", "row", "id", "name", "kind", *region_cols, *values, *(e.meta.output_name() for e in extra))

    def materialise() -> pl.DataFrame:
        base = units.select(pl.col(identity).gather(evidence.get_column("_pos"))).rename({"_row": "row"})
        return pl.concat([evidence.select(pl.col("status").cast(pl.String)), base, evidence.drop("status", "_pos")],
                         how="horizontal").select(columns)

    return UnitMeasurement(total, areas, materialise, evidence.height, columns, units.height)
