"""gunicorn settings, read from the environment (defaults suit one small container)."""

import os
import tempfile

bind = os.environ.get("ENRICH_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("ENRICH_WEB_WORKERS", "2"))
# Threads let `?wait=N` requests sleep without blocking other clients.
worker_class = "gthread"
threads = int(os.environ.get("ENRICH_WEB_THREADS", "8"))
# Above the longest `?wait` (30 s) so a waiting request is never killed as hung.
timeout = int(os.environ.get("ENRICH_WEB_TIMEOUT_S", "60"))
# On SIGTERM, in-flight requests get this long to finish (k8s grace period must exceed it).
graceful_timeout = int(os.environ.get("ENRICH_WEB_GRACEFUL_TIMEOUT_S", "35"))  # > the longest ?wait (30 s)
keepalive = 5
# Request line and headers are bounded too; the body limit is ENRICH_MAX_REQUEST_BYTES.
limit_request_line = 4094
limit_request_fields = 50
# gunicorn's control socket would need a writable home directory; containers run read-only.
control_socket_disable = True
# Load the app (and the boilerplate backend) once, before forking workers.
preload_app = True

# gunicorn's processes share HTTP metrics through prometheus_client's multiprocess directory;
# it must be set before prometheus_client is imported, i.e. before the app is preloaded.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="enrich-metrics-"))


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# One JSON object per line, like the app's own logs.
accesslog = os.environ.get("ENRICH_ACCESS_LOG", "-")
access_log_format = (
    '{"remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_us": %(D)s, "request_id": "%({x-request-id}o)s", "user_agent": "%(a)s"}'
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "service.logs.JsonFormatter"},
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
