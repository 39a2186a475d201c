"""The census form round trip: `compliance template` filled in as a county would (with the usual typos and
spellings), saved by openpyxl and as a GB18030 CSV pair, read back by `check`; messages name the cell."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from compliance import api
from compliance.cli import main
from compliance.codes import CODES
from compliance.diagnostics import DataError
from compliance.dictionary import load_dictionary
from compliance.template import INDICATOR_HEADERS, columns, write_template

REPO = Path(__file__).resolve().parents[1]
PACKS = ["wuhu", "baoji", "shaoxing", "jianghai", "sishui"]
YEAR = 2021


@pytest.fixture(scope="module")
def packs():
    return {p: api.load_pack(REPO / "rules" / p, check_quotes=False) for p in PACKS}


def _value(vtype: str, i: int, spelled: bool) -> object:
    """A cell as people write it: plain, or (``spelled``) with the spellings the reader must accept."""
    if vtype == "bool":
        return ("是（已建）" if spelled else "是") if i % 3 else "否"
    if vtype == "count":
        return f"{12 + i}人" if spelled else 12 + i
    if vtype == "rate":
        return "85%" if spelled else 0.85
    if vtype == "number":
        return 3.5
    return f"文字{i}"


def _unit_rows(pack, spelled: bool) -> list[list[object]]:
    """Units of every kind the pack is about, in each of its first three areas."""
    d = load_dictionary()
    cols = columns(pack, d)
    rows = []
    for a, area in enumerate(pack.region.units[:3]):
        for k, kind in enumerate(pack.kinds):
            i = a * 100 + k
            row: list[object] = []
            for c in cols:
                if c.key == "id":
                    row.append(f"U{i:04d}")
                elif c.key == "name":
                    row.append(f"{area}{d.kinds[kind].zh}{k}")
                elif c.key == "kind":
                    row.append(d.kinds[kind].zh)
                elif c.key == pack.region.first_level:
                    row.append(area)
                elif c.type == "region":
                    row.append(f"{area}{c.header}{k % 3}")
                elif c.key == "hospital_grade":
                    row.append("三级甲等" if spelled else 3)
                else:
                    row.append(_value(c.type, i, spelled))
            rows.append(row)
    return rows


def _fill_indicators(ws, pack, spelled: bool) -> int:
    """Fill every pre-filled indicator row (region, year, indicator are there already)."""
    d = load_dictionary()
    by_zh = {e.zh: e for e in d.indicators.values()}
    n = 0
    for r in range(2, ws.max_row + 1):
        name = ws.cell(r, 4).value
        if not name:
            continue
        e = by_zh[name]
        if e.type == "rate" and r % 2:
            ws.cell(r, 6, 45)          # numerator and denominator instead of a value
            ws.cell(r, 7, 50)
        else:
            ws.cell(r, 5, _value(e.type, r, spelled))
        n += 1
    return n


def _filled_workbook(tmp_path: Path, pack, *, spelled: bool = False, title_rows: bool = False) -> Path:
    path = tmp_path / f"{pack.id}-form.xlsx"
    write_template(pack, path, "xlsx", year=YEAR)
    wb = openpyxl.load_workbook(path)
    units = wb["单位"]
    for row in _unit_rows(pack, spelled):
        units.append(row)
    assert _fill_indicators(wb["指标"], pack, spelled) > 0
    if title_rows:          # as government sheets have: a title and a 填报单位 line above the header
        units.insert_rows(1, 2)
        units["A1"] = f"{pack.region.name}社会心理服务体系建设普查表"
        units["A2"] = "填报单位：（盖章）"
    wb.save(path)
    return path


@pytest.mark.parametrize("pack_id", PACKS)
def test_filled_template_round_trips(tmp_path, packs, pack_id):
    pack = packs[pack_id]
    path = _filled_workbook(tmp_path, pack, spelled=pack_id in ("wuhu", "sishui"), title_rows=pack_id == "baoji")
    census = api.load_census(pack, str(path))          # --units on the workbook: both sheets are read
    assert census.sources == (f"{path.name}#单位", f"{path.name}#指标")
    assert census.units.height == len(_unit_rows(pack, False))
    assert census.indicators.height > 0
    report = api.check(pack, census, year=YEAR)
    # every indicator and fact the rules read was pre-filled and filled in: none lacks data
    lacking = [f.rule_id for f in report.findings
               if f.measure in ("indicator", "exists") and f.verdict == "insufficient_data"]
    assert lacking == []
    codes = {w.code for w in report.warnings}
    assert "W001" not in codes                          # the form has every column the rules need
    if pack_id == "baoji":
        assert "W006" in codes and census.units["_row"].min() == 4
    if len(pack.region.units) > 3:                      # only three areas were filled in
        w012 = next(w for w in report.warnings if w.code == "W012")
        assert pack.region.units[3] in w012.message_zh and pack.region.units[0] not in w012.message_zh


def test_spellings_people_write_are_read(tmp_path, packs):
    pack = packs["wuhu"]
    census = api.load_census(pack, str(_filled_workbook(tmp_path, pack, spelled=True)))
    units = census.units
    assert set(units["hospital_grade"].drop_nulls().to_list()) == {3}
    assert units["staff"].drop_nulls().min() >= 12           # 「12人」
    assert units["has_counseling_room"].drop_nulls().sum() > 0    # 「是（已建）」


def test_typos_get_did_you_mean_with_cell_references(tmp_path, packs):
    pack = packs["sishui"]
    path = _filled_workbook(tmp_path, pack)
    wb = openpyxl.load_workbook(path)
    ws = wb["单位"]
    heads = [c.value for c in ws[1]]
    kind_col = heads.index("单位类别") + 1
    town_col = heads.index("乡镇街道") + 1
    ws.cell(2, town_col, "泗张乡")                           # for 泗张镇
    ws.cell(3, kind_col, "乡镇卫生所")                       # for 乡镇卫生院
    room = heads.index("是否设立心理咨询室") + 1
    ws.cell(1, room, "是否设立心理咨讯室")                   # a header typo
    wb.save(path)
    with pytest.raises(DataError) as exc:
        api.load_census(pack, str(path))
    text = exc.value.render(cap=1000)
    letter = openpyxl.utils.get_column_letter
    assert f"单位!{letter(town_col)}2" in text and "「泗张乡」不是泗水县所辖镇街，是否应为「泗张镇」？" in text
    assert f"单位!{letter(kind_col)}3" in text and "是否应为「乡镇卫生院」" in text
    assert "未知列「是否设立心理咨讯室」" in text and "是否应为「是否设立心理咨询室」" in text
    assert f"单位!{letter(room)}1" in text
    assert "did you mean '泗张镇'?" in text


def test_sheet_selection_and_census_option(tmp_path, packs):
    pack = packs["jianghai"]
    path = _filled_workbook(tmp_path, pack)
    only_units = api.load_census(pack, f"{path}#单位", None)
    assert only_units.indicators.height == 0 and only_units.units.height > 0
    with pytest.raises(DataError) as exc:
        api.load_census(pack, f"{path}#单位表")
    assert "没有工作表「单位表」" in str(exc.value) and "是否应为「单位」" in str(exc.value)
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(REPO / "rules" / "jianghai"), "--census", str(path), "--year", str(YEAR),
                               "--format", "json", "--statistics"])
    assert res.exit_code in (0, 1), res.output
    import json

    report = json.loads(res.stdout)
    assert "问题统计" in res.stderr
    for code, n in report["summary"]["warnings_by_code"].items():
        assert f"{code}  {n:>7,}" in res.stderr
    # an indicator row with a typo: the problem counts by code, on stderr, besides the error itself
    wb = openpyxl.load_workbook(path)
    wb["指标"]["D2"] = wb["指标"]["D2"].value + "率率"
    wb["单位"]["C2"] = "街道办"
    wb.save(path)
    res = runner.invoke(main, ["check", str(REPO / "rules" / "jianghai"), "--census", str(path), "--year", str(YEAR),
                               "--statistics"])
    assert res.exit_code == 2
    assert "C008        1  未知指标" in res.stderr and "C005        1  未知的单位类别" in res.stderr
    assert "指标!D2" in res.stderr and "单位!C2" in res.stderr


def test_gb18030_csv_pair(tmp_path, packs):
    pack = packs["sishui"]
    path = tmp_path / "泗水普查表.csv"
    written = write_template(pack, path, "csv", encoding="gb18030", year=YEAR)
    ind_path = written[1]
    with path.open("a", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        for row in _unit_rows(pack, spelled=True):
            w.writerow(row)
    with ind_path.open(encoding="gb18030", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == INDICATOR_HEADERS
    d = load_dictionary()
    by_zh = {e.zh: e for e in d.indicators.values()}
    for i, row in enumerate(rows[1:]):
        row[4] = str(_value(by_zh[row[3]].type, i, True))
    with ind_path.open("w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows([["泗水县心理服务指标统计表"], *rows])   # a title row, shorter than the header
    res = CliRunner().invoke(main, ["check", str(REPO / "rules" / "sishui"), "--census", str(path),
                                    "--year", str(YEAR), "--format", "json", "-o", str(tmp_path / "r.json")])
    assert res.exit_code in (0, 1), res.output
    report = api.check(pack, api.load_census(pack, str(path), str(ind_path)), year=YEAR)
    assert not [f.rule_id for f in report.findings
                if f.measure in ("indicator", "exists") and f.verdict == "insufficient_data"]
    assert any(w.code == "W006" for w in report.warnings)
    # the document names 14 township health centres; three towns filled in have three
    w011 = [w for w in report.warnings if w.code == "W011" and "乡镇卫生院" in w.message_zh]
    assert w011 and "少于文件" in w011[0].message_zh and "14" in w011[0].message_zh


def test_explain_codes_and_rules():
    runner = CliRunner()
    res = runner.invoke(main, ["explain", "C004"])
    assert res.exit_code == 0 and "C004" in res.output and "12人" in res.output
    res = runner.invoke(main, ["explain", "w010", "--lang", "en"])
    assert res.exit_code == 0 and "never changes a verdict" in res.output
    assert runner.invoke(main, ["explain", "C999"]).exit_code == 2
    res = runner.invoke(main, ["explain", "sishui.thc_rooms", "--rules", str(REPO / "rules")])
    assert res.exit_code == 0 and "sishui.thc_rooms" in res.output
    assert all(c.title_zh and c.title_en and c.fix_zh and c.fix_en for c in CODES.values())


def test_every_code_the_reader_emits_is_registered():
    import re

    src = (REPO / "src" / "compliance").rglob("*.py")
    used = {m for f in src for m in re.findall(r'"([CWED]\d{3})"', f.read_text(encoding="utf-8"))}
    assert used - set(CODES) == set()


def test_values_still_unknown_get_did_you_mean(packs):
    pack = packs["wuhu"]
    rows = [{"单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": v} for v in ("是的", "没有建", "也许", "是的")]
    with pytest.raises(DataError) as exc:
        api.load_census(pack, rows)
    messages = [p.message for p in exc.value.problems]
    assert "「是的」无效" in messages[0] and "是否应为「是」？" in messages[0]
    assert "是否应为「否」？" in messages[1]
    assert "是否应为" not in messages[2] and "是/否" in messages[2]      # nothing near: the valid values
    assert messages[3] == messages[0]


def test_statistics_count_excluded_rows_by_code(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("单位编码,单位类别,县区,是否设立心理咨询室\nV1,村,镜湖区,是的\nV2,村委会,镜湖区,是\nV3,村,镜湖区,也许\n"
                     "V4,村,镜湖区,是\n", encoding="gb18030")
    res = CliRunner().invoke(main, ["check", str(REPO / "rules" / "wuhu"), "--units", str(units), "--year", str(YEAR),
                                    "--lenient", "--statistics", "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    assert "C004        2" in res.stderr and "C005        1" in res.stderr and "W005        1" in res.stderr


@pytest.mark.parametrize("block", [None, 97])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_title_rows_keep_spreadsheet_row_numbers(tmp_path, monkeypatch, packs, block, encoding):
    import compliance.census as census_module

    if block:       # blocks of whole records smaller than the title and header rows
        monkeypatch.setattr(census_module, "_BLOCK_BYTES", block)
    text = ("芜湖市社会心理服务体系建设普查表\n填报单位：镜湖区卫健委,,,\n"
            "单位编码,单位类别,县区,是否设立心理咨询室\n" + "".join(f"V{i},村,镜湖区,是\n" for i in range(30))
            + "V99,村,镜湖,是\n")
    path = tmp_path / "units.csv"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(DataError) as exc:
        api.load_census(packs["wuhu"], str(path))
    (p,) = exc.value.problems
    assert p.code == "C007" and p.line == 34 and "是否应为「镜湖区」" in p.message
    path.write_bytes(text.replace("镜湖,是", "镜湖区,是").encode(encoding))
    census = api.load_census(packs["wuhu"], str(path))
    assert census.units["_row"].to_list() == list(range(4, 35))
    (w,) = [w for w in census.warnings if w.code == "W006"]
    assert "第3行为表头" in w.message_zh and "芜湖市社会心理服务体系建设普查表" in w.message_zh
