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

from . import census as _census
from . import engine, provenance
from .dictionary import load_dictionary
from .findings import Report
from .pack import Pack, Rule
from .pack import load_pack as _load_pack


def load_pack(path: str | Path, *, check_quotes: bool = True) -> Pack:
    """Load and compile a pack folder; raise PackError with every problem."""
    return _load_pack(path, load_dictionary(), check_quotes=check_quotes)


def load_census(pack: Pack, units: Any = None, indicators: Any = None, *, lenient: bool = False,
                progress: Callable[[str], None] | None = None) -> _census.Census:
    """Load a census for ``pack``: files (CSV in UTF-8/BOM/GB18030, XLSX), polars or pandas frames, or
    lists of dicts. Raise DataError with every problem (or, with ``lenient``, exclude bad rows)."""
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
    previous period's census (``load_census`` of the earlier snapshot), compared by rules with ``baseline:``."""
    return engine.check(pack, census, engine.as_of_date(as_of, year), progress=progress,
                        generated_at=provenance.run_time(timestamp), baseline=baseline)
