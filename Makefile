# The two set-up commands of the README: `make run` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Apache Kafka's jars (deploy/kafka/pom.xml), resolved by Maven once and kept between runs.
KAFKA_VERSION ?= $(shell sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' deploy/kafka/pom.xml)
KAFKA_JARS ?= $(HOME)/.cache/launchwatch/kafka-$(KAFKA_VERSION)

.PHONY: run test rehearse cluster bench bench-kafka bench-postgres install tools kafka lint schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's packages the tests use: PostgreSQL (a throwaway server per test session), Prometheus with
# promtool (alerting rules and dashboard queries) and Chromium (the console's browser test, driven by
# Playwright with executable_path=/usr/bin/chromium: no browser download). Installed once, as root, when missing.
tools:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v promtool >/dev/null 2>&1 || missing="$$missing prometheus"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian's packages for the tests:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# Apache Kafka from Maven Central, for the Apache Kafka test tier and the rehearsal; needs Java 17 and Maven.
kafka: $(KAFKA_JARS)/.resolved

$(KAFKA_JARS)/.resolved: deploy/kafka/pom.xml
	@if command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then \
		echo "resolving Apache Kafka $(KAFKA_VERSION) from Maven Central into $(KAFKA_JARS)"; \
		mvn -q -B -Dstyle.color=never -f deploy/kafka/pom.xml dependency:copy-dependencies -DoutputDirectory=$(KAFKA_JARS) && touch $@; \
	else \
		echo "Java 17 or Maven not found: the Apache Kafka test tier is skipped (Tansu only)"; \
	fi

## run: install, then run the main job once on the embedded broker with the sample feed
run: $(STAMP)
	$(BIN)/launchwatch up --once

## test: install, then lint and check formatting, check the generated schemas and the import contracts, and run
## the whole test suite
## (unit tests, the integration tier on Tansu and on Apache Kafka, and the rehearsal of the deployment)
test: $(STAMP) tools kafka
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/launchwatch schemas export --check
	$(BIN)/lint-imports
	LAUNCHWATCH_KAFKA_CLASSPATH=$(KAFKA_JARS) $(BIN)/python -m pytest

## rehearse: the compose deployment as local processes (Apache Kafka, PostgreSQL, the services, Prometheus)
rehearse: $(STAMP) tools kafka
	LAUNCHWATCH_KAFKA_CLASSPATH=$(KAFKA_JARS) $(BIN)/python -m pytest tests/rehearsal

## cluster: only the cluster tier (tests/cluster): a three-node Apache Kafka cluster, brokers and workers killed mid-stream
cluster: $(STAMP) kafka
	LAUNCHWATCH_KAFKA_CLASSPATH=$(KAFKA_JARS) $(BIN)/python -m pytest -s tests/cluster

## bench: the benchmark on the embedded broker; bench-kafka: the same stages on a throwaway Apache Kafka
bench: $(STAMP)
	$(BIN)/launchwatch bench

bench-kafka: $(STAMP) kafka
	LAUNCHWATCH_KAFKA_CLASSPATH=$(KAFKA_JARS) $(BIN)/python -m tests.servers kafka -- $(BIN)/launchwatch bench

## bench-postgres: a process per service on SQLite, then on a throwaway PostgreSQL (fsync off), in one run
bench-postgres: $(STAMP) tools
	$(BIN)/python -m tests.servers postgresql -- sh -c '$(BIN)/launchwatch bench --stage e2e-split --stage e2e-postgres --postgres "$$POSTGRES_URL"'

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

schemas: $(STAMP)
	$(BIN)/launchwatch schemas export

clean:
	rm -rf $(VENV) *.egg-info launchwatch.db build/test-servers
