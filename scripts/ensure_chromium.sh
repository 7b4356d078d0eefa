#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (/usr/bin/chromium): a test tool's own browser
# download does not work offline. Install it with apt when it is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "ERROR: /usr/bin/chromium is missing. Install it: sudo apt-get install chromium" >&2
exit 1
