#!/usr/bin/env bash
# The run command (README): installs what is needed, then starts Redis, the RQ workers and the
# API under gunicorn. Ctrl-C stops everything it started.
#   ENRICH_PORT (8000)  ENRICH_WORKERS (1)  ENRICH_REDIS_URL (unset: start a local redis-server)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh runtime
mkdir -p run
port=${ENRICH_PORT:-8000}
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM

if [ -z "${ENRICH_REDIS_URL:-}" ]; then
  redis_port=${ENRICH_REDIS_PORT:-6379}
  # Append-only file on: accepted jobs survive a Redis restart.
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$PWD/run" --appendonly yes >run/redis.log 2>&1 &
  pids+=($!)
  export ENRICH_REDIS_URL="redis://127.0.0.1:$redis_port/0"
  for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

for i in $(seq "${ENRICH_WORKERS:-1}"); do
  .venv/bin/python -m service.worker.main >>"run/worker-$i.log" 2>&1 &
  pids+=($!)
done

echo "Article enrichment API on http://127.0.0.1:$port  (workers log to run/worker-*.log)"
echo "Try: curl -s -X POST -H 'Content-Type: application/json' -d '{\"text\": \"...\"}' http://127.0.0.1:$port/v1/articles"
.venv/bin/gunicorn -c gunicorn.conf.py --bind "0.0.0.0:$port" service.wsgi:app &
pids+=($!)
wait -n
