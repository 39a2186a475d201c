"""Tokenizer for the condition language: names, numbers (80, 4.5, 80%, 4.5‰), operators, parentheses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import limits


class ExprError(ValueError):
    """A problem in an expression; ``offset`` is the 0-based character position in the source text."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Token:
    kind: str   # NAME NUMBER OP LPAREN RPAREN KEYWORD END
    text: str
    offset: int


KEYWORDS = {"and", "or", "not", "true", "false"}
_ALIASES = {"且": "and", "或": "or", "非": "not", "&&": "and", "||": "or", "!": "not",
            "≥": ">=", "≤": "<=", "≠": "!=", "=": "==", "×": "*"}
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<number>\d+(?:\.\d+)?(?:%|‰)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>>=|<=|==|!=|&&|\|\||[<>=+\-*/!≥≤≠×且或非])"
    r"|(?P<lparen>\()|(?P<rparen>\))"
)


def tokenize(text: str) -> list[Token]:
    if len(text) > limits.MAX_EXPR_CHARS:
        raise ExprError(f"expression of {len(text)} characters is longer than {limits.MAX_EXPR_CHARS} "
                        "(limit MAX_EXPR_CHARS)", limits.MAX_EXPR_CHARS)
    src = unicodedata.normalize("NFKC", text)  # full-width digits, （）, ＞＝ …
    out: list[Token] = []
    pos = 0
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if not m:
            ch = src[pos]
            shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
            raise ExprError(f"unexpected character {shown}", pos)
        kind = m.lastgroup
        tok = m.group()
        if kind == "number":
            whole, _, frac = tok.rstrip("%‰").partition(".")
            if len(whole.lstrip("0")) > limits.MAX_LITERAL_DIGITS:
                raise ExprError(f"number {tok[:20]}… has more than {limits.MAX_LITERAL_DIGITS} digits "
                                "(limit MAX_LITERAL_DIGITS)", pos)
            if len(frac) > limits.MAX_DECIMALS:
                raise ExprError(f"number {tok[:30]} has more than {limits.MAX_DECIMALS} decimal places "
                                "(limit MAX_DECIMALS)", pos)
            out.append(Token("NUMBER", tok, pos))
        elif kind == "name":
            out.append(Token("KEYWORD" if tok in KEYWORDS else "NAME", tok, pos))
        elif kind == "op":
            tok = _ALIASES.get(tok, tok)
            out.append(Token("KEYWORD" if tok in KEYWORDS else "OP", tok, pos))
        elif kind == "lparen":
            out.append(Token("LPAREN", tok, pos))
        elif kind == "rparen":
            out.append(Token("RPAREN", tok, pos))
        pos = m.end()
    out.append(Token("END", "", len(src)))
    return out
