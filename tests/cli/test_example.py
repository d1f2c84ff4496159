"""The example register is what its script writes, and the generators are deterministic."""

import importlib.util
from pathlib import Path

from bench.register_gen import HEADER, generate

ROOT = Path(__file__).resolve().parents[2]


def test_make_example_reproduces_the_committed_file():
    spec = importlib.util.spec_from_file_location("make_example", ROOT / "examples" / "make_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == (ROOT / "examples" / "kunder.csv").read_bytes()


def test_register_generator_is_seeded():
    header, rows = generate(200, seed=5)
    assert header == HEADER and len(rows) == 200 and all(len(row) == len(HEADER) for row in rows)
    assert generate(200, seed=5) == (header, rows)
    assert generate(200, seed=6)[1] != rows
