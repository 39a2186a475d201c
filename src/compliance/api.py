"""The small public API: load a pack, load a census, check → Report.

>>> from compliance import load_pack, load_census, check   # doctest: +SKIP
>>> pack = load_pack("rules/wuhu")                           # doctest: +SKIP
>>> census = load_census(pack, "examples/wuhu/units.csv", "examples/wuhu/indicators.csv")  # doctest: +SKIP
>>> report = check(pack, census, year=2021)                  # doctest: +SKIP
>>> report.summary.exit_code, report.finding("wuhu.goal.1_village_rooms").verdict   # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from . import census as _census
from . import engine, provenance
from .dictionary import load_dictionary
from .errors import CensusMismatchError, UsageError
from .findings import Report
from .pack import Pack, Rule
from .pack import load_pack as _load_pack


def load_pack(path: str | Path, *, check_quotes: bool = True) -> Pack:
    """Load and compile a pack folder, or a pack by name (``"wuhu"``: see :mod:`compliance.registry` for
    the search path). Raise PackError with every problem, PackNotFoundError for an unknown name."""
    from .registry import resolve_pack

    return _load_pack(resolve_pack(path), load_dictionary(), check_quotes=check_quotes)


def load_census(pack: Pack, units: Any = None, indicators: Any = None, *, lenient: bool = False,
                progress: Callable[[str], None] | None = None) -> _census.Census:
    """Load a census for ``pack``: files (CSV in UTF-8/BOM/GB18030, XLSX), polars or pandas frames, or
    lists of dicts. Raise DataError with every problem (or, with ``lenient``, exclude bad rows)."""
    if not isinstance(pack, Pack):
        raise UsageError(f"pack 应为 load_pack() 的结果 (pack must be a Pack from load_pack(), "
                         f"not {type(pack).__name__})")
    census = _census.load_census(units, indicators, region=pack.region, dictionary=load_dictionary(),
                                 lenient=lenient, needed=pack.attributes, progress=progress)
    files = tuple((role, str(src)) for role, src in (("units", units), ("indicators", indicators))
                  if isinstance(src, (str, Path)))
    return dataclasses.replace(census, files=files) if files else census


def check(pack: Pack, census: _census.Census, as_of: dt.date | str | None = None, *, year: int | None = None,
          progress: Callable[[Rule], None] | None = None, timestamp: bool = True,
          baseline: _census.Census | None = None) -> Report:
    """Evaluate ``pack`` on ``census`` at ``as_of`` (or 31 December of ``year``). The report's provenance
    records the run time unless ``timestamp`` is false (see :mod:`compliance.provenance`). ``baseline``: the
    previous period's census (``load_census`` of the earlier snapshot), compared by rules with ``baseline:``.

    Raises :class:`UsageError` for a bad date or year (or both given), and :class:`CensusMismatchError`
    for a census that was not loaded for this pack (columns its rules read are absent, or its units lie
    in another region)."""
    if not isinstance(pack, Pack):
        raise UsageError(f"pack 应为 load_pack() 的结果 (pack must be a Pack from load_pack(), "
                         f"not {type(pack).__name__})")
    if as_of is not None and year is not None:
        raise UsageError("截至日期与年份只能给出其一 (give either as_of or year, not both)")
    when = engine.as_of_date(as_of, year)
    check_fits(pack, census)
    if baseline is not None:
        check_fits(pack, baseline)
    return engine.check(pack, census, when, progress=progress, generated_at=provenance.run_time(timestamp),
                        baseline=baseline)


def check_fits(pack: Pack, census: _census.Census) -> None:
    """Raise :class:`CensusMismatchError` unless ``census`` has what ``pack`` reads: the identity and
    first-level region columns, every attribute its rules read, and units only in the pack's region."""
    if not isinstance(census, _census.Census):
        raise UsageError(f"census 应为 load_census() 的结果 (census must be a Census from load_census(pack, …), "
                         f"not {type(census).__name__})")
    columns = set(census.units.columns)
    needed = ("id", "name", "kind", pack.region.first_level, *pack.attributes)
    missing = tuple(c for c in needed if c not in columns)
    if missing:
        raise CensusMismatchError(
            f"普查数据与规则包「{pack.id}」不符：缺少列 {', '.join(missing)}；请用 load_census({pack.id!r} 的规则包, …) "
            f"载入 (the census does not fit pack {pack.id!r}: it has no column {', '.join(missing)}; load it with "
            f"load_census(pack, …) for this pack)", missing)
    absent = [c for c in _census._IND_SCHEMA if c not in census.indicators.columns]
    if absent:
        raise CensusMismatchError(
            f"普查数据的指标表缺少列 {', '.join(absent)}；请用 load_census(pack, …) 载入 (the census's indicators "
            f"table has no column {', '.join(absent)}; load it with load_census(pack, …))", tuple(absent))
    level = pack.region.first_level
    allowed = [*pack.region.units, pack.region.name]
    outside = (census.units.lazy().select(pl.col(level)).filter(pl.col(level).is_not_null()
                                                                & ~pl.col(level).is_in(allowed))
               .unique().limit(3).collect().get_column(level).to_list())
    if outside:
        raise CensusMismatchError(
            f"普查数据与规则包「{pack.id}」不符：「{'、'.join(outside)}」不是{pack.region.name}所辖区域；"
            f"请用同一规则包载入普查数据 (the census does not fit pack {pack.id!r}: {', '.join(outside)} "
            f"is not in {pack.region.name}; load the census with load_census(pack, …) for this pack)", (level,))
