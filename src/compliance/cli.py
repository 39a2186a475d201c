"""Command line: check, validate, explain, packs, template, schema (and trace, compare)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .diagnostics import DataError, PackError, ProblemsError
from .errors import ComplianceError
from .exitcodes import ExitCode

if TYPE_CHECKING:
    from .pack import Rule

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                    help="界面语言 (language of the output)")


FORMATS = {"text": (".txt",), "json": (".json",), "markdown": (".md", ".markdown"), "html": (".html", ".htm"),
           "xlsx": (".xlsx",)}


def _pack_dirs(root: str | None) -> list[Path]:
    """``--rules``: a pack (a path or a name) or a folder of packs; without it, every pack on the search
    path (``$COMPLIANCE_PACKS``, ``./rules``, the installed packs: :mod:`compliance.registry`)."""
    from .describe import pack_dirs
    from .registry import available, resolve_pack

    if root is None:
        return list(available().values())
    folder = resolve_pack(root)
    return [folder] if (folder / "pack.yaml").is_file() else pack_dirs(folder)


def _fail(message: str) -> None:
    click.echo(plain(message), err=True)
    sys.exit(ExitCode.ERROR)


def _write(text: str | bytes, output: str | None) -> None:
    if isinstance(text, bytes):
        assert output is not None
        Path(output).write_bytes(text)
    elif output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=not text.endswith("\n"))


def plain(text: str) -> str:
    """Text with control characters made visible (render.escape, imported when needed)."""
    from .render.escape import plain as _plain

    return _plain(text)


def _one_line(text: str) -> str:
    """A message on one line, without terminal control characters."""
    return " ".join(plain(text).split())


class _Guarded(click.Group):
    """Every command runs inside one boundary: a documented error exits 2 with its message, an unreadable
    file exits 2 naming the file, anything else (a bug) exits 3 with one line; never 0 or 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except ProblemsError as exc:
            click.echo(exc.render(), err=True)
        except ComplianceError as exc:
            click.echo(f"错误 (error): {_one_line(str(exc))}", err=True)
        except OSError as exc:
            name = exc.filename or ""
            click.echo(f"无法读写文件 (cannot read or write) {_one_line(str(name))}: "
                       f"{_one_line(exc.strerror or str(exc))}", err=True)
        except Exception as exc:  # noqa: BLE001 - the boundary: a bug must not look like a finding
            click.echo(f"内部错误 (internal error) {type(exc).__name__}: {_one_line(str(exc))[:300]}", err=True)
            sys.exit(ExitCode.INTERNAL)
        sys.exit(ExitCode.ERROR)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="compliance")
def main() -> None:
    """社会心理服务体系建设试点规则核查工具 (compliance checks for social psychological service pilots)."""


def _existing_table(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A table path that exists; a workbook may name its sheet (``form.xlsx#单位``)."""
    from .workbook import split_sheet

    if value is not None and not split_sheet(value)[0].is_file():
        raise click.BadParameter(f"文件不存在 (file {split_sheet(value)[0]!s} does not exist)", ctx, param)
    return value


@main.command()
@click.argument("pack", type=click.Path(file_okay=False))
@click.option("--census", "census_form", callback=_existing_table,
              help="普查表：模板填好的工作簿（读取「单位」和「指标」两张表）或 CSV（x.csv 与 x-indicators.csv）"
                   " (the filled-in form: a workbook's units and indicators sheets, or a CSV pair)")
@click.option("--units", "units", callback=_existing_table,
              help="单位普查表 CSV/XLSX（工作表：文件.xlsx#单位）(units table; a sheet: file.xlsx#Sheet)")
@click.option("--indicators", callback=_existing_table,
              help="指标统计表 CSV/XLSX（工作表：文件.xlsx#指标）(indicators table; a sheet: file.xlsx#Sheet)")
@click.option("--baseline", "baseline_form", callback=_existing_table,
              help="上期数据（与 --census 格式相同），供“逐年递增/明显提升/下降”等与上期比较的规则使用 "
                   "(the previous period's census, same formats as --census, for year-over-year rules)")
@click.option("--baseline-units", callback=_existing_table, help="上期单位表 (the previous period's units table)")
@click.option("--baseline-indicators", callback=_existing_table,
              help="上期指标表；含多个年份的指标表也可作为自身的上期数据 "
                   "(the previous period's indicators; a table of several years may serve as its own baseline)")
@click.option("--as-of", "as_of", help="截至日期 YYYY-MM-DD")
@click.option("--year", type=int, help="年份 (= 该年12月31日)")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="输出格式；默认按 -o 的扩展名，否则 text (output format; default: from the -o extension, else text)")
@LANG
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="写入文件，可多次给出，格式按扩展名：.html .xlsx .json .md .txt "
                   "(write to a file; repeat for several formats, each from its extension)")
