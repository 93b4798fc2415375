# `make` sets up .venv on first run (and the system packages, when it may) and builds every
# default output into dist/; `make test` runs the linter and the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Checks the system packages and installs the missing ones (as root or with `sudo -n`);
# otherwise prints the one command to run and stops. The package list lives in this script.
SYSTEM := $(PYTHON) src/studyguide/typeset/system.py --install

.PHONY: all build test bench clean syscheck schema

all: build

$(STAMP): pyproject.toml
	@$(SYSTEM)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

syscheck:
	@$(SYSTEM)

build: syscheck $(STAMP)
	$(BIN)/studyguide build

test: $(STAMP)
	@$(SYSTEM) --tests
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

# Regenerate schema/ after changing models.py (a test fails until it is current).
schema: $(STAMP)
	$(BIN)/studyguide schema

bench: syscheck $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf dist .studyguide-cache
