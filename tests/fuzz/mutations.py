"""Hypothesis strategies that break real packs and censuses, and the invariants every output must keep."""

from __future__ import annotations

import json
import re

from hypothesis import strategies as st

from compliance.diagnostics import ProblemsError
from compliance.errors import ComplianceError

# strings that try to escape their field in some output format
INJECTIONS = [
    "[/]", "[/b]", "[bold red]x[/bold red]", "[link=https://evil.example]x[/link]",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "<javascript:alert(1)>", "5\n# INJECTED", "a|b|c", "line1\r\nline2", "**bold** _it_ `code`",
    "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\u202egnp.exe", "&lt;script&gt;", "{{x}}", "%s%n",
    "'; DROP TABLE units; --", "=1+2", "@SUM(A1)", "\\x00", "😀" * 3, "x" * 5000,
]

# the documented errors; anything else escaping is a bug
DOCUMENTED = (ComplianceError,)

EXPR_NAMES = ["has_counseling_room", "has_social_work_room", "staff", "students", "psych_teachers",
              "is_24h", "unknown_name", "x"]


def injection() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(INJECTIONS), st.text(max_size=30))


def expression() -> st.SearchStrategy[str]:
    """Condition-language text: well formed (sometimes huge or deep) or junk from its alphabet."""
    number = st.one_of(st.integers(-5, 10**6).map(str), st.sampled_from(
        ["9" * 25, "0.0000000000001", "80%", "4.5‰", "1e5", "１２", "99999999999999999999999"]))
    atom = st.one_of(st.sampled_from(EXPR_NAMES), number, st.sampled_from(["true", "false"]))

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from([" and ", " or ", " + ", " - ", " * ", " / ", " >= ", " < ",
                                               " == ", " != ", " 且 ", " ≥ "]), inner).map("".join),
            inner.map(lambda s: f"({s})"), inner.map(lambda s: f"not {s}"), inner.map(lambda s: f"-{s}"))

    wellformed = st.recursive(atom, grow, max_leaves=12)
    junk = st.text(alphabet="()+-*/<>=! andornt0123456789%‰._abcxyz且或非≥（）\x00\x1b", max_size=40)
    bombs = st.sampled_from(["(" * 200 + "x" + ")" * 200, "not " * 500 + "is_24h",
                             " or ".join(["is_24h"] * 2000), "-" * 600 + "staff >= 1",
                             "staff * staff * staff * staff >= 1", "staff >= " + "9" * 300])
    return st.one_of(wellformed, junk, bombs)


def target() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from([">= 80%", ">= " + "9" * 400, ">= 1e308", "between 5 and 1", ">= 1:0", ">= 1:" + "9" * 50,
                         "≥ 0.00000000000001%", "> -5", "= abc", "", ">= 80 kg", "between 1 and", "<= 1/3"]),
        st.text(alphabet="<>=≥≤0123456789.%‰: abetwn-", max_size=20))


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