@click.option("--lenient", is_flag=True, help="跳过有误的行并列出 (exclude bad rows, listing each, instead of stopping)")
@click.option("--max-evidence", type=int, default=None,
              help="文本和 Markdown 中每条规则最多列出的单位数（默认全部）(units listed per rule in text and Markdown; "
                   "default all)")
@click.option("--no-timestamp", is_flag=True,
              help="报告来源中不记录生成时间，重复运行结果逐字节相同 (leave the run time out of the provenance, so reruns "
                   "are byte-identical)")
@click.option("--statistics", is_flag=True, help="按代码统计问题和提示（输出到 stderr）(count problems and warnings by code, on stderr)")
def check(pack: str, census_form: str | None, units: str | None, indicators: str | None,
          baseline_form: str | None, baseline_units: str | None, baseline_indicators: str | None,
          as_of: str | None, year: int | None, fmt: str | None, lang: str, outputs: tuple[str, ...],
          lenient: bool, max_evidence: int | None, no_timestamp: bool, statistics: bool) -> None:
    """按规则包核查普查数据 (check a census against a pack)."""
    from . import api, engine
    from .census import Progress
    from .render import render

    if (as_of is None) == (year is None):
        _fail("请给出 --as-of 或 --year 之一 (give exactly one of --as-of and --year)")
    plan = _output_plan(fmt, outputs)
    units, indicators = _form_parts(census_form, units, indicators, "--census", "--units", "--indicators", "")
    if units is None and indicators is None:
        _fail("请给出 --census，或 --units 和/或 --indicators (give --census, or --units and/or --indicators)")
    baseline_units, baseline_indicators = _form_parts(baseline_form, baseline_units, baseline_indicators,
                                                      "--baseline", "--baseline-units", "--baseline-indicators", "上期")
    try:
        date = engine.as_of_date(as_of, year)
    except ValueError as exc:
        _fail(f"{exc}")
    try:
        p = api.load_pack(pack)
    except PackError as exc:
        _fail(exc.render())
    interactive = sys.stderr.isatty() and plan == [("text", None)]
    try:
        census = _with_progress(lambda cb: api.load_census(p, units, indicators, lenient=lenient, progress=cb),
                                interactive, "读取数据 (reading)")
    except DataError as exc:
        if statistics:
            click.echo(_statistics(exc, None, lang), err=True)
        _fail(exc.render())
    except OSError as exc:
        _fail(f"无法读取 (cannot read): {exc}")
    previous = None
    if baseline_units is not None or baseline_indicators is not None:
        try:
            previous = api.load_census(p, baseline_units, baseline_indicators, lenient=lenient)
        except DataError as exc:
            _fail("上期数据 (--baseline): " + exc.render())
        except OSError as exc:
            _fail(f"无法读取上期数据 (cannot read the baseline): {exc}")
    checked: list[str] = []

    def on_rule(rule: Rule, say: Callable[[str], None]) -> None:
        checked.append(rule.id)
        say(Progress(f"{len(checked)}/{len(p.rules)} {rule.id}", len(checked) / len(p.rules)))

    report = _with_progress(lambda cb: api.check(p, census, date, progress=(lambda r: on_rule(r, cb)) if cb else None,
                                                 timestamp=not no_timestamp, baseline=previous),
                            interactive, "检查规则 (checking rules)")
    for kind, output in plan:
        color = kind == "text" and not output and sys.stdout.isatty()
        width = shutil.get_terminal_size((120, 24)).columns if kind == "text" and not output else 120
        _write(render(report, kind, lang, cap=max_evidence, color=color, width=width), output)
    if statistics:
        click.echo(_statistics(None, report, lang), err=True)
    sys.exit(report.summary.exit_code)


def _form_parts(form: str | None, units: str | None, indicators: str | None, opt: str, units_opt: str,
                indicators_opt: str, which_zh: str) -> tuple[str | None, str | None]:
    """The units and indicators files of a census form (``--census`` / ``--baseline``), or those given."""
    if form is None:
        return units, indicators
    if units is not None or indicators is not None:
        _fail(f"{opt} 已包含{which_zh}单位表和指标表，不能再给 {units_opt} 或 {indicators_opt} "
              f"({opt} holds both tables; do not add {units_opt} or {indicators_opt})")
    from .workbook import census_parts

    try:
        return census_parts(form)
    except Exception:  # noqa: BLE001 - an unreadable workbook: reported by the reader below
        return form, None


