"""Load a pack folder: safe YAML with positions → raw models → compiled rules. All problems at once."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import limits
from ..diagnostics import PackError, Problem
from ..dictionary import Dictionary, load_dictionary
from ..expr import ExprError, check, check_magnitude, names, parse
from ..quantity import Target, TargetError, parse_target
from ..regions import RegionSpec
from ..yamlsource import LocatedDict, LocatedList, Location, YamlSyntaxError, load_yaml
from ..periods import PeriodSpec
from .model import ConflictRef, ExpectedCount, Milestone, NamedUnit, NotCheckableRef, Pack, Rule, SourceRef
from .schema import CaseFile, NotCheckable, PackFile, PackMeta, RawRule

_MEASURE_FIELDS = {
    "each": ({"scope", "condition"}, {"target", "milestones", "indicator", "formula", "fact"}),
    "share": ({"scope", "condition", "target|milestones"}, {"indicator", "formula", "fact"}),
    "count": ({"scope", "target|milestones"}, {"indicator", "formula", "fact"}),
    "indicator": ({"indicator|formula", "target|milestones"}, {"scope", "condition", "fact"}),
    "exists": ({"fact"}, {"scope", "condition", "indicator", "formula", "target"}),
}


def locate(data: Any, loc: Iterable[Any], fallback: Location) -> Location:
    """Follow a pydantic error location through located YAML to the nearest known position."""
    where = getattr(data, "location", fallback)
    node = data
    for part in loc:
        if isinstance(node, LocatedDict) and part in node:
            where = node.where(part)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
            where = node.locations[part]
            node = node[part]
        else:
            break
    return where


def _pydantic_problems(exc: ValidationError, data: Any, file: str, prefix: tuple[Any, ...] = ()
                       ) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p in ("str", "int", "float", "list[str]"))]
        where = locate(data, loc, Location(file, 1, 1))
        loc = [*prefix, *loc]
        path = ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            msg = f"unknown key {loc[-1]!r} (at {path})"
        elif err["type"] == "missing":
            msg = f"missing required key {loc[-1]!r} (at {'.'.join(str(p) for p in loc[:-1]) or 'top level'})"
        else:
            msg = f"{path}: {err['msg']}"
        out.append(Problem("E100", msg, where.file, where.line, where.column))
    return out


def _items(data: LocatedDict, key: str, file: str, problems: list[Problem]) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        where = data.where_value(key)
        problems.append(Problem("E100", f"`{key}` must be a list", file, where.line, where.column))
        return []
    return value


def _validate_at(model: type[BaseModel], data: Any, path: tuple[Any, ...], file: str,
                 problems: list[Problem]) -> Any:
    """Validate one part of a file, reporting locations relative to the whole file."""
    node = data
    for p in path:
        node = node[p]
    try:
        return model.model_validate(node)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(exc, node, file, path))
        return None


def yaml_files(folder: Path, problems: list[Problem], warnings: list[str]) -> list[Path]:
    """The ``*.yaml`` / ``*.yml`` files of a folder, by name. A name that is not a readable regular file
    (a dangling link, a folder) is a problem; a symbolic link to a file is read, with a warning."""
    out = []
    for p in sorted(folder.iterdir()):
        if p.suffix not in (".yaml", ".yml"):
            continue
        if p.is_symlink():
            if not p.is_file():
                problems.append(Problem("E006", f"{p.name} 是失效的符号链接 (dangling symbolic link to "
                                        f"{os.readlink(p)!r})", _display(p), 1, 1))
                continue
            warnings.append(f"{p.name} 是符号链接，已读取其目标 ({p.name} is a symbolic link to "
                            f"{os.readlink(p)!r}; its target was read)")
        if not p.is_file():
            problems.append(Problem("E006", f"{p.name} 不是普通文件 (not a regular file)", _display(p), 1, 1))
            continue
        out.append(p)
    return out


def _read_seed(path: Path, seed: str, loc: Location, problems: list[Problem]) -> str | None:
    """The seed document's text (UTF-8), squashed; a located problem if it cannot be read as text."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem("E051", f"seed {seed!r} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at "
                                f"offset {exc.start}); quotes cannot be checked", loc.file, loc.line, loc.column))
        return None
    except OSError as exc:
        problems.append(Problem("E051", f"seed {seed!r} cannot be read: {exc.strerror or exc}", loc.file,
                                loc.line, loc.column))
        return None
    if "\x00" in text:
        problems.append(Problem("E051", f"seed {seed!r} is a binary file, not a text document", loc.file,
                                loc.line, loc.column))
        return None
    return squash(text)


