# coproduce: two commands set everything up on a fresh clone.
#   make submit   builds the example submission (another: make submit RESPONSE=responses/<slug>)
#   make test     runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RESPONSE ?= responses/mental-health-act-review

.PHONY: submit draft check test lint bench clean

$(BIN)/coproduce: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "coproduce needs Python 3.11 or newer (set PYTHON=python3.11)"; exit 1; }
	@$(PYTHON) -c 'import ctypes.util, sys; sys.exit(not ctypes.util.find_library("pango-1.0"))' || { \
	  echo "WeasyPrint needs the Pango library to make PDFs. Install it, then run make again:"; \
	  echo "  Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu"; \
	  echo "  Fedora:        sudo dnf install pango"; \
	  echo "  macOS:         brew install pango"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

submit: $(BIN)/coproduce
	$(BIN)/coproduce build $(RESPONSE)

draft: $(BIN)/coproduce
	$(BIN)/coproduce build --draft $(RESPONSE)

check: $(BIN)/coproduce
	$(BIN)/coproduce check

test: $(BIN)/coproduce
	$(BIN)/python -m pytest

lint: $(BIN)/coproduce
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests
	$(BIN)/mypy pipeline

bench: $(BIN)/coproduce
	$(BIN)/python -m pytest tests/bench -o addopts="" -s -p no:cacheprovider

clean:
	rm -rf build
