"""gunicorn settings: read with every other setting by service.config (WebSettings, whose
comments say why each default is what it is)."""

import os
import tempfile

from service.config import Settings

web = Settings.from_env().web
bind = web.bind
workers = web.web_workers
worker_class = "gthread"
threads = web.web_threads
timeout = web.web_timeout_s
graceful_timeout = web.web_graceful_timeout_s
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
accesslog = web.access_log
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
