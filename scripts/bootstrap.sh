#!/usr/bin/env bash
# Create or refresh .venv (Python 3.10), install pinned dependencies and build the offline
# German spaCy pipeline. Idempotent: a second run only compares stamps and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.lotse-deps"
SPACY_DIR=var/spacy/de_lotse

find_python310() {
  local candidates=()
  [ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
  candidates+=(python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
  if command -v pyenv >/dev/null 2>&1; then
    local root; root=$(pyenv root)
    for d in "$root"/versions/3.10*; do [ -x "$d/bin/python3.10" ] && candidates+=("$d/bin/python3.10"); done
  fi
  for d in "$HOME"/.pyenv/versions/3.10*; do [ -x "$d/bin/python3.10" ] && candidates+=("$d/bin/python3.10"); done
  for c in "${candidates[@]}"; do
    # A pyenv shim may exist and still fail (global version 3.11): actually run it.
    if "$c" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      echo "$c"; return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! PY=$(find_python310); then
    cat >&2 <<'MSG'
ERROR: Lotse needs Python 3.10 (Rasa 3.6 supports Python 3.8-3.10, not 3.11+).
No working python3.10 was found on PATH, in /usr/bin, /usr/local/bin or under pyenv.
Install one, e.g.:  pyenv install 3.10.13   or   apt-get install python3.10 python3.10-venv
or point to it:      PYTHON310=/path/to/python3.10 make run
MSG
    exit 1
  fi
  echo "Creating $VENV with $PY"
  "$PY" -m venv "$VENV"
fi

want=$(cat requirements.txt requirements-dev.txt constraints.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "Installing pinned dependencies into $VENV (first run takes ~2-3 minutes) ..."
  "$VENV/bin/python" -m pip install -q --upgrade "pip==24.0"
  "$VENV/bin/python" -m pip install -q -r requirements-dev.txt -c constraints.txt
  "$VENV/bin/python" -m pip install -q --no-deps -e .
  echo "$want" > "$STAMP"
fi

if [ ! -f "$SPACY_DIR/meta.json" ]; then
  echo "Building the offline German spaCy pipeline in $SPACY_DIR ..."
  "$VENV/bin/python" scripts/build_spacy_model.py "$SPACY_DIR"
fi
