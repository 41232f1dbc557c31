"""gunicorn settings: read with every other setting by service.config (WebSettings, whose
comments say why each default is what it is)."""

import os
import tempfile

from service.config import Settings

web = Settings.from_env().web
bind = web.bind
workers = web.web_workers
# gevent (service.api.server.Worker): a connection is a greenlet, not a thread, so `?wait`
# requests and slow clients do not exhaust a thread pool; gunicorn errors are problem+json.
worker_class = "service.api.server.Worker"
worker_connections = web.web_connections
timeout = web.web_timeout_s
graceful_timeout = web.web_graceful_timeout_s
# Idle keep-alive, and the most a client has to send a request's line and headers (gunicorn's
# gevent worker reads them under this timeout): slowloris connections are closed after it.
keepalive = web.web_keepalive_s
# Request line and headers are bounded too; the body limit is ENRICH_MAX_REQUEST_BYTES.
limit_request_line = 4094
limit_request_fields = 50
# gunicorn's control socket would need a writable home directory; containers run read-only.
control_socket_disable = True
# Not preloaded: each worker builds the app after gevent has patched the standard library, so
# every lock and socket the app creates is gevent's (the web process loads no model to share).
preload_app = False

# gunicorn's processes share HTTP metrics through prometheus_client's multiprocess directory;
# it must be set before prometheus_client is imported, i.e. before the app is loaded.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="enrich-metrics-"))


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# One JSON object per line, like the app's own logs, built with json.dumps (service.api.server).
logger_class = "service.api.server.JsonLogger"
accesslog = web.access_log
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
