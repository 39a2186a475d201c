"""Loading and validating a census (units + indicators tables): compliance.census."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from compliance.census import DECIMAL, Census, CensusDataError, load_census
from compliance.diagnostics import DataError
from compliance.dictionary import DICTIONARY_DIR, load_dictionary_from
from compliance.regions import RegionSpec

WUHU = RegionSpec(name="芜湖市", level_zh="市", levels=("county", "town", "village"),
                  level_names_zh=("县区", "乡镇街道", "村社区"),
                  units=("镜湖区", "弋江区", "鸠江区", "三山区", "芜湖县", "繁昌县", "南陵县", "无为县"))

HEADER = "单位编码,单位名称,单位类别,县区,乡镇街道,村社区,是否设立心理咨询室,有无社会工作室,职工人数,特殊人群个性化心理疏导覆盖率"
ROWS = [
    "V001,甲村,村,镜湖区,范罗山街道,甲村,是,否,12,80%",
    "V002,乙社区,社区,弋江区,马塘街道,乙社区,否,是,1234,0.8",
    "V003,丙村,行政村,南陵县,籍山镇,丙村,有,无,0,800‰",
    "S001,某小学,小学,无为县,无城镇,,√,×,56,",
]


def csv(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


CSV_TEXT = csv(HEADER, *ROWS)


@pytest.fixture(autouse=True, params=["one block", "tiny blocks"])
def blocks(request, monkeypatch):
    """Every test runs twice: with the default block and batch sizes (small tables: one batch), and with
    CSV blocks of 97 bytes and batches of 7 rows, so that records, problems, duplicates, exclusions and
    encodings cross batch boundaries. Results must be identical."""
    import compliance.census as census_module

    if request.param == "tiny blocks":
        if "scale" in request.keywords:
            pytest.skip("one-block only: a large table in 7-row batches is needlessly slow")
        monkeypatch.setattr(census_module, "_BLOCK_BYTES", 97)
        monkeypatch.setattr(census_module, "_BATCH_ROWS", 7)
    return request.param


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory):
    """The core dictionary alone, so these tests do not depend on pack-specific dictionary files."""
    folder = tmp_path_factory.mktemp("dictionary")
    shutil.copy(DICTIONARY_DIR / "core.yaml", folder / "core.yaml")
    return load_dictionary_from(folder)


@pytest.fixture
def load(dictionary):
    def _load(units=None, indicators=None, **kw) -> Census:
        kw.setdefault("region", WUHU)
        return load_census(units, indicators, dictionary=dictionary, **kw)
    return _load


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(exc: pytest.ExceptionInfo) -> list:
    return exc.value.problems


def codes(exc: pytest.ExceptionInfo) -> list[str]:
    return [p.code for p in exc.value.problems]


# ---- reading: encodings, formats, in-memory inputs -------------------------------------------------
def test_utf8_bom_and_gb18030_csv_give_identical_frames(tmp_path, load):
    frames = []
    for enc in ("utf-8", "utf-8-sig", "gb18030"):
        census = load(write(tmp_path, f"units_{enc}.csv", CSV_TEXT, enc))
        frames.append(census.units)
    assert_frame_equal(frames[0], frames[1])
    assert_frame_equal(frames[0], frames[2])
    units = frames[0]
    assert units.columns == ["_row", "id", "name", "kind", "county", "town", "village",
                             "has_counseling_room", "has_social_work_room", "staff", "psych_guidance_coverage"]
    assert units.schema["has_counseling_room"] == pl.Boolean
    assert units.schema["staff"] == pl.Int64
    assert units.schema["psych_guidance_coverage"] == DECIMAL
    assert units["_row"].to_list() == [2, 3, 4, 5]
    assert units["kind"].to_list() == ["village", "community", "village", "primary_school"]
    assert units["has_counseling_room"].to_list() == [True, False, True, True]
    assert units["has_social_work_room"].to_list() == [False, True, False, False]
    assert units["staff"].to_list() == [12, 1234, 0, 56]
    assert units["village"].to_list() == ["甲村", "乙社区", "丙村", None]


def test_gb18030_bytes_are_not_valid_utf8(tmp_path, load):
    """The GB18030 file really is not UTF-8 (so the detection path is exercised), and still loads."""
    data = CSV_TEXT.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    census = load(write(tmp_path, "gbk.csv", CSV_TEXT, "gb18030"))
    assert census.units["name"].to_list() == ["甲村", "乙社区", "丙村", "某小学"]
    assert census.sources == ("gbk.csv",)


def test_undecodable_file_is_C001(tmp_path, load):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xe5\x8d\x95\xff\xfe\xfd,\xff\n\xff,\xfe\n")
    with pytest.raises(DataError) as exc:
        load(path)
    assert codes(exc) == ["C001"]
    assert "bad.csv" in str(exc.value) and "cannot decode" in str(exc.value)
    assert "无法识别文件编码" in str(exc.value)


def test_unsupported_inputs_are_C001(tmp_path, load):
    with pytest.raises(DataError) as exc:
        load(write(tmp_path, "units.json", "{}"))
    assert codes(exc) == ["C001"]
    with pytest.raises(DataError) as exc:
        load(tmp_path / "missing.csv")
    assert codes(exc) == ["C001"]
    with pytest.raises(DataError) as exc:
        load(42)
    assert codes(exc) == ["C001"]


def test_tab_separated(tmp_path, load):
    tsv = CSV_TEXT.replace(",", "\t")
    by_suffix = load(write(tmp_path, "units.tsv", tsv)).units
    sniffed = load(write(tmp_path, "units.txt", tsv)).units
    comma = load(write(tmp_path, "units.csv", CSV_TEXT)).units
    assert_frame_equal(by_suffix, comma)
    assert_frame_equal(sniffed, comma)


def test_crlf_and_blank_rows_keep_spreadsheet_row_numbers(tmp_path, load):
    lines = [HEADER, ROWS[0], ",,,,,,,,,", ROWS[1], "", ROWS[2]]
    census = load(write(tmp_path, "units.csv", "\r\n".join(lines) + "\r\n"))
    assert census.units["_row"].to_list() == [2, 4, 6]
    assert census.units["id"].to_list() == ["V001", "V002", "V003"]
    assert census.rows_read == 3


def test_xlsx_round_trip(tmp_path, load):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(["V001", "甲村", "村", "镜湖区", "范罗山街道", "甲村", "是", "否", 12, "80%"])
    ws.append(["V002", "乙社区", "社区", "弋江区", "马塘街道", "乙社区", "否", "是", 1234, 0.8])
    ws.append(["V003", "丙村", "行政村", "南陵县", "籍山镇", "丙村", True, False, 0, "800‰"])
    ws.append(["S001", "某小学", "小学", "无为县", "无城镇", None, "√", "×", 56.0, None])
    wb.create_sheet("说明").append(["这一页不是数据"])
    path = tmp_path / "units.xlsx"
    wb.save(path)
    from_xlsx = load(path).units
    from_csv = load(write(tmp_path, "units.csv", CSV_TEXT)).units
    assert_frame_equal(from_xlsx, from_csv)


def test_polars_pandas_and_dict_inputs_match_csv(tmp_path, load):
    from_csv = load(write(tmp_path, "units.csv", CSV_TEXT)).units
    records = [dict(zip(HEADER.split(","), r.split(","), strict=True)) for r in ROWS]
    for r in records:
        for k, v in r.items():
            r[k] = v or None
    typed = [dict(r) for r in records]
    typed[1]["职工人数"] = 1234          # ints, floats and bools as Python values
    typed[1]["特殊人群个性化心理疏导覆盖率"] = 0.8
    typed[2]["是否设立心理咨询室"] = True
    for source in (pl.DataFrame(records), pd.DataFrame(records), records, typed):
        units = load(source).units
        assert_frame_equal(units, from_csv)
    assert load(records).sources == ("<units>",)


def test_pandas_frame_with_mixed_object_column(load):
    frame = pd.DataFrame({"单位编码": ["A", "B"], "单位类别": ["村", "村"], "县区": ["镜湖区", "镜湖区"],
                          "职工人数": [3, "4"]})
    units = load(frame).units
    assert units["staff"].to_list() == [3, 4]
    assert units["_row"].to_list() == [2, 3]


# ---- cell parsing ----------------------------------------------------------------------------------
def test_rates_are_exact_decimals(load):
    cells = ["80%", "0.8", "800‰", "８０％", "０．８", " 80 % ", "８００‰", "4.5‰", "0.0045", "12.3456789%",
             "100%", "0"]
    rows = [{"单位类别": "村", "县区": "镜湖区", "特殊人群个性化心理疏导覆盖率": c} for c in cells]
    units = load(rows).units
    values = units["psych_guidance_coverage"].to_list()
    assert all(isinstance(v, Decimal) for v in values)
    assert values[:7] == [Decimal("0.8")] * 7
    assert values[7] == values[8] == Decimal("0.0045")
    assert values[9] == Decimal("0.123456789")
    assert values[10] == Decimal(1) and values[11] == Decimal(0)


def test_counts_and_full_width_digits(load):
    cells = ["12", "12.0", "１２", "1,234", "１，２３４", " 7 ", "+3", "0"]
    units = load([{"单位类别": "村", "县区": "镜湖区", "职工人数": c} for c in cells]).units
    assert units["staff"].to_list() == [12, 12, 12, 1234, 1234, 7, 3, 0]


def test_bool_tokens(load):
    yes = ["是", "有", "Y", "y", "1", "true", "True", "TRUE", "√", "已设立", " 是 ", "Ｙ"]
    no = ["否", "无", "N", "n", "0", "false", "False", "FALSE", "×", "未设立"]
    rows = [{"单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": c} for c in yes + no]
    flags = load(rows).units["has_counseling_room"].to_list()
    assert flags == [True] * len(yes) + [False] * len(no)


def test_empty_cells_are_null(load):
    rows = [{"单位编码": "A", "单位名称": "  ", "单位类别": "村", "县区": "镜湖区", "乡镇街道": " 某镇 ",
             "是否设立心理咨询室": "", "职工人数": " ", "特殊人群个性化心理疏导覆盖率": None}]
    units = load(rows).units
    row = units.row(0, named=True)
    assert row["name"] is None and row["town"] == "某镇"
    assert row["has_counseling_room"] is None and row["staff"] is None and row["psych_guidance_coverage"] is None


def test_kind_and_region_values_are_normalised(load):
    rows = [{"单位类别": "  行政村 ", "县区": " 镜 湖 区"}, {"单位类别": "九年一贯制学校", "县区": "南陵县"},
            {"单位类别": "county", "县区": "无为县"}]
    units = load(rows).units
    assert units["kind"].to_list() == ["village", "primary_school", "county"]
    assert units["county"].to_list() == ["镜湖区", "南陵县", "无为县"]


def test_attributes_not_needed_are_kept_and_needed_missing_become_null_columns(load):
    rows = [{"单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": "是"}]
    census = load(rows, needed=["has_social_work_room", "staff", "psych_guidance_coverage"])
    units = census.units
    assert units["has_counseling_room"].to_list() == [True]      # not needed, still parsed and kept
    assert units.schema["has_social_work_room"] == pl.Boolean
    assert units.schema["staff"] == pl.Int64
    assert units.schema["psych_guidance_coverage"] == DECIMAL
    assert units["has_social_work_room"].to_list() == [None]
    missing = [w for w in census.warnings if "insufficient data" in w]
    assert len(missing) == 3
    assert any("是否设立社会工作室" in w and "has_social_work_room" in w for w in missing)


def test_ids_generated_from_row_numbers_when_absent(load):
    census = load([{"单位类别": "村", "县区": "镜湖区"}, {"单位类别": "村", "县区": "弋江区"}])
    assert census.units["id"].to_list() == ["R2", "R3"]
    assert any("R{row}" in w for w in census.warnings)


def test_county_row_may_name_itself(load):
    rows = [{"单位名称": "镜湖区", "单位类别": "县区", "县区": ""}, {"单位名称": "某村", "单位类别": "村", "县区": "鸠江区"}]
    units = load(rows).units
    assert units["county"].to_list() == ["镜湖区", "鸠江区"]


def test_no_units_table(load):
    census = load(None, [{"地区": "芜湖市", "年份": "2020", "指标": "规范管理率", "数值": "81%"}],
                  needed=["staff"])
    assert census.units.height == 0
    assert census.units.schema["staff"] == pl.Int64
    assert {"_row", "id", "name", "kind", "county", "town", "village"} <= set(census.units.columns)
    assert census.rows_read == 0
    assert census.indicators["value"].to_list() == [Decimal("0.81")]


# ---- indicators ------------------------------------------------------------------------------------
def test_indicators_table(tmp_path, load):
    text = csv(
        "地区,年度,指标名称,指标值,分子,分母,单位,备注",
        "芜湖市,2020,规范管理率,81%,,,,",
        "芜湖市,2020年,在册患者治疗率,81,,,%,单位列给出百分号",
        "芜湖市,２０２１,报告患病率,4.5,,,‰,",
        "镜湖区,2021,面访率,,45,50,,",
        "芜湖市,2021,成立领导小组,是,,,,",
        "芜湖市,2021,领导小组例会次数,4,,,,",
        "芜湖市 ,2021,规范管理率,0.81,,,,",
    )
    ind = load(None, write(tmp_path, "indicators.csv", text, "gb18030")).indicators
    assert ind.schema == {"_row": pl.Int64, "region": pl.String, "year": pl.Int32, "period": pl.String,
                              "indicator": pl.String,
                          "value": DECIMAL, "flag": pl.Boolean, "numerator": DECIMAL, "denominator": DECIMAL}
    assert ind["_row"].to_list() == [2, 3, 4, 5, 6, 7, 8]
    assert ind["region"].to_list() == ["芜湖市"] * 3 + ["镜湖区"] + ["芜湖市"] * 3
    assert ind["year"].to_list() == [2020, 2020, 2021, 2021, 2021, 2021, 2021]
    assert ind["indicator"].to_list() == [
        "smd_standardized_management_rate", "smd_treatment_rate", "smd_reported_prevalence",
        "smd_followup_rate", "leading_group_established", "leading_group_meetings",
        "smd_standardized_management_rate"]
    assert ind["value"].to_list() == [Decimal("0.81"), Decimal("0.81"), Decimal("0.0045"), None, None,
                                      Decimal(4), Decimal("0.81")]
    assert ind["flag"].to_list() == [None, None, None, None, True, None, None]
    assert ind["numerator"][3] == Decimal(45) and ind["denominator"][3] == Decimal(50)


def test_indicator_errors(load):
    rows = [
        {"地区": "芜湖市", "年份": "2020", "指标": "不存在的指标", "数值": "1"},            # C008
        {"地区": "芜湖市", "年份": "2020", "指标": "规范管理率", "数值": ""},              # C009
        {"地区": "芜湖市", "年份": "2020", "指标": "成立领导小组", "数值": "也许"},        # C004 bool
        {"地区": "芜湖市", "年份": "二〇二〇", "指标": "规范管理率", "数值": "80%"},      # C004 year
        {"地区": "芜湖市", "年份": "2020", "指标": "面访率", "分子": "3", "分母": "0"},   # C004 denominator
        {"地区": "", "年份": "2020", "指标": "规范管理率", "数值": "80%"},                # C004 region
        {"地区": "芜湖市", "年份": "2020", "指标": "领导小组例会次数", "数值": "4%"},     # C004 % on a count
        {"地区": "芜湖市", "年份": "2020", "指标": "面访率", "分子": "3"},                # C009
    ]
    with pytest.raises(DataError) as exc:
        load(None, rows)
    got = [(p.code, p.line, p.column) for p in problems(exc)]
    assert got == [("C008", 2, "指标"), ("C009", 3, "数值"), ("C004", 4, "数值"), ("C004", 5, "年份"),
                   ("C004", 6, "分母"), ("C004", 7, "地区"), ("C004", 8, "数值"), ("C009", 9, "数值")]
    text = str(exc.value)
    assert "不存在的指标" in text and "二〇二〇" in text and "也许" in text


def test_indicators_structure_errors(load):
    with pytest.raises(DataError) as exc:
        load(None, [{"地区": "芜湖市", "指标": "规范管理率", "数值": "1", "来源": "x"}])
    assert sorted(codes(exc)) == ["C002", "C003"]
    c002 = next(p for p in problems(exc) if p.code == "C002")
    assert c002.column == "来源" and "第4列" in c002.message and "column 4 (D)" in c002.message


# ---- errors ----------------------------------------------------------------------------------------
def test_unknown_column_C002_names_header_and_position(tmp_path, load):
    text = "单位编码,单位类别,县区,序号,神秘列\nA,村,镜湖区,1,x\n"
    with pytest.raises(DataError) as exc:
        load(write(tmp_path, "units.csv", text))
    (p,) = problems(exc)
    assert (p.code, p.file, p.line, p.column) == ("C002", "units.csv", 1, "神秘列")
    assert "第5列（E）" in p.message and "column 5 (E)" in p.message


def test_missing_required_columns_C003(load):
    with pytest.raises(DataError) as exc:
        load([{"单位编码": "A", "单位名称": "x"}])
    msgs = [p.message for p in problems(exc)]
    assert codes(exc) == ["C003", "C003"]
    assert any("单位类别" in m and "kind" in m for m in msgs)
    assert any("县区" in m and "county" in m for m in msgs)


def test_bad_cells_C004_name_row_column_value_and_expectation(tmp_path, load):
    text = csv(HEADER,
               "V001,甲村,村,镜湖区,,,也许,否,12.5,80%",
               "V002,乙村,村,镜湖区,,,是,否,-1,abc",
               "V003,丙村,村,镜湖区,,,是,否,3,-5%")
    with pytest.raises(DataError) as exc:
        load(write(tmp_path, "units.csv", text))
    got = [(p.code, p.line, p.column) for p in problems(exc)]
    assert got == [("C004", 2, "是否设立心理咨询室"), ("C004", 2, "职工人数"),
                   ("C004", 3, "职工人数"), ("C004", 3, "特殊人群个性化心理疏导覆盖率"),
                   ("C004", 4, "特殊人群个性化心理疏导覆盖率")]
    first = problems(exc)[0]
    assert "也许" in first.message and "是/否" in first.message and "expected yes/no" in first.message
    assert "12.5" in problems(exc)[1].message and "non-negative whole number" in problems(exc)[1].message
    rendered = str(exc.value)
    assert "units.csv, 第2行 (row 2), 列「职工人数」(column 职工人数): C004" in rendered


def test_unknown_kind_C005(load):
    with pytest.raises(DataError) as exc:
        load([{"单位类别": "村", "县区": "镜湖区"}, {"单位类别": "外星基地", "县区": "镜湖区"},
              {"单位类别": " ", "县区": "镜湖区"}])
    got = [(p.code, p.line, p.column) for p in problems(exc)]
    assert got == [("C005", 3, "单位类别"), ("C005", 4, "单位类别")]
    assert "外星基地" in problems(exc)[0].message
    assert "empty" in problems(exc)[1].message


def test_duplicate_ids_C006_name_every_row(load):
    rows = [{"单位编码": i, "单位类别": "村", "县区": "镜湖区"} for i in ("A", "B", "A", "C", "A", "B")]
    with pytest.raises(DataError) as exc:
        load(rows)
    got = [(p.code, p.line, p.column) for p in problems(exc)]
    assert got == [("C006", 2, "单位编码"), ("C006", 3, "单位编码")]
    assert "第2、4、6行" in problems(exc)[0].message and "rows 2, 4, 6" in problems(exc)[0].message
    assert "rows 3, 7" in problems(exc)[1].message


def test_region_outside_hierarchy_C007(load):
    rows = [{"单位名称": "甲", "单位类别": "村", "县区": "镜湖区"},
            {"单位名称": "乙", "单位类别": "村", "县区": "上海市"},
            {"单位名称": "丙", "单位类别": "村", "县区": ""},
            {"单位名称": "浦东新区", "单位类别": "县区", "县区": ""}]
    with pytest.raises(DataError) as exc:
        load(rows)
    got = [(p.code, p.line, p.column) for p in problems(exc)]
    assert got == [("C007", 3, "县区"), ("C007", 4, "县区"), ("C007", 5, "县区")]
    assert "上海市" in problems(exc)[0].message and "芜湖市" in problems(exc)[0].message


def test_units_of_the_region_itself_name_the_region(load):
    """A city's own hotline or crisis centre is in no county: 芜湖市, 本级, 市本级 or 芜湖市本级 in the
    county column all place it at the city itself (as the region's name)."""
    rows = [{"单位编码": f"h{i}", "单位名称": "市心理援助热线", "单位类别": "心理援助热线", "县区": county}
            for i, county in enumerate(["芜湖市", "本级", " 市本级 ", "芜湖市本级", "镜湖区"])]
    units = load(rows).units
    assert units["county"].to_list() == ["芜湖市"] * 4 + ["镜湖区"]
    with pytest.raises(DataError) as exc:
        load([{"单位名称": "乙", "单位类别": "村", "县区": "省本级"}])
    assert codes(exc) == ["C007"] and "市本级" in problems(exc)[0].message


def test_several_problems_reported_at_once(tmp_path, load):
    text = "单位编码,单位类别,县区,职工人数,怪列\nA,村,镜湖区,x,1\nA,火星,北京,2,1\n"
    indicators = "地区,年份,指标,数值\n芜湖市,2020,没有这个,1\n"
    with pytest.raises(CensusDataError) as exc:
        load(write(tmp_path, "u.csv", text), write(tmp_path, "i.csv", indicators))
    assert codes(exc) == ["C002", "C004", "C006", "C005", "C007", "C008"]
    assert isinstance(exc.value, DataError)
    assert [p.file for p in problems(exc)] == ["u.csv"] * 5 + ["i.csv"]


def test_many_bad_cells_are_counted_beyond_the_cap(load):
    n = 1000
    frame = pl.DataFrame({"单位类别": ["村"] * n, "县区": ["镜湖区"] * n, "职工人数": ["many"] * n})
    with pytest.raises(CensusDataError) as exc:
        load(frame)
    err = exc.value
    assert err.total == n
    assert len(err.problems) < n            # only a few hundred Problem objects are built
    assert err.problems[0].line == 2
    assert f"… 另有 {n - 50} 个问题 (and {n - 50} more)" in str(err)


# ---- lenient mode ----------------------------------------------------------------------------------
def test_lenient_excludes_rows_with_reasons_and_keeps_the_rest(load):
    rows = [{"单位编码": "A", "单位类别": "村", "县区": "镜湖区", "职工人数": "3"},
            {"单位编码": "B", "单位类别": "火星", "县区": "镜湖区", "职工人数": "3"},
            {"单位编码": "C", "单位类别": "村", "县区": "北京", "职工人数": "x"},
            {"单位编码": "D", "单位类别": "村", "县区": "弋江区", "职工人数": "4"},
            {"单位编码": "D", "单位类别": "村", "县区": "弋江区", "职工人数": "5"}]
    indicators = [{"地区": "芜湖市", "年份": "2020", "指标": "规范管理率", "数值": "81%"},
                  {"地区": "芜湖市", "年份": "2020", "指标": "未知", "数值": "1"}]
    census = load(rows, indicators, lenient=True)
    assert census.units["id"].to_list() == ["A"]
    assert census.rows_read == 5
    assert census.indicators["indicator"].to_list() == ["smd_standardized_management_rate"]
    ex = census.excluded
    assert ex.schema == {"table": pl.String, "source": pl.String, "row": pl.Int64, "id": pl.String,
                         "reason_zh": pl.String, "reason_en": pl.String}
    assert ex.select("table", "row", "id").rows() == [
        ("units", 3, "B"), ("units", 4, "C"), ("units", 5, "D"), ("units", 6, "D"), ("indicators", 3, None)]
    reasons = dict(zip(ex["row"].to_list()[:4], ex["reason_en"].to_list()[:4], strict=True))
    assert reasons[3].startswith("C005")
    assert "C004" in reasons[4] and "C007" in reasons[4]
    assert "C006" in reasons[5] and "rows 5, 6" in reasons[5]
    assert ex["reason_en"][4].startswith("C008")
    assert "火星" in ex["reason_zh"][0]
    assert any("excluded" in w for w in census.warnings)


def test_lenient_still_raises_on_structural_problems(load):
    with pytest.raises(DataError) as exc:
        load([{"单位编码": "A", "县区": "镜湖区"}], lenient=True)
    assert codes(exc) == ["C003"]


def test_clean_census_has_no_exclusions(tmp_path, load):
    census = load(write(tmp_path, "units.csv", CSV_TEXT), lenient=True)
    assert census.excluded.height == 0
    assert census.rows_read == 4


# ---- scale -----------------------------------------------------------------------------------------
@pytest.mark.scale
def test_200k_rows(load):
    n = 200_000
    idx = pl.int_range(0, n, eager=True)
    units = list(WUHU.units)
    frame = pl.DataFrame({
        "单位编码": idx.cast(pl.String).str.zfill(7),
        "单位类别": pl.Series(["村", "社区", "小学", "企业"] * (n // 4)),
        "县区": pl.Series(units * (n // len(units))),
        "是否设立心理咨询室": pl.Series(["是", "否", "有", "无", "", "√", "×", "是"] * (n // 8)),
        "职工人数": (idx % 500).cast(pl.String),
        "特殊人群个性化心理疏导覆盖率": pl.Series(["80%", "0.8", "800‰", "８０％"] * (n // 4)),
    })
    census = load(frame, needed=["has_social_work_room"])
    u = census.units
    assert u.height == n and census.rows_read == n
    assert u["_row"][0] == 2 and u["_row"][-1] == n + 1
    assert u["kind"].value_counts().height == 4
    assert u["has_counseling_room"].sum() == n // 8 * 4
    assert u["has_counseling_room"].null_count() == n // 8
    assert u["staff"].sum() == int((idx % 500).sum())
    assert u["psych_guidance_coverage"].unique().to_list() == [Decimal("0.8")]
    assert u["has_social_work_room"].null_count() == n


# ---- more inputs -----------------------------------------------------------------------------------
def test_dictionary_keys_as_headers_like_pack_cases(load):
    rows = [{"kind": "village", "county": "镜湖区", "has_counseling_room": "是"}] * 3 + \
           [{"kind": "community", "county": "弋江区", "has_counseling_room": "否", "staff": 120}]
    units = load(rows).units
    assert units["id"].to_list() == ["R2", "R3", "R4", "R5"]
    assert units["has_counseling_room"].to_list() == [True, True, True, False]
    assert units["staff"].to_list() == [None, None, None, 120]


def test_two_level_region(load):
    jianghai = RegionSpec(name="江海区", level_zh="区", levels=("town", "village"),
                          level_names_zh=("街道", "村社区"), units=("江海街道", "外海街道", "礼乐街道"))
    rows = [{"单位名称": "外海街道", "单位类别": "街道", "镇街": ""},
            {"单位名称": "某社区", "单位类别": "社区", "镇街": "礼乐街道", "村居": "某社区"}]
    units = load(rows, region=jianghai).units
    assert units.columns[:6] == ["_row", "id", "name", "kind", "town", "village"]
    assert units["town"].to_list() == ["外海街道", "礼乐街道"]
    with pytest.raises(DataError) as exc:
        load([{"单位类别": "村", "县区": "镜湖区"}], region=jianghai)
    assert codes(exc) == ["C003"] and "街道" in problems(exc)[0].message


def test_malformed_utf8_csv_is_located_not_an_encoding_error(tmp_path, load):
    # a row longer than the header is that row's problem (issue 8: C010 with its row number), not the file's
    with pytest.raises(DataError) as exc:
        load(write(tmp_path, "units.csv", "单位类别,县区\n村,镜湖区,多出来的一列,又一列\n"))
    assert [(p.code, p.line) for p in problems(exc)] == [("C010", 2)]
    assert "多出来的一列" in problems(exc)[0].message and "decode" not in problems(exc)[0].message
    with pytest.raises(DataError) as exc:
        load(write(tmp_path, "units.csv", '单位类别,县区\n村,"镜湖区\n'))
    assert codes(exc) == ["C001"]
    assert "cannot parse CSV" in problems(exc)[0].message


def test_value_suffix_is_not_applied_twice(load):
    rows = [{"地区": "芜湖市", "年份": "2020", "指标": "规范管理率", "数值": "81%", "单位": "%"},
            {"地区": "芜湖市", "年份": "2020", "指标": "报告患病率", "数值": "4.5‰", "单位": "%"},
            {"地区": "芜湖市", "年份": "2020", "指标": "报告患病率", "数值": "4.5", "单位": "人"}]
    with pytest.raises(DataError) as exc:
        load(None, rows)
    assert [(p.code, p.line, p.column) for p in problems(exc)] == [("C004", 4, "单位")]
    ind = load(None, rows[:2]).indicators
    assert ind["value"].to_list() == [Decimal("0.81"), Decimal("0.0045")]


def test_progress_messages(load):
    seen: list[str] = []
    load([{"单位类别": "村", "县区": "镜湖区"}], progress=seen.append)
    assert seen and all("(" in m for m in seen)


def test_many_distinct_kind_cells_use_columnar_folding(load):
    n = 25_000
    kinds = pl.Series(["行政村", "ＣＯＭＭＵＮＩＴＹ", " 小学 "] * (n // 3) + ["村"] * (n % 3))
    noise = pl.Series([f"未知{i}" for i in range(n)])
    frame = pl.DataFrame({"单位类别": pl.concat([kinds, noise]), "县区": ["镜湖区"] * (2 * n)})
    with pytest.raises(CensusDataError) as exc:
        load(frame)
    assert exc.value.total == n
    census = load(frame, lenient=True)
    assert census.units["kind"].value_counts().sort("kind")["kind"].to_list() == [
        "community", "primary_school", "village"]
    assert census.excluded.height == n


# ---- reading in blocks and batches (bounded memory) ------------------------------------------------
_FIELD = st.text(alphabet=st.sampled_from(list('ab,"\n\r 甲乙1２')), max_size=6)


@settings(max_examples=200, deadline=None)
@given(records=st.lists(st.lists(_FIELD, min_size=1, max_size=4), min_size=1, max_size=12),
       size=st.integers(1, 40))
def test_record_blocks_cut_only_between_records(records, size):
    """Blocks put back together give the file; each block parses on its own to whole records."""
    import csv as csvlib
    import io

    from compliance.census import _record_blocks

    buf = io.StringIO()
    csvlib.writer(buf, lineterminator="\n").writerows(records)
    data = buf.getvalue().encode("utf-8")
    blocks = list(_record_blocks(io.BytesIO(data), size))
    assert b"".join(blocks) == data
    parsed = [row for b in blocks for row in csvlib.reader(io.StringIO(b.decode("utf-8"), newline=""))]
    assert parsed == list(csvlib.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_gb18030_file_whose_first_block_is_ascii(tmp_path, load, monkeypatch):
    """Encoding detection may only see non-ASCII bytes far into the file: the ASCII blocks before read
    the same in both encodings, so the reader switches to GB18030 there and loses nothing."""
    import compliance.census as census_module

    monkeypatch.setattr(census_module, "_BLOCK_BYTES", 64)
    ascii_rows = [f"X{i},county,Jinghu,0" for i in range(8)]               # C007: not a county of Wuhu
    cjk_rows = [f"A{i},村,三山区,是" for i in range(3)]
    path = write(tmp_path, "late.csv", csv("id,kind,county,has_counseling_room", *ascii_rows, *cjk_rows),
                 "gb18030")
    path.read_bytes()[:180].decode("ascii")                                 # the first blocks are plain ASCII
    with pytest.raises(DataError) as exc:
        load(path)
    assert codes(exc) == ["C007"] * 8
    census = load(path, lenient=True)
    assert census.units["county"].to_list() == ["三山区"] * 3
    assert census.units["kind"].to_list() == ["village"] * 3
    assert census.units["_row"].to_list() == [10, 11, 12]


def test_a_file_in_two_encodings_is_C001_naming_where(tmp_path, load, monkeypatch):
    import compliance.census as census_module

    monkeypatch.setattr(census_module, "_BLOCK_BYTES", 64)
    first = csv(HEADER, *ROWS[:2]).encode("utf-8")
    later = csv(*ROWS[2:]).encode("gb18030")
    path = tmp_path / "mixed.csv"
    path.write_bytes(first + later)
    with pytest.raises(DataError) as exc:
        load(path)
    assert codes(exc) == ["C001"]
    assert "mixes encodings" in str(exc.value) and "混用了多种编码" in str(exc.value)
    assert "near row" in str(exc.value)


def test_unnamed_column_with_data_only_in_a_later_batch_is_C002(tmp_path, load, monkeypatch):
    import compliance.census as census_module

    monkeypatch.setattr(census_module, "_BLOCK_BYTES", 64)
    lines = [HEADER + ","] + [r + "," for r in ROWS[:3]] + [ROWS[3] + ",stray"]
    with pytest.raises(DataError) as exc:
        load(write(tmp_path, "units.csv", csv(*lines)))
    assert codes(exc) == ["C002"]
    assert "has data but no header" in str(exc.value)


def test_problems_and_exclusions_are_the_same_whatever_the_batches(tmp_path, dictionary, monkeypatch):
    """Row problems (C004–C007) spread over many batches: the same problems in the same order, the
    same cap, and in lenient mode the same exclusions with every reason of a row joined."""
    import compliance.census as census_module

    lines = [HEADER]
    for i in range(60):
        cells = [f"U{i % 50}", f"单位{i}", ["村", "社区", "星球"][i % 3 if i % 7 == 0 else 0],
                 ["镜湖区", "火星区"][i % 11 == 0], "某镇", "", ["是", "也许"][i % 5 == 0], "否",
                 ["12", "十二"][i % 4 == 0], "80%"]
        lines.append(",".join(cells))
    path = write(tmp_path, "units.csv", csv(*lines), "gb18030")

    def run(block: int, batch: int, lenient: bool):
        monkeypatch.setattr(census_module, "_BLOCK_BYTES", block)
        monkeypatch.setattr(census_module, "_BATCH_ROWS", batch)
        try:
            c = load_census(path, region=WUHU, dictionary=dictionary, lenient=lenient)
        except CensusDataError as exc:
            return [(p.code, p.line, p.column, p.message) for p in exc.problems], exc.omitted
        return c.units, c.excluded

    for lenient in (False, True):
        whole = run(1 << 22, 100_000, lenient)
        for block in (50, 97, 300):
            parts = run(block, 7, lenient)
            if lenient:
                assert_frame_equal(parts[0], whole[0])
                assert_frame_equal(parts[1], whole[1])
            else:
                assert parts == whole
    problems_, _ = run(1 << 22, 100_000, False)
    assert {c for c, *_ in problems_} == {"C004", "C005", "C006", "C007"}
    units, excluded = run(97, 7, True)
    assert units.height + excluded.height == 60
    assert excluded.filter(pl.col("reason_en").str.contains("; ")).height > 0   # several reasons, one row


def test_cap_counts_problems_across_batches(load, monkeypatch):
    import compliance.census as census_module

    monkeypatch.setattr(census_module, "_CAP", 5)
    rows = [{"id": f"U{i}", "kind": "村", "county": "镜湖区", "staff": "x"} for i in range(23)]
    with pytest.raises(CensusDataError) as exc:
        load(rows)
    assert [p.line for p in exc.value.problems] == [2, 3, 4, 5, 6]
    assert exc.value.omitted == 18


def test_progress_reports_rows_read(tmp_path, load, monkeypatch):
    import compliance.census as census_module

    monkeypatch.setattr(census_module, "_BLOCK_BYTES", 64)
    seen: list[str] = []
    rows = [f"V{i:03d},村{i},村,镜湖区,范罗山街道,村{i},是,否,12,80%" for i in range(30)]   # past the top rows
    load(write(tmp_path, "units.csv", csv(HEADER, *rows)), progress=seen.append)
    counts = [m for m in seen if "rows read" in m]
    assert len(counts) > 1 and counts[-1].startswith("已读 30 行，100%")
    shares = [m.share for m in counts]
    assert shares == sorted(shares) and shares[-1] == 1.0 and 0 < shares[0] < 1     # a bar can follow them
    seen.clear()
    load([{"单位类别": "村", "县区": "镜湖区"}] * 20, progress=seen.append)     # in memory: by rows
    assert [m.share for m in seen if "rows read" in m][-1] == 1.0


def test_cli_progress_bar_follows_the_shares():
    import io

    from rich.console import Console

    from compliance.census import Progress
    from compliance.cli import _with_progress

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)

    def job(say):
        say("打开 (opening)")                        # text only: the bar does not move
        for k in range(1, 5):
            say(Progress(f"{k}/4", k / 4))
        return "done"

    assert _with_progress(job, True, "读取 (reading)", console=console) == "done"
    assert "4/4" in out.getvalue() and "100%" in out.getvalue()
    assert _with_progress(lambda cb: cb, False, "x") is None         # not a terminal: no callback


def test_batches_keep_every_column_chunked_alike(load, blocks):
    """A column that is empty in one batch must not be stored differently from the others: polars
    copies a whole table whose columns are chunked differently on its first whole-table operation."""
    rows = [{"id": f"v{i}", "kind": "村", "county": "镜湖区", "has_social_work_room": "是" if i < 3 else None,
             "has_counseling_room": "否"} for i in range(20)]
    units = load(rows).units
    chunks = set(units.n_chunks("all"))
    assert len(chunks) == 1
    assert chunks == ({1} if blocks == "one block" else {3})
