# policywatch: make demo (run the main job against the replica), make test (the whole suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser attachments reader demo test lint bench bench-quick clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The replica answers NMPA, NHC and Hubei with their JS challenge, as the real sites do:
# the demo's crawl passes it in headless Chromium; its attachments are read with antiword.
demo: $(STAMP) browser attachments
	$(BIN)/policywatch demo

# Debian's headless Chromium with its chromedriver passes the JS challenges of NMPA, NHC and
# Hubei, and drives the browser test; a CJK font renders the Chinese text (we run as root).
browser:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null \
		&& fc-list :lang=zh | grep -q . || \
		(apt-get update && apt-get install -y chromium chromium-driver fonts-noto-cjk)

# Word 97 / WPS attachments are read by Debian's antiword; the replica makes its .doc, .wps
# and .xls files with LibreOffice (without it, it serves DOCX/XLSX bytes under those names).
attachments:
	command -v antiword >/dev/null && command -v soffice >/dev/null || \
		(apt-get update && apt-get install -y --no-install-recommends antiword \
			libreoffice-writer-nogui libreoffice-calc-nogui)

# Newsboat, a real feed reader, reloads the built feeds in the feed tests.
reader:
	command -v newsboat >/dev/null || (apt-get update && apt-get install -y newsboat)

# The import contracts of pyproject.toml (policywatch -> spiders -> crawler -> storage, feeds ->
# storage) are checked before the tests, which run on both cores, a test file per worker.
test: $(STAMP) browser attachments reader
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .

# Every cost benchmark, each row a ratio to its baseline measured in the same run.
bench: $(STAMP)
	$(BIN)/python -m bench.run

bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --quick

clean:
	rm -rf var/ .pytest_cache
