"""Issue 8: hostile and broken input. One regression test per reproducer in the issue: each gives a located
diagnostic (or a bounded, exact result), never a traceback, a hang, unescaped output or a wrong verdict."""

import datetime as dt
import re
import time
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from compliance import check, load_census, load_pack
from compliance.cli import main
from compliance.diagnostics import DataError, PackError
from compliance.errors import ComplianceError, UsageError
from compliance.exitcodes import ExitCode
from compliance.quantity import format_quantity
from compliance.render import render

from .conftest import REPO
from .packs import HEADER, LEADING, MGMT, UNIVERSITY, village_rule, villages, write_pack

CONDITION = "condition: has_counseling_room or has_social_work_room"


def problems(folder: Path) -> list:
    with pytest.raises(PackError) as exc:
        load_pack(folder)
    for p in exc.value.problems:      # every problem is located: file, line and column
        assert p.file and p.line is not None and p.column is not None, p
    return exc.value.problems


def raw_pack(workspace: Path, data: bytes) -> Path:
    folder = write_pack(workspace, "")
    (folder / "pack.yaml").write_bytes(data)
    return folder


def pack_text(body: str = "") -> str:
    return HEADER.format(id="t") + (body or village_rule())


# ---- tracebacks that became located diagnostics -------------------------------------------------
@pytest.mark.parametrize(("encoding", "line"), [("gb18030", 3), ("latin-1", None), ("utf-16", 1),
                                                 ("truncated", None)])
def test_pack_file_not_utf8_is_located(workspace, encoding, line):
    text = pack_text()
    if encoding == "latin-1":
        data = text.replace("芜湖市全国", "Zürich").encode("utf-8").replace("ü".encode(), "ü".encode("latin-1"))
        line = 3
    elif encoding == "truncated":
        data = text.encode("utf-8")
        cut = data.index("芜湖市全国".encode()) + 1       # in the middle of a three-byte character
        data = data[:cut] + b"\n" + data[cut:]
        line = 3
    else:
        data = text.encode(encoding)
    (p,) = problems(raw_pack(workspace, data))
    assert p.code == "E010" and p.line == line and ("UTF-8" in p.message)


@pytest.mark.parametrize("char", ["\x00", "\x0c", "\x1b", "\ufffe"])
def test_control_characters_in_pack_are_located(workspace, char):
    text = pack_text().replace("village rooms", f"village{char}rooms")
    (p,) = problems(raw_pack(workspace, text.encode("utf-8")))
    assert p.code == "E010" and f"U+{ord(char):04X}" in p.message and p.line == 17
    assert char not in str(p)


@pytest.mark.parametrize("due", ["2023-02-30", "!!timestamp 2021-13-45"])
def test_impossible_dates_in_a_pack(workspace, due):
    folder = write_pack(workspace, LEADING.replace("due: 2019-12-31", f"due: {due}"))
    (p,) = problems(folder)
    assert p.code == "E010" and "impossible date" in p.message


def test_impossible_as_of_in_a_case(workspace):
    folder = write_pack(workspace, LEADING)
    (folder / "cases").mkdir()
    (folder / "cases" / "c.yaml").write_text(
        "cases:\n  - rule: t.lg\n    name: x\n    as_of: 2021-02-30\n    expect: pass\n", encoding="utf-8")
    from compliance.pack import load_cases
    with pytest.raises(PackError) as exc:
        load_cases(load_pack(folder))
    (p,) = exc.value.problems
    assert (p.code, p.line) == ("E010", 4) and "impossible date" in p.message


def test_impossible_as_of_through_the_api_and_cli(workspace):
    pack = load_pack(write_pack(workspace, village_rule()))
    census = load_census(pack, villages(1, 0))
    with pytest.raises(UsageError, match="2023-13-01"):
        check(pack, census, "2023-13-01")
    assert issubclass(UsageError, ComplianceError)
    units = workspace / "u.csv"
    pl.DataFrame(villages(1, 0)).write_csv(units)
    result = CliRunner().invoke(main, ["check", str(workspace / "rules" / "t"), "--units", str(units),
                                       "--as-of", "2023-13-01"])
    assert result.exit_code == ExitCode.ERROR and "2023-13-01" in result.output


def test_deep_yaml_nesting_is_bounded(workspace):
    folder = write_pack(workspace, village_rule() + "  - " + "[" * 400 + "]" * 400 + "\n")
    (p,) = problems(folder)
    assert p.code == "E010" and "MAX_YAML_DEPTH" in p.message


@pytest.mark.parametrize("condition", ["(" * 150 + "has_counseling_room" + ")" * 150,
                                       "not " * 1000 + "has_counseling_room",
                                       "-" * 1000 + "psych_teachers >= 1"])
