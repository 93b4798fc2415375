# `make` sets up .venv on first run and builds every default output into dist/;
# `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build test bench clean syscheck schema

all: build

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "studyguide needs Python 3.11 or newer")'
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "Python's venv module is missing: install it with 'apt-get install python3-venv'" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

syscheck: $(STAMP)
	@$(BIN)/python -m studyguide.typeset.system

build: $(STAMP) syscheck
	$(BIN)/studyguide build

test: $(STAMP) syscheck
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

# Regenerate schema/ after changing models.py (a test fails until it is current).
schema: $(STAMP)
	$(BIN)/studyguide schema

bench: $(STAMP) syscheck
	$(BIN)/python bench/run.py

clean:
	rm -rf dist .studyguide-cache
