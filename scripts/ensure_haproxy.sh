#!/usr/bin/env bash
# `make run-scaled` puts Debian's HAProxy (2.6) in front of the Rasa processes. Install it
# with apt when it is missing.
exec bash "$(dirname "$0")/ensure_tools.sh" haproxy
