"""Load a census: the units table (one row per facility or place) and the indicators table.

Both tables are read as text and then parsed and validated column by column with polars expressions
(never row by row in Python): a clean column costs one cast, and the slower folding (full-width digits,
thousands separators, % and ‰) runs only for columns that need it. A CSV is read in blocks of whole
records (in-memory tables and workbooks in batches of rows) and each batch is typed before the next is
read (the next block is parsed meanwhile), so the text of at most two batches is in memory: a
million-row census loads in about 2× a bare ``polars.read_csv`` and needs a fraction of its memory. Checks that need the whole table (duplicate
ids, the region hierarchy) run on the typed table. Every problem is collected and reported at once in a
:class:`DataError`; with ``lenient=True`` rows with problems are dropped instead and listed in
``Census.excluded``.

Problem codes (all ``Problem(kind="data")``; line = spreadsheet row, header is row 1):

=====  ==========================================================================
C001   file unreadable (encoding, CSV structure, unsupported input)
C002   unknown column (or a duplicated / unnamed column)
C003   required column missing (units: kind and the first region level;
       indicators: region, year, indicator and value or numerator + denominator)
C004   bad cell (value not of the column's type)
C005   unknown unit kind
C006   duplicate unit id
C007   region outside the pack's hierarchy (units: first-level value not one of its units;
       indicators: neither the region nor one of its first-level units)
C008   unknown indicator
C009   indicator row without a value
C010   a row with more cells than the header (CSV)
C011   workbook formula cells without a stored value (XLSX written by a program that does not compute)
=====  ==========================================================================

Each code (and each warning code W…), with how to fix it: :mod:`compliance.codes` (``compliance explain
C004``). For a workbook, problems carry the Excel cell (``单位!M15``); misspelt headers, kinds, regions
and indicators get a "did you mean" (:mod:`compliance.suggest`). Which sheet and which header row a
table has is decided in :mod:`compliance.workbook`.
"""

from __future__ import annotations

import functools
import html
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Self

import polars as pl

from . import limits
from .diagnostics import DataError, Problem
from .dictionary import Dictionary, load_dictionary, normalize_label
from .findings import ReportWarning, as_warning
from .periods import parse_period_cells
from .regions import RegionSpec
from .suggest import hint_exprs, hints, suggestion
from .workbook import (
    UNFILLED_NOTE,
    WORKBOOK_SUFFIXES,
    census_parts,
    header_index,
    pick_sheet,
    sheet_names,
    split_sheet,
    title_text,
)

__all__ = ["DECIMAL", "INDICATOR_HEADERS", "Census", "CensusDataError", "Progress", "load_census"]

DECIMAL = pl.Decimal(38, 12)
_WIDE = pl.Decimal(38, 18)          # intermediate scale so that 12.3456‰ scales exactly
_CAP = 300                          # Problem objects built per check; the rest are only counted
_MAX_UNIQUE_MAP = 20_000            # distinct kind / indicator cells mapped through the dictionary

_DTYPES: dict[str, pl.DataType] = {
    "bool": pl.Boolean(), "count": pl.Int64(), "number": DECIMAL, "rate": DECIMAL, "text": pl.String(),
}
_MAX_CELL = limits.MAX_CELL_MAGNITUDE
_EXPECTED = {
    "bool": ("应为 是/否（有/无、Y/N、1/0、√/×）", "expected yes/no: 是/否, 有/无, Y/N, 1/0, true/false, √/×"),
    "count": ("应为不超过 10^15 的非负整数，如 12 或「12人」（医院等级可写「二级」）",
              "expected a non-negative whole number up to 10^15, such as 12 or 12人 (a hospital grade may be 二级)"),
    "number": ("应为绝对值不超过 10^15 的数值", "expected a number of at most 10^15 in absolute value"),
    "rate": ("应为比率，如 80%、0.8 或 800‰", "expected a non-negative rate such as 80%, 0.8 or 800‰"),
    "year": ("应为四位年份，如 2020", "expected a four-digit year such as 2020"),
    "positive": ("应为大于 0 的数值", "expected a number greater than 0"),
    "unit": ("单位应为 %、‰ 或留空", "expected %, ‰ or empty"),
}

# ---- indicators-table headers (kept here, not in the dictionary) ---------------------------------
INDICATOR_HEADERS: dict[str, tuple[str, ...]] = {
    "region": ("地区", "区域", "行政区划", "地区名称", "region"),
    "year": ("年份", "年度", "year"),
    "period": ("期间", "统计期", "统计期间", "时期", "月份", "季度", "半年度", "period"),
    "indicator": ("指标", "指标名称", "指标编码", "indicator"),
    "value": ("数值", "值", "指标值", "value"),
    "numerator": ("分子", "numerator"),
    "denominator": ("分母", "denominator"),
    "unit": ("单位", "unit"),
    "note": ("备注", "说明", "note"),
}
_INDICATOR_ZH = {"region": "地区", "year": "年份", "indicator": "指标", "value": "数值",
                 "numerator": "分子", "denominator": "分母"}
_INDICATOR_HEADER_MAP = {normalize_label(h): k for k, hs in INDICATOR_HEADERS.items() for h in hs}
# units-table bookkeeping columns that are not data (serial number, remarks): ignored, not C002
_UNITS_IGNORED = frozenset(normalize_label(h) for h in ("序号", "备注", "说明", "no.", "note", "notes"))

# kinds that denote a first-level unit itself (its own region column may be filled from its name)
_LEVEL_KINDS = {"county": ("county",), "town": ("town", "street", "public_service_center"),
                "village": ("village", "community")}

# ---- cell vocabularies ---------------------------------------------------------------------------
_TRUE = ("是", "有", "y", "yes", "1", "1.0", "true", "√", "✓", "✔", "已设立", "已建立", "已成立")
_FALSE = ("否", "无", "n", "no", "0", "0.0", "false", "×", "✗", "✘", "未设立", "未建立", "未成立")
_BOOL_FOLDED = {**{t: True for t in _TRUE}, **{t: False for t in _FALSE}}
_BOOL_RAW = {**_BOOL_FOLDED, **{v.upper(): b for v, b in _BOOL_FOLDED.items()},
             **{v.capitalize(): b for v, b in _BOOL_FOLDED.items()}}


def _token_series(tokens: dict[str, bool]) -> tuple[pl.Series, pl.Series]:
    """A token map as (old, new) Series, built once (an expression built from a dict converts it again
    on every call)."""
    return pl.Series(list(tokens), dtype=pl.String), pl.Series(list(tokens.values()), dtype=pl.Boolean)


_BOOL_RAW_S = _token_series(_BOOL_RAW)
_BOOL_FOLDED_S = _token_series(_BOOL_FOLDED)
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}

_NUM_RE = r"^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
_COUNT_RE = r"^\+?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?$"
_YEAR_RE = r"^(\d{4})(?:\.0*)?年?$"


@dataclass(frozen=True)
class Census:
    """A loaded census.

    ``units``: ``_row`` (Int64, spreadsheet row), ``id``, ``name``, ``kind`` (a dictionary kind key), one
    String column per region level, then attribute columns typed by the dictionary (bool → Boolean,
    count → Int64, number / rate → Decimal(38, 12), text → String). ``indicators``: ``_row``, ``region``,
    ``year`` (Int32), ``indicator`` (a dictionary key), ``value``, ``flag`` (bool indicators),
    ``numerator``, ``denominator``. ``excluded``: rows dropped in lenient mode, with their reasons.
    """

    units: pl.DataFrame
    indicators: pl.DataFrame
    excluded: pl.DataFrame
    warnings: tuple[ReportWarning, ...] = ()
    sources: tuple[str, ...] = ()
    rows_read: int = 0
    files: tuple[tuple[str, str], ...] = ()   # (units | indicators, path as given) for inputs read from files


class Progress(str):
    """A progress message; ``share`` is the part of the input read so far (0…1) when it is known."""

    share: float | None

    def __new__(cls, text: str, share: float | None = None) -> Self:
        msg = super().__new__(cls, text)
        msg.share = share
        return msg


class CensusDataError(DataError):
    """A census cannot be used as given (``omitted`` counts problems beyond the per-check cap; ``counts``
    every problem by code, those beyond the cap included)."""

    counts: dict[str, int]

    def __init__(self, problems: list[Problem], title: str = "", omitted: int = 0,
                 counts: dict[str, int] | None = None):
        super().__init__(problems, title, omitted)
        self.counts = dict(counts or {})


_TITLE = "普查数据有误，未能载入 (the census data cannot be used as given)"
EXCLUDED_SCHEMA = {"table": pl.String(), "source": pl.String(), "row": pl.Int64(), "id": pl.String(),
                   "reason_zh": pl.String(), "reason_en": pl.String()}


# ==================================================================================================
# reading
# ==================================================================================================
_BLOCK_BYTES = 3 << 19      # a CSV is read in blocks of whole records of about 1.5 MiB (bounded memory)
_BATCH_ROWS = 100_000       # in-memory tables and workbooks are turned into text this many rows at a time


@dataclass
class _Raw:
    """A table as text: its header row, then (iterating) batches of ``_row`` (Int64, spreadsheet row) +
    c0..cN (String), blank rows dropped. The batches are produced while they are consumed, once."""

    headers: list[str]              # header text per column position
    source: str                     # display name
    batches: Iterator[tuple[pl.DataFrame, int]]   # c0..cN (String) and the spreadsheet row of its first row
    rows_read: int = 0              # rows seen so far (all of them once the batches are consumed)
    done: Callable[[], float] | None = None         # the share of the input read so far (0…1), if known
    formulas: pl.DataFrame | None = None             # workbook: ``_row``, ``_formula`` (cells without a value)
    header_row: int = 1             # spreadsheet row of the header (below any title rows)
    sheet: str | None = None        # the workbook sheet read (cell references name it)
    first_column: int = 1           # spreadsheet column of the first column (a sheet may start at B)
    title: str = ""                 # text of the title rows above the header (skipped, with a warning)

    @property
    def label(self) -> str:
        """The source as listed in a report: ``form.xlsx#单位`` for a workbook sheet."""
        return f"{self.source}#{self.sheet}" if self.sheet else self.source

    def letter(self, j: int) -> str:
        """The spreadsheet column letter of column position ``j``."""
        return _col_letter(self.first_column + j)

    def cell(self, j: int, row: int | None = None) -> str | None:
        """The Excel reference of column position ``j`` in ``row`` (default: the header), for a workbook."""
        if self.sheet is None:
            return None
        return f"{self.sheet}!{self.letter(j)}{self.header_row if row is None else row}"

    def cells(self, columns: dict[str, str]) -> tuple[str, dict[str, str]] | None:
        """For cell references: (sheet, header → column letter), given header → raw column ``cN``."""
        if self.sheet is None:
            return None
        return self.sheet, {h: self.letter(int(c[1:])) for h, c in columns.items()}

    def frame(self) -> pl.DataFrame:
        """Every batch in one frame (for small tables)."""
        parts = list(self)
        if not parts:
            return pl.DataFrame(schema={"_row": pl.Int64(), **{f"c{j}": pl.String() for j in range(len(self.headers))},
                                        **_READ_NOTES})
        return pl.concat(parts)

    def __iter__(self) -> Iterator[pl.DataFrame]:
        for text, first_row in _prefetched(self.batches):
            batch = _numbered(text, first_row)
            if self.formulas is not None and self.formulas.height:
                batch = (batch.drop("_formula").join(self.formulas, on="_row", how="left", maintain_order="left")
                         .with_columns(pl.col("_formula").cast(pl.String)))
            self.rows_read += batch.height
            yield batch