def test_deep_expressions_are_bounded(workspace, condition):
    (p,) = problems(write_pack(workspace, village_rule().replace(CONDITION, f"condition: {condition}")))
    assert p.code == "E130" and "MAX_EXPR_DEPTH" in p.message and p.column > 1
    assert len(p.message) < 300        # the expression is quoted cut, not whole


def test_unhashable_yaml_key(workspace):
    (p,) = problems(write_pack(workspace, village_rule() + "  - {[1, 2]: x}\n"))
    assert p.code == "E010" and "cannot be a key" in p.message


def test_integer_literal_beyond_int64(workspace):
    body = UNIVERSITY.replace("* 4000", "* " + "9" * 40)
    (p,) = problems(write_pack(workspace, body))
    assert p.code == "E130" and "MAX_LITERAL_DIGITS" in p.message


def test_target_with_hundreds_of_digits(workspace):
    ps = problems(write_pack(workspace, village_rule(">= " + "9" * 400)))
    assert {p.code for p in ps} == {"E140"} and all("MAX_LITERAL_DIGITS" in p.message for p in ps)
    # formatting an exact value never goes through float()
    assert format_quantity(__import__("fractions").Fraction(10**400, 3), "count").startswith("≈3.333e+399")


def test_seed_pointing_at_a_binary_file(workspace):
    (workspace / "shared" / "seeds" / "bin.txt").write_bytes(bytes(range(256)) * 4)
    folder = raw_pack(workspace, pack_text().replace("001_9f4ddc7c3b9145b8.txt", "bin.txt").encode())
    (p,) = problems(folder)
    assert p.code == "E051" and "bin.txt" in p.message


@pytest.mark.parametrize("repeat", ['"abc"', "1000000000", "-1", "true"])
def test_case_repeat_is_checked_and_bounded(workspace, repeat):
    folder = write_pack(workspace, village_rule())
    (folder / "cases").mkdir()
    (folder / "cases" / "c.yaml").write_text(
        "cases:\n  - rule: t.village\n    name: x\n    as_of: 2021-12-31\n    expect: pass\n    units:\n"
        f"      - {{kind: 村, county: 镜湖区, has_counseling_room: 是, repeat: {repeat}}}\n", encoding="utf-8")
    from compliance.validate import validate_pack
    start = time.monotonic()
    errors, _, _ = validate_pack(folder)
    assert time.monotonic() - start < 5
    assert any(re.search(r"c\.yaml:7:\d+: E161", e) for e in errors), errors


def test_alias_bomb_in_cases_is_rejected(workspace):
    folder = write_pack(workspace, village_rule())
    (folder / "cases").mkdir()
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (folder / "cases" / "c.yaml").write_text("\n".join(bomb) + "\ncases: *a8\n", encoding="utf-8")
    from compliance.validate import validate_pack
    start = time.monotonic()
    errors, _, _ = validate_pack(folder)
    assert time.monotonic() - start < 5
    assert any("E010" in e and "MAX_YAML_NODES" in e for e in errors), errors


# ---- hangs that became fast ---------------------------------------------------------------------
def test_long_or_chain_is_fast_and_a_huge_one_is_refused(workspace):
    terms = " or ".join(["has_counseling_room"] * 150)     # near the size limit
    pack = load_pack(write_pack(workspace, village_rule().replace(CONDITION, f"condition: {terms}")))
    start = time.monotonic()
    report = check(pack, load_census(pack, villages(3, 2)), "2021-12-31")
    assert time.monotonic() - start < 5
    assert report.finding("t.village").verdict == "fail"
    terms = " or ".join(["has_counseling_room"] * 3000)
    (p,) = problems(write_pack(workspace, village_rule().replace(CONDITION, f"condition: {terms}")))
    assert p.code == "E130" and "MAX_EXPR_CHARS" in p.message


# ---- wrong or unreported ------------------------------------------------------------------------
def test_comparisons_are_exact_beyond_int64(workspace):
    body = UNIVERSITY.replace("psych_teachers * 4000 >= students", "psych_teachers * students >= 10")
    pack = load_pack(write_pack(workspace, UNIVERSITY + body.replace("t.uni", "t.uni2")))
    big = 10**15
    units = [{"id": "u1", "kind": "高校", "county": "镜湖区", "psych_teachers": str(big), "students": str(big)}]
    report = check(pack, load_census(pack, units), "2021-12-31")
    assert report.finding("t.uni").verdict == "pass"       # 4·10^18 ≥ 10^15
    assert report.finding("t.uni2").verdict == "pass"      # 10^30 ≥ 10, beyond Int64
    units[0]["students"] = str(10**16)                     # beyond MAX_CELL_MAGNITUDE: a located bad cell
    with pytest.raises(DataError) as exc:
        load_census(pack, units)
    (p,) = exc.value.problems
    assert (p.code, p.line) == ("C004", 2) and "10^15" in p.message


