"""Periods of periodic duties: years, half-years, quarters and months.

A periodic rule (``period: year`` / ``half`` / ``quarter`` / ``month``) is judged on the periods that the
as-of date has closed in the latest such year: a yearly duty at 2021-12-31 on 2021, at 2021-06-30 on 2020
(2021 is not over); a monthly duty at 2021-12-31 on each of the twelve months of 2021, each of which must
have its event. A fixed period (``period: "2023"`` for 年内 in a 2023 plan) is judged on that period only.
A value of any other period never decides a periodic rule: a missing period is missing data.

>>> Period.parse("2021Q1").label("zh"), Period.parse("2021-03").label("en"), Period.parse("2021H2").end
('2021年第1季度', '2021-03', datetime.date(2021, 12, 31))
>>> [p.key for p in window("quarter", dt.date(2021, 8, 15))]
['2021Q1', '2021Q2']
>>> [p.key for p in window("year", dt.date(2021, 6, 30))]
['2020']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

KINDS = ("year", "half", "quarter", "month")
_PER_YEAR = {"year": 1, "half": 2, "quarter": 4, "month": 12}
_MONTHS_IN = {"year": 12, "half": 6, "quarter": 3, "month": 1}
_KIND_ZH = {"year": "年度", "half": "半年", "quarter": "季度", "month": "月"}

_FIXED = re.compile(r"^(\d{4})(?:(H)([12])|(Q)([1-4])|-(\d{1,2}))?$")


@dataclass(frozen=True, order=True)
class Period:
    """One calendar period: ``kind`` year/half/quarter/month, its ``year`` and ``index`` (1-based)."""

    year: int
    kind: str = "year"
    index: int = 1

    @staticmethod
    def parse(text: str) -> Period:
        """``2023``, ``2023H1``, ``2023Q2``, ``2023-03`` → Period; ValueError otherwise."""
        m = _FIXED.match(text.strip())
        if not m:
            raise ValueError(f"not a period: {text!r} (expected 2023, 2023H1, 2023Q2 or 2023-03)")
        year = int(m.group(1))
        if m.group(2):
            return Period(year, "half", int(m.group(3)))
        if m.group(4):
            return Period(year, "quarter", int(m.group(5)))
        if m.group(6):
            month = int(m.group(6))
            if not 1 <= month <= 12:
                raise ValueError(f"not a month: {text!r}")
            return Period(year, "month", month)
        return Period(year)

    @property
    def key(self) -> str:
        """The canonical text: 2021, 2021H1, 2021Q3, 2021-07."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "half":
            return f"{self.year}H{self.index}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.index - 1) * _MONTHS_IN[self.kind] + 1, 1)

    @property
    def end(self) -> dt.date:
        month = self.index * _MONTHS_IN[self.kind]
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def label(self, lang: str = "zh") -> str:
        if lang != "zh":
            return self.key
        if self.kind == "year":
            return f"{self.year}年"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        if self.kind == "quarter":
            return f"{self.year}年第{self.index}季度"
        return f"{self.year}年{self.index}月"

    def __str__(self) -> str:
        return self.key


def kind_label(kind: str, lang: str = "zh") -> str:
    return _KIND_ZH[kind] if lang == "zh" else kind


def of_year(kind: str, year: int) -> list[Period]:
    """Every period of ``kind`` in ``year``, in order."""
    return [Period(year, kind, i) for i in range(1, _PER_YEAR[kind] + 1)]


def due_from(periods: list[Period], start: dt.date | None) -> list[Period]:
    """The periods that end on or after ``start``: a recurring duty falls due from its first due date."""
    return periods if start is None else [p for p in periods if p.end >= start]


def window(kind: str, as_of: dt.date) -> list[Period]:
    """The periods of ``kind`` that a recurring duty is judged on at ``as_of``: every period closed by
    ``as_of`` in the year of the latest closed one."""
    closed = [p for p in of_year(kind, as_of.year) if p.end <= as_of]
    return closed or of_year(kind, as_of.year - 1)