# problems met while reading, one column each (null where none): cells beyond the header's width (C010),
# workbook formulas without a computed value (C011)
_READ_NOTES: dict[str, pl.DataType] = {"_extra": pl.String(), "_formula": pl.String()}


_END = object()


def _prefetched(items: Iterator[Any]) -> Iterator[Any]:
    """The items of ``items``, the next one produced in a worker thread while the caller works on this
    one (polars parses a block without the GIL, so reading overlaps typing). One item in flight."""
    with ThreadPoolExecutor(1, thread_name_prefix="census-read") as pool:
        pending = pool.submit(next, items, _END)
        while (item := pending.result()) is not _END:
            pending = pool.submit(next, items, _END)
            yield item


def _display(src: Any, label: str) -> str:
    if isinstance(src, (str, Path)):
        return Path(src).name
    return f"<{label}>"


def _fail(source: str, message: str) -> DataError:
    return DataError([Problem("C001", message, source, kind="data")], _TITLE)


def _read(src: Any, label: str, known: Callable[[str], bool] = lambda _h: False) -> _Raw | None:
    """``label``: units | indicators (which workbook sheet to read); ``known``: whether a cell is a header
    of this table (to find the header row under title rows)."""
    if src is None or (isinstance(src, list) and not src):
        return None  # an empty list is an empty table, like None
    if isinstance(src, (str, Path)):
        path, sheet = split_sheet(src)
        return _read_path(path, _display(path, label), label, known, sheet)
    source = _display(src, label)
    if isinstance(src, pl.DataFrame):
        frame = src
    elif isinstance(src, list):
        frame = _from_dicts(src, source)
    elif type(src).__module__.split(".")[0] == "pandas":
        frame = _from_pandas(src, source)
    else:
        raise _fail(source, f"不支持的输入类型 {type(src).__name__} (unsupported input type "
                            f"{type(src).__name__}: use a .csv/.xlsx path, a DataFrame or a list of dicts)")
    return _with_share(_Raw([str(c).strip() for c in frame.columns], source, _text_batches(frame, source)),
                       frame.height)


def _with_share(raw: _Raw, rows: int) -> _Raw:
    """An in-memory table's progress: rows read of ``rows``."""
    raw.done = lambda: min(1.0, raw.rows_read / rows) if rows else 1.0
    return raw


def _text_batches(frame: pl.DataFrame, source: str, first_row: int = 2) -> Iterator[tuple[pl.DataFrame, int]]:
    """An in-memory table (header excluded) as text batches of at most _BATCH_ROWS rows."""
    names = [f"c{j}" for j in range(frame.width)]
    for start in range(0, frame.height, _BATCH_ROWS):
        part = frame.slice(start, _BATCH_ROWS)
        try:
            text = part.select([pl.col(c).cast(pl.String).alias(n) for c, n in zip(part.columns, names, strict=True)])
        except Exception as exc:
            raise _fail(source, f"无法将数据转换为文本 {exc} (cannot convert the data to text: {exc})") from exc
        yield text, first_row + start


def _numbered(frame: pl.DataFrame, first_row: int) -> pl.DataFrame:
    """Number the rows from ``first_row`` (spreadsheet rows) and drop the blank ones."""
    names = frame.columns
    frame = frame.insert_column(0, pl.int_range(first_row, first_row + frame.height, dtype=pl.Int64,
                                                eager=True).alias("_row"))
    frame = frame.with_columns([pl.lit(None, dtype=t).alias(c) for c, t in _READ_NOTES.items() if c not in names])
    blank = pl.all_horizontal(pl.col(names).is_null())
    if names and frame.select(blank.any()).item():
        frame = frame.filter(~blank)
    return frame


def _read_path(path: Path, source: str, table: str = "units", known: Callable[[str], bool] = lambda _h: False,
               sheet: str | None = None) -> _Raw:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise _fail(source, f"找不到文件 {path} (file not found: {path})")
    if suffix in WORKBOOK_SUFFIXES:
        raw = _read_sheet(path, source, table, known, sheet)
        if raw.sheet is not None and raw.sheet == _first_sheet(path):   # C011: formulas of the first sheet
            raw.formulas = _uncomputed_formulas(path)
        return raw
    if suffix not in (".csv", ".tsv", ".txt"):
        raise _fail(source, f"不支持的文件类型「{suffix}」(unsupported file type {suffix!r}: "
                            "use .csv, .tsv, .txt, .xlsx or .xlsm)")
    return _CsvReader(path, source, tab=suffix == ".tsv", known=known).open()


def _read_sheet(path: Path, source: str, table: str, known: Callable[[str], bool], sheet: str | None) -> _Raw:
    """One sheet of a workbook (``sheet``, or the one named for ``table``), as text, numbered as in Excel."""
    import fastexcel

    try:
        names = sheet_names(path)
        if sheet is None:
            sheet = pick_sheet(names, table) or (names[0] if names else None)
        elif sheet not in names:
            from .suggest import suggestion
            hint_zh, hint_en = suggestion(sheet, names)
            raise _fail(source, f"工作簿 {source} 中没有工作表「{sheet}」{hint_zh}（现有：{'、'.join(names)}）"
                                f" (workbook {source} has no sheet {sheet!r}{hint_en}; it has: {', '.join(names)})")
        if sheet is None:
            return _Raw([], source, iter(()))
        loaded = fastexcel.read_excel(path).load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string")
        columns = loaded.available_columns()
        frame = loaded.to_polars()
    except DataError:
        raise
    except Exception as exc:
        raise _fail(source, f"无法读取工作簿 {source}：{exc} (cannot read workbook {source}: {exc})") from exc
    if frame.height == 0:
        return _Raw([], source, iter(()), sheet=sheet)
    frame = frame.select(pl.all().cast(pl.String))
    top = [frame.row(i) for i in range(min(frame.height, 10))]
    k = header_index(top, known)
    headers = ["" if h is None else str(h).strip() for h in frame.row(k)]
    first_column = columns[0].absolute_index + 1 if columns else 1
    raw = _Raw(headers, source, _text_batches(frame.slice(k + 1), source, k + 2), header_row=k + 1, sheet=sheet,
               first_column=first_column, title=title_text(top[:k]))
    return _with_share(raw, frame.height - k - 1)


_XLSX_CHUNK = 1 << 20


def _first_sheet(path: Path) -> str | None:
    try:
        names = sheet_names(path)
    except Exception:  # noqa: BLE001 - an unreadable workbook is reported by the reader itself
        return None
    return names[0] if names else None


def _uncomputed_formulas(path: Path) -> pl.DataFrame | None:
    """Cells of the first sheet holding a formula but no stored value (a workbook written by a program
    that does not compute formulas): calamine reads them as empty, so they are reported (C011) instead.
    Only the formula cells are visited; a sheet without ``<f`` costs one scan of its XML."""
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml")
            sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\b(?:\w+:)?id=\"([^\"]+)\"", book)
            rels = z.read("xl/_rels/workbook.xml.rels")
            target = None
            for rel in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
                rid, tgt = re.search(rb'\bId="([^"]*)"', rel), re.search(rb'\bTarget="([^"]*)"', rel)
                if sheet and rid and tgt and rid.group(1) == sheet.group(1):
                    target = tgt.group(1).decode("utf-8", "replace").lstrip("/")
            if target is None:
                return None
            name = target if target.startswith("xl/") else f"xl/{target}"
            with z.open(name) as f:         # most sheets have no formula: look before reading it whole
                tail, has_f = b"", False
                while chunk := f.read(_XLSX_CHUNK):
                    if re.search(rb"<(?:\w+:)?f[\s>/]", tail + chunk):
                        has_f = True
                        break
                    tail = chunk[-8:]
            if not has_f:
                return None
            data = z.read(name)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None                         # calamine has read it; the formula check is best effort
    rows: list[int] = []
    texts: list[str] = []
    for m in re.finditer(rb"<(?:\w+:)?f[\s>/]", data):
        start, end = data.rfind(b"<c ", 0, m.start()), data.find(b"</c>", m.start())
        cell = data[start:end] if start >= 0 and end >= 0 else b""
        if not cell or re.search(rb"<(?:\w+:)?v(?:\s[^>]*)?>[^<]+<", cell):
            continue                        # a stored value: calamine reads it (<v/> is none)
        ref = re.search(rb'\br="([A-Z]+)(\d+)"', cell[: cell.find(b">") + 1])
        formula = re.search(rb"<(?:\w+:)?f\b[^>]*>([^<]*)</", cell)
        text = html.unescape(formula.group(1).decode("utf-8", "replace")) if formula else "…"
        rows.append(int(ref.group(2)) if ref else 0)
        texts.append(f"{ref.group(1).decode() + ref.group(2).decode() if ref else '?'}={text[:40]}")
    if not rows:
        return None
    return (pl.DataFrame({"_row": rows, "_formula": texts}, schema={"_row": pl.Int64(), "_formula": pl.String()})
            .group_by("_row", maintain_order=True).agg(pl.col("_formula").str.join("; ")))


def _share_of(stream: BinaryIO, size: int) -> Callable[[], float]:
    """How much of a stream has been read (1 once it is closed)."""
    def done() -> float:
        try:
            return min(1.0, stream.tell() / size) if size else 1.0
        except ValueError:          # closed: all read
            return 1.0
    return done


def _record_blocks(stream: BinaryIO, size: int) -> Iterator[bytes]:
    """Blocks of whole CSV records, each about ``size`` bytes, cut after a newline outside quotes.

    A newline ends a record when the quotes before it pair up (RFC 4180 doubles quotes inside quoted
    fields, so parity is enough). No encoding this reader accepts uses the bytes of a newline or a
    quote inside a multi-byte character (UTF-8, GB18030), so the cut is safe before decoding.
    """
    carry = b""
    while chunk := stream.read(size):
        buf = carry + chunk
        cut = buf.rfind(b"\n")
        quotes = buf.count(b'"', 0, cut) if cut >= 0 else 0
        while cut >= 0 and quotes % 2:          # inside a quoted field: step back a line
            prev = buf.rfind(b"\n", 0, cut)
            quotes -= buf.count(b'"', prev + 1, cut)
            cut = prev
        if cut < 0:
            carry = buf
            continue
        yield buf[:cut + 1]
        carry = buf[cut + 1:]
    if carry:
        yield carry


