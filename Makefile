# The two set-up commands of the README: `make serve` and `make test`.
# Both create .venv and install the project on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the accessibility tests, at the version package-lock.json pins.
AXE := node_modules/axe-core/axe.min.js

.PHONY: serve test build build-properdocs check install bench bench-links clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Without npm the accessibility tests skip (they fail under CI=true; .ci/run installs npm).
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $(AXE); \
	else echo "npm not found: the accessibility tests will be skipped (apt-get install npm)"; fi

# Starts from the build cache (.cache/kbsite/) of the last serve on this address; after an edit,
# only the pages it changes are built again (other pages' navigation included).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

# The same strict build on ProperDocs (the maintained MkDocs 1.x fork), MkDocs uninstalled.
PD_VENV := .venv-properdocs
build-properdocs:
	test -x $(PD_VENV)/bin/python || $(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/python -m pip install --quiet -e . properdocs
	$(PD_VENV)/bin/python -m pip uninstall --quiet -y mkdocs
	! $(PD_VENV)/bin/python -m pip show --quiet mkdocs 2>/dev/null  # the build below must not find it
	$(PD_VENV)/bin/properdocs build --strict --site-dir site-properdocs

check: $(STAMP)
	$(BIN)/kb check

bench: $(STAMP)
	$(BIN)/python bench/qpt_grid.py
	$(BIN)/python bench/corpus_build.py

# The external link check against lychee on a simulated internet (about 25 minutes a run).
bench-links: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/external_links.py

clean:
	rm -rf site site-properdocs .pytest_cache node_modules
