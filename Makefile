# One-word tasks. The first run creates .venv and installs pinned dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Serving needs the runtime only; tests, lint and benchmarks add the test (and docs) extras.
RUNTIME := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed
DOCS := $(VENV)/.installed-docs

.PHONY: serve test docs fuzz lint bench soak install clean

# The venv's own pip will do (upgrading it costs seconds for nothing). Bytecode is
# compiled on every core rather than by pip on one, and ahead, so that a start never
# compiles (PYTHONDONTWRITEBYTECODE would have it compile on each one).
$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-compile -e .
	$(BIN)/python -m compileall -q -j0 $(VENV)/lib src >/dev/null
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(BIN)/pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

$(DOCS): $(RUNTIME)
	$(BIN)/pip install --quiet -e '.[docs]'
	touch $(DOCS)

install: $(STAMP)

serve: $(RUNTIME)
	$(BIN)/photobank serve --demo

# The suite twice: embedded (SQLite, tantivy, files), then distributed (PostgreSQL,
# Redis, S3 started per test process, see tests/deployment.py). Without those
# servers the second run says so in one line and passes; with CI=true it fails.
test: $(STAMP)
	$(BIN)/pytest -n 2 -q
	PHOTOBANK_TEST_DEPLOYMENT=distributed $(BIN)/pytest -n 2 -q

# The documentation site on http://127.0.0.1:8000, rebuilt as pages change.
docs: $(DOCS)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

# The schemathesis runs of tests/fuzz, with 20x the examples `make test` gives them.
fuzz: $(STAMP)
	PHOTOBANK_FUZZ_EXAMPLES=200 $(BIN)/pytest -q -p no:xdist tests/fuzz

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench.run

soak: $(STAMP)
	$(BIN)/python -m bench.soak --minutes 60

clean:
	rm -rf $(VENV) var