class _CsvReader:
    """A CSV/TSV file read block by block: the encoding is detected (BOM → UTF-8 or UTF-16; strict
    UTF-8; else strict GB18030), and each block of records is parsed by polars as text.

    Strict UTF-8 validation is done by polars itself while parsing (it rejects any invalid sequence),
    so valid UTF-8 costs no extra pass; a block that fails is checked in Python and, if it is not UTF-8,
    read as GB18030 from there on — allowed only while every earlier block was plain ASCII (the same in
    both encodings), so a file is never read in two encodings.
    """

    def __init__(self, path: Path, source: str, *, tab: bool, known: Callable[[str], bool] = lambda _h: False):
        self.path, self.source, self.tab, self.known = path, source, tab, known
        self.header_row, self.title = 1, ""
        self.encoding = "auto"          # auto (UTF-8 so far) | utf-8 (BOM) | gb18030
        self.ascii_so_far = True

    def open(self) -> _Raw:
        stream: BinaryIO = self.path.open("rb")
        size = self.path.stat().st_size
        bom = stream.read(3)
        if bom.startswith(b"\xef\xbb\xbf"):
            stream.seek(3)
            self.encoding = "utf-8"
        elif bom.startswith((b"\xff\xfe", b"\xfe\xff")):      # Excel "Unicode text": UTF-16 with BOM
            stream.seek(0)
            with stream:
                data = stream.read()
            try:
                text = data.decode("utf-16").encode("utf-8")
                stream, size = io.BytesIO(text), len(text)
            except UnicodeDecodeError as exc:
                raise self._undecodable() from exc
            self.encoding = "utf-8"
        else:
            stream.seek(0)
        blocks = _record_blocks(stream, _BLOCK_BYTES)
        first = next(blocks, b"")
        if not first.strip():
            stream.close()
            raise _fail(self.source, f"文件 {self.source} 为空 (file {self.source} is empty)")
        while first.count(b"\n") < 12 and (more := next(blocks, None)) is not None:   # the top rows, whole
            first += more
        first = self._skip_title_rows(first)
        line = first[: first.find(b"\n")] if b"\n" in first else first
        self.sep = "\t" if self.tab or (b"\t" in line and b"," not in line) else ","
        self.schema: dict[str, pl.DataType] = {}
        head = self._parse(first, None)
        width = head.width - ("_extra" in head.columns)
        self.schema: dict[str, pl.DataType] = {f"c{j}": pl.String() for j in range(width)}
        head = head.rename(dict(zip([c for c in head.columns if c != "_extra"], self.schema, strict=True)))
        headers = (["" if h is None else str(h).strip() for h in head.select(list(self.schema)).row(0)]
                   if head.height else [])
        return _Raw(headers, self.source, self._batches(stream, head.slice(1), blocks), done=_share_of(stream, size),
                    header_row=self.header_row, title=self.title)

    def _skip_title_rows(self, first: bytes) -> bytes:
        """The first block without the title rows above the header (found among the first lines; they
        may be shorter than the header, so polars would take the wrong width from them)."""
        import csv

        lines = first.split(b"\n", 10)[:10]
        encoding = "utf-8" if self.encoding != "auto" or _is_utf8(b"\n".join(lines[:-1])) else "gb18030"
        try:
            text = [ln.decode(encoding).rstrip("\r") for ln in lines[:-1]]
        except UnicodeDecodeError:
            return first
        sep = "\t" if self.tab or (text and "\t" in text[0] and "," not in text[0]) else ","
        rows = list(csv.reader(text, delimiter=sep))   # at most ten lines: the top of the file only
        k = header_index(rows, self.known)
        if k == 0:
            return first
        self.header_row, self.title = k + 1, title_text(rows[:k])
        cut = 0
        for _ in range(k):
            cut = first.index(b"\n", cut) + 1
        return first[cut:]

    def _batches(self, stream: BinaryIO, body: pl.DataFrame,
                 blocks: Iterator[bytes]) -> Iterator[tuple[pl.DataFrame, int]]:
        with stream:
            next_row = self.header_row + 1
            yield body, next_row
            next_row += body.height
            for block in blocks:
                frame = self._parse(block, next_row)
                yield frame, next_row
                next_row += frame.height

    def _parse(self, block: bytes, first_row: int | None) -> pl.DataFrame:
        """One block of records as text columns (``first_row`` None: the block with the header)."""
        if self.encoding == "gb18030":
            try:
                block = block.decode("gb18030").encode("utf-8")
            except UnicodeDecodeError as exc:
                raise (self._mixed(block, first_row) or self._undecodable(first_row)) from exc
        try:
            if first_row is None:       # the header block: its first record sets the width
                frame = pl.read_csv(block, has_header=False, infer_schema=False, separator=self.sep,
                                    raise_if_empty=False)
            else:                       # short records are padded; long ones: see _ragged
                frame = pl.read_csv(block, has_header=False, separator=self.sep, raise_if_empty=False,
                                    schema=self.schema, missing_columns="insert")
        except Exception as exc:
            if (self.encoding != "auto" or _is_utf8(block)) and (ragged := self._ragged(block)) is not None:
                if self.ascii_so_far and self.encoding == "auto":
                    self.ascii_so_far = block.isascii()
                return ragged
            if self.encoding == "auto" and not _is_utf8(block):
                if not self.ascii_so_far:
                    raise self._mixed_error(first_row) from exc
                self.encoding = "gb18030"
                return self._parse(block, first_row)
            first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
            zh, en = _near(first_row)
            raise _fail(self.source, f"无法解析 CSV 文件 {self.source}{zh}：{first_line} "
                                     f"(cannot parse CSV file {self.source}{en}: {first_line})") from exc
        if self.ascii_so_far and self.encoding == "auto":
            self.ascii_so_far = block.isascii()
        return frame

    def _ragged(self, block: bytes) -> pl.DataFrame | None:
        """A block in which some record has more cells than the header: read wide enough to hold every
        record, the header's columns as usual and the surplus cells (those not empty) joined in
        ``_extra``, so that each such row is reported (C010) — or, lenient, excluded — on its own.
        None if the block cannot be read that way either (then it is a CSV structure error)."""
        try:
            width = len(self.schema) or pl.read_csv(block, has_header=False, infer_schema=False, n_rows=1,
                                                    separator=self.sep, raise_if_empty=False,
                                                    truncate_ragged_lines=True).width
        except Exception:  # noqa: BLE001 - not even one record: a structure error
            return None
        sep = self.sep.encode()
        most = max(map(bytes.count, block.split(b"\n"), itertools.repeat(sep))) + 1
        for wide in (max(most, width + 1), 2 * max(most, width) + 16, 8 * max(most, width) + 64):
            try:
                frame = pl.read_csv(block, has_header=False, separator=self.sep, raise_if_empty=False,
                                    schema={f"c{j}": pl.String() for j in range(wide)}, missing_columns="insert")
            except Exception:  # noqa: BLE001, S112 - still too narrow (quoted newlines): try wider
                continue
            surplus = [f"c{j}" for j in range(width, wide)]
            extra = pl.concat_str([pl.col(c) for c in surplus], separator=self.sep, ignore_nulls=True)
            return frame.select(*[f"c{j}" for j in range(width)],
                                pl.when(extra.str.len_bytes() > 0).then(extra).alias("_extra"))
        return None

    def _mixed(self, block: bytes, first_row: int | None) -> DataError | None:
        """The error for a block that is UTF-8 (with Chinese text) up to some row and not after it, as
        when rows saved as GB18030 are pasted below a UTF-8 file; None if the block is not like that."""
        try:
            block.decode("utf-8")
        except UnicodeDecodeError as exc:
            prefix = block[: exc.start]
            prefix = prefix[: prefix.rfind(b"\n") + 1]       # whole lines of UTF-8, Chinese among them
            if prefix.isascii():
                return None
            row = (first_row or self.header_row) + prefix.count(b"\n")
            return self._mixed_error(row)
        return None

    def _mixed_error(self, row: int | None) -> DataError:
        return _fail(self.source, f"文件 {self.source} 混用了多种编码（第{row}行附近起不是 UTF-8），"
                                  "请整体另存为 UTF-8 或 GB18030 "
                                  f"(file {self.source} mixes encodings: it stops being UTF-8 near row "
                                  f"{row}; save the whole file as UTF-8 or GB18030)")

    def _undecodable(self, first_row: int | None = None) -> DataError:
        zh, en = _near(first_row)
        return _fail(self.source, f"无法识别文件编码 {self.source}{zh}，请另存为 UTF-8 或 GB18030 "
                                  f"(cannot decode {self.source}{en}; save as UTF-8 or GB18030)")


def _near(first_row: int | None) -> tuple[str, str]:
    """Where in the file a block starts, for messages (nothing for the block with the header)."""
    return (f"（第{first_row}行附近）", f" near row {first_row}") if first_row else ("", "")


def _is_utf8(block: bytes) -> bool:
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _from_pandas(frame: Any, source: str) -> pl.DataFrame:
    frame = frame.reset_index(drop=True)
    try:
        return pl.from_pandas(frame)
    except Exception:  # noqa: BLE001 - mixed object columns: go through pandas' own string dtype
        try:
            return pl.from_pandas(frame.astype("string"))
        except Exception as exc:
            raise _fail(source, f"无法读取 pandas 数据 {exc} (cannot convert the pandas DataFrame: {exc})") from exc


def _from_dicts(rows: list, source: str) -> pl.DataFrame:
    if not all(isinstance(r, dict) for r in rows):
        raise _fail(source, "列表中每一项应为字典 (every item of the list must be a dict)")
    keys = list(dict.fromkeys(k for r in rows for k in r))
    try:
        return pl.from_dicts(rows, schema={str(k): pl.String for k in keys}, strict=False)
    except Exception as exc:
        raise _fail(source, f"无法读取数据 {exc} (cannot convert the rows: {exc})") from exc


# ==================================================================================================
# column parsing (expressions)
# ==================================================================================================
def _text(c: pl.Expr) -> pl.Expr:
    s = c.str.strip_chars()
    return pl.when(s.str.len_bytes() > 0).then(s)


def _needs_strip(c: pl.Expr) -> pl.Expr:
    """Any cell with surrounding whitespace or empty (polars already nulls empty CSV cells)."""
    n = c.str.len_bytes()
    return ((c.str.strip_chars().str.len_bytes() != n) | (n == 0)).any()


