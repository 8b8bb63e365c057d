# policywatch: make demo (run the main job against the replica), make test (the whole suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser demo test lint bench bench-quick clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/policywatch demo

# The browser test drives Debian's headless Chromium with its chromedriver, and a CJK font
# renders the Chinese text (we run as root).
browser:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null \
		&& fc-list :lang=zh | grep -q . || \
		(apt-get update && apt-get install -y chromium chromium-driver fonts-noto-cjk)

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .

# Every cost benchmark, each row a ratio to its baseline measured in the same run.
bench: $(STAMP)
	$(BIN)/python -m bench.run

bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --quick

clean:
	rm -rf var/ .pytest_cache
