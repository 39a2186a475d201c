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

    @property
    def root_names(self) -> tuple[str, ...]:
        """How a unit of the region itself (a city's own hotline or crisis centre) may fill the first-level
        column: the region's name, 本级, 市本级 (level + 本级) or 芜湖市本级; all read as the region's name."""
        return (self.name, "本级", f"{self.level_zh}本级", f"{self.name}本级")

    def level_name(self, level: str) -> str:
        return self.level_names_zh[self.levels.index(level)] if level in self.levels else level