def _nonempty(c: pl.Expr) -> pl.Expr:
    return c.is_not_null() & (c.str.strip_chars().str.len_bytes() > 0)


def _fold(c: pl.Expr) -> pl.Expr:
    """Full-width → ASCII, no whitespace (the NFKC folding that matters for numbers and yes/no)."""
    return c.str.replace_many(_FULLWIDTH).str.replace_all(r"\s+", "")


def _suffix(c: pl.Expr) -> pl.Expr:
    return pl.when(c.str.ends_with("%")).then(pl.lit("%")).when(c.str.ends_with("‰")).then(pl.lit("‰"))


# Parsing is tiered so that clean columns cost one cast: tier 0 is a plain cast of the raw cell; the
# later tiers run only for columns that still have unparsed non-empty cells, and only fill the cells
# the earlier tiers left null. A tier is a list of stages (each a list of expressions evaluated with
# ``with_columns``, so no sub-expression is evaluated twice); its last stage yields column ``t``.
# Names: c = raw column, t = the tier's result column, p = prefix for temporary columns,
# x = a column holding an external % / ‰ suffix (indicators' unit column) or None.
Stage = list[pl.Expr]


def _tier0(vtype: str, c: str, x: str | None) -> pl.Expr:
    raw = pl.col(c)
    if vtype == "bool":     # 是 / 否 as Excel and WPS write them: two comparisons (other spellings: next tiers)
        return pl.when(raw == "是").then(pl.lit(True)).when(raw == "否").then(pl.lit(False))
    if vtype == "count":
        return raw.cast(pl.Int64, strict=False)
    d = raw.cast(DECIMAL, strict=False)
    if vtype == "rate" and x is not None:       # an external % / ‰ must go through the scaling tiers
        d = pl.when(pl.col(x).is_null()).then(d)
    return d


def _bool_tokens(c: str, t: str, p: str, x: str | None) -> list[Stage]:
    """Every yes/no token as written (是/有/Y/yes/1/√ …, upper and capitalised)."""
    return [[pl.col(c).replace_strict(*_BOOL_RAW_S, default=None, return_dtype=pl.Boolean).alias(t)]]


def _bool_full(c: str, t: str, p: str, x: str | None) -> list[Stage]:
    return [[_fold(pl.col(c)).str.to_lowercase()
             .replace_strict(*_BOOL_FOLDED_S, default=None, return_dtype=pl.Boolean).alias(t)]]


def _count_full(c: str, t: str, p: str, x: str | None) -> list[Stage]:
    s = pl.col(p + "s")
    digits = s.str.replace_all(",", "", literal=True).str.replace(r"\.0*$", "").str.strip_prefix("+")
    return [[_fold(pl.col(c)).alias(p + "s")],
            [pl.when(s.str.contains(_COUNT_RE)).then(digits).cast(pl.Int64, strict=False).alias(t)]]


def _number_full(c: str, t: str, p: str, x: str | None) -> list[Stage]:
    s = pl.col(p + "s")
    return [[_fold(pl.col(c)).alias(p + "s")],
            [pl.when(s.str.contains(_NUM_RE)).then(s.str.replace_all(",", "", literal=True))
             .cast(_WIDE, strict=False).cast(DECIMAL, strict=False).alias(t)]]


def _rate_full(c: str, t: str, p: str, x: str | None) -> list[Stage]:
    """Full-width folding, thousands separators, a % or ‰ suffix in the cell or in column x."""
    s = pl.col(p + "s")
    pct, permille = s.str.ends_with("%"), s.str.ends_with("‰")
    body = pl.when(permille).then(s.str.strip_suffix("‰")).otherwise(s.str.strip_suffix("%"))
    number = pl.when(body.str.contains(_NUM_RE)).then(body.str.replace_all(",", "", literal=True))
    if x is not None:
        pct, permille = pct | (~permille & (pl.col(x) == "%")), permille | (~pct & (pl.col(x) == "‰"))
    factor = (pl.when(pct).then(pl.lit(Decimal("0.01"), dtype=_WIDE))
              .when(permille).then(pl.lit(Decimal("0.001"), dtype=_WIDE))
              .otherwise(pl.lit(Decimal(1), dtype=_WIDE)))
    return [[_fold(pl.col(c)).alias(p + "s")],
            [number.cast(_WIDE, strict=False).alias(p + "w"), factor.alias(p + "f")],
            [(pl.col(p + "w") * pl.col(p + "f")).cast(DECIMAL, strict=False).alias(t)]]


def _rate_cheap(c: str, t: str, p: str, x: str | None) -> list[Stage]:
    """The common case only: a plain number with an optional trailing % (anything else: next tier)."""
    raw = pl.col(c)
    factor = pl.when(raw.str.ends_with("%")).then(pl.lit(Decimal("0.01"), dtype=_WIDE))
    if x is not None:
        factor = factor.when(pl.col(x) == "%").then(pl.lit(Decimal("0.01"), dtype=_WIDE))
    factor = factor.otherwise(pl.lit(Decimal(1), dtype=_WIDE))
    number = raw.str.strip_suffix("%").cast(_WIDE, strict=False)
    if x is not None:       # ‰ in the unit column: left to the full tier
        number = pl.when(pl.col(x).is_null() | (pl.col(x) == "%")).then(number)
    return [[number.alias(p + "w"), factor.alias(p + "f")],
            [(pl.col(p + "w") * pl.col(p + "f")).cast(DECIMAL, strict=False).alias(t)]]


