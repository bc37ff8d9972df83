# Two commands set everything up: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RAW    ?= data/raw
OUT    ?= outputs
# The quarterly reports `make report` publishes before the annual ones (empty TRIWULAN: none).
TRIWULAN_TAHUN ?= 2026
TRIWULAN       ?= 1 2 3

.PHONY: report test lab clean bench validate sample templates install lock

# Installs come from the lock files only (exact versions, every file's SHA-256 checked), then the
# project itself without dependencies; `make lock` rewrites them from pyproject.toml. The venv is
# reinstalled only when pyproject.toml or a lock changes (stamp files), so a second `make report`
# installs nothing. setuptools' advice about editable installs of a package folder beside the
# project files is not for our users: it is kept out of the output.
LOCK_RUNTIME := requirements/runtime.lock
LOCK_DEV     := requirements/dev.lock
# The Python versions the lock covers (uv's universal resolution); the README says the same.
LOCK_PYTHON  := 3.11
UV_COMPILE   := $(BIN)/uv pip compile pyproject.toml --universal --python-version $(LOCK_PYTHON) \
                --fork-strategy fewest --generate-hashes --quiet
PIP := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(LOCK_RUNTIME) | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK_RUNTIME)
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(LOCK_DEV) | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK_DEV)
	$(PIP) install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

lock: | $(BIN)/python
	$(PIP) install --quiet "uv>=0.9,<1"
	$(UV_COMPILE) -o $(LOCK_RUNTIME)
	$(UV_COMPILE) --extra dev -c $(LOCK_RUNTIME) -o $(LOCK_DEV)

report: $(VENV)/.installed
ifneq ($(strip $(TRIWULAN)),)
	$(BIN)/iku run --raw-dir $(RAW) --out $(OUT) --year $(TRIWULAN_TAHUN) --triwulan $(TRIWULAN)
endif
	$(BIN)/iku run --raw-dir $(RAW) --out $(OUT)

validate: $(VENV)/.installed
	$(BIN)/iku validate --raw-dir $(RAW) --annotate

test: $(VENV)/.installed-dev
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

lab: $(VENV)/.installed
	$(BIN)/jupyter lab notebooks/

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run_benchmarks.py

sample: $(VENV)/.installed
	$(BIN)/python scripts/generate_sample_data.py --out data/raw

templates: $(VENV)/.installed
	$(BIN)/iku template --out templat

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find $(OUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find data/processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
