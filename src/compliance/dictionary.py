"""The shared data dictionary: unit kinds, attributes, indicators, region columns, measure keys.

Loaded once from every ``*.yaml`` file in ``compliance/dictionary/`` (merged; a key may be defined in
one file only). Packs and censuses refer to things only through these keys; Chinese headers and cell
values are mapped to keys through the ``zh`` name and ``aliases``.

>>> d = load_dictionary()
>>> d.attribute_for_header("是否设立心理咨询室").key
'has_counseling_room'
>>> d.kind_for_value("行政村")
'village'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from .diagnostics import PackError, Problem
from .yamlsource import LocatedDict, YamlSyntaxError, load_yaml

ValueType = Literal["bool", "count", "number", "rate", "text"]
VALUE_TYPES = ("bool", "count", "number", "rate", "text")
UNITS = ("count", "person", "person_time", "per_year", "hour", "yuan", "day")
DICTIONARY_DIR = Path(__file__).parent / "dictionary"

_SPACE = re.compile(r"[\s\u3000]+")


def normalize_label(text: str) -> str:
    """Fold a header or cell for matching: NFKC (full-width → half-width), no spaces, lower case."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text))).lower()


@dataclass(frozen=True)
class Entry:
    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    type: ValueType = "text"
    unit: str | None = None
    section: str = ""

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Dictionary:
    regions: dict[str, Entry]
    columns: dict[str, Entry]
    kinds: dict[str, Entry]
    attributes: dict[str, Entry]
    indicators: dict[str, Entry]
    measures: dict[str, Entry]
    _headers: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    _kind_values: dict[str, str] = field(default_factory=dict, repr=False)
    _indicator_values: dict[str, str] = field(default_factory=dict, repr=False)

    # ---- lookups -------------------------------------------------------------------------------
    def header(self, text: str) -> tuple[str, str] | None:
        """Map a census header to (section, key): section is regions|columns|attributes."""
        return self._headers.get(normalize_label(text))

    def attribute_for_header(self, text: str) -> Entry | None:
        hit = self.header(text)
        return self.attributes[hit[1]] if hit and hit[0] == "attributes" else None

    def kind_for_value(self, text: str) -> str | None:
        return self._kind_values.get(normalize_label(text))

    def indicator_for_value(self, text: str) -> str | None:
        return self._indicator_values.get(normalize_label(text))

    def name_type(self, name: str) -> ValueType | None:
        """Type of an attribute or indicator key, for expression checking."""
        entry = self.attributes.get(name) or self.indicators.get(name)
        return entry.type if entry else None


_SECTIONS = ("regions", "columns", "kinds", "attributes", "indicators", "measures")


def _entry(section: str, key: str, raw: object, where: str, problems: list[Problem],
           file: str, line: int, col: int) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(Problem("D002", f"{section}.{key}: expected a mapping", file, line, col))
        return None
    allowed = {"zh", "en", "aliases", "type", "unit", "level"}
    for extra in [k for k in raw if k not in allowed]:   # file order, not hash order
        problems.append(Problem("D003", f"{section}.{key}: unknown field {extra!r}", file, line, col))
    if not isinstance(raw.get("zh"), str) or not isinstance(raw.get("en"), str):
        problems.append(Problem("D004", f"{section}.{key}: needs zh and en names", file, line, col))
        return None
    vtype = raw.get("type", "bool" if section == "indicators" else "text")
    if section in ("attributes", "indicators") and vtype not in VALUE_TYPES:
        problems.append(Problem("D005", f"{section}.{key}: type must be one of {VALUE_TYPES}", file, line, col))
        return None
    unit = raw.get("unit")
    if unit is not None and unit not in UNITS:
        problems.append(Problem("D006", f"{section}.{key}: unit must be one of {UNITS}", file, line, col))
    aliases = raw.get("aliases") or []
    return Entry(key, raw["zh"], raw["en"], tuple(str(a) for a in aliases),
                 vtype if section in ("attributes", "indicators") else "text", unit, section)


def load_dictionary_from(folder: Path) -> Dictionary:
    problems: list[Problem] = []
    sections: dict[str, dict[str, Entry]] = {s: {} for s in _SECTIONS}
    origin: dict[tuple[str, str], str] = {}
    for path in sorted(folder.glob("*.yaml")):
        display = f"dictionary/{path.name}"
        try:
            data = load_yaml(path, display)
        except YamlSyntaxError as exc:
            problems.append(Problem("D001", exc.message, display, exc.location.line, exc.location.column))
            continue
        if not isinstance(data, LocatedDict):
            continue
        for section, body in data.items():
            loc = data.where(section)
            if section not in _SECTIONS:
                problems.append(Problem("D003", f"unknown section {section!r}", display, loc.line, loc.column))
                continue
            for key, raw in (body or {}).items():
                kloc = body.where(key)
                if key in sections[section]:
                    problems.append(Problem(
                        "D007", f"{section}.{key} is already defined in {origin[(section, key)]}",
                        display, kloc.line, kloc.column))
                    continue
                entry = _entry(section, key, raw, display, problems, display, kloc.line, kloc.column)
                if entry:
                    sections[section][key] = entry
                    origin[(section, key)] = f"{display}:{kloc.line}"
    headers: dict[str, tuple[str, str]] = {}
    for section in ("regions", "columns", "attributes"):
        for entry in sections[section].values():
            for label in (entry.key, entry.zh, entry.en, *entry.aliases):
                norm = normalize_label(label)
                prev = headers.get(norm)
                if prev and prev != (section, entry.key):
                    problems.append(Problem(
                        "D008", f"header {label!r} of {section}.{entry.key} already names {prev[0]}.{prev[1]}",
                        "dictionary"))
                headers[norm] = (section, entry.key)
    kind_values = _value_map(sections["kinds"], problems, "kinds")
    indicator_values = _value_map(sections["indicators"], problems, "indicators")
    if problems:
        raise PackError(problems, "数据字典有误 (the data dictionary is invalid)")
    return Dictionary(**sections, _headers=headers, _kind_values=kind_values,
                      _indicator_values=indicator_values)


def _value_map(entries: dict[str, Entry], problems: list[Problem], section: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in entries.values():
        for label in (entry.key, entry.zh, *entry.aliases):
            norm = normalize_label(label)
            if out.get(norm, entry.key) != entry.key:
                problems.append(Problem("D008", f"{section}: {label!r} names both {out[norm]} and {entry.key}",
                                        "dictionary"))
            out[norm] = entry.key
    return out


@cache
def load_dictionary() -> Dictionary:
    """The dictionary shipped with the package (cached)."""
    return load_dictionary_from(DICTIONARY_DIR)
