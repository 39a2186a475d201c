"""Benchmark: load a Wuhu-like census of N units and check a pack, against a bare ``polars.read_csv``.

    .venv/bin/python benchmarks/bench_check.py                     # 1,000,000 units, rules/wuhu, 3 repeats
    .venv/bin/python benchmarks/bench_check.py --units 200000 --repeat 5 --pack rules/sishui

Prints figures only (no asserts). Targets: load + check ≤ 3× the bare read in time, and peak memory of
load + check ≤ 3× the estimated size of the loaded table. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "_data"

# the mix of kinds of a Wuhu-like census (weights); the first four groups make up most of it
KIND_WEIGHTS = {
    "village": 24, "community": 12,                                           # 村、社区
    "primary_school": 9, "secondary_school": 5, "preschool": 5, "university": 0.3, "special_school": 0.2,
    "enterprise": 22, "public_institution": 6, "government_agency": 5,       # employers
    "general_hospital": 0.5, "psychiatric_hospital": 0.05, "township_health_center": 1,
    "community_health_center": 1, "village_clinic": 3, "maternal_child_center": 0.1,
    "elderly_center": 2, "womens_home": 1.5, "childrens_home": 1.5, "disability_rehab_center": 0.3,
    "town": 0.3, "street": 0.2, "judicial_office": 0.3, "hotline": 0.01, "crisis_team": 0.05,
}

FALLBACK_PACK = """pack:
  id: bench
  title: 芜湖市全国社会心理服务体系建设试点实施方案
  issuer: [芜湖市卫生健康委员会]
  seed: 001_9f4ddc7c3b9145b8.txt
  region:
    name: 芜湖市
    level_zh: 市
    levels: [county, town, village]
    level_names_zh: [县区, 乡镇街道, 村社区]
    units: [镜湖区, 弋江区, 鸠江区, 三山区, 芜湖县, 繁昌县, 南陵县, 无为县]
rules:
  - id: bench.village
    title: {zh: 村（社区）心理咨询室或社会工作室建成率, en: village rooms}
    source: {clause: 二、工作目标 1, quote: "以村（社区）为单位，心理咨询室或社会工作室建成率达 80%以上。"}
    strength: binding
    scope: {kinds: [village, community]}
    measure: share
    condition: has_counseling_room or has_social_work_room
    target: ">= 80%"
    at: county
  - id: bench.school
    title: {zh: 中小学心理辅导室, en: school guidance rooms}
    source: {clause: 二、工作目标 2, quote: "中小学设立心理辅导室达 80%"}
    strength: binding
    scope: {kinds: [primary_school, secondary_school]}
    measure: share
    condition: has_guidance_room
    target: ">= 80%"
  - id: bench.uni
    title: {zh: 高校心理专业教师师生比, en: university teachers 1:4000}
    source: {clause: "三、(二) 2.(1)", quote: "按照师生比不少于1:4000配备心理专业教师"}
    strength: binding
    scope: {kinds: [university]}
    measure: each
    condition: psych_teachers * 4000 >= students
  - id: bench.employer
    title: {zh: 百人以上单位心理辅导室, en: employers of 100+}
    source: {clause: "三、(二) 4.(1)", quote: "设立心理辅导室，建立心理健康服务团队"}
    strength: binding
    scope: {kinds: [government_agency, enterprise, public_institution], where: staff >= 100}
    measure: share
    condition: has_guidance_room and has_psych_service_team
    target: ">= 30%"
  - id: bench.hotline
    title: {zh: 市级24小时心理热线, en: hotlines}
    source: {clause: "三、(二) 6.(1)", quote: "建立 1-2 条市级 24 小时心理热线"}
    strength: binding
    scope: {kinds: [hotline], where: is_24h}
    measure: count
    target: between 1 and 2
