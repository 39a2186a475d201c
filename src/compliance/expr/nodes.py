"""Expression tree. Immutable; produced by the parser, consumed by the checker and compilers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class Num:
    value: Fraction
    text: str


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str            # and | or
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Arith:
    op: str            # + - * /
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Compare:
    op: str            # >= > <= < == !=
    left: Node
    right: Node


Node = Num | Bool | Name | Not | Neg | BoolOp | Arith | Compare


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (Not, Neg)):
        return (node.operand,)
    if isinstance(node, BoolOp):
        return node.operands
    if isinstance(node, (Arith, Compare)):
        return (node.left, node.right)
    return ()


def size_and_depth(node: Node) -> tuple[int, int]:
    """Number of nodes and depth of a tree (without recursion, so any tree can be measured)."""
    size, depth, stack = 0, 0, [(node, 1)]
    while stack:
        n, d = stack.pop()
        size += 1
        depth = max(depth, d)
        stack += [(c, d + 1) for c in children(n)]
    return size, depth


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, depth first, parents before children."""
    yield node
    if isinstance(node, (Not, Neg)):
        yield from walk(node.operand)
    elif isinstance(node, BoolOp):
        for o in node.operands:
            yield from walk(o)
    elif isinstance(node, (Arith, Compare)):
        yield from walk(node.left)
        yield from walk(node.right)


def names(node: Node) -> tuple[str, ...]:
    """Names referenced by an expression, in order of first appearance."""
    return tuple(dict.fromkeys(n.name for n in walk(node) if isinstance(n, Name)))


def render(node: Node) -> str:
    """Canonical text of an expression."""
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Bool):
        return "true" if node.value else "false"
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Not):
        return f"not {render(node.operand)}"
    if isinstance(node, Neg):
        return f"-{render(node.operand)}"
    if isinstance(node, BoolOp):
        return f" {node.op} ".join(
            f"({render(o)})" if isinstance(o, BoolOp) else render(o) for o in node.operands)
    if isinstance(node, (Arith, Compare)):
        return f"{render(node.left)} {node.op} {render(node.right)}"
    raise TypeError(node)
