"""A pack's region hierarchy: the root region, the path columns used, and the first-level names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionSpec:
    """E.g. 芜湖市 with levels (county, town, village) and its eight county-level units.

    ``levels`` are keys of the dictionary ``regions:`` section, top down. ``units`` are the names of the
    first level (the breakdown key); a census row whose first-level value is not one of them lies
    outside the pack's hierarchy.
    """

    name: str
    level_zh: str
    levels: tuple[str, ...]
    level_names_zh: tuple[str, ...]
    units: tuple[str, ...]

    @property
    def first_level(self) -> str:
        return self.levels[0]

    def level_name(self, level: str) -> str:
        return self.level_names_zh[self.levels.index(level)] if level in self.levels else level
