#!/usr/bin/env bash
# Installs what the service needs from this repository's own files: Debian's redis-server
# (and for dev, chromium and chromium-driver for the browser test, and wrk for bench/ingest.py),
# a virtualenv in .venv, and the pinned Python packages. Safe to run again (skips what is done).
# Usage: scripts/setup.sh [runtime|dev]   (dev adds test and lint tools)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-runtime}

missing=""
command -v redis-server >/dev/null 2>&1 || missing="redis-server"
# dev: the playground's browser test runs Debian's Chromium through its matching chromedriver.
if [ "$profile" = dev ]; then
  [ -x /usr/bin/chromium ] || missing="$missing chromium"
  [ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
  # bench/ingest.py drives the API and its yardstick with wrk.
  command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
fi
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086  # one word per package
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
requirements=requirements.txt
[ "$profile" = dev ] && requirements=requirements-dev.txt
# Reinstall only when the pins change.
stamp=".venv/.installed-$profile"
digest=$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -r "$requirements"
  echo "$digest" > "$stamp"
fi
