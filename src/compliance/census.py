"""Load a census: the units table (one row per facility or place) and the indicators table.

Both tables are read as strings and then parsed and validated column by column with polars
expressions (never row by row in Python), so that a million-row census loads in about the time
``polars.read_csv`` takes. Every problem is collected and reported at once in a :class:`DataError`;
with ``lenient=True`` rows with problems are dropped instead and listed in ``Census.excluded``.

Problem codes (all ``Problem(kind="data")``; line = spreadsheet row, header is row 1):

=====  ==========================================================================
C001   file unreadable (encoding, CSV structure, unsupported input)
C002   unknown column (or a duplicated / unnamed column)
C003   required column missing (units: kind and the first region level;
       indicators: region, year, indicator and value or numerator + denominator)
C004   bad cell (value not of the column's type)
C005   unknown unit kind
C006   duplicate unit id
C007   region outside the pack's hierarchy (first-level value not one of its units)
C008   unknown indicator
C009   indicator row without a value
=====  ==========================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from .diagnostics import DataError, Problem
from .dictionary import Dictionary, load_dictionary, normalize_label
from .regions import RegionSpec

__all__ = ["DECIMAL", "INDICATOR_HEADERS", "Census", "CensusDataError", "load_census"]

DECIMAL = pl.Decimal(38, 12)
_WIDE = pl.Decimal(38, 18)          # intermediate scale so that 12.3456‰ scales exactly
_CAP = 300                          # Problem objects built per check; the rest are only counted
_MAX_UNIQUE_MAP = 20_000            # distinct kind / indicator cells mapped through the dictionary

_DTYPES: dict[str, pl.DataType] = {
    "bool": pl.Boolean(), "count": pl.Int64(), "number": DECIMAL, "rate": DECIMAL, "text": pl.String(),
}
_EXPECTED = {
    "bool": ("应为 是/否（有/无、Y/N、1/0、√/×）", "expected yes/no: 是/否, 有/无, Y/N, 1/0, true/false, √/×"),
    "count": ("应为非负整数", "expected a non-negative whole number"),
    "number": ("应为数值", "expected a number"),
    "rate": ("应为比率，如 80%、0.8 或 800‰", "expected a non-negative rate such as 80%, 0.8 or 800‰"),
    "year": ("应为四位年份，如 2020", "expected a four-digit year such as 2020"),
    "positive": ("应为大于 0 的数值", "expected a number greater than 0"),
    "unit": ("单位应为 %、‰ 或留空", "expected %, ‰ or empty"),
}

# ---- indicators-table headers (kept here, not in the dictionary) ---------------------------------
INDICATOR_HEADERS: dict[str, tuple[str, ...]] = {
    "region": ("地区", "区域", "行政区划", "地区名称", "region"),
    "year": ("年份", "年度", "year"),
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
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}

_NUM_RE = r"^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
_COUNT_RE = r"^\+?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?$"
_YEAR_RE = r"^(\d{4})(?:\.0*)?年?$"


@dataclass(frozen=True)
class Census:
    units: pl.DataFrame
    indicators: pl.DataFrame
    excluded: pl.DataFrame
    warnings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    rows_read: int = 0


class CensusDataError(DataError):
    """A :class:`DataError` that also counts problems found but not built (beyond the per-check cap)."""

    def __init__(self, problems: list[Problem], title: str = "", omitted: int = 0):
        self.omitted = omitted
        super().__init__(problems, title)

    @property
    def total(self) -> int:
        return len(self.problems) + self.omitted

    def render(self, cap: int | None = None) -> str:
        cap = self.cap if cap is None else cap
        lines = [self.title] if self.title else []
        lines += [str(p) for p in self.problems[:cap]]
        more = max(len(self.problems) - cap, 0) + getattr(self, "omitted", 0)
        if more:
            lines.append(f"… 另有 {more} 个问题 (and {more} more)")
        return "\n".join(lines)


_TITLE = "普查数据有误，未能载入 (the census data cannot be used as given)"
EXCLUDED_SCHEMA = {"table": pl.String(), "source": pl.String(), "row": pl.Int64(), "id": pl.String(),
                   "reason_zh": pl.String(), "reason_en": pl.String()}


# ==================================================================================================
# reading
# ==================================================================================================
@dataclass
class _Raw:
    frame: pl.DataFrame            # _row (Int64) + c0..cN (String), blank rows dropped
    headers: list[str]             # header text per column position
    source: str                    # display name
    rows_read: int


def _display(src: Any, label: str) -> str:
    if isinstance(src, (str, Path)):
        return Path(src).name
    return f"<{label}>"


def _fail(source: str, message: str) -> DataError:
    return DataError([Problem("C001", message, source, kind="data")], _TITLE)


def _read(src: Any, label: str) -> _Raw | None:
    if src is None:
        return None
    source = _display(src, label)
    if isinstance(src, (str, Path)):
        frame = _read_path(Path(src), source)
    elif isinstance(src, pl.DataFrame):
        frame = _from_polars(src, source)
    elif isinstance(src, list):
        frame = _from_dicts(src, source)
    elif type(src).__module__.split(".")[0] == "pandas":
        frame = _from_pandas(src, source)
    else:
        raise _fail(source, f"不支持的输入类型 {type(src).__name__} (unsupported input type "
                            f"{type(src).__name__}: use a .csv/.xlsx path, a DataFrame or a list of dicts)")
    return _with_rows(frame, source)


def _read_path(path: Path, source: str) -> pl.DataFrame:
    """Header row included as the first row; all columns String."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise _fail(source, f"找不到文件 {path} (file not found: {path})")
    if suffix in (".xlsx", ".xlsm", ".xls"):
        try:
            frame = pl.read_excel(path, engine="calamine", has_header=False, read_options={"dtypes": "string"},
                                  drop_empty_rows=False, drop_empty_cols=False, raise_if_empty=False)
        except Exception as exc:
            raise _fail(source, f"无法读取工作簿 {source}：{exc} (cannot read workbook {source}: {exc})") from exc
        if isinstance(frame, dict):  # pragma: no cover - only with several sheets requested
            frame = next(iter(frame.values()))
        return frame.select(pl.all().cast(pl.String))
    if suffix not in (".csv", ".tsv", ".txt"):
        raise _fail(source, f"不支持的文件类型「{suffix}」(unsupported file type {suffix!r}: "
                            "use .csv, .tsv, .txt, .xlsx or .xlsm)")
    return _read_csv_bytes(path.read_bytes(), source, tab=suffix == ".tsv")


