# pulje — two commands do everything on a fresh machine:
#   make demo   set up, then validate and build the bundled example
#   make test   set up, then run the whole test suite
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := applications/albertslund-bedre-ressourceforloeb.yaml
STAMP := $(VENV)/.installed
# axe-core, the accessibility scan the browser tests inject into every page (from the npm
# registry; only the tests use it, pulje never serves it).
AXE_VERSION := 4.14.1
AXE_DIR := .cache/axe-core
AXE := $(AXE_DIR)/axe.min.js
AXE_STAMP := $(AXE_DIR)/.version-$(AXE_VERSION)

.PHONY: demo test setup system lint typecheck docs catalogs bench clean

demo: setup
	$(BIN)/pulje pools
	$(BIN)/pulje validate $(EXAMPLE)
	$(BIN)/pulje build $(EXAMPLE)
	@echo
	@echo "pulje er installeret i $(VENV)/. Gør kommandoen pulje kendt i terminalen med:"
	@echo "    source $(VENV)/bin/activate"
	@echo "og prøv så: pulje --help   (eller, uden at aktivere: $(VENV)/bin/pulje --help)"

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

setup: system $(STAMP) $(AXE_STAMP)

# LibreOffice (PDF and exact page counts), the metric-compatible fonts for Calibri/Arial and the
# Danish hyphenation patterns (the form hyphenates its narrow table cells); LibreOffice's UNO for
# Python (pulje web keeps one LibreOffice running for its page gauge); Debian's Chromium
# and fonts for the browser tests (driven by Playwright, never a browser Playwright downloads),
# npm to fetch axe-core, and PostgreSQL: the store tests run against SQLite and PostgreSQL, and
# start a throwaway cluster of their own (initdb + pg_ctl in a temporary folder, see
# tests/fixtures/pg_cluster.py; PULJE_TEST_POSTGRES_URL names a running server instead). The
# package's own cluster service is not needed and not started.
system:
	@if ! command -v soffice >/dev/null || ! fc-list 2>/dev/null | grep -qi carlito \
	   || ! command -v pdftoppm >/dev/null || ! [ -e /usr/share/hyphen/hyph_da_DK.dic ] \
	   || ! [ -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi dejavu \
	   || ! command -v npm >/dev/null || ! [ -e /usr/lib/python3/dist-packages/uno.py ] \
	   || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; \
	then \
	  echo "Installerer LibreOffice, Chromium, PostgreSQL, skrifttyper og dansk orddeling (apt-get)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libreoffice-writer-nogui libreoffice-calc-nogui fonts-crosextra-carlito \
	    fonts-liberation2 poppler-utils hyphen-da python3-uno chromium fonts-dejavu-core \
	    postgresql \
	    $$(command -v npm >/dev/null || echo npm) >/dev/null; \
	fi

$(AXE_STAMP):
	rm -rf $(AXE_DIR) && mkdir -p $(AXE_DIR)
	cd $(AXE_DIR) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
	  && tar -xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js package/LICENSE \
	  && mv package/axe.min.js package/LICENSE . && rmdir package \
	  && rm axe-core-$(AXE_VERSION).tgz
	touch $@

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# setuptools warns that the data folders (templates/, locale/ …) are not listed as packages:
	@# they are package data, read through importlib.resources (a test checks the wheel holds them).
	PYTHONWARNINGS=ignore::UserWarning $(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

lint: setup
	$(BIN)/ruff check .

typecheck: setup
	$(BIN)/mypy

docs: setup
	$(BIN)/python -m pulje.tools.docs

# The one message catalogue (babel's layout under pulje/locale/), with stock pybabel: collect the
# msgids of the code (babel.cfg), bring the Danish .po up to date, compile the .mo, and list
# any msgid still without a Danish translation.
catalogs: setup
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --omit-header --sort-output -w 100 \
	  -o pulje/locale/pulje.pot cli.py schemas pulje
	$(BIN)/pybabel -q update -i pulje/locale/pulje.pot -d pulje/locale -D pulje -w 100 \
	  --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile -d pulje/locale -D pulje --statistics
	$(BIN)/python -m pulje.tools.catalog

# Every benchmark runs (validate first, on a quiet machine), even after one misses its target;
# make fails if any missed.
BENCHES := bench/bench_validate.py $(filter-out bench/bench_validate.py,$(sort $(wildcard bench/bench_*.py)))
bench: setup
	@status=0; for b in $(BENCHES); do \
	  echo "== $$b"; $(BIN)/python $$b || status=1; \
	done; exit $$status

# Removes what can be made again. The archive lives in the user's data folder (see
# pulje/archive/location.py), never under outputs/; a folder under outputs/ that holds an archive
# anyway (one from an older pulje, or a PULJE_ARKIV pointed there) is kept.
clean:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m pulje.tools.clean outputs; \
	else echo "outputs/ beholdes: pulje er ikke installeret, så ingen fil kan kendes som pulje's egen."; fi
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
