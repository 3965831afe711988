# pulje — two commands do everything on a fresh machine:
#   make demo   set up, then validate and build the bundled example
#   make test   set up, then run the whole test suite
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := applications/albertslund-bedre-ressourceforloeb.yaml
STAMP := $(VENV)/.installed

.PHONY: demo test setup system lint typecheck docs catalogs bench clean

demo: setup
	$(BIN)/pulje pools
	$(BIN)/pulje validate $(EXAMPLE)
	$(BIN)/pulje build $(EXAMPLE)

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

setup: system $(STAMP)

# LibreOffice (PDF and exact page counts) and the metric-compatible fonts for Calibri/Arial.
system:
	@if ! command -v soffice >/dev/null || ! fc-list 2>/dev/null | grep -qi carlito \
	   || ! command -v pdftoppm >/dev/null; then \
	  echo "Installerer LibreOffice og skrifttyper (apt-get)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libreoffice-writer-nogui libreoffice-calc-nogui fonts-crosextra-carlito \
	    fonts-liberation2 poppler-utils >/dev/null; \
	fi

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

lint: setup
	$(BIN)/ruff check .

typecheck: setup
	$(BIN)/mypy

docs: setup
	$(BIN)/python -m checks.docs

catalogs: setup
	$(BIN)/python -m diagnostics.catalog

bench: setup
	$(BIN)/python bench/bench_validate.py
	@for b in bench/bench_*.py; do [ "$$b" = bench/bench_validate.py ] || $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) outputs/*/ .pytest_cache .mypy_cache .ruff_cache
