"""XLSX report (issue 9 §3), several outputs in one run and provenance (§4)."""

import hashlib
import json

import openpyxl
import pytest
from click.testing import CliRunner

from compliance import check, load_census, load_pack
from compliance.cli import main
from compliance.render import render

from .packs import HOTLINE, village_rule, villages, write_pack


def _census_files(workspace):
    units = workspace / "units.csv"
    rows = villages(8, 2) + villages(3, 7, n_unknown=2, county="弋江区")
    rows.append({"id": "f1", "name": '=HYPERLINK("http://x","点我")', "kind": "村", "county": "弋江区",
                 "has_counseling_room": "否", "has_social_work_room": "否"})
    cols = ["id", "name", "kind", "county", "has_counseling_room", "has_social_work_room"]
    head = "单位编码,单位名称,单位类别,县区,是否设立心理咨询室,是否设立社会工作室"
    lines = [head] + [",".join(f'"{r[c]}"'.replace('"=HYPERLINK("http://x","点我")"', '"=HYPERLINK(""http://x"",""点我"")"')
                               if c == "name" and c in r else str(r.get(c, "")) for c in cols) for r in rows]
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return units


@pytest.fixture
def setup(workspace):
    folder = write_pack(workspace, village_rule(at="county") + HOTLINE)
    return folder, _census_files(workspace)


