"""indicator / exists: region statistics from the indicators table, latest year on or before as-of."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import polars as pl


@dataclass(frozen=True)
class Reading:
    indicator: str
    region: str
    year: int | None
    value: Fraction | None          # for rates/counts
    flag: bool | None               # for yes/no facts
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    row: int | None = None


def _frac(v: Decimal | None) -> Fraction | None:
    return None if v is None else Fraction(v)


def latest_readings(indicators: pl.DataFrame, keys: tuple[str, ...], year: int) -> dict[tuple[str, str], Reading]:
    """For each (indicator, region): the row of the latest year ≤ ``year`` (one row per pair)."""
    if indicators.height == 0:
        return {}
    rows = (indicators.lazy()
            .filter(pl.col("indicator").is_in(list(keys)) & (pl.col("year") <= year))
            .sort("year")
            .group_by(["indicator", "region"]).last()
            .collect())
    out = {}
    for r in rows.iter_rows(named=True):  # one row per indicator and region, not per unit
        num, den = _frac(r.get("numerator")), _frac(r.get("denominator"))
        value = _frac(r.get("value"))
        if num is not None and den:
            value = num / den
        out[(r["indicator"], r["region"])] = Reading(r["indicator"], r["region"], r["year"], value,
                                                     r.get("flag"), num, den, r.get("_row"))
    return out
