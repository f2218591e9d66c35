# The two commands: `make run` brings everything up, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test install lint schema bench clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: $(BIN)/.installed
	@scripts/system-deps.sh

## Up: local Neo4j (unless NEO4J_URI is set), schema, bundled dataset, GraphQL API on :8000.
run: install
	$(BIN)/kg up

## Test: a throwaway local Neo4j and the whole pytest suite against it.
test: install
	@KG_WITH_TEST_DEPS=1 scripts/system-deps.sh
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

schema: install
	$(BIN)/kg schema export

bench: install
	$(BIN)/python bench/ingest.py && $(BIN)/python bench/api.py && $(BIN)/python bench/driver_interleaved.py \
		&& $(BIN)/python bench/subgraph.py

clean:
	rm -rf $(VENV) neo4j-local/target .pytest_cache .ruff_cache
