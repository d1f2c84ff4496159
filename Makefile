# Rensa: every set-up step is here, so a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test lint-python test-python test-addon serve bench clean-env i18n i18n-check complexity

# Compiled catalogues (.mo) are built here, not committed; core.i18n reads a .po itself when its .mo is
# missing or older, so a fresh clone speaks every language even before this runs.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard core/i18n/locale/*/LC_MESSAGES/*.po))

setup: $(VENV)/.installed $(MO_FILES)

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel -q compile -i $< -o $@

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

# The main job on the embedded default: clean the bundled example register, no cloud account.
demo: setup
	mkdir -p out
	$(BIN)/rensa clean examples/kunder.csv --output out/kunder.cleaned.csv --report out/report.html --report out/report.json

# The whole test suite: Python (core, CLI, functions on SQLite and a real PostgreSQL) and the add-on
# (Node tests and the sidebar in headless Chromium).
test: setup
	bash scripts/install_system_deps.sh
	$(MAKE) lint-python test-python test-addon

# Python lint (ruff with the rule set in pyproject.toml [tool.ruff]: pyflakes, pycodestyle's errors, isort,
# pyupgrade, bugbear) and the type checker (mypy with the pydantic plugin over core, cli and functions, as
# pyproject.toml [tool.mypy] sets it); a new finding of either fails make test. `$(BIN)/ruff check --fix .`
# mends most lint findings; docs/typing.md says how to read and fix a mypy finding.
lint-python: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

test-python: setup
	$(BIN)/pytest -q

test-addon:
	@if [ -f package.json ]; then npm ci --no-audit --no-fund --loglevel=error && npm test; fi

# Serve the functions locally (functions-framework, SQLite) for the add-on and for curl.
serve: setup
	$(BIN)/functions-framework --target api --source functions/main.py --port 8080

# Quick benchmarks (a few minutes); README "Measured" lists the full ones.
bench: setup
	$(BIN)/python bench/bench_clean.py --quick
	$(BIN)/python bench/dedup_bench.py --sizes 100000
	$(BIN)/python bench/bench_api.py

# Messages (docs/i18n.md): extract every marked sentence into core/i18n/locale/templates/<domain>.pot,
# merge them into each language's .po, compile, and regenerate the add-on's addon/I18n.gs.
i18n: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py extract
	$(BIN)/python scripts/i18n.py update
	$(BIN)/python scripts/i18n.py addon
	$(BIN)/python scripts/i18n.py compile

# Fails naming every message that is missing, untranslated, fuzzy or out of date with the code.
i18n-check: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py check
	$(BIN)/pytest -q tests/core/i18n/test_leaks.py

# The functions radon ranks C or worse (cyclomatic complexity above 10), per file: where a reader needs the
# most attention. A review aid, not a gate.
complexity: setup
	$(BIN)/radon cc -s -n C core cli functions

clean-env:
	rm -rf $(VENV) node_modules
