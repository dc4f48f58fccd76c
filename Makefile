# The two commands: `make run` (the product, embedded default) and `make test` (every test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test install install-dev translations lint clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install -q -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: install
	$(BIN)/amif translations compile

run: translations
	$(BIN)/amif db upgrade
	$(BIN)/amif reference sync
	$(BIN)/amif tenants sync
	$(BIN)/amif demo
	@echo "AMIF Hub: http://127.0.0.1:$(PORT)/   (Sweden: /se/   Finland: /fi/   API: /api/v1/openapi.json)"
	PORT=$(PORT) $(BIN)/amif serve

test: install-dev translations
	bash scripts/ensure-test-services
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .import_linter_cache
