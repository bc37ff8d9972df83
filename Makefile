# Two commands set everything up: `make report` and `make test`.
# On Windows (Git Bash with GNU make) the venv keeps its programs in Scripts\ and Python is `py`;
# README.md gives the PowerShell route without make.
VENV   := .venv
ifeq ($(OS),Windows_NT)
PYTHON ?= py -3
BIN    := $(VENV)/Scripts
EXE    := .exe
else
PYTHON ?= python3
BIN    := $(VENV)/bin
EXE    :=
endif
RAW    ?= data/raw
OUT    ?= outputs
# The quarterly reports `make report` publishes before the annual ones (empty TRIWULAN: none).
TRIWULAN_TAHUN ?= 2026
TRIWULAN       ?= 1 2 3
# `make report GANTI=1` replaces periods published with other parameters (`iku run --ganti`).
GANTI          ?=
RUN_FLAGS      := $(if $(strip $(GANTI)),--ganti,)

.PHONY: report test test-fast lab clean clean-outputs bench validate sample templates install lock print-tools

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
$(BIN)/python$(EXE):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(LOCK_RUNTIME) | $(BIN)/python$(EXE)
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK_RUNTIME)
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(LOCK_DEV) | $(BIN)/python$(EXE)
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK_DEV)
	$(PIP) install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

lock: | $(BIN)/python$(EXE)
	$(PIP) install --quiet "uv>=0.9,<1"
	$(UV_COMPILE) -o $(LOCK_RUNTIME)
	$(UV_COMPILE) --extra dev -c $(LOCK_RUNTIME) -o $(LOCK_DEV)

# Chromium, LibreOffice Calc, Liberation fonts and poppler-utils, which print the report and the
# workbook to PDF (installed with apt-get when missing; elsewhere only a warning, the run goes on).
print-tools:
	@bash scripts/print_tools.sh

report: $(VENV)/.installed print-tools
ifneq ($(strip $(TRIWULAN)),)
	$(BIN)/iku run --raw-dir $(RAW) --out $(OUT) --year $(TRIWULAN_TAHUN) --triwulan $(TRIWULAN) $(RUN_FLAGS)
endif
	$(BIN)/iku run --raw-dir $(RAW) --out $(OUT) $(RUN_FLAGS)

validate: $(VENV)/.installed
	$(BIN)/iku validate --raw-dir $(RAW) --annotate

# The tests run in parallel (pytest-xdist), one worker per core (`make test PYTEST_WORKERS=0`: all in
# one process). --dist loadgroup sends the test modules marked `xdist_group` whole to one worker: those
# sharing an expensive fixture (the sample run, a module's published run, the generated sample) build
# it once instead of once per worker; every other test goes to whichever worker is free, the
# end-to-end ones first (tests/conftest.py). `make test-fast` leaves out the end-to-end tests
# (marker `e2e`: a whole `iku run`, notebooks through papermill) for the inner loop; `make test`
# (what CI runs) checks the import layers and ruff, then runs everything and prints the 15 slowest
# tests, so a test that becomes slow is seen.
PYTEST_WORKERS ?= auto
PYTEST_XDIST   := -n $(PYTEST_WORKERS) --dist loadgroup
test: $(VENV)/.installed-dev
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check --no-cache .
	$(BIN)/python -m pytest $(PYTEST_XDIST) --durations=15

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_XDIST) -m "not e2e"

lab: $(VENV)/.installed
	$(BIN)/jupyter lab notebooks/

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run_benchmarks.py

sample: $(VENV)/.installed
	$(BIN)/python scripts/generate_sample_data.py --out data/raw

templates: $(VENV)/.installed
	$(BIN)/iku template --out templat

# `make clean` removes only what `make install` and the runs can make again: the venv, caches and
# the processed data (rebuilt from data/raw). Published reports and manifests are not in git and
# cannot be made again once the raw data of their year have changed: only `make clean-outputs`
# removes them, and it names every folder it deletes.
clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis .ruff_cache .import_linter_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find data/processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	@echo "outputs/ tidak dihapus (laporan yang sudah terbit); untuk menghapusnya: make clean-outputs"

clean-outputs:
	@echo "Menghapus semua isi $(OUT)/ (laporan, manifest, dan folder percobaan yang sudah terbit):"
	@find $(OUT) -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec echo "  hapus {}" \; -exec rm -rf {} +
