#!/usr/bin/env bash
# Install the Debian packages of the tools the tests and `make run-scaled` drive, when they
# are missing (the tests fail instead of skipping without them when CI=true):
#   haproxy         load balancer of `make run-scaled`; its configs are checked by `haproxy -c`
#   nginx           serves web/nginx.conf of docker-compose in the widget's nginx test
#   docker-compose  validates docker-compose.yml without a Docker engine
# Usage: bash scripts/ensure_tools.sh [TOOL ...]   (default: all three)
set -euo pipefail
tools=("$@")
[ ${#tools[@]} -eq 0 ] && tools=(haproxy nginx docker-compose)
missing=()
for tool in "${tools[@]}"; do
  case "$tool" in
    haproxy|nginx|docker-compose) ;;
    *) echo "ERROR: unknown tool $tool (haproxy, nginx, docker-compose)" >&2; exit 2 ;;
  esac
  # nginx and haproxy live in /usr/sbin, which is not on every user's PATH.
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} ..."
  apt-get update -qq
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "ERROR: apt-get install ${missing[*]} failed (see above)." >&2
  exit 1
fi
echo "ERROR: ${missing[*]} missing. Install: sudo apt-get install ${missing[*]}" >&2
exit 1
