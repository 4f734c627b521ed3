# greenpen — quick start: `make demo`, then `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast lint train install system-deps llm-deps judge-model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

system-deps:
	bash scripts/install-system-deps.sh

# The optional local language model for the end-to-end LLM tests (compiles llama-cpp-python once).
llm-deps: install
	PYTHON=$(BIN)/python bash scripts/install-llm.sh

# The second reader of `greenpen grade --judge local` (Qwen2.5-Coder-1.5B, 1.07 GB); not needed by demo or test.
judge-model: install
	PYTHON=$(BIN)/python bash scripts/install-judge.sh

demo: install
	bash scripts/demo.sh

test: install system-deps llm-deps lint
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not models and not sandbox and not browser and not slow"

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/mypy

train: install
	$(BIN)/greenpen train --out src/greenpen/data/models/correctness-v1.json

clean:
	rm -rf $(VENV) demo-output greenpen-reports .pytest_cache .mypy_cache .ruff_cache
