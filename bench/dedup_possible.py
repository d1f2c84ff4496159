"""How many rows ``rensa dedupe`` reports as possible duplicates (and pairs of sure groups as possibly one customer),
and how many of them truly repeat a customer.

    python bench/dedup_possible.py --sizes 100000 --b2b 50000 --seed 12

A possible duplicate is a row no sure cluster holds whose pair with a row of a sure cluster is in the review band
(``core/dedup/possible.py``): it is checked by hand, never marked Delete. For each generated register (the Nordic
person register of ``dedup_gen`` and the B2B / held-out kinds ``dedup_bench`` knows) this runs the CLI as a user
would (``--report``) and counts the rows reported and those whose person (the generator's truth) is the person of
a row they are said to repeat; and the pairs of sure clusters reported as possibly one customer (``close_clusters``)
and those whose tying pair of rows is truly one person. The clusters themselves are scored by ``dedup_bench.py``;
this adds no cluster.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedup_bench import _REGISTERS, run_cli  # noqa: E402


def counted(report: Path, truth: dict[str, str], ids: list[str]) -> dict:
    """Rows reported, and those that truly repeat the person of a row they name; pairs of sure groups reported
    as possibly one customer, and those whose tying pair is truly one person."""
    said = json.loads(report.read_text(encoding="utf-8"))
    possible, close = said["possible_duplicates"], said.get("close_clusters", [])
    true = sum(1 for p in possible if truth[ids[p["row"] - 1]] in {truth[ids[r - 1]] for r in p["rows"]})
    linked = sum(1 for c in close if truth[ids[c["rows"][0] - 1]] == truth[ids[c["rows"][1] - 1]])
    return {"possible_rows": len(possible), "possible_true": true,
            "possible_precision": round(true / len(possible), 3) if possible else None,
            "close_pairs": len(close), "close_true": linked,
            "close_precision": round(linked / len(close), 3) if close else None}


def measure(kind: str, rows: int, seed: int, folder: Path) -> dict:
    if kind == "nordic":
        import dedup_gen as module
        country = "SE"
        table, truth_rows = module.generate(rows, seed)
    else:
        name, country = _REGISTERS[kind]
        module = __import__(name)
        table, truth_rows = module.generate(rows, seed)
    path = folder / f"possible_{kind}_{rows}_{seed}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([module.HEADER, *table])
    report = path.with_suffix(".report.json")
    _, wall, peak = run_cli(path, module.HEADER[0], ["--country", country, "--report", str(report)])
    ids = [row[0] for row in table]
    return {"register": f"{kind} {rows} (seed {seed})", **counted(report, dict(truth_rows), ids),
            "seconds": round(wall, 2), "peak_mb": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000], help="sizes of Nordic registers")
    for kind in _REGISTERS:
        parser.add_argument(f"--{kind}", type=int, nargs="*", default=[], help=f"sizes of {kind} registers")
    parser.add_argument("--seed", type=int, nargs="+", default=[11])
    parser.add_argument("--folder", default="/tmp/rensa-dedup-bench")
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"# load before: {os.getloadavg()}, cores: {os.cpu_count()}", flush=True)
    for kind, sizes in (("nordic", args.sizes), *((kind, getattr(args, kind)) for kind in _REGISTERS)):
        for size in sizes:
            for seed in args.seed:
                print(json.dumps(measure(kind, size, seed, folder)), flush=True)
    print(f"# load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
