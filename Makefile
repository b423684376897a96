# The two commands of the README: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run test test-sqlite test-postgres lint deps system-deps system-deps-test services serve demo translations bench clean

run: deps system-deps demo serve

test: deps system-deps system-deps-test services lint test-sqlite test-postgres

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

deps: $(VENV)/.installed

system-deps:
	@sh scripts/system-deps.sh run

system-deps-test:
	@sh scripts/system-deps.sh test

services:
	@sh scripts/services.sh

demo: deps
	$(VENV)/bin/flask --app wsgi demo

serve: deps
	$(PY) wsgi.py

lint: deps
	$(VENV)/bin/ruff check .

test-sqlite: deps
	$(PY) -m pytest -q

test-postgres: deps services
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q

translations: deps
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k N_ -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d translations

bench: deps
	$(PY) bench/scoring.py
	$(PY) bench/live.py
	$(PY) bench/documents.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
