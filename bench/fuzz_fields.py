"""The field-module fuzz properties of tests/core/fields/test_fuzz.py, run long: 100,000+ cells per module.

    python bench/fuzz_fields.py              # 440 examples of 100-200 cells per property and module: 100k+ cells per module
    python bench/fuzz_fields.py 200          # a quick look
    python bench/fuzz_fields.py 440 phone    # one module (or several)

Each module gets generated cells of two kinds (any Unicode text; word/digit/punctuation mixes) under
random contexts, exactly as in the suite, with Hypothesis' fixed seed. A crash stops the run with the
failing cell; otherwise it prints the cells each module survived (every cell also went through core.clean,
where a module crash would show as *.unchecked, which this run turns into a failure as the suite does).
"""

from __future__ import annotations

import importlib
import os
import sys
import time

examples = int(sys.argv[1]) if len(sys.argv) > 1 else 440
only = set(sys.argv[2:])  # module names (phone, name, ...): run just these
os.environ["RENSA_FUZZ_EXAMPLES"] = str(examples)
os.environ["RENSA_FUZZ_CELLS"] = "200"  # 100 to 200 cells per example
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hypothesis import settings  # noqa: E402

settings.register_profile("fuzz-bench", derandomize=True, deadline=None)
settings.load_profile("fuzz-bench")

from core.fields import FIELDS, cell  # noqa: E402
from tests.conftest import _crash_is_a_failure  # noqa: E402
from tests.core.fields import test_fuzz  # noqa: E402

importlib.import_module("core.clean").unchecked = _crash_is_a_failure


def main() -> int:
    """Per module (name serves four roles, national_id two, ...): its roles share the examples."""
    started = time.perf_counter()
    by_module: dict[str, list[str]] = {}
    for name in sorted(test_fuzz.MODULES):
        module = cell if name == "cell" else FIELDS[name].module
        by_module.setdefault(module.__name__.rsplit(".", 1)[1], []).append(name)
    seen = {}
    for module, roles in sorted(by_module.items()):
        if only and module not in only:
            continue
        begun = time.perf_counter()
        share = -(-examples // len(roles))
        for name in roles:
            for _kind, cells in sorted(test_fuzz.CELLS.items()):
                test_fuzz._property(name, cells, share)()
        seen[module] = sum(test_fuzz.CELLS_SEEN[name] for name in roles)
        print(f"{module:12} {seen[module]:>9,} cells without a crash, as {', '.join(roles)} "
              f"({time.perf_counter() - begun:.0f} s)", flush=True)
    print(f"fewest cells in one module: {min(seen.values()):,}; {time.perf_counter() - started:.0f} s in all; "
          f"load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
