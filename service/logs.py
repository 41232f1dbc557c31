"""Structured JSON logs, one object per line, carrying the request id that follows a job from
the API into the worker."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has; anything else passed via `extra=` is emitted as a field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            {k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")}
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)  # logs only, never to clients
        return json.dumps(entry, default=str)


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to records logged while handling it."""

    def filter(self, record: logging.LogRecord) -> bool:
        from flask import g, has_request_context

        if has_request_context() and "request_id" not in record.__dict__:
            record.request_id = g.get("request_id")
        return True


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