def find_seed(pack_dir: Path, seed: str) -> Path | None:
    """The seed document: $COMPLIANCE_SEEDS, or a ``shared/seeds`` folder beside any parent of the pack."""
    candidates = []
    if os.environ.get("COMPLIANCE_SEEDS"):
        candidates.append(Path(os.environ["COMPLIANCE_SEEDS"]) / seed)
    for parent in [pack_dir.resolve(), *pack_dir.resolve().parents]:
        candidates += [parent / "shared" / "seeds" / seed, parent / "seeds" / seed]
    return next((c for c in candidates if c.is_file()), None)


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace-insensitive form used to find quotes in seed documents."""
    return _WS.sub("", text)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_pack(path: str | Path, dictionary: Dictionary | None = None, *, check_quotes: bool = True) -> Pack:
    """Load and compile a pack folder. Raise PackError listing every problem (``file:line:col: code msg``)."""
    folder = Path(path)
    d = dictionary or load_dictionary()
    problems: list[Problem] = []
    if not folder.is_dir():
        raise PackError([Problem("E001", f"规则包目录不存在 (no pack folder at {folder})", str(folder))])
    warnings: list[str] = []
    files = yaml_files(folder, problems, warnings)
    meta_tried = False           # pack.yaml had metadata (or could not be read): its errors are reported
    if not any(p.name == "pack.yaml" for p in files):
        problems.append(Problem("E002", "缺少 pack.yaml (the pack has no pack.yaml)", _display(folder / "pack.yaml"),
                                1, 1))
        meta_tried = True
    meta = None
    meta_loc = Location(_display(folder / "pack.yaml"), 1, 1)
    raw_rules: list[tuple[RawRule, LocatedDict, str]] = []
    attempted: set[str] = set()  # ids of every rule written, compiled or not (for conflict partners)
    not_checkable: list[NotCheckableRef] = []
    for file in files:
        display = _display(file)
        try:
            data = load_yaml(file, display)
        except YamlSyntaxError as exc:
            problems.append(Problem("E010", f"YAML syntax: {exc.message}", display, exc.location.line,
                                    exc.location.column))
            meta_tried = meta_tried or file.name == "pack.yaml"
            continue
        except OSError as exc:
            problems.append(Problem("E006", f"无法读取 (cannot read): {exc.strerror or exc}", display, 1, 1))
            meta_tried = meta_tried or file.name == "pack.yaml"
            continue
        if data is None:
            continue
        if not isinstance(data, LocatedDict):
            problems.append(Problem("E005", "expected a mapping with pack:, rules: or not_checkable:", display, 1, 1))
            meta_tried = meta_tried or file.name == "pack.yaml"
            continue
        for extra in [k for k in data if k not in PackFile.model_fields]:    # in file order
            where = data.where(extra)
            problems.append(Problem("E100", f"unknown top-level key {extra!r} (expected pack, rules, "
                                    "not_checkable)", display, where.line, where.column))
        if "pack" in data:
            if file.name != "pack.yaml":
                where = data.where("pack")
                problems.append(Problem("E003", "pack metadata belongs in pack.yaml", display, where.line,
                                        where.column))
            meta_tried = True
            meta = _validate_at(PackMeta, data, ("pack",), display, problems) or meta
            meta_loc = data.where("pack")
        if isinstance(data.get("rules"), list):
            attempted |= {r["id"] for r in data["rules"] if isinstance(r, dict) and isinstance(r.get("id"), str)}
        for i, _ in enumerate(_items(data, "rules", display, problems)):
            rule = _validate_at(RawRule, data, ("rules", i), display, problems)
            if rule is not None:
                raw_rules.append((rule, data["rules"][i], display))
        for i, _ in enumerate(_items(data, "not_checkable", display, problems)):
            nc = _validate_at(NotCheckable, data, ("not_checkable", i), display, problems)
            if nc is not None:
                loc = data["not_checkable"].locations[i]
                not_checkable.append(NotCheckableRef(nc.clause, nc.reason_zh, nc.reason_en, loc))
    seed_path = None
    seed_text = None
    if meta is None:
        if not meta_tried:
            problems.append(Problem("E002", "missing `pack:` metadata in pack.yaml", meta_loc.file, 1, 1))
        # the metadata is broken: still check the rules, against every region level the dictionary knows
        pack_id = folder.name
        region = RegionSpec("?", "", tuple(d.regions), tuple(d.regions), ())
    else:
        pack_id = meta.id
        region = _region(meta, d, meta_loc, problems)
        if meta.id != folder.name:
            problems.append(Problem("E004", f"pack id {meta.id!r} differs from its folder name {folder.name!r}",
                                    meta_loc.file, meta_loc.line, meta_loc.column))
        if Path(meta.seed).name != meta.seed or meta.seed in ("", ".", ".."):
            problems.append(Problem("E051", f"seed {meta.seed!r} must be a file name in the seeds folder "
                                    "(no folders)", meta_loc.file, meta_loc.line, meta_loc.column))
        else:
            seed_path = find_seed(folder, meta.seed)
        if seed_path is None:
            warnings.append(f"未找到原文 {meta.seed}，未核对引文 (seed {meta.seed} not found; quotes not checked)")
        elif check_quotes:
            seed_text = _read_seed(seed_path, meta.seed, meta_loc, problems)
    rules = []
    seen: dict[str, Location] = {}
    for raw, data, display in raw_rules:
        if raw.id in seen:
            where = data.where_value("id")
            problems.append(Problem("E020", f"duplicate rule id {raw.id!r} (first at {seen[raw.id]})",
                                    where.file, where.line, where.column))
            continue
        seen[raw.id] = data.where_value("id")
        rule = _compile_rule(raw, data, pack_id, region, d, problems)
        if meta is not None and seed_text is not None and squash(raw.source.quote) not in seed_text:
            where = data["source"].where_value("quote")
            problems.append(Problem("E050", f"quote not found verbatim in {meta.seed}: {raw.source.quote!r}",
                                    where.file, where.line, where.column))
        if rule is not None:
            rules.append(rule)
    _check_conflicts(rules, problems, attempted)
    expected = _expected_units(meta, d, seed_text, meta_loc, problems) if meta is not None else ()
    if problems or meta is None:
        raise PackError(problems, f"规则包有误 (pack {folder} is invalid)")
    issuer = (meta.issuer,) if isinstance(meta.issuer, str) else tuple(meta.issuer)
    return Pack(meta.id, meta.title, meta.title_en, meta.doc_number, issuer, meta.issued, meta.seed, region,
                tuple(rules), tuple(not_checkable), folder, seed_path, tuple(warnings), expected)


def _expected_units(meta: PackMeta, d: Dictionary, seed_text: str | None, loc: Location,
                    problems: list[Problem]) -> tuple[ExpectedCount, ...]:
    """``pack.expected_units``: known kinds, and a quote found verbatim in the seed."""
    out = []
    for i, e in enumerate(meta.expected_units):
        for k in e.kinds:
            if k not in d.kinds:
                problems.append(Problem("E170", f"expected_units[{i}]: unknown unit kind {k!r}", loc.file,
                                        loc.line, loc.column))
        if seed_text is not None and e.quote and squash(e.quote) not in seed_text:
            problems.append(Problem("E050", f"expected_units[{i}]: quote not found verbatim in {meta.seed}: "
                                    f"{e.quote!r}", loc.file, loc.line, loc.column))
        out.append(ExpectedCount(tuple(e.kinds), e.count, e.clause, e.quote))
    return tuple(out)


def _region(meta: Any, d: Dictionary, loc: Location, problems: list[Problem]) -> RegionSpec:
    r = meta.region
    for level in r.levels:
        if level not in d.regions:
            problems.append(Problem("E030", f"region level {level!r} is not in the dictionary `regions:` "
                                    f"({', '.join(d.regions)})", loc.file, loc.line, loc.column))
    if len(r.levels) != len(r.level_names_zh):
        problems.append(Problem("E031", "region.levels and region.level_names_zh differ in length",
                                loc.file, loc.line, loc.column))
    return RegionSpec(r.name, r.level_zh, tuple(r.levels), tuple(r.level_names_zh), tuple(r.units))


def _target_kind(raw: RawRule, d: Dictionary) -> str:
    if raw.measure == "share" or raw.formula is not None:
        return "rate"
    if raw.measure == "count":
        return "count"
    if raw.measure == "indicator" and raw.indicator in d.indicators:
        t = d.indicators[raw.indicator]
        if t.type == "count":
            return t.unit or "count"
        return t.type
    return "rate"


def _compile_rule(raw: RawRule, data: LocatedDict, pack_id: str, region: RegionSpec, d: Dictionary,
                  problems: list[Problem]) -> Rule | None:
    before = len(problems)

    def err(key: str | tuple[str, ...], code: str, msg: str, offset: int | None = None) -> None:
        keys = (key,) if isinstance(key, str) else key
        node: Any = data
        where = data.location
        for k in keys:
            if isinstance(node, LocatedDict) and k in node:
                where = node.where_value(k)
                node = node[k]
        col = where.column
        if offset is not None and isinstance(node, str):
            # point into a plain scalar; quoted scalars start one column later
            col = where.column + offset
        problems.append(Problem(code, f"{raw.id}: {msg}", where.file, where.line, col))

    present = {k for k in ("scope", "condition", "target", "milestones", "due", "indicator", "formula", "fact")
               if getattr(raw, k) is not None}
    needs, forbidden = _MEASURE_FIELDS[raw.measure]
    for need in sorted(needs):
        if not any(alt in present for alt in need.split("|")):
            err("measure", "E101", f"measure {raw.measure!r} needs `{need.replace('|', '` or `')}`")
    for bad in sorted(forbidden & present):
        err(bad, "E102", f"`{bad}` does not apply to measure {raw.measure!r}")

    attr_types = {k: e.type for k, e in d.attributes.items()}
    ind_types = {k: e.type for k, e in d.indicators.items()}
    kinds: tuple[str, ...] = ()
    where_node = cond_node = None
    used_attrs: list[str] = []
    if raw.scope is not None:
        kinds = tuple(raw.scope.kinds)
        for i, k in enumerate(kinds):
            if k not in d.kinds:
                loc = data["scope"]["kinds"].locations[i]
                problems.append(Problem("E110", f"{raw.id}: unknown unit kind {k!r}", loc.file, loc.line,
                                        loc.column))
        if raw.scope.where:
            where_node = _expr(raw.scope.where, attr_types, ("scope", "where"), err)
            used_attrs += names(where_node) if where_node else []
    if raw.condition is not None:
        cond_node = _expr(raw.condition, attr_types, "condition", err)
        used_attrs += names(cond_node) if cond_node else []
    formula = None
    used_inds: list[str] = []
    if raw.indicator is not None:
        if raw.indicator not in d.indicators:
            err("indicator", "E111", f"unknown indicator {raw.indicator!r}")
        elif d.indicators[raw.indicator].type in ("bool", "text"):
            err("indicator", "E112", f"indicator {raw.indicator!r} is a yes/no fact: use measure: exists")
        used_inds.append(raw.indicator)
    if raw.formula is not None:
        num = _expr(raw.formula.numerator, ind_types, ("formula", "numerator"), err, want="num", div=True)
        den = _expr(raw.formula.denominator, ind_types, ("formula", "denominator"), err, want="num", div=True)
        if num is not None and den is not None:
            formula = (num, den)
            used_inds += list(names(num)) + list(names(den))
    if raw.fact is not None:
        if raw.fact not in d.indicators:
            err("fact", "E111", f"unknown fact {raw.fact!r} (add it to the dictionary `indicators:` as type bool)")
        elif d.indicators[raw.fact].type != "bool":
            err("fact", "E112", f"fact {raw.fact!r} is not a yes/no indicator")
        used_inds.append(raw.fact)
    if raw.measure_key is not None and raw.measure_key not in d.measures:
        err("measure_key", "E113", f"unknown measure key {raw.measure_key!r} (dictionary `measures:`)")
    if raw.at != "region" and raw.at not in region.levels:
        err("at", "E114", f"`at` must be region or one of {list(region.levels)}, not {raw.at!r}")
    period = None
    if raw.period is not None:
        try:
            period = PeriodSpec.parse(raw.period)
        except ValueError as exc:
            err("period", "E115", f"`period`: {exc} (or year, half, quarter, month for a recurring duty)")
        else:
            if raw.measure in ("each", "share", "count") and period.kind != "year":
                err("period", "E115", "unit rules take `period: year` or a fixed year: the units table "
                    "carries one data year (统计年度) per unit")
    if period is not None and raw.measure in ("each", "share", "count"):
        used_attrs.append("data_year")    # the unit's 统计年度: only that year's figures count
    named = tuple(NamedUnit(n, ()) if isinstance(n, str) else NamedUnit(n.name, tuple(n.aliases))
                  for n in (raw.scope.names if raw.scope else ()))
    if raw.measure in ("indicator", "exists") and raw.at not in ("region", region.first_level):
        err("at", "E114", f"{raw.measure} rules read the indicators table, which holds figures of the region "
                          f"and of each {region.first_level}: `at` must be region or {region.first_level}, "
                          f"not {raw.at!r} (a duty of each {raw.at} is a unit rule on the {raw.at} rows)")

    kind = _target_kind(raw, d)
    schedule: list[Milestone] = []
    main: Target | None = None
    if raw.target is not None:
        main = _target(str(raw.target), kind, "target", err)
    for year, text in sorted((raw.milestones or {}).items()):
        if not 1990 <= year <= 2100:
            err("milestones", "E120", f"milestone year {year} is not a year")
            continue
        t = _target(str(text), kind, ("milestones", year), err)  # type: ignore[arg-type]
        if t is not None:
            schedule.append(Milestone(dt.date(year, 12, 31), t, year))
    if main is not None:
        if raw.due is not None:
            schedule.append(Milestone(raw.due, main))
        elif not schedule:
            schedule.append(Milestone(dt.date.min, main))
    elif raw.due is not None and raw.measure in ("each", "exists"):
        schedule.append(Milestone(raw.due, Target("=", 1, None, "", "")))
    if raw.measure in ("each", "exists") and not schedule:
        schedule.append(Milestone(dt.date.min, Target("=", 1, None, "", "")))
    schedule.sort(key=lambda m: m.due)
    _check_targets(raw, main, schedule, kind, err)
    if len(problems) > before:
        return None
    return Rule(
        id=raw.id, pack=pack_id, title_zh=raw.title.zh, title_en=raw.title.en,
        source=SourceRef(raw.source.clause, raw.source.quote, tuple(raw.source.also)),
        strength=raw.strength, measure=raw.measure, kinds=kinds,
        where=where_node, where_text=raw.scope.where if raw.scope else None,
        condition=cond_node, condition_text=raw.condition, indicator=raw.indicator,
        formula=formula, formula_text=(raw.formula.numerator, raw.formula.denominator) if raw.formula else None,
        fact=raw.fact, schedule=tuple(schedule), at=raw.at, period=period, names=named,
        measure_key=raw.measure_key,
        conflicts=tuple(ConflictRef(c.with_, c.note_zh, c.note_en, c.operative, c.reason_zh, c.reason_en)
                        for c in raw.conflicts),
        notes_zh=raw.notes.zh if raw.notes else None, notes_en=raw.notes.en if raw.notes else None,
        location=data.location, attributes=tuple(dict.fromkeys(used_attrs)),
        indicators=tuple(dict.fromkeys(used_inds)),
    )


def _expr(text: str, types: dict[str, str], key: Any, err: Any, want: str = "bool", div: bool = False) -> Any:
    try:
        node = parse(text)
        check(node, types, want=want, allow_division=div)
        if not div:             # unit conditions run as polars columns: their arithmetic must stay exact
            check_magnitude(node, types)
        return node
    except ExprError as exc:
        shown = text if len(text) <= 80 else f"{text[:60]}…"
        err(key, "E130", f"expression {shown!r}: {exc.message}", exc.offset)
        return None


def _target(text: str, kind: str, key: Any, err: Any) -> Target | None:
    try:
        return parse_target(text, kind)
    except TargetError as exc:
        err(key, "E140", f"target: {exc}")
        return None


def _check_targets(raw: RawRule, main: Target | None, schedule: list[Milestone], kind: str, err: Any) -> None:
    """E141: a rate written as a bare number above 1 (`>= 80` on a share is 8000%).
    E142: a `target` that differs from the last milestone without a flagged conflict."""
    written = [("target", raw.target)] + [(("milestones", y), v) for y, v in (raw.milestones or {}).items()]
    if kind == "rate":
        parsed_years = {m.year for m in schedule}
        for key, text in written:
            if text is None or (key == "target" and main is None) or (key != "target" and key[1] not in parsed_years):
                continue      # unparsable: E140 already says so
            bare = re.fullmatch(r"\s*(?:[<>]=?|[≥≤=]|==|between)?\s*([0-9.]+)(?:\s+and\s+([0-9.]+))?\s*",
                                str(text))
            if bare and any(g is not None and float(g) > 1 for g in bare.groups()):
                err(key, "E141", f"rate target {text!r} is a bare number above 1 (a fraction: 80% is 0.8); "
                    "write it with % or ‰")
    dated = [m for m in schedule if m.year is not None]
    if main is not None and dated and not raw.conflicts:
        last = dated[-1].target
        if (last.comparator, last.value, last.high) != (main.comparator, main.value, main.high):
            err("target", "E142", f"target {raw.target!r} differs from the last milestone "
                f"({dated[-1].year}: {raw.milestones[dated[-1].year] if raw.milestones else ''!r}) "
                "and no conflict is flagged")


def _check_conflicts(rules: list[Rule], problems: list[Problem], attempted: set[str] | frozenset[str] = frozenset()
                     ) -> None:
    """Conflicts point both ways (E150, E151) and declare which rule is operative, the same on both sides,
    with the reason (E152, E153). A partner that exists but did not compile has its own problems
    reported; it is not called unknown."""
    by_id = {r.id: r for r in rules}
    for r in rules:
        for c in r.conflicts:
            other = by_id.get(c.with_rule)
            loc = r.location or Location("<pack>", 1, 1)
            if other is None and c.with_rule in attempted:
                continue
            if other is None:
                problems.append(Problem("E150", f"{r.id}: conflict names unknown rule {c.with_rule!r}",
                                        loc.file, loc.line, loc.column))
                continue
            back = next((oc for oc in other.conflicts if oc.with_rule == r.id), None)
            if back is None:
                problems.append(Problem("E151", f"{r.id}: conflict with {other.id} is not flagged in "
                                        f"{other.id} too", loc.file, loc.line, loc.column))
                continue
            if c.operative not in (r.id, other.id, "both") or not (c.reason_zh and c.reason_en):
                problems.append(Problem("E152", f"{r.id}: conflict with {other.id} must say which rule is "
                                        f"operative (`operative: {r.id}`, `{other.id}` or `both`) and why "
                                        "(`reason_zh`, `reason_en`)", loc.file, loc.line, loc.column))
            elif back.operative != c.operative:
                problems.append(Problem("E153", f"{r.id}: conflict with {other.id} names {c.operative!r} as "
                                        f"operative but {other.id} names {back.operative!r}",
                                        loc.file, loc.line, loc.column))


def load_cases(pack: Pack) -> list[tuple[Any, Location]]:
    """Conformance cases of a pack: (RawCase, location) pairs; PackError on malformed case files."""
    problems: list[Problem] = []
    out = []
    rule_ids = {r.id for r in pack.rules}
    cases_dir = pack.path / "cases"
    files = yaml_files(cases_dir, problems, []) if cases_dir.is_dir() else []
    for file in files:
        display = _display(file)
        try:
            data = load_yaml(file, display)
        except YamlSyntaxError as exc:
            problems.append(Problem("E010", exc.message, display, exc.location.line, exc.location.column))
            continue
        except OSError as exc:
            problems.append(Problem("E006", f"无法读取 (cannot read): {exc.strerror or exc}", display, 1, 1))
            continue
        parsed = _validate_at(CaseFile, data, (), display, problems)
        if parsed is None:
            continue
        for i, case in enumerate(parsed.cases):
            loc = data["cases"].locations[i]
            if case.rule not in rule_ids:
                problems.append(Problem("E160", f"case {case.name!r} names unknown rule {case.rule!r}",
                                        loc.file, loc.line, loc.column))
                continue
            if _check_repeats(data["cases"][i], case, problems):
                out.append((case, loc))
    if problems:
        raise PackError(problems, f"用例有误 (cases of pack {pack.id} are invalid)")
    return out


def _check_repeats(data: LocatedDict, case: Any, problems: list[Problem]) -> bool:
    """``repeat:`` of each case row: a whole number 0…MAX_CASE_REPEAT, at most MAX_CASE_ROWS rows in all."""
    rows = data.get("units")
    total, ok = 0, True
    for j, row in enumerate(case.units):
        n = row.get("repeat", 1)
        node = rows[j] if isinstance(rows, LocatedList) and j < len(rows) else data
        where = node.where_value("repeat") if isinstance(node, LocatedDict) else data.location
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= limits.MAX_CASE_REPEAT:
            problems.append(Problem("E161", f"case {case.name!r}: repeat {n!r} must be a whole number from 0 to "
                                    f"{limits.MAX_CASE_REPEAT} (limit MAX_CASE_REPEAT)", where.file, where.line,
                                    where.column))
            ok = False
            continue
        total += n
    if ok and total > limits.MAX_CASE_ROWS:
        where = data.where_value("units")
        problems.append(Problem("E161", f"case {case.name!r}: {total} rows after repeat, more than "
                                f"{limits.MAX_CASE_ROWS} (limit MAX_CASE_ROWS)", where.file, where.line, where.column))
        ok = False
    return ok
