# The two commands a newcomer needs: `make run` and `make test`.
# Each does its own set-up (system packages, .venv, dependencies) and is quick
# when that is already done.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# The newest Python 3.11–3.13 on PATH; override with `make PYTHON=python3.12 ...`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)

.PHONY: run test bench bundle setup system-deps clean

## make run: open the window
run: setup
	$(PY) -m kindaudio

## make test: the whole test suite
test: setup
	$(PY) -m pytest

## make bench: speed and memory figures (not part of make test)
bench: setup
	@PYTHON="$(PYTHON)" sh packaging/system-deps.sh bench
	$(PY) tests/benchmarks/run.py

## make bundle: a folder app that runs without Python installed (dist/kindaudio/; packaging/kindaudio.spec)
bundle: setup
	$(PY) packaging/build_bundle.py

setup: system-deps $(STAMP)

system-deps:
	@PYTHON="$(PYTHON)" sh packaging/system-deps.sh

# PYTHON is looked up again here, after system-deps may have installed python3.
$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "KindAudio needs Python 3.11, 3.12 or 3.13; python3 on PATH is older or missing." >&2; \
		echo "Install one (e.g. sudo apt-get install python3.11 python3.11-venv) and run make again," >&2; \
		echo "or name it: make PYTHON=/path/to/python3.11 test" >&2; \
		exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[voice,test,bundle]'
	@touch $@

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