@dataclass(frozen=True)
class PeriodSpec:
    """A rule's period: recurring (``kind``) or one fixed period (``fixed``)."""

    kind: str
    fixed: Period | None = None

    @staticmethod
    def parse(text: str | int) -> PeriodSpec:
        text = str(text).strip()
        if text in KINDS:
            return PeriodSpec(text)
        p = Period.parse(text)
        return PeriodSpec(p.kind, p)

    def window(self, as_of: dt.date, start: dt.date | None = None) -> list[Period]:
        """The periods judged at ``as_of``; a recurring duty that falls due from ``start`` (its first due
        date) is not judged on periods that ended before it (a monthly duty due from 2023-07-31 is judged
        on July–December 2023, not January–June)."""
        if self.fixed is not None:
            return [self.fixed]
        periods = window(self.kind, as_of)
        return due_from(periods, start) or periods

    def describe(self, lang: str = "zh") -> str:
        if self.fixed is not None:
            return self.fixed.label(lang)
        if lang == "zh":
            return {"year": "每年", "half": "每半年", "quarter": "每季度", "month": "每月"}[self.kind]
        return {"year": "every year", "half": "every half-year", "quarter": "every quarter",
                "month": "every month"}[self.kind]


# ---- period cells of the indicators table (columnar) ----------------------------------------------

_CN_NUM = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
           "十": "10", "十一": "11", "十二": "12"}


def parse_period_cells(cell: pl.Expr, year: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """(kind, index, year-in-cell, ok) from a period cell, columnar.

    Accepted: ``2021`` / ``2021年`` / ``全年`` / ``年度`` (the year), ``2021-03`` / ``2021/3`` / ``2021.03`` /
    ``2021年3月`` / ``3月`` / ``3`` (a month), ``2021Q1`` / ``Q1`` / ``2021年第一季度`` / ``一季度`` / ``第1季度``
    (a quarter), ``2021H1`` / ``H2`` / ``2021年上半年`` / ``下半年`` (a half-year). An empty cell is the whole
    year. ``year`` is the row's year column (the cell may repeat it). ``ok`` is false for an unreadable cell.
    """
    s = cell.cast(pl.String).str.strip_chars().str.replace_all(r"\s+", "")
    s = s.str.to_uppercase()
    for cn in sorted(_CN_NUM, key=len, reverse=True):
        s = s.str.replace_all(f"第?{cn}季", f"Q{_CN_NUM[cn]}季", literal=False)
        s = s.str.replace_all(f"(^|年){cn}月", f"${{1}}{_CN_NUM[cn]}月", literal=False)
    s = s.str.replace_all(r"第(\d)季", "Q$1季")
    y = s.str.extract(r"^(\d{4})", 1).cast(pl.Int32, strict=False)
    rest = s.str.replace(r"^\d{4}", "").str.replace(r"^[年\-/.]", "")
    half = (pl.when(rest.str.contains(r"^(H1|上半年)$")).then(pl.lit(1))
            .when(rest.str.contains(r"^(H2|下半年)$")).then(pl.lit(2)))
    quarter = rest.str.extract(r"^Q([1-4])(?:季度?)?$", 1).cast(pl.Int32, strict=False)
    month = rest.str.extract(r"^(\d{1,2})月?(?:份)?$", 1).cast(pl.Int32, strict=False)
    month = pl.when((month >= 1) & (month <= 12)).then(month)
    whole = s.is_null() | (s == "") | rest.str.contains(r"^(年|年度|全年)?$")
    kind = (pl.when(whole).then(pl.lit("year")).when(half.is_not_null()).then(pl.lit("half"))
            .when(quarter.is_not_null()).then(pl.lit("quarter")).when(month.is_not_null()).then(pl.lit("month")))
    index = (pl.when(whole).then(pl.lit(1)).when(half.is_not_null()).then(half)
             .when(quarter.is_not_null()).then(quarter).otherwise(month)).cast(pl.Int8)
    ok = kind.is_not_null() & (y.is_null() | year.is_null() | (y == year))
    return kind, index, y, ok
