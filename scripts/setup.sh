#!/usr/bin/env bash
# Installs what the service needs from this repository's own files: Debian's redis-server,
# a virtualenv in .venv, and the pinned Python packages. Safe to run again (skips what is done).
# Usage: scripts/setup.sh [runtime|dev]   (dev adds test and lint tools)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-runtime}

if ! command -v redis-server >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
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