def _output_plan(fmt: str | None, outputs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(format, file or None for stdout) for each output: ``--format`` when given, else each file's extension."""
    if not outputs:
        if (fmt or "text") == "xlsx":
            _fail("xlsx 报告须写入文件：-o report.xlsx (an xlsx report must go to a file: -o report.xlsx)")
        return [(fmt or "text", None)]
    if fmt is not None and len(outputs) > 1:
        _fail("给出多个 -o 时格式按各文件扩展名确定，不能同时给 --format "
              "(with several -o files each format comes from its extension; drop --format)")
    plan: list[tuple[str, str | None]] = []
    for out in outputs:
        ext = Path(out).suffix.lower()
        kind = fmt or next((k for k, exts in FORMATS.items() if ext in exts), None)
        if kind is None:
            _fail(f"无法从扩展名判断格式：{out}（可用 .html .xlsx .json .md .txt，或给 --format）"
                  f"(cannot tell the format of {out!r} from its extension: use .html .xlsx .json .md .txt or --format)")
        plan.append((kind, out))   # type: ignore[arg-type]
    return plan


def _statistics(error: DataError | None, report, lang: str) -> str:  # type: ignore[no-untyped-def]
    """Problems (or excluded rows' reasons) and warnings counted by code, each with its meaning."""
    from collections import Counter

    from .codes import CODES, code_of

    counts: dict[str, int] = {}
    if error is not None:      # a census error carries every problem's code (also those not built)
        counts = dict(getattr(error, "counts", None) or Counter(p.code for p in error.problems))
    if report is not None:
        for e in report.excluded:
            for part in e.reason_en.split("; "):
                code = code_of(part)
                if code:
                    counts[code] = counts.get(code, 0) + 1
        for w in report.warnings:
            counts[w.code] = counts.get(w.code, 0) + 1
    zh = lang == "zh"
    lines = ["问题统计（按代码）" if zh else "Problems by code"]
    if not counts:
        lines.append("  无 (none)" if zh else "  none")
    for code in sorted(counts):
        c = CODES.get(code)
        title = (c.title_zh if zh else c.title_en) if c else ""
        lines.append(f"  {code}  {counts[code]:>7,}  {title}")
    lines.append(f"  {'合计' if zh else 'all '}  {sum(counts.values()):>7,}")
    lines.append("各代码的含义和改法：compliance explain 代码" if zh else "What a code means and how to fix it: "
                 "compliance explain CODE")
    return "\n".join(lines)


def _with_progress(job, interactive: bool, label: str, console=None):  # type: ignore[no-untyped-def]
    """Run ``job(callback)`` under a progress bar on stderr (a terminal only). Messages that carry a
    ``share`` (census.Progress) move the bar; the others only change its text."""
    if not interactive:
        return job(None)
    from rich.progress import BarColumn, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
             TimeElapsedColumn(), transient=True, console=console or _stderr_console()) as prog:
        task = prog.add_task(label, total=1.0)

        def update(msg: str) -> None:
            share = getattr(msg, "share", None)
            prog.update(task, description=f"{label} {msg}", **({"completed": share} if share is not None else {}))

        return job(update)


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


@main.command()
@click.argument("packs", nargs=-1, required=True, type=click.Path(file_okay=False))
@LANG
def validate(packs: tuple[str, ...], lang: str) -> None:
    """检查规则包 (lint packs: schema, expressions, units, ids, verbatim quotes, cases)."""
    from .registry import resolve_pack
    from .validate import validate_pack

    worst = ExitCode.OK
    for path in packs:
        errors, warnings, summary = validate_pack(resolve_pack(path))
        for line in errors:
            click.echo(_one_line(line), err=True)
        for line in warnings:
            click.echo(f"warning: {_one_line(line)}", err=True)
        if errors:
            worst = ExitCode.ERROR
            click.echo(f"✗ {path}: {len(errors)} 个错误 ({len(errors)} errors)")
        else:
            click.echo(f"✓ {path}: {summary}")
    sys.exit(worst)


@main.command()
@click.argument("rule_id")
@click.option("--rules", "root", type=click.Path(file_okay=False),
              help="规则包（路径或名称）或规则包所在目录 (a pack, by path or name, or a folder of packs; default: "
                   "the search path)")
@LANG
def explain(rule_id: str, root: str | None, lang: str) -> None:
    """说明一条规则或一个问题代码 (a rule: its quote, milestones and evaluation; a code such as C004: what it
    means and how to fix it)."""
    from .codes import explain_code, is_code
    from .describe import describe_rule, find_rule

    if is_code(rule_id):
        try:
            click.echo(explain_code(rule_id, lang))
        except KeyError:
            _fail(f"未知的问题代码 {rule_id} (no such code {rule_id!r})")
        return

    dirs = _pack_dirs(root)
    try:
        pack, rule = find_rule(dirs, rule_id)
    except PackError as exc:
        _fail(exc.render())
    except KeyError:
        where = ", ".join(str(d) for d in dirs) or "—"
        _fail(f"未找到规则 {rule_id} (no rule {rule_id!r} in {where})")
    click.echo(plain(describe_rule(pack, rule, lang)))