"""


# ==================================================================================================
# pack and data
# ==================================================================================================
def load_bench_pack(path: str | None):
    """(pack, description): the requested pack, else rules/wuhu if it loads, else the built-in pack."""
    from compliance import load_pack

    candidates = [Path(path)] if path else [REPO / "rules" / "wuhu"]
    for p in candidates:
        try:
            pack = load_pack(p, check_quotes=False)
            return pack, f"{p} ({len(pack.rules)} rules)"
        except Exception as exc:  # noqa: BLE001 - fall back to the built-in pack, and say why
            reason = str(exc).splitlines()[0][:200]
            print(f"note: pack {p} does not load ({reason}); using the built-in pack", file=sys.stderr)
    folder = Path(tempfile.mkdtemp(prefix="bench-pack-")) / "bench"
    folder.mkdir()
    (folder / "pack.yaml").write_text(FALLBACK_PACK, encoding="utf-8")
    pack = load_pack(folder, check_quotes=False)
    return pack, f"built-in pack ({len(pack.rules)} rules, written to {folder})"


def generate(pack, n: int, path: Path, seed: int = 7) -> None:
    """Write a census CSV of ``n`` units: Chinese headers, kinds by KIND_WEIGHTS, every attribute the pack
    reads, filled for the kinds whose rules read it (3% of those cells left empty)."""
    import polars as pl

    from compliance.dictionary import load_dictionary

    d = load_dictionary()
    region = pack.region
    attr_kinds: dict[str, set[str]] = {}
    for r in pack.rules:
        for a in r.attributes:
            attr_kinds.setdefault(a, set()).update(r.kinds)
    weights = {k: w for k, w in KIND_WEIGHTS.items() if k in d.kinds}
    for k in {k for ks in attr_kinds.values() for k in ks} - set(weights):   # kinds the pack needs
        weights[k] = 0.05
    kinds = list(weights)
    total = sum(weights.values())
    bounds, acc = [], 0.0
    for k in kinds:
        acc += weights[k] / total
        bounds.append(acc)

    idx = pl.int_range(0, n, dtype=pl.UInt64)

    def rnd(salt: int, modulo: int) -> pl.Expr:
        return (idx.hash(seed * 1_000_003 + salt) % modulo).cast(pl.Int64)

    u = rnd(1, 1_000_000).cast(pl.Float64) / 1_000_000
    kind_key = pl.lit(kinds[-1])
    for k, b in reversed(list(zip(kinds, bounds))):
        kind_key = pl.when(u < b).then(pl.lit(k)).otherwise(kind_key)
    units = list(region.units)
    county = pl.lit(pl.Series(units)).get(rnd(2, len(units)))

    frame = pl.select(idx.alias("_i")).with_columns(kind_key.alias("_kind"), county.alias("_county"))
    zh_of = {k: d.kinds[k].zh for k in kinds}
    cols = [
        pl.format("U{}", pl.col("_i")).alias(d.columns["id"].zh),
        pl.format("单位{}", pl.col("_i")).alias(d.columns["name"].zh),
        pl.col("_kind").replace_strict(zh_of, return_dtype=pl.String).alias(d.columns["kind"].zh),
        pl.col("_county").alias(region.level_names_zh[0]),
    ]
    prev = pl.col("_county")
    for level, zh, salt in zip(region.levels[1:], region.level_names_zh[1:], (3, 4)):
        prev = pl.format("{}{}{}", prev, rnd(salt, 15 if level == "town" else 20) + 1,
                         pl.lit("镇" if level == "town" else "村"))
        cols.append(prev.alias(zh))
    for j, (a, ks) in enumerate(attr_kinds.items()):
        e = d.attributes[a]
        relevant = pl.col("_kind").is_in(sorted(ks)) & (rnd(100 + j, 100) >= 3)
        if e.type == "bool":
            value = pl.when(rnd(200 + j, 100) < 78).then(pl.lit("是")).otherwise(pl.lit("否"))
        elif e.type == "count":
            big = rnd(300 + j, 30_000) if a == "students" else rnd(300 + j, 400)
            value = (pl.when(pl.lit(a) == "psych_teachers").then(rnd(300 + j, 8)).otherwise(big)).cast(pl.String)
        elif e.type in ("rate", "number"):
            value = pl.format("{}%", rnd(400 + j, 101))
        else:
            value = pl.format("备注{}", rnd(500 + j, 50))
        cols.append(pl.when(relevant).then(value).otherwise(None).alias(e.zh))
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.select(cols).write_csv(path)


# ==================================================================================================
# timing and memory
# ==================================================================================================
def run_read(path: Path):
    import polars as pl

    return pl.read_csv(path)


def run_read_strings(path: Path):
    import polars as pl

    return pl.read_csv(path, infer_schema=False)


def run_load_check(pack, path: Path):
    from compliance import check, load_census

    census = load_census(pack, path)
    report = check(pack, census, year=2021)
    return census, report


def arrow_bytes(frame) -> int:
    """Bytes of the table written as uncompressed Arrow IPC: every buffer, including the string data
    that ``estimated_size`` does not count for view columns."""
    import io

    buf = io.BytesIO()
    frame.write_ipc(buf, compression="uncompressed")
    return buf.getbuffer().nbytes


def timed(fn, repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


_LAUNCHER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")


def peak_rss_kib(mode: str, path: Path, pack_arg: str | None) -> int:
    """Peak RSS (KiB) of a fresh worker doing ``mode``: a launcher process spawns it and reports
    getrusage(RUSAGE_CHILDREN).ru_maxrss, so each figure belongs to that worker alone."""
    worker = [sys.executable, str(Path(__file__).resolve()), "--_worker", mode, "--data", str(path)]
    if pack_arg:
        worker += ["--pack", pack_arg]
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, *worker], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def worker(mode: str, path: Path, pack_arg: str | None) -> None:
    import polars as pl  # noqa: F401 - imported in every mode so that the baseline includes it

    import compliance  # noqa: F401

    info: dict[str, float] = {}
    if mode == "read":
        info["estimated_size"] = run_read(path).estimated_size()
    elif mode == "load_check":
        pack, _ = load_bench_pack(pack_arg)
        census, _report = run_load_check(pack, path)
        info["estimated_size"] = census.units.estimated_size()
    print(json.dumps(info), file=sys.stderr)


def mib(n: float) -> str:
    return f"{n / 2**20:,.1f} MiB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=1_000_000, help="number of units rows (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=3, help="timing repeats (median is reported; default 3)")
    ap.add_argument("--pack", default=None, help="pack folder (default rules/wuhu, else a built-in pack)")
    ap.add_argument("--regenerate", action="store_true", help="rewrite the CSV even if it exists")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory subprocesses")
    ap.add_argument("--_worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._worker:
        worker(args._worker, Path(args.data), args.pack)
        return

    import polars as pl

    pack, described = load_bench_pack(args.pack)
    print(f"pack: {described}")
    path = DATA / f"units_{pack.id}_{args.units}.csv"
    if args.regenerate or not path.exists():
        t0 = time.perf_counter()
        generate(pack, args.units, path)
        print(f"generated {path.relative_to(REPO)} in {time.perf_counter() - t0:.1f}s")
    size = path.stat().st_size
    print(f"data: {path.relative_to(REPO)}  {args.units:,} units, {mib(size)} on disk")
    print(f"polars {pl.__version__}, {os.cpu_count()} CPUs, repeat {args.repeat}")

    read_med, read_all = timed(lambda: run_read(path), args.repeat)
    raw_med, raw_all = timed(lambda: run_read_strings(path), args.repeat)
    result: dict = {}

    def load_check() -> None:
        result["census"], result["report"] = run_load_check(pack, path)

    lc_med, lc_all = timed(load_check, args.repeat)
    load_med, load_all = timed(lambda: __import__("compliance").load_census(pack, path), args.repeat)
    census = result["census"]
    check_med, check_all = timed(lambda: __import__("compliance").check(pack, census, year=2021), args.repeat)
    summary = result["report"].summary
    evidence_rows = sum(f.evidence.rows for f in result["report"].findings if f.evidence)

    def render_json() -> None:      # a fresh report each time: rendering materialises its evidence
        __import__("compliance").check(pack, census, year=2021).to_json()

    json_med, json_all = timed(render_json, args.repeat)
    fmt = ", ".join
    print()
    print("time (median of runs)")
    print(f"  polars.read_csv (bare read)        {read_med:8.3f}s   [{fmt(f'{t:.3f}' for t in read_all)}]")
    print(f"  polars.read_csv(infer_schema=False) {raw_med:7.3f}s   [{fmt(f'{t:.3f}' for t in raw_all)}]")
    print(f"  load_census + check                {lc_med:8.3f}s   [{fmt(f'{t:.3f}' for t in lc_all)}]")
    print(f"    load_census alone                {load_med:8.3f}s   [{fmt(f'{t:.3f}' for t in load_all)}]")
    print(f"    check alone ({len(pack.rules)} rules)          {check_med:8.3f}s   [{fmt(f'{t:.3f}' for t in check_all)}]")
    print(f"  ratio load+check / bare read       {lc_med / read_med:8.2f}x   (target ≤ 3x)")
    print(f"  not in the target: check + JSON report with all {evidence_rows:,} evidence rows "
          f"{json_med:.3f}s   [{fmt(f'{t:.3f}' for t in json_all)}]")
    print(f"  verdicts: {summary.by_verdict}")

    if args.no_memory:
        return
    runs = max(1, min(args.repeat, 5))      # each figure: the median over fresh processes

    def peak(mode: str) -> tuple[float, list[float]]:
        figures = [peak_rss_kib(mode, path, args.pack) * 1024 for _ in range(runs)]
        return statistics.median(figures), figures

    base, _ = peak("baseline")
    read_peak, _ = peak("read")
    lc_peak, lc_peaks = peak("load_check")
    read_size = run_read(path).estimated_size()
    table = census.units.estimated_size()
    arrow = arrow_bytes(census.units)
    print()
    print(f"peak memory (RSS of a fresh process, via getrusage(RUSAGE_CHILDREN).ru_maxrss; median of {runs})")
    print(f"  interpreter + imports (baseline)   {mib(base):>14}")
    print(f"  bare read                          {mib(read_peak):>14}   (net {mib(read_peak - base)})")
    print(f"  load_census + check                {mib(lc_peak):>14}   (net {mib(lc_peak - base)})   "
          f"[{fmt(f'{p / 2**20:.1f}' for p in lc_peaks)}]")
    print(f"  bare-read DataFrame estimated_size {mib(read_size):>14}")
    print(f"  loaded units table estimated_size  {mib(table):>14}")
    print(f"  loaded units table as Arrow IPC    {mib(arrow):>14}   (every buffer, string data included)")
    print(f"  ratio peak load+check / peak bare read       {lc_peak / read_peak:6.2f}x")
    print(f"  ratio peak load+check / loaded table         {lc_peak / table:6.2f}x   (target ≤ 3x)")
    print(f"  ratio net  load+check / loaded table         {(lc_peak - base) / table:6.2f}x   (net of the baseline)")
    print(f"  ratio peak load+check / table as Arrow IPC   {lc_peak / arrow:6.2f}x")


if __name__ == "__main__":
    main()
