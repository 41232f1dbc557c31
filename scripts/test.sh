#!/usr/bin/env bash
# The test command (README, and .ci/run): install, lint, then the whole suite on real
# Redis, RQ workers and gunicorn, all on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest "$@"
