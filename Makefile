# Autoencoders, hands-on: the commands the README names.
#   make lab     set up .venv (first time, or when the pins change), start JupyterLab
#   make test    set up .venv, then the helpers' unit tests and every notebook (nbval)
#   make unit    the fast unit tests only (no notebook, nbgrader, repo2docker, browser or slow test)
#   make bench   run every notebook headless; time, peak memory, key figures
#                (make bench NB="01 03" runs a subset; TWICE=1 also checks run-to-run agreement;
#                STUDY=1 instead times one small training under each speed setting;
#                SUITE=1 then times make unit and make test back to back: machine.make_unit_s, make_test_s)
#   make seeds   run every notebook under N other seeds (N=5), claims strict: bench/seeds.json
#                (make seeds PARAMS=1: one parameter changed at a time instead, bench/params.json;
#                NB="03 05" runs a subset)
#   make student build the student versions, one nbgrader assignment per notebook, into release/
#                (make student REPO=dir also writes a complete students' repository into dir/)
#   make fold    fold every solution and hidden-test cell of notebooks/ (JupyterLab opens them collapsed)
#   make site    build the course as a static website into _build/site/ (offline, no re-execution)
#   make clean   remove the virtual environment and caches
#   BACKEND=jax  (with lab or bench) run Keras on JAX instead of TensorFlow

PYTHON ?= python3
BACKEND ?= tensorflow   # Keras backend; jax installs the optional extra first
VENV   := .venv
BIN    := $(VENV)/bin
# A fingerprint of the files that decide what is installed: when it changes,
# the next command reinstalls; when it does not, set-up is skipped.
DEPS_HASH := $(shell $(PYTHON) -c "import hashlib, pathlib; print(hashlib.sha256(b''.join(pathlib.Path(p).read_bytes() for p in ('requirements.txt', 'requirements-dev.txt', 'pyproject.toml'))).hexdigest()[:16])")
STAMP  := $(VENV)/.installed-$(DEPS_HASH)

export PYTHONHASHSEED := 0
# Python's byte-code caches (git ignores __pycache__/): without them every test run and every
# kernel compiles helpers/ and re-writes the tests' asserts again, about 12 s of make unit's start.
unexport PYTHONDONTWRITEBYTECODE
export KERAS_BACKEND := $(strip $(BACKEND))

.PHONY: setup backend lab test unit notebooks bench seeds clean execute student site fold

setup: $(STAMP)

$(STAMP):
	@$(PYTHON) -c "import sys; v = sys.version_info; sys.exit(0 if (3, 10) <= v[:2] < (3, 14) else 'This course needs Python 3.10 to 3.13; $(PYTHON) is %d.%d. Run: make PYTHON=python3.11 ...' % v[:2])"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps -e .
	PATH="$(CURDIR)/$(BIN):$$PATH" binder/hide-instructor-tools
	@rm -f $(VENV)/.installed-*
	@touch $@
	@echo "Environment ready in $(VENV) (fingerprint $(DEPS_HASH))."

backend: setup
ifeq ($(strip $(BACKEND)),jax)
	@$(BIN)/python -c "import jax" 2>/dev/null || $(BIN)/python -m pip install --disable-pip-version-check -e ".[jax]"
endif

lab: setup backend
	cd notebooks && ../$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root)

# Both cores: two pytest-xdist workers, each file (each notebook) whole on one of them, in the
# order notebooks/conftest.py sets (the notebooks first). PYTEST_WORKERS=0 runs in this process.
PYTEST_WORKERS ?= 2
XDIST = $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder)

test: setup
	$(BIN)/python -m pytest $(XDIST) --durations=40

unit: setup
	$(BIN)/python -m pytest tests -m "not integration and not slow" $(XDIST)

notebooks: setup
	$(BIN)/python -m pytest notebooks

bench: setup backend
ifdef STUDY
	$(BIN)/python -m tools.overhead
else ifeq ($(strip $(BACKEND)),tensorflow)
	$(BIN)/python -m tools.bench $(NB) $(if $(TWICE),--twice) $(if $(SUITE),--suite)
else
	$(BIN)/python -m tools.bench $(NB) $(if $(TWICE),--twice) --out bench/results-$(strip $(BACKEND)).json --compare bench/results.json
endif

# The seed sweep (or, with PARAMS=1, the parameter sweep): a measurement, not a test.
N ?= 5
seeds: setup backend
	$(BIN)/python -m tools.seeds $(NB) --n $(N) $(if $(PARAMS),--params)

# Student versions (solutions stubbed, hidden tests removed): release/NN_name/NN_name.ipynb.
# REPO=dir also writes the students' repository (helpers, data, binder, pins, README, blank notebooks).
student: setup
	$(BIN)/python -m tools.classroom $(if $(REPO),--repo $(REPO))

# Solutions and hidden tests open collapsed in JupyterLab (metadata.jupyter.source_hidden); idempotent.
fold: setup
	$(BIN)/python -m tools.fold

# The course as a static website, from the committed notebooks: _build/site/index.html.
site: setup
	$(BIN)/python -m tools.site

clean:
	rm -rf $(VENV) .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Re-run notebooks in place, as they are committed (make execute NB=01); claims strict, as under the tests.
execute: setup
	@for nb in $(if $(NB),$(foreach p,$(NB),notebooks/$(p)*.ipynb),notebooks/[0-9][0-9]_*.ipynb); do \
		echo "executing $$nb"; \
		COURSE_STRICT=1 $(BIN)/jupyter nbconvert --to notebook --execute --inplace --log-level=ERROR "$$nb" || exit 1; \
	done
