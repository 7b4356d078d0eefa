#!/usr/bin/env bash
# `make run-scaled` puts Debian's HAProxy (2.6) in front of the Rasa processes. Install it
# with apt when it is missing.
set -euo pipefail
if command -v haproxy >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's haproxy for the scaled setup ..."
  apt-get update -qq
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null \
     && command -v haproxy >/dev/null 2>&1; then
    exit 0
  fi
  echo "ERROR: apt-get install haproxy failed (see above)." >&2
  exit 1
fi
echo "ERROR: haproxy is missing. Install it: sudo apt-get install haproxy" >&2
exit 1
