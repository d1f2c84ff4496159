"""Benchmark ``core.clean`` on synthetic Nordic registers: rows per second and peak memory.

Each size runs in its own subprocess so that its peak resident memory (``resource.getrusage`` maxrss,
which includes the generated register itself) is not mixed with another run's. The clock covers
``core.clean`` only; generating the register is timed apart.

    python bench/bench_clean.py --quick             # 100k rows, dedupe off and on (about a minute)
    python bench/bench_clean.py                     # 100k with and without dedupe, 1M without
    python bench/bench_clean.py --sizes 20000 --dedupe on

Targets (docs/engine.md): >= 20,000 rows/s with dedupe off, and <= 1 GB peak for 1M rows; each line says
whether its run met them, with the load average at the end of the run (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(rows: int, dedupe: bool, mess: float) -> dict:
    sys.path.insert(0, str(ROOT))
    from bench.register_gen import generate
    from core import CleanConfig, clean

    started = time.perf_counter()
    header, data = generate(rows, mess=mess)
    generated = time.perf_counter() - started
    config = CleanConfig(dedupe=dedupe, today="2026-11-22")  # ISO text is parsed into a date
    started = time.perf_counter()
    result = clean((header, data), config)
    seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "dedupe": dedupe,
        "generate_s": round(generated, 2),
        "clean_s": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "changes": len(result.changes),
        "issues": len(result.issues),
        "duplicate_clusters": len(result.duplicates),
        "score": [result.quality.before.score, result.quality.after.score],
    }


def breakdown(rows: int) -> None:
    """Microseconds per value of each column's field module, uncached, beside the whole clean per row."""
    sys.path.insert(0, str(ROOT))
    from bench.register_gen import generate
    from core import CleanConfig, clean
    from core.fields import FIELDS, FieldContext
    from core.roles import detect_roles

    header, data = generate(rows, seed=7)
    roles = detect_roles(header, data)
    total = 0.0
    print(f"field modules on {rows} generated rows (each value analysed, no cache):")
    for index, (name, role) in enumerate(zip(header, roles)):
        analyse = FIELDS[role].bind(FieldContext(country="SE"))
        values = [row[index] for row in data if row[index]]
        started = time.perf_counter()
        for value in values:
            analyse(value)
        seconds = time.perf_counter() - started
        total += seconds
        print(f"  {name:14} {role:12} {len(set(values)):>7} distinct {1e6 * seconds / len(values):7.1f} µs/value")
    started = time.perf_counter()
    clean((header, data), CleanConfig(dedupe=False))
    whole = time.perf_counter() - started
    print(f"  sum of modules {1e6 * total / rows:.1f} µs/row; core.clean (with its caches) {1e6 * whole / rows:.1f} µs/row")


def _targets(r: dict) -> str:
    """Which targets a run met: speed (dedupe off only) and memory (scaled to 1M rows: <= 1 GB)."""
    said = []
    if not r["dedupe"]:
        said.append(f"speed {'met' if r['rows_per_s'] >= 20_000 else 'NOT met'}")
        if r["rows"] >= 1_000_000:
            said.append(f"memory {'met' if r['peak_mb'] <= 1024 else 'NOT met'}")
    return ", ".join(said) or "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k rows only, dedupe off and on")
    parser.add_argument("--sizes", type=int, nargs="+", help="row counts (default: 100000 1000000)")
    parser.add_argument("--dedupe", choices=("on", "off", "both"), default=None,
                        help="default: both for sizes up to 100k, off above")
    parser.add_argument("--mess", type=float, default=0.3, help="share of damaged rows (default 0.3)")
    parser.add_argument("--breakdown", type=int, metavar="ROWS", help="time each field module on ROWS rows, then stop")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-dedupe", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, bool(args.child_dedupe), args.mess)))
        return
    if args.breakdown:
        breakdown(args.breakdown)
        return
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
          f"Python {sys.version.split()[0]}")
    print(f"{'rows':>9} {'dedupe':>6} {'clean s':>8} {'rows/s':>8} {'peak MB':>8} {'changes':>9} {'issues':>8} "
          f"{'clusters':>8}  score before -> after  load(1m)  targets")
    if args.quick:
        args.sizes, args.dedupe = [100_000], args.dedupe or "both"
    for rows in args.sizes or [100_000, 1_000_000]:
        modes = {"on": [True], "off": [False], "both": [False, True]}[args.dedupe or ("both" if rows <= 100_000 else "off")]
        for dedupe in modes:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(rows), "--child-dedupe", str(int(dedupe)),
                 "--mess", str(args.mess)],
                check=True, capture_output=True, text=True,
            ).stdout
            r = json.loads(out)
            print(f"{r['rows']:>9} {'on' if r['dedupe'] else 'off':>6} {r['clean_s']:>8} {r['rows_per_s']:>8} "
                  f"{r['peak_mb']:>8} {r['changes']:>9} {r['issues']:>8} {r['duplicate_clusters']:>8}  "
                  f"{r['score'][0]} -> {r['score'][1]}  {os.getloadavg()[0]:8.2f}  {_targets(r)}", flush=True)


if __name__ == "__main__":
    main()
