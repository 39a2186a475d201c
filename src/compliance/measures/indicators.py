"""indicator / exists: region statistics from the indicators table.

A rule without a period reads, per indicator and region, the whole-year row of the latest year on or
before the as-of year. A periodic rule reads the rows of exactly the periods it is judged on; a row of
another period never stands in for a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    period: str | None = None


def _frac(v: Decimal | None) -> Fraction | None:
    return None if v is None else Fraction(v)


def _readings(rows: pl.DataFrame) -> dict[tuple[str, str, str], Reading]:
    out = {}
    for r in rows.iter_rows(named=True):  # one row per indicator, region and period, not per unit
        num, den = _frac(r.get("numerator")), _frac(r.get("denominator"))
        value = _frac(r.get("value"))
        if num is not None and den:
            value = num / den
        period = r.get("period") or str(r["year"])
        out[(r["indicator"], r["region"], period)] = Reading(r["indicator"], r["region"], r["year"], value,
                                                             r.get("flag"), num, den, r.get("_row"), period)
    return out


def _whole_year(indicators: pl.DataFrame) -> pl.Expr:
    if "period" not in indicators.columns:
        return pl.lit(True)
    return pl.col("period").is_null() | (pl.col("period") == pl.col("year").cast(pl.String))


def latest_readings(indicators: pl.DataFrame, keys: tuple[str, ...], year: int) -> dict[tuple[str, str], Reading]:
    """For each (indicator, region): the whole-year row of the latest year ≤ ``year``."""
    if indicators.height == 0 or not keys:
        return {}
    rows = (indicators.lazy()
            .filter(pl.col("indicator").is_in(list(keys)) & (pl.col("year") <= year) & _whole_year(indicators))
            .sort("year")
            .group_by(["indicator", "region"]).last()
            .collect())
    return {(k, region): r for (k, region, _), r in _readings(rows).items()}


def period_readings(indicators: pl.DataFrame, keys: Iterable[str],
                    periods: Iterable[str]) -> dict[tuple[str, str, str], Reading]:
    """Each (indicator, region, period) row of exactly these periods (keys such as 2021, 2021Q1, 2021-03)."""
    keys, periods = list(keys), list(periods)
    if indicators.height == 0 or not keys or not periods:
        return {}
    period = (pl.col("period") if "period" in indicators.columns else pl.col("year").cast(pl.String))
    rows = indicators.filter(pl.col("indicator").is_in(keys) & period.is_in(periods))
    if "period" not in rows.columns:
        rows = rows.with_columns(pl.col("year").cast(pl.String).alias("period"))
    return _readings(rows)
