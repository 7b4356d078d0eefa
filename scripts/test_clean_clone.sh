#!/usr/bin/env bash
# `make test-clean-clone`: clone HEAD into an empty temporary folder and run
# `make check-content test-unit` there. Nothing sits beside the clone, so a check or test that
# reads outside the repository (e.g. the research folder ../shared/data) fails here even when
# it would pass in this checkout. Cheap: the clone borrows this checkout's .venv and offline
# spaCy pipeline through symlinks (the install step is skipped), and PYTHONPATH makes the
# clone's own code win over the editable install of this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
if [ ! -x "$root/.venv/bin/python" ]; then
  echo "ERROR: no .venv here yet: run make install first." >&2
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lotse-clean-clone.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
clone="$tmp/alone/lotse"
mkdir -p "$tmp/alone"
git clone -q "$root" "$clone"
ln -s "$root/.venv" "$clone/.venv"
if [ -d "$root/var/spacy/de_lotse" ]; then
  mkdir -p "$clone/var/spacy"
  ln -s "$root/var/spacy/de_lotse" "$clone/var/spacy/de_lotse"
fi
echo "Clean clone of $(git rev-parse --short HEAD) in $clone (nothing beside it):"
cd "$clone"
PYTHONPATH="$clone${PYTHONPATH:+:$PYTHONPATH}" make -o install check-content test-unit
echo "Clean clone: check-content and the unit tests passed."
