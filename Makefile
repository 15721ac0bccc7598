# coproduce: two commands set everything up on a fresh clone.
#   make submit   builds the example submission (another: make submit RESPONSE=responses/<slug>)
#   make test     runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RESPONSE ?= responses/mental-health-act-review

.PHONY: submit draft check test lint bench clean browser fonts screenshots

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

submit: $(BIN)/coproduce fonts
	$(BIN)/coproduce build $(RESPONSE)

draft: $(BIN)/coproduce fonts
	$(BIN)/coproduce build --draft $(RESPONSE)

check: $(BIN)/coproduce
	$(BIN)/coproduce check

test: $(BIN)/coproduce browser fonts
	$(BIN)/python -m pytest

# The README's pictures of the workbench, taken by the journey test (tests/web/test_journey.py) at 1280 px:
# docs/workbench-next-steps.png, -contribution.png, -people.png (tests/web/test_screenshots.py checks them), and the
# preview's, docs/serve-preview.png, by tests/test_serve_browser.py.
screenshots: $(BIN)/coproduce browser
	COPRODUCE_SCREENSHOTS=$(CURDIR)/docs $(BIN)/python -m pytest -q tests/web/test_journey.py tests/test_serve_browser.py

# Tools the tests read outputs with, from Debian's packages: Chromium for the pages (Playwright is pointed
# at it: nothing downloads a browser), LibreOffice Calc to open the hours CSV as a spreadsheet would,
# LibreOffice Writer (its own command, lowriter: soffice may be there with only Calc) to carry a reviewed
# Word file through .docx and .odt (tests/test_review.py) and to open the Word file as it draws it, pandoc to
# read the Word file as another program does (tests/test_outputs_word.py); and axe-core from npm (tests/axe). Installed here when missing and possible; otherwise those tests
# skip and say why.
TEST_TOOLS := chromium:chromium soffice:libreoffice-calc lowriter:libreoffice-writer pandoc:pandoc
browser:
	@missing=""; for pair in $(TEST_TOOLS); do command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's$$missing for the tests that read outputs (a few minutes, once)..."; \
	    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing) >/dev/null 2>&1 || \
	    echo "Could not install$$missing: the tests that need them will be skipped."; \
	  else echo "Not installed:$$missing, and no way to install it here: the tests that need them will be skipped."; fi; \
	fi
	@# axe-core, pinned in tests/axe/package-lock.json, checks the HTML page for accessibility faults
	@test -f tests/axe/node_modules/axe-core/axe.min.js || \
	  { command -v npm >/dev/null 2>&1 && (cd tests/axe && npm ci --no-audit --no-fund --silent >/dev/null 2>&1) || \
	    echo "Could not install axe-core (npm ci in tests/axe): the accessibility tests will be skipped."; }

# Fonts that cover what people type here (Latin with Welsh, Greek, Cyrillic, Arabic, Hebrew, Devanagari,
# CJK) and an emoji font, from Debian's packages, installed by make submit, make draft and make test when
# missing and possible, as the test tools are. Measured on Debian 12 (bookworm): 78.6 MB to download
# (4 s from a nearby mirror; about a minute at 10 Mbit/s), 9.5 s to unpack, 2.4 s to cache, 142 MB on disk;
# once installed, this target only asks fontconfig (well under a second). Without them (not root, no apt)
# nothing fails: `coproduce check` names each character no installed font has (text.no-glyph) and a final
# PDF is refused rather than printed with empty boxes.
NOTO_FONTS := fonts-noto-core:Noto\ Sans fonts-noto-cjk:Noto\ Sans\ CJK\ SC fonts-noto-color-emoji:Noto\ Color\ Emoji
fonts:
	@missing=""; for pair in $(NOTO_FONTS); do \
	  command -v fc-list >/dev/null 2>&1 && fc-list ":family=$${pair#*:}" family | grep -q . || missing="$$missing $${pair%%:*}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's$$missing so the PDF can draw what people type (about 80 MB, once)..."; \
	    (DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing || \
	     (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing)) >/dev/null 2>&1 && \
	    fc-cache -f || echo "Could not install$$missing: coproduce check will name each character no font has."; \
	  else echo "Not installed:$$missing (ask an administrator:  sudo apt-get install$$missing); coproduce check names each character no font has."; fi; \
	fi

lint: $(BIN)/coproduce
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests
	@# no cache: a cached run passed here what a clean checkout (CI) failed
	$(BIN)/mypy --cache-dir=/dev/null pipeline

bench: $(BIN)/coproduce
	@# alex, pinned in tests/bench/alex/package-lock.json, for the check / alex ratio
	@test -x tests/bench/alex/node_modules/.bin/alex || \
	  { command -v npm >/dev/null 2>&1 && (cd tests/bench/alex && npm ci --no-audit --no-fund --silent >/dev/null 2>&1) || \
	    echo "Could not install alex (npm ci in tests/bench/alex): its ratio will be reported as not measured."; }
	@# Python's compiled files, as a person's second run has them (Python writes them on the first run, unless
	@# PYTHONDONTWRITEBYTECODE is set, as it is on some machines: then every command compiled the package again)
	$(BIN)/python -m compileall -q pipeline
	$(BIN)/python -m pytest tests/bench -o addopts="" -s -p no:cacheprovider

clean:
	rm -rf build
