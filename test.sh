#!/usr/bin/env bash
# Runs every test: lint, the fast suite, then the slow suites against real parts (PostgreSQL server,
# Dask LocalCluster, headless Chromium). Sets up whatever is missing first, so it works on a clean clone.
# usage: ./test.sh [pytest args]      (FAST=1 ./test.sh runs only the fast, offline unit tests)
set -euo pipefail
cd "$(dirname "$0")"
[[ -x .venv/bin/eventwire ]] || ./setup.sh --no-sample
. scripts/services.sh
if [[ ${FAST:-0} != 1 ]]; then
  ensure_debian_packages
  start_postgres
  trap stop_postgres EXIT
fi
.venv/bin/ruff check src tests benchmarks scripts
if [[ ${FAST:-0} == 1 ]]; then
  .venv/bin/python -m pytest -q -m "not slow and not postgres and not browser and not dask" "$@"
else
  .venv/bin/python -m pytest -q "$@"
fi
