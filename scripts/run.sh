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

# Keys are required; without any configured, make one for this run and show it.
if [ -z "${ENRICH_API_KEYS:-}" ] && [ "${ENRICH_AUTH:-required}" = required ]; then
  dev_key=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))')
  export ENRICH_API_KEYS="local:$dev_key"
fi

for i in $(seq "${ENRICH_WORKERS:-1}"); do
  .venv/bin/python -m service.worker.main >>"run/worker-$i.log" 2>&1 &
  pids+=($!)
done

echo "Article enrichment API on http://127.0.0.1:$port  (workers log to run/worker-*.log)"
[ -n "${dev_key:-}" ] && echo "API key for this run: $dev_key   (send 'Authorization: Bearer $dev_key')"
echo "Try: curl -s -X POST -H \"Authorization: Bearer ${dev_key:-<your key>}\" -H 'Content-Type: application/json' -d '{\"text\": \"...\"}' http://127.0.0.1:$port/v1/articles"
.venv/bin/gunicorn -c gunicorn.conf.py --bind "0.0.0.0:$port" service.wsgi:app &
pids+=($!)
wait -n
