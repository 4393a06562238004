# Every command a person runs. CI (.ci/run) calls `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
ICRM := .venv/bin/icrm

.PHONY: demo test setup setup-browser audit lint typecheck unit unit-quick bot-validate bot-test train seed clean

demo: setup            ## set everything up and start the demo (embedded SQLite, in-process locks)
	$(ICRM) up

test: setup setup-browser   ## set everything up and run every check and test
	$(MAKE) audit
	$(MAKE) lint typecheck bot-validate bot-test unit

setup:                 ## both runtimes (.venv: ours, Python >= 3.11; .venv-rasa: Rasa 3.6, Python 3.10)
	@bash scripts/setup.sh

setup-browser:         ## Debian's chromium + chromedriver for the browser test (skips without root/apt)
	@bash scripts/setup_browser.sh

audit:                 ## known vulnerabilities of both runtimes: a report, never a failure (ICRM_AUDIT_ONLINE=1: ask pip-audit's service too)
	-@$(PY) scripts/dependency_audit.py

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck:
	.venv/bin/mypy

unit:
	$(PY) -m pytest

unit-quick:            ## the tests without the end-to-end ones (no Rasa stack to start): a quick local run; `make test` runs them all
	$(PY) -m pytest -m "not e2e"

bot-validate:
	$(ICRM) bot validate

bot-test:
	$(ICRM) bot test

train:
	$(ICRM) bot train

seed:
	$(ICRM) seed --reset

clean:                 ## remove the embedded database, models and logs (not the runtimes)
	rm -rf var
