# Two commands on a fresh machine: `make site` builds site/, `make test` runs every test.
# `make test` first makes sure the tests' browser and Java are there (scripts/ensure-browser, ensure-java): as root it
# installs Debian's chromium and headless JRE; PLANSITE_BROWSER=playwright|chrome|PATH picks another browser.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/plansite: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

.PHONY: site test validate serve clean
site: $(BIN)/plansite
	$(BIN)/plansite validate
	$(BIN)/plansite build

test: $(BIN)/plansite
	@bash scripts/ensure-browser
	@bash scripts/ensure-java
	$(BIN)/pytest -q -p no:cacheprovider

validate: $(BIN)/plansite
	$(BIN)/plansite validate

serve: $(BIN)/plansite
	$(BIN)/plansite serve

clean:
	rm -rf site build
