"""The cost of speaking a language: core.clean on the same register in English and in sv/nb/da/fi.

    .venv/bin/python bench/bench_language.py [--rows 100000] [--repeat 3]

Each language is timed ``--repeat`` times, each run in a fresh process (best run kept, dedupe off so the
field work dominates); the figure is the ratio to English. Issue messages are translated once per distinct value
(the column caches keep the result), so the target is under 5 %. Quote the machine's load with it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _compare(args) -> None:
    """Each language in a fresh process, interleaved: one long process slows down run after run (its heap
    grows), which would be charged to whichever language runs last."""
    import subprocess

    order = ["en", "sv", "nb", "da", "fi"]
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for language in order:
            out = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--one", language],
                                 capture_output=True, text=True, check=True).stdout
            best[language] = min(best.get(language, 1e9), float(out.split()[-1]))
    print(f"{args.rows} rows, dedupe off, best of {args.repeat} fresh processes each; "
          f"load average {os.getloadavg()[0]:.1f}")
    for language in order:
        print(f"  {language}: {best[language]:.2f} s  ({100 * (best[language] / best['en'] - 1):+.1f} % vs en)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # time one language in this process
    args = parser.parse_args()
    if not args.one:
        return _compare(args)
    from bench.register_gen import generate
    from core import CleanConfig, clean

    header, rows = generate(args.rows)
    clean((header, rows[:2000]), CleanConfig(dedupe=False, language=args.one))  # catalogues loaded, caches warm
    start = time.perf_counter()
    clean((header, rows), CleanConfig(dedupe=False, today="2026-11-22", language=args.one))
    print(f"{args.one} {time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
