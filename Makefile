# The two set-up commands of the README: `make run` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install tools lint schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Prometheus and promtool (Debian's package) for the alerting-rule and dashboard tests.
tools:
	@command -v promtool >/dev/null 2>&1 || { \
		echo "installing Debian's prometheus package (promtool, prometheus) for the tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; \
	}

## run: install, then run the main job once on the embedded broker with the sample feed
run: $(STAMP)
	$(BIN)/launchwatch up --once

## test: install, then lint and check formatting, check the generated schemas and run the whole test suite
test: $(STAMP) tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/launchwatch schemas export --check
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

schemas: $(STAMP)
	$(BIN)/launchwatch schemas export

clean:
	rm -rf $(VENV) *.egg-info launchwatch.db
