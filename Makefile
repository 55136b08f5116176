# Two commands on a fresh machine: `make site` builds site/, `make test` runs every test.
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
	@command -v chromium >/dev/null || command -v /usr/bin/chromium >/dev/null || { echo "browser tests need Debian's chromium: apt-get install -y chromium" >&2; exit 1; }
	$(BIN)/pytest -q -p no:cacheprovider

validate: $(BIN)/plansite
	$(BIN)/plansite validate

serve: $(BIN)/plansite
	$(BIN)/plansite serve

clean:
	rm -rf site build
