"""Mutated example censuses (CSV and XLSX): a census, or a DataError whose every problem is located.
Lenient loading conserves rows (read = kept + excluded); checking and rendering are escaped and repeatable."""

from __future__ import annotations

import csv
import io
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from compliance import check, load_census, load_pack
from compliance.render import RENDERERS, render

from ..conftest import REPO
from .conftest import BIG, PACKS, SMALL_EXAMPLES, bounded, budget
from .mutations import assert_escaped, assert_located, injection

NAMES = PACKS if BIG else SMALL_EXAMPLES


@cache
def _pack(name: str):
    return load_pack(REPO / "rules" / name)


@cache
def _rows(name: str, table: str) -> tuple[tuple[str, ...], ...]:
    """The example table as text cells (the examples are GB18030 or UTF-8 CSV)."""
    data = (REPO / "examples" / name / f"{table}.csv").read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    rows = [tuple(r) for r in csv.reader(io.StringIO(text))]
    return tuple(rows if BIG else rows[:120])


@st.composite
def broken_table(draw: st.DrawFn, rows: tuple[tuple[str, ...], ...]) -> list[list[str]]:
    out = [list(r) for r in rows]
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(out) - 1))
        row = out[i]
        op = draw(st.sampled_from(["inject", "inject", "number", "ragged", "short", "blank", "duplicate",
                                   "header", "swap"]))
        j = draw(st.integers(0, max(len(row) - 1, 0)))
        if op == "inject" and row:
            row[j] = draw(injection())
        elif op == "number" and row:
            row[j] = draw(st.sampled_from(["9" * 40, "-5", "1e400", "１２３", "1,234", "12.5", "80%", "NaN",
                                           "inf", "0x10", "5‰", " 7 ", "是", "", "#DIV/0!", "=1+1"]))
        elif op == "ragged":
            row += draw(st.lists(injection(), min_size=1, max_size=3))
        elif op == "short":
            del row[j:]
        elif op == "blank":
            out[i] = [""] * len(row)
        elif op == "duplicate":
            out.insert(i, list(row))
        elif op == "header":
            out[0][min(j, len(out[0]) - 1)] = draw(injection())
        elif op == "swap" and i > 0:
            out[0], out[i] = out[i], out[0]
    return out


def _encode(rows: list[list[str]], encoding: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    text = buf.getvalue()
    if encoding == "cut":
        data = text.encode("utf-8")
        return data[: len(data) * 2 // 3]
    if encoding == "mixed":             # rows pasted from a GB18030 file below a UTF-8 one
        lines = text.splitlines(keepends=True)
        half = len(lines) // 2
        return "".join(lines[:half]).encode("utf-8") + "".join(lines[half:]).encode("gb18030", errors="replace")
    return text.encode(encoding, errors="replace")


def _check_invariants(pack, units, indicators):
    """Strict: a census or a located DataError. Lenient: rows conserved. Output escaped, repeatable."""
    try:
        load_census(pack, units, indicators)
    except Exception as exc:  # noqa: BLE001
        assert_located(exc, "data")
    try:
        census = load_census(pack, units, indicators, lenient=True)
    except Exception as exc:  # noqa: BLE001 - only file-level problems may stop a lenient load
        assert_located(exc, "data")
        assert all(p.code in ("C001", "C002", "C003") for p in exc.problems), exc
        return
    excluded = census.excluded.filter(census.excluded["table"] == "units").height
    assert census.rows_read == census.units.height + excluded
    report = check(pack, census, year=2021)
    for fmt in RENDERERS:
        out = render(report, fmt, "en", cap=5)
        assert_escaped(fmt, out)
        if fmt != "xlsx":               # a workbook's zip stamps its own write time
            assert out == render(check(pack, load_census(pack, units, indicators, lenient=True), year=2021),
                                 fmt, "en", cap=5)


@budget(ci=10)
@given(data=st.data(), name=st.sampled_from(NAMES))
def test_mutated_csv_census(data, name):
    units = data.draw(broken_table(_rows(name, "units")), label="units")
    indicators = data.draw(broken_table(_rows(name, "indicators")), label="indicators")
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8", "gb18030", "utf-8-sig", "utf-16", "latin-1",
                                                 "cut", "mixed"]))
    with tempfile.TemporaryDirectory() as tmp:
        u, i = Path(tmp) / "units.csv", Path(tmp) / "indicators.csv"
        u.write_bytes(_encode(units, encoding))
        i.write_bytes(_encode(indicators, "utf-8"))
        with bounded(30):
            _check_invariants(_pack(name), u, i)


@budget(ci=5)
@given(data=st.data(), name=st.sampled_from(SMALL_EXAMPLES))
def test_xlsx_oddities(data, name):
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    rows = data.draw(broken_table(_rows(name, "units")[:40]), label="units")
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in r])     # a workbook cannot hold them
    for _ in range(data.draw(st.integers(0, 4))):
        cell = ws.cell(row=data.draw(st.integers(1, len(rows) + 2)), column=data.draw(st.integers(1, 12)))
        cell.value = data.draw(st.one_of(
            st.sampled_from(["=1+1", '=IF(1,"是","否")', "=A1", "=1/0", "#DIV/0!"]),
            st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
            st.dates(), st.just(None), st.text(max_size=10).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s))))
    if data.draw(st.booleans()):
        ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=2)
    if data.draw(st.booleans()):
        wb.create_sheet("second").append(["junk"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "units.xlsx"
        wb.save(path)
        with bounded(30):
            _check_invariants(_pack(name), path, None)
