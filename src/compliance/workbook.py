"""Where a table is in a file: the sheet of a workbook, the header row under any title rows, and the
pair of tables a census form holds (the 单位 and 指标 sheets of a workbook, ``x.csv`` + ``x-indicators.csv``).

A sheet is chosen with ``file.xlsx#单位``; without one, a workbook's table is found by its sheet name
(:data:`SHEET_NAMES`), else the first sheet that is not the instructions or the other table.

>>> split_sheet("form.xlsx#指标")
(PosixPath('form.xlsx'), '指标')
>>> header_index([["泗水县心理服务普查表", None], ["填报单位：", None], ["单位类别", "镇街"], ["村", "金庄镇"]],
...              lambda h: h in ("单位类别", "镇街"))
2
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .dictionary import normalize_label

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")

#: sheet names of each table, as the template writes them and as people rename them
SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "units": ("单位", "单位表", "单位普查表", "普查表", "单位信息", "units"),
    "indicators": ("指标", "指标表", "指标统计表", "统计指标", "indicators"),
}
#: the template's instructions and option-list sheets (never read as data unless named)
INSTRUCTIONS_SHEETS = ("填写说明", "说明", "instructions", "选项")
#: how the template's 备注 cell of a pre-filled indicators row starts: such a row left empty is no data
UNFILLED_NOTE = "待填"
_TITLE_ROWS = 10    # a header row is looked for among this many rows at the top


def split_sheet(src: str | Path) -> tuple[Path, str | None]:
    """``file.xlsx#单位`` → (file.xlsx, 单位); a path without ``#sheet`` (or an existing file whose name
    has a ``#``) → (path, None)."""
    text = str(src)
    path = Path(text)
    if "#" not in text or path.is_file():
        return path, None
    head, _, sheet = text.rpartition("#")
    if Path(head).suffix.lower() not in WORKBOOK_SUFFIXES:
        return path, None
    return Path(head), sheet.strip() or None


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's sheets, in order (read from the workbook's index, not its sheets)."""
    import fastexcel

    return list(fastexcel.read_excel(path).sheet_names)


def _named(names: Sequence[str], wanted: Sequence[str]) -> str | None:
    by_label = {normalize_label(n): n for n in names}
    return next((by_label[normalize_label(w)] for w in wanted if normalize_label(w) in by_label), None)


def pick_sheet(names: Sequence[str], table: str) -> str | None:
    """The sheet holding ``table`` (units | indicators): one named for it; else the first sheet that is
    neither the instructions nor named for the other table (None when there is no such sheet)."""
    hit = _named(names, SHEET_NAMES[table])
    if hit is not None:
        return hit
    other = {normalize_label(n) for t, ns in SHEET_NAMES.items() if t != table for n in ns}
    other |= {normalize_label(n) for n in INSTRUCTIONS_SHEETS}
    return next((n for n in names if normalize_label(n) not in other), None)


def census_parts(src: str | Path) -> tuple[str, str | None]:
    """The two tables of a census form: a workbook → (its units sheet, its indicators sheet or None), as
    ``file.xlsx#sheet``; ``x.csv`` → (x.csv, x-indicators.csv when that file exists)."""
    path, sheet = split_sheet(src)
    if is_workbook(path):
        if sheet is not None or not path.is_file():
            return str(src), None
        names = sheet_names(path)
        ind = _named(names, SHEET_NAMES["indicators"])
        units = pick_sheet(names, "units")
        return (f"{path}#{units}" if units else str(path)), (f"{path}#{ind}" if ind else None)
    pair = path.with_name(f"{path.stem}-indicators{path.suffix}")
    return str(path), (str(pair) if pair.is_file() else None)


def header_index(rows: Sequence[Sequence[Any]], known: Callable[[str], bool]) -> int:
    """Which of the first rows is the header: the first with the most cells that ``known`` recognises
    (0 when no row has two). Government sheets put a title, a 填报单位 line or a date above it."""
    best, best_score = 0, 1
    for i, row in enumerate(rows[:_TITLE_ROWS]):
        score = sum(1 for cell in row if cell is not None and str(cell).strip() and known(str(cell)))
        if score > best_score:
            best, best_score = i, score
    return best


def title_text(rows: Sequence[Sequence[Any]]) -> str:
    """The text of skipped title rows, for the warning that says so."""
    return " / ".join(" ".join(str(c).strip() for c in row if c is not None and str(c).strip()) for row in rows
                      if any(c is not None and str(c).strip() for c in row))