# ---- spellings people write (the last tiers, only for cells the earlier ones left) -------------------
_REMARK_RE = r"[（(][^（()）]*[）)]$"                     # 是（已建） → 是
_COUNTER_RE = r"(?:人次|人|名|个|家|所|间|位|次|处|座|级(?:[甲乙丙特]等)?|[甲乙丙]等)$"   # 12人, 三级甲等
_CN_DIGITS = {"零": "0", "〇": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9", "十": "10"}
_BOOL_WORDS = {**{w: True for w in ("已建", "已建成", "已设", "已设置", "已配备", "已开设", "已开展", "已开通",
                                     "已落实", "已完成", "建成", "完成", "具备", "配备")},
               **{w: False for w in ("未建", "未建成", "未设", "未设置", "未配备", "未开设", "未开展", "未开通",
                                      "未落实", "未完成", "没有", "暂无", "不具备")}}
_BOOL_WORDS_S = _token_series(_BOOL_WORDS)
_BOOL_CHOICES = {t: "是" if b else "否" for t, b in {**_BOOL_FOLDED, **_BOOL_WORDS}.items() if not t.isascii()}


def _bool_words(c: str, t: str, p: str, x: str | None) -> list[Stage]:
    """A yes/no with a remark in brackets (「是（已建）」) or written as a word (已建 / 未配备)."""
    s = pl.col(p + "s")
    return [[_fold(pl.col(c)).str.to_lowercase().alias(p + "s")],
            [pl.coalesce(s.str.replace(_REMARK_RE, "").replace_strict(*_BOOL_FOLDED_S, default=None,
                                                                      return_dtype=pl.Boolean),
                         s.str.replace(_REMARK_RE, "").replace_strict(*_BOOL_WORDS_S, default=None,
                                                                      return_dtype=pl.Boolean)).alias(t)]]


def _count_words(c: str, t: str, p: str, x: str | None) -> list[Stage]:
    """A count with its counter word (「12人」「3家」) or a grade (「二级」「三级甲等」 → 3; 「三甲」)."""
    s = pl.col(p + "s")
    body = s.str.replace(_REMARK_RE, "").str.replace(r"^([一二三123])[甲乙丙]$", "${1}").str.replace(_COUNTER_RE, "")
    digits = body.replace(_CN_DIGITS).str.replace_all(",", "", literal=True).str.replace(r"\.0*$", "")
    return [[_fold(pl.col(c)).alias(p + "s")],
            [pl.when((body != s) | s.str.contains(_REMARK_RE)).then(digits)
             .cast(pl.Int64, strict=False).alias(t)]]


_TIERS: dict[str, tuple[Callable[..., list[Stage]], ...]] = {
    "bool": (_bool_tokens, _bool_full, _bool_words), "count": (_count_full, _count_words),
    "number": (_number_full,),
    "rate": (_rate_cheap, _rate_full),
}


@dataclass(frozen=True)
class _Spec:
    vtype: str
    raw: str                # raw column (String)
    out: str                # parsed column
    extra: str | None = None  # column with an external % / ‰ suffix (rates)


def _suffixed(spec: _Spec) -> pl.Expr | None:
    """For a rate column without a unit column: whether any cell is written with % / ‰."""
    if spec.vtype != "rate" or spec.extra is not None:
        return None
    return (pl.col(spec.raw).str.ends_with("%") | pl.col(spec.raw).str.ends_with("‰")).any()


def _parse(frame: pl.DataFrame, specs: list[_Spec], suffixed: set[str] | None = None,
           memo: dict[Any, list[pl.Expr]] | None = None) -> tuple[pl.DataFrame, list[_Spec]]:
    """Add every spec's parsed column; return the frame and the specs with cells that did not parse.

    ``suffixed``: the rate columns written with % / ‰ (they skip the plain cast), if already known.
    ``memo``: where to keep the expressions between batches of the same table (building them costs
    about as much as running them on a small batch).
    """
    if not specs:
        return frame, []
    if suffixed is None:
        found = frame.select([e.alias(sp.out) for sp in specs if (e := _suffixed(sp)) is not None])
        suffixed = {c for c in found.columns if found.get_column(c).item()}
    signed = [sp for sp in specs if sp.vtype in ("count", "rate")]
    memo = {} if memo is None else memo
    key = frozenset(suffixed)

    def unparsed(sp: _Spec, strict_empty: bool = False) -> pl.Expr:
        given = _nonempty(pl.col(sp.raw)) if strict_empty else pl.col(sp.raw).str.len_bytes() > 0
        return (given & pl.col(sp.out).is_null()).sum()

    def failing(candidates: list[_Spec], strict_empty: bool) -> list[_Spec]:
        counts = frame.select([unparsed(sp, strict_empty).alias(sp.out) for sp in candidates])
        return [sp for sp in candidates if counts.get_column(sp.out).item()]

    # tier 0 (a plain cast), then what it leaves and any negative value, in one pass
    if ("tier0", key) not in memo:
        memo["tier0", key] = [(pl.lit(None, dtype=DECIMAL) if sp.out in suffixed
                               else _tier0(sp.vtype, sp.raw, sp.extra)).alias(sp.out) for sp in specs]
        memo["stats", key] = ([unparsed(sp).alias(f"u_{sp.out}") for sp in specs]
                              + [(pl.col(sp.out) < 0).any().alias(f"n_{sp.out}") for sp in signed])
    frame = frame.with_columns(memo["tier0", key])
    stats = frame.select(memo["stats", key])
    pending = [sp for sp in specs if stats.get_column(f"u_{sp.out}").item()]
    tier = 0
    while pending:
        todo = [sp for sp in pending if tier < len(_TIERS[sp.vtype])]
        if not todo:
            break
        plans = [(sp, _TIERS[sp.vtype][tier](sp.raw, f"_t_{sp.out}", f"_p_{sp.out}_", sp.extra)) for sp in todo]
        for k in range(max(len(stages) for _, stages in plans)):
            frame = frame.with_columns([e for _, stages in plans if k < len(stages) for e in stages[k]])
        temps = [c for c in frame.columns if any(c.startswith(f"_p_{sp.out}_") for sp in todo)]
        frame = frame.with_columns([pl.coalesce(sp.out, f"_t_{sp.out}").alias(sp.out) for sp in todo])
        frame = frame.drop([f"_t_{sp.out}" for sp in todo] + temps)
        pending = failing(pending, strict_empty=False)
        tier += 1
    # counts and rates must not be negative: such cells become null (and are reported as bad)
    if signed:
        if tier:        # later tiers filled cells: look again
            negative = frame.select([(pl.col(sp.out) < 0).any().alias(f"n_{sp.out}") for sp in signed])
        else:
            negative = stats
        flipped = [sp for sp in signed if negative.get_column(f"n_{sp.out}").item()]
        if flipped:
            frame = frame.with_columns([pl.when(pl.col(sp.out) >= 0).then(pl.col(sp.out)).alias(sp.out)
                                        for sp in flipped])
            pending = list(dict.fromkeys(pending + flipped))
    # absurdly large values (beyond limits.MAX_CELL_MAGNITUDE) become null and are reported as bad cells,
    # so that arithmetic on them in conditions stays exact (see expr.check.check_magnitude)
    numeric = [sp for sp in specs if sp.vtype in ("count", "number", "rate")]
    if numeric and frame.height:
        huge = frame.select([(pl.col(sp.out).abs() > _MAX_CELL).any().alias(sp.out) for sp in numeric]).row(0)
        big = [sp for sp, h in zip(numeric, huge, strict=True) if h]
        if big:
            frame = frame.with_columns([pl.when(pl.col(sp.out).abs() <= _MAX_CELL).then(pl.col(sp.out)).alias(sp.out)
                                        for sp in big])
            pending = list(dict.fromkeys(pending + big))
    return frame, failing(pending, strict_empty=True) if pending else []


def _echo(value: pl.Expr) -> pl.Expr:
    """A cell quoted in a message: at most ``limits.MAX_ECHO_CHARS`` characters, then …."""
    n = limits.MAX_ECHO_CHARS
    return pl.when(value.str.len_chars() > n).then(value.str.slice(0, n) + "…").otherwise(value)


def _bad_cell_messages(raw: pl.Expr, header: str, what: str) -> tuple[pl.Expr, pl.Expr]:
    zh, en = _EXPECTED[what]
    return (pl.format("列「{}」的值「{}」无效，{}", pl.lit(header), _echo(raw.str.strip_chars()), pl.lit(zh)),
            pl.format("bad value '{}' in column '{}': {}", _echo(raw.str.strip_chars()), pl.lit(header), pl.lit(en)))


def _unique_map(frame: pl.DataFrame, col: str, lookup: Callable[[str], str | None],
                fallback: dict[str, str]) -> pl.Expr:
    """Map a column's distinct values through a dictionary lookup (exact ``normalize_label`` semantics).

    Only the distinct values are visited in Python; if there are implausibly many, the columnar
    full-width/space/case folding is used with ``fallback`` (normalised label → key) instead.
    """
    uniques = frame.get_column(col).drop_nulls().unique()
    if uniques.len() <= _MAX_UNIQUE_MAP:
        values = uniques.to_list()
        return pl.col(col).replace_strict(values, [lookup(v) for v in values], default=None,
                                          return_dtype=pl.String)
    return _fold(pl.col(col)).str.to_lowercase().replace_strict(fallback, default=None, return_dtype=pl.String)


def _label_map(entries: Iterable) -> dict[str, str]:
    return {normalize_label(label): e.key for e in entries for label in (e.key, e.zh, *e.aliases)}


def _col_letter(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


# ==================================================================================================
# checks
# ==================================================================================================
@dataclass
class _Check:
    code: str
    column: str | None      # header as written
    mask: pl.Expr           # rows with the problem (strict and lenient)
    zh: pl.Expr
    en: pl.Expr
    report: pl.Expr | None = None   # strict mode: rows that get a Problem (default: mask)
    order: int = 0          # place among one row's reasons (lenient) or one line's problems (strict)


@dataclass
class _Collector:
    """Problems found so far. A table's rows may be checked in several runs (batches, then whole-table
    checks); ``finish`` puts them in row order and, in lenient mode, drops the rows with problems."""

    lenient: bool = False
    structural: list[Problem] = field(default_factory=list)
    rows: list[Problem] = field(default_factory=list)
    omitted: int = 0
    counts: dict[str, int] = field(default_factory=dict)     # row problems by code (strict mode), all counted
    excluded: list[pl.DataFrame] = field(default_factory=list)
    warnings: list[ReportWarning | str] = field(default_factory=list)
    _pending: list[tuple[int, int, Problem]] = field(default_factory=list)
    _built: dict[tuple[str, str | None, int], int] = field(default_factory=dict)
    _reasons: list[pl.DataFrame] = field(default_factory=list)

    def warn(self, code: str, zh: str, en: str, **about: str | None) -> None:
        """A warning (never a verdict change): code W…, Chinese and English text, what it concerns."""
        self.warnings.append(ReportWarning(code=code, message_zh=zh, message_en=en, **about))

    def struct(self, code: str, message: str, source: str, line: int | None = None,
               column: str | None = None, cell: str | None = None) -> None:
        self.structural.append(Problem(code, message, source, line, column, kind="data", cell=cell))

    def run(self, frame: pl.DataFrame, checks: list[_Check], source: str,
            cells: tuple[str, dict[str, str]] | None = None) -> None:
        """Evaluate every check columnar over ``frame`` and record the rows with problems. ``cells``
        (workbook input): the sheet and each header's column letter, for Excel cell references."""
        if not checks or frame.height == 0:
            return
        names = [f"_m{i}" for i in range(len(checks))]
        # the masks alone first (a narrow frame): filtering the whole table would make polars rechunk it
        masks = frame.select([c.mask.fill_null(False).alias(n) for c, n in zip(checks, names)])
        rows = masks.select(pl.any_horizontal(pl.all()).arg_true()).to_series()
        if rows.len() == 0:
            return
        bad = pl.concat([frame.select(pl.all().gather(rows)), masks.select(pl.all().gather(rows))],
                        how="horizontal")
        if self.lenient:
            self._reasons += [bad.filter(pl.col(n)).select(
                pl.col("_row").alias("row"), pl.lit(c.order).alias("_order"),
                pl.format("{} {}", pl.lit(c.code), c.zh).alias("reason_zh"),
                pl.format("{} {}", pl.lit(c.code), c.en).alias("reason_en"))
                for c, n in zip(checks, names)]
            return
        for c, n in zip(checks, names):
            sel = bad.filter(pl.col(n) & (c.report.fill_null(False) if c.report is not None else True))
            key = (c.code, c.column, c.order)
            if sel.height:
                self.counts[c.code] = self.counts.get(c.code, 0) + sel.height
            room = _CAP - self._built.get(key, 0)
            if sel.height > room:
                self.omitted += sel.height - max(room, 0)
                sel = sel.head(max(room, 0))
            self._built[key] = self._built.get(key, 0) + sel.height
            letter = cells[1].get(c.column) if cells is not None and c.column is not None else None
            for row, zh, en in sel.select("_row", c.zh.alias("_zh"), c.en.alias("_en")).iter_rows():
                cell = f"{cells[0]}!{letter}{row}" if cells is not None and letter else None
                self._pending.append((row, c.order, Problem(c.code, f"{zh} ({en})", source, row, c.column, cell=cell,
                                                            kind="data")))

    def finish(self, frame: pl.DataFrame, table: str, source: str, id_col: str | None) -> pl.DataFrame:
        """Close a table: its problems in row order; in lenient mode, ``frame`` without the rows that
        have problems (listed in ``excluded`` with every reason, in check order)."""
        self.rows += [p for _, _, p in sorted(self._pending, key=lambda t: (t[0], t[1]))]
        self._pending, self._built = [], {}
        if not self._reasons:
            return frame
        reasons = (pl.concat(self._reasons).sort("row", "_order")
                   .group_by("row", maintain_order=True)
                   .agg(pl.col("reason_zh").str.join("；"), pl.col("reason_en").str.join("; ")))
        self._reasons = []
        ids = frame.select(pl.col("_row").alias("row"),
                           (pl.col(id_col) if id_col else pl.lit(None, dtype=pl.String)).alias("id"))
        self.excluded.append(reasons.join(ids, on="row", how="left", maintain_order="left").select(
            pl.lit(table).alias("table"), pl.lit(source).alias("source"), "row", "id", "reason_zh", "reason_en"))
        return frame.filter(~pl.col("_row").is_in(reasons.get_column("row").implode()))


# ==================================================================================================
# units
# ==================================================================================================
def _position(j: int) -> tuple[str, str]:
    return f"第{j + 1}列（{_col_letter(j + 1)}）", f"column {j + 1} ({_col_letter(j + 1)})"


def _with_data(frame: pl.DataFrame, columns: Iterable[int]) -> set[int]:
    """Which of these column positions have a non-empty cell."""
    return {j for j in columns if frame.get_column(f"c{j}").null_count() < frame.height}


def _unnamed(j: int, source: str, out: _Collector, row: int = 1) -> None:
    """A column without a header that has data (an empty one is Excel's trailing column: ignored): C002."""
    zh, en = _position(j)
    out.struct("C002", f"{zh}没有列名但有数据 ({en} has data but no header)", source, row)


def _texts(frame: pl.DataFrame, pairs: list[tuple[str, str]]) -> list[pl.Expr]:
    """Text columns (raw → out): trimmed, empty → null; the trim only runs where some cell needs it."""
    if not pairs or frame.height == 0:
        return [pl.col(c).alias(o) for c, o in pairs]
    flags = frame.select([_needs_strip(pl.col(c)).alias(f"_{i}") for i, (c, _) in enumerate(pairs)]).row(0)
    return [(_text(pl.col(c)) if flag else pl.col(c)).alias(o) for flag, (c, o) in zip(flags, pairs)]


@dataclass
class _UnitsLayout:
    """How a units table's columns map to the dictionary (from its header row), and its output schema."""

    source: str
    cols: dict[str, tuple[str, str, str]]       # key → (section, raw column, header)
    region_keys: list[str]
    text_keys: list[str]
    attr_keys: list[str]
    missing: list[str]                           # needed attributes absent from the table (all null)
    first_level: str
    d: Dictionary
    memo: dict[Any, list[pl.Expr]] = field(default_factory=dict)   # expressions reused across batches
    cells: tuple[str, dict[str, str]] | None = None   # workbook: sheet and header → column letter

    @property
    def keep(self) -> list[str]:
        return ["_row", "id", "name", "kind", *self.region_keys, *self.attr_keys, *self.missing]

    @functools.cached_property
    def specs(self) -> list[_Spec]:
        """The typed (non-text) attribute columns to parse."""
        return [_Spec(self.d.attributes[k].type, self.cols[k][1], k) for k in self.attr_keys
                if self.d.attributes[k].type != "text"]

    @functools.cached_property
    def kind_labels(self) -> dict[str, str]:
        return _label_map(self.d.kinds.values())

    @functools.cached_property
    def kind_choices(self) -> dict[str, str]:
        """Kind spellings → the Chinese name to suggest."""
        return {label: e.zh for e in self.d.kinds.values() for label in (e.zh, *e.aliases, e.en)}

    @property
    def schema(self) -> dict[str, pl.DataType]:
        s: dict[str, pl.DataType] = {"_row": pl.Int64()}
        s |= {k: pl.String() for k in ("id", "name", "kind", *self.region_keys)}
        return s | {k: _DTYPES[self.d.attributes[k].type] for k in (*self.attr_keys, *self.missing)}


def _header_choices(d: Dictionary, region: RegionSpec, needed: Iterable[str]) -> dict[str, str]:
    """Header spellings → the Chinese header to suggest: the pack's own columns first (so that they win
    a tie), then every dictionary column."""
    out: dict[str, str] = {}
    first = [d.columns[k] for k in ("id", "name", "kind") if k in d.columns]
    first += [d.regions[k] for k in region.levels if k in d.regions]
    first += [d.attributes[k] for k in needed if k in d.attributes]
    for e in [*first, *d.regions.values(), *d.columns.values(), *d.attributes.values()]:
        for label in (e.zh, *e.aliases, e.en):
            out.setdefault(label, e.zh)
    return out


def _units_layout(raw: _Raw, region: RegionSpec, d: Dictionary, needed: Iterable[str],
                  out: _Collector) -> tuple[_UnitsLayout, list[int]]:
    """Resolve the header row (C002, C003 and warnings); return the layout and the unnamed columns."""
    src = raw.source
    cols: dict[str, tuple[str, str, str]] = {}
    unnamed = []
    for j, header in enumerate(raw.headers):
        if not header:
            unnamed.append(j)
            continue
        zh_pos, en_pos = _position(j)
        hit = d.header(header)
        if hit is None:
            if normalize_label(header) not in _UNITS_IGNORED:
                hint_zh, hint_en = suggestion(header, _header_choices(d, region, needed))
                out.struct("C002", f"未知列「{header}」（{zh_pos}），不在数据字典中{hint_zh} "
                                   f"(unknown column {header!r} ({en_pos}): not in the data dictionary{hint_en})",
                           src, raw.header_row, header, raw.cell(j))
            continue
        section, key = hit
        if key in cols:
            first = cols[key][2]
            out.struct("C002", f"列「{header}」（{zh_pos}）与列「{first}」重复，均表示 {key} "
                               f"(column {header!r} ({en_pos}) repeats column {first!r}: both mean {key})",
                       src, raw.header_row, header, raw.cell(j))
            continue
        cols[key] = (section, f"c{j}", header)
    for key, zh in (("kind", d.columns["kind"].zh), (region.first_level, region.level_names_zh[0])):
        if key not in cols:
            out.struct("C003", f"缺少必需列「{zh}」({key}) (required column {zh!r} ({key}) is missing)", src)
    levels = list(region.levels)
    region_keys = levels + [k for k, v in cols.items() if v[0] == "regions" and k not in levels]
    text_keys = ["id", "name", *region_keys] + [k for k, v in cols.items()
                                                if v[0] == "attributes" and d.attributes[k].type == "text"]
    if "id" not in cols:
        out.warn("W002", "未找到单位编码列，已按行号生成编码 R{行号}", "no unit id column; ids generated as R{row}")
    for key in region_keys:
        if key not in cols and key != region.first_level:
            zh = region.level_name(key)
            out.warn("W003", f"缺少列「{zh}」，该层级按空值处理", f"column {zh!r} ({key}) is absent; "
                     "that level is left empty")
    attr_keys = [k for k, v in cols.items() if v[0] == "attributes"]
    missing = [k for k in dict.fromkeys(needed) if k in d.attributes and k not in cols]
    for key in missing:
        e = d.attributes[key]
        out.warn("W001", f"缺少列「{e.zh}」({key})，相关规则将判为数据不足",
                 f"column {e.en!r} ({key}) is absent; rules using it report insufficient data")
    cells = raw.cells({h: c for _, c, h in cols.values()})
    return _UnitsLayout(src, cols, region_keys, text_keys, attr_keys, missing, region.first_level, d,
                        cells=cells), unnamed


def _units_batch(frame: pl.DataFrame, lay: _UnitsLayout, out: _Collector) -> pl.DataFrame:
    """One batch of text rows → typed columns (the layout's schema); C005 and C004 checked here."""
    cols, d, fl = lay.cols, lay.d, lay.first_level
    checks: list[_Check] = []
    null = pl.lit(None, dtype=pl.String)
    texts = [(cols[k][1], k) for k in lay.text_keys if k in cols and k != fl]
    specs = lay.specs
    # one pass over the raw text: which text columns need trimming, which rate columns carry % / ‰
    probes = [_needs_strip(pl.col(c)).alias(f"_s{i}") for i, (c, _) in enumerate(texts)]
    probes += [e.alias(f"_r_{sp.out}") for sp in specs if (e := _suffixed(sp)) is not None]
    found = frame.select(probes).row(0, named=True) if probes and frame.height else {}
    exprs = [pl.col("_row")] + [(_text(pl.col(c)) if found.get(f"_s{i}") else pl.col(c)).alias(k)
                                for i, (c, k) in enumerate(texts)]
    if fl in cols:
        exprs.append(pl.col(cols[fl][1]).alias(fl))
    exprs += [null.alias(k) for k in lay.text_keys if k not in cols]
    if "kind" in cols:
        exprs.append(_unique_map(frame, cols["kind"][1], d.kind_for_value, lay.kind_labels).alias("kind"))
    else:
        exprs.append(null.alias("kind"))
    exprs += [pl.lit(None, dtype=_DTYPES[d.attributes[k].type]).alias(k) for k in lay.missing]
    raw_cols = list(dict.fromkeys(v[1] for v in cols.values()))
    work = frame.select(*exprs, *raw_cols, *_READ_NOTES)
    checks += _read_checks(work)

    if "kind" in cols and work.get_column("kind").null_count():
        kc, kh = cols["kind"][1], cols["kind"][2]
        given = _nonempty(pl.col(kc))
        text = pl.col(kc).str.strip_chars()
        bad = work.filter(pl.col("kind").is_null() & given).get_column(kc).str.strip_chars()
        h_zh, h_en = hint_exprs(text, *hints(bad, lay.kind_choices))
        checks.append(_Check(
            "C005", kh, pl.col("kind").is_null(),
            pl.when(given).then(pl.format("未知的单位类别「{}」，不在数据字典中{}", _echo(text), h_zh))
            .otherwise(pl.lit("单位类别为空")),
            pl.when(given).then(pl.format("unknown unit kind '{}': not in the data dictionary{}", _echo(text), h_en))
            .otherwise(pl.lit("the unit kind is empty"))))
    # typed attributes: tiered columnar parsing, then a C004 check for columns with unparsed cells
    work, bad_specs = _parse(work, specs, {sp.out for sp in specs if found.get(f"_r_{sp.out}")}, lay.memo)
    for spec in bad_specs:
        header = cols[spec.out][2]
        zh, en = _bad_cell_messages(pl.col(spec.raw), header, spec.vtype)
        if spec.vtype == "bool":    # 「是的」 → did you mean 是 (once per distinct spelling)
            bad = work.filter(_nonempty(pl.col(spec.raw)) & pl.col(spec.out).is_null()).get_column(spec.raw)
            h_zh, h_en = hint_exprs(pl.col(spec.raw).str.strip_chars(), *hints(bad.str.strip_chars(), _BOOL_CHOICES))
            zh, en = pl.concat_str(zh, h_zh), pl.concat_str(en, h_en)
        checks.append(_Check("C004", header, _nonempty(pl.col(spec.raw)) & pl.col(spec.out).is_null(), zh, en,
                             order=1 + lay.attr_keys.index(spec.out)))
    out.run(work, checks, lay.source, lay.cells)
    # one materialised chunk per column, so that the chunks of the whole table stay aligned: polars
    # copies a table whose columns are chunked differently on its first whole-table operation (an
    # all-null column of a batch is otherwise kept as a scalar, which concatenation merges)
    return pl.DataFrame(work.select(lay.keep).get_columns()).rechunk()


def _read_checks(frame: pl.DataFrame) -> list[_Check]:
    """C010 (cells beyond the header) and C011 (workbook formulas without a value) where a batch has them."""
    found = frame.select(pl.col(c).is_not_null().any() for c in _READ_NOTES).row(0) if frame.height else (0, 0)
    checks = []
    if found[0]:
        shown = _echo(pl.col("_extra"))
        checks.append(_Check(
            "C010", None, pl.col("_extra").is_not_null(),
            pl.format("该行的单元格比表头多（多出「{}」），请核对是否错列", shown),
            pl.format("the row has more cells than the header (surplus: '{}'); check for shifted columns", shown),
            order=-2))
    if found[1]:
        checks.append(_Check(
            "C011", None, pl.col("_formula").is_not_null(),
            pl.format("公式单元格没有计算结果（{}），请在 Excel/WPS 中打开并保存后再导出", pl.col("_formula")),
            pl.format("formula cells without a computed value ({}); open and save the workbook in Excel or "
                      "WPS so that the values are stored", pl.col("_formula")),
            order=-1))
    return checks


def _units(raw: _Raw | None, region: RegionSpec, d: Dictionary, needed: Iterable[str],
           out: _Collector, say: Callable[[str], None]) -> pl.DataFrame:
    if raw is None:
        schema: dict[str, pl.DataType] = {"_row": pl.Int64(), "id": pl.String(), "name": pl.String(),
                                          "kind": pl.String()}
        schema |= {lv: pl.String() for lv in region.levels}
        schema |= {k: _DTYPES[d.attributes[k].type] for k in dict.fromkeys(needed) if k in d.attributes}
        return pl.DataFrame(schema=schema)
    lay, unnamed = _units_layout(raw, region, d, needed, out)
    src, cols, fl = raw.source, lay.cols, region.first_level
    parts, with_data = [], set()
    for batch in raw:       # the text of one batch at a time: memory stays near the size of the typed table
        with_data |= _with_data(batch, unnamed)
        parts.append(_units_batch(batch, lay, out))
        share = raw.done() if raw.done else None
        pct = f"，{share:.0%}" if share is not None else ""
        say(Progress(f"已读 {raw.rows_read:,} 行{pct} ({raw.rows_read:,} rows read{pct.replace('，', ', ')})", share))
    for j in sorted(with_data):
        _unnamed(j, src, out, raw.header_row)
    work = pl.concat(parts) if parts else pl.DataFrame(schema=lay.schema)
    del parts
    checks: list[_Check] = []

    # ids: generated from the row number where absent
    n_empty = work.get_column("id").null_count()
    if n_empty:
        if "id" in cols:
            out.warn("W002", f"{n_empty} 行单位编码为空，已按行号生成编码 R{{行号}}",
                     f"{n_empty} rows have no unit id; ids generated as R{{row}}")
        work = work.with_columns(pl.coalesce("id", pl.format("R{}", pl.col("_row"))).alias("id"))

    # first region level: canonical unit names; a first-level unit's own row may name itself; a unit of
    # the region itself (本级) names the region, under the region's own name
    if fl in cols:
        units = list(region.units)
        roots = list(region.root_names)
        allowed = [*units, region.name]
        col = pl.col(fl)
        outside = work.select((col.is_not_null() & ~col.is_in(allowed)).sum()).item()
        if outside:     # spaces inside or around a unit name; 本级 spellings; blank cells become null
            folded = col.str.replace_all(r"\s+", "")
            work = work.with_columns(pl.when(col.is_in(allowed)).then(col).when(folded.is_in(units)).then(folded)
                                     .when(folded.is_in(roots)).then(pl.lit(region.name))
                                     .when(folded != "").then(col.str.strip_chars()).alias(fl))
        if work.get_column(fl).null_count():
            self_kinds = [k for k in _LEVEL_KINDS.get(fl, (fl,)) if k in d.kinds]
            own = pl.col("name").str.replace_all(r"\s+", "")
            work = work.with_columns(
                pl.when(col.is_null() & pl.col("kind").is_in(self_kinds) & own.is_in(units)).then(own)
                .otherwise(col).alias(fl))
        lz, root = region.level_names_zh[0], region.name
        expected_zh = "、".join(units) + f"；{root}本级单位填「{root}」或「{region.level_zh}本级」"
        expected_en = ", ".join(units) + f"; a unit of {root} itself: '{root}' or '{region.level_zh}本级'"
        bad = work.filter(col.is_not_null() & ~col.is_in(allowed)).get_column(fl)
        h_zh, h_en = hint_exprs(col, *hints(bad, {**{u: u for u in units}, **{r: region.name for r in roots}}))
        checks.append(_Check(
            "C007", cols[fl][2], col.is_null() | ~col.is_in(allowed),
            pl.when(col.is_null()).then(pl.lit(f"{lz}为空，无法归入{root}的{lz}"))
            .otherwise(pl.format("「{}」不是{}所辖{}{}（应为：{}）", _echo(col), pl.lit(root), pl.lit(lz), h_zh,
                                 pl.lit(expected_zh))),
            pl.when(col.is_null()).then(pl.lit(f"the {fl} column is empty; the unit cannot be placed in {root}"))
            .otherwise(pl.format("'{}' is not a {} of {}{} (expected one of: {})", _echo(col), pl.lit(fl),
                                 pl.lit(root), h_en, pl.lit(expected_en))),
            order=_ORDER_REGION))

    # duplicate ids (every row that repeats an id is named)
    # (distinct hashes prove distinct ids cheaply; only on a shortfall is the exact check run)
    if work.height and work.select(pl.col("id").hash().n_unique()).item() < work.height \
            and work.get_column("id").n_unique() < work.height:
        dup = pl.col("id").is_duplicated()
        rows_of = (work.filter(dup).group_by("id")
                   .agg(pl.col("_row").sort().cast(pl.String).str.join("、").alias("_dup_rows")))
        work = work.join(rows_of, on="id", how="left", maintain_order="left")
        checks.append(_Check(
            "C006", cols["id"][2] if "id" in cols else "id", pl.col("_dup_rows").is_not_null(),
            pl.format("单位编码「{}」重复，见第{}行", _echo(pl.col("id")), pl.col("_dup_rows")),
            pl.format("duplicate unit id '{}' on rows {}", _echo(pl.col("id")),
                      pl.col("_dup_rows").str.replace_all("、", ", ", literal=True)),
            report=pl.col("id").is_first_distinct(), order=_ORDER_REGION + 1))
    out.run(work, checks, src, lay.cells)
    return out.finish(work.select(lay.keep), "units", src, "id")


_ORDER_REGION = 10_000       # whole-table checks come after the per-column ones in a row's reasons


# ==================================================================================================
# indicators
# ==================================================================================================
_IND_SCHEMA = {"_row": pl.Int64(), "region": pl.String(), "year": pl.Int32(), "period": pl.String(),
               "indicator": pl.String(), "value": DECIMAL, "flag": pl.Boolean(), "numerator": DECIMAL, "denominator": DECIMAL}


def _indicators(raw: _Raw | None, region: RegionSpec, d: Dictionary, out: _Collector) -> pl.DataFrame:
    if raw is None:
        return pl.DataFrame(schema=_IND_SCHEMA)
    src = raw.source
    cols: dict[str, tuple[str, str]] = {}                # key → (raw column, header)
    whole = raw.frame()
    unnamed = _with_data(whole, [j for j, h in enumerate(raw.headers) if not h])
    for j, header in enumerate(raw.headers):
        if not header:
            if j in unnamed:
                _unnamed(j, src, out, raw.header_row)
            continue
        zh_pos, en_pos = _position(j)
        key = _INDICATOR_HEADER_MAP.get(normalize_label(header))
        if key is None:
            expected = "、".join(hs[0] for hs in INDICATOR_HEADERS.values())
            hint_zh, hint_en = suggestion(header, {h: hs[0] for hs in INDICATOR_HEADERS.values() for h in hs})
            out.struct("C002", f"指标表中的未知列「{header}」（{zh_pos}）{hint_zh or '，'}可用的列：{expected} "
                               f"(unknown column {header!r} ({en_pos}) in the indicators table{hint_en}; "
                               "expected region, year, period, indicator, value, numerator, denominator, unit, note)",
                       src, raw.header_row, header, raw.cell(j))
            continue
        if key in cols:
            out.struct("C002", f"列「{header}」（{zh_pos}）与列「{cols[key][1]}」重复 "
                               f"(column {header!r} ({en_pos}) repeats column {cols[key][1]!r})",
                       src, raw.header_row, header, raw.cell(j))
            continue
        cols[key] = (f"c{j}", header)
    for key in ("region", "year", "indicator"):
        if key not in cols and not (key == "year" and "period" in cols):
            out.struct("C003", f"指标表缺少必需列「{_INDICATOR_ZH[key]}」 "
                               f"(the indicators table has no {key!r} column)", src)
    if "value" not in cols and not ("numerator" in cols and "denominator" in cols):
        out.struct("C003", "指标表缺少「数值」列（或「分子」与「分母」列） "
                           "(the indicators table needs a 'value' column, or 'numerator' and 'denominator')", src)

    # every input column under a fixed name (absent ones all-null) so the expressions below are uniform
    frame = whole.select(
        "_row", *[(pl.col(cols[k][0]) if k in cols else pl.lit(None, dtype=pl.String)).alias(f"_in_{k}")
                  for k in ("region", "year", "period", "indicator", "value", "numerator", "denominator",
                            "unit", "note")],
        *_READ_NOTES)
    inp = {k: pl.col(f"_in_{k}") for k in ("region", "year", "period", "indicator", "value", "numerator",
                                            "denominator", "unit")}
    names = [region.name, *region.units]
    types = {k: e.type for k, e in d.indicators.items()}
    year_s = _fold(inp["year"])
    unit_s = _fold(inp["unit"])
    work = frame.with_columns(
        _text(inp["region"]).alias("region"),
        pl.when(year_s.str.contains(_YEAR_RE)).then(year_s.str.extract(_YEAR_RE, 1))
        .cast(pl.Int32, strict=False).alias("year"),
        _unique_map(frame, "_in_indicator", d.indicator_for_value, _label_map(d.indicators.values()))
        .alias("indicator"),
        unit_s.alias("_unit"),
    )
    # the period of a row: the whole year (no period cell), a half-year, a quarter or a month
    year_col = pl.col("year")
    p_kind, p_index, p_year, p_ok = parse_period_cells(_fold(inp["period"]), year_col)
    work = work.with_columns(p_kind.alias("_p_kind"), p_index.alias("_p_index"), p_ok.alias("_p_ok"),
                             pl.coalesce(year_col, p_year).alias("year"))
    y = pl.col("year").cast(pl.String)
    idx = pl.col("_p_index").cast(pl.String)
    work = work.with_columns(
        pl.when(pl.col("_p_kind") == "year").then(y)
        .when(pl.col("_p_kind") == "half").then(pl.concat_str(y, pl.lit("H"), idx))
        .when(pl.col("_p_kind") == "quarter").then(pl.concat_str(y, pl.lit("Q"), idx))
        .when(pl.col("_p_kind") == "month").then(pl.concat_str(y, pl.lit("-"), idx.str.zfill(2)))
        .alias("period"),
    ).with_columns(
        pl.when(pl.col("region").str.replace_all(r"\s+", "").is_in(names))
        .then(pl.col("region").str.replace_all(r"\s+", ""))
        .when(pl.col("region").str.replace_all(r"\s+", "").is_in(list(region.root_names))).then(pl.lit(region.name))
        .otherwise(pl.col("region")).alias("region"),
        pl.col("indicator").replace_strict(types, default=None, return_dtype=pl.String).alias("_type"),
        pl.when(pl.col("_unit").is_in(["%", "‰"])).then(pl.col("_unit")).alias("_usuf"),
        _suffix(_fold(inp["value"])).alias("_vsuf"),
    )
    vtypes = ("bool", "count", "number", "rate")
    work, _ = _parse(work, [_Spec(t, "_in_value", f"_v_{t}", "_usuf" if t == "rate" else None) for t in vtypes]
                     + [_Spec("number", f"_in_{k}", k) for k in ("numerator", "denominator")])
    typ = pl.col("_type")
    work = work.with_columns(
        pl.when(typ == "rate").then(pl.col("_v_rate")).when(typ == "count").then(pl.col("_v_count").cast(DECIMAL))
        .when(typ == "number").then(pl.col("_v_number")).alias("value"),
        pl.when(typ == "bool").then(pl.col("_v_bool")).alias("flag"),
    )
    has_value = _nonempty(inp["value"])
    checks: list[_Check] = _read_checks(work)
    if "region" in cols:
        checks.append(_Check("C004", cols["region"][1], pl.col("region").is_null(),
                             pl.lit("地区为空，应为地区名称"), pl.lit("the region is empty: expected a region name")))
        expected = "、".join(names)
        checks.append(_Check(
            "C007", cols["region"][1], pl.col("region").is_not_null() & ~pl.col("region").is_in(names),
            pl.format("「{}」不是{}或其所辖{}（应为：{}）", _echo(pl.col("region")), pl.lit(region.name),
                      pl.lit(region.level_names_zh[0]), pl.lit(expected)),
            pl.format("'{}' is neither {} nor one of its {} units (expected one of: {})", _echo(pl.col("region")),
                      pl.lit(region.name), pl.lit(region.first_level), pl.lit(", ".join(names)))))
    if "period" in cols:
        pcell = _echo(inp["period"].str.strip_chars())
        checks.append(_Check(
            "C004", cols["period"][1], _nonempty(inp["period"]) & ~pl.col("_p_ok").fill_null(False),
            pl.format("期间「{}」无法识别或与年份不符，应为 2021、2021-03、2021年3月、2021Q1、一季度、2021H1、上半年等",
                      pcell),
            pl.format("period '{}' is not understood or contradicts the year: expected 2021, 2021-03, 2021Q1, "
                      "2021H1 …", pcell)))
    if "period" in cols and "year" not in cols:
        checks.append(_Check("C004", cols["period"][1], pl.col("year").is_null() & pl.col("_p_ok").fill_null(False),
                             pl.lit("期间未写年份（表中也没有「年份」列），应写作 2021-03、2021Q1 等"),
                             pl.lit("the period has no year (and there is no year column): write 2021-03, 2021Q1 …")))
    if "year" in cols:
        zh, en = _bad_cell_messages(inp["year"], cols["year"][1], "year")
        given = _nonempty(inp["year"])
        checks.append(_Check("C004", cols["year"][1], pl.col("year").is_null(),
                             pl.when(given).then(zh).otherwise(pl.lit("年份为空，应为四位年份")),
                             pl.when(given).then(en).otherwise(pl.lit("the year is empty: expected a four-digit year"))))
    if "indicator" in cols:
        given, text = _nonempty(inp["indicator"]), inp["indicator"].str.strip_chars()
        unknown = work.filter(pl.col("indicator").is_null() & given).select(text).to_series()
        choices = {label: e.zh for e in d.indicators.values() for label in (e.zh, *e.aliases, e.en)}
        h_zh, h_en = hint_exprs(text, *hints(unknown, choices))
        checks.append(_Check(
            "C008", cols["indicator"][1], pl.col("indicator").is_null(),
            pl.when(given).then(pl.format("未知指标「{}」，不在数据字典中{}", _echo(text), h_zh)).otherwise(pl.lit("指标为空")),
            pl.when(given).then(pl.format("unknown indicator '{}': not in the data dictionary{}", _echo(text), h_en))
            .otherwise(pl.lit("the indicator is empty"))))
    if "unit" in cols:
        unit_ok = pl.col("_unit").is_null() | (pl.col("_unit") == "") | pl.col("_usuf").is_not_null()
        zh, en = _bad_cell_messages(inp["unit"], cols["unit"][1], "unit")
        checks.append(_Check("C004", cols["unit"][1], (typ == "rate") & ~unit_ok, zh, en))
    if "value" in cols:
        header = cols["value"][1]
        for vtype in vtypes:
            zh, en = _bad_cell_messages(inp["value"], header, vtype)
            mask = (typ == vtype) & has_value & pl.col(f"_v_{vtype}").is_null()
            if vtype != "rate":   # % and ‰ belong to rates only
                mask = mask | ((typ == vtype) & (pl.col("_vsuf").is_not_null() | pl.col("_usuf").is_not_null()))
            checks.append(_Check("C004", header, mask, zh, en))
    for key in ("numerator", "denominator"):
        if key in cols:
            zh, en = _bad_cell_messages(inp[key], cols[key][1], "positive" if key == "denominator" else "number")
            bad = pl.col(key).is_null() | ((pl.col(key) <= 0) if key == "denominator" else pl.lit(False))
            checks.append(_Check("C004", cols[key][1], typ.is_not_null() & _nonempty(inp[key]) & bad, zh, en))
    fraction = _nonempty(inp["numerator"]) & _nonempty(inp["denominator"])
    raw_name = _echo(inp["indicator"].str.strip_chars())
    checks.append(_Check(
        "C009", cols["value"][1] if "value" in cols else None,
        typ.is_not_null() & ~has_value & ((typ == "bool") | ~fraction),
        pl.when(typ == "bool").then(pl.format("指标「{}」没有填写 是/否（请填写，或删除该行）", raw_name))
        .otherwise(pl.format("指标「{}」没有数值（或分子与分母）（请填写，或删除该行）", raw_name)),
        pl.when(typ == "bool").then(pl.format("indicator '{}' has no yes/no value (fill it in or delete the row)",
                                              raw_name))
        .otherwise(pl.format("indicator '{}' has no value (nor both numerator and denominator); fill it in or "
                             "delete the row", raw_name))))
    if "note" in cols:      # the template's pre-filled rows left as they were: no data, not an error
        note = pl.col("_in_note").str.strip_chars()
        unfilled = note.str.starts_with(UNFILLED_NOTE) & ~has_value & ~_nonempty(inp["numerator"]) \
            & ~_nonempty(inp["denominator"])
        left = work.filter(unfilled).get_column("_row")
        if left.len():
            shown = "、".join(map(str, left.head(10).to_list())) + ("…" if left.len() > 10 else "")
            out.warn("W008", f"指标表中有 {left.len()} 行模板预填的指标未填写（第{shown}行），按无数据处理",
                     f"{left.len()} pre-filled rows of the indicators table were left empty (rows "
                     f"{shown.replace('、', ', ')}); read as no data")
            work = work.filter(~unfilled)
    out.run(work, checks, src, raw.cells({h: c for c, h in cols.values()}))
    result = out.finish(work.select(list(_IND_SCHEMA)), "indicators", src, None).cast(_IND_SCHEMA)
    dups = result.filter(pl.struct("region", "period", "indicator").is_duplicated()).height
    if dups:
        out.warn("W004", f"指标表中有 {dups} 行的地区、期间和指标重复",
                 f"{dups} indicator rows repeat the same region, period and indicator")
    return result


# ==================================================================================================
# public API
# ==================================================================================================
def load_census(units: Any, indicators: Any = None, *, region: RegionSpec, dictionary: Dictionary | None = None,
                lenient: bool = False, needed: Iterable[str] = (),
                progress: Callable[[str], None] | None = None) -> Census:
    """Read, normalise and validate a census (see the module docstring for the problem codes).

    ``units`` / ``indicators``: a .csv/.tsv/.txt/.xlsx/.xlsm path, a polars or pandas DataFrame, a list of
    dicts, or None (an empty table). ``needed``: attribute keys the pack uses; those absent from the units
    table become all-null columns with a warning. Raises :class:`DataError` with every problem found;
    with ``lenient`` rows with problems (C004–C009) are dropped and listed in ``Census.excluded``.
    """
    d = dictionary or load_dictionary()
    needed = tuple(needed)
    say = progress or (lambda _msg: None)
    out = _Collector(lenient=lenient)
    raws: list[_Raw | None] = []
    if indicators is None and isinstance(units, (str, Path)) and split_sheet(units)[1] is None \
            and split_sheet(units)[0].suffix.lower() in WORKBOOK_SUFFIXES and Path(units).is_file():
        try:    # the census form: its units sheet, and its indicators sheet when it has one
            units, indicators = census_parts(units)
        except Exception:  # noqa: BLE001 - unreadable: reported when the units sheet is read
            indicators = None
        else:
            if indicators is not None:
                out.warn("W007", f"已同时读取工作簿中的指标表「{split_sheet(indicators)[1]}」",
                         f"the workbook's indicators sheet {split_sheet(indicators)[1]!r} was read too")
    known = {"units": lambda h: d.header(h) is not None or normalize_label(h) in _UNITS_IGNORED,
             "indicators": lambda h: normalize_label(h) in _INDICATOR_HEADER_MAP}
    for src, label in ((units, "units"), (indicators, "indicators")):
        if src is not None:
            say(f"读取 {_display(src, label)} (reading {_display(src, label)})")
        try:
            raw = _read(src, label, known[label])
        except DataError as exc:
            out.structural.extend(exc.problems)
            raw = None
        if raw is not None and raw.header_row > 1:
            out.warn("W006", f"{raw.label} 第1–{raw.header_row - 1}行为标题行，已跳过，第{raw.header_row}行为表头"
                             f"（{raw.title}）",
                     f"{raw.label}: rows 1–{raw.header_row - 1} are title rows and were skipped; the header is row "
                     f"{raw.header_row} ({raw.title})")
        raws.append(raw)
    say("检查单位表 (checking the units table)")
    try:
        units_df = _units(raws[0], region, d, needed, out, say)
    except DataError as exc:            # unreadable further down the file
        out.structural.extend(exc.problems)
        units_df = _units(None, region, d, needed, out, say)
    say("检查指标表 (checking the indicators table)")
    try:
        ind_df = _indicators(raws[1], region, d, out)
    except DataError as exc:
        out.structural.extend(exc.problems)
        ind_df = _indicators(None, region, d, out)
    if out.structural or (out.rows and not lenient):
        counts = dict(out.counts)
        for p in out.structural:
            counts[p.code] = counts.get(p.code, 0) + 1
        raise CensusDataError(out.structural + out.rows, _TITLE, out.omitted, counts)
    excluded = (pl.concat(out.excluded).cast(EXCLUDED_SCHEMA) if out.excluded
                else pl.DataFrame(schema=EXCLUDED_SCHEMA))
    if excluded.height:
        out.warn("W005", f"已排除 {excluded.height} 行有问题的数据，见排除清单",
                 f"{excluded.height} rows with problems were excluded; see the excluded list")
    say("载入完成 (census loaded)")
    return Census(units=units_df, indicators=ind_df, excluded=excluded,
                  warnings=tuple(as_warning(w) for w in out.warnings),
                  sources=tuple(r.label for r in raws if r is not None),
                  rows_read=raws[0].rows_read if raws[0] is not None else 0)