_SCALAR_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_][\w]*:\s+)([^\s{\[|>&*!#'\"][^#]*)$", re.MULTILINE)
_FLOW_TEXT = re.compile(r"\b((?:zh|en|clause|quote|note_zh|note_en|reason_zh|reason_en|name|title)):\s*([^,{}\[\]\n]+)")


@st.composite
def broken_yaml(draw: st.DrawFn, text: str) -> bytes:
    """``text`` (a pack or case file) with one or a few mutations."""
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["inject", "inject", "expr", "target", "date", "lines", "bomb", "chars"]))
        lines = text.split("\n")
        if op == "inject":
            spots = list(_FLOW_TEXT.finditer(text)) + list(_SCALAR_LINE.finditer(text))
            if spots:
                m = draw(st.sampled_from(spots))
                text = text[:m.start(2)] + quoted(draw(injection())) + text[m.end(2):]
        elif op == "expr":
            spots = list(re.finditer(r"((?:condition|where|numerator|denominator):\s*)(.+)$", text, re.MULTILINE))
            if spots:
                m = draw(st.sampled_from(spots))
                text = text[:m.start(2)] + quoted(draw(expression())) + text[m.end(2):]
        elif op == "target":
            spots = list(re.finditer(r"((?:target|\d{4}):\s*)(\"[^\"\n]*\"|[^,}\n]+)", text))
            if spots:
                m = draw(st.sampled_from(spots))
                text = text[:m.start(2)] + quoted(draw(target())) + text[m.end(2):]
        elif op == "date":
            spots = list(re.finditer(r"\b(\d{4}-\d{2}-\d{2})\b", text))
            if spots:
                m = draw(st.sampled_from(spots))
                bad = draw(st.sampled_from(["2023-02-30", "2021-13-45", "0000-00-00", "!!timestamp 2021-99-01",
                                            "9999-12-32", "2021-02-29", "x"]))
                text = text[:m.start(1)] + bad + text[m.end(1):]
        elif op == "lines" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            how = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent"]))
            if how == "delete":
                del lines[i]
            elif how == "duplicate":
                lines.insert(i, lines[i])
            elif how == "indent":
                lines[i] = "   " + lines[i]
            else:
                lines[i] = lines[i].lstrip()
            text = "\n".join(lines)
        elif op == "bomb":
            text += draw(st.sampled_from([
                "\nx: " + "[" * 300 + "]" * 300,
                "\n" + "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                                 + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]),
                "\n[1, 2]: x", "\nrules: {a: 1}", "\n? {a: 1}\n: b", "\nnot_checkable: 5",
                "\n" + "k: v\n" * 3 + "k: w",
            ]))
        elif op == "chars" and text:
            i = draw(st.integers(0, len(text) - 1))
            text = text[:i] + draw(st.sampled_from(["\x00", "\x0c", "\x1b", "\ufffe", "\t", "\r", "'", '"', ":",
                                                     "- ", "&", "*", "!", "%", "@", "`"])) + text[i:]
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["gb18030", "utf-16", "latin-1", "utf-8-sig", "cut"]))
    if encoding == "cut":
        data = text.encode("utf-8")
        return data[:draw(st.integers(0, len(data)))]
    return text.encode(encoding, errors="replace")


def assert_located(exc: BaseException, kind: str) -> None:
    """A documented error whose every problem names its file and position."""
    assert isinstance(exc, DOCUMENTED), f"undocumented {type(exc).__name__}: {exc}"
    if isinstance(exc, ProblemsError):
        assert exc.problems, "an error without problems"
        for p in exc.problems:
            assert p.file, p
            if kind == "pack":
                assert p.line is not None and p.line >= 1 and p.column is not None, p
            elif p.code not in ("C001", "C002", "C003"):       # file- and header-level codes
                assert p.line is not None, p
            assert "\x1b" not in str(p) and "\x00" not in str(p), repr(str(p))


_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]")


def assert_escaped(fmt: str, out: str | bytes) -> None:
    """What a renderer wrote cannot act on a terminal, a Markdown viewer or a browser."""
    if isinstance(out, bytes):          # a workbook: a zip that opens; cells are data, never formulas
        import io

        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(out))
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                assert not any(isinstance(v, str) and v.startswith("=") and "alert" in v for v in row), row
        return
    assert not _RAW_CONTROL.search(out), (fmt, _RAW_CONTROL.search(out))
    if fmt == "html":
        assert "<script>alert(1)" not in out and "<img src=x onerror" not in out, fmt
        assert 'href="javascript:' not in out, fmt
    if fmt == "markdown":
        assert "<" not in out and "](javascript:" not in out.replace("\\](javascript:", ""), fmt
        assert not any(line.startswith("# INJECTED") for line in out.splitlines())
        width = None                    # every row of a table has as many cells as its header
        for line in out.splitlines():
            if not line.startswith("|"):
                width = None
                continue
            cells = len(re.findall(r"(?<!\\)\|", line))
            width = width or cells
            assert cells == width, line
    if fmt == "json":
        json.loads(out)
