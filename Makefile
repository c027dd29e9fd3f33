# Daily commands. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
PORT ?= 5000

.PHONY: run test test-e2e bench bench-load lint translations extract-messages install install-dev clean

# The project's packages are installed by uv (itself installed from PyPI into the venv): a clean
# clone's `make install-dev` (caches warm) took 21-45 s instead of 28-93 s with pip, 7-10 s of
# CPU instead of 25-27 s (2026-12-02, CI's first step). Where uv cannot be installed, pip does it.
$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv || $(PY) -m pip install --quiet --upgrade pip

pip_install = if [ -x $(VENV)/bin/uv ]; then $(VENV)/bin/uv pip install --quiet --python $(PY) $(1); \
	else $(PY) -m pip install --quiet $(1); fi

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(call pip_install,-e .)
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(call pip_install,-e '.[dev]')
	touch $@

install: $(VENV)/.installed translations
install-dev: $(VENV)/.dev-installed translations

# Compiled catalogs (.mo) are build output, made from the .po files in app/translations.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile --use-fuzzy -d app/translations

extract-messages: $(VENV)/.installed
	$(VENV)/bin/pybabel -q extract -F babel.cfg --project=Konzeptwerkstatt -k _l -k lazy_gettext -k N_ -o app/translations/messages.pot .
	$(VENV)/bin/pybabel -q update -N -i app/translations/messages.pot -d app/translations

run: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The suite runs on all cores (pytest-xdist), each worker on its own database;
# `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= auto

test: install-dev
	$(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-e2e: install-dev
	$(VENV)/bin/pytest -n $(TEST_WORKERS) tests/e2e $(PYTEST_ARGS)

# Page timings with the demo plus generated data (see docs/benchmarks.md).
bench: install-dev
	$(PY) -m tests.bench.bench_pages --contributions $(or $(N),2000)
	$(PY) -m tests.bench.bench_import
	$(PY) -m tests.bench.bench_capture
	$(PY) -m tests.bench.similarity_eval
	$(PY) -m tests.bench.bench_workbench
	$(PY) -m tests.bench.bench_versions
	$(PY) -m tests.bench.bench_progress_report
	$(PY) -m tests.bench.bench_implementation

# Requests per second under gunicorn, 1x and 10x data, with wrk against /healthz (issue 15,
# docs/benchmarks.md). BENCH_DATABASE_URL=postgresql://... selects PostgreSQL (a database of
# its own: it is emptied); BENCH_LOAD_ARGS="--scales 1 --seconds 2" for a shorter run.
bench-load: install-dev
	$(PY) -m tests.bench.bench_load $(BENCH_LOAD_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
