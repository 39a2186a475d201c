"""Throughput of the live checker: records per second and latency per record (median, p95).

    .venv/bin/python benchmarks/live.py                       # rules/wuhu, 2,000 records, durable-rules
    .venv/bin/python benchmarks/live.py --pack sishui --records 500 --engine polars
    .venv/bin/python benchmarks/live.py --report-every 100   # also time region-level reports
    .venv/bin/python benchmarks/live.py --batch 100          # also check_many, 100 records a call

Records are generated with ``compliance.testing.units_for`` from a fixed seed (every kind and attribute
the pack's rules read, some cells empty) and fed one at a time to ``LiveChecker.check``; each call is
timed on its own (reading the record with the census reader, running its conditions, building the
findings, keeping the unit). Prints figures only; asserts nothing. Timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _records(pack, n: int, seed: int) -> list[dict]:
    """``n`` records from a fixed seed: each shaped for a unit rule of the pack (a kind in its scope,
    the attributes the pack reads, about 5% of cells empty), spelled as a census spells them."""
    from compliance.dictionary import load_dictionary

    d = load_dictionary()
    rng = random.Random(seed)
    rules = [r for r in pack.rules if r.measure in ("each", "share", "count") and r.kinds]
    region = pack.region
    rows = []
    for i in range(1, n + 1):
        rule = rng.choice(rules)
        kind = rng.choice(rule.kinds)
        row = {"单位编码": f"L{i:06d}", "单位名称": f"单位{i}", "单位类别": d.kinds[kind].zh,
               region.level_names_zh[0]: rng.choice(region.units)}
        for key in rule.attributes:
            vtype = d.attributes[key].type
            if rng.random() < 0.05:
                continue
            if vtype == "bool":
                row[d.attributes[key].zh] = rng.choice(["是", "是", "否", "有", "无"])
            elif vtype == "count":
                row[d.attributes[key].zh] = str(rng.choice([rng.randint(0, 12), rng.randint(0, 20000)]))
            else:
                row[d.attributes[key].zh] = rng.choice(["80%", "0.75", "900‰"])
        rows.append(row)
    return rows


def _without_precedence(name: str):
    """A pack failing only E152/E153 (a conflict without its operative rule: its audit is pending) is
    timed on a temporary copy with every conflict `operative: both` (no unit condition changes)."""
    import shutil
    import tempfile

    import yaml

    from compliance import load_pack
    from compliance.registry import resolve_pack

    folder = resolve_pack(name)
    copy = Path(tempfile.mkdtemp()) / folder.name
    shutil.copytree(folder, copy)
    for f in copy.glob("*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            for c in rule.get("conflicts") or []:
                c.update(operative="both", reason_zh=c.get("reason_zh") or "-", reason_en=c.get("reason_en") or "-")
        f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"note: {name} fails E152/E153 (conflict precedence); timed on a copy with every conflict "
          "`operative: both`")
    return load_pack(copy, check_quotes=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", default="wuhu", help="a pack name or folder (default wuhu)")
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--engine", choices=["durable", "polars"], default="durable")
    ap.add_argument("--report-every", type=int, default=0, help="time a region-level report every N records")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--batch", type=int, default=0, help="also time check_many in batches of N records")
    args = ap.parse_args()

    import warnings

    warnings.filterwarnings("ignore")
    from compliance import PackError, load_pack
    from compliance.live import LiveChecker

    try:
        pack = load_pack(args.pack)
    except PackError as exc:
        if not {p.code for p in exc.problems} <= {"E152", "E153"}:
            sys.exit(f"pack {args.pack} does not load:\n{exc.render(5)}")
        pack = _without_precedence(args.pack)
    rows = _records(pack, args.records, args.seed)
    t0 = time.perf_counter()
    live = LiveChecker(pack, year=2021, engine=args.engine)
    built = time.perf_counter() - t0
    latencies = []
    reports = []
    findings = 0
    start = time.perf_counter()
    for i, row in enumerate(rows, 1):
        t = time.perf_counter()
        result = live.check(row)
        latencies.append(time.perf_counter() - t)
        findings += len(result.findings)
        if args.report_every and i % args.report_every == 0:
            t = time.perf_counter()
            live.report()
            reports.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    lat = sorted(latencies)
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    unit_rules = sum(r.measure in ("each", "share", "count") for r in pack.rules)
    print(f"pack {pack.id}: {unit_rules} unit rules; engine {args.engine}; fallbacks {len(live.fallbacks)}")
    print(f"checker built in {built * 1000:.0f} ms")
    print(f"{len(rows)} records in {total:.2f} s: {len(rows) / total:,.0f} records/s "
          f"({findings / len(rows):.1f} unit findings per record; {len(live)} kept)")
    print(f"latency per record: median {statistics.median(lat) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, "
          f"max {lat[-1] * 1000:.2f} ms")
    if args.batch:
        many = LiveChecker(pack, year=2021, engine=args.engine)
        per_batch = []
        start = time.perf_counter()
        for i in range(0, len(rows), args.batch):
            t = time.perf_counter()
            many.check_many(rows[i:i + args.batch])
            per_batch.append(time.perf_counter() - t)
        total = time.perf_counter() - start
        print(f"check_many in batches of {args.batch}: {len(rows) / total:,.0f} records/s; per batch median "
              f"{statistics.median(per_batch) * 1000:.1f} ms")
    if reports:
        print(f"region-level report every {args.report_every} records: median {statistics.median(reports) * 1000:.0f} ms, "
              f"last ({len(live)} units) {reports[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
