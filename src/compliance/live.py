"""Live checking: one record at a time, as units are registered on an information platform.

>>> from compliance import load_pack                                   # doctest: +SKIP
>>> from compliance.live import LiveChecker                            # doctest: +SKIP
>>> live = LiveChecker(load_pack("wuhu"), year=2021)                   # doctest: +SKIP
>>> r = live.check({"单位编码": "e1", "单位类别": "企业", "县区": "镜湖区", "职工人数": "234人",
...                 "是否设立心理咨询室": "否"})                          # doctest: +SKIP
>>> r.problems, [(f.rule_id, f.verdict) for f in r.findings]          # doctest: +SKIP
>>> live.report().finding("wuhu.goal.3_large_employers").measured    # doctest: +SKIP

A record is a dict with the same headers (Chinese names, aliases, English names or keys) and cell
spellings as a census: it is read by the census reader itself, on a one-row table, so a record and a
census row mean the same. :meth:`LiveChecker.check` returns at once

- the record's data problems (:class:`DataProblem`: field, value, what was expected, did-you-mean); a
  record with problems is not kept, and its findings treat the offending cells as missing;
- every unit-level finding it triggers (:class:`UnitFinding`: for each rule about units of its kind,
  whether it is in scope, the condition's three-valued verdict for it, the clause quoted).

Accepted records are kept (:meth:`update` and :meth:`withdraw` by unit id), so that region-level
figures can be asked for at any moment: :meth:`report` runs the batch engine on the units so far.

The per-record conditions run on durable-rules (``pip install 'compliance[live]'``): each rule's scope
``where`` and ``condition`` are compiled from the same expression trees as the batch engine's polars
expressions into durable-rules conditions that match when the expression is known true and when it is
known false (:mod:`compliance.expr.to_durable`), so missing values stay unknown. What durable-rules
cannot run exactly (number or rate attributes, decimal literals, values beyond int64, a product of two
missing factors) is evaluated with the batch engine's polars expression on the record and listed in
:attr:`LiveChecker.fallbacks`; none of the five packs needs it today. ``engine="polars"`` evaluates
every rule that way (no durable-rules needed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from . import census as _census
from .diagnostics import DataError, Problem
from .dictionary import Dictionary, load_dictionary
from .errors import MissingDependencyError, UsageError
from .expr.nodes import Node, names
from .expr.to_durable import Cond, Unsupported, any_of, conditions, present
from .expr.to_polars import to_polars
from .findings import Report
from .pack import Pack, Rule
from .suggest import nearest

UNIT_MEASURES = ("each", "share", "count")
Engine = Literal["durable", "polars"]


@dataclass(frozen=True)
class DataProblem:
    """A problem with one field of a record: what was given, what was expected, what was probably meant."""

    code: str                       # the census reader's code (C002 unknown column, C004 bad cell, …)
    field: str | None               # the record's key as given (None: the record as a whole)
    value: str | None               # the value as given
    expected_zh: str
    expected_en: str
    suggestions: tuple[str, ...]    # did you mean (nearest valid spellings, best first)
    message: str                    # the census reader's message (Chinese, with English in brackets)


@dataclass(frozen=True)
class UnitFinding:
    """What one rule says about one unit."""

    rule_id: str
    title_zh: str
    title_en: str
    severity: str                   # binding | advisory | superseded
    measure: str                    # each | share | count
    status: str                     # see compliance.measures.units.UNIT_STATUSES (never out_of_kind here)
    in_scope: bool | None           # None: the scope's `where` reads a missing value
    condition: bool | None          # the condition for this unit: True, False, None (unknown)
    verdict: str                    # complies | does_not_comply | unknown | out_of_scope
    in_force: bool                  # a target or due date of the rule is in force at the as-of date
    area: str | None                # the unit's area at the level the rule is judged (or its county)
    scope_zh: str
    scope_en: str
    condition_text: str | None
    missing_fields: tuple[str, ...]  # attributes the rule reads that the record leaves empty
    clause: str
    quote: str
    document: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class LiveResult:
    """The answer to one record."""

    id: str | None                  # the unit id (generated as live-N when the record has none)
    accepted: bool                  # kept among the units (no data problems)
    problems: tuple[DataProblem, ...]
    findings: tuple[UnitFinding, ...]

    def finding(self, rule_id: str) -> UnitFinding:
        for f in self.findings:
            if f.rule_id == rule_id:
                return f
        raise KeyError(f"记录未触发规则「{rule_id}」 (no finding for rule {rule_id!r} on this record; rules "
                       f"triggered: {', '.join(f.rule_id for f in self.findings) or 'none'})")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (for ``compliance serve``)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Fallback:
    """A part of a rule evaluated with polars instead of durable-rules, and why."""

    rule_id: str
    part: str                       # where | condition
    reason: str


@dataclass
class _Compiled:
    rule: Rule
    index: int
    data_year: int | None
    where: Cond | None = None       # durable (T, F) pairs, or None where evaluated by polars / absent
    condition: Cond | None = None


class LiveChecker:
    """Checks records one at a time against a pack's unit rules, keeps the accepted units, and answers
    region-level questions through the batch engine. Not thread-safe; one lock guards each call."""

    def __init__(self, pack: Pack | str | Path, as_of: dt.date | str | None = None, *, year: int | None = None,
                 indicators: Any = None, engine: Engine = "durable", dictionary: Dictionary | None = None):
        from . import api
        from .engine import as_of_date

        self.pack = pack if isinstance(pack, Pack) else api.load_pack(pack)
        if as_of is not None and year is not None:
            raise UsageError("截至日期与年份只能给出其一 (give either as_of or year, not both)")
        self.as_of = as_of_date(as_of, year)
        if engine not in ("durable", "polars"):
            raise UsageError(f"engine 应为 durable 或 polars (engine must be 'durable' or 'polars', not {engine!r})")
        self.engine: Engine = engine
        self.d = dictionary or load_dictionary()
        self.types = {k: e.type for k, e in self.d.attributes.items()}
        self.rules = [r for r in self.pack.rules if r.measure in UNIT_MEASURES]
        self._indicators = (api.load_census(self.pack, None, indicators).indicators if indicators is not None
                            else _census.load_census(None, None, region=self.pack.region, dictionary=self.d,
                                                     needed=self.pack.attributes).indicators)
        self._units: dict[str, pl.DataFrame] = {}       # accepted units by id, in arrival order
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self._id_key = self.d.columns["id"].zh
        self.fallbacks: tuple[Fallback, ...] = ()
        self._compiled = [self._compile(r, i) for i, r in enumerate(self.rules)]
        self._host: Any = None
        self._fired: set[str] = set()
        self._nonce = itertools.count(1)
        if engine == "durable":
            self._start_durable()

    # ---- compiling ----------------------------------------------------------------------------

    def _compile(self, rule: Rule, i: int) -> _Compiled:
        year = rule.period.window(self.as_of)[-1].year if rule.period is not None else None
        c = _Compiled(rule, i, year)
        if self.engine != "durable":
            return c
        fallbacks = list(self.fallbacks)
        for part in ("where", "condition"):
            node: Node | None = getattr(rule, part)
            if node is None:
                continue
            try:
                setattr(c, part, conditions(node, self.types))
            except Unsupported as exc:
                fallbacks.append(Fallback(rule.id, part, str(exc)))
        self.fallbacks = tuple(fallbacks)
        return c

    def _start_durable(self) -> None:
        try:
            from durable import engine as durable_engine
        except ImportError as exc:
            raise MissingDependencyError(
                "实时核查需要 durable-rules：pip install 'compliance[live]'，或使用 engine='polars' "
                "(live checking runs on durable-rules: pip install 'compliance[live]', or pass engine='polars')"
            ) from exc
        rules: dict[str, Any] = {}
        always = present("_n")

        def add(name: str, cond: Cond) -> None:
            if isinstance(cond, bool):      # a constant: known without running anything
                return
            rules[name] = {"all": [{"m": {"$and": [always, cond]}}], "run": self._action(name)}

        for c in self._compiled:
            r = c.rule
            add(f"{c.index}|kind", any_of(*({"kind": k} for k in r.kinds)))
            if r.names:
                add(f"{c.index}|name", any_of(*({"_name": s} for n in r.names for s in n.spellings)))
            if c.data_year is not None:
                add(f"{c.index}|year", {"data_year": c.data_year})
            for part in ("where", "condition"):
                pair = getattr(c, part)
                if isinstance(pair, tuple):
                    add(f"{c.index}|{part}|T", pair[0])
                    add(f"{c.index}|{part}|F", pair[1])
        # every fact matches one rule at least (durable-rules raises on a message nothing handles)
        rules["any"] = {"all": [{"m": always}], "run": self._action("any")}
        self._host = durable_engine.Host()
        self._ruleset = f"compliance-{self.pack.id}"
        self._host.set_rulesets({self._ruleset: rules})

    def _action(self, name: str) -> Callable[[Any], None]:
        def run(_context: Any) -> None:
            self._fired.add(name)
        return run

    # ---- records ------------------------------------------------------------------------------

    def check(self, record: Mapping[str, Any]) -> LiveResult:
        """Read, check and (without data problems) keep a new unit; an id already kept is a problem (C006):
        use :meth:`update`."""
        with self._lock:
            return self._enter(record, replace=False)

    def update(self, record: Mapping[str, Any]) -> LiveResult:
        """Replace the unit with the record's id; KeyError when no unit has that id. A record with data
        problems leaves the kept unit as it was."""
        with self._lock:
            return self._enter(record, replace=True)

    def withdraw(self, unit_id: str) -> None:
        """Remove a kept unit; KeyError when no unit has that id."""
        with self._lock:
            if unit_id not in self._units:
                raise KeyError(f"没有编码为「{unit_id}」的单位 (no unit with id {unit_id!r})")
            del self._units[unit_id]

    def __len__(self) -> int:
        return len(self._units)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the kept units, in the order they arrived."""
        return tuple(self._units)

    def check_many(self, records: Iterable[Mapping[str, Any]]) -> list[LiveResult]:
        """Several new records: the same results as :meth:`check` on each in turn, read by the census
        reader as one table (much faster per record). When any of them has a data problem or an id
        already kept, they are read one by one, so that each gets its own problems."""
        with self._lock:
            recs = [self._prepare(r, replace=False) for r in records]
            if not recs:
                return []
            try:
                units = _census.load_census([rec for rec, _ in recs], None, region=self.pack.region,
                                            dictionary=self.d, needed=self.pack.attributes).units
            except DataError:
                units = None
            if units is None or units.height != len(recs) or \
                    any(str(i) in self._units for i in units.get_column("id").to_list()):
                return [self._enter(rec, replace=False) for rec, _ in recs]
            out = []
            for i in range(units.height):
                row = units.slice(i, 1)
                unit_id = str(row.get_column("id").item())
                self._units[unit_id] = row
                out.append(LiveResult(unit_id, True, (), self._findings(row)))
            return out

    def _prepare(self, record: Mapping[str, Any], *, replace: bool) -> tuple[dict[str, Any], list[str]]:
        """The record with string keys and an id (generated as live-N when absent), and its id keys."""
        if not isinstance(record, Mapping):
            raise UsageError(f"记录应为字典 (a record must be a dict, not {type(record).__name__})")
        rec = {str(k): v for k, v in record.items()}
        id_keys = [k for k in rec if self.d.header(k) == ("columns", "id") and str(rec[k] or "").strip()]
        if not id_keys:
            if replace:
                raise UsageError("更新须给出单位编码 (update needs the unit id, 单位编码)")
            rec[self._id_key] = f"live-{next(self._counter)}"
        return rec, id_keys

    def _enter(self, record: Mapping[str, Any], *, replace: bool) -> LiveResult:
        rec, id_keys = self._prepare(record, replace=replace)
        units, problems = self._read(rec)
        unit_id = None if units is None else str(units.get_column("id").item())
        if unit_id is not None:
            if replace and unit_id not in self._units:
                raise KeyError(f"没有编码为「{unit_id}」的单位，请用 check() 新增 (no unit with id {unit_id!r}; "
                               f"use check() to add it)")
            if not replace and unit_id in self._units:
                key = id_keys[0] if id_keys else self._id_key
                problems.append(DataProblem("C006", key, unit_id, "未使用过的单位编码", "an id not used yet", (),
                                            f"单位编码「{unit_id}」已存在，修改请用 update() (unit id {unit_id!r} "
                                            f"exists already; use update() to change it)"))
        findings = self._findings(units) if units is not None else ()
        accepted = units is not None and not problems
        if accepted and units is not None and unit_id is not None:
            self._units[unit_id] = units
        return LiveResult(unit_id, accepted, tuple(problems), findings)

    def _read(self, rec: dict[str, Any]) -> tuple[pl.DataFrame | None, list[DataProblem]]:
        """The record as a one-row units table, read by the census reader. With bad cells or unknown
        columns, read again without them (their values then unknown) so that the rules still run."""
        problems: list[DataProblem] = []
        for attempt in (1, 2):
            try:
                c = _census.load_census([rec], None, region=self.pack.region, dictionary=self.d,
                                        needed=self.pack.attributes)
                return c.units, problems
            except DataError as exc:
                found = [self._problem(p, rec) for p in exc.problems]
                if attempt == 1:
                    problems += found
                drop = {p.field for p in found if p.code in ("C002", "C004") and p.field in rec}
                if attempt == 2 or not drop or len(found) > len(drop):
                    return None, problems
                rec = {k: v for k, v in rec.items() if k not in drop}
        return None, problems

    def _problem(self, p: Problem, rec: Mapping[str, Any]) -> DataProblem:
        fieldname = str(p.column) if p.column is not None else None
        raw = rec.get(fieldname) if fieldname is not None else None
        value = None if raw is None else str(raw)
        region = self.pack.region
        zh, en, near = "", "", []
        if p.code == "C002" and fieldname is not None:
            zh, en = "数据字典中的列名", "a column name of the data dictionary"
            near = nearest(fieldname, _census._header_choices(self.d, region, self.pack.attributes))
            value = fieldname
        elif p.code == "C004" and fieldname is not None and value is not None:
            hit = self.d.header(fieldname)
            vtype = self.d.attributes[hit[1]].type if hit and hit[0] == "attributes" else "number"
            zh, en = _census._EXPECTED.get(vtype, ("", ""))
            if vtype == "bool":
                near = nearest(value.strip(), _census._BOOL_CHOICES)
        elif p.code == "C005":
            zh, en = "数据字典中的单位类别", "a unit kind of the data dictionary"
            if value:
                near = nearest(value.strip(), {label: e.zh for e in self.d.kinds.values()
                                               for label in (e.zh, *e.aliases, e.en)})
        elif p.code == "C007":
            zh = "、".join(region.units) + f"，或「{region.name}」（本级）"
            en = ", ".join(region.units) + f", or {region.name!r} (the region itself)"
            if value:
                near = nearest(value.strip(), [*region.units, region.name])
        elif p.code == "C003":
            zh, en = "必填列", "a required column"
        return DataProblem(p.code, fieldname, value, zh, en, tuple(near), p.message)

    # ---- evaluating ---------------------------------------------------------------------------

    def statuses(self, units: pl.DataFrame) -> dict[str, str]:
        """Each unit rule's status for a one-row units table (rule id → one of UNIT_STATUSES)."""
        row = units.with_columns(pl.col("name").str.replace_all(r"\s+", "").alias("_name"))
        fired = self._run_durable(row) if self.engine == "durable" else set()
        out = {}
        for c in self._compiled:
            out[c.rule.id] = self._status(c, row, fired)
        return out

    def _run_durable(self, row: pl.DataFrame) -> set[str]:
        values = row.row(0, named=True)
        fact: dict[str, Any] = {"_n": next(self._nonce), "_z": 0}
        for key in ("kind", "_name", "data_year"):
            if values.get(key) is not None:
                fact[key] = values[key] if key != "data_year" else int(values[key])
        for key in self.pack.attributes:
            v = values.get(key)
            if v is None or self.types.get(key) not in ("bool", "count"):
                continue    # number and rate values are read only by the polars fallback
            fact[key] = bool(v) if self.types[key] == "bool" else int(v)
        self._fired = set()
        self._host.assert_fact(self._ruleset, fact)
        self._host.retract_fact(self._ruleset, fact)
        return self._fired

    def _status(self, c: _Compiled, row: pl.DataFrame, fired: set[str]) -> str:
        r = c.rule
        kind = self._known(c, "kind", fired, row, lambda: pl.col("kind").is_in(list(r.kinds)).fill_null(False))
        if not kind:
            return "out_of_kind"
        scope = self._part(c, "where", r.where, fired, row)
        if r.names:
            spellings = [s for n in r.names for s in n.spellings]
            named = self._known(c, "name", fired, row, lambda: pl.col("_name").is_in(spellings).fill_null(False))
            scope = _and3(scope, named)
        met = self._part(c, "condition", r.condition, fired, row)
        if c.data_year is not None:
            year = c.data_year
            same = self._known(c, "year", fired, row, lambda: (pl.col("data_year") == year).fill_null(False)
                               if "data_year" in row.columns else pl.lit(False))
            met = met if same else None
        if scope is False:
            return "out_of_scope"
        prefix = "scope_unknown" if scope is None else ""
        if met is None:
            return prefix or "unknown"
        return f"{prefix}_{'meeting' if met else 'not_meeting'}".lstrip("_")

    def _known(self, c: _Compiled, what: str, fired: set[str], row: pl.DataFrame,
               expr: Callable[[], pl.Expr]) -> bool:
        """A two-valued test (kind, named unit, data year): durable-rules fired it, or polars says so."""
        if self.engine == "durable":
            return f"{c.index}|{what}" in fired
        return bool(row.select(expr()).item())

    def _part(self, c: _Compiled, part: str, node: Node | None, fired: set[str], row: pl.DataFrame) -> bool | None:
        """Three-valued value of the rule's ``where`` or ``condition`` (absent: true)."""
        if node is None:
            return True
        pair = getattr(c, part)
        if isinstance(pair, tuple):
            t, f = pair
            if t is True or f"{c.index}|{part}|T" in fired:
                return True
            if f is True or f"{c.index}|{part}|F" in fired:
                return False
            return None
        value = row.select(to_polars(node, self.types)).item()     # polars: engine="polars" or a fallback
        return None if value is None else bool(value)

    def _findings(self, units: pl.DataFrame) -> tuple[UnitFinding, ...]:
        statuses = self.statuses(units)
        values = units.row(0, named=True)
        out = []
        for c in self._compiled:
            status = statuses[c.rule.id]
            if status != "out_of_kind":
                out.append(self._finding(c.rule, status, values))
        return tuple(out)

    def _finding(self, rule: Rule, status: str, values: dict[str, Any]) -> UnitFinding:
        region = self.pack.region
        level = region.first_level if rule.at == "region" else rule.at
        area = values.get(level)
        in_scope = {"out_of_scope": False, "meeting": True, "not_meeting": True, "unknown": True}.get(status)
        condition = {"meeting": True, "scope_unknown_meeting": True, "not_meeting": False,
                     "scope_unknown_not_meeting": False}.get(status)
        verdict = ("out_of_scope" if status == "out_of_scope" else "complies" if condition is True
                   else "does_not_comply" if condition is False else "unknown")
        kinds_zh = "、".join(self.d.kinds[k].zh if k in self.d.kinds else k for k in rule.kinds)
        kinds_en = ", ".join(self.d.kinds[k].en if k in self.d.kinds else k for k in rule.kinds)
        scope_zh, scope_en = kinds_zh, kinds_en
        if rule.where_text:
            scope_zh += f"（{rule.where_text}）"
            scope_en += f" where {rule.where_text}"
        if rule.names:
            scope_zh += "：" + "、".join(n.name for n in rule.names)
            scope_en += ": " + ", ".join(n.name for n in rule.names)
        read = [*(names(rule.where) if rule.where is not None else ()),
                *(names(rule.condition) if rule.condition is not None else ())]
        missing = tuple(dict.fromkeys(k for k in read if values.get(k) is None))
        severity = "superseded" if rule.superseded_by else "advisory" if rule.advisory else "binding"
        current, _ = rule.in_force(self.as_of)
        say_zh = {"complies": "符合", "does_not_comply": "不符合", "unknown": "无法判定（数据缺失）",
                  "out_of_scope": "不在适用范围内"}[verdict]
        say_en = {"complies": "complies", "does_not_comply": "does not comply",
                  "unknown": "cannot be decided (missing values)", "out_of_scope": "is out of scope"}[verdict]
        if in_scope is None and verdict != "out_of_scope":
            say_zh += "；是否在适用范围内未知"
            say_en += "; whether it is in scope is unknown"
        cond = rule.condition_text or ""
        miss_zh = f"；缺少：{'、'.join(self._label(k) for k in missing)}" if missing else ""
        miss_en = f"; missing: {', '.join(self.d.attributes[k].en if k in self.d.attributes else k for k in missing)}" \
            if missing else ""
        message_zh = (f"{rule.title_zh}：{say_zh}" + (f"（条件：{cond}）" if cond else "") + miss_zh
                      + f"。依据{rule.source.clause}：「{rule.source.quote}」")
        message_en = (f"{rule.title_en}: {say_en}" + (f" (condition: {cond})" if cond else "") + miss_en
                      + f". Source {rule.source.clause}: 「{rule.source.quote}」")
        return UnitFinding(
            rule_id=rule.id, title_zh=rule.title_zh, title_en=rule.title_en, severity=severity,
            measure=rule.measure, status=status, in_scope=in_scope, condition=condition, verdict=verdict,
            in_force=current is not None, area=None if area is None else str(area), scope_zh=scope_zh,
            scope_en=scope_en, condition_text=rule.condition_text, missing_fields=missing,
            clause=rule.source.clause, quote=rule.source.quote, document=self.pack.title,
            message_zh=message_zh, message_en=message_en)

    def _label(self, key: str) -> str:
        return self.d.attributes[key].zh if key in self.d.attributes else key

    # ---- region-level figures -----------------------------------------------------------------

    @property
    def census(self) -> _census.Census:
        """The kept units (rows numbered 2, 3, … in arrival order) and the indicators given, as a Census."""
        frames = list(self._units.values())
        if frames:
            units = pl.concat(frames, how="diagonal_relaxed")
            units = units.with_columns(pl.int_range(2, units.height + 2, dtype=pl.Int64).alias("_row"))
        else:
            units = _census.load_census(None, None, region=self.pack.region, dictionary=self.d,
                                        needed=self.pack.attributes).units
        return _census.Census(units, self._indicators, pl.DataFrame(schema=_census.EXCLUDED_SCHEMA),
                              sources=("live",), rows_read=units.height)

    def report(self) -> Report:
        """Every rule of the pack on the units kept so far, by the batch engine (region-level figures)."""
        from . import engine

        with self._lock:
            census = self.census
        return engine.check(self.pack, census, self.as_of)


def _and3(a: bool | None, b: bool | None) -> bool | None:
    """Kleene conjunction."""
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


__all__ = ["DataProblem", "Fallback", "LiveChecker", "LiveResult", "UnitFinding"]