def _read_csv_bytes(data: bytes, source: str, *, tab: bool = False) -> pl.DataFrame:
    """Detect the encoding (BOM → UTF-8; strict UTF-8; strict GB18030) and read all cells as strings.

    Strict UTF-8 validation is done by polars itself while reading (it rejects any invalid
    sequence), which saves a second pass over large files; only when that fails is the file decoded
    in Python as GB18030 and re-encoded.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data, encodings = data[3:], ("utf-8",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):      # Excel "Unicode text": UTF-16 with BOM
        try:
            data, encodings = data.decode("utf-16").encode("utf-8"), ("utf-8",)
        except UnicodeDecodeError as exc:
            raise _undecodable(source) from exc
    else:
        encodings = ("utf-8", "gb18030")
    if not data.strip():
        raise _fail(source, f"文件 {source} 为空 (file {source} is empty)")
    first = data[: data.find(b"\n")] if b"\n" in data else data
    sep = "\t" if tab or (b"\t" in first and b"," not in first) else ","
    for encoding in encodings:
        if encoding == "gb18030":
            try:
                data = data.decode("gb18030").encode("utf-8")
            except UnicodeDecodeError as exc:
                raise _undecodable(source) from exc
        try:
            return pl.read_csv(data, has_header=False, infer_schema=False, separator=sep,
                               raise_if_empty=False)
        except pl.exceptions.ComputeError as exc:
            if "utf-8" in str(exc).lower() and encoding == "utf-8" and len(encodings) > 1:
                continue
            if "utf-8" in str(exc).lower():
                raise _undecodable(source) from exc
            raise _fail(source, f"无法解析 CSV 文件 {source}：{exc} (cannot parse CSV file {source}: "
                                f"{str(exc).splitlines()[0]})") from exc
    raise _undecodable(source)  # pragma: no cover


def _undecodable(source: str) -> DataError:
    return _fail(source, f"无法识别文件编码 {source}，请另存为 UTF-8 或 GB18030 "
                         f"(cannot decode {source}; save as UTF-8 or GB18030)")


def _header_row(frame: pl.DataFrame) -> pl.DataFrame:
    """Put a frame's column names in front as the header row (in-memory inputs)."""
    names = [str(c) for c in frame.columns]
    body = frame.select([pl.col(c).cast(pl.String).alias(f"column_{j}") for j, c in enumerate(frame.columns)])
    head = pl.DataFrame([pl.Series(f"column_{j}", [n], pl.String) for j, n in enumerate(names)])
    return pl.concat([head, body]) if names else body


