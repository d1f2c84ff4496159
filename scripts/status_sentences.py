"""Write docs/status-sentences.md: every sentence Rensa can write about a register, generated from core.

    python -m scripts.status_sentences          # rewrite the file
    python -m scripts.status_sentences --check  # exit 1 when the file is not what core says (CI)

Three parts: the status, note and count sentences of ``core/status.py`` (with their keys, where a person
reads them and an example), the sentences of ``core/contact/messages.py`` (who may be contacted), and the
problem messages the field modules write (``core/fields``), read from their source: every string that
reads as a sentence, with the parts filled at run time shown as ``{...}``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "status-sentences.md"
# Modules whose messages reach the status column and the cell notes as they are.
MESSAGE_MODULES = ("core/contact/messages.py", "core/clean.py", *sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "core" / "fields").glob("*.py") if p.name != "__init__.py"))


def _text(node: ast.AST) -> str | None:
    """A string constant or f-string as a template (``{expr}`` for the filled parts), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append("{" + ast.unparse(value.value) + "}")  # type: ignore[attr-defined]
        return "".join(parts)
    return None


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _reads_as_sentence(text: str) -> bool:
    words = text.split()
    return len(words) >= 4 and any(c.isalpha() for c in text) and text[:1].isupper() and "\n" not in text \
        and not text.startswith(("SELECT", "INSERT", "UPDATE"))


def module_sentences(path: str) -> list[str]:
    """The sentence-like strings of one module, in source order, each once."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # an f-string's pieces are read with it, not alone
            skip.update(id(value) for value in node.values)
            skip.update(id(sub) for value in node.values for sub in ast.walk(value) if sub is not value)
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, (ast.Constant, ast.JoinedStr)):
            continue
        text = _text(node)
        if text and _reads_as_sentence(text):
            found.append((node.lineno, node.col_offset, text))
    out: list[str] = []
    for _, _, text in sorted(found):
        if text not in out:
            out.append(text)
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def generate() -> str:
    from core.status import SENTENCES

    lines = [
        "# Every sentence Rensa writes about a register",
        "",
        ("Generated from `core` by `python -m scripts.status_sentences`; do not edit by hand "
         "(`tests/core/test_status_sentences.py` fails when this file and the code disagree, and when the CLI, "
         "the API or the add-on hold a copy of one of these sentences)."),
        "",
        "## Status column, notes and counts (`core/status.py`)",
        "",
        ("Filled with `core.status.say(key, **fields)`; the add-on fills the same templates from "
         "`GET /v1/vocabulary`."),
        "",
        "| key | sentence | where a person reads it | example |",
        "|---|---|---|---|",
    ]
    for key, sentence in SENTENCES.items():
        example = sentence.template.format(**sentence.example)
        lines.append(f"| `{key}` | {_cell(sentence.template)} | {_cell(sentence.shown)} | {_cell(example)} |")
    for path in MESSAGE_MODULES:
        found = module_sentences(path)
        if not found:
            continue
        lines += ["", f"## `{path}`", "", "| sentence |", "|---|"]
        lines += [f"| {_cell(text)} |" for text in found]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = generate()
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run python -m scripts.status_sentences", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
