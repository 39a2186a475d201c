"""Safe YAML loading that keeps the source position of every mapping key and value.

Only PyYAML's SafeLoader is used. Each loaded mapping is a :class:`LocatedDict`, which remembers the
1-based ``Location`` of each key and value, so pack diagnostics can say ``pack.yaml:41:7``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class LocatedDict(dict):
    """A dict that records where each key (and its value) stands in the file."""

    key_locations: dict[Any, Location]
    value_locations: dict[Any, Location]
    location: Location

    def where(self, key: Any) -> Location:
        return self.key_locations.get(key, self.location)

    def where_value(self, key: Any) -> Location:
        return self.value_locations.get(key, self.where(key))


class LocatedList(list):
    locations: list[Location]
    location: Location


class _Loader(yaml.SafeLoader):
    """SafeLoader that attaches marks; constructs nothing but plain data."""


def _mark(loader: _Loader, node: yaml.Node) -> Location:
    return Location(loader.name if isinstance(loader.name, str) else "<string>",
                    node.start_mark.line + 1, node.start_mark.column + 1)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    out = LocatedDict()
    out.key_locations = {}
    out.value_locations = {}
    out.location = _mark(loader, node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_locations[key] = _mark(loader, key_node)
        out.value_locations[key] = _mark(loader, value_node)
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    out = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    out.locations = [_mark(loader, child) for child in node.value]
    out.location = _mark(loader, node)
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(Exception):
    def __init__(self, location: Location, message: str):
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Load one YAML file with positions; raise YamlSyntaxError with a 1-based location."""
    name = display or str(path)
    text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name, 1, 1)
        raise YamlSyntaxError(loc, f"{exc.problem or exc.context}") from None
    finally:
        loader.dispose()
