"""gunicorn settings, read from the environment (defaults suit one small container)."""

import os

bind = os.environ.get("ENRICH_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("ENRICH_WEB_WORKERS", "2"))
# Threads let `?wait=N` requests sleep without blocking other clients.
worker_class = "gthread"
threads = int(os.environ.get("ENRICH_WEB_THREADS", "8"))
# Above the longest `?wait` (30 s) so a waiting request is never killed as hung.
timeout = int(os.environ.get("ENRICH_WEB_TIMEOUT_S", "60"))
graceful_timeout = int(os.environ.get("ENRICH_WEB_GRACEFUL_TIMEOUT_S", "25"))
keepalive = 5
# Load the app (and the boilerplate backend) once, before forking workers.
preload_app = True
accesslog = os.environ.get("ENRICH_ACCESS_LOG", "-")
errorlog = "-"