def _from_polars(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    try:
        return _header_row(frame)
    except Exception as exc:
        raise _fail(source, f"无法将数据转换为文本 {exc} (cannot convert the data to text: {exc})") from exc


def _from_pandas(frame: Any, source: str) -> pl.DataFrame:
    frame = frame.reset_index(drop=True)
    try:
        converted = pl.from_pandas(frame)
    except Exception:  # noqa: BLE001 - mixed object columns: go through pandas' own string dtype
        try:
            converted = pl.from_pandas(frame.astype("string"))
        except Exception as exc:
            raise _fail(source, f"无法读取 pandas 数据 {exc} (cannot convert the pandas DataFrame: {exc})") from exc
    return _from_polars(converted, source)


def _from_dicts(rows: list, source: str) -> pl.DataFrame:
    if not all(isinstance(r, dict) for r in rows):
        raise _fail(source, "列表中每一项应为字典 (every item of the list must be a dict)")
    keys = list(dict.fromkeys(k for r in rows for k in r))
    try:
        frame = pl.from_dicts(rows, schema={str(k): pl.String for k in keys}, strict=False)
    except Exception as exc:
        raise _fail(source, f"无法读取数据 {exc} (cannot convert the rows: {exc})") from exc
    return _from_polars(frame, source)


def _with_rows(frame: pl.DataFrame, source: str) -> _Raw:
    if frame.height == 0:
        return _Raw(pl.DataFrame({"_row": pl.Series([], dtype=pl.Int64)}), [], source, 0)
    headers = ["" if h is None else str(h).strip() for h in frame.row(0)]
    names = [f"c{j}" for j in range(frame.width)]
    body = frame.slice(1).rename(dict(zip(frame.columns, names, strict=True)))
    body = body.with_columns(pl.int_range(2, body.height + 2, dtype=pl.Int64).alias("_row"))
    if names:
        body = body.filter(~pl.all_horizontal(pl.col(names).is_null()))
    body = body.select("_row", *names)
    return _Raw(body, headers, source, body.height)


# ==================================================================================================
# column parsing (expressions)
# ==================================================================================================
def _text(c: pl.Expr) -> pl.Expr:
    s = c.str.strip_chars()
    return pl.when(s.str.len_bytes() > 0).then(s)


def _nonempty(c: pl.Expr) -> pl.Expr:
    return c.is_not_null() & (c.str.strip_chars().str.len_bytes() > 0)


def _fold(c: pl.Expr) -> pl.Expr:
    """Full-width → ASCII, no whitespace (the NFKC folding that matters for numbers and yes/no)."""
    return c.str.replace_many(_FULLWIDTH).str.replace_all(r"\s+", "")


def _bool_fast(c: pl.Expr) -> pl.Expr:
    return c.replace_strict(_BOOL_RAW, default=None, return_dtype=pl.Boolean)


def _bool_slow(c: pl.Expr) -> pl.Expr:
    return _fold(c).str.to_lowercase().replace_strict(_BOOL_FOLDED, default=None, return_dtype=pl.Boolean)


def _count_fast(c: pl.Expr) -> pl.Expr:
    n = c.cast(pl.Int64, strict=False)
    return pl.when(n >= 0).then(n)


def _count_slow(c: pl.Expr) -> pl.Expr:
    s = _fold(c)
    digits = s.str.replace_all(",", "", literal=True).str.replace(r"\.0*$", "").str.strip_prefix("+")
    return pl.when(s.str.contains(_COUNT_RE)).then(digits).cast(pl.Int64, strict=False)


def _number_fast(c: pl.Expr) -> pl.Expr:
    return c.cast(DECIMAL, strict=False)


def _wide_number(body: pl.Expr) -> pl.Expr:
    return pl.when(body.str.contains(_NUM_RE)).then(
        body.str.replace_all(",", "", literal=True)).cast(_WIDE, strict=False)


def _number_slow(c: pl.Expr) -> pl.Expr:
    return _wide_number(_fold(c)).cast(DECIMAL, strict=False)


def _rate_fast(c: pl.Expr) -> pl.Expr:
    d = c.cast(DECIMAL, strict=False)
    return pl.when(d >= 0).then(d)


def _scaled(d: pl.Expr, suffix: pl.Expr) -> pl.Expr:
    """Exact scaling in Decimal: % → ×0.01, ‰ → ×0.001."""
    return (pl.when(suffix == "%").then(d * pl.lit(Decimal("0.01"), dtype=_WIDE))
            .when(suffix == "‰").then(d * pl.lit(Decimal("0.001"), dtype=_WIDE))
            .otherwise(d))


def _rate_parts(c: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    s = _fold(c)
    return s.str.replace(r"[%‰]$", ""), s.str.extract(r"([%‰])$", 1)


def _rate_slow(c: pl.Expr, extra_suffix: pl.Expr | None = None) -> pl.Expr:
    body, suffix = _rate_parts(c)
    if extra_suffix is not None:
        suffix = pl.coalesce(suffix, extra_suffix)
    d = _scaled(_wide_number(body), suffix).cast(DECIMAL, strict=False)
    return pl.when(d >= 0).then(d)


_FAST = {"bool": _bool_fast, "count": _count_fast, "number": _number_fast, "rate": _rate_fast}
_SLOW = {"bool": _bool_slow, "count": _count_slow, "number": _number_slow, "rate": _rate_slow}


def _bad_cell_messages(raw: pl.Expr, header: str, what: str) -> tuple[pl.Expr, pl.Expr]:
    zh, en = _EXPECTED[what]
    return (pl.format("列「{}」的值「{}」无效，{}", pl.lit(header), raw.str.strip_chars(), pl.lit(zh)),
            pl.format("bad value '{}' in column '{}': {}", raw.str.strip_chars(), pl.lit(header), pl.lit(en)))


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


@dataclass
class _Collector:
    structural: list[Problem] = field(default_factory=list)
    rows: list[Problem] = field(default_factory=list)
    omitted: int = 0
    excluded: list[pl.DataFrame] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def struct(self, code: str, message: str, source: str, line: int | None = None,
               column: str | None = None) -> None:
        self.structural.append(Problem(code, message, source, line, column, kind="data"))

    def run(self, frame: pl.DataFrame, checks: list[_Check], table: str, source: str, id_col: str | None,
            lenient: bool) -> pl.DataFrame:
        """Evaluate every check columnar; return the frame without the rows that have problems."""
        if not checks or frame.height == 0:
            return frame
        names = [f"_m{i}" for i in range(len(checks))]
        flagged = frame.with_columns([c.mask.fill_null(False).alias(n) for c, n in zip(checks, names)])
        any_bad = pl.any_horizontal(pl.col(names))
        bad = flagged.filter(any_bad)
        if bad.height == 0:
            return frame
        ident = pl.col(id_col) if id_col else pl.lit(None, dtype=pl.String)
        if lenient:
            parts = [bad.filter(pl.col(n)).select(
                pl.lit(i).alias("_order"), pl.col("_row").alias("row"), ident.alias("id"),
                pl.format("{} {}", pl.lit(c.code), c.zh).alias("reason_zh"),
                pl.format("{} {}", pl.lit(c.code), c.en).alias("reason_en"))
                for i, (c, n) in enumerate(zip(checks, names))]
            reasons = (pl.concat(parts).sort("row", "_order")
                       .group_by("row", maintain_order=True)
                       .agg(pl.col("id").first(), pl.col("reason_zh").str.join("；"),
                            pl.col("reason_en").str.join("; ")))
            self.excluded.append(reasons.select(
                pl.lit(table).alias("table"), pl.lit(source).alias("source"), "row", "id",
                "reason_zh", "reason_en"))
            return flagged.filter(~any_bad).drop(names)
        found: list[Problem] = []
        for c, n in zip(checks, names):
            sel = bad.filter(pl.col(n) & (c.report.fill_null(False) if c.report is not None else True))
            if sel.height > _CAP:
                self.omitted += sel.height - _CAP
                sel = sel.head(_CAP)
            for row, zh, en in sel.select("_row", c.zh.alias("_zh"), c.en.alias("_en")).iter_rows():
                found.append(Problem(c.code, f"{zh} ({en})", source, row, c.column, kind="data"))
        self.rows.extend(sorted(found, key=lambda p: p.line or 0))
        return frame


# ==================================================================================================
# units
# ==================================================================================================
def _units(raw: _Raw | None, region: RegionSpec, d: Dictionary, needed: Iterable[str], lenient: bool,
           out: _Collector) -> pl.DataFrame:
    levels = list(region.levels)
    if raw is None:
        schema: dict[str, pl.DataType] = {"_row": pl.Int64(), "id": pl.String(), "name": pl.String(),
                                          "kind": pl.String()}
        schema |= {lv: pl.String() for lv in levels}
        schema |= {k: _DTYPES[d.attributes[k].type] for k in dict.fromkeys(needed) if k in d.attributes}
        return pl.DataFrame(schema=schema)
    src = raw.source
    cols: dict[str, tuple[str, str, str]] = {}          # key → (section, raw column, header)
    for j, header in enumerate(raw.headers):
        cname = f"c{j}"
        position = f"第{j + 1}列（{_col_letter(j + 1)}）"
        position_en = f"column {j + 1} ({_col_letter(j + 1)})"
        if not header:
            if raw.frame.get_column(cname).null_count() < raw.frame.height:
                out.struct("C002", f"{position}没有列名但有数据 ({position_en} has data but no header)", src, 1)
            continue
        hit = d.header(header)
        if hit is None:
            if normalize_label(header) in _UNITS_IGNORED:
                continue
            out.struct("C002", f"未知列「{header}」（{position}），不在数据字典中 "
                               f"(unknown column {header!r} ({position_en}): not in the data dictionary)",
                       src, 1, header)
            continue
        section, key = hit
        if key in cols:
            first = cols[key][2]
            out.struct("C002", f"列「{header}」（{position}）与列「{first}」重复，均表示 {key} "
                               f"(column {header!r} ({position_en}) repeats column {first!r}: both mean {key})",
                       src, 1, header)
            continue
        cols[key] = (section, cname, header)
    for key, zh in (("kind", d.columns["kind"].zh), (region.first_level, region.level_names_zh[0])):
        if key not in cols:
            out.struct("C003", f"缺少必需列「{zh}」({key}) (required column {zh!r} ({key}) is missing)", src)

    frame = raw.frame
    exprs: list[pl.Expr] = [pl.col("_row")]
    checks: list[_Check] = []
    # identity columns
    if "id" in cols:
        exprs.append(_text(pl.col(cols["id"][1])).alias("_id_raw"))
    else:
        exprs.append(pl.lit(None, dtype=pl.String).alias("_id_raw"))
        out.warnings.append("未找到单位编码列，已按行号生成编码 R{行号} (no unit id column; ids generated as R{row})")
    exprs.append(_text(pl.col(cols["name"][1])).alias("name") if "name" in cols
                 else pl.lit(None, dtype=pl.String).alias("name"))
    if "kind" in cols:
        kc, kh = cols["kind"][1], cols["kind"][2]
        exprs.append(_unique_map(frame, kc, d.kind_for_value, _label_map(d.kinds.values())).alias("kind"))
        checks.append(_Check(
            "C005", kh, pl.col("kind").is_null(),
            pl.when(_nonempty(pl.col(kc))).then(pl.format("未知的单位类别「{}」，不在数据字典中", pl.col(kc)))
            .otherwise(pl.lit("单位类别为空")),
            pl.when(_nonempty(pl.col(kc))).then(pl.format("unknown unit kind '{}': not in the data dictionary",
                                                          pl.col(kc)))
            .otherwise(pl.lit("the unit kind is empty"))))
    else:
        exprs.append(pl.lit(None, dtype=pl.String).alias("kind"))
    # region columns
    region_keys = levels + [k for k, v in cols.items() if v[0] == "regions" and k not in levels]
    for key in region_keys:
        if key in cols:
            exprs.append(_text(pl.col(cols[key][1])).alias(key))
        else:
            exprs.append(pl.lit(None, dtype=pl.String).alias(key))
            if key != region.first_level:
                zh = region.level_name(key)
                out.warnings.append(f"缺少列「{zh}」，该层级按空值处理 (column {zh!r} ({key}) is absent; "
                                    "that level is left empty)")
    # attributes, in file order, then the needed ones that are absent
    attr_keys = [k for k, v in cols.items() if v[0] == "attributes"]
    typed: list[tuple[str, str, str, str]] = []          # key, type, raw column, header
    for key in attr_keys:
        vtype, cname = d.attributes[key].type, cols[key][1]
        if vtype == "text":
            exprs.append(_text(pl.col(cname)).alias(key))
        else:
            exprs.append(_FAST[vtype](pl.col(cname)).alias(key))
            typed.append((key, vtype, cname, cols[key][2]))
    missing = [k for k in dict.fromkeys(needed) if k in d.attributes and k not in cols]
    for key in missing:
        e = d.attributes[key]
        exprs.append(pl.lit(None, dtype=_DTYPES[e.type]).alias(key))
        out.warnings.append(f"缺少列「{e.zh}」({key})，相关规则将判为数据不足 "
                            f"(column {e.en!r} ({key}) is absent; rules using it report insufficient data)")
    raw_cols = [v[1] for v in cols.values()]
    work = frame.select(*exprs, *[pl.col(c) for c in dict.fromkeys(raw_cols)])

    # second pass only for typed columns where the fast cast left non-empty cells unparsed
    if typed:
        fails = work.select([(pl.col(c).is_not_null() & pl.col(k).is_null()).sum().alias(k)
                             for k, _, c, _ in typed]).row(0, named=True)
        dirty = [t for t in typed if fails[t[0]]]
        if dirty:
            work = work.with_columns([_SLOW[t](pl.col(c)).alias(k) for k, t, c, _ in dirty])
            for key, vtype, cname, header in dirty:
                zh, en = _bad_cell_messages(pl.col(cname), header, vtype)
                checks.append(_Check("C004", header, _nonempty(pl.col(cname)) & pl.col(key).is_null(), zh, en))

    # ids: generated from the row number where absent
    if "id" in cols:
        n_empty = work.get_column("_id_raw").null_count()
        if n_empty:
            out.warnings.append(f"{n_empty} 行单位编码为空，已按行号生成编码 R{{行号}} "
                                f"({n_empty} rows have no unit id; ids generated as R{{row}})")
    work = work.with_columns(pl.coalesce("_id_raw", pl.format("R{}", pl.col("_row"))).alias("id"))

    # first region level: canonical unit names; a first-level unit's own row may name itself
    fl = region.first_level
    if fl in cols:
        fh = cols[fl][2]
        units = list(region.units)
        folded = pl.col(fl).str.replace_all(r"\s+", "")
        self_kinds = [k for k in _LEVEL_KINDS.get(fl, (fl,)) if k in d.kinds]
        own = pl.col("name").str.replace_all(r"\s+", "")
        work = work.with_columns(
            pl.when(pl.col(fl).is_in(units)).then(pl.col(fl))
            .when(folded.is_in(units)).then(folded)
            .when(pl.col(fl).is_null() & pl.col("kind").is_in(self_kinds) & own.is_in(units)).then(own)
            .otherwise(pl.col(fl)).alias(fl))
        lz = region.level_names_zh[0]
        checks.append(_Check(
            "C007", fh, ~pl.col(fl).is_in(units) | pl.col(fl).is_null(),
            pl.when(pl.col(fl).is_null()).then(pl.format("{}为空，无法归入{}的{}", pl.lit(lz), pl.lit(region.name),
                                                       pl.lit(lz)))
            .otherwise(pl.format("「{}」不是{}所辖{}（应为：{}）", pl.col(fl), pl.lit(region.name), pl.lit(lz),
                                 pl.lit("、".join(units)))),
            pl.when(pl.col(fl).is_null()).then(pl.format("the {} column is empty; the unit cannot be placed in {}",
                                                         pl.lit(fl), pl.lit(region.name)))
            .otherwise(pl.format("'{}' is not a {} of {} (expected one of: {})", pl.col(fl), pl.lit(fl),
                                 pl.lit(region.name), pl.lit(", ".join(units))))))

    # duplicate ids
    dup = pl.col("id").is_duplicated()
    n_dup = work.select(dup.sum()).item()
    if n_dup:
        rows_of = (work.filter(dup).group_by("id")
                   .agg(pl.col("_row").sort().cast(pl.String).str.join("、").alias("_dup_rows")))
        work = work.join(rows_of, on="id", how="left", maintain_order="left")
        idh = cols["id"][2] if "id" in cols else "id"
        checks.append(_Check(
            "C006", idh, pl.col("_dup_rows").is_not_null(),
            pl.format("单位编码「{}」重复，见第{}行", pl.col("id"), pl.col("_dup_rows")),
            pl.format("duplicate unit id '{}' on rows {}", pl.col("id"),
                      pl.col("_dup_rows").str.replace_all("、", ", ", literal=True)),
            report=pl.col("id").is_first_distinct()))

    work = out.run(work, checks, "units", src, "id", lenient)
    keep = ["_row", "id", "name", "kind", *region_keys, *attr_keys, *missing]
    return work.select(keep)


# ==================================================================================================
# indicators
# ==================================================================================================
_IND_SCHEMA = {"_row": pl.Int64(), "region": pl.String(), "year": pl.Int32(), "indicator": pl.String(),
               "value": DECIMAL, "flag": pl.Boolean(), "numerator": DECIMAL, "denominator": DECIMAL}


def _indicators(raw: _Raw | None, region: RegionSpec, d: Dictionary, lenient: bool,
                out: _Collector) -> pl.DataFrame:
    if raw is None:
        return pl.DataFrame(schema=_IND_SCHEMA)
    src = raw.source
    cols: dict[str, tuple[str, str]] = {}                # key → (raw column, header)
    for j, header in enumerate(raw.headers):
        cname = f"c{j}"
        position = f"第{j + 1}列（{_col_letter(j + 1)}）"
        position_en = f"column {j + 1} ({_col_letter(j + 1)})"
        if not header:
            if raw.frame.get_column(cname).null_count() < raw.frame.height:
                out.struct("C002", f"{position}没有列名但有数据 ({position_en} has data but no header)", src, 1)
            continue
        key = _INDICATOR_HEADER_MAP.get(normalize_label(header))
        if key is None:
            expected = "、".join(hs[0] for hs in INDICATOR_HEADERS.values())
            out.struct("C002", f"指标表中的未知列「{header}」（{position}），应为：{expected} "
                               f"(unknown column {header!r} ({position_en}) in the indicators table; "
                               "expected region, year, indicator, value, numerator, denominator, unit, note)",
                       src, 1, header)
            continue
        if key in cols:
            out.struct("C002", f"列「{header}」（{position}）与列「{cols[key][1]}」重复 "
                               f"(column {header!r} ({position_en}) repeats column {cols[key][1]!r})",
                       src, 1, header)
            continue
        cols[key] = (cname, header)
    for key in ("region", "year", "indicator"):
        if key not in cols:
            out.struct("C003", f"指标表缺少必需列「{_INDICATOR_ZH[key]}」 "
                               f"(the indicators table has no {key!r} column)", src)
    if "value" not in cols and not ("numerator" in cols and "denominator" in cols):
        out.struct("C003", "指标表缺少「数值」列（或「分子」与「分母」列） "
                           "(the indicators table needs a 'value' column, or 'numerator' and 'denominator')", src)

    frame = raw.frame

    def raw_col(key: str) -> pl.Expr:
        return pl.col(cols[key][0]) if key in cols else pl.lit(None, dtype=pl.String)

    names = [region.name, *region.units]
    reg = _text(raw_col("region"))
    reg_folded = reg.str.replace_all(r"\s+", "")
    ind = (_unique_map(frame, cols["indicator"][0], d.indicator_for_value, _label_map(d.indicators.values()))
           if "indicator" in cols else pl.lit(None, dtype=pl.String))
    types = {k: e.type for k, e in d.indicators.items()}
    year_s = _fold(raw_col("year"))
    work = frame.with_columns(
        pl.when(reg_folded.is_in(names)).then(reg_folded).otherwise(reg).alias("region"),
        pl.when(year_s.str.contains(_YEAR_RE)).then(year_s.str.extract(_YEAR_RE, 1))
        .cast(pl.Int32, strict=False).alias("year"),
        ind.alias("indicator"),
    ).with_columns(
        pl.col("indicator").replace_strict(types, default=None, return_dtype=pl.String).alias("_type"),
        _fold(raw_col("unit")).alias("_unit"),
    )
    unit_ok = pl.col("_unit").is_null() | (pl.col("_unit") == "") | pl.col("_unit").is_in(["%", "‰"])
    unit_suffix = pl.when(pl.col("_unit").is_in(["%", "‰"])).then(pl.col("_unit"))
    vraw = raw_col("value")
    _, vsuffix = _rate_parts(vraw)
    work = work.with_columns(
        pl.when(pl.col("_type") == "rate").then(_rate_slow(vraw, unit_suffix))
        .when(pl.col("_type") == "count").then(_count_slow(vraw).cast(DECIMAL))
        .when(pl.col("_type") == "number").then(_number_slow(vraw))
        .alias("value"),
        pl.when(pl.col("_type") == "bool").then(_bool_slow(vraw)).alias("flag"),
        _number_slow(raw_col("numerator")).alias("numerator"),
        _number_slow(raw_col("denominator")).alias("denominator"),
    )
    has_value = _nonempty(vraw)
    checks: list[_Check] = []
    if "region" in cols:
        h = cols["region"][1]
        checks.append(_Check("C004", h, pl.col("region").is_null(), pl.lit("地区为空，应为地区名称"),
                             pl.lit("the region is empty: expected a region name")))
    if "year" in cols:
        h = cols["year"][1]
        zh, en = _bad_cell_messages(raw_col("year"), h, "year")
        checks.append(_Check("C004", h, pl.col("year").is_null(),
                             pl.when(_nonempty(raw_col("year"))).then(zh).otherwise(pl.lit("年份为空，应为四位年份")),
                             pl.when(_nonempty(raw_col("year"))).then(en)
                             .otherwise(pl.lit("the year is empty: expected a four-digit year"))))
    if "indicator" in cols:
        ic, h = cols["indicator"]
        checks.append(_Check(
            "C008", h, pl.col("indicator").is_null(),
            pl.when(_nonempty(pl.col(ic))).then(pl.format("未知指标「{}」，不在数据字典中", pl.col(ic)))
            .otherwise(pl.lit("指标为空")),
            pl.when(_nonempty(pl.col(ic))).then(pl.format("unknown indicator '{}': not in the data dictionary",
                                                          pl.col(ic)))
            .otherwise(pl.lit("the indicator is empty"))))
    if "unit" in cols:
        h = cols["unit"][1]
        zh, en = _bad_cell_messages(raw_col("unit"), h, "unit")
        checks.append(_Check("C004", h, pl.col("_type").is_not_null() & ~unit_ok, zh, en))
    if "value" in cols:
        h = cols["value"][1]
        for vtype in ("bool", "count", "number", "rate"):
            zh, en = _bad_cell_messages(vraw, h, vtype)
            target = pl.col("flag") if vtype == "bool" else pl.col("value")
            mask = (pl.col("_type") == vtype) & has_value & target.is_null()
            if vtype != "rate":   # % or ‰ belongs to rates only
                mask = mask | ((pl.col("_type") == vtype) & (vsuffix.is_not_null() | unit_suffix.is_not_null()))
            checks.append(_Check("C004", h, mask, zh, en))
    for key in ("numerator", "denominator"):
        if key in cols:
            h = cols[key][1]
            kind = "positive" if key == "denominator" else "number"
            zh, en = _bad_cell_messages(raw_col(key), h, kind)
            bad = pl.col(key).is_null() if key == "numerator" else (pl.col(key).is_null() | (pl.col(key) <= 0))
            checks.append(_Check("C004", h, pl.col("_type").is_not_null() & _nonempty(raw_col(key)) & bad, zh, en))
    fraction = _nonempty(raw_col("numerator")) & _nonempty(raw_col("denominator"))
    checks.append(_Check(
        "C009", cols["value"][1] if "value" in cols else None,
        pl.col("_type").is_not_null() & ~has_value & ((pl.col("_type") == "bool") | ~fraction),
        pl.when(pl.col("_type") == "bool").then(pl.format("指标「{}」没有填写 是/否", pl.col("indicator")))
        .otherwise(pl.format("指标「{}」没有数值（或分子与分母）", pl.col("indicator"))),
        pl.when(pl.col("_type") == "bool").then(pl.format("indicator '{}' has no yes/no value",
                                                          pl.col("indicator")))
        .otherwise(pl.format("indicator '{}' has no value (nor both numerator and denominator)",
                             pl.col("indicator")))))
    work = out.run(work, checks, "indicators", src, None, lenient)
    result = work.select(list(_IND_SCHEMA)).cast(_IND_SCHEMA)
    dups = result.filter(pl.struct("region", "year", "indicator").is_duplicated()).height
    if dups:
        out.warnings.append(f"指标表中有 {dups} 行的地区、年份和指标重复 "
                            f"({dups} indicator rows repeat the same region, year and indicator)")
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
    out = _Collector()
    raws: list[_Raw | None] = []
    for src, label in ((units, "units"), (indicators, "indicators")):
        if src is not None:
            say(f"读取 {_display(src, label)} (reading {_display(src, label)})")
        try:
            raws.append(_read(src, label))
        except DataError as exc:
            out.structural.extend(exc.problems)
            raws.append(None)
    say("检查单位表 (checking the units table)")
    units_df = _units(raws[0], region, d, needed, lenient, out)
    say("检查指标表 (checking the indicators table)")
    ind_df = _indicators(raws[1], region, d, lenient, out)
    if out.structural or (out.rows and not lenient):
        raise CensusDataError(out.structural + out.rows, _TITLE, out.omitted)
    excluded = (pl.concat(out.excluded).cast(EXCLUDED_SCHEMA) if out.excluded
                else pl.DataFrame(schema=EXCLUDED_SCHEMA))
    if excluded.height:
        out.warnings.append(f"已排除 {excluded.height} 行有问题的数据，见排除清单 "
                            f"({excluded.height} rows with problems were excluded; see the excluded list)")
    say("载入完成 (census loaded)")
    return Census(units=units_df, indicators=ind_df, excluded=excluded, warnings=tuple(out.warnings),
                  sources=tuple(r.source for r in raws if r is not None),
                  rows_read=raws[0].rows_read if raws[0] is not None else 0)