def test_arithmetic_that_cannot_stay_exact_is_refused(workspace):
    body = UNIVERSITY.replace("psych_teachers * 4000 >= students", "psych_teachers * students * students >= 1")
    (p,) = problems(write_pack(workspace, body))
    assert p.code == "E130" and "MAX_EXACT_INT" in p.message


def test_pack_yaml_error_does_not_hide_rule_errors(workspace):
    text = pack_text().replace("issuer:", "isuer:").replace("kinds: [village, community]", "kinds: [villag]")
    ps = problems(raw_pack(workspace, text.encode()))
    codes = sorted(p.code for p in ps)
    assert "E110" in codes and "E002" not in codes
    assert any("issuer" in p.message for p in ps)


def test_symlinked_and_dangling_yaml_are_reported(workspace):
    folder = write_pack(workspace, village_rule())
    (folder / "dangling.yaml").symlink_to(workspace / "nowhere.yaml")
    (folder / "adir.yaml").mkdir()
    ps = problems(folder)
    assert sorted((p.code, Path(p.file).name) for p in ps) == [("E006", "adir.yaml"), ("E006", "dangling.yaml")]
    (folder / "dangling.yaml").unlink()
    (folder / "adir.yaml").rmdir()
    (workspace / "more.yaml").write_text("rules: []\n", encoding="utf-8")
    (folder / "linked.yaml").symlink_to(workspace / "more.yaml")
    assert any("linked.yaml" in w for w in load_pack(folder).warnings)


def test_unknown_top_level_keys_in_file_order(workspace):
    folder = raw_pack(workspace, ("zz: 1\naa: 2\nmm: 3\n" + pack_text()).encode())
    assert [p.message.split("'")[1] for p in problems(folder)] == ["zz", "aa", "mm"]


def test_conflict_partner_that_fails_to_compile_is_not_unknown(workspace):
    conflict = "    conflicts: [{{with: {}, note_zh: 冲突, note_en: conflict}}]\n"
    body = (village_rule() + conflict.format("t.uni")
            + UNIVERSITY.replace(">= students", ">= >= students") + conflict.format("t.village"))
    codes = [p.code for p in problems(write_pack(workspace, body))]
    assert "E130" in codes and "E150" not in codes


def test_indicator_row_outside_the_hierarchy(workspace):
    pack = load_pack(write_pack(workspace, MGMT))
    rows = [{"地区": "芜湖市", "年份": "2021", "指标": "smd_standardized_management_rate", "数值": "85%"},
            {"地区": "火星", "年份": "2021", "指标": "smd_standardized_management_rate", "数值": "10%"}]
    with pytest.raises(DataError) as exc:
        load_census(pack, None, rows)
    (p,) = exc.value.problems
    assert (p.code, p.line, p.column) == ("C007", 3, "地区") and "火星" in p.message
    census = load_census(pack, None, rows, lenient=True)
    assert census.indicators.height == 1 and census.excluded.get_column("row").to_list() == [3]
    assert check(pack, census, "2021-12-31").finding("t.mgmt").verdict == "pass"


def _units_csv(path: Path, rows: list[list[str]]) -> Path:
    header = "单位编码,单位类别,县区,是否设立心理咨询室,是否设立社会工作室"
    path.write_text("\n".join([header] + [",".join(r) for r in rows]) + "\n", encoding="utf-8")
    return path


def test_csv_row_with_more_cells_than_the_header(workspace):
    pack = load_pack(write_pack(workspace, village_rule()))
    rows = [[f"v{i}", "村", "镜湖区", "是", "否"] for i in range(5)]
    rows[2] += ["多余", "x"]
    path = _units_csv(workspace / "u.csv", rows)
    with pytest.raises(DataError) as exc:
        load_census(pack, path)
    (p,) = exc.value.problems
    assert (p.code, p.line) == ("C010", 4) and "多余" in p.message
    census = load_census(pack, path, lenient=True)
    assert census.units.get_column("id").to_list() == ["v0", "v1", "v3", "v4"]
    assert census.excluded.get_column("row").to_list() == [4]
    assert census.rows_read == census.units.height + census.excluded.height


def test_xlsx_formula_without_cached_value(workspace):
    openpyxl = pytest.importorskip("openpyxl")
    pack = load_pack(write_pack(workspace, village_rule()))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位编码", "单位类别", "县区", "是否设立心理咨询室"])
    ws.append(["v1", "村", "镜湖区", "是"])
    ws.append(["v2", "村", "镜湖区", '=IF(1,"是","否")'])    # openpyxl stores no computed value
    path = workspace / "u.xlsx"
    wb.save(path)
    with pytest.raises(DataError) as exc:
        load_census(pack, path)
    (p,) = exc.value.problems
    assert (p.code, p.line) == ("C011", 3) and "D3" in p.message
    census = load_census(pack, path, lenient=True)
    assert census.units.get_column("id").to_list() == ["v1"]