@main.command()
@click.option("--rules", "root", type=click.Path(file_okay=False),
              help="规则包所在目录 (a folder of packs; default: the search path)")
@LANG
def packs(root: str | None, lang: str) -> None:
    """列出规则包 (the packs, their documents and rule counts)."""
    from .describe import list_packs

    text, ok = list_packs(_pack_dirs(root), lang)
    click.echo(plain(text))
    sys.exit(ExitCode.OK if ok else ExitCode.ERROR)


@main.command()
@click.argument("pack", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False))
@click.option("--encoding", type=click.Choice(["utf-8-sig", "gb18030"]), default="utf-8-sig", show_default=True)
@click.option("--year", type=int, help="指标表预填的年份（默认今年）(year pre-filled in the indicators rows; default this year)")
def template(pack: str, fmt: str, output: str | None, encoding: str, year: int | None) -> None:
    """生成空白普查表 (an empty census form with Chinese headers for exactly the fields the pack needs)."""
    from . import api
    from .template import write_template

    try:
        p = api.load_pack(pack, check_quotes=False)
    except PackError as exc:
        _fail(exc.render())
    target = output or f"{p.id}-template.{fmt}"
    for path in write_template(p, Path(target), fmt, encoding, year):
        click.echo(f"已写入 {path} (written)")


@main.command()
def schema() -> None:
    """输出报告的 JSON Schema (print the JSON Schema of reports and findings)."""
    from .findings import dump_schema

    click.echo(dump_schema())


@main.command()
@click.argument("pack", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@LANG
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件 (write to a file)")
def trace(pack: str, fmt: str, lang: str, output: str | None) -> None:
    """溯源矩阵 (traceability matrix: clauses in document order → rules, not-checkable clauses, conflicts)."""
    from . import api
    from .trace import build_trace, render_trace

    try:
        p = api.load_pack(pack, check_quotes=False)
    except PackError as exc:
        _fail(exc.render())
    _write(render_trace(build_trace(p, lang), fmt, lang), output)


@main.command()
@click.argument("packs", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@LANG
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件 (write to a file)")
def compare(packs: tuple[str, ...], fmt: str, lang: str, output: str | None) -> None:
    """对照多个规则包 (the same measure across packs side by side, by dictionary measure_key)."""
    from . import api
    from .compare import build_comparison, render_comparison
    from .describe import pack_dirs

    folders: list[Path] = []
    for path in map(Path, packs):   # a folder of packs (rules/) stands for every pack in it
        more = [path] if (path / "pack.yaml").is_file() or not pack_dirs(path) else pack_dirs(path)
        folders += [f for f in more if f.resolve() not in {g.resolve() for g in folders}]
    loaded, errors = [], []
    for folder in folders:
        try:
            loaded.append(api.load_pack(folder, check_quotes=False))
        except PackError as exc:
            errors.append(exc.render())
    if errors:
        _fail("\n".join(errors))
    _write(render_comparison(build_comparison(loaded, lang), fmt, lang), output)


@main.command()
@click.argument("pack", type=click.Path(file_okay=False))
@click.option("--as-of", "as_of", help="截至日期 YYYY-MM-DD")
@click.option("--year", type=int, help="年份（= 该年12月31日）(a year: its 31 December)")
@click.option("--indicators", callback=_existing_table,
              help="指标统计表，用于地区层面的结论 (indicators table for the region-level report)")
@click.option("--engine", type=click.Choice(["durable", "polars"]), default="durable", show_default=True,
              help="逐条记录的规则引擎 (the engine for per-record conditions)")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
def serve(pack: str, as_of: str | None, year: int | None, indicators: str | None, engine: str, host: str,
          port: int) -> None:
    """本地 HTTP 实时核查服务 (a local HTTP JSON endpoint over the live checker: POST /records, PUT and
    DELETE /records/ID, GET /report)."""
    from .live import LiveChecker
    from .serve import serve as run

    if (as_of is None) == (year is None):
        _fail("请给出 --as-of 或 --year 之一 (give exactly one of --as-of and --year)")
    checker = LiveChecker(pack, as_of, year=year, indicators=indicators, engine=engine)  # type: ignore[arg-type]
    click.echo(f"{checker.pack.id}: http://{host}:{port}/records (Ctrl-C 停止 / to stop)", err=True)
    run(checker, host, port)


if __name__ == "__main__":
    main()
