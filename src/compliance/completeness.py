"""Completeness and consistency of a census against its pack: warnings, never verdicts.

- W010 a kind of unit the pack's rules are about has no units at all;
- W011 fewer units of a kind than the document names (``pack.expected_units``);
- W012 first-level areas of the pack (counties, or Sishui's towns) with no units at all;
- W013 an indicator's area rows disagree with the region's row (sums of counts, numerators and
  denominators; a rate of the region outside the range of its areas' rates);
- W014 the latest data of an indicator the pack reads is older than the as-of year.

Everything is computed with polars over whole columns; Python only loops over the (few) findings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from .census import Census
from .dictionary import Dictionary, load_dictionary
from .findings import ReportWarning
from .pack import Pack


def census_warnings(pack: Pack, census: Census, as_of: dt.date,
                    dictionary: Dictionary | None = None) -> list[ReportWarning]:
    d = dictionary or load_dictionary()
    out: list[ReportWarning] = []
    if census.units.height:
        out += _missing_kinds(pack, census, d)
        out += _expected_counts(pack, census, d)
        out += _empty_areas(pack, census)
    if census.indicators.height:
        keys = tuple(dict.fromkeys(k for r in pack.rules for k in r.indicators))
        out += _area_consistency(pack, census, d, keys)
        # periodic rules read exactly their periods (a missing one is insufficient data, never stale), and
        # so do year-over-year rules without a target of their own (they compare exact years)
        latest = tuple(dict.fromkeys(k for r in pack.rules if r.period is None and not r.change_only
                                     for k in r.indicators))
        out += _stale_indicators(pack, census, d, latest, as_of.year)
    return out


def _kind_counts(census: Census) -> dict[str, int]:
    counts = census.units.group_by("kind").len().drop_nulls("kind")
    return dict(zip(counts.get_column("kind").to_list(), counts.get_column("len").to_list(), strict=True))


def _missing_kinds(pack: Pack, census: Census, d: Dictionary) -> list[ReportWarning]:
    """Rules whose whole scope (every kind it names) has no units: one warning per such scope. (A scope
    of villages and communities with communities only is a place without villages, not a gap.)"""
    present = _kind_counts(census)
    scopes: dict[tuple[str, ...], list[str]] = {}
    for r in pack.rules:
        if r.kinds and not any(present.get(k) for k in r.kinds):
            scopes.setdefault(r.kinds, []).append(r.id)
    out = []
    for kinds, rules in scopes.items():
        zh = "、".join(d.kinds[k].zh for k in kinds if k in d.kinds)
        en = ", ".join(d.kinds[k].en for k in kinds if k in d.kinds)
        shown = "、".join(rules[:3]) + (f" 等 {len(rules)} 条" if len(rules) > 3 else "")
        shown_en = ", ".join(rules[:3]) + (f" and {len(rules) - 3} more" if len(rules) > 3 else "")
        out.append(ReportWarning(
            code="W010",
            message_zh=f"普查表中没有任何「{zh}」，而规则 {shown} 针对这些单位；请核实是否漏报",
            message_en=f"the census has no units of kind {en}, which rules {shown_en} are about; "
                       "check whether they were left out",
            rule_id=rules[0] if len(rules) == 1 else None))
    return out


def _expected_counts(pack: Pack, census: Census, d: Dictionary) -> list[ReportWarning]:
    present = _kind_counts(census)
    out = []
    for e in pack.expected_units:
        have = sum(present.get(k, 0) for k in e.kinds)
        if have >= e.count:
            continue
        zh = "、".join(d.kinds[k].zh for k in e.kinds if k in d.kinds)
        en = ", ".join(d.kinds[k].en for k in e.kinds if k in d.kinds)
        quote = f"「{e.quote}」" if e.quote else ""
        out.append(ReportWarning(
            code="W011",
            message_zh=f"普查表中「{zh}」有 {have} 个，少于文件（{e.clause}{quote}）所列的 {e.count} 个；请核实是否漏报",
            message_en=f"the census has {have} units of kind {en}, fewer than the {e.count} the document names "
                       f"({e.clause}{quote}); check whether some were left out"))
    return out


def _empty_areas(pack: Pack, census: Census) -> list[ReportWarning]:
    fl = pack.region.first_level
    if fl not in census.units.columns:
        return []
    present = set(census.units.get_column(fl).drop_nulls().unique().to_list())
    empty = [u for u in pack.region.units if u not in present]
    if not empty:
        return []
    lz = pack.region.level_names_zh[0]
    return [ReportWarning(
        code="W012",
        message_zh=f"以下{lz}在普查表中没有任何单位（共 {len(pack.region.units)} 个{lz}，缺 {len(empty)} 个）："
                   f"{'、'.join(empty)}；请核实是否漏报",
        message_en=f"{len(empty)} of the {len(pack.region.units)} {fl} areas have no units in the census: "
                   f"{', '.join(empty)}; check whether they were left out")]


def _fmt(v: Decimal | None) -> str:
    if v is None:
        return "—"
    text = format(v.normalize(), "f")
    return text


def _area_consistency(pack: Pack, census: Census, d: Dictionary, keys: tuple[str, ...]) -> list[ReportWarning]:
    """Per indicator and year (and period, when the table has one): the areas' rows against the region's."""
    ind = census.indicators
    if not keys:
        return []
    areas = list(pack.region.units)
    root = pack.region.name
    group = ["indicator", "year"] + [c for c in ("period",) if c in ind.columns]
    rows = ind.filter(pl.col("indicator").is_in(list(keys)) & pl.col("region").is_in([root, *areas]))
    if rows.height == 0:
        return []
    is_area = pl.col("region") != root
    agg = (rows.group_by(group, maintain_order=True).agg(
        pl.col("value").filter(~is_area).first().alias("r_value"),
        pl.col("numerator").filter(~is_area).first().alias("r_num"),
        pl.col("denominator").filter(~is_area).first().alias("r_den"),
        pl.col("region").filter(is_area).n_unique().alias("n_areas"),
        pl.col("value").filter(is_area).sum().alias("s_value"),
        pl.col("value").filter(is_area).min().alias("min_value"),
        pl.col("value").filter(is_area).max().alias("max_value"),
        pl.col("numerator").filter(is_area).sum().alias("s_num"),
        pl.col("denominator").filter(is_area).sum().alias("s_den"),
        pl.col("numerator").filter(is_area).null_count().alias("null_num"),
        pl.col("denominator").filter(is_area).null_count().alias("null_den"),
        pl.col("value").filter(is_area).null_count().alias("null_value"),
        (~is_area).sum().alias("n_root"))
        .filter((pl.col("n_root") > 0) & (pl.col("n_areas") > 0)))
    out = []
    lz = pack.region.level_names_zh[0]
    for g in agg.iter_rows(named=True):      # one row per indicator and year, not per unit
        key = g["indicator"]
        e = d.indicators.get(key)
        if e is None or e.type not in ("count", "rate", "number"):
            continue
        complete = g["n_areas"] == len(areas)
        when = f"{g['year']}年" + (f"（{g['period']}）" if g.get("period") else "")
        when_en = str(g["year"]) + (f" ({g['period']})" if g.get("period") else "")
        problems_zh: list[str] = []
        problems_en: list[str] = []
        sums = [("分子", "numerators", g["r_num"], g["s_num"], g["null_num"]),
                ("分母", "denominators", g["r_den"], g["s_den"], g["null_den"])]
        if e.type == "count" and e.unit != "per_year" and g["r_num"] is None:   # events of each body don't add up
            sums.append(("数值", "values", g["r_value"], g["s_value"], g["null_value"]))
        for label_zh, label_en, region_v, area_sum, nulls in sums:
            if region_v is None or area_sum is None or nulls:
                continue
            if (complete and area_sum != region_v) or (not complete and area_sum > region_v):
                rel = "之和" if complete else f"（{g['n_areas']} 个{lz}）之和"
                problems_zh.append(f"各{lz}{label_zh}{rel}为 {_fmt(area_sum)}，全{pack.region.level_zh}为 "
                                   f"{_fmt(region_v)}")
                problems_en.append(f"the {label_en} of the {g['n_areas']} areas add up to {_fmt(area_sum)}, "
                                   f"the region's is {_fmt(region_v)}")
        if e.type == "rate" and complete and g["r_value"] is not None and g["min_value"] is not None \
                and not g["null_value"] and not g["min_value"] <= g["r_value"] <= g["max_value"]:
            problems_zh.append(f"全{pack.region.level_zh}比率 {_fmt(g['r_value'])} 不在各{lz}比率 "
                               f"{_fmt(g['min_value'])}–{_fmt(g['max_value'])} 之间")
            problems_en.append(f"the region's rate {_fmt(g['r_value'])} lies outside its areas' rates "
                               f"{_fmt(g['min_value'])}–{_fmt(g['max_value'])}")
        if problems_zh:
            out.append(ReportWarning(
                code="W013", indicator=key, region=root,
                message_zh=f"指标「{e.zh}」{when}的分区数据与全{pack.region.level_zh}数据不一致："
                           + "；".join(problems_zh),
                message_en=f"indicator {e.en!r} ({when_en}): the areas' rows disagree with {root}'s row: "
                           + "; ".join(problems_en)))
    return out


def _stale_indicators(pack: Pack, census: Census, d: Dictionary, keys: tuple[str, ...],
                      year: int) -> list[ReportWarning]:
    """Indicators read by non-periodic rules whose latest whole-year row on or before the as-of year is
    from an earlier year (per region): the rows those rules read (a monthly row does not make a year
    current)."""
    if not keys:
        return []
    ind = census.indicators
    whole_year = (pl.col("period").is_null() | (pl.col("period") == pl.col("year").cast(pl.String))
                  if "period" in ind.columns else pl.lit(True))
    latest = (ind.filter(pl.col("indicator").is_in(list(keys)) & (pl.col("year") <= year) & whole_year)
              .group_by("indicator", "region").agg(pl.col("year").max())
              .filter(pl.col("year") < year).sort("indicator", "region"))
    out = []
    for key, part in latest.group_by("indicator", maintain_order=True):   # one group per indicator
        key = key[0]
        e = d.indicators.get(key)
        name_zh, name_en = (e.zh, e.en) if e else (key, key)
        shown = part.head(5).rows()
        more = part.height - len(shown)
        zh = "、".join(f"{r}{y}年" for _, r, y in shown) + (f" 等 {part.height} 处" if more else "")
        en = ", ".join(f"{r} {y}" for _, r, y in shown) + (f" and {more} more" if more else "")
        rules = [r.id for r in pack.rules if key in r.indicators]
        out.append(ReportWarning(
            code="W014", indicator=key, region=shown[0][1] if part.height == 1 else None,
            rule_id=rules[0] if len(rules) == 1 else None,
            message_zh=f"指标「{name_zh}」没有 {year} 年的数据，按最近一年判定（{zh}）",
            message_en=f"indicator {name_en!r} has no data for {year}; the latest year is used ({en})"))
    return out