# ---- escaping -----------------------------------------------------------------------------------
INJECTIONS = ["[/]", "[/b]", "[bold red]x", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
              "[x](javascript:alert(1))", "5\n# INJECTED", "a|b", "\x1b[31mred\x1b[0m"]


def _hostile_report(workspace):
    title = "[/x] <script>alert(1)</script> [x](javascript:alert(1))"
    folder = raw_pack(workspace, pack_text(village_rule(">= 100%")).replace(
        "title: 芜湖市全国社会心理服务体系建设试点实施方案", f"title: '{title}'").encode())
    pack = load_pack(folder)
    rows = villages(1, 0)
    for i, bad in enumerate(INJECTIONS):
        rows.append({"id": f"x{i}", "name": bad, "kind": "村", "county": "镜湖区",
                     "has_counseling_room": "否", "has_social_work_room": "否"})
    rows.append({"id": "bad[/b]", "kind": "村", "county": "镜湖区", "has_counseling_room": "[/b]"})
    rows.append({"id": "esc", "kind": "村", "county": "镜湖区", "has_counseling_room": "\x1b]0;pwned\x07"})
    census = load_census(pack, rows, lenient=True)
    assert census.excluded.height == 2
    return check(pack, census, "2021-12-31")


def test_text_renderer_prints_markup_literally_and_no_raw_escapes(workspace):
    report = _hostile_report(workspace)
    for color in (False, True):
        out = render(report, "text", "zh", cap=50, color=color)
        assert "[/x]" in out and "[/]" in out and "[/b]" in out and "[bold red]x" in out
        assert "\x07" not in out and "]0;pwned" not in out.replace("\\x1b]0;pwned", "")
        if not color:
            assert "\x1b" not in out


def test_markdown_escapes_html_links_and_newlines(workspace):
    report = _hostile_report(workspace)
    for lang in ("zh", "en"):
        out = render(report, "markdown", lang, cap=50)
        assert "<script" not in out and "<img" not in out and not re.search(r"(?<!\\)\]\(javascript:", out)
        assert "\x1b" not in out
        assert not any(line.startswith("# INJECTED") for line in out.splitlines())
        for line in out.splitlines():      # every table row keeps its cell count
            if line.startswith("| ") and "breakdown" not in line.lower():
                cells = re.split(r"(?<!\\)\|", line)
                assert len(cells) in (6, 8), line   # breakdown: 4 columns; summary: 6


# ---- exit codes ---------------------------------------------------------------------------------
def test_exit_codes_are_documented_and_distinct():
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"`{int(code)}`" in readme


def test_a_crash_exits_3_with_one_line(monkeypatch, workspace):
    import compliance.api

    def boom(*a, **k):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(compliance.api, "load_pack", boom)
    result = CliRunner().invoke(main, ["check", str(workspace), "--units", __file__, "--year", "2021"])
    assert result.exit_code == ExitCode.INTERNAL
    assert "RuntimeError" in result.output and "boom second line" in result.output


def test_unreadable_census_exits_2(workspace):
    folder = write_pack(workspace, village_rule())
    bad = workspace / "u.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage" * 3)
    result = CliRunner().invoke(main, ["check", str(folder), "--units", str(bad), "--year", "2021"])
    assert result.exit_code == ExitCode.ERROR


def test_as_of_accepts_dates_and_datetimes():
    from compliance.engine import as_of_date

    assert as_of_date(dt.datetime(2021, 6, 30, 12)) == dt.date(2021, 6, 30)
    with pytest.raises(UsageError):
        as_of_date(year=0)


def test_problems_do_not_depend_on_hash_order(workspace):
    body = LEADING.replace("    fact: leading_group_established\n",
                           "    fact: leading_group_established\n    scope: {kinds: [village]}\n"
                           "    condition: is_24h\n    indicator: x\n    target: '>= 1'\n")
    ps = [p for p in problems(write_pack(workspace, body)) if p.code == "E102"]
    named = [p.message.split("`")[1] for p in ps]
    assert named == sorted(named) and len(named) == 4


def test_shortfall_is_exact_or_null_beyond_int64():
    from compliance.expr import parse, shortfall

    types = {"psych_teachers": "count", "students": "count"}
    frame = pl.DataFrame({"psych_teachers": [1, 1], "students": [10**15, 8000]})
    _, need = shortfall(parse("psych_teachers * 4000 >= students"), types)
    assert frame.select(need).to_series().to_list() == [250_000_000_000 - 1, 1]
    _, need = shortfall(parse("psych_teachers >= students * 10000"), types)
    assert frame.select(need).to_series().to_list() == [None, 80_000_000 - 1]   # 10^19 - 1 > Int64