def test_xlsx_sheets_frozen_filtered_and_every_unit_to_fix(setup, workspace):
    folder, units = setup
    pack = load_pack(folder)
    report = check(pack, load_census(pack, units), "2021-12-31", timestamp=False)
    path = workspace / "r.xlsx"
    path.write_bytes(render(report, "xlsx", "zh"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:4] == ["汇总", "整改清单", "分县区", "分县区明细"] and "报告来源" in wb.sheetnames
    summary = wb["汇总"]
    assert summary.freeze_panes == "A5" and summary.auto_filter.ref.startswith("A4:")
    header = [c.value for c in summary[4]]
    assert header[:8] == ["规则", "规则编号", "结论", "性质", "实测", "目标", "差距", "差距（个）"]
    first = [c.value for c in summary[5]]
    assert first[:3] == ["村（社区）心理咨询室或社会工作室建成率", "t.village", "未达标"]
    assert first[4] == "1/2 个县区达标" and first[7] == 8 and first[6] == "尚缺 8 个达标单位（村、社区）：弋江区 8 个"
    assert summary._charts, "a native chart of verdicts"
    fix = wb["整改清单"]
    assert fix.freeze_panes == "A2" and fix.auto_filter.ref == f"A1:N{fix.max_row}"
    f = report.finding("t.village")
    assert fix.max_row - 1 == f.evidence.rows + (report.finding("t.hotline").evidence.rows
                                                 if report.finding("t.hotline").evidence else 0)
    rows = list(fix.iter_rows(min_row=2, values_only=True))
    statuses = [r[6] for r in rows if r[9] == "t.village"]
    assert set(statuses) == {"不符合", "数据缺失"}
    lacks = {r[3] or r[4]: r[7] for r in rows}
    assert lacks["弋江区-u0"] == "心理咨询室：未填，社会工作室：否"
    evil = next(r for r in rows if r[4] == "f1")
    assert evil[3] == '=HYPERLINK("http://x","点我")'                      # text, not a formula
    cell = next(c for c in fix["D"] if c.value == evil[3])
    assert cell.data_type == "s"
    county = wb["分县区"]
    by = {r[0]: r for r in county.iter_rows(min_row=2, values_only=True)}
    assert list(by)[:2] == ["镜湖区", "弋江区"]                              # the pack's order
    assert by["弋江区"][1:] == (1, 8, 2) and by["镜湖区"][1:] == (0, 2, 0)
    assert county._charts
    assert [c.value for c in wb["分县区明细"][1]][:5] == ["县区", "规则", "规则编号", "期间", "本区结论"]


def test_several_outputs_in_one_run_with_provenance(setup, workspace):
    folder, units = setup
    out = workspace / "out"
    out.mkdir()
    args = ["check", str(folder), "--units", str(units), "--year", "2021", "--no-timestamp",
            "-o", str(out / "r.html"), "-o", str(out / "r.xlsx"), "-o", str(out / "r.json"), "-o", str(out / "r.md"),
            "-o", str(out / "r.txt")]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1, res.output                                # a binding rule fails
    assert sorted(p.name for p in out.iterdir()) == ["r.html", "r.json", "r.md", "r.txt", "r.xlsx"]
    assert (out / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert openpyxl.load_workbook(out / "r.xlsx").sheetnames[0] == "汇总"
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    p = report["provenance"]
    assert p["tool"] == "compliance" and p["version"] and p["pack"] == "t" and p["as_of"] == "2021-12-31"
    assert p["generated_at"] is None and p["pack_files"] == 1
    assert p["pack_sha256"] == hashlib.sha256(
        b"pack.yaml\0" + hashlib.sha256((folder / "pack.yaml").read_bytes()).hexdigest().encode() + b"\n").hexdigest()
    (inp,) = p["inputs"]
    assert inp == {"role": "units", "name": "units.csv", "sheet": None, "bytes": units.stat().st_size,
                   "sha256": hashlib.sha256(units.read_bytes()).hexdigest(), "rows": 23}
    for name in ("r.md", "r.txt", "r.html"):
        assert hashlib.sha256(units.read_bytes()).hexdigest() in (out / name).read_text(encoding="utf-8")
    first = (out / "r.json").read_bytes()                                 # reruns are byte-identical
    assert CliRunner().invoke(main, args).exit_code == 1
    assert (out / "r.json").read_bytes() == first


def test_run_time_is_recorded_unless_asked_not_to(setup, workspace, monkeypatch):
    folder, units = setup
    res = CliRunner().invoke(main, ["check", str(folder), "--units", str(units), "--year", "2021", "--format", "json"])
    assert json.loads(res.output)["provenance"]["generated_at"] is not None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    res = CliRunner().invoke(main, ["check", str(folder), "--units", str(units), "--year", "2021", "--format", "json"])
    assert json.loads(res.output)["provenance"]["generated_at"].startswith("2023-11-14T22:13:20")


def test_output_format_from_extension_and_errors(setup, workspace):
    folder, units = setup
    base = ["check", str(folder), "--units", str(units), "--year", "2021"]
    res = CliRunner().invoke(main, [*base, "-o", str(workspace / "r.docx")])
    assert res.exit_code == 2 and "r.docx" in res.output
    res = CliRunner().invoke(main, [*base, "--format", "xlsx"])
    assert res.exit_code == 2 and "-o report.xlsx" in res.output
    res = CliRunner().invoke(main, [*base, "--format", "json", "-o", str(workspace / "a.json"), "-o",
                                    str(workspace / "b.md")])
    assert res.exit_code == 2


def test_text_fits_the_width_and_lists_every_unit(setup):
    folder, units = setup
    pack = load_pack(folder)
    report = check(pack, load_census(pack, units), "2021-12-31", timestamp=False)
    for width in (80, 120):
        text = render(report, "text", "zh", width=width)
        from rich.cells import cell_len
        assert max(cell_len(line) for line in text.splitlines()) <= width
    text = render(report, "text", "zh", width=120)
    assert "JSON" not in text and text.count("【不符合】") + text.count("【数据缺失】") == report.finding("t.village").evidence.rows
    capped = render(report, "text", "zh", width=120, cap=3)
    assert "另有" in capped and "--max-evidence 0" in capped


def test_markdown_summary_has_a_gap_column_and_sections_only_for_rules_not_met(setup):
    folder, units = setup
    pack = load_pack(folder)
    report = check(pack, load_census(pack, units), "2021-12-31", timestamp=False)
    md = render(report, "markdown", "zh")
    assert "| 规则 | 结论 | 实测 | 目标 | 差距 | 条款 |" in md
    assert report.finding("t.hotline").verdict == "fail"
    passing = [f for f in report.findings if f.verdict == "pass"]
    for f in report.findings:
        assert (f"（`{f.rule_id}`）" in md.split("\n## ", 1)[-1]) == (f not in passing)
