# ZVH – every target bootstraps what it needs; only Python 3.11 is assumed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
export DJANGO_SETTINGS_MODULE ?= config.settings.local
# Test processes in parallel (pytest-xdist): one per core by default; TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= auto
# The demo's port: `make run PORT=8080`. Links the demo prints and mails follow it.
PORT ?= 8000

.PHONY: messages run test lint test-fast demo openapi browser-deps system-deps screenshots bench bench-http clean mutation

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

## run: the demo on SQLite at http://127.0.0.1:$(PORT) (PORT=8000) with demo accounts, and the
## background worker beside the server (it sends the e-mails, decision 0187); its e-mails are
## written to var/mail/, one file per e-mail. Ctrl-C stops both.
run: $(STAMP)
	mkdir -p var
	$(MANAGE) migrate --noinput
	ZVH_BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) demo
	ZVH_BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	ZVH_BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

## test: lint, types, migrations, the OpenAPI diff, and the whole suite (DATABASE_URL picks the DB);
## first installs the Debian packages the suite needs when it can (see system-deps).
## `make test LINT=` leaves out the lint (CI lints once: it does not depend on the database)
## `make test COVERAGE=1` also measures branch coverage of src/zvh and fails under the floor in
## pyproject.toml (CI measures on its SQLite run only: coverage costs CPU; decision 0197)
LINT ?= lint
COVERAGE ?=
COVERAGE_ARGS := $(if $(COVERAGE),--cov --cov-report=term:skip-covered)
test: system-deps $(STAMP) $(LINT)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -n $(TEST_WORKERS) $(COVERAGE_ARGS)

## test-fast: the suite without the browser tests (for a machine without Debian's Chromium)
test-fast: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -n $(TEST_WORKERS) -m "not browser"

## system-deps: Debian packages the full suite needs: Chromium for the browser tests (Playwright
## never downloads a browser), Pango for PDF export, GNU gettext for the translation check.
## Installs the missing ones as root or through sudo; otherwise prints the exact command.
system-deps:
	@scripts/system-deps

## browser-deps: the same (its former name)
browser-deps: system-deps

## screenshots: run the browser tests and refresh the screenshots in docs/
screenshots: $(STAMP)
	ZVH_SCREENSHOTS=1 DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -m browser

## lint: ruff, formatting, mypy, missing migrations, OpenAPI spec up to date, and no known
## vulnerability in the locked dependencies (see accepted-vulnerabilities.toml)
lint: $(STAMP)
	$(BIN)/python scripts/audit_dependencies.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src config
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) spectacular --file $(VENV)/openapi.generated.yaml --validate --fail-on-warn
	diff -u openapi.yaml $(VENV)/openapi.generated.yaml || { echo "openapi.yaml is out of date: run 'make openapi'"; exit 1; }

## messages: extract new UI strings into the English catalogue and compile it (needs GNU gettext)
messages: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemessages -l en --no-location --ignore ".venv/*" --ignore "tests/*" --ignore "bench/*" --ignore "var/*"
	$(BIN)/pybabel compile --use-fuzzy -d src/zvh/locale -D django

## openapi: regenerate the committed OpenAPI spec
openapi: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) spectacular --file openapi.yaml --validate --fail-on-warn

## mutation: mutation testing of the access policy, the access log, the sharing rules and the
## triage criteria (docs/quality.md; slow, not part of `make test`). mutmut lives in a virtualenv
## of its own beside the project's, which it reads through a .pth file.
## `make mutation MUTANTS='zvh.triage.criteria*'` runs the mutants of one module.
MUTMUT := $(VENV)/mutation/bin/mutmut
MUTANTS ?=
$(MUTMUT): $(STAMP)
	$(BIN)/python -m venv $(VENV)/mutation
	$(VENV)/mutation/bin/pip install --quiet mutmut==3.8.1
	$(BIN)/python -c "import site; print(site.getsitepackages()[0])" \
		>"$$($(VENV)/mutation/bin/python -c 'import site; print(site.getsitepackages()[0])')/zz_project.pth"
mutation: $(MUTMUT)
	rm -rf mutants
	set -f; DJANGO_SETTINGS_MODULE=config.settings.test $(MUTMUT) run $(MUTANTS)
	$(MUTMUT) results

## bench: benchmarks on generated data (see bench/README.md)
bench: $(STAMP)
	$(BIN)/python -m bench.run

## bench-http: the case pages over HTTP against gunicorn as in production (issue 16), on a
## generated house of CASES cases (DATABASE_URL=postgres://... for PostgreSQL)
CASES ?= 100000
bench-http: $(STAMP)
	$(BIN)/python -m bench.over_http --cases $(CASES)

clean:
	rm -rf $(VENV) var mutants
