"""A 1,000,000-entry NIX list matched against a 100,000-row register: time and memory (issue 17).

Writes a NIX reseller's answer file (one number a line, no header, in the mixed ways resellers and Excel
write them) and a register (bench/register_gen.py, Swedish numbers; every 20th row's number put on the
list, some of those written without their leading 0), then measures, each in its own process so the peak
memory is that step's alone:

1. ``rensa clean REGISTER --suppress nix=LIST@DATE --dry-run --no-dedupe -q``, the whole CLI run, against
   the same run without ``--suppress``: wall time and peak RSS (``resource.getrusage`` of the child);
2. the pieces in one process: reading and hashing the list (``core.contact.hashed_list``), and
   ``core.clean`` of the register with the list (``tracemalloc`` peaks);
3. with ``--store``: the API's storage, 1M hashes into SQLite (``SuppressionStore.add``) and the lookup of a
   100,000-row register's values (``lists_matching``), as a /v1/clean does it in 20,000-row calls.

    python bench/suppression_bench.py                  # 1M list x 100k rows
    python bench/suppression_bench.py --list 100000 --rows 10000 --store
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def write_files(folder: Path, list_size: int, rows: int, seed: int = 17) -> tuple[Path, Path, int]:
    from register_gen import HEADER, generate

    rng = random.Random(seed)
    header, register = generate(rows, seed=seed, mess=0.1)
    phone_at = header.index("Telefon")
    listed: list[str] = []
    for number, row in enumerate(register):
        row[phone_at] = f"07{rng.choice('0236')}-{rng.randrange(10**7):07d}"
        if number % 20 == 0:
            listed.append(row[phone_at])
            if number % 60 == 0:
                row[phone_at] = row[phone_at].replace("-", "")[1:]  # Excel dropped the 0
    forms = (lambda d: "46" + d[1:], lambda d: d, lambda d: "+46 " + d[1:3] + " " + d[3:], lambda d: "0046" + d[1:])
    list_path, register_path = folder / "nix.txt", folder / "register.csv"
    with list_path.open("w", encoding="utf-8", newline="\r\n") as out:
        written = 0
        for value in listed:
            out.write(rng.choice(forms)(value.replace("-", "")) + "\n")
            written += 1
        while written < list_size:  # the rest: Stockholm numbers, which the register's mobiles never are
            out.write(rng.choice(forms)(f"08{rng.randrange(10**8):08d}") + "\n")
            written += 1
    with register_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(register)
    return list_path, register_path, len(listed)


def child_run(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of a child process. On a shared machine
    the CPU seconds say more than the wall time, which the load stretches."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024


def pieces(list_path: Path, register_path: Path) -> dict:
    """Hashing the list and cleaning with it, in this process (run as a child: its own peak)."""
    import tracemalloc

    from cli.io import read_table
    from core import clean
    from core.contact import SuppressionList
    from core.contact.lists import hashed_list
    from functions.suppression.upload import decode, iter_list_rows

    today = dt.date.today()
    key = os.urandom(32)
    tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    hashes, stats = hashed_list(iter_list_rows(decode(list_path.read_bytes())), kind="nix", key=key, today=today)
    hashing, hashing_cpu = time.perf_counter() - start, time.process_time() - cpu
    _, hash_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    header, rows, _ = read_table(register_path)
    lst = SuppressionList("nix", today, hashes)
    config = {"today": today, "dedupe": False}
    cpu = time.process_time()
    plain = clean((header, rows), config)
    plain_cpu = time.process_time() - cpu
    cpu = time.process_time()
    matched = clean((header, rows), {**config, "suppression_lists": (lst,), "suppression_key": key})
    with_list_cpu = time.process_time() - cpu
    return {"list_values": len(hashes), "list_rows": stats.rows, "hash_seconds": round(hashing, 2),
            "hash_cpu_seconds": round(hashing_cpu, 2),
            "hash_peak_mb": round(hash_peak / 2**20, 1), "compact_mb": round(len(hashes) * 8 / 2**20, 1),
            "clean_cpu_seconds": round(plain_cpu, 2), "clean_with_list_cpu_seconds": round(with_list_cpu, 2),
            "matches": matched.contact["suppression"][0]["matches"], "plain_contact": plain.contact is None}


def store(list_path: Path, register_path: Path, folder: Path) -> dict:
    from sqlalchemy import create_engine

    from cli.io import read_table
    from core.clean import contact_values
    from core.contact import list_values
    from functions.adapters.db import migrate
    from functions.suppression.store import SuppressionStore
    from functions.suppression.upload import decode, iter_list_rows

    engine = create_engine(f"sqlite:///{folder / 'bench.db'}")
    migrate(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO accounts (id, created_at) VALUES ('acc_bench', CURRENT_TIMESTAMP)")
    today = dt.date.today()
    values = list_values(iter_list_rows(decode(list_path.read_bytes())), kind="nix", today=today).values
    lists = SuppressionStore(engine, base_key=b"bench-key")
    start, cpu = time.perf_counter(), time.process_time()
    lists.add("acc_bench", kind="nix", name="nix.txt", list_date=today, valid_until=None, values=values)
    add_s, add_cpu = time.perf_counter() - start, time.process_time() - cpu
    header, rows, _ = read_table(register_path)
    start, cpu = time.perf_counter(), time.process_time()
    found = 0
    for first in range(0, len(rows), 20_000):  # the API's 20,000 rows a call
        chunk = rows[first:first + 20_000]
        typed = contact_values((header, chunk), {"today": today})
        found += len(lists.lists_matching("acc_bench", typed)[0].hashes)
    lookup_s, lookup_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"store_add_seconds": round(add_s, 1), "store_add_cpu_seconds": round(add_cpu, 1),
            "store_lookup_seconds": round(lookup_s, 2), "store_lookup_cpu_seconds": round(lookup_cpu, 2),
            "store_hashes_found": found, "db_mb": round((folder / "bench.db").stat().st_size / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--store", action="store_true", help="also the API's storage (SQLite)")
    parser.add_argument("--piece", nargs=3, metavar=("WHAT", "LIST", "REGISTER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.piece:
        what, list_path, register_path = args.piece
        if what == "pieces":
            print(json.dumps(pieces(Path(list_path), Path(register_path))))
        else:
            print(json.dumps(store(Path(list_path), Path(register_path), Path(list_path).parent)))
        return
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        list_path, register_path, listed = write_files(folder, args.list, args.rows)
        rensa = [sys.executable, "-m", "cli.main", "clean", str(register_path), "--dry-run", "--no-dedupe", "-q"]
        base_s, base_cpu, base_mb = child_run(rensa)
        date = dt.date.today().isoformat()
        with_s, with_cpu, with_mb = child_run([*rensa, "--suppress", f"nix={list_path}@{date}"])
        out = subprocess.run([sys.executable, __file__, "--piece", "pieces", str(list_path), str(register_path)],
                             check=True, capture_output=True, text=True, cwd=ROOT)
        result = {"list_entries": args.list, "register_rows": args.rows, "register_numbers_on_list": listed,
                  "cli_seconds_without_list": round(base_s, 1), "cli_cpu_seconds_without_list": round(base_cpu, 1),
                  "cli_peak_mb_without_list": round(base_mb),
                  "cli_seconds_with_list": round(with_s, 1), "cli_cpu_seconds_with_list": round(with_cpu, 1),
                  "cli_peak_mb_with_list": round(with_mb),
                  **json.loads(out.stdout)}
        if args.store:
            out = subprocess.run([sys.executable, __file__, "--piece", "store", str(list_path), str(register_path)],
                                 check=True, capture_output=True, text=True, cwd=ROOT)
            result.update(json.loads(out.stdout))
    result["load_before"] = [round(x, 1) for x in load]
    result["load_after"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
