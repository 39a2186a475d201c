"""Recursive-descent parser: text → :mod:`compliance.expr.nodes` tree. No ``eval`` anywhere.

Grammar (lowest precedence first)::

    or      := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | compare
    compare := sum (('>='|'>'|'<='|'<'|'=='|'!=') sum)?
    sum     := product (('+'|'-') product)*
    product := unary (('*'|'/') unary)*
    unary   := '-' unary | atom
    atom    := NUMBER | NAME | 'true' | 'false' | '(' or ')'

>>> from compliance.expr.nodes import render
>>> render(parse("has_counseling_room or has_social_work_room"))
'has_counseling_room or has_social_work_room'
>>> render(parse("psych_teachers * 4000 ≥ students"))
'psych_teachers * 4000 >= students'
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .. import limits
from .nodes import Arith, Bool, BoolOp, Compare, Name, Neg, Node, Not, Num, size_and_depth
from .tokens import ExprError, Token, tokenize

_COMPARE = {">=", ">", "<=", "<", "==", "!="}


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def at(self, kind: str, text: str | None = None) -> bool:
        return self.tok.kind == kind and (text is None or self.tok.text == text)

    def parse(self) -> Node:
        node = self.or_()
        if not self.at("END"):
            raise ExprError(f"unexpected {self.tok.text!r}", self.tok.offset)
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while self.at("KEYWORD", "or"):
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else BoolOp("or", tuple(items))

    def and_(self) -> Node:
        items = [self.not_()]
        while self.at("KEYWORD", "and"):
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else BoolOp("and", tuple(items))

    def nest(self) -> None:
        """One more level of parentheses, ``not`` or unary minus; bounded by MAX_EXPR_DEPTH."""
        self.depth += 1
        if self.depth > limits.MAX_EXPR_DEPTH:
            raise ExprError(f"nested more than {limits.MAX_EXPR_DEPTH} levels deep (parentheses, 'not', '-'; "
                            "limit MAX_EXPR_DEPTH)", self.tok.offset)

    def not_(self) -> Node:
        if self.at("KEYWORD", "not"):
            self.take()
            self.nest()
            node = Not(self.not_())
            self.depth -= 1
            return node
        return self.compare()

    def compare(self) -> Node:
        left = self.sum_()
        if self.tok.kind == "OP" and self.tok.text in _COMPARE:
            op = self.take().text
            right = self.sum_()
            if self.tok.kind == "OP" and self.tok.text in _COMPARE:
                raise ExprError("chained comparisons are not allowed; join them with 'and'", self.tok.offset)
            return Compare(op, left, right)
        return left

    def sum_(self) -> Node:
        node = self.product()
        while self.tok.kind == "OP" and self.tok.text in "+-":
            op = self.take().text
            node = Arith(op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.tok.kind == "OP" and self.tok.text in "*/":
            op = self.take().text
            node = Arith(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.at("OP", "-"):
            self.take()
            self.nest()
            node = Neg(self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        t = self.tok
        if t.kind == "NUMBER":
            self.take()
            return Num(_number(t.text), t.text)
        if t.kind == "NAME":
            self.take()
            return Name(t.text, t.offset)
        if t.kind == "KEYWORD" and t.text in ("true", "false"):
            self.take()
            return Bool(t.text == "true")
        if t.kind == "LPAREN":
            self.take()
            self.nest()
            node = self.or_()
            self.depth -= 1
            if not self.at("RPAREN"):
                raise ExprError("missing ')'", self.tok.offset)
            self.take()
            return node
        what = "end of expression" if t.kind == "END" else repr(t.text)
        raise ExprError(f"expected a value, name or '(' but found {what}", t.offset)


def _number(text: str) -> Fraction:
    if text.endswith("%"):
        return Fraction(Decimal(text[:-1])) / 100
    if text.endswith("‰"):
        return Fraction(Decimal(text[:-1])) / 1000
    return Fraction(Decimal(text))


def parse(text: str) -> Node:
    """Parse an expression; raise ExprError with the offending offset."""
    if not str(text).strip():
        raise ExprError("empty expression", 0)
    node = _Parser(str(text)).parse()
    size, depth = size_and_depth(node)
    if size > limits.MAX_EXPR_NODES:
        raise ExprError(f"expression has {size} parts, more than {limits.MAX_EXPR_NODES} "
                        "(limit MAX_EXPR_NODES)", 0)
    if depth > limits.MAX_EXPR_DEPTH:
        raise ExprError(f"expression nests {depth} levels deep (a chain of + - * / counts one level per "
                        f"operator), more than {limits.MAX_EXPR_DEPTH} (limit MAX_EXPR_DEPTH)", 0)
    return node
