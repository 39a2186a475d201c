"""Safe YAML loading that keeps the source position of every mapping key and value.

Only PyYAML's SafeLoader is used. Each loaded mapping is a :class:`LocatedDict`, which remembers the
1-based ``Location`` of each key and value, so pack diagnostics can say ``pack.yaml:41:7``.

Hostile or broken files give a located :class:`YamlSyntaxError`, never another exception: a file that is
not UTF-8 (the byte's line and column), control characters, impossible dates (``2021-02-30``), a list or
mapping used as a key, nesting deeper than ``limits.MAX_YAML_DEPTH``, more than
``limits.MAX_YAML_NODES`` nodes once aliases are expanded ("billion laughs"), and files larger than
``limits.MAX_YAML_BYTES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import limits


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
    """SafeLoader that attaches marks; constructs nothing but plain data. Bounds nesting and the size of
    the document with aliases expanded (each node's weight counts the nodes it stands for)."""

    _depth = 0
    _weights: dict[int, int]

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:  # type: ignore[override]
        self._depth += 1
        try:
            if self._depth > limits.MAX_YAML_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {limits.MAX_YAML_DEPTH} levels (limit MAX_YAML_DEPTH)",
                    self.peek_event().start_mark)
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is None:
            raise yaml.composer.ComposerError(None, None, "empty node", self.peek_event().start_mark)
        weights = self.__dict__.setdefault("_weights", {})
        if id(node) not in weights:
            if isinstance(node, yaml.SequenceNode):
                w = 1 + sum(weights.get(id(c), 1) for c in node.value)
            elif isinstance(node, yaml.MappingNode):
                w = 1 + sum(weights.get(id(k), 1) + weights.get(id(v), 1) for k, v in node.value)
            else:
                w = 1
            if w > limits.MAX_YAML_NODES:
                raise yaml.composer.ComposerError(
                    None, None, f"more than {limits.MAX_YAML_NODES} values once aliases are expanded "
                    "(limit MAX_YAML_NODES; an alias bomb?)", node.start_mark)
            weights[id(node)] = w
        return node

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"impossible date {node.value!r}: {exc}", node.start_mark) from None


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
        if isinstance(key, (list, dict, set)):
            raise yaml.constructor.ConstructorError(
                None, None, f"a {'list' if isinstance(key, list) else 'mapping'} cannot be a key", key_node.start_mark)
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
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class YamlSyntaxError(Exception):
    def __init__(self, location: Location, message: str):
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def _position(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` (a byte or character index) in ``data``."""
    head = data[:offset]
    nl = b"\n" if isinstance(head, bytes) else "\n"
    line = head.count(nl) + 1  # type: ignore[arg-type]
    last = head[head.rfind(nl) + 1:]  # type: ignore[arg-type]
    if isinstance(last, bytes):
        last = last.decode("utf-8", errors="replace")
    return line, len(last) + 1


def read_text(path: Path, display: str | None = None) -> str:
    """A pack text file as str: UTF-8 only (a BOM is allowed), at most ``limits.MAX_YAML_BYTES``.
    Raise YamlSyntaxError at the offending byte otherwise."""
    name = display or str(path)
    size = path.stat().st_size
    if size > limits.MAX_YAML_BYTES:
        raise YamlSyntaxError(Location(name, 1, 1), f"文件过大 {size} 字节，上限 {limits.MAX_YAML_BYTES} "
                              f"(file of {size} bytes exceeds MAX_YAML_BYTES = {limits.MAX_YAML_BYTES})")
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlSyntaxError(Location(name, 1, 1), "文件为 UTF-16 编码，请另存为 UTF-8 "
                              "(the file is UTF-16; save it as UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line, col = _position(data, start)
        byte = data[start:start + 1].hex()
        raise YamlSyntaxError(Location(name, line, col), f"不是 UTF-8 编码（字节 0x{byte}），请另存为 UTF-8 "
                              f"(not UTF-8: byte 0x{byte} at line {line}, column {col}; save the file as "
                              "UTF-8)") from None


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Load one YAML file with positions; raise YamlSyntaxError with a 1-based location."""
    name = display or str(path)
    text = read_text(path, name)
    return loads(text, name)


def loads(text: str, name: str = "<string>") -> Any:
    """Load YAML text with positions; raise YamlSyntaxError with a 1-based location."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, name) from None
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name, 1, 1)
        raise YamlSyntaxError(loc, f"{exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, name) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Location(name, 1, 1), " ".join(str(exc).split())) from None
    except RecursionError:
        raise YamlSyntaxError(Location(name, 1, 1), "nested too deeply (limit MAX_YAML_DEPTH)") from None
    finally:
        loader.dispose()


def _reader_error(exc: yaml.reader.ReaderError, text: str, name: str) -> YamlSyntaxError:
    line, col = _position(text, exc.position)
    ch = exc.character
    code = f"U+{ch:04X}" if isinstance(ch, int) else repr(ch)
    return YamlSyntaxError(Location(name, line, col), f"不允许的控制字符 {code} "
                           f"(control character {code} is not allowed in YAML; write it as an escape in a "
                           "double-quoted string if it is meant)")
